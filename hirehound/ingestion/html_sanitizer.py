"""Description HTML that is safe to store and to show: an allow-list sanitizer (nh3, Rust's ammonia), not prefix checks.

Boards' HTML is untrusted. Prefix checks on `href` miss what browsers forgive (`java&#x09;script:`, `vbscript:`,
`data:text/html`, upper case, leading control characters), so only formatting tags and a few attributes survive,
links keep only http(s) and mailto targets (relative links are dropped: they would point into our own site), and
every link opens without a referrer or access to our page. Scripts, styles, frames, forms and embedded objects go
with their content.
"""

from __future__ import annotations

import nh3

# Formatting and structure only; no img/area/map (tracking pixels, and image URLs are fetched on display).
ALLOWED_TAGS = frozenset(
    {
        *("p", "div", "span", "br", "hr", "pre", "blockquote", "code", "section", "article", "header", "footer"),
        *("h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "dl", "dt", "dd"),
        *("b", "strong", "i", "em", "u", "s", "strike", "del", "ins", "mark", "small", "sub", "sup", "q", "cite"),
        *("abbr", "kbd", "samp", "var", "tt", "center", "details", "summary", "figure", "figcaption"),
        *("table", "caption", "thead", "tbody", "tfoot", "tr", "th", "td", "colgroup", "col"),
        "a",
    }
)
ALLOWED_ATTRIBUTES = {
    "a": {"href", "hreflang", "title"},
    "ol": {"start"},
    "th": {"colspan", "rowspan", "scope"},
    "td": {"colspan", "rowspan"},
    "abbr": {"title"},
}
URL_SCHEMES = frozenset({"http", "https", "mailto"})
# Tags removed with everything inside them (their text is never job-ad content).
DROPPED_WITH_CONTENT = frozenset(
    {"script", "style", "noscript", "iframe", "object", "embed", "template", "svg", "math", "canvas", "form"}
    | {"head", "title", "textarea", "select", "button", "frameset", "frame", "applet", "audio", "video"}
)


def sanitize_html(markup: str) -> str:
    """The allow-listed HTML of a description fragment or document (body content only)."""
    return nh3.clean(
        markup,
        tags=set(ALLOWED_TAGS),
        clean_content_tags=set(DROPPED_WITH_CONTENT),
        attributes={tag: set(names) for tag, names in ALLOWED_ATTRIBUTES.items()},
        url_schemes=set(URL_SCHEMES),
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
        url_relative="deny",
    ).strip()

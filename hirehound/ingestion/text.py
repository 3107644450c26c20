"""Job descriptions as clean text (for matching, search and embeddings) beside sanitized HTML (for display).

Boards deliver HTML, markdown or plain text. The HTML kept for display goes through an allow-list sanitizer
(`html_sanitizer`, nh3); the text comes from a real parser (selectolax/Lexbor): scripts, styles and embedded
objects are dropped, entities decoded, and block elements become line breaks. Markdown
loses its markup but keeps its line structure.
"""

from __future__ import annotations

import html
import re

from selectolax.lexbor import LexborHTMLParser

from hirehound.ingestion.html_sanitizer import sanitize_html

_DROP = ["script", "style", "noscript", "iframe", "object", "embed", "template", "head", "svg", "canvas", "form"]
_BLOCKS = "p,div,br,li,tr,h1,h2,h3,h4,h5,h6,ul,ol,table,section,article,header,footer,blockquote,pre,dd,dt"
_HTML_HINT = re.compile(r"<\s*(p|div|br|li|ul|ol|span|strong|b|i|em|h[1-6]|table|a\s|script|style)\b", re.I)
_MD_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_MD_MARKS = re.compile(r"(\*\*|__|~~|`+)")
_MD_LINE = re.compile(r"^[ \t]{0,3}(#{1,6}[ \t]+|>[ \t]?|[-*+][ \t]+(?=\S)|\d+[.)][ \t]+(?=\S))", re.M)
_MD_RULE = re.compile(r"^[ \t]*([-*_][ \t]*){3,}$", re.M)
_MD_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|>~])")


def detect_format(description: str, declared: str | None) -> str:
    """html, markdown or text: HTML tags win over a declared markdown/text (boards mislabel their exports)."""
    fmt = (declared or "").strip().lower()
    if fmt == "html" or _HTML_HINT.search(description[:20_000]):
        return "html"
    return fmt if fmt in ("markdown", "text") else "markdown"


def normalize_whitespace(text: str) -> str:
    """Spaces collapsed within lines, at most one blank line in a row (str.split is far faster than a regex)."""
    lines = text.replace("\u200b", "").replace("\r\n", "\n").replace("\r", "\n").split("\n")
    out: list[str] = []
    for line in lines:
        squeezed = " ".join(line.split())
        if squeezed or (out and out[-1]):
            out.append(squeezed)
    return "\n".join(out).strip()


def html_to_text(markup: str) -> tuple[str, str]:
    """(sanitized HTML, clean text) of an HTML fragment or document.

    The stored HTML comes from the allow-list sanitizer; the text from the parsed tree with non-content tags
    dropped (the text is never rendered as HTML, so it needs no attribute cleaning).
    """
    tree = LexborHTMLParser(markup)
    tree.strip_tags(_DROP)
    for node in tree.css(_BLOCKS):
        node.insert_after("\n")
    body = tree.body
    text = (body.text(separator="") if body is not None else tree.text(separator="")) or ""
    return sanitize_html(markup), normalize_whitespace(text)


def markdown_to_text(markdown: str) -> str:
    text = html.unescape(markdown).replace("\r\n", "\n")
    text = _MD_RULE.sub("", text)  # horizontal rules before list markers: "* * *" is not a list item
    text = _MD_LINE.sub("", text)
    text = _MD_LINK.sub(r"\1", text)
    text = _MD_MARKS.sub("", text)
    text = _MD_ESCAPE.sub(r"\1", text)
    return normalize_whitespace(text)


def description_to_text(description: str | None, declared_format: str | None) -> tuple[str | None, str, str]:
    """(sanitized HTML or None, clean text, detected format) of a description in any of the three formats."""
    if not description:
        return None, "", declared_format or "text"
    fmt = detect_format(description, declared_format)
    if fmt == "html":
        sanitized, text = html_to_text(description)
        return sanitized, text, fmt
    if fmt == "markdown":
        return None, markdown_to_text(description), fmt
    return None, normalize_whitespace(html.unescape(description)), fmt

"""Stored description HTML: hostile links and handlers do not survive, checked as strings and in a real browser."""

from __future__ import annotations

import pytest

from hirehound.ingestion import text
from hirehound.ingestion.html_sanitizer import sanitize_html
from tests.browser import CHROMIUM, CHROMIUM_FLAGS

PWN = "window.__pwned=(window.__pwned||0)+1"
HOSTILE = [
    f'<a href="java&#x09;script:{PWN}">tab entity</a>',
    f'<a href="java&#x0A;script:{PWN}">newline entity</a>',
    f'<a href="&#x01;javascript:{PWN}">leading control</a>',
    f'<a href=" JaVaScRiPt:{PWN}">mixed case</a>',
    f'<a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;{PWN}">decimal entities</a>',
    '<a href="vbscript:msgbox(1)">vb</a>',
    f'<a href="data:text/html,<script>{PWN}</script>">data html</a>',
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">data base64</a>',
    f'<a href="https://jobs.example.com/1" onclick="{PWN}">handler</a>',
    f'<p onmouseover="{PWN}">hover</p>',
    f'<img src="x" onerror="{PWN}">',
    f'<svg onload="{PWN}"><a xlink:href="javascript:{PWN}">svg</a></svg>',
    f'<form action="javascript:{PWN}"><button formaction="javascript:{PWN}">go</button></form>',
    f'<iframe srcdoc="<script>{PWN}</script>"></iframe>',
    f'<math><a href="javascript:{PWN}">mathml</a></math>',
    f'<base href="javascript:{PWN}//"><a href="/x">relative</a>',
    f'<object data="javascript:{PWN}"></object><embed src="javascript:{PWN}">',
    f"<script>{PWN}</script><style>body{{background:url(javascript:{PWN})}}</style>",
    '<a href="https://jobs.example.com/2" style="position:fixed;inset:0" target="_self">overlay</a>',
    f'<!--<a href="javascript:{PWN}">-->comment',
    f'<noscript><p title="</noscript><img src=x onerror={PWN}>">mxss</p></noscript>',
]
SAFE_SCHEMES = ("http:", "https:", "mailto:")


@pytest.mark.parametrize("markup", HOSTILE)
def test_hostile_markup_leaves_no_script_url_or_handler(markup: str) -> None:
    cleaned = sanitize_html(markup).lower()
    for needle in ("javascript", "vbscript", "data:", "onerror", "onclick", "onload", "onmouseover", "<script"):
        assert needle not in cleaned, (markup, cleaned)
    assert "style=" not in cleaned and "<iframe" not in cleaned and "<base" not in cleaned


def test_formatting_and_web_links_survive() -> None:
    cleaned = sanitize_html('<p>Build <b>&amp;</b> ship</p><ul><li>Python</li></ul><a href="https://a.io/j">apply</a>')
    assert cleaned == (
        "<p>Build <b>&amp;</b> ship</p><ul><li>Python</li></ul>"
        '<a href="https://a.io/j" rel="noopener noreferrer nofollow">apply</a>'
    )


def test_descriptions_are_stored_through_the_sanitizer() -> None:
    sanitized, clean, fmt = text.description_to_text(f'<p>Apply</p><a href="java&#x09;script:{PWN}">here</a>', None)
    assert fmt == "html" and clean == "Apply\nhere"
    assert sanitized is not None and "script" not in sanitized.lower() and "href" not in sanitized


def test_no_script_url_is_clickable_in_chromium() -> None:
    if not CHROMIUM.exists():
        pytest.skip("Debian's chromium is not installed (apt-get install -y chromium chromium-driver)")
    from playwright.sync_api import Error as PlaywrightError
    from playwright.sync_api import sync_playwright

    stored = [text.description_to_text(m, "html")[0] or "" for m in HOSTILE]  # what normalized_postings keeps
    page_html = "<!doctype html><html><body>" + "".join(f"<div>{html}</div>" for html in stored)
    dialogs: list[str] = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_FLAGS)
        try:
            context = browser.new_context()
            # Nothing may leave the machine: every request (a followed https link included) is aborted.
            context.route("**/*", lambda route: route.abort())
            page = context.new_page()
            page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
            page.set_content(page_html, wait_until="load")
            urls = page.eval_on_selector_all(
                "[href],[src],[action],[formaction],[data],[srcdoc]",
                "els => els.flatMap(e => ['href','src','action','formaction','data','srcdoc']"
                ".filter(a => e.hasAttribute(a)).map(a => e.tagName + ' ' + a + '=' + (e[a] || e.getAttribute(a))))",
            )
            unsafe = [u for u in urls if not u.split("=", 1)[1].lower().startswith(SAFE_SCHEMES)]
            assert unsafe == [], unsafe
            handlers = page.evaluate(
                "[...document.querySelectorAll('*')].flatMap(e => [...e.attributes]"
                ".filter(a => a.name.startsWith('on')).map(a => e.tagName + ' ' + a.name))"
            )
            assert handlers == []
            # element.click() activates a link as a user's click does, hidden or empty links included; it runs
            # after evaluate returns, because a followed (aborted) https link replaces the page.
            # Each link is clicked on a page of its own: on a loaded machine a followed link's navigation can
            # land after any fixed wait and destroy the page we are reading, which says nothing about script.
            pwned = 0
            for index in range(page.locator("a").count()):
                one = context.new_page()
                one.set_content(page_html, wait_until="load")
                one.evaluate("i => setTimeout(() => document.querySelectorAll('a')[i].click(), 0)", index)
                one.wait_for_timeout(100)
                try:
                    pwned += one.evaluate("window.__pwned || 0") if one.url == "about:blank" else 0
                except PlaywrightError as exc:  # navigated away while we read: no script of ours ran here
                    if "context was destroyed" not in str(exc):
                        raise
                one.close()
            page.hover("p")
            pwned += page.evaluate("window.__pwned || 0")
            assert pwned == 0 and dialogs == []
        finally:
            browser.close()

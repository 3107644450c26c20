"""Which text of a posting is embedded, decided once so every run and every model call agrees.

The text is the title, the location and the first `DESCRIPTION_CHARS` characters of the description, all as the
posting itself states them. The description start carries the role's content without the boilerplate (benefits,
equal-opportunity statements) that template postings share at the end, and it keeps texts inside MiniLM's
256-token window. Postings that differ only in the description's tail share a text and so a vector: they cost one
model call.

The employer is left out on purpose. The resolved organization name changes as more spellings of it are seen (it
is the most used one), so embedding it made a posting's vector depend on which days had been processed before:
a backfill in reverse order gave the same pair cosine 0.875 where date order gave 0.94, and another cluster. The
posting's own spelling of the company is stable but differs between boards ("Acme Inc." / "ACME"), which lowers
the cosine of true duplicates. Employers are compared as a separate signal and block the semantic comparisons
anyway (docs/dedup.md has the measurement).
"""

from __future__ import annotations

import re

DESCRIPTION_CHARS = 1000

_SPACE = re.compile(r"\s+")


def embedding_text(
    title: str | None,
    location: str | None,
    description: str | None,
    description_chars: int = DESCRIPTION_CHARS,
) -> str:
    """The exact text embedded for a posting ('' when it has neither title nor description)."""
    title = _clean(title)
    body = _clean(description)[:description_chars]
    if not title and not body:
        return ""
    head = " | ".join(part for part in (title, _clean(location)) if part)
    return f"{head}\n{body}".strip()


def _clean(value: str | None) -> str:
    return _SPACE.sub(" ", value or "").strip()

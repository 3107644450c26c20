"""Which text of a posting is embedded, decided once so every run and every model call agrees.

The text is the title, the organization (resolved name, else the raw company), the location and the first
`DESCRIPTION_CHARS` characters of the description. Title, employer and place are what make two postings the same
job; the description start carries the role's content without the boilerplate (benefits, equal-opportunity
statements) that template postings share at the end, and it keeps texts inside MiniLM's 256-token window.
Postings that differ only in the description's tail share a text and so a vector: they cost one model call.
"""

from __future__ import annotations

import re

DESCRIPTION_CHARS = 1000

_SPACE = re.compile(r"\s+")


def embedding_text(
    title: str | None,
    organization: str | None,
    location: str | None,
    description: str | None,
    description_chars: int = DESCRIPTION_CHARS,
) -> str:
    """The exact text embedded for a posting ('' when it has neither title nor description)."""
    title = _clean(title)
    body = _clean(description)[:description_chars]
    if not title and not body:
        return ""
    head = " | ".join(part for part in (title, _clean(organization), _clean(location)) if part)
    return f"{head}\n{body}".strip()


def _clean(value: str | None) -> str:
    return _SPACE.sub(" ", value or "").strip()

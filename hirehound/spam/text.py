"""Finding requests in ad text: the sentence around a match, and whether that sentence only warns about scams.

Shared by every red-flag rule, so "we will never ask for your bank details" is read the same way by all of them.
Patterns are lower case and run on lower-cased text: much faster than re.IGNORECASE on long alternations.
"""

from __future__ import annotations

import re

_BOUNDARY = re.compile(r"[.!?\n;]")
WARNING = re.compile(
    r"\b(never|not|n't|no)\b.{0,80}\b(ask|request|require|charge|collect)|\bscam|\bfraud|\bphishing|beware"
)


def sentence_around(text: str, start: int, end: int) -> str:
    """The sentence (or line) holding text[start:end]."""
    floor = max(0, start - 400)
    before = max((m.end() for m in _BOUNDARY.finditer(text, floor, start)), default=floor)
    after = _BOUNDARY.search(text, end)
    return text[before : after.start() if after else min(len(text), end + 400)]


def first_request(pattern: re.Pattern[str], text: str, context: re.Pattern[str] | None = None) -> str | None:
    """The first match whose sentence is not a scam warning (and has `context`, when given)."""
    for m in pattern.finditer(text):
        sentence = sentence_around(text, m.start(), m.end())
        if WARNING.search(sentence) or (context is not None and not context.search(sentence)):
            continue
        return m.group(0)
    return None

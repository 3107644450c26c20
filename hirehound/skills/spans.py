"""Candidate phrases of a posting's text, each with its sentence and character offsets, for linking by meaning.

A skill in a job ad is usually a short phrase ("partner with stakeholders", "SQL", "manage budgets") inside a
longer sentence. Sentences are cut at line breaks and sentence punctuation; each sentence is cut into phrases at
commas, brackets, slashes and list words ("and", "or", "such as", "including"), and leading filler ("strong
knowledge of", "experience with") is trimmed, so the phrase that reaches the encoder is the skill itself. A short
sentence is also a candidate as a whole, since some skills take a whole clause to say. Offsets always point into
the text as given.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

MAX_SENTENCE = 400  # characters; longer runs without punctuation are cut, so one phrase cannot swallow a posting
MAX_PHRASE_WORDS = 8  # a longer piece is covered by overlapping windows of this many words
WINDOW_STRIDE = 4
WHOLE_SENTENCE_WORDS = 14  # a sentence this short is also a candidate as a whole

_SENTENCE_END = re.compile(r"\n+|(?<=[.!?;])\s+|\s+[•·▪●]\s*|^\s*[-*•]\s+", re.MULTILINE)
_PHRASE_CUT = re.compile(
    r"\s*[,()\[\]/:|]\s*|\s+(?:and|or|as well as|such as|including|like|e\.g\.|i\.e\.|etc\.?|plus|&)\s+",
    re.IGNORECASE,
)
# Words that introduce a skill rather than name it; trimmed from the start of a phrase (repeatedly).
_FILLER = re.compile(
    r"^(?:(?:a|an|the|our|your|their|its|this|these|any|some|strong|solid|good|great|excellent|proven|deep|"
    r"working|hands-on|demonstrated|advanced|basic|broad|thorough|familiarity|knowledge|understanding|"
    r"experience|expertise|proficiency|skills?|ability|abilities|background|track record|years?|\d+\+?|"
    r"of|in|with|on|at|to|for|using|be|is|are|have|has|you|we|will|must|should|able|plus|also|very|"
    r"highly|preferred|required|desired|nice|is a plus)\s+)+",
    re.IGNORECASE,
)
_WORD = re.compile(r"\w")


@dataclass(frozen=True)
class Phrase:
    text: str  # the phrase as written
    start: int  # offsets into the text given to `phrases`
    end: int
    sentence_start: int
    sentence_end: int


def sentences(text: str) -> list[tuple[int, int]]:
    """[start, end) of each sentence, trimmed, in text order."""
    out: list[tuple[int, int]] = []
    pos = 0
    for m in _SENTENCE_END.finditer(text):
        out.extend(_trimmed(text, pos, m.start()))
        pos = m.end()
    out.extend(_trimmed(text, pos, len(text)))
    return out


def phrases(text: str) -> list[Phrase]:
    """Candidate phrases of every sentence of `text` (duplicates of the same span removed)."""
    out: list[Phrase] = []
    seen: set[tuple[int, int]] = set()
    for s_start, s_end in sentences(text):
        pieces: list[tuple[int, int]] = []
        pos = s_start
        for m in _PHRASE_CUT.finditer(text, s_start, s_end):
            pieces.append((pos, m.start()))
            pos = m.end()
        pieces.append((pos, s_end))
        if len(text[s_start:s_end].split()) <= WHOLE_SENTENCE_WORDS and len(pieces) > 1:
            pieces.append((s_start, s_end))
        for a, b in pieces:
            span = _phrase(text, a, b)
            for w in _windows(text, span) if span else ():
                if w not in seen:
                    seen.add(w)
                    out.append(Phrase(text[w[0] : w[1]], w[0], w[1], s_start, s_end))
    return out


def _phrase(text: str, start: int, end: int) -> tuple[int, int] | None:
    piece = text[start:end]
    stripped = piece.strip(" \t.!?;'\"*_`-")
    if not stripped or not _WORD.search(stripped):
        return None
    a = start + piece.index(stripped)
    filler = _FILLER.match(stripped)
    if filler and filler.end() < len(stripped):
        a += filler.end()
    b = start + piece.index(stripped) + len(stripped)
    return (a, b) if a < b else None


def _windows(text: str, span: tuple[int, int]) -> list[tuple[int, int]]:
    """The span itself when short, else overlapping windows of MAX_PHRASE_WORDS words covering it."""
    words = [(m.start() + span[0], m.end() + span[0]) for m in re.finditer(r"\S+", text[span[0] : span[1]])]
    if len(words) <= MAX_PHRASE_WORDS:
        return [span]
    out = []
    for i in range(0, len(words) - WINDOW_STRIDE, WINDOW_STRIDE):
        chunk = words[i : i + MAX_PHRASE_WORDS]
        out.append((chunk[0][0], chunk[-1][1]))
    return out


def _trimmed(text: str, start: int, end: int) -> list[tuple[int, int]]:
    out = []
    while start < end:
        stop = min(end, start + MAX_SENTENCE)
        piece = text[start:stop]
        stripped = piece.strip()
        if stripped:
            a = start + piece.index(stripped)
            out.append((a, a + len(stripped)))
        start = stop
    return out

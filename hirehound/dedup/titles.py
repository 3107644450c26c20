"""Whether two job titles name the same role: the words that make another opening of one employer.

One employer's openings often share everything but a few title words: "Software Engineer Intern - Summer 2025" and
"... - Spring 2025" (another term), "Backend" and "Frontend" (another track), "Intern" and "New Grad" (another
career stage), "Engineer II" and "Engineer III", "(BS)" and "(MS)", or eleven camp roles sharing one boilerplate
text. Their descriptions and vectors are near-identical, so only the title tells them apart. A word that one title
has and the other lacks names another role; a term or year named by only one of them does not (boards often drop
it), but two different terms or years do. Words that only say how a board formats titles ("- Remote", "(m/w/d)",
"(Full Time)", a trailing "I") are ignored.
"""

from __future__ import annotations

import re
from functools import lru_cache

_SEASONS = {"summer": "summer", "spring": "spring", "fall": "fall", "autumn": "fall", "winter": "winter"}
_YEAR = re.compile(r"^(19|20)\d\d$")
_NUMERALS = {"i": "1", "ii": "2", "iii": "3", "iv": "4", "1": "1", "2": "2", "3": "3", "4": "4"}
# Phrases folded into one word before splitting, so "back end" and "backend" (and "new grad") compare equal.
_PHRASES = (
    (r"\bback[\s-]?end\b", "backend"),
    (r"\bfront[\s-]?end\b", "frontend"),
    (r"\bfull[\s-]?stack\b", "fullstack"),
    (r"\bmachine[\s-]learning\b", "ml"),
    (r"\bco[\s-]?op\b", "coop"),
    (r"\bnew[\s-]?grad(uate)?s?\b", "newgrad"),
    (r"\buniversity[\s-]grad(uate)?s?\b", "newgrad"),
    (r"\bentry[\s-]level\b", "newgrad"),
    (r"\bearly[\s-]career\b", "newgrad"),
    (r"\bm\s*/\s*[wf]\s*/\s*[dx]\b", " "),
    (r"\b[wf]\s*/\s*m\s*/\s*[dx]\b", " "),
    (r"\bfull[\s-]?time\b", " "),
    (r"\bpart[\s-]?time\b", " "),
)
_SYNONYMS = {
    "sr": "senior", "jr": "junior", "internship": "intern", "interns": "intern", "grad": "newgrad",
    "graduate": "newgrad", "engineering": "engineer", "developer": "develop", "development": "develop",
    "bachelor": "bs", "bachelors": "bs", "ba": "bs", "bsc": "bs", "master": "ms", "masters": "ms", "msc": "ms",
    "doctorate": "phd", "autumn": "fall",
}  # fmt: skip
# Format words and filler: they never name another role.
_NOISE = {
    "remote", "hybrid", "onsite", "on", "site", "the", "and", "of", "for", "in", "at", "to", "a", "an", "with",
    "or", "all", "levels", "level", "position", "opening", "opportunity", "job", "role", "usa", "us",
}  # fmt: skip


def _stem(word: str) -> str:
    word = _SYNONYMS.get(word, word)
    if len(word) > 4 and word.endswith("s") and not word.endswith("ss"):
        word = word[:-1]
    return _SYNONYMS.get(word, word)


@lru_cache(maxsize=65536)
def title_parts(title: str) -> tuple[frozenset[str], frozenset[str], frozenset[str], frozenset[str]]:
    """(role words, seasons, years, numerals) of a title."""
    text = title.lower()
    for pattern, repl in _PHRASES:
        text = re.sub(pattern, repl, text)
    words, seasons, years, numerals = set(), set(), set(), set()
    for raw in re.findall(r"[a-z0-9]+", text):
        if raw in _SEASONS:
            seasons.add(_SEASONS[raw])
        elif _YEAR.match(raw):
            years.add(raw)
        elif raw in _NUMERALS:
            numerals.add(_NUMERALS[raw])
        elif raw not in _NOISE and not (len(raw) == 1 and raw.isalpha()):
            words.add(_stem(raw))
    return frozenset(words), frozenset(seasons), frozenset(years), frozenset(numerals)


def title_relation(a: str, b: str, place_words: frozenset[str] = frozenset()) -> str:
    """ "same", or "conflict: <why>" when the titles name different roles of one employer.

    `place_words` are the words of the postings' own places ("nyc", "new", "york"): a title that repeats its
    posting's city ("NYC Summer Software Engineering Internship") names no other role; places are compared by
    the location signal."""
    wa, sa, ya, na = title_parts(a)
    wb, sb, yb, nb = title_parts(b)
    if place_words:
        local = {_stem(w) for w in place_words}
        wa, wb = wa - local, wb - local
    if sa and sb and sa != sb:
        return "conflict: term"
    if ya and yb and ya != yb:
        return "conflict: year"
    if na and nb and na != nb:
        return "conflict: level number"
    differing = sorted(wa ^ wb)
    if differing:
        return "conflict: " + " ".join(differing[:4])
    return "same"

"""Whether two company names contradict each other, for weighing identifiers against names.

Matching (`matching.decide`) asks "is this spelling that organization?" and must be strict. Evidence asks a looser
question: a shared ATS tenant or domain may link "Pinecrest Bank" and "Pinecrest Financial", but when it would
link "Western Digital" and "Astranis" the names say the identifier is not one employer's (an aggregator host we
do not know yet, a staffing portal, a shared parent's tenant). Names conflict when both carry identifying words
and nothing relates them: not the same core key, not one inside the other, no shared identifying word, no close
spelling, not an abbreviation of the other.
"""

from __future__ import annotations

from functools import lru_cache

from rapidfuzz import fuzz

from hirehound.organizations.normalize import core_key, distinctive_tokens, normalize_name

RELATED_RATIO = 80.0  # fuzz.ratio of core keys: "Whatnot"/"WhatNott", "Medtronic"/"Medtronics" relate
MIN_SHARED_WORD = 4  # a shared identifying word this long relates two names ("Pinecrest Bank"/"Pinecrest Financial")
# Independent pieces of evidence that outweigh two unrelated names (used by the resolver and the merge step).
STRONG_PROOF = 2
MIN_CONTAINED = 4  # a core key inside the other ("Snap" in "Snapchat"); shorter keys are too common ("ge", "td")


@lru_cache(maxsize=100_000)
def names_conflict(a: str | None, b: str | None) -> bool:
    """True when two spellings both identify an employer and nothing relates them."""
    key_a, key_b = core_key(a or ""), core_key(b or "")
    if not key_a or not key_b or key_a == key_b:
        return False
    short, long = sorted((key_a, key_b), key=len)
    if len(short) >= MIN_CONTAINED and short in long:
        return False
    if fuzz.ratio(key_a, key_b) >= RELATED_RATIO:
        return False
    words_a = set(distinctive_tokens(normalize_name(a or "")))
    words_b = set(distinctive_tokens(normalize_name(b or "")))
    if any(len(w) >= MIN_SHARED_WORD for w in words_a & words_b):
        return False
    return not (abbreviates(a, b) or abbreviates(b, a))


def abbreviates(short: str | None, long: str | None) -> bool:
    """Whether `short` is the initials of `long`'s words ("jpmc" / "JP Morgan Chase")."""
    key = core_key(short or "")
    words = [w for w in normalize_name(long or "").split() if w not in ("and", "of", "the")]
    return len(key) >= 2 and len(words) >= 2 and key == "".join(w[0] for w in words)

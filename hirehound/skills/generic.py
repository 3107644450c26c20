"""Dropping generic false positives: skill words that, in context, name a team, a department or an industry.

"communication" is a skill; "our communications department" is not a request for it. Likewise "working closely
with Sales, Marketing and Legal" names departments. Only skills marked generic (soft and business words, and
one-word ESCO labels) are checked, with two rules:
- the match is followed by an organizational-unit noun ("department", "team", "industry", ...);
- the match is capitalized in the middle of a description sentence, where a skill would be written in lower case
  (only for skills whose own label is lower case: "Haskell" is always capitalized). Title Case that asks for the
  skill is kept: a match followed by "skills", "experience" and the like ("Customer Service skills"), and any
  match in a line written in Title Case throughout ("Excellent Communication And Customer Service Skills").
"""

from __future__ import annotations

from hirehound.skills.text import Folded

UNIT_NOUNS = frozenset(
    {
        "department",
        "departments",
        "dept",
        "division",
        "divisions",
        "team",
        "teams",
        "unit",
        "units",
        "office",
        "offices",
        "agency",
        "agencies",
        "firm",
        "firms",
        "group",
        "groups",
        "industry",
        "industries",
        "sector",
        "sectors",
        "organization",
        "organisation",
        "function",
        "functions",
        "channel",
        "channels",
        "platform",
        "platforms",
        "company",
        "companies",
        "org",
    }
)
# After a match, these words say the match is asked for as a skill, whatever its case.
SKILL_NOUNS = frozenset(
    {"skill", "skills", "experience", "expertise", "knowledge", "background", "abilities", "ability", "proficiency"}
)
# A capital after one of these starts a sentence, a list item or a heading, not a proper name.
_SENTENCE_START = set(".!?:;*#•-|>(\"'")


def false_positive_reason(text: Folded, start: int, end: int, field: str, proper_noun: bool = False) -> str | None:
    """Why a generic skill match at folded [start, end) is not a skill mention, or None when it is one.

    `proper_noun`: the skill itself is written capitalized (a language or product, e.g. "Haskell"), so a capital
    says nothing about it.
    """
    rest = text.folded[end : end + 40].split()
    following = rest[0].strip(".,;:!?)'\"*") if rest else ""
    if following in UNIT_NOUNS:
        return f"names a {following}"
    if proper_noun or field != "description":
        return None
    if following in SKILL_NOUNS:
        return None
    if text.cased[start].isupper() and not _starts_sentence(text.cased, start) and not _title_case_line(text, start):
        return "capitalized mid-sentence (a proper name)"
    return None


def _title_case_line(text: Folded, start: int) -> bool:
    """The line around `start` capitalizes (almost) every word of three letters or more: a heading or a list."""
    a = text.cased.rfind("\n", 0, start) + 1
    b = text.cased.find("\n", start)
    words = [w for w in text.cased[a : b if b >= 0 else len(text.cased)].split() if len(w) >= 3 and w[0].isalpha()]
    return len(words) >= 3 and sum(w[0].isupper() for w in words) >= 0.8 * len(words)


def _starts_sentence(cased: str, start: int) -> bool:
    before = cased[:start].rstrip()
    if not before or "\n" in cased[len(before) : start]:
        return True
    return before[-1] in _SENTENCE_START

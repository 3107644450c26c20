"""Job titles without the noise boards add, and the seniority level they announce.

"URGENT!! Senior Java Developer (m/w/d) - REQ-12345" and "Senior Java Developer" are the same title: shouting,
gender markers, requisition codes and decorations are removed, all-caps titles get title case, and the seniority
(intern … executive) is read from the words that carry it.
"""

from __future__ import annotations

import html
import re
from functools import lru_cache

MAX_TITLE_CHARS = 300

_NOISE = [
    re.compile(r"\b(urgent(ly)?|immediate(ly)?|asap|hiring( now)?|now hiring|apply (now|today))\b\s*[!:]*", re.I),
    re.compile(r"[\(\[]\s*(m|w|f|d|x|h|gn|div|all genders?|alle)(\s*[/|,]\s*(m|w|f|d|x|h|i|div))+\s*[\)\]]", re.I),
    re.compile(r"\b(m|w|f)\s*/\s*(w|m|f)\s*/\s*(d|x|div)\b", re.I),
    re.compile(r"[\(\[]\s*(all genders?|gn\*?|w\*m\*d)\s*[\)\]]", re.I),
    re.compile(
        r"\s*[-–|,:]?\s*[\(\[]?\s*(req(uisition)?|job|ref)\s*(id|no\.?|#)?\s*[:#]?\s*[A-Z0-9][A-Z0-9_-]{2,}[\)\]]?\s*$",
        re.I,
    ),
    re.compile(r"\s*[\(\[]\s*#?\s*\d{3,}\s*[\)\]]\s*$"),
    re.compile(r"\s*[-–|]\s*#?\s*[A-Z]{0,4}-?\d{4,}\s*$"),
    re.compile(r"[!¡*★☆✔✅🔥⭐]+"),
]
_SPACE = re.compile(r"\s+")
_TRIM = " -–|,:;/"
_ACRONYMS = {
    "it",
    "qa",
    "ui",
    "ux",
    "hr",
    "vp",
    "cto",
    "ceo",
    "cfo",
    "coo",
    "sap",
    "aws",
    "gcp",
    "ai",
    "ml",
    "bi",
    "sre",
    "devops",
    "ii",
    "iii",
    "iv",
    "sql",
    "php",
    "ios",
    "rn",
    "lpn",
    "cdl",
    "api",
    "erp",
    "crm",
    "seo",
    "usa",
}

_SENIORITY = [
    ("intern", re.compile(r"\b(intern(ship)?|trainee|apprentice(ship)?|werkstudent|working student|co-?op)\b", re.I)),
    ("executive", re.compile(r"\b(chief|c[etofi]o|vice president|vp|svp|evp|president|managing director)\b", re.I)),
    ("director", re.compile(r"\b(director|head of)\b", re.I)),
    ("principal", re.compile(r"\b(principal|staff|distinguished|architect)\b", re.I)),
    ("lead", re.compile(r"\b(lead|team lead|tech lead|teamleiter)\b", re.I)),
    ("manager", re.compile(r"\b(manager|supervisor)\b", re.I)),
    ("senior", re.compile(r"\b(senior|sr\.?|snr|experienced|iii|iv)(?=\W|$)", re.I)),
    ("junior", re.compile(r"\b(junior|jr\.?|entry[- ]level|graduate|grad|new grad|i)(?=\W|$)", re.I)),
    ("mid", re.compile(r"\b(mid[- ]level|intermediate|ii)(?=\W|$)", re.I)),
]


def clean_title(title: str) -> str:
    """The title as posted, entities decoded and whitespace collapsed (what users see)."""
    return _SPACE.sub(" ", html.unescape(title)).strip()[:MAX_TITLE_CHARS]


def _case(title: str) -> str:
    letters = [c for c in title if c.isalpha()]
    if letters and (all(c.isupper() for c in letters) or all(c.islower() for c in letters)):
        words = []
        for word in title.split(" "):
            bare = word.strip("()[],.-/").lower()
            words.append(word.upper() if bare in _ACRONYMS else word.capitalize())
        return " ".join(words)
    return title


@lru_cache(maxsize=65_536)
def normalize_title(title: str) -> str:
    """The title without noise, case fixed; falls back to the cleaned title if nothing would be left."""
    cleaned = clean_title(title)
    result = cleaned
    for pattern in _NOISE:
        result = pattern.sub(" ", result)
    result = _SPACE.sub(" ", result).strip(_TRIM + " ")
    result = re.sub(r"\(\s*\)|\[\s*\]", "", result).strip(_TRIM + " ")
    return _case(result or cleaned)


@lru_cache(maxsize=65_536)
def seniority(title: str) -> str | None:
    """intern | junior | mid | senior | lead | manager | principal | director | executive, or None if unsaid."""
    for level, pattern in _SENIORITY:
        if pattern.search(title):
            return level
    return None

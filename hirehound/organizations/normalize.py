"""Company-name normalization: the same employer written by different boards must compare equal.

Boards write one employer many ways ("Outbrain Inc.", "OUTBRAIN", "Outbrain - Careers", "Cycode | Complete
ASPM"). `normalize_name` removes what is not the name (legal suffixes via `cleanco`, taglines, "(Remote)",
"(formerly X)"), folds Unicode and case, and spells `&` as "and". `core_key` goes one step further and drops
descriptor words (Technologies, Group, Software, country names...) that say nothing about *which* employer it
is, so "Unity" and "Unity Technologies" share a key while "Unity" and "Unity Health" do not.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from cleanco import basename

from hirehound.organizations.aliases import canonical_alias

# Words that describe what kind of company it is, not which one. They weigh little in fuzzy matching and are
# dropped from the core key (but never when that would leave nothing).
DESCRIPTOR_TOKENS: frozenset[str] = frozenset(
    [
        "technologies",
        "technology",
        "tech",
        "software",
        "systems",
        "system",
        "solutions",
        "solution",
        "group",
        "holdings",
        "holding",
        "labs",
        "lab",
        "international",
        "global",
        "worldwide",
        "services",
        "service",
        "company",
        "companies",
        "corporation",
        "corp",
        "co",
        "inc",
        "incorporated",
        "ltd",
        "limited",
        "llc",
        "plc",
        "gmbh",
        "ag",
        "sa",
        "nv",
        "bv",
        "the",
        "enterprises",
        "enterprise",
        "industries",
        "partners",
        "ventures",
        "studio",
        "studios",
        "digital",
        "networks",
        "network",
        "platforms",
        "platform",
        "security",
        "cyber",
        "ai",
        "retail",
        "consulting",
        "consultancy",
        "israel",
        "usa",
        "us",
        "uk",
        "america",
        "americas",
        "europe",
        "emea",
        "apac",
        "canada",
        "germany",
        "france",
        "india",
        "hq",
        "headquarters",
        "r",
        "d",
        "rnd",
        "development",
        "developments",
        "innovation",
        "innovations",
        "בעמ",
        "early",
        "career",
        "careers",
        "program",
        "programs",
        "university",
        "campus",
        "internship",
        "internships",
        "jobs",
        "hiring",
        # legal forms cleanco leaves once punctuation is gone, and country names in local languages
        "se",
        "kg",
        "sas",
        "sarl",
        "pvt",
        "private",
        "na",
        "pc",
        "pllc",
        "llp",
        "lp",
        "spa",
        "srl",
        "deutschland",
        "espana",
        "italia",
        "nederland",
        "schweiz",
        "suisse",
        "osterreich",
        # Hebrew descriptors: software, technologies, systems, group (of), solutions, Ltd.
        "תוכנה",
        "טכנולוגיות",
        "מערכות",
        "קבוצת",
        "פתרונות",
    ]
)

# Trailing or parenthesized text that boards add to the name but is not part of it.
_PARENS = re.compile(r"\([^)]*\)|\[[^\]]*\]")
_TAGLINE = re.compile(r"\s+[|•·]\s+.*$")  # "Cycode | Complete ASPM"
_DASH_NOISE = re.compile(
    r"\s+[-–—:]\s*(careers?|jobs?|hiring|recruiting|remote|we.?re hiring|official|a .* company|part of .*)\s*$",
    re.IGNORECASE,
)
# "Toga Networks-a Huawei Company", "InvoiceCloud, an EngageSmart company", "Apex Systems, a Part of ASGN"
_A_COMPANY = re.compile(r"\s*[-–—,]\s*(an? [\w\s&]+ company|(a )?part of [\w\s&]+)\s*$", re.IGNORECASE)
_FORMERLY = re.compile(r",?\s+(formerly|f/k/a|fka)\s+.*$", re.IGNORECASE)
_AMP = re.compile(r"\s*&\s*|\s*\+\s*")
_NON_WORD = re.compile(r"[^\w]+", re.UNICODE)
_SPACES = re.compile(r"\s+")


def clean_display(raw: str) -> str:
    """The raw spelling without taglines, parentheses and legal suffixes, case kept (for display)."""
    text = unicodedata.normalize("NFKC", raw or "").strip()
    text = _PARENS.sub(" ", text)
    text = _TAGLINE.sub("", text)
    text = _A_COMPANY.sub("", text)
    text = _DASH_NOISE.sub("", text)
    text = _FORMERLY.sub("", text)
    text = _SPACES.sub(" ", text).strip(" -–—,.")
    stripped = basename(text) if text else text
    # cleanco strips a bare "Inc" to nothing: a name is never empty when the raw text was not.
    return (stripped or text).strip()


@lru_cache(maxsize=200_000)
def normalize_name(raw: str) -> str:
    """Lower-case, punctuation-free, `&`→"and", suffix-free form of a company name ('' if nothing is left)."""
    text = clean_display(raw)
    text = _AMP.sub(" and ", text)
    text = text.casefold()
    # Accents are dropped: boards write "Lumière" and "Lumiere", "Véla Énergie" and "VELA ENERGIE".
    text = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    # Apostrophes join ("McDonald's" -> "mcdonalds"); other punctuation separates words.
    text = text.replace("'", "").replace("’", "")
    text = _NON_WORD.sub(" ", text).replace("_", " ")
    return _SPACES.sub(" ", text).strip()


def tokens(normalized: str) -> list[str]:
    return normalized.split()


@lru_cache(maxsize=200_000)
def core_key(raw: str) -> str:
    """The identifying words of a name: normalized, curated aliases resolved, descriptor words removed.

    The result is joined without spaces so "Check Point" and "Checkpoint", "Gini-Apps" and "GiniApps" agree.
    """
    normalized = normalize_name(raw)
    words = [w for w in tokens(normalized) if w != "and" and w != "of" and w != "the"]
    alias = canonical_alias(" ".join(words))
    if alias is not None:
        return alias
    distinctive = [w for w in words if w not in DESCRIPTOR_TOKENS]
    chosen = distinctive or words or tokens(normalized)
    return "".join(chosen)


def distinctive_tokens(normalized: str) -> list[str]:
    """The words of a normalized name that identify the employer (descriptor words removed, if any remain)."""
    words = tokens(normalized)
    kept = [w for w in words if w not in DESCRIPTOR_TOKENS and w not in ("and", "of", "the")]
    return kept or words

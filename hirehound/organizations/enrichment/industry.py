"""Industry classification into NAICS 2022 sectors (the 20 two-digit sectors of the North American Industry
Classification System), from a provider's industry label when there is one, else from the postings' text.

The classifier is a keyword model: each sector has phrases typical of its employers' job ads and industry
labels; a text's score per sector is the number of phrase hits weighted by phrase specificity. Confidence is the
winning sector's share of all hits, damped when there is little evidence, so one lucky word never looks certain.
A provider label is short and curated, so its hits count more (see `classify_label`).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

# code -> (title, phrases). Staffing agencies are 56 (Administrative and Support ... Services, NAICS 5613).
NAICS_SECTORS: dict[str, tuple[str, tuple[str, ...]]] = {
    "11": (
        "Agriculture, Forestry, Fishing and Hunting",
        ("agriculture", "farm", "farming", "dairy", "crop", "forestry", "agtech", "livestock", "fishing"),
    ),
    "21": (
        "Mining, Quarrying, and Oil and Gas Extraction",
        ("mining", "oil and gas", "drilling", "petroleum", "quarry", "upstream"),
    ),
    "22": (
        "Utilities",
        ("utility", "utilities", "electric power", "power grid", "water utility", "energy distribution"),
    ),
    "23": ("Construction", ("construction", "contractor", "civil engineering", "building projects", "site supervisor")),
    "31-33": (
        "Manufacturing",
        (
            "manufacturing",
            "factory",
            "production line",
            "semiconductor",
            "hardware",
            "aerospace",
            "defense",
            "industrial",
            "fabrication",
            "chip",
            "photonics",
            "medical device",
            "automotive",
        ),
    ),
    "42": ("Wholesale Trade", ("wholesale", "distributor", "distribution", "import export")),
    "44-45": (
        "Retail Trade",
        ("retail", "store", "e commerce", "ecommerce", "shop", "merchandising", "consumer goods"),
    ),
    "48-49": (
        "Transportation and Warehousing",
        ("logistics", "transportation", "warehouse", "shipping", "freight", "trucking", "airline", "delivery"),
    ),
    "51": (
        "Information",
        (
            "software",
            "saas",
            "cloud",
            "internet",
            "platform",
            "developer",
            "data",
            "cyber",
            "security",
            "cybersecurity",
            "media",
            "publishing",
            "telecommunications",
            "telecom",
            "information technology",
            "devops",
            "backend",
            "frontend",
            "ai",
            "machine learning",
            "mobile app",
        ),
    ),
    "52": (
        "Finance and Insurance",
        (
            "bank",
            "banking",
            "finance",
            "financial",
            "insurance",
            "fintech",
            "trading",
            "investment",
            "payments",
            "credit",
            "asset management",
            "capital markets",
        ),
    ),
    "53": ("Real Estate and Rental and Leasing", ("real estate", "property", "leasing", "rental", "realty")),
    "54": (
        "Professional, Scientific, and Technical Services",
        (
            "consulting",
            "consultancy",
            "legal",
            "law firm",
            "accounting",
            "engineering services",
            "research",
            "advertising",
            "marketing agency",
            "design agency",
            "outsourcing",
            "it services",
        ),
    ),
    "55": ("Management of Companies and Enterprises", ("holding company", "holdings", "conglomerate")),
    "56": (
        "Administrative and Support and Waste Management and Remediation Services",
        (
            "staffing",
            "recruitment",
            "recruiting",
            "placement",
            "employment agency",
            "facilities",
            "cleaning",
            "security guard",
            "waste",
        ),
    ),
    "61": (
        "Educational Services",
        ("education", "school", "university", "academy", "edtech", "teaching", "training", "college"),
    ),
    "62": (
        "Health Care and Social Assistance",
        ("health", "healthcare", "hospital", "clinic", "medical", "nursing", "patient", "pharmacy", "biotech", "care"),
    ),
    "71": (
        "Arts, Entertainment, and Recreation",
        ("entertainment", "gaming", "games", "sports", "music", "arts", "casino", "fitness"),
    ),
    "72": (
        "Accommodation and Food Services",
        ("restaurant", "hotel", "hospitality", "food service", "catering", "travel"),
    ),
    "81": (
        "Other Services (except Public Administration)",
        ("repair", "maintenance", "nonprofit", "non profit", "religious", "personal services"),
    ),
    "92": (
        "Public Administration",
        ("government", "public sector", "municipal", "ministry", "federal", "state agency"),
    ),
}

MIN_CONFIDENCE = 0.25  # below this the sector is left empty rather than guessed


@dataclass(frozen=True)
class IndustryGuess:
    naics: str
    title: str
    confidence: float
    hits: int


@lru_cache(maxsize=1)
def _patterns() -> list[tuple[str, re.Pattern[str]]]:
    out = []
    for code, (_, phrases) in NAICS_SECTORS.items():
        alternatives = "|".join(sorted((re.escape(p) for p in phrases), key=len, reverse=True))
        out.append((code, re.compile(rf"\b(?:{alternatives})\b")))
    return out


def _normalize(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", " ", text.casefold())


def classify_text(text: str, *, evidence_scale: float = 8.0) -> IndustryGuess | None:
    """The sector a body of text (titles, descriptions) points to, with confidence in [0, 1]."""
    normalized = _normalize(text)
    hits: Counter[str] = Counter()
    for code, pattern in _patterns():
        hits[code] = len(pattern.findall(normalized))
    total = sum(hits.values())
    if total == 0:
        return None
    (code, top), *_ = sorted(hits.items(), key=lambda item: (-item[1], item[0]))
    share = top / total
    damping = min(1.0, total / evidence_scale)
    confidence = round(share * (0.5 + 0.5 * damping), 3)
    if confidence < MIN_CONFIDENCE:
        return None
    return IndustryGuess(code, NAICS_SECTORS[code][0], confidence, total)


def classify_label(label: str) -> IndustryGuess | None:
    """A provider's or board's industry label ("Computer Software", "Banking") mapped to a sector."""
    guess = classify_text(label, evidence_scale=1.0)
    if guess is None:
        return None
    return IndustryGuess(guess.naics, guess.title, min(0.95, guess.confidence + 0.1), guess.hits)

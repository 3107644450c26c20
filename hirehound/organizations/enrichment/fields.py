"""Field-by-field merge of what every source says about an organization, keeping where each value came from.

Precedence rule (documented in docs/enrichment_api.md): for each field, the value from the source of highest
rank wins; among equal ranks the higher confidence wins, then the most recently fetched, then the smallest
JSON text (so the result never depends on the order values arrive in). Ranks, highest first:

    manual (a person) 50 > http (company-data API) 40 > scrape (the board's company columns) 30
    > postings (inferred from the postings' text) 20 > domain (guessed from the domain alone) 10

A value from a lower-ranked source therefore fills a field only while no better source has it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

SOURCE_RANK: dict[str, int] = {"manual": 50, "http": 40, "scrape": 30, "postings": 20, "domain": 10}

FIELDS = (
    "name",
    "website",
    "domain",
    "description",
    "logo_url",
    "industry_text",
    "industry_naics",
    "employee_count",
    "employee_count_text",
    "revenue_text",
    "hq_raw",
    "hq_city",
    "hq_country_code",
    "size_band",
)


@dataclass(frozen=True)
class FieldValue:
    field: str
    value: Any
    source: str
    fetched_at: datetime
    confidence: float

    def provenance(self) -> dict[str, Any]:
        return {"source": self.source, "fetched_at": self.fetched_at.isoformat(), "confidence": self.confidence}


def _rank(value: FieldValue) -> tuple[int, float, datetime, str]:
    return (
        SOURCE_RANK.get(value.source, 0),
        value.confidence,
        value.fetched_at,
        # Smaller JSON wins the last tie: negate by sorting key below.
        json.dumps(value.value, sort_keys=True, default=str),
    )


def merge_fields(values: list[FieldValue]) -> dict[str, FieldValue]:
    """The winning value of each field (empty values never win)."""
    best: dict[str, FieldValue] = {}
    for value in values:
        if value.value in (None, "", [], {}):
            continue
        current = best.get(value.field)
        if current is None or _better(value, current):
            best[value.field] = value
    return best


def _better(a: FieldValue, b: FieldValue) -> bool:
    ra, rb = _rank(a), _rank(b)
    if ra[:3] != rb[:3]:
        return ra[:3] > rb[:3]
    return ra[3] < rb[3]

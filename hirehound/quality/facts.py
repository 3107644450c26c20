"""What the quality score and the spam rules know about one posting: its normalized fields and its employer.

Read from `normalized_postings` (one scrape date) joined to the employer through `posting_organization_current`
(which follows organization merges), so both stages judge the same facts.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection


@dataclass(frozen=True)
class PostingFacts:
    posting_id: str
    title: str
    description: str = ""
    company: str | None = None
    company_url: str | None = None
    url: str | None = None
    apply_url: str | None = None
    location_raw: str | None = None
    city: str | None = None
    country_code: str | None = None
    remote_type: str | None = None
    salary_min: float | None = None
    salary_max: float | None = None
    salary_annual_max: float | None = None
    salary_currency: str | None = None
    employment_type: str | None = None
    seniority: str | None = None
    date_posted: date | None = None
    organization_id: str | None = None
    organization_kind: str | None = None  # employer | staffing_agency | confidential | None (not matched yet)
    organization_domain: str | None = None
    organization_enriched: bool = False
    source: str | None = None  # the board or feed; spam rules judge some signals per source


FACTS_SQL = """
SELECT n.posting_id, n.title, n.description_text AS description, n.company_raw AS company, n.company_url, n.url,
       n.apply_url, n.location_raw, n.city, n.country_code, n.remote_type, n.salary_min, n.salary_max,
       n.salary_annual_max, n.salary_currency, n.employment_type, n.seniority, n.date_posted, n.source,
       poc.organization_id, poc.kind AS organization_kind, poc.domain AS organization_domain,
       (o.enriched_at IS NOT NULL AND (o.industry_naics IS NOT NULL OR o.size_band IS NOT NULL
        OR o.website IS NOT NULL OR o.description IS NOT NULL)) AS organization_enriched
FROM normalized_postings n
LEFT JOIN posting_organization_current poc ON poc.posting_id = n.posting_id
LEFT JOIN organizations o ON o.organization_id = poc.organization_id
WHERE n.partition_date = :p
ORDER BY n.posting_id
"""


def facts_from_row(row: dict[str, Any]) -> PostingFacts:
    values = dict(row)
    for key in ("salary_min", "salary_max", "salary_annual_max"):
        values[key] = float(values[key]) if values.get(key) is not None else None
    values["organization_enriched"] = bool(values.get("organization_enriched"))
    values["description"] = values.get("description") or ""
    return PostingFacts(**{k: v for k, v in values.items() if k in PostingFacts.__dataclass_fields__})


def load_partition_facts(conn: Connection, partition: date) -> list[PostingFacts]:
    """Facts of every posting of one scrape date, in posting_id order."""
    return [facts_from_row(dict(r._mapping)) for r in conn.execute(sa.text(FACTS_SQL), {"p": partition})]

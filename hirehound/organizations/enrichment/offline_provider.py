"""The built-in provider that needs no network: what the postings themselves say about their employer.

JobSpy exports carry company columns (`company_url_direct`, `company_logo`, `company_industry`,
`company_num_employees`, `company_revenue`, `company_description`, `company_addresses`); other scrapers carry
some of them in `extra`. The most frequent non-empty value of each column across the organization's postings
becomes a `scrape` field value; the website's domain gives a `domain`-ranked logo guess. Industry from the
postings' own text is inferred later (`pipeline`), because it needs all postings together.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from hirehound.organizations.enrichment.fields import FieldValue
from hirehound.organizations.evidence import employer_domain

SOURCE_SCRAPE = "scrape"
SOURCE_DOMAIN = "domain"

# field -> keys that carry it in a posting's `extra` (JobSpy names first)
COLUMNS: dict[str, tuple[str, ...]] = {
    "website": ("company_url_direct", "company_website"),
    "logo_url": ("company_logo", "logo", "logo_url"),
    "industry_text": ("company_industry", "industry", "Industry"),
    "employee_count_text": ("company_num_employees", "company_size", "employees"),
    "revenue_text": ("company_revenue", "revenue"),
    "description": ("company_description",),
    "hq_raw": ("company_addresses", "company_address", "headquarters"),
}


@dataclass
class OrganizationEvidence:
    """What the pipeline knows about one organization before enrichment."""

    organization_id: str
    name: str
    kind: str
    domain: str | None = None
    company_urls: list[str] = field(default_factory=list)
    extras: list[dict[str, Any]] = field(default_factory=list)
    titles: list[str] = field(default_factory=list)
    descriptions: list[str] = field(default_factory=list)
    distinct_postings: int = 0


class OfflineProvider:
    name = "offline"

    def lookup(self, evidence: OrganizationEvidence, fetched_at: datetime) -> list[FieldValue]:
        values: list[FieldValue] = []
        for fld, keys in COLUMNS.items():
            winner = _most_common(_strings(extra.get(k) for extra in evidence.extras for k in keys))
            if winner is not None:
                value, share = winner
                values.append(FieldValue(fld, value, SOURCE_SCRAPE, fetched_at, round(0.6 + 0.3 * share, 3)))
        website = next((v.value for v in values if v.field == "website"), None)
        # A board's company page (linkedin.com/company/...) is not the employer's website.
        website = website or _most_common_value([u for u in evidence.company_urls if employer_domain(u)])
        domain = evidence.domain or employer_domain(website)
        if domain:
            values.append(FieldValue("domain", domain, SOURCE_SCRAPE, fetched_at, 0.8))
            if not website:
                values.append(FieldValue("website", f"https://{domain}", SOURCE_DOMAIN, fetched_at, 0.5))
            # Most sites serve a favicon at the root: a weak logo that any real logo URL outranks.
            values.append(FieldValue("logo_url", f"https://{domain}/favicon.ico", SOURCE_DOMAIN, fetched_at, 0.3))
        elif website:
            values.append(FieldValue("website", website, SOURCE_SCRAPE, fetched_at, 0.6))
        return values


def _strings(values: Iterable[Any]) -> list[str]:
    out = []
    for value in values:
        if isinstance(value, list):
            value = ", ".join(str(v) for v in value if v)
        if isinstance(value, int | float) and not isinstance(value, bool) and value == value:
            value = str(int(value))
        if isinstance(value, str) and value.strip() and value.strip().lower() not in ("nan", "none", "null"):
            out.append(value.strip())
    return out


def _most_common(values: list[str]) -> tuple[str, float] | None:
    if not values:
        return None
    counts = Counter(values)
    value, count = min(counts.items(), key=lambda item: (-item[1], item[0]))
    return value, count / len(values)


def _most_common_value(values: list[str]) -> str | None:
    winner = _most_common(_strings(values))
    return winner[0] if winner else None

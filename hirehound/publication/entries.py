"""What one catalogue entry says about a job: the best posting of a duplicate cluster, completed by its duplicates.

A cluster is one job seen on several boards or re-posted. Its entry shows the canonical posting (or, once that
one expired, the most recently seen active member), and fills what that posting lacks from the other members:
the employer when the canonical one hides it (agency or confidential), a salary, every location, every board,
and the union of skills. A cluster is left out when it is closed, has no active member, its posting is spam, or
its quality is below the floor; the reason is reported.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any


@dataclass(frozen=True)
class Member:
    posting_id: str
    source: str
    status: str  # active | expired
    first_seen: date
    last_seen: date
    latest_partition: date
    title: str
    url: str | None = None
    apply_url: str | None = None
    location_raw: str | None = None
    city: str | None = None
    region: str | None = None
    country_code: str | None = None
    remote_type: str | None = None
    salary_min: Any = None
    salary_max: Any = None
    salary_currency: str | None = None
    salary_period: str | None = None
    salary_annual_min: Any = None
    salary_annual_max: Any = None
    employment_type: str | None = None
    date_posted: date | None = None
    expires_at: datetime | None = None
    description: str = ""
    company_raw: str | None = None
    organization_id: str | None = None
    organization_name: str | None = None
    organization_kind: str | None = None
    quality: int | None = None
    is_spam: bool | None = None
    spam_probability: float | None = None
    skills: tuple[tuple[str, str], ...] = ()  # (skill_id, label)


@dataclass(frozen=True)
class Cluster:
    cluster_id: str
    canonical_posting_id: str
    status: str
    merged_into: str | None
    boards: tuple[str, ...] = ()
    members: tuple[Member, ...] = field(default_factory=tuple)


def location_text(m: Member) -> str | None:
    if m.location_raw:
        return m.location_raw
    return ", ".join(x for x in (m.city, m.region, m.country_code) if x) or None


def distinct_places(members: Sequence[Member]) -> list[str]:
    """One spelling per place, in member order: "Glasgow", "Glasgow, United Kingdom" and "Glasgow, Scotland, GB"
    are one place (same parsed city and country), shown as the first member's spelling."""
    places: dict[tuple[str, str], str] = {}
    for m in members:
        text = location_text(m)
        if not text:
            continue
        key = (m.city.casefold(), m.country_code or "") if m.city else ("", " ".join(text.casefold().split()))
        places.setdefault(key, text)
    # a bare city without a country is the same place as that city with one
    countryless = {k for k in places if k[0] and not k[1]}
    for key in countryless:
        if any(k[0] == key[0] and k[1] for k in places):
            del places[key]
    return list(places.values())


def salary_text(m: Member) -> str | None:
    if m.salary_min is None and m.salary_max is None:
        return None
    span = "-".join(f"{float(x):,.0f}" for x in (m.salary_min, m.salary_max) if x is not None)
    return " ".join(x for x in (span, m.salary_currency, f"/{m.salary_period}" if m.salary_period else None) if x)


def representative(c: Cluster) -> Member | None:
    """The canonical posting while it is active, else the most recently seen active member."""
    active = [m for m in c.members if m.status == "active"]
    canonical = next((m for m in active if m.posting_id == c.canonical_posting_id), None)
    if canonical is not None:
        return canonical
    return min(active, key=lambda m: (-m.last_seen.toordinal(), m.posting_id), default=None)


def exclusion(c: Cluster, rep: Member | None, quality_floor: int) -> str | None:
    """Why the cluster is not in the catalogue, or None when it is."""
    if c.merged_into or c.status != "open":
        return "cluster_closed"
    if rep is None:
        return "no_active_member"
    if rep.is_spam:
        return "spam"
    if rep.quality is None:
        return "not_scored"
    if rep.quality < quality_floor:
        return "below_quality_floor"
    return None


def _by_recency(c: Cluster, rep: Member) -> list[Member]:
    others = sorted((m for m in c.members if m is not rep), key=lambda m: (-m.last_seen.toordinal(), m.posting_id))
    return [rep, *others]


def build_entry(c: Cluster, quality_floor: int) -> tuple[dict[str, Any] | None, str | None]:
    """(catalogue row, None) or (None, reason left out)."""
    rep = representative(c)
    reason = exclusion(c, rep, quality_floor)
    if reason is not None or rep is None:
        return None, reason
    ordered = _by_recency(c, rep)
    org = next((m for m in ordered if m.organization_kind == "employer"), rep)
    pay = next((m for m in ordered if m.salary_min is not None or m.salary_max is not None), rep)
    locations = distinct_places(ordered)
    skill_counts: Counter[tuple[str, str]] = Counter(s for m in c.members for s in set(m.skills))
    skills = sorted(skill_counts, key=lambda s: (-skill_counts[s], s[1].casefold()))
    row = {
        "cluster_id": c.cluster_id, "posting_id": rep.posting_id, "partition_date": rep.latest_partition,
        "title": rep.title, "organization_id": org.organization_id,
        "organization": org.organization_name or org.company_raw, "organization_kind": org.organization_kind,
        "location": location_text(rep) or (locations[0] if locations else None), "locations": locations,
        "city": rep.city, "region": rep.region, "country_code": rep.country_code, "remote_type": rep.remote_type,
        "salary_min": pay.salary_min, "salary_max": pay.salary_max, "salary_currency": pay.salary_currency,
        "salary_period": pay.salary_period, "salary_annual_min": pay.salary_annual_min,
        "salary_annual_max": pay.salary_annual_max, "salary": salary_text(pay),
        "employment_type": rep.employment_type or next((m.employment_type for m in ordered if m.employment_type), None),
        "skills": [label for _, label in skills], "skill_ids": [sid for sid, _ in skills],
        "boards": sorted({*c.boards, *(m.source for m in c.members)}), "member_count": len(c.members),
        "first_seen": min(m.first_seen for m in c.members), "last_seen": max(m.last_seen for m in c.members),
        "date_posted": rep.date_posted, "expires_at": rep.expires_at, "url": rep.url,
        "apply_url": rep.apply_url or next((m.apply_url for m in ordered if m.apply_url), None),
        "quality_score": rep.quality, "spam_probability": rep.spam_probability,
        "description_snippet": rep.description[:500], "description": rep.description[:4000],
    }  # fmt: skip
    return row, None

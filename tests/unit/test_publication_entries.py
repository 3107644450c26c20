"""Catalogue entries: which posting represents a cluster, what is merged from duplicates, what is left out."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from hirehound.publication.entries import Cluster, Member, build_entry, distinct_places

D1, D2 = date(2026, 11, 1), date(2026, 11, 5)
CANON = Member(
    "a", "indeed", "active", D1, D1, D1, "Data Engineer", city="Berlin", country_code="DE", quality=80,
    is_spam=False, organization_id="org_agency", organization_name="Staffers", organization_kind="staffing_agency",
    skills=(("tech.python", "Python"),),
)  # fmt: skip
DUP = Member(
    "b", "linkedin", "active", D2, D2, D2, "Senior Data Engineer", location_raw="Munich, Bavaria", quality=60,
    is_spam=False, organization_id="org_acme", organization_name="Acme", organization_kind="employer",
    salary_min=70000, salary_max=90000, salary_currency="EUR", salary_period="year",
    skills=(("tech.python", "Python"), ("tech.sql", "SQL")),
)  # fmt: skip


def cluster(*members: Member, status: str = "open") -> Cluster:
    return Cluster("cl", "a", status, None, ("indeed",), members)


def test_canonical_posting_completed_by_its_duplicates() -> None:
    row, reason = build_entry(cluster(CANON, DUP), quality_floor=40)
    assert reason is None and row is not None
    assert row["posting_id"] == "a" and row["title"] == "Data Engineer"
    assert (row["organization"], row["organization_id"]) == ("Acme", "org_acme")  # employer over agency
    assert row["salary"] == "70,000-90,000 EUR /year"
    assert row["locations"] == ["Berlin, DE", "Munich, Bavaria"] and row["location"] == "Berlin, DE"
    assert row["boards"] == ["indeed", "linkedin"] and row["member_count"] == 2
    assert row["skills"] == ["Python", "SQL"] and row["skill_ids"] == ["tech.python", "tech.sql"]
    assert (row["first_seen"], row["last_seen"]) == (D1, D2)


def test_expired_canonical_is_replaced_by_latest_active_member() -> None:
    row, _ = build_entry(cluster(replace(CANON, status="expired"), DUP), quality_floor=40)
    assert row is not None and row["posting_id"] == "b" and row["partition_date"] == D2


def test_exclusions() -> None:
    assert build_entry(cluster(CANON, status="closed"), 40) == (None, "cluster_closed")
    assert build_entry(cluster(replace(CANON, status="expired")), 40) == (None, "no_active_member")
    assert build_entry(cluster(replace(CANON, is_spam=True), DUP), 40) == (None, "spam")
    assert build_entry(cluster(replace(CANON, quality=None)), 40) == (None, "not_scored")
    assert build_entry(cluster(CANON), 81) == (None, "below_quality_floor")


def test_one_place_is_listed_once_whatever_its_spellings() -> None:
    glasgow = [
        replace(DUP, posting_id="g1", location_raw="Glasgow, United Kingdom", city="Glasgow", country_code="GB"),
        replace(DUP, posting_id="g2", location_raw="Glasgow", city="Glasgow", country_code=None),
        replace(DUP, posting_id="g3", location_raw="Glasgow, Scotland, GB", city="Glasgow", country_code="GB"),
        replace(DUP, posting_id="g4", location_raw="Edinburgh, Scotland", city="Edinburgh", country_code="GB"),
        replace(DUP, posting_id="g5", location_raw="Remote", city=None, country_code=None),
        replace(DUP, posting_id="g6", location_raw=" remote ", city=None, country_code=None),
    ]
    assert distinct_places(glasgow) == ["Glasgow, United Kingdom", "Edinburgh, Scotland", "Remote"]

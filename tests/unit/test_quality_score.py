"""Posting completeness: 0-100 with a named reason for every check."""

from __future__ import annotations

from datetime import date

from hirehound.quality.facts import PostingFacts
from hirehound.quality.score import quality_score

FULL = PostingFacts(
    "p1", "Senior Data Engineer", "x" * 1600, company="Acme", url="u", apply_url="a", city="Berlin",
    salary_min=1.0, salary_max=2.0, employment_type="fulltime", seniority="senior", date_posted=date(2026, 1, 1),
    organization_kind="employer", organization_enriched=True,
)  # fmt: skip


def test_complete_posting_scores_100_and_empty_scores_0() -> None:
    assert quality_score(FULL).score == 100
    empty = quality_score(PostingFacts("p2", ""))
    assert empty.score == 0
    assert set(empty.missing) == {r.reason for r in empty.reasons}
    assert sum(r.max_points for r in empty.reasons) == 100


def test_partial_information_scores_partial_points() -> None:
    from dataclasses import replace

    q = quality_score(
        replace(FULL, salary_max=None, organization_enriched=False, apply_url=None, description="x" * 700)
    )
    points = {r.reason: r.points for r in q.reasons}
    assert points == {
        "description_length": 18, "salary": 14, "organization": 10, "location": 10, "apply_url": 6, "title": 5,
        "employment_type": 5, "date_posted": 5, "seniority": 5,
    }  # fmt: skip
    assert q.score == 78 and q.missing == ()
    agency = quality_score(replace(FULL, organization_kind="confidential", company=None))
    assert ("organization", 0) in {(r.reason, r.points) for r in agency.reasons}

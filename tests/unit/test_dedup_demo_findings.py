"""Regressions found by scoring dedup on the demo ground truth: seniority, generic apply URLs, place parsing."""

from __future__ import annotations

from datetime import date

import numpy as np

from hirehound.dedup.records import PostingRecord
from hirehound.dedup.scoring import decide
from hirehound.dedup.signals import compute_signals, title_levels
from hirehound.ingestion.locations import parse_location

D0 = date(2026, 11, 20)
BODY = " ".join(f"word{i % 97} term{i % 13}" for i in range(200))


# Each posting on its own board by default: two listings of one board at the same time are two jobs.
def rec(pid: str, **kw: object) -> PostingRecord:
    base: dict[str, object] = dict(
        posting_id=pid, source=f"board{pid}", title="Data Scientist", description=BODY, content_hash=pid,
        first_seen=D0, last_seen=D0, organization_id="org_a", city="Birmingham", country_code="GB",
    )  # fmt: skip
    base.update(kw)
    return PostingRecord(**base)  # type: ignore[arg-type]


def test_seniority_words_fold_abbreviations_and_ignore_order() -> None:
    assert title_levels("Sr. Data Engineer") == title_levels("Data Engineer (Senior)") == {"senior"}
    assert title_levels("Data Engineer - Remote") == title_levels("Data Engineer (m/w/d)") == frozenset()
    assert title_levels("Staff Data Scientist") != title_levels("Data Scientist")


def test_another_seniority_of_the_same_role_is_another_job() -> None:
    vec = np.ones(4, dtype=np.float32) / 2
    reworded = {"description": BODY[: len(BODY) // 2] + " other words here", "vector": vec}
    same = decide(compute_signals(rec("a", vector=vec), rec("b", **reworded)))
    assert same.accepted
    senior = decide(compute_signals(rec("a", vector=vec), rec("b", title="Staff Data Scientist", **reworded)))
    assert not senior.accepted and "seniority" in senior.reason


def test_a_generic_apply_url_does_not_join_different_jobs() -> None:
    url = "google.com/search?ibp=htl;jobs&q=jobs"  # the job is in the #fragment, which canonical URLs drop
    a = rec("a", apply_url=url, organization_id=None, description="picker packer warehouse shifts " * 30)
    b = rec("b", apply_url=url, organization_id=None, title="Frontend Developer", city="Denver", country_code="US")
    assert not decide(compute_signals(a, b)).accepted
    same_job = rec("c", apply_url=url, organization_id=None, description="a different text " * 40)
    assert decide(compute_signals(a, same_job)).accepted
    ats = decide(compute_signals(rec("d", ats_key="gh:x:1"), rec("e", ats_key="gh:x:1", title="Principal X")))
    assert ats.accepted  # an ATS job id names one requisition whatever the titles say


def test_region_and_country_code_after_a_city() -> None:
    assert parse_location("Toronto, ON, CA").country_code == "CA"
    assert parse_location("Pune, Maharashtra, IN").country_code == "IN"
    assert parse_location("Elkton, VA").country_code == "US"  # a two-letter state right after the city
    assert parse_location("Hybrid remote in Denver").city == "Denver"


def test_two_different_staffing_agencies_are_different_organizations() -> None:
    agency = {"organization_id": None, "content_hash": "x"}
    tek = rec("a", company_raw="TEKsystems", agency_id="org_tek", **agency)
    manpower = rec("b", company_raw="Manpower Services India Pvt Ltd", agency_id="org_mp", **agency)
    assert decide(compute_signals(tek, manpower)).reason == "different organizations"
    tek_again = rec("c", company_raw="TEKsystems, Inc.", agency_id="org_tek2", **agency)  # a split spelling
    assert decide(compute_signals(tek, tek_again)).accepted

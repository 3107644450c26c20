"""Requisition ids as evidence both ways, titles that name another opening, and ATS identity across forms."""

from __future__ import annotations

import random
from datetime import date, timedelta

import numpy as np
import pytest

from hirehound.dedup.clustering import Edge, build_clusters, pair_key
from hirehound.dedup.records import PostingRecord
from hirehound.dedup.scoring import decide
from hirehound.dedup.signals import compute_signals
from hirehound.dedup.titles import title_relation
from hirehound.ingestion.identity import ats_identity_key
from hirehound.ingestion.urls import ats_job

BODY = " ".join(random.Random(11).choice([f"w{i}" for i in range(2000)]) for _ in range(200))
D0 = date(2025, 3, 1)
VEC = np.ones(4, dtype=np.float32) / 2


# Each posting on its own board by default: two listings of one board at the same time are two jobs.
def rec(pid: str, job_id: str | None = None, **kw: object) -> PostingRecord:
    base: dict[str, object] = dict(
        posting_id=pid, source=f"board{pid}", title="Software Engineer - Intern, Remote", description=BODY,
        content_hash="same-text", first_seen=D0, last_seen=D0 + timedelta(days=20), organization_id="org_a",
        country_code="US", remote_type="remote", vector=VEC,
    )  # fmt: skip
    if job_id:
        base.update(ats_key=ats_identity_key("greenhouse", "acme", job_id), ats_tenant="greenhouse:acme")
    base.update(kw)
    return PostingRecord(**base)  # type: ignore[arg-type]


def test_two_ats_ids_of_one_tenant_are_two_jobs_even_with_identical_text() -> None:
    verdict = decide(compute_signals(rec("a", "111"), rec("b", "222")))
    assert not verdict.accepted and verdict.reason == "different requisitions of one employer"


def test_48_identical_openings_stay_48_clusters() -> None:
    records = [rec(f"p{i:02d}", str(1000 + i)) for i in range(48)]
    accepted: dict[tuple[str, str], Edge] = {}
    for x in records:
        for y in records:
            if x.posting_id < y.posting_id and (v := decide(compute_signals(x, y))).accepted:
                accepted[pair_key(x.posting_id, y.posting_id)] = Edge(v.duplicate_type or "", v.score)
    assert accepted == {}
    assert len(build_clusters(records, accepted)) == 48


def test_ids_of_one_employer_on_two_tenant_spellings_are_still_two_jobs() -> None:
    a = rec("a", "111")
    b = rec("b", ats_key=ats_identity_key("greenhouse", "acmecareers", "222"), ats_tenant="greenhouse:acmecareers")
    assert not decide(compute_signals(a, b)).accepted  # same employer, same vendor, two ids


def test_a_repost_under_a_new_id_is_temporal_only_once_the_first_is_gone() -> None:
    first = rec("a", "111", last_seen=D0 + timedelta(days=25))
    later = rec("b", "222", first_seen=D0 + timedelta(days=30), last_seen=D0 + timedelta(days=40))
    verdict = decide(compute_signals(first, later))
    assert verdict.accepted and verdict.duplicate_type == "TEMPORAL"
    months_later = rec("b", "222", first_seen=D0 + timedelta(days=120), last_seen=D0 + timedelta(days=130))
    assert not decide(compute_signals(first, months_later)).accepted  # hiring again: a new opening
    still_listed = rec("a", "111", last_seen=D0 + timedelta(days=30))  # seen on the day the new id appeared
    assert not decide(compute_signals(still_listed, later)).accepted
    retitled = rec("b", "222", first_seen=D0 + timedelta(days=30), title="Software Engineer - Intern, Backend",
                   content_hash="other")  # fmt: skip
    assert not decide(compute_signals(first, retitled)).accepted


def test_same_ats_id_is_one_job_whatever_the_title() -> None:
    verdict = decide(compute_signals(rec("a", "111"), rec("b", "111", title="New Grad 2025: Software Engineer")))
    assert verdict.accepted


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Software Engineer Intern - Summer 2025", "Software Engineer Intern - Spring 2025"),
        ("Software Engineer Intern (Fall 2024)", "Software Engineer Intern (Summer 2024)"),
        ("New Grad 2024: Software Engineer", "New Grad 2025: Software Engineer"),
        ("Software Engineer, Backend", "Software Engineer, Frontend"),
        ("Software Engineer Intern", "Software Engineer, New Grad"),
        ("Software Engineer I", "Software Engineer II"),
        ("Data Analyst III", "Data Analyst II"),
        ("Software Engineering Intern (BS)", "Software Engineering Intern (MS)"),
        ("Camp Director", "Assistant Camp Director"),
    ],
)
def test_titles_of_another_term_track_stage_or_level_are_another_job(a: str, b: str) -> None:
    assert title_relation(a, b).startswith("conflict")
    verdict = decide(compute_signals(rec("x", title=a, content_hash="1"), rec("y", title=b, content_hash="2")))
    assert not verdict.accepted  # identical description, cosine 1.0


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Software Engineer – New Grad", "Software Engineer (New Grad)"),
        ("Sr. Data Engineer", "Data Engineer, Senior"),
        ("Data Engineer", "Data Engineer - Remote"),
        ("Housekeeper", "Housekeeper (m/w/d)"),
        ("Software Engineer Intern", "Software Engineer Intern - Summer 2024"),  # one board drops the term
        ("Back End Developer", "Backend Developer"),
        ("Software Engineering Internship", "Software Engineer Intern"),
    ],
)
def test_format_variants_of_one_title_are_the_same_role(a: str, b: str) -> None:
    assert title_relation(a, b) == "same"
    verdict = decide(compute_signals(rec("x", title=a, content_hash="1"), rec("y", title=b, content_hash="2")))
    assert verdict.accepted


CAMP_ROLES = [
    "Camp Director", "Assistant Camp Director", "Day Camp Director", "Sports Camp Director",
    "Aquatics Director", "Arts and Crafts Director", "Program Director", "Waterfront Director",
    "Adventure Camp Director", "Teen Travel Camp Director", "Specialty Camp Director",
]  # fmt: skip


def test_eleven_camp_roles_sharing_boilerplate_stay_eleven_entries() -> None:
    words = BODY.split()
    records = []
    for i, title in enumerate(CAMP_ROLES):  # the same intro, benefits and EEO text, a few role-specific words
        text = " ".join(words[:180] + [f"duty{i}x{j}" for j in range(8)] + words[180:])
        records.append(rec(f"c{i:02d}", title=title, description=text, content_hash=f"h{i}", remote_type=None,
                           city="Brooklyn", first_seen=D0 + timedelta(days=i % 3)))  # fmt: skip
    accepted = {}
    for x in records:
        for y in records:
            if x.posting_id < y.posting_id and (v := decide(compute_signals(x, y))).accepted:
                accepted[pair_key(x.posting_id, y.posting_id)] = Edge(v.duplicate_type or "", v.score)
    assert accepted == {}
    assert len(build_clusters(records, accepted)) == 11


@pytest.mark.parametrize(
    ("url", "key"),
    [
        ("https://acme.wd5.myworkdayjobs.com/en-US/External/job/Austin/Engineer_R0001113-2", "workday:acme:R0001113"),
        ("https://acme.wd5.myworkdayjobs.com/External/job/Austin/Engineer_R0001113/apply", "workday:acme:R0001113"),
        (
            "https://wdc.wd1.myworkdayjobs.com/WD/job/US-CA/Software-Engineering-Intern_23WD72449",
            "workday:wdc:23WD72449",
        ),
        ("https://wd1.myworkdaysite.com/recruiting/acme/Ext/job/Remote/Analyst_JR-0042", "workday:acme:JR-0042"),
        ("https://boards.greenhouse.io/figma/jobs/5012345", "greenhouse::5012345"),
        ("https://www.figma.com/careers/job/?gh_jid=5012345", "greenhouse::5012345"),  # the employer's own page
        ("https://job-boards.greenhouse.io/embed/job_app?for=figma&token=5012345", "greenhouse::5012345"),
    ],
)
def test_ats_identity_across_url_forms(url: str, key: str) -> None:
    job = ats_job(url)
    assert job is not None and ats_identity_key(job.vendor, job.tenant, job.job_id) == key


def test_workday_ids_are_per_tenant_and_job_pages_without_an_id_have_none() -> None:
    assert ats_identity_key("workday", "acme", "R1") != ats_identity_key("workday", "other", "R1")
    assert ats_job("https://acme.wd5.myworkdayjobs.com/External/job/Austin/Intern-Summer-2024") is None
    assert ats_job("https://acme.wd5.myworkdayjobs.com/External/job/Austin/Intern_2024") is None


def test_two_listings_of_one_board_at_the_same_time_are_two_jobs_without_any_url() -> None:
    # Apply URLs removed (an aggregator's list): a board lists a job once, so two ids listed together are two jobs.
    a, b = rec("a", source="simplify", source_job_id="s1"), rec("b", source="simplify", source_job_id="s2")
    assert decide(compute_signals(a, b)).reason == "two listings of one board at the same time"
    later = rec("b", source="simplify", source_job_id="s2", first_seen=D0 + timedelta(days=30),
                last_seen=D0 + timedelta(days=35))  # fmt: skip
    first = rec("a", source="simplify", source_job_id="s1", last_seen=D0 + timedelta(days=27))
    verdict = decide(compute_signals(first, later))
    assert verdict.accepted and verdict.duplicate_type == "TEMPORAL"  # re-listed once the first was gone
    assert decide(compute_signals(a, rec("b", source="indeed", source_job_id="s2"))).accepted  # on another board


def test_a_board_without_its_own_ids_does_not_say_two_listings_are_two_jobs() -> None:
    # A scraped careers site keyed by URL can show one job under two links (a tracking variant, a second page):
    # only a board that numbers its listings says "two ids, two jobs", so these are judged on the evidence.
    a, b = rec("a", source="acme-careers"), rec("b", source="acme-careers")
    verdict = decide(compute_signals(a, b))
    assert verdict.accepted and verdict.duplicate_type == "FULL"
    one_with_id = decide(compute_signals(rec("a", source="acme-careers", source_job_id="77"), b))
    assert one_with_id.accepted


def test_listings_without_descriptions_match_on_the_role_of_one_employer() -> None:
    bare = {"description": "", "vector": None, "remote_type": None, "city": "Austin"}
    a = rec("a", title="Software Engineering - Intern", content_hash="1", **bare)
    b = rec("b", title="Software Engineering Intern - Summer 2024", content_hash="2", **bare)
    verdict = decide(compute_signals(a, b))
    assert verdict.accepted and verdict.duplicate_type == "SEMANTIC"
    other = rec("b", title="Hardware Engineering Intern", content_hash="3", **bare)
    assert not decide(compute_signals(a, other)).accepted
    unknown = rec("b", title="Software Engineering Intern", content_hash="4", organization_id=None, **bare)
    assert not decide(compute_signals(a, unknown)).accepted  # a title alone does not tie two unknown employers

"""Name normalization, kinds, evidence and matching decisions, including the hard cases from domain.md."""

from __future__ import annotations

import pytest

from hirehound.organizations.evidence import ats_tenant, employer_domain, posting_identifiers
from hirehound.organizations.kinds import CONFIDENTIAL, EMPLOYER, STAFFING_AGENCY, organization_kind
from hirehound.organizations.matching import Candidate, decide
from hirehound.organizations.memory_index import MemoryIndex
from hirehound.organizations.normalize import core_key, normalize_name
from hirehound.organizations.resolver import PostingInput, organization_id_for, resolve


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Outbrain Inc.", "outbrain"),
        ("ＡＣＭＥ  Corp", "acme"),  # NFKC folds full-width letters
        ("Johnson & Johnson", "johnson and johnson"),
        ("Acme (Remote)", "acme"),
        ("Acme - Careers", "acme"),
        ("Cycode | Complete ASPM", "cycode"),
        ("HEQA Security (Formerly QuantLR)", "heqa security"),
        ("Toga Networks-a Huawei Company", "toga networks"),
        ("Société Générale S.A.", "societe generale"),
        ("Inc", "inc"),
    ],
)
def test_normalize_name(raw: str, expected: str) -> None:
    assert normalize_name(raw) == expected


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Unity", "Unity Technologies"),
        ("Whatnot", "WhatNot"),
        ("BMO", "Bank of Montreal"),
        ("InvoiceCloud", "EngageSmart"),  # a product name for its company (curated)
        ("Check Point Software", "Check Point Software Technologies Ltd."),
        ("Gini-Apps", "GiniApps"),
        ("Asana", "Asana Early Career Programs"),
    ],
)
def test_same_employer_same_core_key(a: str, b: str) -> None:
    assert core_key(a) == core_key(b)


@pytest.mark.parametrize(
    ("a", "b"),
    [("Acme Technologies", "Apex Technologies"), ("Milford", "Ilford"), ("Coro", "Core"), ("Nisha", "Nasha")],
)
def test_different_employers_do_not_match(a: str, b: str) -> None:
    cand = Candidate("org_b", core_key(b), tuple(normalize_name(b).split()))
    assert decide(core_key(a), tuple(normalize_name(a).split()), [cand]) is None


def test_fuzzy_typo_matches_long_names_only() -> None:
    cand = Candidate("org_x", "engagesmartly", ("engagesmartly",))
    decision = decide("engagesmartl", ("engagesmartl",), [cand])
    assert decision is not None and decision.method == "fuzzy"


def test_prefix_match_only_when_unambiguous() -> None:
    one = Candidate("org_1", "capstoneinvestmentadvisors", ("capstone", "investment", "advisors"))
    two = Candidate("org_2", "capstonelogistics", ("capstone", "logistics"))
    assert decide("capstone", ("capstone",), [one]).method == "prefix"  # type: ignore[union-attr]
    assert decide("capstone", ("capstone",), [one, two]) is None


def test_kinds() -> None:
    assert organization_kind("Confidential") == CONFIDENTIAL
    assert organization_kind("") == CONFIDENTIAL
    assert organization_kind("Robert Half") == STAFFING_AGENCY
    assert organization_kind("Acme Staffing Solutions") == STAFFING_AGENCY
    assert organization_kind("Acme") == EMPLOYER


def test_evidence_ignores_boards_and_ats_hosts() -> None:
    assert employer_domain("https://careers.acme.co.uk/x") == "acme.co.uk"
    assert employer_domain("https://www.linkedin.com/company/acme") is None
    assert employer_domain("https://boards.greenhouse.io/acme") is None
    assert ats_tenant("https://jobs.lever.co/acme-inc/123").value == "acme-inc"  # type: ignore[union-attr]
    assert ats_tenant("https://acme.wd1.myworkdayjobs.com/en-US/ext/job/X_R123").value == "acme"  # type: ignore[union-attr]
    assert ats_tenant("https://jobs.ashbyhq.com/acme/uuid").kind == "ats:ashby"  # type: ignore[union-attr]
    ids = posting_identifiers(source="indeed", company_url=None, apply_url="https://www.indeed.com/x", extra=None)
    assert ids == []


def test_resolver_keeps_confidential_and_agencies_apart_and_ids_stable() -> None:
    rows = [
        PostingInput("p1", "indeed", "Confidential"),
        PostingInput("p2", "indeed", "Confidential"),
        PostingInput("p3", "indeed", "Robert Half"),
        PostingInput("p4", "indeed", "Robert Half", apply_url="https://boards.greenhouse.io/acme/jobs/1"),
        PostingInput("p5", "linkedin", "Acme", apply_url="https://boards.greenhouse.io/acme/jobs/2"),
        PostingInput("p6", "linkedin", "Unity Technologies Inc."),
    ]
    res = resolve(rows, MemoryIndex())
    org = {a.posting_id: a.organization_id for a in res.assignments}
    assert org["p1"] != org["p2"]
    assert org["p3"] == org["p4"] != org["p5"]  # the agency's apply URL does not link it to the client
    assert org["p6"] == organization_id_for("employer", "unity")
    again = resolve(list(reversed(rows)), MemoryIndex())
    assert {a.posting_id: a.organization_id for a in again.assignments} == org


def test_identifier_beats_a_related_name_not_an_unrelated_one() -> None:
    index = MemoryIndex()
    index.apply(resolve([PostingInput("p1", "indeed", "Acme Robotics", company_url="https://acme.io")], index))
    # "Acme" alone is too short for a name match, but it does not contradict the domain's owner: the domain wins.
    res = resolve([PostingInput("p2", "linkedin", "ACME", company_url="https://www.acme.io/about")], index)
    assert res.assignments[0].method == "identifier"
    assert res.assignments[0].organization_id == organization_id_for("employer", "acmerobotics")
    # An unrelated name on the same domain is another employer (one shared identifier is not enough).
    other = resolve([PostingInput("p3", "linkedin", "Roadrunner Labs", company_url="https://www.acme.io/about")], index)
    assert other.assignments[0].organization_id == organization_id_for("employer", "roadrunner")
    assert other.contested == 1


def test_new_spellings_in_one_batch_cluster_together() -> None:
    res = resolve(
        [
            PostingInput(f"p{i}", "x", n)
            for i, n in enumerate(["Roadrunner Freight", "Roadrunnner Freight", "RoadRunner Freight"])
        ],
        MemoryIndex(),
    )
    assert len({a.organization_id for a in res.assignments}) == 1


def test_jobspy_board_page_does_not_hide_the_employer_site() -> None:
    ids = posting_identifiers(
        source="linkedin",
        company_url="https://www.linkedin.com/company/acme-robotics",
        apply_url=None,
        extra={
            "company_url": "https://www.linkedin.com/company/acme-robotics",
            "company_url_direct": "https://acme.io",
        },
    )
    assert [(i.kind, i.value) for i in ids] == [("domain", "acme.io"), ("board:linkedin", "acme-robotics")]


def test_conflicting_identifier_vetoes_a_weak_name_match() -> None:
    index = MemoryIndex()
    index.apply(resolve([PostingInput("p1", "indeed", "Lumen Technologies", company_url="https://lumen.com")], index))
    same = resolve([PostingInput("p2", "indeed", "Lumen Inc", company_url="https://www.lumen.com/careers")], index)
    other = resolve([PostingInput("p3", "x", "Lumen Analytics", company_url="https://lumenanalytics.io")], index)
    no_evidence = resolve([PostingInput("p4", "x", "Lumen Analytics")], index)
    lumen = organization_id_for("employer", "lumen")
    assert same.assignments[0].organization_id == lumen
    assert other.assignments[0].organization_id == organization_id_for("employer", "lumenanalytics")
    assert no_evidence.assignments[0].method == "prefix"  # names alone cannot tell; documented trade-off


def test_a_posting_with_identifiers_of_two_organizations_links_them() -> None:
    # Reverse day order: the employer's board page and its ATS were first seen under two names, two organizations.
    board = {"company_url": "https://www.indeed.com/cmp/Pinecrest-Financial"}
    ats = "https://pinecrest.wd1.myworkdayjobs.com/x/job/"
    index = MemoryIndex()
    first = [
        PostingInput("p1", "indeed", "Pinecrest Financial", extra=board),
        PostingInput("p2", "zip_recruiter", "Pinecrest Bank, N.A.", apply_url=ats + "1"),
    ]
    index.apply(resolve(first, index))
    financial = organization_id_for("employer", "pinecrestfinancial")
    bank = organization_id_for("employer", "pinecrestbankna")
    res = resolve([PostingInput("p3", "indeed", "Pinecrest Financial", apply_url=ats + "2", extra=board)], index)
    assert res.linked == {tuple(sorted((financial, bank)))}
    assert resolve([PostingInput("p4", "indeed", "Pinecrest Financial", extra=board)], index).linked == set()


def test_match_labels_do_not_depend_on_what_was_resolved_first() -> None:
    """A posting keeps its label when re-resolved (a re-run, or its second day) and in either day order (a related
    spelling joins by identifier: an unrelated one would not, see test_organizations_hosts)."""
    founder = PostingInput("p1", "indeed", "Acme Robotics", company_url="https://acme.io")
    sibling = PostingInput("p2", "linkedin", "Acme", company_url="https://www.acme.io/jobs")
    first = resolve([founder, sibling], MemoryIndex())
    labels = {a.posting_id: a.method for a in first.assignments}
    assert labels == {"p1": "exact_key", "p2": "identifier"}
    index = MemoryIndex()
    index.apply(first)
    again = resolve([sibling, founder], index)  # the next day sees both again, in another order
    assert {a.posting_id: a.method for a in again.assignments} == labels

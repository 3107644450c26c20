"""Shared hosts are not employers: the maintained host list, tenants, evidence specificity and name conflicts."""

from __future__ import annotations

import pytest

from hirehound.organizations.evidence import ats_tenant, employer_domain, posting_identifiers
from hirehound.organizations.hosts import HostListError, host_list, parse_host_list
from hirehound.organizations.memory_index import MemoryIndex
from hirehound.organizations.names import names_conflict
from hirehound.organizations.resolver import PostingInput, organization_id_for, resolve
from hirehound.organizations.spellings import unrelated_spellings


def test_host_list_loads_and_goes_wide() -> None:
    hosts = host_list().hosts
    assert len(hosts) >= 200
    for domain in ("simplify.jobs", "ripplematch.com", "careerpuck.com", "eightfold.ai", "myworkdaysite.com",
                   "myworkdayjobs.com", "greenhouse.io", "lever.co", "ashbyhq.com", "smartrecruiters.com",
                   "workable.com", "indeed.com", "linkedin.com", "glassdoor.com", "ziprecruiter.com"):  # fmt: skip
        assert domain in hosts, domain
    assert all(h.vendor for h in hosts.values() if h.tenant_patterns)


@pytest.mark.parametrize(
    "data",
    [
        {"ats": [{"vendor": "x"}]},
        {"ats": [{"domain": "a.com", "tenant": ["([a-z]+"], "vendor": "a"}]},
        {"ats": [{"domain": "a.com", "tenant": ["^a\\.com/[a-z]+"], "vendor": "a"}]},
        {"ats": [{"domain": "a.com", "tenant": ["^a\\.com/([a-z]+)"]}]},
        {"ats": [{"domain": "a.com"}], "boards": [{"domain": "a.com"}]},
        ["a.com"],
    ],
)
def test_a_malformed_host_list_fails_loudly(data: object) -> None:
    with pytest.raises(HostListError):
        parse_host_list(data)


@pytest.mark.parametrize(
    "url",
    [
        "https://simplify.jobs/p/0c7a2b1e-1111-2222-3333-444455556666/Software-Engineer-Intern",
        "https://app.ripplematch.com/v2/public/job/abc123",
        "https://wd5.myworkdaysite.com/en-US/recruiting/",
        "https://www.linkedin.com/jobs/view/123",
        "https://www.indeed.com/viewjob?jk=abc",
        "https://eightfold.ai/careers",
        "https://bit.ly/3abc",
    ],
)
def test_aggregator_and_board_hosts_say_nothing_about_the_employer(url: str) -> None:
    assert employer_domain(url) is None
    assert ats_tenant(url) is None
    assert posting_identifiers(source="x", company_url=url, apply_url=url, extra=None) == []


@pytest.mark.parametrize(
    ("url", "kind", "tenant"),
    [
        ("https://boards.greenhouse.io/figma/jobs/5123", "ats:greenhouse", "figma"),
        ("https://job-boards.eu.greenhouse.io/acme/jobs/1", "ats:greenhouse", "acme"),
        ("https://boards.greenhouse.io/embed/job_app?token=1&for=mongodb", "ats:greenhouse", "mongodb"),
        ("https://jobs.lever.co/palantir/7c1a", "ats:lever", "palantir"),
        ("https://wdc.wd5.myworkdayjobs.com/en-US/WD/job/R1", "ats:workday", "wdc"),
        ("https://dell.wd1.myworkdaysite.com/en-US/External/job/R2", "ats:workday", "dell"),
        ("https://wd5.myworkdaysite.com/en-US/recruiting/astranis/External/job/R3", "ats:workday", "astranis"),
        ("https://aexp.eightfold.ai/careers?pid=1", "ats:eightfold", "aexp"),
        ("https://app.careerpuck.com/job-board/lyft/job/1", "ats:careerpuck", "lyft"),
        ("https://careers-imc.icims.com/jobs/1/job", "ats:icims", "imc"),
        ("https://apply.workable.com/nominal/j/ABC/", "ats:workable", "nominal"),
        ("https://willowtree.bamboohr.com/careers/12", "ats:bamboohr", "willowtree"),
    ],
)
def test_tenants_of_shared_hosts_are_evidence(url: str, kind: str, tenant: str) -> None:
    found = ats_tenant(url)
    assert found is not None and (found.kind, found.value) == (kind, tenant)
    assert employer_domain(url) is None


def test_generic_path_words_are_not_tenants() -> None:
    assert ats_tenant("https://boards.greenhouse.io/embed/job_board") is None
    assert ats_tenant("https://www.bamboohr.com/careers") is None


@pytest.mark.parametrize(
    ("a", "b", "conflict"),
    [
        ("Western Digital", "Astranis", True),
        ("PayPal", "Snap Inc.", True),
        ("Notion", "Figma", True),
        ("Pinecrest Financial", "Pinecrest Bank, N.A.", False),
        ("Unity", "Unity Technologies", False),
        ("Snap", "Snapchat", False),
        ("Whatnot", "WhatNott", False),
        ("IMC", "Interactive Media Center", False),  # initials
        ("WD", "Western Digital", False),
        ("", "Dell", False),  # no name contradicts nothing
    ],
)
def test_names_conflict(a: str, b: str, conflict: bool) -> None:
    assert names_conflict(a, b) is conflict
    assert names_conflict(b, a) is conflict


def test_a_shared_aggregator_host_does_not_make_one_employer() -> None:
    employers = ["Western Digital", "Astranis", "Dell", "Talos", "IMC", "Nominal", "WillowTree"]
    rows = [
        PostingInput(f"p{i}{j}", "simplify", name, company_url="https://simplify.jobs/c/x", apply_url=url)
        for i, name in enumerate(employers)
        for j, url in enumerate(
            ["https://simplify.jobs/p/abc", "https://wd5.myworkdaysite.com/en-US/recruiting/", "https://eightfold.ai/"]
        )
    ]
    index = MemoryIndex()
    first = resolve(rows[:3], index)  # Western Digital seen alone first: the hosts must not become its identifiers
    index.apply(first)
    assert first.new_identifiers == {}
    rest = resolve(rows[3:], index)
    orgs = {a.alias: a.organization_id for a in [*first.assignments, *rest.assignments]}
    assert len(set(orgs.values())) == len(employers)
    assert rest.linked == set()


def test_an_unknown_shared_host_cannot_move_an_established_employer() -> None:
    # PayPal is seen first on a portal the list does not know; Snap already exists under its own name.
    index = MemoryIndex()
    index.apply(resolve([PostingInput("p1", "x", "PayPal", company_url="https://jobs.newportal.example.com")], index))
    index.apply(resolve([PostingInput("p2", "x", "Snap Inc.")], index))
    res = resolve([PostingInput("p3", "x", "Snap Inc.", company_url="https://jobs.newportal.example.com")], index)
    assert res.assignments[0].organization_id == organization_id_for("employer", "snap")
    assert res.contested == 1 and res.linked == set()
    # a new, related spelling on the same portal still follows the identifier
    same = resolve([PostingInput("p4", "x", "PayPal Holdings", company_url="https://newportal.example.com/j")], index)
    assert same.assignments[0].organization_id == organization_id_for("employer", "paypal")


def test_unrelated_spellings_are_counted_once_per_employer() -> None:
    spellings = [("Western Digital", 40), ("WD", 2), ("Western Digital Corp", 5), ("Astranis", 3),
                 ("ASTRANIS", 1), ("Dell", 4), ("Talos", 1)]  # fmt: skip
    found = unrelated_spellings("Western Digital", spellings)
    assert found == [("Astranis", 4), ("Dell", 4), ("Talos", 1)]  # WD abbreviates the name: related


def test_every_organization_a_batch_links_to_is_created() -> None:
    # Found on the real Simplify dev set: "Amazon" founds the organization "Amazon Robotics" joins (prefix), and
    # Amazon's own posting goes by the amazon.jobs domain first seen on the Amazon Robotics posting, so no posting
    # of the founder was assigned by name: the organization must be created all the same.
    rows = [
        PostingInput("p1", "simplify", "Amazon Robotics", apply_url="https://www.amazon.jobs/en/jobs/1/sde"),
        PostingInput("p2", "simplify", "Amazon", apply_url="https://www.amazon.jobs/en/jobs/2/intern"),
    ]
    for batch in (rows, rows[::-1]):
        res = resolve(batch, MemoryIndex())
        assert {a.organization_id for a in res.assignments} <= set(res.new_organizations)
        assert len({a.organization_id for a in res.assignments}) == 1


def test_an_ats_tenant_on_another_vendor_vetoes_a_prefix_match() -> None:
    # From the Simplify dev set: Cohere (Lever) and Cohere Health (Greenhouse) are two employers.
    index = MemoryIndex()
    index.apply(resolve([PostingInput("p1", "x", "Cohere", apply_url="https://jobs.lever.co/cohere/1")], index))
    other = resolve(
        [PostingInput("p2", "x", "Cohere Health", apply_url="https://boards.greenhouse.io/coherehealth/jobs/2")], index
    )
    same = resolve(
        [PostingInput("p3", "x", "Cohere AI", apply_url="https://boards.greenhouse.io/cohere/jobs/3")], index
    )
    assert other.assignments[0].organization_id == organization_id_for("employer", "coherehealth")
    assert same.assignments[0].organization_id == organization_id_for("employer", "cohere")

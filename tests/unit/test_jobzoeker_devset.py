"""The jobzoeker dev set's silver label: which job an employer's direct link names, whatever board sent the click."""

from __future__ import annotations

from bench.realdata.jobzoeker_devset import canonical_link, link_label


def test_one_job_linked_from_two_boards_has_one_label() -> None:
    indeed = "https://www.nn-careers.com/vacature/2294/data-scientist-gen-ai-2?source=Indeed"
    linkedin = "https://www.nn-careers.com/vacature/2294/data-scientist-gen-ai-2?apply=1&source=LinkedIn&urlHash=x"
    assert link_label(indeed) == link_label(linkedin) == "url:nn-careers.com/vacature/2294/data-scientist-gen-ai-2"
    # LinkedIn appends "&urlHash=" to links without a query; boards' names in parameters are per click
    assert canonical_link("https://jobs.cm.com/o/dev&urlHash=QCOV") == "jobs.cm.com/o/dev"
    assert canonical_link("https://x.com/careers/job-1?appsource=LinkedIn") == "x.com/careers/job-1"
    assert canonical_link("https://jobs.booking.com/jobs/1?indeed-apply-token=ab") == "jobs.booking.com/jobs/1"


def test_the_query_and_fragment_that_name_the_job_are_kept() -> None:
    a = "https://lde.tbe.taleo.net/careers/viewRequisition?org=MSFOCA&cws=53&rid=44840"
    b = "https://lde.tbe.taleo.net/careers/viewRequisition?org=MSFOCA&cws=53&rid=47298"
    assert link_label(a) != link_label(b)
    assert canonical_link("https://careers.db.com/roles/index?#/professional/job/56413") != canonical_link(
        "https://careers.db.com/roles/index?#/professional/job/55000"
    )


def test_ats_ids_win_and_links_naming_no_job_give_no_label() -> None:
    assert link_label("https://boards.greenhouse.io/acme/jobs/6772118?gh_src=x") == "greenhouse:6772118"
    assert link_label("https://nl.indeed.com/viewjob?jk=1") is None  # the board itself
    assert link_label("https://grnh.se/0c0a3f861us") is None  # one code per channel
    assert link_label("https://www.efinancialcareers.ie/jobs-x.id1") is None  # another board
    assert link_label("https://acme.com/") is None  # a careers home page
    assert link_label(None) is None

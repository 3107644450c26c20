"""Field parsers of ingestion: salary, titles, locations, URLs and ATS ids, descriptions, dates."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from hirehound.ingestion import fields, identity, locations, salary, text, titles, urls

DAY = date(2026, 11, 20)


@pytest.mark.parametrize(
    ("raw", "low", "high", "currency", "period", "annual_high"),
    [
        ("$120k–150k/yr", 120_000, 150_000, "USD", "year", 150_000),
        ("£45,000 per annum", 45_000, 45_000, "GBP", "year", 45_000),
        ("€25/hour", 25, 25, "EUR", "hour", 52_000),
        ("up to 90.000 EUR", None, 90_000, "EUR", "year", 90_000),
        ("$120-150k", 120_000, 150_000, "USD", "year", 150_000),
        ("$30 - $40 an hour", 30, 40, "USD", "hour", 83_200),
        ("4.500 € monthly", 4_500, 4_500, "EUR", "month", 54_000),
    ],
)
def test_salary_text(raw: str, low: float | None, high: float, currency: str, period: str, annual_high: float) -> None:
    parsed = salary.parse_salary_text(raw)
    assert (parsed.min, parsed.max, parsed.currency, parsed.period) == (low, high, currency, period)
    assert parsed.annual_max == annual_high


def test_salary_structured_columns_win_over_text_and_blank_columns_are_empty() -> None:
    parsed = salary.salary_from_fields("$1/hr", 50.0, 40.0, "usd", "hourly")
    assert (parsed.min, parsed.max, parsed.currency, parsed.period) == (40.0, 50.0, "USD", "hour")
    assert salary.salary_from_fields(None, "nan", "", None, None) == salary.EMPTY
    assert salary.parse_salary_text("competitive") == salary.EMPTY


@pytest.mark.parametrize(
    ("raw", "clean", "level"),
    [
        ("URGENT!! Senior Java Developer (m/w/d) - REQ-12345", "Senior Java Developer", "senior"),
        ("SOFTWARE ENGINEER II", "Software Engineer II", "mid"),
        ("Data Engineer (#12345)", "Data Engineer", None),
        ("Projektleiter (m/w/d)", "Projektleiter", None),
        ("Head of Sales", "Head of Sales", "director"),
        ("Marketing Intern", "Marketing Intern", "intern"),
        ("Sr. Data Analyst - Job ID: 99812", "Sr. Data Analyst", "senior"),
        ("New York Store Manager", "New York Store Manager", "manager"),
    ],
)
def test_titles(raw: str, clean: str, level: str | None) -> None:
    assert titles.normalize_title(raw) == clean
    assert titles.seniority(raw) == level


@pytest.mark.parametrize(
    ("raw", "hint", "expected"),
    [
        ("Austin, TX, USA", None, ("Austin", "TX", "US", "unknown")),
        ("Elkton, VA", None, ("Elkton", "VA", "US", "unknown")),
        ("London, England, UK", None, ("London", "England", "GB", "unknown")),
        ("Remote - US", None, (None, None, "US", "remote")),
        ("Berlin, Germany (Hybrid)", None, ("Berlin", None, "DE", "hybrid")),
        ("Paris", False, ("Paris", None, "FR", "onsite")),
        ("Toronto, ON, Canada", "hybrid", ("Toronto", "ON", "CA", "hybrid")),
        (None, True, (None, None, None, "remote")),
    ],
)
def test_locations(raw: str | None, hint: object, expected: tuple[object, ...]) -> None:
    parsed = locations.parse_location(raw, hint)
    assert (parsed.city, parsed.region, parsed.country_code, parsed.remote_type) == expected


def test_canonical_url_strips_tracking_and_noise() -> None:
    messy = "HTTP://WWW.Indeed.com:80/viewjob/?jk=abc&utm_source=google&from=serp&gclid=1#apply"
    assert urls.canonical_url(messy) == "https://indeed.com/viewjob?jk=abc"
    assert urls.canonical_url("not a url") is None
    assert urls.canonical_url("javascript:alert(1)") is None


@pytest.mark.parametrize(
    ("url", "vendor", "tenant", "job_id"),
    [
        ("https://boards.greenhouse.io/acme/jobs/4012345?gh_src=x", "greenhouse", "acme", "4012345"),
        ("https://careers.acme.com/open?gh_jid=1234567", "greenhouse", "acme", "1234567"),
        (
            "https://jobs.lever.co/acme/4a7b1c2d-1111-2222-3333-444455556666/apply",
            "lever",
            "acme",
            "4a7b1c2d-1111-2222-3333-444455556666",
        ),
        (
            "https://jobs.ashbyhq.com/acme/4a7b1c2d-1111-2222-3333-444455556666",
            "ashby",
            "acme",
            "4a7b1c2d-1111-2222-3333-444455556666",
        ),
        (
            "https://acme.wd5.myworkdayjobs.com/en-US/External/job/Austin-TX/Data-Engineer_R-12345",
            "workday",
            "acme",
            "R-12345",
        ),
        (
            "https://jobs.smartrecruiters.com/Acme/743999912345678-data-engineer",
            "smartrecruiters",
            "acme",
            "743999912345678",
        ),
        ("https://careers-acme.icims.com/jobs/12345/data-engineer/job", "icims", "acme", "12345"),
    ],
)
def test_ats_job_ids(url: str, vendor: str, tenant: str, job_id: str) -> None:
    assert urls.ats_job(url) == urls.AtsJob(vendor, tenant, job_id)


def test_no_ats_id_on_a_board_url() -> None:
    assert urls.ats_job("https://www.indeed.com/viewjob?jk=1") is None


def test_html_description_drops_scripts_and_handlers_and_decodes_entities() -> None:
    markup = (
        '<div onclick="steal()"><p>Build &amp; ship</p><script>alert(1)</script><style>p{}</style>'
        '<ul><li>Python</li><li>SQL</li></ul><a href="javascript:x()">apply</a></div>'
    )
    sanitized, clean, fmt = text.description_to_text(markup, None)
    assert fmt == "html"
    assert clean == "Build & ship\nPython\nSQL\n\napply"
    assert sanitized is not None
    assert "script" not in sanitized and "onclick" not in sanitized and "javascript" not in sanitized
    assert "alert" not in clean


def test_markdown_description_loses_markup() -> None:
    _, clean, fmt = text.description_to_text("## About\n\n**We** build [Acme](http://x)\n\n* one\n* two", "markdown")
    assert fmt == "markdown"
    assert clean == "About\n\nWe build Acme\n\none\ntwo"


def test_dates_and_default_expiry() -> None:
    assert fields.parse_date("2026-11-19", DAY) == date(2026, 11, 19)
    assert fields.parse_date(1_763_510_400_000, DAY) == date(2025, 11, 19)  # pandas epoch milliseconds
    assert fields.parse_date("3 days ago", DAY) == date(2026, 11, 17)
    assert fields.parse_date("2031-01-01", DAY) is None  # the future is a scraper bug
    assert fields.parse_expiry(None, DAY) == datetime(2026, 12, 20, tzinfo=UTC)
    assert fields.parse_expiry("2026-12-01", DAY) == datetime(2026, 12, 1, tzinfo=UTC)


@pytest.mark.parametrize(
    ("raw", "kind"),
    [
        ("fulltime", "full_time"),
        ("FULL_TIME", "full_time"),
        ("Part-time", "part_time"),
        ("contract", "contract"),
        ("internship", "internship"),
        ("Temporary", "temporary"),
        ("Not Provided", None),
        (None, None),
    ],
)
def test_employment_type(raw: str | None, kind: str | None) -> None:
    assert fields.employment_type(raw) == kind


def test_identity_is_board_id_else_canonical_url() -> None:
    assert identity.posting_key("indeed", "in-1", "https://indeed.com/x") == "indeed:in-1"
    assert identity.posting_key("indeed", None, "https://indeed.com/x") == "url:https://indeed.com/x"
    assert identity.posting_key("indeed", None, None) is None
    assert identity.posting_id("indeed:in-1") == "d31c4a4084b0b4c6"
    same = identity.content_hash("Data  Engineer", "ACME", "Austin", "US", "unknown", "Build\nthings")
    assert same == identity.content_hash("data engineer", "acme", "austin", "us", "unknown", "build things")

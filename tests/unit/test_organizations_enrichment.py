"""Enrichment building blocks: precedence merge, token bucket, size bands, NAICS sectors, geocoding."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from hirehound.organizations.enrichment.fields import FieldValue, merge_fields
from hirehound.organizations.enrichment.geocode import geocode
from hirehound.organizations.enrichment.industry import classify_label, classify_text
from hirehound.organizations.enrichment.offline_provider import OfflineProvider, OrganizationEvidence
from hirehound.organizations.enrichment.resilience import Backoff, TokenBucket, parse_retry_after
from hirehound.organizations.enrichment.size import from_count, from_posting_volume, from_text

T0 = datetime(2026, 11, 20, tzinfo=UTC)


def test_precedence_source_rank_beats_confidence_and_recency() -> None:
    values = [
        FieldValue("logo_url", "https://a/favicon.ico", "domain", T0 + timedelta(days=1), 0.99),
        FieldValue("logo_url", "https://scrape/logo.png", "scrape", T0, 0.6),
        FieldValue("logo_url", "https://api/logo.png", "http", T0 - timedelta(days=30), 0.5),
        FieldValue("description", "", "http", T0, 0.9),  # empty never wins
        FieldValue("description", "From postings", "scrape", T0, 0.7),
    ]
    merged = merge_fields(values)
    assert merged["logo_url"].value == "https://api/logo.png"
    assert merged["description"].value == "From postings"
    assert merge_fields(list(reversed(values))) == merged  # order independent


def test_precedence_ties_go_to_confidence_then_recency() -> None:
    a = FieldValue("hq_raw", "Toronto", "scrape", T0, 0.7)
    b = FieldValue("hq_raw", "Montreal", "scrape", T0, 0.8)
    c = FieldValue("hq_raw", "Ottawa", "scrape", T0 + timedelta(hours=1), 0.8)
    assert merge_fields([a, b])["hq_raw"].value == "Montreal"
    assert merge_fields([a, b, c])["hq_raw"].value == "Ottawa"


def test_token_bucket_with_fake_clock() -> None:
    now = [0.0]
    slept: list[float] = []

    def sleep(s: float) -> None:
        slept.append(s)
        now[0] += s

    bucket = TokenBucket(rate=2.0, capacity=2, clock=lambda: now[0], sleep=sleep)
    for _ in range(6):
        bucket.acquire()
    assert now[0] == pytest.approx(2.0)  # 2 burst + 4 at 2/s
    assert not bucket.try_acquire()
    now[0] += 0.5
    assert bucket.try_acquire()


def test_backoff_and_retry_after() -> None:
    import random

    rng = random.Random(1)
    backoff = Backoff(base_s=1.0, cap_s=10.0)
    assert all(0 <= backoff.delay(n, rng) <= min(10.0, 2**n) for n in range(6))
    assert backoff.delay(0, rng, retry_after_s=3.0) >= 3.0
    assert parse_retry_after("7") == 7.0
    assert parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT", now=lambda: 1445412470.0) == pytest.approx(10.0)
    assert parse_retry_after("soon") is None


@pytest.mark.parametrize(
    ("text", "band"),
    [("1,001 to 5,000 employees", "1001-5000"), ("10,000+", "10001+"), ("51-200", "51-200"), ("5k-10k", "5001-10000")],
)
def test_size_from_text(text: str, band: str) -> None:
    assert from_text(text, "scrape").band == band  # type: ignore[union-attr]


def test_size_from_count_and_volume() -> None:
    assert from_count(250, "http").band == "201-500"
    assert from_count(10, "http").band == "1-10"
    assert from_posting_volume(2) is None
    assert from_posting_volume(30).band == "51-200"  # type: ignore[union-attr]


def test_industry() -> None:
    assert classify_label("Banking").naics == "52"  # type: ignore[union-attr]
    assert classify_label("Computer Software").naics == "51"  # type: ignore[union-attr]
    guess = classify_text("Registered nurse for our hospital clinic; patient care in the cardiology ward")
    assert guess is not None and guess.naics == "62" and 0 < guess.confidence <= 1
    assert classify_text("Lorem ipsum dolor sit amet") is None


def test_geocode() -> None:
    tel_aviv = geocode("Tel Aviv, Israel")
    assert tel_aviv is not None and tel_aviv.country_code == "IL" and abs(tel_aviv.lat - 32.08) < 0.1  # type: ignore[operator]
    assert geocode("London, UK").country_code == "GB"  # type: ignore[union-attr]
    assert geocode("Canada").city is None  # type: ignore[union-attr]
    assert geocode("Nowhere Special") is None


def test_offline_provider_reads_jobspy_company_columns() -> None:
    ev = OrganizationEvidence(
        "org_1", "Acme", "employer",
        extras=[
            {"company_url_direct": "https://www.acme.com", "company_num_employees": "51 to 200", "company_logo": "L"},
            {"company_url_direct": "https://www.acme.com", "company_industry": "Software Development"},
        ],
    )  # fmt: skip
    values = {(v.field, v.source): v.value for v in OfflineProvider().lookup(ev, T0)}
    assert values[("website", "scrape")] == "https://www.acme.com"
    assert values[("domain", "scrape")] == "acme.com"
    assert values[("employee_count_text", "scrape")] == "51 to 200"
    assert values[("logo_url", "scrape")] == "L"
    assert values[("logo_url", "domain")] == "https://acme.com/favicon.ico"


def test_offline_provider_ignores_board_company_pages() -> None:
    ev = OrganizationEvidence("org_1", "Acme", "employer", company_urls=["https://www.linkedin.com/company/acme"])
    fields = {v.field for v in OfflineProvider().lookup(ev, T0)}
    assert "website" not in fields and "domain" not in fields

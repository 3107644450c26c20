"""Fault injection against a real local HTTP server: retries, Retry-After, rate limit, timeouts, breaker."""

from __future__ import annotations

import itertools
import time
from collections.abc import Iterator

import pytest

from hirehound.organizations.enrichment.http_provider import HttpCompanyProvider, MalformedResponse, ProviderError
from hirehound.organizations.enrichment.resilience import (
    CLOSED,
    HALF_OPEN,
    OPEN,
    Backoff,
    CircuitBreaker,
    CircuitOpenError,
)
from tests.fake_company_api import FakeCompanyApi


@pytest.fixture()
def api() -> Iterator[FakeCompanyApi]:
    server = FakeCompanyApi().start()
    yield server
    server.stop()


def _provider(api: FakeCompanyApi, **kwargs: object) -> HttpCompanyProvider:
    options: dict[str, object] = {
        "timeout_s": 0.3,
        "rate_per_s": 100.0,
        "burst": 10,
        "backoff": Backoff(base_s=0.02, cap_s=2.0, max_retries=2),
        "breaker": CircuitBreaker(failure_threshold=3, cooldown_s=0.5),
    }
    options.update(kwargs)
    return HttpCompanyProvider(api.url, "secret-key", **options)  # type: ignore[arg-type]


def test_success_parses_contract_and_sends_key(api: FakeCompanyApi) -> None:
    values = {v.field: v.value for v in _provider(api).lookup("ok.com")}
    assert values["name"] == "Acme Corp"
    assert values["employee_count"] == 250
    assert values["hq_raw"] == "Toronto, Canada"
    assert values["industry_text"] == "Computer Software"
    assert api.auth_headers == ["Bearer secret-key"]


def test_unknown_domain_is_not_a_failure(api: FakeCompanyApi) -> None:
    provider = _provider(api)
    assert provider.lookup("missing.com") == []
    assert provider.breaker.consecutive_failures == 0
    assert len(api.requests["missing.com"]) == 1


def test_429_waits_at_least_retry_after_then_succeeds(api: FakeCompanyApi) -> None:
    provider = _provider(api)
    values = provider.lookup("limited.com")
    first, second = api.requests["limited.com"]
    assert second - first >= 0.95  # Retry-After: 1 honoured (backoff alone would wait <= 0.02 s)
    assert values and provider.stats["retries"] == 1 and provider.stats["rate_limited"] == 1


def test_500s_are_retried_with_backoff(api: FakeCompanyApi) -> None:
    provider = _provider(api)
    assert provider.lookup("flaky.com")
    assert len(api.requests["flaky.com"]) == 3
    assert provider.breaker.state == CLOSED


def test_timeout_is_retried_then_fails_fast_enough(api: FakeCompanyApi) -> None:
    provider = _provider(api)
    started = time.monotonic()
    with pytest.raises(ProviderError, match="timeout"):
        provider.lookup("slow.com")
    assert len(api.requests["slow.com"]) == 3  # 1 + max_retries
    assert time.monotonic() - started < 1.8  # 3 x 0.3 s timeout + small backoff, not 3 x 2 s server sleep


def test_malformed_json_is_a_failure_without_retry(api: FakeCompanyApi) -> None:
    provider = _provider(api)
    with pytest.raises(MalformedResponse):
        provider.lookup("garbage.com")
    assert len(api.requests["garbage.com"]) == 1
    assert provider.breaker.consecutive_failures == 1


def test_breaker_opens_fails_fast_then_half_opens_and_closes(api: FakeCompanyApi) -> None:
    provider = _provider(api, backoff=Backoff(base_s=0.01, cap_s=0.05, max_retries=0))
    for _ in range(3):
        with pytest.raises(ProviderError):
            provider.lookup("recovering.com")
    assert provider.breaker.state == OPEN
    sent = len(api.requests["recovering.com"])
    with pytest.raises(CircuitOpenError):
        provider.lookup("ok.com")
    assert len(api.requests["recovering.com"]) == sent and not api.requests["ok.com"]  # nothing sent
    time.sleep(0.55)
    # Half-open trial fails: open again at once, without waiting for three more failures.
    with pytest.raises(ProviderError):
        provider.lookup("recovering.com")
    assert provider.breaker.state == OPEN and provider.breaker.times_opened == 2
    time.sleep(0.55)
    api.recovered = True
    assert provider.lookup("recovering.com")
    assert provider.breaker.state == CLOSED


def test_token_bucket_spaces_requests(api: FakeCompanyApi) -> None:
    provider = _provider(api, rate_per_s=10.0, burst=1)
    started = time.monotonic()
    for _ in range(6):
        provider.lookup("ok.com")
    elapsed = time.monotonic() - started
    stamps = api.requests["ok.com"]
    gaps = [b - a for a, b in itertools.pairwise(stamps)]
    assert elapsed >= 0.45  # 5 waits of 0.1 s after the first token
    assert min(gaps) >= 0.08
    assert provider.bucket.waited_s >= 0.4


def test_half_open_admits_one_trial_only() -> None:
    now = [0.0]
    breaker = CircuitBreaker(failure_threshold=1, cooldown_s=10, clock=lambda: now[0])
    breaker.record_failure()
    assert breaker.state == OPEN
    now[0] = 10.0
    breaker.before_call()
    assert breaker.state == HALF_OPEN
    with pytest.raises(CircuitOpenError):
        breaker.before_call()

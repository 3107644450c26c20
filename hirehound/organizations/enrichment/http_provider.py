"""The HTTP company-data provider: a Clearbit-like API asked by domain, behind retries, a rate limit and a breaker.

Contract (docs/enrichment_api.md): `GET {base_url}/v1/companies?domain=acme.com` with `Authorization: Bearer
<key>` returns 200 and a JSON object `{"name", "domain", "industry", "employees" (int) or "employees_range"
(text), "hq": {"city", "country"} or text, "logo", "description", "website"}`; 404 when the domain is unknown.
429 and 5xx are retried (Retry-After honoured), timeouts and connection errors too; anything else, malformed
JSON included, is a failure of that organization only. Every failure counts toward the circuit breaker.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import httpx

from hirehound.organizations.enrichment.fields import FieldValue
from hirehound.organizations.enrichment.resilience import Backoff, CircuitBreaker, TokenBucket, parse_retry_after

SOURCE = "http"
RETRYABLE_STATUS = frozenset({429, 500, 502, 503, 504})


class ProviderError(RuntimeError):
    """A lookup that failed after retries (the message says why)."""


class MalformedResponse(ProviderError):
    """The provider answered 200 with something that is not the documented JSON object."""


class HttpCompanyProvider:
    name = SOURCE

    def __init__(
        self,
        base_url: str,
        api_key: str | None = None,
        *,
        timeout_s: float = 5.0,
        rate_per_s: float = 5.0,
        burst: int = 5,
        backoff: Backoff | None = None,
        breaker: CircuitBreaker | None = None,
        sleep: Callable[[float], None] = time.sleep,
        seed: int = 0,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        headers = {"Accept": "application/json", "User-Agent": "hirehound-enrichment/0.1"}
        if api_key:
            headers["Authorization"] = f"Bearer {api_key}"
        self._client = httpx.Client(
            base_url=base_url.rstrip("/"), headers=headers, timeout=httpx.Timeout(timeout_s), transport=transport
        )
        self.bucket = TokenBucket(rate_per_s, burst, sleep=sleep)
        self.backoff = backoff or Backoff()
        self.breaker = breaker or CircuitBreaker()
        self._sleep = sleep
        self._rng = random.Random(seed)
        self.stats: dict[str, int] = {
            "requests": 0, "retries": 0, "rate_limited": 0, "ok": 0, "not_found": 0, "failed": 0,
        }  # fmt: skip

    def close(self) -> None:
        self._client.close()

    def lookup(self, domain: str) -> list[FieldValue]:
        """Field values the API knows for a domain ([] when unknown); raises ProviderError or CircuitOpenError."""
        self.breaker.before_call()
        try:
            payload = self._get_with_retries(domain)
        except ProviderError:
            self.breaker.record_failure()
            self.stats["failed"] += 1
            raise
        self.breaker.record_success()
        if payload is None:
            self.stats["not_found"] += 1
            return []
        self.stats["ok"] += 1
        return parse_company(payload, datetime.now(UTC))

    def _get_with_retries(self, domain: str) -> dict[str, Any] | None:
        last_error = "no attempt"
        for attempt in range(self.backoff.max_retries + 1):
            self.bucket.acquire()
            self.stats["requests"] += 1
            retry_after: float | None = None
            try:
                response = self._client.get("/v1/companies", params={"domain": domain})
            except httpx.TimeoutException as exc:
                last_error = f"timeout: {exc!r}"
            except httpx.TransportError as exc:
                last_error = f"transport error: {exc!r}"
            else:
                if response.status_code == 200:
                    return _json_object(response)
                if response.status_code == 404:
                    return None
                last_error = f"HTTP {response.status_code}"
                self.stats["rate_limited"] += response.status_code == 429
                if response.status_code not in RETRYABLE_STATUS:
                    raise ProviderError(f"{last_error} for {domain}")
                retry_after = parse_retry_after(response.headers.get("Retry-After"))
            if attempt < self.backoff.max_retries:
                self.stats["retries"] += 1
                self._sleep(self.backoff.delay(attempt, self._rng, retry_after))
        raise ProviderError(f"{last_error} for {domain} after {self.backoff.max_retries + 1} attempts")


def _json_object(response: httpx.Response) -> dict[str, Any]:
    try:
        payload = response.json()
    except ValueError as exc:
        raise MalformedResponse(f"response is not JSON: {response.text[:80]!r}") from exc
    if not isinstance(payload, dict):
        raise MalformedResponse(f"expected a JSON object, got {type(payload).__name__}")
    return payload


def parse_company(payload: dict[str, Any], fetched_at: datetime) -> list[FieldValue]:
    """The documented JSON object as field values (unknown keys ignored, wrong types rejected)."""
    values: list[FieldValue] = []

    def add(field: str, value: Any, confidence: float = 0.9) -> None:
        if value not in (None, ""):
            values.append(FieldValue(field, value, SOURCE, fetched_at, confidence))

    for key, field in (("name", "name"), ("domain", "domain"), ("website", "website"), ("logo", "logo_url")):
        if isinstance(payload.get(key), str):
            add(field, payload[key].strip())
    if isinstance(payload.get("description"), str):
        add("description", payload["description"].strip(), 0.8)
    if isinstance(payload.get("industry"), str):
        add("industry_text", payload["industry"].strip())
    employees = payload.get("employees")
    if isinstance(employees, int) and not isinstance(employees, bool) and employees > 0:
        add("employee_count", employees)
    elif isinstance(payload.get("employees_range"), str):
        add("employee_count_text", payload["employees_range"])
    hq = payload.get("hq")
    if isinstance(hq, dict):
        city, country = hq.get("city"), hq.get("country")
        add("hq_raw", ", ".join(str(p) for p in (city, hq.get("state"), country) if p))
    elif isinstance(hq, str):
        add("hq_raw", hq)
    if not values:
        raise MalformedResponse("JSON object has none of the documented fields")
    return values

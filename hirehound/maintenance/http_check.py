"""Checking one posting URL over HTTP, safely: every hop SSRF-checked, per-host pacing, bounded reads.

Redirects are followed by hand (never by the HTTP client) so each Location is resolved and checked before it is
requested, and the connection goes to the very address that was checked (Host header and TLS server name keep
the real host), so a DNS answer that changes between check and connect (DNS rebinding) cannot redirect us.
404 and 410 mean the job is gone; a 2xx page carrying a closed-job phrase means it is closed; anything else
(403, 429, 5xx, timeouts) says nothing about the job and is reported as an error, never as expiry.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Collection
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

import httpx

from hirehound.maintenance.markers import closed_marker
from hirehound.maintenance.ssrf import Resolver, UnsafeURLError, check_url, system_resolver

GONE_STATUSES = frozenset({404, 410})
USER_AGENT = "HirehoundRevalidator/0.1 (+checks whether job postings are still open)"


@dataclass(frozen=True)
class UrlCheck:
    """What revalidation learned about one posting URL."""

    posting_id: str
    url: str
    outcome: str  # alive | gone | closed | blocked | error
    status_code: int | None
    final_url: str | None
    detail: str

    @property
    def expires(self) -> bool:
        return self.outcome in ("gone", "closed")


class HostRateLimiter:
    """At most one request per host every `min_interval_s` seconds (job boards ban impatient clients)."""

    def __init__(
        self,
        min_interval_s: float,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.min_interval_s = min_interval_s
        self._clock = clock
        self._sleep = sleep
        self._last: dict[str, float] = {}

    def wait(self, host: str) -> float:
        """Sleep until host may be contacted again; returns the seconds slept."""
        now = self._clock()
        last = self._last.get(host)
        slept = 0.0
        if last is not None and now - last < self.min_interval_s:
            slept = self.min_interval_s - (now - last)
            self._sleep(slept)
        self._last[host] = self._clock()
        return slept


@dataclass(frozen=True)
class CheckSettings:
    max_redirects: int = 5
    max_body_bytes: int = 256_000
    use_head: bool = False  # HEAD first (cheaper), GET only when the server refuses HEAD; skips page markers
    allow: Collection[str] = ()  # non-public hosts that may be contacted: tests only


def check_posting_url(
    client: httpx.Client,
    posting_id: str,
    url: str,
    limiter: HostRateLimiter,
    settings: CheckSettings = CheckSettings(),
    resolver: Resolver = system_resolver,
) -> UrlCheck:
    """Request the URL (following redirects by hand) and classify the answer."""
    try:
        method = "HEAD" if settings.use_head else "GET"
        status, final_url, body = _fetch(client, url, method, limiter, settings, resolver)
        if method == "HEAD" and status in (405, 501):
            status, final_url, body = _fetch(client, url, "GET", limiter, settings, resolver)
    except UnsafeURLError as exc:
        return UrlCheck(posting_id, url, "blocked", None, None, str(exc))
    except (httpx.HTTPError, TooManyRedirects) as exc:
        return UrlCheck(posting_id, url, "error", None, None, f"{type(exc).__name__}: {exc}"[:500])
    if status in GONE_STATUSES:
        return UrlCheck(posting_id, url, "gone", status, final_url, f"HTTP {status}")
    if 200 <= status < 300:
        marker = closed_marker(body) if body else None
        if marker:
            return UrlCheck(posting_id, url, "closed", status, final_url, f"page says: {marker}")
        return UrlCheck(posting_id, url, "alive", status, final_url, f"HTTP {status}")
    return UrlCheck(posting_id, url, "error", status, final_url, f"HTTP {status} says nothing about the job")


class TooManyRedirects(Exception):
    """The redirect chain was longer than allowed."""


def _fetch(
    client: httpx.Client,
    url: str,
    method: str,
    limiter: HostRateLimiter,
    settings: CheckSettings,
    resolver: Resolver,
) -> tuple[int, str, str]:
    current = url
    for _ in range(settings.max_redirects + 1):
        addresses = check_url(current, allow=settings.allow, resolver=resolver)
        limiter.wait(urlsplit(current).hostname or "")
        request = _pinned_request(client, method, current, addresses[0])
        response = client.send(request, stream=True, follow_redirects=False)
        try:
            if response.is_redirect and "location" in response.headers:
                current = urljoin(current, response.headers["location"])
                continue
            body = _read_prefix(response, settings.max_body_bytes) if method == "GET" else ""
            return response.status_code, current, body
        finally:
            response.close()
    raise TooManyRedirects(f"more than {settings.max_redirects} redirects from {url}")


def _pinned_request(client: httpx.Client, method: str, url: str, address: str) -> httpx.Request:
    """A request to `address` that the server still sees as addressed to the URL's host."""
    logical = httpx.URL(url)
    host = logical.host
    request = client.build_request(
        method,
        logical.copy_with(host=address),
        headers={"User-Agent": USER_AGENT, "Host": logical.netloc.decode("ascii")},
    )
    if logical.scheme == "https" and host != address:
        request.extensions["sni_hostname"] = host  # TLS name and certificate check use the real host
    return request


def _read_prefix(response: httpx.Response, limit: int) -> str:
    chunks: list[bytes] = []
    size = 0
    for chunk in response.iter_bytes():
        chunks.append(chunk)
        size += len(chunk)
        if size >= limit:
            break
    return b"".join(chunks)[:limit].decode(response.encoding or "utf-8", errors="replace")

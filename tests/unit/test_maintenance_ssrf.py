"""The SSRF guard: non-public addresses are refused before any request, on the first hop and on every redirect."""

from __future__ import annotations

import httpx
import pytest

from hirehound.maintenance.http_check import CheckSettings, HostRateLimiter, check_posting_url
from hirehound.maintenance.ssrf import UnsafeURLError, check_url

PUBLIC = "93.184.216.34"


def resolver_for(table: dict[str, list[str]]):  # type: ignore[no-untyped-def]
    def resolve(host: str, port: int) -> list[str]:
        return table[host]

    return resolve


@pytest.mark.parametrize(
    "url",
    [
        "http://169.254.169.254/latest/meta-data/",
        "http://10.1.2.3/job/1",
        "http://127.0.0.1:8080/",
        "http://localhost/",
        "http://[::1]/",
        "http://[::ffff:127.0.0.1]/",
        "http://192.168.0.10/",
        "http://172.16.5.5/",
        "http://100.64.0.1/",
        "http://224.0.0.1/",
        "http://0.0.0.0/",
        "http://2130706433/",  # 127.0.0.1 spelled as a decimal number
        "http://0x7f.1/",
        "http://metadata.google.internal/computeMetadata/v1/",
        "http://[fd00:ec2::254]/",
        "file:///etc/passwd",
        "gopher://example.com/",
        "http://user:pw@example.com/",
    ],
)
def test_refuses_non_public_targets(url: str) -> None:
    resolver = resolver_for({"localhost": ["127.0.0.1"], "example.com": [PUBLIC]})
    with pytest.raises(UnsafeURLError):
        check_url(url, resolver=resolver)


def test_a_host_resolving_to_any_private_address_is_refused() -> None:
    resolver = resolver_for({"jobs.example.com": [PUBLIC, "10.0.0.7"]})
    with pytest.raises(UnsafeURLError, match="private"):
        check_url("https://jobs.example.com/1", resolver=resolver)


def test_public_host_passes_and_allow_list_admits_loopback() -> None:
    resolver = resolver_for({"jobs.example.com": [PUBLIC]})
    assert check_url("https://jobs.example.com/view?id=1", resolver=resolver) == [PUBLIC]
    assert check_url("http://127.0.0.1:9999/x", allow={"127.0.0.1"}) == ["127.0.0.1"]


@pytest.mark.parametrize(
    "location", ["http://169.254.169.254/latest/meta-data/", "http://10.0.0.1/admin", "http://localhost:6379/"]
)
def test_redirect_into_private_address_is_refused_before_it_is_requested(location: str) -> None:
    requested: list[tuple[str, str]] = []

    def handler(request: httpx.Request) -> httpx.Response:
        requested.append((str(request.url), request.headers["host"]))
        return httpx.Response(302, headers={"location": location})

    resolver = resolver_for({"jobs.example.com": [PUBLIC], "localhost": ["127.0.0.1"]})
    with httpx.Client(transport=httpx.MockTransport(handler)) as client:
        result = check_posting_url(
            client, "p1", "https://jobs.example.com/1", HostRateLimiter(0), CheckSettings(), resolver
        )
    assert result.outcome == "blocked" and not result.expires
    # Only the first, public hop was contacted: at the checked address, addressed to the real host.
    assert requested == [(f"https://{PUBLIC}/1", "jobs.example.com")]


def test_connection_is_pinned_to_the_checked_address() -> None:
    """DNS rebinding: a second lookup could answer 127.0.0.1; the request must go to the address checked."""
    answers = iter([[PUBLIC], ["127.0.0.1"]])
    seen: list[tuple[str, str, object]] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append((request.url.host, request.headers["host"], request.extensions.get("sni_hostname")))
        return httpx.Response(200, html="<p>open</p>")

    with httpx.Client(transport=httpx.MockTransport(handler)) as client:
        result = check_posting_url(
            client,
            "p",
            "https://jobs.example.com:8443/x",
            HostRateLimiter(0),
            CheckSettings(),
            lambda host, port: next(answers),
        )
    assert result.outcome == "alive"
    assert seen == [(PUBLIC, "jobs.example.com:8443", "jobs.example.com")]


def test_outcomes_by_status_and_page() -> None:
    pages = {
        "/gone": httpx.Response(404),
        "/removed": httpx.Response(410),
        "/closed": httpx.Response(200, html="<h1>Sorry</h1><p>This job is no longer <b>available</b>.</p>"),
        "/open": httpx.Response(200, html="<p>We value communication. Apply now!</p>"),
        "/busy": httpx.Response(503),
        "/hop": httpx.Response(301, headers={"location": "/gone"}),
    }
    resolver = resolver_for({"jobs.example.com": [PUBLIC]})
    with httpx.Client(transport=httpx.MockTransport(lambda r: pages[r.url.path])) as client:
        outcomes = {
            path: check_posting_url(
                client, path, f"https://jobs.example.com{path}", HostRateLimiter(0), CheckSettings(), resolver
            ).outcome
            for path in pages
        }
    assert outcomes == {
        "/gone": "gone",
        "/removed": "gone",
        "/closed": "closed",
        "/open": "alive",
        "/busy": "error",
        "/hop": "gone",
    }


def test_redirect_loop_is_an_error_not_an_expiry() -> None:
    resolver = resolver_for({"jobs.example.com": [PUBLIC]})
    transport = httpx.MockTransport(lambda r: httpx.Response(302, headers={"location": "/again"}))
    with httpx.Client(transport=transport) as client:
        result = check_posting_url(
            client, "p", "https://jobs.example.com/x", HostRateLimiter(0), CheckSettings(max_redirects=3), resolver
        )
    assert result.outcome == "error" and "redirects" in result.detail


def test_rate_limiter_paces_each_host_separately() -> None:
    now = [0.0]
    slept: list[float] = []

    def sleep(s: float) -> None:
        slept.append(s)
        now[0] += s

    limiter = HostRateLimiter(2.0, clock=lambda: now[0], sleep=sleep)
    limiter.wait("a")
    limiter.wait("b")
    now[0] += 0.5
    limiter.wait("a")
    assert slept == [1.5]


@pytest.mark.parametrize(
    ("url", "embedded"),
    [
        ("http://[2002:7f00:1::]/", "loopback"),  # 6to4 of 127.0.0.1
        ("http://[2002:a9fe:a9fe::]/", "metadata"),  # 6to4 of 169.254.169.254
        ("http://[2002:c0a8:1::]/", "private"),  # 6to4 of 192.168.0.1
        ("http://[64:ff9b::7f00:1]/", "loopback"),  # NAT64 well-known prefix
        ("http://[64:ff9b::a9fe:a9fe]/", "metadata"),
        ("http://[64:ff9b:1::a00:1]/", "private"),  # NAT64 local-use prefix
        ("http://[::ffff:10.0.0.1]/", "private"),  # IPv4-mapped
        ("http://[::127.0.0.1]/", "loopback"),  # IPv4-compatible (deprecated)
        ("http://[2001:0:4136:e378:8000:63bf:80ff:fffe]/", "loopback"),  # Teredo client 127.0.0.1
    ],
)
def test_ipv6_forms_embedding_a_non_public_ipv4_are_refused(url: str, embedded: str) -> None:
    with pytest.raises(UnsafeURLError, match=f"{embedded}.*embedded"):
        check_url(url)


def test_a_host_resolving_to_6to4_of_loopback_is_refused() -> None:
    resolver = resolver_for({"sneaky.example.com": ["2002:7f00:1::"]})
    with pytest.raises(UnsafeURLError, match="loopback address embedded"):
        check_url("https://sneaky.example.com/", resolver=resolver)


def test_6to4_of_a_public_ipv4_is_still_allowed() -> None:
    assert check_url("http://[2002:808:808::]/") == ["2002:808:808::"]

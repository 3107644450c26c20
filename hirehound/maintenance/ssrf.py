"""The guard that keeps posting revalidation from being turned against our own network.

Posting URLs come from scraped, untrusted data. Before any request (and again for every redirect hop) the host
is resolved and every address it resolves to must be public: loopback, private, link-local, multicast, reserved,
unspecified and cloud-metadata addresses are refused. An explicit allow-list exists only so tests can talk to a
local server on 127.0.0.1; production code never passes one.
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Callable, Collection
from urllib.parse import urlsplit

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
Resolver = Callable[[str, int], list[str]]

# Metadata endpoints of the big clouds; most are link-local already, listed so the intent is explicit.
METADATA_ADDRESSES = frozenset(
    ipaddress.ip_address(a)
    for a in ("169.254.169.254", "169.254.170.2", "fd00:ec2::254", "100.100.100.200", "192.0.0.192")
)
METADATA_HOSTS = frozenset({"metadata.google.internal", "metadata", "instance-data", "metadata.azure.com"})
ALLOWED_SCHEMES = frozenset({"http", "https"})


class UnsafeURLError(ValueError):
    """The URL may not be requested: bad scheme, unresolvable host, or a non-public address."""


def system_resolver(host: str, port: int) -> list[str]:
    """Every address the system resolver returns for host (IPv4 and IPv6)."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as exc:
        raise UnsafeURLError(f"cannot resolve {host!r}: {exc}") from exc
    return sorted({str(info[4][0]) for info in infos})


def address_problem(address: IPAddress) -> str | None:
    """Why an address must not be contacted, or None when it is a public unicast address."""
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        return address_problem(address.ipv4_mapped)
    if address in METADATA_ADDRESSES:
        return "cloud metadata address"
    checks = (
        ("loopback", address.is_loopback),
        ("link-local", address.is_link_local),
        ("multicast", address.is_multicast),
        ("unspecified", address.is_unspecified),
        ("reserved", address.is_reserved),
        ("private", address.is_private),
        # 100.64.0.0/10 (carrier-grade NAT) is neither private nor global in the ipaddress module.
        ("non-global", not address.is_global),
    )
    for name, hit in checks:
        if hit:
            return f"{name} address"
    return None


def check_url(
    url: str,
    *,
    allow: Collection[str] = (),
    resolver: Resolver = system_resolver,
) -> list[str]:
    """Resolve the URL's host and return its addresses, or raise UnsafeURLError.

    `allow` names hosts or IP addresses that may be contacted even though they are not public (tests only).
    """
    parts = urlsplit(url)
    if parts.scheme.lower() not in ALLOWED_SCHEMES:
        raise UnsafeURLError(f"scheme {parts.scheme!r} is not allowed in {url!r}")
    host = (parts.hostname or "").rstrip(".").lower()
    if not host:
        raise UnsafeURLError(f"no host in {url!r}")
    if parts.username or parts.password:
        raise UnsafeURLError(f"credentials in URL are not allowed: {url!r}")
    try:
        port = parts.port or (443 if parts.scheme.lower() == "https" else 80)
    except ValueError as exc:
        raise UnsafeURLError(f"bad port in {url!r}") from exc
    if host in METADATA_HOSTS:
        raise UnsafeURLError(f"{host} is a cloud metadata host")
    literal = _literal_address(host)
    addresses = [str(literal)] if literal is not None else resolver(host, port)
    if not addresses:
        raise UnsafeURLError(f"{host!r} resolves to no address")
    if host in allow:
        return addresses
    for text in addresses:
        problem = address_problem(ipaddress.ip_address(text))
        if problem and text not in allow:
            raise UnsafeURLError(f"{host} resolves to {text}, a {problem}")
    return addresses


def _literal_address(host: str) -> IPAddress | None:
    try:
        return ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        pass
    # Decimal, octal and hex spellings of IPv4 ("2130706433", "0x7f.1") that some resolvers accept.
    try:
        return ipaddress.IPv4Address(socket.inet_aton(host))
    except (OSError, ValueError):
        return None

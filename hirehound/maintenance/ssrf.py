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


# IPv6 prefixes whose low 32 bits carry an IPv4 address that a translator or tunnel will reach.
_NAT64 = (ipaddress.IPv6Network("64:ff9b::/96"), ipaddress.IPv6Network("64:ff9b:1::/48"))
_IPV4_COMPATIBLE = ipaddress.IPv6Network("::/96")


def embedded_ipv4(address: ipaddress.IPv6Address) -> list[ipaddress.IPv4Address]:
    """The IPv4 addresses an IPv6 address leads to: mapped, 6to4, Teredo, NAT64 and IPv4-compatible forms."""
    found: list[ipaddress.IPv4Address] = []
    if address.ipv4_mapped is not None:
        found.append(address.ipv4_mapped)
    if address.sixtofour is not None:
        found.append(address.sixtofour)
    if address.teredo is not None:
        found.extend(address.teredo)
    low32 = ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
    if any(address in net for net in _NAT64):
        found.append(low32)
    # "::a.b.c.d" (deprecated IPv4-compatible); "::" and "::1" are judged as themselves, not as 0.0.0.x.
    if address in _IPV4_COMPATIBLE and int(address) > 0xFFFF:
        found.append(low32)
    return found


def address_problem(address: IPAddress) -> str | None:
    """Why an address must not be contacted, or None when it is a public unicast address.

    An IPv6 address that embeds an IPv4 one (6to4, NAT64, Teredo, mapped, compatible) is refused when the embedded
    address is: otherwise `[2002:7f00:1::]` would reach 127.0.0.1 through a 6to4 relay.
    """
    if isinstance(address, ipaddress.IPv6Address):
        for inner in embedded_ipv4(address):
            problem = address_problem(inner)
            if problem is not None:
                return f"{problem} embedded in {address}"
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

"""Hosts that many employers share: job boards, aggregators, ATS and career-portal vendors.

A posting whose apply URL goes to `simplify.jobs`, `myworkdaysite.com` or `eightfold.ai` says nothing about who
the employer is: thousands of employers post there. Taking such a domain as the employer's own fused whole
organizations on real data (one "Western Digital" held Astranis, Dell and IMC). The list lives in
`shared_hosts.yaml` next to this module, so it can grow without code changes (that file says how to add a host).

Some of those hosts do name the employer in the URL: the *tenant* (`boards.greenhouse.io/<tenant>`,
`<tenant>.wd5.myworkdayjobs.com`). `tenant_of` reads it with the patterns of the file; the tenant is evidence for
that one employer's account, the host never is.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from urllib.parse import urlsplit

import yaml

HOSTS_FILE = Path(__file__).with_name("shared_hosts.yaml")
KINDS = ("ats", "aggregators", "boards", "other")


class HostListError(ValueError):
    """The shared-hosts file is malformed (raised at load, so a bad edit fails loudly, not silently)."""


@dataclass(frozen=True)
class SharedHost:
    """One shared registrable domain: its kind, and for ATS-like hosts the vendor and tenant patterns."""

    domain: str
    kind: str  # ats | aggregators | boards | other
    vendor: str | None = None
    tenant_patterns: tuple[re.Pattern[str], ...] = ()


@dataclass(frozen=True)
class HostList:
    hosts: dict[str, SharedHost]
    not_tenants: frozenset[str]


def parse_host_list(data: object) -> HostList:
    """Build the list from the parsed YAML; raises HostListError with the offending entry."""
    if not isinstance(data, dict):
        raise HostListError("the shared-hosts file must be a mapping of kinds to lists")
    hosts: dict[str, SharedHost] = {}
    for kind in KINDS:
        for entry in data.get(kind) or []:
            if not isinstance(entry, dict) or not isinstance(entry.get("domain"), str):
                raise HostListError(f"{kind}: every entry needs a `domain`, got {entry!r}")
            domain = entry["domain"].strip().lower()
            if domain in hosts:
                raise HostListError(f"{domain} is listed twice")
            patterns = []
            for text in entry.get("tenant") or []:
                try:
                    pattern = re.compile(text, re.IGNORECASE)
                except re.error as exc:
                    raise HostListError(f"{domain}: bad tenant pattern {text!r}: {exc}") from exc
                if pattern.groups != 1:
                    raise HostListError(f"{domain}: tenant pattern {text!r} needs exactly one group")
                patterns.append(pattern)
            vendor = entry.get("vendor")
            if patterns and not vendor:
                raise HostListError(f"{domain}: tenant patterns need a `vendor`")
            hosts[domain] = SharedHost(domain, kind, vendor, tuple(patterns))
    not_tenants = frozenset(str(t).lower() for t in data.get("not_tenants") or [])
    return HostList(hosts, not_tenants)


@lru_cache(maxsize=1)
def host_list() -> HostList:
    with HOSTS_FILE.open(encoding="utf-8") as handle:
        return parse_host_list(yaml.safe_load(handle))


def shared_domains() -> frozenset[str]:
    return frozenset(host_list().hosts)


def shared_host(domain: str | None) -> SharedHost | None:
    """The entry of a registrable domain when many employers share it, else None."""
    if not domain:
        return None
    return host_list().hosts.get(domain.lower())


def tenant_of(url: str, domain: str | None) -> tuple[str, str] | None:
    """(vendor, tenant) an apply URL on a shared host names, or None when the URL names no account."""
    host = shared_host(domain)
    if host is None or not host.tenant_patterns:
        return None
    target = _target(url)
    if target is None:
        return None
    not_tenants = host_list().not_tenants
    for pattern in host.tenant_patterns:
        match = pattern.search(target)
        if match:
            tenant = match.group(1).strip(".-").lower()
            if tenant and tenant not in not_tenants:
                return str(host.vendor), tenant
    return None


def _target(url: str) -> str | None:
    """ "host/path?query" with the scheme and a leading www. removed: what tenant patterns are written against."""
    text = url.strip()
    if "://" not in text:
        text = "http://" + text
    try:
        parts = urlsplit(text)
        host = (parts.hostname or "").lower()
    except ValueError:
        return None
    if not host:
        return None
    host = host.removeprefix("www.")
    return host + parts.path + (f"?{parts.query}" if parts.query else "")

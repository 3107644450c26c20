"""Evidence beyond the name: the employer's own domain, its ATS tenant, and a board's company id.

Two postings whose apply URLs go to `boards.greenhouse.io/acme` come from the same employer whatever the boards
call it; the same goes for a company website on `acme.com`. Hosts shared by many employers (job boards,
aggregators such as simplify.jobs, ATS and career-portal vendors, link shorteners, social networks: the list in
`shared_hosts.yaml`) are not evidence and are ignored; only the tenant some of them put in the URL is.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import urlsplit

import tldextract

from hirehound.organizations.hosts import shared_domains, tenant_of

# No network: the suffix list shipped inside tldextract is enough for registrable domains.
_EXTRACT = tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None)

# Registrable domains that many employers share (boards, aggregators, ATS vendors, shorteners): never an employer's
# own domain. Maintained in shared_hosts.yaml (see `hosts`).
SHARED_DOMAINS: frozenset[str] = shared_domains()


@dataclass(frozen=True)
class Identifier:
    """One piece of evidence: kind ("domain", "ats:greenhouse", "board:linkedin") and its value."""

    kind: str
    value: str


@lru_cache(maxsize=100_000)
def registrable_domain(url: str | None) -> str | None:
    """`careers.acme.co.uk/jobs` -> `acme.co.uk`; None for empty, IP or unparsable input."""
    if not url:
        return None
    text = url.strip()
    if "://" not in text:
        text = "http://" + text
    try:
        host = urlsplit(text).hostname
    except ValueError:
        return None
    if not host:
        return None
    parts = _EXTRACT(host)
    if not parts.domain or not parts.suffix:
        return None
    return f"{parts.domain}.{parts.suffix}".lower()


def employer_domain(url: str | None) -> str | None:
    """The registrable domain of a URL when it can be the employer's own (not a board, ATS or shortener)."""
    domain = registrable_domain(url)
    if domain is None or domain in SHARED_DOMAINS:
        return None
    return domain


def ats_tenant(url: str | None) -> Identifier | None:
    """The ATS or portal vendor and the tenant an apply URL belongs to (`ats:greenhouse` / `acme`), from the
    tenant patterns of the shared-hosts list; None when the URL names no employer account."""
    if not url:
        return None
    found = tenant_of(url, registrable_domain(url))
    return Identifier(f"ats:{found[0]}", found[1]) if found else None


def board_company_id(source: str, extra: dict[str, object] | None) -> Identifier | None:
    """A board's own company id when the scrape carries one (e.g. LinkedIn company URL or `company_id`)."""
    if not extra:
        return None
    for key in ("company_id", "board_company_id", "companyId"):
        value = extra.get(key)
        if value not in (None, ""):
            return Identifier(f"board:{source}", str(value).strip().lower())
    company_url = extra.get("company_url")
    if isinstance(company_url, str):
        for board, pattern in (
            ("linkedin", r"linkedin\.com/company/([\w%.-]+)"),
            ("indeed", r"indeed\.com/cmp/([\w%.-]+)"),
        ):
            match = re.search(pattern, company_url, re.I)
            if match:
                return Identifier(f"board:{board}", match.group(1).lower())
    return None


def posting_identifiers(
    *, source: str, company_url: str | None, apply_url: str | None, extra: dict[str, object] | None
) -> list[Identifier]:
    """Every identifier a posting carries about its employer, strongest first."""
    found: list[Identifier] = []
    tenant = ats_tenant(apply_url)
    if tenant:
        found.append(tenant)
    # JobSpy's `company_url` is usually the board's company page (ignored as a shared host); the employer's own
    # site is `company_url_direct`, so every candidate is tried in order of trust.
    direct = extra.get("company_url_direct") if extra else None
    candidates = [direct if isinstance(direct, str) else None, company_url, apply_url if tenant is None else None]
    for url in candidates:
        domain = employer_domain(url)
        if domain:
            found.append(Identifier("domain", domain))
            break
    board_id = board_company_id(source, extra)
    if board_id:
        found.append(board_id)
    return found

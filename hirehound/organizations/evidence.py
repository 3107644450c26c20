"""Evidence beyond the name: the employer's own domain, its ATS tenant, and a board's company id.

Two postings whose apply URLs go to `boards.greenhouse.io/acme` come from the same employer whatever the boards
call it; the same goes for a company website on `acme.com`. Hosts shared by many employers (job boards, ATS
vendors, link shorteners, social networks) are not evidence and are ignored.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import parse_qs, urlsplit

import tldextract

# No network: the suffix list shipped inside tldextract is enough for registrable domains.
_EXTRACT = tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None)

# Registrable domains that many employers share: never an employer's own domain.
SHARED_DOMAINS: frozenset[str] = frozenset(
    [
        "indeed.com",
        "linkedin.com",
        "glassdoor.com",
        "google.com",
        "ziprecruiter.com",
        "monster.com",
        "careerbuilder.com",
        "dice.com",
        "simplyhired.com",
        "bayt.com",
        "naukri.com",
        "bdjobs.com",
        "jobstreet.com",
        "seek.com.au",
        "reed.co.uk",
        "totaljobs.com",
        "stepstone.de",
        "xing.com",
        "wellfound.com",
        "angel.co",
        "builtin.com",
        "themuse.com",
        "lever.co",
        "greenhouse.io",
        "ashbyhq.com",
        "myworkdayjobs.com",
        "workday.com",
        "smartrecruiters.com",
        "icims.com",
        "taleo.net",
        "jobvite.com",
        "bamboohr.com",
        "breezy.hr",
        "recruitee.com",
        "workable.com",
        "teamtailor.com",
        "personio.de",
        "personio.com",
        "comeet.com",
        "comeet.co",
        "successfactors.com",
        "oraclecloud.com",
        "ultipro.com",
        "paylocity.com",
        "jazzhr.com",
        "applytojob.com",
        "rippling.com",
        "facebook.com",
        "twitter.com",
        "x.com",
        "instagram.com",
        "youtube.com",
        "bit.ly",
        "tinyurl.com",
        "lnkd.in",
        "t.co",
        "drushim.co.il",
        "alljobs.co.il",
        "jobmaster.co.il",
        "gotfriends.co.il",
        "wix.com",
        "wixsite.com",
        "github.io",
        "notion.site",
    ]
)
# Shared hosts whose owner is nevertheless known: these are evidence only for that one employer's name.
_BOARD_HOSTS = {"indeed", "linkedin", "glassdoor", "ziprecruiter", "google"}


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


_GREENHOUSE = re.compile(r"(?:boards|job-boards)(?:\.eu)?\.greenhouse\.io/(?:embed/job_board\?for=)?([\w-]+)", re.I)
_LEVER = re.compile(r"jobs(?:\.eu)?\.lever\.co/([\w.-]+)", re.I)
_ASHBY = re.compile(r"jobs\.ashbyhq\.com/([\w.%-]+)", re.I)
_WORKDAY = re.compile(r"//([\w-]+)\.wd\d+\.myworkdayjobs\.com", re.I)
_SMARTRECRUITERS = re.compile(r"(?:jobs|careers)\.smartrecruiters\.com/([\w-]+)", re.I)


def ats_tenant(url: str | None) -> Identifier | None:
    """The ATS vendor and tenant an apply URL belongs to (greenhouse, lever, ashby, workday, smartrecruiters)."""
    if not url:
        return None
    for vendor, pattern in (
        ("greenhouse", _GREENHOUSE),
        ("lever", _LEVER),
        ("ashby", _ASHBY),
        ("workday", _WORKDAY),
        ("smartrecruiters", _SMARTRECRUITERS),
    ):
        match = pattern.search(url)
        if match:
            tenant = match.group(1).lower()
            if vendor == "greenhouse" and tenant in {"embed", "jobs"}:
                tenant = (parse_qs(urlsplit(url).query).get("for") or [""])[0].lower()
            if tenant:
                return Identifier(f"ats:{vendor}", tenant)
    return None


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

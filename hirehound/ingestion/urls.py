"""Stable URLs: tracking parameters stripped so one job has one URL, and ATS job ids read from apply links.

An applicant tracking system's job id (Greenhouse, Lever, Ashby, Workday, SmartRecruiters, iCIMS) is the
strongest duplicate signal there is: the same id on two boards is the same job even under different titles.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

_TRACKING = re.compile(
    r"^(utm_.*|gclid|gclsrc|dclid|fbclid|msclkid|yclid|mc_cid|mc_eid|_hsenc|_hsmi|hsctatracking|mkt_tok|igshid|"
    r"trk|trkinfo|trackingid|refid|ref|referrer|src|source|sourceid|src_id|gh_src|lever-source.*|lever-origin|"
    r"campaign|campaignid|cmp|cid|icid|from|si|lipi|originalsubdomain|sid|sessionid|jsessionid|share_id|"
    r"spm|tk|vjs|advn|adid|sjdu|acatk|pub|camk|xkcb|xpse|xfps|_ga|_gl|ga_.*|rx_.*|pk_.*|piwik_.*|ocid)$",
    re.I,
)
_DEFAULT_PORTS = {"http": 80, "https": 443}
_UUID = r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"


@dataclass(frozen=True)
class AtsJob:
    vendor: str  # greenhouse | lever | ashby | workday | smartrecruiters | icims
    tenant: str | None
    job_id: str


def canonical_url(url: str | None) -> str | None:
    """https, lower-case host without www and default port, no fragment, no tracking parameters, sorted query."""
    if not url or not isinstance(url, str):
        return None
    text = url.strip()
    if not re.match(r"^[a-z][a-z0-9+.-]*://", text, re.I):
        if not re.match(r"^[\w.-]+\.[a-z]{2,}(/|$)", text, re.I):
            return None
        text = "https://" + text
    try:
        parts = urlsplit(text)
        port = parts.port
    except ValueError:
        return None
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https") or not parts.hostname:
        return None
    host = parts.hostname.lower().removeprefix("www.")
    if port and port != _DEFAULT_PORTS.get(scheme):
        host = f"{host}:{port}"
    query = sorted((k, v) for k, v in parse_qsl(parts.query, keep_blank_values=False) if not _TRACKING.match(k))
    path = re.sub(r"/{2,}", "/", parts.path or "/")
    if len(path) > 1:
        path = path.rstrip("/")
    return urlunsplit(("https", host, path, urlencode(query), ""))


def ats_job(url: str | None) -> AtsJob | None:
    """The ATS vendor, tenant and job id an apply URL carries, if any."""
    if not url:
        return None
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return None
    host = (parts.hostname or "").lower()
    path = parts.path
    query = dict(parse_qsl(parts.query))
    if "greenhouse.io" in host:
        m = re.match(r"^/([\w-]+)/jobs/(\d+)", path)
        if m and m.group(1) != "embed":
            return AtsJob("greenhouse", m.group(1).lower(), m.group(2))
        token = query.get("token") or query.get("gh_jid")
        if token and token.isdigit():
            return AtsJob("greenhouse", (query.get("for") or "").lower() or None, token)
    if "gh_jid" in query and query["gh_jid"].isdigit():  # Greenhouse embedded on the employer's own site
        return AtsJob("greenhouse", _registered_name(host), query["gh_jid"])
    if host.endswith("lever.co"):
        m = re.match(rf"^/([\w.-]+)/({_UUID})", path, re.I)
        if m:
            return AtsJob("lever", m.group(1).lower(), m.group(2).lower())
    if host.endswith("ashbyhq.com"):
        m = re.match(rf"^/([\w.%-]+)/({_UUID})", path, re.I)
        if m:
            return AtsJob("ashby", m.group(1).lower(), m.group(2).lower())
    if "myworkdayjobs.com" in host or "myworkdaysite.com" in host:
        req = workday_requisition(path)
        if req:
            return AtsJob("workday", _workday_tenant(host, path), req)
    if host.endswith("smartrecruiters.com"):
        m = re.match(r"^/([\w-]+)/(\d{6,})", path)
        if m:
            return AtsJob("smartrecruiters", m.group(1).lower(), m.group(2))
    if host.endswith("icims.com"):
        m = re.match(r"^/jobs/(\d+)", path)
        if m:
            tenant = re.sub(r"^(careers|jobs|uscareers|external)-", "", host.split(".")[0])
            return AtsJob("icims", tenant, m.group(1))
    return None


# Workday puts the requisition after the last underscore of the job page: "..._R0001113", "..._JR1979861-2",
# "..._23WD72449", "..._R-12345", "..._REQ_2024_118". A trailing "-<1 or 2 digits>" is Workday's suffix for another
# posting of the same requisition (a re-post or another location), not part of its id.
_WORKDAY_REQ = re.compile(r"_([A-Z0-9]+(?:[-_][A-Z0-9]+)*?)(?:-\d{1,2})?$", re.I)


def workday_requisition(path: str) -> str | None:
    """The requisition id of a Workday job page path (upper case, re-post suffix dropped), if it has one."""
    last = re.sub(r"/apply(/.*)?$", "", path.rstrip("/"), flags=re.I).rsplit("/", 1)[-1]
    m = _WORKDAY_REQ.search(last)
    if not m:
        return None
    req = m.group(1)
    # "Intern_2024" or "Intern_Summer" names no requisition: an id has three digits and is not a bare year.
    return req.upper() if re.search(r"\d{3,}", req) and not re.fullmatch(r"(19|20)\d\d", req) else None


def _workday_tenant(host: str, path: str) -> str:
    """acme.wd5.myworkdayjobs.com -> acme; wd1.myworkdaysite.com/recruiting/acme/... -> acme."""
    first = host.split(".")[0]
    if re.fullmatch(r"wd\d+", first):
        m = re.match(r"^/(?:[a-z]{2}-[A-Z]{2}/)?recruiting/([\w-]+)/", path)
        if m:
            return m.group(1).lower()
    return first


def _registered_name(host: str) -> str | None:
    labels = [p for p in host.split(".") if p and p != "www"]
    if len(labels) >= 3 and labels[-2] in ("co", "com", "org", "net", "ac"):
        return labels[-3]
    return labels[-2] if len(labels) >= 2 else None


def board_of_url(url: str | None) -> str | None:
    """The job board a posting URL belongs to (indeed, linkedin, ...), for files that do not say."""
    if not url:
        return None
    host = (urlsplit(url).hostname or "").lower()
    for board in ("indeed", "linkedin", "glassdoor", "ziprecruiter", "google", "bayt", "naukri", "bdjobs"):
        if board in host:
            return "zip_recruiter" if board == "ziprecruiter" else board
    return None

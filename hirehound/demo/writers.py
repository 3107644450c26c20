"""Rows as the scrapers write them: native JSONL records (HTML descriptions) and JobSpy CSV rows (markdown).

JobSpy rows carry exactly the columns of `jobspy.model.JobPost` and are written the way
`df.to_csv(quoting=csv.QUOTE_NONNUMERIC, index=False)` writes them (numbers bare, text quoted, missing as "").
Malformed rows are made here from a valid posting: a cut JSON line, no title, a salary no one can read, a bare URL.
"""

from __future__ import annotations

import json
import random
from datetime import timedelta
from typing import Any

from hirehound.demo import boards, descriptions
from hirehound.demo.orgs import Org
from hirehound.demo.postings import Posting, html_style
from hirehound.demo.salaries import BAD_SALARIES

JOBSPY_COLUMNS = (
    "id", "site", "job_url", "job_url_direct", "title", "company", "location", "date_posted", "job_type",
    "salary_source", "interval", "min_amount", "max_amount", "currency", "is_remote", "job_level", "job_function",
    "listing_type", "emails", "description", "company_industry", "company_url", "company_logo", "company_url_direct",
    "company_addresses", "company_num_employees", "company_revenue", "company_description", "skills",
    "experience_range", "company_rating", "company_reviews_count", "vacancy_count", "work_from_home_type",
)  # fmt: skip
_NATIVE_TYPES = {"fulltime": "Full-time", "parttime": "Part-time", "contract": "Contract", "internship": "Internship",
                 "temporary": "Temporary"}  # fmt: skip
_LEVELS = {"Junior": "entry level", "Senior": "mid-senior level", "Lead": "mid-senior level",
           "Staff": "mid-senior level", "Principal": "director", "Associate": "associate",
           "": "mid-senior level"}  # fmt: skip
_SIZES = ("1 to 50", "51 to 200", "201 to 500", "501 to 1,000", "1,001 to 5,000", "5,001 to 10,000", "10,000+")
_REVENUE = ("$1M to $5M (USD)", "$25M to $100M (USD)", "$100M to $500M (USD)", "$1B to $5B (USD)", "$10B+ (USD)")


def _profile(org: Org) -> dict[str, Any]:
    """Company facts a board shows, fixed per organization (boards agree on them)."""
    n = boards.stable_int(org.org_id)
    site = f"https://www.{org.domain}" if org.domain else None
    return {
        "company_url_direct": site,
        "company_logo": f"https://media.licdn.com/dms/image/{n % 10**12:012d}/company-logo_200_200/0/logo"
        if site
        else None,
        "company_num_employees": _SIZES[n % len(_SIZES)] if site else None,
        "company_revenue": _REVENUE[(n >> 8) % len(_REVENUE)] if site else None,
        "company_description": f"{org.name} operates in {org.industry.replace('_', ' ')}." if site else None,
        "company_rating": round(3.0 + (n % 19) / 10, 1) if site else None,
        "company_reviews_count": float(50 + n % 5000) if site else None,
    }


def _remote(p: Posting) -> str:
    return p.job.place.work_mode


def native_record(p: Posting) -> dict[str, Any]:
    """The native JSONL record of a posting (contract fields; others land in `extra`)."""
    job = p.job
    rec: dict[str, Any] = {
        "source": p.board, "source_job_id": p.source_job_id, "url": p.url, "apply_url": p.apply_url,
        "title": p.title, "company": p.company,
    }  # fmt: skip
    if job.org.domain and (p.board == "careers" or boards.stable_int(p.source_job_id) % 3 == 0):
        rec["company_url"] = f"https://{job.org.domain}"
    rec["location"] = p.location
    rec["description"] = descriptions.to_html(p.blocks, html_style(p))
    if p.board != "careers":
        rec["description_format"] = "html"
    if p.salary_mode == "text":
        rec["salary"] = p.salary_text
    elif p.salary_mode == "fields" and job.pay:
        rec.update(salary_min=job.pay.minimum, salary_max=job.pay.maximum, salary_currency=job.pay.currency,
                   salary_interval=job.pay.interval)  # fmt: skip
    rec["employment_type"] = _NATIVE_TYPES.get(job.employment_type, job.employment_type)
    mode = _remote(p)
    rec["remote"] = mode if p.board == "careers" else mode == "remote"
    rec["date_posted"] = p.date_posted.isoformat()
    if p.board == "careers":
        rec["expires_at"] = f"{(p.date_posted + timedelta(days=30)).isoformat()}T23:59:59Z"
    return rec


def jobspy_row(p: Posting) -> list[Any]:
    job = p.job
    fields = p.salary_mode == "fields" and job.pay is not None
    prof = _profile(job.org) if p.board in ("linkedin", "indeed", "glassdoor") else {}
    mode = _remote(p)
    emails = None
    if job.is_spam and "gmail" in job.spam_flags:
        emails = next((w.strip(".") for w in descriptions.to_text(p.blocks).split() if "@gmail.com" in w), None)
    values = {
        "id": p.source_job_id, "site": p.board, "job_url": p.url, "job_url_direct": p.apply_url, "title": p.title,
        "company": p.company, "location": p.location, "date_posted": p.date_posted.isoformat(),
        "job_type": job.employment_type, "salary_source": "direct_data" if fields else None,
        "interval": job.pay.interval if fields and job.pay else None,
        "min_amount": float(job.pay.minimum) if fields and job.pay else None,
        "max_amount": float(job.pay.maximum) if fields and job.pay else None,
        "currency": job.pay.currency if fields and job.pay else None, "is_remote": mode == "remote",
        "job_level": _LEVELS.get(job.level) if p.board == "linkedin" else None,
        "job_function": job.family.team.title() if p.board == "linkedin" else None,
        "emails": emails, "description": descriptions.to_markdown(p.blocks),
        "company_industry": job.org.industry.replace("_", " ").title() if p.board in ("linkedin", "indeed") else None,
        "company_url": boards.company_page(p.board, job.org, p.company),
        "company_logo": prof.get("company_logo"), "company_url_direct": prof.get("company_url_direct"),
        "company_addresses": f"{job.place.city}, {job.place.country.name}" if prof and p.board == "indeed" else None,
        "company_num_employees": prof.get("company_num_employees") if p.board == "indeed" else None,
        "company_revenue": prof.get("company_revenue") if p.board == "indeed" else None,
        "company_description": prof.get("company_description") if p.board in ("indeed", "linkedin") else None,
        "company_rating": prof.get("company_rating") if p.board == "glassdoor" else None,
        "company_reviews_count": prof.get("company_reviews_count") if p.board == "glassdoor" else None,
        "work_from_home_type": {"remote": "Remote", "hybrid": "Hybrid"}.get(mode) if p.board == "indeed" else None,
    }  # fmt: skip
    return [values.get(c) for c in JOBSPY_COLUMNS]


def native_line(p: Posting) -> str:
    line = p.cache.get("native")
    if not isinstance(line, str):
        line = json.dumps(native_record(p), ensure_ascii=False)
        p.cache["native"] = line
    return line


def cached_jobspy_row(p: Posting) -> list[Any]:
    row = p.cache.get("jobspy")
    if not isinstance(row, list):
        row = jobspy_row(p)
        p.cache["jobspy"] = row
    return row


def malformed_native(rng: random.Random, p: Posting, kind: str) -> str:
    rec = native_record(p)
    if kind == "broken_json":
        line = json.dumps(rec, ensure_ascii=False)
        return line[: rng.randint(40, max(41, len(line) // 2))]  # a scraper killed mid-write
    if kind == "missing_title":
        rec.pop("title")
    elif kind == "bad_salary":
        for key in ("salary_min", "salary_max", "salary_currency", "salary_interval"):
            rec.pop(key, None)
        rec["salary"] = rng.choice(BAD_SALARIES)
    else:
        rec = {"url": p.url}
    return json.dumps(rec, ensure_ascii=False)


def malformed_jobspy(p: Posting, kind: str) -> list[Any]:
    row = jobspy_row(p)
    if kind == "missing_title":
        row[JOBSPY_COLUMNS.index("title")] = None
        return row
    url_only: list[Any] = [None] * len(JOBSPY_COLUMNS)
    url_only[JOBSPY_COLUMNS.index("job_url")] = p.url
    return url_only

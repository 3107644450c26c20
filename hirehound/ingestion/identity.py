"""Posting identity and content fingerprint.

A posting is the board's job id on that board (`indeed:in-123`), else its canonical URL; its id is the first 16
hex characters of the key's sha256, so every stage derives the same id from the same data. The content hash covers
the fields that make two postings "the same text", so exact duplicates across boards share it.

A requisition (the employer's job in its applicant tracking system) has its own key, `ats_identity_key`: vendors
whose job ids are unique across the vendor (Greenhouse, Lever, Ashby, SmartRecruiters) are keyed by the id alone,
so a company's own `?gh_jid=` page and its Greenhouse board name one job; vendors whose ids are per tenant
(Workday, iCIMS) are keyed by tenant and id.
"""

from __future__ import annotations

import hashlib


def posting_key(source: str, source_job_id: str | None, canonical_url: str | None) -> str | None:
    if source_job_id:
        return f"{source}:{source_job_id}"
    if canonical_url:
        return f"url:{canonical_url}"
    return None


def posting_id(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]


def content_hash(
    title: str, company: str | None, city: str | None, country_code: str | None, remote: str, description: str
) -> str:
    """sha256 (32 hex) over case- and whitespace-folded title, company, place and description text."""
    parts = [title, company or "", city or "", country_code or "", remote, description]
    folded = "\x1f".join(" ".join(p.split()).casefold() for p in parts)
    return hashlib.sha256(folded.encode("utf-8")).hexdigest()[:32]


# Vendors whose job ids are numbered per customer: the same id at two tenants is two jobs.
PER_TENANT_IDS = ("workday", "icims")


def ats_identity_key(vendor: str | None, tenant: str | None, job_id: str | None) -> str | None:
    """The requisition an ATS job id names, comparable across boards and tenants' spellings."""
    if not vendor or not job_id:
        return None
    if vendor in PER_TENANT_IDS:
        return f"{vendor}:{tenant or ''}:{job_id}"
    return f"{vendor}::{job_id}"

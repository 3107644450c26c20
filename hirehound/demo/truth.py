"""The ground-truth record of one written row: which true job, employer and duplicate type it is.

Format (one JSON object per line, see docs/demo_data.md): scrape_date, file, row (1-based, as ingestion numbers
rows), source, source_job_id, url, posting_id, job_id, dup_type, org_id, org_kind, company_spelling, title,
is_spam, is_malformed, malformed_kind, template_group, shared_text_group.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from hirehound.demo.simulation import Row
from hirehound.ingestion.identity import posting_id, posting_key
from hirehound.ingestion.urls import canonical_url


def truth_record(row: Row, scrape_date: date, file: str, number: int) -> dict[str, Any]:
    p, job = row.posting, row.posting.job
    url_only = row.malformed == "url_only"
    source_job_id = None if url_only else p.source_job_id
    cached = None if url_only else p.cache.get("posting_id")
    if isinstance(cached, str):
        pid: str | None = cached
    else:
        # ingestion only falls back to the URL without a board id, so canonicalise only then
        key = posting_key(p.board, source_job_id, None if source_job_id else canonical_url(p.url))
        pid = posting_id(key) if key else None
        if pid and not url_only:
            p.cache["posting_id"] = pid
    if row.kind == "rescrape":
        dup_type: str | None = "RESCRAPE"
    elif row.kind == "malformed":
        dup_type = None
    else:
        dup_type = p.dup_type
    return {
        "scrape_date": scrape_date.isoformat(),
        "file": file,
        "row": number,
        "source": p.board,
        "source_job_id": source_job_id,
        "url": p.url,
        "posting_id": pid,
        "job_id": job.job_id,
        "dup_type": dup_type,
        "org_id": job.org.org_id,
        "org_kind": job.org.kind,
        "company_spelling": None if url_only else p.company,
        "title": None if url_only or row.malformed == "missing_title" else p.title,
        "is_spam": job.is_spam,
        "is_malformed": row.kind == "malformed",
        "malformed_kind": row.malformed,
        "template_group": job.template_group,
        "shared_text_group": job.shared_text_group,
    }

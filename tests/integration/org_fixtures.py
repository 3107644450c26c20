"""Input rows for the organization tests, written straight into `normalized_postings` and `postings`."""

from __future__ import annotations

import hashlib
import json
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Engine


def posting(source: str, job_id: str, company: str | None, **fields: Any) -> dict[str, Any]:
    key = f"{source}:{job_id}"
    return {
        "posting_id": hashlib.sha256(key.encode()).hexdigest()[:16],
        "posting_key": key,
        "source": source,
        "source_job_id": job_id,
        "company_raw": company,
        "company_url": fields.pop("company_url", None),
        "apply_url": fields.pop("apply_url", None),
        "title": fields.pop("title", "Software Engineer"),
        "description_text": fields.pop("description", "Build software."),
        "extra": json.dumps(fields.pop("extra", {})),
    }


def insert_postings(engine: Engine, partition: str, rows: list[dict[str, Any]]) -> None:
    with engine.begin() as conn:
        for row in rows:
            conn.execute(
                sa.text(
                    """
                    INSERT INTO normalized_postings (partition_date, posting_id, posting_key, raw_id, source,
                        source_job_id, apply_url, canonical_apply_url, title, title_normalized, company_raw,
                        company_url, description_text, content_hash, extra)
                    VALUES (:p, :posting_id, :posting_key, :posting_id, :source, :source_job_id, :apply_url,
                        :apply_url, :title, lower(:title), :company_raw, :company_url, :description_text,
                        md5(:description_text), CAST(:extra AS jsonb))
                    """
                ),
                {"p": partition, **row},
            )
            conn.execute(
                sa.text(
                    """
                    INSERT INTO postings (posting_id, posting_key, first_seen, last_seen, latest_partition)
                    VALUES (:posting_id, :posting_key, :p, :p, :p)
                    ON CONFLICT (posting_id) DO UPDATE SET last_seen = GREATEST(postings.last_seen, EXCLUDED.last_seen),
                        latest_partition = GREATEST(postings.latest_partition, EXCLUDED.latest_partition)
                    """
                ),
                {"p": partition, **row},
            )

"""Postings written straight into the ingestion and organizations tables, for dedup tests that need no scrapes."""

from __future__ import annotations

import hashlib
from datetime import date
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection


def pid(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()[:16]


def add_org(conn: Connection, org_id: str, name: str, day: date, kind: str = "employer") -> None:
    conn.execute(
        sa.text(
            "INSERT INTO organizations (organization_id, name, normalized_name, core_key, kind, first_seen, last_seen) "
            "VALUES (:o, :n, lower(:n), lower(:n), :k, :d, :d) ON CONFLICT DO NOTHING"
        ),
        {"o": org_id, "n": name, "k": kind, "d": day},
    )


def add_posting(conn: Connection, day: date, key: str, *, org: str | None = None, **fields: Any) -> str:
    """One normalized row for `day`; `postings` follows the earliest/latest day as ingestion keeps it."""
    posting_id = pid(key)
    row: dict[str, Any] = {
        "partition_date": day, "posting_id": posting_id, "posting_key": key, "raw_id": f"r:{key}:{day}",
        "source": key.split(":")[0], "title": "Data Engineer", "description_text": "", "company_raw": None,
        "city": None, "country_code": None, "location_raw": None, "ats_vendor": None, "ats_tenant": None,
        "ats_job_id": None, "canonical_apply_url": None, "salary_annual_min": None, "salary_annual_max": None,
        "salary_currency": None, "remote_type": None,
    }  # fmt: skip
    row.update(fields)
    row["title_normalized"] = row["title"].lower()
    row["content_hash"] = hashlib.sha256(row["description_text"].encode()).hexdigest()
    cols = ", ".join(row)
    conn.execute(sa.text(f"INSERT INTO normalized_postings ({cols}) VALUES ({', '.join(':' + c for c in row)})"), row)
    conn.execute(
        sa.text(
            "INSERT INTO postings (posting_id, posting_key, first_seen, last_seen, latest_partition) "
            "VALUES (:p, :k, :d, :d, :d) ON CONFLICT (posting_id) DO UPDATE SET "
            "first_seen = LEAST(postings.first_seen, EXCLUDED.first_seen), "
            "last_seen = GREATEST(postings.last_seen, EXCLUDED.last_seen), "
            "latest_partition = GREATEST(postings.latest_partition, EXCLUDED.latest_partition)"
        ),
        {"p": posting_id, "k": key, "d": day},
    )
    if org:
        conn.execute(
            sa.text(
                "INSERT INTO posting_organizations (posting_id, organization_id, match_method, partition_date) "
                "VALUES (:p, :o, 'exact_key', :d) ON CONFLICT (posting_id) DO NOTHING"
            ),
            {"p": posting_id, "o": org, "d": day},
        )
    return posting_id

"""Ingestion tables in PostgreSQL: replace a partition's rows (COPY), keep `postings` in step, remember inputs.

Every write replaces exactly one partition inside the caller's transaction, so re-runs and backfills in any order
leave the same tables. `postings.first_seen/last_seen/latest_partition` are recomputed from all partitions of the
touched identities (min/max over `normalized_postings`), never incremented, so the order of runs does not matter.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from hirehound.db.partition_replace import replace_partition
from hirehound.ingestion.raw_files import FileOutcome

SCRAPE_FILE_COLUMNS = (
    "partition_date",
    "path",
    "sha256",
    "size_bytes",
    "format",
    "source",
    "encoding",
    "status",
    "rows_total",
    "rows_ok",
    "rows_failed",
    "error",
    "duplicate_of",
    "run_id",
)
RAW_COLUMNS = (
    "partition_date",
    "raw_id",
    "file_path",
    "file_sha256",
    "row_number",
    "format",
    "source",
    "payload",
    "run_id",
)
NORMALIZED_COLUMNS = (
    "partition_date",
    "posting_id",
    "posting_key",
    "raw_id",
    "source",
    "source_job_id",
    "url",
    "canonical_url",
    "apply_url",
    "canonical_apply_url",
    "ats_vendor",
    "ats_tenant",
    "ats_job_id",
    "title",
    "title_normalized",
    "seniority",
    "company_raw",
    "company_url",
    "location_raw",
    "city",
    "region",
    "country_code",
    "remote_type",
    "places",
    "salary_min",
    "salary_max",
    "salary_currency",
    "salary_period",
    "salary_annual_min",
    "salary_annual_max",
    "employment_type",
    "date_posted",
    "expires_at",
    "description_html",
    "description_text",
    "content_hash",
    "extra",
    "run_id",
)


def stored_state(conn: Connection, asset: str, day: date) -> dict[str, Any] | None:
    row = conn.execute(
        sa.text(
            "SELECT fingerprint, rows_in, rows_out, rows_failed, details FROM ingestion_partitions "
            "WHERE asset = :asset AND partition_date = :day"
        ),
        {"asset": asset, "day": day},
    ).one_or_none()
    return dict(row._mapping) if row else None


def save_state(
    conn: Connection,
    asset: str,
    day: date,
    fingerprint: str,
    counts: dict[str, int],
    details: dict[str, Any],
    run_id: str | None,
) -> None:
    conn.execute(
        sa.text(
            """
            INSERT INTO ingestion_partitions
                (asset, partition_date, fingerprint, rows_in, rows_out, rows_failed, details, run_id, updated_at)
            VALUES (:asset, :day, :fp, :rows_in, :rows_out, :rows_failed, CAST(:details AS jsonb), :run_id, now())
            ON CONFLICT (asset, partition_date) DO UPDATE SET
                fingerprint = EXCLUDED.fingerprint, rows_in = EXCLUDED.rows_in, rows_out = EXCLUDED.rows_out,
                rows_failed = EXCLUDED.rows_failed, details = EXCLUDED.details, run_id = EXCLUDED.run_id,
                updated_at = now()
            """
        ),
        {
            "asset": asset,
            "day": day,
            "fp": fingerprint,
            "details": json.dumps(details, default=str),
            "run_id": run_id,
            **counts,
        },
    )


def replace_raw_partition(
    conn: Connection, day: date, files: list[FileOutcome], rows: list[tuple[Any, ...]], run_id: str | None
) -> int:
    """Replace the partition's raw rows and file ledger. Quarantined files moved away keep their ledger row."""
    replace_partition(
        conn,
        "scrape_files",
        "partition_date",
        [day],
        [
            (
                day,
                f.path,
                f.sha256,
                f.size_bytes,
                f.format,
                f.source,
                f.encoding,
                f.status,
                f.rows_total,
                f.rows_ok,
                f.rows_failed,
                f.error,
                f.duplicate_of,
                run_id,
            )
            for f in files
        ],
        copy_columns=SCRAPE_FILE_COLUMNS,
        keep_where="status = 'quarantined' AND NOT (path = ANY(:present))",
        keep_params={"present": [f.path for f in files]},
    )
    return replace_partition(conn, "raw_postings", "partition_date", [day], rows, copy_columns=RAW_COLUMNS)


def iter_raw_rows(
    conn: Connection, day: date, batch: int = 5000
) -> Iterator[tuple[str, str, int, str, dict[str, Any]]]:
    """(raw_id, file_path, row_number, format, payload) of the partition, in file and row order."""
    driver: Any = conn.connection.dbapi_connection
    cursor = driver.cursor(name="hh_raw_rows")  # server-side: a large day is streamed, not loaded at once
    cursor.itersize = batch
    cursor.execute(
        "SELECT raw_id, file_path, row_number, format, payload FROM raw_postings "
        "WHERE partition_date = %s ORDER BY file_path, row_number",
        (day,),
    )
    try:
        yield from cursor
    finally:
        cursor.close()


def replace_normalized_partition(
    conn: Connection, day: date, rows: list[tuple[Any, ...]], run_id: str | None
) -> dict[str, int]:
    """Replace the partition's normalized rows and recompute `postings` for every identity it had or has."""
    old = [
        r[0]
        for r in conn.execute(
            sa.text("SELECT posting_id FROM normalized_postings WHERE partition_date = :day"), {"day": day}
        )
    ]
    written = replace_partition(
        conn, "normalized_postings", "partition_date", [day], rows, copy_columns=NORMALIZED_COLUMNS
    )
    touched = sorted(set(old) | {r[1] for r in rows})
    changed = conn.execute(
        sa.text(
            """
            INSERT INTO postings AS p (posting_id, posting_key, first_seen, last_seen, latest_partition, run_id)
            SELECT posting_id, min(posting_key), min(partition_date), max(partition_date), max(partition_date), :run_id
            FROM normalized_postings WHERE posting_id = ANY(:ids) GROUP BY posting_id
            ON CONFLICT (posting_id) DO UPDATE SET
                first_seen = EXCLUDED.first_seen,
                last_seen = EXCLUDED.last_seen,
                latest_partition = EXCLUDED.latest_partition,
                -- seen again after it was expired: it is open again
                status = CASE WHEN EXCLUDED.last_seen > p.last_seen THEN 'active' ELSE p.status END,
                expired_at = CASE WHEN EXCLUDED.last_seen > p.last_seen THEN NULL ELSE p.expired_at END,
                expiry_reason = CASE WHEN EXCLUDED.last_seen > p.last_seen THEN NULL ELSE p.expiry_reason END,
                updated_at = now(),
                run_id = EXCLUDED.run_id
            WHERE (p.first_seen, p.last_seen, p.latest_partition)
                  IS DISTINCT FROM (EXCLUDED.first_seen, EXCLUDED.last_seen, EXCLUDED.latest_partition)
            """
        ),
        {"ids": touched, "run_id": run_id},
    ).rowcount
    removed = conn.execute(
        sa.text(
            """
            DELETE FROM postings p WHERE p.posting_id = ANY(:ids)
              AND NOT EXISTS (SELECT 1 FROM normalized_postings n WHERE n.posting_id = p.posting_id)
            """
        ),
        {"ids": old},
    ).rowcount
    return {"normalized_rows": written, "postings_changed": changed, "postings_removed": removed}

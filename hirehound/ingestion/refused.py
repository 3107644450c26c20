"""Files the landing zone will not ingest, written where an operator looks: `scrape_files` and the failure ledger.

A symlink leading out of the zone, a linked folder, or a file dated before the earliest accepted
scrape date is never read. Each
gets a `scrape_files` row with status `refused` and the reason, under the scrape date it carries (or its mtime's),
and a failure-ledger item (asset `raw_postings`, stage `landing`), so it is visible instead of silently skipped.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from hirehound.db.failure_ledger import ItemFailure, record_failures
from hirehound.ingestion.landing import RefusedFile
from hirehound.ingestion.scrape_date import scrape_date

STATUS = "refused"
STAGE = "landing"


def refused_day(refused: RefusedFile) -> date:
    """The scrape date a refused file would have had (path date, else mtime; 1970-01-01 when neither)."""
    return scrape_date(refused.path, refused.mtime) or date(1970, 1, 1)


def as_failure(refused: RefusedFile) -> ItemFailure:
    return ItemFailure(refused.path, STAGE, "RefusedFile", refused.reason)


def record_refused(conn: Connection, refused: Iterable[RefusedFile], run_id: str | None = None) -> int:
    """Upsert a `scrape_files` row and a ledger item per refused file (the landing sensor calls it); returns how
    many."""
    by_day: dict[date, list[RefusedFile]] = {}
    for item in refused:
        by_day.setdefault(refused_day(item), []).append(item)
    for day, items in by_day.items():
        conn.execute(
            sa.text(
                """
                INSERT INTO scrape_files (partition_date, path, sha256, size_bytes, status, error, run_id)
                VALUES (:day, :path, '', 0, :status, :error, :run_id)
                ON CONFLICT (partition_date, path) DO UPDATE SET
                    status = EXCLUDED.status, error = EXCLUDED.error, run_id = EXCLUDED.run_id, ingested_at = now()
                """
            ),
            [{"day": day, "path": r.path, "status": STATUS, "error": r.reason, "run_id": run_id} for r in items],
        )
        record_failures(
            conn,
            asset="raw_postings",
            partition=day.isoformat(),
            failures=[as_failure(r) for r in items],
            run_id=run_id,
            stages=[STAGE],
        )
    return sum(len(items) for items in by_day.values())

"""Archiving: postings inactive for half a year leave the hot tables, and long-resolved failures are pruned.

An expired posting whose expiry is older than `inactive_days` (default 180) moves from `postings` to
`postings_archive` together with a snapshot of its latest normalized values. Its raw and normalized rows, its
organization and cluster links stay where they are, so `posting_lineage` still explains it. Failure-ledger rows
resolved more than `ledger_days` ago, and incidents closed that long ago, are deleted.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.engine import Connection

DEFAULT_INACTIVE_DAYS = 180
DEFAULT_LEDGER_DAYS = 90


@dataclass(frozen=True)
class ArchiveReport:
    archived: int
    failures_pruned: int
    incidents_pruned: int


def archive_inactive(
    conn: Connection,
    now: datetime,
    run_id: str | None,
    inactive_days: int = DEFAULT_INACTIVE_DAYS,
    ledger_days: int = DEFAULT_LEDGER_DAYS,
) -> ArchiveReport:
    """Move long-inactive postings to the archive and prune old resolved failures, in the caller's transaction."""
    cutoff = now - timedelta(days=inactive_days)
    moved = conn.execute(
        sa.text(
            """
            WITH old AS (
                SELECT p.*, COALESCE(to_jsonb(n) - 'description_html', CAST('{}' AS jsonb)) AS snapshot
                FROM postings p
                LEFT JOIN normalized_postings n
                       ON n.posting_id = p.posting_id AND n.partition_date = p.latest_partition
                WHERE p.status <> 'active' AND COALESCE(p.expired_at, p.updated_at) < :cutoff
            ), copied AS (
                INSERT INTO postings_archive (posting_id, posting_key, first_seen, last_seen, latest_partition, status,
                    expired_at, expiry_reason, updated_at, run_id, latest_snapshot, archived_at, archive_run_id)
                SELECT posting_id, posting_key, first_seen, last_seen, latest_partition, status, expired_at,
                       expiry_reason, updated_at, run_id, snapshot, :now, :run_id FROM old
                ON CONFLICT (posting_id) DO UPDATE SET posting_key = EXCLUDED.posting_key,
                    first_seen = EXCLUDED.first_seen, last_seen = EXCLUDED.last_seen,
                    latest_partition = EXCLUDED.latest_partition, status = EXCLUDED.status,
                    expired_at = EXCLUDED.expired_at, expiry_reason = EXCLUDED.expiry_reason,
                    updated_at = EXCLUDED.updated_at, run_id = EXCLUDED.run_id,
                    latest_snapshot = EXCLUDED.latest_snapshot, archived_at = EXCLUDED.archived_at,
                    archive_run_id = EXCLUDED.archive_run_id
                RETURNING posting_id
            )
            DELETE FROM postings p USING copied c WHERE p.posting_id = c.posting_id
            RETURNING p.posting_id
            """
        ),
        {"cutoff": cutoff, "now": now, "run_id": run_id},
    ).all()
    ledger_cutoff = now - timedelta(days=ledger_days)
    failures = conn.execute(
        sa.text("DELETE FROM failure_ledger WHERE resolved AND resolved_at < :cutoff"), {"cutoff": ledger_cutoff}
    )
    incidents = conn.execute(
        sa.text("DELETE FROM pipeline_incidents WHERE status = 'closed' AND closed_at < :cutoff"),
        {"cutoff": ledger_cutoff},
    )
    return ArchiveReport(len(moved), failures.rowcount or 0, incidents.rowcount or 0)

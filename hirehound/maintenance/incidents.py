"""Pipeline incidents: a failed run opens one, a later successful run of the same job and partition closes it.

Incidents are what an operator looks at in the morning: which job failed, for which scrape date, in which step,
with what error, and whether a retry has since fixed it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.engine import Connection

MAX_ERROR_CHARS = 4000


@dataclass(frozen=True)
class Incident:
    run_id: str
    job_name: str
    partition_key: str
    failed_steps: tuple[str, ...]
    error_class: str | None
    error_message: str | None


def open_incident(conn: Connection, incident: Incident) -> bool:
    """Record a failed run (once per run id); returns whether a new incident was opened."""
    result = conn.execute(
        sa.text(
            """
            INSERT INTO pipeline_incidents (run_id, job_name, partition_key, failed_steps, error_class, error_message)
            VALUES (:run_id, :job_name, :partition_key, :failed_steps, :error_class, :error_message)
            ON CONFLICT (run_id) DO NOTHING
            """
        ),
        {
            "run_id": incident.run_id,
            "job_name": incident.job_name,
            "partition_key": incident.partition_key,
            "failed_steps": list(incident.failed_steps),
            "error_class": incident.error_class,
            "error_message": (incident.error_message or "")[:MAX_ERROR_CHARS] or None,
        },
    )
    return bool(result.rowcount)


def close_incidents(conn: Connection, job_name: str, partition_key: str, run_id: str) -> int:
    """Close the open incidents of this job and partition because `run_id` succeeded; returns how many."""
    result = conn.execute(
        sa.text(
            """
            UPDATE pipeline_incidents SET status = 'closed', closed_at = now(), closed_by_run_id = :run_id
            WHERE status = 'open' AND job_name = :job_name AND partition_key = :partition_key AND run_id <> :run_id
            """
        ),
        {"job_name": job_name, "partition_key": partition_key, "run_id": run_id},
    )
    return result.rowcount or 0


def list_open(conn: Connection, limit: int = 50) -> Sequence[dict[str, object]]:
    """Open incidents, newest first."""
    rows = conn.execute(
        sa.text(
            """
            SELECT run_id, job_name, partition_key, failed_steps, error_class, error_message, opened_at
            FROM pipeline_incidents WHERE status = 'open' ORDER BY opened_at DESC, incident_id DESC LIMIT :limit
            """
        ),
        {"limit": limit},
    )
    return [dict(r._mapping) for r in rows]

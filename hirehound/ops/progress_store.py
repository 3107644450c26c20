"""Durable step progress in `step_progress`: one row per run, asset and partition, that SQL and `hirehound status`
read while the step runs and after it stopped (a killed run keeps state `running` and its last `updated_at`).

Snapshots are written on their own short transaction, outside the step's own transaction, so they are visible
while the step still works and survive its rollback.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from hirehound.ops.progress import Snapshot

UPSERT = sa.text(
    """
    INSERT INTO step_progress (run_id, asset, partition_key, processed, total, failed, state)
    VALUES (:run_id, :asset, :partition, :processed, :total, :failed, :state)
    ON CONFLICT (run_id, asset, partition_key) DO UPDATE SET
        processed = EXCLUDED.processed, total = EXCLUDED.total, failed = EXCLUDED.failed,
        state = EXCLUDED.state, updated_at = now(),
        -- a retried step starts counting again: its row says when this attempt began
        started_at = CASE WHEN step_progress.state <> 'running' AND EXCLUDED.state = 'running'
                          AND EXCLUDED.processed = 0 THEN now() ELSE step_progress.started_at END
    """
)


class ProgressStore:
    """Saves one step's snapshots; a `Progress` sink."""

    def __init__(self, engine: Engine, run_id: str, asset: str, partition: str | None) -> None:
        self.engine = engine
        self.key = {"run_id": run_id, "asset": asset, "partition": partition or ""}

    def __call__(self, snapshot: Snapshot, state: str) -> None:
        with self.engine.begin() as conn:
            conn.execute(
                UPSERT,
                {
                    **self.key,
                    "processed": snapshot.processed,
                    "total": snapshot.total,
                    "failed": snapshot.failed,
                    "state": state,
                },
            )


ADD = sa.text(
    """
    UPDATE step_progress SET processed = processed + :processed, failed = failed + :failed, updated_at = now()
    WHERE run_id = :run_id AND asset = :asset AND partition_key = :partition AND state = 'running'
    """
)


class SharedProgressStore:
    """Adds one part's progress to a row its step's other parts share (chunks of one day's embedding, running on
    several workers at once); the step that planned the parts set the total, and the one that ends them sets the
    final state. A `Progress` sink: it saves the increase since its last save, never absolute counts."""

    def __init__(self, engine: Engine, run_id: str, asset: str, partition: str | None) -> None:
        self.engine = engine
        self.key = {"run_id": run_id, "asset": asset, "partition": partition or ""}
        self._saved = (0, 0)

    def __call__(self, snapshot: Snapshot, state: str) -> None:
        processed, failed = snapshot.processed - self._saved[0], snapshot.failed - self._saved[1]
        if processed <= 0 and failed <= 0:
            return
        with self.engine.begin() as conn:
            conn.execute(ADD, {**self.key, "processed": max(processed, 0), "failed": max(failed, 0)})
        self._saved = (snapshot.processed, snapshot.failed)


@dataclass(frozen=True)
class StepProgress:
    run_id: str
    asset: str
    partition_key: str
    processed: int
    total: int | None
    failed: int
    state: str
    started_at: datetime
    updated_at: datetime

    @property
    def seconds(self) -> float:
        return (self.updated_at - self.started_at).total_seconds()


def recent_progress(conn: Connection, limit: int = 20) -> Sequence[StepProgress]:
    """The steps that ran or are running, most recently updated first."""
    rows = conn.execute(
        sa.text(
            "SELECT run_id, asset, partition_key, processed, total, failed, state, started_at, updated_at "
            "FROM step_progress ORDER BY updated_at DESC LIMIT :limit"
        ),
        {"limit": limit},
    )
    return [StepProgress(**r._mapping) for r in rows]

"""The failure ledger: one row per item that a stage could not process, with why, shared by every stage.

A stage hands over the failures of one (asset, partition) run as a list; the ledger upserts them (counting
attempts) and marks earlier failures of that asset and partition that did not recur as resolved. Re-running a
partition that now succeeds therefore closes its failures instead of leaving stale rows behind.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.engine import Connection

MAX_MESSAGE_CHARS = 2000


@dataclass(frozen=True)
class ItemFailure:
    """One item (posting, file, organization...) that failed one stage."""

    item_key: str
    stage: str
    error_class: str
    message: str

    @classmethod
    def from_exception(cls, item_key: str, stage: str, exc: BaseException) -> ItemFailure:
        return cls(item_key=item_key, stage=stage, error_class=type(exc).__name__, message=str(exc) or repr(exc))


def record_failures(
    conn: Connection,
    *,
    asset: str,
    partition: str | None,
    failures: Iterable[ItemFailure],
    run_id: str | None = None,
    stages: Sequence[str] | None = None,
) -> int:
    """Upsert this run's failures for (asset, partition) and resolve the ones that did not recur.

    `stages` limits which earlier failures may be resolved (default: every stage of this asset and partition),
    for an asset that records the failures of one stage at a time. Returns the number of failures recorded.
    """
    partition_key = partition or ""
    rows = {}
    for failure in failures:  # one row per (item, stage): the last message wins
        rows[(failure.item_key, failure.stage)] = failure
    params = [
        {
            "asset": asset,
            "partition_key": partition_key,
            "item_key": f.item_key,
            "stage": f.stage,
            "error_class": f.error_class,
            "message": f.message[:MAX_MESSAGE_CHARS],
            "run_id": run_id,
        }
        for f in rows.values()
    ]
    if params:
        conn.execute(
            sa.text(
                """
                INSERT INTO failure_ledger (asset, partition_key, item_key, stage, error_class, message, run_id)
                VALUES (:asset, :partition_key, :item_key, :stage, :error_class, :message, :run_id)
                ON CONFLICT (asset, partition_key, item_key, stage) DO UPDATE SET
                    error_class = EXCLUDED.error_class,
                    message     = EXCLUDED.message,
                    run_id      = EXCLUDED.run_id,
                    attempt     = failure_ledger.attempt + 1,
                    last_seen   = now(),
                    resolved    = false,
                    resolved_at = NULL
                """
            ),
            params,
        )
    keys = [[p["item_key"], p["stage"]] for p in params]
    conn.execute(
        sa.text(
            """
            UPDATE failure_ledger SET resolved = true, resolved_at = now()
            WHERE asset = :asset AND partition_key = :partition_key AND NOT resolved
              AND (CAST(:stages AS text[]) IS NULL OR stage = ANY(CAST(:stages AS text[])))
              AND NOT (ARRAY[item_key, stage] = ANY(
                    SELECT ARRAY[k ->> 0, k ->> 1] FROM jsonb_array_elements(CAST(:keys AS jsonb)) AS k))
            """
        ),
        {
            "asset": asset,
            "partition_key": partition_key,
            "stages": list(stages) if stages is not None else None,
            "keys": _json(keys),
        },
    )
    return len(params)


def open_failures(conn: Connection, asset: str, partition: str | None = None) -> list[dict[str, object]]:
    """The unresolved failures of an asset (and partition), newest first."""
    result = conn.execute(
        sa.text(
            """
            SELECT asset, partition_key, item_key, stage, error_class, message, attempt, run_id, last_seen
            FROM failure_ledger
            WHERE asset = :asset AND NOT resolved AND (CAST(:partition AS text) IS NULL OR partition_key = :partition)
            ORDER BY last_seen DESC, item_key
            """
        ),
        {"asset": asset, "partition": partition},
    )
    return [dict(row._mapping) for row in result]


def summarize(failures: Iterable[ItemFailure], top: int = 5) -> dict[str, int]:
    """Counts of the most common `error_class: stage` reasons, for materialization metadata."""
    counts = Counter(f"{f.stage}: {f.error_class}" for f in failures)
    return dict(counts.most_common(top))


def _json(value: object) -> str:
    import json

    return json.dumps(value)

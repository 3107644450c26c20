"""The one line an asset needs to be watched: `progress = step_progress(context, database)`.

It logs through `context.log` (at most every ten seconds) and saves durable snapshots to `step_progress` for the
run, asset and partition; the asset passes `progress` to its domain loop and calls `progress.finish()` before
returning. A step that raises or is killed keeps state `running`; `hirehound status` and the metrics endpoint
compare it with the run's status in Dagster.

An asset computed by several steps (a graph-backed asset whose chunks run on several workers) keeps one row:
its first step makes it with `step_progress(..., asset=...)`, each chunk adds to it through `chunk_progress`, and
its last step ends it with `finish_progress`.
"""

from __future__ import annotations

import time

import dagster as dg

from hirehound.ops.progress import Progress, Snapshot
from hirehound.ops.progress_store import ProgressStore, SharedProgressStore
from resources.database import DatabaseResource

AnyContext = dg.AssetExecutionContext | dg.OpExecutionContext


def _where(context: AnyContext, asset: str | None) -> tuple[str, str | None, str]:
    name = asset or context.asset_key.to_user_string()
    partition = context.partition_key if context.has_partition_key else None
    return name, partition, f"{name} [{partition}]" if partition else name


def step_progress(
    context: AnyContext, database: DatabaseResource, total: int | None = None, *, asset: str | None = None
) -> Progress:
    name, partition, where = _where(context, asset)
    store = ProgressStore(database.engine(), context.run_id, name, partition)
    return Progress(where, log_line=context.log.info, sink=store, total=total)


def chunk_progress(context: AnyContext, database: DatabaseResource, asset: str) -> Progress:
    """Progress of one chunk, logged as the chunk's own and added to the asset's row."""
    name, partition, where = _where(context, asset)
    store = SharedProgressStore(database.engine(), context.run_id, name, partition)
    return Progress(f"{where} chunk {context.get_mapping_key()}", log_line=context.log.info, sink=store)


def finish_progress(
    context: AnyContext, database: DatabaseResource, asset: str, *, total: int, failed: int, started: float
) -> None:
    """End the asset's row: all `total` items processed, `failed` of them failed."""
    name, partition, where = _where(context, asset)
    snapshot = Snapshot(total, total, failed, time.perf_counter() - started)
    ProgressStore(database.engine(), context.run_id, name, partition)(snapshot, "done")
    context.log.info(snapshot.line(where))

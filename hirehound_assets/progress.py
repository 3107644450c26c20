"""The one line an asset needs to be watched: `progress = step_progress(context, database)`.

It logs through `context.log` (at most every ten seconds) and saves durable snapshots to `step_progress` for the
run, asset and partition; the asset passes `progress` to its domain loop and calls `progress.finish()` before
returning. A step that raises or is killed keeps state `running`; `hirehound status` and the metrics endpoint
compare it with the run's status in Dagster.
"""

from __future__ import annotations

import dagster as dg

from hirehound.ops.progress import Progress
from hirehound.ops.progress_store import ProgressStore
from resources.database import DatabaseResource


def step_progress(context: dg.AssetExecutionContext, database: DatabaseResource, total: int | None = None) -> Progress:
    asset = context.asset_key.to_user_string()
    partition = context.partition_key if context.has_partition_key else None
    where = f"{asset} [{partition}]" if partition else asset
    store = ProgressStore(database.engine(), context.run_id, asset, partition)
    return Progress(where, log_line=context.log.info, sink=store, total=total)

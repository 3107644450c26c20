"""Jobs: the daily pipeline the scrape sensor launches, one run per scrape date.

Its steps run on Dagster's default multiprocess executor (`spawn`: one fresh process per step). A fork server with
the code location preloaded (`daily_executor` below) starts a step in 0.4-0.9 s instead of 3.2 s
(bench/bench_executor.py, docs/performance.md), but it is not switched on yet: the step-process guard
(`hirehound.lifecycle.step_guard`, which makes a step die with its run worker) is set when a step imports the code
location, and forked steps never import it, so the kill guarantees of issue 13 would be lost. Wiring the guard
into the fork path and measuring through the daemon come first.

`HIREHOUND_EXECUTOR=celery` (with `HIREHOUND_CELERY_BROKER_URL`) runs the steps as Celery tasks on
`hirehound worker` processes instead (`hirehound_assets.scaleout`, docs/scaling.md); the default stays the
multiprocess executor, with no broker.
"""

import warnings

import dagster as dg

from hirehound.scaling.settings import celery_settings, executor_kind
from hirehound_assets.partitions import daily_partitions

# Only the ingestion assets declare a backfill policy (one partition per run); Dagster applies the smallest to the
# job, which is what we want, and warns about it in every process that loads the code (121 times an hour).
warnings.filterwarnings("ignore", message="Asset job daily_pipeline_job materializes assets with varying Backfill")

DAILY_GROUPS = ("ingestion", "organizations", "embeddings", "dedup", "enrichment", "publication")
# Imported once by the fork server; a module that fails to import there is imported again by the step instead.
PRELOAD_MODULES = ["dagster", "hirehound_assets.definitions"]

daily_executor = dg.multiprocess_executor.configured(
    {"start_method": {"forkserver": {"preload_modules": PRELOAD_MODULES}}}, name="daily_forkserver_executor"
)


def daily_executor_def() -> dg.ExecutorDefinition | None:
    """The Celery executor when `HIREHOUND_EXECUTOR=celery`, else None (Dagster's default executor, as before)."""
    if executor_kind() != "celery":
        return None
    celery_settings()  # a missing or wrong broker URL fails the code location's load, saying which variable
    from hirehound_assets.scaleout.executor import hirehound_celery_executor

    return hirehound_celery_executor


daily_pipeline_job = dg.define_asset_job(
    name="daily_pipeline_job",
    description="Everything one scrape date needs: raw rows to the published catalogue, in dependency order.",
    selection=dg.AssetSelection.groups(*DAILY_GROUPS),
    partitions_def=daily_partitions,
    executor_def=daily_executor_def(),
)

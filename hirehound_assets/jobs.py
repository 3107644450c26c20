"""Jobs: the daily pipeline the scrape sensor launches, one run per scrape date.

Its steps run on `daily_executor`: Dagster's multiprocess executor started with `forkserver`, the code location
preloaded. The run worker starts a fork server that imports the code location once, and each step is a fork of
it: 0.4-0.9 s per step instead of 3.2 s for `spawn` (a fresh interpreter importing the code location per step),
while keeping one process per step (failure isolation, pools, step retries) and parallel steps. Chosen by
measurement through the daemon (docs/performance.md, bench/bench_real_path.py). A forked step never imports the
code location, so the step-process guard (a step dies with its killed run worker) is installed in the fork
server instead (`hirehound.lifecycle.fork_server_guard`, preloaded first; see `hirehound.lifecycle.step_guard`).

`HIREHOUND_EXECUTOR=celery` (with `HIREHOUND_CELERY_BROKER_URL`) runs the steps as Celery tasks on
`hirehound worker` processes instead (`hirehound_assets.scaleout`, docs/scaling.md); the default stays the
fork-server executor above, with no broker.
"""

import warnings

import dagster as dg

from hirehound.scaling.settings import celery_settings, executor_kind
from hirehound_assets.partitions import daily_partitions

# Only the ingestion assets declare a backfill policy (one partition per run); Dagster applies the smallest to the
# job, which is what we want, and warns about it in every process that loads the code (121 times an hour).
warnings.filterwarnings("ignore", message="Asset job daily_pipeline_job materializes assets with varying Backfill")

DAILY_GROUPS = ("ingestion", "organizations", "embeddings", "dedup", "posting_signals", "publication")
# Imported once by the fork server, in this order; a module that fails to import there is imported again by each
# step instead (slower, still correct). The guard goes first and imports nothing heavy, so it is always in place.
PRELOAD_MODULES = ["hirehound.lifecycle.fork_server_guard", "dagster", "hirehound_assets.definitions"]

daily_executor = dg.multiprocess_executor.configured(
    {"start_method": {"forkserver": {"preload_modules": PRELOAD_MODULES}}}, name="daily_forkserver_executor"
)


def daily_executor_def() -> dg.ExecutorDefinition:
    """The Celery executor when `HIREHOUND_EXECUTOR=celery`, else the preloaded fork-server executor (the default)."""
    if executor_kind() != "celery":
        return daily_executor
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

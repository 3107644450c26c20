"""Jobs: the daily pipeline the scrape sensor launches, one run per scrape date.

Its steps run in processes forked from a server that imported the code location once (multiprocess executor,
`forkserver`, preloaded modules): each step keeps its own process, so a crash or a runaway step fails that step
alone, and independent steps still run side by side, but a step starts in about 0.4-0.9 s instead of the 3.2 s
a fresh interpreter (`spawn`, Dagster's default) spends importing the code location on two loaded cores
(bench/bench_executor.py, docs/performance.md). Pools, step retries and run retries work as with any executor.
"""

import warnings

import dagster as dg

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

daily_pipeline_job = dg.define_asset_job(
    name="daily_pipeline_job",
    description="Everything one scrape date needs: raw rows to the published catalogue, in dependency order.",
    selection=dg.AssetSelection.groups(*DAILY_GROUPS),
    partitions_def=daily_partitions,
    executor_def=daily_executor,
)

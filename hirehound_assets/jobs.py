"""Jobs: the daily pipeline the scrape sensor launches, one run per scrape date."""

import warnings

import dagster as dg

from hirehound_assets.partitions import daily_partitions

# Only the ingestion assets declare a backfill policy (one partition per run); Dagster applies the smallest to the
# job, which is what we want, and warns about it in every process that loads the code (121 times an hour).
warnings.filterwarnings("ignore", message="Asset job daily_pipeline_job materializes assets with varying Backfill")

DAILY_GROUPS = ("ingestion", "organizations", "embeddings", "dedup", "enrichment", "publication")

daily_pipeline_job = dg.define_asset_job(
    name="daily_pipeline_job",
    description="Everything one scrape date needs: raw rows to the published catalogue, in dependency order.",
    selection=dg.AssetSelection.groups(*DAILY_GROUPS),
    partitions_def=daily_partitions,
)

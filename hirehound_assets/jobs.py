"""Jobs: the daily pipeline the scrape sensor launches, one run per scrape date."""

import dagster as dg

from hirehound_assets.partitions import daily_partitions

DAILY_GROUPS = ("ingestion", "organizations", "embeddings", "dedup", "enrichment", "publication")

daily_pipeline_job = dg.define_asset_job(
    name="daily_pipeline_job",
    description="Everything one scrape date needs: raw rows to the published catalogue, in dependency order.",
    selection=dg.AssetSelection.groups(*DAILY_GROUPS),
    partitions_def=daily_partitions,
)

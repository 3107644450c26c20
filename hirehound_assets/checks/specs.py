"""Check specs of the daily assets, partitioned like their asset so the UI keeps each scrape date's result.

Without a partitions definition a check has one status, the last one run: a backfill of last month would paint
today's failed check green. Partitioned, the check's page shows one result per scrape date.
"""

from __future__ import annotations

import warnings

import dagster as dg

from hirehound_assets.partitions import daily_partitions

# Partitioned check specs are a preview API in Dagster 1.13; the behaviour used here (one result per partition,
# the partition taken from the run) is the documented one. Filtered here, the only place that makes them.
warnings.filterwarnings("ignore", message=".*partitions_def on an AssetCheckSpec.*")


def daily_check_spec(name: str, *, asset: str, description: str, blocking: bool = False) -> dg.AssetCheckSpec:
    """A check of a daily asset, with a result per scrape date. `blocking`: a failed ERROR result stops every
    downstream asset of the run (the run fails); use it only where running on would spread broken data."""
    return dg.AssetCheckSpec(
        name, asset=asset, description=description, blocking=blocking, partitions_def=daily_partitions
    )

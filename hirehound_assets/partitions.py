"""The one partitioning every posting asset shares: a day per scrape date, from a fixed start for backfills."""

import dagster as dg

daily_partitions = dg.DailyPartitionsDefinition(start_date="2020-01-01", end_offset=1)

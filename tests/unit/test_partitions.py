"""Partitions are the scrape dates that exist: keys are checked dates, added once, and every daily asset shares them."""

from datetime import date

import dagster as dg
import pytest

from hirehound_assets.partitions import (
    SCRAPE_DATES,
    BadPartitionKeyError,
    add_scrape_dates,
    daily_partitions,
    partition_day,
)


def test_partition_keys_are_iso_dates() -> None:
    assert partition_day("2025-03-07") == date(2025, 3, 7)
    for bad in ("2025-3-7", "20250307", "yesterday", "2025-02-30", ""):
        with pytest.raises(BadPartitionKeyError, match="not a scrape date"):
            partition_day(bad)


def test_dates_are_added_once_in_date_order() -> None:
    instance = dg.DagsterInstance.ephemeral()
    assert add_scrape_dates(instance, ["2026-11-20", date(2026, 11, 18), "2026-11-20"]) == ["2026-11-18", "2026-11-20"]
    assert add_scrape_dates(instance, ["2026-11-18", "2026-11-19"]) == ["2026-11-19"]
    assert instance.get_dynamic_partitions(SCRAPE_DATES) == ["2026-11-18", "2026-11-20", "2026-11-19"]
    with pytest.raises(BadPartitionKeyError):
        add_scrape_dates(instance, ["not-a-date"])


def test_every_daily_asset_and_job_uses_the_scrape_dates() -> None:
    from hirehound_assets.definitions import defs

    repo = defs.get_repository_def()
    partitioned = [n for n in repo.asset_graph.asset_nodes if n.partitions_def is not None]
    assert len(partitioned) >= 10
    assert all(n.partitions_def == daily_partitions for n in partitioned)
    assert repo.get_job("daily_pipeline_job").partitions_def == daily_partitions

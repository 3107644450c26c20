"""The one partitioning every posting asset shares: a partition per scrape date that actually exists.

The partition keys are the scrape dates (`YYYY-MM-DD`) the landing zone has files for: the new-scrapes sensor adds
a date as its first file lands, and `hirehound backfill` adds the dates of a range it replays. A pipeline that has
processed every scrape it was given therefore shows every partition as materialized, instead of thousands of
"missing" days between a fixed start date and today.

Dagster keeps dynamic partition keys in the order they were added, so a historical scrape dropped after newer
ones appears after them in the UI's partition bars; the asset data itself is keyed by date and does not care.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

import dagster as dg

SCRAPE_DATES = "scrape_dates"

daily_partitions = dg.DynamicPartitionsDefinition(name=SCRAPE_DATES)


class BadPartitionKeyError(ValueError):
    """A partition key that is not a scrape date (someone added a key by hand in the UI)."""


def partition_day(key: str) -> date:
    """The scrape date of a partition key; a clear error for keys that are not `YYYY-MM-DD`."""
    try:
        day = date.fromisoformat(key)
    except (TypeError, ValueError):
        day = None
    if day is None or day.isoformat() != key:
        raise BadPartitionKeyError(
            f"partition key {key!r} is not a scrape date (YYYY-MM-DD); delete it from the "
            f"'{SCRAPE_DATES}' partitions in the UI and add the date instead"
        )
    return day


def add_scrape_dates(instance: dg.DagsterInstance, days: Iterable[date | str]) -> list[str]:
    """Add the dates that are not partitions yet, in date order; returns the keys added."""
    keys = sorted({d if isinstance(d, str) else d.isoformat() for d in days})
    for key in keys:
        partition_day(key)
    known = set(instance.get_dynamic_partitions(SCRAPE_DATES))
    new = [k for k in keys if k not in known]
    if new:
        instance.add_dynamic_partitions(SCRAPE_DATES, new)
    return new


def instance_with_scrape_dates(*days: date | str, instance: dg.DagsterInstance | None = None) -> dg.DagsterInstance:
    """An instance (ephemeral unless given) where `days` are partitions: what `materialize(partition_key=...)` needs."""
    target = instance or dg.DagsterInstance.ephemeral()
    add_scrape_dates(target, days)
    return target

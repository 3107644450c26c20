"""Maintenance schedules: expiry every 15 minutes, revalidation, index upkeep and archiving daily, and the daily
statistics of the previous scrape date at 02:00 UTC."""

from collections.abc import Callable
from datetime import datetime, timedelta

import dagster as dg

from hirehound_assets.partitions import SCRAPE_DATES, daily_partitions

posting_expiry_schedule = dg.ScheduleDefinition(
    name="posting_expiry_schedule",
    cron_schedule="*/15 * * * *",
    target=dg.AssetSelection.assets("posting_expiry"),
    default_status=dg.DefaultScheduleStatus.RUNNING,
    execution_timezone="UTC",
    description="Expire postings past their deadline or unseen for 30 days; close fully expired clusters.",
)

# Stopped by default: it sends requests to job boards, which an operator should switch on deliberately.
posting_revalidation_schedule = dg.ScheduleDefinition(
    name="posting_revalidation_schedule",
    cron_schedule="30 3 * * *",
    target=dg.AssetSelection.assets("posting_revalidation"),
    default_status=dg.DefaultScheduleStatus.STOPPED,
    execution_timezone="UTC",
    description="Check that active postings still exist on their boards (HTTP, SSRF-guarded, paced per host).",
)

index_maintenance_schedule = dg.ScheduleDefinition(
    name="index_maintenance_schedule",
    cron_schedule="0 4 * * *",
    target=dg.AssetSelection.assets("index_maintenance"),
    default_status=dg.DefaultScheduleStatus.RUNNING,
    execution_timezone="UTC",
    description="ANALYZE, rebuild bloated indexes concurrently, report index sizes.",
)

posting_archive_schedule = dg.ScheduleDefinition(
    name="posting_archive_schedule",
    cron_schedule="30 4 * * *",
    target=dg.AssetSelection.assets("posting_archive"),
    default_status=dg.DefaultScheduleStatus.RUNNING,
    execution_timezone="UTC",
    description="Archive postings inactive for 180 days; prune long-resolved failures and incidents.",
)

daily_posting_stats_job = dg.define_asset_job(
    name="daily_posting_stats_job",
    selection=dg.AssetSelection.assets("daily_posting_stats"),
    partitions_def=daily_partitions,
    description="Statistics of one scrape date.",
)


@dg.schedule(
    name="daily_posting_stats_schedule",
    cron_schedule="0 2 * * *",
    job=daily_posting_stats_job,
    default_status=dg.DefaultScheduleStatus.RUNNING,
    execution_timezone="UTC",
    description="At 02:00 UTC, the statistics of the previous day's partition (the scrape date just finished).",
)
def daily_posting_stats_schedule(context: dg.ScheduleEvaluationContext) -> dg.RunRequest | dg.SkipReason:
    return stats_request(
        context.scheduled_execution_time, lambda day: context.instance.has_dynamic_partition(SCRAPE_DATES, day)
    )


def stats_request(scheduled: datetime, is_scrape_date: Callable[[str], bool]) -> dg.RunRequest | dg.SkipReason:
    """Yesterday's scrape date has just finished; a day with no scrape files is no partition, so nothing to count."""
    day = (scheduled - timedelta(days=1)).date().isoformat()
    if not is_scrape_date(day):
        return dg.SkipReason(f"no scrape files landed for {day}: it is not a partition, so there are no statistics")
    return dg.RunRequest(run_key=day, partition_key=day)

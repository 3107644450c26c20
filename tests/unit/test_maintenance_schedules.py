"""Maintenance schedules: the right cadence, and the stats schedule asks for yesterday's partition."""

from datetime import UTC, datetime

import dagster as dg

from schedules.maintenance import (
    daily_posting_stats_schedule,
    index_maintenance_schedule,
    posting_archive_schedule,
    posting_expiry_schedule,
    posting_revalidation_schedule,
    stats_request,
)


def test_stats_schedule_requests_the_previous_day_at_two() -> None:
    at_two = datetime(2026, 11, 21, 2, 0, tzinfo=UTC)
    request = stats_request(at_two, {"2026-11-20"}.__contains__)
    assert isinstance(request, dg.RunRequest)
    assert request.partition_key == "2026-11-20" and request.run_key == "2026-11-20"
    assert daily_posting_stats_schedule.cron_schedule == "0 2 * * *"


def test_stats_schedule_skips_a_day_without_scrapes() -> None:
    skip = stats_request(datetime(2026, 11, 21, 2, 0, tzinfo=UTC), {"2026-11-19"}.__contains__)
    assert isinstance(skip, dg.SkipReason) and "2026-11-20" in (skip.skip_message or "")


def test_cadences() -> None:
    assert posting_expiry_schedule.cron_schedule == "*/15 * * * *"
    assert posting_expiry_schedule.default_status == dg.DefaultScheduleStatus.RUNNING
    for daily in (posting_revalidation_schedule, index_maintenance_schedule, posting_archive_schedule):
        minute, hour, *rest = str(daily.cron_schedule).split()
        assert rest == ["*", "*", "*"] and hour.isdigit() and minute.isdigit()


def test_definitions_wire_maintenance_assets_sensors_and_schedules() -> None:
    from hirehound_assets.definitions import defs

    repo = defs.get_repository_def()
    keys = {k.to_user_string() for k in repo.asset_graph.get_all_asset_keys()}
    assert {"posting_expiry", "posting_revalidation", "index_maintenance", "posting_archive"} <= keys
    assert "daily_posting_stats" in keys
    stats = repo.asset_graph.get(dg.AssetKey("daily_posting_stats"))
    assert dg.AssetKey("published_postings") in stats.parent_keys
    assert stats.group_name == "publication" and stats.partitions_def is not None
    assert repo.asset_graph.get(dg.AssetKey("posting_expiry")).group_name == "maintenance"
    sensors = {s.name for s in repo.sensor_defs}
    assert {"pipeline_incident_sensor", "pipeline_incident_resolver"} <= sensors
    schedules = {s.name for s in repo.schedule_defs}
    assert {"posting_expiry_schedule", "daily_posting_stats_schedule", "cluster_revalidation_schedule"} <= schedules

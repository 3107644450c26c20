"""New scrapes: watch the landing zone and launch the daily pipeline once per scrape date whose files changed.

Each tick lists the landing zone (one stat per file) and compares it with what the sensor knew at the last tick,
kept in the `landing_files` table. A file is hashed and counted only once it has stopped changing (same size and
mtime on two ticks in a row, or, in a local landing folder, last written at least QUIET_SECONDS ago), so a file
still being written launches nothing until it is complete. Each affected
scrape date becomes a partition (if it is not one yet) and gets one run of `daily_pipeline_job`. The run key is
derived from the content hashes of that date's files, so unchanged re-drops launch nothing. The cursor is only a
short summary of the last tick; the file state lives in Postgres.
"""

from __future__ import annotations

import json
import time
from collections import Counter
from datetime import UTC, date, datetime

import dagster as dg

from hirehound.ingestion.file_state import load_file_state, save_file_state
from hirehound.ingestion.refused import record_refused
from hirehound.ingestion.scan import scan
from hirehound.scaling.settings import DAILY_RUN_PRIORITY, RUN_PRIORITY_TAG
from hirehound_assets.jobs import daily_pipeline_job
from hirehound_assets.partitions import SCRAPE_DATES, daily_partitions
from resources.database import DatabaseResource
from resources.landing_zone import LandingZoneResource

# A sanity floor, not a partition start: scrape dates before it are almost certainly a parsing accident.
EARLIEST_SCRAPE_DATE = date(2000, 1, 1)
# Ticks every TICK_SECONDS; a local file last written QUIET_SECONDS ago or more has settled without a second look
# (a remote store's mtimes come from another clock, so there a file always needs two looks).
TICK_SECONDS = 10
QUIET_SECONDS = 10.0
# On Celery workers the day that just arrived goes before backfilled history (ignored without Celery).
DAILY_RUN_TAGS = {"hirehound/trigger": "new_scrapes", RUN_PRIORITY_TAG: str(DAILY_RUN_PRIORITY)}


def _accept_day(day: date) -> bool:
    """Scrape dates up to today (a file dated tomorrow waits until its day has come)."""
    return EARLIEST_SCRAPE_DATE <= day <= datetime.now(UTC).date()


def _known_dates(context: dg.SensorEvaluationContext) -> set[str]:
    """Scrape dates that are partitions already (none known when a test builds the context without an instance)."""
    try:
        instance = context.instance
    except dg.DagsterInvariantViolationError:
        return set()
    return set(instance.get_dynamic_partitions(SCRAPE_DATES))


@dg.sensor(
    job=daily_pipeline_job,
    default_status=dg.DefaultSensorStatus.RUNNING,
    minimum_interval_seconds=TICK_SECONDS,
    description=__doc__,
)
def new_scrapes_sensor(
    context: dg.SensorEvaluationContext, landing_zone: LandingZoneResource, database: DatabaseResource
) -> dg.SensorResult:
    zone = landing_zone.zone()
    files = zone.list_files()
    with database.begin() as conn:
        previous = load_file_state(conn)
        quiet = QUIET_SECONDS if zone.local else None
        result = scan(
            files,
            previous,
            zone.sha256,
            _accept_day,
            first_day=EARLIEST_SCRAPE_DATE,
            quiet_seconds=quiet,
            now=time.time(),
        )
        save_file_state(conn, previous, result.state)
        record_refused(conn, result.newly_refused)  # too old to ever ingest: said once, in scrape_files and the ledger
    days = sorted(result.run_keys)
    new_days = [d for d in days if d not in _known_dates(context)]
    requests = [dg.RunRequest(run_key=result.run_keys[day], partition_key=day, tags=DAILY_RUN_TAGS) for day in days]
    waiting = Counter(result.deferred.values())
    if requests or result.hashed or waiting:
        context.log.info(
            f"{len(files)} file(s), {result.hashed} hashed, waiting: {dict(waiting) or 'none'}; runs for {days}"
        )
    for item in result.newly_refused:
        context.log.warning(f"refused {item.path}: {item.reason}")
    cursor = json.dumps({"v": 2, "files": len(files), "waiting": dict(sorted(waiting.items()))}, sort_keys=True)
    skip = None
    if not requests:
        skip = f"no new or changed scrape files among {len(files)}"
        if waiting.get("settling"):
            skip += f"; {waiting['settling']} file(s) still changing, looked at again next tick"
    return dg.SensorResult(
        run_requests=requests,
        dynamic_partitions_requests=[daily_partitions.build_add_request(new_days)] if new_days else [],
        cursor=cursor,
        skip_reason=skip,
    )

"""New scrapes: watch the landing zone and launch the daily pipeline once per scrape date whose files changed.

Each tick lists the landing zone (one stat per file), hashes only new or changed files, and requests one run of
`daily_pipeline_job` per affected scrape date. The run key is derived from the content hashes of that date's
files, so unchanged re-drops launch nothing; the cursor carries every file's size, mtime and hash forward.
"""

from datetime import UTC, date, datetime

import dagster as dg

from hirehound.ingest.scan import dump_state, load_state, scan
from hirehound_assets.jobs import daily_pipeline_job
from hirehound_assets.partitions import daily_partitions
from resources.landing_zone import LandingZoneResource

FIRST_DAY = date(2020, 1, 1)


def _accept_day(day: date) -> bool:
    """Only scrape dates that exist as partitions (a file dated tomorrow waits until its day has come)."""
    start = daily_partitions.start.date()
    return max(start, FIRST_DAY) <= day <= datetime.now(UTC).date()


@dg.sensor(
    job=daily_pipeline_job,
    default_status=dg.DefaultSensorStatus.RUNNING,
    minimum_interval_seconds=30,
    description=__doc__,
)
def new_scrapes_sensor(context: dg.SensorEvaluationContext, landing_zone: LandingZoneResource) -> dg.SensorResult:
    zone = landing_zone.zone()
    files = zone.list_files()
    result = scan(files, load_state(context.cursor), zone.sha256, _accept_day)
    requests = [
        dg.RunRequest(run_key=key, partition_key=day, tags={"hirehound/trigger": "new_scrapes"})
        for day, key in sorted(result.run_keys.items())
    ]
    if requests or result.hashed:
        context.log.info(
            f"{len(files)} file(s), {result.hashed} hashed, {result.deferred} deferred; "
            f"runs for {sorted(result.run_keys)}"
        )
    skip = None if requests else f"no new or changed scrape files among {len(files)}"
    return dg.SensorResult(run_requests=requests, cursor=dump_state(result.state), skip_reason=skip)

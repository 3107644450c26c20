"""Raw postings: every row of every scrape file of the day, stored verbatim (JSONB) with the file it came from.

Files are found in the landing zone by scrape date (folder `YYYY-MM-DD/`, a date in the name, else mtime).
Each file gets a row in `scrape_files` (ingested, partial, quarantined, duplicate, or refused: a symlink leading
out of the landing zone, never read; with counts and errors);
unreadable files are quarantined, unparseable rows go to the failure ledger, and the good rows land. A partition
whose files are unchanged (same paths and sha256) is not read again.
"""

import time
import warnings
from functools import partial

import dagster as dg

from hirehound.ingestion.raw_partition import ingest_raw_partition, plan_raw_partition, unchanged_result
from hirehound_assets.ingestion.checks import RAW_CHECK_SPECS, RAW_FAILURE_RATE, rows_landed_check
from hirehound_assets.partitions import daily_partitions, partition_day
from hirehound_assets.progress import step_progress
from hirehound_assets.queues import queue_tags
from resources.database import DatabaseResource
from resources.landing_zone import LandingZoneResource

# BackfillPolicy is a beta parameter in Dagster 1.13; the behaviour we rely on (one run per day) is stable.
warnings.filterwarnings("ignore", message=".*backfill_policy.*")

ASSET = "raw_postings"


@dg.asset(
    partitions_def=daily_partitions,
    group_name="ingestion",
    op_tags=queue_tags("ingestion"),
    kinds={"python", "postgres"},
    pool="postgres",
    description=__doc__,
    # one run per scrape date: a backfill of N days launches N runs (the daily job's other stages are per day too)
    backfill_policy=dg.BackfillPolicy.multi_run(max_partitions_per_run=1),
    check_specs=RAW_CHECK_SPECS,
)
def raw_postings(
    context: dg.AssetExecutionContext, database: DatabaseResource, landing_zone: LandingZoneResource
) -> dg.MaterializeResult:
    started = time.perf_counter()
    day = partition_day(context.partition_key)
    zone = landing_zone.zone()
    plan = plan_raw_partition(database.engine(), zone, day)
    if plan.unchanged:
        context.log.info(f"{len(plan.files)} file(s) of {day} unchanged (sha256): nothing to read")
        result = unchanged_result(plan)
    else:
        progress = step_progress(context, database)
        record = partial(database.record_failures, context)
        result = ingest_raw_partition(database.engine(), zone, plan, context.run_id, record, context.log, progress)
        progress.finish(failed=result.count("quarantined_files"))
    details = result.details
    return dg.MaterializeResult(
        metadata={
            "skipped_unchanged": result.skipped,
            "files": result.count("files"),
            "file_status": dg.MetadataValue.json(details.get("file_status", {})),
            "rows_in": result.count("rows_in"),
            "rows_out": result.count("rows_out"),
            "dagster/row_count": result.count("rows_out"),
            "rows_failed": result.count("rows_failed"),
            "quarantined_files": result.count("quarantined_files"),
            "ledger_notes": result.count("notes"),
            "rows_by_source": dg.MetadataValue.json(details.get("rows_by_source", {})),
            "rows_by_format": dg.MetadataValue.json(details.get("rows_by_format", {})),
            "top_failure_reasons": dg.MetadataValue.json(details.get("top_failure_reasons", {})),
            "seconds": round(time.perf_counter() - started, 3),
            "files_preview": dg.MetadataValue.md(details.get("file_table", "")),
        },
        check_results=[
            RAW_FAILURE_RATE.result(result.failed, result.total, details.get("top_failure_reasons")),
            rows_landed_check(result.count("files"), result.count("rows_out")),
        ],
    )

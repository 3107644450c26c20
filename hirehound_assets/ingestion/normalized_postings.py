"""Normalized postings: one row per posting identity and scrape date, every field cleaned and typed.

Descriptions become clean text beside sanitized HTML; titles lose noise and gain a seniority; locations are split
into city/region/country/remote; salaries become min/max/currency/period plus an annualized range; apply URLs are
canonicalized and ATS job ids extracted; a content hash marks identical text. `postings` keeps each identity's
first_seen/last_seen over all scrape dates, so re-scrapes update it instead of duplicating it. Rows that cannot
become a posting go to the failure ledger with the reason; the run still succeeds.
"""

import time
import warnings
from functools import partial

import dagster as dg

from hirehound.ingestion.normalized_partition import normalize_partition, plan_normalized_partition
from hirehound_assets.ingestion.checks import (
    NORMALIZED_CHECK_SPECS,
    NORMALIZED_FAILURE_RATE,
    required_fields_check,
    unique_identity_check,
)
from hirehound_assets.ingestion.raw_postings import raw_postings
from hirehound_assets.partitions import daily_partitions, partition_day
from hirehound_assets.progress import step_progress
from hirehound_assets.queues import queue_tags
from resources.database import DatabaseResource

# BackfillPolicy is a beta parameter in Dagster 1.13; the behaviour we rely on (one run per day) is stable.
warnings.filterwarnings("ignore", message=".*backfill_policy.*")

ASSET = "normalized_postings"


@dg.asset(
    deps=[raw_postings],
    partitions_def=daily_partitions,
    group_name="ingestion",
    op_tags=queue_tags("ingestion"),
    kinds={"python", "postgres"},
    pool="postgres",
    description=__doc__,
    backfill_policy=dg.BackfillPolicy.multi_run(max_partitions_per_run=1),
    check_specs=NORMALIZED_CHECK_SPECS,
)
def normalized_postings(context: dg.AssetExecutionContext, database: DatabaseResource) -> dg.MaterializeResult:
    started = time.perf_counter()
    day = partition_day(context.partition_key)
    plan = plan_normalized_partition(database.engine(), day)
    if plan.previous is not None:
        context.log.info(f"raw rows of {day} unchanged since the last run: nothing to normalize")
        details = plan.previous
    else:
        progress = step_progress(context, database)
        record = partial(database.record_failures, context)
        details = normalize_partition(database.engine(), plan, context.run_id, record, context.log, progress)
        progress.finish(failed=int(details["rows_failed"]))
    with database.begin() as conn:
        checks = [
            NORMALIZED_FAILURE_RATE.result(
                int(details["rows_failed"]), int(details["rows_in"]), details.get("top_failure_reasons")
            ),
            required_fields_check(conn, day),
            unique_identity_check(conn, day),
        ]
    return dg.MaterializeResult(
        metadata={
            "skipped_unchanged": plan.unchanged,
            "rows_in": int(details["rows_in"]),
            "rows_out": int(details["rows_out"]),
            "dagster/row_count": int(details["rows_out"]),
            "rows_failed": int(details["rows_failed"]),
            "duplicates_in_partition": int(details.get("duplicates_in_partition", 0)),
            "fields_dropped_out_of_range": int(details.get("fields_dropped", 0)),
            "postings_changed": int(details.get("postings_changed", 0)),
            "rows_by_source": dg.MetadataValue.json(details.get("rows_by_source", {})),
            "rows_by_format": dg.MetadataValue.json(details.get("rows_by_format", {})),
            "top_failure_reasons": dg.MetadataValue.json(details.get("top_failure_reasons", {})),
            "seconds": round(time.perf_counter() - started, 3),
            "preview": dg.MetadataValue.md(details.get("preview", "")),
        },
        check_results=checks,
    )

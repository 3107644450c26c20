"""Normalized postings: one row per posting identity and scrape date, every field cleaned and typed.

Descriptions become clean text beside sanitized HTML; titles lose noise and gain a seniority; locations are split
into city/region/country/remote; salaries become min/max/currency/period plus an annualized range; apply URLs are
canonicalized and ATS job ids extracted; a content hash marks identical text. `postings` keeps each identity's
first_seen/last_seen over all scrape dates, so re-scrapes update it instead of duplicating it. Rows that cannot
become a posting go to the failure ledger with the reason; the run still succeeds.
"""

import hashlib
import time
import warnings

import dagster as dg

from hirehound.ingest.layouts import layouts_digest, load_layouts
from hirehound.ingest.normalize import NORMALIZER_VERSION
from hirehound.ingest.normalized_rows import normalize_rows, preview_markdown
from hirehound.ingest.store import iter_raw_rows, replace_normalized_partition, save_state, stored_state
from hirehound.ops.progress import tracked
from hirehound_assets.ingestion.checks import (
    NORMALIZED_CHECK_SPECS,
    failure_rate_check,
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
    layouts = load_layouts()
    with database.begin() as conn:
        raw_state = stored_state(conn, "raw_postings", day)
        own_state = stored_state(conn, ASSET, day)
    raw_fingerprint = raw_state["fingerprint"] if raw_state else "no-raw-rows"
    inputs = hashlib.sha256(f"{raw_fingerprint}:{NORMALIZER_VERSION}:{layouts_digest(layouts)}".encode()).hexdigest()
    skipped = own_state is not None and own_state["fingerprint"] == inputs
    if skipped and own_state is not None:
        context.log.info(f"raw rows of {day} unchanged since the last run: nothing to normalize")
        details = dict(own_state["details"])
    else:
        progress = step_progress(context, database, total=int(raw_state["rows_out"]) if raw_state else 0)
        with database.begin() as conn:
            batch = normalize_rows(tracked(iter_raw_rows(conn, day), progress), day, layouts, context.run_id)
            context.log.info(f"normalized {len(batch.rows)} of {batch.rows_in} raw rows of {day}")
            stats = replace_normalized_partition(conn, day, batch.rows, context.run_id)
        details = {
            "rows_in": batch.rows_in,
            "rows_out": len(batch.rows),
            "rows_failed": len(batch.failures),
            "fields_dropped": len(batch.notes),
            "duplicates_in_partition": batch.duplicates,
            "rows_by_source": dict(batch.by_source),
            "rows_by_format": dict(batch.by_format),
            "preview": preview_markdown(batch.preview),
            **stats,
        }
        details["top_failure_reasons"] = database.record_failures(context, batch.failures + batch.notes)
        progress.finish(failed=len(batch.failures))
        with database.begin() as conn:
            counts = {k: int(details[k]) for k in ("rows_in", "rows_out", "rows_failed")}
            save_state(conn, ASSET, day, inputs, counts, details, context.run_id)
    with database.begin() as conn:
        checks = [
            failure_rate_check(ASSET, int(details["rows_failed"]), int(details["rows_in"])),
            required_fields_check(conn, day),
            unique_identity_check(conn, day),
        ]
    return dg.MaterializeResult(
        metadata={
            "skipped_unchanged": dg.MetadataValue.bool(skipped),
            "rows_in": dg.MetadataValue.int(int(details["rows_in"])),
            "rows_out": dg.MetadataValue.int(int(details["rows_out"])),
            "rows_failed": dg.MetadataValue.int(int(details["rows_failed"])),
            "duplicates_in_partition": dg.MetadataValue.int(int(details.get("duplicates_in_partition", 0))),
            "fields_dropped_out_of_range": dg.MetadataValue.int(int(details.get("fields_dropped", 0))),
            "postings_changed": dg.MetadataValue.int(int(details.get("postings_changed", 0))),
            "rows_by_source": dg.MetadataValue.json(details.get("rows_by_source", {})),
            "rows_by_format": dg.MetadataValue.json(details.get("rows_by_format", {})),
            "top_failure_reasons": dg.MetadataValue.json(details.get("top_failure_reasons", {})),
            "seconds": dg.MetadataValue.float(round(time.perf_counter() - started, 3)),
            "preview": dg.MetadataValue.md(details.get("preview", "")),
        },
        check_results=checks,
    )

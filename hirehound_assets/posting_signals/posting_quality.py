"""Posting quality: a 0-100 completeness score per posting of a scrape date, with the named reason for each point.

Description length 25, salary 20, employer known and enriched 15, location 10, apply link 10, title, employment
type, posting date and seniority 5 each. The published catalogue leaves out postings below the quality floor
(resource `settings.quality_floor`: HIREHOUND_QUALITY_FLOOR, default 40).
"""

import time

import dagster as dg

from hirehound.db.failure_ledger import summarize
from hirehound.pipeline.stage_inputs import posting_quality_inputs
from hirehound.quality.pipeline import score_partition
from hirehound_assets import unchanged
from hirehound_assets.checks.failure_rate import failure_rate_check
from hirehound_assets.partitions import daily_partitions, partition_day
from hirehound_assets.progress import step_progress
from hirehound_assets.queues import queue_tags
from resources.database import DatabaseResource
from resources.settings import PipelineSettings

# Not blocking: publication reads the postings that were scored; an unscored one is left out of the catalogue.
FAILURE_RATE = failure_rate_check(
    "posting_quality", name="quality_failure_rate", items="postings left unscored", warn_above=0.0, error_above=0.05
)


@dg.asset(
    deps=[dg.AssetKey("normalized_postings"), dg.AssetKey("enriched_organizations")],
    partitions_def=daily_partitions,
    group_name="posting_signals",
    op_tags=queue_tags("posting_signals"),
    kinds={"python", "postgres"},
    pool="postgres",
    description=__doc__,
    check_specs=[FAILURE_RATE.spec],
)
def posting_quality(
    context: dg.AssetExecutionContext, database: DatabaseResource, settings: PipelineSettings
) -> dg.MaterializeResult:
    started = time.perf_counter()
    floor = settings.floor()
    gate = unchanged.gate(database, posting_quality_inputs(partition_day(context.partition_key), floor))
    if gate.skip:
        return unchanged.replay(context, gate)
    progress = step_progress(context, database)
    with database.begin() as conn:
        report = score_partition(conn, partition_day(context.partition_key), context.run_id, floor, progress)
    top_reasons = database.record_failures(context, report.failures)
    progress.finish(failed=len(report.failures))
    result: dg.MaterializeResult = dg.MaterializeResult(
        metadata={
            "postings": report.postings,
            "dagster/row_count": report.postings - len(report.failures),
            "mean_score": report.mean_score,
            "quality_floor": floor,
            "below_floor": report.below_floor,
            "score_buckets": dg.MetadataValue.json(report.buckets),
            "missing_by_check": dg.MetadataValue.json(report.missing),
            "failures": len(report.failures),
            "failure_reasons": dg.MetadataValue.json(top_reasons),
            "seconds": round(time.perf_counter() - started, 3),
        },
        check_results=[FAILURE_RATE.result(len(report.failures), report.postings, summarize(report.failures))],
    )
    return unchanged.finish(context, database, gate, result, rows=report.postings)

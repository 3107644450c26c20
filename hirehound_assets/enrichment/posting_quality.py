"""Posting quality: a 0-100 completeness score per posting of a scrape date, with the named reason for each point.

Description length 25, salary 20, employer known and enriched 15, location 10, apply link 10, title, employment
type, posting date and seniority 5 each. The published catalogue leaves out postings below the quality floor
(HIREHOUND_QUALITY_FLOOR, default 40).
"""

import time

import dagster as dg

from hirehound.publication.catalogue import quality_floor
from hirehound.quality.pipeline import score_partition
from hirehound_assets.partitions import daily_partitions, partition_day
from hirehound_assets.progress import step_progress
from hirehound_assets.queues import queue_tags
from resources.database import DatabaseResource

CHECK = "quality_failure_rate"


@dg.asset(
    deps=[dg.AssetKey("normalized_postings"), dg.AssetKey("enriched_organizations")],
    partitions_def=daily_partitions,
    group_name="enrichment",
    op_tags=queue_tags("enrichment"),
    kinds={"python", "postgres"},
    pool="postgres",
    description=__doc__,
    check_specs=[dg.AssetCheckSpec(CHECK, asset="posting_quality", description="Every posting gets a score.")],
)
def posting_quality(context: dg.AssetExecutionContext, database: DatabaseResource) -> dg.MaterializeResult:
    started = time.perf_counter()
    floor = quality_floor()
    progress = step_progress(context, database)
    with database.begin() as conn:
        report = score_partition(conn, partition_day(context.partition_key), context.run_id, floor, progress)
    top_reasons = database.record_failures(context, report.failures)
    progress.finish(failed=len(report.failures))
    rate = len(report.failures) / report.postings if report.postings else 0.0
    return dg.MaterializeResult(
        metadata={
            "postings": dg.MetadataValue.int(report.postings),
            "mean_score": dg.MetadataValue.float(report.mean_score),
            "quality_floor": dg.MetadataValue.int(floor),
            "below_floor": dg.MetadataValue.int(report.below_floor),
            "score_buckets": dg.MetadataValue.json(report.buckets),
            "missing_by_check": dg.MetadataValue.json(report.missing),
            "failures": dg.MetadataValue.int(len(report.failures)),
            "failure_reasons": dg.MetadataValue.json(top_reasons),
            "seconds": dg.MetadataValue.float(round(time.perf_counter() - started, 3)),
        },
        check_results=[
            dg.AssetCheckResult(
                check_name=CHECK,
                passed=rate == 0.0,
                severity=dg.AssetCheckSeverity.ERROR if rate > 0.05 else dg.AssetCheckSeverity.WARN,
                metadata={"failure_rate": dg.MetadataValue.float(round(rate, 4))},
            )
        ],
    )

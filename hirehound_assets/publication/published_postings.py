"""Published postings: the searchable catalogue, one entry per open duplicate cluster.

For every cluster the scrape date touched: the canonical posting (or the most recent active member), not spam, not
expired, at or above the quality floor (resource `settings.quality_floor`: HIREHOUND_QUALITY_FLOOR, default 40),
with employer, skills, salary, locations and boards merged from the cluster's members, and a weighted full-text
vector (GIN indexed) that `hirehound search` queries. Entries of clusters that no longer qualify are removed; re-
runs give the same rows.
"""

import time

import dagster as dg

from hirehound.pipeline.stage_inputs import published_postings_inputs
from hirehound.publication.catalogue import publish_partition
from hirehound.publication.integrity import catalogue_health
from hirehound_assets import unchanged
from hirehound_assets.checks.specs import daily_check_spec
from hirehound_assets.partitions import daily_partitions, partition_day
from hirehound_assets.preview_tables import md_table
from hirehound_assets.progress import step_progress
from hirehound_assets.queues import queue_tags
from resources.database import DatabaseResource
from resources.settings import PipelineSettings

CHECK = "no_spam_or_expired_published"


@dg.asset(
    deps=[
        dg.AssetKey("duplicate_clusters"),
        dg.AssetKey("posting_skills"),
        dg.AssetKey("posting_quality"),
        dg.AssetKey("spam_scores"),
        dg.AssetKey("enriched_organizations"),
    ],
    partitions_def=daily_partitions,
    group_name="publication",
    op_tags=queue_tags("publication"),
    kinds={"python", "postgres"},
    pool="postgres",
    description=__doc__,
    check_specs=[
        daily_check_spec(
            CHECK, asset="published_postings", description="No catalogue entry shows a spam or inactive posting."
        )
    ],
)
def published_postings(
    context: dg.AssetExecutionContext, database: DatabaseResource, settings: PipelineSettings
) -> dg.MaterializeResult:
    started = time.perf_counter()
    floor = settings.floor()
    gate = unchanged.gate(database, published_postings_inputs(partition_day(context.partition_key), floor))
    if gate.skip:
        return unchanged.replay(context, gate)
    progress = step_progress(context, database)
    with database.begin() as conn:
        report = publish_partition(conn, partition_day(context.partition_key), floor, context.run_id, progress)
        health = catalogue_health(conn)
    top_failures = database.record_failures(context, report.failures)
    progress.finish(failed=len(report.failures))
    context.log.info(
        f"{report.clusters_touched} clusters touched, {report.published} published, {report.removed} removed"
    )
    result: dg.MaterializeResult = dg.MaterializeResult(
        metadata={
            "clusters_touched": report.clusters_touched,
            "published": report.published,
            "removed": report.removed,
            "excluded_by_reason": dg.MetadataValue.json(report.excluded),
            "clusters_failed": len(report.failures),
            "top_failure_reasons": dg.MetadataValue.json(top_failures),
            "quality_floor": floor,
            "catalogue_size": health.entries,
            "dagster/row_count": health.entries,
            "seconds": round(time.perf_counter() - started, 3),
            "preview": dg.MetadataValue.md(md_table(report.preview, "_nothing published_")),
        },
        check_results=[
            dg.AssetCheckResult(
                check_name=CHECK,
                passed=health.unfit_entries == 0,
                severity=dg.AssetCheckSeverity.ERROR,
                metadata={"bad_entries": health.unfit_entries, "catalogue_size": health.entries},
            )
        ],
    )
    return unchanged.finish(context, database, gate, result, rows=report.published)

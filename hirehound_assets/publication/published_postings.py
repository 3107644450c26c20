"""Published postings: the searchable catalogue, one entry per open duplicate cluster.

For every cluster the scrape date touched: the canonical posting (or the most recent active member), not spam,
not expired, at or above the quality floor (HIREHOUND_QUALITY_FLOOR, default 40), with employer, skills, salary,
locations and boards merged from the cluster's members, and a weighted full-text vector (GIN indexed) that
`hirehound search` queries. Entries of clusters that no longer qualify are removed; re-runs give the same rows.
"""

import time

import dagster as dg
import sqlalchemy as sa

from hirehound.publication.catalogue import publish_partition, quality_floor
from hirehound_assets.partitions import daily_partitions, partition_day
from hirehound_assets.preview_tables import md_table
from hirehound_assets.progress import step_progress
from hirehound_assets.queues import queue_tags
from resources.database import DatabaseResource

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
        dg.AssetCheckSpec(
            CHECK, asset="published_postings", description="No catalogue entry shows a spam or inactive posting."
        )
    ],
)
def published_postings(context: dg.AssetExecutionContext, database: DatabaseResource) -> dg.MaterializeResult:
    started = time.perf_counter()
    floor = quality_floor()
    progress = step_progress(context, database)
    with database.begin() as conn:
        report = publish_partition(conn, partition_day(context.partition_key), floor, context.run_id, progress)
        bad = conn.execute(
            sa.text(
                """
                SELECT count(*) FROM published_postings pp JOIN postings p ON p.posting_id = pp.posting_id
                WHERE p.status <> 'active' OR EXISTS (
                    SELECT 1 FROM spam_scores s WHERE s.posting_id = pp.posting_id AND s.is_spam
                      AND s.partition_date = p.latest_partition)
                """
            )
        ).scalar_one()
        total = conn.execute(sa.text("SELECT count(*) FROM published_postings")).scalar_one()
    top_failures = database.record_failures(context, report.failures)
    progress.finish(failed=len(report.failures))
    context.log.info(
        f"{report.clusters_touched} clusters touched, {report.published} published, {report.removed} removed"
    )
    return dg.MaterializeResult(
        metadata={
            "clusters_touched": dg.MetadataValue.int(report.clusters_touched),
            "published": dg.MetadataValue.int(report.published),
            "removed": dg.MetadataValue.int(report.removed),
            "excluded_by_reason": dg.MetadataValue.json(report.excluded),
            "clusters_failed": dg.MetadataValue.int(len(report.failures)),
            "top_failure_reasons": dg.MetadataValue.json(top_failures),
            "quality_floor": dg.MetadataValue.int(floor),
            "catalogue_size": dg.MetadataValue.int(int(total)),
            "seconds": dg.MetadataValue.float(round(time.perf_counter() - started, 3)),
            "preview": dg.MetadataValue.md(md_table(report.preview, "_nothing published_")),
        },
        check_results=[
            dg.AssetCheckResult(
                check_name=CHECK, passed=bad == 0, metadata={"bad_entries": dg.MetadataValue.int(int(bad))}
            )
        ],
    )

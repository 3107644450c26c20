"""Cluster revalidation: every 6 hours, re-check clusters whose members changed or expired and split the ones
that no longer hold together; clusters whose members all expired are closed."""

import time

import dagster as dg

from hirehound.dedup.revalidation import revalidate
from hirehound_assets.dedup.duplicate_clusters import dedup_settings
from hirehound_assets.queues import queue_tags
from resources.database import DatabaseResource


@dg.asset(
    deps=[dg.AssetKey("duplicate_clusters")],
    group_name="maintenance",
    op_tags=queue_tags("maintenance"),
    kinds={"python", "postgres"},
    pool="postgres",
    description=__doc__,
)
def cluster_revalidation(context: dg.AssetExecutionContext, database: DatabaseResource) -> dg.MaterializeResult:
    started = time.perf_counter()
    with database.begin() as conn:
        report = revalidate(conn, dedup_settings(), context.run_id)
    context.log.info(f"revalidated {report.clusters_checked} clusters")
    return dg.MaterializeResult(
        metadata={
            "clusters_checked": dg.MetadataValue.int(report.clusters_checked),
            "pairs_rescored": dg.MetadataValue.int(report.pairs_rescored),
            "pairs_now_rejected": dg.MetadataValue.int(report.pairs_now_rejected),
            "clusters_after": dg.MetadataValue.int(report.clusters.clusters),
            "clusters_split": dg.MetadataValue.int(report.clusters.split),
            "clusters_retired": dg.MetadataValue.int(report.clusters.merged),
            "seconds": dg.MetadataValue.float(round(time.perf_counter() - started, 3)),
        }
    )

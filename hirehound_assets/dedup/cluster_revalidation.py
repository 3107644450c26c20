"""Cluster revalidation: every 6 hours, re-check clusters whose members changed or expired and split the ones
that no longer hold together; clusters whose members all expired are closed."""

import time

import dagster as dg

from hirehound.dedup.revalidation import revalidate
from hirehound_assets.queues import queue_tags
from resources.database import DatabaseResource
from resources.settings import PipelineSettings


@dg.asset(
    deps=[dg.AssetKey("duplicate_clusters")],
    group_name="maintenance",
    op_tags=queue_tags("maintenance"),
    kinds={"python", "postgres"},
    pool="postgres",
    description=__doc__,
)
def cluster_revalidation(
    context: dg.AssetExecutionContext, database: DatabaseResource, settings: PipelineSettings
) -> dg.MaterializeResult:
    started = time.perf_counter()
    dedup = settings.dedup()
    with database.begin() as conn:
        report = revalidate(conn, dedup, context.run_id)
    context.log.info(f"revalidated {report.clusters_checked} clusters")
    return dg.MaterializeResult(
        metadata={
            "clusters_checked": report.clusters_checked,
            "lookback_days": dedup.lookback_days,
            "pairs_rescored": report.pairs_rescored,
            "pairs_now_rejected": report.pairs_now_rejected,
            "clusters_after": report.clusters.clusters,
            "clusters_split": report.clusters.split,
            "clusters_retired": report.clusters.merged,
            "seconds": round(time.perf_counter() - started, 3),
        }
    )

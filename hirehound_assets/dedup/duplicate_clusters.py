"""Duplicate clusters: the same job seen on several boards, re-posted or reworded becomes one cluster.

The day's postings are compared with each other and with postings active in the lookback window, cheapest stage
first (same content hash, same ATS job id or apply URL, MinHash LSH bands in Postgres, vectors with cosine >= 0.9
within the employer or among postings without one). Pairs are scored and typed FULL / SEMANTIC / TEMPORAL /
PARTIAL; template postings for other cities and the same text under another employer are kept apart. Cluster ids
come from the earliest member, so re-runs and backfills in any order give the same ids; merged clusters redirect
to the older id.
"""

import time

import dagster as dg

from hirehound.dedup.coverage import postings_without_cluster
from hirehound.dedup.pipeline import run_dedup
from hirehound.pipeline.stage_inputs import duplicate_clusters_inputs
from hirehound_assets import unchanged
from hirehound_assets.checks.specs import daily_check_spec
from hirehound_assets.partitions import daily_partitions, partition_day
from hirehound_assets.preview_tables import md_table
from hirehound_assets.progress import step_progress
from hirehound_assets.queues import queue_tags
from resources.database import DatabaseResource
from resources.settings import PipelineSettings


@dg.asset(
    deps=[dg.AssetKey("posting_embeddings")],
    partitions_def=daily_partitions,
    group_name="dedup",
    op_tags=queue_tags("dedup"),
    kinds={"python", "postgres", "pgvector"},
    pool="postgres",
    description=__doc__,
    check_specs=[
        daily_check_spec(
            "every_posting_has_a_cluster",
            asset="duplicate_clusters",
            description="Every posting of the partition belongs to a cluster (singletons included).",
        )
    ],
)
def duplicate_clusters(
    context: dg.AssetExecutionContext, database: DatabaseResource, settings: PipelineSettings
) -> dg.MaterializeResult:
    started = time.perf_counter()
    partition = partition_day(context.partition_key)
    dedup = settings.dedup()
    gate = unchanged.gate(database, duplicate_clusters_inputs(partition, dedup))
    if gate.skip:
        return unchanged.replay(context, gate)
    progress = step_progress(context, database)
    with database.begin() as conn:
        report = run_dedup(conn, partition, dedup, context.run_id, progress)
        missing = postings_without_cluster(conn, partition)
    progress.finish()
    c = report.clusters
    if report.window_bands_filled:
        context.log.info(f"computed MinHash bands of {report.window_bands_filled} lookback postings that had none")
    context.log.info(f"{report.postings} postings, {report.pairs_scored} pairs scored, {c.clusters} clusters")
    result: dg.MaterializeResult = dg.MaterializeResult(
        metadata={
            "postings": report.postings,
            "dagster/row_count": report.postings,
            "lookback_days": dedup.lookback_days,
            "repost_days": dedup.repost_days,
            "repost_gap_days": dedup.repost_gap_days,
            "pairs_scored": report.pairs_scored,
            "minhash_bands_computed": report.bands_refreshed,
            "lookback_bands_filled": report.window_bands_filled,
            "candidates_by_stage": dg.MetadataValue.json(report.candidates_by_stage),
            "accepted_by_stage": dg.MetadataValue.json(report.accepted_by_stage),
            "accepted_by_type": dg.MetadataValue.json(report.accepted_by_type),
            "rejected_by_reason": dg.MetadataValue.json(report.rejected_by_reason),
            "clusters_touched": c.clusters,
            "clusters_created": c.created,
            "clusters_merged": c.merged,
            "clusters_split": c.split,
            "posting_intensity": round(c.members / c.clusters, 3) if c.clusters else 0.0,
            "stage_seconds": dg.MetadataValue.json(report.seconds),
            "seconds": round(time.perf_counter() - started, 3),
            "preview": dg.MetadataValue.md(md_table(c.preview, "_no clusters_")),
        },
        check_results=[
            dg.AssetCheckResult(
                check_name="every_posting_has_a_cluster",
                passed=missing == 0,
                severity=dg.AssetCheckSeverity.ERROR,
                metadata={"postings_without_cluster": missing, "postings": report.postings},
            )
        ],
    )
    return unchanged.finish(context, database, gate, result, rows=report.postings)

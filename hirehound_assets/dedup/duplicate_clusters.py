"""Duplicate clusters: the same job seen on several boards, re-posted or reworded becomes one cluster.

The day's postings are compared with each other and with postings active in the lookback window, cheapest stage
first (same content hash, same ATS job id or apply URL, MinHash LSH bands in Postgres, vectors with cosine >= 0.9
within the employer or among postings without one). Pairs are scored and typed FULL / SEMANTIC / TEMPORAL /
PARTIAL; template postings for other cities and the same text under another employer are kept apart. Cluster ids
come from the earliest member, so re-runs and backfills in any order give the same ids; merged clusters redirect
to the older id.
"""

import os
import time

import dagster as dg
import sqlalchemy as sa

from hirehound.dedup.pipeline import run_dedup
from hirehound.dedup.scoring import DedupSettings
from hirehound_assets.partitions import daily_partitions, partition_day
from hirehound_assets.preview_tables import md_table
from hirehound_assets.progress import step_progress
from hirehound_assets.queues import queue_tags
from resources.database import DatabaseResource


def dedup_settings() -> DedupSettings:
    """Lookback from HIREHOUND_DEDUP_LOOKBACK_DAYS (default 60 days)."""
    return DedupSettings(lookback_days=int(os.environ.get("HIREHOUND_DEDUP_LOOKBACK_DAYS", "60")))


@dg.asset(
    deps=[dg.AssetKey("posting_embeddings")],
    partitions_def=daily_partitions,
    group_name="dedup",
    op_tags=queue_tags("dedup"),
    kinds={"python", "postgres", "pgvector"},
    pool="postgres",
    description=__doc__,
    check_specs=[
        dg.AssetCheckSpec(
            "every_posting_has_a_cluster",
            asset="duplicate_clusters",
            description="Every posting of the partition belongs to a cluster (singletons included).",
        )
    ],
)
def duplicate_clusters(context: dg.AssetExecutionContext, database: DatabaseResource) -> dg.MaterializeResult:
    started = time.perf_counter()
    partition = partition_day(context.partition_key)
    progress = step_progress(context, database)
    with database.begin() as conn:
        report = run_dedup(conn, partition, dedup_settings(), context.run_id, progress)
        missing = conn.execute(
            sa.text(
                "SELECT count(*) FROM normalized_postings n WHERE n.partition_date = :p AND NOT EXISTS "
                "(SELECT 1 FROM cluster_members m WHERE m.posting_id = n.posting_id)"
            ),
            {"p": partition},
        ).scalar_one()
    progress.finish()
    c = report.clusters
    if report.window_bands_filled:
        context.log.info(f"computed MinHash bands of {report.window_bands_filled} lookback postings that had none")
    context.log.info(f"{report.postings} postings, {report.pairs_scored} pairs scored, {c.clusters} clusters")
    return dg.MaterializeResult(
        metadata={
            "postings": dg.MetadataValue.int(report.postings),
            "pairs_scored": dg.MetadataValue.int(report.pairs_scored),
            "minhash_bands_computed": dg.MetadataValue.int(report.bands_refreshed),
            "lookback_bands_filled": dg.MetadataValue.int(report.window_bands_filled),
            "candidates_by_stage": dg.MetadataValue.json(report.candidates_by_stage),
            "accepted_by_stage": dg.MetadataValue.json(report.accepted_by_stage),
            "accepted_by_type": dg.MetadataValue.json(report.accepted_by_type),
            "rejected_by_reason": dg.MetadataValue.json(report.rejected_by_reason),
            "clusters_touched": dg.MetadataValue.int(c.clusters),
            "clusters_created": dg.MetadataValue.int(c.created),
            "clusters_merged": dg.MetadataValue.int(c.merged),
            "clusters_split": dg.MetadataValue.int(c.split),
            "posting_intensity": dg.MetadataValue.float(round(c.members / c.clusters, 3) if c.clusters else 0.0),
            "stage_seconds": dg.MetadataValue.json(report.seconds),
            "seconds": dg.MetadataValue.float(round(time.perf_counter() - started, 3)),
            "preview": dg.MetadataValue.md(md_table(c.preview, "_no clusters_")),
        },
        check_results=[
            dg.AssetCheckResult(
                check_name="every_posting_has_a_cluster",
                passed=missing == 0,
                metadata={"postings_without_cluster": dg.MetadataValue.int(int(missing))},
            )
        ],
    )

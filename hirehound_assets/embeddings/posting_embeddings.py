"""Posting embeddings: one vector per posting (title, employer, place, start of the description), embedded once.

Each distinct text is embedded once ever: re-scrapes and exact duplicates reuse the stored vector, so the model
only sees new or changed texts. Postings without text go to the failure ledger.
"""

import time

import dagster as dg

from hirehound.embeddings.postings import embed_partition
from hirehound.ops.counters import record_cache_stats
from hirehound_assets.partitions import daily_partitions, partition_day
from hirehound_assets.progress import step_progress
from hirehound_assets.queues import queue_tags
from resources.database import DatabaseResource
from resources.embedding_model import EmbeddingModelResource


@dg.asset(
    deps=[dg.AssetKey("normalized_postings"), dg.AssetKey("organizations")],
    partitions_def=daily_partitions,
    group_name="embeddings",
    op_tags=queue_tags("embeddings"),
    kinds={"python", "postgres", "pgvector"},
    pool="embedding_model",
    description=__doc__,
    check_specs=[
        dg.AssetCheckSpec(
            "few_postings_without_vector",
            asset="posting_embeddings",
            description="At most 5% of the partition's postings could not be embedded (empty text, model error).",
        )
    ],
)
def posting_embeddings(
    context: dg.AssetExecutionContext, database: DatabaseResource, embedding_model: EmbeddingModelResource
) -> dg.MaterializeResult:
    started = time.perf_counter()
    progress = step_progress(context, database)
    with database.begin() as conn:
        day = partition_day(context.partition_key)
        report = embed_partition(conn, embedding_model, day, context.run_id, progress)
        record_cache_stats(conn, "posting_embeddings", report.cache.reused, report.cache.distinct - report.cache.reused)
    top_reasons = database.record_failures(context, report.failures)
    progress.finish(failed=len(report.failures))
    cache = report.cache
    context.log.info(f"{report.postings} postings: {cache.embedded} texts embedded, {cache.reused} reused")
    failure_rate = len(report.failures) / report.postings if report.postings else 0.0
    return dg.MaterializeResult(
        metadata={
            "postings": dg.MetadataValue.int(report.postings),
            "distinct_texts": dg.MetadataValue.int(cache.distinct),
            "texts_embedded": dg.MetadataValue.int(cache.embedded),
            "texts_reused_from_cache": dg.MetadataValue.int(cache.reused),
            "model_calls_saved": dg.MetadataValue.int(cache.texts - cache.embedded),
            "with_organization": dg.MetadataValue.int(report.with_organization),
            "failures": dg.MetadataValue.int(len(report.failures)),
            "top_failure_reasons": dg.MetadataValue.json(top_reasons),
            "model_id": dg.MetadataValue.text(embedding_model.model_id),
            "seconds": dg.MetadataValue.float(round(time.perf_counter() - started, 3)),
        },
        check_results=[
            dg.AssetCheckResult(
                check_name="few_postings_without_vector",
                passed=failure_rate <= 0.05,
                severity=dg.AssetCheckSeverity.WARN,
                metadata={"failure_rate": dg.MetadataValue.float(round(failure_rate, 4))},
            )
        ],
    )

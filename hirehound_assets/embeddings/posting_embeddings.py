"""Posting embeddings: one vector per posting (title, employer, place, start of the description), embedded once.

Each distinct text is embedded once ever: re-scrapes and exact duplicates reuse the stored vector, so the model
only sees new or changed texts. Postings without text go to the failure ledger.
"""

import time

import dagster as dg

from hirehound.db.failure_ledger import summarize
from hirehound.embeddings.postings import embed_partition
from hirehound.ops.counters import record_cache_stats
from hirehound_assets.checks.failure_rate import failure_rate_check
from hirehound_assets.partitions import daily_partitions, partition_day
from hirehound_assets.progress import step_progress
from hirehound_assets.queues import queue_tags
from resources.database import DatabaseResource
from resources.embedding_model import EmbeddingModelResource

FAILURE_RATE = failure_rate_check(
    "posting_embeddings",
    name="few_postings_without_vector",
    items="postings left without a vector (empty text, model error)",
    warn_above=0.05,
)


@dg.asset(
    deps=[dg.AssetKey("normalized_postings"), dg.AssetKey("organizations")],
    partitions_def=daily_partitions,
    group_name="embeddings",
    op_tags=queue_tags("embeddings"),
    kinds={"python", "postgres", "pgvector"},
    pool="embedding_model",
    description=__doc__,
    check_specs=[FAILURE_RATE.spec],
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
    return dg.MaterializeResult(
        metadata={
            "postings": report.postings,
            "dagster/row_count": report.postings - len(report.failures),
            "distinct_texts": cache.distinct,
            "texts_embedded": cache.embedded,
            "texts_reused_from_cache": cache.reused,
            "model_calls_saved": cache.texts - cache.embedded,
            "with_organization": report.with_organization,
            "failures": len(report.failures),
            "top_failure_reasons": dg.MetadataValue.json(top_reasons),
            "model_id": embedding_model.model_id,
            "seconds": round(time.perf_counter() - started, 3),
        },
        check_results=[FAILURE_RATE.result(len(report.failures), report.postings, summarize(report.failures))],
    )

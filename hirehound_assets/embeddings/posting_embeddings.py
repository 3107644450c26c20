"""Posting embeddings: one vector per posting (title, employer, place, start of the description), embedded once.

Each distinct text is embedded once ever: re-scrapes and exact duplicates reuse the stored vector, so the model
only sees new or changed texts. Postings without text go to the failure ledger. A day's new texts are embedded in
chunks (`settings.embedding_chunk_texts` texts each) that run as separate steps on any worker; the day's rows are
written once all chunks are done, so the vectors and rows equal a single step's.
"""

import time
from collections.abc import Iterator

import dagster as dg

from hirehound.db.failure_ledger import summarize
from hirehound.embeddings.day_chunks import TextChunk, day_cache_stats, embed_chunk, plan_day
from hirehound.embeddings.postings import embed_partition
from hirehound.ops.counters import record_cache_stats
from hirehound_assets.checks.failure_rate import failure_rate_check
from hirehound_assets.partitions import daily_partitions, partition_day
from hirehound_assets.progress import chunk_progress, finish_progress, step_progress
from hirehound_assets.queues import queue_tags
from resources.database import DatabaseResource
from resources.embedding_model import EmbeddingModelResource
from resources.settings import PipelineSettings

ASSET = "posting_embeddings"
FAILURE_RATE = failure_rate_check(
    ASSET,
    name="few_postings_without_vector",
    items="postings left without a vector (empty text, model error)",
    warn_above=0.05,
)
TAGS = queue_tags("embeddings")


@dg.op(
    ins={"normalized_postings": dg.In(dg.Nothing), "organizations": dg.In(dg.Nothing)},
    out=dg.DynamicOut(dg.Nothing),
    tags=TAGS,
)
def plan_embedding_chunks(
    context: dg.OpExecutionContext,
    database: DatabaseResource,
    embedding_model: EmbeddingModelResource,
    settings: PipelineSettings,
) -> Iterator[dg.DynamicOutput[None]]:
    """One output per chunk of the day's texts still to embed (none when every text is in the cache)."""
    progress = step_progress(context, database, asset=ASSET)
    with database.begin() as conn:
        plan = plan_day(conn, embedding_model.model_id, partition_day(context.partition_key), settings.chunk_texts())
    progress.set_total(plan.postings)
    progress.advance(plan.without_text, failed=plan.without_text)
    context.log.info(
        f"{plan.postings} postings, {plan.distinct_texts} distinct texts, {plan.cached} already embedded: "
        f"{len(plan.chunks)} chunk(s) of at most {settings.chunk_texts()} new texts"
    )
    for chunk in plan.chunks:
        yield dg.DynamicOutput(None, mapping_key=chunk.key)


@dg.op(ins={"planned": dg.In(dg.Nothing)}, tags=TAGS, pool="embedding_model")
def embed_text_chunk(
    context: dg.OpExecutionContext, database: DatabaseResource, embedding_model: EmbeddingModelResource
) -> dg.Output[None]:
    """Embed and store the chunk's texts the cache lacks (a chunk run again embeds nothing)."""
    chunk = TextChunk.from_key(context.get_mapping_key() or "")
    progress = chunk_progress(context, database, ASSET)
    with database.begin() as conn:
        report = embed_chunk(conn, embedding_model, partition_day(context.partition_key), chunk, progress)
    progress.finish(failed=report.failed)
    return dg.Output(
        None,
        metadata={
            "postings": report.postings,
            "distinct_texts": report.texts,
            "texts_embedded": report.embedded,
            "texts_failed": report.failed,
        },
    )


def chunk_texts_embedded(context: dg.OpExecutionContext) -> int:
    """Texts the chunk steps of this run embedded, from their outputs in the run's event log (which every worker
    writes to), so no step output travels through a machine's disk. A re-execution counts only the chunks it ran
    again: texts its parent run embedded count as reused (the rows are the same either way)."""
    total = 0
    for record in context.instance.all_logs(context.run_id, of_type=dg.DagsterEventType.STEP_OUTPUT):
        event = record.dagster_event
        if event is None or not (event.step_key or "").startswith(f"{ASSET}.{embed_text_chunk.name}["):
            continue
        value = getattr(event.event_specific_data, "metadata", {}).get("texts_embedded")
        total += int(value.value) if value is not None else 0
    return total


@dg.op(
    ins={"chunks": dg.In(dg.Nothing)},
    out={"result": dg.Out(dg.Nothing), FAILURE_RATE.spec.get_python_identifier(): dg.Out(dg.Nothing)},
    tags=TAGS,
)
def write_posting_embeddings(
    context: dg.OpExecutionContext, database: DatabaseResource, embedding_model: EmbeddingModelResource
) -> Iterator[dg.Output[None] | dg.AssetCheckResult]:
    """Link the day's postings to their vectors (all in the cache by now) and report the day as one step would."""
    started = time.perf_counter()
    with database.begin() as conn:
        day = partition_day(context.partition_key)
        report = embed_partition(conn, embedding_model, day, context.run_id)
        cache = day_cache_stats(report.cache, chunk_texts_embedded(context))
        record_cache_stats(conn, ASSET, cache.reused, cache.distinct - cache.reused)
    top_reasons = database.record_failures(context, report.failures, asset=ASSET)
    finish_progress(context, database, ASSET, total=report.postings, failed=len(report.failures), started=started)
    context.log.info(f"{report.postings} postings: {cache.embedded} texts embedded, {cache.reused} reused")
    yield dg.Output(
        None,
        "result",
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
    )
    yield FAILURE_RATE.result(len(report.failures), report.postings, summarize(report.failures))


@dg.graph_asset(
    ins={
        "normalized_postings": dg.AssetIn(dagster_type=dg.Nothing),
        "organizations": dg.AssetIn(dagster_type=dg.Nothing),
    },
    partitions_def=daily_partitions,
    group_name="embeddings",
    kinds={"python", "postgres", "pgvector"},
    description=__doc__,
    check_specs=[FAILURE_RATE.spec],
)
def posting_embeddings(normalized_postings: None, organizations: None) -> dict[str, object]:
    planned = plan_embedding_chunks(normalized_postings=normalized_postings, organizations=organizations)
    chunks = planned.map(embed_text_chunk)
    written, checked = write_posting_embeddings(chunks.collect())
    return {"result": written, FAILURE_RATE.spec.get_python_identifier(): checked}

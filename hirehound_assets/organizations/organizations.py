"""Organizations: every normalized posting of the scrape date is linked to the employer that posted it.

Spellings are normalized and matched to the global `organizations` table by ATS tenant and employer domain
first, then by name (exact core key, then `pg_trgm` candidates re-ranked with rapidfuzz); unknown employers are
created with ids derived from their name. Staffing agencies and confidential employers are kept apart.
Organizations a batch shows to be one employer (one posting carries identifiers of both, or a spelling is an alias
of both) are merged right away, the oldest surviving, so later stages never see one employer as two. Job boards,
aggregators and ATS hosts are never evidence (only their tenants are), and organizations with unrelated names
merge only on two kinds of evidence; a check warns about organizations whose postings carry unrelated spellings.
"""

import time

import dagster as dg

from hirehound.organizations.coverage import postings_without_organization
from hirehound.organizations.partition_matching import match_partition, organizations_preview, refusals_preview
from hirehound.organizations.spellings import MIN_UNRELATED, scattered_organizations
from hirehound.pipeline.stage_inputs import organizations_inputs
from hirehound_assets import unchanged
from hirehound_assets.checks.specs import daily_check_spec
from hirehound_assets.partitions import daily_partitions, partition_day
from hirehound_assets.progress import step_progress
from hirehound_assets.queues import queue_tags
from resources.database import DatabaseResource


@dg.asset(
    deps=[dg.AssetKey("normalized_postings")],
    partitions_def=daily_partitions,
    group_name="organizations",
    op_tags=queue_tags("ingestion"),
    kinds={"python", "postgres"},
    pool="postgres",
    description=__doc__,
    check_specs=[
        # Not blocking: a posting whose match failed is in the failure ledger, and must not stop the day.
        daily_check_spec(
            "every_posting_has_an_organization",
            asset="organizations",
            description="Every posting of the partition is linked to an organization.",
        ),
        daily_check_spec(
            "no_organization_with_unrelated_spellings",
            asset="organizations",
            description=(
                f"WARN when an organization's postings carry {MIN_UNRELATED}+ company spellings unrelated to its "
                "name (one employer fused with others, e.g. through an aggregator host missing from "
                "hirehound/organizations/shared_hosts.yaml); the offenders are in the metadata."
            ),
        ),
    ],
)
def organizations(context: dg.AssetExecutionContext, database: DatabaseResource) -> dg.MaterializeResult:
    partition = partition_day(context.partition_key).isoformat()
    started = time.perf_counter()
    gate = unchanged.gate(database, organizations_inputs(partition_day(context.partition_key)))
    if gate.skip:
        return unchanged.replay(context, gate)
    progress = step_progress(context, database)
    # Batches of one transaction each, a failed batch retried posting by posting (see partition_matching).
    report = match_partition(database.engine(), partition, context.run_id, progress)
    totals = report.stats
    top_reasons = database.record_failures(context, report.failures)
    progress.finish(failed=len(report.failures))
    with database.begin() as conn:
        table = organizations_preview(conn, partition)
        missing = postings_without_organization(conn, partition)
        scattered = scattered_organizations(conn, partition)
    result: dg.MaterializeResult = dg.MaterializeResult(
        metadata={
            "postings": report.postings,
            "postings_matched": report.matched,
            "dagster/row_count": report.matched,
            "new_organizations": totals.created,
            "merged": totals.merged,
            "merges_refused": len(totals.refused),
            "merges_refused_preview": dg.MetadataValue.json(refusals_preview(totals.refused)),
            "identifiers_contested": totals.contested,
            "match_methods": dg.MetadataValue.json(dict(totals.methods)),
            "kinds": dg.MetadataValue.json(dict(totals.kinds)),
            "failures": len(report.failures),
            "top_failure_reasons": dg.MetadataValue.json(top_reasons),
            "seconds": round(time.perf_counter() - started, 3),
            "preview": dg.MetadataValue.md(table),
        },
        check_results=[
            dg.AssetCheckResult(
                check_name="every_posting_has_an_organization",
                passed=missing == 0,
                severity=dg.AssetCheckSeverity.ERROR,
                metadata={"postings_without_organization": missing, "postings": report.postings},
            ),
            dg.AssetCheckResult(
                check_name="no_organization_with_unrelated_spellings",
                passed=not scattered,
                severity=dg.AssetCheckSeverity.WARN,
                metadata={
                    "organizations_flagged": len(scattered),
                    "offenders": dg.MetadataValue.json(
                        [
                            {
                                "organization_id": o.organization_id,
                                "name": o.name,
                                "founded_as": o.founded_as,
                                "postings": o.postings,
                                "unrelated_spellings": [{"spelling": s, "postings": n} for s, n in o.unrelated[:10]],
                            }
                            for o in scattered[:20]
                        ]
                    ),
                },
            ),
        ],
    )
    return unchanged.finish(context, database, gate, result, rows=report.postings)

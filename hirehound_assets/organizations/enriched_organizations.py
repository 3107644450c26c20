"""Enriched organizations: the employers created or changed on a scrape date, deduplicated and filled in.

Steps, each counted in the materialization metadata: (1) merge organizations that share a domain or a spelling;
(2-3) collect field values from the postings (offline provider) and, when configured, a company-data API
(rate-limited, retried, behind a circuit breaker); merge them field by field by source precedence; (4) logo;
(5) NAICS sector; (6) size band; (7) headquarters geocoded offline; (8) organization embedding; (9) postings
follow merges and see the enriched fields through `posting_organization_current`.
"""

import time

import dagster as dg

from hirehound.organizations.enrichment.partition_enrichment import enrich_partition
from hirehound_assets.organizations.organizations import organizations
from hirehound_assets.partitions import daily_partitions, partition_day
from hirehound_assets.progress import step_progress
from resources.database import DatabaseResource
from resources.embedding_model import EmbeddingModelResource
from resources.enrichment_providers import EnrichmentProviderResource

FAILURE_RATE_WARN = 0.2  # share of organizations whose provider lookup failed that turns the check to WARN
CHECK = "enrichment_failure_rate"


@dg.asset(
    deps=[organizations],
    partitions_def=daily_partitions,
    group_name="organizations",
    kinds={"python", "postgres"},
    pool="enrichment_api",
    retry_policy=dg.RetryPolicy(max_retries=2, delay=30, backoff=dg.Backoff.EXPONENTIAL, jitter=dg.Jitter.PLUS_MINUS),
    description=__doc__,
    check_specs=[dg.AssetCheckSpec(CHECK, asset="enriched_organizations", description="Provider failures stay rare.")],
)
def enriched_organizations(
    context: dg.AssetExecutionContext,
    database: DatabaseResource,
    enrichment_provider: EnrichmentProviderResource,
    embedding_model: EmbeddingModelResource,
) -> dg.MaterializeResult:
    partition = partition_day(context.partition_key).isoformat()
    started = time.perf_counter()
    progress = step_progress(context, database)
    report = enrich_partition(
        database.engine(), partition, context.run_id,
        offline=enrichment_provider.offline(), http=enrichment_provider.http(), encoder=embedding_model,
        log=context.log, progress=progress,
    )  # fmt: skip
    top_reasons = database.record_failures(context, report.failures)
    progress.finish(failed=len(report.failures))
    rate, http_failures = report.http_failure_rate, report.http_failures
    return dg.MaterializeResult(
        metadata={
            "organizations": dg.MetadataValue.int(report.organizations),
            "step1_merged": dg.MetadataValue.int(len(report.merges)),
            "step1_merge_reasons": dg.MetadataValue.json(report.merge_reasons),
            "step3_offline_values": dg.MetadataValue.int(report.offline_values),
            "step3_http_attempted": dg.MetadataValue.int(report.http_attempted),
            "step3_http_values": dg.MetadataValue.int(report.http_values),
            "step3_http_configured": dg.MetadataValue.bool(report.http_configured),
            "step3_http_stats": dg.MetadataValue.json(report.http_stats),
            "step3_http_skipped_breaker_open": dg.MetadataValue.int(report.http_skipped_breaker_open),
            "breaker_state": dg.MetadataValue.text(report.breaker_state),
            "breaker_times_opened": dg.MetadataValue.int(report.breaker_times_opened),
            "rate_limit_waited_s": dg.MetadataValue.float(report.rate_limit_waited_s),
            "step4_with_logo": dg.MetadataValue.int(report.with_logo),
            "step5_with_industry": dg.MetadataValue.int(report.with_industry),
            "step6_with_size_band": dg.MetadataValue.int(report.with_size_band),
            "step7_with_hq": dg.MetadataValue.int(report.with_hq),
            "step8_embeddings_reused": dg.MetadataValue.int(report.embeddings_reused),
            "step8_embeddings_computed": dg.MetadataValue.int(report.embeddings_computed),
            "step8_embedding_failures": dg.MetadataValue.int(report.embedding_failures),
            "embedding_model": dg.MetadataValue.text(embedding_model.model_id),
            "step9_changed_organizations": dg.MetadataValue.int(report.changed),
            "failures": dg.MetadataValue.int(len(report.failures)),
            "top_failure_reasons": dg.MetadataValue.json(top_reasons),
            "seconds": dg.MetadataValue.float(round(time.perf_counter() - started, 3)),
        },
        check_results=[
            dg.AssetCheckResult(
                check_name=CHECK,
                passed=rate <= FAILURE_RATE_WARN,
                severity=dg.AssetCheckSeverity.WARN,
                metadata={"failure_rate": round(rate, 4), "threshold": FAILURE_RATE_WARN, "failures": http_failures},
            )
        ],
    )

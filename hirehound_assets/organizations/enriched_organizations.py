"""Enriched organizations: the employers created or changed on a scrape date, deduplicated and filled in.

Steps, each counted in the materialization metadata: (1) merge organizations that share a domain or a spelling;
(2-3) collect field values from the postings (offline provider) and, when configured, a company-data API
(rate-limited, retried, behind a circuit breaker); merge them field by field by source precedence; (4) logo;
(5) NAICS sector; (6) size band; (7) headquarters geocoded offline; (8) organization embedding; (9) postings
follow merges and see the enriched fields through `posting_organization_current`.
"""

import time

import dagster as dg

from hirehound.db.failure_ledger import summarize
from hirehound.organizations.enrichment.partition_enrichment import enrich_partition
from hirehound.pipeline.stage_inputs import enriched_organizations_inputs
from hirehound_assets import unchanged
from hirehound_assets.checks.failure_rate import failure_rate_check
from hirehound_assets.organizations.organizations import organizations
from hirehound_assets.partitions import daily_partitions, partition_day
from hirehound_assets.progress import step_progress
from hirehound_assets.queues import queue_tags
from resources.database import DatabaseResource
from resources.embedding_model import EmbeddingModelResource
from resources.enrichment_providers import EnrichmentProviderResource

FAILURE_RATE_WARN = 0.2  # share of organizations whose provider lookup failed that turns the check to WARN
# Provider lookups only: an outage of someone else's API warns, and never stops the day (never ERROR).
FAILURE_RATE = failure_rate_check(
    "enriched_organizations",
    name="enrichment_failure_rate",
    items="company-data API lookups attempted",
    warn_above=FAILURE_RATE_WARN,
)


@dg.asset(
    deps=[organizations],
    partitions_def=daily_partitions,
    group_name="organizations",
    op_tags=queue_tags("enrichment"),
    kinds={"python", "postgres"},
    pool="enrichment_api",
    retry_policy=dg.RetryPolicy(max_retries=2, delay=30, backoff=dg.Backoff.EXPONENTIAL, jitter=dg.Jitter.PLUS_MINUS),
    description=__doc__,
    check_specs=[FAILURE_RATE.spec],
)
def enriched_organizations(
    context: dg.AssetExecutionContext,
    database: DatabaseResource,
    enrichment_provider: EnrichmentProviderResource,
    embedding_model: EmbeddingModelResource,
) -> dg.MaterializeResult:
    partition = partition_day(context.partition_key).isoformat()
    started = time.perf_counter()
    http = enrichment_provider.http()
    inputs = enriched_organizations_inputs(partition_day(partition), embedding_model.model_id, http is not None)
    gate = unchanged.gate(database, inputs)
    if gate.skip:
        return unchanged.replay(context, gate)
    progress = step_progress(context, database)
    report = enrich_partition(
        database.engine(), partition, context.run_id,
        offline=enrichment_provider.offline(), http=http, encoder=embedding_model,
        log=context.log, progress=progress,
    )  # fmt: skip
    top_reasons = database.record_failures(context, report.failures)
    progress.finish(failed=len(report.failures))
    result: dg.MaterializeResult = dg.MaterializeResult(
        metadata={
            "organizations": report.organizations,
            "dagster/row_count": report.organizations,
            "step1_merged": len(report.merges),
            "step1_merge_reasons": dg.MetadataValue.json(report.merge_reasons),
            "step3_offline_values": report.offline_values,
            "step3_http_attempted": report.http_attempted,
            "step3_http_values": report.http_values,
            "step3_http_configured": report.http_configured,
            "step3_http_stats": dg.MetadataValue.json(report.http_stats),
            "step3_http_skipped_breaker_open": report.http_skipped_breaker_open,
            "breaker_state": report.breaker_state,
            "breaker_times_opened": report.breaker_times_opened,
            "rate_limit_waited_s": report.rate_limit_waited_s,
            "step4_with_logo": report.with_logo,
            "step5_with_industry": report.with_industry,
            "step6_with_size_band": report.with_size_band,
            "step7_with_hq": report.with_hq,
            "step8_embeddings_reused": report.embeddings_reused,
            "step8_embeddings_computed": report.embeddings_computed,
            "step8_embedding_failures": report.embedding_failures,
            "embedding_model": embedding_model.model_id,
            "step9_changed_organizations": report.changed,
            "failures": len(report.failures),
            "top_failure_reasons": dg.MetadataValue.json(top_reasons),
            "seconds": round(time.perf_counter() - started, 3),
        },
        check_results=[
            FAILURE_RATE.result(report.http_failures, report.http_attempted, summarize(report.http_failure_items))
        ],
    )
    return unchanged.finish(context, database, gate, result, rows=report.organizations)

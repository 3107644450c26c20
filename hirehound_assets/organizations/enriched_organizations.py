"""Enriched organizations: the employers created or changed on a scrape date, deduplicated and filled in.

Steps, each counted in the materialization metadata: (1) merge organizations that share a domain or a spelling;
(2-3) collect field values from the postings (offline provider) and, when configured, a company-data API
(rate-limited, retried, behind a circuit breaker); merge them field by field by source precedence; (4) logo;
(5) NAICS sector; (6) size band; (7) headquarters geocoded offline; (8) organization embedding; (9) postings
follow merges and see the enriched fields through `posting_organization_current`.
"""

import time
from datetime import UTC, datetime

import dagster as dg

from hirehound.db.failure_ledger import ItemFailure
from hirehound.ops.counters import record_cache_stats, record_provider_stats
from hirehound.organizations.enrichment import pipeline
from hirehound.organizations.enrichment.embedding import embed_organizations, organization_text
from hirehound.organizations.enrichment.fields import FieldValue
from hirehound.organizations.enrichment.http_provider import HttpCompanyProvider
from hirehound.organizations.enrichment.offline_provider import OrganizationEvidence
from hirehound.organizations.enrichment.resilience import CircuitOpenError
from hirehound.organizations.merges import Merge, apply_merges, find_merges
from hirehound_assets.organizations.organizations import organizations
from hirehound_assets.partitions import daily_partitions, partition_day
from hirehound_assets.progress import step_progress
from hirehound_assets.queues import queue_tags
from resources.database import DatabaseResource
from resources.embedding_model import EmbeddingModelResource
from resources.enrichment_providers import EnrichmentProviderResource

CHUNK = 200
FAILURE_RATE_WARN = 0.2  # share of organizations whose provider lookup failed that turns the check to WARN
CHECK = "enrichment_failure_rate"


@dg.asset(
    deps=[organizations],
    partitions_def=daily_partitions,
    group_name="organizations",
    op_tags=queue_tags("enrichment"),
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
    with database.begin() as conn:
        in_scope = pipeline.scope(conn, partition)
        merges = find_merges(conn, in_scope)
        apply_merges(conn, merges, context.run_id)
        active = pipeline.scope(conn, partition)
    context.log.info(f"{len(active)} organizations to enrich, {len(merges)} merged")
    progress = step_progress(context, database, total=len(active))
    http = enrichment_provider.http()
    offline = enrichment_provider.offline()
    failures: list[ItemFailure] = []
    counts = {"offline_values": 0, "http_attempted": 0, "http_values": 0, "http_skipped_breaker_open": 0, "changed": 0}
    filled = {"logo": 0, "industry": 0, "size": 0, "hq": 0}
    embedded = {"reused": 0, "embedded": 0, "failed": 0}
    for start in range(0, len(active), CHUNK):
        ids = active[start : start + CHUNK]
        with database.begin() as conn:
            evidence = pipeline.load_evidence(conn, ids)
        now = datetime.now(UTC)
        fetched: dict[str, list[FieldValue]] = {}
        for org_id in ids:
            values = offline.lookup(evidence[org_id], now)
            counts["offline_values"] += len(values)
            if http is not None:
                values += _ask_http(http, evidence[org_id], values, failures, counts)
            fetched[org_id] = values
        texts: dict[str, str] = {}
        with database.begin() as conn:
            for org_id in ids:
                pipeline.store_values(conn, org_id, fetched[org_id], context.run_id)
                stored = pipeline.stored_values(conn, org_id)
                derived = pipeline.derive(evidence[org_id], stored, now)
                pipeline.store_values(conn, org_id, derived, context.run_id)
                row = pipeline.enriched_row(org_id, pipeline.current_values(stored, derived))
                counts["changed"] += pipeline.write_enriched(conn, row, partition=partition, run_id=context.run_id)
                filled["logo"] += row.columns["logo_url"] is not None
                filled["industry"] += row.columns["industry_naics"] is not None
                filled["size"] += row.columns["size_band"] is not None
                filled["hq"] += row.columns["hq_country_code"] is not None
                texts[org_id] = organization_text(
                    evidence[org_id].name, row.columns["industry_name"], row.columns["description"],
                    evidence[org_id].titles,
                )  # fmt: skip
        with database.begin() as conn:
            stats = embed_organizations(conn, embedding_model, texts, context.run_id)
            record_cache_stats(conn, "enriched_organizations", stats.reused, stats.embedded + len(stats.failed))
        embedded["reused"] += stats.reused
        embedded["embedded"] += stats.embedded
        embedded["failed"] += len(stats.failed)
        failures += [ItemFailure(org, "embedding", "EmbeddingError", msg) for org, msg in stats.failed.items()]
        progress.advance(len(ids))
    top_reasons = database.record_failures(context, failures)
    progress.finish(failed=len(failures))
    http_failures = sum(1 for f in failures if f.stage == "http_enrichment")
    rate = http_failures / counts["http_attempted"] if counts["http_attempted"] else 0.0
    breaker = http.breaker if http is not None else None
    if http is not None and breaker is not None:  # run-process counters reach the metrics endpoint via a table
        with database.begin() as conn:
            record_provider_stats(conn, http.name, http.stats, breaker.state, breaker.times_opened)
    return dg.MaterializeResult(
        metadata={
            "organizations": dg.MetadataValue.int(len(active)),
            "step1_merged": dg.MetadataValue.int(len(merges)),
            "step1_merge_reasons": dg.MetadataValue.json(_reasons(merges)),
            "step3_offline_values": dg.MetadataValue.int(counts["offline_values"]),
            "step3_http_attempted": dg.MetadataValue.int(counts["http_attempted"]),
            "step3_http_values": dg.MetadataValue.int(counts["http_values"]),
            "step3_http_configured": dg.MetadataValue.bool(http is not None),
            "step3_http_stats": dg.MetadataValue.json(dict(http.stats) if http else {}),
            "step3_http_skipped_breaker_open": dg.MetadataValue.int(counts["http_skipped_breaker_open"]),
            "breaker_state": dg.MetadataValue.text(breaker.state if breaker else "not configured"),
            "breaker_times_opened": dg.MetadataValue.int(breaker.times_opened if breaker else 0),
            "rate_limit_waited_s": dg.MetadataValue.float(round(http.bucket.waited_s, 3) if http else 0.0),
            "step4_with_logo": dg.MetadataValue.int(filled["logo"]),
            "step5_with_industry": dg.MetadataValue.int(filled["industry"]),
            "step6_with_size_band": dg.MetadataValue.int(filled["size"]),
            "step7_with_hq": dg.MetadataValue.int(filled["hq"]),
            "step8_embeddings_reused": dg.MetadataValue.int(embedded["reused"]),
            "step8_embeddings_computed": dg.MetadataValue.int(embedded["embedded"]),
            "step8_embedding_failures": dg.MetadataValue.int(embedded["failed"]),
            "embedding_model": dg.MetadataValue.text(embedding_model.model_id),
            "step9_changed_organizations": dg.MetadataValue.int(counts["changed"]),
            "failures": dg.MetadataValue.int(len(failures)),
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


def _ask_http(
    http: HttpCompanyProvider,
    evidence: OrganizationEvidence,
    offline_values: list[FieldValue],
    failures: list[ItemFailure],
    counts: dict[str, int],
) -> list[FieldValue]:
    """The API's values for the organization's domain; a failure is recorded and never raised."""
    domain = evidence.domain or next((str(v.value) for v in offline_values if v.field == "domain"), None)
    if not domain:
        return []
    counts["http_attempted"] += 1
    try:
        values = http.lookup(domain)
    except CircuitOpenError as exc:
        counts["http_skipped_breaker_open"] += 1
        failures.append(ItemFailure.from_exception(evidence.organization_id, "http_enrichment", exc))
        return []
    except Exception as exc:  # one organization's failure never fails the run
        failures.append(ItemFailure.from_exception(evidence.organization_id, "http_enrichment", exc))
        return []
    counts["http_values"] += len(values)
    return values


def _reasons(merges: list[Merge]) -> dict[str, int]:
    out: dict[str, int] = {}
    for m in merges:
        out[m.reason] = out.get(m.reason, 0) + 1
    return out

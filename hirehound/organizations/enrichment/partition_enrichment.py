"""Enriching the organizations one scrape date created or changed, in chunks, counting what each step did.

Step 1 merges organizations that share a domain or a spelling; then, chunk by chunk (a transaction each, so a long
run keeps what it did), steps 2-3 collect field values from the postings (offline provider) and, when one is
configured, a company-data API; steps 4-7 derive logo, NAICS sector, size band and headquarters from the stored
values; step 8 embeds each organization; step 9 writes the enriched row and counts the organizations that changed.
One organization's API or embedding failure is a failure item, never a failed run.
"""

from __future__ import annotations

import logging
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sqlalchemy.engine import Connection, Engine

from hirehound.db.failure_ledger import ItemFailure
from hirehound.embeddings.cache import TextEncoder
from hirehound.ops.counters import record_cache_stats, record_provider_stats
from hirehound.ops.progress import NO_PROGRESS, ProgressReporter
from hirehound.organizations.enrichment import pipeline
from hirehound.organizations.enrichment.embedding import embed_organizations, organization_text
from hirehound.organizations.enrichment.fields import FieldValue
from hirehound.organizations.enrichment.http_provider import HttpCompanyProvider
from hirehound.organizations.enrichment.offline_provider import OfflineProvider, OrganizationEvidence
from hirehound.organizations.enrichment.resilience import CircuitOpenError
from hirehound.organizations.merges import Merge, apply_merges, find_merges

CHUNK = 200
ASSET = "enriched_organizations"
HTTP_STAGE = "http_enrichment"


@dataclass
class EnrichmentReport:
    """What enriching a partition did, step by step (the numbers name the steps of the module docstring)."""

    organizations: int = 0
    merges: list[Merge] = field(default_factory=list)
    offline_values: int = 0
    http_configured: bool = False
    http_attempted: int = 0
    http_values: int = 0
    http_skipped_breaker_open: int = 0
    http_stats: dict[str, int] = field(default_factory=dict)
    breaker_state: str = "not configured"
    breaker_times_opened: int = 0
    rate_limit_waited_s: float = 0.0
    with_logo: int = 0
    with_industry: int = 0
    with_size_band: int = 0
    with_hq: int = 0
    embeddings_reused: int = 0
    embeddings_computed: int = 0
    embedding_failures: int = 0
    changed: int = 0
    failures: list[ItemFailure] = field(default_factory=list)

    @property
    def merge_reasons(self) -> dict[str, int]:
        return dict(Counter(m.reason for m in self.merges))

    @property
    def http_failure_items(self) -> list[ItemFailure]:
        """The company-data API lookups that failed (the failure-rate check's numerator and its reasons)."""
        return [f for f in self.failures if f.stage == HTTP_STAGE]

    @property
    def http_failures(self) -> int:
        return len(self.http_failure_items)

    @property
    def http_failure_rate(self) -> float:
        """Share of API lookups that failed (0 when none was attempted)."""
        return self.http_failures / self.http_attempted if self.http_attempted else 0.0


def enrich_partition(
    engine: Engine,
    partition: str,
    run_id: str,
    *,
    offline: OfflineProvider,
    http: HttpCompanyProvider | None,
    encoder: TextEncoder,
    log: logging.Logger,
    progress: ProgressReporter = NO_PROGRESS,
    chunk: int = CHUNK,
) -> EnrichmentReport:
    """Merge, enrich, embed and write the partition's organizations; failures are collected in the report."""
    with engine.begin() as conn:
        merges = find_merges(conn, pipeline.scope(conn, partition))
        apply_merges(conn, merges, run_id)
        active = pipeline.scope(conn, partition)
    log.info(f"{len(active)} organizations to enrich, {len(merges)} merged")
    report = EnrichmentReport(organizations=len(active), merges=merges, http_configured=http is not None)
    progress.set_total(len(active))
    for start in range(0, len(active), chunk):
        ids = active[start : start + chunk]
        with engine.begin() as conn:
            evidence = pipeline.load_evidence(conn, ids)
        now = datetime.now(UTC)
        fetched = {org_id: _lookup(offline, http, evidence[org_id], now, report) for org_id in ids}
        with engine.begin() as conn:
            texts = _write(conn, evidence, fetched, now, partition, run_id, report)
        with engine.begin() as conn:
            stats = embed_organizations(conn, encoder, texts, run_id)
            record_cache_stats(conn, ASSET, stats.reused, stats.embedded + len(stats.failed))
        report.embeddings_reused += stats.reused
        report.embeddings_computed += stats.embedded
        report.embedding_failures += len(stats.failed)
        report.failures += [ItemFailure(org, "embedding", "EmbeddingError", msg) for org, msg in stats.failed.items()]
        progress.advance(len(ids))
    if http is not None:
        _provider_state(engine, http, report)
    return report


def _lookup(
    offline: OfflineProvider,
    http: HttpCompanyProvider | None,
    evidence: OrganizationEvidence,
    now: datetime,
    report: EnrichmentReport,
) -> list[FieldValue]:
    """Steps 2-3: the offline provider's values, then the API's for the organization's domain."""
    values = offline.lookup(evidence, now)
    report.offline_values += len(values)
    if http is not None:
        values += ask_http(http, evidence, values, report)
    return values


def ask_http(
    http: HttpCompanyProvider,
    evidence: OrganizationEvidence,
    offline_values: list[FieldValue],
    report: EnrichmentReport,
) -> list[FieldValue]:
    """The API's values for the organization's domain; a failure is recorded and never raised."""
    domain = evidence.domain or next((str(v.value) for v in offline_values if v.field == "domain"), None)
    if not domain:
        return []
    report.http_attempted += 1
    try:
        values = http.lookup(domain)
    except CircuitOpenError as exc:
        report.http_skipped_breaker_open += 1
        report.failures.append(ItemFailure.from_exception(evidence.organization_id, HTTP_STAGE, exc))
        return []
    except Exception as exc:  # one organization's failure never fails the run
        report.failures.append(ItemFailure.from_exception(evidence.organization_id, HTTP_STAGE, exc))
        return []
    report.http_values += len(values)
    return values


def _write(
    conn: Connection,
    evidence: dict[str, OrganizationEvidence],
    fetched: dict[str, list[FieldValue]],
    now: datetime,
    partition: str,
    run_id: str,
    report: EnrichmentReport,
) -> dict[str, str]:
    """Steps 4-7 and 9 for a chunk of organizations in a few statements; returns the texts step 8 embeds."""
    rows, changed = pipeline.enrich_chunk(conn, evidence, fetched, now, partition=partition, run_id=run_id)
    report.changed += changed
    texts: dict[str, str] = {}
    for row in rows:
        columns: dict[str, Any] = row.columns
        report.with_logo += columns["logo_url"] is not None
        report.with_industry += columns["industry_naics"] is not None
        report.with_size_band += columns["size_band"] is not None
        report.with_hq += columns["hq_country_code"] is not None
        e = evidence[row.organization_id]
        texts[e.organization_id] = organization_text(e.name, columns["industry_name"], columns["description"], e.titles)
    return texts


def _provider_state(engine: Engine, http: HttpCompanyProvider, report: EnrichmentReport) -> None:
    """The API's call counters and breaker, in the report and in `ops_counters` (the metrics endpoint reads it)."""
    report.http_stats = dict(http.stats)
    report.rate_limit_waited_s = round(http.bucket.waited_s, 3)
    breaker = http.breaker
    if breaker is None:
        return
    report.breaker_state, report.breaker_times_opened = breaker.state, breaker.times_opened
    with engine.begin() as conn:
        record_provider_stats(conn, http.name, http.stats, breaker.state, breaker.times_opened)

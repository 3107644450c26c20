"""Counters produced inside a run reach the metrics: an enrichment run against the fake company API leaves its
requests, retries, 429 answers, failed lookups and breaker state in `ops_counters`, and the collector exports them
as per-provider series."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import dagster as dg
import pytest
import sqlalchemy as sa

from hirehound.db.engine import get_engine
from hirehound.ops.collector import HirehoundCollector
from hirehound_assets.organizations.enriched_organizations import enriched_organizations
from hirehound_assets.organizations.organizations import organizations
from hirehound_assets.partitions import instance_with_scrape_dates
from resources.embedding_model import EmbeddingModelResource
from resources.enrichment_providers import EnrichmentProviderResource
from tests.fake_company_api import FakeCompanyApi
from tests.integration.org_fixtures import insert_postings, posting

pytestmark = pytest.mark.integration
DAY = "2026-11-20"
ROWS = [
    posting("indeed", "1", "Acme Corp", company_url="https://ok.com"),
    posting("indeed", "2", "Slow Corp", company_url="https://limited.com"),
    posting("indeed", "3", "Down Corp", company_url="https://down.com"),
]


@pytest.fixture()
def api() -> Iterator[FakeCompanyApi]:
    server = FakeCompanyApi().start()
    yield server
    server.stop()


def test_provider_counters_from_the_run_reach_the_metrics(database: Any, engine: sa.Engine, db_url: str, api) -> None:  # type: ignore[no-untyped-def]
    insert_postings(engine, DAY, ROWS)
    provider = EnrichmentProviderResource(
        base_url=api.url, api_key="k", timeout_s=0.5, max_retries=1, backoff_base_s=0.01, breaker_failures=5
    )
    result = dg.materialize(
        [organizations, enriched_organizations],
        partition_key=DAY,
        resources={"database": database, "enrichment_provider": provider, "embedding_model": EmbeddingModelResource()},
        instance=instance_with_scrape_dates(DAY),
    )
    assert result.success
    stats = result.asset_materializations_for_node("enriched_organizations")[0].metadata["step3_http_stats"].value
    samples = {
        (s.name, tuple(sorted(s.labels.items()))): s.value
        for m in HirehoundCollector(lambda: get_engine(db_url), None).collect()
        for s in m.samples
    }
    labels = (("provider", "http"),)
    assert stats["rate_limited"] >= 1  # limited.com answers 429 first
    assert samples[("hirehound_enrichment_requests_total", labels)] == stats["requests"]
    assert samples[("hirehound_enrichment_retries_total", labels)] == stats["retries"] >= 1
    assert samples[("hirehound_enrichment_rate_limited_total", labels)] == stats["rate_limited"]
    assert samples[("hirehound_enrichment_failed_lookups_total", labels)] == stats["failed"] >= 1
    assert samples[("hirehound_enrichment_breaker_open", labels)] == 0

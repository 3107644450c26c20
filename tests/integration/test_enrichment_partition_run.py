"""Enriching a partition's organizations through the plain function, without Dagster: what each step did is in
the report, an API failure costs one organization, and a re-run changes nothing and embeds nothing."""

from __future__ import annotations

import logging
from typing import Any

import numpy as np
import pytest
import sqlalchemy as sa

from hirehound.organizations.enrichment.offline_provider import OfflineProvider
from hirehound.organizations.enrichment.partition_enrichment import enrich_partition
from hirehound.organizations.enrichment.resilience import CircuitBreaker
from hirehound.organizations.partition_matching import match_partition
from tests.integration.org_fixtures import insert_postings, posting

pytestmark = pytest.mark.integration

DAY = "2026-11-20"
LOG = logging.getLogger("test")
ROWS = [
    posting("indeed", "1", "Roadrunner Bank", company_url="https://roadrunner.com/careers"),
    posting("indeed", "2", "Hospital Nine", description="Registered nurse for our hospital: patient care, clinic."),
    posting("indeed", "3", "Down Corp", company_url="https://down.com"),
    posting("indeed", "4", "Confidential"),
]


class Encoder:
    """A deterministic 384-d encoder that counts the texts it was asked for."""

    model_id = "test-encoder"

    def __init__(self) -> None:
        self.calls = 0

    def encode(self, texts: list[str]) -> np.ndarray:
        self.calls += len(texts)
        out = np.zeros((len(texts), 384), dtype=np.float32)
        for i, text in enumerate(texts):
            out[i, hash(text) % 384] = 1.0
        return out


class Bucket:
    waited_s = 0.25


class Api:
    """Knows roadrunner.com; every other domain times out."""

    name = "fake"

    def __init__(self) -> None:
        self.stats = {"requests": 0}
        self.bucket = Bucket()
        self.breaker = CircuitBreaker()

    def lookup(self, domain: str) -> list[Any]:
        self.stats["requests"] += 1
        if domain != "roadrunner.com":
            raise TimeoutError(f"{domain} timed out")
        return []


def test_report_counts_steps_and_a_rerun_changes_nothing(engine: sa.Engine) -> None:
    insert_postings(engine, DAY, ROWS)
    assert not match_partition(engine, DAY, "run-0").failures
    encoder, api = Encoder(), Api()
    report = enrich_partition(
        engine,
        DAY,
        "run-1",
        offline=OfflineProvider(),
        http=api,
        encoder=encoder,
        log=LOG,
        chunk=2,  # type: ignore[arg-type]
    )
    assert report.organizations == 3  # the confidential employer is not enriched
    assert report.embeddings_computed == 3 and report.changed == 3 and encoder.calls == 3
    assert report.http_configured and report.http_attempted == 2  # Hospital Nine has no domain to ask about
    assert [(f.stage, f.error_class) for f in report.failures] == [("http_enrichment", "TimeoutError")]
    assert report.http_failure_rate == pytest.approx(0.5)
    assert report.http_stats == {"requests": 2} and report.rate_limit_waited_s == 0.25
    assert report.breaker_state == "closed"
    with engine.connect() as conn:
        embedded = conn.execute(sa.text("SELECT count(*) FROM organization_embeddings")).scalar_one()
        counters = conn.execute(sa.text("SELECT count(*) FROM ops_counters")).scalar_one()
    assert embedded == 3 and counters > 0  # provider and cache counters reach the metrics table

    again = enrich_partition(engine, DAY, "run-2", offline=OfflineProvider(), http=None, encoder=encoder, log=LOG)
    assert (again.changed, again.embeddings_computed, again.embeddings_reused) == (0, 0, 3)
    assert not again.http_configured and again.breaker_state == "not configured" and not again.failures

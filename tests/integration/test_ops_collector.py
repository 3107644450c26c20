"""The metrics collector: counters from run processes add up, a scrape reads each source at most once per cache
period, the number of SQL statements a refresh costs does not grow with the data, and one broken source is
reported as down without hiding the others."""

from __future__ import annotations

from typing import Any

import dagster as dg
import pytest
import sqlalchemy as sa
from prometheus_client.core import Metric

import hirehound.ops.collector as collector_module
from hirehound.db.engine import get_engine
from hirehound.ops.collector import HirehoundCollector
from hirehound.ops.counters import record_cache_stats, record_provider_stats

pytestmark = pytest.mark.integration


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def _samples(metrics: list[Metric]) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    return {(s.name, tuple(sorted(s.labels.items()))): s.value for m in metrics for s in m.samples}


def test_run_process_counters_add_up_and_the_breaker_state_is_current(engine: sa.Engine, db_url: str) -> None:
    with engine.begin() as conn:
        record_provider_stats(conn, "http", {"requests": 5, "retries": 2, "rate_limited": 1}, "open", 1)
        record_provider_stats(conn, "http", {"requests": 3, "retries": 0, "rate_limited": 0}, "closed", 0)
        record_cache_stats(conn, "posting_embeddings", hits=40, misses=10)
    collector = HirehoundCollector(lambda: get_engine(db_url), None)
    samples = _samples(list(collector.collect()))
    provider = (("provider", "http"),)
    assert samples[("hirehound_enrichment_requests_total", provider)] == 8
    assert samples[("hirehound_enrichment_retries_total", provider)] == 2
    assert samples[("hirehound_enrichment_rate_limited_total", provider)] == 1
    assert samples[("hirehound_enrichment_breaker_open", provider)] == 0  # closed again at the last step
    assert samples[("hirehound_embedding_cache_hits_total", (("asset", "posting_embeddings"),))] == 40
    assert samples[("hirehound_embedding_cache_misses_total", (("asset", "posting_embeddings"),))] == 10


def test_scrapes_within_the_cache_period_read_once_and_queries_do_not_grow_with_data(
    engine: sa.Engine, db_url: str
) -> None:
    statements: list[str] = []

    def count(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        statements.append(statement)

    clock = Clock()
    instance = dg.DagsterInstance.ephemeral()
    collector = HirehoundCollector(lambda: get_engine(db_url), lambda: instance, cache_s=5, clock=clock)
    sa.event.listen(engine, "before_cursor_execute", count)
    try:
        list(collector.collect())
        first = len(statements)
        for _ in range(10):
            list(collector.collect())
        assert collector.reads == 1 and len(statements) == first
        with engine.begin() as conn:  # much more data: the same statements
            conn.execute(
                sa.text(
                    "INSERT INTO failure_ledger (asset, partition_key, item_key, stage, error_class, message) "
                    "SELECT 'posting_skills', '2026-11-20', 'p' || i, 'skills', 'E' || (i % 7), 'm' "
                    "FROM generate_series(1, 5000) i"
                )
            )
            conn.execute(
                sa.text(
                    "INSERT INTO step_progress (run_id, asset, partition_key, processed, total, failed, state) "
                    "SELECT 'r' || i, 'posting_skills', '2026-11-20', 10, 10, 1, 'done' FROM generate_series(1, 3000) i"
                )
            )
        statements.clear()
        clock.now += 5
        samples = _samples(list(collector.collect()))
        assert collector.reads == 2 and len(statements) == first, statements
    finally:
        sa.event.remove(engine, "before_cursor_execute", count)
    assert sum(v for (n, _), v in samples.items() if n == "hirehound_failure_ledger_open") == 5000
    assert samples[("hirehound_items_failed_total", (("asset", "posting_skills"),))] == 3000
    assert samples[("hirehound_step_duration_seconds_count", (("asset", "posting_skills"),))] == 3000


def test_a_broken_source_is_reported_down_and_the_others_still_export(
    db_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(conn: Any) -> list[Metric]:
        raise RuntimeError("relation does not exist")

    monkeypatch.setitem(collector_module.APP_SOURCES, "ledger", broken)
    samples = _samples(list(HirehoundCollector(lambda: get_engine(db_url), None).collect()))
    assert samples[("hirehound_metrics_source_up", (("source", "ledger"),))] == 0
    assert samples[("hirehound_metrics_source_up", (("source", "progress"),))] == 1
    assert samples[("hirehound_metrics_source_up", (("source", "runs"),))] == 0  # no Dagster instance given
    assert ("hirehound_database_size_bytes", ()) in samples

"""Counters and gauges that run processes hand to the metrics endpoint through the `ops_counters` table.

Runs are separate, short-lived processes (and may run on other machines), so what they count in memory (HTTP
retries, 429 answers, embedding-cache hits, the circuit breaker's state) is added here at the end of a step. The
table was chosen over prometheus_client's multiprocess mode because it survives restarts, needs no shared
directory between the daemon, the UI and the metrics endpoint, and is readable with SQL.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.engine import Connection

ADD = sa.text(
    """
    INSERT INTO ops_counters (metric, labels, kind, value) VALUES (:metric, :labels, 'counter', :value)
    ON CONFLICT (metric, labels) DO UPDATE SET value = ops_counters.value + EXCLUDED.value, updated_at = now()
    """
)
SET = sa.text(
    """
    INSERT INTO ops_counters (metric, labels, kind, value) VALUES (:metric, :labels, 'gauge', :value)
    ON CONFLICT (metric, labels) DO UPDATE SET value = EXCLUDED.value, updated_at = now()
    """
)


def _labels(labels: Mapping[str, str]) -> str:
    return json.dumps(dict(labels), sort_keys=True, separators=(",", ":"))


def add(conn: Connection, metric: str, labels: Mapping[str, str], value: float) -> None:
    """Add `value` (>= 0) to a counter; zero adds nothing but makes the series exist."""
    if value < 0:
        raise ValueError(f"counter {metric} cannot decrease (got {value})")
    conn.execute(ADD, {"metric": metric, "labels": _labels(labels), "value": float(value)})


def set_gauge(conn: Connection, metric: str, labels: Mapping[str, str], value: float) -> None:
    conn.execute(SET, {"metric": metric, "labels": _labels(labels), "value": float(value)})


@dataclass(frozen=True)
class Sample:
    metric: str
    labels: dict[str, str]
    kind: str
    value: float


def read_all(conn: Connection) -> list[Sample]:
    rows = conn.execute(sa.text("SELECT metric, labels, kind, value FROM ops_counters ORDER BY metric, labels"))
    return [Sample(r.metric, json.loads(r.labels), r.kind, float(r.value)) for r in rows]


def record_provider_stats(
    conn: Connection, provider: str, stats: Mapping[str, int], breaker_state: str | None, times_opened: int
) -> None:
    """An enrichment provider's calls, retries, 429s and failures of one step, and its breaker's state now."""
    labels = {"provider": provider}
    for key, metric in (
        ("requests", "enrichment_requests"),
        ("retries", "enrichment_retries"),
        ("rate_limited", "enrichment_rate_limited"),
        ("failed", "enrichment_failed_lookups"),
    ):
        add(conn, metric, labels, stats.get(key, 0))
    add(conn, "enrichment_breaker_opened", labels, times_opened)
    if breaker_state is not None:
        set_gauge(conn, "enrichment_breaker_open", labels, 1.0 if breaker_state == "open" else 0.0)


def record_cache_stats(conn: Connection, asset: str, hits: int, misses: int) -> None:
    """Distinct texts an asset found in the embedding cache (hits) or had to encode (misses)."""
    add(conn, "embedding_cache_hits", {"asset": asset}, hits)
    add(conn, "embedding_cache_misses", {"asset": asset}, misses)


def record_revalidation_outcomes(conn: Connection, outcomes: Mapping[str, int]) -> None:
    """URL revalidation requests of one run by outcome (alive, gone, closed, blocked, error)."""
    for outcome, count in outcomes.items():
        add(conn, "revalidation_requests", {"outcome": outcome}, count)

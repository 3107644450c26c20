"""The metrics endpoint's collector: every source read at most once per cache period, whatever the scrape rate.

Each source is read on its own; one that fails (a table missing, Dagster unreachable) is reported through
`hirehound_metrics_source_up{source}` = 0 instead of failing the whole scrape. The pipeline never waits on this:
the endpoint only reads, in short transactions, from its own process.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterator
from typing import Any

from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.registry import Collector
from sqlalchemy.engine import Engine

from hirehound.ops.app_metrics import APP_SOURCES
from hirehound.ops.dagster_metrics import DAGSTER_SOURCES

CACHE_S = 5.0
log = logging.getLogger(__name__)


class HirehoundCollector(Collector):
    def __init__(
        self,
        engine: Callable[[], Engine],
        instance: Callable[[], Any] | None,
        cache_s: float = CACHE_S,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._engine = engine
        self._instance = instance
        self.cache_s = cache_s
        self._clock = clock
        self._lock = threading.Lock()
        self._cached: list[Metric] = []
        self._cached_at: float | None = None
        self.reads = 0  # how many times the sources were really read (tests, and the scrape-cost measurement)

    def collect(self) -> Iterator[Metric]:
        with self._lock:  # concurrent scrapes share one read
            now = self._clock()
            if self._cached_at is None or now - self._cached_at >= self.cache_s:
                self._cached = self._read()
                self._cached_at = self._clock()
            yield from self._cached

    def _read(self) -> list[Metric]:
        self.reads += 1
        started = time.perf_counter()
        out: list[Metric] = []
        up = GaugeMetricFamily("hirehound_metrics_source_up", "1 when the source was read at the last refresh.",
                               labels=["source"])  # fmt: skip
        try:
            engine = self._engine()
        except Exception as exc:
            log.warning("metrics: database unavailable: %s", type(exc).__name__)
            engine = None
        for name, source in APP_SOURCES.items():
            ok = False
            if engine is not None:
                try:
                    with engine.connect() as conn:
                        out.extend(source(conn))
                    ok = True
                except Exception as exc:
                    log.warning("metrics: source %s failed: %s: %s", name, type(exc).__name__, str(exc)[:200])
            up.add_metric([name], 1.0 if ok else 0.0)
        instance = None
        if self._instance is not None:
            try:
                instance = self._instance()
            except Exception as exc:
                log.warning("metrics: Dagster instance unavailable: %s", type(exc).__name__)
        for name, dagster_source in DAGSTER_SOURCES.items():
            ok = False
            if instance is not None:
                try:
                    out.extend(dagster_source(instance))
                    ok = True
                except Exception as exc:
                    log.warning("metrics: source %s failed: %s: %s", name, type(exc).__name__, str(exc)[:200])
            up.add_metric([name], 1.0 if ok else 0.0)
        out.append(up)
        seconds = GaugeMetricFamily("hirehound_metrics_refresh_seconds", "Time the last refresh of all sources took.")
        seconds.add_metric([], time.perf_counter() - started)
        out.append(seconds)
        return out

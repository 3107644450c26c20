"""Small builders for Prometheus metric families from SQL rows, shared by the metrics sources."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, HistogramMetricFamily, Metric

DURATION_BUCKETS: tuple[float, ...] = (1, 5, 10, 30, 60, 120, 300, 600, 1800, 3600, 7200)


def gauge(name: str, doc: str, labels: Sequence[str], rows: Iterable[Sequence[object]]) -> Metric:
    """One gauge sample per row: the label values, then the value."""
    family = GaugeMetricFamily(name, doc, labels=list(labels))
    for row in rows:
        family.add_metric([str(v) for v in row[:-1]], float(row[-1] or 0))  # type: ignore[arg-type]
    return family


def counter(name: str, doc: str, labels: Sequence[str], rows: Iterable[Sequence[object]]) -> Metric:
    family = CounterMetricFamily(name, doc, labels=list(labels))
    for row in rows:
        family.add_metric([str(v) for v in row[:-1]], float(row[-1] or 0))  # type: ignore[arg-type]
    return family


def histogram(
    name: str, doc: str, label: str, durations: dict[str, list[float]], buckets: Sequence[float] = DURATION_BUCKETS
) -> Metric:
    """A histogram per label value from raw durations (seconds)."""
    family = HistogramMetricFamily(name, doc, labels=[label])
    for value, seconds in sorted(durations.items()):
        cumulative = [(_le(b), float(sum(1 for s in seconds if s <= b))) for b in buckets]
        cumulative.append(("+Inf", float(len(seconds))))
        family.add_metric([value], cumulative, sum_value=float(sum(seconds)))
    return family


def _le(bound: float) -> str:
    return f"{bound:g}" if bound != int(bound) else f"{int(bound)}.0"

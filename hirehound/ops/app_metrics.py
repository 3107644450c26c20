"""The pipeline's metrics read from Hirehound's own tables: items processed and failed per asset, step durations,
open failures and incidents, dead letters, provider counters, revalidation outcomes, postings by fate, the latest
day each asset holds, and the database's size and connections.

Every query is an aggregate over an index or a small table, so a scrape costs a bounded number of queries.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from prometheus_client.core import Metric
from sqlalchemy.engine import Connection

from hirehound.maintenance.status import table_statuses
from hirehound.ops.counters import read_all
from hirehound.ops.metric_families import counter, gauge, histogram

PREFIX = "hirehound_"
# Step durations come from finished steps of this recent window, so the query stays bounded on a long history.
DURATION_WINDOW = "30 days"
STALL_AFTER_S = 300


def _rows(conn: Connection, sql: str) -> list[Any]:
    return list(conn.execute(sa.text(sql)).all())


def progress_metrics(conn: Connection) -> list[Metric]:
    totals = _rows(conn, "SELECT asset, sum(processed), sum(failed) FROM step_progress GROUP BY asset ORDER BY asset")
    running = _rows(
        conn,
        "SELECT asset, partition_key, processed, coalesce(total, 0), "
        "extract(epoch FROM now() - updated_at) FROM step_progress WHERE state = 'running' ORDER BY asset",
    )
    durations: dict[str, list[float]] = defaultdict(list)
    for asset, seconds in conn.execute(
        sa.text(
            "SELECT asset, extract(epoch FROM updated_at - started_at) FROM step_progress "
            f"WHERE state = 'done' AND updated_at > now() - interval '{DURATION_WINDOW}'"
        )
    ):
        durations[str(asset)].append(float(seconds))
    live = [r for r in running if float(r[4]) < STALL_AFTER_S]
    return [
        counter(PREFIX + "items_processed", "Items handled by pipeline steps (failed ones included).", ["asset"],
                [(a, p) for a, p, _ in totals]),
        counter(PREFIX + "items_failed", "Items pipeline steps could not handle.", ["asset"],
                [(a, f) for a, _, f in totals]),
        histogram(PREFIX + "step_duration_seconds",
                  f"Duration of finished pipeline steps (last {DURATION_WINDOW}).", "asset", durations),
        gauge(PREFIX + "step_running_processed", "Items processed so far by a running step.", ["asset", "partition"],
              [(r[0], r[1], r[2]) for r in live]),
        gauge(PREFIX + "step_running_total", "Items a running step has to handle (0: not known yet).",
              ["asset", "partition"], [(r[0], r[1], r[3]) for r in live]),
        gauge(PREFIX + "steps_stalled", f"Steps in state running with no progress for {STALL_AFTER_S}s "
              "(killed, or stuck).", ["asset"], _count_by_asset([r for r in running if float(r[4]) >= STALL_AFTER_S])),
    ]  # fmt: skip


def _count_by_asset(rows: list[Any]) -> list[tuple[str, int]]:
    counts: dict[str, int] = defaultdict(int)
    for r in rows:
        counts[str(r[0])] += 1
    return sorted(counts.items())


def ledger_metrics(conn: Connection) -> list[Metric]:
    return [
        gauge(PREFIX + "failure_ledger_open", "Unresolved item failures in the failure ledger.", ["asset", "reason"],
              _rows(conn, "SELECT asset, error_class, count(*) FROM failure_ledger WHERE NOT resolved "
                          "GROUP BY asset, error_class ORDER BY 1, 2")),
        gauge(PREFIX + "incidents_open", "Open pipeline incidents (failed runs not yet fixed by a later run).",
              ["job"], _rows(conn, "SELECT job_name, count(*) FROM pipeline_incidents WHERE status = 'open' "
                                   "GROUP BY job_name ORDER BY 1")),
        gauge(PREFIX + "check_alerts_open", "Open alerts for failed ERROR-severity asset checks.",
              ["asset", "check"], _rows(conn, "SELECT asset, check_name, count(*) FROM check_alerts "
                                              "WHERE status = 'open' GROUP BY 1, 2 ORDER BY 1, 2")),
        gauge(PREFIX + "quarantined_files", "Scrape files quarantined as unreadable (the dead letters).", [],
              _rows(conn, "SELECT count(*) FROM scrape_files WHERE status = 'quarantined'")),
    ]  # fmt: skip


def counter_table_metrics(conn: Connection) -> list[Metric]:
    """What run processes counted (`ops_counters`): one family per metric name."""
    families: dict[str, Metric] = {}
    for sample in read_all(conn):
        names = sorted(sample.labels)
        key = PREFIX + sample.metric
        if key not in families:
            build = counter if sample.kind == "counter" else gauge
            families[key] = build(key, f"{sample.metric.replace('_', ' ')} (reported by run processes)", names, [])
        families[key].add_metric([sample.labels[n] for n in names], sample.value)  # type: ignore[attr-defined]
    return list(families.values())


def catalogue_metrics(conn: Connection) -> list[Metric]:
    spam = _rows(
        conn,
        "SELECT count(*) FROM postings p JOIN spam_scores s ON s.posting_id = p.posting_id "
        "AND s.partition_date = p.latest_partition WHERE s.is_spam",
    )
    latest = [(s.asset, _epoch(s.latest_partition)) for s in table_statuses(conn) if s.latest_partition is not None]
    return [
        gauge(PREFIX + "postings", "Postings by status (active, expired).", ["status"],
              _rows(conn, "SELECT status, count(*) FROM postings GROUP BY status ORDER BY 1")),
        gauge(PREFIX + "postings_published", "Entries in the published catalogue.", [],
              _rows(conn, "SELECT count(*) FROM published_postings")),
        gauge(PREFIX + "postings_spam", "Postings whose current spam score says spam.", [], spam),
        gauge(PREFIX + "revalidation_postings", "Postings by the outcome of their latest URL revalidation.",
              ["outcome"], _rows(conn, "SELECT outcome, count(*) FROM posting_url_checks GROUP BY 1 ORDER BY 1")),
        gauge(PREFIX + "latest_partition_timestamp_seconds",
              "Start (UTC midnight) of the newest scrape date each asset holds.", ["asset"], latest),
    ]  # fmt: skip


def _epoch(day: str) -> float:
    return datetime.fromisoformat(day[:10]).replace(tzinfo=UTC).timestamp()


def database_metrics(conn: Connection) -> list[Metric]:
    return [
        gauge(PREFIX + "database_size_bytes", "Size of Hirehound's database.", [],
              _rows(conn, "SELECT pg_database_size(current_database())")),
        gauge(PREFIX + "database_connections", "Connections to Hirehound's database by state.", ["state"],
              _rows(conn, "SELECT coalesce(state, 'background'), count(*) FROM pg_stat_activity "
                          "WHERE datname = current_database() GROUP BY 1 ORDER BY 1")),
    ]  # fmt: skip


APP_SOURCES = {
    "progress": progress_metrics,
    "ledger": ledger_metrics,
    "counters": counter_table_metrics,
    "catalogue": catalogue_metrics,
    "database": database_metrics,
}

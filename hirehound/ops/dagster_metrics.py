"""The pipeline's metrics read from the Dagster instance: runs by job and status (queued runs are the queue), run
durations, and how long ago each daemon last reported.

Runs are counted with one aggregate over Dagster's run table (through the instance's own run storage, so it
works on PostgreSQL and SQLite alike) instead of listing runs, so a scrape costs the same on a long history.
"""

from __future__ import annotations

import time
from collections import defaultdict
from typing import Any

import dagster as dg
import sqlalchemy as sa
from prometheus_client.core import Metric

from hirehound.ops.metric_families import counter, gauge, histogram

PREFIX = "hirehound_"
FINISHED = ("SUCCESS", "FAILURE", "CANCELED")


def _runs_table() -> Any:
    from dagster._core.storage.runs.schema import RunsTable  # no public aggregate API exists for run counts

    return RunsTable


def run_metrics(instance: dg.DagsterInstance) -> list[Metric]:
    runs = _runs_table()
    storage: Any = instance.run_storage
    with storage.connect() as conn:
        counts = conn.execute(
            sa.select(runs.c.pipeline_name, runs.c.status, sa.func.count()).group_by(
                runs.c.pipeline_name, runs.c.status
            )
        ).all()
        finished = conn.execute(
            sa.select(runs.c.pipeline_name, runs.c.end_time - runs.c.start_time).where(
                runs.c.status.in_(FINISHED), runs.c.start_time.isnot(None), runs.c.end_time.isnot(None)
            )
        ).all()
    durations: dict[str, list[float]] = defaultdict(list)
    for job, seconds in finished:
        durations[str(job)].append(max(float(seconds), 0.0))
    done = [(j, s, n) for j, s, n in counts if s in FINISHED]
    active = [(j, s, n) for j, s, n in counts if s not in FINISHED]
    queued = sum(n for _, s, n in counts if s == "QUEUED")
    return [
        counter(PREFIX + "runs", "Finished Dagster runs by job and status.", ["job", "status"], sorted(done)),
        gauge(PREFIX + "runs_active", "Runs not finished yet by job and status (QUEUED, STARTING, STARTED, ...).",
              ["job", "status"], sorted(active)),
        gauge(PREFIX + "run_queue_depth", "Runs waiting in the run queue.", [], [(queued,)]),
        histogram(PREFIX + "run_duration_seconds", "Duration of finished runs by job.", "job", durations),
    ]  # fmt: skip


def daemon_metrics(instance: dg.DagsterInstance, now: float | None = None) -> list[Metric]:
    now = time.time() if now is None else now
    beats = instance.get_daemon_heartbeats()
    rows = sorted((kind, max(now - beat.timestamp, 0.0)) for kind, beat in beats.items())
    return [
        gauge(PREFIX + "daemon_heartbeat_age_seconds", "Seconds since each Dagster daemon last reported.",
              ["daemon"], rows),
    ]  # fmt: skip


DAGSTER_SOURCES = {"runs": run_metrics, "daemons": daemon_metrics}

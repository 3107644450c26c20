"""Shared benchmark plumbing: a throwaway embedded Postgres, demo data, and the daily job run in-process."""

from __future__ import annotations

import os
import shutil
import tempfile
import time
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import dagster as dg

from hirehound_assets.partitions import instance_with_scrape_dates


@dataclass
class BenchEnv:
    root: Path
    landing: Path
    truth: Path
    database_url: str


@contextmanager
def bench_environment(prefix: str = "hhbench", keep: Path | None = None) -> Iterator[BenchEnv]:
    """A fresh embedded Postgres and landing folder; the environment points Hirehound at them.

    With `keep`, the server's data lives in that folder and is left there (stopped) afterwards, so a benchmark
    whose data takes minutes to load can be re-run against it.
    """
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        import pgserver

    from sqlalchemy.engine import make_url

    from hirehound.db.engine import dispose_engines
    from hirehound.db.urls import render, with_driver

    root = Path(tempfile.mkdtemp(prefix=prefix, dir="/tmp")) if keep is None else keep
    root.mkdir(parents=True, exist_ok=True)
    from hirehound.db.embedded_server import tune

    server = pgserver.get_server(root / "pgdata", cleanup_mode="stop")
    tune(server, root / "pgdata")  # the memory settings `make run` gives its embedded server
    url = render(with_driver(make_url(server.get_uri()).set(database="hirehound"), "psycopg"))
    saved = {k: os.environ.get(k) for k in ("HIREHOUND_DATABASE_URL", "HIREHOUND_LANDING_DIR", "HIREHOUND_HOME")}
    os.environ.update(
        HIREHOUND_DATABASE_URL=url,
        HIREHOUND_LANDING_DIR=str(root / "landing"),
        HIREHOUND_HOME=str(root / "state"),
        HF_HUB_OFFLINE="1",
    )
    try:
        yield BenchEnv(root, root / "landing", root / "ground_truth.jsonl", url)
    finally:
        dispose_engines()
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
        server.cleanup()
        if keep is None:
            shutil.rmtree(root, ignore_errors=True)


@dataclass
class JobTiming:
    seconds: float
    steps: dict[str, float]
    success: bool


def run_daily_job(partition_key: str) -> JobTiming:
    """Run `daily_pipeline_job` for one partition in this process, with per-step wall times."""
    from hirehound_assets.definitions import defs

    job = defs.resolve_job_def("daily_pipeline_job")
    instance = dg.DagsterInstance.ephemeral()
    started = time.perf_counter()
    result = job.execute_in_process(
        partition_key=partition_key,
        instance=instance_with_scrape_dates(partition_key, instance=instance),
        raise_on_error=False,
    )
    seconds = time.perf_counter() - started
    steps = {
        stat.step_key: (stat.end_time or 0) - (stat.start_time or 0)
        for stat in instance.get_run_step_stats(result.run_id)
        if stat.start_time is not None
    }
    return JobTiming(seconds, steps, result.success)

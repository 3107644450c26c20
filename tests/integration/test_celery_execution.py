"""The daily job on Celery workers: Redis and two `hirehound worker` processes, each pinned to its own core, run
the demo week; steps run on both workers and every table equals the in-process run's."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

import dagster as dg
import pytest
import sqlalchemy as sa
from sqlalchemy.engine import URL

from hirehound import config
from hirehound.db.engine import dispose_engines, ensure_database
from hirehound.db.urls import render, with_driver
from hirehound.demo import generate_scrapes
from tests.integration.celery_cluster import ROOT, local_cluster, redis_available
from tests.integration.pipeline_days import failed_steps, run_days
from tests.integration.table_dump import differing_tables, dump_tables

pytestmark = [
    pytest.mark.integration,
    pytest.mark.slow,
    pytest.mark.skipif(not redis_available(), reason="redis-server is not installed (the Makefile's `redis` target)"),
]

START = date(2026, 11, 18)
DAYS = 7
PER_DAY = 30


def fresh_database(pg_server: URL, name: str) -> str:
    admin = sa.create_engine(render(with_driver(pg_server, "psycopg")), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        conn.execute(sa.text(f'CREATE DATABASE "{name}" TEMPLATE "hh_template"'))
    admin.dispose()
    return render(with_driver(pg_server.set(database=name), "psycopg"))


def celery_environment(pg_server: URL, tmp_path: Path, landing: Path, app_url: str) -> dict[str, str]:
    """What the orchestrating process and the workers share: the databases, the landing zone, the executor."""
    dagster_url = with_driver(pg_server.set(database=f"dagster_{os.getpid()}_{tmp_path.name[-8:]}"), "psycopg2")
    ensure_database(dagster_url)
    dagster_home = tmp_path / "dagster_home"
    dagster_home.mkdir()
    shutil.copyfile(config.project_root() / "dagster.yaml", dagster_home / "dagster.yaml")
    return {
        "HIREHOUND_DATABASE_URL": app_url,
        "HIREHOUND_DAGSTER_DATABASE_URL": render(dagster_url),
        "HIREHOUND_DAGSTER_PG_URL": render(dagster_url),
        "HIREHOUND_LANDING_DIR": str(landing),
        "HIREHOUND_HOME": str(tmp_path / "state"),
        "DAGSTER_HOME": str(dagster_home),
    }


def run_on_cluster(env: dict[str, str], broker: str, keys: list[str]) -> dict[str, list[object]]:
    python_path = os.pathsep.join(p for p in (str(ROOT), os.environ.get("PYTHONPATH", "")) if p)
    full = {**os.environ, **env, "PYTHONPATH": python_path, "HIREHOUND_EXECUTOR": "celery"}
    full["HIREHOUND_CELERY_BROKER_URL"] = broker
    done = subprocess.run(
        [sys.executable, "-m", "tests.integration.celery_days", *keys],
        env=full,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=1500,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-4000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def workers_of_steps(env: dict[str, str], run_ids: list[str]) -> dict[str, set[str]]:
    """worker name -> step keys it executed, from the engine events dagster-celery writes in the worker."""
    saved = {k: os.environ.get(k) for k in env}
    os.environ.update(env)
    try:
        with dg.DagsterInstance.get() as instance:
            out: dict[str, set[str]] = {}
            for run_id in run_ids:
                for record in instance.all_logs(run_id, of_type=dg.DagsterEventType.ENGINE_EVENT):
                    event = record.dagster_event
                    data = getattr(event, "engine_event_data", None) if event is not None else None
                    metadata = getattr(data, "metadata", None) or {}
                    worker = metadata.get("Celery worker")
                    if worker is not None and record.step_key:
                        out.setdefault(str(worker.value).split("@")[0], set()).add(record.step_key)
            return out
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def test_demo_week_on_two_workers_equals_in_process_run(
    pg_server: URL, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    landing = tmp_path / "landing"
    generate_scrapes(landing, days=DAYS, per_day=PER_DAY, seed=42, start=START)
    keys = [(START + timedelta(days=d)).isoformat() for d in range(DAYS)]

    in_process_url = fresh_database(pg_server, f"celery_a_{os.getpid()}")
    monkeypatch.setenv("HIREHOUND_DATABASE_URL", in_process_url)
    results = run_days(landing, keys, monkeypatch)
    assert all(r.success for r in results), [failed_steps(r) for r in results]
    dispose_engines()

    celery_url = fresh_database(pg_server, f"celery_b_{os.getpid()}")
    env = celery_environment(pg_server, tmp_path, landing, celery_url)
    with local_cluster(tmp_path / "cluster", workers=2, extra=env) as cluster:
        runs = run_on_cluster(env, cluster.redis.url, keys)
    assert all(success for _, success, _ in runs.values()), runs

    by_worker = workers_of_steps(env, [str(run_id) for run_id, _, _ in runs.values()])
    assert set(by_worker) == {"w1", "w2"}, by_worker
    assert differing_tables(dump_tables(in_process_url), dump_tables(celery_url)) == {}

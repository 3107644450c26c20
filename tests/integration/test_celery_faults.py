"""Faults on Celery workers (issue 17): a worker SIGKILLed mid-step loses nothing (its task is redelivered to the
other worker and the tables equal an uninterrupted run's), and a worker with other code refuses the run's steps."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy.engine import URL

from hirehound.db.engine import dispose_engines
from hirehound.demo import generate_scrapes
from tests.integration.celery_cluster import ROOT, local_cluster, redis_available
from tests.integration.pipeline_days import failed_steps, run_days
from tests.integration.table_dump import differing_tables, dump_tables
from tests.integration.test_celery_execution import START, celery_environment, fresh_database, run_on_cluster

pytestmark = [
    pytest.mark.integration,
    pytest.mark.slow,
    pytest.mark.skipif(not redis_available(), reason="redis-server is not installed (the Makefile's `redis` target)"),
]

# Short enough for a test to wait out, longer than any step of these small days takes on a loaded machine.
VISIBILITY_TIMEOUT_S = "90"
KILL_IN_STEP = 'Started execution of step "posting_embeddings.embed_text_chunk['


def test_a_worker_killed_mid_step_loses_nothing(
    pg_server: URL, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    landing = tmp_path / "landing"
    generate_scrapes(landing, days=2, per_day=30, seed=7, start=START)
    keys = [(START + timedelta(days=d)).isoformat() for d in range(2)]

    reference_url = fresh_database(pg_server, f"celery_kill_a_{os.getpid()}")
    monkeypatch.setenv("HIREHOUND_DATABASE_URL", reference_url)
    results = run_days(landing, keys, monkeypatch)
    assert all(r.success for r in results), [failed_steps(r) for r in results]
    dispose_engines()

    url = fresh_database(pg_server, f"celery_kill_b_{os.getpid()}")
    env = celery_environment(pg_server, tmp_path, landing, url)
    env["HIREHOUND_CELERY_VISIBILITY_TIMEOUT"] = VISIBILITY_TIMEOUT_S
    with local_cluster(tmp_path / "cluster", workers=2, extra=env) as cluster:
        python_path = os.pathsep.join(p for p in (str(ROOT), os.environ.get("PYTHONPATH", "")) if p)
        full = {**os.environ, **env, "PYTHONPATH": python_path, "HIREHOUND_EXECUTOR": "celery"}
        full["HIREHOUND_CELERY_BROKER_URL"] = cluster.redis.url
        runner = subprocess.Popen(
            [sys.executable, "-m", "tests.integration.celery_days", *keys],
            env=full,
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        victim = None
        deadline = time.monotonic() + 900
        while victim is None and time.monotonic() < deadline and runner.poll() is None:
            victim = next((w for w in cluster.workers if KILL_IN_STEP in w.log.read_text(errors="replace")), None)
            time.sleep(0.2)
        assert victim is not None, "no worker started the embedding step"
        victim.kill()  # the worker and its pool process, mid-step, without a chance to say so
        survivor = next(w for w in cluster.workers if w is not victim)
        out, err = runner.communicate(timeout=1500)
        assert runner.returncode == 0, err[-4000:]
        runs = json.loads(out.strip().splitlines()[-1])
        assert all(success for _, success, _ in runs.values()), runs
        assert KILL_IN_STEP in survivor.log.read_text(errors="replace")  # the step was redone by the other worker
    assert differing_tables(dump_tables(reference_url), dump_tables(url)) == {}


def test_a_worker_with_other_code_refuses_the_step(pg_server: URL, tmp_path: Path) -> None:
    landing = tmp_path / "landing"
    generate_scrapes(landing, days=1, per_day=10, seed=7, start=START)
    url = fresh_database(pg_server, f"celery_version_{os.getpid()}")
    env = celery_environment(pg_server, tmp_path, landing, url)
    stale = {**env, "HIREHOUND_CODE_VERSION": "stale-build"}
    with local_cluster(tmp_path / "cluster", workers=1, extra=stale) as cluster:
        runs = run_on_cluster(env, cluster.redis.url, [START.isoformat()])
    (_, success, why) = runs[START.isoformat()]
    assert not success
    assert "runs code version stale-build" in why, why
    assert "Started execution of step" not in cluster.workers[0].log.read_text(errors="replace")

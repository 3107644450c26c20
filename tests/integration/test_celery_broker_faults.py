"""Broker and queue faults on Celery workers (issue 17): Redis SIGKILLed mid-step and restarted, and a step on a
queue no worker takes. Each run either completes with the tables of an uninterrupted run, or fails visibly in
bounded time, naming the broker or the queue, and its re-execution from failure then completes with those tables.
"""

from __future__ import annotations

import contextlib
import json
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import dagster as dg
import pytest
from sqlalchemy.engine import URL

from hirehound.db.engine import dispose_engines
from hirehound.demo import generate_scrapes
from sensors.run_failures import incident_from_failure
from tests.integration.celery_cluster import (
    ROOT,
    Cluster,
    Worker,
    local_cluster,
    redis_available,
    start_worker,
    wait_ready,
)
from tests.integration.pipeline_days import failed_steps, run_days
from tests.integration.table_dump import differing_tables, dump_tables
from tests.integration.test_celery_execution import START, celery_environment, fresh_database

pytestmark = [
    pytest.mark.integration,
    pytest.mark.slow,
    pytest.mark.skipif(not redis_available(), reason="redis-server is not installed (the Makefile's `redis` target)"),
]

KEY = START.isoformat()
EMBEDDING_STARTED = 'Started execution of step "posting_embeddings.embed_text_chunk['  # the chunk's own step
# Bounds for the run worker's watch, short enough for a test, long enough for a loaded 2-core machine.
FAST_WATCH = {"HIREHOUND_CELERY_BROKER_OUTAGE_TIMEOUT": "60", "HIREHOUND_CELERY_NO_WORKER_TIMEOUT": "20"}
RUN_TIMEOUT_S = 600


@pytest.fixture(scope="module")
def reference(pg_server: URL, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict]:
    """One demo day's landing folder and the tables of its uninterrupted in-process run."""
    landing = tmp_path_factory.mktemp("broker_landing")
    generate_scrapes(landing, days=1, per_day=30, seed=11, start=START)
    url = fresh_database(pg_server, f"celery_broker_ref_{os.getpid()}")
    with pytest.MonkeyPatch.context() as monkeypatch:
        monkeypatch.setenv("HIREHOUND_DATABASE_URL", url)
        results = run_days(landing, [KEY], monkeypatch)
    assert all(r.success for r in results), [failed_steps(r) for r in results]
    dispose_engines()
    return landing, dump_tables(url)


def launch(env: dict[str, str], cluster: Cluster, *args: str) -> subprocess.Popen[str]:
    """The run worker: `celery_days` for a day (or `--from-failure RUN_ID`) on this cluster, in its own process."""
    python_path = os.pathsep.join(p for p in (str(ROOT), os.environ.get("PYTHONPATH", "")) if p)
    full = {**os.environ, **env, "PYTHONPATH": python_path, "HIREHOUND_EXECUTOR": "celery"}
    full["HIREHOUND_CELERY_BROKER_URL"] = cluster.redis.url
    argv = [sys.executable, "-m", "tests.integration.celery_days", *args]
    return subprocess.Popen(argv, env=full, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def outcome(runner: subprocess.Popen[str]) -> tuple[str, bool, str]:
    out, err = runner.communicate(timeout=RUN_TIMEOUT_S)
    assert runner.returncode == 0, err[-4000:]
    run_id, success, why = json.loads(out.strip().splitlines()[-1])[KEY]
    return str(run_id), bool(success), str(why)


def wait_for(worker: Worker, text: str, runner: subprocess.Popen[str]) -> None:
    deadline = time.monotonic() + RUN_TIMEOUT_S
    while text not in worker.log.read_text(errors="replace"):
        assert runner.poll() is None, f"the run ended before {text!r}: {runner.communicate()[1][-3000:]}"
        assert time.monotonic() < deadline, f"no {text!r} in {worker.name}'s log"
        time.sleep(0.2)


@contextlib.contextmanager
def instance_of(env: dict[str, str]) -> Iterator[dg.DagsterInstance]:
    """The cluster's Dagster instance (its storage is named by the environment the runs got)."""
    with pytest.MonkeyPatch.context() as monkeypatch:
        for name, value in env.items():
            monkeypatch.setenv(name, value)
        with dg.DagsterInstance.get() as instance:
            yield instance


def run_messages(instance: dg.DagsterInstance, run_id: str) -> str:
    return "\n".join(record.message or "" for record in instance.all_logs(run_id))


def incident_message(instance: dg.DagsterInstance, run_id: str) -> str:
    """What `pipeline_incident_sensor` would write to `pipeline_incidents` for this failed run."""
    run = instance.get_run_by_id(run_id)
    assert run is not None and run.status == dg.DagsterRunStatus.FAILURE, run
    failure = next(r for r in instance.all_logs(run_id, of_type=dg.DagsterEventType.RUN_FAILURE))
    assert failure.dagster_event is not None
    context = dg.build_run_status_sensor_context(
        sensor_name="pipeline_incident_sensor",
        dagster_event=failure.dagster_event,
        dagster_instance=instance,
        dagster_run=run,
    ).for_run_failure()
    return incident_from_failure(context).error_message or ""


def restart_broker_mid_step(cluster: Cluster, runner: subprocess.Popen[str], keep_data: bool) -> None:
    wait_for(cluster.workers[0], EMBEDDING_STARTED, runner)
    cluster.redis.kill()
    time.sleep(2)  # long enough for the run worker and the worker to notice, short of any timeout
    cluster.redis.persistent = keep_data
    cluster.redis.start()


def test_broker_restarted_with_its_data_mid_step_the_run_completes(
    pg_server: URL, tmp_path: Path, reference: tuple[Path, dict]
) -> None:
    """Redis as we run it (append-only file): the queued steps survive, the step running on the worker finishes
    and stores its result once the broker is back, and the run rides the outage out."""
    landing, tables = reference
    url = fresh_database(pg_server, f"celery_broker_aof_{os.getpid()}")
    env = {**celery_environment(pg_server, tmp_path, landing, url), **FAST_WATCH}
    with local_cluster(tmp_path / "cluster", workers=1, extra=env) as cluster:
        runner = launch(env, cluster, KEY)
        restart_broker_mid_step(cluster, runner, keep_data=True)
        run_id, success, why = outcome(runner)
    assert success, why
    with instance_of(env) as instance:
        messages = run_messages(instance, run_id)
    assert f"Celery broker {cluster.redis.url} unreachable" in messages
    assert f"Celery broker {cluster.redis.url} reachable again" in messages
    assert differing_tables(tables, dump_tables(url)) == {}


def test_broker_restarted_empty_the_run_fails_visibly_and_its_reexecution_completes(
    pg_server: URL, tmp_path: Path, reference: tuple[Path, dict]
) -> None:
    """Redis back without its data: the step queued behind the running one (enrichment) is gone. The run fails
    saying so, in bounded time; its re-execution from failure redoes what is missing."""
    landing, tables = reference
    url = fresh_database(pg_server, f"celery_broker_empty_{os.getpid()}")
    env = {**celery_environment(pg_server, tmp_path, landing, url), **FAST_WATCH}
    with local_cluster(tmp_path / "cluster", workers=1, extra=env) as cluster:
        runner = launch(env, cluster, KEY)
        restart_broker_mid_step(cluster, runner, keep_data=False)
        run_id, success, why = outcome(runner)
        assert not success
        assert f"was lost when the Celery broker {cluster.redis.url} restarted without its data" in why, why
        with instance_of(env) as instance:
            assert cluster.redis.url in incident_message(instance, run_id)
        _, again, why = outcome(launch(env, cluster, "--from-failure", run_id))
    assert again, why
    assert differing_tables(tables, dump_tables(url)) == {}


def test_a_broker_away_past_the_outage_timeout_fails_the_run_naming_it(
    pg_server: URL, tmp_path: Path, reference: tuple[Path, dict]
) -> None:
    """Redis killed and left down: the run fails once HIREHOUND_CELERY_BROKER_OUTAGE_TIMEOUT has passed (not
    STARTED for ever), saying which broker; with the broker back, its re-execution from failure completes."""
    landing, tables = reference
    url = fresh_database(pg_server, f"celery_broker_gone_{os.getpid()}")
    env = {**celery_environment(pg_server, tmp_path, landing, url), **FAST_WATCH}
    env["HIREHOUND_CELERY_BROKER_OUTAGE_TIMEOUT"] = "15"
    with local_cluster(tmp_path / "cluster", workers=1, extra=env) as cluster:
        runner = launch(env, cluster, KEY)
        wait_for(cluster.workers[0], EMBEDDING_STARTED, runner)
        cluster.redis.kill()
        run_id, success, why = outcome(runner)
        assert not success
        assert f"Celery broker {cluster.redis.url} unreachable for" in why, why
        assert "HIREHOUND_CELERY_BROKER_OUTAGE_TIMEOUT=15" in why, why
        with instance_of(env) as instance:
            assert cluster.redis.url in incident_message(instance, run_id)
        cluster.redis.start()
        _, again, why = outcome(launch(env, cluster, "--from-failure", run_id))
    assert again, why
    assert differing_tables(tables, dump_tables(url)) == {}


def test_a_step_on_a_queue_without_workers_is_reported_then_fails(
    pg_server: URL, tmp_path: Path, reference: tuple[Path, dict]
) -> None:
    """One worker on every queue but `enrichment`: the run says at once that no worker takes `enrichment`, fails
    that step after HIREHOUND_CELERY_NO_WORKER_TIMEOUT, and once a worker takes the queue, its re-execution
    completes. The task left in the queue is dropped by that worker: its run has ended."""
    landing, tables = reference
    url = fresh_database(pg_server, f"celery_noworker_{os.getpid()}")
    env = {**celery_environment(pg_server, tmp_path, landing, url), **FAST_WATCH}
    most = "ingestion,embeddings,posting_signals,dedup,publication,maintenance,dagster"
    with local_cluster(tmp_path / "cluster", workers=1, extra=env, queues=most) as cluster:
        run_id, success, why = outcome(launch(env, cluster, KEY))
        assert not success
        assert "enriched_organizations waited" in why and "`enrichment`, which no worker subscribes to" in why, why
        with instance_of(env) as instance:
            messages = run_messages(instance, run_id)
            assert "no worker subscribed to queue `enrichment`" in messages
            assert "hirehound worker --queues enrichment" in messages
            assert "`enrichment`" in incident_message(instance, run_id)
        late = start_worker("enricher", cluster.redis.url, cluster.logs, None, env, queues="enrichment")
        cluster.workers.append(late)
        wait_ready(late)
        _, again, why = outcome(launch(env, cluster, "--from-failure", run_id))
        assert again, why
        assert f"run {run_id} already ended" in late.log.read_text(errors="replace")
    assert differing_tables(tables, dump_tables(url)) == {}

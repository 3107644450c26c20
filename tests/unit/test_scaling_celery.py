"""Celery execution settings (issue 17): off by default, queues per concern, daily runs before backfills, and the
code version a worker compares with the run's."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from hirehound.pipeline.code_version import source_hash
from hirehound.scaling.settings import (
    BACKFILL_RUN_PRIORITY,
    DAILY_RUN_PRIORITY,
    QUEUES,
    RUN_PRIORITY_TAG,
    CelerySettings,
    ScalingConfigError,
    celery_config_source,
    celery_settings,
    embedded_database_refusal,
    executor_kind,
    parse_queues,
)

ROOT = Path(__file__).resolve().parents[2]


def test_default_is_the_fork_server_executor_without_a_broker(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("HIREHOUND_EXECUTOR", raising=False)
    assert executor_kind() == "multiprocess"
    from hirehound_assets.jobs import daily_executor, daily_executor_def

    assert daily_executor_def() is daily_executor


def test_celery_needs_a_redis_broker_url(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HIREHOUND_EXECUTOR", "celery")
    monkeypatch.delenv("HIREHOUND_CELERY_BROKER_URL", raising=False)
    with pytest.raises(ScalingConfigError, match="HIREHOUND_CELERY_BROKER_URL"):
        celery_settings()
    monkeypatch.setenv("HIREHOUND_CELERY_BROKER_URL", "amqp://localhost")
    with pytest.raises(ScalingConfigError, match="redis://"):
        celery_settings()
    monkeypatch.setenv("HIREHOUND_EXECUTOR", "kubernetes")
    with pytest.raises(ScalingConfigError, match="multiprocess' or 'celery"):
        executor_kind()


def test_backend_defaults_to_the_broker_and_delivery_is_late_acked(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HIREHOUND_CELERY_BROKER_URL", "redis://127.0.0.1:6390/0")
    monkeypatch.setenv("HIREHOUND_CELERY_VISIBILITY_TIMEOUT", "120")
    monkeypatch.delenv("HIREHOUND_CELERY_BACKEND_URL", raising=False)
    settings = celery_settings()
    assert settings.backend_url == settings.broker_url
    config = celery_config_source(settings)
    assert config["worker_prefetch_multiplier"] == 1
    assert config["task_acks_late"] is True and config["task_reject_on_worker_lost"] is True
    assert config["broker_transport_options"]["visibility_timeout"] == 120  # type: ignore[index]
    monkeypatch.setenv("HIREHOUND_CELERY_VISIBILITY_TIMEOUT", "soon")
    with pytest.raises(ScalingConfigError, match="whole seconds"):
        celery_settings()


def test_celery_executor_is_the_daily_jobs_when_switched_on() -> None:
    # A fresh interpreter: the job's executor is chosen when the code location is first imported.
    code = (
        "from hirehound_assets.definitions import defs; "
        "print(defs.resolve_job_def('daily_pipeline_job').executor_def.name)"
    )
    env = {"PYTHONPATH": str(ROOT), "HIREHOUND_EXECUTOR": "celery", "HIREHOUND_CELERY_BROKER_URL": "redis://x:1/0"}
    import os

    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env={**os.environ, **env}, capture_output=True, text=True, timeout=240
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip().splitlines()[-1] == "hirehound_celery"


def test_every_daily_step_has_a_known_queue() -> None:
    from dagster_celery.tags import DAGSTER_CELERY_QUEUE_TAG

    from hirehound_assets.definitions import defs
    from hirehound_assets.queues import DAGSTER_CELERY_QUEUE_TAG as OURS

    assert OURS == DAGSTER_CELERY_QUEUE_TAG
    job = defs.resolve_job_def("daily_pipeline_job")
    # every op, including those inside graph-backed assets (posting_embeddings' plan, chunks and write)
    queues = {op.name: op.tags.get(OURS) for op in job.graph.iterate_op_defs()}
    assert None not in queues.values(), queues
    assert set(queues.values()) <= set(QUEUES)
    assert queues["embed_text_chunk"] == queues["write_posting_embeddings"] == "embeddings"
    assert queues["enriched_organizations"] == "enrichment"
    assert queues["posting_quality"] == queues["spam_scores"] == "posting_signals"


def test_parse_queues_refuses_unknown_names() -> None:
    assert parse_queues("ingestion, dedup") == ["ingestion", "dedup"]
    with pytest.raises(ScalingConfigError, match="embedings"):
        parse_queues("embedings")
    with pytest.raises(ScalingConfigError, match="no queue"):
        parse_queues(" , ")


def test_daily_runs_go_before_backfills_on_redis() -> None:
    from dagster_celery.tags import DAGSTER_CELERY_RUN_PRIORITY_TAG

    from hirehound_assets.scaleout.submit import broker_priority
    from sensors.new_scrapes import DAILY_RUN_TAGS

    assert RUN_PRIORITY_TAG == DAGSTER_CELERY_RUN_PRIORITY_TAG
    assert DAILY_RUN_TAGS[RUN_PRIORITY_TAG] == str(DAILY_RUN_PRIORITY)
    step_default = 5
    # Redis pops priority 0 first: the daily run's steps must get the smaller number.
    assert broker_priority(step_default + DAILY_RUN_PRIORITY) < broker_priority(step_default + BACKFILL_RUN_PRIORITY)
    assert broker_priority(99) == 0 and broker_priority(-3) == 9


def test_code_version_follows_the_source(tmp_path: Path) -> None:
    (tmp_path / "hirehound").mkdir()
    module = tmp_path / "hirehound" / "a.py"
    module.write_text("X = 1\n")
    first = source_hash(tmp_path)
    assert source_hash(tmp_path) == first
    (tmp_path / "hirehound" / "__pycache__").mkdir()
    (tmp_path / "hirehound" / "__pycache__" / "a.cpython-311.pyc").write_bytes(b"junk")
    assert source_hash(tmp_path) == first  # bytecode is not source
    module.write_text("X = 2\n")
    assert source_hash(tmp_path) != first


def test_a_worker_on_another_machine_needs_the_shared_database() -> None:
    remote = CelerySettings("redis://broker.internal:6379/0", "redis://broker.internal:6379/0", 3600)
    local = CelerySettings("redis://127.0.0.1:6379/0", "redis://127.0.0.1:6379/0", 3600)
    assert embedded_database_refusal(local, None) is None  # `hirehound dev --workers N`: one machine
    assert "HIREHOUND_DATABASE_URL" in (embedded_database_refusal(remote, None) or "")
    assert embedded_database_refusal(remote, "postgresql+psycopg://db.internal/hirehound") is None


def test_dev_workers_supervise_redis_and_the_workers(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    import shutil

    from hirehound.cli.cluster import cluster_children

    monkeypatch.setenv("HIREHOUND_HOME", str(tmp_path))
    monkeypatch.delenv("HIREHOUND_CELERY_BROKER_URL", raising=False)
    monkeypatch.setenv("HIREHOUND_REDIS_PORT", "6391")
    if shutil.which("redis-server") is None:
        with pytest.raises(FileNotFoundError, match="make redis"):
            cluster_children(2, {}, verbose=False)
        return
    children, env = cluster_children(2, {"HIREHOUND_DATABASE_URL": "postgresql://x"}, verbose=False)
    assert [c.name for c in children] == ["Redis (Celery broker)", "Celery worker 1", "Celery worker 2"]
    assert env == {"HIREHOUND_EXECUTOR": "celery", "HIREHOUND_CELERY_BROKER_URL": "redis://127.0.0.1:6391/0"}
    assert "--appendonly" in children[0].argv  # queued steps survive a broker restart
    assert children[1].env["HIREHOUND_CELERY_BROKER_URL"] == env["HIREHOUND_CELERY_BROKER_URL"]
    monkeypatch.setenv("HIREHOUND_CELERY_BROKER_URL", "redis://broker.internal:6379/0")
    children, _ = cluster_children(1, {}, verbose=False)
    assert [c.name for c in children] == ["Celery worker 1"]  # a broker of one's own: none started

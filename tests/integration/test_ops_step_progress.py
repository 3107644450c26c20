"""Durable step progress: while a long embedding step runs (a slow fake encoder), its `step_progress` row exists,
advances, and is readable by SQL from another connection; it ends `done` with the totals. A step that raises
keeps the last position it reached, and `hirehound status` says it stopped there."""

import hashlib
import threading
import time
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import dagster as dg
import numpy as np
import pytest
import sqlalchemy as sa

import hirehound.embeddings.postings as embedding_postings
import hirehound.ops.progress as progress_module
from hirehound.demo import generate_scrapes
from hirehound.ops.progress_store import recent_progress
from hirehound.ops.progress_view import describe
from hirehound_assets.embeddings.posting_embeddings import posting_embeddings
from hirehound_assets.ingestion.normalized_postings import normalized_postings
from hirehound_assets.ingestion.raw_postings import raw_postings
from hirehound_assets.organizations.organizations import organizations
from hirehound_assets.partitions import instance_with_scrape_dates
from resources.landing_zone import LandingZoneResource
from resources.settings import PipelineSettings

pytestmark = pytest.mark.integration
DAY = date(2026, 11, 18)


class SlowEncoder:
    """Deterministic unit vectors, 0.4 s per call; optionally breaks after some calls."""

    model_id = "fake:slow:progress"

    def __init__(self, break_after: int | None = None) -> None:
        self.calls = 0
        self.break_after = break_after

    def encode(self, texts: list[str]) -> np.ndarray:
        self.calls += 1
        if self.break_after is not None and self.calls > self.break_after:
            raise SystemExit("encoder process killed")  # not an Exception: nothing inside the step catches it
        time.sleep(0.4)
        rows = []
        for t in texts:
            v = np.random.default_rng(int(hashlib.sha256(t.encode()).hexdigest()[:8], 16)).standard_normal(384)
            rows.append((v / np.linalg.norm(v)).astype(np.float32))
        return np.vstack(rows)


def _prepare_day(database: Any, engine: sa.Engine, tmp_path: Path, instance: dg.DagsterInstance) -> int:
    landing = tmp_path / "landing"
    generate_scrapes(landing, days=1, per_day=60, seed=5, start=DAY, truth_path=tmp_path / "truth.jsonl")
    resources = {"database": database, "landing_zone": LandingZoneResource(location=str(landing))}
    stages = [raw_postings, normalized_postings, organizations]
    assert dg.materialize(stages, partition_key=DAY.isoformat(), resources=resources, instance=instance).success
    with engine.connect() as conn:
        return int(
            conn.execute(sa.text("SELECT count(*) FROM normalized_postings WHERE partition_date = :d"), {"d": DAY})
            .scalar_one()
        )  # fmt: skip


def _row(engine: sa.Engine) -> tuple[Any, ...] | None:
    with engine.connect() as conn:
        row = conn.execute(
            sa.text("SELECT processed, total, failed, state FROM step_progress WHERE asset = 'posting_embeddings'")
        ).first()
    return tuple(row) if row else None


def test_progress_row_advances_during_a_long_step(
    database: Any, engine: sa.Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    instance = instance_with_scrape_dates(DAY)
    postings = _prepare_day(database, engine, tmp_path, instance)
    monkeypatch.setattr(embedding_postings, "PROGRESS_CHUNK", 8)
    monkeypatch.setattr(progress_module, "SAVE_EVERY_S", 0.1)
    results: list[dg.ExecuteInProcessResult] = []
    resources = {"database": database, "embedding_model": SlowEncoder(), "settings": PipelineSettings()}
    worker = threading.Thread(
        target=lambda: results.append(
            dg.materialize([posting_embeddings], partition_key=DAY.isoformat(), resources=resources, instance=instance)
        )
    )
    worker.start()
    seen: list[tuple[Any, ...]] = []
    while worker.is_alive():
        row = _row(engine)
        if row is not None and (not seen or row != seen[-1]):
            seen.append(row)
        time.sleep(0.05)
    worker.join()
    assert results and results[0].success
    running = [r for r in seen if r[3] == "running"]
    processed = [r[0] for r in running]
    assert len(set(processed)) >= 3, seen  # it moved while the step ran, not only at the end
    assert processed == sorted(processed) and any(0 < p < postings for p in processed)
    assert all(r[1] == postings for r in running if r[0] > 0)
    assert _row(engine) == (postings, postings, 0, "done")


def test_a_step_that_dies_halfway_shows_where_it_stopped(
    database: Any, engine: sa.Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    instance = instance_with_scrape_dates(DAY)
    postings = _prepare_day(database, engine, tmp_path, instance)
    monkeypatch.setattr(embedding_postings, "PROGRESS_CHUNK", 8)
    monkeypatch.setattr(progress_module, "SAVE_EVERY_S", 0.0)
    resources = {"database": database, "embedding_model": SlowEncoder(break_after=3), "settings": PipelineSettings()}
    result = dg.materialize(
        [posting_embeddings], partition_key=DAY.isoformat(), resources=resources, instance=instance,
        raise_on_error=False,
    )  # fmt: skip
    assert not result.success
    processed, total, _, state = _row(engine) or (None, None, None, None)
    # three chunks of 8 texts made it (a text may stand for several postings); the row says so
    assert 24 <= processed < total == postings and state == "running"
    with engine.connect() as conn:
        (step,) = [s for s in recent_progress(conn) if s.asset == "posting_embeddings"]
    run_status = instance.get_run_by_id(step.run_id).status.value  # type: ignore[union-attr]
    line = describe(step, run_status, datetime.now(UTC))
    assert f"{processed}/{postings} (" in line and "stopped here (run FAILURE)" in line


def test_status_lists_step_progress_and_flags_a_silent_running_step(
    engine: sa.Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    from typer.testing import CliRunner

    from hirehound.cli.main import app

    monkeypatch.delenv("DAGSTER_HOME", raising=False)
    with engine.begin() as conn:
        conn.execute(
            sa.text(
                "INSERT INTO step_progress (run_id, asset, partition_key, processed, total, failed, state, "
                "started_at, updated_at) VALUES "
                "('run-live', 'posting_skills', '2026-11-20', 50, 200, 1, 'running', now() - interval '10 s', now()), "
                "('run-dead', 'posting_embeddings', '2026-11-19', 1280, 20000, 3, 'running', "
                "now() - interval '30 min', now() - interval '20 min')"
            )
        )
    result = CliRunner().invoke(app, ["status"])
    assert result.exit_code == 0, result.output
    section = result.output.split("Step progress", 1)[1]
    live = next(line for line in section.splitlines() if "posting_skills" in line)
    dead = next(line for line in section.splitlines() if "posting_embeddings" in line)
    assert "50/200 (25%)" in live and "1 failed" in live and live.rstrip().endswith("running; run run-live")
    assert "1,280/20,000 (6%)" in dead and "no progress for 20 min" in dead

"""Unchanged means free on the daily job's own executor (fork-server step processes, as a sensor's run has), not
only in process: re-running an unchanged day skips posting_skills and replays the first run's report."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import dagster as dg
import pytest

from hirehound.demo import generate_scrapes
from hirehound_assets.partitions import add_scrape_dates

pytestmark = pytest.mark.integration

DAY = date(2026, 11, 18)


def skills_step(result: dg.ExecuteJobResult) -> tuple[bool, int]:
    """(whether posting_skills said it skipped, the rows it reported)."""
    [materialization] = [
        e.step_materialization_data.materialization
        for e in result.get_asset_materialization_events()
        if e.step_materialization_data.materialization.asset_key == dg.AssetKey("posting_skills")
    ]
    flag = materialization.metadata.get("skipped_unchanged")
    rows = materialization.metadata["rows"].value
    return bool(flag.value) if flag is not None else False, int(rows)  # type: ignore[arg-type]


def test_an_unchanged_day_skips_posting_skills_in_fork_server_steps(
    db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    landing = tmp_path / "landing"
    generate_scrapes(landing, days=1, per_day=30, seed=4, start=DAY, truth_path=tmp_path / "truth.jsonl")
    monkeypatch.setenv("HIREHOUND_LANDING_DIR", str(landing))
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    recon = dg.build_reconstructable_job("hirehound_assets.definitions", "daily_pipeline_job_def")
    with dg.instance_for_test() as instance:
        add_scrape_dates(instance, [DAY.isoformat()])
        runs = []
        for _ in range(2):
            with dg.execute_job(recon, instance, tags={"dagster/partition": DAY.isoformat()}) as result:
                assert result.success
                runs.append(skills_step(result))
    (first_skipped, first_rows), (again_skipped, again_rows) = runs
    assert not first_skipped and again_skipped
    assert again_rows == first_rows > 0

"""`hirehound backfill --from --to` with partitions that are the scrape dates: the dates of the range that have files
become partitions and a Dagster backfill is submitted for exactly those (no daemon needed to submit)."""

from __future__ import annotations

from pathlib import Path

import dagster as dg
import pytest
from typer.testing import CliRunner

from hirehound.cli.main import app
from hirehound_assets.partitions import SCRAPE_DATES

pytestmark = [pytest.mark.integration, pytest.mark.slow]


def test_backfill_adds_the_dates_with_files_and_submits_them(
    db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    landing = tmp_path / "landing"
    for day in ("2026-11-18", "2026-11-20"):
        (landing / day).mkdir(parents=True)
        (landing / day / "indeed-a.jsonl").write_text('{"title": "A"}\n')
    monkeypatch.setenv("HIREHOUND_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("HIREHOUND_LANDING_DIR", str(landing))
    # Dagster's storage in a database of its own beside the test's (both have an alembic_version table)
    monkeypatch.setenv("HIREHOUND_DAGSTER_DATABASE_URL", db_url.rsplit("/", 1)[0] + "/" + _dagster_db(db_url))
    for key in ("DAGSTER_HOME", "HIREHOUND_DAGSTER_PG_URL", "HF_HUB_OFFLINE", "TRANSFORMERS_OFFLINE"):
        monkeypatch.setenv(key, "")  # the command exports these; monkeypatch puts the old values back afterwards
    monkeypatch.delenv("DAGSTER_HOME")
    runner = CliRunner()
    empty = runner.invoke(app, ["backfill", "--from", "2026-10-01", "--to", "2026-10-03"])
    assert empty.exit_code == 2 and "no scrape files dated" in empty.output
    result = runner.invoke(app, ["backfill", "--from", "2026-11-17", "--to", "2026-11-21"])
    assert result.exit_code == 0, result.output
    assert "Backfilling 2 scrape date(s): 2026-11-18, 2026-11-20" in result.output
    assert "skipped, no scrape files: 2026-11-17, 2026-11-19, 2026-11-21" in result.output
    with dg.DagsterInstance.get() as instance:
        assert instance.get_dynamic_partitions(SCRAPE_DATES) == ["2026-11-18", "2026-11-20"]
        (backfill,) = instance.get_backfills()
        assert sorted(backfill.partition_names or []) == ["2026-11-18", "2026-11-20"]


def _dagster_db(db_url: str) -> str:
    name, _, query = db_url.rsplit("/", 1)[1].partition("?")
    return f"{name}_dagster" + (f"?{query}" if query else "")

"""A scrape date where ingestion failed wholesale stops its run: later stages never replace good data with nothing.

`rows_landed` on raw_postings is blocking: when files were found but not one row landed, the run fails after
raw_postings and normalized_postings does not run, so the day's earlier normalized postings stay as they were.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import dagster as dg
import pytest
import sqlalchemy as sa

from hirehound_assets.ingestion.normalized_postings import normalized_postings
from hirehound_assets.ingestion.raw_postings import raw_postings
from hirehound_assets.partitions import instance_with_scrape_dates
from resources.landing_zone import LandingZoneResource

pytestmark = pytest.mark.integration

DAY = "2026-11-20"


def _run(database: Any, landing: Path, instance: dg.DagsterInstance) -> dg.ExecuteInProcessResult:
    return dg.materialize(
        [raw_postings, normalized_postings],
        partition_key=DAY,
        resources={"database": database, "landing_zone": LandingZoneResource(location=str(landing))},
        instance=instance,
        raise_on_error=False,
    )


def test_a_day_where_no_row_lands_stops_before_normalizing(database: Any, engine: sa.Engine, tmp_path: Path) -> None:
    folder = tmp_path / DAY
    folder.mkdir()
    (folder / "indeed-good.jsonl").write_text('{"source": "indeed", "title": "Chef", "url": "https://a.io/1"}\n')
    instance = instance_with_scrape_dates(DAY)
    first = _run(database, tmp_path, instance)
    assert first.success
    assert {e.check_name: e.passed for e in first.get_asset_check_evaluations()}["rows_landed"] is True

    (folder / "indeed-good.jsonl").write_bytes(bytes(range(256)) * 40)  # the day's only file is now unreadable
    second = _run(database, tmp_path, instance)

    assert not second.success
    assert [e.asset_key.to_user_string() for e in second.get_asset_materialization_events()] == ["raw_postings"]
    check = {e.check_name: e for e in second.get_asset_check_evaluations()}["rows_landed"]
    assert not check.passed and check.severity == dg.AssetCheckSeverity.ERROR and check.blocking
    assert check.partition == DAY  # recorded under the scrape date, not as the check's only status
    with engine.connect() as conn:
        kept = conn.execute(sa.text("SELECT title FROM normalized_postings WHERE partition_date = :d"), {"d": DAY})
        assert kept.scalars().all() == ["Chef"]  # normalized_postings did not run on the empty day


def test_a_partly_broken_day_warns_and_runs_on(database: Any, tmp_path: Path) -> None:
    folder = tmp_path / DAY
    folder.mkdir()
    (folder / "indeed-good.jsonl").write_text('{"source": "indeed", "title": "Chef", "url": "https://a.io/1"}\n')
    (folder / "indeed-binary.csv").write_bytes(bytes(range(256)) * 40)
    result = _run(database, tmp_path, instance_with_scrape_dates(DAY))

    assert result.success
    checks = {(e.asset_key.to_user_string(), e.check_name): e for e in result.get_asset_check_evaluations()}
    rate = checks[("raw_postings", "failure_rate")]
    assert not rate.passed and rate.severity == dg.AssetCheckSeverity.ERROR  # 1 of 2 inputs failed: alerts only
    assert rate.metadata["failed"].value == 1 and rate.metadata["total"].value == 2
    assert rate.partition == DAY
    assert checks[("normalized_postings", "required_fields_not_null")].passed

"""Dagster on Postgres: the repository's dagster.yaml loads, definitions load, and runs land in PostgresRunStorage."""

import shutil
from pathlib import Path

import dagster as dg
import pytest
from sqlalchemy.engine import URL

from hirehound import config
from hirehound.db.engine import ensure_database
from hirehound.db.urls import render, with_driver
from hirehound_assets.partitions import instance_with_scrape_dates

pytestmark = pytest.mark.integration


def test_definitions_load() -> None:
    from hirehound_assets.definitions import defs

    assert defs.resolve_job_def("daily_pipeline_job") is not None
    assert "database" in (defs.resources or {})


def test_partitioned_asset_run_is_recorded_in_postgres(
    pg_server: URL, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    dagster_url = with_driver(pg_server.set(database=f"dagster_{tmp_path.name[-12:]}".replace("-", "_")), "psycopg2")
    ensure_database(dagster_url)
    shutil.copyfile(config.project_root() / "dagster.yaml", tmp_path / "dagster.yaml")
    monkeypatch.setenv("DAGSTER_HOME", str(tmp_path))
    monkeypatch.setenv("HIREHOUND_DAGSTER_PG_URL", render(dagster_url))
    from hirehound_assets.partitions import daily_partitions

    @dg.asset(partitions_def=daily_partitions)
    def trivial_partitioned(context: dg.AssetExecutionContext) -> dg.MaterializeResult:
        return dg.MaterializeResult(metadata={"partition": context.partition_key})

    with dg.DagsterInstance.get() as instance:
        assert type(instance.run_storage).__name__ == "PostgresRunStorage"
        assert instance.run_retries_enabled and instance.run_monitoring_enabled
        result = dg.materialize(
            [trivial_partitioned],
            partition_key="2026-11-20",
            instance=instance_with_scrape_dates("2026-11-20", instance=instance),
        )
        assert result.success
        run = instance.get_run_by_id(result.run_id)
        assert run is not None and run.tags.get("dagster/partition") == "2026-11-20"
    with dg.DagsterInstance.get() as reopened:  # a new process would see the same history
        assert reopened.get_run_by_id(result.run_id) is not None

"""Unchanged means free: re-running an unchanged scrape date skips every stage and leaves every table as it was;
changing one posting (or a setting) makes the stages that read it run again and gives the tables of a fresh run."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import dagster as dg
import pytest
import sqlalchemy as sa
from sqlalchemy.engine import URL

from hirehound.db.engine import dispose_engines
from hirehound.db.urls import render, with_driver
from hirehound.demo import generate_scrapes
from hirehound_assets.partitions import instance_with_scrape_dates
from tests.conftest import TEMPLATE_DB
from tests.integration.pipeline_days import failed_steps, run_days

pytestmark = pytest.mark.integration

START = date(2026, 11, 18)
KEYS = [START.isoformat(), (START + timedelta(days=1)).isoformat()]
STAGES = [
    "organizations",
    "enriched_organizations",
    "duplicate_clusters",
    "posting_skills",
    "posting_quality",
    "spam_scores",
    "published_postings",
    "daily_posting_stats",
]
# Run bookkeeping, not results: every run reports its progress and counters.
BOOKKEEPING = {"step_progress", "ops_counters", "alembic_version"}
# Columns that say which run wrote a row or when, which two equal runs never share: run ids, write times, the
# provenance of enriched fields (it holds their fetch times) and a run's report of what it changed.
RUN_COLUMNS = re.compile(r"(^|_)run_id$|_at$|^field_provenance$|^details$")


def dump(url: str, drop_run_columns: bool = False) -> dict[str, list[str]]:
    """Every application table as sorted text rows (all columns, or without run ids and write times)."""
    engine = sa.create_engine(url)
    out: dict[str, list[str]] = {}
    with engine.connect() as conn:
        tables = conn.execute(
            sa.text("SELECT tablename FROM pg_tables WHERE schemaname = current_schema() ORDER BY 1")
        ).scalars()
        for table in [t for t in tables if t not in BOOKKEEPING]:
            columns = conn.execute(
                sa.text(
                    "SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema() "
                    "AND table_name = :t ORDER BY ordinal_position"
                ),
                {"t": table},
            ).scalars()
            keep = [c for c in columns if not (drop_run_columns and RUN_COLUMNS.search(c))]
            select = ", ".join(f'CAST("{c}" AS text)' for c in keep)
            out[table] = sorted(str(r) for r in conn.execute(sa.text(f"SELECT {select} FROM {table}")).all())
    engine.dispose()
    return out


def skipped(result: dg.ExecuteInProcessResult) -> dict[str, bool]:
    """asset -> whether its materialization says it skipped an unchanged partition."""
    out = {}
    for event in result.get_asset_materialization_events():
        materialization = event.event_specific_data.materialization  # type: ignore[union-attr]
        flag = materialization.metadata.get("skipped_unchanged")
        out[materialization.asset_key.to_user_string()] = bool(flag.value) if flag is not None else False
    return out


def differing(a: dict[str, list[str]], b: dict[str, list[str]]) -> dict[str, int]:
    return {t: len(set(a[t]) ^ set(b.get(t, []))) for t in a if a[t] != b.get(t)}


@pytest.fixture()
def landing(tmp_path: Path) -> Path:
    folder = tmp_path / "landing"
    generate_scrapes(folder, days=2, per_day=40, seed=2, start=START, truth_path=tmp_path / "truth.jsonl")
    return folder


@pytest.fixture()
def fresh_database(pg_server: URL) -> Iterator[str]:
    """A second empty database, for the fresh run the re-run is compared with."""
    name = "t_unchanged_fresh"
    admin = sa.create_engine(render(with_driver(pg_server, "psycopg")), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        conn.execute(sa.text(f'CREATE DATABASE "{name}" TEMPLATE "{TEMPLATE_DB}"'))
    yield render(with_driver(pg_server.set(database=name), "psycopg"))
    dispose_engines()
    with admin.connect() as conn:
        conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def edit_one_posting(landing: Path, day: str) -> None:
    """Reword the description of the first posting of the day's first JSONL file."""
    path = sorted(p for p in landing.rglob("*.jsonl") if day in str(p))[0]
    lines = path.read_text().splitlines()
    row = json.loads(lines[0])
    key = next(k for k in ("description_html", "description", "description_text") if k in row)
    row[key] = f"{row[key]} Also: a reworded sentence about on-call duties and a new benefits package."
    path.write_text("\n".join([json.dumps(row), *lines[1:]]) + "\n")


def test_an_unchanged_day_skips_every_stage_and_changes_no_table(
    db_url: str, landing: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = run_days(landing, KEYS, monkeypatch)
    assert all(r.success for r in first), [failed_steps(r) for r in first]
    before = dump(db_url)
    again = run_days(landing, KEYS[-1:], monkeypatch)[0]
    assert again.success, failed_steps(again)
    flags = skipped(again)
    assert {s: flags.get(s) for s in STAGES} == dict.fromkeys(STAGES, True), {
        k: v for k, v in changed_inputs(again).items() if v
    }
    assert differing(before, dump(db_url)) == {}

    # A setting one stage reads (as the launchpad sets it): that stage and the ones that read its output run again,
    # the others still skip.
    from hirehound_assets.definitions import defs

    changed = defs.resolve_job_def("daily_pipeline_job").execute_in_process(
        partition_key=KEYS[-1],
        instance=instance_with_scrape_dates(*KEYS),
        run_config={"resources": {"settings": {"config": {"quality_floor": 41}}}},
    )
    flags = skipped(changed)
    assert flags["posting_quality"] is False
    assert flags["published_postings"] is False
    assert flags["organizations"] is True and flags["duplicate_clusters"] is True


def test_a_changed_posting_reruns_its_stages_and_gives_the_tables_of_a_fresh_run(
    db_url: str, fresh_database: str, landing: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert all(r.success for r in run_days(landing, KEYS, monkeypatch))
    edit_one_posting(landing, KEYS[-1])
    rerun = run_days(landing, KEYS[-1:], monkeypatch)[0]
    assert rerun.success, failed_steps(rerun)
    flags = skipped(rerun)
    for stage in ("organizations", "posting_skills", "posting_quality", "spam_scores", "duplicate_clusters"):
        assert flags[stage] is False, stage
    after_rerun = dump(db_url, drop_run_columns=True)

    dispose_engines()
    monkeypatch.setenv("HIREHOUND_DATABASE_URL", fresh_database)
    assert all(r.success for r in run_days(landing, KEYS, monkeypatch))
    fresh = dump(fresh_database, drop_run_columns=True)
    fresh.pop("stage_input_fingerprints")
    after_rerun.pop("stage_input_fingerprints")
    assert differing(fresh, after_rerun) == {}, {
        t: sorted(set(fresh[t]) ^ set(after_rerun[t]))[:4] for t in differing(fresh, after_rerun)
    }


def changed_inputs(result: dg.ExecuteInProcessResult) -> dict[str, object]:
    out = {}
    for event in result.get_asset_materialization_events():
        materialization = event.event_specific_data.materialization  # type: ignore[union-attr]
        flag = materialization.metadata.get("changed_inputs")
        out[materialization.asset_key.to_user_string()] = flag.value if flag is not None else None
    return out

"""The command line and the UI agree: search prints ids lineage accepts, links go to the UI's real port, piped
output keeps whole ids, `--json` for scripts, `--as-of` for a past catalogue, status pairs a partition with its run."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
import sqlalchemy as sa
from typer.testing import CliRunner

from hirehound import config
from hirehound.cli.main import app
from hirehound.lineage.trace import find_postings, ui_url
from hirehound.maintenance.expiry import expire_due_postings
from hirehound.maintenance.status import table_statuses
from tests.integration.maintenance_fixtures import add_cluster, add_posting

pytestmark = pytest.mark.integration

runner = CliRunner()
HISTORY = date(2025, 3, 7)
CLUSTER = "cl_history_0123456789abcdef"  # longer than a squeezed 80-column table would leave whole


def _seed_history(engine: sa.Engine) -> tuple[str, str]:
    with engine.begin() as conn:
        a = add_posting(conn, "jobspy:1", seen=[HISTORY], source="jobspy", country="GB", run_id="run-hist")
        b = add_posting(conn, "linkedin:1", seen=[HISTORY], source="linkedin", run_id="run-hist")
        add_cluster(conn, CLUSTER, [a, b], HISTORY)
        add_posting(conn, "indeed:now", seen=[date(2026, 11, 23)])
        from datetime import UTC, datetime

        expire_due_postings(conn, datetime(2026, 11, 23, 12, tzinfo=UTC), "run-exp", clock="wall")
    return a, b


def test_lineage_accepts_the_cluster_ids_search_prints(engine: sa.Engine) -> None:
    a, b = _seed_history(engine)
    with engine.begin() as conn:
        assert find_postings(conn, CLUSTER) == [a, b]  # the canonical posting first
    result = runner.invoke(app, ["lineage", CLUSTER])
    assert result.exit_code == 0, result.output
    assert f"posting {a} (jobspy:1)" in result.output and f"posting {b} (linkedin:1)" in result.output
    assert runner.invoke(app, ["lineage", "cl_nope"]).exit_code == 1


def test_search_as_of_a_past_date_finds_expired_history_and_json_ids_work_in_lineage(engine: sa.Engine) -> None:
    _seed_history(engine)
    now = runner.invoke(app, ["search", "engineer", "--as-of", "2026-11-23", "--json"])
    assert now.exit_code == 0, now.output
    assert CLUSTER not in now.output  # expired, and unseen for a year by then
    then = runner.invoke(app, ["search", "engineer", "--as-of", HISTORY.isoformat(), "--json"])
    assert then.exit_code == 0, then.output
    hits = json.loads(then.output)
    assert [h["cluster_id"] for h in hits] == [CLUSTER]
    assert hits[0]["title"] == "Engineer" and hits[0]["last_seen"] == HISTORY.isoformat()
    assert runner.invoke(app, ["lineage", hits[0]["cluster_id"]]).exit_code == 0


def test_piped_tables_keep_whole_ids_and_bad_dates_are_refused(engine: sa.Engine) -> None:
    _seed_history(engine)
    table = runner.invoke(app, ["search", "engineer", "--as-of", HISTORY.isoformat()])  # not a terminal
    assert table.exit_code == 0, table.output
    assert CLUSTER in table.output and "as of 2025-03-07" in table.output
    bad = runner.invoke(app, ["search", "engineer", "--as-of", "last year"])
    assert bad.exit_code == 2 and "not a date" in bad.output


def test_run_links_point_at_the_port_hirehound_dev_recorded(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, engine: sa.Engine
) -> None:
    monkeypatch.delenv("HIREHOUND_UI_URL", raising=False)
    monkeypatch.setenv("HIREHOUND_HOME", str(tmp_path))
    assert ui_url() == "http://127.0.0.1:3000"  # nothing recorded yet
    assert config.record_ui_url("0.0.0.0", 3517) == "http://127.0.0.1:3517"
    assert ui_url() == "http://127.0.0.1:3517"
    _seed_history(engine)
    result = runner.invoke(app, ["lineage", "jobspy:1"])
    assert "http://127.0.0.1:3517/runs/run-hist" in result.output and ":3000/" not in result.output
    monkeypatch.setenv("HIREHOUND_UI_URL", "http://ui.example:8080/")
    assert ui_url() == "http://ui.example:8080"  # an explicit address wins


def test_status_pairs_the_newest_partition_with_its_own_run(engine: sa.Engine) -> None:
    with engine.begin() as conn:
        old = add_posting(conn, "indeed:old", seen=[date(2026, 11, 19)], run_id="run-19")
        new = add_posting(conn, "indeed:new", seen=[date(2026, 11, 20)], run_id="run-20")
        add_posting(conn, "indeed:new2", seen=[date(2026, 11, 20)], run_id="run-20")
        add_cluster(conn, "cl_x", [old, new], date(2026, 11, 20))
        conn.execute(sa.text("UPDATE cluster_members SET partition_date = '2026-11-20', run_id = 'run-19-backfill'"))
        statuses = {s.asset: s for s in table_statuses(conn)}
    assert (statuses["normalized_postings"].latest_partition, statuses["normalized_postings"].run_id) == (
        "2026-11-20",
        "run-20",
    )
    # cluster rows are rewritten by later runs: their run_id says nothing about the partition, so none is shown
    assert statuses["duplicate_clusters"].run_id is None


def test_search_on_an_unmigrated_database_says_what_to_do(db_url: str) -> None:
    from hirehound.db.engine import dispose_engines, get_engine

    with get_engine(db_url).begin() as conn:
        conn.execute(sa.text("DROP FUNCTION catalogue_as_of(date, integer)"))
    dispose_engines()
    result = runner.invoke(app, ["search", "engineer", "--as-of", "2025-03-07"])
    assert result.exit_code == 2 and "hirehound db upgrade" in result.output, result.output

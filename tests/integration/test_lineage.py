"""`hirehound lineage` and `hirehound status` against the real schema, through the CLI as a user runs them."""

import pytest
import sqlalchemy as sa
from typer.testing import CliRunner

from hirehound.cli.main import app
from hirehound.lineage.trace import find_postings
from hirehound_assets.partitions import instance_with_scrape_dates
from tests.integration.maintenance_fixtures import add_cluster, add_posting

pytestmark = pytest.mark.integration

runner = CliRunner()


def _seed(engine: sa.Engine) -> tuple[str, str]:
    from datetime import date

    with engine.begin() as conn:
        a = add_posting(
            conn,
            "indeed:42",
            seen=[date(2026, 11, 19), date(2026, 11, 20)],
            url="https://www.indeed.com/viewjob?jk=42",
            run_id="run-ingest-1",
        )
        b = add_posting(conn, "linkedin:7", seen=[date(2026, 11, 20)], source="linkedin", run_id="run-ingest-2")
        add_cluster(conn, "cl_demo", [a, b], date(2026, 11, 20))
    return a, b


def test_lineage_by_id_key_and_url_shows_each_step_with_its_run_link(engine: sa.Engine, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    a, b = _seed(engine)
    with engine.begin() as conn:
        assert find_postings(conn, a) == [a]
        assert find_postings(conn, "indeed:42") == [a]
        assert find_postings(conn, "https://www.indeed.com/viewjob?jk=42") == [a]
        assert find_postings(conn, "https://nowhere.example/") == []
    monkeypatch.setenv("HIREHOUND_UI_URL", "http://dagster.internal:3000/")
    result = runner.invoke(app, ["lineage", "linkedin:7"])
    assert result.exit_code == 0, result.output
    out = result.output
    assert f"posting {b} (linkedin:7) - active" in out
    assert "/landing/2026-11-20/linkedin-1.jsonl" in out and "row 10" in out
    assert "cl_demo (open), joined as FULL duplicate" in out
    assert "http://dagster.internal:3000/runs/run-ingest-2" in out
    assert "http://dagster.internal:3000/runs/run-dedup" in out
    assert "not published" in out

    history = runner.invoke(app, ["lineage", "https://www.indeed.com/viewjob?jk=42"])
    assert "anchor of its cluster" in history.output
    assert "earlier sightings:" in history.output and "2026-11-19" in history.output

    missing = runner.invoke(app, ["lineage", "nope:1"])
    assert missing.exit_code == 1


def test_status_lists_latest_partitions_failures_and_incidents(engine: sa.Engine, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    _seed(engine)
    monkeypatch.delenv("DAGSTER_HOME", raising=False)
    with engine.begin() as conn:
        conn.execute(
            sa.text(
                "INSERT INTO failure_ledger (asset, partition_key, item_key, stage, error_class, message) VALUES "
                "('normalized_postings', '2026-11-20', 'r1', 'parse', 'MissingTitle', 'm'), "
                "('normalized_postings', '2026-11-20', 'r2', 'parse', 'MissingTitle', 'm')"
            )
        )
        conn.execute(
            sa.text(
                "INSERT INTO pipeline_incidents (run_id, job_name, partition_key, failed_steps, error_message) "
                "VALUES ('run-bad', 'daily_pipeline_job', '2026-11-20', ARRAY['normalized_postings'], 'boom')"
            )
        )
    result = runner.invoke(app, ["status"])
    assert result.exit_code == 0, result.output
    assert "normalized_postings" in result.output and "2026-11-20" in result.output
    assert "MissingTitle" in result.output and "2 item(s)" in result.output
    assert "daily_pipeline_job [2026-11-20] normalized_postings" in result.output
    assert "/runs/run-bad" in result.output


def test_status_reads_the_newest_partition_from_the_dagster_instance(engine: sa.Engine, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import dagster as dg

    from hirehound_assets.partitions import daily_partitions

    @dg.asset(partitions_def=daily_partitions, name="normalized_postings")
    def fake_stage() -> None:
        return None

    monkeypatch.setenv("DAGSTER_HOME", str(tmp_path))
    (tmp_path / "dagster.yaml").write_text("")
    instance = dg.DagsterInstance.get()
    newest = dg.materialize(
        [fake_stage], partition_key="2026-11-21", instance=instance_with_scrape_dates("2026-11-21", instance=instance)
    )
    dg.materialize(
        [fake_stage], partition_key="2026-11-02", instance=instance_with_scrape_dates("2026-11-02", instance=instance)
    )  # a backfill of an old day, last
    result = runner.invoke(app, ["status"])
    assert result.exit_code == 0, result.output
    line = next(x for x in result.output.splitlines() if x.strip().startswith("normalized_postings"))
    assert "2026-11-21" in line and newest.run_id in line and "[dagster]" in line


def test_lineage_shows_the_publication_step_with_its_run(engine: sa.Engine) -> None:
    a, _ = _seed(engine)
    with engine.begin() as conn:
        conn.execute(
            sa.text(
                "INSERT INTO published_postings (cluster_id, posting_id, partition_date, title, search_tsv, rank_tsv, "
                "run_id) VALUES ('cl_demo', :a, '2026-11-20', 'Engineer', to_tsvector('simple', 'engineer'), "
                "to_tsvector('simple', 'engineer'), 'run-pub')"
            ),
            {"a": a},
        )
    result = runner.invoke(app, ["lineage", "linkedin:7"])
    assert "published in cluster cl_demo as canonical posting " + a in result.output
    assert "/runs/run-pub" in result.output
    own = runner.invoke(app, ["lineage", a])
    assert "published in cluster cl_demo as this posting" in own.output

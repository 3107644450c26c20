"""A run killed with SIGKILL in the middle of a partition, then re-run, leaves the same tables as a clean run.

The clean run goes to one database, the killed-then-retried run to another; every application table is then
compared row by row, ignoring only run ids, surrogate keys and wall-clock stamps (columns defaulting to now()).
"""

import json
import os
import signal
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import pytest
import sqlalchemy as sa

from hirehound.db.engine import get_engine

pytestmark = [pytest.mark.integration, pytest.mark.slow]

ROOT = Path(__file__).resolve().parents[2]
PARTITION = "2026-11-20"
IGNORED = {"run_id", "failure_id", "incident_id", "attempt", "archive_run_id"}
# The report of the last run that touched a partition ("postings changed by this run"): a retry after a kill that
# landed after the data commit truthfully reports fewer changes. It describes the run, not the data.
# The skip-if-unchanged bookkeeping names the run that wrote it (an unsealed fingerprint) and its report.
IGNORED_BY_TABLE = {"ingestion_partitions": {"details"}, "stage_input_fingerprints": {"fingerprint", "details"}}
# What runs did, not what the data is: a killed run's progress row staying behind, where it stopped, is the point.
RUN_HISTORY = {"step_progress"}


def _ingestion_available() -> bool:
    try:
        from hirehound_assets.ingestion.normalized_postings import normalized_postings  # noqa: F401
        from hirehound_assets.ingestion.raw_postings import raw_postings  # noqa: F401
    except ImportError:
        return False
    return True


def _launch(url: str, target: str, landing: Path) -> subprocess.Popen[bytes]:
    env = {**os.environ, "HIREHOUND_DATABASE_URL": url}
    return subprocess.Popen(
        [sys.executable, "-m", "tests.integration.kill_target", url, target, PARTITION, str(landing)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


def _snapshot(url: str) -> dict[str, list[str]]:
    """Every application table's rows as sorted JSON, without run-dependent columns."""
    engine = get_engine(url)
    snap: dict[str, list[str]] = {}
    with engine.begin() as conn:
        tables = [
            r[0]
            for r in conn.execute(
                sa.text(
                    "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() "
                    "AND table_type = 'BASE TABLE' AND table_name <> 'alembic_version' ORDER BY 1"
                )
            )
        ]
        for table in (t for t in tables if t not in RUN_HISTORY):
            cols = [
                r[0]
                for r in conn.execute(
                    sa.text(
                        "SELECT column_name FROM information_schema.columns WHERE table_name = :t "
                        "AND column_name <> ALL(:ignored) AND COALESCE(column_default, '') NOT LIKE 'now()%' "
                        "ORDER BY ordinal_position"
                    ),
                    {"t": table, "ignored": list(IGNORED | IGNORED_BY_TABLE.get(table, set()))},
                )
            ]
            select = ", ".join(f'"{c}"' for c in cols)
            rows = conn.execute(sa.text(f'SELECT {select} FROM "{table}"')).all()
            snap[table] = sorted(json.dumps([str(v) for v in row]) for row in rows)
    return snap


def _seed_for_stats(url: str) -> None:
    """Enough postings (40k) that computing the day's statistics takes a while."""
    with get_engine(url).begin() as conn:
        conn.execute(
            sa.text(
                """
                INSERT INTO normalized_postings (partition_date, posting_id, posting_key, raw_id, source, title,
                    title_normalized, country_code, content_hash)
                SELECT CAST(:d AS date), lpad(to_hex(g), 16, '0'), 'b' || (g % 5) || '-' || g, 'r' || g,
                       'board' || (g % 5), 'T', 't', CASE WHEN g % 3 = 0 THEN 'US' ELSE 'GB' END, 'h'
                FROM generate_series(1, 40000) g
                """
            ),
            {"d": date.fromisoformat(PARTITION)},
        )
        conn.execute(
            sa.text(
                "INSERT INTO postings (posting_id, posting_key, first_seen, last_seen, latest_partition) "
                "SELECT posting_id, posting_key, partition_date - (CAST(right(posting_id, 1) AS text) ~ '[a-f]')::int, "
                "partition_date, partition_date FROM normalized_postings"
            )
        )


def _write_landing(landing: Path, rows: int) -> None:
    folder = landing / PARTITION
    folder.mkdir(parents=True)
    with (folder / "indeed-kill.jsonl").open("w") as fh:
        for i in range(rows):
            record = {
                "source": "indeed",
                "source_job_id": f"k{i}",
                "url": f"https://www.indeed.com/viewjob?jk=k{i}",
                "title": f"Data Engineer {i % 50}",
                "company": f"Company {i % 300} Inc.",
                "location": "Austin, TX",
                "description": "<p>Build pipelines with Python and Postgres.</p>" * 5,
                "salary": "$120k-150k/yr",
                "date_posted": PARTITION,
            }
            fh.write(json.dumps(record) + "\n")


def _table_activity(url: str) -> bool:
    """Whether the child is writing: an active statement on one of its tables, or rows already there."""
    with get_engine(url).begin() as conn:
        return bool(
            conn.execute(
                sa.text(
                    "SELECT EXISTS (SELECT 1 FROM pg_stat_activity WHERE datname = current_database() "
                    "AND pid <> pg_backend_pid() AND state <> 'idle' "
                    "AND (query ILIKE '%normalized_postings%' OR query ILIKE '%raw_postings%' "
                    "OR query ILIKE '%scrape_files%')) "
                    "OR EXISTS (SELECT 1 FROM raw_postings) OR EXISTS (SELECT 1 FROM daily_posting_stats)"
                )
            ).scalar()
        )


def _first_difference(clean: list[str], retry: list[str]) -> str:
    if len(clean) != len(retry):
        return f"{len(clean)} rows in the clean run, {len(retry)} after kill + retry"
    a, b = next((x, y) for x, y in zip(clean, retry, strict=True) if x != y)
    return f"clean {a[:400]} vs retry {b[:400]}"


@pytest.mark.parametrize("target", ["ingestion", "daily_posting_stats"])
def test_sigkill_mid_partition_then_retry_equals_clean_run(target: str, pg_server, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    if target == "ingestion" and not _ingestion_available():
        pytest.skip("ingestion assets (hirehound_assets.ingestion) are not available in this checkout")
    from hirehound.db.urls import render, with_driver
    from tests.conftest import TEMPLATE_DB

    admin = sa.create_engine(render(with_driver(pg_server, "psycopg")), isolation_level="AUTOCOMMIT")
    urls = []
    for name in (f"kill_clean_{target}", f"kill_retry_{target}"):
        with admin.connect() as conn:
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            conn.execute(sa.text(f'CREATE DATABASE "{name}" TEMPLATE "{TEMPLATE_DB}"'))
        urls.append(render(with_driver(pg_server.set(database=name), "psycopg")))
    clean_url, retry_url = urls
    landing = tmp_path / "landing"
    if target == "ingestion":
        _write_landing(landing, 6000)
    else:
        for url in urls:
            _seed_for_stats(url)

    clean = _launch(clean_url, target, landing)
    assert clean.wait(timeout=240) == 0, clean.stderr.read().decode()[-3000:] if clean.stderr else ""

    killed = _launch(retry_url, target, landing)
    deadline = time.monotonic() + 120
    while not _table_activity(retry_url):
        assert killed.poll() is None, "the run finished before it could be killed"
        assert time.monotonic() < deadline
        time.sleep(0.02)
    time.sleep(0.1)
    killed.send_signal(signal.SIGKILL)
    assert killed.wait(timeout=30) == -signal.SIGKILL  # it really died mid-run
    retry = _launch(retry_url, target, landing)
    assert retry.wait(timeout=240) == 0, retry.stderr.read().decode()[-3000:] if retry.stderr else ""

    clean_snap, retry_snap = _snapshot(clean_url), _snapshot(retry_url)
    touched = [t for t, rows in clean_snap.items() if rows]
    assert touched, "the clean run wrote nothing"
    differing = {
        t: _first_difference(clean_snap[t], retry_snap[t]) for t in clean_snap if clean_snap[t] != retry_snap[t]
    }
    assert not differing, f"tables differ after kill + retry: {differing}"
    from hirehound.db.engine import dispose_engines

    dispose_engines()
    with admin.connect() as conn:
        for url in urls:
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{sa.engine.make_url(url).database}" WITH (FORCE)'))
    admin.dispose()

"""The ingestion stages' plain functions against the real schema, without Dagster: a partition is read once, an
unchanged one is skipped with the same counts, a changed file is read again, and failures reach the ledger."""

from __future__ import annotations

import json
import logging
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from hirehound.db.failure_ledger import ItemFailure
from hirehound.ingestion.landing import LandingZone
from hirehound.ingestion.normalized_partition import normalize_partition, plan_normalized_partition
from hirehound.ingestion.raw_partition import ingest_raw_partition, plan_raw_partition, unchanged_result

pytestmark = pytest.mark.integration

DAY = date(2026, 11, 20)
LOG = logging.getLogger("test")


def _write(landing: Path, name: str, records: list[dict[str, Any]], tail: str = "") -> None:
    folder = landing / DAY.isoformat()
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text("".join(json.dumps(r) + "\n" for r in records) + tail)


def _posting(n: int) -> dict[str, Any]:
    return {
        "source": "indeed",
        "source_job_id": f"in-{n}",
        "url": f"https://www.indeed.com/viewjob?jk={n}",
        "title": f"Data Engineer {n}",
        "company": "Acme",
        "location": "Austin, TX",
        "description": f"<p>Job {n}</p>",
    }


class Ledger:
    """Stands in for the asset's `database.record_failures`: keeps what it was given, returns top reasons."""

    def __init__(self) -> None:
        self.calls: list[list[ItemFailure]] = []

    def __call__(self, failures: list[ItemFailure]) -> dict[str, int]:
        self.calls.append(failures)
        return {"seen": len(failures)} if failures else {}


class Counting:
    def __init__(self) -> None:
        self.total: int | None = None
        self.processed = 0

    def set_total(self, total: int) -> None:
        self.total = total

    def advance(self, processed: int = 1, failed: int = 0) -> None:
        self.processed += processed


def test_raw_partition_is_read_once_and_again_when_a_file_changes(engine: sa.Engine, tmp_path: Path) -> None:
    _write(tmp_path, "indeed-a.jsonl", [_posting(1), _posting(2)], tail="{not json\n")
    zone = LandingZone(str(tmp_path))
    plan = plan_raw_partition(engine, zone, DAY)
    assert not plan.unchanged and len(plan.files) == 1
    ledger, progress = Ledger(), Counting()
    first = ingest_raw_partition(engine, zone, plan, "run-1", ledger, LOG, progress)
    assert (first.count("rows_in"), first.count("rows_out"), first.count("rows_failed")) == (3, 2, 1)
    assert (first.failed, first.total) == (1, 3) and not first.skipped
    assert len(ledger.calls) == 1 and len(ledger.calls[0]) == 1  # the unparseable line
    assert first.details["top_failure_reasons"] == {"seen": 1}
    assert progress.total == 1 and progress.processed == 1  # one file

    again = plan_raw_partition(engine, zone, DAY)
    assert again.unchanged
    assert unchanged_result(again).details == json.loads(json.dumps(first.details))  # stored as JSONB

    _write(tmp_path, "indeed-a.jsonl", [_posting(1), _posting(2), _posting(3)])
    changed = plan_raw_partition(engine, zone, DAY)
    assert not changed.unchanged
    second = ingest_raw_partition(engine, zone, changed, "run-2", Ledger(), LOG)
    assert (second.count("rows_in"), second.count("rows_out"), second.failed) == (3, 3, 0)
    with engine.connect() as conn:
        stored = conn.execute(sa.text("SELECT count(*) FROM raw_postings WHERE partition_date = :d"), {"d": DAY})
        assert stored.scalar_one() == 3  # replaced, not appended


def test_normalized_partition_is_skipped_until_its_raw_rows_change(engine: sa.Engine, tmp_path: Path) -> None:
    _write(tmp_path, "indeed-a.jsonl", [_posting(1), _posting(2)])
    zone = LandingZone(str(tmp_path))
    ingest_raw_partition(engine, zone, plan_raw_partition(engine, zone, DAY), "run-1", Ledger(), LOG)
    plan = plan_normalized_partition(engine, DAY)
    assert not plan.unchanged and plan.raw_rows == 2
    progress = Counting()
    details = normalize_partition(engine, plan, "run-1", Ledger(), LOG, progress)
    assert (details["rows_in"], details["rows_out"], details["rows_failed"]) == (2, 2, 0)
    assert progress.total == 2 and progress.processed == 2
    with engine.connect() as conn:
        assert conn.execute(sa.text("SELECT count(*) FROM postings")).scalar_one() == 2

    assert plan_normalized_partition(engine, DAY).previous == json.loads(json.dumps(details))

    _write(tmp_path, "indeed-a.jsonl", [_posting(1)])
    ingest_raw_partition(engine, zone, plan_raw_partition(engine, zone, DAY), "run-2", Ledger(), LOG)
    replan = plan_normalized_partition(engine, DAY)
    assert not replan.unchanged
    assert normalize_partition(engine, replan, "run-2", Ledger(), LOG)["rows_out"] == 1
    with engine.connect() as conn:
        assert conn.execute(sa.text("SELECT count(*) FROM postings")).scalar_one() == 1  # the other is gone

"""raw_postings in a landing zone with links out of it: nothing outside is read or written, each link is reported."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import dagster as dg
import pytest
import sqlalchemy as sa

from hirehound.ingestion.landing import RefusedFile
from hirehound.ingestion.refused import record_refused
from hirehound_assets.ingestion.raw_postings import raw_postings
from hirehound_assets.partitions import instance_with_scrape_dates
from resources.landing_zone import LandingZoneResource

pytestmark = pytest.mark.integration

DAY = "2026-11-20"


def test_linked_files_are_refused_rows_and_quarantine_stays_inside(
    database: Any, engine: sa.Engine, tmp_path: Path
) -> None:
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "passwd").write_text("root:x:0:0:secret-first-line\n")
    (outside / "jobs.jsonl").write_text('{"title": "Stolen", "url": "https://x.io/1"}\n')
    landing = tmp_path / "landing"
    day = landing / DAY
    day.mkdir(parents=True)
    (day / "indeed-good.jsonl").write_text('{"title": "Chef", "url": "https://a.io/1"}\n')
    (day / "indeed-binary.csv").write_bytes(bytes(range(256)) * 40)  # unreadable: would be quarantined
    (day / "indeed-passwd.csv").symlink_to(outside / "passwd")
    (day / "indeed-jobs.jsonl").symlink_to(outside / "jobs.jsonl")
    (landing / "_quarantine").symlink_to(outside, target_is_directory=True)
    before = sorted(p.name for p in outside.iterdir())

    result = dg.materialize(
        [raw_postings],
        partition_key=DAY,
        resources={"database": database, "landing_zone": LandingZoneResource(location=str(landing))},
        instance=instance_with_scrape_dates(DAY),
    )

    assert result.success
    assert sorted(p.name for p in outside.iterdir()) == before  # the linked _quarantine got no note
    with engine.connect() as conn:
        files = dict(conn.execute(sa.text("SELECT path, status FROM scrape_files")).all())
        errors = " ".join(e or "" for e in conn.execute(sa.text("SELECT error FROM scrape_files")).scalars())
        titles = conn.execute(sa.text("SELECT payload->>'title' FROM raw_postings")).scalars().all()
        ledger = dict(
            conn.execute(sa.text("SELECT item_key, error_class FROM failure_ledger WHERE NOT resolved")).all()
        )
    assert files == {
        f"{DAY}/indeed-good.jsonl": "ingested",
        f"{DAY}/indeed-binary.csv": "quarantined",
        f"{DAY}/indeed-passwd.csv": "refused",
        f"{DAY}/indeed-jobs.jsonl": "refused",
    }
    assert titles == ["Chef"] and "secret" not in errors
    assert ledger[f"{DAY}/indeed-passwd.csv"] == "RefusedFile"


def test_files_before_the_partitions_are_recorded_where_operators_look(engine: sa.Engine) -> None:
    refused = [
        RefusedFile("2019-12-31/indeed-a.csv", "dated 2019-12-31, before the first partition (2020-01-01)"),
        RefusedFile("old.csv", "no date in its path and last modified 2018-05-01", mtime=1525176000.0),
    ]
    with engine.begin() as conn:
        assert record_refused(conn, refused) == 2
        assert record_refused(conn, refused) == 2  # the sensor may report again: one row per file still
    with engine.connect() as conn:
        rows = conn.execute(sa.text("SELECT partition_date, path, status FROM scrape_files ORDER BY path")).all()
        ledger = conn.execute(sa.text("SELECT count(*) FROM failure_ledger WHERE stage = 'landing'")).scalar_one()
    assert [tuple(r) for r in rows] == [
        (date(2019, 12, 31), "2019-12-31/indeed-a.csv", "refused"),
        (date(2018, 5, 1), "old.csv", "refused"),
    ]
    assert ledger == 2

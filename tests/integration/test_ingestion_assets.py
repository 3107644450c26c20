"""Ingestion assets against the real embedded Postgres: bad inputs, idempotence, re-scrapes, backfills, samples."""

from __future__ import annotations

import csv
import gzip
import json
import shutil
from datetime import date
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


def _run(database: Any, landing: Path, day: str = DAY) -> dict[str, dict[str, Any]]:
    result = dg.materialize(
        [raw_postings, normalized_postings],
        partition_key=day,
        resources={"database": database, "landing_zone": LandingZoneResource(location=str(landing))},
        instance=instance_with_scrape_dates(day, instance=dg.DagsterInstance.ephemeral()),
    )
    assert result.success
    out = {}
    for event in result.get_asset_materialization_events():
        meta = event.materialization.metadata
        out[event.asset_key.to_user_string()] = {k: v.value for k, v in meta.items()}
    for check in result.get_asset_check_evaluations():
        out.setdefault("checks", {})[f"{check.asset_key.to_user_string()}.{check.check_name}"] = check.passed
    return out


def _jsonl(path: Path, records: list[dict[str, Any]]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(json.dumps(r) + "\n" for r in records))


def _posting(n: int, **extra: Any) -> dict[str, Any]:
    return {
        "source": "indeed",
        "source_job_id": f"in-{n}",
        "url": f"https://www.indeed.com/viewjob?jk={n}",
        "title": f"Data Engineer {n}",
        "company": "Acme",
        "location": "Austin, TX",
        "salary": "$100k-120k",
        "description": f"<p>Job {n}</p>",
        **extra,
    }


def _rows(engine: sa.Engine, sql: str) -> list[tuple[Any, ...]]:
    with engine.connect() as conn:
        return [tuple(r) for r in conn.execute(sa.text(sql))]


def test_every_bad_input_is_accounted_for_and_good_rows_land(database: Any, engine: sa.Engine, tmp_path: Path) -> None:
    day = tmp_path / DAY
    _jsonl(
        day / "indeed-good.jsonl",
        [
            _posting(1),
            _posting(1),  # duplicate row inside one file
            {"url": "https://example.com/only-a-url"},
            _posting(2, title="Robert'); DROP TABLE postings;--", company="x' OR '1'='1"),
            _posting(3, description="<div>Hello<script>steal()</script><style>p{}</style> &amp; welcome</div>"),
            _posting(4, description="y" * 2_000_000),
        ],
    )
    (day / "indeed-good.jsonl").open("a").write('{"truncated": ')
    shutil.copy(day / "indeed-good.jsonl", day / "indeed-redrop.jsonl")  # the same file under another name
    (day / "indeed-empty.jsonl").write_bytes(b"")
    (day / "indeed-blank.jsonl").write_text("\n\n")
    (day / "indeed-cut.jsonl.gz").write_bytes(gzip.compress(b'{"title": "A", "url": "https://a.io"}\n' * 99)[:30])
    (day / "indeed-binary.csv").write_bytes(bytes(range(256)) * 40)
    (day / "jobspy-notitle.csv").write_text(
        "id,site,job_url,company,location,date_posted\nin-9,indeed,https://a.io,A,B,\n"
    )
    (day / "mystery.csv").write_text("foo,bar\n1,2\n")
    (day / "board-latin1.csv").write_bytes(
        "title,job_url,company\nIngénieur,https://a.io/l1,Société\n".encode("latin-1")
    )
    (day / "board-bom.csv").write_bytes(b"\xef\xbb\xbf" + "title,job_url,company\nKöchin,https://a.io/b1,Z\n".encode())
    (day / "board-broken.csv").write_bytes(
        "title,job_url,company\nMünchen,https://a.io/x1,Ä\n".encode() + b"B\xffad,https://a.io/x2,B\n"
    )

    meta = _run(database, tmp_path)

    status = dict(_rows(engine, "SELECT path, status FROM scrape_files"))
    assert status == {
        f"{DAY}/indeed-good.jsonl": "partial",
        f"{DAY}/indeed-redrop.jsonl": "duplicate",
        f"{DAY}/indeed-empty.jsonl": "quarantined",
        f"{DAY}/indeed-blank.jsonl": "quarantined",
        f"{DAY}/indeed-cut.jsonl.gz": "quarantined",
        f"{DAY}/indeed-binary.csv": "quarantined",
        f"{DAY}/jobspy-notitle.csv": "quarantined",
        f"{DAY}/mystery.csv": "quarantined",
        f"{DAY}/board-latin1.csv": "ingested",
        f"{DAY}/board-bom.csv": "ingested",
        f"{DAY}/board-broken.csv": "ingested",
    }
    errors = dict(_rows(engine, "SELECT path, error FROM scrape_files WHERE status = 'quarantined'"))
    assert "zero-byte" in errors[f"{DAY}/indeed-empty.jsonl"] and "gzip" in errors[f"{DAY}/indeed-cut.jsonl.gz"]
    assert "missing required column" in errors[f"{DAY}/jobspy-notitle.csv"]
    assert "unknown layout" in errors[f"{DAY}/mystery.csv"]
    assert (tmp_path / "_quarantine" / DAY / "mystery.csv.json").exists()  # marked, left where it was
    assert _rows(engine, f"SELECT duplicate_of FROM scrape_files WHERE path = '{DAY}/indeed-redrop.jsonl'") == [
        (f"{DAY}/indeed-good.jsonl",)
    ]

    titles = dict(_rows(engine, "SELECT source_job_id, title FROM normalized_postings WHERE source = 'indeed'"))
    assert titles["in-2"] == "Robert'); DROP TABLE postings;--"
    assert set(titles) == {"in-1", "in-2", "in-3", "in-4"}  # the duplicate row is one posting
    text = _rows(
        engine, "SELECT description_text, description_html FROM normalized_postings WHERE source_job_id = 'in-3'"
    )
    assert text[0][0] == "Hello & welcome" and "script" not in text[0][1]
    companies = {r[0] for r in _rows(engine, "SELECT company_raw FROM normalized_postings")}
    assert {"Société", "Z", "Ä"} <= companies

    ledger = _rows(engine, "SELECT asset, item_key, error_class FROM failure_ledger WHERE NOT resolved")
    classes = {(a, c) for a, _, c in ledger}
    assert ("raw_postings", "UnreadableFile") in classes and ("raw_postings", "LayoutError") in classes
    assert ("raw_postings", "MalformedJson") in classes and ("raw_postings", "FieldTruncated") in classes
    assert ("normalized_postings", "MissingTitle") in classes
    assert meta["normalized_postings"]["rows_failed"] == 1
    assert meta["normalized_postings"]["duplicates_in_partition"] == 1
    assert meta["checks"]["normalized_postings.unique_posting_identity"] is True
    assert meta["checks"]["normalized_postings.required_fields_not_null"] is True
    assert meta["checks"]["normalized_postings.failure_rate"] is False  # 1 of 10 rows failed: above 2%


def test_rerun_skips_unchanged_files_and_replaces_exactly_the_partition(
    database: Any, engine: sa.Engine, tmp_path: Path
) -> None:
    _jsonl(tmp_path / DAY / "indeed-a.jsonl", [_posting(1), _posting(2)])
    _jsonl(tmp_path / "2026-11-21" / "indeed-a.jsonl", [_posting(3)])
    _run(database, tmp_path)
    _run(database, tmp_path, "2026-11-21")
    before = _rows(engine, "SELECT partition_date, posting_id, content_hash FROM normalized_postings ORDER BY 1, 2")

    again = _run(database, tmp_path)
    assert again["raw_postings"]["skipped_unchanged"] is True
    assert again["normalized_postings"]["skipped_unchanged"] is True
    assert (
        _rows(engine, "SELECT partition_date, posting_id, content_hash FROM normalized_postings ORDER BY 1, 2")
        == before
    )

    _jsonl(tmp_path / DAY / "indeed-a.jsonl", [_posting(1, title="Staff Data Engineer")])  # posting 2 went away
    changed = _run(database, tmp_path)
    assert changed["raw_postings"]["skipped_unchanged"] is False
    rows = _rows(engine, "SELECT partition_date::text, source_job_id, title FROM normalized_postings ORDER BY 1, 2")
    assert rows == [(DAY, "in-1", "Staff Data Engineer"), ("2026-11-21", "in-3", "Data Engineer 3")]
    assert _rows(engine, "SELECT count(*) FROM raw_postings WHERE partition_date = '2026-11-20'") == [(1,)]
    assert _rows(engine, "SELECT posting_key FROM postings ORDER BY 1") == [("indeed:in-1",), ("indeed:in-3",)]


def test_rescrapes_update_first_and_last_seen_in_any_order(database: Any, engine: sa.Engine, tmp_path: Path) -> None:
    days = ["2026-11-18", "2026-11-19", "2026-11-20"]
    for day in days:
        _jsonl(tmp_path / day / "indeed-a.jsonl", [_posting(1), _posting(int(day[-2:]))])
    for day in reversed(days):
        _run(database, tmp_path, day)
    seen = _rows(
        engine,
        "SELECT posting_key, first_seen::text, last_seen::text, latest_partition::text FROM postings"
        " WHERE posting_key = 'indeed:in-1'",
    )
    assert seen == [("indeed:in-1", "2026-11-18", "2026-11-20", "2026-11-20")]
    assert _rows(engine, "SELECT count(*) FROM postings") == [(4,)]
    assert _rows(engine, "SELECT count(*) FROM normalized_postings WHERE source_job_id = 'in-1'") == [(3,)]


def test_identical_file_on_another_day_is_a_rescrape_not_a_duplicate(
    database: Any, engine: sa.Engine, tmp_path: Path
) -> None:
    _jsonl(tmp_path / "2026-11-19" / "indeed-a.jsonl", [_posting(1)])
    (tmp_path / DAY).mkdir()
    shutil.copy(tmp_path / "2026-11-19" / "indeed-a.jsonl", tmp_path / DAY / "indeed-b.jsonl")
    _run(database, tmp_path, DAY)
    _run(database, tmp_path, "2026-11-19")
    assert _rows(engine, "SELECT DISTINCT status FROM scrape_files") == [("ingested",)]
    assert _rows(engine, "SELECT first_seen::text, last_seen::text FROM postings") == [("2026-11-19", DAY)]


SNAPSHOT = {
    "scrape_files": "SELECT partition_date, path, sha256, status, rows_total, rows_ok, rows_failed, duplicate_of "
    "FROM scrape_files ORDER BY 1, 2",
    "raw": "SELECT partition_date, raw_id, file_path, row_number, format, source, payload::text FROM raw_postings "
    "ORDER BY 1, 2",
    "normalized": "SELECT partition_date, posting_id, posting_key, title_normalized, city, salary_annual_min, "
    "content_hash, extra::text FROM normalized_postings ORDER BY 1, 2",
    "postings": "SELECT posting_id, posting_key, first_seen, last_seen, latest_partition, status FROM postings "
    "ORDER BY 1",
}


def _snapshot(engine: sa.Engine) -> dict[str, list[tuple[Any, ...]]]:
    return {name: _rows(engine, sql) for name, sql in SNAPSHOT.items()}


def test_three_day_backfill_equals_three_separate_runs(database: Any, engine: sa.Engine, tmp_path: Path) -> None:
    days = ["2026-11-18", "2026-11-19", "2026-11-20"]
    for i, day in enumerate(days):
        _jsonl(tmp_path / day / "indeed-a.jsonl", [_posting(1), _posting(10 + i), _posting(20, title=f"v{i}")])
        _jsonl(
            tmp_path / day / "linkedin-b.jsonl", [{"source": "linkedin", "title": "Cook", "url": f"https://a.io/{i}"}]
        )
    for day in days:
        _run(database, tmp_path, day)
    separate = _snapshot(engine)
    assert len(separate["postings"]) == 8  # in-1, in-10..12, in-20 and three URL-only identities

    with engine.begin() as conn:  # start over, then backfill the range the way the UI does: one run per day
        conn.execute(
            sa.text("TRUNCATE scrape_files, raw_postings, normalized_postings, postings, ingestion_partitions")
        )
    backfill = dg.materialize(
        [raw_postings, normalized_postings],
        partition_key="2026-11-20",
        resources={"database": database, "landing_zone": LandingZoneResource(location=str(tmp_path))},
        instance=instance_with_scrape_dates("2026-11-20", instance=dg.DagsterInstance.ephemeral()),
    )
    assert backfill.success
    for day in ("2026-11-18", "2026-11-19"):  # the backfill's remaining runs, in whatever order they finish
        _run(database, tmp_path, day)
    assert _snapshot(engine) == separate
    assert raw_postings.backfill_policy == dg.BackfillPolicy.multi_run(max_partitions_per_run=1)


def test_jobspy_csv_written_from_jobspy_models_lands(database: Any, engine: sa.Engine, tmp_path: Path) -> None:
    from jobspy.model import CompensationInterval, Country, JobPost, JobType, Location

    posts = [
        JobPost(
            id=f"in-{n}",
            site="indeed",
            job_url=f"https://www.indeed.com/viewjob?jk={n}",
            title="Nurse (m/w/d)",
            company="Clinic",
            location=Location(city="Boston", state="MA", country=Country.USA),
            date_posted=date(2026, 11, 19),
            job_type=[JobType.PART_TIME],
            interval=CompensationInterval.HOURLY,
            min_amount=40,
            max_amount=50,
            currency="USD",
            description="**Care**",
        )
        for n in range(3)
    ]
    rows = [p.model_dump() for p in posts]
    path = tmp_path / DAY / "indeed-jobspy.csv"
    path.parent.mkdir(parents=True)
    with path.open("w", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]), quoting=csv.QUOTE_NONNUMERIC)
        writer.writeheader()
        writer.writerows(rows)
    meta = _run(database, tmp_path)
    assert meta["raw_postings"]["rows_by_format"] == {"jobspy/csv": 3}
    got = _rows(
        engine,
        "SELECT posting_key, title_normalized, region, employment_type, salary_annual_max "
        "FROM normalized_postings ORDER BY 1",
    )
    assert got[0] == ("indeed:in-0", "Nurse", "MA", "part_time", 104000)


def test_shared_real_export_lands_through_the_sensor(
    database: Any, engine: sa.Engine, tmp_path: Path, shared_data: Path
) -> None:
    from sensors.new_scrapes import new_scrapes_sensor

    landing = tmp_path / "landing"
    target = landing / "2025-03-07" / "jobspy_export_2025-03-07.csv"
    target.parent.mkdir(parents=True)
    shutil.copy(shared_data / "real_samples" / "jobspy_export_2025-03-07.csv", target)
    other = landing / "2025-03-07" / "indeed_linkedin_israel_jobs.csv"
    shutil.copy(shared_data / "real_samples" / "indeed_linkedin_israel_jobs.csv", other)
    resource = LandingZoneResource(location=str(landing))
    context = {"landing_zone": resource, "database": database}
    assert not new_scrapes_sensor(dg.build_sensor_context(resources=context)).run_requests  # files settle first
    tick = new_scrapes_sensor(dg.build_sensor_context(resources=context))
    assert isinstance(tick, dg.SensorResult) and tick.run_requests
    assert [r.partition_key for r in tick.run_requests] == ["2025-03-07"]
    _run(database, landing, "2025-03-07")
    formats = dict(_rows(engine, "SELECT format, count(*) FROM raw_postings GROUP BY 1"))
    assert formats == {"jobspy_export/csv": 61, "url_title_company/csv": 172}
    counts = _rows(engine, "SELECT count(*), count(DISTINCT source) FROM normalized_postings")
    assert counts[0][0] > 200 and counts[0][1] >= 3
    assert _rows(engine, "SELECT count(*) FROM normalized_postings WHERE canonical_url LIKE '%utm_%'") == [(0,)]

"""Hostile rows cost themselves, never the day: out-of-range dates and numbers, rows nested 600 levels deep.

Each case runs the whole daily job; the promise is that every stage succeeds, the good rows are published, and
rows in = rows landed + rows ledgered.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from tests.integration.pipeline_days import failed_steps, run_days

pytestmark = [pytest.mark.integration, pytest.mark.slow]

DAY1, DAY2 = "2026-11-20", "2026-11-21"
JOBS = [
    ("Data Engineer", "Austin, TX", "build pipelines in Python and SQL on PostgreSQL and run our analytics platform"),
    ("Registered Nurse", "Denver, CO", "care for patients on the cardiology ward, chart in Epic and mentor students"),
    ("Line Cook", "Portland, OR", "prepare the grill station, keep the walk-in organized and plate for 200 covers"),
    ("Electrician", "Tulsa, OK", "install commercial wiring, read blueprints and pass city inspections on time"),
    ("Accountant", "Boise, ID", "close the monthly books, reconcile bank accounts and prepare the tax filings"),
    ("Truck Driver", "Omaha, NE", "haul refrigerated freight on regional routes and keep the logbook current"),
    ("Pharmacist", "Reno, NV", "verify prescriptions, counsel patients and manage the controlled-substance stock"),
    ("Welder", "Wichita, KS", "fabricate steel frames with MIG and TIG, read drawings and inspect every seam"),
    ("Teacher", "Dayton, OH", "teach grade five mathematics, plan lessons and meet parents every term"),
    ("Plumber", "Fresno, CA", "repair and install residential pipes, water heaters and drains on service calls"),
]


def _posting(n: int, **extra: Any) -> dict[str, Any]:
    title, place, duties = JOBS[n % len(JOBS)]
    employer = ["Northwind", "Contoso", "Fabrikam", "Initech", "Umbrella", "Globex", "Hooli", "Vandelay", "Acme",
                "Stark"][n % len(JOBS)]  # fmt: skip
    return {
        "source": "indeed",
        "source_job_id": f"in-{n}",
        "url": f"https://www.indeed.com/viewjob?jk={n}",
        "title": title,
        "company": f"{employer} Inc",
        "location": place,
        "salary": "$60k-80k",
        "description": f"<p>{employer} is hiring a {title.lower()} in {place} to {duties}.</p>"
        "<p>Full time, benefits from day one, paid training and a pension plan. Apply with your resume.</p>",
        **extra,
    }


def _write(landing: Path, day: str, name: str, lines: list[str]) -> None:
    folder = landing / day
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text("".join(line + "\n" for line in lines))


def test_bc_expiry_and_huge_numbers_do_not_fail_the_day_nor_spread(
    database: Any, engine: sa.Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    landing = tmp_path / "landing"
    poison = _posting(
        1,
        expires_at="0001-01-01T00:00:00+14:00",
        date_posted="0001-01-01",
        salary_min=1e308,
        salary_max="9" * 400,
    )
    _write(landing, DAY1, "indeed-a.jsonl", [json.dumps(poison)] + [json.dumps(_posting(n)) for n in range(2, 6)])
    # The next day sees the same job again on another board: a duplicate that joins the poisoned one's cluster.
    again = {**poison, "source": "linkedin", "source_job_id": "li-1", "url": "https://www.linkedin.com/jobs/view/1"}
    _write(landing, DAY2, "linkedin-a.jsonl", [json.dumps(again), json.dumps(_posting(7))])

    results = run_days(landing, [DAY1, DAY2, DAY1], monkeypatch)  # the last one is a retry of the first day

    assert [failed_steps(r) for r in results] == [{}, {}, {}]
    with engine.connect() as conn:
        expiries = conn.execute(sa.text("SELECT min(expires_at), max(expires_at) FROM normalized_postings")).one()
        assert all(e.year >= 2000 for e in expiries)
        pay = conn.execute(
            sa.text("SELECT salary_min, salary_annual_max FROM normalized_postings WHERE source_job_id = 'in-1'")
        ).one()
        assert pay == (None, None)
        notes = conn.execute(
            sa.text(
                "SELECT message FROM failure_ledger WHERE asset = 'normalized_postings' "
                "AND error_class = 'FieldOutOfRange' AND partition_key = :p"
            ),
            {"p": DAY1},
        ).scalars()
        message = " ".join(notes)
        assert "expires_at" in message and "date_posted" in message and "salary" in message
        published = conn.execute(sa.text("SELECT count(*) FROM published_postings")).scalar_one()
    assert published >= 5  # four good postings of day 1, the poisoned job's cluster, the new day-2 job


def test_a_row_nested_600_levels_is_ledgered_and_the_good_rows_land(
    database: Any, engine: sa.Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    landing = tmp_path / "landing"
    deep = json.dumps(_posting(0))[:-1] + ', "extra": ' + "[" * 600 + "]" * 600 + "}"
    deeper = '{"title": "x", "nest": ' + "[" * 100_000 + "]" * 100_000 + "}"  # beyond the JSON parser's limit
    good = [json.dumps(_posting(n)) for n in range(1, 10)]
    _write(landing, DAY1, "indeed-deep.jsonl", [deep, *good[:5], deeper, *good[5:]])

    (result,) = run_days(landing, [DAY1], monkeypatch)

    assert failed_steps(result) == {}
    with engine.connect() as conn:
        landed = conn.execute(sa.text("SELECT count(*) FROM raw_postings")).scalar_one()
        ledgered = conn.execute(
            sa.text(
                "SELECT item_key, error_class FROM failure_ledger WHERE asset = 'raw_postings' AND NOT resolved "
                "ORDER BY item_key"
            )
        ).all()
        file_row = conn.execute(sa.text("SELECT status, rows_ok, rows_failed FROM scrape_files")).one()
        published = conn.execute(sa.text("SELECT count(*) FROM published_postings")).scalar_one()
    assert landed == 9 and published == 9
    assert [cls for _, cls in ledgered] == ["RowTooComplex", "RowTooComplex"]
    assert {key.rsplit("#", 1)[1] for key, _ in ledgered} == {"1", "7"}
    assert tuple(file_row) == ("partial", 9, 2)  # rows in (11) = rows landed (9) + rows ledgered (2)

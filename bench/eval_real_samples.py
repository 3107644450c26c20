"""Ingestion on real scrape samples: how many rows the readers and the normalizer keep, and what they fill in.

The files in ../shared/data/real_samples/ are real exports in layouts this project did not design (a JobSpy
fork's own column names; a three-column title/company/url list). Each goes through the same plain functions the
raw_postings and normalized_postings assets use (read_scrape_file, layout mapping, normalize_record), with no
database. Figures: rows read, rows failed (file-level or row-level), and the share of kept rows with each field
filled: title, company, location parsed to a city and to a country, salary with its interval.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from bench.eval_common import Section, at_most
from hirehound.ingestion.layouts import load_layouts
from hirehound.ingestion.normalize import RowRejected, normalize_record
from hirehound.ingestion.readers import read_scrape_file
from hirehound.ingestion.scrape_date import board_from_name

COMMAND = "PYTHONPATH=$PWD .venv/bin/python -m bench.evaluate --only real_samples --out /tmp/eval_real_samples.md"
SCRAPE_DATE = date(2025, 3, 7)  # the export's own date; only relative dates ("3 days ago") depend on it


def _filled(rows: list[dict[str, Any]], test: Any) -> float:
    return sum(1 for r in rows if test(r)) / len(rows) if rows else 0.0


def measure(path: Path) -> dict[str, Any]:
    """Counts and fill shares of one file, read and normalized the way ingestion does."""
    layouts = load_layouts()
    parsed = read_scrape_file(str(path), path.read_bytes(), layouts)
    layout = next(lay for lay in layouts if lay.name == parsed.layout)
    kept: list[dict[str, Any]] = []
    rejected: dict[str, int] = {}
    for number, payload in parsed.rows:
        try:
            native = layout.to_native(payload)
            kept.append(normalize_record(native, scrape_date=SCRAPE_DATE, raw_id=f"{path.name}:{number}",
                                         file_board=board_from_name(path.name)))  # fmt: skip
        except RowRejected as exc:
            reason = str(exc.args[0]) if exc.args else "RowRejected"
            rejected[reason] = rejected.get(reason, 0) + 1
    read = len(parsed.rows) + len(parsed.problems)
    return {
        "layout": parsed.layout,
        "encoding": parsed.encoding,
        "read": read,
        "failed": len(parsed.problems) + sum(rejected.values()),
        "rejected": rejected,
        "title": _filled(kept, lambda r: bool(r["title"])),
        "company": _filled(kept, lambda r: bool(r["company_raw"])),
        "location given": _filled(kept, lambda r: bool(r["location_raw"])),
        "city": _filled(kept, lambda r: bool(r["city"])),
        "country": _filled(kept, lambda r: bool(r["country_code"])),
        "salary with interval": _filled(
            kept, lambda r: (r["salary_min"] is not None or r["salary_max"] is not None) and bool(r["salary_period"])
        ),
        "salary given": _filled(kept, lambda r: r["salary_min"] is not None or r["salary_max"] is not None),
        "description": _filled(kept, lambda r: bool(r["description_text"])),
    }


def evaluate(shared: Path | None) -> Section:
    section = Section("Ingestion on real scrape samples", command=COMMAND)
    folder = shared / "real_samples" if shared else None
    files = sorted(folder.glob("*.csv")) if folder and folder.is_dir() else []
    if not files:
        section.skipped = "../shared/data/real_samples/ is absent"
        return section
    notes = []
    for path in files:
        try:
            m = measure(path)
        except Exception as exc:  # a file ingestion refuses is a figure, not a crash of the whole evaluation
            section.add(path.name, "file refused", f"{type(exc).__name__}: {exc}"[:200])
            continue
        section.add(path.name, "rows read", m["read"], note=f"layout {m['layout']}, {m['encoding']}")
        failed_share = m["failed"] / m["read"] if m["read"] else 0.0
        section.add(path.name, "rows failed", m["failed"])
        section.add(path.name, "share of rows failed", failed_share, goal=at_most(failed_share, 0.01))
        for field in ("title", "company", "location given", "city", "country", "salary given", "salary with interval",
                      "description"):  # fmt: skip
            section.add(path.name, f"share with {field}", m[field])
        if m["rejected"]:
            notes.append(f"- {path.name}: rejected rows by reason {m['rejected']}")
    section.detail = "\n".join(
        ["Shares are of the rows kept. A field the file has no column for is 0 by construction "
         "(indeed_linkedin_israel_jobs.csv has only job_url, title, company).", *notes]
    )  # fmt: skip
    return section

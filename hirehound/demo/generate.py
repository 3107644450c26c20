"""`generate_scrapes`: a landing zone of realistic daily scrape files plus the ground truth to score against.

Writes `<out>/<YYYY-MM-DD>/<board>-jobspy.csv` (JobSpy export) and `<board>-<feed>.jsonl` (native records) for each
day, and one ground-truth record per written row to a side file outside the landing zone. Same seed and arguments
give byte-identical files.
"""

from __future__ import annotations

import csv
import json
import random
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from hirehound.demo import writers
from hirehound.demo.boards import BY_NAME, JOBSPY_FILE
from hirehound.demo.simulation import Row, Simulation
from hirehound.demo.truth import truth_record


@dataclass
class Summary:
    out_dir: str
    truth_path: str
    start: date
    days: int
    rows: int = 0
    files: int = 0
    jobs: int = 0
    organizations: int = 0
    rows_per_day: dict[str, int] = field(default_factory=dict)
    row_kinds: dict[str, int] = field(default_factory=dict)  # new | duplicate | rescrape | malformed
    dup_types: dict[str, int] = field(default_factory=dict)  # FULL | PARTIAL | SEMANTIC | TEMPORAL | RESCRAPE
    spam_rows: int = 0
    template_groups: int = 0
    seconds: float = 0.0

    @property
    def duplicate_share(self) -> float:
        """Share of rows that are re-scrapes or duplicates of a job already seen."""
        return sum(self.dup_types.values()) / self.rows if self.rows else 0.0


def default_truth_path(out_dir: str | Path) -> Path:
    return Path(out_dir).resolve().parent / "ground_truth" / "ground_truth.jsonl"


def generate_scrapes(
    out_dir: str | Path,
    days: int = 7,
    per_day: int = 200,
    seed: int = 42,
    start: date | None = None,
    truth_path: str | Path | None = None,
    on_day: Callable[[int, int], None] | None = None,
) -> Summary:
    """Write `days` days of `per_day` scraped rows each under `out_dir`, and their ground truth to `truth_path`."""
    if days < 1 or per_day < 1:
        raise ValueError("days and per_day must be at least 1")
    began = time.perf_counter()
    out = Path(out_dir)
    truth = Path(truth_path) if truth_path else default_truth_path(out)
    if truth.resolve().is_relative_to(out.resolve()):
        raise ValueError(f"the ground truth must not be inside the landing zone {out} (the pipeline would read it)")
    start = start or (datetime.now(UTC).date() - timedelta(days=days - 1))
    rng = random.Random(seed)
    sim = Simulation(rng, start)
    summary = Summary(str(out), str(truth), start, days)
    kinds: Counter[str] = Counter()
    dup_types: Counter[str] = Counter()
    truth.parent.mkdir(parents=True, exist_ok=True)
    with truth.open("w", encoding="utf-8", newline="\n") as truth_file:
        for d in range(days):
            scrape_date = start + timedelta(days=d)
            rows = sim.day(d, per_day)
            by_file: dict[str, list[Row]] = {}
            for row in rows:
                p = row.posting
                name = BY_NAME[p.board].native_file if p.native else JOBSPY_FILE.format(board=p.board)
                by_file.setdefault(str(name), []).append(row)
            folder = out / scrape_date.isoformat()
            folder.mkdir(parents=True, exist_ok=True)
            for name in sorted(by_file):
                rel = f"{scrape_date.isoformat()}/{name}"
                _write_file(rng, folder / name, by_file[name], scrape_date)
                for number, row in enumerate(by_file[name], start=1):
                    record = truth_record(row, scrape_date, rel, number)
                    truth_file.write(json.dumps(record, ensure_ascii=False) + "\n")
                    kinds[row.kind] += 1
                    if record["dup_type"]:
                        dup_types[record["dup_type"]] += 1
                    summary.spam_rows += bool(record["is_spam"])
                summary.files += 1
            summary.rows_per_day[scrape_date.isoformat()] = len(rows)
            summary.rows += len(rows)
            if on_day:
                on_day(d + 1, days)
    summary.jobs = len(sim.jobs)
    summary.organizations = len({j.org.org_id for j in sim.jobs})
    summary.template_groups = len({j.template_group for j in sim.jobs if j.template_group})
    summary.row_kinds = dict(sorted(kinds.items()))
    summary.dup_types = dict(sorted(dup_types.items()))
    summary.seconds = time.perf_counter() - began
    return summary


def _write_file(rng: random.Random, path: Path, rows: list[Row], scrape_date: date) -> None:
    if path.suffix == ".csv":
        with path.open("w", encoding="utf-8", newline="") as f:
            writer = csv.writer(f, quoting=csv.QUOTE_NONNUMERIC, lineterminator="\n")
            writer.writerow(writers.JOBSPY_COLUMNS)
            for row in rows:
                values: list[Any] = (
                    writers.malformed_jobspy(row.posting, row.malformed)
                    if row.malformed
                    else writers.cached_jobspy_row(row.posting)
                )
                writer.writerow(values)
        return
    day = scrape_date.isoformat()
    with path.open("w", encoding="utf-8", newline="\n") as f:
        for row in rows:
            if row.malformed:
                f.write(writers.malformed_native(rng, row.posting, row.malformed) + "\n")
                continue
            line = writers.native_line(row.posting)
            stamp = f"{day}T{rng.randrange(24):02d}:{rng.randrange(60):02d}:{rng.randrange(60):02d}Z"
            f.write(f'{line[:-1]}, "scraped_at": "{stamp}"}}\n')

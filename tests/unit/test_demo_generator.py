"""The demo generator: deterministic files, one truth record per row, the duplicate mix the brief promises."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import subprocess
import sys
from collections import Counter, defaultdict
from datetime import date
from pathlib import Path

import pytest

from hirehound.demo import default_truth_path, generate_scrapes
from hirehound.evaluation import load_ground_truth

START = date(2026, 11, 14)


def _digest(root: Path) -> dict[str, str]:
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


@pytest.fixture(scope="module")
def week(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    root = tmp_path_factory.mktemp("demo")
    summary = generate_scrapes(root / "landing", days=7, per_day=200, seed=7, start=START)
    assert summary.seconds < 10, "a week of 200 rows/day must take seconds"
    return root / "landing", Path(summary.truth_path)


def test_same_seed_gives_byte_identical_files_and_another_seed_does_not(tmp_path: Path) -> None:
    for name, seed in (("a", 5), ("b", 5), ("c", 6)):
        generate_scrapes(tmp_path / name / "landing", days=3, per_day=120, seed=seed, start=START)
    a, b, c = (_digest(tmp_path / n) for n in "abc")
    assert a == b
    assert len(a) > 10
    assert a.keys() == c.keys() and a != c


def test_layout_and_default_truth_path(week: tuple[Path, Path]) -> None:
    landing, truth = week
    assert truth == default_truth_path(landing) == landing.parent / "ground_truth" / "ground_truth.jsonl"
    days = sorted(p.name for p in landing.iterdir())
    assert days == [f"2026-11-{d}" for d in range(14, 21)]
    names = {p.name for p in (landing / "2026-11-20").iterdir()}
    assert {"indeed-jobspy.csv", "linkedin-jobspy.csv", "glassdoor-jobspy.csv", "google-jobspy.csv"} <= names
    assert {"careers-ats.jsonl", "indeed-api.jsonl"} <= names


def test_truth_inside_landing_zone_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="landing zone"):
        generate_scrapes(tmp_path / "landing", days=1, per_day=10, truth_path=tmp_path / "landing" / "t.jsonl")


def _file_rows(path: Path) -> int:
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".csv":
        return sum(1 for _ in csv.reader(io.StringIO(text, newline=""))) - 1
    return sum(1 for line in text.splitlines() if line.strip())


def test_one_truth_record_per_written_row(week: tuple[Path, Path]) -> None:
    landing, truth_path = week
    rows = load_ground_truth(truth_path)
    per_file: dict[str, list[int]] = defaultdict(list)
    for r in rows:
        per_file[r.file].append(r.row)
    files = {p.relative_to(landing).as_posix(): p for p in landing.rglob("*.*")}
    assert per_file.keys() == files.keys()
    for rel, numbers in per_file.items():
        assert sorted(numbers) == list(range(1, _file_rows(files[rel]) + 1)), rel
    assert len(rows) == 7 * 200


def test_duplicate_mix_spam_and_malformed_rows(week: tuple[Path, Path]) -> None:
    rows = load_ground_truth(week[1])
    types = Counter(r.dup_type for r in rows)
    assert {"FULL", "PARTIAL", "SEMANTIC", "TEMPORAL", "RESCRAPE"} <= types.keys()
    repeated = sum(n for t, n in types.items() if t) / len(rows)
    assert 0.4 <= repeated <= 0.7
    later = [r for r in rows if r.scrape_date == "2026-11-20"]
    assert sum(r.dup_type == "RESCRAPE" for r in later) >= len(later) * 0.45
    spam = sum(r.is_spam for r in rows) / len(rows)
    assert 0.02 <= spam <= 0.07
    assert {r.malformed_kind for r in rows if r.is_malformed} >= {"missing_title", "url_only"}
    # the first day has no re-scrapes; a re-scrape repeats an identity seen on an earlier day
    seen: dict[str, str] = {}
    for r in sorted(rows, key=lambda r: (r.scrape_date, r.file, r.row)):
        if r.dup_type == "RESCRAPE":
            assert r.posting_id in seen and seen[r.posting_id] < r.scrape_date
        elif not r.is_malformed:
            assert r.posting_id not in seen
            seen[str(r.posting_id)] = r.scrape_date


def test_temporal_reposts_come_days_later_and_duplicates_keep_the_job(week: tuple[Path, Path]) -> None:
    rows = [r for r in load_ground_truth(week[1]) if not r.is_malformed]
    first_day: dict[str, str] = {}
    for r in sorted(rows, key=lambda r: r.scrape_date):
        first_day.setdefault(r.job_id, r.scrape_date)
    temporal = [r for r in rows if r.dup_type == "TEMPORAL"]
    assert temporal
    for r in temporal:
        assert (date.fromisoformat(r.scrape_date) - date.fromisoformat(first_day[r.job_id])).days >= 3
    by_job: dict[str, set[str | None]] = defaultdict(set)
    for r in rows:
        by_job[r.job_id].add(r.org_id)
    assert all(len(orgs) == 1 for orgs in by_job.values())


def test_templates_and_shared_texts_are_distinct_jobs(week: tuple[Path, Path]) -> None:
    rows = [r for r in load_ground_truth(week[1]) if not r.is_malformed and r.dup_type is None]
    groups: dict[str, list] = defaultdict(list)
    for r in rows:
        if r.template_group:
            groups[r.template_group].append(r)
    assert groups
    for members in groups.values():
        assert len({m.job_id for m in members}) == len(members) >= 2
        assert len({m.org_id for m in members}) == 1
    shared: dict[str, set[str | None]] = defaultdict(set)
    for r in rows:
        if r.shared_text_group:
            shared[r.shared_text_group].add(r.org_id)
    assert any(len(orgs) == 2 for orgs in shared.values())


def test_organizations_and_spellings(week: tuple[Path, Path]) -> None:
    rows = load_ground_truth(week[1])
    spellings: dict[str, set[str]] = defaultdict(set)
    for r in rows:
        if r.org_id and r.company_spelling:
            spellings[r.org_id].add(r.company_spelling)
    assert len(spellings) >= 70
    assert sum(len(s) > 1 for s in spellings.values()) >= 40
    kinds = {r.org_kind for r in rows}
    assert kinds == {"employer", "staffing_agency", "confidential"}


def test_descriptions_are_long_and_mention_skills(week: tuple[Path, Path]) -> None:
    landing, truth_path = week
    spam_ids = {r.source_job_id for r in load_ground_truth(truth_path) if r.is_spam}
    lengths = []
    for line in (landing / "2026-11-16" / "careers-ats.jsonl").read_text(encoding="utf-8").splitlines():
        try:
            rec = json.loads(line)
        except ValueError:
            continue  # a deliberately broken line
        if rec.get("source_job_id") in spam_ids or "description" not in rec:
            continue
        assert rec["description"].startswith("<div")
        lengths.append(len(rec["description"].split()))
    assert lengths and 150 <= sorted(lengths)[len(lengths) // 2] <= 400


def test_identical_across_processes_with_different_hash_seeds(tmp_path: Path) -> None:
    """Nothing may depend on set or dict-of-str ordering under hash randomisation."""
    code = (
        "import sys; from datetime import date; from hirehound.demo import generate_scrapes; "
        "generate_scrapes(sys.argv[1], days=2, per_day=80, seed=3, start=date(2026, 11, 1))"
    )
    for h in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": h}
        subprocess.run([sys.executable, "-c", code, str(tmp_path / h / "landing")], env=env, check=True)
    assert _digest(tmp_path / "1") == _digest(tmp_path / "2")

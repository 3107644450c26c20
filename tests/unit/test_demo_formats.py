"""Demo files are what ingestion really meets: JobSpy's exact columns written like pandas, native records it reads,
and ground-truth posting ids equal to the ones ingestion derives."""

from __future__ import annotations

import csv
import io
from collections import Counter
from datetime import date
from pathlib import Path

import pytest

from hirehound.demo import generate_scrapes
from hirehound.demo.writers import JOBSPY_COLUMNS
from hirehound.evaluation import load_ground_truth
from hirehound.ingestion.layouts import layout_by_name, load_layouts
from hirehound.ingestion.normalize import RowRejected, normalize_record
from hirehound.ingestion.readers import read_scrape_file
from hirehound.ingestion.urls import ats_job


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    root = tmp_path_factory.mktemp("formats")
    summary = generate_scrapes(root / "landing", days=4, per_day=300, seed=11, start=date(2026, 11, 17))
    return root / "landing", Path(summary.truth_path)


def test_jobspy_columns_are_jobposts_fields() -> None:
    model = pytest.importorskip("jobspy.model", reason="python-jobspy (dev extra) not installed")
    assert tuple(model.JobPost.model_fields) == JOBSPY_COLUMNS


def test_jobspy_csv_is_written_as_pandas_to_csv_quote_nonnumeric(demo: tuple[Path, Path]) -> None:
    pd = pytest.importorskip("pandas")
    for path in sorted(demo[0].rglob("*-jobspy.csv"))[:6]:
        text = path.read_text(encoding="utf-8")
        frame = pd.read_csv(io.StringIO(text), dtype={"id": str})
        assert tuple(frame.columns) == JOBSPY_COLUMNS
        again = frame.to_csv(quoting=csv.QUOTE_NONNUMERIC, index=False)
        assert again == text, path.name


def test_every_row_reads_and_truth_ids_match_ingestion(demo: tuple[Path, Path]) -> None:
    landing, truth_path = demo
    truth = {(r.file, r.row): r for r in load_ground_truth(truth_path)}
    layouts = load_layouts()
    outcomes: Counter[tuple[str | None, str]] = Counter()
    ats_links = 0
    for path in sorted(landing.rglob("*.*")):
        rel = path.relative_to(landing).as_posix()
        rows = read_scrape_file(rel, path.read_bytes(), layouts)
        assert rows.layout == ("jobspy" if path.suffix == ".csv" else "native")
        layout = layout_by_name(rows.layout, layouts)
        for problem in rows.problems:
            outcomes[(truth[(rel, problem.row_number)].malformed_kind, problem.error_class)] += 1
        for number, row in rows.rows:
            t = truth[(rel, number)]
            try:
                out = normalize_record(layout.to_native(row), scrape_date=date.fromisoformat(rel[:10]), raw_id="r")
            except RowRejected:
                outcomes[(t.malformed_kind, "rejected")] += 1
                continue
            assert out["posting_id"] == t.posting_id, (rel, number)
            assert out["source"] == t.source
            outcomes[(t.malformed_kind, "ok")] += 1
            ats_links += ats_job(out["apply_url"]) is not None
    assert outcomes[(None, "ok")] == sum(1 for r in truth.values() if not r.is_malformed)
    bad = {kind for (kind, result) in outcomes if kind and result != "ok"}
    assert bad and bad <= {"broken_json", "missing_title", "url_only"}
    assert all(result in ("MalformedJson", "ok") for (kind, result) in outcomes if kind == "broken_json")
    assert ats_links > 200  # employers' ATS job ids are there for dedup to use

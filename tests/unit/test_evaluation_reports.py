"""Ground-truth folding to postings and the one-call dedup / organization / spam reports."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from hirehound.demo import generate_scrapes
from hirehound.evaluation import (
    evaluate_dedup,
    evaluate_organizations,
    evaluate_spam,
    load_ground_truth,
    postings_truth,
)


def _rec(day: str, row: int, pid: str, job: str, dup: str | None, **kw: object) -> dict[str, object]:
    base = {"scrape_date": day, "file": f"{day}/x.jsonl", "row": row, "source": "indeed", "source_job_id": pid,
            "url": None, "posting_id": pid, "job_id": job, "dup_type": dup, "org_id": "org-a", "org_kind": "employer",
            "company_spelling": "A", "title": "T", "is_spam": False, "is_malformed": False, "malformed_kind": None,
            "template_group": None, "shared_text_group": None}  # fmt: skip
    base.update(kw)
    return base


def _write(tmp_path: Path, records: list[dict[str, object]]) -> Path:
    path = tmp_path / "truth.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


def test_postings_truth_folds_rescrapes_and_drops_malformed(tmp_path: Path) -> None:
    path = _write(tmp_path, [
        _rec("2026-11-02", 1, "p1", "j1", "RESCRAPE"),
        _rec("2026-11-01", 1, "p1", "j1", None),
        _rec("2026-11-01", 2, "p2", "j1", "SEMANTIC"),
        _rec("2026-11-01", 3, "p3", "j9", None, is_malformed=True, malformed_kind="missing_title"),
    ])  # fmt: skip
    truth = postings_truth(load_ground_truth(path))
    assert set(truth) == {"p1", "p2"}
    assert truth["p1"].dup_type is None and truth["p1"].rows == 2
    assert (truth["p1"].first_seen, truth["p1"].last_seen) == ("2026-11-01", "2026-11-02")
    assert truth["p2"].dup_type == "SEMANTIC"
    assert "p3" in postings_truth(load_ground_truth(path), include_malformed=True)


def test_dedup_report_counts_look_alike_false_merges(tmp_path: Path) -> None:
    path = _write(tmp_path, [
        _rec("2026-11-01", 1, "p1", "j1", None, template_group="t1"),
        _rec("2026-11-01", 2, "p2", "j2", None, template_group="t1"),
        _rec("2026-11-01", 3, "p3", "j1", "FULL", template_group="t1"),
        _rec("2026-11-01", 4, "p4", "j3", None, shared_text_group="s1", org_id="org-b"),
        _rec("2026-11-01", 5, "p5", "j4", None, shared_text_group="s1"),
    ])  # fmt: skip
    truth = postings_truth(load_ground_truth(path))
    report = evaluate_dedup(truth, {"p1": "c", "p2": "c", "p3": "c", "p4": "d", "p5": "d"})
    assert report.template_false_merges == 2  # p1-p2 and p3-p2 are different jobs
    assert report.shared_text_false_merges == 1
    assert report.by_type["FULL"].recall == 1.0
    assert report.overall.precision == 0.25  # 1 correct of 4 predicted pairs
    assert "pairwise F1" in report.markdown()
    orgs = evaluate_organizations(truth, {"p1": "o1", "p2": "o1", "p3": "o1", "p4": "o2", "p5": "o1"})
    assert orgs.precision == 1.0 and orgs.recall == 1.0


def test_reports_on_generated_truth(tmp_path: Path) -> None:
    summary = generate_scrapes(tmp_path / "landing", days=5, per_day=150, seed=3, start=date(2026, 11, 1))
    truth = postings_truth(load_ground_truth(summary.truth_path))
    perfect = evaluate_dedup(truth, {pid: t.job_id for pid, t in truth.items()})
    assert perfect.overall.f1 == 1.0 and perfect.template_false_merges == 0
    assert {"FULL", "PARTIAL", "SEMANTIC", "TEMPORAL"} <= perfect.by_type.keys()
    # clustering by template group merges distinct jobs: precision must drop
    lumped = evaluate_dedup(truth, {pid: t.template_group or t.job_id for pid, t in truth.items()})
    assert lumped.template_false_merges > 0 and lumped.overall.precision < 1.0
    spam = evaluate_spam(truth, {pid: t.is_spam for pid, t in truth.items()})
    assert spam.f1 == 1.0 and spam.true_positives > 0
    everyone_spam = evaluate_spam(truth, dict.fromkeys(truth, True))
    assert everyone_spam.precision < 0.1

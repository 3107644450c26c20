"""The fraud and real-sample eval sections: base-rate arithmetic, clean skips, samples read as ingestion does."""

from __future__ import annotations

from pathlib import Path

import pytest

from bench import eval_fraud, eval_real_samples, fraud_data


def test_precision_at_base_rate() -> None:
    precision, f1 = eval_fraud.at_base_rate(recall=0.5, false_positive_rate=0.0)
    assert precision == 1.0 and f1 == pytest.approx(2 / 3)
    precision, _ = eval_fraud.at_base_rate(recall=1.0, false_positive_rate=fraud_data.BASE_RATE)
    # As many false alarms as frauds: half the flagged ads are frauds (up to the base rate's own share).
    assert precision == pytest.approx(1 / (2 - fraud_data.BASE_RATE), rel=1e-6)
    assert eval_fraud.at_base_rate(0.0, 0.0) == (1.0, 0.0)


def test_fraud_section_skips_with_the_recipe_when_the_cache_is_empty(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(fraud_data, "FOLDER", tmp_path)
    section = eval_fraud.evaluate(None)
    assert section.skipped and "grv7-deve/fakejobpost" in section.skipped and not section.figures


def test_fraud_cache_with_other_content_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(fraud_data, "FOLDER", tmp_path)
    for f in fraud_data.FILES:
        (tmp_path / f.name).write_text("title,fraudulent\nx,1\n")
    assert "expected sha256" in (fraud_data.missing_reason() or "")


def test_real_samples_skip_without_shared_data() -> None:
    assert eval_real_samples.evaluate(None).skipped


def test_real_jobspy_sample_is_read_and_normalized(shared_data: Path) -> None:
    m = eval_real_samples.measure(shared_data / "real_samples" / "jobspy_export_2025-03-07.csv")
    assert m["read"] == 61 and m["failed"] == 0 and m["layout"] == "jobspy_export"
    assert m["title"] == 1.0 and 0.5 < m["country"] <= 1.0

"""`hirehound demo scrapes` as a user types it."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from hirehound.cli.main import app


def test_demo_scrapes_command_writes_files_and_truth(tmp_path: Path) -> None:
    out, truth = tmp_path / "landing", tmp_path / "gt" / "truth.jsonl"
    args = ["demo", "scrapes", "--days", "2", "--per-day", "60", "--out", str(out), "--start", "2026-11-19"]
    result = CliRunner().invoke(app, [*args, "--seed", "4", "--truth", str(truth)])
    assert result.exit_code == 0, result.output
    assert "wrote 120 rows" in result.output
    assert sorted(p.name for p in out.iterdir()) == ["2026-11-19", "2026-11-20"]
    assert len(truth.read_text().splitlines()) == 120


def test_demo_scrapes_rejects_a_bad_start_and_truth_inside_landing(tmp_path: Path) -> None:
    runner = CliRunner()
    bad = runner.invoke(app, ["demo", "scrapes", "--out", str(tmp_path), "--start", "2026-13-01"])
    assert bad.exit_code != 0 and "YYYY-MM-DD" in bad.output
    inside = runner.invoke(app, ["demo", "scrapes", "--out", str(tmp_path), "--truth", str(tmp_path / "t.jsonl")])
    assert inside.exit_code == 1 and "landing zone" in inside.output

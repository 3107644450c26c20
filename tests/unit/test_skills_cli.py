"""`hirehound skills extract`: one JSON line per input line, in order, with offsets into the line."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from hirehound.cli.main import app


def test_extract_json_lines_words_only() -> None:
    lines = ["Python, SQL and great Customer Service skills", "", "Experience with Kubernetes (k8s)"]
    result = CliRunner().invoke(app, ["skills", "extract", "--json", "--words-only"], input="\n".join(lines) + "\n")
    assert result.exit_code == 0, result.output
    out = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(out) == 3 and out[1] == {"skills": []}
    first = out[0]["skills"]
    assert [s["skill_id"] for s in first] == ["tech.python", "tech.sql", "biz.customer_service"]
    for s in first:
        assert lines[0][s["start"] : s["end"]] == s["surface"] and s["score"] == 1.0 and s["method"] == "literal"
        assert set(s) >= {"skill_id", "esco_uri", "esco_label", "label", "score", "start", "end", "surface"}
    assert first[0]["esco_uri"].endswith("ccd0a1d9-afda-43d9-b901-96344886e14d")
    assert [s["skill_id"] for s in out[2]["skills"]] == ["tech.kubernetes"]  # "k8s" is the same skill, listed once


def test_extract_table_words_only() -> None:
    result = CliRunner().invoke(app, ["skills", "extract", "--words-only"], input="We use Python daily\n")
    assert result.exit_code == 0 and "Python" in result.stdout and "literal" in result.stdout

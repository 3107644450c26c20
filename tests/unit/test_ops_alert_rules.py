"""The alert rules are valid (`promtool check rules`) and fire when they should (`promtool test rules`), the
scrape config is valid, and the Grafana dashboard only graphs metrics the endpoint exports."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

DEPLOY = Path(__file__).resolve().parents[2] / "deploy"
PROMTOOL = shutil.which("promtool")
needs_promtool = pytest.mark.skipif(
    PROMTOOL is None, reason="promtool not installed (apt-get install -y prometheus; `make monitoring-tools`)"
)


def _promtool(*args: str) -> subprocess.CompletedProcess[str]:
    assert PROMTOOL is not None
    return subprocess.run([PROMTOOL, *args], capture_output=True, text=True, timeout=120, check=False)


@needs_promtool
def test_rules_are_valid() -> None:
    result = _promtool("check", "rules", str(DEPLOY / "prometheus" / "alerts.yml"))
    assert result.returncode == 0, result.stdout + result.stderr


@needs_promtool
def test_scrape_config_is_valid() -> None:
    result = _promtool("check", "config", str(DEPLOY / "prometheus" / "prometheus.yml"))
    assert result.returncode == 0, result.stdout + result.stderr


@needs_promtool
def test_alerts_fire_when_they_should() -> None:
    result = _promtool("test", "rules", str(DEPLOY / "prometheus" / "tests" / "alerts_test.yml"))
    assert result.returncode == 0, result.stdout + result.stderr


def test_every_alert_has_a_promtool_test() -> None:
    rules = set(re.findall(r"- alert: (\w+)", (DEPLOY / "prometheus" / "alerts.yml").read_text()))
    tested = set(re.findall(r"alertname: (\w+)", (DEPLOY / "prometheus" / "tests" / "alerts_test.yml").read_text()))
    # the endpoint's own health alerts are plain `up`/source checks; every pipeline alert is tested
    assert rules - tested == {"HirehoundIncidentsOpenLong", "HirehoundMetricsDown", "HirehoundMetricsSourceDown"}


def test_dashboard_graphs_only_exported_metrics() -> None:
    dashboard = json.loads((DEPLOY / "grafana" / "hirehound.json").read_text())
    exprs = [t["expr"] for p in dashboard["panels"] for t in p.get("targets", [])]
    assert len(exprs) >= 12
    used = {m for e in exprs for m in re.findall(r"hirehound_[a-z_]+", e)}
    source = "".join(p.read_text() for p in (Path(__file__).resolve().parents[2] / "hirehound" / "ops").glob("*.py"))
    declared = set(re.findall(r'PREFIX \+ "([a-z_]+)"', source)) | {
        "metrics_source_up", "metrics_refresh_seconds", "enrichment_requests", "enrichment_retries",
        "enrichment_rate_limited", "enrichment_breaker_open", "embedding_cache_hits", "embedding_cache_misses",
        "revalidation_requests",
    }  # fmt: skip
    known = {f"hirehound_{n}" for n in declared}
    suffixes = ("_total", "_bucket", "_sum", "_count")
    unknown = {m for m in used if m not in known and not any(m.endswith(s) and m[: -len(s)] in known for s in suffixes)}
    assert unknown == set()

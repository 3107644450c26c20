"""A real Prometheus scrapes `hirehound metrics` after an in-process demo day: its HTTP API returns the pipeline's
series with the values the tables hold (injected item failures: the ledger gauge equals the ledger count; a
failed run moves the failure counter; the step progress counters equal the rows' sums)."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import Any

import dagster as dg
import pytest
import sqlalchemy as sa

from hirehound.cli.metrics_cmd import serve
from hirehound.db.failure_ledger import ItemFailure, record_failures
from hirehound.demo import generate_scrapes
from hirehound_assets.ingestion.normalized_postings import normalized_postings
from hirehound_assets.ingestion.raw_postings import raw_postings
from hirehound_assets.organizations.organizations import organizations
from hirehound_assets.partitions import instance_with_scrape_dates
from resources.landing_zone import LandingZoneResource
from tests.browser import CHROMIUM, CHROMIUM_FLAGS
from tests.integration.prometheus_server import free_port, prometheus, query, require_prometheus, wait_for_value

pytestmark = pytest.mark.integration

DAY = date(2026, 11, 18)
RULES = Path(__file__).resolve().parents[2] / "deploy" / "prometheus" / "alerts.yml"
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "ops"


@dg.asset(partitions_def=dg.DailyPartitionsDefinition(start_date="2020-01-01"))
def broken_stage() -> None:
    raise RuntimeError("the landing zone is not mounted")


def test_prometheus_scrapes_the_pipeline_series_with_the_right_values(
    database: Any, engine: sa.Engine, tmp_path: Path
) -> None:
    require_prometheus()
    landing = tmp_path / "landing"
    generate_scrapes(landing, days=2, per_day=30, seed=3, start=DAY, truth_path=tmp_path / "truth.jsonl")
    instance = instance_with_scrape_dates(DAY, DAY + timedelta(days=1))
    resources = {"database": database, "landing_zone": LandingZoneResource(location=str(landing))}
    key = DAY.isoformat()
    assert dg.materialize(
        [raw_postings, normalized_postings, organizations], partition_key=key, resources=resources, instance=instance
    ).success
    with engine.begin() as conn:  # item failures injected the way a stage records them
        record_failures(
            conn,
            asset="posting_skills",
            partition=key,
            failures=[ItemFailure(f"p{i}", "skills", "BrokenText", "unreadable") for i in range(7)],
            run_id="r-test",
        )

    port = free_port()
    server, _ = serve("127.0.0.1", port, cache_s=0.5, instance=instance)
    try:
        with prometheus(tmp_path / "prom", f"127.0.0.1:{port}", rule_files=[RULES]) as base:
            with engine.connect() as conn:
                ledger = conn.execute(
                    sa.text("SELECT count(*) FROM failure_ledger WHERE NOT resolved AND asset = 'posting_skills'")
                ).scalar_one()
                processed = conn.execute(
                    sa.text("SELECT sum(processed) FROM step_progress WHERE asset = 'normalized_postings'")
                ).scalar_one()
                postings = conn.execute(sa.text("SELECT count(*) FROM postings")).scalar_one()
            assert ledger == 7 and processed == postings > 0
            wait_for_value(base, 'hirehound_failure_ledger_open{asset="posting_skills",reason="BrokenText"}', 7)
            wait_for_value(base, 'hirehound_items_processed_total{asset="normalized_postings"}', float(processed))
            wait_for_value(base, 'hirehound_postings{status="active"}', float(postings))
            wait_for_value(base, 'sum(hirehound_runs_total{status="SUCCESS"})', 1)
            assert query(base, 'hirehound_runs_total{status="FAILURE"}') == []
            assert {r["metric"]["source"] for r in query(base, "hirehound_metrics_source_up == 1")} == {
                "progress", "ledger", "counters", "catalogue", "database", "runs", "daemons",
            }  # fmt: skip
            assert query(base, 'hirehound_step_duration_seconds_count{asset="raw_postings"}')

            # a second demo day while Prometheus scrapes: the processed counter follows the progress rows
            day2 = (DAY + timedelta(days=1)).isoformat()
            stages = [raw_postings, normalized_postings, organizations]
            assert dg.materialize(stages, partition_key=day2, resources=resources, instance=instance).success
            with engine.connect() as conn:
                processed = conn.execute(
                    sa.text("SELECT sum(processed) FROM step_progress WHERE asset = 'normalized_postings'")
                ).scalar_one()
            assert processed > postings
            wait_for_value(base, 'hirehound_items_processed_total{asset="normalized_postings"}', float(processed))
            wait_for_value(base, 'sum(hirehound_runs_total{status="SUCCESS"})', 2)

            failed = dg.materialize([broken_stage], partition_key=key, instance=instance, raise_on_error=False)
            assert not failed.success
            wait_for_value(base, 'sum(hirehound_runs_total{status="FAILURE"})', 1)
            # the rules file loads in a real server too (promtool covers when each alert fires)
            rules = query_rules(base)
            assert {"HirehoundRunFailed", "HirehoundDaemonHeartbeatStale", "HirehoundEnrichmentBreakerOpen"} <= rules
            screenshot_graph(base, "hirehound_items_processed_total", ARTIFACTS / "prometheus-graph.png")
    finally:
        server.shutdown()


def query_rules(base: str) -> set[str]:
    import httpx

    groups = httpx.get(f"{base}/api/v1/rules", timeout=5).json()["data"]["groups"]
    return {rule["name"] for group in groups for rule in group["rules"]}


def screenshot_graph(base: str, expr: str, path: Path) -> None:
    """Prometheus's graph page for `expr`, in headless Chromium (skipped quietly without Chromium)."""
    if not CHROMIUM.exists():
        return
    import shutil
    import tempfile
    from urllib.parse import quote

    from playwright.sync_api import sync_playwright

    path.parent.mkdir(parents=True, exist_ok=True)
    profile = tempfile.mkdtemp(prefix="hhchrome")
    with sync_playwright() as pw:
        context = pw.chromium.launch_persistent_context(
            profile, executable_path=str(CHROMIUM), args=CHROMIUM_FLAGS, viewport={"width": 1400, "height": 900}
        )
        try:
            page = context.new_page()
            page.goto(f"{base}/graph?g0.expr={quote(expr)}&g0.tab=0&g0.range_input=40s", wait_until="networkidle")
            page.wait_for_selector("canvas, .graph-legend, svg", timeout=30_000)
            page.wait_for_timeout(1500)
            page.screenshot(path=str(path))
        finally:
            context.close()
            shutil.rmtree(profile, ignore_errors=True)

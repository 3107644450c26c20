"""End to end, as a user runs Hirehound: `hirehound dev`, scrape files dropped into the landing folder, the sensor
launching runs, the published catalogue, `hirehound search`, a backfill from the API the UI's button uses, and the
UI itself in headless Chromium (screenshots saved under test-artifacts/e2e/)."""

from __future__ import annotations

import json
import shutil
import subprocess
import tempfile
import time
from collections import defaultdict
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from tests.e2e.product import VENV_BIN, Product

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "e2e"
JOB = "daily_pipeline_job"
DAYS = 3
PER_DAY = 30
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    "--disable-quic",
]


class Scenario:
    def __init__(self, product: Product, dates: list[str], truth: list[dict[str, Any]]) -> None:
        self.product = product
        self.dates = dates
        self.truth = truth

    def engine(self) -> sa.engine.Engine:
        host = self.product.root / "state" / "pgdata"
        return sa.create_engine(f"postgresql+psycopg://postgres@/hirehound?host={host}")


def _wait_for_runs(product: Product, expected_partitions: set[str], timeout: float) -> list[dict[str, Any]]:
    """Poll until every expected partition has a successful run; fail fast on a failed run."""
    deadline = time.monotonic() + timeout
    runs: list[dict[str, Any]] = []
    while time.monotonic() < deadline:
        runs = product.runs(JOB)
        by_partition: dict[str, list[str]] = defaultdict(list)
        for run in runs:
            tags = {t["key"]: t["value"] for t in run["tags"]}
            by_partition[tags.get("dagster/partition", "")].append(run["status"])
        failed = [p for p, statuses in by_partition.items() if statuses and all(s == "FAILURE" for s in statuses)]
        # a failed run is retried (run_retries); only give up when nothing is left queued or running
        active = any(
            s in ("QUEUED", "STARTING", "STARTED", "NOT_STARTED")
            for statuses in by_partition.values()
            for s in statuses
        )
        if failed and not active:
            raise AssertionError(f"runs failed for partitions {failed}: {runs}")
        if all("SUCCESS" in by_partition.get(p, []) for p in expected_partitions) and not active:
            return runs
        time.sleep(3)
    raise AssertionError(f"runs for {sorted(expected_partitions)} did not all succeed within {timeout} s: {runs}")


@pytest.fixture(scope="module")
def scenario() -> Iterator[Scenario]:
    from hirehound.demo import generate_scrapes

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    root = Path(tempfile.mkdtemp(prefix="hhe2e", dir="/tmp"))  # short: Unix socket paths are length-limited
    product = Product(root)
    try:
        product.start(ARTIFACTS / "hirehound-dev.log")
        product.wait_loaded()
        # The user's scraper writes somewhere else, then drops finished files into the landing folder.
        start = datetime.now(UTC).date() - timedelta(days=DAYS - 1)
        staging = root / "staging" / "landing"
        truth_path = root / "staging" / "ground_truth.jsonl"
        generate_scrapes(staging, days=DAYS, per_day=PER_DAY, seed=7, start=start, truth_path=truth_path)
        for path in sorted(p for p in staging.rglob("*") if p.is_file()):
            target = product.landing / path.relative_to(staging)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, target)
        dates = [(start + timedelta(days=i)).isoformat() for i in range(DAYS)]
        truth = [json.loads(line) for line in truth_path.read_text().splitlines() if line.strip()]
        _wait_for_runs(product, set(dates), timeout=600)
        yield Scenario(product, dates, truth)
    finally:
        product.stop()
        shutil.rmtree(root, ignore_errors=True)


def _snapshot(engine: sa.engine.Engine) -> dict[str, list[tuple[Any, ...]]]:
    queries = {
        "normalized": "SELECT partition_date, posting_id, content_hash FROM normalized_postings ORDER BY 1, 2",
        "postings": "SELECT posting_id, first_seen, last_seen, status FROM postings ORDER BY 1",
        "organizations": "SELECT posting_id, organization_id FROM posting_organization_current ORDER BY 1",
        "clusters": "SELECT posting_id, cluster_id FROM posting_cluster_current ORDER BY 1",
        "published": "SELECT cluster_id, posting_id, title FROM published_postings ORDER BY 1",
    }
    with engine.connect() as conn:
        return {name: [tuple(r) for r in conn.execute(sa.text(sql))] for name, sql in queries.items()}


def test_sensor_ingests_dropped_files_and_publishes_the_expected_clusters(scenario: Scenario) -> None:
    engine = scenario.engine()
    with engine.connect() as conn:
        files = conn.execute(sa.text("SELECT count(*), count(DISTINCT format) FROM scrape_files")).one()
        cluster_of = dict(
            conn.execute(
                sa.text(
                    "SELECT p.posting_key, c.cluster_id FROM postings p "
                    "JOIN posting_cluster_current c USING (posting_id)"
                )
            ).all()
        )
        published = conn.execute(sa.text("SELECT count(*) FROM published_postings")).scalar_one()
    assert files[0] >= DAYS * 2 and files[1] >= 2, "native JSONL and JobSpy CSV files were both ingested"
    jobs: dict[str, set[str]] = defaultdict(set)
    templates: dict[str, set[str]] = defaultdict(set)
    for row in scenario.truth:
        if row.get("is_malformed") or not row.get("source_job_id"):
            continue
        cluster = cluster_of.get(f"{row['source']}:{row['source_job_id']}")
        if cluster is None:
            continue
        jobs[row["job_id"]].add(cluster)
        if row.get("template_group"):
            templates[row["template_group"]].add(cluster)
    assert jobs, "postings of the ground truth reached the clusters"
    split = [job for job, clusters in jobs.items() if len(clusters) > 1]
    assert len(split) <= 0.05 * len(jobs), f"duplicates of one job left in several clusters: {split[:5]}"
    for group, clusters in templates.items():
        members = sum(1 for r in scenario.truth if r.get("template_group") == group and r.get("dup_type") is None)
        assert len(clusters) == members or members < 2, f"template postings {group} were merged"
    assert 0 < published <= len(jobs)


def test_search_finds_a_known_posting(scenario: Scenario) -> None:
    with scenario.engine().connect() as conn:
        title = conn.execute(sa.text("SELECT title FROM published_postings ORDER BY cluster_id LIMIT 1")).scalar_one()
    result = subprocess.run(
        [str(VENV_BIN / "hirehound"), "search", title, "--limit", "5"],
        env=scenario.product.env,
        cwd=scenario.product.root,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert title in result.stdout


def test_backfill_from_the_api_leaves_the_tables_as_they_were(scenario: Scenario) -> None:
    engine = scenario.engine()
    before = _snapshot(engine)
    mutation = """
    mutation($params: LaunchBackfillParams!) { launchPartitionBackfill(backfillParams: $params) {
      __typename ... on LaunchBackfillSuccess { backfillId } ... on PythonError { message } } }"""
    params = {
        "selector": {
            "partitionSetName": f"{JOB}_partition_set",
            "repositorySelector": {"repositoryName": "__repository__", "repositoryLocationName": "hirehound"},
        },
        "partitionNames": scenario.dates,
    }
    launched = scenario.product.graphql(mutation, {"params": params})["launchPartitionBackfill"]
    assert launched["__typename"] == "LaunchBackfillSuccess", launched
    backfill_id = launched["backfillId"]
    query = """query($id: String!) { partitionBackfillOrError(backfillId: $id) {
      ... on PartitionBackfill { status } } }"""
    deadline = time.monotonic() + 600
    status = None
    while time.monotonic() < deadline:
        status = scenario.product.graphql(query, {"id": backfill_id})["partitionBackfillOrError"]["status"]
        if status in ("COMPLETED", "COMPLETED_SUCCESS", "FAILED", "COMPLETED_FAILED", "CANCELED"):
            break
        time.sleep(3)
    assert status in ("COMPLETED", "COMPLETED_SUCCESS"), f"backfill ended as {status}"
    _wait_for_runs(scenario.product, set(scenario.dates), timeout=300)
    assert _snapshot(engine) == before


def test_ui_shows_the_asset_graph_and_the_latest_materialization(scenario: Scenario) -> None:
    if not CHROMIUM.exists():
        pytest.skip("Debian's chromium is not installed (make test installs it with apt-get when it can)")
    from playwright.sync_api import sync_playwright

    profile = tempfile.mkdtemp(prefix="hhchrome")  # a fresh user data dir, as the environment notes require
    with sync_playwright() as pw:
        context = pw.chromium.launch_persistent_context(
            profile, executable_path=str(CHROMIUM), args=CHROMIUM_FLAGS, viewport={"width": 1600, "height": 1000}
        )
        try:
            page = context.new_page()
            base = scenario.product.url
            # Global lineage: one node per asset group, in pipeline order.
            page.goto(f"{base}/asset-groups", wait_until="networkidle", timeout=120_000)
            for group in ("ingestion", "organizations", "dedup", "publication"):
                page.get_by_text(group, exact=True).first.wait_for(timeout=60_000)
            page.screenshot(path=str(ARTIFACTS / "global-lineage.png"))
            # A group's asset graph: the assets themselves with their latest events and checks.
            page.goto(f"{base}/locations/hirehound/asset-groups/publication", wait_until="networkidle", timeout=120_000)
            for name in ("published_postings", "daily_posting_stats", "duplicate_clusters"):
                page.get_by_text(name, exact=True).first.wait_for(timeout=60_000)
            page.screenshot(path=str(ARTIFACTS / "asset-graph.png"))
            page.goto(f"{base}/assets/published_postings", wait_until="networkidle", timeout=120_000)
            page.get_by_text("Latest materialization", exact=False).first.wait_for(timeout=60_000)
            page.screenshot(path=str(ARTIFACTS / "published-postings-asset.png"))
        finally:
            context.close()
            shutil.rmtree(profile, ignore_errors=True)
    assert (ARTIFACTS / "asset-graph.png").stat().st_size > 10_000

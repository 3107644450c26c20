"""Lineage of a posting that really went through ingestion: the file, its sha256, the row and both run ids."""

import hashlib
import json
from pathlib import Path

import dagster as dg
import pytest
from typer.testing import CliRunner

from hirehound.cli.main import app
from hirehound_assets.partitions import instance_with_scrape_dates

pytestmark = pytest.mark.integration

DAY = "2026-11-20"


def test_lineage_points_at_the_scrape_file_row_and_runs(database, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    ingestion = pytest.importorskip("hirehound_assets.ingestion.raw_postings")
    from hirehound_assets.ingestion.normalized_postings import normalized_postings
    from hirehound_assets.publication.daily_posting_stats import daily_posting_stats
    from resources.landing_zone import LandingZoneResource

    folder = tmp_path / "landing" / DAY
    folder.mkdir(parents=True)
    path = folder / "linkedin-morning.jsonl"
    rows = [
        {
            "source": "linkedin",
            "source_job_id": f"L{i}",
            "url": f"https://www.linkedin.com/jobs/view/{i}",
            "title": f"Backend Engineer {i}",
            "company": "Acme Corp",
            "location": "Berlin, Germany",
            "description": "Build APIs in Go.",
            "date_posted": DAY,
        }
        for i in range(3)
    ]
    path.write_text("".join(json.dumps(r) + "\n" for r in rows))
    result = dg.materialize(
        [ingestion.raw_postings, normalized_postings],
        partition_key=DAY,
        resources={"database": database, "landing_zone": LandingZoneResource(location=str(tmp_path / "landing"))},
        instance=instance_with_scrape_dates(DAY, instance=dg.DagsterInstance.ephemeral()),
    )
    assert result.success
    monkeypatch.setenv("HIREHOUND_UI_URL", "http://ui.test")
    out = CliRunner().invoke(app, ["lineage", "https://www.linkedin.com/jobs/view/2"])
    assert out.exit_code == 0, out.output
    sha = hashlib.sha256(path.read_bytes()).hexdigest()
    assert "(linkedin:L2)" in out.output
    assert f"sha256 {sha}" in out.output and "linkedin-morning.jsonl" in out.output
    assert f"http://ui.test/runs/{result.run_id}" in out.output
    assert "not clustered yet" in out.output
    # In the daily job the stats come after published_postings, hence after ingestion; here, a run of its own.
    later = dg.materialize(
        [daily_posting_stats],
        partition_key=DAY,
        instance=instance_with_scrape_dates(DAY),
        resources={"database": database},
    )
    stats = later.asset_materializations_for_node("daily_posting_stats")[0].metadata
    assert stats["postings_seen"].value == 3 and stats["new_postings"].value == 3

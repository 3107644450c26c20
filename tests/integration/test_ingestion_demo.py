"""The demo generator's scrapes land through the sensor with no manual step (skipped until hirehound.demo exists)."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import dagster as dg
import pytest
import sqlalchemy as sa

from hirehound.ingestion.urls import canonical_url
from hirehound_assets.ingestion.normalized_postings import normalized_postings
from hirehound_assets.ingestion.raw_postings import raw_postings
from hirehound_assets.partitions import instance_with_scrape_dates
from resources.landing_zone import LandingZoneResource
from sensors.new_scrapes import new_scrapes_sensor

pytestmark = pytest.mark.integration


def test_demo_scrapes_land_through_the_sensor(database: Any, engine: sa.Engine, tmp_path: Path) -> None:
    demo = pytest.importorskip("hirehound.demo", reason="the demo generator (hirehound.demo) is not there yet")
    landing, truth_path = tmp_path / "landing", tmp_path / "ground_truth" / "ground_truth.jsonl"
    start = datetime.now(UTC).date() - timedelta(days=2)
    demo.generate_scrapes(landing, days=2, per_day=30, seed=7, start=start, truth_path=truth_path)
    resource = LandingZoneResource(location=str(landing))
    context = {"landing_zone": resource, "database": database}
    assert not new_scrapes_sensor(dg.build_sensor_context(resources=context)).run_requests  # files settle first
    tick = new_scrapes_sensor(dg.build_sensor_context(resources=context))
    assert isinstance(tick, dg.SensorResult)
    days = sorted(r.partition_key for r in tick.run_requests or [] if r.partition_key)
    assert days == [start.isoformat(), (start + timedelta(days=1)).isoformat()]
    for day in days:
        result = dg.materialize(
            [raw_postings, normalized_postings],
            partition_key=day,
            resources={"database": database, "landing_zone": resource},
            instance=instance_with_scrape_dates(day, instance=dg.DagsterInstance.ephemeral()),
        )
        assert result.success
    truth = [json.loads(line) for line in truth_path.read_text().splitlines() if line.strip()]
    expected = {
        f"{r['source']}:{r['source_job_id']}" if r.get("source_job_id") else f"url:{canonical_url(r['url'])}"
        for r in truth
        if not r.get("is_malformed")
    }
    with engine.connect() as conn:
        keys = {row[0] for row in conn.execute(sa.text("SELECT posting_key FROM postings"))}
        formats = {row[0] for row in conn.execute(sa.text("SELECT DISTINCT format FROM scrape_files"))}
    assert expected <= keys, f"missing: {sorted(expected - keys)[:5]}"
    assert len(formats) >= 2

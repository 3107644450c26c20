"""Normalized postings carry every place they name, as the stage that reads them (dedup, catalogue) compares them."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import dagster as dg
import pytest
import sqlalchemy as sa

from hirehound_assets.ingestion.normalized_postings import normalized_postings
from hirehound_assets.ingestion.raw_postings import raw_postings
from hirehound_assets.partitions import instance_with_scrape_dates
from resources.landing_zone import LandingZoneResource

pytestmark = pytest.mark.integration

DAY = "2026-11-20"
LOCATIONS = ["NYC", "New York, NY", "NYC; SF", "Remote in USA", "Remote - Texas", "Remote - Ohio", None]


def test_places_are_stored_normalized(database: Any, engine: Any, tmp_path: Path) -> None:
    landing = tmp_path / "landing"
    (landing / DAY).mkdir(parents=True)
    rows = [
        {"source": "indeed", "source_job_id": f"in-{n}", "url": f"https://www.indeed.com/viewjob?jk={n}",
         "title": "Data Engineer", "company": "Acme", "location": loc}
        for n, loc in enumerate(LOCATIONS)
    ]  # fmt: skip
    (landing / DAY / "indeed.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows))
    result = dg.materialize(
        [raw_postings, normalized_postings],
        partition_key=DAY,
        resources={"database": database, "landing_zone": LandingZoneResource(location=str(landing))},
        instance=instance_with_scrape_dates(DAY),
    )
    assert result.success
    with engine.connect() as conn:
        got = {
            r.source_job_id: (r.city, r.region, r.country_code, r.places)
            for r in conn.execute(
                sa.text("SELECT source_job_id, city, region, country_code, places FROM normalized_postings")
            )
        }
    assert got["in-0"] == got["in-1"] == ("New York City", "NY", "US", ["US/NY/New York City"])
    assert got["in-2"][3] == ["US/NY/New York City", "US/CA/San Francisco"]
    assert got["in-3"] == (None, None, "US", ["US//"])
    assert got["in-4"][3] == ["US/TX/"] and got["in-5"][3] == ["US/OH/"]
    assert got["in-6"] == (None, None, None, [])

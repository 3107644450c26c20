"""From scrape files to enriched organizations through the real ingestion assets: the Israeli board sample and a
JobSpy export with company columns (rows built with python-jobspy's own model)."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import dagster as dg
import pytest
import sqlalchemy as sa

from hirehound_assets.ingestion.normalized_postings import normalized_postings
from hirehound_assets.ingestion.raw_postings import raw_postings
from hirehound_assets.organizations.enriched_organizations import enriched_organizations
from hirehound_assets.organizations.organizations import organizations
from hirehound_assets.partitions import instance_with_scrape_dates
from resources.embedding_model import EmbeddingModelResource
from resources.enrichment_providers import EnrichmentProviderResource
from resources.landing_zone import LandingZoneResource

pytestmark = pytest.mark.integration
DAY = "2026-11-20"


def _jobspy_rows() -> list[dict[str, object]]:
    jobspy_model = pytest.importorskip("jobspy.model")
    post = jobspy_model.JobPost(
        id="li-1",
        site="linkedin",
        title="Backend Engineer",
        company="Roadrunner Freight Inc.",
        job_url="https://www.linkedin.com/jobs/view/1",
        job_url_direct="https://jobs.lever.co/roadrunner/1",
        location=jobspy_model.Location(city="Toronto", state="ON", country="Canada"),
        description="Build logistics software: freight, shipping and trucking dispatch.",
        company_url="https://www.linkedin.com/company/roadrunner-freight",
        company_url_direct="https://www.roadrunner-freight.com",
        company_logo="https://media.licdn.com/roadrunner.png",
        company_num_employees="1,001-5,000",
        company_industry="Transportation, Logistics, Supply Chain and Storage",
        company_addresses="Toronto, ON, Canada",
    )
    row = post.model_dump()
    row["location"] = "Toronto, ON, Canada"
    second = {
        **row,
        "id": "in-2",
        "site": "indeed",
        "company": "ROADRUNNER FREIGHT",
        "job_url": "https://x.indeed.com/2",
    }
    return [row, second]


def test_board_files_to_enriched_organizations(database, engine, shared_data: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    landing = tmp_path / "landing" / DAY
    landing.mkdir(parents=True)
    shutil.copy(shared_data / "real_samples" / "indeed_linkedin_israel_jobs.csv", landing / "mixed-israel.csv")
    rows = _jobspy_rows()
    columns = sorted({k for r in rows for k in r})
    with (landing / "linkedin-jobspy.csv").open("w", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=columns, quoting=csv.QUOTE_NONNUMERIC)
        writer.writeheader()
        writer.writerows({k: ("" if r.get(k) is None else r.get(k)) for k in columns} for r in rows)
    result = dg.materialize(
        [raw_postings, normalized_postings, organizations, enriched_organizations],
        partition_key=DAY,
        resources={
            "database": database,
            "landing_zone": LandingZoneResource(location=str(tmp_path / "landing")),
            "enrichment_provider": EnrichmentProviderResource(),
            "embedding_model": EmbeddingModelResource(),
        },
        instance=instance_with_scrape_dates(DAY, instance=dg.DagsterInstance.ephemeral()),
    )
    assert result.success
    assert all(c.passed for c in result.get_asset_check_evaluations() if c.check_name.startswith("every_posting"))
    with engine.connect() as conn:
        missing = conn.execute(
            sa.text(
                "SELECT count(*) FROM normalized_postings n LEFT JOIN posting_organization_current c "
                "USING (posting_id) WHERE c.organization_id IS NULL"
            )
        ).scalar_one()
        total = conn.execute(sa.text("SELECT count(*) FROM normalized_postings")).scalar_one()

        def org_of(company: str) -> set[str]:
            return set(
                conn.execute(
                    sa.text(
                        "SELECT DISTINCT c.organization_id FROM normalized_postings n "
                        "JOIN posting_organization_current c USING (posting_id) WHERE n.company_raw = :c"
                    ),
                    {"c": company},
                ).scalars()
            )

        assert total > 150 and missing == 0
        assert org_of("Unity") == org_of("Unity Technologies")
        assert org_of("Check Point Software") == org_of("Check Point Software Technologies")
        assert org_of("Jobinfo") != org_of("Experis")
        roadrunner = org_of("Roadrunner Freight Inc.")
        assert roadrunner == org_of("ROADRUNNER FREIGHT") and len(roadrunner) == 1
        org = conn.execute(
            sa.text("SELECT * FROM organizations WHERE organization_id = :o"), {"o": next(iter(roadrunner))}
        ).one()
    assert org.domain == "roadrunner-freight.com"
    assert org.logo_url == "https://media.licdn.com/roadrunner.png"
    assert org.size_band == "1001-5000"
    assert org.industry_naics == "48-49"
    assert (org.hq_city, org.hq_country_code) == ("Toronto", "CA")

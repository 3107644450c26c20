"""`organizations` + `enriched_organizations` against the real PostgreSQL, offline and with a fake HTTP API."""

from __future__ import annotations

from collections.abc import Iterator

import dagster as dg
import pytest
import sqlalchemy as sa

from hirehound_assets.organizations.enriched_organizations import enriched_organizations
from hirehound_assets.organizations.organizations import organizations
from hirehound_assets.partitions import instance_with_scrape_dates
from resources.embedding_model import EmbeddingModelResource
from resources.enrichment_providers import EnrichmentProviderResource
from tests.fake_company_api import FakeCompanyApi
from tests.integration.org_fixtures import insert_postings, posting

pytestmark = pytest.mark.integration
DAY = "2026-11-20"

JOBSPY = {
    "company_url_direct": "https://www.roadrunner.com",
    "company_num_employees": "1,001 to 5,000",
    "company_industry": "Banking",
    "company_addresses": "Toronto, ON, Canada",
    "company_logo": "https://media.com/roadrunner.png",
    "company_description": "Roadrunner Bank serves Canadians.",
}
ROWS = [
    posting("indeed", "1", "Roadrunner Bank", extra=JOBSPY),
    posting("linkedin", "2", "Roadrunner Bank Inc.", company_url="https://roadrunner.com/careers"),
    posting("indeed", "3", "Hospital Nine", description="Registered nurse for our hospital: patient care, clinic."),
    posting("indeed", "4", "Acme Corp", company_url="https://ok.com"),
    posting("indeed", "5", "Down Corp", company_url="https://down.com"),
    posting("indeed", "6", "Confidential"),
]


@pytest.fixture()
def api() -> Iterator[FakeCompanyApi]:
    server = FakeCompanyApi().start()
    yield server
    server.stop()


def _run(database, provider: EnrichmentProviderResource) -> dg.ExecuteInProcessResult:  # type: ignore[no-untyped-def]
    return dg.materialize(
        [organizations, enriched_organizations],
        partition_key=DAY,
        resources={"database": database, "enrichment_provider": provider, "embedding_model": EmbeddingModelResource()},
        instance=instance_with_scrape_dates(DAY, instance=dg.DagsterInstance.ephemeral()),
    )


def _org(engine, name: str) -> dict:  # type: ignore[no-untyped-def]
    with engine.connect() as conn:
        return dict(
            conn.execute(
                sa.text(
                    "SELECT * FROM organizations WHERE merged_into IS NULL AND organization_id IN "
                    "(SELECT organization_id FROM organization_aliases WHERE alias = :n)"
                ),
                {"n": name},
            )
            .one()
            ._mapping
        )


def test_offline_enrichment_fills_fields_with_provenance(database, engine) -> None:  # type: ignore[no-untyped-def]
    insert_postings(engine, DAY, ROWS)
    result = _run(database, EnrichmentProviderResource())
    assert result.success
    bank = _org(engine, "Roadrunner Bank")
    assert bank["domain"] == "roadrunner.com"
    assert bank["logo_url"] == "https://media.com/roadrunner.png"  # scrape beats the domain favicon
    assert bank["industry_naics"] == "52"
    assert bank["size_band"] == "1001-5000"
    assert (bank["hq_city"], bank["hq_country_code"]) == ("Toronto", "CA")
    assert bank["field_provenance"]["logo_url"]["source"] == "scrape"
    assert _org(engine, "Hospital Nine")["industry_naics"] == "62"
    meta = result.asset_materializations_for_node("enriched_organizations")[0].metadata
    assert meta["step3_http_configured"].value is False
    assert meta["organizations"].value == 4  # confidential is not enriched
    assert meta["step8_embeddings_computed"].value == 4
    with engine.connect() as conn:
        view = conn.execute(sa.text("SELECT count(*) FROM posting_organization_current")).scalar_one()
        dims = conn.execute(sa.text("SELECT DISTINCT vector_dims(embedding) FROM organization_embeddings")).all()
    assert view == len(ROWS)
    assert dims == [(384,)]
    rerun = _run(database, EnrichmentProviderResource())  # an unchanged day is skipped
    assert rerun.asset_materializations_for_node("enriched_organizations")[0].metadata["skipped_unchanged"].value
    with engine.begin() as conn:  # forced to do the work, unchanged organizations still cost no model call
        conn.execute(sa.text("DELETE FROM stage_input_fingerprints"))
    rerun = _run(database, EnrichmentProviderResource())
    rerun_meta = rerun.asset_materializations_for_node("enriched_organizations")[0].metadata
    assert rerun_meta["step8_embeddings_computed"].value == 0
    assert rerun_meta["step8_embeddings_reused"].value == 4
    assert rerun_meta["step9_changed_organizations"].value == 0


def test_http_provider_values_win_and_failures_are_ledgered(database, engine, api) -> None:  # type: ignore[no-untyped-def]
    insert_postings(engine, DAY, ROWS)
    provider = EnrichmentProviderResource(
        base_url=api.url, api_key="k", timeout_s=0.5, max_retries=1, backoff_base_s=0.01, breaker_failures=5
    )
    result = _run(database, provider)
    assert result.success  # a provider outage never fails the run
    acme = _org(engine, "Acme Corp")
    assert acme["logo_url"] == "https://logo.example/acme.png"
    assert acme["field_provenance"]["logo_url"]["source"] == "http"
    assert acme["size_band"] == "201-500" and acme["industry_naics"] == "51"
    meta = result.asset_materializations_for_node("enriched_organizations")[0].metadata
    assert meta["failures"].value == 1 and meta["breaker_state"].value == "closed"
    with engine.connect() as conn:
        failed = conn.execute(
            sa.text(
                "SELECT item_key, stage FROM failure_ledger WHERE asset = 'enriched_organizations' AND NOT resolved"
            )
        ).all()
    assert [f.stage for f in failed] == ["http_enrichment"]
    assert failed[0].item_key == _org(engine, "Down Corp")["organization_id"]
    check = next(c for c in result.get_asset_check_evaluations() if c.check_name == "enrichment_failure_rate")
    assert check.passed is False  # 1 of 3 domains failed: above the 20% warning threshold


def test_organizations_found_to_be_one_are_merged_and_postings_follow(database, engine) -> None:  # type: ignore[no-untyped-def]
    day2 = "2026-11-21"
    insert_postings(
        engine,
        DAY,
        [
            posting("indeed", "1", "Engage Smartish"),  # no website: founds an organization by name
            posting(
                "indeed",
                "2",
                "InvoiceCloudy Payments",
                company_url="https://invoicecloud-payments.com",
                extra={"company_url": "https://www.indeed.com/cmp/InvoiceCloudy"},
            ),
        ],
    )
    # Unrelated names need two independent pieces of evidence: the employer's own site and the board's company
    # page (one shared identifier alone would not merge them, see test_organizations_shared_hosts.py).
    insert_postings(
        engine,
        day2,
        [
            posting(
                "linkedin",
                "3",
                "Engage Smartish",
                extra={
                    "company_url_direct": "https://invoicecloud-payments.com",
                    "company_url": "https://www.indeed.com/cmp/InvoiceCloudy",
                },
            )
        ],
    )
    assert _run(database, EnrichmentProviderResource()).success
    with engine.connect() as conn:
        before = conn.execute(sa.text("SELECT count(DISTINCT organization_id) FROM posting_organization_current"))
        assert before.scalar_one() == 2
    result = dg.materialize(
        [organizations, enriched_organizations],
        partition_key=day2,
        resources={
            "database": database,
            "enrichment_provider": EnrichmentProviderResource(),
            "embedding_model": EmbeddingModelResource(),
        },
        instance=instance_with_scrape_dates(day2, instance=dg.DagsterInstance.ephemeral()),
    )
    assert result.success
    # The organizations stage merges what a batch shows to be one employer (the shared alias), before
    # embeddings and dedup read the links; enrichment finds nothing left to merge.
    assert result.asset_materializations_for_node("organizations")[0].metadata["merged"].value == 1
    meta = result.asset_materializations_for_node("enriched_organizations")[0].metadata
    assert meta["step1_merged"].value == 0
    with engine.connect() as conn:
        current = conn.execute(sa.text("SELECT DISTINCT organization_id FROM posting_organization_current")).all()
        merged = conn.execute(sa.text("SELECT count(*) FROM organizations WHERE merged_into IS NOT NULL")).scalar_one()
    assert len(current) == 1 and merged == 1


def test_one_employer_first_seen_under_two_names_is_one_organization_in_either_day_order(engine, database) -> None:  # type: ignore[no-untyped-def]
    """A backfill in reverse order meets an employer's board page and its ATS under two spellings first; the day
    whose posting carries both merges them in the organizations stage, as date order would have found one."""
    board = {"company_url": "https://www.indeed.com/cmp/Pinecrest-Financial"}
    ats = "https://pinecrest.wd1.myworkdayjobs.com/en-US/Careers/job/"
    later, earlier = "2026-11-21", DAY
    insert_postings(
        engine,
        later,
        [
            posting("indeed", "1", "Pinecrest Financial", extra=board),
            posting("zip_recruiter", "2", "Pinecrest Bank, N.A.", apply_url=ats + "1"),
        ],
    )
    # A third spelling, so no alias is shared: only the posting's two identifiers say it is one employer.
    insert_postings(engine, earlier, [posting("indeed", "3", "PFC Careers", apply_url=ats + "2", extra=board)])

    def run(day: str) -> dg.ExecuteInProcessResult:
        return dg.materialize(
            [organizations],
            partition_key=day,
            resources={"database": database},
            instance=instance_with_scrape_dates(day, instance=dg.DagsterInstance.ephemeral()),
        )

    assert run(later).success
    with engine.connect() as conn:
        two = conn.execute(sa.text("SELECT count(DISTINCT organization_id) FROM posting_organization_current"))
        assert two.scalar_one() == 2
    result = run(earlier)
    assert result.asset_materializations_for_node("organizations")[0].metadata["merged"].value == 1
    with engine.connect() as conn:
        current = conn.execute(sa.text("SELECT DISTINCT organization_id FROM posting_organization_current")).all()
        reason = conn.execute(sa.text("SELECT merge_reason FROM organizations WHERE merged_into IS NOT NULL")).all()
    assert len(current) == 1 and [r[0] for r in reason] == ["identifier"]

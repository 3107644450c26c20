"""Same data, same tables: an organization's industry confidence does not depend on which scrape date ran first.

Enrichment re-derives the industry from all of an organization's postings each time one of its days runs; the
value an earlier run derived (from fewer postings) is replaced, and must not win the merge because it happened to
have the higher confidence.
"""

from __future__ import annotations

from typing import Any

import dagster as dg
import pytest
import sqlalchemy as sa

from hirehound.organizations.enrichment import pipeline
from hirehound.organizations.enrichment.fields import merge_fields
from hirehound_assets.organizations.enriched_organizations import enriched_organizations
from hirehound_assets.organizations.organizations import organizations
from hirehound_assets.partitions import instance_with_scrape_dates
from resources.embedding_model import EmbeddingModelResource
from resources.enrichment_providers import EnrichmentProviderResource
from tests.integration.org_fixtures import insert_postings, posting

pytestmark = pytest.mark.integration

DAY1, DAY2 = "2026-11-20", "2026-11-21"
NURSING = "Registered nurse for our hospital: patient care in the clinic, nursing shifts, medical ward."
MIXED = "Software engineer for our hospital scheduling software: Python, cloud, data pipelines, SaaS."


def _enrich(database: Any, day: str) -> None:
    result = dg.materialize(
        [organizations, enriched_organizations],
        partition_key=day,
        resources={
            "database": database,
            "enrichment_provider": EnrichmentProviderResource(),
            "embedding_model": EmbeddingModelResource(),
        },
        instance=instance_with_scrape_dates(day),
    )
    assert result.success


def _industry(engine: sa.Engine) -> tuple[Any, ...]:
    with engine.connect() as conn:
        row = conn.execute(
            sa.text(
                "SELECT organization_id, industry_naics, industry_confidence FROM organizations WHERE kind = 'employer'"
            )
        ).one()
        stored = merge_fields(pipeline.stored_values(conn, row.organization_id))
    winner = stored["industry_naics"]
    assert (row.industry_naics, row.industry_confidence) == pytest.approx((winner.value, winner.confidence))
    return tuple(row)


@pytest.mark.parametrize("order", [(DAY1, DAY2), (DAY2, DAY1)])
def test_industry_confidence_is_the_same_in_either_day_order(database: Any, engine: sa.Engine, order: Any) -> None:
    insert_postings(engine, DAY1, [posting("indeed", "1", "Hospital Nine", title="Nurse", description=NURSING)])
    insert_postings(engine, DAY2, [posting("indeed", "2", "Hospital Nine", title="Engineer", description=MIXED)])
    for day in order:
        _enrich(database, day)
    with engine.connect() as conn:
        both = conn.execute(sa.text("SELECT count(*) FROM posting_organizations")).scalar_one()
    assert both == 2
    _, naics, confidence = _industry(engine)
    # The same as an organization enriched once, from both postings (what a clean run of the last day derives).
    evidence = " ".join(["Nurse", "Engineer", NURSING, MIXED])
    from hirehound.organizations.enrichment.industry import classify_text

    guess = classify_text(evidence)
    assert guess is not None and (naics, confidence) == (guess.naics, pytest.approx(guess.confidence))

"""Requisition ids against the real schema: one ATS job matched at any age and across a company's own page and its
board, two ids of one tenant kept apart with identical texts, in either day order."""

from __future__ import annotations

from datetime import date, timedelta

import dagster as dg
import pytest
import sqlalchemy as sa

from hirehound_assets.dedup.duplicate_clusters import duplicate_clusters
from hirehound_assets.embeddings.posting_embeddings import posting_embeddings
from hirehound_assets.partitions import instance_with_scrape_dates
from resources.embedding_model import EmbeddingModelResource
from resources.settings import PipelineSettings
from tests.integration.dedup_fixtures import add_org, add_posting

pytestmark = pytest.mark.integration

D1 = date(2024, 1, 10)
LATER = D1 + timedelta(days=694)  # far outside the 60-day lookback
TEXT = (
    "Join our platform team for the summer. You will build services in Go and Python, write tests, ship to "
    "production with a mentor and present your project at the end of the internship. Pursuing a degree in CS."
)


def seed(engine) -> dict[str, str]:  # type: ignore[no-untyped-def]
    with engine.begin() as conn:
        add_org(conn, "org_acme", "Acme", D1)
        common = {"org": "org_acme", "title": "Software Engineer - Intern, Remote", "description_text": TEXT,
                  "country_code": "US", "remote_type": "remote", "ats_vendor": "greenhouse"}  # fmt: skip
        ids = {
            # Three openings of one role posted the same day: three Greenhouse ids of one tenant, one text.
            "open1": add_posting(conn, D1, "simplify:1", **common, ats_tenant="acme", ats_job_id="4001"),
            "open2": add_posting(conn, D1, "simplify:2", **common, ats_tenant="acme", ats_job_id="4002"),
            "open3": add_posting(conn, D1, "indeed:3", **common, ats_tenant="acme", ats_job_id="4003"),
            # open1 again on the company's own site (`?gh_jid=4001`, tenant read from the host) 694 days later.
            "own_page": add_posting(conn, LATER, "linkedin:4", **common, ats_tenant="acmecorp", ats_job_id="4001"),
        }
    return ids


def run(database, day: date) -> None:  # type: ignore[no-untyped-def]
    result = dg.materialize(
        [posting_embeddings, duplicate_clusters],
        partition_key=day.isoformat(),
        resources={"database": database, "embedding_model": EmbeddingModelResource(), "settings": PipelineSettings()},
        instance=instance_with_scrape_dates(day),
    )
    assert result.success


def clusters(engine) -> dict[str, str]:  # type: ignore[no-untyped-def]
    with engine.connect() as conn:
        return dict(conn.execute(sa.text("SELECT posting_id, cluster_id FROM posting_cluster_current")).all())


@pytest.mark.parametrize("order", [(D1, LATER), (LATER, D1)])
def test_requisitions_decide_clusters_in_either_order(database, engine, order) -> None:  # type: ignore[no-untyped-def]
    ids = seed(engine)
    for day in order:
        run(database, day)
    got = clusters(engine)
    assert got[ids["own_page"]] == got[ids["open1"]] == f"cl_{ids['open1']}"  # one job at any age, across tenants
    assert len({got[ids["open1"]], got[ids["open2"]], got[ids["open3"]]}) == 3  # three openings, three clusters
    with engine.connect() as conn:
        reasons = dict(
            conn.execute(
                sa.text("SELECT posting_a || posting_b, reasons->>'verdict' FROM duplicate_pairs WHERE NOT accepted")
            ).all()
        )
    assert set(reasons.values()) == {"different requisitions of one employer"}

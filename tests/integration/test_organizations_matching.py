"""The `organizations` asset against the real PostgreSQL: links, hard cases, idempotence, order independence."""

from __future__ import annotations

import dagster as dg
import pytest
import sqlalchemy as sa

from hirehound_assets.organizations.organizations import organizations
from hirehound_assets.partitions import instance_with_scrape_dates
from tests.integration.org_fixtures import insert_postings, posting

pytestmark = pytest.mark.integration

DAY1 = "2026-11-20"
DAY2 = "2026-11-21"


def _materialize(database, partition: str) -> dg.ExecuteInProcessResult:  # type: ignore[no-untyped-def]
    return dg.materialize(
        [organizations],
        partition_key=partition,
        resources={"database": database},
        instance=instance_with_scrape_dates(partition, instance=dg.DagsterInstance.ephemeral()),
    )


def _org_of(engine, source: str, job_id: str) -> str:  # type: ignore[no-untyped-def]
    import hashlib

    pid = hashlib.sha256(f"{source}:{job_id}".encode()).hexdigest()[:16]
    with engine.connect() as conn:
        return conn.execute(
            sa.text("SELECT organization_id FROM posting_organization_current WHERE posting_id = :p"), {"p": pid}
        ).scalar_one()


DAY1_ROWS = [
    posting("indeed", "1", "Unity"),
    posting("linkedin", "2", "Unity Technologies"),
    posting("indeed", "3", "Whatnot"),
    posting("linkedin", "4", "WhatNot"),
    posting("indeed", "5", "BMO"),
    posting("linkedin", "6", "Bank of Montreal"),
    posting("indeed", "7", "Confidential"),
    posting("linkedin", "8", "Confidential"),
    posting("indeed", "9", "Jobinfo"),
    posting("indeed", "10", "Acme Robotics", apply_url="https://boards.greenhouse.io/acmerobotics/jobs/1"),
    posting("linkedin", "11", "ACME (Remote)", apply_url="https://boards.greenhouse.io/acmerobotics/jobs/2"),
    posting("indeed", "12", "Apex Technologies"),
    posting("indeed", "13", "Acme Technologies"),
    posting("indeed", "14", None),
]


def test_every_posting_linked_and_hard_cases(database, engine) -> None:  # type: ignore[no-untyped-def]
    insert_postings(engine, DAY1, DAY1_ROWS)
    result = _materialize(database, DAY1)
    assert result.success
    checks = result.get_asset_check_evaluations()
    assert checks and all(c.passed for c in checks)
    assert _org_of(engine, "indeed", "1") == _org_of(engine, "linkedin", "2")
    assert _org_of(engine, "indeed", "3") == _org_of(engine, "linkedin", "4")
    assert _org_of(engine, "indeed", "5") == _org_of(engine, "linkedin", "6")
    assert _org_of(engine, "indeed", "7") != _org_of(engine, "linkedin", "8")  # confidential never merged
    assert _org_of(engine, "indeed", "10") == _org_of(engine, "linkedin", "11")  # same greenhouse tenant
    assert _org_of(engine, "indeed", "12") != _org_of(engine, "indeed", "13")  # shared suffix is not a match
    with engine.connect() as conn:
        kinds = dict(
            conn.execute(
                sa.text(
                    "SELECT a.alias, o.kind FROM organization_aliases a JOIN organizations o USING (organization_id)"
                )
            ).all()
        )
        assert kinds["Jobinfo"] == "staffing_agency"
        assert conn.execute(sa.text("SELECT count(*) FROM posting_organizations")).scalar_one() == len(DAY1_ROWS)


def test_rerun_and_out_of_order_give_same_tables(database, engine) -> None:  # type: ignore[no-untyped-def]
    insert_postings(engine, DAY1, DAY1_ROWS)
    insert_postings(
        engine, DAY2, [posting("glassdoor", "20", "Unity Technologies Inc."), posting("indeed", "1", "Unity")]
    )
    assert _materialize(database, DAY2).success
    assert _materialize(database, DAY1).success
    snapshot = _snapshot(engine)
    assert _materialize(database, DAY1).success
    assert _materialize(database, DAY2).success
    assert _snapshot(engine) == snapshot
    assert _org_of(engine, "glassdoor", "20") == _org_of(engine, "linkedin", "2")
    with engine.connect() as conn:
        names = set(conn.execute(sa.text("SELECT name FROM organizations")).scalars())
    assert "ACME" in names and "ACME (Remote)" not in names  # display names are cleaned
    with engine.connect() as conn:
        first, last, count = conn.execute(
            sa.text(
                "SELECT first_seen::text, last_seen::text, posting_count FROM organizations o "
                "JOIN posting_organizations p USING (organization_id) WHERE p.matched_alias = 'Unity' LIMIT 1"
            )
        ).one()
    assert (first, last, count) == (DAY1, DAY2, 3)


def _snapshot(engine) -> list[tuple]:  # type: ignore[no-untyped-def]
    with engine.connect() as conn:
        return [
            tuple(r)
            for r in conn.execute(
                sa.text(
                    """
                    SELECT p.posting_id, p.organization_id, o.name, o.first_seen, o.last_seen,
                           o.posting_count
                    FROM posting_organizations p JOIN organizations o USING (organization_id) ORDER BY 1
                    """
                )
            )
        ]

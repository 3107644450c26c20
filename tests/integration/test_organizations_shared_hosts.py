"""Through the `organizations` asset: employers sharing only an aggregator host stay apart, weak merges are refused,
and an organization that swallowed unrelated spellings is flagged."""

from __future__ import annotations

import dagster as dg
import pytest
import sqlalchemy as sa

from hirehound_assets.organizations.organizations import organizations
from hirehound_assets.partitions import instance_with_scrape_dates
from tests.integration.org_fixtures import insert_postings, posting

pytestmark = pytest.mark.integration

DAY1, DAY2 = "2026-11-20", "2026-11-21"


def _run(database, partition: str) -> dg.ExecuteInProcessResult:  # type: ignore[no-untyped-def]
    result = dg.materialize(
        [organizations],
        partition_key=partition,
        resources={"database": database},
        instance=instance_with_scrape_dates(partition),
    )
    assert result.success
    return result


def _orgs_by_alias(engine) -> dict[str, str]:  # type: ignore[no-untyped-def]
    with engine.connect() as conn:
        return dict(
            conn.execute(
                sa.text(
                    "SELECT p.matched_alias, c.organization_id FROM posting_organizations p "
                    "JOIN posting_organization_current c USING (posting_id)"
                )
            ).all()
        )


def test_employers_sharing_only_aggregator_hosts_stay_apart(database, engine) -> None:  # type: ignore[no-untyped-def]
    hosts = [
        "https://simplify.jobs/p/1",
        "https://wd5.myworkdaysite.com/en-US/recruiting/",
        "https://ripplematch.com/j",
    ]
    names = ["Western Digital", "Astranis", "Dell", "PayPal", "Snap"]
    insert_postings(
        engine,
        DAY1,
        [
            posting("simplify", f"{n}{i}", name, company_url="https://simplify.jobs/c/x", apply_url=url)
            for n, name in enumerate(names)
            for i, url in enumerate(hosts)
        ],
    )
    result = _run(database, DAY1)
    assert len(set(_orgs_by_alias(engine).values())) == len(names)
    meta = result.get_asset_materialization_events()[0].materialization.metadata
    assert meta["merged"].value == 0
    with engine.connect() as conn:
        assert conn.execute(sa.text("SELECT count(*) FROM organization_identifiers")).scalar_one() == 0
    assert all(c.passed for c in result.get_asset_check_evaluations())


def test_one_unknown_shared_host_does_not_fuse_employers(database, engine) -> None:  # type: ignore[no-untyped-def]
    portal = "https://careers.newportal.example.com/job/"
    # Day 1: Notion founds the portal as its identifier; unrelated names on the portal must not follow it.
    insert_postings(engine, DAY1, [posting("x", "1", "Notion", apply_url=portal + "1")])
    _run(database, DAY1)
    day2 = [(2, "Figma"), (3, "MongoDB"), (4, "Datadog"), (5, "Notion Labs")]
    insert_postings(engine, DAY2, [posting("x", str(i), name, apply_url=portal + str(i)) for i, name in day2])
    result = _run(database, DAY2)
    orgs = _orgs_by_alias(engine)
    assert orgs["Notion"] == orgs["Notion Labs"]  # a related spelling still follows the identifier
    assert len({orgs[n] for n in ("Notion", "Figma", "MongoDB", "Datadog")}) == 4
    meta = result.get_asset_materialization_events()[0].materialization.metadata
    assert meta["identifiers_contested"].value == 3
    assert all(c.passed for c in result.get_asset_check_evaluations())


def test_organization_with_unrelated_spellings_is_flagged(database, engine) -> None:  # type: ignore[no-untyped-def]
    # Spellings fused into one organization (here by hand, as an unlisted host or an old run could have done).
    insert_postings(
        engine, DAY1, [posting("x", str(i), n) for i, n in enumerate(["Notion", "Figma", "MongoDB", "Datadog"])]
    )
    _run(database, DAY1)
    with engine.begin() as conn:
        notion = conn.execute(sa.text("SELECT organization_id FROM organizations WHERE name = 'Notion'")).scalar_one()
        conn.execute(sa.text("UPDATE posting_organizations SET organization_id = :o"), {"o": notion})
        conn.execute(sa.text("UPDATE organization_aliases SET organization_id = :o"), {"o": notion})
        conn.execute(sa.text("UPDATE organizations SET merged_into = :o WHERE organization_id <> :o"), {"o": notion})
    result = _run(database, DAY1)
    warn = {c.check_name: c for c in result.get_asset_check_evaluations()}["no_organization_with_unrelated_spellings"]
    assert not warn.passed and warn.severity == dg.AssetCheckSeverity.WARN
    (offender,) = warn.metadata["offenders"].value  # type: ignore[misc]
    spellings = {s["spelling"] for s in offender["unrelated_spellings"]}
    assert offender["founded_as"] == "notion" and spellings == {"Figma", "MongoDB", "Datadog"}

"""Embeddings and duplicate clusters materialized against the real schema: stable ids in any order, re-runs
unchanged, templates and other employers kept apart, zero model calls for texts already embedded."""

from __future__ import annotations

from datetime import date

import dagster as dg
import numpy as np
import pytest
import sqlalchemy as sa

from hirehound_assets.dedup.cluster_revalidation import cluster_revalidation
from hirehound_assets.dedup.duplicate_clusters import duplicate_clusters
from hirehound_assets.embeddings.posting_embeddings import posting_embeddings
from hirehound_assets.partitions import instance_with_scrape_dates
from resources.embedding_model import EmbeddingModelResource
from resources.settings import PipelineSettings
from tests.integration.dedup_fixtures import add_org, add_posting, pid

pytestmark = pytest.mark.integration

D1, D2 = date(2026, 11, 20), date(2026, 11, 21)
MODEL_CALLS: list[int] = []

JOB = (
    "We are looking for a data engineer to design and run batch and streaming pipelines in Python and SQL. "
    "You will own our warehouse models, orchestrate jobs with Dagster, review code and mentor two juniors. "
    "Five years of experience with Postgres and cloud storage required; German is a plus."
)
TEMPLATE = (
    "Join our stores team as a shift supervisor. You open and close the store, plan rotas, train new colleagues "
    "and make sure every customer leaves happy. Retail experience of two years and a friendly manner required."
)
OTHER = (
    "Registered nurse for our cardiology ward, rotating shifts, caring for patients after surgery, working with "
    "doctors and families. Valid nursing licence and three years of clinical experience are required for this role."
)


class CountingModel(EmbeddingModelResource):
    """The real MiniLM model, counting the texts it is asked to embed."""

    def encode(self, texts: list[str]) -> np.ndarray:
        MODEL_CALLS.append(len(texts))
        return super().encode(texts)


def seed(engine) -> dict[str, str]:  # type: ignore[no-untyped-def]
    with engine.begin() as conn:
        for org, name in (("org_acme", "Acme"), ("org_beta", "Beta"), ("org_shop", "Shop")):
            add_org(conn, org, name, D1)
        berlin = {"city": "Berlin", "country_code": "DE"}
        shop = {"org": "org_shop", "title": "Shift Supervisor", "description_text": TEMPLATE, "country_code": "DE"}
        gh = {"org": "org_acme", "ats_vendor": "greenhouse", "ats_tenant": "acme", "ats_job_id": "55"}
        ids = {
            "a1": add_posting(conn, D1, "indeed:1", org="org_acme", description_text=JOB, **berlin),
            "a2": add_posting(conn, D2, "linkedin:9", org="org_acme", description_text=JOB, **berlin),
            "beta": add_posting(conn, D2, "indeed:2", org="org_beta", description_text=JOB, **berlin),
            "t_berlin": add_posting(conn, D1, "indeed:3", **shop, city="Berlin"),
            "t_munich": add_posting(conn, D1, "indeed:4", **shop, city="Munich"),
            "ats1": add_posting(conn, D1, "glassdoor:7", **gh, title="Nurse", description_text=OTHER),
            "ats2": add_posting(conn, D2, "indeed:8", **gh, title="Cardiology RN", description_text=OTHER[:120]),
            "empty": add_posting(conn, D2, "indeed:10", title="", description_text=""),
        }  # fmt: skip
        add_posting(conn, D2, "indeed:1", org="org_acme", description_text=JOB, **berlin)
    return ids


def run(database, day: date, settings: PipelineSettings | None = None) -> dg.ExecuteInProcessResult:  # type: ignore[no-untyped-def]
    return dg.materialize(
        [posting_embeddings, duplicate_clusters],
        partition_key=day.isoformat(),
        resources={
            "database": database,
            "embedding_model": CountingModel(),
            "settings": settings or PipelineSettings(),
        },
        instance=instance_with_scrape_dates(day.isoformat(), instance=dg.DagsterInstance.ephemeral()),
    )


def clusters(engine) -> dict[str, str]:  # type: ignore[no-untyped-def]
    with engine.connect() as conn:
        return dict(conn.execute(sa.text("SELECT posting_id, cluster_id FROM posting_cluster_current")).all())


def reset_dedup(engine) -> None:  # type: ignore[no-untyped-def]
    with engine.begin() as conn:
        conn.execute(
            sa.text(
                "TRUNCATE cluster_members, duplicate_clusters, duplicate_pairs, posting_minhash_bands, "
                "posting_minhash_state, posting_embeddings"
            )
        )


def test_clusters_are_the_same_in_either_order_and_on_rerun(engine, database) -> None:  # type: ignore[no-untyped-def]
    ids = seed(engine)
    MODEL_CALLS.clear()
    assert run(database, D1).success and run(database, D2).success
    forward = clusters(engine)
    first_calls = sum(MODEL_CALLS)

    assert forward[ids["a1"]] == forward[ids["a2"]] == f"cl_{ids['a1']}"
    assert forward[ids["beta"]] != forward[ids["a1"]]  # same text, other employer
    assert forward[ids["t_berlin"]] != forward[ids["t_munich"]]  # template in another city
    assert forward[ids["ats1"]] == forward[ids["ats2"]]  # same ATS job, other title
    assert ids["empty"] in forward  # even a posting without text has a (singleton) cluster

    MODEL_CALLS.clear()
    assert run(database, D2).success
    assert clusters(engine) == forward
    assert sum(MODEL_CALLS) == 0

    reset_dedup(engine)
    assert run(database, D2).success and run(database, D1).success
    assert clusters(engine) == forward
    assert sum(MODEL_CALLS) == 0 and first_calls > 0

    with engine.connect() as conn:
        types = dict(conn.execute(sa.text("SELECT posting_id, duplicate_type FROM cluster_members")).all())
        row = conn.execute(
            sa.text("SELECT member_count, board_count, status FROM duplicate_clusters WHERE cluster_id = :c"),
            {"c": f"cl_{ids['a1']}"},
        ).one()
        failures = conn.execute(sa.text("SELECT count(*) FROM failure_ledger WHERE item_key = :p"), {"p": ids["empty"]})
        assert failures.scalar_one() >= 1
    assert types[ids["a2"]] == "FULL" and types[ids["a1"]] is None
    assert tuple(row) == (2, 2, "open")


def test_backfilled_earlier_member_takes_over_and_old_id_redirects(engine, database) -> None:  # type: ignore[no-untyped-def]
    with engine.begin() as conn:
        add_org(conn, "org_acme", "Acme", D1)
        late = add_posting(conn, D2, "linkedin:1", org="org_acme", description_text=JOB, city="Berlin")
    assert run(database, D2).success
    assert clusters(engine)[late] == f"cl_{late}"
    with engine.begin() as conn:  # an earlier scrape day is ingested afterwards (a backfill)
        early = add_posting(conn, D1, "indeed:1", org="org_acme", description_text=JOB, city="Berlin")
    assert run(database, D1).success
    assert clusters(engine) == {early: f"cl_{early}", late: f"cl_{early}"}
    with engine.connect() as conn:
        status, into = conn.execute(
            sa.text("SELECT status, merged_into FROM duplicate_clusters WHERE cluster_id = :c"), {"c": f"cl_{late}"}
        ).one()
    assert (status, into) == ("merged", f"cl_{early}")


def test_lookback_comes_from_the_settings_resource_and_is_recorded(  # type: ignore[no-untyped-def]
    engine, database, monkeypatch: pytest.MonkeyPatch
) -> None:
    with engine.begin() as conn:
        add_org(conn, "org_acme", "Acme", D1)
        early = add_posting(conn, D1, "indeed:1", org="org_acme", description_text=JOB, city="Berlin")
        late = add_posting(conn, D2, "linkedin:1", org="org_acme", description_text=JOB, city="Berlin")
    monkeypatch.setenv("HIREHOUND_DEDUP_LOOKBACK_DAYS", "0")  # the default follows the environment variable
    assert run(database, D1).success
    result = run(database, D2)
    assert result.success
    [materialization] = result.asset_materializations_for_node("duplicate_clusters")
    assert materialization.metadata["lookback_days"].value == 0
    assert clusters(engine) == {early: f"cl_{early}", late: f"cl_{late}"}  # each day out of the other's window

    result = run(database, D2, PipelineSettings(dedup_lookback_days=1))  # a configured field beats the variable
    [materialization] = result.asset_materializations_for_node("duplicate_clusters")
    assert materialization.metadata["lookback_days"].value == 1
    assert clusters(engine) == {early: f"cl_{early}", late: f"cl_{early}"}


def test_revalidation_splits_a_member_whose_text_changed(engine, database) -> None:  # type: ignore[no-untyped-def]
    with engine.begin() as conn:
        add_org(conn, "org_acme", "Acme", D1)
        a = add_posting(conn, D1, "indeed:1", org="org_acme", description_text=JOB, city="Berlin")
        b = add_posting(conn, D1, "linkedin:1", org="org_acme", description_text=JOB, city="Berlin")
    assert run(database, D1).success
    anchor = min(a, b)  # same first day: the smaller posting id anchors the cluster
    assert clusters(engine) == {a: f"cl_{anchor}", b: f"cl_{anchor}"}
    with engine.begin() as conn:  # the LinkedIn posting now advertises another job
        conn.execute(
            sa.text(
                "UPDATE normalized_postings SET description_text = :t, content_hash = 'changed', title = 'Nurse' "
                "WHERE posting_id = :p"
            ),
            {"t": OTHER, "p": b},
        )
    result = dg.materialize(
        [cluster_revalidation],
        resources={"database": database, "settings": PipelineSettings()},
        instance=dg.DagsterInstance.ephemeral(),
    )
    assert result.success
    assert clusters(engine) == {a: f"cl_{a}", b: f"cl_{b}"}
    assert pid("indeed:1") == a

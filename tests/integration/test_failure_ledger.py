"""The failure ledger: failures recorded per item, attempts counted, and resolved when a re-run succeeds."""

import dagster as dg
import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine

from hirehound.db.failure_ledger import ItemFailure, open_failures, record_failures
from hirehound_assets.partitions import instance_with_scrape_dates
from resources.database import DatabaseResource

pytestmark = pytest.mark.integration


def _rows(engine: Engine) -> list[tuple[object, ...]]:
    with engine.connect() as conn:
        return [
            tuple(r)
            for r in conn.execute(
                sa.text("SELECT item_key, stage, attempt, resolved FROM failure_ledger ORDER BY item_key, stage")
            )
        ]


def test_record_counts_attempts_and_resolves_what_did_not_recur(engine: Engine) -> None:
    first = [ItemFailure("p1", "parse", "ValueError", "bad salary"), ItemFailure("p2", "parse", "KeyError", "title")]
    with engine.begin() as conn:
        assert record_failures(conn, asset="normalized_postings", partition="2026-11-20", failures=first) == 2
    with engine.begin() as conn:  # the re-run still fails p1 only
        record_failures(conn, asset="normalized_postings", partition="2026-11-20", failures=first[:1], run_id="r2")
    assert _rows(engine) == [("p1", "parse", 2, False), ("p2", "parse", 1, True)]
    with engine.connect() as conn:
        still_open = open_failures(conn, "normalized_postings", "2026-11-20")
    assert [(f["item_key"], f["run_id"]) for f in still_open] == [("p1", "r2")]


def test_other_partitions_and_stages_are_left_alone(engine: Engine) -> None:
    with engine.begin() as conn:
        record_failures(conn, asset="a", partition="2026-11-20", failures=[ItemFailure("x", "embed", "E", "m")])
        record_failures(conn, asset="a", partition="2026-11-21", failures=[ItemFailure("y", "embed", "E", "m")])
        record_failures(
            conn, asset="a", partition="2026-11-20", failures=[ItemFailure("z", "other", "E", "m")], stages=["other"]
        )
    assert _rows(engine) == [("x", "embed", 1, False), ("y", "embed", 1, False), ("z", "other", 1, False)]


def test_resource_helper_is_one_line_in_an_asset(database: DatabaseResource, engine: Engine) -> None:
    from hirehound_assets.partitions import daily_partitions

    @dg.asset(partitions_def=daily_partitions)
    def flaky_items(context: dg.AssetExecutionContext, database: DatabaseResource) -> dg.MaterializeResult:
        failures = [ItemFailure(f"item-{i}", "embed", "RuntimeError", "model error") for i in range(3)]
        reasons = database.record_failures(context, failures)
        return dg.MaterializeResult(metadata={"failed": len(failures), "top_reasons": reasons})

    result = dg.materialize(
        [flaky_items],
        partition_key="2026-11-20",
        resources={"database": database},
        instance=instance_with_scrape_dates("2026-11-20", instance=dg.DagsterInstance.ephemeral()),
    )
    assert result.success
    with engine.connect() as conn:
        rows = conn.execute(sa.text("SELECT asset, partition_key, run_id FROM failure_ledger")).all()
    assert len(rows) == 3
    assert {r.asset for r in rows} == {"flaky_items"}
    assert {r.partition_key for r in rows} == {"2026-11-20"}
    assert {r.run_id for r in rows} == {result.run_id}

"""Maintenance assets materialized against the real schema: daily stats, expiry, archive, index upkeep."""

from datetime import date, timedelta

import dagster as dg
import pytest
import sqlalchemy as sa

from hirehound.maintenance.indexes import list_indexes, maintain_indexes
from hirehound_assets.maintenance.posting_archive import posting_archive
from hirehound_assets.maintenance.posting_expiry import posting_expiry
from hirehound_assets.partitions import instance_with_scrape_dates
from hirehound_assets.publication.daily_posting_stats import daily_posting_stats
from tests.integration.maintenance_fixtures import add_cluster, add_posting

pytestmark = pytest.mark.integration

DAY = date(2026, 11, 20)


def test_daily_stats_are_computed_stored_and_idempotent(database, engine: sa.Engine) -> None:  # type: ignore[no-untyped-def]
    with engine.begin() as conn:
        a = add_posting(conn, "indeed:1", seen=[DAY], source="indeed", country="US")
        b = add_posting(conn, "linkedin:9", seen=[DAY - timedelta(days=2), DAY], source="linkedin", country="US")
        add_posting(conn, "indeed:2", seen=[DAY], source="indeed", country="GB")
        add_posting(conn, "indeed:3", seen=[DAY - timedelta(days=1)], source="indeed", country="GB")
        add_cluster(conn, "cl_x", [a, b], DAY)
        has_spam = conn.execute(sa.text("SELECT to_regclass('spam_scores') IS NOT NULL")).scalar()
        if has_spam:  # migration 0005 present: the spam stage's verdict is counted
            conn.execute(
                sa.text(
                    "INSERT INTO spam_scores (partition_date, posting_id, rule_score, is_spam, decided_by) "
                    "VALUES (:d, :p, 3.0, true, 'rules')"
                ),
                {"d": DAY, "p": b},
            )
    instance = dg.DagsterInstance.ephemeral()
    for _ in range(2):  # the re-run replaces the partition's rows instead of adding to them
        result = dg.materialize(
            [daily_posting_stats],
            partition_key=str(DAY),
            resources={"database": database},
            instance=instance_with_scrape_dates(str(DAY), instance=instance),
        )
        assert result.success
    with engine.begin() as conn:
        rows = {
            (r.dimension, r.value): r
            for r in conn.execute(sa.text("SELECT * FROM daily_posting_stats WHERE partition_date = :d"), {"d": DAY})
        }
    total = rows[("all", "")]
    assert (total.postings_seen, total.new_postings, total.unique_jobs, total.duplicates) == (3, 2, 2, 1)
    assert total.posting_intensity == pytest.approx(1.5)
    assert rows[("board", "linkedin")].new_postings == 0 and rows[("country", "GB")].postings_seen == 1
    assert len(rows) == 5
    assert total.spam == (1 if has_spam else 0) and rows[("board", "linkedin")].spam == total.spam
    md = result.asset_materializations_for_node("daily_posting_stats")[0].metadata
    assert md["last_30_days"].value.startswith("![posting volume")  # type: ignore[union-attr]
    assert result.get_asset_check_evaluations()[0].passed


def test_expiry_and_archive_assets_report_counts(database, engine: sa.Engine) -> None:  # type: ignore[no-untyped-def]
    with engine.begin() as conn:
        add_posting(conn, "indeed:stale", seen=[date(2020, 1, 5)])
        add_posting(conn, "indeed:fresh", seen=[date.today()])
    instance = dg.DagsterInstance.ephemeral()
    expiry = dg.materialize([posting_expiry], resources={"database": database}, instance=instance)
    assert expiry.asset_materializations_for_node("posting_expiry")[0].metadata["postings_expired"].value == 1
    assert expiry.get_asset_check_evaluations()[0].passed
    archive = dg.materialize([posting_archive], resources={"database": database}, instance=instance)
    assert archive.asset_materializations_for_node("posting_archive")[0].metadata["postings_archived"].value == 1
    with engine.begin() as conn:
        assert conn.execute(sa.text("SELECT count(*) FROM postings")).scalar() == 1
        assert conn.execute(sa.text("SELECT posting_key FROM postings_archive")).scalar() == "indeed:stale"


def test_bloated_index_is_found_and_rebuilt_concurrently(engine: sa.Engine) -> None:
    with engine.begin() as conn:
        conn.execute(sa.text("CREATE TABLE bloat_probe (id bigint PRIMARY KEY, v text)"))
        conn.execute(sa.text("INSERT INTO bloat_probe SELECT g, 'x' FROM generate_series(1, 60000) g"))
        conn.execute(sa.text("DELETE FROM bloat_probe WHERE id % 20 <> 0"))  # 95% gone; the index keeps its pages
    before = next(i for i in list_indexes(engine) if i.name == "bloat_probe_pkey")
    infos, rebuilt = maintain_indexes(engine, min_ratio=2.0, min_bytes=256 * 1024)
    after = next(i for i in infos if i.name == "bloat_probe_pkey")
    assert "bloat_probe_pkey" in rebuilt
    assert after.size_bytes < before.size_bytes / 4
    assert after.bloat_ratio is not None and after.bloat_ratio < 2.0

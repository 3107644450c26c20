"""Expiry and archiving against the real PostgreSQL schema."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
import sqlalchemy as sa

from hirehound.maintenance.archive import archive_inactive
from hirehound.maintenance.expiry import expire_due_postings, expire_postings, expiry_reason
from tests.integration.maintenance_fixtures import add_cluster, add_posting

pytestmark = pytest.mark.integration

NOW = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)
TODAY = NOW.date()


def _status(conn: sa.Connection) -> dict[str, tuple[str, str | None]]:
    rows = conn.execute(sa.text("SELECT posting_id, status, expiry_reason FROM postings")).all()
    return {r[0]: (r[1], r[2]) for r in rows}


def test_expiry_follows_the_rule_and_closes_fully_expired_clusters(engine: sa.Engine) -> None:
    with engine.begin() as conn:
        fresh = add_posting(conn, "indeed:1", seen=[TODAY - timedelta(days=1)])
        stale = add_posting(conn, "indeed:2", seen=[TODAY - timedelta(days=31), TODAY - timedelta(days=45)])
        edge = add_posting(conn, "indeed:3", seen=[TODAY - timedelta(days=30)])
        deadline = add_posting(conn, "indeed:4", seen=[TODAY], expires_at=NOW - timedelta(hours=1))
        future = add_posting(conn, "indeed:5", seen=[TODAY], expires_at=NOW + timedelta(days=3))
        add_cluster(conn, "cl_a", [stale, deadline], TODAY)  # all members expire -> closes
        add_cluster(conn, "cl_b", [fresh, edge], TODAY)  # one member stays active -> stays open

        report = expire_due_postings(conn, NOW, "run-exp")

        status = _status(conn)
        assert report.expired == 2 and sorted(report.expired_ids) == sorted([stale, deadline])
        assert status[stale] == ("expired", "not_seen") and status[deadline] == ("expired", "past_expires_at")
        for pid in (fresh, edge, future):
            assert status[pid] == ("active", None)
        # The set-based SQL and the plain rule agree on every posting.
        rows = conn.execute(
            sa.text(
                "SELECT p.posting_id, n.expires_at, p.last_seen FROM postings p JOIN normalized_postings n "
                "ON n.posting_id = p.posting_id AND n.partition_date = p.latest_partition"
            )
        ).all()
        for pid, expires_at, last_seen in rows:
            assert (status[pid][1]) == expiry_reason(expires_at, last_seen, NOW)
        clusters = dict(conn.execute(sa.text("SELECT cluster_id, status FROM duplicate_clusters")).all())
        assert clusters == {"cl_a": "closed", "cl_b": "open"}
        assert report.clusters_closed == 1
        # expired_at comes from the data, so a second run changes nothing and expires nothing more.
        expired_at = conn.execute(sa.text("SELECT expired_at FROM postings WHERE posting_id = :p"), {"p": stale})
        assert expired_at.scalar_one() == datetime(2026, 10, 23, tzinfo=UTC) + timedelta(days=31)
        assert expire_due_postings(conn, NOW, "run-exp-2").expired == 0


def test_revalidation_expiry_only_touches_active_postings(engine: sa.Engine) -> None:
    with engine.begin() as conn:
        a = add_posting(conn, "indeed:a", seen=[TODAY])
        b = add_posting(conn, "indeed:b", seen=[TODAY], status="expired", expired_at=NOW - timedelta(days=2))
        report = expire_postings(conn, {a: "revalidation_gone", b: "revalidation_gone"}, NOW, "run-rv")
        assert report.expired_ids == [a]
        assert _status(conn)[a] == ("expired", "revalidation_gone")


def test_archive_moves_long_inactive_postings_and_keeps_lineage(engine: sa.Engine) -> None:
    old_day = date(2026, 3, 1)
    with engine.begin() as conn:
        old = add_posting(conn, "indeed:old", seen=[old_day], status="expired", expired_at=NOW - timedelta(days=200))
        recent = add_posting(
            conn, "indeed:recent", seen=[old_day], status="expired", expired_at=NOW - timedelta(days=10)
        )
        active = add_posting(conn, "indeed:active", seen=[old_day])
        conn.execute(
            sa.text(
                "INSERT INTO failure_ledger (asset, item_key, stage, error_class, message, resolved, resolved_at) "
                "VALUES ('a', 'old', 's', 'E', 'm', true, :old), ('a', 'new', 's', 'E', 'm', true, :new), "
                "('a', 'open', 's', 'E', 'm', false, NULL)"
            ),
            {"old": NOW - timedelta(days=100), "new": NOW - timedelta(days=5)},
        )
        report = archive_inactive(conn, NOW, "run-arch")
        assert report.archived == 1 and report.failures_pruned == 1
        assert set(_status(conn)) == {recent, active}
        archived = conn.execute(
            sa.text("SELECT posting_key, latest_snapshot ->> 'title', archive_run_id FROM postings_archive")
        ).all()
        assert archived == [("indeed:old", "Engineer", "run-arch")]
        lineage = conn.execute(
            sa.text("SELECT archived, posting_status, scrape_file_path FROM posting_lineage WHERE posting_id = :p"),
            {"p": old},
        ).all()
        assert lineage == [(True, "expired", f"/landing/{old_day}/indeed-1.jsonl")]
        keys = {r[0] for r in conn.execute(sa.text("SELECT item_key FROM failure_ledger"))}
        assert keys == {"new", "open"}
        # Running again archives nothing more.
        assert archive_inactive(conn, NOW, "run-arch-2").archived == 0


def test_expired_postings_and_closed_clusters_leave_the_catalogue(engine: sa.Engine) -> None:
    with engine.begin() as conn:
        if not conn.execute(sa.text("SELECT to_regclass('published_postings') IS NOT NULL")).scalar():
            pytest.skip("published_postings (migration 0005) is not in this checkout")
        gone = add_posting(conn, "indeed:gone", seen=[TODAY - timedelta(days=40)])
        dup = add_posting(conn, "linkedin:gone", seen=[TODAY - timedelta(days=41)])
        live = add_posting(conn, "indeed:live", seen=[TODAY])
        add_cluster(conn, "cl_gone", [gone, dup], TODAY)
        add_cluster(conn, "cl_live", [live], TODAY)
        for cluster, pid in (("cl_gone", gone), ("cl_live", live)):
            conn.execute(
                sa.text(
                    "INSERT INTO published_postings (cluster_id, posting_id, partition_date, title, search_tsv, "
                    "rank_tsv) VALUES (:c, :p, :d, 'Engineer', to_tsvector('simple', 'engineer'), "
                    "to_tsvector('simple', 'engineer'))"
                ),
                {"c": cluster, "p": pid, "d": TODAY},
            )
        report = expire_due_postings(conn, NOW, "run-exp")
        published = [r[0] for r in conn.execute(sa.text("SELECT cluster_id FROM published_postings"))]
        assert report.unpublished == 1 and published == ["cl_live"]
        assert report.clusters_closed == 1

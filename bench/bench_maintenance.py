"""Maintenance benchmark: expiry over 100k postings (and the no-op re-run), daily stats, archive, index upkeep.

Postings are generated straight into the tables (a third unseen for 40 days, whole clusters at a time, a tenth
past their deadline), in duplicate clusters of three, so expiry also closes clusters. Figures are wall-clock
seconds on this machine.
"""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta

import sqlalchemy as sa

NOW = datetime(2026, 11, 23, 12, tzinfo=UTC)
DAY = NOW.date()


def _seed(conn: sa.Connection, n: int) -> None:
    conn.execute(
        sa.text(
            """
            INSERT INTO normalized_postings (partition_date, posting_id, posting_key, raw_id, source, title,
                title_normalized, country_code, expires_at, content_hash)
            SELECT CASE WHEN ((g - 1) / 3) % 3 = 0 THEN CAST(:day AS date) - 40 ELSE CAST(:day AS date) - (g % 7) END,
                   lpad(to_hex(g), 16, '0'), 'board' || (g % 4) || chr(58) || g, 'r' || g, 'board' || (g % 4),
                   'Engineer', 'engineer', CASE WHEN g % 2 = 0 THEN 'US' ELSE 'DE' END,
                   CASE WHEN g % 10 = 1 THEN CAST(:now AS timestamptz) - interval '1 day' END, 'h' || g
            FROM generate_series(1, :n) g
            """
        ),
        {"day": DAY, "now": NOW, "n": n},
    )
    conn.execute(
        sa.text(
            "INSERT INTO postings (posting_id, posting_key, first_seen, last_seen, latest_partition) "
            "SELECT posting_id, posting_key, partition_date, partition_date, partition_date FROM normalized_postings"
        )
    )
    conn.execute(
        sa.text(
            """
            INSERT INTO duplicate_clusters (cluster_id, canonical_posting_id, first_seen, last_seen, member_count,
                                            board_count)
            SELECT 'cl_' || posting_id, posting_id, :day, :day, 3, 1 FROM normalized_postings
            WHERE CAST(('x' || posting_id) AS bit(64))::bigint % 3 = 1
            """
        ),
        {"day": DAY},
    )
    conn.execute(
        sa.text(
            """
            INSERT INTO cluster_members (posting_id, cluster_id, is_canonical)
            SELECT n.posting_id,
                   'cl_' || lpad(to_hex(CAST(('x' || n.posting_id) AS bit(64))::bigint
                                 - ((CAST(('x' || n.posting_id) AS bit(64))::bigint - 1) % 3)), 16, '0'),
                   false
            FROM normalized_postings n
            """
        )
    )
    conn.execute(sa.text("ANALYZE"))


def run(size: str) -> str:
    from bench.harness import bench_environment
    from hirehound.db.engine import get_engine
    from hirehound.lineage.trace import trace
    from hirehound.maintenance.archive import archive_inactive
    from hirehound.maintenance.expiry import expire_due_postings
    from hirehound.maintenance.indexes import maintain_indexes
    from hirehound.publication.daily_stats import compute_stats, load_day, save_stats

    n = 100_000 if size == "large" else 20_000
    lines = [f"## Maintenance ({n:,} postings)", "", "| step | result | seconds |", "|---|---|---:|"]
    with bench_environment("hhbenchmaint") as env:
        engine = get_engine(env.database_url)
        with engine.begin() as conn:
            _seed(conn, n)
        started = time.perf_counter()
        with engine.begin() as conn:
            report = expire_due_postings(conn, NOW, "bench")
        lines.append(
            f"| expiry | {report.expired:,} expired {report.by_reason}, {report.clusters_closed:,} clusters closed "
            f"| {time.perf_counter() - started:.2f} |"
        )
        started = time.perf_counter()
        with engine.begin() as conn:
            again = expire_due_postings(conn, NOW, "bench-2")
        lines.append(f"| expiry re-run (nothing due) | {again.expired} expired | {time.perf_counter() - started:.2f} |")
        started = time.perf_counter()
        with engine.begin() as conn:
            sightings, expiries = load_day(conn, DAY - timedelta(days=1))
            rows = compute_stats(sightings, expiries)
            save_stats(conn, DAY - timedelta(days=1), rows, "bench")
        lines.append(f"| daily stats of one day | {len(sightings):,} sightings | {time.perf_counter() - started:.2f} |")
        started = time.perf_counter()
        with engine.begin() as conn:
            some = conn.execute(
                sa.text("SELECT posting_id FROM cluster_members ORDER BY 1 OFFSET 4242 LIMIT 1")
            ).scalar()
            lineage = trace(conn, str(some))
        lines.append(
            f"| lineage of one posting (posting_lineage view) | {len(lineage)} row(s) | "
            f"{time.perf_counter() - started:.2f} |"
        )
        started = time.perf_counter()
        with engine.begin() as conn:
            archived = archive_inactive(conn, NOW + timedelta(days=200), "bench")
        lines.append(
            f"| archive (200 days later) | {archived.archived:,} archived | {time.perf_counter() - started:.2f} |"
        )
        started = time.perf_counter()
        infos, rebuilt = maintain_indexes(engine)
        lines.append(
            f"| index maintenance | {len(infos)} indexes, rebuilt {rebuilt} | {time.perf_counter() - started:.2f} |"
        )
    return "\n".join(lines)


if __name__ == "__main__":
    import sys

    print(run(sys.argv[1] if len(sys.argv) > 1 else "large"))

"""Rows for maintenance tests: postings with their latest normalized row, written straight to the tables."""

from __future__ import annotations

import hashlib
from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.engine import Connection


def posting_id(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()[:16]


def add_posting(
    conn: Connection,
    key: str,
    *,
    seen: list[date],
    source: str = "indeed",
    country: str | None = "US",
    url: str | None = None,
    expires_at: datetime | None = None,
    status: str = "active",
    expired_at: datetime | None = None,
    run_id: str = "run-ingest",
) -> str:
    """A posting seen on each date of `seen` (one normalized row per date); returns its posting_id."""
    pid = posting_id(key)
    for day in seen:
        raw_id = f"{hashlib.sha256(str(day).encode()).hexdigest()[:16]}:{len(key)}"
        conn.execute(
            sa.text(
                """
                INSERT INTO scrape_files (partition_date, path, sha256, size_bytes, status, run_id)
                VALUES (:d, :path, :sha, 100, 'ingested', :run) ON CONFLICT DO NOTHING
                """
            ),
            {"d": day, "path": f"/landing/{day}/{source}-1.jsonl", "sha": "f" * 64, "run": run_id},
        )
        conn.execute(
            sa.text(
                """
                INSERT INTO raw_postings (partition_date, raw_id, file_path, file_sha256, row_number, format, source,
                                          payload, run_id)
                VALUES (:d, :raw, :path, :sha, :row, 'jsonl', :source, CAST('{}' AS jsonb), :run)
                ON CONFLICT DO NOTHING
                """
            ),
            {
                "d": day,
                "raw": raw_id,
                "path": f"/landing/{day}/{source}-1.jsonl",
                "sha": "f" * 64,
                "row": len(key),
                "source": source,
                "run": run_id,
            },
        )
        conn.execute(
            sa.text(
                """
                INSERT INTO normalized_postings (partition_date, posting_id, posting_key, raw_id, source, url,
                    title, title_normalized, country_code, expires_at, content_hash, run_id)
                VALUES (:d, :pid, :key, :raw, :source, :url, 'Engineer', 'engineer', :country, :exp, 'h', :run)
                """
            ),
            {
                "d": day,
                "pid": pid,
                "key": key,
                "raw": raw_id,
                "source": source,
                "url": url,
                "country": country,
                "exp": expires_at,
                "run": run_id,
            },
        )
    conn.execute(
        sa.text(
            """
            INSERT INTO postings (posting_id, posting_key, first_seen, last_seen, latest_partition, status,
                                  expired_at, run_id)
            VALUES (:pid, :key, :first, :last, :last, :status, :expired_at, :run)
            """
        ),
        {
            "pid": pid,
            "key": key,
            "first": min(seen),
            "last": max(seen),
            "status": status,
            "expired_at": expired_at,
            "run": run_id,
        },
    )
    return pid


def add_cluster(conn: Connection, cluster_id: str, members: list[str], day: date) -> None:
    conn.execute(
        sa.text(
            """
            INSERT INTO duplicate_clusters (cluster_id, canonical_posting_id, first_seen, last_seen, member_count,
                                            board_count, run_id)
            VALUES (:c, :canon, :d, :d, :n, 1, 'run-dedup')
            """
        ),
        {"c": cluster_id, "canon": members[0], "d": day, "n": len(members)},
    )
    for i, member in enumerate(members):
        conn.execute(
            sa.text(
                """
                INSERT INTO cluster_members (posting_id, cluster_id, is_canonical, duplicate_type, score, reasons,
                                             run_id)
                VALUES (:p, :c, :canon, :t, 0.9, CAST('{"title": 1.0}' AS jsonb), 'run-dedup')
                """
            ),
            {"p": member, "c": cluster_id, "canon": i == 0, "t": None if i == 0 else "FULL"},
        )

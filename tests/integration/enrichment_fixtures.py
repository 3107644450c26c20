"""Upstream rows for enrichment and publication tests, written straight into the contract's tables.

A posting gets its normalized row, its `postings` identity, an organization link and a cluster membership, as
ingestion, organizations and dedup would leave them.
"""

from __future__ import annotations

import hashlib
from datetime import date
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection


def pid(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()[:16]


def add_org(conn: Connection, org_id: str, name: str, kind: str = "employer", enriched: bool = True) -> None:
    conn.execute(
        sa.text(
            """
            INSERT INTO organizations (organization_id, name, normalized_name, core_key, kind, domain, first_seen,
                                       last_seen, industry_naics, enriched_at, website)
            VALUES (:id, :name, lower(:name), lower(:name), :kind, :domain, '2026-11-01', '2026-11-20', :naics,
                    CASE WHEN :enriched THEN now() END, :web)
            ON CONFLICT DO NOTHING
            """
        ),
        {"id": org_id, "name": name, "kind": kind, "enriched": enriched,
         "domain": f"{org_id}.example" if kind == "employer" else None, "naics": "51" if enriched else None,
         "web": f"https://{org_id}.example" if enriched else None},
    )  # fmt: skip


def add_posting(conn: Connection, key: str, day: date, org_id: str | None = None, **fields: Any) -> str:
    """A posting seen on `day` with the normalized fields given (title required); returns its posting_id."""
    posting = pid(key)
    source = fields.pop("source", key.split(":", 1)[0])
    values = {"title": "Engineer", "description_text": "", **fields}
    cols = ", ".join(values)
    params = ", ".join(f":{c}" for c in values)
    conn.execute(
        sa.text(
            f"""
            INSERT INTO normalized_postings (partition_date, posting_id, posting_key, raw_id, source, title_normalized,
                                             content_hash, run_id, {cols})
            VALUES (:d, :pid, :key, :raw, :source, lower(:title), :hash, 'run-ingest', {params})
            """
        ),
        {"d": day, "pid": posting, "key": key, "raw": f"raw:{posting}", "source": source, "hash": posting, **values},
    )
    conn.execute(
        sa.text(
            """
            INSERT INTO postings (posting_id, posting_key, first_seen, last_seen, latest_partition, run_id)
            VALUES (:pid, :key, :d, :d, :d, 'run-ingest')
            ON CONFLICT (posting_id) DO UPDATE SET last_seen = :d, latest_partition = :d
            """
        ),
        {"pid": posting, "key": key, "d": day},
    )
    if org_id:
        conn.execute(
            sa.text(
                "INSERT INTO posting_organizations (posting_id, organization_id, match_method, partition_date) "
                "VALUES (:pid, :org, 'exact_key', :d) ON CONFLICT DO NOTHING"
            ),
            {"pid": posting, "org": org_id, "d": day},
        )
    return posting


def add_cluster(conn: Connection, cluster_id: str, members: list[str], day: date, boards: list[str]) -> None:
    """An open cluster whose first member is canonical."""
    conn.execute(
        sa.text(
            """
            INSERT INTO duplicate_clusters (cluster_id, canonical_posting_id, status, first_seen, last_seen,
                                            member_count, board_count, boards, partition_date, run_id)
            VALUES (:c, :canon, 'open', :d, :d, :n, :b, :boards, :d, 'run-dedup')
            """
        ),
        {"c": cluster_id, "canon": members[0], "d": day, "n": len(members), "b": len(boards), "boards": boards},
    )
    for i, member in enumerate(members):
        conn.execute(
            sa.text(
                "INSERT INTO cluster_members (posting_id, cluster_id, is_canonical, duplicate_type, partition_date, "
                "run_id) VALUES (:p, :c, :canon, :t, :d, 'run-dedup')"
            ),
            {"p": member, "c": cluster_id, "canon": i == 0, "t": None if i == 0 else "SEMANTIC", "d": day},
        )

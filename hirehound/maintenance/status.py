"""The operator's morning view: the latest partition of each asset, open failures by reason, open incidents.

The latest partition comes from Dagster's own asset records when a Dagster instance is available (the caller
passes them in), else from the tables themselves: the newest `partition_date` and the run that wrote it.
"""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.engine import Connection

# Asset -> the table its partitions land in (the table carries partition_date and run_id).
ASSET_TABLES: dict[str, str] = {
    "raw_postings": "raw_postings",
    "normalized_postings": "normalized_postings",
    "organizations": "posting_organizations",
    "enriched_organizations": "organizations",
    "posting_embeddings": "posting_embeddings",
    "duplicate_clusters": "cluster_members",
    "posting_skills": "posting_skills",
    "posting_quality": "posting_quality",
    "spam_scores": "spam_scores",
    "published_postings": "published_postings",
    "daily_posting_stats": "daily_posting_stats",
}
# enriched_organizations records its partition in a differently named column.
PARTITION_COLUMNS = {"organizations": "enriched_partition"}
# Global tables whose rows a later day's run rewrites (run_id moves on, the partition column may not): their
# run_id does not tell which run materialized that partition, so none is shown rather than another day's run.
REWRITTEN_BY_LATER_RUNS = {"organizations", "cluster_members"}


@dataclass(frozen=True)
class AssetStatus:
    asset: str
    latest_partition: str | None
    run_id: str | None
    source: str  # dagster | table


def table_statuses(conn: Connection) -> list[AssetStatus]:
    """Latest partition and its run per asset, read from the tables that exist."""
    result = []
    for asset, table in ASSET_TABLES.items():
        column = PARTITION_COLUMNS.get(table, "partition_date")
        cols = {
            r[0]
            for r in conn.execute(
                sa.text("SELECT column_name FROM information_schema.columns WHERE table_name = :t"), {"t": table}
            )
        }
        if not {column, "run_id"} <= cols:
            continue
        # The run that wrote most rows of the newest partition: that partition's own run, not any row's.
        row = conn.execute(
            sa.text(
                f"SELECT {column}, run_id FROM {table} WHERE {column} = (SELECT max({column}) FROM {table}) "
                "GROUP BY 1, 2 ORDER BY count(*) DESC, 2 LIMIT 1"
            )
        ).first()
        run_id = row[1] if row and table not in REWRITTEN_BY_LATER_RUNS else None
        result.append(AssetStatus(asset, str(row[0]) if row else None, run_id, "table"))
    return result


def failures_by_reason(conn: Connection, limit: int = 30) -> list[dict[str, object]]:
    """Unresolved item failures grouped by asset, stage and error class, most frequent first."""
    rows = conn.execute(
        sa.text(
            """
            SELECT asset, stage, error_class, count(*) AS failures, count(DISTINCT partition_key) AS partitions,
                   max(last_seen) AS last_seen
            FROM failure_ledger WHERE NOT resolved
            GROUP BY asset, stage, error_class ORDER BY failures DESC, asset LIMIT :limit
            """
        ),
        {"limit": limit},
    )
    return [dict(r._mapping) for r in rows]

"""Cluster revalidation: re-check clusters whose members changed text or expired, and split what no longer holds.

A member whose latest content differs from what it had when clustered, or that expired, puts its cluster up for
review: every member is re-scored against the cluster's anchor and its stored pairs with the latest values, and
the clusters are rebuilt. Members that no longer match the anchor leave (as their own cluster, or another one);
a cluster whose members all expired is closed.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy.engine import Connection

from hirehound.db.driver import driver_connection
from hirehound.dedup.cluster_store import ClusterStats, recluster
from hirehound.dedup.pairs import existing_pairs, save_pairs, score_pairs
from hirehound.dedup.scoring import DedupSettings
from hirehound.dedup.store import load_records

STALE_SQL = """
SELECT DISTINCT m.cluster_id FROM cluster_members m
JOIN duplicate_clusters c ON c.cluster_id = m.cluster_id AND c.status = 'open'
JOIN postings p ON p.posting_id = m.posting_id
JOIN normalized_postings n ON n.posting_id = p.posting_id AND n.partition_date = p.latest_partition
WHERE n.content_hash IS DISTINCT FROM m.content_hash OR p.status <> 'active'
UNION
SELECT cluster_id FROM duplicate_clusters WHERE needs_revalidation AND status = 'open'
ORDER BY 1 LIMIT %s
"""


@dataclass
class RevalidationReport:
    clusters_checked: int
    pairs_rescored: int
    pairs_now_rejected: int
    clusters: ClusterStats


def stale_clusters(conn: Connection, limit: int = 50000) -> list[str]:
    raw: Any = driver_connection(conn)
    with raw.cursor() as cur:
        cur.execute(STALE_SQL, (limit,))
        return [r[0] for r in cur.fetchall()]


def revalidate(
    conn: Connection, settings: DedupSettings | None = None, run_id: str | None = None, limit: int = 50000
) -> RevalidationReport:
    settings = settings or DedupSettings()
    ids = stale_clusters(conn, limit)
    if not ids:
        return RevalidationReport(0, 0, 0, ClusterStats())
    raw: Any = driver_connection(conn)
    with raw.cursor() as cur:
        cur.execute("SELECT posting_id, cluster_id FROM cluster_members WHERE cluster_id = ANY(%s)", (ids,))
        membership = cur.fetchall()
    members = [pid for pid, _ in membership]
    pairs = existing_pairs(conn, members)
    for pid, cid in membership:
        anchor = cid.removeprefix("cl_")
        if pid != anchor:
            pairs.setdefault((pid, anchor) if pid < anchor else (anchor, pid), "revalidation")
    records = load_records(conn, {p for key in pairs for p in key} | set(members))
    scored = score_pairs(pairs, records, settings)
    save_pairs(conn, scored, None, run_id)
    with raw.cursor() as cur:
        cur.execute("UPDATE duplicate_clusters SET needs_revalidation = false WHERE cluster_id = ANY(%s)", (ids,))
    stats = recluster(conn, members, None, run_id)
    return RevalidationReport(len(ids), len(scored), sum(1 for p in scored if not p.accepted), stats)

"""Recomputing the clusters around changed postings and writing them with stable ids and redirects.

The postings touched by a run are expanded to everything connected to them (accepted pairs, and the members of
the clusters they were in), the clusters of that group are rebuilt from scratch, and the rows are replaced. A
previous cluster id that no longer names a cluster is kept as a row with status 'merged' and `merged_into` the
cluster that now holds its anchor, so ids handed out earlier keep resolving through `posting_cluster_current`.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy.engine import Connection

from hirehound.db.driver import driver_connection
from hirehound.db.partition_replace import replace_partition
from hirehound.dedup.clustering import Cluster, build_clusters, canonical_of, connected_groups
from hirehound.dedup.pairs import accepted_edges
from hirehound.dedup.records import PostingRecord
from hirehound.dedup.store import load_records

MAX_GROUP = 20000  # a safety cap on how far one run expands through pairs


@dataclass
class ClusterStats:
    clusters: int = 0
    created: int = 0
    merged: int = 0
    split: int = 0
    members: int = 0
    preview: list[dict[str, Any]] = field(default_factory=list)


def expand_group(conn: Connection, seeds: Iterable[str]) -> set[str]:
    """Seeds plus every posting linked to them by accepted pairs or a shared current cluster."""
    raw: Any = driver_connection(conn)
    nodes = set(seeds)
    frontier = set(nodes)
    with raw.cursor() as cur:
        while frontier and len(nodes) < MAX_GROUP:
            f = list(frontier)
            cur.execute(
                "SELECT posting_b FROM duplicate_pairs WHERE accepted AND posting_a = ANY(%(f)s) "
                "UNION SELECT posting_a FROM duplicate_pairs WHERE accepted AND posting_b = ANY(%(f)s) "
                "UNION SELECT m2.posting_id FROM cluster_members m1 "
                "JOIN cluster_members m2 ON m2.cluster_id = m1.cluster_id WHERE m1.posting_id = ANY(%(f)s)",
                {"f": f},
            )
            found = {r[0] for r in cur.fetchall()}
            frontier = found - nodes
            nodes |= frontier
    return nodes


def recluster(
    conn: Connection, seeds: Iterable[str], partition: date | None, run_id: str | None, preview: int = 10
) -> ClusterStats:
    nodes = expand_group(conn, seeds)
    records = load_records(conn, nodes, with_vectors=False)
    edges = accepted_edges(conn, records)
    clusters: list[Cluster] = []
    for group in connected_groups(records, edges):
        clusters.extend(build_clusters([records[p] for p in group], edges))
    raw: Any = driver_connection(conn)
    stats = ClusterStats(clusters=len(clusters), members=len(records))
    with raw.cursor() as cur:
        cur.execute("SELECT posting_id, cluster_id FROM cluster_members WHERE posting_id = ANY(%s)", (list(records),))
        old = dict(cur.fetchall())
        cur.execute(
            "SELECT posting_id FROM postings WHERE posting_id = ANY(%s) AND status = 'active'", (list(records),)
        )
        active = {r[0] for r in cur.fetchall()}
        new_ids = [c.cluster_id for c in clusters]
        cur.execute("SELECT cluster_id FROM duplicate_clusters WHERE cluster_id = ANY(%s)", (new_ids,))
        existing = {r[0] for r in cur.fetchall()}
        stats.created = len(set(new_ids) - existing)
        rows = [_cluster_row(c, records, active, partition, run_id) for c in clusters]
        cur.executemany(UPSERT_CLUSTER, rows)
        replace_partition(
            conn,
            "cluster_members",
            "posting_id",
            list(records),
            [
                m
                for c, row in zip(clusters, rows, strict=True)
                for m in _member_rows(c, row[1], records, partition, run_id)
            ],
            copy_columns=MEMBER_COLUMNS,
        )
        home = {pid: c.cluster_id for c in clusters for pid in c.members}
        retired = sorted({cid for cid in old.values() if cid not in home.values()})
        for cid in retired:
            anchor = cid.removeprefix("cl_")
            target = home.get(anchor) or _majority(cid, old, home)
            cur.execute(
                "UPDATE duplicate_clusters SET status = 'merged', merged_into = %s, updated_at = now(), run_id = %s "
                "WHERE cluster_id = %s",
                (target, run_id, cid),
            )
        stats.merged = len(retired)
        stats.split = sum(1 for cid in set(old.values()) if cid in home.values() and _was_split(cid, old, home))
    stats.preview = [_preview(c, records) for c in sorted(clusters, key=lambda c: -len(c.members))[:preview]]
    return stats


MEMBER_COLUMNS = (
    "posting_id",
    "cluster_id",
    "is_canonical",
    "duplicate_type",
    "score",
    "reasons",
    "content_hash",
    "partition_date",
    "run_id",
)

UPSERT_CLUSTER = """
INSERT INTO duplicate_clusters (cluster_id, canonical_posting_id, status, first_seen, last_seen, member_count,
    board_count, boards, posting_intensity, organization_id, merged_into, needs_revalidation, revalidated_at,
    updated_at, partition_date, run_id)
VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, NULL, false, now(), now(), %s, %s)
ON CONFLICT (cluster_id) DO UPDATE SET canonical_posting_id = EXCLUDED.canonical_posting_id,
    status = EXCLUDED.status, first_seen = EXCLUDED.first_seen, last_seen = EXCLUDED.last_seen,
    member_count = EXCLUDED.member_count, board_count = EXCLUDED.board_count, boards = EXCLUDED.boards,
    posting_intensity = EXCLUDED.posting_intensity, organization_id = EXCLUDED.organization_id,
    merged_into = NULL, needs_revalidation = false, revalidated_at = now(), updated_at = now(),
    partition_date = COALESCE(EXCLUDED.partition_date, duplicate_clusters.partition_date), run_id = EXCLUDED.run_id
"""


def _cluster_row(
    c: Cluster, records: dict[str, PostingRecord], active: set[str], partition: date | None, run_id: str | None
) -> tuple[Any, ...]:
    members = [records[p] for p in c.members]
    canonical = canonical_of(members)
    boards = sorted({m.source for m in members})
    orgs = sorted({m.organization_id for m in members if m.organization_id})
    status = "open" if any(p in active for p in c.members) else "closed"
    return (
        c.cluster_id,
        canonical.posting_id,
        status,
        min(m.first_seen for m in members),
        max(m.last_seen for m in members),
        len(members),
        len(boards),
        boards,
        float(len(members)),  # postings per unique job, Lightcast's "posting intensity"
        canonical.organization_id or (orgs[0] if orgs else None),
        partition,
        run_id,
    )


def _member_rows(
    c: Cluster, canonical_id: str, records: dict[str, PostingRecord], partition: date | None, run_id: str | None
) -> list[tuple[Any, ...]]:
    out = []
    for pid in c.members:
        edge = c.member_edges.get(pid)
        out.append(
            (
                pid,
                c.cluster_id,
                pid == canonical_id,
                edge.duplicate_type if edge else None,
                edge.score if edge else None,
                json.dumps(edge.reasons if edge else {"anchor": True}),
                records[pid].content_hash,
                partition,
                run_id,
            )
        )
    return out


def _majority(cid: str, old: dict[str, str], home: dict[str, str]) -> str | None:
    counts: dict[str, int] = {}
    for pid, was in old.items():
        if was == cid and pid in home:
            counts[home[pid]] = counts.get(home[pid], 0) + 1
    return min(counts, key=lambda k: (-counts[k], k)) if counts else None


def _was_split(cid: str, old: dict[str, str], home: dict[str, str]) -> bool:
    return len({home[p] for p, was in old.items() if was == cid and p in home}) > 1


def _preview(c: Cluster, records: dict[str, PostingRecord]) -> dict[str, Any]:
    anchor = records[c.anchor]
    types = sorted({e.duplicate_type for e in c.member_edges.values() if e})
    boards = sorted({records[p].source for p in c.members})
    return {"cluster_id": c.cluster_id, "title": anchor.title[:60], "members": len(c.members),
            "boards": ",".join(boards), "types": ",".join(types)}  # fmt: skip

"""From accepted pairs to clusters, with ids that do not depend on the order days were processed in.

Members of a connected group are visited from the earliest seen (then by posting id). A posting joins the first
cluster whose anchor (its earliest member) it was accepted as a duplicate of, else it starts its own cluster.
Requiring a direct match with the anchor stops chaining: A~B and B~C do not pull an unrelated C into A's cluster.
A cluster's id is derived from its anchor's posting id, so the same postings and pairs always give the same ids;
when a backfill reveals an earlier member, the cluster takes the older id and the previous id redirects to it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from hirehound.dedup.records import PostingRecord


@dataclass
class Edge:
    duplicate_type: str
    score: float
    reasons: dict[str, object] = field(default_factory=dict)


@dataclass
class Cluster:
    cluster_id: str
    anchor: str
    members: list[str]
    member_edges: dict[str, Edge | None]  # member -> its edge to the anchor (None for the anchor)


def cluster_id_for(anchor_posting_id: str) -> str:
    return f"cl_{anchor_posting_id}"


def pair_key(a: str, b: str) -> tuple[str, str]:
    return (a, b) if a < b else (b, a)


def build_clusters(records: Iterable[PostingRecord], accepted: dict[tuple[str, str], Edge]) -> list[Cluster]:
    """Clusters over these postings given accepted pairs (keys ordered a < b)."""
    ordered = sorted(records, key=lambda r: r.order_key())
    clusters: list[Cluster] = []
    for record in ordered:
        pid = record.posting_id
        home = next((c for c in clusters if pair_key(pid, c.anchor) in accepted), None)
        if home is None:
            clusters.append(Cluster(cluster_id_for(pid), pid, [pid], {pid: None}))
        else:
            home.members.append(pid)
            home.member_edges[pid] = accepted[pair_key(pid, home.anchor)]
    return clusters


def connected_groups(nodes: Iterable[str], edges: Iterable[tuple[str, str]]) -> list[set[str]]:
    """Connected components (union-find) of the accepted-pair graph restricted to `nodes`."""
    parent: dict[str, str] = {n: n for n in nodes}

    def find(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a, b in edges:
        if a in parent and b in parent:
            ra, rb = find(a), find(b)
            if ra != rb:
                parent[max(ra, rb)] = min(ra, rb)
    groups: dict[str, set[str]] = {}
    for n in parent:
        groups.setdefault(find(n), set()).add(n)
    return list(groups.values())


def canonical_of(members: list[PostingRecord]) -> PostingRecord:
    """The posting shown for the cluster: earliest seen, then the most complete, then the smallest id."""
    return min(members, key=lambda r: (r.first_seen, -r.completeness, r.posting_id))

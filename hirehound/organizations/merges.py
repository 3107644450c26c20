"""Organizations found to be one employer are merged, and their postings follow.

Two active organizations of the same kind are one when they share the employer's own domain, when the same
normalized spelling is an alias of both (which happens when an ATS tenant or domain linked a spelling to one
organization while the name alone had founded another), or when one posting carries identifiers of both (the
organizations stage passes those pairs). Evidence must be specific to one employer: hosts shared by many
employers are never evidence (see `hosts`), and a merge that would fuse two organizations with unrelated
established names (`names.names_conflict`) needs two distinct kinds of evidence, not one shared identifier. The
survivor is the oldest (then the smallest id), so the outcome does not depend on run order; the other gets
`merged_into` and hands over aliases, identifiers and posting links.
`posting_organization_current` follows the redirect for anyone holding the old id. The organizations stage runs
this after every batch, so dedup never sees one employer as two; enrichment runs it again as its first step, for
the domains it has learned.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from hirehound.organizations.names import STRONG_PROOF, names_conflict
from hirehound.organizations.store import refresh_counts


@dataclass(frozen=True)
class Merge:
    loser: str
    survivor: str
    reason: str  # domain | alias | identifier


@dataclass(frozen=True)
class Refusal:
    """Two organizations some evidence pointed at together that were kept apart: unrelated names, weak proof."""

    a: str
    b: str
    name_a: str
    name_b: str
    evidence: tuple[str, ...]


@dataclass(frozen=True)
class _Pair:
    a: str
    b: str
    reason: str
    detail: str
    fa: object
    fb: object


def find_merges(
    conn: Connection,
    organization_ids: list[str],
    linked: Iterable[tuple[str, str]] = (),
    refused: list[Refusal] | None = None,
) -> list[Merge]:
    """Pairs to merge among the given organizations and every active organization they overlap with, plus the
    `linked` pairs (two organizations one posting's identifiers point to). Pairs whose names conflict (see
    `names.names_conflict`) merge only on STRONG_PROOF distinct pieces of evidence; the others are appended to
    `refused` when given."""
    linked = sorted(linked)
    if not organization_ids and not linked:
        return []
    rows: list[Any] = list(
        conn.execute(
            sa.text(
                """
            WITH scope AS (SELECT unnest(CAST(:ids AS text[])) AS organization_id),
            pairs AS (
                SELECT a.organization_id AS a, b.organization_id AS b, 'domain' AS reason, a.domain AS detail
                FROM organizations a JOIN scope s ON s.organization_id = a.organization_id
                JOIN organizations b ON b.domain = a.domain AND b.kind = a.kind
                     AND b.organization_id <> a.organization_id
                WHERE a.domain IS NOT NULL AND a.merged_into IS NULL AND b.merged_into IS NULL
                  AND a.kind = 'employer'
                UNION
                SELECT a.organization_id, b.organization_id, 'alias', a.normalized_name
                FROM organization_aliases a JOIN scope s ON s.organization_id = a.organization_id
                JOIN organization_aliases b ON b.normalized_name = a.normalized_name AND b.kind = a.kind
                     AND b.organization_id <> a.organization_id
                JOIN organizations oa ON oa.organization_id = a.organization_id
                JOIN organizations ob ON ob.organization_id = b.organization_id
                WHERE oa.merged_into IS NULL AND ob.merged_into IS NULL AND a.kind <> 'confidential'
                  AND a.normalized_name <> ''
            )
            SELECT p.a, p.b, p.reason, p.detail, oa.first_seen AS fa, ob.first_seen AS fb
            FROM pairs p JOIN organizations oa ON oa.organization_id = p.a
            JOIN organizations ob ON ob.organization_id = p.b
            """
            ),
            {"ids": organization_ids},
        ).all()
    )
    if linked:
        seen: dict[str, Any] = dict(
            conn.execute(
                sa.text(
                    "SELECT organization_id, first_seen FROM organizations "
                    "WHERE organization_id = ANY(:ids) AND merged_into IS NULL"
                ),
                {"ids": sorted({o for pair in linked for o in pair})},
            ).all()
        )
        rows = [
            *rows,
            *(_Pair(a, b, "identifier", "posting", seen[a], seen[b]) for a, b in linked if a in seen and b in seen),
        ]
    names = _names(conn, sorted({o for r in rows for o in (r.a, r.b)}))
    evidence: dict[tuple[str, str], set[str]] = {}
    for r in rows:
        evidence.setdefault(_key(r.a, r.b), set()).add(f"{r.reason}:{r.detail}")
    # Union-find over the pairs, so chains (A~B, B~C) end in one survivor.
    parent: dict[str, str] = {}
    first_seen: dict[str, object] = {}
    reason_of: dict[str, str] = {}

    def find(x: str) -> str:
        while parent.get(x, x) != x:
            x = parent[x]
        return x

    refused_pairs: dict[tuple[str, str], Refusal] = {}
    for r in sorted(rows, key=lambda r: (_key(r.a, r.b), r.reason)):
        first_seen[r.a], first_seen[r.b] = r.fa, r.fb
        ra, rb = find(r.a), find(r.b)
        if ra == rb:
            continue
        # Distinct kinds of evidence (a shared domain, a shared spelling, a posting carrying identifiers of both),
        # not items: two spellings linked through one identifier are one piece of proof. On real data a single
        # shared aggregator host fused Western Digital with Astranis, Dell and IMC.
        proof = {item.split(":", 1)[0] for item in evidence[_key(r.a, r.b)]}
        conflict = names_conflict(names.get(r.a), names.get(r.b)) or names_conflict(names.get(ra), names.get(rb))
        if conflict and len(proof) < STRONG_PROOF:
            a, b = _key(r.a, r.b)
            items = tuple(sorted(evidence[(a, b)]))
            refused_pairs[(a, b)] = Refusal(a, b, names.get(a, ""), names.get(b, ""), items)
            continue
        keep, drop = sorted((ra, rb), key=lambda o: (first_seen[o], o))
        parent[drop] = keep
        reason_of[drop] = r.reason
    merges = [Merge(org, find(org), reason_of.get(org, "alias")) for org in sorted(parent) if find(org) != org]
    if refused is not None:
        refused.extend(v for k, v in sorted(refused_pairs.items()) if find(k[0]) != find(k[1]))
    return merges


def _key(a: str, b: str) -> tuple[str, str]:
    return (a, b) if a < b else (b, a)


def _names(conn: Connection, organization_ids: list[str]) -> dict[str, str]:
    """The spelling each organization was founded under: its established name (the display name follows the most
    used spelling, which a wrongly attached one can take over)."""
    if not organization_ids:
        return {}
    rows = conn.execute(
        sa.text(
            "SELECT organization_id, COALESCE(NULLIF(normalized_name, ''), name) AS name FROM organizations "
            "WHERE organization_id = ANY(:ids)"
        ),
        {"ids": organization_ids},
    )
    return {r.organization_id: r.name for r in rows}


def apply_merges(conn: Connection, merges: list[Merge], run_id: str) -> None:
    """Redirect each loser to its survivor and move its aliases, identifiers and posting links."""
    for m in merges:
        params = {"loser": m.loser, "survivor": m.survivor, "reason": m.reason, "run_id": run_id}
        conn.execute(
            sa.text(
                """
                INSERT INTO organization_aliases (organization_id, alias, source, display_name, normalized_name,
                    core_key, distinctive, kind, posting_count, first_seen, last_seen, run_id)
                SELECT :survivor, alias, source, display_name, normalized_name, core_key, distinctive, kind,
                       posting_count, first_seen, last_seen, :run_id
                FROM organization_aliases WHERE organization_id = :loser
                ON CONFLICT (organization_id, alias, source) DO UPDATE SET
                    first_seen = LEAST(organization_aliases.first_seen, EXCLUDED.first_seen),
                    last_seen = GREATEST(organization_aliases.last_seen, EXCLUDED.last_seen)
                """
            ),
            params,
        )
        conn.execute(sa.text("DELETE FROM organization_aliases WHERE organization_id = :loser"), params)
        conn.execute(
            sa.text("UPDATE organization_identifiers SET organization_id = :survivor WHERE organization_id = :loser"),
            params,
        )
        conn.execute(
            sa.text(
                "UPDATE posting_organizations SET organization_id = :survivor, run_id = :run_id "
                "WHERE organization_id = :loser"
            ),
            params,
        )
        conn.execute(
            sa.text(
                """
                UPDATE organizations s SET first_seen = LEAST(s.first_seen, l.first_seen),
                    last_seen = GREATEST(s.last_seen, l.last_seen), updated_at = now(), run_id = :run_id
                FROM organizations l WHERE s.organization_id = :survivor AND l.organization_id = :loser
                """
            ),
            params,
        )
        conn.execute(
            sa.text(
                """
                UPDATE organizations SET merged_into = :survivor, merge_reason = :reason, posting_count = 0,
                    updated_at = now(), run_id = :run_id
                WHERE organization_id = :loser
                """
            ),
            params,
        )
    # Earlier losers that pointed at a loser now point at its survivor. Readers follow chains of any length
    # (`current_organizations`, migration 0010: merges in overlapping runs can add a hop); short chains keep it cheap.
    conn.execute(
        sa.text(
            """
            UPDATE organizations o SET merged_into = t.merged_into
            FROM organizations t WHERE o.merged_into = t.organization_id AND t.merged_into IS NOT NULL
            """
        )
    )
    refresh_counts(conn, sorted({m.survivor for m in merges}))

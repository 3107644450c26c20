"""The global organization tables in PostgreSQL: lookups for matching, and writing a batch's decisions.

Writes are upserts whose values are functions of the data (first_seen = earliest, last_seen = latest, counts
recomputed from the links), so re-running a partition, or running partitions out of order, gives the same rows.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import date

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from hirehound.organizations.evidence import Identifier
from hirehound.organizations.matching import PREFIX_MIN_LEN, Candidate
from hirehound.organizations.normalize import clean_display
from hirehound.organizations.resolver import CandidateQuery, PostingInput, Resolution

# pg_trgm similarity below which an alias is not even a candidate; the re-ranking in `matching` decides.
TRIGRAM_THRESHOLD = 0.45
CANDIDATE_LIMIT = 10
ANALYZE_AFTER = 1_000  # organizations created in one batch


class PostgresIndex:
    """`OrganizationIndex` over `organization_identifiers` and `organization_aliases`, following merges."""

    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    def by_identifier(self, identifiers: Iterable[Identifier]) -> dict[Identifier, str]:
        ids = list(identifiers)
        if not ids:
            return {}
        rows = self.conn.execute(
            sa.text(
                """
                SELECT i.kind, i.value, c.current_organization_id AS org
                FROM organization_identifiers i
                JOIN unnest(CAST(:kinds AS text[]), CAST(:vals AS text[])) AS q(kind, value)
                  ON q.kind = i.kind AND q.value = i.value
                JOIN current_organizations c ON c.organization_id = i.organization_id
                """
            ),
            {"kinds": [i.kind for i in ids], "vals": [i.value for i in ids]},
        )
        return {Identifier(r.kind, r.value): r.org for r in rows}

    def by_core_key(self, keys: Iterable[tuple[str, str]]) -> dict[tuple[str, str], str]:
        pairs = list(keys)
        if not pairs:
            return {}
        # A key can reach several organizations (a spelling linked to another employer by its ATS tenant, or
        # before a merge): the organization the key itself founds wins (same id as `organization_id_for`), then
        # the oldest, then the smallest id, so the answer does not depend on which partition ran first.
        rows = self.conn.execute(
            sa.text(
                """
                SELECT DISTINCT ON (a.kind, a.core_key) a.kind, a.core_key, c.current_organization_id AS org
                FROM organization_aliases a
                JOIN unnest(CAST(:kinds AS text[]), CAST(:keys AS text[])) AS q(kind, key)
                  ON q.kind = a.kind AND q.key = a.core_key
                JOIN organizations o ON o.organization_id = a.organization_id
                JOIN current_organizations c ON c.organization_id = a.organization_id
                ORDER BY a.kind, a.core_key,
                         a.organization_id = 'org_' || left(encode(sha256(convert_to(a.kind || ':' || a.core_key,
                                                                                     'UTF8')), 'hex'), 16) DESC,
                         o.first_seen, o.organization_id
                """
            ),
            {"kinds": [k for k, _ in pairs], "keys": [v for _, v in pairs]},
        )
        return {(r.kind, r.core_key): r.org for r in rows}

    def candidates(self, queries: Iterable[CandidateQuery]) -> dict[tuple[str, str], list[Candidate]]:
        items = list(queries)
        out: dict[tuple[str, str], list[Candidate]] = {(k, key): [] for k, key, _ in items}
        if not items:
            return out
        self.conn.execute(sa.text(f"SET LOCAL pg_trgm.similarity_threshold = {TRIGRAM_THRESHOLD}"))
        # Right after a bulk load the planner's statistics still describe a tiny table and it picks a sequential
        # scan per spelling (minutes at 50k aliases); this query is built for the trigram and first-word indexes.
        # (The kind filter sits outside the LIMIT for the same reason: inside, the planner used the kind index.)
        self.conn.execute(sa.text("SET LOCAL enable_seqscan = off"))
        # Aliases first, organizations joined once at the end: joining inside the lateral made the planner scan
        # `organizations` per spelling. Word-prefix candidates only for first words long enough for that rule.
        rows = self.conn.execute(
            sa.text(
                """
                WITH q AS (
                    SELECT * FROM unnest(CAST(:kinds AS text[]), CAST(:keys AS text[]), CAST(:firsts AS text[]))
                         AS q(kind, key, first_word)
                ),
                cand AS (
                    SELECT q.kind, q.key, t.organization_id, t.core_key, t.distinctive
                    FROM q CROSS JOIN LATERAL (
                        SELECT a.organization_id, a.core_key, a.distinctive, a.kind FROM organization_aliases a
                        WHERE a.core_key % q.key
                        ORDER BY a.core_key <-> q.key LIMIT :limit
                    ) t
                    WHERE t.kind = q.kind
                    UNION
                    SELECT q.kind, q.key, a.organization_id, a.core_key, a.distinctive
                    FROM q JOIN organization_aliases a
                      ON a.kind = q.kind AND split_part(a.distinctive, ' ', 1) = q.first_word
                    WHERE length(q.first_word) >= :min_first
                )
                SELECT c.kind, c.key, co.current_organization_id AS org, c.core_key, c.distinctive
                FROM cand c JOIN current_organizations co ON co.organization_id = c.organization_id
                """
            ),
            {
                "kinds": [k for k, _, _ in items],
                "keys": [key for _, key, _ in items],
                "firsts": [f for _, _, f in items],
                "limit": CANDIDATE_LIMIT,
                "min_first": PREFIX_MIN_LEN,
            },
        )
        self.conn.execute(sa.text("SET LOCAL enable_seqscan = on"))
        for r in rows:
            out[(r.kind, r.key)].append(Candidate(r.org, r.core_key, tuple(r.distinctive.split())))
        return out

    def identifiers_of(self, organization_ids: Iterable[str]) -> dict[str, set[Identifier]]:
        ids = sorted(set(organization_ids))
        out: dict[str, set[Identifier]] = {}
        if not ids:
            return out
        rows = self.conn.execute(
            sa.text(
                """
                SELECT i.kind, i.value, c.current_organization_id AS org
                FROM organization_identifiers i JOIN current_organizations c ON c.organization_id = i.organization_id
                WHERE i.organization_id = ANY(:ids) OR c.current_organization_id = ANY(:ids)
                """
            ),
            {"ids": ids},
        )
        for r in rows:
            out.setdefault(r.org, set()).add(Identifier(r.kind, r.value))
        return out

    def names_of(self, organization_ids: Iterable[str]) -> dict[str, str]:
        ids = sorted(set(organization_ids))
        if not ids:
            return {}
        # The founding spelling, not the display name (which follows the most used spelling).
        rows = self.conn.execute(
            sa.text(
                "SELECT organization_id, COALESCE(NULLIF(normalized_name, ''), name) AS name FROM organizations "
                "WHERE organization_id = ANY(:ids)"
            ),
            {"ids": ids},
        )
        return {r.organization_id: r.name for r in rows}


def load_postings(conn: Connection, partition: str) -> list[PostingInput]:
    """The postings of a partition with what matching needs."""
    rows = conn.execute(
        sa.text(
            """
            SELECT posting_id, source, company_raw, company_url, COALESCE(canonical_apply_url, apply_url) AS apply,
                   extra
            FROM normalized_postings WHERE partition_date = :p ORDER BY posting_id
            """
        ),
        {"p": partition},
    )
    return [
        PostingInput(r.posting_id, r.source, r.company_raw, r.company_url, r.apply, dict(r.extra or {})) for r in rows
    ]


def write_resolution(conn: Connection, resolution: Resolution, *, partition: str, run_id: str) -> int:
    """Upsert organizations, aliases, identifiers and posting links of one batch; refresh counts and names.

    Returns how many organizations did not exist before.
    """
    day = date.fromisoformat(partition)
    created = 0
    if resolution.new_organizations:
        created = conn.execute(
            sa.text(
                """
                INSERT INTO organizations (organization_id, name, normalized_name, core_key, kind,
                                           first_seen, last_seen, run_id)
                VALUES (:id, :name, :norm, :key, :kind, :day, :day, :run_id)
                ON CONFLICT (organization_id) DO NOTHING
                """
            ),
            [
                {
                    "id": o.organization_id,
                    "name": o.name,
                    "norm": o.normalized_name,
                    "key": o.core_key,
                    "kind": o.kind,
                    "day": day,
                    "run_id": run_id,
                }
                for o in resolution.new_organizations.values()
            ],
        ).rowcount
    orgs = sorted({a.organization_id for a in resolution.assignments})
    if orgs:
        conn.execute(
            sa.text(
                """
                UPDATE organizations SET first_seen = LEAST(first_seen, :day), last_seen = GREATEST(last_seen, :day),
                       run_id = :run_id, updated_at = now()
                WHERE organization_id = ANY(:ids)
                """
            ),
            {"day": day, "run_id": run_id, "ids": orgs},
        )
    aliases = {(a.organization_id, a.alias, a.source): a for a in resolution.assignments if a.method != "confidential"}
    if aliases:
        conn.execute(
            sa.text(
                """
                INSERT INTO organization_aliases (organization_id, alias, source, display_name, normalized_name,
                                                  core_key, distinctive, kind, first_seen, last_seen, run_id)
                VALUES (:org, :alias, :source, :display, :norm, :key, :dist, :kind, :day, :day, :run_id)
                ON CONFLICT (organization_id, alias, source) DO UPDATE SET
                    first_seen = LEAST(organization_aliases.first_seen, EXCLUDED.first_seen),
                    last_seen = GREATEST(organization_aliases.last_seen, EXCLUDED.last_seen),
                    run_id = EXCLUDED.run_id
                """
            ),
            [
                {
                    "org": a.organization_id,
                    "alias": a.alias,
                    "source": a.source,
                    "display": clean_display(a.alias) or a.alias,
                    "norm": a.normalized_name,
                    "key": a.core_key,
                    "dist": a.distinctive,
                    "kind": a.kind,
                    "day": day,
                    "run_id": run_id,
                }
                for a in aliases.values()
            ],
        )
    if resolution.new_identifiers:
        conn.execute(
            sa.text(
                """
                INSERT INTO organization_identifiers (kind, value, organization_id, first_seen, run_id)
                VALUES (:kind, :value, :org, :day, :run_id) ON CONFLICT (kind, value) DO NOTHING
                """
            ),
            [
                {"kind": i.kind, "value": i.value, "org": org, "day": day, "run_id": run_id}
                for i, org in resolution.new_identifiers.items()
            ],
        )
    if resolution.assignments:
        conn.execute(
            sa.text(
                """
                INSERT INTO posting_organizations (posting_id, organization_id, matched_alias, source, match_method,
                                                   match_score, partition_date, run_id)
                VALUES (:pid, :org, :alias, :source, :method, :score, :day, :run_id)
                ON CONFLICT (posting_id) DO UPDATE SET
                    organization_id = EXCLUDED.organization_id, matched_alias = EXCLUDED.matched_alias,
                    source = EXCLUDED.source, match_method = EXCLUDED.match_method,
                    match_score = EXCLUDED.match_score, partition_date = EXCLUDED.partition_date,
                    run_id = EXCLUDED.run_id
                WHERE posting_organizations.partition_date <= EXCLUDED.partition_date
                """
            ),
            [
                {
                    "pid": a.posting_id,
                    "org": a.organization_id,
                    "alias": a.alias,
                    "source": a.source,
                    "method": a.method,
                    "score": a.score,
                    "day": day,
                    "run_id": run_id,
                }
                for a in resolution.assignments
            ],
        )
    refresh_counts(conn, orgs)
    if created >= ANALYZE_AFTER:
        # Keep planner statistics in step with a bulk load, so the next batch's lookups use the indexes.
        conn.execute(sa.text("ANALYZE organization_aliases, organizations, posting_organizations"))
    return created


def refresh_counts(conn: Connection, organization_ids: list[str]) -> None:
    """Recompute posting counts of the given organizations and their aliases, and their display names."""
    if not organization_ids:
        return
    params = {"ids": organization_ids}
    conn.execute(
        sa.text(
            """
            UPDATE organization_aliases a SET posting_count = (
                SELECT count(*) FROM posting_organizations p
                WHERE p.organization_id = a.organization_id AND p.matched_alias = a.alias AND p.source = a.source)
            WHERE a.organization_id = ANY(:ids)
            """
        ),
        params,
    )
    # Display name: the most used cleaned spelling (ties: the shortest, then alphabetical).
    conn.execute(
        sa.text(
            """
            UPDATE organizations o SET
                posting_count = (SELECT count(*) FROM posting_organizations p
                                 WHERE p.organization_id = o.organization_id),
                name = COALESCE((
                    SELECT a.display_name FROM organization_aliases a WHERE a.organization_id = o.organization_id
                    GROUP BY a.display_name
                    ORDER BY sum(a.posting_count) DESC, length(a.display_name), a.display_name LIMIT 1), o.name)
            WHERE o.organization_id = ANY(:ids)
            """
        ),
        params,
    )


def to_json(value: object) -> str:
    return json.dumps(value, default=str, sort_keys=True)

"""Candidate pairs for a day's postings, cheapest stage first, each from an indexed query in Postgres.

1. exact: same content hash; 2. identity: same ATS job id or canonical apply URL; 3. minhash: a shared LSH band
key (5-word shingles); 4. semantic: nearest vectors within the same organization (numpy over that
organization's postings), or for postings without an organization, the pgvector HNSW index.
Partners are postings seen within the lookback around the day and still active then (not expired before it),
so a backfill finds the same pairs as a day-by-day run.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from typing import Any

import numpy as np
from sqlalchemy.engine import Connection

from hirehound.dedup.minhash import text_band_keys
from hirehound.dedup.records import PostingRecord
from hirehound.dedup.store import vectors_of
from hirehound.embeddings.cache import driver_connection

STAGES = ("exact", "identity", "minhash", "semantic")
SEMANTIC_FLOOR = 0.8  # neighbours below this cosine cannot pass any semantic rule

WINDOW = """
JOIN postings w ON w.posting_id = {col}
     AND w.last_seen >= %(lo)s AND w.first_seen <= %(hi)s
     AND (w.status = 'active' OR w.expired_at >= %(day)s)
"""


def window_params(day: date, lookback_days: int) -> dict[str, Any]:
    return {"day": day, "lo": day - timedelta(days=lookback_days), "hi": day + timedelta(days=lookback_days)}


def stage_new_table(conn: Connection, posting_ids: Iterable[str]) -> None:
    """A temp table of the day's postings, so each stage is one join."""
    raw: Any = driver_connection(conn)
    with raw.cursor() as cur:
        cur.execute("CREATE TEMP TABLE IF NOT EXISTS _dd_new (posting_id text PRIMARY KEY) ON COMMIT DROP")
        cur.execute("TRUNCATE _dd_new")
        with cur.copy("COPY _dd_new (posting_id) FROM STDIN") as cp:
            for pid in posting_ids:
                cp.write_row((pid,))
        cur.execute("ANALYZE _dd_new")


def refresh_minhash_bands(conn: Connection, records: dict[str, PostingRecord], run_id: str | None) -> int:
    """(Re)compute band keys of postings whose text changed since their bands were stored; returns how many."""
    raw: Any = driver_connection(conn)
    with raw.cursor() as cur:
        cur.execute(
            "SELECT posting_id, content_hash FROM posting_minhash_state WHERE posting_id = ANY(%s)", (list(records),)
        )
        known = dict(cur.fetchall())
        stale = [r for pid, r in records.items() if known.get(pid) != r.content_hash]
        if not stale:
            return 0
        ids = [r.posting_id for r in stale]
        cur.execute("DELETE FROM posting_minhash_bands WHERE posting_id = ANY(%s)", (ids,))
        with cur.copy("COPY posting_minhash_bands (band_key, posting_id) FROM STDIN") as cp:
            for r in stale:
                for key in set(text_band_keys(r.description or r.title)):
                    cp.write_row((key, r.posting_id))
        cur.executemany(
            "INSERT INTO posting_minhash_state (posting_id, content_hash, run_id) VALUES (%s, %s, %s) "
            "ON CONFLICT (posting_id) DO UPDATE SET content_hash = EXCLUDED.content_hash, run_id = EXCLUDED.run_id",
            [(r.posting_id, r.content_hash, run_id) for r in stale],
        )
    return len(stale)


def _pairs(cur: Any, sql: str, params: dict[str, Any]) -> set[tuple[str, str]]:
    cur.execute(sql, params)
    return {(a, b) if a < b else (b, a) for a, b in cur.fetchall() if a != b}


def text_candidates(conn: Connection, day: date, lookback_days: int) -> dict[str, set[tuple[str, str]]]:
    """Pairs from the exact, identity and MinHash stages (the day's postings must be in `_dd_new`)."""
    params = window_params(day, lookback_days)
    latest = "JOIN postings lp ON lp.posting_id = {a}.posting_id AND lp.latest_partition = {a}.partition_date"
    new_rows = (
        "FROM _dd_new d JOIN postings np ON np.posting_id = d.posting_id "
        "JOIN normalized_postings a ON a.posting_id = d.posting_id AND a.partition_date = np.latest_partition "
    )
    raw: Any = driver_connection(conn)
    out: dict[str, set[tuple[str, str]]] = {}
    with raw.cursor() as cur:
        out["exact"] = _pairs(
            cur,
            f"SELECT a.posting_id, b.posting_id {new_rows}"
            "JOIN normalized_postings b ON b.content_hash = a.content_hash "
            + latest.format(a="b")
            + WINDOW.format(col="b.posting_id"),
            params,
        )
        out["identity"] = _pairs(
            cur,
            f"SELECT a.posting_id, b.posting_id {new_rows}"
            "JOIN normalized_postings b ON b.ats_vendor = a.ats_vendor AND b.ats_job_id = a.ats_job_id "
            "     AND b.ats_tenant IS NOT DISTINCT FROM a.ats_tenant "
            + latest.format(a="b")
            + WINDOW.format(col="b.posting_id")
            + " UNION "
            f"SELECT a.posting_id, b.posting_id {new_rows}"
            "JOIN normalized_postings b ON b.canonical_apply_url = a.canonical_apply_url "
            + latest.format(a="b")
            + WINDOW.format(col="b.posting_id"),
            params,
        )
        out["minhash"] = _pairs(
            cur,
            "SELECT DISTINCT x.posting_id, y.posting_id FROM _dd_new d "
            "JOIN posting_minhash_bands x ON x.posting_id = d.posting_id "
            "JOIN posting_minhash_bands y ON y.band_key = x.band_key AND y.posting_id <> x.posting_id "
            + WINDOW.format(col="y.posting_id"),
            params,
        )
    return out


def semantic_candidates(
    conn: Connection, records: dict[str, PostingRecord], day: date, lookback_days: int, knn: int
) -> set[tuple[str, str]]:
    """Nearest neighbours by cosine: within each organization, else (no organization) over the HNSW index."""
    params = window_params(day, lookback_days)
    by_org: dict[str, list[PostingRecord]] = {}
    orphans: list[PostingRecord] = []
    for r in records.values():
        if r.vector is None:
            continue
        (by_org.setdefault(r.organization_id, []) if r.organization_id else orphans).append(r)
    pairs: set[tuple[str, str]] = set()
    raw: Any = driver_connection(conn)
    with raw.cursor() as cur:
        if by_org:
            cur.execute(
                "SELECT pe.posting_id, pe.organization_id, te.embedding FROM posting_embeddings pe "
                "JOIN text_embeddings te ON te.model_id = pe.model_id AND te.text_hash = pe.text_hash "
                + WINDOW.format(col="pe.posting_id")
                + " WHERE pe.organization_id = ANY(%(orgs)s)",
                {**params, "orgs": list(by_org)},
            )
            pool: dict[str, list[tuple[str, Any]]] = {}
            for pid, org, vec in cur.fetchall():
                pool.setdefault(org, []).append((pid, vec))
            for org, group in by_org.items():
                pairs |= _nearest(group, *vectors_of(pool.get(org, [])), knn)
        if orphans:
            cur.execute("SET LOCAL hnsw.ef_search = 40")
            for r in orphans:
                cur.execute(
                    "SELECT pe.posting_id FROM (SELECT model_id, text_hash FROM text_embeddings "
                    "  ORDER BY embedding <=> %(v)s LIMIT %(k)s) nn "
                    "JOIN posting_embeddings pe ON pe.model_id = nn.model_id AND pe.text_hash = nn.text_hash "
                    + WINDOW.format(col="pe.posting_id"),
                    {**params, "v": r.vector, "k": knn},
                )
                pairs |= {_ordered(r.posting_id, pid) for (pid,) in cur.fetchall() if pid != r.posting_id}
    return pairs


def _nearest(group: list[PostingRecord], ids: list[str], matrix: np.ndarray, knn: int) -> set[tuple[str, str]]:
    if not ids:
        return set()
    queries = np.vstack([r.vector for r in group if r.vector is not None])
    sims = queries @ matrix.T
    out: set[tuple[str, str]] = set()
    for qi, r in enumerate(group):
        row = sims[qi]
        top = np.argsort(-row)[: knn + 1]
        out |= {_ordered(r.posting_id, ids[j]) for j in top if row[j] >= SEMANTIC_FLOOR and ids[j] != r.posting_id}
    return out


def _ordered(a: str, b: str) -> tuple[str, str]:
    return (a, b) if a < b else (b, a)

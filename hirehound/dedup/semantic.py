"""Semantic candidates: pairs whose vectors are close (cosine >= the floor) and whose employers do not conflict.

A reworded duplicate shares little text, so only its meaning finds it. Comparing a day's postings with every
posting of the lookback would cost day x lookback; the verdict never accepts two different known employers, so
the comparisons are blocked the way `signals.org_relation` judges organizations:

- **Same employer**: each posting with an employer (its organization followed through merges, so a day processed
  after two records of one employer were merged sees what a day processed before saw) is compared with the
  window postings of that employer, inside Postgres: pgvector computes the distances in the join, so the
  lookback's vectors never travel to Python.
- **No employer**: postings of staffing agencies, confidential postings and postings no organization was matched
  to are compared with each other (their spelled company names decide "same" or "unknown" in the verdict). This
  pool is small next to the lookback, so its vectors are read once in binary and compared by one matrix product.

Left to the text stages: a posting with an employer against a reworded copy with none (an agency re-posting an
employer's job in its own words). Exact, identity and MinHash find such pairs when they share text; comparing
every day posting with every agency posting of the lookback by meaning would cost day x pool.

Two properties matter more than speed here:
- **Order independence.** A pair is a candidate when its cosine reaches the floor, a property of the pair alone.
  A k-nearest-neighbours cut is not: whether B is among A's k nearest depends on which other postings were loaded
  when A's day ran, so a backfill in another order found other pairs. With a threshold and exact distances,
  whichever of the two days runs last finds the pair.
- **Exactness.** No approximate index: an HNSW search's result depends on the graph, which depends on the order
  vectors were inserted in.

The floor is the lowest cosine any meaning-based rule accepts (`scoring.SEMANTIC_COSINE`): a pair below it could
only be accepted on shared text, which the exact and MinHash stages find.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import numpy as np
from sqlalchemy.engine import Connection

from hirehound.db.driver import as_array, driver_connection
from hirehound.dedup.candidates import WINDOW, window_params
from hirehound.dedup.clustering import pair_key
from hirehound.dedup.scoring import SEMANTIC_COSINE

SEMANTIC_FLOOR = SEMANTIC_COSINE
NO_EMPLOYER = ""  # the block of postings without an employer (agency, confidential, unmatched)
POOL_CHUNK = 4096  # day vectors per matrix product (bounds memory: chunk x pool floats)

# The day's postings (in _dd_new) with vector, model and employer block (followed through merges).
QUERIES_SQL = """
CREATE TEMP TABLE _dd_q ON COMMIT DROP AS
SELECT d.posting_id, COALESCE(c.current_organization_id, pe.organization_id, '') AS block, pe.model_id, te.embedding
FROM _dd_new d
JOIN posting_embeddings pe ON pe.posting_id = d.posting_id
JOIN text_embeddings te ON te.model_id = pe.model_id AND te.text_hash = pe.text_hash
LEFT JOIN current_organizations c ON c.organization_id = pe.organization_id
"""

# Every organization id that now resolves to one of the day's employers: itself, and the merged organizations whose
# chain ends there (`organization_merge_ends` holds only merged ones, so no pass over every organization).
ALIASES_SQL = """
CREATE TEMP TABLE _dd_alias ON COMMIT DROP AS
WITH blocks AS (SELECT DISTINCT block FROM _dd_q WHERE block <> '')
SELECT block AS organization_id, block FROM blocks
UNION
SELECT e.organization_id, e.current_organization_id FROM organization_merge_ends e
JOIN blocks b ON b.block = e.current_organization_id
"""

SAME_EMPLOYER_SQL = """
SELECT q.posting_id, pe.posting_id
FROM _dd_alias al
JOIN posting_embeddings pe ON pe.organization_id = al.organization_id
JOIN text_embeddings te ON te.model_id = pe.model_id AND te.text_hash = pe.text_hash
{window}
JOIN _dd_q q ON q.block = al.block AND q.model_id = pe.model_id AND q.posting_id <> pe.posting_id
WHERE (q.embedding <=> te.embedding) <= %(max_distance)s
"""

NO_EMPLOYER_POOL_SQL = """
SELECT pe.posting_id, pe.model_id, te.embedding
FROM posting_embeddings pe
JOIN text_embeddings te ON te.model_id = pe.model_id AND te.text_hash = pe.text_hash
{window}
WHERE pe.organization_id IS NULL AND pe.model_id = ANY(%(models)s)
"""


def semantic_candidates(
    conn: Connection, day: date, lookback_days: int, floor: float = SEMANTIC_FLOOR
) -> set[tuple[str, str]]:
    """Pairs (a < b) of a day posting and a window posting, cosine >= floor, employers not in conflict.

    The day's postings must be in the temp table `_dd_new` (see `candidates.stage_new_table`).
    """
    params = {**window_params(day, lookback_days), "max_distance": 1.0 - floor}
    window = WINDOW.format(col="pe.posting_id")
    raw: Any = driver_connection(conn)
    pairs: set[tuple[str, str]] = set()
    with raw.cursor() as cur:
        cur.execute("DROP TABLE IF EXISTS _dd_q, _dd_alias")
        cur.execute(QUERIES_SQL)
        cur.execute(ALIASES_SQL)
        cur.execute("ANALYZE _dd_q")
        cur.execute("ANALYZE _dd_alias")
        # The day's vectors are the hashed side of the join: keep them in memory rather than in batches on disk.
        cur.execute("SET LOCAL work_mem = '256MB'")
        cur.execute(SAME_EMPLOYER_SQL.format(window=window), params)
        pairs |= {pair_key(a, b) for a, b in cur.fetchall()}
    with raw.cursor(binary=True) as cur:
        cur.execute("SELECT posting_id, model_id, embedding FROM _dd_q WHERE block = ''")
        queries = cur.fetchall()
        if queries:
            cur.execute(
                NO_EMPLOYER_POOL_SQL.format(window=window), {**params, "models": sorted({m for _, m, _ in queries})}
            )
            pairs |= close_pairs(queries, cur.fetchall(), floor)
    return pairs


def close_pairs(queries: list[Any], pool: list[Any], floor: float) -> set[tuple[str, str]]:
    """Pairs (a < b) of a query and a pool posting of the same model with cosine >= floor (rows: id, model, vector).

    Vectors are unit length (the encoder normalizes), so cosine is a dot product: one matrix product per model
    and chunk of queries instead of one distance per pair.
    """
    out: set[tuple[str, str]] = set()
    for model in sorted({m for _, m, _ in queries}):
        q_ids, q = _matrix([r for r in queries if r[1] == model])
        p_ids, p = _matrix([r for r in pool if r[1] == model])
        if not p_ids:
            continue
        for start in range(0, len(q_ids), POOL_CHUNK):
            sims = q[start : start + POOL_CHUNK] @ p.T
            for i, j in zip(*np.nonzero(sims >= floor), strict=True):
                a, b = q_ids[start + i], p_ids[j]
                if a != b:
                    out.add(pair_key(a, b))
    return out


def _matrix(rows: list[Any]) -> tuple[list[str], np.ndarray]:
    if not rows:
        return [], np.zeros((0, 0), dtype=np.float32)
    return [r[0] for r in rows], np.vstack([as_array(r[2]) for r in rows])

"""Hybrid job search: pgvector cosine neighbours and Postgres full-text matches, fused by reciprocal rank fusion.

Each list contributes 1 / (60 + rank) per cluster, so a job that ranks well for meaning and for keywords comes
first without calibrating the two scores against each other. Results are one row per duplicate cluster. The
published catalogue (`published_postings`) is searched when it has rows; before publication exists, the canonical
postings of open clusters are.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

import numpy as np
from sqlalchemy.engine import Connection

from hirehound.db.driver import driver_connection

RRF_K = 60
DEPTH = 100  # candidates taken from each list before fusion and filters

# The nearest texts that are some posting's text: the cache also holds organization profiles (and, in databases
# from before migration 0011, skill phrases), which would otherwise fill the neighbours with texts no job has.
# pgvector's iterative index scan (`hnsw.iterative_scan`, set in `search`) keeps walking the HNSW graph until
# DEPTH rows pass that filter, instead of filtering a fixed first DEPTH.
VECTOR_SQL = """
SELECT m.cluster_id, min(nn.distance) AS distance
FROM (SELECT t.model_id, t.text_hash, t.embedding <=> %(v)s AS distance FROM text_embeddings t
      WHERE t.model_id = %(model)s
        AND EXISTS (SELECT 1 FROM posting_embeddings p WHERE p.model_id = t.model_id AND p.text_hash = t.text_hash)
      ORDER BY t.embedding <=> %(v)s LIMIT %(depth)s) nn
JOIN posting_embeddings pe ON pe.model_id = nn.model_id AND pe.text_hash = nn.text_hash
JOIN cluster_members m ON m.posting_id = pe.posting_id
GROUP BY m.cluster_id ORDER BY distance LIMIT %(depth)s
"""

TEXT_SQL = """
SELECT m.cluster_id, max(ts_rank(to_tsvector('english', n.title || ' ' || left(n.description_text, 2000)), q)) AS r
FROM normalized_postings n
JOIN postings p ON p.posting_id = n.posting_id AND p.latest_partition = n.partition_date
JOIN cluster_members m ON m.posting_id = n.posting_id,
     websearch_to_tsquery('english', %(q)s) q
WHERE to_tsvector('english', n.title || ' ' || left(n.description_text, 2000)) @@ q
GROUP BY m.cluster_id ORDER BY r DESC LIMIT %(depth)s
"""

# Matches come from the GIN index on the full `search_tsv`; they are ordered by the compact `rank_tsv` (title,
# employer, skills, places, snippet), which is inline and 5x cheaper to rank than the full vector.
PUBLISHED_TEXT_SQL = """
SELECT cluster_id, ts_rank(rank_tsv, q) AS r FROM published_postings,
     websearch_to_tsquery('english', %(q)s) q
WHERE search_tsv @@ q ORDER BY r DESC LIMIT %(depth)s
"""

CANONICAL_SQL = """
SELECT c.cluster_id, n.title, coalesce(o.name, n.company_raw) AS organization, n.location_raw, n.city,
       n.country_code, n.remote_type, n.salary_min, n.salary_max, n.salary_currency, n.salary_period,
       c.boards, c.first_seen, c.last_seen, c.member_count, n.canonical_url
FROM duplicate_clusters c
JOIN postings p ON p.posting_id = c.canonical_posting_id
JOIN normalized_postings n ON n.posting_id = p.posting_id AND n.partition_date = p.latest_partition
LEFT JOIN organizations o ON o.organization_id = c.organization_id
WHERE c.cluster_id = ANY(%(ids)s) AND c.status = 'open'
"""


@dataclass
class SearchFilters:
    location: str | None = None
    remote: bool = False
    since: date | None = None


@dataclass
class SearchHit:
    cluster_id: str
    score: float
    title: str
    organization: str | None
    location: str | None
    salary: str | None
    boards: list[str]
    last_seen: date | None
    extra: dict[str, Any] = field(default_factory=dict)


def rrf(*rankings: list[str], k: int = RRF_K) -> dict[str, float]:
    """Reciprocal rank fusion of ranked id lists."""
    scores: dict[str, float] = {}
    for ranking in rankings:
        for rank, key in enumerate(ranking, start=1):
            scores[key] = scores.get(key, 0.0) + 1.0 / (k + rank)
    return scores


def published_available(conn: Connection) -> bool:
    raw: Any = driver_connection(conn)
    with raw.cursor() as cur:
        cur.execute("SELECT EXISTS (SELECT 1 FROM published_postings)")
        row = cur.fetchone()
        return bool(row and row[0])


def search(
    conn: Connection, query_vector: np.ndarray, model_id: str, query: str, filters: SearchFilters, limit: int = 10
) -> list[SearchHit]:
    raw: Any = driver_connection(conn)
    published = published_available(conn)
    params = {"v": np.asarray(query_vector, dtype=np.float32), "model": model_id, "q": query, "depth": DEPTH}
    with raw.cursor() as cur:
        cur.execute("SET LOCAL hnsw.ef_search = 100")
        cur.execute("SET LOCAL hnsw.iterative_scan = relaxed_order")  # the outer query orders by distance again
        cur.execute(VECTOR_SQL, params)
        by_vector = [r[0] for r in cur.fetchall()]
        cur.execute(PUBLISHED_TEXT_SQL if published else TEXT_SQL, params)
        by_text = [r[0] for r in cur.fetchall()]
    fused = rrf(by_vector, by_text)
    ranked = sorted(fused, key=lambda c: (-fused[c], c))
    fetch = _published_details if published else _canonical_details
    hits: list[SearchHit] = []
    # Details for the best-ranked first, more only while filters leave fewer than `limit` hits: an unfiltered
    # search reads a few dozen rows, not all 200 fused candidates.
    step = max(3 * limit, 30)
    for start in range(0, len(ranked), step):
        chunk = ranked[start : start + step]
        details = fetch(raw, chunk)
        hits += [h for c in chunk if (h := details.get(c)) is not None and _keep(h, filters)]
        if len(hits) >= limit:
            break
    for h in hits:
        h.score = round(fused[h.cluster_id], 5)
    return hits[:limit]


def _keep(hit: SearchHit, f: SearchFilters) -> bool:
    if f.since and (hit.last_seen is None or hit.last_seen < f.since):
        return False
    if f.remote and hit.extra.get("remote_type") != "remote":
        return False
    return not (f.location and f.location.lower() not in (hit.location or "").lower())


def _salary(lo: Any, hi: Any, currency: Any, period: Any) -> str | None:
    if lo is None and hi is None:
        return None
    span = "-".join(f"{float(x):,.0f}" for x in (lo, hi) if x is not None)
    return " ".join(str(x) for x in (span, currency, f"/{period}" if period else None) if x)


def _canonical_details(raw: Any, ids: list[str]) -> dict[str, SearchHit]:
    with raw.cursor() as cur:
        cur.execute(CANONICAL_SQL, {"ids": ids})
        out = {}
        for row in cur.fetchall():
            cid, title, org, loc_raw, city, cc, remote, smin, smax, cur_, period, boards, _, last, n, url = row
            location = loc_raw or ", ".join(x for x in (city, cc) if x) or None
            out[cid] = SearchHit(
                cid, 0.0, title, org, location, _salary(smin, smax, cur_, period), list(boards or []), last,
                {"remote_type": remote, "postings": n, "url": url},
            )  # fmt: skip
        return out


PUBLISHED_DETAILS_SQL = """
SELECT cluster_id, to_jsonb(pp) FROM (
    SELECT cluster_id, title, organization, location, locations, salary, salary_min, salary_max, salary_currency,
           salary_period, boards, last_seen, partition_date, remote_type
    FROM published_postings WHERE cluster_id = ANY(%s)) pp
"""


def _published_details(raw: Any, ids: list[str]) -> dict[str, SearchHit]:
    """The shown columns of published rows, as JSON (not the whole row: its text vectors are kilobytes each)."""
    with raw.cursor() as cur:
        cur.execute(PUBLISHED_DETAILS_SQL, (ids,))
        out = {}
        for cid, doc in cur.fetchall():
            loc = doc.get("locations") or doc.get("location")
            # each place already reads "City, Region, Country": places are separated by "; " to stay readable
            location = "; ".join(dict.fromkeys(map(str, loc))) if isinstance(loc, list) else loc
            salary = doc.get("salary") or _salary(doc.get("salary_min"), doc.get("salary_max"),
                                                  doc.get("salary_currency"), doc.get("salary_period"))  # fmt: skip
            boards = doc.get("boards") or []
            last = doc.get("last_seen") or doc.get("partition_date")
            out[cid] = SearchHit(
                cid, 0.0, doc.get("title") or "", doc.get("organization") or doc.get("organization_name"),
                location, str(salary) if salary else None, list(boards) if isinstance(boards, list) else [boards],
                date.fromisoformat(str(last)[:10]) if last else None, {"remote_type": doc.get("remote_type")},
            )  # fmt: skip
        return out

"""Candidate pairs for a day's postings, cheapest stage first, each from one query in Postgres.

1. exact: same content hash; 2. identity: same ATS requisition or canonical apply URL; 3. minhash: a shared LSH
band key (5-word shingles); 4. semantic (`semantic.py`): vectors with cosine above a floor, within one
organization. Partners are postings seen within the lookback around the day and still active then (not expired
before it), so a backfill finds the same pairs as a day-by-day run; an ATS requisition is matched at any age.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from typing import Any

from sqlalchemy.engine import Connection

from hirehound.db.driver import driver_connection
from hirehound.dedup.minhash import SCHEME, texts_band_keys
from hirehound.dedup.records import PostingRecord
from hirehound.ingestion.identity import PER_TENANT_IDS

STAGES = ("exact", "identity", "minhash", "semantic")

# A posting `w` is in the window of a day when seen within the lookback around it and still active then.
IN_WINDOW = "w.last_seen >= %(lo)s AND w.first_seen <= %(hi)s AND (w.status = 'active' OR w.expired_at >= %(day)s)"
WINDOW = "\nJOIN postings w ON w.posting_id = {col} AND " + IN_WINDOW + "\n"


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
    """(Re)compute band keys of postings whose text or MinHash scheme changed since their bands were stored;
    returns how many postings were (re)computed."""
    raw: Any = driver_connection(conn)
    with raw.cursor() as cur:
        cur.execute(
            "SELECT posting_id, content_hash, scheme FROM posting_minhash_state WHERE posting_id = ANY(%s)",
            (list(records),),
        )
        known = {pid: (h, scheme) for pid, h, scheme in cur.fetchall()}
        stale = [r for pid, r in records.items() if known.get(pid) != (r.content_hash, SCHEME)]
        if not stale:
            return 0
        keys = texts_band_keys([r.description or r.title for r in stale])
        ids = [r.posting_id for r in stale]
        cur.execute(
            "DELETE FROM posting_minhash_bands b USING (SELECT posting_id, unnest(band_keys) AS band_key "
            "FROM posting_minhash_state WHERE posting_id = ANY(%s)) o "
            "WHERE b.band_key = o.band_key AND b.posting_id = o.posting_id",
            (ids,),
        )
        # In key order: consecutive inserts land on neighbouring pages of the primary key (3x faster than random).
        rows = sorted((key, r.posting_id) for r, row_keys in zip(stale, keys, strict=True) for key in row_keys)
        with cur.copy("COPY posting_minhash_bands (band_key, posting_id) FROM STDIN") as cp:
            cp.write("".join(f"{key}\t{pid}\n" for key, pid in rows))
        cur.execute(
            "CREATE TEMP TABLE IF NOT EXISTS _dd_state (LIKE posting_minhash_state INCLUDING DEFAULTS) ON COMMIT DROP"
        )
        cur.execute("TRUNCATE _dd_state")
        with cur.copy("COPY _dd_state (posting_id, content_hash, run_id, scheme, band_keys) FROM STDIN") as cp:
            for r, row_keys in zip(stale, keys, strict=True):
                cp.write_row((r.posting_id, r.content_hash, run_id, SCHEME, row_keys))
        cur.execute(
            "INSERT INTO posting_minhash_state (posting_id, content_hash, run_id, scheme, band_keys) "
            "SELECT posting_id, content_hash, run_id, scheme, band_keys FROM _dd_state "
            "ON CONFLICT (posting_id) DO UPDATE SET content_hash = EXCLUDED.content_hash, run_id = EXCLUDED.run_id, "
            "scheme = EXCLUDED.scheme, band_keys = EXCLUDED.band_keys"
        )
    return len(stale)


MISSING_BANDS_SQL = f"""
SELECT w.posting_id FROM postings w
WHERE {IN_WINDOW}
  AND NOT EXISTS (SELECT 1 FROM posting_minhash_state s WHERE s.posting_id = w.posting_id AND s.scheme = %(scheme)s)
ORDER BY w.posting_id
"""


def refresh_window_bands(
    conn: Connection, day: date, lookback_days: int, run_id: str | None, batch: int = 20_000
) -> int:
    """Bands for every posting of the window that has none of the current scheme; returns how many.

    A posting gets its bands when its own day is deduplicated, so this finds nothing in steady state. It matters
    after an upgrade that changed `minhash.SCHEME` (every stored band is of the old one) and for postings whose
    day never reached dedup: without bands they would be invisible to the MinHash stage of every later day.
    """
    from hirehound.dedup.store import load_records

    raw: Any = driver_connection(conn)
    with raw.cursor() as cur:
        cur.execute(MISSING_BANDS_SQL, {**window_params(day, lookback_days), "scheme": SCHEME})
        missing = [r[0] for r in cur.fetchall()]
    for start in range(0, len(missing), batch):
        records = load_records(conn, missing[start : start + batch], with_vectors=False)
        refresh_minhash_bands(conn, records, run_id)
    return len(missing)


def _pairs(cur: Any, sql: str, params: dict[str, Any]) -> set[tuple[str, str]]:
    cur.execute(sql, params)
    return {(a, b) if a < b else (b, a) for a, b in cur.fetchall() if a != b}


def text_candidates(conn: Connection, day: date, lookback_days: int) -> dict[str, set[tuple[str, str]]]:
    """Pairs from the exact, identity and MinHash stages (the day's postings must be in `_dd_new`)."""
    params = {**window_params(day, lookback_days), "per_tenant": list(PER_TENANT_IDS)}
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
        # An ATS requisition is matched whatever its age (a job re-listed two years later is the same job), so
        # this branch has no window; vendors with per-tenant ids also need the same tenant (`PER_TENANT_IDS`).
        out["identity"] = _pairs(
            cur,
            f"SELECT a.posting_id, b.posting_id {new_rows}"
            "JOIN normalized_postings b ON b.ats_vendor = a.ats_vendor AND b.ats_job_id = a.ats_job_id "
            "     AND (a.ats_vendor <> ALL(%(per_tenant)s) OR b.ats_tenant IS NOT DISTINCT FROM a.ats_tenant) "
            + latest.format(a="b")
            + " UNION "
            f"SELECT a.posting_id, b.posting_id {new_rows}"
            "JOIN normalized_postings b ON b.canonical_apply_url = a.canonical_apply_url "
            + latest.format(a="b")
            + WINDOW.format(col="b.posting_id"),
            params,
        )
        out["minhash"] = _pairs(
            cur,
            "SELECT DISTINCT d.posting_id, y.posting_id FROM _dd_new d "
            "JOIN posting_minhash_state x ON x.posting_id = d.posting_id "
            "CROSS JOIN LATERAL unnest(x.band_keys) AS k (band_key) "
            "JOIN posting_minhash_bands y ON y.band_key = k.band_key AND y.posting_id <> d.posting_id "
            + WINDOW.format(col="y.posting_id"),
            params,
        )
    return out

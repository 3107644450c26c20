"""A synthetic lookback of up to a million postings, and one day of new postings with known duplicates.

Dedup at scale cannot be measured on the demo generator (it writes a few thousand postings a day) nor with the
real model (a million MiniLM vectors are hours of CPU here), so the texts and vectors are synthetic and say so:
250-word texts drawn from a 20,000-word vocabulary, and one random unit vector per job with a little noise per
copy. The day holds exact copies of lookback postings on another board, partial edits (3% of the words
replaced), multi-location template postings (same text and employer, another city) and new jobs.

Employers are skewed as on real boards: organization k gets a share proportional to 1 / (k + 50), so the largest
of the 5,000 employers holds about 0.2% of the postings and the smallest about 0.002%.

Everything is generated from fixed seeds in numpy arrays (word ids, not strings) and streamed into Postgres by
COPY, so a million postings fit in memory and load in minutes. MinHash bands are computed by the production code
(`hirehound.dedup.minhash`), in worker processes.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import numpy as np

from hirehound.publication.catalogue import weighted_tsvector

DAY = date(2026, 11, 20)
LOOKBACK_DAYS = 59
WORDS_PER_TEXT = 250
VOCABULARY = 20_000
ORGANIZATIONS = 5_000
CITIES = 300
DIM = 384
NOISE = 0.05
VOCAB = np.array([f"w{i}" for i in range(VOCABULARY)], dtype=object)


@dataclass
class Synthetic:
    """Row i of every array is posting i; rows [0, n_lookback) are the lookback, the rest is the day."""

    n_lookback: int
    n_day: int
    words: np.ndarray  # (n, 250) uint16 word ids
    org: np.ndarray  # (n,) organization number
    city: np.ndarray  # (n,) city number (a template copy gets a city number >= CITIES)
    day_offset: np.ndarray  # (n,) days before DAY (0 for the day)
    base: np.ndarray  # (n,) the posting whose vector centre this row uses
    job: np.ndarray  # (n,) true job: postings with the same job are true duplicate pairs
    board: np.ndarray  # (n,) 0 = indeed, 1 = linkedin

    @property
    def n(self) -> int:
        return self.n_lookback + self.n_day

    def truth(self) -> set[tuple[str, str]]:
        by_job: dict[int, list[str]] = {}
        for i in np.flatnonzero(np.bincount(self.job, minlength=self.n)[self.job] > 1):
            by_job.setdefault(int(self.job[i]), []).append(posting_id(int(i)))
        out: set[tuple[str, str]] = set()
        for members in by_job.values():
            out |= {(a, b) if a < b else (b, a) for k, a in enumerate(members) for b in members[k + 1 :]}
        return out

    def text(self, i: int) -> str:
        return " ".join(VOCAB[self.words[i]])


def posting_id(i: int) -> str:
    return hashlib.sha256(f"synthetic:{i}".encode()).hexdigest()[:16]


def organization_id(k: int) -> str:
    return f"org_syn{k:05d}"


def build(n_lookback: int, n_day: int, seed: int = 11) -> Synthetic:
    rng = np.random.default_rng(seed)
    n = n_lookback + n_day
    weights = 1.0 / (np.arange(ORGANIZATIONS) + 50.0)
    org = rng.choice(ORGANIZATIONS, size=n, p=weights / weights.sum())
    words = rng.integers(0, VOCABULARY, size=(n, WORDS_PER_TEXT), dtype=np.uint16)
    city = rng.integers(0, CITIES, size=n)
    day_offset = np.zeros(n, dtype=np.int32)
    day_offset[:n_lookback] = 1 + np.arange(n_lookback) % LOOKBACK_DAYS
    base = np.arange(n)
    job = np.arange(n)
    board = np.zeros(n, dtype=np.int8)
    kind = rng.random(n_day)
    src = rng.integers(0, n_lookback, size=n_day)
    for j in range(n_day):
        i, s = n_lookback + j, int(src[j])
        if kind[j] < 0.3:  # the same job on another board: an exact copy, or 3% of its words replaced
            words[i] = words[s]
            if kind[j] >= 0.15:
                edits = rng.random(WORDS_PER_TEXT) < 0.03
                words[i, edits] = rng.integers(0, VOCABULARY, size=int(edits.sum()), dtype=np.uint16)
            org[i], city[i], base[i], job[i], board[i] = org[s], city[s], s, job[s], 1
        elif kind[j] < 0.35:  # a template: same text and employer, another city (another job)
            words[i] = words[s]
            org[i], city[i], base[i] = org[s], CITIES + city[s], s
    return Synthetic(n_lookback, n_day, words, org, city, day_offset, base, job, board)


def vectors(data: Synthetic, rows: np.ndarray, seed: int = 3) -> np.ndarray:
    """Unit vectors for these rows: the centre of the row's base (a seeded draw per base) plus noise per row."""
    out = np.empty((len(rows), DIM), dtype=np.float32)
    for k, i in enumerate(rows):
        centre = np.random.default_rng([seed, int(data.base[i])]).standard_normal(DIM, dtype=np.float32)
        noise = np.random.default_rng([seed, int(i), 1]).standard_normal(DIM, dtype=np.float32)
        v = centre + NOISE * noise
        out[k] = v / np.linalg.norm(v)
    return out


def _band_rows(args: tuple[Any, int]) -> list[tuple[str, list[int]]]:
    from hirehound.dedup.minhash import texts_band_keys

    words, start = args
    keys = texts_band_keys([" ".join(VOCAB[w]) for w in words])
    return [(posting_id(start + k), row) for k, row in enumerate(keys)]


def _chunks(data: Synthetic, stop: int, size: int) -> Iterator[tuple[Any, int]]:
    for start in range(0, stop, size):
        yield data.words[start : min(start + size, stop)], start


POSTING_TABLES = ("normalized_postings", "postings", "posting_embeddings", "text_embeddings", "posting_organizations",
                  "posting_minhash_bands", "posting_minhash_state", "duplicate_clusters", "cluster_members",
                  "published_postings")  # fmt: skip


def load(conn: Any, data: Synthetic, progress: Any = print) -> dict[str, float]:
    """Write the lookback and the day into an empty, migrated database; the day's MinHash bands are left to dedup.

    Every lookback posting is also published as its own cluster, so search is measured over the whole catalogue.

    Secondary indexes are dropped during the load and rebuilt after it (as a bulk import would), so the tables
    end up exactly as the migrations define them.
    """
    import time

    from hirehound.db.driver import driver_connection
    from hirehound.dedup.minhash import SCHEME

    raw = driver_connection(conn)
    seconds: dict[str, float] = {}
    clock = time.perf_counter()

    def lap(name: str) -> None:
        nonlocal clock
        now = time.perf_counter()
        seconds[name] = round(now - clock, 1)
        clock = now
        progress(f"  {name}: {seconds[name]} s")

    with raw.cursor() as cur:
        cur.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'public' AND tablename = ANY(%s) "
            "AND indexname NOT IN (SELECT conname FROM pg_constraint)",
            (list(POSTING_TABLES),),
        )
        indexes = cur.fetchall()
        # Primary and unique keys too (a key nothing references): random inserts into a 20M-row key are slow.
        cur.execute(
            "SELECT c.conrelid::regclass::text, c.conname, pg_get_constraintdef(c.oid) FROM pg_constraint c "
            "WHERE c.contype IN ('p', 'u') AND c.conrelid::regclass::text = ANY(%s) AND NOT EXISTS "
            "(SELECT 1 FROM pg_constraint f WHERE f.contype = 'f' AND f.confrelid = c.conrelid)",
            (list(POSTING_TABLES),),
        )
        keys = cur.fetchall()
        for table, name, _ in keys:
            cur.execute(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"')
        for name, _ in indexes:
            cur.execute(f'DROP INDEX "{name}"')
        orgs = [(organization_id(k), f"Employer {k}") for k in range(ORGANIZATIONS)]
        with cur.copy("COPY organizations (organization_id, name, normalized_name, core_key, first_seen, last_seen) "
                      "FROM STDIN") as cp:  # fmt: skip
            for oid, name in orgs:
                cp.write_row((oid, name, name.lower(), name.lower(), DAY - timedelta(days=90), DAY))
        boards = ("indeed", "linkedin")
        with cur.copy("COPY normalized_postings (partition_date, posting_id, posting_key, raw_id, source, title, "
                      "title_normalized, company_raw, city, country_code, description_text, content_hash) "
                      "FROM STDIN") as cp:  # fmt: skip
            for i in range(data.n):
                text = data.text(i)
                day = DAY - timedelta(days=int(data.day_offset[i]))
                cp.write_row((day, posting_id(i), f"s:{i}", f"r{i}", boards[data.board[i]], "Engineer", "engineer",
                              f"Employer {data.org[i]}", f"City {data.city[i]}", "DE", text,
                              hashlib.sha256(text.encode()).hexdigest()))  # fmt: skip
        lap("normalized_postings")
        with cur.copy(
            "COPY postings (posting_id, posting_key, first_seen, last_seen, latest_partition) FROM STDIN"
        ) as cp:
            for i in range(data.n):
                day = DAY - timedelta(days=int(data.day_offset[i]))
                cp.write_row((posting_id(i), f"s:{i}", day, day, day))
        with cur.copy("COPY posting_organizations (posting_id, organization_id, match_method, partition_date) "
                      "FROM STDIN") as cp:  # fmt: skip
            for i in range(data.n):
                cp.write_row((posting_id(i), organization_id(int(data.org[i])), "exact_key",
                              DAY - timedelta(days=int(data.day_offset[i]))))  # fmt: skip
        with cur.copy("COPY posting_embeddings (posting_id, partition_date, model_id, text_hash, text_chars, "
                      "organization_id) FROM STDIN") as cp:  # fmt: skip
            for i in range(data.n):
                cp.write_row((posting_id(i), DAY - timedelta(days=int(data.day_offset[i])), "bench", f"t{i}", 1500,
                              organization_id(int(data.org[i]))))  # fmt: skip
        lap("postings, organizations, posting_embeddings")
        with cur.copy("COPY text_embeddings (model_id, text_hash, embedding) FROM STDIN WITH (FORMAT BINARY)") as cp:
            cp.set_types(["text", "text", "vector"])
            for start in range(0, data.n, 20_000):
                rows = np.arange(start, min(start + 20_000, data.n))
                for i, v in zip(rows, vectors(data, rows), strict=True):
                    cp.write_row(("bench", f"t{i}", v))
        lap("text_embeddings (binary COPY)")
        workers = max(1, min(4, os.cpu_count() or 1))
        with ProcessPoolExecutor(workers) as pool:
            keyed = [row for rows_ in pool.map(_band_rows, _chunks(data, data.n_lookback, 5_000)) for row in rows_]
        with cur.copy("COPY posting_minhash_bands (band_key, posting_id) FROM STDIN") as cp:
            for pid, band_keys in keyed:
                cp.write("".join(f"{key}\t{pid}\n" for key in band_keys))
        with cur.copy("COPY posting_minhash_state (posting_id, content_hash, scheme, band_keys) FROM STDIN") as cp:
            for i, (pid, band_keys) in enumerate(keyed):
                cp.write_row((pid, hashlib.sha256(data.text(i).encode()).hexdigest(), SCHEME, band_keys))
        lap(f"MinHash bands of the lookback ({workers} processes)")
        publish_lookback(conn)
        lap("lookback published (singleton clusters, catalogue entries with tsvector)")
        cur.execute("SET maintenance_work_mem = '4GB'")
        cur.execute("SET max_parallel_maintenance_workers = 2")
        for table, name, definition in keys:
            cur.execute(f'ALTER TABLE {table} ADD CONSTRAINT "{name}" {definition}')
            lap(f"key {name}")
        for name, ddl in indexes:
            cur.execute(ddl)
            lap(f"index {name}")
        cur.execute("ANALYZE")
    return seconds


PUBLISH_SQL = """
INSERT INTO duplicate_clusters (cluster_id, canonical_posting_id, status, first_seen, last_seen, member_count,
                                board_count, boards, organization_id, partition_date)
SELECT 'cl_' || p.posting_id, p.posting_id, 'open', p.first_seen, p.last_seen, 1, 1, ARRAY[n.source],
       po.organization_id, p.latest_partition
FROM postings p JOIN normalized_postings n ON n.posting_id = p.posting_id AND n.partition_date = p.latest_partition
JOIN posting_organizations po ON po.posting_id = p.posting_id
WHERE p.latest_partition < %(day)s;
INSERT INTO cluster_members (posting_id, cluster_id, is_canonical, content_hash, partition_date)
SELECT canonical_posting_id, cluster_id, true, NULL, partition_date FROM duplicate_clusters;
INSERT INTO published_postings (cluster_id, posting_id, partition_date, title, organization_id, organization,
    location, locations, city, country_code, boards, first_seen, last_seen, description_snippet, search_tsv, rank_tsv)
SELECT c.cluster_id, n.posting_id, n.partition_date, n.title, c.organization_id, n.company_raw,
       n.city || ', ' || n.country_code, ARRAY[n.city || ', ' || n.country_code], n.city, n.country_code,
       c.boards, c.first_seen, c.last_seen, left(n.description_text, 500),
       {search_tsv},
       {rank_tsv}
FROM duplicate_clusters c JOIN normalized_postings n ON n.posting_id = c.canonical_posting_id
     AND n.partition_date = c.partition_date;
"""
_PLACE = "n.city || ', ' || n.country_code"
PUBLISH_SQL = PUBLISH_SQL.replace(
    "{search_tsv}", weighted_tsvector("n.title", "n.company_raw", _PLACE, "left(n.description_text, 4000)")
).replace("{rank_tsv}", weighted_tsvector("n.title", "n.company_raw", _PLACE, "left(n.description_text, 500)"))


def publish_lookback(conn: Any) -> None:
    """Every lookback posting as a singleton cluster and a catalogue entry, so search runs over all of them.

    The entries' text vectors come from `catalogue.weighted_tsvector`, as the catalogue's own, in bulk.
    """
    from hirehound.db.driver import driver_connection

    raw = driver_connection(conn)
    with raw.cursor() as cur:
        for statement in PUBLISH_SQL.split(";"):
            if statement.strip():
                cur.execute(statement, {"day": DAY})
        cur.execute("ANALYZE duplicate_clusters, cluster_members, published_postings")

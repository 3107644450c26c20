"""Dedup quality on the demo ground truth (real assets), scale on synthetic data, and search latency.

Quality: `bench.dedup_demo` runs the demo generator's days through the real assets, in date and reverse order, and
scores the clusters against its ground truth (see docs/dedup.md). Scale: a synthetic lookback (postings with
250-word texts from a fixed vocabulary, clustered synthetic vectors, real MinHash bands) is loaded by COPY; then one
day of new postings, 30% of them duplicates of lookback postings (exact copies on another board, partial edits, re-
posts) plus multi-location template postings, is deduplicated with `run_dedup` twice: against the lookback postings
of the last 15 days, then of all 59 days (the day's pairs, bands and clusters are deleted in between, so both runs
start equal), to show how time grows with the lookback. Reported: time per stage, peak RSS of this process while
dedup runs, pairwise precision/recall on the synthetic truth, and search latency (p50/p95) of the vector query alone
and of `hirehound search` (hybrid).
"""

from __future__ import annotations

import hashlib
import random
import threading
import time
from datetime import date, timedelta
from typing import Any

import numpy as np

SIZES = {"small": (100_000, 20_000), "large": (1_000_000, 20_000)}
DEMO_SIZES = {"small": (7, 150), "large": (7, 300)}
DAY = date(2026, 11, 20)


def _pid(i: int) -> str:
    return hashlib.sha256(f"synthetic:{i}".encode()).hexdigest()[:16]


def _text(rng: random.Random, vocab: list[str]) -> str:
    return " ".join(rng.choices(vocab, k=250))


def build(n_lookback: int, n_day: int) -> tuple[list[dict[str, Any]], set[tuple[str, str]]]:
    rng = random.Random(11)
    vocab = [f"w{i}" for i in range(20000)]
    rows: list[dict[str, Any]] = []
    truth: set[tuple[str, str]] = set()
    for i in range(n_lookback):
        rows.append({"i": i, "day": DAY - timedelta(days=1 + i % 59), "text": _text(rng, vocab), "org": f"org{i % 5000}",  # noqa: E501
                     "city": f"city{i % 300}", "source": "indeed", "base": i})  # fmt: skip
    for j in range(n_day):
        i = n_lookback + j
        kind = rng.random()
        if kind < 0.3:  # duplicate of a lookback posting
            src = rows[rng.randrange(n_lookback)]
            words = src["text"].split()
            if kind < 0.15:
                text = src["text"]
            else:
                text = " ".join(w if rng.random() > 0.03 else rng.choice(vocab) for w in words)
            rows.append({**src, "i": i, "day": DAY, "text": text, "source": "linkedin", "job": src["i"]})
        elif kind < 0.35:  # template: same text and employer, another city
            src = rows[rng.randrange(n_lookback)]
            rows.append({**src, "i": i, "day": DAY, "city": src["city"] + "x", "base": i})
        else:
            rows.append({"i": i, "day": DAY, "text": _text(rng, vocab), "org": f"org{i % 5000}", "city": f"city{i % 300}",  # noqa: E501
                         "source": "indeed", "base": i})  # fmt: skip
    jobs: dict[int, list[str]] = {}
    for r in rows:  # every two postings of the same job are a true pair (two copies of one job included)
        jobs.setdefault(r.get("job", r["i"]), []).append(_pid(r["i"]))
    for members in jobs.values():
        truth |= {(a, b) if a < b else (b, a) for k, a in enumerate(members) for b in members[k + 1 :]}
    return rows, truth


def load(conn: Any, rows: list[dict[str, Any]]) -> None:
    from hirehound.dedup.candidates import refresh_minhash_bands
    from hirehound.dedup.store import load_records
    from hirehound.embeddings.cache import driver_connection

    raw = driver_connection(conn)
    rng = np.random.default_rng(3)
    centers: dict[int, np.ndarray] = {}
    with raw.cursor() as cur:
        cur.execute("DROP INDEX IF EXISTS text_embeddings_hnsw")  # built once after the load: much faster
        with cur.copy("COPY normalized_postings (partition_date, posting_id, posting_key, raw_id, source, title, "
                      "title_normalized, company_raw, city, country_code, description_text, content_hash) FROM STDIN") as cp:  # fmt: skip  # noqa: E501
            for r in rows:
                h = hashlib.sha256(r["text"].encode()).hexdigest()
                cp.write_row((r["day"], _pid(r["i"]), f"s:{r['i']}", f"r{r['i']}", r["source"], "Engineer", "engineer",
                              r["org"], r["city"], "DE", r["text"], h))  # fmt: skip
        with cur.copy(
            "COPY postings (posting_id, posting_key, first_seen, last_seen, latest_partition) FROM STDIN"
        ) as cp:
            for r in rows:
                cp.write_row((_pid(r["i"]), f"s:{r['i']}", r["day"], r["day"], r["day"]))
        cur.execute("INSERT INTO organizations (organization_id, name, normalized_name, core_key, first_seen, last_seen) "  # noqa: E501
                    "SELECT DISTINCT company_raw, company_raw, company_raw, company_raw, DATE '2026-01-01', DATE '2026-01-01' "  # noqa: E501
                    "FROM normalized_postings")  # fmt: skip
        with cur.copy("COPY text_embeddings (model_id, text_hash, embedding) FROM STDIN WITH (FORMAT BINARY)") as cp:
            cp.set_types(["text", "text", "vector"])
            for r in rows:  # synthetic vectors: one center per job, small noise per copy
                c = centers.setdefault(r["base"], rng.standard_normal(384).astype(np.float32))
                v = c + 0.05 * rng.standard_normal(384).astype(np.float32)
                cp.write_row(("bench", f"t{r['i']}", v / np.linalg.norm(v)))
        with cur.copy("COPY posting_embeddings (posting_id, partition_date, model_id, text_hash, text_chars, "
                      "organization_id) FROM STDIN") as cp:  # fmt: skip
            for r in rows:
                cp.write_row((_pid(r["i"]), r["day"], "bench", f"t{r['i']}", len(r["text"]), r["org"]))
        cur.execute("SET maintenance_work_mem = '1GB'")
        cur.execute("CREATE INDEX text_embeddings_hnsw ON text_embeddings USING hnsw (embedding vector_cosine_ops)")
    lookback = [_pid(r["i"]) for r in rows if r["day"] != DAY]
    for start in range(0, len(lookback), 20000):
        refresh_minhash_bands(conn, load_records(conn, lookback[start : start + 20000], with_vectors=False), None)


class PeakRss:
    """Samples this process's resident memory every 50 ms while a block runs (dedup's own peak, not the build's)."""

    def __enter__(self) -> PeakRss:
        import psutil

        self.proc = psutil.Process()
        self.start = self.peak = self.proc.memory_info().rss
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._sample, daemon=True)
        self.thread.start()
        return self

    def _sample(self) -> None:
        while not self.stop.wait(0.05):
            self.peak = max(self.peak, self.proc.memory_info().rss)

    def __exit__(self, *exc: object) -> None:
        self.stop.set()
        self.thread.join()


def _reset_day(conn: Any) -> None:
    """Forget the day's dedup results so the next run starts as the first did."""
    conn.exec_driver_sql("DELETE FROM duplicate_pairs")
    conn.exec_driver_sql("DELETE FROM cluster_members")
    conn.exec_driver_sql("DELETE FROM duplicate_clusters")
    conn.exec_driver_sql(
        "DELETE FROM posting_minhash_state WHERE posting_id IN "
        "(SELECT posting_id FROM normalized_postings WHERE partition_date = %(d)s)",
        {"d": DAY},
    )


def scale_section(size: str) -> str:
    from bench.harness import bench_environment
    from hirehound.db.engine import get_engine
    from hirehound.dedup.pipeline import run_dedup
    from hirehound.dedup.scoring import DedupSettings
    from hirehound.search.hybrid import VECTOR_SQL, SearchFilters, search

    n_lookback, n_day = SIZES[size]
    t = time.perf_counter()
    rows, truth = build(n_lookback, n_day)
    t_build = time.perf_counter() - t
    runs: list[tuple[int, int, float, Any, int]] = []
    with bench_environment("hhdedupbench"):
        engine = get_engine()
        t = time.perf_counter()
        with engine.begin() as conn:
            load(conn, rows)
        t_load = time.perf_counter() - t
        for lookback_days in (15, 60):
            active = sum(1 for r in rows if r["day"] != DAY and (DAY - r["day"]).days <= lookback_days)
            with engine.begin() as conn:
                _reset_day(conn)
            with PeakRss() as mem:
                t = time.perf_counter()
                with engine.begin() as conn:
                    report = run_dedup(conn, DAY, DedupSettings(lookback_days=lookback_days), run_id="bench")
                seconds = time.perf_counter() - t
            runs.append((lookback_days, active, seconds, report, mem.peak - mem.start))
        with engine.connect() as conn:
            got = {tuple(r) for r in conn.exec_driver_sql(
                "SELECT posting_a, posting_b FROM duplicate_pairs WHERE accepted").all()}  # fmt: skip
            n_clusters = conn.exec_driver_sql("SELECT count(*) FROM duplicate_clusters WHERE status='open'").scalar()
        tp = len(got & truth)
        precision = tp / len(got) if got else 0.0
        recall = tp / len(truth) if truth else 0.0
        rng = np.random.default_rng(5)
        hybrid, vector = [], []
        with engine.begin() as conn:
            raw: Any = conn.connection.driver_connection
            for _ in range(100):
                q = rng.standard_normal(384).astype(np.float32)
                q /= np.linalg.norm(q)
                t = time.perf_counter()
                with raw.cursor() as cur:
                    cur.execute("SET LOCAL hnsw.ef_search = 100")
                    cur.execute(VECTOR_SQL, {"v": q, "model": "bench", "depth": 100})
                    cur.fetchall()
                vector.append((time.perf_counter() - t) * 1000)
                t = time.perf_counter()
                search(conn, q, "bench", "w17 w42", SearchFilters(), 10)
                hybrid.append((time.perf_counter() - t) * 1000)
        engine.dispose()
    lines = [
        f"### Scale (synthetic: {size})",
        f"Synthetic texts (250 words from a 20k-word vocabulary) and synthetic clustered vectors, NOT model "
        f"embeddings: lookback {n_lookback:,} postings over 59 days, one day of {n_day:,} new postings (30% "
        f"duplicates, 5% templates). Build {t_build:.0f} s, load by COPY + MinHash bands + HNSW build "
        f"{t_load:.0f} s. Machine: 2 shared cores.",
        "",
        "| lookback | active lookback postings | dedup of the day | peak RSS added | stage seconds |",
        "|---|---|---|---|---|",
    ]
    for days, active, seconds, report, added in runs:
        lines.append(f"| {days} days | {active:,} | **{seconds:.1f} s** | {added / 2**20:.0f} MiB | {report.seconds} |")
    report = runs[-1][3]
    lines += [
        "",
        f"- candidates by stage {report.candidates_by_stage}; accepted by type {report.accepted_by_type}; "
        f"rejected {report.rejected_by_reason}",
        f"- pairwise precision **{precision:.3f}**, recall **{recall:.3f}** ({tp} of {len(truth)} true pairs, "
        f"{len(got)} accepted); open clusters {n_clusters:,}",
        f"- vector query (HNSW, depth 100, over {n_lookback + n_day:,} vectors), 100 queries: p50 "
        f"**{np.percentile(vector, 50):.1f} ms**, p95 **{np.percentile(vector, 95):.1f} ms**",
        f"- `hirehound search` hybrid (vector + full text, no published catalogue: text ranked on the fly), "
        f"100 queries: p50 **{np.percentile(hybrid, 50):.1f} ms**, p95 **{np.percentile(hybrid, 95):.1f} ms**",
    ]
    return "\n".join(lines)


def run(size: str = "small") -> str:
    from bench.dedup_demo import quality_section

    days, per_day = DEMO_SIZES[size]
    return "\n\n".join(["## Dedup and search", quality_section(days, per_day), scale_section(size)])


if __name__ == "__main__":
    import sys

    size = sys.argv[1] if len(sys.argv) > 1 else "small"
    print(scale_section(size) if "--scale-only" in sys.argv else run(size))

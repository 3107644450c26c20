"""Dedup scale, quality on synthetic truth, and search latency.

A synthetic lookback (postings with 250-word texts from a fixed vocabulary, clustered synthetic vectors, real
MinHash bands) is loaded by COPY; then one day of new postings, 30% of them duplicates of lookback postings
(exact copies on another board, partial edits, re-posts) plus multi-location template postings, is deduplicated
with `run_dedup`. Reported: time per stage, peak RSS, pairwise precision/recall against the generator's truth,
and `hirehound search` latency (p50/p95) over the result. The demo generator (`hirehound.demo`) is used for
quality when it exists; it did not exist when this bench was written, so quality here is on this synthetic truth.
"""

from __future__ import annotations

import hashlib
import random
import resource
import time
from datetime import date, timedelta
from typing import Any

import numpy as np

SIZES = {"small": (20_000, 4_000), "large": (1_000_000, 20_000)}
DAY = date(2026, 11, 20)


def _pid(i: int) -> str:
    return hashlib.sha256(f"synthetic:{i}".encode()).hexdigest()[:16]


def _text(rng: random.Random, vocab: list[str]) -> str:
    return " ".join(rng.choice(vocab) for _ in range(250))


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
    lookback = [_pid(r["i"]) for r in rows if r["day"] != DAY]
    for start in range(0, len(lookback), 20000):
        refresh_minhash_bands(conn, load_records(conn, lookback[start : start + 20000], with_vectors=False), None)


def run(size: str = "small") -> str:
    from bench.harness import bench_environment
    from hirehound.db.engine import get_engine
    from hirehound.dedup.pipeline import run_dedup
    from hirehound.search.hybrid import SearchFilters, search

    n_lookback, n_day = SIZES[size]
    rows, truth = build(n_lookback, n_day)
    with bench_environment("hhdedupbench"):
        engine = get_engine()
        t = time.perf_counter()
        with engine.begin() as conn:
            load(conn, rows)
        t_load = time.perf_counter() - t
        rss0 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        t = time.perf_counter()
        with engine.begin() as conn:
            report = run_dedup(conn, DAY, run_id="bench")
        t_dedup = time.perf_counter() - t
        rss1 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        with engine.connect() as conn:
            got = {tuple(r) for r in conn.exec_driver_sql(
                "SELECT posting_a, posting_b FROM duplicate_pairs WHERE accepted").all()}  # fmt: skip
            n_clusters = conn.exec_driver_sql("SELECT count(*) FROM duplicate_clusters WHERE status='open'").scalar()
        tp = len(got & truth)
        precision = tp / len(got) if got else 0.0
        recall = tp / len(truth) if truth else 0.0
        rng = np.random.default_rng(5)
        latencies = []
        with engine.begin() as conn:
            for _ in range(100):
                q = rng.standard_normal(384).astype(np.float32)
                t = time.perf_counter()
                search(conn, q / np.linalg.norm(q), "bench", "w17 w42", SearchFilters(), 10)
                latencies.append((time.perf_counter() - t) * 1000)
        engine.dispose()
    return "\n".join([
        "## Dedup and search",
        f"Synthetic data (texts from a 20k-word vocabulary, synthetic clustered vectors): lookback {n_lookback:,} "
        f"postings, day {n_day:,} postings (30% duplicates, 5% templates). Load by COPY took {t_load:.1f} s.",
        "",
        f"- dedup of the day: **{t_dedup:.1f} s**, stage seconds {report.seconds}; peak RSS {rss1 / 1024:.0f} MiB "
        f"(+{(rss1 - rss0) / 1024:.0f} MiB during dedup)",
        f"- candidates by stage {report.candidates_by_stage}; accepted by type {report.accepted_by_type}; "
        f"rejected {report.rejected_by_reason}",
        f"- pairwise precision **{precision:.3f}**, recall **{recall:.3f}** ({tp} of {len(truth)} true pairs, "
        f"{len(got)} accepted); open clusters {n_clusters:,}",
        f"- search (hybrid, 100 queries): p50 **{np.percentile(latencies, 50):.1f} ms**, "
        f"p95 **{np.percentile(latencies, 95):.1f} ms**",
    ])  # fmt: skip


if __name__ == "__main__":
    import sys

    print(run(sys.argv[1] if len(sys.argv) > 1 else "small"))

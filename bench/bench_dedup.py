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

import argparse
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from bench.synthetic_lookback import DAY, LOOKBACK_DAYS, ORGANIZATIONS, Synthetic, build, load, vectors

SIZES = {"small": (100_000, 20_000), "large": (1_000_000, 20_000)}
DEMO_SIZES = {"small": (7, 150), "large": (7, 300)}
LOOKBACKS = (15, 60)  # days: a quarter of the synthetic lookback, then all of it


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


def reset_day(conn: Any) -> None:
    """Forget what dedup did for the day (pairs, the day's clusters and bands), so each run starts as the first.

    The lookback's singleton clusters stay: a lookback posting that a day posting joined keeps its cluster id
    (it is the earlier member), so resetting its row is enough.
    """
    day = {"d": DAY}
    conn.exec_driver_sql("TRUNCATE duplicate_pairs")
    conn.exec_driver_sql("UPDATE duplicate_clusters SET merged_into = NULL WHERE merged_into IS NOT NULL")
    conn.exec_driver_sql(
        "DELETE FROM cluster_members WHERE posting_id IN "
        "(SELECT posting_id FROM normalized_postings WHERE partition_date = %(d)s)",
        day,
    )
    conn.exec_driver_sql(
        "DELETE FROM duplicate_clusters c "
        "WHERE NOT EXISTS (SELECT 1 FROM cluster_members m WHERE m.cluster_id = c.cluster_id)"
    )
    conn.exec_driver_sql(
        "UPDATE duplicate_clusters SET status = 'open', member_count = 1, board_count = 1, run_id = NULL "
        "WHERE run_id IS NOT NULL"
    )
    conn.exec_driver_sql(
        "DELETE FROM posting_minhash_bands b USING (SELECT s.posting_id, unnest(s.band_keys) AS band_key "
        "FROM posting_minhash_state s JOIN normalized_postings n ON n.posting_id = s.posting_id "
        "WHERE n.partition_date = %(d)s) o WHERE b.band_key = o.band_key AND b.posting_id = o.posting_id",
        day,
    )
    conn.exec_driver_sql(
        "DELETE FROM posting_minhash_state WHERE posting_id IN "
        "(SELECT posting_id FROM normalized_postings WHERE partition_date = %(d)s)",
        day,
    )


def loaded(conn: Any, data: Synthetic) -> bool:
    """Whether a kept database already holds exactly this synthetic data set."""
    n = conn.exec_driver_sql("SELECT count(*) FROM postings").scalar()
    bands = conn.exec_driver_sql("SELECT count(*) > 0 FROM posting_minhash_state").scalar()
    return bool(n == data.n and bands)


@dataclass
class ScaleRun:
    lookback_days: int
    active: int
    seconds: float
    report: Any
    rss_added: int


def scale_section(size: str, keep: Path | None = None) -> str:
    from bench.harness import bench_environment
    from hirehound.db.engine import get_engine
    from hirehound.dedup.pipeline import run_dedup
    from hirehound.dedup.scoring import DedupSettings

    n_lookback, n_day = SIZES[size]
    t = time.perf_counter()
    data = build(n_lookback, n_day)
    truth = data.truth()
    t_build = time.perf_counter() - t
    runs: list[ScaleRun] = []
    load_seconds: dict[str, float] = {}
    with bench_environment("hhdedupbench", keep=keep):
        engine = get_engine()
        with engine.begin() as conn:
            if not loaded(conn, data):
                print(f"loading {data.n:,} synthetic postings", flush=True)
                load_seconds = load(conn, data)
        with engine.connect() as conn:  # as autovacuum would in time: visibility maps, no dead rows
            conn.execution_options(isolation_level="AUTOCOMMIT").exec_driver_sql("VACUUM ANALYZE")
        for lookback_days in LOOKBACKS:
            active = int(np.sum(data.day_offset[: data.n_lookback] <= lookback_days))
            with engine.begin() as conn:
                reset_day(conn)
            with PeakRss() as mem:
                t = time.perf_counter()
                with engine.begin() as conn:
                    report = run_dedup(conn, DAY, DedupSettings(lookback_days=lookback_days), run_id="bench")
                seconds = time.perf_counter() - t
            runs.append(ScaleRun(lookback_days, active, seconds, report, mem.peak - mem.start))
            print(f"lookback {lookback_days} days ({active:,} postings): {seconds:.1f} s {report.seconds}", flush=True)
        with engine.connect() as conn:
            got = {tuple(r) for r in conn.exec_driver_sql(
                "SELECT posting_a, posting_b FROM duplicate_pairs WHERE accepted").all()}  # fmt: skip
            n_clusters = conn.exec_driver_sql("SELECT count(*) FROM duplicate_clusters WHERE status='open'").scalar()
        latency = search_latency(engine, data)
        engine.dispose()
    tp = len(got & truth)
    precision = tp / len(got) if got else 0.0
    recall = tp / len(truth) if truth else 0.0
    load_line = (
        f"Load by COPY, MinHash bands of the lookback and index builds: {sum(load_seconds.values()):.0f} s "
        f"({load_seconds})."
        if load_seconds
        else "Loaded earlier into a kept database (`--keep`)."
    )
    lines = [
        f"### Scale (synthetic: {size})",
        "",
        f"Synthetic texts and vectors, NOT model embeddings (`bench/synthetic_lookback.py`): a lookback of "
        f"{n_lookback:,} postings over {LOOKBACK_DAYS} days from {ORGANIZATIONS:,} employers of skewed size, and one "
        f"day of {n_day:,} new postings (15% exact copies, 15% partial edits, 5% templates in another city). "
        f"Build {t_build:.0f} s. {load_line}",
        "",
        "| lookback | active lookback postings | dedup of the day | peak RSS added | stage seconds |",
        "|---|---|---|---|---|",
    ]
    for r in runs:
        lines.append(
            f"| {r.lookback_days} days | {r.active:,} | **{r.seconds:.1f} s** | {r.rss_added / 2**20:.0f} MiB "
            f"| {r.report.seconds} |"
        )
    report = runs[-1].report
    lines += [
        "",
        f"- candidates by stage {report.candidates_by_stage}; accepted by type {report.accepted_by_type}; "
        f"rejected {report.rejected_by_reason}",
        f"- pairwise precision **{precision:.3f}**, recall **{recall:.3f}** ({tp} of {len(truth)} true pairs, "
        f"{len(got)} accepted); open clusters {n_clusters:,}",
        latency,
    ]
    return "\n".join(lines)


def search_latency(engine: Any, data: Synthetic, queries: int = 200) -> str:
    """p50/p95 of `hirehound search` (hybrid) and of its vector query alone, over the published lookback.

    Each query's vector is a lookback posting's vector with noise (a query near real content, as a user's is).
    Two text shapes: "broad", a word in every title plus one vocabulary word (matches ~1.25% of the catalogue,
    the expensive case for ranking full-text matches), and "specific", two vocabulary words (~0.02%). A first
    pass of other queries warms the caches, as a running server's are; its figures are reported as "cold".
    """
    from hirehound.db.driver import driver_connection
    from hirehound.search.hybrid import VECTOR_SQL, SearchFilters, search

    rng = np.random.default_rng(5)

    def batch() -> tuple[np.ndarray, np.ndarray]:
        rows = rng.integers(0, data.n_lookback, size=queries)
        near = vectors(data, rows) + 0.3 * rng.standard_normal((queries, 384)).astype(np.float32) / np.sqrt(384)
        return near / np.linalg.norm(near, axis=1, keepdims=True), rng.integers(0, 20_000, size=queries)

    def measure(text: str) -> tuple[list[float], list[float], list[int]]:
        near, words = batch()
        hybrid, vector, hits = [], [], []
        with engine.begin() as conn:
            raw: Any = driver_connection(conn)
            for q, w in zip(near, words, strict=True):
                t = time.perf_counter()
                with raw.cursor() as cur:
                    cur.execute("SET LOCAL hnsw.ef_search = 100")
                    cur.execute(VECTOR_SQL, {"v": q, "model": "bench", "depth": 100})
                    cur.fetchall()
                vector.append((time.perf_counter() - t) * 1000)
                t = time.perf_counter()
                hits.append(len(search(conn, q, "bench", text.format(w, (w + 1) % 20_000), SearchFilters(), 10)))
                hybrid.append((time.perf_counter() - t) * 1000)
        return hybrid, vector, hits

    def p(values: list[float], q: int) -> str:
        return f"{np.percentile(values, q):.1f} ms"

    with engine.connect() as conn:
        n_published = conn.exec_driver_sql("SELECT count(*) FROM published_postings").scalar()
    cold, cold_vector, _ = measure("engineer w{}")
    lines = [
        f"- search over {n_published:,} published postings ({data.n:,} vectors), {queries} queries per shape, "
        f"10 results each; cold caches (first pass): hybrid p50 {p(cold, 50)}, p95 {p(cold, 95)}, vector query "
        f"p95 {p(cold_vector, 95)}"
    ]
    for shape, text in (("broad (~1.25% of entries match)", "engineer w{}"), ("specific (two words)", "w{} w{}")):
        hybrid, vector, hits = measure(text)
        lines.append(
            f"- warm, {shape}: `hirehound search` hybrid p50 **{p(hybrid, 50)}**, p95 **{p(hybrid, 95)}** "
            f"({np.mean(hits):.1f} hits); its vector query alone (HNSW, ef_search 100) p50 {p(vector, 50)}, "
            f"p95 {p(vector, 95)}"
        )
    return "\n".join(lines)


def run(size: str = "small") -> str:
    from bench.dedup_demo import quality_section

    days, per_day = DEMO_SIZES[size]
    return "\n\n".join(["## Dedup and search", quality_section(days, per_day), scale_section(size)])


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("size", nargs="?", default="small", choices=sorted(SIZES))
    parser.add_argument("--scale-only", action="store_true", help="skip the demo ground-truth quality runs")
    parser.add_argument("--keep", type=Path, help="keep the loaded synthetic database here and reuse it next time")
    args = parser.parse_args()
    print(scale_section(args.size, args.keep) if args.scale_only else run(args.size))

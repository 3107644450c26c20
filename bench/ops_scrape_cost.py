"""What one scrape of `hirehound metrics` costs on a sizeable database, and what progress reporting costs a step.

Builds a throwaway embedded PostgreSQL with synthetic operational data (postings, spam scores, open failures,
step progress rows, quarantined files, URL checks) and an in-memory Dagster instance with many runs, then times
an uncached refresh (all sources), a cached HTTP scrape, and `Progress.advance`. Run:
`PYTHONPATH=$PWD .venv/bin/python -m bench.ops_scrape_cost [--postings 200000]`.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import tempfile
import time
import uuid
import warnings
from pathlib import Path

import httpx
import sqlalchemy as sa

SEED_SQL = [
    "INSERT INTO postings (posting_id, posting_key, first_seen, last_seen, latest_partition, status, updated_at) "
    "SELECT md5(i::text), 'k' || i, DATE '2026-01-01', DATE '2026-01-01', DATE '2026-01-01' + (i % 60), "
    "CASE WHEN i % 5 = 0 THEN 'expired' ELSE 'active' END, now() FROM generate_series(1, :n) i",
    "INSERT INTO spam_scores (partition_date, posting_id, rule_score, reasons, is_spam, decided_by) "
    "SELECT DATE '2026-01-01' + (i % 60), md5(i::text), 0, '[]', i % 20 = 0, 'rules' FROM generate_series(1, :n) i",
    "INSERT INTO failure_ledger (asset, partition_key, item_key, stage, error_class, message) "
    "SELECT 'posting_skills', '2026-01-' || lpad((1 + i % 28)::text, 2, '0'), 'p' || i, 'skills', 'E' || (i % 9), 'm' "
    "FROM generate_series(1, :n / 10) i",
    "INSERT INTO step_progress (run_id, asset, partition_key, processed, total, failed, state, started_at) "
    "SELECT 'r' || (i / 11), 'asset_' || (i % 11), '2026-01-01', 200, 200, 2, 'done', now() - interval '40 s' "
    "FROM generate_series(1, :n / 10) i",
    "INSERT INTO scrape_files (partition_date, path, sha256, size_bytes, status) "
    "SELECT DATE '2026-01-01' + (i % 60), 'f' || i, md5(i::text), 1000, "
    "CASE WHEN i % 50 = 0 THEN 'quarantined' ELSE 'ingested' END FROM generate_series(1, 2000) i",
    "INSERT INTO posting_url_checks (posting_id, url, outcome, checked_at) "
    "SELECT md5(i::text), 'https://x/' || i, (ARRAY['alive','gone','closed','blocked','error'])[1 + i % 5], now() "
    "FROM generate_series(1, :n / 10) i",
]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--postings", type=int, default=200_000)
    parser.add_argument("--runs", type=int, default=5_000)
    args = parser.parse_args()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        import pgserver
    import dagster as dg

    from hirehound.cli.metrics_cmd import build_registry
    from hirehound.db.engine import get_engine
    from hirehound.ops.progress import Progress

    root = Path(tempfile.mkdtemp(prefix="hhsc", dir="/tmp"))
    server = pgserver.get_server(root, cleanup_mode="stop")
    os.environ["HIREHOUND_DATABASE_URL"] = server.get_uri().replace("postgresql://", "postgresql+psycopg://")
    try:
        engine = get_engine()
        with engine.begin() as conn:
            for sql in SEED_SQL:
                conn.execute(sa.text(sql), {"n": args.postings})
            conn.execute(sa.text("ANALYZE"))
        instance = dg.DagsterInstance.ephemeral()
        statuses = [dg.DagsterRunStatus.SUCCESS] * 8 + [dg.DagsterRunStatus.FAILURE, dg.DagsterRunStatus.STARTED]
        for i in range(args.runs):
            instance.add_run(dg.DagsterRun(job_name=f"job_{i % 4}", run_id=str(uuid.uuid4()), status=statuses[i % 10]))
        registry = build_registry(cache_s=5.0, instance=instance)
        collector = next(c for c in registry._collector_to_names if type(c).__name__ == "HirehoundCollector")
        refresh = []
        for _ in range(5):
            started = time.perf_counter()
            collector._cached_at = None  # force a real read
            list(collector.collect())
            refresh.append(time.perf_counter() - started)
        from prometheus_client import generate_latest, start_http_server

        rendered = []
        for _ in range(20):
            started = time.perf_counter()
            generate_latest(registry)
            rendered.append(time.perf_counter() - started)

        port = 19464
        server_http, _ = start_http_server(port, addr="127.0.0.1", registry=registry)
        cached = []
        with httpx.Client(timeout=30) as client:
            for _ in range(20):
                started = time.perf_counter()
                body = client.get(f"http://127.0.0.1:{port}/metrics").text
                cached.append(time.perf_counter() - started)
        server_http.shutdown()
        progress = Progress("bench", sink=lambda s, state: None)
        started = time.perf_counter()
        for _ in range(1_000_000):
            progress.advance()
        per_advance_us = time.perf_counter() - started  # 1e6 calls: seconds == microseconds per call
        print(f"postings={args.postings} runs={args.runs} series={sum(1 for ln in body.splitlines() if ln[:1] != '#')}")
        print(f"uncached refresh (all sources): median {statistics.median(refresh) * 1000:.0f} ms, "
              f"max {max(refresh) * 1000:.0f} ms")  # fmt: skip
        print(f"cached scrape rendered in-process: median {statistics.median(rendered) * 1000:.1f} ms")
        print(f"cached scrape over HTTP: median {statistics.median(cached) * 1000:.1f} ms")
        print(f"Progress.advance: {per_advance_us:.2f} us per call")
        print(f"load average: {Path('/proc/loadavg').read_text().strip()}")
    finally:
        server.cleanup()
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()

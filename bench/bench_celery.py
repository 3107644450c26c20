"""One scrape day through the daily job on 1 vs 2 Celery workers, each worker pinned to its own core (issue 17).

Each run gets a fresh embedded Postgres, the same generated day, a local Redis and `hirehound worker` processes
(tests/integration/celery_cluster.py); the run is launched as the daemon's run worker would launch it. The ONNX
graph is exported once before timing, into a models folder both runs share (a worker's first step would otherwise
pay ~15 s of export), and skills use the tests' ESCO subset (the full taxonomy's vectors take minutes to build
once per database, which a real deployment pays once, not per day). Prints a Markdown table for bench/RESULTS.md.

    PYTHONPATH=$PWD .venv/bin/python -m bench.bench_celery --per-day 2000
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path

START = date(2026, 11, 18)


def warm_models(home: Path) -> None:
    """Export the default embedding backend's graph into `home/models` (what a worker's first step would do)."""
    os.environ["HIREHOUND_HOME"] = str(home)
    from hirehound.embeddings.encoder import encode
    from resources.embedding_model import EmbeddingModelResource

    encode(EmbeddingModelResource().settings(), ["warm-up text"])


@contextmanager
def environment(variables: dict[str, str]) -> Iterator[None]:
    """These variables for the block, then the process's own again (the next run's databases are its own)."""
    saved = {k: os.environ.get(k) for k in variables}
    os.environ.update(variables)
    try:
        yield
    finally:
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


def one_run(workers: int, per_day: int, home: Path) -> dict[str, object]:
    from sqlalchemy.engine import make_url

    from bench.harness import bench_environment
    from hirehound import config
    from hirehound.cli.dev_cmd import set_pool_limits
    from hirehound.db.engine import ensure_database
    from hirehound.db.urls import dagster_storage_url, render
    from hirehound.demo import generate_scrapes
    from tests.integration.celery_cluster import ROOT, local_cluster

    key = START.isoformat()
    with bench_environment(prefix=f"hhcel{workers}") as env:
        generate_scrapes(env.landing, days=1, per_day=per_day, seed=42, start=START)
        dagster_url = dagster_storage_url(make_url(env.database_url))
        ensure_database(dagster_url)
        dagster_home = env.root / "dagster_home"
        dagster_home.mkdir()
        shutil.copyfile(config.project_root() / "dagster.yaml", dagster_home / "dagster.yaml")
        shared = {
            "HIREHOUND_DATABASE_URL": env.database_url,
            "HIREHOUND_DAGSTER_DATABASE_URL": render(dagster_url),
            "HIREHOUND_DAGSTER_PG_URL": render(dagster_url),
            "HIREHOUND_LANDING_DIR": str(env.landing),
            "HIREHOUND_HOME": str(home),
            "DAGSTER_HOME": str(dagster_home),
        }
        with environment(shared):  # as `hirehound dev --workers N`: one embedding chunk per worker at a time
            set_pool_limits(shared, workers)
        with local_cluster(env.root / "cluster", workers=workers, extra=shared) as cluster:
            python_path = os.pathsep.join(p for p in (str(ROOT), os.environ.get("PYTHONPATH", "")) if p)
            full = {**os.environ, **shared, "PYTHONPATH": python_path, "HIREHOUND_EXECUTOR": "celery"}
            full["HIREHOUND_CELERY_BROKER_URL"] = cluster.redis.url
            load_before = os.getloadavg()
            started = time.perf_counter()
            done = subprocess.run(
                [sys.executable, "-m", "tests.integration.celery_days", key],
                env=full,
                cwd=ROOT,
                capture_output=True,
                text=True,
                check=False,
            )
            wall = time.perf_counter() - started
            load_after = os.getloadavg()
            cores = [w.core for w in cluster.workers]
        if done.returncode != 0:
            raise SystemExit(done.stderr[-3000:])
        run_id, success, why = json.loads(done.stdout.strip().splitlines()[-1])[key]
        import dagster as dg

        with environment(shared), dg.DagsterInstance.get() as instance:
            steps = {
                s.step_key: round((s.end_time or 0) - (s.start_time or 0), 1)
                for s in instance.get_run_step_stats(run_id)
                if s.start_time is not None
            }
    return {
        "workers": workers,
        "cores": cores,
        "success": success,
        "why": why[:300],
        "wall_s": round(wall, 1),
        "steps": steps,
        "load_before": [round(x, 2) for x in load_before],
        "load_after": [round(x, 2) for x in load_after],
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--per-day", type=int, default=2000)
    parser.add_argument("--workers", default="1,2", help="worker counts to compare, in order")
    args = parser.parse_args()
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    if "HIREHOUND_ESCO_CSV" not in os.environ:
        from tests.esco_subset import write_esco_subset

        os.environ["HIREHOUND_ESCO_CSV"] = str(write_esco_subset(Path(tempfile.mkdtemp(prefix="hhesco")) / "esco.csv"))
    home = Path(tempfile.mkdtemp(prefix="hhcelhome"))
    warm_models(home)
    results = []
    for count in args.workers.split(","):
        results.append(one_run(int(count), args.per_day, home))
        print(json.dumps(results[-1]), flush=True)
    steps = sorted({s for r in results for s in r["steps"]})  # type: ignore[attr-defined]
    print("\n| step | " + " | ".join(f"{r['workers']} worker(s) s" for r in results) + " |")
    print("|---|" + "---|" * len(results))
    for step in steps:
        print(f"| {step} | " + " | ".join(str(r["steps"].get(step, "-")) for r in results) + " |")  # type: ignore[attr-defined]
    print("| **wall** | " + " | ".join(f"**{r['wall_s']}**" for r in results) + " |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

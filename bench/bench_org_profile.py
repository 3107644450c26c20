"""Where organizations and enriched_organizations spend a demo day: wall time, SQL round trips, top functions.

Ingests one demo day (seed 11) on a fresh embedded Postgres, loads the embedding model once (its load, seconds
the first time in a process, is reported apart: it is the encoder's cost, not the stage's), then materializes
`organizations` and `enriched_organizations` in this process under cProfile, counting every statement SQLAlchemy
sends (an executemany counts once). Prints per stage: seconds, statements, the most frequent statements and the
functions with the most cumulative time.

    HF_HUB_OFFLINE=1 PYTHONPATH=$PWD .venv/bin/python -m bench.bench_org_profile 2000
"""

from __future__ import annotations

import cProfile
import io
import pstats
import sys
import time
from collections import Counter
from datetime import date
from typing import Any

import dagster as dg

from bench.harness import bench_environment
from hirehound_assets.partitions import instance_with_scrape_dates

DAY = date(2026, 11, 20)


def profile_stage(asset: Any, key: str, instance: dg.DagsterInstance, resources: dict[str, Any]) -> str:
    """Materialize one asset for `key` under cProfile; its seconds, statement count and top functions."""
    import sqlalchemy as sa

    from hirehound.db.engine import get_engine

    statements: Counter[str] = Counter()

    def count(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        statements[" ".join(statement.split())[:70]] += 1

    engine = get_engine()
    sa.event.listen(engine, "before_cursor_execute", count)
    profiler = cProfile.Profile()
    started = time.perf_counter()
    profiler.enable()
    dg.materialize([asset], partition_key=key, resources=resources, instance=instance, selection=[asset])
    profiler.disable()
    seconds = time.perf_counter() - started
    sa.event.remove(engine, "before_cursor_execute", count)
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(r"hirehound", 20)
    top = "\n".join(f"    {n:6d}  {s}" for s, n in statements.most_common(8))
    return (
        f"## {asset.key.to_user_string()}: {seconds:.1f} s, {sum(statements.values())} SQL statements\n"
        f"most frequent statements:\n{top}\n{out.getvalue()}"
    )


def main(per_day: int) -> None:
    from hirehound.demo import generate_scrapes
    from hirehound_assets.ingestion.normalized_postings import normalized_postings
    from hirehound_assets.ingestion.raw_postings import raw_postings
    from hirehound_assets.organizations.enriched_organizations import enriched_organizations
    from hirehound_assets.organizations.organizations import organizations
    from hirehound_assets.resources_config import default_resources

    with bench_environment("hhorgprof") as env:
        generate_scrapes(env.landing, days=1, per_day=per_day, seed=11, start=DAY, truth_path=env.truth)
        key = DAY.isoformat()
        instance = instance_with_scrape_dates(key)
        resources = default_resources()
        dg.materialize([raw_postings, normalized_postings], partition_key=key, resources=resources, instance=instance)
        started = time.perf_counter()
        resources["embedding_model"].encode(["warm up the encoder"])
        print(f"## embedding model load (first encode in the process): {time.perf_counter() - started:.1f} s")
        for asset in (organizations, enriched_organizations):
            print(profile_stage(asset, key, instance, resources), flush=True)


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 2_000)

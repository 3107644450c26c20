"""Shared benchmark plumbing: a throwaway embedded Postgres, demo data, and the daily job run in-process."""

from __future__ import annotations

import os
import shutil
import tempfile
import time
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import dagster as dg

from hirehound_assets.partitions import instance_with_scrape_dates


@dataclass
class BenchEnv:
    root: Path
    landing: Path
    truth: Path
    database_url: str


@contextmanager
def bench_environment(prefix: str = "hhbench", keep: Path | None = None) -> Iterator[BenchEnv]:
    """A fresh embedded Postgres and landing folder; the environment points Hirehound at them.

    With `keep`, the server's data lives in that folder and is left there (stopped) afterwards, so a benchmark
    whose data takes minutes to load can be re-run against it.
    """
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        import pgserver

    from sqlalchemy.engine import make_url

    from hirehound.db.engine import dispose_engines
    from hirehound.db.urls import render, with_driver

    root = Path(tempfile.mkdtemp(prefix=prefix, dir="/tmp")) if keep is None else keep
    root.mkdir(parents=True, exist_ok=True)
    from hirehound.db.embedded_server import tune

    server = pgserver.get_server(root / "pgdata", cleanup_mode="stop")
    tune(server, root / "pgdata")  # the memory settings `make run` gives its embedded server
    url = render(with_driver(make_url(server.get_uri()).set(database="hirehound"), "psycopg"))
    saved = {k: os.environ.get(k) for k in ("HIREHOUND_DATABASE_URL", "HIREHOUND_LANDING_DIR", "HIREHOUND_HOME")}
    os.environ.update(
        HIREHOUND_DATABASE_URL=url,
        HIREHOUND_LANDING_DIR=str(root / "landing"),
        HIREHOUND_HOME=str(root / "state"),
        HF_HUB_OFFLINE="1",
    )
    try:
        yield BenchEnv(root, root / "landing", root / "ground_truth.jsonl", url)
    finally:
        dispose_engines()
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
        server.cleanup()
        if keep is None:
            shutil.rmtree(root, ignore_errors=True)


@dataclass
class JobTiming:
    seconds: float
    steps: dict[str, float]
    success: bool
    skipped: dict[str, bool] = field(default_factory=dict)  # asset -> its metadata said `skipped_unchanged`


def run_daily_job(partition_key: str, settings: dict[str, object] | None = None) -> JobTiming:
    """Run `daily_pipeline_job` for one partition in this process, with per-step wall times; `settings` overrides
    fields of the `settings` resource (PipelineSettings) for this run, as the launchpad would."""
    from hirehound_assets.definitions import defs

    job = defs.resolve_job_def("daily_pipeline_job")
    instance = dg.DagsterInstance.ephemeral()
    started = time.perf_counter()
    result = job.execute_in_process(
        run_config={"resources": {"settings": {"config": settings}}} if settings else None,
        partition_key=partition_key,
        instance=instance_with_scrape_dates(partition_key, instance=instance),
        raise_on_error=False,
    )
    seconds = time.perf_counter() - started
    steps = {
        stat.step_key: (stat.end_time or 0) - (stat.start_time or 0)
        for stat in instance.get_run_step_stats(result.run_id)
        if stat.start_time is not None
    }
    skipped = {}
    for event in result.get_asset_materialization_events():
        materialization = event.step_materialization_data.materialization
        flag = materialization.metadata.get("skipped_unchanged")
        skipped[materialization.asset_key.to_user_string()] = bool(flag.value) if flag is not None else False
    return JobTiming(seconds, steps, result.success, skipped)


@dataclass
class DedupTables:
    """What a dedup run left behind: each posting's current cluster, every compared pair, each posting's title."""

    clusters: dict[str, str]
    pairs: dict[tuple[str, str], tuple[bool | None, dict[str, object]]]
    titles: dict[str, str]
    seconds: float


def run_dedup_days(keys: list[str], reverse: bool = False) -> DedupTables:
    """Ingestion, organizations, embeddings and duplicate clusters for `keys` (in that order, or reversed) in this
    process, against HIREHOUND_DATABASE_URL and the landing zone, then the tables dedup is scored on."""
    from hirehound.db.engine import get_engine
    from hirehound_assets.dedup.duplicate_clusters import duplicate_clusters
    from hirehound_assets.embeddings.posting_embeddings import posting_embeddings
    from hirehound_assets.ingestion.normalized_postings import normalized_postings
    from hirehound_assets.ingestion.raw_postings import raw_postings
    from hirehound_assets.organizations.organizations import organizations
    from hirehound_assets.resources_config import default_resources

    assets = [raw_postings, normalized_postings, organizations, posting_embeddings, duplicate_clusters]
    instance = instance_with_scrape_dates(*keys)
    resources = default_resources()
    started = time.perf_counter()
    for key in reversed(keys) if reverse else keys:
        dg.materialize(assets, partition_key=key, resources=resources, instance=instance)
    seconds = time.perf_counter() - started
    engine = get_engine()
    with engine.connect() as conn:
        clusters = dict(conn.exec_driver_sql("SELECT posting_id, cluster_id FROM posting_cluster_current").all())
        pairs = {
            (a, b): (accepted, reasons)
            for a, b, accepted, reasons in conn.exec_driver_sql(
                "SELECT posting_a, posting_b, accepted, reasons FROM duplicate_pairs"
            ).all()
        }
        latest = "SELECT DISTINCT ON (posting_id) posting_id, title FROM normalized_postings "
        titles = dict(conn.exec_driver_sql(latest + "ORDER BY posting_id, partition_date DESC").all())
    engine.dispose()
    return DedupTables(clusters, pairs, titles, seconds)

"""`hirehound dev`: start (or reuse) the database, point Dagster at it, and supervise the UI and daemon.

`hirehound dev` stays in the foreground as a supervisor (`hirehound.lifecycle`): Dagster runs as a child in a
process group of its own, the embedded Postgres is restarted when it stops, runs whose worker died are marked
failed so run retries re-run them, and Ctrl-C, SIGTERM or even `kill -9` of `hirehound dev` leaves nothing running
headless. The terminal stays quiet (warnings and what the supervisor does); `--verbose` shows Dagster's own logs.
"""

from __future__ import annotations

import os
import shutil
import socket
import sys
from pathlib import Path

import typer

from hirehound import config
from hirehound.cli.errors import friendly_errors, usage_error
from hirehound.db.engine import ensure_database, get_engine
from hirehound.db.urls import dagster_storage_url, render, server_url
from hirehound.lifecycle import pidfile
from hirehound.lifecycle.children import ChildSpec
from hirehound.lifecycle.supervisor import Check, Supervisor

POOL_LIMITS = {"postgres": 2, "embedding_model": 1, "enrichment_api": 1}


def prepare_environment() -> dict[str, str]:
    """Start/reuse Postgres, migrate, and return the environment Dagster processes need."""

    app_url = server_url()
    get_engine(app_url)  # creates the database and applies migrations
    dagster_url = dagster_storage_url(app_url)
    ensure_database(dagster_url)
    dagster_home = config.dagster_home_dir()
    dagster_home.mkdir(parents=True, exist_ok=True)
    # Dagster reads dagster.yaml from DAGSTER_HOME: keep it the repository's file, refreshed at every start.
    shutil.copyfile(config.project_root() / "dagster.yaml", dagster_home / "dagster.yaml")
    return {
        "HIREHOUND_DATABASE_URL": render(app_url),
        "HIREHOUND_DAGSTER_PG_URL": render(dagster_url),
        "DAGSTER_HOME": str(dagster_home),
        "HIREHOUND_HOME": str(config.home_dir()),
        "HIREHOUND_LANDING_DIR": config.landing_dir(),
        "HF_HUB_OFFLINE": "1",
        "TRANSFORMERS_OFFLINE": "1",
    }


def set_pool_limits(env: dict[str, str], workers: int = 0) -> None:
    """Concurrency pools with sensible limits (dagster.yaml can only set one default for all pools). With Celery
    workers, one embedding chunk per worker at a time: a day's chunks then spread over all of them."""
    os.environ.update(env)
    from dagster import DagsterInstance

    limits = {**POOL_LIMITS, "embedding_model": max(POOL_LIMITS["embedding_model"], workers)}
    with DagsterInstance.get() as instance:
        for pool, limit in limits.items():
            instance.event_log_storage.set_concurrency_slots(pool, limit)


def port_free(host: str, port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((host, port))
        except OSError:
            return False
    return True


def dagster_child(env: dict[str, str], host: str, port: int, verbose: bool) -> ChildSpec:
    """`dagster dev` on the repository's workspace, started in DAGSTER_HOME so that the dagster.yaml beside the
    workspace is not reported as ignored on every start."""
    dagster = Path(sys.executable).with_name("dagster")
    workspace = config.project_root() / "workspace.yaml"
    level = "info" if verbose else "warning"
    python_path = os.pathsep.join(p for p in (str(config.project_root()), os.environ.get("PYTHONPATH", "")) if p)
    child_env = {
        **env,
        "PYTHONPATH": python_path,  # the code location imports from the repository, whatever the cwd
    }
    argv = [str(dagster), "dev", "-w", str(workspace), "-h", host, "-p", str(port), "--log-level", level]
    return ChildSpec(name="Dagster (UI, daemon, code server)", argv=argv, env=child_env, cwd=Path(env["DAGSTER_HOME"]))


def supervision_checks(embedded: bool) -> list[Check]:
    """The embedded server's watch (only when we started it), the orphaned-run watch and the run reports."""
    from hirehound.lifecycle.embedded_watch import EmbeddedPostgresWatch
    from hirehound.lifecycle.orphaned_runs import OrphanedRunWatch
    from hirehound.lifecycle.run_reports import RunReports

    checks = []
    if embedded:
        checks.append(Check("Embedded Postgres", EmbeddedPostgresWatch(config.pgdata_dir(), _say).check))
    holder: dict[str, tuple[OrphanedRunWatch, RunReports]] = {}

    def runs() -> None:
        # The instance is opened lazily (and again after an error) so that an outage at start does not stop us.
        if "watches" not in holder:
            from dagster import DagsterInstance

            instance = DagsterInstance.get()
            holder["watches"] = (OrphanedRunWatch(instance, _say), RunReports(instance, _say))
        orphans, reports = holder["watches"]
        try:
            orphans.check()
            reports.check()
        except Exception:
            orphans.instance.dispose()
            del holder["watches"]
            raise

    checks.append(Check("Run", runs))
    return checks


def _say(message: str) -> None:
    from datetime import datetime

    typer.echo(f"{datetime.now():%H:%M:%S} [hirehound] {message}", err=True)


def dev(
    port: int = typer.Option(3000, help="Port of the Dagster UI."),
    host: str = typer.Option("127.0.0.1", help="Address the UI listens on (see README, Security, before changing)."),
    metrics_port: int = typer.Option(9464, help="Port of the metrics endpoint beside the UI (0: do not start it)."),
    verbose: bool = typer.Option(False, "--verbose", "-v", help="Show Dagster's info and debug logs in the terminal."),
    workers: int = typer.Option(
        0, min=0, help="Run the steps on this many Celery workers (with a local Redis) instead of in the run worker."
    ),
) -> None:
    """Start the Dagster UI and daemon on Hirehound's Postgres (embedded unless HIREHOUND_DATABASE_URL is set)."""
    if not port_free(host, port):
        raise usage_error(
            f"{host}:{port} is already in use (another `make run`?). Stop it, or choose another port: "
            f"hirehound dev --port {port + 1}"
        )
    home = config.home_dir()
    other = pidfile.running(home)
    if other is not None:
        raise usage_error(
            f"hirehound dev (pid {other}) already serves {home}. Stop it first (Ctrl-C there, or "
            "`hirehound db stop`), or set HIREHOUND_HOME to another folder."
        )
    embedded = not os.environ.get("HIREHOUND_DATABASE_URL")
    _say("Starting the database" + (f" (embedded Postgres in {config.pgdata_dir()})" if embedded else ""))
    with friendly_errors():
        env = prepare_environment()
        set_pool_limits(env, workers)
    url = config.record_ui_url(host, port)  # `hirehound lineage` links to this port
    typer.echo(f"Dagster UI on {url}  (DAGSTER_HOME={env['DAGSTER_HOME']}); Ctrl-C stops it")
    from hirehound.cli.metrics_cmd import metrics_child

    pidfile.write(home)
    try:
        # Every supervised service is one ChildSpec in this list (started, watched, restarted and stopped alike).
        services: list[ChildSpec] = []
        if workers:
            from hirehound.cli.cluster import cluster_children

            try:
                cluster, celery_env = cluster_children(workers, env, verbose)
            except FileNotFoundError as exc:
                raise usage_error(str(exc)) from None
            services += cluster
            env = {**env, **celery_env}
            _say(f"Steps run on {workers} Celery worker(s), broker {celery_env['HIREHOUND_CELERY_BROKER_URL']}")
        services.append(dagster_child(env, host, port, verbose))
        metrics = metrics_child(env, metrics_port, host)  # `hirehound metrics`, for Prometheus
        if metrics is not None:
            services.append(metrics)
        code = Supervisor(services, supervision_checks(embedded), _say, verbose=verbose).run()
    finally:
        pidfile.remove(home)
    raise typer.Exit(code=code)

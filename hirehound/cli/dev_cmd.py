"""`hirehound dev`: start (or reuse) the database, point Dagster at it, and run the UI and daemon."""

from __future__ import annotations

import os
import shutil
import socket
import sys
from pathlib import Path

import typer

from hirehound import config
from hirehound.cli.errors import friendly_errors

POOL_LIMITS = {"postgres": 2, "embedding_model": 1, "enrichment_api": 1}


def prepare_environment() -> dict[str, str]:
    """Start/reuse Postgres, migrate, and return the environment Dagster processes need."""
    from hirehound.db.engine import ensure_database, get_engine
    from hirehound.db.urls import dagster_storage_url, render, server_url

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


def set_pool_limits(env: dict[str, str]) -> None:
    """Concurrency pools with sensible limits (dagster.yaml can only set one default for all pools)."""
    os.environ.update(env)
    from dagster import DagsterInstance

    with DagsterInstance.get() as instance:
        for pool, limit in POOL_LIMITS.items():
            instance.event_log_storage.set_concurrency_slots(pool, limit)


def port_free(host: str, port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((host, port))
        except OSError:
            return False
    return True


def dev(
    port: int = typer.Option(3000, help="Port of the Dagster UI."),
    host: str = typer.Option("127.0.0.1", help="Address the UI listens on."),
    metrics_port: int = typer.Option(9464, help="Port of the metrics endpoint beside the UI (0: do not start it)."),
) -> None:
    """Start the Dagster UI and daemon on Hirehound's Postgres (embedded unless HIREHOUND_DATABASE_URL is set)."""
    if not port_free(host, port):
        typer.secho(
            f"error: {host}:{port} is already in use (another `make run`?). Stop it, or choose another port: "
            f"hirehound dev --port {port + 1}",
            fg=typer.colors.RED,
            err=True,
        )
        raise typer.Exit(code=2)
    with friendly_errors():
        env = prepare_environment()
        set_pool_limits(env)
    workspace = config.project_root() / "workspace.yaml"
    url = config.record_ui_url(host, port)  # `hirehound lineage` links to this port
    typer.echo(f"Dagster UI on {url}  (DAGSTER_HOME={env['DAGSTER_HOME']})")
    dagster = Path(sys.executable).with_name("dagster")
    from hirehound.cli.metrics_cmd import start_beside_ui

    start_beside_ui(env, metrics_port, host)  # one more child: `hirehound metrics`, for Prometheus
    os.execve(
        str(dagster),
        [str(dagster), "dev", "-w", str(workspace), "-h", host, "-p", str(port)],
        {**os.environ, **env},
    )

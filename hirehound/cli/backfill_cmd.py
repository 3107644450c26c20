"""`hirehound backfill`: replay a range of scrape dates through the daily pipeline, as the UI's backfill does.

It points Dagster at Hirehound's instance (the same environment `hirehound dev` sets up) and submits a Dagster
backfill of `daily_pipeline_job`; the running daemon launches one run per day. Re-running days is idempotent.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import typer

from hirehound import config
from hirehound.cli.dev_cmd import prepare_environment
from hirehound.cli.errors import friendly_errors


def backfill(
    start: str = typer.Option(..., "--from", help="First scrape date, YYYY-MM-DD."),
    end: str = typer.Option(..., "--to", help="Last scrape date, YYYY-MM-DD (inclusive)."),
    job: str = typer.Option("daily_pipeline_job", help="Partitioned job to backfill."),
) -> None:
    """Submit a backfill of the daily pipeline for a date range (needs `hirehound dev` running to execute it)."""
    with friendly_errors():
        env = prepare_environment()
    dagster = Path(sys.executable).with_name("dagster")
    command = [
        str(dagster), "job", "backfill", "-w", str(config.project_root() / "workspace.yaml"),
        "-j", job, "--from", start, "--to", end, "--noprompt",
    ]  # fmt: skip
    result = subprocess.run(command, env={**os.environ, **env}, check=False)
    if result.returncode == 0:
        typer.echo("Backfill submitted: follow it in the UI under Overview > Backfills (runs need `hirehound dev`).")
    raise typer.Exit(code=result.returncode)

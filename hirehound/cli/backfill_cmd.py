"""`hirehound backfill`: replay a range of scrape dates through the daily pipeline, as the UI's backfill does.

Partitions are the scrape dates that exist, so a range is first narrowed to the dates that have files in the
landing zone (or are partitions already); those dates are added as partitions, and a Dagster backfill of
`daily_pipeline_job` is submitted for exactly them. The running daemon launches one run per day. Re-running days
is idempotent. Dates of the range with no scrape files are listed, not turned into empty partitions.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterable
from datetime import date, timedelta
from pathlib import Path

import typer

from hirehound import config
from hirehound.cli.dev_cmd import prepare_environment
from hirehound.cli.errors import friendly_errors, usage_error
from hirehound.scaling.settings import BACKFILL_RUN_PRIORITY, RUN_PRIORITY_TAG


def parse_range(start: str, end: str) -> tuple[date, date]:
    """The inclusive date range of `--from`/`--to`, or a BadParameter naming what is wrong."""
    days = []
    for name, value in (("--from", start), ("--to", end)):
        try:
            days.append(date.fromisoformat(value))
        except ValueError:
            raise typer.BadParameter(f"{value!r} is not a date (YYYY-MM-DD)", param_hint=name) from None
    if days[0] > days[1]:
        raise typer.BadParameter(f"--from {start} is after --to {end}", param_hint="--from")
    return days[0], days[1]


def dates_to_backfill(first: date, last: date, with_files: Iterable[date], partitions: Iterable[str]) -> list[str]:
    """The dates of the range that have scrape files or are partitions already, in date order."""
    wanted = {d.isoformat() for d in with_files if first <= d <= last}
    wanted |= {k for k in partitions if first.isoformat() <= k <= last.isoformat()}
    return sorted(wanted)


def _range(first: date, last: date) -> list[str]:
    return [(first + timedelta(days=i)).isoformat() for i in range((last - first).days + 1)]


def backfill(
    start: str = typer.Option(..., "--from", help="First scrape date, YYYY-MM-DD."),
    end: str = typer.Option(..., "--to", help="Last scrape date, YYYY-MM-DD (inclusive)."),
    job: str = typer.Option("daily_pipeline_job", help="Partitioned job to backfill."),
) -> None:
    """Submit a backfill of the daily pipeline for a date range (needs `hirehound dev` running to execute it)."""
    first, last = parse_range(start, end)
    with friendly_errors():
        env = prepare_environment()
    os.environ.update(env)
    from hirehound.ingestion.landing import LandingZone
    from hirehound_assets.partitions import SCRAPE_DATES, add_scrape_dates

    landing = config.landing_dir()
    with_files = [d for f in LandingZone(landing).list_files() if (d := f.scrape_date) is not None]
    import dagster as dg

    with dg.DagsterInstance.get() as instance:
        keys = dates_to_backfill(first, last, with_files, instance.get_dynamic_partitions(SCRAPE_DATES))
        if not keys:
            raise usage_error(
                f"no scrape files dated {start} to {end} in the landing zone {landing}. Put them under "
                f"<landing>/<YYYY-MM-DD>/ first (see docs/ingestion.md)."
            )
        added = add_scrape_dates(instance, keys)
    empty = [d for d in _range(first, last) if d not in keys]
    typer.echo(f"Backfilling {len(keys)} scrape date(s): {', '.join(keys)}")
    if added:
        typer.echo(f"  added as partitions: {', '.join(added)}")
    if empty:
        shown = ", ".join(empty[:10]) + (f" and {len(empty) - 10} more" if len(empty) > 10 else "")
        typer.echo(f"  skipped, no scrape files: {shown}")
    dagster = Path(sys.executable).with_name("dagster")
    command = [
        str(dagster), "job", "backfill", "-w", str(config.project_root() / "workspace.yaml"),
        "-j", job, "--partitions", ",".join(keys), "--noprompt",
        # On Celery workers, a backfill's steps wait behind the sensor's daily runs (ignored without Celery).
        "--tags", json.dumps({RUN_PRIORITY_TAG: str(BACKFILL_RUN_PRIORITY)}),
    ]  # fmt: skip
    result = subprocess.run(command, env={**os.environ, **env}, check=False)
    if result.returncode == 0:
        typer.echo("Backfill submitted: follow it in the UI under Overview > Backfills (runs need `hirehound dev`).")
    raise typer.Exit(code=result.returncode)

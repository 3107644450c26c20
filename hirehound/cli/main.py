"""Entry point of the `hirehound` command: one sub-command group per area."""

from __future__ import annotations

import typer

from hirehound.cli import (
    backfill_cmd,
    db_cmd,
    demo_cmd,
    dev_cmd,
    lineage_cmd,
    metrics_cmd,
    search_cmd,
    skills_cmd,
    spam_cmd,
    status_cmd,
    worker_cmd,
)

app = typer.Typer(help="Hirehound: job-posting pipeline on Dagster and PostgreSQL.", no_args_is_help=True)
app.add_typer(db_cmd.app, name="db")
app.add_typer(demo_cmd.app, name="demo")
app.command("dev")(dev_cmd.dev)
app.command("backfill")(backfill_cmd.backfill)
app.command("search")(search_cmd.search)
app.command("status")(status_cmd.status)
app.command("lineage")(lineage_cmd.lineage)
app.command("metrics")(metrics_cmd.metrics)
app.command("worker")(worker_cmd.worker)
app.add_typer(spam_cmd.app, name="spam")
app.add_typer(skills_cmd.app, name="skills")


if __name__ == "__main__":
    app()

"""`hirehound demo scrapes`: write realistic demo scrape files, and their ground truth, for the pipeline to ingest."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import typer

from hirehound.config import landing_dir

app = typer.Typer(help="Demo data: scrape files with known duplicates, spam and malformed rows.", no_args_is_help=True)


@app.command()
def scrapes(
    days: int = typer.Option(7, "--days", min=1, help="How many daily scrape folders to write."),
    per_day: int = typer.Option(200, "--per-day", min=1, help="Rows per day, across all boards."),
    out: Path | None = typer.Option(None, "--out", help="Landing zone (default: HIREHOUND_LANDING_DIR)."),
    seed: int = typer.Option(42, "--seed", help="Same seed and options give byte-identical files."),
    start: str | None = typer.Option(None, "--start", help="First scrape date YYYY-MM-DD (default: today - days + 1)."),
    truth: Path | None = typer.Option(
        None, "--truth", help="Ground-truth JSONL (default: <out>/../ground_truth/ground_truth.jsonl)."
    ),
) -> None:
    """Write DAYS days of scrapes from several boards (JobSpy CSV and native JSONL) plus the ground truth."""
    from hirehound.demo import generate_scrapes

    try:
        first = date.fromisoformat(start) if start else None
    except ValueError:
        raise typer.BadParameter(f"--start must be YYYY-MM-DD, got {start!r}") from None
    target = out or Path(landing_dir())
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    console = Console()
    with Progress(
        TextColumn("[bold]demo scrapes"), BarColumn(), MofNCompleteColumn(), TextColumn("days"), TimeElapsedColumn(),
        console=console,
    ) as progress:  # fmt: skip
        task = progress.add_task("days", total=days)
        try:
            summary = generate_scrapes(
                target, days=days, per_day=per_day, seed=seed, start=first, truth_path=truth,
                on_day=lambda done, _total: progress.update(task, completed=done),
            )  # fmt: skip
        except (ValueError, OSError) as exc:
            console.print(f"[red]error:[/red] {exc}")
            raise typer.Exit(1) from exc
    kinds = ", ".join(f"{k} {v}" for k, v in summary.row_kinds.items())
    dups = ", ".join(f"{k} {v}" for k, v in summary.dup_types.items())
    console.print(
        f"wrote {summary.rows} rows in {summary.files} files under {summary.out_dir} "
        f"({summary.start} .. {days} days) in {summary.seconds:.1f} s\n"
        f"rows: {kinds}; spam {summary.spam_rows}\nduplicate types: {dups} "
        f"({summary.duplicate_share:.0%} of rows)\n{summary.jobs} jobs at {summary.organizations} organizations; "
        f"ground truth: {summary.truth_path}"
    )

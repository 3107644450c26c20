"""`hirehound lineage <posting id | posting key | URL>`: the path of one record, each step with its run and UI link."""

from __future__ import annotations

import typer

from hirehound.cli.errors import friendly_errors


def lineage(
    ref: str = typer.Argument(..., help="A posting id, a posting key (indeed:123) or the posting's URL."),
    ui_url: str = typer.Option(None, "--ui-url", help="Dagster UI base URL (default: HIREHOUND_UI_URL)."),
) -> None:
    """Print where one posting came from and what each pipeline stage did with it."""
    from hirehound.db.engine import get_engine
    from hirehound.lineage.trace import find_postings, render, trace

    with friendly_errors(), get_engine().begin() as conn:
        ids = find_postings(conn, ref)
        traces = [trace(conn, pid) for pid in ids]
    if not ids:
        typer.secho(f"no posting matches {ref!r}", fg=typer.colors.RED, err=True)
        raise typer.Exit(code=1)
    for rows in traces:
        typer.echo(render(rows, ui_url))

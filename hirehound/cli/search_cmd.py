"""`hirehound search "query"`: hybrid search over the deduplicated catalogue, one row per job."""

from __future__ import annotations

import time
from datetime import date

import typer
from rich.console import Console
from rich.table import Table

from hirehound.cli.search_args import BadOption, check_limit, parse_since


def search(
    query: str = typer.Argument(..., help="What to look for, e.g. 'senior data engineer remote'."),
    location: str | None = typer.Option(None, "--location", help="Only jobs whose location contains this text."),
    remote: bool = typer.Option(False, "--remote", help="Only remote jobs."),
    since: str | None = typer.Option(
        None, "--since", help="Only jobs seen on or after this date: YYYY-MM-DD, today, yesterday, '7 days ago'."
    ),
    limit: int = typer.Option(10, "--limit", help="How many jobs to show (1-1000)."),
) -> None:
    """Find jobs by meaning and keywords (pgvector + full text, fused by reciprocal rank)."""
    from hirehound.db.engine import get_engine
    from hirehound.search.hybrid import SearchFilters
    from hirehound.search.hybrid import search as run_search
    from resources.embedding_model import EmbeddingModelResource

    try:
        first_day, limit = parse_since(since, date.today()), check_limit(limit)
    except BadOption as exc:
        typer.secho(f"error: {exc}", fg=typer.colors.RED, err=True)
        raise typer.Exit(code=2) from exc
    model = EmbeddingModelResource()
    filters = SearchFilters(location=location, remote=remote, since=first_day)
    started = time.perf_counter()
    vector = model.encode([query])[0]
    with get_engine().begin() as conn:
        hits = run_search(conn, vector, model.model_id, query, filters, limit)
    elapsed = (time.perf_counter() - started) * 1000
    table = Table(title=f"{len(hits)} job(s) for {query!r} ({elapsed:.0f} ms)")
    for col in ("score", "title", "organization", "location", "salary", "boards", "last seen", "cluster"):
        table.add_column(col)
    for h in hits:
        table.add_row(
            f"{h.score:.4f}", h.title, h.organization or "", h.location or "", h.salary or "",
            ", ".join(h.boards), str(h.last_seen or ""), h.cluster_id,
        )  # fmt: skip
    Console().print(table)

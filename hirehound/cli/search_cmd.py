"""`hirehound search "query"`: hybrid search over the deduplicated catalogue, one row per job.

A search is a fresh process, so this path imports only what it needs: no Dagster, no PyTorch, no
sentence-transformers (the query is encoded by ONNX Runtime with the model's own tokenizer), no schema migration
check (the pipeline migrates; a search only reads). The cluster ids it prints are what `hirehound lineage`
accepts. `--json` prints the hits for scripts; `--as-of DATE` searches the catalogue as it was on that date.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from typing import Any

import typer

from hirehound.cli.search_args import BadOption, check_limit, parse_since


def _day(value: str | None, option: str) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(f"{value!r} is not a date (YYYY-MM-DD)", param_hint=option) from None


def search(
    query: str = typer.Argument(..., help="What to look for, e.g. 'senior data engineer remote'."),
    location: str | None = typer.Option(None, "--location", help="Only jobs whose location contains this text."),
    remote: bool = typer.Option(False, "--remote", help="Only remote jobs."),
    since: str | None = typer.Option(
        None, "--since", help="Only jobs seen on or after this date: YYYY-MM-DD, today, yesterday, '7 days ago'."
    ),
    limit: int = typer.Option(10, "--limit", help="How many jobs to show (1-1000)."),
    as_of: str | None = typer.Option(
        None, "--as-of", help="Search the catalogue as it was on this date (YYYY-MM-DD), expired postings included."
    ),
    as_json: bool = typer.Option(False, "--json", help="Print the hits as JSON (one array) for scripts."),
) -> None:
    """Find jobs by meaning and keywords (pgvector + full text, fused by reciprocal rank)."""
    from hirehound.cli.errors import friendly_errors, usage_error
    from hirehound.db.engine import get_engine
    from hirehound.search.hybrid import SearchFilters

    try:
        first_day, limit = parse_since(since, date.today()), check_limit(limit)
    except BadOption as exc:
        raise usage_error(str(exc)) from exc
    filters = SearchFilters(location=location, remote=remote, since=first_day)
    day = _day(as_of, "--as-of")
    started = time.perf_counter()
    with friendly_errors(), _schema_hint(), get_engine(migrate=False).begin() as conn:
        if day is not None:
            from hirehound.search.as_of import search_as_of

            hits = search_as_of(conn, day, query, filters, limit)
        else:
            from hirehound.embeddings.encoder import default_settings
            from hirehound.embeddings.query import encode_query
            from hirehound.search.hybrid import search as run_search

            settings = default_settings()
            vector = encode_query(settings, [query])[0]
            hits = run_search(conn, vector, settings.model_id, query, filters, limit)
    elapsed = (time.perf_counter() - started) * 1000
    if as_json:
        typer.echo(json.dumps([_as_dict(h) for h in hits], ensure_ascii=False, default=str))
        return
    _print_table(hits, query, elapsed, day)


@contextmanager
def _schema_hint() -> Iterator[None]:
    """A search does not migrate (that costs a second per call): an out-of-date schema gets a hint, not a trace."""
    from sqlalchemy.exc import ProgrammingError

    from hirehound.cli.errors import usage_error

    try:
        yield
    except ProgrammingError as exc:
        first = str(exc.orig or exc).splitlines()[0]
        raise usage_error(
            f"the database has no catalogue of this version yet ({first}). "
            "Run `hirehound db upgrade`, or `make run` to build the catalogue."
        ) from exc


def _as_dict(hit: Any) -> dict[str, Any]:
    return {
        "cluster_id": hit.cluster_id,
        "score": hit.score,
        "title": hit.title,
        "organization": hit.organization,
        "location": hit.location,
        "salary": hit.salary,
        "boards": hit.boards,
        "last_seen": hit.last_seen.isoformat() if hit.last_seen else None,
        "remote_type": hit.extra.get("remote_type"),
    }


def _print_table(hits: list[Any], query: str, elapsed_ms: float, day: date | None) -> None:
    from rich.table import Table

    from hirehound.cli.output import console

    when = f" as of {day}" if day else ""
    table = Table(title=f"{len(hits)} job(s) for {query!r}{when} ({elapsed_ms:.0f} ms)")
    for col in ("score", "title", "organization", "location", "salary", "boards", "last seen"):
        table.add_column(col)
    table.add_column("cluster (hirehound lineage ID)", no_wrap=True, min_width=19)
    for h in hits:
        table.add_row(
            f"{h.score:.4f}", h.title, h.organization or "", h.location or "", h.salary or "",
            ", ".join(h.boards), str(h.last_seen or ""), h.cluster_id,
        )  # fmt: skip
    console().print(table)

"""`hirehound db`: where the database is, and its schema version."""

from __future__ import annotations

import typer

from hirehound.cli.errors import friendly_errors

app = typer.Typer(help="Database: URL, schema migrations, status, stop.", no_args_is_help=True)


@app.command()
def upgrade() -> None:
    """Apply schema migrations up to the newest (safe to run again)."""
    from hirehound.db import migrate
    from hirehound.db.engine import get_engine

    with friendly_errors():
        engine = get_engine(migrate=False)
        before, after = migrate.upgrade(engine)
    typer.echo(f"schema: {before or 'empty'} -> {after}")


@app.command()
def url(dagster: bool = typer.Option(False, "--dagster", help="Print Dagster's storage URL instead.")) -> None:
    """Print the database URL (starting the embedded server if it is the one in use)."""
    from hirehound.db.urls import dagster_storage_url, server_url

    with friendly_errors():
        app_url = server_url()
        chosen = dagster_storage_url(app_url) if dagster else app_url
    typer.echo(chosen.render_as_string(hide_password=False))


@app.command()
def status() -> None:
    """Show the server, the schema revision and row counts of the main tables."""
    import sqlalchemy as sa

    from hirehound.db import migrate
    from hirehound.db.engine import get_engine

    with friendly_errors():
        engine = get_engine(migrate=False)
        current = migrate.current_revision(engine)
        head = migrate.head_revision()
        typer.echo(f"server:   {engine.url.render_as_string(hide_password=True)}")
        hint = "" if current == head else "  -> run: hirehound db upgrade"
        typer.echo(f"schema:   {current or 'empty'} (newest {head}){hint}")
        with engine.connect() as conn:
            version = conn.execute(sa.text("SELECT extversion FROM pg_extension WHERE extname='vector'")).scalar()
            typer.echo(f"pgvector: {version or 'not installed yet (created by the first migration)'}")
            tables = conn.execute(sa.text("SELECT relname, n_live_tup FROM pg_stat_user_tables ORDER BY relname")).all()
        for name, rows in tables:
            typer.echo(f"  {name:<32} ~{rows} rows")


@app.command()
def stop() -> None:
    """Stop the embedded Postgres (and first the `hirehound dev` using it, which would restart it)."""
    import os

    from hirehound import config
    from hirehound.lifecycle import pidfile
    from hirehound.lifecycle.embedded_watch import postmaster_pid, server_running

    home = config.home_dir()
    dev_pid = pidfile.running(home)
    if dev_pid is not None:
        typer.echo(f"stopping hirehound dev (pid {dev_pid}) ...")
        pidfile.stop(home)
        typer.echo("hirehound dev stopped")
    if os.environ.get("HIREHOUND_DATABASE_URL"):
        typer.echo("HIREHOUND_DATABASE_URL is set: that server is yours to stop; the embedded one is not in use")
        return
    pgdata = config.pgdata_dir()
    if not server_running(pgdata):
        typer.echo(f"embedded Postgres in {pgdata} is not running")
        return
    pid = postmaster_pid(pgdata)
    from hirehound.db.embedded_server import stop_embedded_server

    with friendly_errors():
        stop_embedded_server(pgdata)
    typer.echo(f"embedded Postgres (pid {pid}) in {pgdata} stopped; `make run` (or any hirehound command) restarts it")

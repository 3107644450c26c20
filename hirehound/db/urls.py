"""Resolve which PostgreSQL server Hirehound and Dagster use, and spell the URLs each driver needs.

Application code uses SQLAlchemy with psycopg 3 (`postgresql+psycopg://`). Dagster's storage needs psycopg2
(`postgresql+psycopg2://`): with psycopg 3, dagster-postgres fails on `NOTIFY run_events, $1`.
"""

from __future__ import annotations

import os

from sqlalchemy.engine import URL, make_url

from hirehound import config


def server_url() -> URL:
    """The application database URL: `HIREHOUND_DATABASE_URL`, else the embedded server (started on demand)."""
    explicit = os.environ.get("HIREHOUND_DATABASE_URL")
    if explicit:
        return make_url(explicit)
    from hirehound.db.embedded_server import ensure_embedded_server

    uri = ensure_embedded_server(config.pgdata_dir())
    return make_url(uri).set(database=config.APP_DATABASE)


def with_driver(url: URL | str, driver: str) -> URL:
    """The same server and database with another DBAPI driver (`psycopg` or `psycopg2`)."""
    parsed = make_url(url) if isinstance(url, str) else url
    return parsed.set(drivername=f"postgresql+{driver}")


def dagster_storage_url(app_url: URL | None = None) -> URL:
    """Where Dagster stores runs and events: `HIREHOUND_DAGSTER_DATABASE_URL`, else database `dagster` beside
    the application database."""
    explicit = os.environ.get("HIREHOUND_DAGSTER_DATABASE_URL")
    if explicit:
        return with_driver(explicit, "psycopg2")
    base = app_url or server_url()
    return with_driver(base.set(database=config.DAGSTER_DATABASE), "psycopg2")


def render(url: URL) -> str:
    """A URL as a string, password included (Dagster and alembic need it)."""
    return url.render_as_string(hide_password=False)

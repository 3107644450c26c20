"""SQLAlchemy engines for the application database, checked and migrated once per process.

`get_engine()` is what every stage uses: it creates the database if it is missing (on a server where we may),
checks that the `vector` and `pg_trgm` extensions are available, and applies alembic migrations up to head
before handing the engine out, so an asset never writes to an out-of-date schema.
"""

from __future__ import annotations

import contextlib
import threading

import sqlalchemy as sa
from sqlalchemy.engine import URL, Engine
from sqlalchemy.exc import IntegrityError, OperationalError

from hirehound.db.errors import DatabaseSetupError
from hirehound.db.urls import render, with_driver

REQUIRED_EXTENSIONS = ("vector", "pg_trgm")

_engines: dict[str, Engine] = {}
_lock = threading.Lock()


def _connect_error(url: URL, exc: Exception) -> DatabaseSetupError:
    return DatabaseSetupError(
        f"Cannot connect to PostgreSQL at {url.render_as_string(hide_password=True)}: "
        f"{str(exc).splitlines()[0] if str(exc) else exc!r}. Check that the server is running and the URL in "
        "HIREHOUND_DATABASE_URL is right, or unset it to use the embedded server."
    )


def ensure_database(url: URL) -> None:
    """Create `url.database` if it does not exist, connecting to the server's `postgres` database to do so."""
    admin = sa.create_engine(render(with_driver(url.set(database="postgres"), "psycopg")), isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            exists = conn.execute(sa.text("SELECT 1 FROM pg_database WHERE datname = :d"), {"d": url.database}).first()
            if not exists:
                # Another process starting at the same time (a cluster's workers) may create it first.
                with contextlib.suppress(IntegrityError):
                    conn.execute(sa.text(f'CREATE DATABASE "{url.database}"'))
    except OperationalError as exc:
        # A managed server may refuse access to `postgres`; then the target database must already exist.
        probe = sa.create_engine(render(with_driver(url, "psycopg")))
        try:
            with probe.connect():
                return
        except OperationalError:
            raise _connect_error(url, exc) from exc
        finally:
            probe.dispose()
    finally:
        admin.dispose()


def check_extensions(engine: Engine) -> None:
    """Fail with a clear message when the server cannot provide pgvector or pg_trgm."""
    with engine.connect() as conn:
        available = {
            row[0]
            for row in conn.execute(
                sa.text("SELECT name FROM pg_available_extensions WHERE name = ANY(:names)"),
                {"names": list(REQUIRED_EXTENSIONS)},
            )
        }
    missing = [name for name in REQUIRED_EXTENSIONS if name not in available]
    if missing:
        raise DatabaseSetupError(
            f"PostgreSQL at {engine.url.render_as_string(hide_password=True)} lacks the extension(s) "
            f"{', '.join(missing)}. Use a server with pgvector and pg_trgm installed (for example the "
            "pgvector/pgvector image), or unset HIREHOUND_DATABASE_URL to use the embedded server."
        )


def get_engine(url: URL | str | None = None, *, migrate: bool = True) -> Engine:
    """The process-wide engine for `url` (default: the configured server), migrated to head on first use."""
    from hirehound.db.urls import server_url

    target = with_driver(url if url is not None else server_url(), "psycopg")
    key = render(target)
    with _lock:
        engine = _engines.get(key)
        if engine is not None:
            return engine
        ensure_database(target)
        engine = sa.create_engine(key, pool_pre_ping=True, pool_size=5, max_overflow=5)
        try:
            check_extensions(engine)
        except OperationalError as exc:
            raise _connect_error(target, exc) from exc
        if migrate:
            from hirehound.db.migrate import upgrade

            upgrade(engine)
        _engines[key] = engine
        return engine


def dispose_engines() -> None:
    """Close every cached engine (tests, and before a process forks)."""
    with _lock:
        for engine in _engines.values():
            engine.dispose()
        _engines.clear()

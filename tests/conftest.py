"""Shared fixtures: a real embedded PostgreSQL for the session, and a fresh migrated database per test.

Every test database is cloned from a template migrated once (CREATE DATABASE ... TEMPLATE), which takes tens of
milliseconds, so integration tests run against the real schema without sharing state.
"""

from __future__ import annotations

import itertools
import os
import shutil
import tempfile
import warnings
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import URL, Engine, make_url

from hirehound.db.engine import dispose_engines, ensure_database, get_engine
from hirehound.db.urls import render, with_driver

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
if "HIREHOUND_ESCO_CSV" not in os.environ:
    # A small ESCO subset keeps tests fast: the full 13.9k skills take minutes to embed on two cores.
    from tests.esco_subset import write_esco_subset

    os.environ["HIREHOUND_ESCO_CSV"] = str(write_esco_subset(Path(tempfile.mkdtemp(prefix="hhesco")) / "esco.csv"))

TEMPLATE_DB = "hh_template"
_counter = itertools.count()

SHARED_DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data"


@pytest.fixture(scope="session")
def pg_server() -> Iterator[URL]:
    """An embedded PostgreSQL (pgvector, pg_trgm) in a short temp path (Unix socket paths are length-limited)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        import pgserver

    root = Path(tempfile.mkdtemp(prefix="hhpg", dir="/tmp"))
    server = pgserver.get_server(root, cleanup_mode="stop")
    url = make_url(server.get_uri())
    template = url.set(database=TEMPLATE_DB)
    ensure_database(template)
    get_engine(template)  # migrate the template once
    dispose_engines()  # a template must have no open connections to be copied
    yield url
    dispose_engines()
    server.cleanup()
    shutil.rmtree(root, ignore_errors=True)


@pytest.fixture()
def db_url(pg_server: URL, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """A fresh database with the full schema; HIREHOUND_DATABASE_URL points at it for code under test."""
    name = f"t_{os.getpid()}_{next(_counter)}"
    admin = sa.create_engine(render(with_driver(pg_server, "psycopg")), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(sa.text(f'CREATE DATABASE "{name}" TEMPLATE "{TEMPLATE_DB}"'))
    url = render(with_driver(pg_server.set(database=name), "psycopg"))
    monkeypatch.setenv("HIREHOUND_DATABASE_URL", url)
    yield url
    dispose_engines()
    with admin.connect() as conn:
        conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture()
def engine(db_url: str) -> Engine:
    return get_engine(db_url)


@pytest.fixture()
def database(db_url: str):  # type: ignore[no-untyped-def]
    """The Dagster resource bound to the test database."""
    from resources.database import DatabaseResource

    return DatabaseResource(url=db_url)


@pytest.fixture()
def shared_data() -> Path:
    """The real sample files in ../shared/data; tests that need them skip when the folder is absent."""
    if not SHARED_DATA.is_dir():
        pytest.skip(f"real sample data not found at {SHARED_DATA} (only present in the development checkout)")
    return SHARED_DATA

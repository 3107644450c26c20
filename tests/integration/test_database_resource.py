"""The database resource against the real embedded PostgreSQL: extensions, migrations, URL selection, errors."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine

from hirehound.db import migrate
from hirehound.db.engine import get_engine
from hirehound.db.errors import DatabaseSetupError
from hirehound.db.urls import dagster_storage_url, server_url

pytestmark = pytest.mark.integration


def test_extensions_and_schema_are_present(engine: Engine) -> None:
    with engine.connect() as conn:
        extensions = set(conn.execute(sa.text("SELECT extname FROM pg_extension")).scalars())
        tables = set(conn.execute(sa.text("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")).scalars())
    assert {"vector", "pg_trgm"} <= extensions
    assert {"failure_ledger", "scrape_files", "raw_postings", "normalized_postings", "postings"} <= tables
    assert migrate.current_revision(engine) == migrate.head_revision()


def test_migrations_applied_twice_are_a_no_op(engine: Engine) -> None:
    with engine.begin() as conn:
        conn.execute(
            sa.text(
                "INSERT INTO failure_ledger (asset, item_key, stage, error_class, message) "
                "VALUES ('a', 'k', 's', 'E', 'm')"
            )
        )
    before, after = migrate.upgrade(engine)
    assert before == after == migrate.head_revision()
    with engine.connect() as conn:
        assert conn.execute(sa.text("SELECT count(*) FROM failure_ledger")).scalar() == 1


def test_external_url_is_honoured(db_url: str) -> None:
    # HIREHOUND_DATABASE_URL (set by the fixture) wins over the embedded server.
    assert server_url().database == sa.engine.make_url(db_url).database
    assert dagster_storage_url().drivername == "postgresql+psycopg2"
    assert dagster_storage_url().database == "dagster"


def test_dagster_storage_url_can_be_overridden(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HIREHOUND_DAGSTER_DATABASE_URL", "postgresql://u:p@db.example:5432/dg")
    url = dagster_storage_url(sa.engine.make_url("postgresql://x@y/z"))
    assert url.render_as_string(hide_password=False) == "postgresql+psycopg2://u:p@db.example:5432/dg"


def test_unreachable_server_gives_a_clear_error() -> None:
    # A Unix socket folder with no server behind it: nothing leaves this machine.
    with pytest.raises(DatabaseSetupError, match="Cannot connect to PostgreSQL"):
        get_engine("postgresql+psycopg://postgres@/hirehound?host=/tmp/no-such-hirehound-server")


def test_read_only_data_folder_gives_a_clear_error(tmp_path, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    from hirehound.db.embedded_server import ensure_embedded_server

    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    with pytest.raises(DatabaseSetupError, match="HIREHOUND_HOME"):
        ensure_embedded_server(blocker / "pgdata")


def test_missing_vector_extension_is_reported(engine: Engine, monkeypatch: pytest.MonkeyPatch) -> None:
    from hirehound.db import engine as engine_module

    monkeypatch.setattr(engine_module, "REQUIRED_EXTENSIONS", ("vector", "no_such_extension_hh"))
    with pytest.raises(DatabaseSetupError, match="no_such_extension_hh"):
        engine_module.check_extensions(engine)

"""Apply and inspect the alembic migrations that define Hirehound's schema.

Several processes (webserver, daemon, run workers) may start at once; a Postgres advisory lock makes sure only
one of them migrates while the others wait, so a migration never runs twice.
"""

from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy.engine import Engine

MIGRATIONS_DIR = Path(__file__).parent / "migrations"
_MIGRATION_LOCK_ID = 7_245_001  # arbitrary constant shared by every Hirehound process


def alembic_config() -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    return cfg


def head_revision() -> str | None:
    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def upgrade(engine: Engine, revision: str = "head") -> tuple[str | None, str | None]:
    """Migrate to `revision` under an advisory lock; return (revision before, revision after)."""
    cfg = alembic_config()
    with engine.connect() as conn:
        conn.execute(sa.text("SELECT pg_advisory_lock(:k)"), {"k": _MIGRATION_LOCK_ID})
        try:
            before = MigrationContext.configure(conn).get_current_revision()
            if before != head_revision() or revision != "head":
                cfg.attributes["connection"] = conn
                command.upgrade(cfg, revision)
                conn.commit()
            after = MigrationContext.configure(conn).get_current_revision()
        except BaseException:
            conn.rollback()  # leave the aborted transaction so the lock can be released
            raise
        finally:
            conn.execute(sa.text("SELECT pg_advisory_unlock(:k)"), {"k": _MIGRATION_LOCK_ID})
            conn.commit()
    return before, after

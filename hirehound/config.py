"""Where Hirehound keeps its state, and the environment variables that move it.

- `HIREHOUND_HOME`: folder for local state (embedded Postgres data, Dagster home). Default `./.hirehound`.
- `HIREHOUND_DATABASE_URL`: use this PostgreSQL server (needs the `vector` and `pg_trgm` extensions) instead of
  the embedded one.
- `HIREHOUND_DAGSTER_DATABASE_URL`: where Dagster keeps runs and events; default: database `dagster` on the same
  server as the application database.
- `HIREHOUND_LANDING_DIR`: the landing zone scrapes are dropped into. Default `./data/landing`.
"""

from __future__ import annotations

import os
from pathlib import Path

APP_DATABASE = "hirehound"
DAGSTER_DATABASE = "dagster"


def home_dir() -> Path:
    """The folder for local state; created on demand."""
    return Path(os.environ.get("HIREHOUND_HOME", ".hirehound")).expanduser().resolve()


def pgdata_dir() -> Path:
    return home_dir() / "pgdata"


def dagster_home_dir() -> Path:
    return Path(os.environ.get("DAGSTER_HOME") or (home_dir() / "dagster_home")).expanduser().resolve()


def landing_dir() -> str:
    """Landing zone location: a local folder or any fsspec URL (s3://bucket/prefix)."""
    return os.environ.get("HIREHOUND_LANDING_DIR", str(Path("data/landing").resolve()))


def project_root() -> Path:
    """The repository root (where dagster.yaml and workspace.yaml live)."""
    return Path(__file__).resolve().parent.parent

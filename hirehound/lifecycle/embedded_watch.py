"""Watching the embedded Postgres that `hirehound dev` started, and bringing it back when it stops.

Without it, a stopped server means a UI that answers 500, runs that hang and hundreds of retry warnings. The
check is cheap (the pid in `postmaster.pid`, then a connection) so it can run every few seconds.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path


def postmaster_pid(pgdata: Path) -> int | None:
    """The server's pid from `postmaster.pid`, or None when there is no readable pid file."""
    try:
        first = (pgdata / "postmaster.pid").read_text().splitlines()[0]
        return int(first)
    except (OSError, IndexError, ValueError):
        return None


def pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def server_running(pgdata: Path) -> bool:
    pid = postmaster_pid(pgdata)
    return pid is not None and pid_alive(pid)


class EmbeddedPostgresWatch:
    """Restart the server in `pgdata` whenever a check finds it stopped; each event goes to `say`."""

    def __init__(self, pgdata: Path, say: Callable[[str], None]) -> None:
        self.pgdata = pgdata
        self.say = say
        self.restarts = 0

    def check(self) -> bool:
        """True when the server is running (after a restart, if one was needed)."""
        if server_running(self.pgdata):
            return True
        from hirehound.db.embedded_server import ensure_embedded_server
        from hirehound.db.errors import DatabaseSetupError

        self.say(f"Embedded Postgres in {self.pgdata} is not running (stopped or crashed): restarting it")
        try:
            ensure_embedded_server(self.pgdata)
        except DatabaseSetupError as exc:
            self.say(f"Embedded Postgres did not restart, trying again shortly: {exc}")
            return False
        self.restarts += 1
        self.say(f"Embedded Postgres restarted (pid {postmaster_pid(self.pgdata)}, restart #{self.restarts})")
        return True

"""`hirehound db stop` stops the embedded Postgres (and first a `hirehound dev` of the same home, which would restart
it); the supervisor's watch restarts a server that stopped under it."""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from hirehound.cli.main import app
from hirehound.db.embedded_server import ensure_embedded_server
from hirehound.lifecycle.embedded_watch import EmbeddedPostgresWatch, postmaster_pid, server_running

pytestmark = [pytest.mark.integration, pytest.mark.slow]


@pytest.fixture()
def home(monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    root = Path(tempfile.mkdtemp(prefix="hhlc", dir="/tmp"))  # short: the socket lives under pgdata
    monkeypatch.setenv("HIREHOUND_HOME", str(root))
    monkeypatch.delenv("HIREHOUND_DATABASE_URL", raising=False)
    try:
        yield root
    finally:
        pid = postmaster_pid(root / "pgdata")
        if pid is not None:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGINT)
        shutil.rmtree(root, ignore_errors=True)


def test_db_stop_stops_the_embedded_server_and_says_so(home: Path) -> None:
    ensure_embedded_server(home / "pgdata")
    pid = postmaster_pid(home / "pgdata")
    result = CliRunner().invoke(app, ["db", "stop"])
    assert result.exit_code == 0, result.output
    assert f"embedded Postgres (pid {pid})" in result.output and "stopped" in result.output
    assert not server_running(home / "pgdata")
    again = CliRunner().invoke(app, ["db", "stop"])
    assert again.exit_code == 0 and "is not running" in again.output


def test_db_stop_stops_a_running_hirehound_dev_first(home: Path) -> None:
    ensure_embedded_server(home / "pgdata")
    # A stand-in with the command line of `hirehound dev` (the pid file names it; the command line confirms it).
    dev = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(120)", "hirehound", "dev"])
    try:
        (home / "dev.pid").write_text(f"{dev.pid}\n")
        result = CliRunner().invoke(app, ["db", "stop"])
        assert result.exit_code == 0, result.output
        assert f"stopping hirehound dev (pid {dev.pid})" in result.output
        assert dev.wait(timeout=10) == -signal.SIGTERM
        assert not server_running(home / "pgdata")
    finally:
        dev.kill()
        dev.wait()


def test_db_stop_ignores_a_stale_pid_file(home: Path) -> None:
    other = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(120)"])  # not hirehound dev
    try:
        (home / "dev.pid").write_text(f"{other.pid}\n")
        result = CliRunner().invoke(app, ["db", "stop"])
        assert result.exit_code == 0 and "stopping hirehound dev" not in result.output
        assert other.poll() is None
    finally:
        other.kill()
        other.wait()


def test_watch_restarts_a_server_that_stopped(home: Path) -> None:
    pgdata = home / "pgdata"
    ensure_embedded_server(pgdata)
    said: list[str] = []
    watch = EmbeddedPostgresWatch(pgdata, said.append)
    assert watch.check() and said == []  # running: nothing to say
    first = postmaster_pid(pgdata)
    assert first is not None
    os.kill(first, signal.SIGKILL)  # a crash, stale postmaster.pid and all
    with contextlib.suppress(ChildProcessError):
        os.waitpid(first, 0)
    import psutil

    with contextlib.suppress(psutil.NoSuchProcess):
        psutil.Process(first).wait(timeout=10)
    assert watch.check()
    assert server_running(pgdata) and postmaster_pid(pgdata) != first
    assert watch.restarts == 1
    assert "not running" in said[0] and "restarted" in said[1]

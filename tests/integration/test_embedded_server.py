"""The embedded server survives what users do to it: a killed server leaves a stale postmaster.pid behind."""

import contextlib
import os
import shutil
import signal
import tempfile
import time
from pathlib import Path

import psutil
import pytest
import sqlalchemy as sa

from hirehound.db.embedded_server import ensure_embedded_server
from hirehound.db.urls import with_driver

pytestmark = pytest.mark.integration


def _select_one(uri: str) -> int:
    engine = sa.create_engine(with_driver(uri, "psycopg"))
    try:
        with engine.connect() as conn:
            return int(conn.execute(sa.text("SELECT 1")).scalar_one())
    finally:
        engine.dispose()


def test_restarts_after_the_server_was_killed_with_a_stale_pid_file() -> None:
    root = Path(tempfile.mkdtemp(prefix="hhkill", dir="/tmp"))
    pgdata = root / "pgdata"
    try:
        uri = ensure_embedded_server(pgdata)
        assert _select_one(uri) == 1
        pid = int((pgdata / "postmaster.pid").read_text().splitlines()[0])
        os.kill(pid, signal.SIGKILL)
        if psutil.pid_exists(pid):
            psutil.wait_procs([psutil.Process(pid)], timeout=10)
        time.sleep(0.5)
        assert (pgdata / "postmaster.pid").exists(), "the kill left the pid file behind, as a crash does"
        again = ensure_embedded_server(pgdata)  # what `make run` does on its next start
        assert _select_one(again) == 1
    finally:
        pid_file = pgdata / "postmaster.pid"
        if pid_file.exists():
            with contextlib.suppress(ProcessLookupError, ValueError):
                os.kill(int(pid_file.read_text().splitlines()[0]), signal.SIGINT)
            time.sleep(1)
        shutil.rmtree(root, ignore_errors=True)

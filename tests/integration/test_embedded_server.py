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


def test_memory_settings_are_sized_once_and_kept_across_restarts() -> None:
    from hirehound.db import server_settings

    root = Path(tempfile.mkdtemp(prefix="hhtune", dir="/tmp"))
    pgdata = root / "pgdata"
    try:
        uri = ensure_embedded_server(pgdata)
        engine = sa.create_engine(with_driver(uri, "psycopg"))
        with engine.connect() as conn:
            shown = conn.execute(sa.text("SELECT setting, unit FROM pg_settings WHERE name = 'shared_buffers'")).one()
            work_mem = conn.execute(sa.text("SHOW work_mem")).scalar_one()
        engine.dispose()
        want = server_settings.recommended()
        assert f"{int(shown.setting) * 8 // 1024}MB" == want["shared_buffers"] and shown.unit == "8kB"
        assert work_mem == want["work_mem"]
        pid = (pgdata / "postmaster.pid").read_text().splitlines()[0]
        ensure_embedded_server(pgdata)  # settings already in place: no restart
        assert (pgdata / "postmaster.pid").read_text().splitlines()[0] == pid
        assert server_settings.write_settings(pgdata, want) == set()
    finally:
        pid_file = pgdata / "postmaster.pid"
        if pid_file.exists():
            with contextlib.suppress(ProcessLookupError, ValueError):
                os.kill(int(pid_file.read_text().splitlines()[0]), signal.SIGINT)
            time.sleep(1)
        shutil.rmtree(root, ignore_errors=True)


def test_recommended_settings_scale_with_ram_within_bounds() -> None:
    from hirehound.db.server_settings import recommended

    assert recommended(2 * 2**30)["shared_buffers"] == "512MB"
    assert recommended(64 * 2**30)["shared_buffers"] == "4096MB"
    assert recommended(256 * 2**20)["shared_buffers"] == "128MB"

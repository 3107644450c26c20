"""The embedded server survives what users do to it: a killed server leaves a stale postmaster.pid behind."""

import contextlib
import os
import shutil
import signal
import tempfile
import time
from collections.abc import Iterator
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


def _postmaster_pid(pgdata: Path) -> int:
    return int((pgdata / "postmaster.pid").read_text().splitlines()[0])


@pytest.fixture()
def pgdata() -> Iterator[Path]:
    """A fresh data folder for an embedded server of the test's own; the server is stopped and the folder removed."""
    root = Path(tempfile.mkdtemp(prefix="hhpg", dir="/tmp"))
    pgdata = root / "pgdata"
    try:
        yield pgdata
    finally:
        if (pgdata / "postmaster.pid").exists():
            with contextlib.suppress(ProcessLookupError, ValueError):
                os.kill(_postmaster_pid(pgdata), signal.SIGINT)
            time.sleep(1)
        shutil.rmtree(root, ignore_errors=True)


def test_restarts_after_the_server_was_killed_with_a_stale_pid_file(pgdata: Path) -> None:
    uri = ensure_embedded_server(pgdata)
    assert _select_one(uri) == 1
    pid = _postmaster_pid(pgdata)
    os.kill(pid, signal.SIGKILL)
    if psutil.pid_exists(pid):
        psutil.wait_procs([psutil.Process(pid)], timeout=10)
    time.sleep(0.5)
    assert (pgdata / "postmaster.pid").exists(), "the kill left the pid file behind, as a crash does"
    again = ensure_embedded_server(pgdata)  # what `make run` does on its next start
    assert _select_one(again) == 1


def test_memory_settings_are_sized_once_and_kept_across_restarts(pgdata: Path) -> None:
    from hirehound.db import server_settings

    uri = ensure_embedded_server(pgdata)
    engine = sa.create_engine(with_driver(uri, "psycopg"))
    with engine.connect() as conn:
        shown = conn.execute(sa.text("SELECT setting, unit FROM pg_settings WHERE name = 'shared_buffers'")).one()
        work_mem = conn.execute(sa.text("SHOW work_mem")).scalar_one()
    engine.dispose()
    want = server_settings.recommended()
    assert f"{int(shown.setting) * 8 // 1024}MB" == want["shared_buffers"] and shown.unit == "8kB"
    assert work_mem == want["work_mem"]
    pid = _postmaster_pid(pgdata)
    ensure_embedded_server(pgdata)  # settings already in place: no restart
    assert _postmaster_pid(pgdata) == pid
    assert server_settings.write_settings(pgdata, want) == set()

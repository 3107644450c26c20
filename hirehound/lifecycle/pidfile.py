"""Which `hirehound dev` serves a Hirehound home: its pid in `HIREHOUND_HOME/dev.pid`, so `hirehound db stop`
(and `make stop`) can stop it before stopping the database it would otherwise restart."""

from __future__ import annotations

import contextlib
import os
import signal
import time
from pathlib import Path

from hirehound.lifecycle.embedded_watch import pid_alive


def path(home: Path) -> Path:
    return home / "dev.pid"


def write(home: Path) -> None:
    home.mkdir(parents=True, exist_ok=True)
    path(home).write_text(f"{os.getpid()}\n")


def remove(home: Path) -> None:
    with contextlib.suppress(OSError):
        if read(home) == os.getpid():
            path(home).unlink()


def read(home: Path) -> int | None:
    try:
        return int(path(home).read_text().split()[0])
    except (OSError, IndexError, ValueError):
        return None


def running(home: Path) -> int | None:
    """The pid of the `hirehound dev` serving `home`, if one is running."""
    import psutil

    pid = read(home)
    if pid is None or not pid_alive(pid):
        return None
    try:
        cmdline = " ".join(psutil.Process(pid).cmdline())
    except (psutil.NoSuchProcess, psutil.AccessDenied):
        return None
    return pid if "hirehound" in cmdline and " dev" in cmdline else None


def stop(home: Path, timeout: float = 60.0) -> int | None:
    """SIGTERM the running `hirehound dev` of `home` and wait for it; return its pid (None if none ran)."""
    pid = running(home)
    if pid is None:
        return None
    os.kill(pid, signal.SIGTERM)
    deadline = time.monotonic() + timeout
    while pid_alive(pid) and time.monotonic() < deadline:
        time.sleep(0.2)
    if pid_alive(pid):
        os.kill(pid, signal.SIGKILL)  # the reaper still stops its children
    return pid

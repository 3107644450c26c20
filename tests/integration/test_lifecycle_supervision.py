"""Supervision with real processes: stop on SIGTERM (even when SIGINT was inherited as ignored), restart a child
that exits, and leave nothing running when the supervisor is killed with SIGKILL."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from hirehound.lifecycle.reaper import watch

pytestmark = pytest.mark.integration
ROOT = Path(__file__).resolve().parents[2]


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    try:  # a zombie has exited; only its parent has not collected it yet
        return "Z" not in Path(f"/proc/{pid}/stat").read_text().split(")")[-1].split()[0]
    except OSError:
        return False


def _wait(predicate, timeout: float) -> bool:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.1)
    return bool(predicate())


def _pids(pid_file: Path, lines: int = 1) -> list[int]:
    assert _wait(lambda: pid_file.exists() and len(pid_file.read_text().splitlines()) >= lines, 30)
    return [int(p) for p in pid_file.read_text().splitlines()[lines - 1].split()]


@pytest.fixture()
def started(tmp_path: Path) -> Iterator[list[subprocess.Popen[str]]]:
    procs: list[subprocess.Popen[str]] = []
    yield procs
    for proc in procs:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    pid_file = tmp_path / "pids"
    if pid_file.exists():  # whatever a failed test left behind
        for line in pid_file.read_text().splitlines():
            for pid in line.split():
                with contextlib.suppress(ProcessLookupError):
                    os.kill(int(pid), signal.SIGKILL)


def _supervise(tmp_path: Path, started: list[subprocess.Popen[str]], *args: str, ignore_sigint: bool = False):  # type: ignore[no-untyped-def]
    cmd = [sys.executable, "-m", "tests.integration.supervised_target", str(tmp_path / "pids"), *args]
    if ignore_sigint:  # what a backgrounded `make run` gets from its shell
        cmd = ["bash", "-c", 'trap "" INT; exec "$@"', "bash", *cmd]
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    started.append(proc)
    return proc


@pytest.mark.parametrize("ignore_sigint", [False, True])
def test_sigterm_stops_the_child_and_what_it_started_within_seconds(
    tmp_path: Path, started: list[subprocess.Popen[str]], ignore_sigint: bool
) -> None:
    proc = _supervise(tmp_path, started, ignore_sigint=ignore_sigint)
    child, grandchild = _pids(tmp_path / "pids")
    time.sleep(1.5)  # a few check ticks
    began = time.monotonic()
    proc.send_signal(signal.SIGTERM)
    assert proc.wait(timeout=15) == 0
    took = time.monotonic() - began
    assert not _alive(child) and not _alive(grandchild)
    assert took < 5, f"stopping took {took:.1f} s"
    out = proc.stdout.read() if proc.stdout else ""
    # The check raised on every tick: reported once, retried, and supervision went on.
    assert out.count("Flaky check failed (database unreachable)") == 1
    assert int(out.split("checks ran ")[1].split()[0]) >= 2


def test_a_child_that_exits_is_restarted(tmp_path: Path, started: list[subprocess.Popen[str]]) -> None:
    proc = _supervise(tmp_path, started, "crash-once")
    first_child, first_grandchild = _pids(tmp_path / "pids", 1)
    second_child, _ = _pids(tmp_path / "pids", 2)
    assert second_child != first_child
    assert _wait(lambda: not _alive(first_grandchild), 10), "what the crashed child started goes with it"
    proc.send_signal(signal.SIGTERM)
    assert proc.wait(timeout=15) == 0
    out = proc.stdout.read() if proc.stdout else ""
    assert "sleeper exited (code 3): restarting it (1/3)" in out


def test_sigkill_of_the_supervisor_leaves_nothing_running(tmp_path: Path, started: list[subprocess.Popen[str]]) -> None:
    proc = _supervise(tmp_path, started)
    child, grandchild = _pids(tmp_path / "pids")
    proc.kill()
    proc.wait()
    assert _wait(lambda: not _alive(child) and not _alive(grandchild), 20), "children ran on headless"


def test_reaper_tracks_announced_and_released_groups() -> None:
    import io

    assert watch(io.StringIO("+10\n+11\n-10\nnoise\n+x\n")) == {11}

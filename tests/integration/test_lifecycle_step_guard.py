"""A step process dies at once when its run worker is killed, spawned or forked by the daily job's fork server;
the run worker itself is not guarded."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytestmark = [pytest.mark.integration, pytest.mark.skipif(not sys.platform.startswith("linux"), reason="prctl")]
ROOT = Path(__file__).resolve().parents[2]


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    stat = Path(f"/proc/{pid}/stat")
    return stat.exists() and stat.read_text().split(")")[-1].split()[0] != "Z"


def _wait_gone(pids: list[int], seconds: float) -> list[int]:
    deadline = time.monotonic() + seconds
    while any(_alive(p) for p in pids) and time.monotonic() < deadline:
        time.sleep(0.05)
    return [p for p in pids if _alive(p)]


def _read_report(report: Path, top: subprocess.Popen[bytes], done: int, timeout: float) -> list[list[str]]:
    deadline = time.monotonic() + timeout
    lines: list[list[str]] = []
    while time.monotonic() < deadline:
        lines = [line.split() for line in report.read_text().splitlines()] if report.exists() else []
        if len(lines) >= done:
            return lines
        assert top.poll() is None, f"the target exited early: {lines}"
        time.sleep(0.1)
    raise AssertionError(f"no full report within {timeout} s: {lines}")


@pytest.mark.parametrize("start_method", ["spawn", "forkserver"])
def test_step_process_dies_with_its_run_worker(tmp_path: Path, start_method: str) -> None:
    report = tmp_path / "report"
    command = [sys.executable, "-m", "tests.integration.step_guard_target", str(report), start_method]
    top = subprocess.Popen(command, cwd=ROOT)
    pids: dict[str, int] = {}
    try:
        for role, pid, guarded, parent in _read_report(report, top, done=2, timeout=60):
            pids[role] = int(pid)
            if role == "step":
                pids["parent"] = int(parent.removeprefix("parent="))
            assert guarded == ("guarded=True" if role == "step" else "guarded=False"), (role, pid, guarded)
        assert set(pids) == {"worker", "step", "parent"}
        # spawn: the step's parent is the worker; forkserver: the fork server, a child of the worker
        assert (pids["parent"] == pids["worker"]) == (start_method == "spawn")
        os.kill(pids["worker"], signal.SIGKILL)
        assert not _wait_gone([pids["step"]], 5), "the step process outlived its killed run worker"
        assert not _wait_gone([pids["parent"]], 10), "the fork server outlived its run worker and steps"
    finally:
        for pid in pids.values():
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        top.kill()
        top.wait()


def test_dagster_steps_on_the_daily_executor_die_with_their_run_worker(tmp_path: Path) -> None:
    """A real Dagster run on `daily_executor` (fork server, code location preloaded): kill -9 its worker."""
    report = tmp_path / "report"
    top = subprocess.Popen([sys.executable, "-m", "tests.integration.step_guard_dagster_target", str(report)], cwd=ROOT)
    steps: list[int] = []
    servers: set[int] = set()
    try:
        lines = _read_report(report, top, done=3, timeout=180)
        assert lines[0][0] == "worker" and lines[0][1] == str(top.pid), lines
        for role, pid, guarded, parent in lines[1:]:
            assert role == "step" and guarded == "guarded=True", lines
            steps.append(int(pid))
            servers.add(int(parent.removeprefix("parent=")))
        assert len(steps) == 2 and len(servers) == 1 and top.pid not in servers, lines  # forked by one fork server
        os.kill(top.pid, signal.SIGKILL)
        assert not _wait_gone(steps, 5), "a step process outlived its killed run worker"
        assert not _wait_gone(sorted(servers), 10), "the fork server outlived its run worker and steps"
    finally:
        for pid in [*steps, *servers]:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        top.kill()
        top.wait()

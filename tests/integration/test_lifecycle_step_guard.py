"""A step process dies at once when its run worker is killed; the run worker itself is not guarded."""

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


def test_step_process_dies_with_its_run_worker(tmp_path: Path) -> None:
    report = tmp_path / "report"
    top = subprocess.Popen([sys.executable, "-m", "tests.integration.step_guard_target", str(report)], cwd=ROOT)
    pids: dict[str, int] = {}
    try:
        deadline = time.monotonic() + 60
        while len(pids) < 2 and time.monotonic() < deadline:
            if report.exists():
                for line in report.read_text().splitlines():
                    role, pid, guarded = line.split()
                    pids[role] = int(pid)
                    assert guarded == ("guarded=True" if role == "step" else "guarded=False"), line
            time.sleep(0.1)
        assert set(pids) == {"worker", "step"}, report.read_text() if report.exists() else "no report"
        os.kill(pids["worker"], signal.SIGKILL)
        deadline = time.monotonic() + 5
        while _alive(pids["step"]) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not _alive(pids["step"]), "the step process outlived its killed run worker"
    finally:
        for pid in pids.values():
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        top.kill()
        top.wait()

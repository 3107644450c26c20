"""The processes `hirehound dev` starts and stops: each child runs in a process group of its own.

A group per child lets the supervisor stop a child together with everything it started (Dagster's webserver,
daemon, code server and run workers) without signalling itself, and lets the reaper do the same after the
supervisor is gone.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from hirehound.lifecycle.output_filter import OutputFilter


@dataclass(frozen=True)
class ChildSpec:
    """One supervised command. `restart`: start it again (a bounded number of times) when it exits on its own."""

    name: str
    argv: Sequence[str]
    env: dict[str, str] = field(default_factory=dict)
    cwd: Path | None = None
    restart: bool = True


def start(spec: ChildSpec, verbose: bool = False) -> subprocess.Popen[bytes]:
    """Start `spec` as the leader of a new process group (its pid is the group id); its output goes to our stderr
    through `OutputFilter`.

    The caller must have installed its own SIGINT/SIGTERM handlers first (the supervisor does): a backgrounded
    `make run` inherits SIGINT as *ignored*, an ignored disposition survives exec, and Dagster copies the SIGINT
    handler onto SIGTERM, so the whole tree would ignore SIGTERM. A handled signal is reset to the default at exec.
    """
    proc = subprocess.Popen(
        list(spec.argv),
        env={**os.environ, **spec.env},
        cwd=spec.cwd,
        process_group=0,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    threading.Thread(
        target=_pump, args=(proc, OutputFilter(verbose)), name=f"output of {spec.name}", daemon=True
    ).start()
    return proc


def _pump(proc: subprocess.Popen[bytes], output: OutputFilter) -> None:
    assert proc.stdout is not None
    for raw in proc.stdout:
        line = raw.decode("utf-8", errors="replace")
        if output.keep(line):
            sys.stderr.write(line)
            sys.stderr.flush()


def group_alive(pgid: int) -> bool:
    """Whether any process of group `pgid` is still running (zombies aside, which their parent reaps)."""
    try:
        os.killpg(pgid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def signal_group(pgid: int, sig: int) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(pgid, sig)


def members(pgids: Sequence[int]) -> list[str]:
    """`pid name` of every live process in the groups (for saying what had to be killed)."""
    import psutil

    found = []
    for proc in psutil.process_iter(["pid", "name", "cmdline", "status"]):
        with contextlib.suppress(ProcessLookupError, PermissionError, psutil.Error):
            if os.getpgid(proc.pid) in pgids and proc.info["status"] != psutil.STATUS_ZOMBIE:
                found.append(f"{proc.pid} {' '.join((proc.info['cmdline'] or [proc.info['name']])[:4])[:80]}")
    return found


def stop_groups(
    pgids: Sequence[int],
    timeout: float = 20.0,
    reap: Sequence[subprocess.Popen[bytes]] = (),
    say: Callable[[str], None] | None = None,
) -> None:
    """SIGTERM every group, wait up to `timeout` s for them to exit, then SIGKILL whatever is left (and say so)."""
    for pgid in pgids:
        signal_group(pgid, signal.SIGTERM)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for proc in reap:
            proc.poll()  # reap our own children, or a zombie leader would keep its group "alive"
        if not any(group_alive(pgid) for pgid in pgids):
            return
        time.sleep(0.1)
    if say is not None:
        left = members(pgids)
        if left:
            say(f"not stopped after {timeout:.0f} s, killing: {'; '.join(left)}")
    for pgid in pgids:
        signal_group(pgid, signal.SIGKILL)
    for proc in reap:
        with contextlib.suppress(subprocess.TimeoutExpired):
            proc.wait(timeout=5)

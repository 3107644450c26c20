"""A step process dies with its run worker, instead of writing into a run that has already failed.

Dagster's multiprocess executor runs each step in a child process of the run worker. When the worker is killed
(OOM killer, `kill -9`), its step processes live on: one kept writing STEP_SUCCESS into the failed run 50 s later
and held on to the embedding model while the retry loaded it again. On Linux a process can ask the kernel to
SIGKILL it when its parent dies (`prctl(PR_SET_PDEATHSIG)`); the code location calls `guard_step_process()` when
it is imported, which every step process does first. Only step processes are guarded (a process whose parent is
itself a multiprocessing child, i.e. the run worker): the code server and run workers are left as they are.
"""

from __future__ import annotations

import ctypes
import multiprocessing
import os
import signal
import sys
from pathlib import Path

PR_SET_PDEATHSIG = 1


def _is_step_process() -> bool:
    parent = multiprocessing.parent_process()
    if parent is None or parent.pid is None:
        return False
    try:
        cmdline = Path(f"/proc/{parent.pid}/cmdline").read_bytes()
    except OSError:
        return False
    return b"multiprocessing.spawn" in cmdline or b"multiprocessing.forkserver" in cmdline


def guard_step_process() -> bool:
    """Make this process die with its parent if it is a step process; True when the guard was set."""
    if not sys.platform.startswith("linux") or not _is_step_process():
        return False
    parent = multiprocessing.parent_process()
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        if libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) != 0:
            return False
    except (OSError, AttributeError):
        return False
    if parent is not None and os.getppid() != parent.pid:
        os._exit(1)  # the worker died before the guard was set: this step must not run at all
    return True

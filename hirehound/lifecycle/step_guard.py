"""A step process dies with its run worker, instead of writing into a run that has already failed.

Dagster's multiprocess executor runs each step in a child process of the run worker. When the worker is killed
(OOM killer, `kill -9`), its step processes live on: one kept writing STEP_SUCCESS into the failed run 50 s later
and held on to the embedding model while the retry loaded it again. On Linux a process can ask the kernel to
SIGKILL it when its parent dies (`prctl(PR_SET_PDEATHSIG)`); the code location calls `guard_step_process()` when
it is imported. Only step processes are guarded: the code server and run workers are left as they are.

Two shapes of step process:
- `spawn` (a fresh interpreter per step): the step's parent is the run worker, and the step imports the code
  location first, so the guard is set there.
- `forkserver` (the daily job's executor, hirehound_assets/jobs.py): the run worker starts a fork server that
  imports the code location once, and each step is a fork of it. A fork clears PR_SET_PDEATHSIG and a forked step
  never imports the code location again, so the fork server registers an after-fork hook that guards each child
  it forks. The child's parent is the fork server, not the run worker, and the fork server does not die with the
  worker: it exits when its "alive" pipe has no writer left, and every step holds a copy of that pipe. So a forked
  step is guarded twice: PR_SET_PDEATHSIG against the fork server, and a watcher thread on a pidfd of the run worker
  (taken by the fork server, whose parent the worker is) that kills the step when the worker exits. Once the steps
  are gone, the fork server sees the pipe close and exits too. The fork server itself gets no PR_SET_PDEATHSIG:
  that signal fires when the *thread* that started it exits, which could kill the fork server of a live worker.
"""

from __future__ import annotations

import ctypes
import multiprocessing
import os
import select
import signal
import sys
import threading
from pathlib import Path

PR_SET_PDEATHSIG = 1
PR_GET_PDEATHSIG = 2
_FORK_SERVER = b"multiprocessing.forkserver"
_SPAWNED = b"multiprocessing.spawn"

# pid of this process when it is a fork server whose children are guarded; inherited (and then cleared) by forks.
_guarding_forks_of: int | None = None
# pidfd of the fork server's parent, the run worker: inherited by every child the server forks.
_run_worker_pidfd: int | None = None


def _cmdline(pid: int) -> bytes:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return b""


def parent_death_signal() -> int:
    """The signal this process gets when its parent dies (0: none), as the kernel holds it."""
    if not sys.platform.startswith("linux"):
        return 0
    value = ctypes.c_int(0)
    try:
        if ctypes.CDLL(None, use_errno=True).prctl(PR_GET_PDEATHSIG, ctypes.byref(value), 0, 0, 0) != 0:
            return 0
    except (OSError, AttributeError):
        return 0
    return value.value


def _die_with_parent(parent_pid: int) -> bool:
    """Ask the kernel to SIGKILL this process when `parent_pid`, its parent, dies; exit if it already has."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        if libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) != 0:
            return False
    except (OSError, AttributeError):
        return False
    if os.getppid() != parent_pid:
        os._exit(1)  # the parent died before the guard was set: this step must not run at all
    return True


def _kill_self_when_exited(pidfd: int) -> None:
    select.select([pidfd], [], [])  # a pidfd turns readable when its process has exited
    os.kill(os.getpid(), signal.SIGKILL)


def _die_with_run_worker(pidfd: int) -> None:
    if select.select([pidfd], [], [], 0)[0]:
        os._exit(1)  # the worker died while this step was being forked
    threading.Thread(target=_kill_self_when_exited, args=(pidfd,), name="step-guard", daemon=True).start()


def _guard_forked_child() -> None:
    """After-fork hook of a guarded fork server: runs in every child it forks, before the child does anything."""
    global _guarding_forks_of
    server, _guarding_forks_of = _guarding_forks_of, None  # the child's own forks are not step processes
    if server is None:
        return
    _die_with_parent(server)
    if _run_worker_pidfd is not None:
        _die_with_run_worker(_run_worker_pidfd)


def guard_fork_server() -> bool:
    """In a multiprocessing fork server, guard every child it will fork; True when this process is one."""
    global _guarding_forks_of, _run_worker_pidfd
    if not sys.platform.startswith("linux"):
        return False
    me = os.getpid()
    if _guarding_forks_of == me:
        return True
    # A forked child shares the fork server's command line; only the server's parent is not a fork server.
    if _FORK_SERVER not in _cmdline(me) or _FORK_SERVER in _cmdline(os.getppid()):
        return False
    worker = os.getppid()
    try:
        _run_worker_pidfd = os.pidfd_open(worker)  # Linux >= 5.3
    except OSError:
        _run_worker_pidfd = None  # steps still die with the fork server, which outlives the worker until they end
    if os.getppid() != worker:
        os._exit(1)  # the run worker died while this fork server started: nothing will ask it for a step
    _guarding_forks_of = me
    os.register_at_fork(after_in_child=_guard_forked_child)
    return True


def guard_step_process() -> bool:
    """Make this process die with its parent if it is a step process; True when the guard was set.

    In a fork server (preloading the code location) it guards the children the server will fork instead.
    """
    if not sys.platform.startswith("linux"):
        return False
    parent_pid = os.getppid()
    if _FORK_SERVER in _cmdline(parent_pid):
        # Forked by a fork server that did not preload the code location: guard against the server, which exits
        # with its run worker.
        return _die_with_parent(parent_pid)
    if guard_fork_server():
        return False
    # A spawned step: its parent is the run worker, itself a multiprocessing child (of the code server).
    parent = multiprocessing.parent_process()
    if parent is None or parent.pid is None or _SPAWNED not in _cmdline(parent.pid):
        return False
    return _die_with_parent(parent.pid)

"""Process shapes of a Dagster run, for the step-guard test: a run worker (a multiprocessing child) that starts a
step process (its multiprocessing child), either spawned (the step installs the guard, as the code location does
at import) or forked by a fork server that preloaded the fork-server guard (as the daily job's executor does).

Usage: python -m tests.integration.step_guard_target REPORT spawn|forkserver
"""

import multiprocessing
import os
import signal
import sys
import time

from hirehound.lifecycle.step_guard import guard_step_process, parent_death_signal


def step(report: str, start_method: str) -> None:
    # A forked step never imports the code location again: its guard must come from the fork server's hook.
    guarded = guard_step_process() if start_method == "spawn" else parent_death_signal() == signal.SIGKILL
    with open(report, "a") as fh:
        fh.write(f"step {multiprocessing.current_process().pid} guarded={guarded} parent={os.getppid()}\n")
    time.sleep(120)


def worker(report: str, start_method: str) -> None:
    guarded = guard_step_process()
    ctx = multiprocessing.get_context(start_method)
    if start_method == "forkserver":
        ctx.set_forkserver_preload(["hirehound.lifecycle.fork_server_guard"])
    child = ctx.Process(target=step, args=(report, start_method))
    child.start()
    with open(report, "a") as fh:
        fh.write(f"worker {multiprocessing.current_process().pid} guarded={guarded} parent={os.getppid()}\n")
    child.join()


if __name__ == "__main__":
    ctx = multiprocessing.get_context("spawn")
    proc = ctx.Process(target=worker, args=(sys.argv[1], sys.argv[2] if len(sys.argv) > 2 else "spawn"))
    proc.start()
    proc.join()

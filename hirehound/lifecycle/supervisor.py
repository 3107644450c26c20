"""The loop at the heart of `hirehound dev`: start the children, watch them and the checks, stop cleanly.

Children are generic (`ChildSpec`): Dagster (`dagster dev`) is one; another service is one more entry in the
list. A child that exits on its own is started again, at most `MAX_RESTARTS` times in `RESTART_WINDOW_S`, after
which the supervisor gives up and stops (a crash loop should be seen, not hidden). Checks (the embedded
Postgres, runs orphaned by a dead worker) run every `interval` seconds, each in a thread of its own, so one
that blocks delays neither the others nor a stop; one that raises is reported and tried again on the next
tick, so a database outage cannot end supervision.

SIGINT or SIGTERM stops every child's process group (SIGTERM, then SIGKILL after a grace period) and returns.
A reaper process stops them too if the supervisor itself is killed.
"""

from __future__ import annotations

import signal
import subprocess
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from types import FrameType

from hirehound.lifecycle import children
from hirehound.lifecycle.children import ChildSpec
from hirehound.lifecycle.reaper import Reaper

MAX_RESTARTS = 3
RESTART_WINDOW_S = 600.0
STOP_GRACE_S = 10.0


@dataclass
class Check:
    """A periodic check: `run()` does its work (and reports through the supervisor's `say`)."""

    name: str
    run: Callable[[], object]
    failures: int = 0


@dataclass
class _Running:
    spec: ChildSpec
    proc: subprocess.Popen[bytes]
    restarts: list[float] = field(default_factory=list)


class Supervisor:
    def __init__(
        self,
        specs: Sequence[ChildSpec],
        checks: Sequence[Check] = (),
        say: Callable[[str], None] = print,
        interval: float = 5.0,
        verbose: bool = False,
    ) -> None:
        self.specs = list(specs)
        self.checks = list(checks)
        self.say = say
        self.interval = interval
        self.verbose = verbose
        self._stop = threading.Event()
        self._running: list[_Running] = []
        self.stop_reason = ""

    def request_stop(self, reason: str) -> None:
        self.stop_reason = self.stop_reason or reason
        self._stop.set()

    def _on_signal(self, signum: int, _frame: FrameType | None) -> None:
        self.request_stop(signal.Signals(signum).name)

    def run(self) -> int:
        """Supervise until a signal, `request_stop()`, or a child that keeps crashing; 0 on a requested stop."""
        # Handlers first: children then start with default dispositions (see children.start).
        previous = {sig: signal.signal(sig, self._on_signal) for sig in (signal.SIGINT, signal.SIGTERM)}
        reaper = Reaper()
        code = 0
        try:
            for spec in self.specs:
                self._running.append(_Running(spec, self._start(spec, reaper)))
            # Each check runs in a thread of its own: one that blocks (Dagster's storage retrying through an outage)
            # must delay neither the others (the one that restarts the database) nor noticing a signal or a child.
            for check in self.checks:
                name = f"{check.name} check"
                threading.Thread(target=self._check_loop, args=(check,), name=name, daemon=True).start()
            while not self._stop.wait(timeout=0.2):
                code = self._watch_children(reaper)
                if code:
                    break
        finally:
            self._stop_children()
            for running in self._running:
                reaper.release(running.proc.pid)  # stopped in order: nothing left for the guard to wait on
            reaper.close()
            for sig, handler in previous.items():
                signal.signal(sig, handler)
        return code

    def _start(self, spec: ChildSpec, reaper: Reaper) -> subprocess.Popen[bytes]:
        proc = children.start(spec, self.verbose)
        reaper.guard(proc.pid)
        return proc

    def _watch_children(self, reaper: Reaper) -> int:
        for running in self._running:
            rc = running.proc.poll()
            if rc is None or self._stop.is_set():
                continue
            children.stop_groups([running.proc.pid], timeout=5.0)  # whatever it left behind goes with it
            reaper.release(running.proc.pid)
            now = time.monotonic()
            running.restarts = [t for t in running.restarts if now - t < RESTART_WINDOW_S]
            how = f"signal {-rc}" if rc < 0 else f"code {rc}"
            if not running.spec.restart or len(running.restarts) >= MAX_RESTARTS:
                self.say(f"{running.spec.name} exited ({how}); not restarting it: stopping")
                self.request_stop(f"{running.spec.name} exited")
                return rc if rc > 0 else 1
            running.restarts.append(now)
            self.say(f"{running.spec.name} exited ({how}): restarting it ({len(running.restarts)}/{MAX_RESTARTS})")
            running.proc = self._start(running.spec, reaper)
        return 0

    def _check_loop(self, check: Check) -> None:
        while not self._stop.is_set():
            self._run_check(check)
            self._stop.wait(timeout=self.interval)

    def _run_check(self, check: Check) -> None:
        try:
            check.run()
            check.failures = 0
        except Exception as exc:  # a check must never end supervision; say what failed, once per streak
            check.failures += 1
            if check.failures == 1:
                first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
                self.say(f"{check.name} check failed ({first}); retrying every {self.interval:.0f} s")

    def _stop_children(self) -> None:
        if not self._running:
            return
        reason = f" ({self.stop_reason})" if self.stop_reason else ""
        self.say(f"Stopping {', '.join(r.spec.name for r in self._running)}{reason}...")
        children.stop_groups(
            [r.proc.pid for r in self._running], STOP_GRACE_S, reap=[r.proc for r in self._running], say=self.say
        )
        self.say("Stopped.")

"""Progress of a step that handles items: how many are done, how many failed, how fast, and when it will finish.

A stage's loop reports what it did through a `ProgressReporter` (`set_total` once it knows how many items it has,
`advance` after each item or batch). `Progress` turns that into a log line at most every ten seconds and a durable
snapshot a little more often, so an operator sees a live step move and a killed one where it stopped. Domain code
takes `progress: ProgressReporter = NO_PROGRESS` and never needs Dagster or a database to run.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable, Iterator, Sized
from dataclasses import dataclass
from typing import Protocol, TypeVar

T = TypeVar("T")

LOG_EVERY_S = 10.0  # the "at most every ~10 s": often enough to see movement, rare enough to read
SAVE_EVERY_S = 2.0  # one single-row upsert every two seconds costs nothing next to the work being measured

log = logging.getLogger(__name__)


class ProgressReporter(Protocol):
    """What a stage's loop tells about its work."""

    def set_total(self, total: int) -> None: ...

    def advance(self, processed: int = 1, failed: int = 0) -> None: ...


class _NoProgress:
    def set_total(self, total: int) -> None:
        pass

    def advance(self, processed: int = 1, failed: int = 0) -> None:
        pass


NO_PROGRESS: ProgressReporter = _NoProgress()


def tracked(items: Iterable[T], progress: ProgressReporter, total: int | None = None) -> Iterator[T]:
    """Yield `items`, counting each one processed once the loop body is done with it (when the loop asks for
    the next), so `continue` paths count too. The total is `len(items)` unless given."""
    if total is None and isinstance(items, Sized):
        total = len(items)
    if total is not None:
        progress.set_total(total)
    for item in items:
        yield item
        progress.advance()


@dataclass(frozen=True)
class Snapshot:
    processed: int
    total: int | None
    failed: int
    elapsed_s: float

    @property
    def rate(self) -> float:
        """Items per second since the step started."""
        return self.processed / self.elapsed_s if self.elapsed_s > 0 else 0.0

    @property
    def eta_s(self) -> float | None:
        if self.total is None or self.rate <= 0:
            return None
        return max(self.total - self.processed, 0) / self.rate

    def line(self, what: str) -> str:
        total = "?" if self.total is None else f"{self.total:,}"
        share = f" ({self.processed / self.total:.0%})" if self.total else ""
        eta = "unknown" if self.eta_s is None else _duration(self.eta_s)
        return (
            f"{what}: {self.processed:,}/{total}{share} processed, {self.failed:,} failed, "
            f"{self.rate:,.1f}/s, ETA {eta}"
        )


Sink = Callable[[Snapshot, str], None]


class Progress:
    """Counts a step's items; logs (every `log_every_s`) and saves (every `save_every_s`) snapshots.

    A sink that raises is switched off after one warning: watching a step must never fail it.
    """

    def __init__(
        self,
        what: str,
        *,
        log_line: Callable[[str], None] | None = None,
        sink: Sink | None = None,
        total: int | None = None,
        log_every_s: float | None = None,
        save_every_s: float | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.what = what
        self._log_line = log_line
        self._sink = sink
        self._clock = clock
        self._log_every_s = LOG_EVERY_S if log_every_s is None else log_every_s
        self._save_every_s = SAVE_EVERY_S if save_every_s is None else save_every_s
        self._started = clock()
        self._last_log = self._started
        self._last_save = self._started
        self.processed = 0
        self.failed = 0
        self.total = total
        self.state = "running"
        self._save("running")

    def snapshot(self) -> Snapshot:
        return Snapshot(self.processed, self.total, self.failed, self._clock() - self._started)

    def set_total(self, total: int) -> None:
        self.total = max(int(total), 0)
        self._save("running")

    def advance(self, processed: int = 1, failed: int = 0) -> None:
        self.processed += processed
        self.failed += failed
        now = self._clock()
        if now - self._last_save >= self._save_every_s:
            self._save("running")
        if self._log_line is not None and now - self._last_log >= self._log_every_s:
            self._last_log = now
            self._log_line(self.snapshot().line(self.what))

    def finish(self, state: str = "done", *, failed: int | None = None) -> Snapshot:
        """Mark the step finished (`done` or `failed`); logs the final line and saves it. `failed`, when given,
        is the stage's own final count (some failures are only known once the loop is over)."""
        self.state = state
        if failed is not None:
            self.failed = failed
        snap = self.snapshot()
        self._save(state)
        if self._log_line is not None:
            self._log_line(snap.line(self.what) + ("" if state == "done" else f" [{state}]"))
        return snap

    def _save(self, state: str) -> None:
        self._last_save = self._clock()
        if self._sink is None:
            return
        try:
            self._sink(self.snapshot(), state)
        except Exception as exc:  # progress is advisory: the work goes on without it
            log.warning("step progress for %s not saved, no further attempts: %s", self.what, type(exc).__name__)
            self._sink = None


def _duration(seconds: float) -> str:
    whole = round(seconds)
    if whole < 60:
        return f"{whole}s"
    if whole < 3600:
        return f"{whole // 60}m{whole % 60:02d}s"
    return f"{whole // 3600}h{whole % 3600 // 60:02d}m"

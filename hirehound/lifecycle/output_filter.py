"""What reaches the terminal of `hirehound dev`: quiet by default, everything with `--verbose`.

Dagster prints every run event at DEBUG to the console (step starts, inputs loaded, outputs handled), its daemon
reports every sensor tick at INFO, and each process that loads the code repeats the same warnings: 3,659 lines in
58 minutes of a healthy pipeline. The UI's event log keeps every event either way; this filter only decides what
the terminal shows. Quiet keeps warnings and errors (each distinct message once per 10 minutes), tracebacks,
and every line that is not a log record (a child's crash output).

A Dagster log record starts with a timestamp (`2026-12-01 18:01:07 +0000 - dagster - DEBUG - ...`); the lines
that follow it without one (a traceback, a multi-line warning) belong to it and share its fate.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable

ANSI = re.compile(r"\x1b\[[0-9;]*m")
RECORD = re.compile(
    r"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(?: [+-]\d{4})? - (?P<logger>[\w.\-]+) - (?P<level>[A-Z]+) - "
)
# Python's default log format (`WARNING:root:Retrying failed database connection: ...`), which Dagster's storage
# layer prints through an outage, hundreds of times.
PLAIN_RECORD = re.compile(r"^(?P<level>DEBUG|INFO|WARNING|ERROR|CRITICAL):[\w.\-]*:")
# A Python warning printed by the `warnings` module itself: `path:line: CategoryWarning: message`.
PY_WARNING = re.compile(r"^\S+:\d+: (?P<category>\w*Warning): ")
QUIET_LEVELS = {"WARNING", "ERROR", "CRITICAL"}
# Notices that say nothing a Hirehound user can act on (they name internals of how `hirehound dev` starts Dagster).
NOISE = (
    "SupersessionWarning: Function `dev_command` is superseded",
    "return callback(*args, **kwargs)",
    "Loading weights:",  # the embedding model's progress bar, once per step process
)
# Volatile parts of a message (run ids, pids, times) are masked so that repeats are recognised as repeats.
VOLATILE = re.compile(r"\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b|\b\d+(?:\.\d+)?\b")


# A message seen again after this long is shown again: a new outage an hour later should be noticed.
REPEAT_AFTER_S = 600.0


class OutputFilter:
    """Feed it lines in order; `keep(line)` says whether the terminal should show each."""

    def __init__(self, verbose: bool = False, clock: Callable[[], float] = time.monotonic) -> None:
        self.verbose = verbose
        self.clock = clock
        self._keeping = True  # the fate of the current record, inherited by its continuation lines
        self._shown_at: dict[str, float] = {}

    def keep(self, line: str) -> bool:
        if self.verbose:
            return True
        plain = ANSI.sub("", line).rstrip("\n")
        if any(noise in plain for noise in NOISE):
            return False
        warning = PY_WARNING.match(plain)
        if warning is not None:
            return self._first_time(plain[warning.start("category") :])
        match = RECORD.match(plain) or PLAIN_RECORD.match(plain)
        if match is None:
            return self._keeping
        if match.group("level") not in QUIET_LEVELS:
            self._keeping = False
            return False
        return self._first_time(plain[match.end() :])

    def _first_time(self, message: str) -> bool:
        key = VOLATILE.sub("#", message)
        now = self.clock()
        last = self._shown_at.get(key)
        self._keeping = last is None or now - last > REPEAT_AFTER_S
        if self._keeping:
            self._shown_at[key] = now
        return self._keeping

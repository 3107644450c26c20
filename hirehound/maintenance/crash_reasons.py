"""Why a run's process died, in words an operator can act on: the signal (SIGKILL: usually the OOM killer) or exit code.

When a step's process dies, Dagster records the step failure as a bare `ChildProcessCrashException` with an empty
message; the signal or exit code is only in the engine event logged beside it ("child process for step X was
terminated by signal 9 (SIGKILL)"). An incident that says only the exception name tells nobody whether to add
memory or fix a crash, so the detail is taken from the run's messages.
"""

from __future__ import annotations

import re
import signal
from collections.abc import Iterable

CRASH_CLASSES = frozenset({"ChildProcessCrashException", "DagsterExecutionInterruptedError"})
_SIGNAL = re.compile(r"(?:terminated|killed) by signal (\d+)(?: \((SIG\w+)\))?", re.I)
_EXIT = re.compile(r"exit(?:ed)?(?: unexpectedly)? with (?:exit )?code (-?\d+)", re.I)
_STEP = re.compile(r"for step ([\w.\[\]-]+)")


def crash_detail(messages: Iterable[str]) -> str | None:
    """'killed by signal 9 (SIGKILL)' or 'exit code 3' from the first message that names one, else None."""
    for message in messages:
        found = _SIGNAL.search(message)
        if found:
            return _signal_words(int(found.group(1)), found.group(2)) + _step_of(message)
        found = _EXIT.search(message)
        if found:
            code = int(found.group(1))
            words = _signal_words(-code, None) if code < 0 else f"exit code {code}"
            return words + _step_of(message)
    return None


def crash_message(error_class: str | None, message: str | None, run_messages: Iterable[str]) -> str | None:
    """The incident's message: a crash gets its signal or exit code added; other errors are kept as they are."""
    bare = not message or message.strip().rstrip(":") == (error_class or "")
    if error_class not in CRASH_CLASSES and not bare:
        return message
    detail = crash_detail(run_messages)
    if detail is None:
        return message
    head = error_class or "process crash"
    return f"{head}: {detail}"


def _signal_words(number: int, name: str | None) -> str:
    if name is None:
        try:
            name = signal.Signals(number).name
        except ValueError:
            name = None
    words = f"killed by signal {number}" + (f" ({name})" if name else "")
    if number == signal.SIGKILL:
        words += ", most often the out-of-memory killer"
    return words


def _step_of(message: str) -> str:
    found = _STEP.search(message)
    return f" (step {found.group(1)})" if found else ""

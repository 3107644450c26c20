"""The reaper: a tiny guard process that stops `hirehound dev`'s children when `hirehound dev` dies.

`kill -9` (or the OOM killer) gives a process no chance to clean up, and Dagster's webserver, daemon and code
server would then run on headless and block the next start. The supervisor starts this guard in a session of its
own and keeps the write end of a pipe to it, announcing each child's process group (`+PGID`, `-PGID` when one is
gone). The pipe closes however the supervisor ends; the guard then stops every group it was told about.

Run as `python -m hirehound.lifecycle.reaper`; it imports nothing heavy so that it starts in milliseconds.
"""

from __future__ import annotations

import signal
import subprocess
import sys
from typing import IO

from hirehound.lifecycle.children import stop_groups


def watch(lines: IO[str]) -> set[int]:
    """Read announcements until end of file; return the groups still announced."""
    groups: set[int] = set()
    for line in lines:
        text = line.strip()
        if text.startswith("+") and text[1:].isdigit():
            groups.add(int(text[1:]))
        elif text.startswith("-") and text[1:].isdigit():
            groups.discard(int(text[1:]))
    return groups


def main() -> None:
    # Only the end of the pipe ends the guard: a Ctrl-C meant for the supervisor must not take it first.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    groups = watch(sys.stdin)
    if groups:
        stop_groups(sorted(groups), timeout=15.0)


class Reaper:
    """The supervisor's handle on its guard process."""

    def __init__(self) -> None:
        self._proc = subprocess.Popen(
            [sys.executable, "-m", "hirehound.lifecycle.reaper"],
            stdin=subprocess.PIPE,
            text=True,
            start_new_session=True,  # a signal to the supervisor's group must not reach the guard
        )

    def _send(self, line: str) -> None:
        assert self._proc.stdin is not None
        self._proc.stdin.write(line + "\n")
        self._proc.stdin.flush()

    def guard(self, pgid: int) -> None:
        self._send(f"+{pgid}")

    def release(self, pgid: int) -> None:
        self._send(f"-{pgid}")

    def close(self) -> None:
        """Every group was stopped in order: tell the guard there is nothing left, and let it exit."""
        if self._proc.stdin is not None and not self._proc.stdin.closed:
            self._proc.stdin.close()
        try:
            self._proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self._proc.kill()


if __name__ == "__main__":
    main()

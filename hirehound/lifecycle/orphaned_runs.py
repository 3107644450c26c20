"""Runs whose worker process is gone: mark them failed, and stop the step processes they left behind.

Dagster's default run launcher has no worker health check, so run monitoring cannot tell that a run worker was
killed (OOM killer, `kill -9`, a crash of `hirehound dev`, an outage the code server did not survive): such a run
stays STARTED forever and keeps its concurrency slots. Dagster does record the worker's pid ("Started process for
run") and each step process's pid (STEP_WORKER_STARTED), so a watcher on the same machine can check them. A run
whose worker is gone is reported failed, which lets run retries re-run it and `free_slots_after_run_end_seconds`
free its slots. Step processes outlive a killed worker and would keep writing into the failed run (and keep using
the embedding model while a retry loads it again), so they are killed as soon as their worker is seen gone.

The pid check guards against pid reuse: a process only counts as the worker if it existed when Dagster logged it.
"""

from __future__ import annotations

import contextlib
import os
import signal
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from dagster import DagsterInstance
    from dagster._core.events.log import EventLogEntry

WORKER_STARTED = "Started process for run (pid:"
# A pid's process must have been created before Dagster logged it; clocks of one machine, so a small slack.
CLOCK_SLACK_S = 2.0
# Finished runs are looked at this long for leftover step processes.
RECENT_S = 15 * 60


@dataclass(frozen=True)
class LoggedProcess:
    """A process Dagster logged for a run: its pid and when it was logged."""

    pid: int
    logged_at: float


def process_is(process: LoggedProcess) -> bool:
    """Whether `process` is still running (and is the same process, not a later one that reused its pid)."""
    import psutil

    try:
        proc = psutil.Process(process.pid)
        if proc.status() == psutil.STATUS_ZOMBIE:
            return False
        return bool(proc.create_time() <= process.logged_at + CLOCK_SLACK_S)
    except (psutil.NoSuchProcess, psutil.AccessDenied):
        return False


def _pid_of(entry: EventLogEntry) -> int | None:
    event = entry.dagster_event
    data = getattr(event, "event_specific_data", None) if event is not None else None
    value = (getattr(data, "metadata", None) or {}).get("pid")
    text = getattr(value, "value", value)
    try:
        return int(str(text))
    except (TypeError, ValueError):
        return None


def logged_processes(instance: DagsterInstance, run_id: str) -> tuple[LoggedProcess | None, list[LoggedProcess]]:
    """The run's worker process (the latest one, after resumes) and its step processes, as Dagster logged them."""
    from dagster import DagsterEventType

    worker: LoggedProcess | None = None
    steps: list[LoggedProcess] = []
    entries = instance.all_logs(run_id, of_type={DagsterEventType.ENGINE_EVENT, DagsterEventType.STEP_WORKER_STARTED})
    for entry in entries:
        pid = _pid_of(entry)
        if pid is None or entry.dagster_event is None:
            continue
        logged = LoggedProcess(pid, entry.timestamp)
        if entry.dagster_event.event_type == DagsterEventType.STEP_WORKER_STARTED:
            steps.append(logged)
        elif entry.user_message.startswith(WORKER_STARTED) or (entry.dagster_event.message or "").startswith(
            WORKER_STARTED
        ):
            worker = logged
    return worker, steps


def kill_processes(processes: list[LoggedProcess], alive: Callable[[LoggedProcess], bool] = process_is) -> list[int]:
    """SIGKILL the ones still running; return their pids. Their run is over: a retry redoes the step."""
    killed = []
    for process in processes:
        if alive(process):
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.kill(process.pid, signal.SIGKILL)
                killed.append(process.pid)
    return killed


class OrphanedRunWatch:
    """Each `check()` fails STARTED runs whose worker is gone and kills step processes of runs that are over."""

    def __init__(
        self,
        instance: DagsterInstance,
        say: Callable[[str], None],
        alive: Callable[[LoggedProcess], bool] = process_is,
    ) -> None:
        self.instance = instance
        self.say = say
        self.alive = alive
        self._settled: set[str] = set()  # finished runs with no process left: nothing more to look at

    def check(self) -> list[str]:
        """Return the ids of the runs this check marked failed."""
        from dagster import DagsterRunStatus, RunsFilter

        failed = []
        started = self.instance.get_run_records(filters=RunsFilter(statuses=[DagsterRunStatus.STARTED]))
        for record in started:
            run = record.dagster_run
            worker, steps = logged_processes(self.instance, run.run_id)
            if worker is None or self.alive(worker):
                continue
            current = self.instance.get_run_by_id(run.run_id)
            if current is None or current.is_finished:
                continue  # the code server reported it in the meantime
            killed = kill_processes(steps, self.alive)
            message = (
                f"Run worker (pid {worker.pid}) is gone: killed (OOM killer, kill -9) or lost in an outage. "
                "Marked failed by `hirehound dev` so that run retries can re-run it"
                + (f"; stopped its leftover step processes {killed}." if killed else ".")
            )
            from dagster._core.events import JobFailureData, RunFailureReason

            self.instance.report_run_failed(
                current,
                message,
                JobFailureData(error=None, failure_reason=RunFailureReason.UNEXPECTED_TERMINATION),
            )
            self.say(f"Run {run.run_id[:8]} ({run.job_name}): {message}")
            failed.append(run.run_id)
        self._stop_leftovers()
        return failed

    def _stop_leftovers(self) -> None:
        """Step processes still running for a run that is over, because its worker died under them."""
        from datetime import datetime, timedelta

        from dagster import DagsterRunStatus, RunsFilter

        since = datetime.now(UTC) - timedelta(seconds=RECENT_S)
        ended = self.instance.get_run_records(
            filters=RunsFilter(statuses=[DagsterRunStatus.FAILURE, DagsterRunStatus.CANCELED], updated_after=since)
        )
        for record in ended:
            run_id = record.dagster_run.run_id
            if run_id in self._settled:
                continue
            worker, steps = logged_processes(self.instance, run_id)
            if worker is not None and self.alive(worker):
                continue  # a live worker stops its own steps
            killed = kill_processes(steps, self.alive)
            if killed:
                self.say(f"Run {run_id[:8]} is over but its worker is gone: killed leftover step processes {killed}")
                self.instance.report_engine_event(
                    f"hirehound dev killed step processes {killed} left running after the run worker died",
                    record.dagster_run,
                )
            else:
                self._settled.add(run_id)

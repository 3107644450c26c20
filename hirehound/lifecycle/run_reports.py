"""One line in the terminal per finished run, so that a quiet `hirehound dev` still says what the pipeline does.

`Run 2f692fa1 daily_pipeline_job [2026-11-20]: SUCCESS in 74 s` (or FAILURE, CANCELED); details are in the UI.
Runs that ended before `hirehound dev` started are not reported.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from dagster import DagsterInstance, RunRecord


def describe(record: RunRecord) -> str:
    run = record.dagster_run
    partition = run.tags.get("dagster/partition")
    where = f" [{partition}]" if partition else ""
    took = ""
    if record.start_time is not None and record.end_time is not None:
        took = f" in {record.end_time - record.start_time:.0f} s"
    retry = run.tags.get("dagster/retry_number")
    again = f" (retry {retry})" if retry else ""
    return f"Run {run.run_id[:8]} {run.job_name}{where}{again}: {run.status.value}{took}"


class RunReports:
    """Each `check()` reports the runs that finished since the previous one."""

    def __init__(self, instance: DagsterInstance, say: Callable[[str], None]) -> None:
        self.instance = instance
        self.say = say
        self._since = time.time()
        self._reported: set[str] = set()

    def check(self) -> int:
        from datetime import UTC, datetime

        from dagster import DagsterRunStatus, RunsFilter

        now = time.time()
        records = self.instance.get_run_records(
            filters=RunsFilter(
                statuses=[DagsterRunStatus.SUCCESS, DagsterRunStatus.FAILURE, DagsterRunStatus.CANCELED],
                updated_after=datetime.fromtimestamp(self._since - 5, UTC),  # overlap: clocks and commit lag
            ),
            ascending=True,
        )
        told = 0
        for record in records:
            if record.dagster_run.run_id in self._reported or (record.end_time or now) < self._since - 5:
                continue
            self._reported.add(record.dagster_run.run_id)
            self.say(describe(record))
            told += 1
        self._since = now
        return told

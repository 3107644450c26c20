"""A STARTED run whose worker process is gone is marked failed, and its leftover step processes are killed.

Uses a real (ephemeral) Dagster instance and real processes: a worker pid that has exited, a step process that
still runs (`sleep`), exactly the state a `kill -9` of a run worker leaves behind.
"""

from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Iterator

import dagster as dg
import pytest
from dagster._core.events import DagsterEvent, DagsterEventType, EngineEventData

from hirehound.lifecycle.orphaned_runs import LoggedProcess, OrphanedRunWatch, logged_processes, process_is


@pytest.fixture()
def instance() -> Iterator[dg.DagsterInstance]:
    with dg.DagsterInstance.ephemeral() as inst:
        yield inst


def _gone_pid() -> int:
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid


def _started_run(instance: dg.DagsterInstance, worker_pid: int, step_pid: int | None = None) -> dg.DagsterRun:
    run = instance.add_run(dg.DagsterRun(job_name="daily_pipeline_job", status=dg.DagsterRunStatus.STARTED))
    instance.report_engine_event(
        f"Started process for run (pid: {worker_pid}).", run, EngineEventData.in_process(worker_pid)
    )
    if step_pid is not None:
        event = DagsterEvent(
            DagsterEventType.STEP_WORKER_STARTED.value,
            job_name=run.job_name,
            message='Executing step "posting_embeddings" in subprocess.',
            event_specific_data=EngineEventData(metadata={"pid": dg.MetadataValue.text(str(step_pid))}),
            step_key="posting_embeddings",
        )
        instance.report_dagster_event(event, run_id=run.run_id)
    return run


def test_run_with_a_dead_worker_is_failed_and_its_step_process_killed(instance: dg.DagsterInstance) -> None:
    step = subprocess.Popen(["sleep", "60"])
    try:
        run = _started_run(instance, _gone_pid(), step.pid)
        said: list[str] = []
        failed = OrphanedRunWatch(instance, said.append).check()
        assert failed == [run.run_id]
        after = instance.get_run_by_id(run.run_id)
        assert after is not None and after.status == dg.DagsterRunStatus.FAILURE
        assert step.wait(timeout=5) == -9, "the orphaned step process must not keep running"
        assert "is gone" in said[0] and str(step.pid) in said[0]
        failure = instance.all_logs(run.run_id, of_type=DagsterEventType.RUN_FAILURE)
        assert len(failure) == 1 and "Marked failed by `hirehound dev`" in (failure[0].dagster_event.message or "")  # type: ignore[union-attr]
    finally:
        step.kill()


def test_run_with_a_live_worker_is_left_alone(instance: dg.DagsterInstance) -> None:
    worker = subprocess.Popen(["sleep", "60"])
    try:
        run = _started_run(instance, worker.pid)
        assert OrphanedRunWatch(instance, print).check() == []
        after = instance.get_run_by_id(run.run_id)
        assert after is not None and after.status == dg.DagsterRunStatus.STARTED
    finally:
        worker.kill()
        worker.wait()


def test_leftover_step_process_of_a_run_already_failed_is_killed(instance: dg.DagsterInstance) -> None:
    """The code server marks a run failed when its worker dies, but never stops the worker's step processes."""
    step = subprocess.Popen(["sleep", "60"])
    try:
        run = _started_run(instance, _gone_pid(), step.pid)
        instance.report_run_failed(run, "Run execution process was terminated by signal 9 (SIGKILL).")
        said: list[str] = []
        assert OrphanedRunWatch(instance, said.append).check() == []  # already failed: not failed again
        assert step.wait(timeout=5) == -9
        assert len(instance.all_logs(run.run_id, of_type=DagsterEventType.RUN_FAILURE)) == 1
        assert "leftover step processes" in said[0]
    finally:
        step.kill()


def test_a_reused_pid_does_not_count_as_the_logged_process() -> None:
    live = subprocess.Popen(["sleep", "60"])
    try:
        assert process_is(LoggedProcess(live.pid, time.time()))
        # Logged an hour before this process existed: the pid belongs to someone else now.
        assert not process_is(LoggedProcess(live.pid, time.time() - 3600))
    finally:
        live.kill()
        live.wait()


def test_logged_processes_reads_worker_and_step_pids(instance: dg.DagsterInstance) -> None:
    run = _started_run(instance, 4242, 4343)
    worker, steps = logged_processes(instance, run.run_id)
    assert worker is not None and worker.pid == 4242
    assert [s.pid for s in steps] == [4343]


def test_a_run_failed_by_the_watch_is_one_run_retries_will_retry() -> None:
    from dagster._core.test_utils import instance_for_test
    from dagster._daemon.auto_run_reexecution.auto_run_reexecution import should_retry

    with instance_for_test(overrides={"run_retries": {"enabled": True, "max_retries": 2}}) as instance:
        run = _started_run(instance, _gone_pid())
        assert OrphanedRunWatch(instance, print).check() == [run.run_id]
        failed = instance.get_run_by_id(run.run_id)
        assert failed is not None and should_retry(failed, instance)

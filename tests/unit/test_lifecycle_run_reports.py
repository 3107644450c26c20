"""A quiet `hirehound dev` still prints one line per finished run, once, and nothing about older runs."""

import time

import dagster as dg

from hirehound.lifecycle.run_reports import RunReports


@dg.asset
def tiny() -> int:
    return 1


def test_each_finished_run_is_reported_once_and_older_runs_not_at_all() -> None:
    with dg.DagsterInstance.ephemeral() as instance:
        before = dg.materialize([tiny], instance=instance)
        time.sleep(6)  # beyond the reports' 5 s overlap window
        said: list[str] = []
        reports = RunReports(instance, said.append)
        assert reports.check() == 0
        after = dg.materialize([tiny], instance=instance, tags={"dagster/retry_number": "1"})
        assert reports.check() == 1
        assert reports.check() == 0
    assert len(said) == 1
    assert said[0].startswith(f"Run {after.run_id[:8]} __ephemeral_asset_job__ (retry 1): SUCCESS in ")
    assert before.run_id[:8] not in said[0]

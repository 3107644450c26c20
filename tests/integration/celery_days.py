"""Scrape dates through `daily_pipeline_job` on a persistent Dagster instance, as a run worker would launch them.

Run as a process of its own (`python -m tests.integration.celery_days KEY ...`) so that `HIREHOUND_EXECUTOR` is
read when the code location is first imported; prints one JSON line `{key: [run_id, success, why it failed]}`.
`--from-failure RUN_ID` re-executes that run from failure instead, as the UI's "Re-execute from failure" does.
"""

from __future__ import annotations

import json
import sys

import dagster as dg


def daily_job() -> dg.JobDefinition:
    from hirehound_assets.definitions import defs

    return defs.resolve_job_def("daily_pipeline_job")


def failure_message(instance: dg.DagsterInstance, run_id: str) -> str:
    """The run failure's error text and its failed steps' (empty for a run that succeeded)."""
    texts = []
    kinds = {dg.DagsterEventType.STEP_FAILURE, dg.DagsterEventType.RUN_FAILURE}
    for record in instance.all_logs(run_id, of_type=kinds):
        event = record.dagster_event
        error = getattr(event.event_specific_data, "error", None) if event is not None else None
        texts.append(error.to_string() if error is not None else (record.message or "failed"))
    return "\n".join(texts)


def main(keys: list[str]) -> int:
    from hirehound_assets.partitions import add_scrape_dates

    recon = dg.build_reconstructable_job("tests.integration.celery_days", "daily_job")
    out = {}
    with dg.DagsterInstance.get() as instance:
        if keys[:1] == ["--from-failure"]:
            parent = instance.get_run_by_id(keys[1])
            assert parent is not None, keys[1]
            options = dg.ReexecutionOptions.from_failure(keys[1], instance)
            key = parent.tags.get("dagster/partition", "")
            # The UI's re-execution keeps the parent's tags; execute_job's only adds the parent's ids.
            result = dg.execute_job(recon, instance, tags={"dagster/partition": key}, reexecution_options=options)
            print(json.dumps({key: [result.run_id, result.success, failure_message(instance, result.run_id)]}))
            return 0
        add_scrape_dates(instance, keys)
        for key in keys:
            result = dg.execute_job(recon, instance, tags={"dagster/partition": key})
            out[key] = [result.run_id, result.success, failure_message(instance, result.run_id)]
    print(json.dumps(out))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))

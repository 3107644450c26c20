"""Scrape dates through `daily_pipeline_job` on a persistent Dagster instance, as a run worker would launch them.

Run as a process of its own (`python -m tests.integration.celery_days KEY ...`) so that `HIREHOUND_EXECUTOR` is
read when the code location is first imported; prints one JSON line `{key: [run_id, success, why it failed]}`.
"""

from __future__ import annotations

import json
import sys

import dagster as dg


def daily_job() -> dg.JobDefinition:
    from hirehound_assets.definitions import defs

    return defs.resolve_job_def("daily_pipeline_job")


def failure_message(instance: dg.DagsterInstance, run_id: str) -> str:
    """The run failure's error text (empty for a run that succeeded)."""
    for record in instance.all_logs(run_id, of_type=dg.DagsterEventType.RUN_FAILURE):
        event = record.dagster_event
        error = getattr(event.event_specific_data, "error", None) if event is not None else None
        return error.to_string() if error is not None else (record.message or "failed")
    return ""


def main(keys: list[str]) -> int:
    from hirehound_assets.partitions import add_scrape_dates

    recon = dg.build_reconstructable_job("tests.integration.celery_days", "daily_job")
    out = {}
    with dg.DagsterInstance.get() as instance:
        add_scrape_dates(instance, keys)
        for key in keys:
            result = dg.execute_job(recon, instance, tags={"dagster/partition": key})
            out[key] = [result.run_id, result.success, failure_message(instance, result.run_id)]
    print(json.dumps(out))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))

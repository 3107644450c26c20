"""Running scrape dates through the whole daily job in this process, as the sensor's runs would (for fault tests)."""

from __future__ import annotations

from pathlib import Path

import dagster as dg
import pytest

from hirehound_assets.partitions import instance_with_scrape_dates


def run_days(landing: Path, keys: list[str], monkeypatch: pytest.MonkeyPatch) -> list[dg.ExecuteInProcessResult]:
    """`daily_pipeline_job` for each key in order, against HIREHOUND_DATABASE_URL and this landing folder."""
    from hirehound_assets.definitions import defs

    monkeypatch.setenv("HIREHOUND_LANDING_DIR", str(landing))
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    job = defs.resolve_job_def("daily_pipeline_job")
    instance = instance_with_scrape_dates(*keys)
    return [job.execute_in_process(partition_key=key, instance=instance, raise_on_error=False) for key in keys]


def failed_steps(result: dg.ExecuteInProcessResult) -> dict[str, str]:
    """step key -> error of every failed step (empty for a clean run)."""
    out = {}
    for event in result.all_events:
        if event.event_type == dg.DagsterEventType.STEP_FAILURE and event.step_key:
            error = getattr(event.event_specific_data, "error", None)
            out[event.step_key] = error.to_string()[:600] if error is not None else event.message or ""
    return out

"""How `hirehound status` tells a step's progress: how far it got, and whether it is still moving.

A step's row says `running` until the step finishes; a killed run cannot update it, so the run's status in
Dagster (when known) or the time since the last update tells a live step from one that stopped.
"""

from __future__ import annotations

from datetime import datetime

from hirehound.ops.progress_store import StepProgress

STALL_AFTER_S = 300
FINISHED_RUN = {"FAILURE", "CANCELED", "SUCCESS"}


def verdict(step: StepProgress, run_status: str | None, now: datetime) -> str:
    idle = (now - step.updated_at).total_seconds()
    if step.state != "running":
        return step.state
    if run_status in FINISHED_RUN:
        return f"stopped here (run {run_status})"
    if idle >= STALL_AFTER_S:
        return f"no progress for {int(idle // 60)} min (killed or stuck?)"
    return "running"


def describe(step: StepProgress, run_status: str | None, now: datetime) -> str:
    total = "?" if step.total is None else f"{step.total:,}"
    share = f" ({step.processed / step.total:.0%})" if step.total else ""
    rate = step.processed / step.seconds if step.seconds > 0 else 0.0
    where = f"{step.asset} [{step.partition_key or '-'}]"
    return (
        f"{where:<40} {step.processed:,}/{total}{share}, {step.failed:,} failed, {rate:,.1f}/s, "
        f"{verdict(step, run_status, now)}; run {step.run_id}"
    )

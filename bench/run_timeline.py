"""Where a Dagster run's time went, from its event log: per step, the price of its process, the time inside the
asset body, and the run's step overhead (the share of the run during which no asset body was running).

A step's body is taken as STEP_START to its last ASSET_MATERIALIZATION / ASSET_CHECK_EVALUATION / STEP_OUTPUT
(the asset function and its checks; resources are initialised before STEP_START); its process price as
STEP_WORKER_STARTING (the run worker asks for a process) to STEP_START. With parallel steps, bodies overlap, so the
overhead is the run's span minus the union of body intervals, not minus their sum.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

BODY_END_EVENTS = {"ASSET_MATERIALIZATION", "ASSET_CHECK_EVALUATION", "STEP_OUTPUT"}


@dataclass(frozen=True)
class Event:
    """One event-log record: its timestamp (s), type (`DagsterEventType` value) and step key (None: run level)."""

    timestamp: float
    kind: str
    step_key: str | None = None


@dataclass
class StepTime:
    key: str
    process_start: float | None = None  # STEP_WORKER_STARTING to STEP_START; None in-process
    body: float = 0.0
    after_body: float = 0.0  # last body event to STEP_SUCCESS / STEP_FAILURE
    status: str = "?"


@dataclass
class RunTimeline:
    worker_start: float | None  # RUN_STARTING (launcher) to RUN_START (the run worker has loaded the code)
    span: float  # RUN_START to RUN_SUCCESS / RUN_FAILURE
    inside_bodies: float  # union of the steps' body intervals
    steps: list[StepTime] = field(default_factory=list)

    @property
    def overhead(self) -> float:
        """Share of the span with no asset body running (0..1)."""
        return 1 - self.inside_bodies / self.span if self.span > 0 else float("nan")


def union_length(intervals: Iterable[tuple[float, float]]) -> float:
    """Total length covered by the intervals (overlaps counted once)."""
    total, end = 0.0, float("-inf")
    for a, b in sorted(intervals):
        if b <= end:
            continue
        total += b - max(a, end)
        end = b
    return total


def timeline(events: Iterable[Event]) -> RunTimeline:
    """The run's timeline from its events (any order)."""
    ordered = sorted(events, key=lambda e: e.timestamp)
    first: dict[str, float] = {}
    last: dict[str, float] = {}
    per_step: dict[str, dict[str, float]] = {}
    for e in ordered:
        if e.step_key is None:
            first.setdefault(e.kind, e.timestamp)
            last[e.kind] = e.timestamp
            continue
        marks = per_step.setdefault(e.step_key, {})
        if e.kind in BODY_END_EVENTS:
            marks["body_end"] = e.timestamp
        elif e.kind in ("STEP_SUCCESS", "STEP_FAILURE"):
            marks["end"] = e.timestamp
            marks["failed" if e.kind == "STEP_FAILURE" else "succeeded"] = 1
        else:
            marks.setdefault(e.kind, e.timestamp)
    steps: list[StepTime] = []
    bodies: list[tuple[float, float]] = []
    for key, marks in per_step.items():
        if "STEP_START" not in marks:
            continue
        start = marks["STEP_START"]
        end = marks.get("end", marks.get("body_end", start))
        body_end = marks.get("body_end", end)
        step = StepTime(key, body=body_end - start, after_body=end - body_end)
        if "STEP_WORKER_STARTING" in marks:
            step.process_start = start - marks["STEP_WORKER_STARTING"]
        step.status = "failure" if "failed" in marks else "success" if "succeeded" in marks else "unfinished"
        steps.append(step)
        bodies.append((start, body_end))
    run_start = first.get("RUN_START", ordered[0].timestamp if ordered else 0.0)
    run_end = last.get("RUN_SUCCESS", last.get("RUN_FAILURE", ordered[-1].timestamp if ordered else 0.0))
    worker = run_start - first["RUN_STARTING"] if "RUN_STARTING" in first and "RUN_START" in first else None
    return RunTimeline(worker, run_end - run_start, union_length(bodies), sorted(steps, key=lambda s: -s.body))

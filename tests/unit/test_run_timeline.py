"""The bench's reading of a run's event log: per-step process and body times, and overhead with parallel steps."""

from __future__ import annotations

import pytest

from bench.run_timeline import Event, timeline, union_length


def test_union_counts_overlaps_once() -> None:
    assert union_length([(0, 4), (2, 6), (10, 11), (3, 5)]) == pytest.approx(7)
    assert union_length([]) == 0


def test_parallel_steps_overhead_is_time_with_no_body_running() -> None:
    events = [
        Event(0.0, "RUN_STARTING"),
        Event(5.0, "RUN_START"),
        Event(5.5, "STEP_WORKER_STARTING", "a"),
        Event(6.0, "STEP_WORKER_STARTING", "b"),
        Event(7.0, "STEP_START", "a"),
        Event(8.0, "STEP_START", "b"),
        Event(11.0, "ASSET_MATERIALIZATION", "a"),
        Event(12.0, "ASSET_CHECK_EVALUATION", "a"),
        Event(12.5, "STEP_SUCCESS", "a"),
        Event(10.0, "STEP_OUTPUT", "b"),
        Event(10.2, "STEP_FAILURE", "b"),
        Event(13.0, "STEP_WORKER_STARTING", "c"),
        Event(14.0, "STEP_START", "c"),
        Event(16.0, "STEP_SUCCESS", "c"),  # no body event: the body runs to the step's end
        Event(17.0, "RUN_SUCCESS"),
    ]
    t = timeline(reversed(events))
    assert t.worker_start == pytest.approx(5)
    assert t.span == pytest.approx(12)
    assert t.inside_bodies == pytest.approx(5 + 2)  # a and b overlap in 7..12, then c in 14..16
    assert t.overhead == pytest.approx(1 - 7 / 12)
    steps = {s.key: s for s in t.steps}
    assert steps["a"].body == pytest.approx(5) and steps["a"].after_body == pytest.approx(0.5)
    assert steps["a"].process_start == pytest.approx(1.5) and steps["a"].status == "success"
    assert steps["b"].status == "failure" and steps["b"].body == pytest.approx(2)
    assert steps["c"].body == pytest.approx(2)
    assert [s.key for s in t.steps] == ["a", "b", "c"]  # longest body first


def test_in_process_steps_have_no_process_start() -> None:
    t = timeline([Event(0, "RUN_START"), Event(1, "STEP_START", "a"), Event(2, "STEP_SUCCESS", "a")])
    assert t.worker_start is None and t.steps[0].process_start is None and t.span == pytest.approx(2)

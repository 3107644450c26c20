"""Step progress: a log line at most every ten seconds with processed/total, failed, rate and ETA; durable
snapshots more often; a broken sink never fails the step."""

from __future__ import annotations

from hirehound.ops.progress import Progress, Snapshot, tracked


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_logs_at_most_every_ten_seconds_with_rate_and_eta() -> None:
    clock, lines, saved = Clock(), [], []
    progress = Progress(
        "posting_embeddings [2026-11-20]",
        log_line=lines.append,
        sink=lambda s, state: saved.append((s, state)),
        total=100,
        clock=clock,
    )
    for _ in range(40):  # 40 items, one every half second: 20 s of work
        clock.now += 0.5
        progress.advance()
    assert len(lines) == 2  # at 10 s and 20 s, not 40 lines
    assert lines[0] == "posting_embeddings [2026-11-20]: 20/100 (20%) processed, 0 failed, 2.0/s, ETA 40s"
    assert lines[1].startswith("posting_embeddings [2026-11-20]: 40/100 (40%)") and "ETA 30s" in lines[1]
    assert saved[0][0].processed == 0 and saved[0][1] == "running"  # the row exists before the first item
    assert 9 <= len(saved) <= 11  # every two seconds
    final = progress.finish(failed=3)
    assert (final.processed, final.failed, saved[-1][1]) == (40, 3, "done")
    assert "40/100" in lines[-1] and "3 failed" in lines[-1]


def test_unknown_total_and_zero_rate_give_no_eta() -> None:
    snap = Snapshot(processed=0, total=None, failed=0, elapsed_s=0.0)
    assert snap.eta_s is None and snap.line("x") == "x: 0/? processed, 0 failed, 0.0/s, ETA unknown"
    assert Snapshot(3600, 7200, 0, 3600.0).line("x").endswith("ETA 1h00m")


def test_a_failing_sink_is_switched_off_and_the_step_goes_on() -> None:
    calls = []

    def broken(snapshot: Snapshot, state: str) -> None:
        calls.append(state)
        raise ConnectionError("database is down")

    clock = Clock()
    progress = Progress("x", sink=broken, clock=clock)
    for _ in range(10):
        clock.now += 5
        progress.advance()
    assert progress.finish().processed == 10
    assert calls == ["running"]  # tried once, then left alone


def test_tracked_counts_items_when_the_loop_moves_on_including_continue_paths() -> None:
    clock, saved = Clock(), []
    progress = Progress("x", sink=lambda s, state: saved.append(s.processed), save_every_s=0, clock=clock)
    seen = []
    for item in tracked([1, 2, 3, 4], progress):
        seen.append((item, progress.processed))
        if item % 2:
            continue
    assert seen == [(1, 0), (2, 1), (3, 2), (4, 3)]
    assert progress.processed == 4 and progress.total == 4

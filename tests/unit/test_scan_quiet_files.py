"""A local file that has been quiet long enough has settled at the first look; a fresh write still waits."""

from __future__ import annotations

from datetime import date

from hirehound.ingestion.landing import LandingFile
from hirehound.ingestion.scan import SETTLING, scan

NOW = 1_800_000_000.0  # a fixed clock: the rule compares mtimes with `now`, never with the test's own time
QUIET = 10.0


def _sha(path: str) -> str:
    return "sha-" + path


def _any_day(day: date) -> bool:
    return True


def test_a_quiet_file_settles_at_the_first_look_and_a_fresh_one_waits() -> None:
    files = [
        LandingFile("2026-11-20/indeed-a.csv", 100, NOW - 60),  # written a minute ago (copied in whole, say)
        LandingFile("2026-11-20/indeed-b.csv", 100, NOW - 2),  # still being written, or just finished
    ]
    first = scan(files, {}, _sha, _any_day, quiet_seconds=QUIET, now=NOW)
    assert first.deferred == {"2026-11-20/indeed-b.csv": SETTLING}
    assert first.state["2026-11-20/indeed-a.csv"].settled and first.hashed == 1
    assert "2026-11-20" in first.run_keys  # the day's run can start now, with what has settled
    later = scan(files, first.state, _sha, _any_day, quiet_seconds=QUIET, now=NOW + QUIET)
    assert later.deferred == {} and later.hashed == 1
    assert later.run_keys["2026-11-20"] != first.run_keys["2026-11-20"]  # the day now holds both files


def test_without_a_clock_every_new_file_needs_two_looks() -> None:
    files = [LandingFile("2026-11-20/indeed-a.csv", 100, NOW - 3600)]
    first = scan(files, {}, _sha, _any_day)  # a remote store: its mtimes come from another clock
    assert first.deferred == {"2026-11-20/indeed-a.csv": SETTLING} and first.run_keys == {}
    assert scan(files, first.state, _sha, _any_day).run_keys.keys() == {"2026-11-20"}


def test_a_file_replaced_by_an_older_copy_is_hashed_again_at_once() -> None:
    old = [LandingFile("2026-11-20/indeed-a.csv", 100, NOW - 600)]
    seen = scan(old, {}, _sha, _any_day, quiet_seconds=QUIET, now=NOW)
    digests = iter(["sha-new"])
    replaced = [LandingFile("2026-11-20/indeed-a.csv", 120, NOW - 300)]  # `cp -p`: new bytes, an old mtime
    again = scan(replaced, seen.state, lambda p: next(digests), _any_day, quiet_seconds=QUIET, now=NOW)
    assert again.state["2026-11-20/indeed-a.csv"].sha256 == "sha-new"
    assert again.run_keys["2026-11-20"] != seen.run_keys["2026-11-20"]

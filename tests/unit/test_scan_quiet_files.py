"""A local file that has been quiet long enough has settled at the first look; a fresh write still waits."""

from __future__ import annotations

from datetime import date

from hirehound.ingestion.landing import LandingFile
from hirehound.ingestion.scan import DAY_ARRIVING, SETTLING, scan

NOW = 1_800_000_000.0  # a fixed clock: the rule compares mtimes with `now`, never with the test's own time
QUIET = 10.0


def _sha(path: str) -> str:
    return "sha-" + path


def _any_day(day: date) -> bool:
    return True


def test_a_quiet_file_settles_at_the_first_look_and_a_fresh_one_waits() -> None:
    files = [
        LandingFile("2026-11-20/indeed-a.csv", 100, NOW - 60),  # written a minute ago (copied in whole, say)
        LandingFile("2026-11-21/indeed-b.csv", 100, NOW - 2),  # still being written, or just finished
    ]
    first = scan(files, {}, _sha, _any_day, quiet_seconds=QUIET, now=NOW)
    assert first.deferred == {"2026-11-21/indeed-b.csv": SETTLING}
    assert first.state["2026-11-20/indeed-a.csv"].settled and first.hashed == 1
    assert list(first.run_keys) == ["2026-11-20"]  # its day need not wait for another day's file
    later = scan(files, first.state, _sha, _any_day, quiet_seconds=QUIET, now=NOW + QUIET)
    assert later.deferred == {} and list(later.run_keys) == ["2026-11-21"]


def test_a_day_launches_once_when_all_its_files_hold_still() -> None:
    """A scraper writing a day's boards one after another: the board written first waits for the others, so the
    day gets one run with every file rather than one run per file that settled first."""
    files = [
        LandingFile("2026-11-20/indeed.csv", 100, NOW - 60),
        LandingFile("2026-11-20/linkedin.csv", 50, NOW - 1),  # still being written
    ]
    first = scan(files, {}, _sha, _any_day, quiet_seconds=QUIET, now=NOW)
    assert first.run_keys == {} and first.hashed == 0
    assert first.deferred == {"2026-11-20/indeed.csv": DAY_ARRIVING, "2026-11-20/linkedin.csv": SETTLING}
    grown = [files[0], LandingFile("2026-11-20/linkedin.csv", 80, NOW + 4)]
    second = scan(grown, first.state, _sha, _any_day, quiet_seconds=QUIET, now=NOW + 5)
    assert second.run_keys == {} and second.deferred["2026-11-20/indeed.csv"] == DAY_ARRIVING
    done = scan(grown, second.state, _sha, _any_day, quiet_seconds=QUIET, now=NOW + 15)
    assert done.hashed == 2 and list(done.run_keys) == ["2026-11-20"] and done.deferred == {}
    assert scan(grown, done.state, _sha, _any_day, quiet_seconds=QUIET, now=NOW + 25).run_keys == {}


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

"""The landing zone is sealed: links out of it are refused with a reason, never read, and quarantine stays inside."""

from __future__ import annotations

import os
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from hirehound.ingestion.landing import QUARANTINE_DIR, LandingFile, LandingZone, LandingZoneError
from hirehound.ingestion.scan import scan

SECRET = "root:x:0:0:secret-first-line\n"


@pytest.fixture()
def outside(tmp_path: Path) -> Path:
    folder = tmp_path / "elsewhere"
    folder.mkdir()
    (folder / "passwd").write_text(SECRET)
    (folder / "jobs.csv").write_text("title,job_url\nCook,https://a.io/1\n")
    return folder


@pytest.fixture()
def landing(tmp_path: Path) -> Path:
    root = tmp_path / "landing"
    (root / "2026-11-20").mkdir(parents=True)
    (root / "2026-11-20" / "indeed-a.csv").write_text("title,job_url\nChef,https://a.io/2\n")
    return root


def test_links_out_of_the_zone_are_refused_not_listed(landing: Path, outside: Path) -> None:
    day = landing / "2026-11-20"
    (day / "indeed-passwd.csv").symlink_to(outside / "passwd")
    (day / "linked-folder").symlink_to(outside, target_is_directory=True)
    (landing / "2026-11-21").symlink_to(outside, target_is_directory=True)
    (day / "broken.csv").symlink_to(outside / "missing.csv")
    (day / "inside-copy.csv").symlink_to(day / "indeed-a.csv")  # a link within the zone is fine
    zone = LandingZone(str(landing))
    assert [f.path for f in zone.list_files()] == ["2026-11-20/indeed-a.csv", "2026-11-20/inside-copy.csv"]
    refused = {r.path: r.reason for r in zone.refused}
    assert set(refused) == {
        "2026-11-20/indeed-passwd.csv",
        "2026-11-20/linked-folder",
        "2026-11-21",
        "2026-11-20/broken.csv",
    }
    assert "outside the landing zone" in refused["2026-11-20/indeed-passwd.csv"]
    assert all(SECRET.strip() not in reason for reason in refused.values())


def test_reading_a_path_that_resolves_outside_is_refused_without_content(landing: Path, outside: Path) -> None:
    (landing / "2026-11-20" / "swapped.csv").symlink_to(outside / "passwd")  # swapped in after a listing
    zone = LandingZone(str(landing))
    for read in (zone.read_bytes, zone.sha256):
        with pytest.raises(LandingZoneError) as caught:
            read("2026-11-20/swapped.csv")
        assert "secret" not in str(caught.value)
    with pytest.raises(LandingZoneError):
        zone.read_bytes("../elsewhere/passwd")


@pytest.mark.parametrize("mode", ["mark", "move"])
def test_a_symlinked_quarantine_writes_nothing_outside(landing: Path, outside: Path, mode: str) -> None:
    (landing / QUARANTINE_DIR).symlink_to(outside, target_is_directory=True)
    before = sorted(p.name for p in outside.rglob("*"))
    zone = LandingZone(str(landing), mode)
    with pytest.raises(LandingZoneError, match="symlink"):
        zone.quarantine("2026-11-20/indeed-a.csv", "unreadable", "abc")
    assert sorted(p.name for p in outside.rglob("*")) == before
    assert (landing / "2026-11-20" / "indeed-a.csv").exists()


def test_a_linked_folder_inside_quarantine_is_refused(landing: Path, outside: Path) -> None:
    (landing / QUARANTINE_DIR).mkdir()
    (landing / QUARANTINE_DIR / "2026-11-20").symlink_to(outside, target_is_directory=True)
    with pytest.raises(LandingZoneError):
        LandingZone(str(landing)).quarantine("2026-11-20/indeed-a.csv", "unreadable")
    assert not (outside / "indeed-a.csv.json").exists()


def test_quarantine_still_works_in_a_plain_zone(landing: Path) -> None:
    zone = LandingZone(str(landing), "move")
    assert zone.quarantine("2026-11-20/indeed-a.csv", "unreadable") == f"{QUARANTINE_DIR}/2026-11-20/indeed-a.csv"
    assert (landing / QUARANTINE_DIR / "2026-11-20" / "indeed-a.csv.json").exists()


def _mtime(day: date) -> float:
    return datetime(day.year, day.month, day.day, 12, tzinfo=UTC).timestamp()


def test_files_before_the_earliest_scrape_date_are_refused_once_with_a_reason() -> None:
    start = date(2020, 1, 1)
    files = [
        LandingFile("2019-12-31/indeed-a.csv", 10, _mtime(date(2026, 1, 1))),
        LandingFile("old-export.csv", 20, _mtime(date(2018, 5, 1))),  # no date in the path, old mtime
        LandingFile("2026-11-20/indeed-b.csv", 30, _mtime(date(2026, 11, 20))),
    ]

    def sha(path: str) -> str:
        return "sha-" + path

    seen = scan(files, {}, sha, lambda d: d >= start, first_day=start)  # first look: every file is still settling
    assert seen.run_keys == {} and seen.newly_refused == []
    first = scan(files, seen.state, sha, lambda d: d >= start, first_day=start)
    assert sorted(first.run_keys) == ["2026-11-20"]
    reasons = {r.path: r.reason for r in first.newly_refused}
    assert (
        "dated 2019-12-31, before the earliest accepted scrape date (2020-01-01)" in reasons["2019-12-31/indeed-a.csv"]
    )
    assert "no date in its path and last modified 2018-05-01" in reasons["old-export.csv"]
    assert first.deferred == {}
    again = scan(files, first.state, sha, lambda d: d >= start, first_day=start)
    assert again.newly_refused == [] and again.run_keys == {}  # said once; a later change is looked at again
    moved = [LandingFile("2020-01-02/indeed-a.csv", 10, _mtime(date(2026, 1, 1))), *files[1:]]
    settling = scan(moved, again.state, sha, lambda d: d >= start, first_day=start)
    later = scan(moved, settling.state, sha, lambda d: d >= start, first_day=start)
    assert sorted(later.run_keys) == ["2020-01-02"] and later.newly_refused == []


def test_symlinks_are_local_only_concerns(tmp_path: Path) -> None:
    os.makedirs(tmp_path / "z" / "2026-11-20")
    (tmp_path / "z" / "2026-11-20" / "a.csv").write_text("x")
    zone = LandingZone(f"file://{tmp_path / 'z'}")
    assert [f.path for f in zone.list_files()] == ["2026-11-20/a.csv"] and zone.refused == []

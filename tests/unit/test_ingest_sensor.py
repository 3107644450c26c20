"""The landing-zone sensor: incremental listing, content-derived run keys, cursor merging, no re-runs for re-drops."""

from __future__ import annotations

import json
import os
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import dagster as dg

from hirehound.ingest.landing import LandingZone
from hirehound.ingest.scan import load_state, scan
from resources.landing_zone import LandingZoneResource
from sensors.new_scrapes import new_scrapes_sensor

TODAY = datetime.now(UTC).date()
DAY = (TODAY - timedelta(days=2)).isoformat()
OTHER = (TODAY - timedelta(days=1)).isoformat()


def _tick(landing: Path, cursor: str | None) -> dg.SensorResult:
    context = dg.build_sensor_context(
        cursor=cursor, resources={"landing_zone": LandingZoneResource(location=str(landing))}
    )
    result = new_scrapes_sensor(context)
    assert isinstance(result, dg.SensorResult)
    return result


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)


def test_one_run_per_changed_scrape_date_and_none_for_unchanged_files(tmp_path: Path) -> None:
    _write(tmp_path / DAY / "indeed-a.jsonl", '{"title": "A"}\n')
    _write(tmp_path / DAY / "linkedin-b.jsonl", '{"title": "B"}\n')
    _write(tmp_path / OTHER / "indeed-c.jsonl", '{"title": "C"}\n')
    _write(tmp_path / "_quarantine" / DAY / "x.jsonl.json", "{}")  # never a scrape file
    _write(tmp_path / DAY / ".partial.jsonl", "{")
    first = _tick(tmp_path, None)
    assert sorted(r.partition_key for r in first.run_requests or []) == [DAY, OTHER]
    assert len(json.loads(first.cursor or "")["files"]) == 3

    second = _tick(tmp_path, first.cursor)
    assert not second.run_requests

    # the same bytes written again (new mtime) do not launch anything: the run key would be the same anyway
    path = tmp_path / DAY / "indeed-a.jsonl"
    path.write_text('{"title": "A"}\n')
    os.utime(path, (time.time() + 5, time.time() + 5))
    third = _tick(tmp_path, second.cursor)
    assert not third.run_requests

    # changed content: one run for that date only, with a different run key than before
    path.write_text('{"title": "A2"}\n')
    fourth = _tick(tmp_path, third.cursor)
    assert [r.partition_key for r in fourth.run_requests or []] == [DAY]
    first_key = next(r.run_key for r in first.run_requests or [] if r.partition_key == DAY)
    assert fourth.run_requests and fourth.run_requests[0].run_key != first_key


def test_run_key_depends_on_content_not_on_the_cursor(tmp_path: Path) -> None:
    _write(tmp_path / DAY / "indeed-a.jsonl", '{"title": "A"}\n')
    lost_cursor = _tick(tmp_path, None)
    again = _tick(tmp_path, "not json at all")  # a lost or corrupt cursor asks again with the same key
    assert [r.run_key for r in lost_cursor.run_requests or []] == [r.run_key for r in again.run_requests or []]


def test_only_new_or_changed_files_are_hashed(tmp_path: Path) -> None:
    for i in range(20):
        _write(tmp_path / DAY / f"indeed-{i}.jsonl", f'{{"title": "{i}"}}\n')
    zone = LandingZone(str(tmp_path))
    calls: list[str] = []

    def counting_sha(path: str) -> str:
        calls.append(path)
        return zone.sha256(path)

    first = scan(zone.list_files(), {}, counting_sha, lambda d: True)
    assert len(calls) == 20 and first.hashed == 20
    calls.clear()
    _write(tmp_path / DAY / "indeed-new.jsonl", '{"title": "new"}\n')
    second = scan(zone.list_files(), first.state, counting_sha, lambda d: True)
    assert calls == [f"{DAY}/indeed-new.jsonl"] and list(second.run_keys) == [DAY]


def test_files_dated_in_the_future_wait_and_the_cursor_forgets_deleted_files(tmp_path: Path) -> None:
    future = (TODAY + timedelta(days=3)).isoformat()
    _write(tmp_path / future / "indeed-a.jsonl", '{"title": "A"}\n')
    _write(tmp_path / DAY / "indeed-b.jsonl", '{"title": "B"}\n')
    result = _tick(tmp_path, None)
    assert [r.partition_key for r in result.run_requests or []] == [DAY]
    state = load_state(result.cursor)
    assert list(state) == [f"{DAY}/indeed-b.jsonl"]
    (tmp_path / DAY / "indeed-b.jsonl").unlink()
    assert load_state(_tick(tmp_path, result.cursor).cursor) == {}


def test_tick_with_ten_thousand_files_is_fast(tmp_path: Path) -> None:
    for i in range(10_000):
        folder = tmp_path / (TODAY - timedelta(days=i % 30)).isoformat()
        folder.mkdir(exist_ok=True)
        (folder / f"indeed-{i}.jsonl").write_text(f'{{"title": "{i}"}}\n')
    first = _tick(tmp_path, None)
    assert len(first.run_requests or []) == 30
    started = time.perf_counter()
    steady = _tick(tmp_path, first.cursor)
    elapsed = time.perf_counter() - started
    assert not steady.run_requests
    assert elapsed < 3.0, f"steady tick took {elapsed:.2f} s"  # the bench measures it properly (target <= 1 s)


def test_quarantine_marks_or_moves_and_hidden_files_are_not_listed(tmp_path: Path) -> None:
    _write(tmp_path / DAY / "indeed-a.jsonl", "x")
    _write(tmp_path / DAY / "indeed-b.jsonl", "y")
    marking = LandingZone(str(tmp_path))
    note = marking.quarantine(f"{DAY}/indeed-a.jsonl", "binary content", "abc")
    assert (tmp_path / DAY / "indeed-a.jsonl").exists()
    assert json.loads((tmp_path / note).read_text())["reason"] == "binary content"
    moving = LandingZone(str(tmp_path), quarantine_mode="move")
    moving.quarantine(f"{DAY}/indeed-b.jsonl", "truncated gzip")
    assert not (tmp_path / DAY / "indeed-b.jsonl").exists()
    assert (tmp_path / "_quarantine" / DAY / "indeed-b.jsonl").exists()
    assert [f.path for f in marking.list_files()] == [f"{DAY}/indeed-a.jsonl"]
    assert marking.sha256(f"{DAY}/indeed-a.jsonl") == "2d711642b726b04401627ca9fbac32f5c8530fb1903cc4db02258717921a4881"

"""What changed in the landing zone since the last look, and which scrape dates need an ingestion run.

The state is what was known about each file at the last look (size, mtime, sha256, scrape date, settled). A file
is only hashed, and only counts towards a run, once it has stopped changing: the same size and mtime on two looks
in a row. A file still being written (growing, or touched) is left for the next look, however often it changes,
so it never launches a run per look. A writer that renames a finished `.name` file into place is picked up on the
look after the rename. A file re-dropped unchanged has the same sha256 and asks for nothing. A scrape date's run
key is derived from the sorted content hashes of all its settled files, so the same content never launches
twice, even if the state were lost or rolled back.

A settled file that can never be ingested, because it is dated before the earliest accepted scrape date (or has no
date in its path and was last modified before then), is refused with a reason, once, rather than waiting without a
word: the sensor records it (`hirehound.ingestion.refused.record_refused`) in `scrape_files` and the failure ledger.
It is looked at again when it changes.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from datetime import date

from hirehound.ingestion.landing import LandingFile, RefusedFile
from hirehound.ingestion.scrape_date import scrape_date

# Why a file asks for no run yet. The sensor reports these; files dated outside the accepted range are the place
# to record "too old / undated" scrapes (e.g. in the failure ledger) instead of waiting without a word.
SETTLING = "settling"  # changed since the last look: wait until size and mtime hold still
UNDATED = "undated"  # no scrape date in its path, name or mtime
OUTSIDE_DATES = "outside_dates"  # dated in the future or before the earliest accepted date
HASH_BUDGET = "hash_budget"  # this look's hashing budget is spent; next look
UNREADABLE = "unreadable"  # vanished or could not be read while hashing
DAY_ARRIVING = "day_arriving"  # settled, but another file of its scrape date is still changing: one run, not two


@dataclass(frozen=True)
class FileState:
    size: int
    mtime: float
    sha256: str | None  # the last hash taken; None until the file has settled once
    scrape_date: str | None  # YYYY-MM-DD of the last hash
    settled: bool  # size and mtime unchanged since the previous look, and hashed at these values


State = dict[str, FileState]


@dataclass
class ScanResult:
    state: State
    run_keys: dict[str, str] = field(default_factory=dict)  # affected scrape date -> run key
    hashed: int = 0
    deferred: dict[str, str] = field(default_factory=dict)  # path -> why it asks for nothing yet (constants above)
    refused: list[RefusedFile] = field(default_factory=list)  # settled files that can never be ingested, with why
    newly_refused: list[RefusedFile] = field(default_factory=list)  # those refused for the first time this look

    def deferred_count(self, reason: str) -> int:
        return sum(1 for r in self.deferred.values() if r == reason)


def run_key(day: str, shas: Iterable[str]) -> str:
    digest = hashlib.sha256("\n".join(sorted(shas)).encode()).hexdigest()[:24]
    return f"scrapes-{day}-{digest}"


def scan(
    files: Iterable[LandingFile],
    previous: State,
    sha256: Callable[[str], str],
    accept_day: Callable[[date], bool],
    hash_budget_bytes: int = 2 << 30,
    first_day: date | None = None,
    quiet_seconds: float | None = None,
    now: float | None = None,
) -> ScanResult:
    """Merge the listing into the previous state; hash files that have settled until the byte budget is spent.

    With `first_day` (the earliest accepted scrape date), settled files dated before it are refused, not deferred.
    With `quiet_seconds` and `now` (only for mtimes from this machine's own clock), a new or changed file whose last
    write is at least that long ago has settled already: a write moves the mtime, so it has held still as long as
    two looks that far apart would have shown, and it need not wait for the next look.
    """
    state: State = {}
    changed_days: set[str] = set()
    result = ScanResult(state)
    spent = 0
    files = list(files)
    looks = {f.path: _look(f, previous.get(f.path), quiet_seconds, now) for f in files}
    # A scrape date launches once all its files hold still: a scraper writing a day's boards one after another
    # would otherwise get a run per file that settles first, each of the whole day, side by side.
    arriving = {str(f.scrape_date) for f in files if not looks[f.path][1] and f.scrape_date is not None}
    for f in files:
        known, same = looks[f.path]
        if known is not None and same and known.settled:
            state[f.path] = known
            continue
        if not same:
            # New or changed since the last look: remember what it looks like now, keep the last hash for the day's
            # run key, and decide when it has held still for one look.
            state[f.path] = FileState(
                f.size, f.mtime, known.sha256 if known else None, known.scrape_date if known else None, False
            )
            result.deferred[f.path] = SETTLING
            continue
        assert known is not None
        state[f.path] = known
        day = f.scrape_date
        if day is None:
            result.deferred[f.path] = UNDATED
            continue
        reason = _too_early(f, day, first_day)
        if reason is not None:
            refused = RefusedFile(f.path, reason, f.mtime)
            result.refused.append(refused)
            result.newly_refused.append(refused)  # settled now, so later looks pass it by until it changes
            state[f.path] = replace(known, sha256=None, scrape_date=None, settled=True)
            continue
        if not accept_day(day):
            result.deferred[f.path] = OUTSIDE_DATES
            continue
        if str(day) in arriving:
            result.deferred[f.path] = DAY_ARRIVING  # left unsettled: hashed with the rest of its day
            continue
        if spent > hash_budget_bytes:
            result.deferred[f.path] = HASH_BUDGET
            continue
        try:
            digest = sha256(f.path)
        except OSError:
            result.deferred[f.path] = UNREADABLE
            continue
        spent += f.size
        result.hashed += 1
        state[f.path] = replace(known, sha256=digest, scrape_date=day.isoformat(), settled=True)
        if known.sha256 != digest or known.scrape_date != day.isoformat():
            changed_days.add(day.isoformat())
            if known.scrape_date is not None and known.scrape_date != day.isoformat():
                changed_days.add(known.scrape_date)
    by_day: dict[str, list[str]] = {}
    for entry in state.values():
        if entry.scrape_date is not None and entry.sha256 is not None:
            by_day.setdefault(entry.scrape_date, []).append(entry.sha256)
    for day_key in sorted(changed_days):
        result.run_keys[day_key] = run_key(day_key, by_day.get(day_key, []))
    return result


def _look(
    f: LandingFile, known: FileState | None, quiet_seconds: float | None, now: float | None
) -> tuple[FileState | None, bool]:
    """What was known of the file, and whether it held still since: same size and mtime as at the last look, or
    (with a clock) last written at least `quiet_seconds` ago, then taken as seen once before, unchanged."""
    same = known is not None and known.size == f.size and known.mtime == f.mtime
    if not same and quiet_seconds is not None and now is not None and now - f.mtime >= quiet_seconds:
        sha, day = (known.sha256, known.scrape_date) if known else (None, None)
        return FileState(f.size, f.mtime, sha, day, False), True
    return known, same


def _too_early(f: LandingFile, day: date, first_day: date | None) -> str | None:
    if first_day is None or day >= first_day:
        return None
    if scrape_date(f.path, None) is None:
        return (
            f"no date in its path and last modified {day.isoformat()}, before the earliest accepted scrape date "
            f"({first_day.isoformat()}): put it in a YYYY-MM-DD folder to ingest it"
        )
    return (
        f"dated {day.isoformat()}, before the earliest accepted scrape date ({first_day.isoformat()}): never ingested"
    )

"""What changed in the landing zone since the last look, and which scrape dates need an ingestion run.

The state is {path: [size, mtime, sha256, scrape date]} carried from look to look (sha256 "" for a refused file).
Only files that are new or whose size or mtime changed are hashed (nothing is parsed); a file re-dropped unchanged
has the same sha256 and asks for nothing. A scrape date's run key is derived from the sorted content hashes of all
its files, so the same content never launches twice, even if the state were lost or rolled back.

A file that can never be ingested, because it is dated before the first partition (or has no date in its path and
was last modified before then), is refused with a reason, once, rather than deferred forever without a word: the
sensor logs `newly_refused` and records them (`hirehound.ingest.refused.record_refused`). It is looked at again
when it changes, or when the partitions start earlier.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from hirehound.ingest.landing import LandingFile, RefusedFile
from hirehound.ingest.scrape_date import scrape_date

State = dict[str, list[Any]]  # path -> [size, mtime, sha256, "YYYY-MM-DD"]


@dataclass
class ScanResult:
    state: State
    run_keys: dict[str, str] = field(default_factory=dict)  # affected scrape date -> run key
    hashed: int = 0
    deferred: int = 0  # files left for the next look (hash budget spent, dated in the future, vanished)
    refused: list[RefusedFile] = field(default_factory=list)  # every file that cannot be ingested, with why
    newly_refused: list[RefusedFile] = field(default_factory=list)  # those refused for the first time this look


def load_state(cursor: str | None) -> State:
    if not cursor:
        return {}
    try:
        data = json.loads(cursor)
    except ValueError:
        return {}
    files = data.get("files", {}) if isinstance(data, dict) else {}
    return {k: v for k, v in files.items() if isinstance(v, list) and len(v) == 4}


def dump_state(state: State) -> str:
    return json.dumps({"v": 1, "files": state}, separators=(",", ":"), sort_keys=True)


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
) -> ScanResult:
    """Merge the listing into the previous state; hash new/changed files until the byte budget is spent.

    With `first_day` (the partitions' start), files dated before it are refused instead of deferred.
    """
    state: State = {}
    changed_days: set[str] = set()
    result = ScanResult(state)
    spent = 0
    for f in files:
        known = previous.get(f.path)
        unchanged = known is not None and known[0] == f.size and known[1] == f.mtime
        if unchanged and known is not None and known[2]:
            state[f.path] = known
            continue
        day = f.scrape_date
        reason = _too_early(f, day, first_day)
        if reason is not None:
            refused = RefusedFile(f.path, reason, f.mtime)
            result.refused.append(refused)
            if not unchanged:
                result.newly_refused.append(refused)
            state[f.path] = [f.size, f.mtime, "", day.isoformat() if day else ""]
            continue
        if day is None or not accept_day(day) or spent > hash_budget_bytes:
            result.deferred += 1
            if known is not None:
                state[f.path] = known  # keep what we knew until we can look again
            continue
        try:
            digest = sha256(f.path)
        except OSError:  # vanished or still being written: look again next time
            result.deferred += 1
            continue
        spent += f.size
        result.hashed += 1
        state[f.path] = [f.size, f.mtime, digest, day.isoformat()]
        if known is None or known[2] != digest or known[3] != day.isoformat():
            changed_days.add(day.isoformat())
            if known is not None and known[3] != day.isoformat():
                changed_days.add(known[3])
    by_day: dict[str, list[str]] = {}
    for entry in state.values():
        if entry[2]:  # refused files take no part in a run
            by_day.setdefault(entry[3], []).append(entry[2])
    for day_key in sorted(changed_days):
        result.run_keys[day_key] = run_key(day_key, by_day.get(day_key, []))
    return result


def _too_early(f: LandingFile, day: date | None, first_day: date | None) -> str | None:
    if first_day is None or day is None or day >= first_day:
        return None
    if scrape_date(f.path, None) is None:
        return (
            f"no date in its path and last modified {day.isoformat()}, before the first partition "
            f"({first_day.isoformat()}): put it in a YYYY-MM-DD folder to ingest it"
        )
    return f"dated {day.isoformat()}, before the first partition ({first_day.isoformat()}): never ingested"

"""Which scrape date (daily partition) a landing-zone file belongs to.

Rule: the last `YYYY-MM-DD` path segment (a folder named like a date) wins; else a `YYYY-MM-DD` (or `YYYYMMDD`)
inside the file name; else the file's modification time in UTC. Scrapers that write into dated folders are never
re-dated by a later copy that changes the mtime.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime

_ISO = re.compile(r"(?<!\d)(\d{4})-(\d{2})-(\d{2})(?!\d)")
_COMPACT = re.compile(r"(?<!\d)(20\d{2})(\d{2})(\d{2})(?!\d)")


def _valid(year: str, month: str, day: str) -> date | None:
    try:
        found = date(int(year), int(month), int(day))
    except ValueError:
        return None
    return found if found.year >= 2000 else None


def date_in_text(text: str, *, compact: bool = False) -> date | None:
    """The first plausible calendar date written in `text` (ISO, or YYYYMMDD when `compact`)."""
    for match in _ISO.finditer(text):
        found = _valid(*match.groups())
        if found:
            return found
    if compact:
        for match in _COMPACT.finditer(text):
            found = _valid(*match.groups())
            if found:
                return found
    return None


def scrape_date(path: str, mtime: float | None) -> date | None:
    """The scrape date of the file at `path` (relative or absolute, `/`-separated) with modification time `mtime`."""
    parts = [p for p in path.replace("\\", "/").split("/") if p]
    folders, name = parts[:-1], parts[-1] if parts else ""
    for folder in reversed(folders):
        if _ISO.fullmatch(folder):
            found = _valid(*folder.split("-"))
            if found:
                return found
    found = date_in_text(name, compact=True)
    if found:
        return found
    if mtime is None:
        return None
    return datetime.fromtimestamp(mtime, tz=UTC).date()


def board_from_name(path: str) -> str | None:
    """The board a file name announces (`<board>-<anything>.ext`), lower-cased, if it starts with letters."""
    name = path.replace("\\", "/").rsplit("/", 1)[-1]
    match = re.match(r"([A-Za-z][A-Za-z_]*)-", name)
    if not match:
        return None
    board = match.group(1).lower().strip("_")
    return None if board in {"jobs", "scrape", "export", "data", "postings"} else board

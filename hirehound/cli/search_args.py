"""Checking `hirehound search` options before any work: a bad date or limit is one clear line, never a traceback.

`--since` takes what people type: an ISO date (2026-11-20), an ISO timestamp (2026-11-20T08:00:00Z), `today`,
`yesterday`, or `N days ago` / `Nd` / `N weeks ago` / `Nw`.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta

MAX_LIMIT = 1000
_RELATIVE = re.compile(r"(\d{1,4})\s*(d|days?|w|weeks?)(\s+ago)?", re.I)


class BadOption(ValueError):
    """An option value the command cannot use; its message names the option and what it accepts."""


def parse_since(text: str | None, today: date) -> date | None:
    """The first day to include, or None when no --since was given."""
    if text is None:
        return None
    value = text.strip().lower()
    if value == "today":
        return today
    if value == "yesterday":
        return today - timedelta(days=1)
    relative = _RELATIVE.fullmatch(value)
    if relative:
        days = int(relative.group(1)) * (7 if relative.group(2).startswith("w") else 1)
        return today - timedelta(days=days)
    try:
        return datetime.fromisoformat(value.upper().replace("Z", "+00:00")).date()
    except ValueError:
        pass
    raise BadOption(
        f"--since {text!r} is not a date: use YYYY-MM-DD, an ISO timestamp, today, yesterday or '7 days ago'"
    )


def check_limit(limit: int) -> int:
    if not 1 <= limit <= MAX_LIMIT:
        raise BadOption(f"--limit must be between 1 and {MAX_LIMIT}, got {limit}")
    return limit

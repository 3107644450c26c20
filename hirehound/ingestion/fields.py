"""Small field normalizers: employment type, posting and expiry dates (with the default expiry horizon).

Scraped dates are untrusted: `0001-01-01T00:00:00+14:00` is valid ISO but lands before year 1 in UTC, which
Postgres stores as a BC timestamp that Python cannot read back. Every date is bounded to a sane window; a value
outside it is dropped (posting date) or replaced by the default horizon (expiry), and a note says so, so the
caller can ledger it.
"""

from __future__ import annotations

import math
import re
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

DEFAULT_EXPIRY_DAYS = 30  # a posting with no expiry of its own is assumed open this long after its scrape date
EARLIEST_DATE = date(2000, 1, 1)  # no job board of today's kind existed before; older dates are junk
MAX_EXPIRY_YEARS = 5  # an expiry further than this after the scrape date is junk (boards post for weeks)
Notes = list[tuple[str, str]]  # (field, why its value was dropped), for the failure ledger

_EMPLOYMENT = [
    ("internship", re.compile(r"intern|trainee|apprentice|werkstudent", re.I)),
    ("part_time", re.compile(r"part[\s_-]?time|teilzeit|parttime", re.I)),
    ("temporary", re.compile(r"\btemp(orary)?\b|seasonal|fixed[\s_-]?term|befristet", re.I)),
    ("contract", re.compile(r"contract|freelance|consultant|contractor|1099|c2c|per[\s_-]?diem", re.I)),
    ("volunteer", re.compile(r"volunteer|unpaid", re.I)),
    ("full_time", re.compile(r"full[\s_-]?time|fulltime|permanent|vollzeit|regular|\bfte\b", re.I)),
]
_AGO = re.compile(r"(\d+)\+?\s*(minute|hour|day|week|month)s?\s+ago", re.I)


def employment_type(value: Any) -> str | None:
    """full_time | part_time | contract | temporary | internship | volunteer, or None (first listed wins)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    text = str(value).strip()
    if not text:
        return None
    first = re.split(r"[,;/|]", text)[0]
    for kind, pattern in _EMPLOYMENT:
        if pattern.search(first):
            return kind
    return None


def parse_date(value: Any, scrape_date: date, notes: Notes | None = None) -> date | None:
    """A posting date from ISO text, epoch seconds/milliseconds, or "3 days ago"; None if unknown or in the future."""
    try:
        found = _date(value, scrape_date)
    except (OverflowError, ValueError):
        found = None
    if found is None:
        return None
    if found > scrape_date + timedelta(days=1) or found < EARLIEST_DATE:
        if notes is not None:
            notes.append(("date_posted", f"{_shown(value)} is outside {EARLIEST_DATE}..{scrape_date}: dropped"))
        return None
    return found


def _date(value: Any, scrape_date: date) -> date | None:
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, int | float):
        if math.isnan(value):
            return None
        seconds = value / 1000 if value > 1e11 else value  # pandas to_json writes epoch milliseconds
        try:
            return datetime.fromtimestamp(seconds, tz=UTC).date()
        except (OverflowError, OSError, ValueError):
            return None
    text = str(value).strip()
    lowered = text.lower()
    if lowered in ("today", "just posted", "just now", "new"):
        return scrape_date
    if lowered == "yesterday":
        return scrape_date - timedelta(days=1)
    ago = _AGO.search(lowered)
    if ago:
        amount, unit = int(ago.group(1)), ago.group(2).lower()
        days = {"minute": 0, "hour": 0, "day": 1, "week": 7, "month": 30}[unit] * amount
        return scrape_date - timedelta(days=days)
    if re.fullmatch(r"\d{10,13}(\.\d+)?", text):
        return _date(float(text), scrape_date)
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00")).date()
    except ValueError:
        pass
    match = re.match(r"(\d{4})-(\d{2})-(\d{2})", text)
    if match:
        try:
            return date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
        except ValueError:
            return None
    return None


def parse_expiry(value: Any, scrape_date: date, notes: Notes | None = None) -> datetime:
    """The source's expiry (ISO datetime or date, in UTC), else the default horizon after the scrape date.

    An expiry before 2000 or more than five years after the scrape date is junk: the default horizon is used.
    """
    default = datetime.combine(scrape_date + timedelta(days=DEFAULT_EXPIRY_DAYS), time.min, tzinfo=UTC)
    if value is None or isinstance(value, bool):
        return default
    text = str(value).strip()[:64]
    try:
        parsed = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return default
    latest = scrape_date + timedelta(days=366 * MAX_EXPIRY_YEARS)
    try:
        in_utc = parsed.astimezone(UTC) if parsed.tzinfo else parsed.replace(tzinfo=UTC)
    except (OverflowError, ValueError):  # year 1 at +14:00 is before year 1 in UTC
        in_utc = None
    if in_utc is None or not EARLIEST_DATE <= in_utc.date() <= latest:
        if notes is not None:
            notes.append(("expires_at", f"{_shown(value)} is outside {EARLIEST_DATE}..{latest}: default horizon used"))
        return default
    return in_utc


def _shown(value: Any) -> str:
    return repr(str(value)[:64])

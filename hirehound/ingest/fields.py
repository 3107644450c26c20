"""Small field normalizers: employment type, posting and expiry dates (with the default expiry horizon)."""

from __future__ import annotations

import math
import re
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

DEFAULT_EXPIRY_DAYS = 30  # a posting with no expiry of its own is assumed open this long after its scrape date

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


def parse_date(value: Any, scrape_date: date) -> date | None:
    """A posting date from ISO text, epoch seconds/milliseconds, or "3 days ago"; None if unknown or in the future."""
    found = _date(value, scrape_date)
    if found is None or found > scrape_date + timedelta(days=1) or found.year < 2000:
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


def parse_expiry(value: Any, scrape_date: date) -> datetime:
    """The source's expiry (ISO datetime or date, UTC), else the default horizon after the scrape date."""
    if value is not None and not isinstance(value, bool):
        text = str(value).strip()
        try:
            parsed = datetime.fromisoformat(text.replace("Z", "+00:00"))
        except ValueError:
            parsed = None
        if parsed is not None:
            return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)
    return datetime.combine(scrape_date + timedelta(days=DEFAULT_EXPIRY_DAYS), time.min, tzinfo=UTC)

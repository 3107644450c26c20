"""Pay as numbers: minimum, maximum, currency, period, and the same range annualized for comparison.

Free text like "$120k–150k/yr", "£45,000 per annum", "€25/hour" or "up to 90.000 EUR" is parsed; structured
columns (JobSpy's min_amount/max_amount/currency/interval) are used as they are. An hour is 1/2080 of a year,
a day 1/260, a week 1/52, a month 1/12 (the factors JobSpy itself uses).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from typing import Any

ANNUAL_FACTOR = {"hour": 2080, "day": 260, "week": 52, "month": 12, "year": 1}
# No pay, in any currency and period, is above this (a billion: yen and rupiah included); larger is junk that would
# overflow annualizing and sorting. Such a salary is dropped with a note rather than stored.
MAX_AMOUNT = 1e9
_PERIOD_WORDS = {
    "year": (
        "yearly",
        "annually",
        "annual",
        "per annum",
        "p.a.",
        "pa",
        "a year",
        "per year",
        "/yr",
        "/year",
        "yr",
        "year",
        "/y",
        "jahr",
        "brutto/jahr",
    ),
    "month": ("monthly", "per month", "a month", "/mo", "/month", "month", "mo", "monat", "p.m."),
    "week": ("weekly", "per week", "a week", "/wk", "/week", "week", "wk"),
    "day": ("daily", "per day", "a day", "/day", "day", "per diem"),
    "hour": ("hourly", "per hour", "an hour", "/hr", "/h", "/hour", "hour", "hr", "ph", "p/h"),
}
_INTERVALS = {
    "yearly": "year",
    "monthly": "month",
    "weekly": "week",
    "daily": "day",
    "hourly": "hour",
    "year": "year",
    "month": "month",
    "week": "week",
    "day": "day",
    "hour": "hour",
    "annual": "year",
}
_SYMBOLS = [
    ("CA$", "CAD"),
    ("C$", "CAD"),
    ("A$", "AUD"),
    ("AU$", "AUD"),
    ("NZ$", "NZD"),
    ("HK$", "HKD"),
    ("S$", "SGD"),
    ("R$", "BRL"),
    ("US$", "USD"),
    ("$", "USD"),
    ("£", "GBP"),
    ("€", "EUR"),
    ("₹", "INR"),
    ("¥", "JPY"),
    ("₪", "ILS"),
    ("₩", "KRW"),
    ("zł", "PLN"),
    ("Fr.", "CHF"),
]
_CODES = {
    "USD",
    "EUR",
    "GBP",
    "CAD",
    "AUD",
    "NZD",
    "INR",
    "ILS",
    "CHF",
    "JPY",
    "CNY",
    "SEK",
    "NOK",
    "DKK",
    "PLN",
    "CZK",
    "HUF",
    "RON",
    "BRL",
    "MXN",
    "ZAR",
    "SGD",
    "HKD",
    "AED",
    "SAR",
    "BDT",
    "TRY",
    "KRW",
    "NIS",
}
_NUMBER = re.compile(r"(\d[\d,.\s']*\d|\d)\s*([kKmM])?(?![a-zA-Z])")


@dataclass(frozen=True)
class Salary:
    min: float | None
    max: float | None
    currency: str | None
    period: str | None  # year | month | week | day | hour

    @property
    def annual_min(self) -> float | None:
        return _annual(self.min, self.period)

    @property
    def annual_max(self) -> float | None:
        return _annual(self.max, self.period)


EMPTY = Salary(None, None, None, None)


def _annual(value: float | None, period: str | None) -> float | None:
    if value is None or period is None:
        return None
    return round(value * ANNUAL_FACTOR[period], 2)


def _amount(text: str) -> float | None:
    """A number written the US way (120,000.50) or the European way (90.000 / 1.234,56)."""
    digits = text.replace(" ", "").replace("'", "").replace("\u00a0", "")
    if "," in digits and "." in digits:
        digits = (
            digits.replace(".", "").replace(",", ".")
            if digits.rfind(",") > digits.rfind(".")
            else digits.replace(",", "")
        )
    elif "," in digits:
        head, _, tail = digits.rpartition(",")
        digits = digits.replace(",", "") if len(tail) == 3 else f"{head.replace(',', '')}.{tail}"
    elif digits.count(".") > 1 or re.fullmatch(r"\d{1,3}\.\d{3}", digits):
        digits = digits.replace(".", "")
    try:
        return float(Decimal(digits))
    except (InvalidOperation, ValueError):
        return None


def to_number(value: Any) -> float | None:
    """A structured salary column value as a float (None for blanks, NaN, zero or junk)."""
    if value is None or isinstance(value, bool):
        return None
    number: float | None
    if isinstance(value, int | float):
        number = float(value)
    else:
        text = str(value).strip()
        match = _NUMBER.search(text)
        number = _scaled(match) if match else None
    if number is None or math.isnan(number) or number <= 0:  # infinity stays, for `bounded` to note and drop
        return None
    return number


def _scaled(match: re.Match[str]) -> float | None:
    number = _amount(match.group(1))
    if number is None:
        return None
    suffix = (match.group(2) or "").lower()
    return number * (1000 if suffix == "k" else 1_000_000 if suffix == "m" else 1)


_CODE_RE = re.compile(r"\b(" + "|".join(sorted(_CODES)) + r")\b")
_PERIOD_RE = [
    (period, re.compile(r"(?<![a-z])(" + "|".join(re.escape(w) for w in words) + r")(?![a-z])"))
    for period, words in _PERIOD_WORDS.items()
]


def currency_of(text: str) -> str | None:
    found = _CODE_RE.search(text.upper())
    if found:
        return "ILS" if found.group(1) == "NIS" else found.group(1)
    for symbol, code in _SYMBOLS:
        if symbol in text:
            return code
    return None


def period_of(text: str) -> str | None:
    lowered = f" {text.lower()} "
    for period, pattern in _PERIOD_RE:
        if pattern.search(lowered):
            return period
    return None


def guess_period(value: float) -> str:
    """The period a bare amount most likely means (hourly wages are small, yearly salaries large)."""
    if value < 300:
        return "hour"
    if value < 1500:
        return "day"
    if value < 15000:
        return "month"
    return "year"


@lru_cache(maxsize=65_536)  # boards repeat the same salary strings across thousands of postings
def parse_salary_text(text: str | None) -> Salary:
    """min, max, currency and period of a free-text salary; EMPTY when it holds no amount."""
    if not text or not str(text).strip():
        return EMPTY
    text = str(text)
    matches = list(_NUMBER.finditer(text))[:2]
    amounts = [_scaled(m) for m in matches]
    # "$120-150k": a suffix on the upper bound applies to a bare lower bound
    if len(matches) == 2 and matches[1].group(2) and not matches[0].group(2) and amounts[0] and amounts[0] < 1000:
        factor = 1000 if matches[1].group(2).lower() == "k" else 1_000_000
        amounts[0] = amounts[0] * factor
    values = [a for a in amounts if a is not None and a > 0]
    if not values:
        return EMPTY
    lowered = text.lower()
    low: float | None = min(values)
    high: float | None = max(values)
    if len(values) == 1 and re.search(r"\b(up to|max(imum)?|bis( zu)?|jusqu'à)\b", lowered):
        low = None
    elif len(values) == 1 and re.search(r"\b(from|min(imum)?|ab|starting at|at least)\b|\+", lowered):
        high = None
    period = period_of(text) or guess_period(high or low or 0)
    return Salary(low, high, currency_of(text), period)


def bounded(pay: Salary, notes: list[tuple[str, str]] | None = None) -> Salary:
    """The salary, or EMPTY (with a note) when an amount is beyond any real pay."""
    if all(v is None or v <= MAX_AMOUNT for v in (pay.min, pay.max)):
        return pay
    if notes is not None:
        notes.append(
            ("salary", f"amount {max(v or 0 for v in (pay.min, pay.max)):.3g} exceeds {MAX_AMOUNT:.0e}: dropped")
        )
    return EMPTY


def salary_from_fields(
    text: Any,
    minimum: Any,
    maximum: Any,
    currency: Any,
    interval: Any,
    *,
    default_currency: str | None = None,
    notes: list[tuple[str, str]] | None = None,
) -> Salary:
    """Structured columns when they carry an amount, else the free text; amounts beyond any real pay are dropped."""
    return bounded(_from_fields(text, minimum, maximum, currency, interval, default_currency), notes)


def _from_fields(
    text: Any, minimum: Any, maximum: Any, currency: Any, interval: Any, default_currency: str | None
) -> Salary:
    low, high = to_number(minimum), to_number(maximum)
    if low is None and high is None:
        parsed = parse_salary_text(None if text is None else str(text))
        if parsed.currency is None and parsed != EMPTY and default_currency:
            return Salary(parsed.min, parsed.max, default_currency, parsed.period)
        return parsed
    if low is not None and high is not None and low > high:
        low, high = high, low
    period = _INTERVALS.get(str(interval or "").strip().lower()) or guess_period(high or low or 0)
    code = str(currency).strip().upper() if currency not in (None, "") and str(currency).strip() else None
    if code and code not in _CODES:
        code = currency_of(code) or code[:3]
    return Salary(low, high, code or default_currency, period)

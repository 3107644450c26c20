"""Pay as scams state it: per week or per day, as "up to" or "earn" a figure, as a range, or in the title; and pay
that no employer offers for the role.

Legitimate ads state pay per year or per hour, as the employer's range. Scam ads bait with what the applicant
could take home quickly ("$500 to $1,000 a week", "earn up to $300 daily", "Data Entry - $45/hr from home").
Any one of these also appears in honest ads (drivers are paid per week, a bonus "up to" an amount), so the bait
flag is light on its own and counts with the other flags.
"""

from __future__ import annotations

import re

from hirehound.quality.facts import PostingFacts

_NUMBER = r"\d[\d,]*(?:\.\d+)?\s?k?"
AMOUNT = rf"(?:[$£€₹]\s?{_NUMBER}|(?:usd|eur|gbp|inr|rs\.?)\s?{_NUMBER}|{_NUMBER}\s?(?:usd|dollars|euros?|gbp|pounds))"
_RANGE = rf"{AMOUNT}(?:\s*(?:-|–|to|top|and)\s*{AMOUNT}|\s*(?:-|–|to)\s*{_NUMBER})?"
_SHORT_PERIOD = r"(?:per|a|an|/|each|every)\s*(?:week|wk|day|shift)\b|\s(?:weekly|daily|a\s+week|per\s+week)\b"
PER_WEEK_OR_DAY = re.compile(
    rf"{_RANGE}\s*(?:{_SHORT_PERIOD})|"
    rf"(?:weekly|daily) (?:pay|income|salary|earnings|wages?)\s*(?:of|:|-|–|is|from|starts? at)?\s*{AMOUNT}"
)
# "Up to six figures" (EMSCAD's development half has it in frauds, never in its legitimate ads).
SIX_FIGURES = re.compile(r"\b(?:up to|make|earn|earning) (?:a )?six[- ]figures?")
UP_TO = re.compile(
    r"\b(?:up to|as much as|earn(?:ing)?s? (?:of )?(?:over |more than |between |from |up to |as much as )?|"
    r"make (?:up to |over )?)"
    rf"{AMOUNT}(?!\s*(?:per |a |/)?\s*(?:year|yr|annum|annually|p\.?a\.?\b))",
)
TITLE_PAY = re.compile(rf"{AMOUNT}|\b(?:earn|weekly pay|daily pay|paid daily|paid weekly)\b")
_PAY_CLAIM = re.compile(r"\$\s?(\d[\d,]*(?:\.\d+)?)\s*(k)?\s*(?:per|a|/|each)\s*(hour|hr|day|week|month)\b")
_PERIOD_FACTOR = {"hour": 2080, "hr": 2080, "day": 260, "week": 52, "month": 12}
# Roles that pay modestly almost everywhere: above these annual amounts the offer is not believable.
_LOW_PAY_ROLES = re.compile(
    r"data entry|clerk|administrative assistant|personal assistant|package|reshipping|chat operator|"
    r"mystery shopper|product tester|envelope|customer service|cashier|receptionist|warehouse|packer|typist|"
    r"student|intern\b|trainee",
)
LOW_PAY_CAP = 120_000.0  # US dollars a year
ANY_ROLE_CAP = 1_500_000.0
# Rough US dollars per unit, to compare salaries in other currencies with the caps; unknown currencies are skipped.
USD_PER_UNIT = {
    "USD": 1.0, "EUR": 1.1, "GBP": 1.27, "CHF": 1.13, "CAD": 0.73, "AUD": 0.66, "NZD": 0.6, "SGD": 0.74,
    "HKD": 0.13, "JPY": 0.0067, "CNY": 0.14, "INR": 0.012, "ILS": 0.27, "SEK": 0.095, "NOK": 0.093, "DKK": 0.15,
    "PLN": 0.25, "CZK": 0.043, "BRL": 0.18, "MXN": 0.055, "ZAR": 0.055, "AED": 0.27, "KRW": 0.00073,
}  # fmt: skip


def pay_bait(f: PostingFacts) -> str | None:
    """Pay stated per week or day, as "up to"/"earn" a figure, or in the title (the text that says so)."""
    title = f.title.lower()
    if m := TITLE_PAY.search(title):
        return f"pay in the title: {m.group(0).strip()!r}"
    text = f.description.lower()
    bait = (
        (PER_WEEK_OR_DAY, "pay per week or day"),
        (UP_TO, "pay as 'up to' or 'earn' a figure"),
        (SIX_FIGURES, "pay as 'up to' or 'earn' a figure"),
    )
    for pattern, what in bait:
        if m := pattern.search(text):
            return f"{what}: {m.group(0).strip()!r}"
    return None


def unrealistic_pay(f: PostingFacts) -> str | None:
    """Pay above what the role is paid anywhere (annualized, in rough US dollars)."""
    claims = []
    for amount, k, period in _PAY_CLAIM.findall(f.description.lower()):
        value = float(amount.replace(",", "")) * (1000 if k else 1)
        claims.append((value * _PERIOD_FACTOR[period.lower()], f"${amount}{k} per {period}"))
    rate = USD_PER_UNIT.get((f.salary_currency or "USD").upper())
    if f.salary_annual_max is not None and rate is not None:
        claims.append(
            (f.salary_annual_max * rate, f"salary up to {f.salary_annual_max:,.0f} {f.salary_currency} a year")
        )
    cap = LOW_PAY_CAP if _LOW_PAY_ROLES.search(f.title.lower()) else ANY_ROLE_CAP
    too_high = [text for annual, text in claims if annual > cap]
    return f"{too_high[0]} for '{f.title}'" if too_high else None

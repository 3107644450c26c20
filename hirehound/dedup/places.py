"""Whether two postings are in the same place, from every place each names (`normalized_postings.places`).

A posting can name several places ("NYC; Seattle, WA; Remote"), a state only ("Texas", "Remote - CA") or a
country only ("Remote in USA"). Two postings are in the same place when one place of each is the same, or one
lies inside the other's state ("Austin, TX" and "Texas"); a country alone is too coarse to call two postings one
job ("Remote in USA" and "New York, NY" stay unknown). Two postings that both name places and share none are in
different places: the multi-location template of one employer ("Software Engineer, Austin" / "..., Denver"), or
two remote openings for different states. Keys are `COUNTRY/REGION/CITY` as `hirehound.ingestion.locations` writes
them; regions are filled for the US and Canada only, so elsewhere a city compares with its country.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

from hirehound.ingestion.place_aliases import CITY_ALIASES


def places_relation(a: Sequence[str], b: Sequence[str]) -> str:
    """same | conflict | unknown for two postings' place keys (empty: the posting names no place)."""
    if not a or not b:
        return "unknown"
    if set(a) & set(b):
        return "same"
    relations = {_pair(x, y) for x in a for y in b}
    if "same" in relations:
        return "same"
    return "unknown" if "unknown" in relations else "conflict"


def _pair(x: str, y: str) -> str:
    """One place against another: same, inside one another (same, or unknown at country level), or conflict."""
    cx, rx, tx = _parts(x)
    cy, ry, ty = _parts(y)
    if not cx or not cy:  # a small town GeoNames lacks, written without a country: only its name can tell
        return "same" if tx and tx.casefold() == ty.casefold() else "unknown"
    if cx != cy:
        return "conflict"
    if rx and ry and rx != ry:
        return "conflict"
    if tx and ty:
        return "same" if tx == ty else "conflict"
    if tx or ty:  # a city against its state (same) or against a whole country (too coarse to say)
        return "same" if rx and ry else "unknown"
    if rx and ry:
        return "same"  # both the same state
    return "unknown" if (rx or ry) else "same"  # a state inside its country / the same country on both


def _parts(key: str) -> tuple[str, str, str]:
    country, _, rest = key.partition("/")
    region, _, city = rest.partition("/")
    return country, region, city


@lru_cache(maxsize=4096)
def place_words(places: tuple[str, ...]) -> frozenset[str]:
    """The lower-case words that name these places' cities in a title: the GeoNames name and one-word nicknames
    ("US/NY/New York City" gives new, york, city, nyc, manhattan)."""
    cities = {_parts(key)[2] for key in places} - {""}
    words = {w for city in cities for w in re.findall(r"[a-z0-9]+", city.lower())}
    words |= {alias for alias, (city, _, _) in CITY_ALIASES.items() if city in cities and alias.isalnum()}
    return frozenset(words)

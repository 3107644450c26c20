"""Phrases job boards and applicant-tracking systems show on the page of a job that is closed.

A page that still answers 200 but says the job is gone counts as closed. Phrases are matched case-insensitively
on the visible text of the first part of the page; they are specific enough ("no longer accepting applications")
not to fire on an open job's description.
"""

from __future__ import annotations

import re

CLOSED_PAGE_MARKERS: tuple[str, ...] = (
    "this job is no longer available",
    "this job is no longer accepting applications",
    "no longer accepting applications",
    "this job has expired",
    "this job posting has expired",
    "this position has been filled",
    "the position has been filled",
    "this job has been closed",
    "this job is closed",
    "job is no longer open",
    "the job you are looking for is no longer",
    "this posting is no longer active",
    "this vacancy has closed",
    "this vacancy has expired",
    "this role is no longer available",
    "diese stelle ist nicht mehr verfügbar",
    "stellenanzeige ist nicht mehr verfügbar",
    "cette offre n'est plus disponible",
    "esta oferta ya no está disponible",
    "deze vacature is niet meer beschikbaar",
)

_TAGS = re.compile(r"<(script|style)\b.*?</\1>|<[^>]+>", re.IGNORECASE | re.DOTALL)
_SPACE = re.compile(r"\s+")


def closed_marker(page: str, markers: tuple[str, ...] = CLOSED_PAGE_MARKERS) -> str | None:
    """The first closed-job phrase found in the page's text (HTML tags ignored), or None."""
    text = _SPACE.sub(" ", _TAGS.sub(" ", page)).lower().replace("\u2019", "'")
    for marker in markers:
        if marker in text:
            return marker
    return None

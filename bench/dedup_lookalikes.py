"""What a listing without URL or description leaves to tell one job from two: look-alike pairs by timing.

A look-alike pair is two labelled listings of one company whose titles name the same role and read alike (the
dedup rules for title-only listings: title relation same, token-set similarity >= 0.9) and whose locations share
a place. Counted by when the second appeared: both live on one scrape day ("side by side"), on the next scrape day
after the first's last sighting, or later; each as (one requisition, two requisitions). If one timing held mostly
one-requisition pairs, a re-post rule could take it; on the Simplify lists none does (docs/dedup.md).
"""

from __future__ import annotations

import itertools
import json
from collections import defaultdict
from pathlib import Path
from typing import Any

from rapidfuzz import fuzz

from hirehound.dedup.places import places_relation
from hirehound.dedup.scoring import TITLE_ONLY_SAME
from hirehound.dedup.titles import title_relation
from hirehound.ingestion.locations import parse_location

TIMINGS = ("side by side", "next scrape day", "later")


def sightings(landing: Path) -> tuple[list[str], dict[str, tuple[str, str]]]:
    """The scrape days of a landing zone and each listing's (first, last) day in it, by `source_job_id`."""
    days = sorted(p.name for p in landing.iterdir() if p.is_dir())
    seen: dict[str, tuple[str, str]] = {}
    for day in days:
        for path in sorted((landing / day).glob("*.jsonl")):
            for line in path.read_text().splitlines():
                if line.strip():
                    sid = str(json.loads(line).get("source_job_id"))
                    seen[sid] = (seen[sid][0], day) if sid in seen else (day, day)
    return days, seen


def lookalike_timing(
    labels: list[dict[str, Any]], days: list[str], seen: dict[str, tuple[str, str]]
) -> dict[str, tuple[int, int]]:
    """timing -> (pairs of one requisition, pairs of two) over the look-alike pairs of `labels`."""
    by_company: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for label in labels:
        if label.get("requisition") and str(label["source_job_id"]) in seen:
            by_company[label["company_key"]].append(label)
    counts = {t: [0, 0] for t in TIMINGS}
    for members in by_company.values():
        for a, b in itertools.combinations(members, 2):
            if title_relation(a["title"], b["title"]) != "same":
                continue
            if fuzz.token_set_ratio(a["title"].lower(), b["title"].lower()) / 100.0 < TITLE_ONLY_SAME:
                continue
            places_a, places_b = (parse_location(x["location"]).places for x in (a, b))
            if places_relation(places_a, places_b) != "same":
                continue
            (_, first_last), (later_first, _) = sorted((seen[str(a["source_job_id"])], seen[str(b["source_job_id"])]))
            if first_last >= later_first:
                timing = TIMINGS[0]
            else:
                timing = TIMINGS[1] if days.index(later_first) - days.index(first_last) == 1 else TIMINGS[2]
            counts[timing][0 if a["requisition"] == b["requisition"] else 1] += 1
    return {t: (c[0], c[1]) for t, c in counts.items()}

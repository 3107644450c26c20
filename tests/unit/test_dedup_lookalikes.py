"""Look-alike listings by timing: the figure that says whether a re-post rule could find duplicates without URLs."""

from __future__ import annotations

import json
from pathlib import Path

from bench.dedup_lookalikes import lookalike_timing, sightings


def label(sid: str, requisition: str, title: str = "Software Engineer Intern", location: str = "NYC") -> dict:
    return {"source_job_id": sid, "requisition": requisition, "company_key": "acme", "title": title,
            "location": location}  # fmt: skip


def test_pairs_are_counted_by_when_the_second_listing_appeared(tmp_path: Path) -> None:
    days = {"2024-01-01": ["s1", "s2", "s3"], "2024-01-29": ["s2", "s4"], "2024-02-26": ["s5"]}
    for day, sids in days.items():
        (tmp_path / day).mkdir()
        (tmp_path / day / "list.jsonl").write_text("".join(json.dumps({"source_job_id": s}) + "\n" for s in sids))
    labels = [
        label("s1", "gh:1"),
        label("s2", "gh:2", location="New York, NY"),  # the same place written out
        label("s3", "gh:3", title="Data Science Intern"),  # another role: not a look-alike
        label("s4", "gh:1"),  # the next scrape day after s1 was last seen, s1's requisition again
        label("s5", "gh:5", location="Boston, MA"),  # another place: not a look-alike
        label("s6", "gh:6"),  # never seen in the landing zone
    ]
    timing = lookalike_timing(labels, *sightings(tmp_path))
    # s1~s2 side by side (two requisitions); s2~s4 side by side on 01-29 (two); s1~s4 next scrape day (one).
    assert timing == {"side by side": (0, 2), "next scrape day": (1, 0), "later": (0, 0)}

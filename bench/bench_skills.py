"""Skill extraction: precision/recall/F1 on hand-labelled real postings, and extraction throughput.

Quality: 61 real postings (title + description, descriptions cut to about 500 characters by the exporter) from
../shared/data/real_samples/jobspy_export_2025-03-07.csv, labelled by hand in bench/skills_labels.csv (row ids
and skill names only; the texts are read from ../shared at run time, and the quality part is skipped when that
folder is absent). Scored as micro P/R/F1 over (posting, skill) pairs, for the curated vocabulary alone and with
the ESCO skills CSV merged in (../shared/data/esco/skills.csv, or HIREHOUND_ESCO_CSV). Anchor: Nesta's open
skills extractor, F1 0.586 on held-out ads.

Throughput: postings per second through `SkillExtractor.extract` (small: 5,000 postings, large: 50,000), built
from the real descriptions (or a fixed paragraph when they are absent).
"""

from __future__ import annotations

import csv
import os
import time
from pathlib import Path

from hirehound.ingestion.text import description_to_text
from hirehound.skills.evaluation import labels_to_ids, read_labels, score
from hirehound.skills.extractor import SkillExtractor
from hirehound.skills.taxonomy import Taxonomy, load_taxonomy

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "data"
SAMPLE = SHARED / "real_samples" / "jobspy_export_2025-03-07.csv"
ESCO = Path(os.environ.get("HIREHOUND_ESCO_CSV") or SHARED / "esco" / "skills.csv")
LABELS = ROOT / "bench" / "skills_labels.csv"
SIZES = {"small": 5_000, "large": 50_000}
NESTA_F1 = 0.586
_FALLBACK = (
    "We are looking for a data engineer with Python, SQL and dbt experience. You will run Kubernetes workloads "
    "on AWS, build CI/CD pipelines, and work closely with our Sales and Marketing teams. Strong communication "
    "skills and attention to detail required.",
)


def real_postings() -> dict[str, tuple[str, str]]:
    """row id -> (title, description text) of the labelled real sample, as ingestion would clean them."""
    with SAMPLE.open(encoding="utf-8", newline="") as f:
        out = {}
        for row in csv.DictReader(f):
            desc = row["Job Description"]
            desc = "" if desc.strip() == "No description available" else desc
            out[row["Job ID"]] = (row["Job Title (Primary)"], description_to_text(desc, "markdown")[1])
        return out


def _quality(taxonomy: Taxonomy, postings: dict[str, tuple[str, str]], labels: dict[str, list[str]]) -> str:
    extractor = SkillExtractor(taxonomy)
    gold = labels_to_ids(labels, taxonomy)
    predicted = {rid: extractor.skill_ids(*postings[rid]) for rid in gold if rid in postings}
    s = score(predicted, {rid: ids for rid, ids in gold.items() if rid in postings})
    return (
        f"| {len(taxonomy):,} | {s.postings} | {s.precision:.3f} | {s.recall:.3f} | **{s.f1:.3f}** | "
        f"{s.true_positives} | {s.false_positives} | {s.false_negatives} |"
    )


def run(size: str) -> str:
    lines = ["## Skills", ""]
    curated = load_taxonomy()
    labels = read_labels(LABELS)
    if SAMPLE.is_file():
        postings = real_postings()
        lines += [
            f"Hand-labelled real postings: {len(labels)} ({sum(map(len, labels.values()))} skill labels). "
            f"Anchor: Nesta's extractor F1 {NESTA_F1}.",
            "",
            "| taxonomy | skills | postings | precision | recall | F1 | TP | FP | FN |",
            "|---|---|---|---|---|---|---|---|---|",
            "| curated | " + _quality(curated, postings, labels)[2:],
        ]
        if ESCO.is_file():
            with_esco = load_taxonomy(ESCO)
            lines.append("| curated + ESCO | " + _quality(with_esco, postings, labels)[2:])
        texts = list(postings.values())
    else:
        lines.append(f"_quality skipped: real sample not found at {SAMPLE}_")
        texts = [("Data Engineer", t) for t in _FALLBACK]
    n = SIZES[size]
    for name, taxonomy in (
        ("curated", curated),
        *((("curated + ESCO", load_taxonomy(ESCO)),) if ESCO.is_file() else ()),
    ):
        started = time.perf_counter()
        extractor = SkillExtractor(taxonomy)
        build = time.perf_counter() - started
        started = time.perf_counter()
        mentions = sum(len(extractor.extract(*texts[i % len(texts)])) for i in range(n))
        seconds = time.perf_counter() - started
        lines.append(
            f"\nThroughput ({name}, {n:,} postings): {n / seconds:,.0f} postings/s, {mentions:,} mentions, "
            f"automaton built in {build:.2f} s."
        )
    return "\n".join(lines)


if __name__ == "__main__":
    import sys

    print(run(sys.argv[1] if len(sys.argv) > 1 else "small"))

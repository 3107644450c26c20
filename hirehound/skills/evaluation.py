"""Scoring skill extraction against hand labels: micro precision, recall and F1 over (posting, skill) pairs.

Labels are skill names as a person wrote them; they are mapped to taxonomy ids through the taxonomy's labels, and
a name the taxonomy does not know stays a name (a skill the extractor can never find, so it counts against
recall, as it should).
"""

from __future__ import annotations

import csv
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from hirehound.evaluation.classification import f1_score
from hirehound.skills.taxonomy import Taxonomy


@dataclass(frozen=True)
class SkillScores:
    precision: float
    recall: float
    f1: float
    true_positives: int
    false_positives: int
    false_negatives: int
    postings: int


def read_labels(path: str | Path) -> dict[str, list[str]]:
    """row_id -> skill names, from a CSV with `row_id,skills` (skills separated by semicolons; may be empty)."""
    with Path(path).open(encoding="utf-8", newline="") as f:
        return {
            row["row_id"]: [s.strip() for s in (row["skills"] or "").split(";") if s.strip()]
            for row in csv.DictReader(f)
        }


def labels_to_ids(labels: Mapping[str, list[str]], taxonomy: Taxonomy) -> dict[str, set[str]]:
    lookup = taxonomy.lookup()
    return {rid: {lookup.get(name.casefold(), f"unknown:{name.casefold()}") for name in names}
            for rid, names in labels.items()}  # fmt: skip


def score(predicted: Mapping[str, set[str]], gold: Mapping[str, set[str]]) -> SkillScores:
    """Micro-averaged scores over the postings of `gold`."""
    tp = fp = fn = 0
    for rid, truth in gold.items():
        found = predicted.get(rid, set())
        tp += len(found & truth)
        fp += len(found - truth)
        fn += len(truth - found)
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    f1 = f1_score(precision, recall)
    return SkillScores(precision, recall, f1, tp, fp, fn, len(gold))

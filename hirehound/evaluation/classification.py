"""Precision, recall and F1 of the positive class (e.g. fraud), the only honest measures at a 5% base rate."""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from dataclasses import dataclass
from typing import TypeVar

K = TypeVar("K", bound=Hashable)


@dataclass(frozen=True)
class BinaryScores:
    precision: float  # 1.0 when nothing was flagged
    recall: float  # 1.0 when there is nothing to find
    f1: float
    true_positives: int
    false_positives: int
    false_negatives: int
    true_negatives: int


def f1_score(precision: float, recall: float) -> float:
    """The harmonic mean of precision and recall (0 when both are 0): every F1 the project reports."""
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def at_base_rate(recall: float, false_positive_rate: float, base_rate: float) -> tuple[float, float]:
    """Precision and F1 that a classifier with these per-class rates would have where positives are `base_rate` of
    all items (a sample with another class balance, e.g. EMSCAD's frauds at 4.84%, says nothing of precision)."""
    hits = base_rate * recall
    alarms = hits + (1 - base_rate) * false_positive_rate
    precision = hits / alarms if alarms else 1.0
    return precision, f1_score(precision, recall)


def binary_scores(predicted: Mapping[K, bool], truth: Mapping[K, bool]) -> BinaryScores:
    """Scores over the items of `truth`; an item missing from `predicted` counts as predicted negative."""
    tp = fp = fn = tn = 0
    for item, actual in truth.items():
        flagged = bool(predicted.get(item, False))
        if flagged and actual:
            tp += 1
        elif flagged:
            fp += 1
        elif actual:
            fn += 1
        else:
            tn += 1
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    return BinaryScores(precision, recall, f1_score(precision, recall), tp, fp, fn, tn)

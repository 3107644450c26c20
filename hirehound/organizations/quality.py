"""How well matching groups spellings into employers: pairwise precision and recall of "same organization".

Every pair of items (spellings or postings) that the truth puts under one employer and the prediction puts under
one organization is a true positive; precision is the share of predicted pairs that are true, recall the share of
true pairs that were predicted. Counting is done per group size, so it is linear in the number of items.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class PairScores:
    precision: float
    recall: float
    true_pairs: int
    predicted_pairs: int
    correct_pairs: int

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def _pairs(n: int) -> int:
    return n * (n - 1) // 2


def pairwise_scores(truth: Mapping[Hashable, Hashable], predicted: Mapping[Hashable, Hashable]) -> PairScores:
    """Scores over the items present in both mappings (item -> true group, item -> predicted group)."""
    items = [i for i in truth if i in predicted]
    true_pairs = sum(_pairs(c) for c in Counter(truth[i] for i in items).values())
    predicted_pairs = sum(_pairs(c) for c in Counter(predicted[i] for i in items).values())
    correct = sum(_pairs(c) for c in Counter((truth[i], predicted[i]) for i in items).values())
    return PairScores(
        precision=correct / predicted_pairs if predicted_pairs else 1.0,
        recall=correct / true_pairs if true_pairs else 1.0,
        true_pairs=true_pairs,
        predicted_pairs=predicted_pairs,
        correct_pairs=correct,
    )

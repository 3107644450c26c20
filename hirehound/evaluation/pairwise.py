"""Pairwise precision, recall and F1 of a grouping (duplicate clusters, organizations) against the true grouping.

Two items form a true pair when they share a true label (same job_id, same org_id) and a predicted pair when they
share a predicted label (same cluster, same organization). Counting works on the contingency table, so it is exact
and linear in the number of items, never quadratic.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass
from typing import TypeVar

from hirehound.evaluation.classification import f1_score

K = TypeVar("K", bound=Hashable)


@dataclass(frozen=True)
class PairScores:
    precision: float  # 1.0 when nothing was paired (no false merges were made)
    recall: float  # 1.0 when there is nothing to pair
    f1: float
    true_pairs: int
    predicted_pairs: int
    correct_pairs: int
    items: int


def _label(predicted: Mapping[K, Hashable], item: K) -> Hashable:
    """The predicted label; an item without one (missing or None) is alone in its own cluster."""
    label = predicted.get(item)
    return ("__singleton__", item) if label is None else label


def _pairs(n: int) -> int:
    return n * (n - 1) // 2


def pairwise_scores(predicted: Mapping[K, Hashable], truth: Mapping[K, Hashable]) -> PairScores:
    """Scores over the items of `truth`; an item missing from `predicted` (or None there) counts as a singleton."""
    true_sizes: Counter[Hashable] = Counter()
    pred_sizes: Counter[Hashable] = Counter()
    cells: Counter[tuple[Hashable, Hashable]] = Counter()
    for item, label in truth.items():
        pred = _label(predicted, item)
        true_sizes[label] += 1
        pred_sizes[pred] += 1
        cells[(pred, label)] += 1
    true_pairs = sum(_pairs(n) for n in true_sizes.values())
    predicted_pairs = sum(_pairs(n) for n in pred_sizes.values())
    correct = sum(_pairs(n) for n in cells.values())
    precision = correct / predicted_pairs if predicted_pairs else 1.0
    recall = correct / true_pairs if true_pairs else 1.0
    return PairScores(precision, recall, f1_score(precision, recall), true_pairs, predicted_pairs, correct, len(truth))


@dataclass(frozen=True)
class TypeRecall:
    """Of the true pairs that involve an item of this type, how many were predicted together."""

    pairs: int
    found: int

    @property
    def recall(self) -> float:
        return self.found / self.pairs if self.pairs else 1.0


def recall_by_type(
    predicted: Mapping[K, Hashable], truth: Mapping[K, Hashable], types: Mapping[K, str | None]
) -> dict[str, TypeRecall]:
    """Recall per duplicate type: each item of type T contributes its pairs with the rest of its true group.

    A pair between two typed items counts once for each of their types; untyped items (the first posting of a job)
    contribute nothing themselves but are partners of the typed ones.
    """
    group_sizes: Counter[Hashable] = Counter(truth.values())
    together: Counter[tuple[Hashable, Hashable]] = Counter()
    for item, label in truth.items():
        together[(label, _label(predicted, item))] += 1
    pairs: Counter[str] = Counter()
    found: Counter[str] = Counter()
    for item, label in truth.items():
        kind = types.get(item)
        if not kind:
            continue
        pred = _label(predicted, item)
        pairs[kind] += group_sizes[label] - 1
        found[kind] += together[(label, pred)] - 1
    return {kind: TypeRecall(pairs[kind], found[kind]) for kind in sorted(pairs)}


def labels_from_pairs(items: Iterable[K], pairs: Iterable[tuple[K, K]]) -> dict[K, K]:
    """Cluster labels from matched pairs (union-find): every item maps to one representative member of its cluster."""
    parent: dict[K, K] = {item: item for item in items}

    def find(x: K) -> K:
        root = x
        while parent[root] != root:
            root = parent[root]
        while parent[x] != root:  # path compression keeps long chains cheap
            parent[x], x = root, parent[x]
        return root

    for a, b in pairs:
        parent.setdefault(a, a)
        parent.setdefault(b, b)
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[rb] = ra
    return {item: find(item) for item in parent}

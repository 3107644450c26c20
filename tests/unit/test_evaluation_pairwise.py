"""Pairwise scoring checked on hand-made groupings and against a brute-force count over all pairs."""

from __future__ import annotations

import itertools
import random

import pytest

from hirehound.evaluation import binary_scores, labels_from_pairs, pairwise_scores, recall_by_type


def test_hand_made_example() -> None:
    truth = {"a": 1, "b": 1, "c": 1, "d": 2, "e": 2, "f": 3}
    predicted = {"a": "X", "b": "X", "c": "Y", "d": "Y", "e": "Y", "f": "Z"}
    s = pairwise_scores(predicted, truth)
    # true pairs ab ac bc de; predicted ab cd ce de; correct ab de
    assert (s.true_pairs, s.predicted_pairs, s.correct_pairs) == (4, 4, 2)
    assert s.precision == s.recall == s.f1 == 0.5


def test_perfect_empty_and_all_in_one() -> None:
    truth = {"a": 1, "b": 1, "c": 2}
    assert pairwise_scores({"a": 9, "b": 9, "c": 8}, truth).f1 == 1.0
    nothing = pairwise_scores({}, truth)
    assert (nothing.precision, nothing.recall, nothing.f1) == (1.0, 0.0, 0.0)
    lumped = pairwise_scores(dict.fromkeys(truth, "x"), truth)
    assert lumped.precision == pytest.approx(1 / 3) and lumped.recall == 1.0


def test_missing_or_none_predictions_are_singletons_not_one_cluster() -> None:
    truth = {"a": 1, "b": 1, "c": 2}
    s = pairwise_scores({"a": None, "b": None}, truth)
    assert s.predicted_pairs == 0 and s.recall == 0.0
    # items only in the prediction are ignored
    assert pairwise_scores({"a": 1, "b": 1, "zz": 1}, truth).predicted_pairs == 1


def _brute(predicted: dict[int, int], truth: dict[int, int]) -> tuple[int, int, int]:
    tp = pp = cp = 0
    for x, y in itertools.combinations(truth, 2):
        same_t, same_p = truth[x] == truth[y], predicted[x] == predicted[y]
        tp += same_t
        pp += same_p
        cp += same_t and same_p
    return tp, pp, cp


@pytest.mark.parametrize("seed", range(5))
def test_matches_brute_force(seed: int) -> None:
    rng = random.Random(seed)
    truth = {i: rng.randrange(15) for i in range(60)}
    predicted = {i: rng.randrange(12) for i in range(60)}
    s = pairwise_scores(predicted, truth)
    assert (s.true_pairs, s.predicted_pairs, s.correct_pairs) == _brute(predicted, truth)


def test_recall_by_type() -> None:
    truth = {"a": "j1", "b": "j1", "c": "j1", "d": "j2"}
    types = {"a": None, "b": "FULL", "c": "SEMANTIC", "d": None}
    predicted = {"a": 1, "b": 1, "c": 2, "d": 1}
    by = recall_by_type(predicted, truth, types)
    assert (by["FULL"].pairs, by["FULL"].found) == (2, 1)  # b-a found, b-c missed
    assert (by["SEMANTIC"].pairs, by["SEMANTIC"].found) == (2, 0)
    assert by["FULL"].recall == 0.5 and "TEMPORAL" not in by


def test_labels_from_pairs_unions_chains() -> None:
    labels = labels_from_pairs(["a", "b", "c", "d", "e", "f"], [("a", "b"), ("b", "c"), ("e", "d")])
    assert labels["a"] == labels["b"] == labels["c"]
    assert labels["d"] == labels["e"] != labels["a"]
    assert labels["f"] == "f"


def test_binary_scores_for_the_fraud_class() -> None:
    truth = {1: True, 2: True, 3: False, 4: False, 5: False}
    s = binary_scores({1: True, 3: True, 4: False}, truth)
    assert (s.true_positives, s.false_positives, s.false_negatives, s.true_negatives) == (1, 1, 1, 2)
    assert s.precision == 0.5 and s.recall == 0.5 and s.f1 == 0.5
    none_flagged = binary_scores({}, truth)
    assert none_flagged.recall == 0.0 and none_flagged.f1 == 0.0

"""Scoring ESCO skill linking the way the Decorte et al. skill-extraction benchmark papers do.

The benchmark (TECH and HOUSE, sentences from real job ads) gives, per span of a sentence, the ESCO preferred label
it expresses, or `LABEL NOT PRESENT` / `UNDERSPECIFIED` when no ESCO skill fits. A sentence's gold set is the ESCO
skills of its spans (identical sentences are one sentence). Two measures:

- micro precision, recall and F1 over (sentence, ESCO skill) pairs, on every sentence (a skill predicted for a
  sentence whose spans have no ESCO skill is a false positive);
- RP@K (R-precision at K) on the sentences with at least one gold skill: the share of a sentence's top K ranked
  skills that are gold, divided by min(K, number of gold skills), averaged over sentences.
"""

from __future__ import annotations

import csv
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from hirehound.evaluation.classification import f1_score

NO_SKILL = frozenset({"LABEL NOT PRESENT", "UNDERSPECIFIED"})


@dataclass(frozen=True)
class GoldSentence:
    sentence: str
    skills: frozenset[str]  # ESCO preferred labels, casefolded
    spans: int  # annotated spans, with or without an ESCO skill


@dataclass(frozen=True)
class LinkScores:
    sentences: int
    ranked_sentences: int  # sentences with a gold skill (the RP@K denominator)
    precision: float
    recall: float
    f1: float
    true_positives: int
    false_positives: int
    false_negatives: int
    rp_at: dict[int, float]


def read_annotations(path: str | Path) -> list[GoldSentence]:
    """Gold sentences from a benchmark CSV with `sentence,span,sub_span,label` columns, in first-seen order."""
    with Path(path).open(encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        missing = {"sentence", "label"} - set(reader.fieldnames or ())
        if missing:
            raise ValueError(f"{path}: not a skill benchmark file (missing columns {sorted(missing)})")
        skills: dict[str, set[str]] = {}
        spans: dict[str, int] = {}
        for row in reader:
            sentence, label = (row["sentence"] or "").strip(), (row["label"] or "").strip()
            if not sentence:
                continue
            skills.setdefault(sentence, set())
            spans[sentence] = spans.get(sentence, 0) + 1
            if label and label not in NO_SKILL:
                skills[sentence].add(label.casefold())
    return [GoldSentence(s, frozenset(found), spans[s]) for s, found in skills.items()]


def score_links(
    gold: Sequence[GoldSentence],
    predicted: Mapping[str, set[str]],
    ranked: Mapping[str, Sequence[str]],
    ks: Sequence[int] = (5, 10),
) -> LinkScores:
    """`predicted`: sentence -> labels kept after thresholding; `ranked`: sentence -> labels best first (casefolded)."""
    tp = fp = fn = 0
    for g in gold:
        found = predicted.get(g.sentence, set())
        tp += len(found & g.skills)
        fp += len(found - g.skills)
        fn += len(g.skills - found)
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = f1_score(precision, recall)
    with_gold = [g for g in gold if g.skills]
    rp = {k: _rp_at(with_gold, ranked, k) for k in ks}
    return LinkScores(len(gold), len(with_gold), precision, recall, f1, tp, fp, fn, rp)


def _rp_at(gold: Sequence[GoldSentence], ranked: Mapping[str, Sequence[str]], k: int) -> float:
    if not gold:
        return 0.0
    total = 0.0
    for g in gold:
        top = _distinct(ranked.get(g.sentence, ()))[:k]
        total += sum(label in g.skills for label in top) / min(k, len(g.skills))
    return total / len(gold)


def _distinct(labels: Sequence[str]) -> list[str]:
    return list(dict.fromkeys(labels))

"""Linking phrases of a posting to ESCO skills by meaning: nearest skills, re-ranked, thresholded per sentence.

A phrase's vector is compared with every ESCO skill's label vector and text vector (exact cosine, a matrix
product: about 5 ms for a posting's phrases against 13.9k skills on two cores). Re-ranking blends the two
similarities (`label_weight`): the label says what the skill is called, the text what it is about. A skill's score
in a sentence is its best phrase's blended similarity; a sentence keeps its `per_sentence` best skills at or above
`threshold`. The weights and threshold were chosen on the TECH validation split of the Decorte et al. benchmark
and checked on HOUSE (bench/eval_skills.py, docs/skills.md).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from hirehound.skills.esco_vectors import EscoVectors
from hirehound.skills.spans import Phrase


@dataclass(frozen=True)
class LinkSettings:
    label_weight: float = 0.5
    threshold: float = 0.6
    per_sentence: int = 1
    ranked: int = 10  # skills kept per sentence for ranking (RP@K)


@dataclass(frozen=True)
class Link:
    concept: int  # row of EscoVectors.concepts
    score: float
    phrase: Phrase


def rank_sentences(
    vectors: EscoVectors, phrases: Sequence[Phrase], phrase_vectors: np.ndarray, settings: LinkSettings
) -> list[list[Link]]:
    """Per sentence (in text order), its `ranked` best skills, best first; each with its best phrase."""
    if not phrases:
        return []
    sims = settings.label_weight * (phrase_vectors @ vectors.labels.T)
    sims += (1 - settings.label_weight) * (phrase_vectors @ vectors.texts.T)
    out: list[list[Link]] = []
    for rows in _by_sentence(phrases):
        block = sims[rows]
        best_row = block.argmax(axis=0)
        best = block[best_row, np.arange(block.shape[1])]
        top = np.argsort(-best, kind="stable")[: settings.ranked]
        out.append([Link(int(i), float(best[i]), phrases[rows[best_row[i]]]) for i in top])
    return out


def link(ranked: list[list[Link]], settings: LinkSettings) -> list[Link]:
    """The links kept: per sentence, the `per_sentence` best at or above the threshold."""
    return [lk for sentence in ranked for lk in sentence[: settings.per_sentence] if lk.score >= settings.threshold]


def _by_sentence(phrases: Sequence[Phrase]) -> list[list[int]]:
    groups: dict[tuple[int, int], list[int]] = {}
    for i, p in enumerate(phrases):
        groups.setdefault((p.sentence_start, p.sentence_end), []).append(i)
    return list(groups.values())

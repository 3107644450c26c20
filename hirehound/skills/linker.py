"""Linking phrases of a posting to ESCO skills by meaning: nearest skills, re-ranked, thresholded per sentence.

A phrase's vector is compared with every ESCO skill's label vector and text vector (exact cosine). Re-ranking
blends the two similarities (`label_weight`): the label says what the skill is called, the text what it is about.
The blend is linear, so it is one matrix (w·label + (1-w)·text) and one product for a whole batch of phrases.
A skill's score in a sentence is its best phrase's blended similarity; a sentence keeps its `per_sentence` best
skills at or above `threshold`. The weights and threshold were chosen on the TECH validation split of the Decorte
et al. benchmark and checked on HOUSE (bench/eval_skills.py, docs/skills.md).
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


def blended(vectors: EscoVectors, settings: LinkSettings) -> np.ndarray:
    """The (concepts x 384) matrix whose product with a phrase vector is the re-ranked similarity."""
    w = settings.label_weight
    return np.ascontiguousarray(w * vectors.labels + (1 - w) * vectors.texts, dtype=np.float32)


def similarities(matrix: np.ndarray, phrase_vectors: np.ndarray, chunk: int = 2048) -> np.ndarray:
    """(phrases x concepts) similarities, in chunks of phrases so memory stays bounded."""
    out = np.empty((len(phrase_vectors), len(matrix)), dtype=np.float32)
    for start in range(0, len(phrase_vectors), chunk):
        out[start : start + chunk] = phrase_vectors[start : start + chunk] @ matrix.T
    return out


def rank_sentences(sims: np.ndarray, phrases: Sequence[Phrase], settings: LinkSettings) -> list[list[Link]]:
    """Per sentence (in text order), its `ranked` best skills, best first, each with its best phrase.

    `sims`: (phrases x concepts) from `similarities`, rows in the order of `phrases`.
    """
    out: list[list[Link]] = []
    for rows in _by_sentence(phrases):
        block = sims[rows]
        best_row = block.argmax(axis=0)
        best = block[best_row, np.arange(block.shape[1])]
        k = min(settings.ranked, len(best))
        top = np.argpartition(-best, k - 1)[:k]
        top = top[np.lexsort((top, -best[top]))]  # by score, ties by concept: deterministic
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

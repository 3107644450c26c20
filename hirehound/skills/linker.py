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


def best_concepts(matrix: np.ndarray, phrase_vectors: np.ndarray, chunk: int = 1024) -> tuple[np.ndarray, np.ndarray]:
    """Each phrase's best similarity and the first concept at it, in chunks: no (phrases x concepts) matrix kept."""
    scores = np.empty(len(phrase_vectors), dtype=np.float32)
    concepts = np.empty(len(phrase_vectors), dtype=np.int64)
    for start in range(0, len(phrase_vectors), chunk):
        block = phrase_vectors[start : start + chunk] @ matrix.T
        concepts[start : start + chunk] = block.argmax(axis=1)
        scores[start : start + chunk] = block[np.arange(len(block)), concepts[start : start + chunk]]
    return scores, concepts


def best_per_sentence(
    scores: np.ndarray, concepts: np.ndarray, phrases: Sequence[Phrase], settings: LinkSettings
) -> list[Link]:
    """The links `link` keeps when a sentence keeps one skill, from each phrase's best alone (`best_concepts`).

    A sentence's best skill is the one at its highest score: the lowest concept among its phrases at that score,
    found at the first such phrase; exactly `link(rank_sentences(...))` with `per_sentence` 1, without the
    (phrases x concepts) matrix."""
    out = []
    for rows in _by_sentence(phrases):
        top = max(float(scores[r]) for r in rows)
        if top < settings.threshold:
            continue
        concept = min(int(concepts[r]) for r in rows if float(scores[r]) == top)
        row = next(r for r in rows if float(scores[r]) == top and int(concepts[r]) == concept)
        out.append(Link(concept, top, phrases[row]))
    return out


def rank_sentences(
    sims: np.ndarray, phrases: Sequence[Phrase], settings: LinkSettings, k: int | None = None
) -> list[list[Link]]:
    """Per sentence (in text order), its `k` best skills (default `settings.ranked`), best first, each with its
    best phrase (the first phrase of the sentence at the skill's best score); ties by concept, so deterministic.

    `sims`: (phrases x concepts) from `similarities`, rows in the order of `phrases`. One pass over all sentences:
    a sentence's score for a skill is the maximum over its phrase rows, then one top-k over every sentence at
    once, then the first row holding each kept score.
    """
    if not len(phrases):
        return []
    groups = _by_sentence(phrases)
    starts = np.array([g[0] for g in groups])
    if [i for g in groups for i in g] != list(range(len(phrases))):  # phrases() gives sentences contiguous
        order = np.array([i for g in groups for i in g])
        sims, phrases = sims[order], [phrases[i] for i in order]
        starts = np.cumsum([0] + [len(g) for g in groups[:-1]])
    ends = np.append(starts[1:], len(phrases))
    best = np.empty((len(starts), sims.shape[1]), dtype=sims.dtype)  # (sentences x concepts)
    for i, (a, b) in enumerate(zip(starts.tolist(), ends.tolist(), strict=True)):
        np.max(sims[a:b], axis=0, out=best[i])  # 100x faster than maximum.reduceat along rows
    k = min(settings.ranked if k is None else k, best.shape[1])
    if k == 1:
        top = best.argmax(axis=1)[:, None]  # the first maximum: the lowest concept among ties
    else:
        top = np.argpartition(-best, k - 1, axis=1)[:, :k]
        scores = np.take_along_axis(best, top, axis=1)
        top = np.take_along_axis(top, np.lexsort((top, -scores), axis=1), axis=1)  # by score, ties by concept
    scores = np.take_along_axis(best, top, axis=1)
    sentence_of_row = np.repeat(np.arange(len(starts)), ends - starts)
    # The first row of each sentence whose similarity to a kept concept is that sentence's score for it.
    held = np.take_along_axis(sims, top[sentence_of_row], axis=1) == scores[sentence_of_row]
    rows = np.where(held, np.arange(len(phrases))[:, None], len(phrases))
    best_row = np.minimum.reduceat(rows, starts, axis=0)
    return [
        [Link(int(c), float(v), phrases[r]) for c, v, r in zip(cs, vs, rs, strict=True)]
        for cs, vs, rs in zip(top.tolist(), scores.tolist(), best_row.tolist(), strict=True)
    ]


def link(ranked: list[list[Link]], settings: LinkSettings) -> list[Link]:
    """The links kept: per sentence, the `per_sentence` best at or above the threshold."""
    return [lk for sentence in ranked for lk in sentence[: settings.per_sentence] if lk.score >= settings.threshold]


def _by_sentence(phrases: Sequence[Phrase]) -> list[list[int]]:
    groups: dict[tuple[int, int], list[int]] = {}
    for i, p in enumerate(phrases):
        groups.setdefault((p.sentence_start, p.sentence_end), []).append(i)
    return list(groups.values())

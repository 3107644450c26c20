"""The skills of a text: word-for-word mentions of taxonomy labels plus ESCO skills linked by meaning.

This is the one extractor both the `posting_skills` asset and `hirehound skills extract` use. Word-for-word
mentions (extractor.py) score 1.0 and keep their exact offsets; the description's phrases (spans.py) are embedded
through the shared embedding cache and linked to ESCO skills by meaning (linker.py), each link keeping its phrase,
its sentence and its score. A skill found both ways is one skill with both methods.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
from sqlalchemy.engine import Connection

from hirehound.embeddings.cache import TextEncoder, embed_texts_cached_with_stats
from hirehound.skills.esco_vectors import EscoVectors
from hirehound.skills.extractor import SkillExtractor
from hirehound.skills.linker import LinkSettings, blended, link, rank_sentences, similarities
from hirehound.skills.spans import phrases, sentences

MAX_PHRASES = 300  # per description: a 10,000-character ad has about 250; this bounds the cost of an odd one


@dataclass(frozen=True)
class Found:
    skill_id: str
    label: str
    esco_uri: str | None
    esco_label: str | None
    score: float
    method: str  # literal | semantic
    field: str  # title | description
    start: int  # offsets into the field's text
    end: int
    surface: str
    sentence_start: int
    sentence_end: int


@dataclass
class FinderStats:
    texts: int = 0
    phrases: int = 0
    phrases_embedded: int = 0  # the rest came from the embedding cache
    phrases_failed: int = 0
    literal: int = 0
    semantic: int = 0
    failures: dict[int, tuple[str, str]] = field(default_factory=dict)  # input index -> (error class, message)
    # input index -> skill ids best first (literal mentions, then every sentence's ranked skills by score);
    # filled only when asked for (evaluation, RP@K)
    rankings: dict[int, list[str]] = field(default_factory=dict)


class SkillFinder:
    def __init__(
        self,
        extractor: SkillExtractor,
        vectors: EscoVectors | None,
        encoder: TextEncoder | None,
        settings: LinkSettings | None = None,
    ) -> None:
        self.extractor = extractor
        self.vectors = vectors if vectors is not None and vectors.concepts else None
        self.encoder = encoder
        self.settings = settings or LinkSettings()
        self._matrix = blended(self.vectors, self.settings) if self.vectors is not None else None

    @property
    def semantic(self) -> bool:
        return self.vectors is not None and self.encoder is not None

    def find_many(
        self, conn: Connection | None, items: Sequence[tuple[str | None, str | None]], *, rank: bool = False
    ) -> tuple[list[list[Found]], FinderStats]:
        """Skills of each (title, description), in input order; an item that fails is empty, its error in stats."""
        stats = FinderStats(texts=len(items))
        out: list[list[Found]] = []
        for i, (title, text) in enumerate(items):
            try:
                out.append(self._literal(title, text))
            except Exception as exc:  # one odd text must not cost the batch
                stats.failures[i] = (type(exc).__name__, (str(exc) or repr(exc))[:500])
                out.append([])
        stats.literal = sum(len(f) for f in out)
        if self.semantic and conn is not None:
            self._link(conn, items, out, stats, rank)
        if rank:
            for i, found in enumerate(out):
                literal = [f.skill_id for f in found if f.method == "literal"]
                stats.rankings[i] = list(dict.fromkeys(literal + stats.rankings.get(i, [])))
        return out, stats

    def _literal(self, title: str | None, text: str | None) -> list[Found]:
        out = []
        bounds = {"title": _sentence_index(title or ""), "description": _sentence_index(text or "")}
        for m in self.extractor.extract(title, text):
            skill = self.extractor.taxonomy.skills[m.skill_id]
            s_start, s_end = _sentence_of(bounds[m.field], m.start, m.end)
            out.append(
                Found(m.skill_id, m.label, skill.esco_uri, self._esco_label(skill.esco_uri), 1.0, "literal",
                      m.field, m.start, m.end, m.surface, s_start, s_end)
            )  # fmt: skip
        return out

    def _link(
        self,
        conn: Connection,
        items: Sequence[tuple[str | None, str | None]],
        out: list[list[Found]],
        stats: FinderStats,
        rank: bool,
    ) -> None:
        assert self.vectors is not None and self.encoder is not None and self._matrix is not None
        per_item = [
            phrases(text or "")[:MAX_PHRASES] if i not in stats.failures else [] for i, (_, text) in enumerate(items)
        ]
        flat = [p.text for ps in per_item for p in ps]
        vectors, cache = embed_texts_cached_with_stats(conn, self.encoder, flat)
        stats.phrases, stats.phrases_embedded, stats.phrases_failed = len(flat), cache.embedded, len(cache.failed)
        present = [v for v in vectors if v is not None]
        sims = similarities(self._matrix, np.stack(present)) if present else np.zeros((0, len(self._matrix)))
        pos = row = 0
        for i, ps in enumerate(per_item):
            vs = vectors[pos : pos + len(ps)]
            pos += len(ps)
            kept = [p for p, v in zip(ps, vs, strict=True) if v is not None]
            if not kept:
                continue
            ranked = rank_sentences(sims[row : row + len(kept)], kept, self.settings)
            row += len(kept)
            if rank:
                by_score = sorted((lk for sentence in ranked for lk in sentence), key=lambda lk: -lk.score)
                ids = [self.vectors.concepts[lk.concept].skill_id for lk in by_score]
                stats.rankings[i] = list(dict.fromkeys(ids))
            for lk in link(ranked, self.settings):
                concept = self.vectors.concepts[lk.concept]
                skill = self.extractor.taxonomy.skills[concept.skill_id]
                p = lk.phrase
                out[i].append(
                    Found(skill.skill_id, skill.preferred_label, skill.esco_uri, concept.label, round(lk.score, 4),
                          "semantic", "description", p.start, p.end, p.text, p.sentence_start, p.sentence_end)
                )  # fmt: skip
                stats.semantic += 1

    def _esco_label(self, uri: str | None) -> str | None:
        return self.extractor.taxonomy.esco_labels.get(uri.rsplit("/", 1)[-1]) if uri else None


def _sentence_index(text: str) -> list[tuple[int, int]]:
    return sentences(text) if text else []


def _sentence_of(bounds: list[tuple[int, int]], start: int, end: int) -> tuple[int, int]:
    """The sentence holding [start, end), or the mention itself when it straddles a cut."""
    i = bisect.bisect_right(bounds, (start, float("inf"))) - 1
    if i >= 0 and bounds[i][0] <= start and end <= bounds[i][1]:
        return bounds[i]
    return start, end

"""The skills of a text: word-for-word mentions of taxonomy labels plus ESCO skills linked by meaning.

This is the one extractor both the `posting_skills` asset and `hirehound skills extract` use. Word-for-word
mentions (extractor.py) score 1.0 and keep their exact offsets; the description's phrases (spans.py) are embedded
through the shared embedding cache and linked to ESCO skills by meaning (linker.py), each link keeping its phrase,
its sentence and its score. A skill found both ways is one skill with both methods.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

import numpy as np
from sqlalchemy.engine import Connection

from hirehound.embeddings.cache import PHRASES, TextEncoder, embed_texts_cached_with_stats
from hirehound.skills.esco_vectors import EscoVectors
from hirehound.skills.extractor import SkillExtractor
from hirehound.skills.linker import (
    Link,
    LinkSettings,
    best_concepts,
    best_per_sentence,
    blended,
    link,
    rank_sentences,
    similarities,
)
from hirehound.skills.spans import Phrase, phrases, sentences

MAX_PHRASES = 300  # per description: a 10,000-character ad has about 250; this bounds the cost of an odd one
ROWS_PER_PRODUCT = 1024  # distinct phrases per similarity product: 1,024 x 13,939 float32 is 57 MB
MAX_REMEMBERED = 500_000  # phrases whose best skill a finder remembers (about 100 bytes each)


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
        self._best: dict[str, tuple[float, int]] = {}  # phrase -> (best score, first concept at it)

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
        vectors, cache = embed_texts_cached_with_stats(conn, self.encoder, flat, table=PHRASES)
        stats.phrases, stats.phrases_embedded, stats.phrases_failed = len(flat), cache.embedded, len(cache.failed)
        kept_items: list[tuple[int, list[Phrase], list[np.ndarray]]] = []
        pos = 0
        for i, ps in enumerate(per_item):
            pairs = [(p, v) for p, v in zip(ps, vectors[pos : pos + len(ps)], strict=True) if v is not None]
            pos += len(ps)
            if pairs:
                kept_items.append((i, [p for p, _ in pairs], [v for _, v in pairs]))
        if not rank and min(self.settings.per_sentence, self.settings.ranked) == 1:
            self._link_best(kept_items, out, stats)
            return
        # Links per sentence: all `ranked` skills when ranking (RP@K), else only the ones `link` keeps.
        k = self.settings.ranked if rank else min(self.settings.per_sentence, self.settings.ranked)
        for chunk in _chunks(kept_items, ROWS_PER_PRODUCT):
            # One product per chunk of postings, each distinct phrase once (same text, same vector, same row):
            # boilerplate repeats across postings. A chunk's product stays a few tens of MB.
            row_of: dict[str, int] = {}
            distinct: list[np.ndarray] = []
            rows_of_item = []
            for _, kept, vs in chunk:
                rows = []
                for p, v in zip(kept, vs, strict=True):
                    if p.text not in row_of:
                        row_of[p.text] = len(distinct)
                        distinct.append(v)
                    rows.append(row_of[p.text])
                rows_of_item.append(rows)
            sims = similarities(self._matrix, np.stack(distinct))
            for (i, kept, _), rows in zip(chunk, rows_of_item, strict=True):
                self._keep(i, rank_sentences(sims[rows], kept, self.settings, k), out, stats, rank)

    def _link_best(
        self, kept_items: list[tuple[int, list[Phrase], list[np.ndarray]]], out: list[list[Found]], stats: FinderStats
    ) -> None:
        """One skill per sentence (the default): only each phrase's best skill matters, so each distinct phrase of
        the finder's life is multiplied once and remembered as (score, concept)."""
        assert self._matrix is not None
        new: dict[str, np.ndarray] = {}
        for _, kept, vs in kept_items:
            for p, v in zip(kept, vs, strict=True):
                if p.text not in self._best:
                    new.setdefault(p.text, v)
        if new:
            if len(self._best) + len(new) > MAX_REMEMBERED:
                self._best.clear()  # a bound on memory; forgetting costs only products
            scores, concepts = best_concepts(self._matrix, np.stack(list(new.values())))
            self._best.update(zip(new, zip(scores.tolist(), concepts.tolist(), strict=True), strict=True))
        for i, kept, _ in kept_items:
            best = np.array([self._best[p.text] for p in kept])
            links = best_per_sentence(best[:, 0].astype(np.float32), best[:, 1].astype(np.int64), kept, self.settings)
            self._keep(i, [[lk] for lk in links], out, stats, rank=False)

    def _keep(self, i: int, ranked: list[list[Link]], out: list[list[Found]], stats: FinderStats, rank: bool) -> None:
        assert self.vectors is not None
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


def _chunks(
    items: list[tuple[int, list[Phrase], list[np.ndarray]]], rows: int
) -> Iterator[list[tuple[int, list[Phrase], list[np.ndarray]]]]:
    """Whole postings in order, about `rows` phrases per chunk (a longer posting is a chunk of its own)."""
    chunk: list[tuple[int, list[Phrase], list[np.ndarray]]] = []
    size = 0
    for item in items:
        if chunk and size + len(item[1]) > rows:
            yield chunk
            chunk, size = [], 0
        chunk.append(item)
        size += len(item[1])
    if chunk:
        yield chunk


def _sentence_index(text: str) -> list[tuple[int, int]]:
    return sentences(text) if text else []


def _sentence_of(bounds: list[tuple[int, int]], start: int, end: int) -> tuple[int, int]:
    """The sentence holding [start, end), or the mention itself when it straddles a cut."""
    i = bisect.bisect_right(bounds, (start, float("inf"))) - 1
    if i >= 0 and bounds[i][0] <= start and end <= bounds[i][1]:
        return bounds[i]
    return start, end

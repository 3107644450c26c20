"""Skill extraction: every taxonomy label found in a posting's title and description, with character offsets.

One Aho-Corasick automaton (pyahocorasick) holds every label of the taxonomy, folded; a scan costs time linear in
the text whatever the taxonomy size. A hit counts only at word boundaries ("Java" is not in "JavaScript", "R" is
not in "R&D"), overlapping hits keep the longest leftmost one ("test automation" over "automation"), labels that
are also ordinary words match only in the case the vocabulary gives ("Go", "Swift"), and generic skills used as
team or department names are dropped (see generic.py).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import ahocorasick

from hirehound.skills.generic import false_positive_reason
from hirehound.skills.taxonomy import Skill, Taxonomy
from hirehound.skills.text import fold, fold_label

# Characters that continue a word: a label must not touch them. '&' keeps "R" out of "R&D", '#' and '+' keep
# "C" out of "C#" and "C++" (those are labels of their own).
_WORD_AFTER = frozenset("_&#+")
_WORD_BEFORE = frozenset("_&")


@dataclass(frozen=True)
class Mention:
    skill_id: str
    label: str
    field: str  # title | description
    start: int  # offsets into the original field text
    end: int
    surface: str


@dataclass(frozen=True)
class _Entry:
    skill_id: str
    exact: str | None  # the only accepted spelling (case-sensitive labels), else None


class SkillExtractor:
    def __init__(self, taxonomy: Taxonomy) -> None:
        self.taxonomy = taxonomy
        self.version = taxonomy.version()
        table: dict[str, list[_Entry]] = {}
        for skill in taxonomy.skills.values():
            for key, entry in _entries(skill):
                bucket = table.setdefault(key, [])
                if entry not in bucket:
                    bucket.append(entry)
        self._automaton = ahocorasick.Automaton()
        for key, entries in table.items():
            # Curated entries first: when ESCO repeats a curated label the curated skill wins.
            entries.sort(key=lambda e: (taxonomy.skills[e.skill_id].source != "curated", e.exact is None))
            self._automaton.add_word(key, (len(key), tuple(entries)))
        self._automaton.make_automaton()

    def extract(self, title: str | None, description: str | None) -> list[Mention]:
        """Mentions in the title, then the description, in text order."""
        out: list[Mention] = []
        for field, text in (("title", title), ("description", description)):
            if text:
                out.extend(self._scan(text, field))
        return out

    def _scan(self, text: str, field: str) -> list[Mention]:
        folded = fold(text)
        candidates: list[tuple[int, int, str]] = []
        for last, (length, entries) in self._automaton.iter(folded.folded):
            start, end = last - length + 1, last + 1
            if not _bounded(folded.folded, start, end):
                continue
            surface = folded.cased[start:end]
            sid = next((e.skill_id for e in entries if e.exact is None or e.exact == surface), None)
            if sid is not None:
                candidates.append((start, end, sid))
        out = []
        for start, end, sid in _longest_leftmost(candidates):
            skill = self.taxonomy.skills[sid]
            if skill.generic and false_positive_reason(folded, start, end, field, skill.preferred_label[:1].isupper()):
                continue
            a, b = folded.span(start, end)
            out.append(Mention(sid, skill.preferred_label, field, a, b, text[a:b]))
        return out

    def skill_ids(self, title: str | None, description: str | None) -> set[str]:
        return {m.skill_id for m in self.extract(title, description)}

    def explain_drops(self, text: str) -> list[tuple[str, str]]:
        """(surface, reason) of generic matches dropped in a description, for debugging the vocabulary."""
        folded = fold(text)
        drops = []
        for last, (length, entries) in self._automaton.iter(folded.folded):
            start, end = last - length + 1, last + 1
            skill = self.taxonomy.skills[entries[0].skill_id]
            if skill.generic and _bounded(folded.folded, start, end):
                reason = false_positive_reason(folded, start, end, "description", skill.preferred_label[:1].isupper())
                if reason:
                    drops.append((folded.cased[start:end], reason))
        return drops


def _entries(skill: Skill) -> Iterable[tuple[str, _Entry]]:
    if not skill.literal:
        return
    exact = {c.casefold(): c for c in skill.case_sensitive}
    for label in skill.labels:
        key = fold_label(label)
        if not key:
            continue
        entry = _Entry(skill.skill_id, exact.get(label.casefold()))
        yield key, entry
        # "cold calling" also matches "cold-calling", and the other way round.
        for variant in {key.replace(" ", "-"), key.replace("-", " ")} - {key}:
            yield variant, entry


def _bounded(text: str, start: int, end: int) -> bool:
    before = text[start - 1] if start > 0 else " "
    after = text[end] if end < len(text) else " "
    return not (before.isalnum() or before in _WORD_BEFORE or after.isalnum() or after in _WORD_AFTER)


def _longest_leftmost(candidates: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    kept: list[tuple[int, int, str]] = []
    reach = -1
    for start, end, sid in sorted(candidates, key=lambda c: (c[0], -(c[1] - c[0]))):
        if start >= reach:
            kept.append((start, end, sid))
            reach = end
    return kept

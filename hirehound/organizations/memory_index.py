"""An in-memory organization index with the same lookups as the PostgreSQL one, for tests and benches.

It lets the matching rules be exercised and measured without a database; `store.PostgresIndex` is what the
pipeline uses, with a `pg_trgm` GIN index doing the candidate search this class does with `rapidfuzz`.
"""

from __future__ import annotations

from collections.abc import Iterable

from rapidfuzz import fuzz, process

from hirehound.organizations.evidence import Identifier
from hirehound.organizations.matching import Candidate
from hirehound.organizations.resolver import CandidateQuery, Resolution

CANDIDATE_LIMIT = 10
CANDIDATE_CUTOFF = 60.0


class MemoryIndex:
    def __init__(self) -> None:
        self.identifiers: dict[Identifier, str] = {}
        self.keys: dict[tuple[str, str], str] = {}
        self._candidates: dict[str, list[Candidate]] = {}  # kind -> aliases
        self._names: dict[str, list[str]] = {}
        self._first_word: dict[tuple[str, str], list[Candidate]] = {}
        self.names: dict[str, str] = {}  # organization id -> the spelling that founded it

    def by_identifier(self, identifiers: Iterable[Identifier]) -> dict[Identifier, str]:
        return {i: self.identifiers[i] for i in identifiers if i in self.identifiers}

    def by_core_key(self, keys: Iterable[tuple[str, str]]) -> dict[tuple[str, str], str]:
        return {k: self.keys[k] for k in keys if k in self.keys}

    def candidates(self, queries: Iterable[CandidateQuery]) -> dict[tuple[str, str], list[Candidate]]:
        out: dict[tuple[str, str], list[Candidate]] = {}
        for kind, key, first_word in queries:
            names = self._names.get(kind, [])
            pool = self._candidates.get(kind, [])
            near = process.extract(key, names, scorer=fuzz.ratio, limit=CANDIDATE_LIMIT, score_cutoff=CANDIDATE_CUTOFF)
            # Prefix matches ("capstone" / "capstoneinvestmentadvisors") score low on edit distance: the aliases
            # sharing the first identifying word are candidates too.
            out[(kind, key)] = [pool[i] for _, _, i in near] + self._first_word.get((kind, first_word), [])
        return out

    def identifiers_of(self, organization_ids: Iterable[str]) -> dict[str, set[Identifier]]:
        wanted = set(organization_ids)
        out: dict[str, set[Identifier]] = {}
        for identifier, org in self.identifiers.items():
            if org in wanted:
                out.setdefault(org, set()).add(identifier)
        return out

    def names_of(self, organization_ids: Iterable[str]) -> dict[str, str]:
        return {o: self.names[o] for o in organization_ids if o in self.names}

    def apply(self, resolution: Resolution) -> None:
        """Remember a batch's decisions, as writing them to PostgreSQL would."""
        self.identifiers.update(resolution.new_identifiers)
        for org in resolution.new_organizations.values():
            self.names.setdefault(org.organization_id, org.name)
        for a in resolution.assignments:
            if a.method == "confidential" or (a.kind, a.core_key) in self.keys:
                continue
            self.keys[(a.kind, a.core_key)] = a.organization_id
            candidate = Candidate(a.organization_id, a.core_key, tuple(a.distinctive.split()))
            self._candidates.setdefault(a.kind, []).append(candidate)
            self._names.setdefault(a.kind, []).append(a.core_key)
            if candidate.distinctive:
                self._first_word.setdefault((a.kind, candidate.distinctive[0]), []).append(candidate)

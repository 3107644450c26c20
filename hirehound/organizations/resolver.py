"""Assigning every posting of a batch to an organization: identifiers first, then the name.

Order of evidence, strongest first: an ATS tenant or employer domain already linked to an organization; the
exact core key of the name; a fuzzy or prefix match among trigram candidates (see `matching`); otherwise a new
organization whose id is derived from its kind and core key, so the same spelling creates the same id in any
run. Confidential postings each get their own organization (id from the posting), and agencies are matched only
by name, never by the apply URL, which often belongs to the client. An identifier counts only where the posting's
spelling does not contradict the name of the identifier's owner (`names.names_conflict`): hosts shared by many
employers are already no identifiers (`hosts`), and this keeps one we do not list yet from fusing employers.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Protocol

from rapidfuzz import fuzz, process

from hirehound.organizations.evidence import Identifier, posting_identifiers
from hirehound.organizations.kinds import CONFIDENTIAL, EMPLOYER, organization_kind
from hirehound.organizations.matching import Candidate, decide
from hirehound.organizations.names import STRONG_PROOF, names_conflict
from hirehound.organizations.normalize import clean_display, core_key, distinctive_tokens, normalize_name


@dataclass(frozen=True)
class PostingInput:
    posting_id: str
    source: str
    company_raw: str | None
    company_url: str | None = None
    apply_url: str | None = None
    extra: dict[str, object] | None = None


@dataclass(frozen=True)
class NewOrganization:
    """An organization this batch may create (it may already exist: inserts skip existing ids)."""

    organization_id: str
    name: str
    normalized_name: str
    core_key: str
    kind: str


@dataclass(frozen=True)
class Assignment:
    posting_id: str
    organization_id: str
    alias: str
    source: str
    method: str
    score: float
    kind: str
    normalized_name: str
    core_key: str
    distinctive: str


@dataclass
class Resolution:
    assignments: list[Assignment] = field(default_factory=list)
    new_organizations: dict[str, NewOrganization] = field(default_factory=dict)
    new_identifiers: dict[Identifier, str] = field(default_factory=dict)  # identifier -> organization id
    method_counts: Counter[str] = field(default_factory=Counter)
    # Organizations one posting's identifiers point to together (its ATS tenant is one's, its board company id
    # another's): one employer that earlier batches saw under two names. They are merged after the batch is
    # written, or the result would depend on which spelling happened to be seen first.
    linked: set[tuple[str, str]] = field(default_factory=set)
    # Identifiers ignored on a posting because its spelling contradicts the name of the identifier's owner (see
    # `_drop_contested`): one shared identifier is not enough to say two employers are one.
    contested: int = 0


# (kind, core key, first identifying word): what a candidate search needs to know about a spelling.
CandidateQuery = tuple[str, str, str]
# A posting with its spelling, kind, normalized name, core key and identifiers.
_Prepared = tuple[PostingInput, str, str, str, str, list[Identifier]]


class OrganizationIndex(Protocol):
    """Where existing organizations are looked up: PostgreSQL in the pipeline, memory in tests and benches."""

    def by_identifier(self, identifiers: Iterable[Identifier]) -> dict[Identifier, str]: ...

    def by_core_key(self, keys: Iterable[tuple[str, str]]) -> dict[tuple[str, str], str]: ...

    def candidates(self, queries: Iterable[CandidateQuery]) -> dict[tuple[str, str], list[Candidate]]: ...

    def identifiers_of(self, organization_ids: Iterable[str]) -> dict[str, set[Identifier]]: ...

    def names_of(self, organization_ids: Iterable[str]) -> dict[str, str]: ...


def organization_id_for(kind: str, key: str) -> str:
    return "org_" + hashlib.sha256(f"{kind}:{key}".encode()).hexdigest()[:16]


def resolve(postings: list[PostingInput], index: OrganizationIndex) -> Resolution:
    """Decide the organization of every posting; nothing is written (see `store.write_resolution`)."""
    out = Resolution()
    prepared: list[_Prepared] = []
    for posting in postings:
        raw = (posting.company_raw or "").strip()
        kind = organization_kind(raw)
        normalized = normalize_name(raw)
        key = core_key(raw) if kind != CONFIDENTIAL else f"confidential:{posting.posting_id}"
        ids = (
            posting_identifiers(
                source=posting.source, company_url=posting.company_url, apply_url=posting.apply_url, extra=posting.extra
            )
            if kind == EMPLOYER
            else []
        )
        prepared.append((posting, raw, kind, normalized, key, ids))

    known_ids = index.by_identifier({i for *_, ids in prepared for i in ids})
    names = index.names_of(set(known_ids.values()))
    prepared, out.contested = _drop_contested(prepared, known_ids, names)
    name_keys = {(kind, key) for _, _, kind, _, key, _ in prepared if kind != CONFIDENTIAL}
    by_key = index.by_core_key(name_keys)
    unresolved = sorted(k for k in name_keys if k not in by_key)
    words_of = {(kind, key): (normalized, raw) for _, raw, kind, normalized, key, _ in prepared}
    fuzzy: dict[tuple[str, str], tuple[str, str, float]] = {}
    queries = [(kind, key, _first_word(words_of[(kind, key)][0])) for kind, key in unresolved]
    for qk, cands in index.candidates(queries).items():
        decision = decide(qk[1], tuple(distinctive_tokens(words_of[qk][0])), cands)
        if decision is not None:
            fuzzy[qk] = (decision.organization_id, decision.method, decision.score)
    fuzzy.update(_cluster_new_keys([k for k in unresolved if k not in fuzzy], words_of, prepared))
    # A weak name match is vetoed by conflicting evidence: the posting's ATS tenant or domain differs from the one
    # the organization already has ("Lumen Analytics" on lumenanalytics.io is not "Lumen" on lumen.com).
    held = index.identifiers_of({org for org, _, _ in fuzzy.values()})

    for posting, raw, kind, normalized, key, ids in prepared:
        org_id, method, score = _choose(kind, key, ids, known_ids, out.new_identifiers, by_key, fuzzy, posting)
        if method in ("fuzzy", "prefix") and _conflicts(ids, org_id, held, out.new_identifiers):
            fallback = next((out.new_identifiers[i] for i in ids if i in out.new_identifiers), None)
            org_id, method, score = (fallback, "identifier", 100.0) if fallback else (
                organization_id_for(kind, key), "exact_key", 100.0
            )  # fmt: skip
        method, score = _label(kind, key, ids, org_id, method, score, known_ids, out.new_identifiers)
        if method in ("exact_key", "confidential") and org_id not in out.new_organizations:
            out.new_organizations[org_id] = NewOrganization(
                org_id, clean_display(raw) or raw or "Confidential", normalized, key, kind
            )
        pointed_to = {known_ids.get(i) or out.new_identifiers.get(i) or org_id for i in ids} | {org_id}
        if method == "identifier" and len(ids) >= STRONG_PROOF and (kind, key) in by_key:
            # Two identifiers say this spelling's own organization is the identifiers' employer: link them, so the
            # merge step can weigh the pair (a shared spelling alone would not be enough for unrelated names).
            pointed_to.add(by_key[(kind, key)])
        pointed = sorted(pointed_to)
        out.linked |= {(a, b) for a in pointed for b in pointed if a < b}
        for identifier in ids:
            if identifier not in known_ids and identifier not in out.new_identifiers:
                out.new_identifiers[identifier] = org_id
        out.assignments.append(
            Assignment(
                posting.posting_id,
                org_id,
                raw,
                posting.source,
                method,
                score,
                kind,
                normalized,
                key,
                " ".join(distinctive_tokens(normalized)),
            )
        )
        out.method_counts[method] += 1
    # A spelling new to the index founds an organization that other spellings of the batch join (fuzzy, prefix or
    # through its identifier) even when none of its own postings is assigned by its name (they all went by an
    # identifier first seen on a joining spelling): it must still be created, or the links point at nothing.
    founders = {organization_id_for(kind, key): (kind, key) for kind, key in unresolved}
    for a in out.assignments:
        if a.organization_id in founders and a.organization_id not in out.new_organizations:
            kind, key = founders[a.organization_id]
            normalized, raw = words_of[(kind, key)]
            out.new_organizations[a.organization_id] = NewOrganization(
                a.organization_id, clean_display(raw) or raw, normalized, key, kind
            )
    return out


def _drop_contested(
    prepared: list[_Prepared], known_ids: dict[Identifier, str], names: dict[str, str]
) -> tuple[list[_Prepared], int]:
    """Drop an identifier from the postings whose spelling contradicts its owner's name.

    The owner is the organization already holding the identifier, else the spelling most of this batch's postings
    carrying it use (ties: alphabetical), so the outcome does not depend on row order. An identifier on "Western
    Digital" and on "Astranis" is not specific to one employer (an aggregator host or a portal we do not list
    yet): it must not move Astranis's postings to Western Digital. Related spellings ("Pinecrest Bank" and
    "Pinecrest Financial"), postings without a name and postings carrying two or more identifiers keep it.
    """
    spellings: dict[Identifier, Counter[str]] = {}
    for _, raw, _, _, _, ids in prepared:
        for identifier in ids:
            spellings.setdefault(identifier, Counter())[raw] += 1
    owner: dict[Identifier, str] = {}
    for identifier, counts in spellings.items():
        known = known_ids.get(identifier)
        if known is not None and known in names:
            owner[identifier] = names[known]
        else:
            owner[identifier] = sorted(counts.items(), key=lambda item: (-item[1], item[0]))[0][0]
    dropped = 0
    kept: list[_Prepared] = []
    for posting, raw, kind, normalized, key, ids in prepared:
        # Two identifiers on one posting (its ATS tenant and the board's company page) are independent proof;
        # a lone URL-derived one is what an unlisted aggregator host looks like.
        usable = ids if len(ids) >= STRONG_PROOF else [i for i in ids if not names_conflict(raw, owner[i])]
        dropped += len(ids) - len(usable)
        kept.append((posting, raw, kind, normalized, key, usable))
    return kept, dropped


def _label(
    kind: str,
    key: str,
    ids: list[Identifier],
    org_id: str,
    method: str,
    score: float,
    known_ids: dict[Identifier, str],
    batch_ids: dict[Identifier, str],
) -> tuple[str, float]:
    """How the posting belongs to its organization, by a fixed precedence rather than by what was known first.

    A posting whose own spelling founded the organization is `exact_key`, and one sharing an identifier with it
    `identifier`, whether the organization came from the index (an earlier day) or from this batch: otherwise a
    posting seen on two days was labelled by whichever day ran first, and a re-run relabelled its founder.
    """
    if method == "confidential":
        return method, score
    if org_id == organization_id_for(kind, key):
        return "exact_key", 100.0
    if any((known_ids.get(i) or batch_ids.get(i)) == org_id for i in ids):
        return "identifier", 100.0
    return method, score


def _conflicts(
    ids: list[Identifier], org_id: str, held: dict[str, set[Identifier]], batch_ids: dict[Identifier, str]
) -> bool:
    """True when the organization already holds an identifier of the same kind with another value, or an ATS
    tenant with another name on another vendor ("Cohere" on jobs.lever.co/cohere is not "Cohere Health" on
    boards.greenhouse.io/coherehealth; one employer moving vendors keeps its tenant name more often than not)."""
    theirs = set(held.get(org_id, set())) | {i for i, org in batch_ids.items() if org == org_id}
    return any(
        o.value != i.value and (o.kind == i.kind or (o.kind.startswith("ats:") and i.kind.startswith("ats:")))
        for i in ids
        for o in theirs
    )


def _first_word(normalized: str) -> str:
    words = distinctive_tokens(normalized)
    return words[0] if words else ""


def _choose(
    kind: str,
    key: str,
    ids: list[Identifier],
    known_ids: dict[Identifier, str],
    batch_ids: dict[Identifier, str],
    by_key: dict[tuple[str, str], str],
    fuzzy: dict[tuple[str, str], tuple[str, str, float]],
    posting: PostingInput,
) -> tuple[str, str, float]:
    if kind == CONFIDENTIAL:
        return organization_id_for(CONFIDENTIAL, posting.posting_id), "confidential", 1.0
    for identifier in ids:  # strongest first
        org = known_ids.get(identifier)
        if org is not None:
            return org, "identifier", 100.0
    if (kind, key) in by_key:
        return by_key[(kind, key)], "exact_key", 100.0
    if (kind, key) in fuzzy:
        return fuzzy[(kind, key)]
    for identifier in ids:  # an identifier first seen earlier in this batch
        if identifier in batch_ids:
            return batch_ids[identifier], "identifier", 100.0
    # The organization this spelling founds (or founded in an earlier run: same id, same method, so a re-run
    # writes the same rows).
    return organization_id_for(kind, key), "exact_key", 100.0


def _cluster_new_keys(
    keys: list[tuple[str, str]],
    words_of: dict[tuple[str, str], tuple[str, str]],
    prepared: list[_Prepared],
) -> dict[tuple[str, str], tuple[str, str, float]]:
    """Spellings new to the index may still be one organization ("Whatnott" and "Whatnot" in one batch).

    The most frequent spelling founds the organization (ties: alphabetical), so the result does not depend on
    row order; each later key joins the best founder that `decide` accepts.
    """
    frequency = Counter((kind, key) for _, _, kind, _, key, _ in prepared)
    founders: dict[str, list[Candidate]] = {}
    choices: dict[str, list[str]] = {}
    by_first_word: dict[tuple[str, str], list[Candidate]] = {}
    out: dict[tuple[str, str], tuple[str, str, float]] = {}
    for kind, key in sorted(keys, key=lambda k: (-frequency[k], k)):
        normalized = words_of[(kind, key)][0]
        words = tuple(distinctive_tokens(normalized))
        pool = founders.setdefault(kind, [])
        names = choices.setdefault(kind, [])
        near = process.extract(key, names, scorer=fuzz.ratio, limit=10, score_cutoff=60) if names else []
        shortlist = [pool[i] for _, _, i in near] + by_first_word.get((kind, words[0] if words else ""), [])
        decision = decide(key, words, shortlist)
        if decision is not None:
            out[(kind, key)] = (decision.organization_id, decision.method, decision.score)
            continue
        founder = Candidate(organization_id_for(kind, key), key, words)
        pool.append(founder)
        names.append(key)
        by_first_word.setdefault((kind, words[0] if words else ""), []).append(founder)
    return out

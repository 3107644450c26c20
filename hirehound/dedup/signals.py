"""The evidence two postings are the same job: text, title, organization, location and salary signals.

Each signal is a number or a verdict that a reviewer can read back from `duplicate_pairs.reasons`.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass

import numpy as np
from rapidfuzz import fuzz

from hirehound.dedup.minhash import jaccard
from hirehound.dedup.places import place_words, places_relation
from hirehound.dedup.records import PostingRecord
from hirehound.dedup.titles import title_relation
from hirehound.organizations.normalize import core_key, normalize_name


@dataclass
class PairSignals:
    exact: bool  # same content hash
    identity: str | None  # "ats" | "apply_url" when both name the same job at the source
    text_jaccard: float  # 5-word shingles of the descriptions
    cosine: float | None  # embedding vectors (None when either has none)
    title_sim: float  # 0..1 token-set ratio
    title_level: str  # same | conflict: seniority words (Senior, Lead, Staff, ...) of the two titles
    org: str  # same | conflict | unknown
    location: str  # same | conflict | unknown | remote
    salary: str  # compatible | conflict | unknown
    days_apart: int  # first_seen gap
    requisition: str = "unknown"  # same | different (two ATS job ids of one tenant or employer) | unknown
    title_relation: str = "same"  # same | "conflict: <why>" (another term, track, stage, level or role word)
    first_gone: bool = False  # the earlier posting was last seen before the later one was first seen
    gone_days: int = 0  # days from the earlier posting's last sighting to the later one's first (< 1: overlapping)
    same_board: bool = False  # both listed by one board (source), each under its own id
    title_only: bool = False  # neither has a description: the title is all the text there is

    def as_reasons(self) -> dict[str, object]:
        out = asdict(self)
        out["text_jaccard"] = round(self.text_jaccard, 3)
        out["title_sim"] = round(self.title_sim, 3)
        out["cosine"] = None if self.cosine is None else round(self.cosine, 3)
        return out


def compute_signals(a: PostingRecord, b: PostingRecord) -> PairSignals:
    return PairSignals(
        exact=bool(a.content_hash) and a.content_hash == b.content_hash,
        identity=identity(a, b),
        text_jaccard=jaccard(a.shingle_set(), b.shingle_set()),
        cosine=cosine(a.vector, b.vector),
        title_sim=fuzz.token_set_ratio(a.title.lower(), b.title.lower()) / 100.0,
        title_level="same" if title_levels(a.title) == title_levels(b.title) else "conflict",
        org=org_relation(a, b),
        location=location_relation(a, b),
        salary=salary_relation(a, b),
        days_apart=abs((a.first_seen - b.first_seen).days),
        requisition=requisition_relation(a, b),
        title_relation=title_relation(a.title, b.title, _place_words(a) | _place_words(b)),
        first_gone=first_gone(a, b),
        gone_days=gone_days(a, b),
        same_board=same_board(a, b),
        title_only=not a.description.strip() and not b.description.strip(),
    )


def requisition_relation(a: PostingRecord, b: PostingRecord) -> str:
    """Same ATS requisition, two different ones of one tenant (or of one employer on one vendor), or unknown."""
    if not (a.ats_key and b.ats_key):
        return "unknown"
    if a.ats_key == b.ats_key:
        return "same"
    if a.ats_key.split(":", 1)[0] != b.ats_key.split(":", 1)[0]:
        return "unknown"  # two systems: nothing says how their ids relate
    if a.ats_tenant and a.ats_tenant == b.ats_tenant:
        return "different"
    if a.organization_id and a.organization_id == b.organization_id:
        return "different"
    return "unknown"


def _place_words(r: PostingRecord) -> frozenset[str]:
    if r.places is not None:
        return place_words(r.places)
    return place_words((f"//{r.city}",)) if r.city else frozenset()


def same_board(a: PostingRecord, b: PostingRecord) -> bool:
    """Both listed by one board, each under the board's own id: the board lists a job once, so two ids are two jobs.

    A board that gives no ids (postings keyed by their URL) says nothing of the kind: it may show one job under two
    links (a tracking variant, the employer's page and an ATS page), so those pairs are judged on the evidence."""
    return bool(a.source) and a.source == b.source and bool(a.source_job_id) and bool(b.source_job_id)


def gone_days(a: PostingRecord, b: PostingRecord) -> int:
    first, later = sorted((a, b), key=lambda r: r.order_key())
    return (later.first_seen - first.last_seen).days


def first_gone(a: PostingRecord, b: PostingRecord) -> bool:
    """Whether the earlier of the two was no longer seen once the later appeared (a re-post, not a second opening).

    `last_seen` is the last scrape day a posting was in; a posting still listed on the day the other appeared is
    not gone, so two requisitions open side by side are two jobs."""
    first, later = sorted((a, b), key=lambda r: r.order_key())
    return first.last_seen < later.first_seen


# Words that make another job of the same occupation: "Data Scientist" and "Staff Data Scientist" are two
# requisitions, and the token-set ratio alone scores them 1.0 (one title's words are a subset of the other's).
_LEVEL_WORDS = {
    "junior": "junior", "jr": "junior", "senior": "senior", "sr": "senior", "lead": "lead", "staff": "staff",
    "principal": "principal", "head": "head", "chief": "chief", "assistant": "assistant", "associate": "associate",
    "trainee": "trainee", "intern": "intern", "internship": "intern", "apprentice": "apprentice",
    "graduate": "graduate", "group": "group", "charge": "charge", "shift": "shift", "regional": "regional",
    "local": "local", "substitute": "substitute",
    "ii": "ii", "iii": "iii", "iv": "iv",
}  # fmt: skip
_TITLE_WORD = re.compile(r"[a-z]+")


def title_levels(title: str) -> frozenset[str]:
    """The seniority words of a title, abbreviations folded ("Sr." is "senior")."""
    return frozenset(_LEVEL_WORDS[w] for w in _TITLE_WORD.findall(title.lower()) if w in _LEVEL_WORDS)


def identity(a: PostingRecord, b: PostingRecord) -> str | None:
    if a.ats_key and a.ats_key == b.ats_key:
        return "ats"
    if a.apply_url and a.apply_url == b.apply_url:
        return "apply_url"
    return None


def cosine(x: np.ndarray | None, y: np.ndarray | None) -> float | None:
    if x is None or y is None:
        return None
    return float(np.dot(x, y))


def org_relation(a: PostingRecord, b: PostingRecord) -> str:
    if a.organization_id and b.organization_id:
        return "same" if a.organization_id == b.organization_id else "conflict"
    if a.company_raw and b.company_raw and not (a.organization_id or b.organization_id):
        # Neither has an employer: fall back to the spelled names (agencies and confidential postings land here).
        if same_name(a.company_raw, b.company_raw):
            return "same"
        if a.agency_id and b.agency_id and a.agency_id != b.agency_id:
            return "conflict"  # two different staffing agencies ("TEKsystems" / "Manpower"): two recruiters' jobs
    return "unknown"


def same_name(a: str, b: str) -> bool:
    """Two spellings of one company: the same identifying words, legal forms and spacing aside ("TEKsystems, Inc."
    / "Tek Systems"), or one name's words inside the other's ("Manpower" / "Manpower Services India Pvt Ltd")."""
    na, nb = normalize_name(a), normalize_name(b)
    if core_key(a) == core_key(b) or na.replace(" ", "") == nb.replace(" ", ""):
        return True
    return fuzz.token_set_ratio(na, nb) >= 90


def location_relation(a: PostingRecord, b: PostingRecord) -> str:
    """same | conflict | unknown | remote (both remote, nothing says they are for different places).

    Every place each posting names is compared (`places.py`), so "NYC" and "New York, NY" are one place and a
    multi-location posting matches any of its places; rows normalized before `places` existed (NULL) fall back
    to the first place's city, region and country."""
    both_remote = a.remote_type == "remote" and b.remote_type == "remote"
    if a.places is not None and b.places is not None:
        relation = places_relation(a.places, b.places)
        # Two remote postings for different states or countries are two openings; otherwise "anywhere" matches.
        return "remote" if both_remote and relation == "unknown" else relation
    if both_remote and not (a.city and b.city):
        return "remote"
    if a.country_code and b.country_code and a.country_code != b.country_code:
        return "conflict"
    if a.city and b.city:
        return "same" if a.city.lower() == b.city.lower() else "conflict"
    if a.region and b.region and a.country_code == b.country_code:
        return "same" if a.region.lower() == b.region.lower() else "conflict"
    return "unknown"


def salary_relation(a: PostingRecord, b: PostingRecord, tolerance: float = 0.15) -> str:
    if a.salary_min is None or b.salary_min is None:
        return "unknown"
    if a.salary_currency and b.salary_currency and a.salary_currency != b.salary_currency:
        return "unknown"  # different currencies: no rates offline, do not judge
    a_hi = a.salary_max if a.salary_max is not None else a.salary_min
    b_hi = b.salary_max if b.salary_max is not None else b.salary_min
    overlap = min(a_hi, b_hi) * (1 + tolerance) >= max(a.salary_min, b.salary_min)
    return "compatible" if overlap else "conflict"

"""Whether a posting's employer can be identified, and whether its source could ever say.

"No employer named" is a red flag only where the source names employers at all. Some sources have no employer
column (EMSCAD's public export, a board scraped without company names): there every ad lacks one, the rule
would fire on all of them and tell nothing apart, so for such a source it is switched off. A source counts as
employer-blind when at least MIN_POSTINGS of its postings in the batch are scored and almost none
(BLIND_SHARE) names an employer; smaller batches are judged posting by posting.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence

from hirehound.quality.facts import PostingFacts

MIN_POSTINGS = 10
BLIND_SHARE = 0.05
_GENERIC_EMPLOYER_WORDS = frozenset(
    {
        "hr", "human", "resources", "department", "dept", "hiring", "team", "recruitment", "recruiting", "recruiter",
        "staffing", "staff", "careers", "career", "jobs", "job", "work", "from", "home", "remote", "hub", "global",
        "solutions", "group", "international", "network", "united", "prime", "star", "express", "dream", "company",
        "employer", "confidential", "private", "client", "our", "a", "the", "and", "of", "inc", "llc", "ltd",
        "services", "agency",
    }
)  # fmt: skip


def _names_employer(f: PostingFacts) -> bool:
    return bool((f.company and f.company.strip()) or f.company_url or f.organization_domain)


def employer_blind_sources(facts: Sequence[PostingFacts]) -> frozenset[str | None]:
    """Sources (None for postings without one) whose postings in this batch practically never name an employer."""
    seen: dict[str | None, list[bool]] = defaultdict(list)
    for f in facts:
        seen[f.source].append(_names_employer(f))
    return frozenset(
        source for source, named in seen.items() if len(named) >= MIN_POSTINGS and sum(named) / len(named) < BLIND_SHARE
    )


def unidentifiable_employer(f: PostingFacts, blind_sources: frozenset[str | None] = frozenset()) -> str | None:
    if f.company_url or f.organization_domain or f.source in blind_sources:
        return None
    if f.organization_kind == "confidential":
        return "confidential employer, no company website"
    if not f.company or not f.company.strip():
        return "no employer named, no company website"
    words = re.findall(r"[a-z]+", f.company.lower())
    if words and all(w in _GENERIC_EMPLOYER_WORDS for w in words):
        return f"generic employer name {f.company!r}, no company website"
    return None

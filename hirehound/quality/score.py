"""The completeness score of a posting, 0-100, with the named reasons behind every point.

A job seeker can act on a posting that says what the job pays, where it is, who the employer is and how to apply;
the score adds points for each of those. Weights (out of 100): description length 25, salary 20, employer known
and enriched 15, location 10, apply link 10, title 5, employment type 5, posting date 5, seniority 5.
"""

from __future__ import annotations

from dataclasses import dataclass

from hirehound.quality.facts import PostingFacts


@dataclass(frozen=True)
class Reason:
    reason: str
    points: int
    max_points: int
    detail: str


@dataclass(frozen=True)
class QualityScore:
    score: int
    reasons: tuple[Reason, ...]

    @property
    def missing(self) -> tuple[str, ...]:
        return tuple(r.reason for r in self.reasons if r.points == 0)


def _description(f: PostingFacts) -> Reason:
    n = len(f.description.strip())
    # About 1,500 characters is a full ad (duties, requirements, benefits); under 200 is a teaser.
    points = 25 if n >= 1500 else 18 if n >= 600 else 10 if n >= 200 else 4 if n > 0 else 0
    return Reason("description_length", points, 25, f"{n} characters")


def _salary(f: PostingFacts) -> Reason:
    if f.salary_min is not None and f.salary_max is not None:
        return Reason("salary", 20, 20, "range given")
    if f.salary_min is not None or f.salary_max is not None:
        return Reason("salary", 14, 20, "one bound given")
    return Reason("salary", 0, 20, "no salary")


def _organization(f: PostingFacts) -> Reason:
    if f.organization_kind == "employer":
        if f.organization_enriched:
            return Reason("organization", 15, 15, "employer known and enriched")
        return Reason("organization", 10, 15, "employer known, not enriched")
    if f.organization_kind == "staffing_agency":
        return Reason("organization", 5, 15, "posted by a staffing agency")
    if f.company:
        return Reason("organization", 3, 15, "employer named but not identified")
    return Reason("organization", 0, 15, "employer unknown or confidential")


def _location(f: PostingFacts) -> Reason:
    if f.city or f.remote_type == "remote":
        return Reason("location", 10, 10, "city or remote")
    if f.country_code:
        return Reason("location", 6, 10, "country only")
    if f.location_raw:
        return Reason("location", 3, 10, "unparsed location")
    return Reason("location", 0, 10, "no location")


def _apply(f: PostingFacts) -> Reason:
    if f.apply_url:
        return Reason("apply_url", 10, 10, "apply link")
    if f.url:
        return Reason("apply_url", 6, 10, "posting link only")
    return Reason("apply_url", 0, 10, "no link")


def _flag(name: str, present: object, points: int, detail: str) -> Reason:
    return Reason(name, points if present else 0, points, detail if present else f"no {detail}")


def quality_score(f: PostingFacts) -> QualityScore:
    reasons = (
        _description(f),
        _salary(f),
        _organization(f),
        _location(f),
        _apply(f),
        _flag("title", len(f.title.strip()) >= 4, 5, "title"),
        _flag("employment_type", f.employment_type, 5, "employment type"),
        _flag("date_posted", f.date_posted, 5, "posting date"),
        _flag("seniority", f.seniority, 5, "seniority"),
    )
    return QualityScore(min(100, sum(r.points for r in reasons)), reasons)

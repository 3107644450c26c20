"""Turns a pair's signals into a verdict: duplicate or not, which Eurostat duplicate type, and a score.

Types (Eurostat's deduplication challenge): FULL = same text; TEMPORAL = the same text re-posted later;
PARTIAL = the same job where part of the content differs; SEMANTIC = the same job reworded. Hard rules first:
two known, different employers are never duplicates, and neither are the same text in different places
(multi-location template postings) or titles of different seniority, unless the source itself names the same job
(an ATS job id always; a shared apply URL only when org, place and title agree, as many jobs share generic pages).
Requisition ids count both ways: two different ATS job ids of one tenant, or two listings of one board at the
same time, are two jobs even with identical texts, unless the later re-posts the same text within a week of the
first being gone (TEMPORAL); titles that differ in term, track, career stage, level number or any role word
(`titles.py`) are two jobs even at high cosine.
"""

from __future__ import annotations

from dataclasses import dataclass

from hirehound.dedup.signals import PairSignals

FULL_JACCARD = 0.75
PARTIAL_JACCARD = 0.3
TITLE_SAME = 0.8
SEMANTIC_COSINE = 0.9
SEMANTIC_COSINE_ALONE = 0.96  # reworded with (almost) no shared 5-word runs: only a near-identical meaning counts
SEMANTIC_COSINE_UNKNOWN_ORG = 0.93
APPLY_URL_TITLE_SAME = 0.7  # a shared apply URL counts only for postings with (almost) the same title
TITLE_ONLY_SAME = 0.9  # postings without descriptions: the titles must name the same role and read alike


@dataclass(frozen=True)
class DedupSettings:
    lookback_days: int = 60
    repost_days: int = 7  # same text first seen this many days later counts as a re-post (TEMPORAL)
    # A new id is a re-post of the same job only when it replaces the old one at once: an employer that closes an
    # ad and posts the same text again within a week is bumping it; the same text months later is a new opening
    # (on the Simplify dev set, the new-id "re-posts" accepted without this limit came 32 to 157 days after the
    # first was gone, and every one of them listed by bench/eval_dedup.py was another ATS requisition).
    repost_gap_days: int = 7


@dataclass(frozen=True)
class Verdict:
    accepted: bool
    duplicate_type: str | None
    score: float
    reason: str


def score(s: PairSignals) -> float:
    """A 0..1 summary of the evidence (for review and ranking; the verdict uses the rules below)."""
    text = 1.0 if s.exact else s.text_jaccard
    sem = s.cosine if s.cosine is not None else text
    org = {"same": 1.0, "unknown": 0.5, "conflict": 0.0}[s.org]
    loc = {"same": 1.0, "remote": 1.0, "unknown": 0.5, "conflict": 0.0}[s.location]
    value = 0.35 * text + 0.25 * max(sem, 0.0) + 0.15 * s.title_sim + 0.15 * org + 0.10 * loc
    if s.identity:
        value = max(value, 0.95)
    return round(min(value, 1.0), 4)


def decide(s: PairSignals, settings: DedupSettings | None = None) -> Verdict:
    settings = settings or DedupSettings()
    value = score(s)
    textual = _textual_type(s, settings)
    if s.identity == "ats" or (s.identity and _plausible_same_job(s)):
        return Verdict(True, textual or "SEMANTIC", value, f"same job at the source ({s.identity})")
    if s.org == "conflict":
        return Verdict(False, None, value, "different organizations")
    if s.location == "conflict":
        return Verdict(False, None, value, "different locations (template posting)")
    if s.requisition == "different" or (s.same_board and not s.identity):
        # The source names two jobs: two requisition ids of one employer, or two listings of one board (a board
        # lists a job once under its own id). Only a re-post of the same text after the first was gone is the same
        # job again (TEMPORAL); two openings listed side by side are two jobs however alike their texts are.
        replaced = s.first_gone and s.gone_days <= settings.repost_gap_days
        if textual in ("FULL", "TEMPORAL") and replaced and s.title_relation == "same":
            what = "requisition" if s.requisition == "different" else "board"
            return Verdict(True, "TEMPORAL", value, f"re-posted under a new {what} id after the first was gone")
        if s.requisition == "different":
            return Verdict(False, None, value, "different requisitions of one employer")
        return Verdict(False, None, value, "two listings of one board at the same time")
    if s.salary == "conflict" and not s.exact:
        return Verdict(False, None, value, "incompatible salaries")
    if textual is None:
        return Verdict(False, None, value, "not similar enough")
    if s.title_level == "conflict" and not s.exact:
        return Verdict(False, None, value, "different seniority (another requisition)")
    if s.title_relation != "same" and not s.exact:
        return Verdict(False, None, value, f"titles name different roles ({s.title_relation})")
    if s.org == "unknown" and textual in ("PARTIAL", "SEMANTIC") and (s.cosine or 0.0) < SEMANTIC_COSINE_UNKNOWN_ORG:
        return Verdict(False, None, value, "organization unknown and text only partly similar")
    return Verdict(True, textual, value, f"{textual.lower()} duplicate")


def _plausible_same_job(s: PairSignals) -> bool:
    """An apply URL names one job only when the postings agree: boards send many jobs to one generic page
    (a careers home page, an agency site, a search page that keeps the job in its #fragment)."""
    return (
        s.org != "conflict"
        and s.location != "conflict"
        and s.title_level == "same"
        and s.title_relation == "same"
        and s.title_sim >= APPLY_URL_TITLE_SAME
    )


def _textual_type(s: PairSignals, settings: DedupSettings) -> str | None:
    """The duplicate type the texts alone support (None: too different)."""
    repost = s.days_apart >= settings.repost_days
    if s.exact or (not s.title_only and s.text_jaccard >= FULL_JACCARD and s.title_sim >= TITLE_SAME):
        return "TEMPORAL" if repost else "FULL"
    if s.title_only:
        # Listings without a description (aggregators' lists): the title is the whole text, so the same role of
        # one known employer ("Software Engineer - Intern" / "Software Engineer Intern, Summer 2024") is one job.
        if s.org == "same" and s.title_relation == "same" and s.title_sim >= TITLE_ONLY_SAME:
            return "TEMPORAL" if repost else "SEMANTIC"
        return None
    # Different jobs of one occupation at one employer share boilerplate (intro, benefits, EEO line): on the demo
    # truth they reach Jaccard 0.32 and cosine 0.95, while true partial/reworded duplicates keep Jaccard >= 0.3
    # with cosine >= 0.9. So a vector match needs text overlap too, unless it is nearly identical in meaning.
    if s.text_jaccard >= PARTIAL_JACCARD and s.title_sim >= TITLE_SAME and (s.cosine is None or s.cosine >= 0.9):
        return "PARTIAL"
    threshold = SEMANTIC_COSINE if s.org == "same" else SEMANTIC_COSINE_UNKNOWN_ORG
    if s.cosine is None or s.title_sim < 0.7 or s.cosine < threshold:
        return None
    if s.text_jaccard >= PARTIAL_JACCARD or s.cosine >= SEMANTIC_COSINE_ALONE:
        return "SEMANTIC"
    return None

"""Postings: one job as listed on one board under one board id, and its duplicate variants.

The first posting of a job has no duplicate type; later postings of the same job are FULL (same text, new id,
same or other board), PARTIAL (part of the text changed), SEMANTIC (reworded, title variant) or TEMPORAL (posted
again days later). A posting seen again on a later day is a re-scrape of the same posting identity.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta

from hirehound.demo import boards, descriptions, rewrites
from hirehound.demo.boards import BOARDS, Board
from hirehound.demo.jobs import Job
from hirehound.demo.places import location_text
from hirehound.demo.salaries import salary_text

_JOB_BOARDS = tuple(b for b in BOARDS if b.name != "careers")
_STYLES = {
    "indeed": descriptions.HtmlStyle(entities=True),
    "linkedin": descriptions.HtmlStyle(strong_headings=True),
    "careers": descriptions.HtmlStyle(),
}


@dataclass
class Posting:
    job: Job
    board: str
    native: bool  # native JSONL scraper (HTML description) rather than JobSpy CSV (markdown)
    source_job_id: str
    url: str
    apply_url: str | None
    title: str
    company: str
    location: str
    blocks: descriptions.Blocks
    salary_mode: str  # text | fields | none
    salary_text: str | None
    dup_type: str | None
    first_day: int
    last_day: int
    date_posted: date
    script: bool
    cache: dict[str, object] = field(default_factory=dict)  # serialized row, reused by re-scrapes


class PostingFactory:
    def __init__(self, rng: random.Random, start: date, ats_seen: set[str]) -> None:
        self.rng = rng
        self.start = start
        self.ats_seen = ats_seen  # shared with the job factory: a requisition id belongs to one job
        self.keys: set[str] = set()  # posting identities in use: a board never reuses an id

    def _board(self, job: Job, exclude: str | set[str] | None = None) -> Board:
        allowed = BOARDS if job.org.kind == "employer" and not job.is_spam else _JOB_BOARDS
        excluded = {exclude} if isinstance(exclude, str) else exclude or set()
        allowed = tuple(b for b in allowed if b.name not in excluded) or allowed
        return self.rng.choices(allowed, weights=[b.weight for b in allowed])[0]

    def _spelling(self, job: Job, board: str) -> str:
        names = job.org.spellings
        if self.rng.random() < 0.6:  # each board mostly sticks to its own spelling of a company
            return names[boards.stable_int(job.org.org_id + board) % len(names)]
        return self.rng.choice(names)

    def _salary(self, job: Job, native: bool) -> tuple[str, str | None]:
        if job.pay is None:
            return "none", None
        roll = self.rng.random()
        if job.is_spam:
            return ("text", f"${job.pay.minimum:,.0f} per week") if roll < 0.7 else ("fields", None)
        if not native:
            return ("fields", None) if roll < 0.55 else ("none", None)
        if roll < 0.5:
            return "text", salary_text(self.rng, job.pay)
        return ("fields", None) if roll < 0.75 else ("none", None)

    def create(
        self, job: Job, day: int, board: Board, *, dup_type: str | None, title: str, blocks: descriptions.Blocks,
        company: str | None = None, ats: str | None = None,
    ) -> Posting:  # fmt: skip
        rng = self.rng
        ats = ats or job.ats
        if any(p.board == board.name for p in job.postings):
            # A board lists a job once, and a requisition has one page on the employer's ATS: a second posting of a
            # job on one board (a second careers posting is a new requisition) is the same job only as a re-post
            # after every earlier posting was gone (TEMPORAL); any other copy goes to another board. (Until this
            # revision the generator labelled two live ids of one board or ATS tenant as one job, which the dedup
            # rules "two ids of one tenant / two listings of one board at once are two jobs" keep apart.)
            if dup_type == "TEMPORAL" and all(p.last_day < day for p in job.postings):
                ats = None if board.name == "careers" else ats
            else:
                board = self._board(job, exclude={p.board for p in job.postings})
        native = rng.random() < board.native_share
        if board.name == "careers" and ats is None:
            ats = self._new_requisition(job)
        while True:
            source_job_id, url = boards.board_identity(rng, board.name, not native, job.place, ats)
            key = f"{board.name}:{source_job_id}"
            if key not in self.keys:
                self.keys.add(key)
                break
            if board.name == "careers":
                ats = self._new_requisition(job)
        apply_url: str | None
        if board.name == "careers":
            apply_url = url
        else:
            apply_url = boards.with_tracking(rng, ats, board.name) if ats and rng.random() < 0.75 else None
        mode, text = self._salary(job, native)
        posting = Posting(
            job, board.name, native, source_job_id, url, apply_url, title, company or self._spelling(job, board.name),
            location_text(rng, job.place), blocks, mode, text, dup_type, day, day + job.lifetime,
            self.start + timedelta(days=day - rng.choice((0, 0, 0, 1, 2))), rng.random() < 0.08,
        )  # fmt: skip
        job.postings.append(posting)
        return posting

    def _new_requisition(self, job: Job) -> str:
        while True:
            url = boards.ats_url(self.rng, job.org, job.title, job.place)
            if url not in self.ats_seen:
                self.ats_seen.add(url)
                return url

    def first(self, job: Job, day: int) -> Posting:
        return self.create(job, day, self._board(job), dup_type=None, title=job.title, blocks=job.blocks)

    def duplicate(self, job: Job, day: int, dup_type: str) -> Posting:
        """A new posting identity for an existing job, varied as `dup_type` says."""
        rng, original = self.rng, job.postings[0]
        if dup_type == "FULL":
            same = rng.random() < 0.5
            board = boards.BY_NAME[original.board] if same else self._board(job, exclude=original.board)
            company = original.company if same else None
            return self.create(
                job, day, board, dup_type="FULL", title=original.title, blocks=original.blocks, company=company
            )
        if dup_type == "PARTIAL":
            board = self._board(job, exclude=original.board if rng.random() < 0.7 else None)
            blocks = rewrites.partial_edit(rng, original.blocks)
            return self.create(job, day, board, dup_type="PARTIAL", title=original.title, blocks=blocks)
        if dup_type == "SEMANTIC":
            title = rewrites.title_variant(rng, job.base_title, job.level) if rng.random() < 0.7 else original.title
            blocks = rewrites.paraphrase(rng, original.blocks)
            return self.create(job, day, self._board(job), dup_type="SEMANTIC", title=title, blocks=blocks)
        # TEMPORAL: the same job posted again days later, as a fresh requisition when the first was gone
        board = boards.BY_NAME[original.board] if rng.random() < 0.7 else self._board(job)
        blocks = original.blocks if rng.random() < 0.6 else rewrites.partial_edit(rng, original.blocks)
        # A fresh requisition only once the earlier postings are gone: two live ids of one tenant are two jobs.
        gone = all(p.last_day < day for p in job.postings)
        fresh = bool(job.ats) and rng.random() < 0.5 and job.org.kind == "employer" and gone
        ats = self._new_requisition(job) if fresh else None
        return self.create(job, day, board, dup_type="TEMPORAL", title=original.title, blocks=blocks, ats=ats)


def html_style(posting: Posting) -> descriptions.HtmlStyle:
    base = _STYLES.get(posting.board, descriptions.HtmlStyle())
    return descriptions.HtmlStyle(base.strong_headings, base.entities, posting.script)

"""What the scrapers see each day: new jobs, duplicates of earlier jobs, re-scrapes, spam and malformed rows.

Day one is mostly new jobs with some cross-board duplicates; on later days re-scrapes of postings still online
make up about half the rows, as they do in real daily scrapes, and duplicates add about an eighth.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date

from hirehound.demo.jobs import Job, JobFactory
from hirehound.demo.postings import Posting, PostingFactory

RESCRAPE_SHARE = 0.5
DUP_SHARE_FIRST_DAY, DUP_SHARE = 0.15, 0.12
MALFORMED_SHARE = 0.01
SPAM_SHARE, TEMPLATE_SHARE, SHARED_TEXT_SHARE = 0.04, 0.03, 0.015
_DUP_TYPES, _DUP_WEIGHTS = ("FULL", "PARTIAL", "SEMANTIC", "TEMPORAL"), (0.3, 0.25, 0.25, 0.2)
TEMPORAL_MIN_GAP = 3  # days between a job's first posting and a temporal re-post


@dataclass(frozen=True)
class Row:
    posting: Posting
    kind: str  # new | duplicate | rescrape | malformed
    malformed: str | None = None  # broken_json | missing_title | bad_salary | url_only


class Simulation:
    def __init__(self, rng: random.Random, start: date) -> None:
        self.rng = rng
        self.jobs_factory = JobFactory(rng)
        self.postings_factory = PostingFactory(rng, start, self.jobs_factory.ats_seen)
        self.jobs: list[Job] = []
        self.postings: list[Posting] = []
        self.day_first_job: list[int] = []  # index into jobs of the first job created on each day

    def day(self, d: int, per_day: int) -> list[Row]:
        rng = self.rng
        self.day_first_job.append(len(self.jobs))
        for gone in (p for p in self.postings if p.last_day < d):
            gone.cache.clear()  # offline for good: its serialized row is never written again
        self.postings = [p for p in self.postings if p.last_day >= d]
        active = [p for p in self.postings if p.first_day < d]
        n_rescrape = min(len(active), round(per_day * RESCRAPE_SHARE)) if d else 0
        n_dup = round(per_day * (DUP_SHARE if d else DUP_SHARE_FIRST_DAY))
        n_bad = round(per_day * MALFORMED_SHARE)
        n_new = max(0, per_day - n_rescrape - n_dup - n_bad)
        rows = [Row(p, "rescrape") for p in rng.sample(active, n_rescrape)]
        made = 0
        spam_left = round(n_new * SPAM_SHARE)  # a quota, not a coin flip: small demos still get their share
        while made < n_new:
            spam_now = spam_left > 0 and rng.random() < 2 * SPAM_SHARE
            spam_left -= spam_now
            for job in [self.jobs_factory.spam_job(d)] if spam_now else self._new_jobs(d, n_new - made):
                posting = self.postings_factory.first(job, d)
                self._register(job, posting)
                rows.append(Row(posting, "new"))
                made += 1
        if self.jobs:
            for _ in range(n_dup):
                posting = self._duplicate(d)
                self.postings.append(posting)
                rows.append(Row(posting, "duplicate"))
        for _ in range(n_bad):
            # malformed rows belong to jobs of their own: never duplicates, never re-scraped
            job = self.jobs_factory.new_job(d)
            posting = self.postings_factory.first(job, d)
            kinds = (
                ("broken_json", "missing_title", "bad_salary", "url_only")
                if posting.native
                else ("missing_title", "url_only")
            )
            rows.append(Row(posting, "malformed", rng.choice(kinds)))
        rng.shuffle(rows)
        return rows

    def _register(self, job: Job, posting: Posting) -> None:
        self.jobs.append(job)
        self.postings.append(posting)

    def _new_jobs(self, d: int, room: int) -> list[Job]:
        roll = self.rng.random()
        f = self.jobs_factory
        if roll < TEMPLATE_SHARE and room >= 4:
            return f.template_jobs(d)
        if roll < TEMPLATE_SHARE + SHARED_TEXT_SHARE and room >= 2:
            return f.shared_text_jobs(d)
        return [f.new_job(d)]

    def _duplicate(self, d: int) -> Posting:
        rng = self.rng
        dup_type = rng.choices(_DUP_TYPES, weights=_DUP_WEIGHTS)[0]
        old_enough = self.day_first_job[d - TEMPORAL_MIN_GAP + 1] if d >= TEMPORAL_MIN_GAP else 0
        if dup_type == "TEMPORAL" and old_enough:
            job = self.jobs[rng.randrange(old_enough)]
        else:
            dup_type = "FULL" if dup_type == "TEMPORAL" else dup_type
            job = self.jobs[rng.randrange(len(self.jobs))]
        return self.postings_factory.duplicate(job, d, dup_type)

"""The true jobs behind the demo postings: who hires, for what, where, at what pay, with which description.

A job is the ground-truth identity that deduplication should recover: every posting of one job (on any board, on
any day, reworded or not) carries its `job_id`. Template jobs (one text for several cities) and shared-text jobs
(one text under two employers) are distinct jobs on purpose: they look alike but are not duplicates.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from hirehound.demo import boards, descriptions, spam
from hirehound.demo.orgs import AGENCIES, CONFIDENTIAL, EMPLOYERS, SPAM_ORGS, Org
from hirehound.demo.places import Place, other_city, pick_place
from hirehound.demo.roles import BY_NAME, INDUSTRY_FAMILIES, Family
from hirehound.demo.salaries import Pay, pick_pay, salary_sentence

if TYPE_CHECKING:
    from hirehound.demo.postings import Posting

_REMOTE_FRIENDLY = frozenset(
    {"software", "data", "devops", "product", "design", "marketing", "sales", "customer_service"}
)


@dataclass
class Job:
    job_id: str
    org: Org
    family: Family
    base_title: str
    level: str
    title: str
    place: Place
    pay: Pay | None
    blocks: descriptions.Blocks
    ats: str | None  # the requisition's apply link (ATS, agency or careers page)
    employment_type: str
    first_day: int
    lifetime: int
    is_spam: bool = False
    spam_flags: tuple[str, ...] = ()
    template_group: str | None = None
    shared_text_group: str | None = None
    postings: list[Posting] = field(default_factory=list)


class JobFactory:
    """Creates jobs with ids that are unique and deterministic for a given random stream."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.count = 0
        self.groups = 0
        self.ats_seen: set[str] = set()

    def _job_id(self) -> str:
        self.count += 1
        return f"job-{self.count:07d}"

    def ats_for(self, org: Org, title: str, place: Place) -> str | None:
        if org.kind == "confidential":
            return None
        if org.kind == "staffing_agency":
            n = self.rng.randint(1_000_000, 9_999_999)
            return f"https://www.{org.domain}/job/{n}_{place.country.code.lower()}/{boards.slug(title).lower()}"
        while True:  # a requisition id is never reused by another job
            url = boards.ats_url(self.rng, org, title, place)
            if url not in self.ats_seen:
                self.ats_seen.add(url)
                return url

    def _org(self) -> Org:
        roll = self.rng.random()
        if roll < 0.1:
            return self.rng.choice(AGENCIES)
        if roll < 0.14:
            return CONFIDENTIAL
        return self.rng.choice(EMPLOYERS)

    def new_job(self, day: int, org: Org | None = None) -> Job:
        rng = self.rng
        org = org or self._org()
        names = INDUSTRY_FAMILIES.get(org.industry, INDUSTRY_FAMILIES["unknown"])
        family = BY_NAME[rng.choices(names, weights=[1 / (i + 1) for i in range(len(names))])[0]]
        country = org.countries[0] if rng.random() < 0.6 else rng.choice(org.countries)
        place = pick_place(rng, country, family.name in _REMOTE_FRIENDLY)
        base = rng.choice(family.titles)
        level, multiplier = rng.choices(family.levels, weights=[3 if not lv else 1 for lv, _ in family.levels])[0]
        title = f"{level} {base}".strip()
        pay = pick_pay(rng, family, multiplier, place.country) if rng.random() < 0.75 else None
        named = org.name if org.kind == "employer" else None
        spec = descriptions.Spec(
            family, title, level, named, org.industry, place.country.code,
            salary_sentence(pay) if pay and rng.random() < 0.3 else None,
        )  # fmt: skip
        if family.hourly:
            employment = rng.choices(("fulltime", "parttime", "temporary"), weights=(6, 3, 1))[0]
        else:
            employment = rng.choices(("fulltime", "contract", "internship"), weights=(17, 2, 1))[0]
        return Job(
            self._job_id(), org, family, base, level, title, place, pay, descriptions.build(rng, spec),
            self.ats_for(org, title, place), employment, day, rng.randint(4, 35),
        )  # fmt: skip

    def template_jobs(self, day: int) -> list[Job]:
        """One employer's text for 2-4 cities: distinct jobs sharing a template group (NOT duplicates)."""
        first = self.new_job(day, self.rng.choice(EMPLOYERS))
        self.groups += 1
        first.template_group = f"tpl-{self.groups:05d}"
        jobs, taken = [first], {first.place.city}
        for _ in range(self.rng.randint(1, 3)):
            place = other_city(self.rng, first.place, taken)
            taken.add(place.city)
            jobs.append(
                replace(
                    first, job_id=self._job_id(), place=place, ats=self.ats_for(first.org, first.title, place),
                    lifetime=self.rng.randint(4, 35), postings=[],
                )
            )  # fmt: skip
        return jobs

    def shared_text_jobs(self, day: int) -> list[Job]:
        """The same agency-style text posted by two different employers (NOT duplicates)."""
        a, b = self.rng.sample(EMPLOYERS, 2)
        first = self.new_job(day, a)
        spec = descriptions.Spec(
            first.family, first.title, first.level, None, a.industry, first.place.country.code, None
        )
        first.blocks = descriptions.build(self.rng, spec)
        self.groups += 1
        first.shared_text_group = f"shared-{self.groups:05d}"
        second = replace(
            first, job_id=self._job_id(), org=b, ats=self.ats_for(b, first.title, first.place), postings=[]
        )
        return [first, second]

    def spam_job(self, day: int) -> Job:
        rng = self.rng
        post = spam.build_spam(rng)
        org = CONFIDENTIAL if rng.random() < 0.2 else rng.choice(SPAM_ORGS)
        place = pick_place(rng, rng.choice(("US", "US", "GB", "CA", "IN")), True)
        pay = Pay(post.weekly_pay, post.weekly_pay, "USD", "$", "weekly")
        link = rng.choice(
            (None, f"https://forms.gle/{rng.getrandbits(48):x}", f"https://bit.ly/{rng.getrandbits(30):x}")
        )
        return Job(
            self._job_id(), org, BY_NAME["customer_service"], post.title, "", post.title, place, pay, post.blocks,
            link, "parttime", day, rng.randint(4, 35), is_spam=True, spam_flags=post.flags,
        )  # fmt: skip

"""A synthetic regression set for employers behind shared hosts: many employers, few of them on their own URLs.

Real listing repositories (Simplify and the like) send most apply links through aggregators and career portals
(`simplify.jobs`, `ripplematch.com`, a tenant-less `myworkdaysite.com`, `eightfold.ai`, Indeed, LinkedIn) and the
rest to the employer's own ATS tenant or site. Taking those hosts for employers fused whole organizations. This set
rebuilds that situation with known truth: employers named from GeoNames places (as `bench_organizations` does),
spelled the ways boards spell them, each posting on its own ATS tenant, its own site, a listed shared host, or one
portal the host list does not know (which only the name rules can keep from fusing employers). Labels are ours
(generated), not third-party: a regression check for the rule, never the headline figure.
"""

from __future__ import annotations

import random
import uuid
from dataclasses import dataclass

from bench.bench_organizations import spelling_variant, synthetic_orgs
from hirehound.evaluation.pairwise import PairScores, pairwise_scores
from hirehound.organizations.memory_index import MemoryIndex
from hirehound.organizations.resolver import PostingInput, resolve

SHARED_URLS = (
    "https://simplify.jobs/p/{u}/Software-Engineer-Intern",
    "https://app.ripplematch.com/v2/public/job/{h}",
    "https://wd5.myworkdaysite.com/en-US/recruiting/job/{h}",
    "https://app.careerpuck.com/job/{h}",
    "https://eightfold.ai/careers?pid={h}",
    "https://www.indeed.com/viewjob?jk={h}",
    "https://www.linkedin.com/jobs/view/{n}",
    "https://www.ziprecruiter.com/c/x/Job/y?jid={h}",
)
UNLISTED_PORTAL = "https://careers.talentnest-portal.example/jobs/{n}"  # deliberately not in shared_hosts.yaml
ATS_URLS = (
    "https://boards.greenhouse.io/{t}/jobs/{n}",
    "https://jobs.lever.co/{t}/{u}",
    "https://jobs.ashbyhq.com/{t}/{u}",
    "https://{t}.wd5.myworkdayjobs.com/en-US/External/job/R{n}",
)


@dataclass(frozen=True)
class Posting:
    posting_id: str
    employer: int  # the truth
    day: int
    spelling: str
    apply_url: str | None
    company_url: str | None


def build(n_employers: int = 400, days: int = 3, seed: int = 11) -> list[Posting]:
    rng = random.Random(seed)
    names = synthetic_orgs(n_employers, rng)
    postings: list[Posting] = []
    for e, name in enumerate(names):
        tenant = "".join(ch for ch in name.lower() if ch.isalnum())
        ats = rng.choice(ATS_URLS)
        for k in range(rng.randint(2, 8)):
            fill = {
                "t": tenant,
                "n": rng.randrange(10**6),
                "u": uuid.UUID(int=rng.getrandbits(128)),
                "h": f"{rng.getrandbits(48):x}",
            }
            roll = rng.random()
            if roll < 0.35:
                url, site = ats.format(**fill), None
            elif roll < 0.5:
                url, site = f"https://careers.{tenant}.com/jobs/{fill['n']}", f"https://www.{tenant}.com"
            elif roll < 0.9:
                url, site = rng.choice(SHARED_URLS).format(**fill), "https://simplify.jobs/c/" + tenant
            else:
                url, site = UNLISTED_PORTAL.format(**fill), None
            postings.append(Posting(f"e{e}p{k}", e, rng.randrange(days), spelling_variant(name, rng), url, site))
    return postings


def score(postings: list[Posting], *, with_urls: bool) -> PairScores:
    """Pairwise "same employer" over postings, day batches in order through the resolver and an in-memory index."""
    index = MemoryIndex()
    predicted: dict[str, str] = {}
    for day in sorted({p.day for p in postings}):
        batch = [
            PostingInput(
                p.posting_id,
                "bench",
                p.spelling,
                company_url=p.company_url if with_urls else None,
                apply_url=p.apply_url if with_urls else None,
            )
            for p in postings
            if p.day == day
        ]
        resolution = resolve(batch, index)
        index.apply(resolution)
        predicted.update({a.posting_id: a.organization_id for a in resolution.assignments})
    return pairwise_scores(predicted, {p.posting_id: p.employer for p in postings})

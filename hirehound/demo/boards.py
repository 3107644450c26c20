"""Job boards of the demo: their share of scraped rows, their job ids and URLs, and employers' ATS apply links.

Ids and URLs follow what JobSpy and the boards really produce (`in-<jk>` with indeed.com/viewjob?jk=..., `li-<n>`
with linkedin.com/jobs/view/<n>, ...). Apply links point to the employer's applicant tracking system (Greenhouse,
Lever, Workday, Ashby) whose job id is shared by every board that lists the job, sometimes with tracking params.
"""

from __future__ import annotations

import hashlib
import random
import re
import string
import uuid
from dataclasses import dataclass

from hirehound.demo.orgs import Org
from hirehound.demo.places import Place


@dataclass(frozen=True)
class Board:
    name: str
    weight: float
    native_share: float  # share of its postings scraped by a native JSONL scraper rather than JobSpy
    native_file: str | None
    jobspy: bool


BOARDS: tuple[Board, ...] = (
    Board("indeed", 0.28, 0.35, "indeed-api.jsonl", True),
    Board("linkedin", 0.24, 0.35, "linkedin-api.jsonl", True),
    Board("glassdoor", 0.11, 0.0, None, True),
    Board("zip_recruiter", 0.10, 0.0, None, True),
    Board("google", 0.12, 0.0, None, True),
    Board("careers", 0.15, 1.0, "careers-ats.jsonl", False),  # employers' own ATS career sites
)
BY_NAME = {b.name: b for b in BOARDS}
JOBSPY_FILE = "{board}-jobspy.csv"
_ALNUM = string.ascii_letters + string.digits


def stable_int(text: str) -> int:
    """A number derived from text that is the same in every process (unlike hash())."""
    return int.from_bytes(hashlib.sha256(text.encode()).digest()[:8], "big")


def slug(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9]+", "-", text).strip("-")


def _digits(rng: random.Random, n: int, first: str = "123456789") -> str:
    return rng.choice(first) + str(rng.randrange(10 ** (n - 1))).zfill(n - 1)


def _key(rng: random.Random, n: int, alphabet: str) -> str:
    """n characters of `alphabet` from one random integer (one draw instead of n)."""
    value, base, out = rng.getrandbits(6 * n + 8), len(alphabet), []
    for _ in range(n):
        value, i = divmod(value, base)
        out.append(alphabet[i])
    return "".join(out)


def ats_url(rng: random.Random, org: Org, title: str, place: Place) -> str:
    """A fresh requisition on the employer's ATS (or its own careers page when it has none)."""
    tenant, vendor = org.ats_tenant, org.ats_vendor
    if vendor == "greenhouse":
        return f"https://boards.greenhouse.io/{tenant}/jobs/{_digits(rng, 7)}"
    if vendor == "lever":
        return f"https://jobs.lever.co/{tenant}/{uuid.UUID(int=rng.getrandbits(128), version=4)}"
    if vendor == "ashby":
        return f"https://jobs.ashbyhq.com/{tenant}/{uuid.UUID(int=rng.getrandbits(128), version=4)}"
    if vendor == "workday":
        req = rng.choice(("R-0", "JR", "REQ-", "R")) + _digits(rng, 5, string.digits)
        site = rng.choice(("External", "Careers", f"{tenant}_careers"))
        return f"https://{tenant}.wd1.myworkdayjobs.com/en-US/{site}/job/{slug(place.city)}/{slug(title)}_{req}"
    domain = org.domain or "example.com"
    return f"https://{domain}/careers/jobs/{_digits(rng, 6)}-{slug(title).lower()}"


def with_tracking(rng: random.Random, url: str, board: str) -> str:
    """Apply links as boards hand them out: often with tracking parameters the ATS ignores."""
    roll = rng.random()
    if roll < 0.5:
        return url
    sep = "&" if "?" in url else "?"
    if "greenhouse" in url and roll < 0.7:
        return f"{url}{sep}gh_src={rng.getrandbits(32):08x}"
    if "lever.co" in url and roll < 0.7:
        return f"{url}{sep}lever-source={board.title()}"
    return f"{url}{sep}utm_source={board}&utm_medium=jobboard&utm_campaign=job_{rng.randint(100, 999)}"


def board_identity(rng: random.Random, board: str, jobspy: bool, place: Place, ats: str | None) -> tuple[str, str]:
    """(source_job_id, url) of a new posting on `board`."""
    if board == "indeed":
        jk = f"{rng.getrandbits(64):016x}"
        return (f"in-{jk}" if jobspy else jk), f"https://{place.country.indeed_host}/viewjob?jk={jk}"
    if board == "linkedin":
        n = _digits(rng, 10, "34")
        return (f"li-{n}" if jobspy else n), f"https://www.linkedin.com/jobs/view/{n}"
    if board == "glassdoor":
        n = _digits(rng, 10, "1")
        return f"gd-{n}", f"https://www.glassdoor.com/job-listing/j?jl={n}"
    if board == "zip_recruiter":
        key = _key(rng, 22, _ALNUM)
        return f"zr-{key}", f"https://www.ziprecruiter.com/jobs//j?lvk={key}"
    if board == "google":
        key = _key(rng, 16, _ALNUM + "-_") + "AAAAAA=="
        target = ats or f"https://www.google.com/search?q=jobs&ibp=htl;jobs#htivrt=jobs&htidocid={key}"
        sep = "&" if "?" in target else "?"
        return (
            f"go-{key}",
            f"{target}{sep}utm_campaign=google_jobs_apply&utm_source=google_jobs_apply&utm_medium=organic",
        )
    # careers: the ATS page itself; its id is the tenant and requisition in the URL
    url = ats or f"https://example.com/careers/{rng.getrandbits(40)}"
    parts = url.split("/")
    tenant = parts[3] if "greenhouse" in url or "lever" in url or "ashby" in url else parts[2].split(".")[0]
    return f"{tenant}-{parts[-1].rsplit('_', 1)[-1]}"[:80], url


def company_page(board: str, org: Org, spelling: str) -> str | None:
    """The board's own page for the company (what JobSpy puts in `company_url`)."""
    if board == "linkedin":
        return f"https://www.linkedin.com/company/{slug(org.name).lower()}"
    if board == "indeed":
        return f"https://www.indeed.com/cmp/{slug(spelling)}"
    if board == "glassdoor":
        employer_id = stable_int(org.org_id) % 9_000_000 + 10_000
        return f"https://www.glassdoor.com/Overview/Working-at-{slug(spelling)}-EI_IE{employer_id}.htm"
    return None

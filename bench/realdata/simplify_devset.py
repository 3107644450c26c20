"""A real-data dev set for duplicates and employers: Simplify's public job lists, replayed as daily scrapes.

Simplify publishes its job lists on GitHub; every update of `.github/scripts/listings.json` is a commit, so the
file's history is a series of snapshots of a real job board. Each listing has a Simplify id, a company name and
slug, a title, locations, terms (for internships), dates and the employer's apply URL, mostly an ATS link
(Greenhouse, Lever, Ashby, Workday, ...). The ATS job id in that URL is a requisition-level label nobody here
wrote: two listings with one ATS job are one job (a re-listing, a second contributor, the same job on the
new-grad and the internship list), two ATS ids of one employer are two jobs, whatever the titles say.

Recipe (`SOURCES`: repository, path, first and last commit used):
- SimplifyJobs/New-Grad-Positions, 6a4bc13 (2023-09-01) .. 94c6610 (2024-10-24), and
  SimplifyJobs/Summer2024-Internships, df0a566 (2023-08-02) .. 36f64d8 (2024-03-28).
  (Not SimplifyJobs/Summer2025-Internships, abochnak/historical-nyc-remote-job-postings or speedyapply/JobSpy's
  `jobspy_output.csv`: those are kept for independent evaluation.)
- Commits are bucketed by UTC day; every `every_days`-th day that has a commit is a scrape day, read at the last
  commit of that day. A scrape day's file holds the visible listings that are new since the previous scrape day,
  whose title, locations or URL changed, or that are live (visible and active) for the last time (an incremental
  scraper's delta plus a last sighting): a listing seen again unchanged is not re-sent, its `last_seen` is its
  last live scrape day, and a posting's identity is its Simplify id.
- Companies are sampled deterministically (sha256 of the company key below `company_share`), so every listing of a
  kept company stays and duplicates are never cut in half.

Built files (under `.hirehound/eval-cache/simplify-devset/<fingerprint>/`, gitignored; `build()` returns them):
- `landing_urls/<YYYY-MM-DD>/simplify_<list>-<day>.jsonl`: native JSONL rows (docs/ingestion.md) with
  `source` "simplify", `source_job_id` (Simplify id), `url` (the listing on simplify.jobs), `apply_url` (the
  employer's link), `title`, `company`, `company_url` (Simplify's company page, an aggregator host: it says
  nothing about the employer's own domain), `location` (the listing's locations joined with "; "),
  no description (the list shows none), `employment_type` (internship / full-time), `date_posted` (epoch
  seconds), `remote`, and `extra` {`locations` list, `terms`, `sponsorship`, `simplify_list`}.
- `landing_nourls/...`: the same rows without `url`, `apply_url` and `company_url` (what an aggregator shows).
- `labels.jsonl`: one row per listing: `posting_id` (the pipeline's id for it: sha256 of "simplify:<id>"),
  `source_job_id`, `simplify_list`, `requisition` (silver label: `<vendor>:<job id>` from the apply URL, Workday
  as `workday:<tenant>:<id>` without its `-N` re-post suffix; None when the URL carries no ATS id, as a careers
  home page does: such rows are left out of pairwise scoring), `company_key` (Simplify's company slug, lower-case,
  else the lower-cased name), `company`, `title`, `location`, `first_day`, `apply_url`.
- `manifest.json`: the parameters, commits and counts.

The repositories are read from a bare git directory found through `HIREHOUND_DEVSET_GIT` (a folder holding
`<owner>+<name>/repo` or `<name>.git`), the search tool's mirror `/work/.mirror`, or
`.hirehound/eval-cache/repos/<name>.git` (`git clone --bare https://github.com/<owner>/<name>` there).
`find_git_dirs()` returns None when one is missing, and the eval section is skipped with that reason.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import subprocess
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from bench.eval_common import CACHE_DIR

LISTINGS = ".github/scripts/listings.json"
RECIPE_VERSION = 3  # bump when the rows or labels change, so the cache is rebuilt


@dataclass(frozen=True)
class Source:
    repo: str  # owner/name
    list_name: str  # short name used in file names and labels
    first_commit: str
    last_commit: str
    employment_type: str


SOURCES = (
    Source(
        "SimplifyJobs/New-Grad-Positions",
        "newgrad",
        "6a4bc1302b53244d168866cbdf4614197a32b853",
        "94c6610370bb3370e287ba45e236dd7d43c08d6b",
        "full-time",
    ),
    Source(
        "SimplifyJobs/Summer2024-Internships",
        "summer2024",
        "df0a566d93dffd68b4525701520c10f4c9741ace",
        "36f64d894318addbecb8ace52a4937b33ed96ffa",
        "internship",
    ),
)


@dataclass(frozen=True)
class DevSet:
    root: Path
    landing_urls: Path
    landing_nourls: Path
    labels: Path
    manifest: dict[str, Any]

    def label_rows(self) -> list[dict[str, Any]]:
        return [json.loads(line) for line in self.labels.read_text().splitlines() if line.strip()]


def find_git_dirs(sources: tuple[Source, ...] = SOURCES) -> dict[str, Path] | None:
    """repo -> its bare git directory, or None when any is missing."""
    roots = [Path(p) for p in os.environ.get("HIREHOUND_DEVSET_GIT", "").split(os.pathsep) if p]
    roots += [Path("/work/.mirror"), CACHE_DIR / "repos"]
    out: dict[str, Path] = {}
    for source in sources:
        owner, name = source.repo.split("/")
        candidates = [c for r in roots for c in (r / f"{owner}+{name}" / "repo", r / f"{name}.git", r / name)]
        found = next((c for c in candidates if _has_commit(c, source.last_commit)), None)
        if found is None:
            return None
        out[source.repo] = found
    return out


def _has_commit(git_dir: Path, commit: str) -> bool:
    if not git_dir.is_dir():
        return False
    done = subprocess.run(
        ["git", "--git-dir", str(git_dir), "cat-file", "-e", f"{commit}^{{commit}}"], capture_output=True
    )
    return done.returncode == 0


def _git(git_dir: Path, *args: str) -> bytes:
    return subprocess.run(["git", "--git-dir", str(git_dir), *args], capture_output=True, check=True).stdout


def snapshots(git_dir: Path, source: Source, every_days: int) -> list[tuple[str, str]]:
    """(scrape day, commit) pairs: the last commit of every `every_days`-th day that changed the listings."""
    log = _git(git_dir, "log", "--format=%H %ct", source.last_commit, "--", LISTINGS).decode().split("\n")
    last_of_day: dict[str, str] = {}
    started = False
    for line in reversed([x for x in log if x.strip()]):  # oldest first, from the first commit of the recipe
        commit, stamp = line.split()
        started = started or commit == source.first_commit
        if started:
            last_of_day[datetime.fromtimestamp(int(stamp), UTC).date().isoformat()] = commit
    days = sorted(last_of_day)
    return [(day, last_of_day[day]) for day in days[::every_days]]


def requisition(url: str | None) -> str | None:
    """The silver requisition label of an apply URL: vendor and job id, or None for links without one.

    Written apart from the pipeline's own parser (`hirehound.ingestion.urls`), from the vendors' URL forms."""
    if not url:
        return None
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return None
    host, path = (parts.hostname or "").lower(), parts.path
    query = dict(parse_qsl(parts.query))
    uuid = r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"
    if "greenhouse.io" in host and (m := re.search(r"/jobs/(\d{5,})", path)):
        return f"greenhouse:{m.group(1)}"
    if (gh := query.get("gh_jid") or query.get("token")) and gh.isdigit() and len(gh) >= 5:
        return f"greenhouse:{gh}"
    if host.endswith(("lever.co", "ashbyhq.com")) and (m := re.search(uuid, path, re.I)):
        return f"{host.split('.')[-2]}:{m.group(0).lower()}"
    if "myworkday" in host:
        # ".../job/<place>/<Title>_<REQ-ID>[-N][/apply]": the id follows the last underscore; "-N" marks a re-post.
        last = re.sub(r"/apply.*$", "", path.rstrip("/")).rsplit("/", 1)[-1]
        req = re.sub(r"-\d{1,2}$", "", last.rsplit("_", 1)[-1]) if "_" in last else ""
        if re.search(r"\d", req):
            return f"workday:{host.split('.')[0]}:{req.upper()}"
    if host.endswith("smartrecruiters.com") and (m := re.search(r"/(\d{9,})", path)):
        return f"smartrecruiters:{m.group(1)}"
    if host.endswith("workable.com") and (m := re.search(r"/j/([0-9A-F]{10})", path, re.I)):
        return f"workable:{m.group(1).upper()}"
    if host.endswith("jobvite.com") and (m := re.search(r"/job/(o[A-Za-z0-9]{8})", path)):
        return f"jobvite:{m.group(1)}"
    if host.endswith("icims.com") and (m := re.search(r"/jobs/(\d+)", path)):
        return f"icims:{host.split('.')[0]}:{m.group(1)}"
    return None


def company_key(listing: dict[str, Any]) -> str:
    url = listing.get("company_url") or ""
    if m := re.search(r"simplify\.jobs/c/([^/?#]+)", url):
        return m.group(1).lower()
    return " ".join(str(listing.get("company_name") or "").lower().split())


def _kept(key: str, share: float) -> bool:
    if share >= 1.0:
        return True
    digest = int(hashlib.sha256(key.encode()).hexdigest()[:8], 16)
    return digest / 0xFFFFFFFF < share


def _row(listing: dict[str, Any], source: Source) -> dict[str, Any]:
    locations = [str(x) for x in listing.get("locations") or []]
    terms = [str(x) for x in listing.get("terms") or []]
    return {
        "source": "simplify",
        "source_job_id": listing["id"],
        "url": f"https://simplify.jobs/p/{listing['id']}",
        "apply_url": listing.get("url") or None,
        "title": " ".join(str(listing.get("title") or "").split()),
        "company": listing.get("company_name"),
        "company_url": listing.get("company_url") or None,
        "location": "; ".join(locations) or None,
        "employment_type": source.employment_type,
        "date_posted": listing.get("date_posted"),
        "remote": any("remote" in loc.lower() for loc in locations) or None,
        "extra": {
            "locations": locations,
            "terms": terms,
            "sponsorship": listing.get("sponsorship"),
            "simplify_list": source.list_name,
        },
    }


def _strip_urls(row: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in row.items() if k not in ("url", "apply_url", "company_url")}


def _changes(listing: dict[str, Any]) -> tuple[Any, ...]:
    return (listing.get("title"), tuple(listing.get("locations") or []), listing.get("url"))


def scrape_days(
    git_dirs: dict[str, Path], every_days: int, company_share: float, sources: tuple[Source, ...] = SOURCES
) -> Iterator[tuple[str, Source, list[dict[str, Any]]]]:
    """(day, source, listings to send that day), source by source: a listing is sent on the first day it is
    seen, on a day it changed, and on its last live day (visible and active), so `last_seen` is what a daily
    scraper would record without re-sending every unchanged listing."""
    for source in sources:
        sent: dict[str, tuple[Any, ...]] = {}
        days: list[tuple[str, dict[str, dict[str, Any]]]] = []
        live_before: dict[str, dict[str, Any]] = {}
        for day, commit in snapshots(git_dirs[source.repo], source, every_days):
            listings = json.loads(_git(git_dirs[source.repo], "show", f"{commit}:{LISTINGS}"))
            rows: dict[str, dict[str, Any]] = {}
            live: dict[str, dict[str, Any]] = {}
            for listing in listings:
                if not listing.get("is_visible", True) or not listing.get("id") or not listing.get("title"):
                    continue
                if not _kept(company_key(listing), company_share):
                    continue
                if listing.get("active", True):
                    live[listing["id"]] = listing
                if sent.get(listing["id"]) != _changes(listing):
                    sent[listing["id"]] = _changes(listing)
                    rows[listing["id"]] = listing
            if days:  # listings live on the previous day and not any more: that day was their last sighting
                for lid, listing in live_before.items():
                    if lid not in live:
                        days[-1][1].setdefault(lid, listing)
            days.append((day, rows))
            live_before = live
        if days:
            for lid, listing in live_before.items():
                days[-1][1].setdefault(lid, listing)
        for day, rows in days:
            yield day, source, [rows[k] for k in sorted(rows)]


def build(
    every_days: int = 7, company_share: float = 1.0, cache: Path | None = None, sources: tuple[Source, ...] = SOURCES
) -> DevSet | None:
    """The dev set's landing zones and labels, built once per parameter set and cached; None without the repos."""
    from hirehound.ingestion.identity import posting_id

    git_dirs = find_git_dirs(sources)
    if git_dirs is None:
        return None
    params: dict[str, Any] = {"recipe": RECIPE_VERSION, "every_days": every_days, "company_share": company_share}
    params["sources"] = [asdict(s) for s in sources]
    fingerprint = hashlib.sha256(json.dumps(params, sort_keys=True).encode()).hexdigest()[:12]
    root = (cache or CACHE_DIR / "simplify-devset") / fingerprint
    devset = DevSet(root, root / "landing_urls", root / "landing_nourls", root / "labels.jsonl", {})
    if (root / "manifest.json").is_file():
        return DevSet(**{**devset.__dict__, "manifest": json.loads((root / "manifest.json").read_text())})
    labels: dict[str, dict[str, Any]] = {}
    files = rows = 0
    for day, source, delta in scrape_days(git_dirs, every_days, company_share, sources):
        if not delta:
            continue
        built = [_row(x, source) for x in delta]
        for folder, variant in ((devset.landing_urls, built), (devset.landing_nourls, map(_strip_urls, built))):
            target = folder / day / f"simplify_{source.list_name}-{day}.jsonl"
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in variant))
        files += 1
        rows += len(built)
        for listing, row in zip(delta, built, strict=True):
            labels[listing["id"]] = {
                "posting_id": posting_id(f"simplify:{listing['id']}"),
                "source_job_id": listing["id"],
                "simplify_list": source.list_name,
                "requisition": requisition(listing.get("url")),
                "company_key": company_key(listing),
                "company": listing.get("company_name"),
                "title": row["title"],
                "location": row["location"],
                "first_day": labels.get(listing["id"], {}).get("first_day", day),
                "apply_url": listing.get("url"),
            }
    devset.labels.write_text("".join(json.dumps(labels[k], ensure_ascii=False) + "\n" for k in sorted(labels)))
    manifest = {**params, "files": files, "rows": rows, "listings": len(labels)}
    manifest["days"] = len({p.name for p in devset.landing_urls.iterdir()}) if devset.landing_urls.is_dir() else 0
    (root / "manifest.json").write_text(json.dumps(manifest, indent=2))
    return DevSet(**{**devset.__dict__, "manifest": manifest})


if __name__ == "__main__":
    import argparse

    parser = argparse.ArgumentParser(description="Build the Simplify dev set into the eval cache.")
    parser.add_argument("--every-days", type=int, default=7)
    parser.add_argument("--company-share", type=float, default=1.0)
    args = parser.parse_args()
    built = build(args.every_days, args.company_share)
    print("repositories not found (see the module docstring)" if built is None else json.dumps(built.manifest))

"""A real-data dev set for duplicates WITH descriptions: one person's JobSpy scrapes of Indeed, LinkedIn and
Glassdoor, committed to GitHub for 17 months, replayed as weekly scrape files.

The Simplify dev set (`simplify_devset.py`) has no description text, so without apply URLs it cannot tell one
requisition from two. The case aggregators really pose is the same job on Indeed and LinkedIn (and re-listed on a
board under a new board id) with its description kept and the employer's link hidden. This set has both: the
public repository mcnakhaee/jobzoeker ran python-jobspy (Netherlands, data and analytics search terms) and committed
its output, `jobs.csv` and `all_jobs.csv`, with every JobSpy column: `site`, the board id `id`, `job_url`,
`job_url_direct` (the employer's apply link where the board shows one: Indeed mostly, LinkedIn sometimes,
Glassdoor never), `title`, `company`, `location`, `date_posted`, `description` (markdown), salary columns, ...

Silver label, from the employer's link only (never from the text): two postings are one requisition when their
`job_url_direct` names the same job: the ATS job id where the URL has one (`simplify_devset.requisition`:
Greenhouse, Lever, Ashby, Workday, SmartRecruiters, Workable, Jobvite, iCIMS), else the canonical URL (host
without `www.`, path, a fragment that holds digits such as `#/job/56413`, and the query without tracking
parameters: `utm_*`, `source`, `src`, `s`, `urlHash`, `trk*`, `feedId`, `postedDate`, ..., and any whose name or
value names a board, `appsource=LinkedIn`, `indeed-apply-token`; boards add those per click). No label comes
from links to a board (indeed, linkedin, glassdoor, efinancialcareers hosts: ING's jobs link to ING's site from
one board and to eFinancialCareers from another), from per-channel links (`grnh.se/<code>`: one Greenhouse job
has one code on Indeed and another on LinkedIn; `click.appcast.io`), or from links with neither a path nor a
query (a careers home page); such postings are left out of the scoring, as are postings without a link (most
LinkedIn and every Glassdoor row). A link shared by more than `MAX_GROUP` postings is taken for a generic page and
gives no label either (none is, at the pinned commit). The labels still miss some sameness (one job linked at an
ATS and at the employer's own site, `cmcom.recruitee.com/o/x` and `jobs.cm.com/o/x`): the eval lists the false
pairs so they can be read.

Recipe (`SOURCE`: repository, files, last commit used; every commit touching the files up to it is read):
- A posting is (`site`, `job_url`), sent with the board's `id` as `source_job_id`, so the pipeline's identity is
  the board's. Rows whose `site` is not a board are CSV debris (a description with unescaped quotes) and skipped.
- Commits where a file is absent (deleted or moved) are skipped for it. Commits are bucketed into
  `every_days`-day scrape days (UTC, counted from the first commit); a posting is sent on the first scrape day it
  is seen (with that sighting's fields) and again on its last one, so `last_seen` is what a daily scraper records.
- Companies: every posting of a company that has any labelled duplicate pair (the hard negatives: its other jobs)
  is kept, and of the other companies a deterministic share (sha256 of the folded name below `company_share`).

Built files (under `.hirehound/eval-cache/jobzoeker-devset/<fingerprint>/`, gitignored; `build()` returns them):
`landing_urls/<YYYY-MM-DD>/<site>-<day>.jsonl` (native JSONL: source, source_job_id, url, apply_url, title,
company, company_url, location, description, description_format markdown, salary columns, employment_type,
remote, date_posted), `landing_nourls/...` (the same without url, apply_url and company_url), `labels.jsonl` (one
row per posting: `posting_id`, `site`, `source_job_id`, `requisition` or None, `company`, `title`, `location`,
`first_day`, `apply_url`) and `manifest.json`.

The repository is read from the search tool's mirror `/work/.mirror/mcnakhaee+jobzoeker/repo`, a folder in
`HIREHOUND_DEVSET_GIT`, or `.hirehound/eval-cache/repos/jobzoeker.git`
(`git clone --bare https://github.com/mcnakhaee/jobzoeker` there); `build()` returns None when none has the commit.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
import subprocess
from collections import defaultdict
from dataclasses import asdict
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit

from bench.eval_common import CACHE_DIR
from bench.realdata.simplify_devset import DevSet, Source, find_git_dirs, requisition

SOURCE = Source("mcnakhaee/jobzoeker", "jobzoeker", "", "ba6ffa011e30edc1c1c33a0bae033b646d1c59bf", "")
FILES = ("jobs.csv", "all_jobs.csv")
BOARDS = ("indeed", "linkedin", "glassdoor")
MAX_GROUP = 6
# Per-channel short links: the same Greenhouse job has one grnh.se code on Indeed and another on LinkedIn.
# Ad networks' click links (click.appcast.io) are per click too.
REDIRECTS = ("grnh.se", "click.appcast.io")
# Job boards an employer's link may point at instead of its own site: one job has a link there and one at home.
BOARD_HOSTS = ("indeed.", "linkedin.", "glassdoor.", "efinancialcareers.")
RECIPE_VERSION = 4  # bump when the rows or labels change, so the cache is rebuilt
# Query parameters boards and ATS add per click or per channel: they say nothing about which job a link names.
TRACKING = re.compile(
    r"^(utm_.*|source|src|s|urlhash|trk.*|ref|refid|referrer|posteddate|feedid|codes|iis|iisn|mode|gh_src|"
    r"lever-.*|apply|jobpipeline|source_?type|mobile|lang|locale|ccuid|bid|ss|in_iframe|p_l|p_sid|ja|channel|"
    r"medium|campaign|applicationsource|origin|rx_(?!jobid).*)$"
)


def canonical_link(url: str | None) -> str | None:
    """The job a direct link names, as text: host, path, identifying query and fragment; None when the link names
    no job by itself (a board's own page, a careers home page, a per-channel redirect)."""
    if not url or not url.strip():
        return None
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return None
    host = (parts.hostname or "").lower().removeprefix("www.")
    if not host or any(board in host for board in BOARD_HOSTS) or host in REDIRECTS:
        return None
    path, query_text = parts.path, parts.query
    if not query_text and "&" in path:  # LinkedIn appends "&urlHash=..." to links that have no query
        path, query_text = path.split("&", 1)
    query = sorted((k, v) for k, v in parse_qsl(query_text) if not _tracking(k, v))
    path = path.rstrip("/")
    if not path and not query:
        return None
    fragment = f"#{parts.fragment}" if re.search(r"\d", parts.fragment) else ""  # "#/job/56413" names the job
    return host + path + ("?" + urlencode(query) if query else "") + fragment


def _tracking(key: str, value: str) -> bool:
    """A parameter that says where the click came from, not which job: a known name, or a name or value naming a
    board (`indeed-apply-token`, `appsource=LinkedIn`)."""
    key = key.lower()
    return bool(TRACKING.match(key)) or value.strip().lower() in BOARDS or any(b in key for b in BOARDS)


def link_label(url: str | None) -> str | None:
    """The silver requisition label of a posting's direct link: its ATS id, else its canonical link."""
    canonical = canonical_link(url)
    if canonical is None:
        return None
    return requisition(url) or f"url:{canonical}"


def company_fold(name: str | None) -> str:
    return re.sub(r"[^0-9a-z]", "", str(name or "").casefold())


def _kept(key: str, share: float) -> bool:
    if share >= 1.0:
        return True
    return int(hashlib.sha256(key.encode()).hexdigest()[:8], 16) / 0xFFFFFFFF < share


def _git(git_dir: Path, *args: str) -> bytes:
    return subprocess.run(["git", "--git-dir", str(git_dir), *args], capture_output=True, check=True).stdout


def sightings(git_dir: Path) -> list[tuple[int, dict[str, str]]]:
    """(commit time, row) for every board row of every version of the files, oldest first."""
    csv.field_size_limit(1 << 30)
    out: list[tuple[int, dict[str, str]]] = []
    for path in FILES:
        log = _git(git_dir, "log", "--format=%H %ct", SOURCE.last_commit, "--", path).decode().split()
        for commit, stamp in zip(log[::2], log[1::2], strict=True):
            shown = subprocess.run(["git", "--git-dir", str(git_dir), "show", f"{commit}:{path}"], capture_output=True)
            if shown.returncode != 0:  # a commit that deleted or moved the file
                continue
            text = shown.stdout.decode("utf-8", "replace")
            for row in csv.DictReader(io.StringIO(text)):
                if row.get("site") in BOARDS and row.get("job_url") and row.get("id") and row.get("title"):
                    out.append((int(stamp), row))
    out.sort(key=lambda x: (x[0], x[1]["site"], x[1]["job_url"]))
    return out


def _row(row: dict[str, str]) -> dict[str, Any]:
    def cell(name: str) -> str | None:
        value = (row.get(name) or "").strip()
        return value or None

    return {
        "source": row["site"],
        "source_job_id": row["id"],
        "url": row["job_url"],
        "apply_url": cell("job_url_direct"),
        "title": " ".join(row["title"].split()),
        "company": cell("company"),
        "company_url": cell("company_url"),
        "location": cell("location"),
        "description": cell("description"),
        "description_format": "markdown",
        "salary_min": cell("min_amount"),
        "salary_max": cell("max_amount"),
        "salary_currency": cell("currency"),
        "salary_interval": cell("interval"),
        "employment_type": cell("job_type"),
        "remote": cell("is_remote"),
        "date_posted": cell("date_posted"),
    }


def _strip_urls(row: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in row.items() if k not in ("url", "apply_url", "company_url")}


def build(every_days: int = 7, company_share: float = 0.1, cache: Path | None = None) -> DevSet | None:
    """The dev set's landing zones and labels, built once per parameter set and cached; None without the repo."""
    from hirehound.ingestion.identity import posting_id

    git_dirs = find_git_dirs((SOURCE,))
    if git_dirs is None:
        return None
    params: dict[str, Any] = {"recipe": RECIPE_VERSION, "every_days": every_days, "company_share": company_share,
                              "source": asdict(SOURCE), "files": FILES, "max_group": MAX_GROUP}  # fmt: skip
    fingerprint = hashlib.sha256(json.dumps(params, sort_keys=True).encode()).hexdigest()[:12]
    root = (cache or CACHE_DIR / "jobzoeker-devset") / fingerprint
    devset = DevSet(root, root / "landing_urls", root / "landing_nourls", root / "labels.jsonl", {})
    if (root / "manifest.json").is_file():
        return DevSet(**{**devset.__dict__, "manifest": json.loads((root / "manifest.json").read_text())})
    seen = sightings(git_dirs[SOURCE.repo])
    start = datetime.fromtimestamp(seen[0][0], UTC).date()

    def day_of(stamp: int) -> str:
        offset = (datetime.fromtimestamp(stamp, UTC).date() - start).days // every_days * every_days
        return (start + timedelta(days=offset)).isoformat()

    first: dict[tuple[str, str], tuple[str, dict[str, str]]] = {}
    last: dict[tuple[str, str], tuple[str, dict[str, str]]] = {}
    for stamp, row in seen:
        key = (row["site"], row["job_url"])
        first.setdefault(key, (day_of(stamp), row))
        last[key] = (day_of(stamp), row)
    groups: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for key, (_, row) in first.items():
        if label := link_label(row.get("job_url_direct")):
            groups[label].append(key)
    generic = {label for label, keys in groups.items() if len(keys) > MAX_GROUP}
    focus = {company_fold(first[k][1].get("company")) for label, ks in groups.items() if len(ks) > 1 for k in ks}
    focus -= {""}
    kept = [k for k in first if (c := company_fold(first[k][1].get("company"))) in focus or _kept(c, company_share)]
    by_day: dict[tuple[str, str], dict[tuple[str, str], dict[str, Any]]] = defaultdict(dict)
    for key in kept:
        for day, row in (first[key], last[key]):
            by_day[(day, key[0])][key] = _row(row)
    for (day, site), rows in sorted(by_day.items()):
        built = [rows[k] for k in sorted(rows)]
        for folder, variant in ((devset.landing_urls, built), (devset.landing_nourls, map(_strip_urls, built))):
            target = folder / day / f"{site}-{day}.jsonl"
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in variant))
    labels = []
    for key in sorted(kept):
        day, row = first[key]
        label = link_label(row.get("job_url_direct"))
        labels.append({
            "posting_id": posting_id(f"{row['site']}:{row['id']}"),
            "site": row["site"],
            "source_job_id": row["id"],
            "requisition": None if label in generic else label,
            "company": row.get("company"),
            "title": " ".join(row["title"].split()),
            "location": row.get("location"),
            "first_day": day,
            "apply_url": row.get("job_url_direct") or None,
        })  # fmt: skip
    devset.labels.parent.mkdir(parents=True, exist_ok=True)
    devset.labels.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in labels))
    manifest = {**params, "postings": len(labels), "labelled": sum(1 for r in labels if r["requisition"]),
                "focus_companies": len(focus), "days": len({d for d, _ in by_day}),
                "landing_files": len(by_day)}  # fmt: skip
    (root / "manifest.json").write_text(json.dumps(manifest, indent=2))
    return DevSet(**{**devset.__dict__, "manifest": manifest})


if __name__ == "__main__":
    import argparse

    parser = argparse.ArgumentParser(description="Build the jobzoeker (JobSpy) dev set into the eval cache.")
    parser.add_argument("--every-days", type=int, default=7)
    parser.add_argument("--company-share", type=float, default=0.1)
    args = parser.parse_args()
    built = build(args.every_days, args.company_share)
    print("repository not found (see the module docstring)" if built is None else json.dumps(built.manifest))

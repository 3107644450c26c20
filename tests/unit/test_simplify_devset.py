"""The Simplify dev set recipe: silver labels from apply URLs, and snapshots replayed as incremental scrape days."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

from bench.realdata.simplify_devset import Source, build, company_key, requisition
from hirehound.ingestion.identity import posting_id


@pytest.mark.parametrize(
    ("url", "label"),
    [
        ("https://boards.greenhouse.io/doordashusa/jobs/6330949", "greenhouse:6330949"),
        ("https://job-boards.greenhouse.io/stripe/jobs/6330949?gh_src=x", "greenhouse:6330949"),
        ("https://www.figma.com/careers/?gh_jid=5012345", "greenhouse:5012345"),
        (
            "https://jobs.lever.co/weride/A102C558-c365-48cf-b1ae-766037509e5c/apply",
            "lever:a102c558-c365-48cf-b1ae-766037509e5c",
        ),
        (
            "https://nvidia.wd5.myworkdayjobs.com/NVIDIAExternalCareerSite/job/US-CA-Santa-Clara/Intern_JR1979861-2",
            "workday:nvidia:JR1979861",
        ),
        ("https://x.wd1.myworkdayjobs.com/en-US/Ext/job/Remote/Engineer_R0001113", "workday:x:R0001113"),
        ("https://www.paycom.com/careers/", None),
        (None, None),
    ],
)
def test_requisition_labels(url: str | None, label: str | None) -> None:
    assert requisition(url) == label


def test_company_key_prefers_simplify_slug() -> None:
    assert company_key({"company_url": "https://simplify.jobs/c/Akuna-Capital", "company_name": "Akuna"}) == (
        "akuna-capital"
    )
    assert company_key({"company_url": "", "company_name": "  Capital  One "}) == "capital one"


def _listing(lid: str, title: str, url: str, **kw: object) -> dict[str, object]:
    return {"id": lid, "title": title, "url": url, "company_name": "Acme", "locations": ["NYC"], **kw}


def _commit(repo: Path, listings: list[dict[str, object]], stamp: str) -> str:
    path = repo / ".github" / "scripts" / "listings.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(listings))
    env = {**os.environ, "GIT_AUTHOR_DATE": stamp, "GIT_COMMITTER_DATE": stamp}
    env.update(GIT_AUTHOR_NAME="t", GIT_AUTHOR_EMAIL="t@t", GIT_COMMITTER_NAME="t", GIT_COMMITTER_EMAIL="t@t")
    subprocess.run(["git", "-C", str(repo), "add", "-A"], check=True, env=env)
    subprocess.run(["git", "-C", str(repo), "commit", "-qm", "snap"], check=True, env=env)
    done = subprocess.run(["git", "-C", str(repo), "rev-parse", "HEAD"], check=True, capture_output=True, text=True)
    return done.stdout.strip()


def test_build_replays_snapshots_as_deltas(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    repo = tmp_path / "git" / "Org+List" / "work"
    repo.mkdir(parents=True)
    subprocess.run(["git", "init", "-q", str(repo)], check=True)
    a = _listing("a", "SWE Intern", "https://boards.greenhouse.io/acme/jobs/111111")
    b = _listing("b", "SWE Intern", "https://boards.greenhouse.io/acme/jobs/222222")
    first = _commit(repo, [a], "2024-01-01T10:00:00+00:00")
    # Day 2: a unchanged (not re-sent), b new with the same title but another requisition, a hidden listing.
    hidden = _listing("h", "Hidden", "https://jobs.lever.co/x/00000000-0000-0000-0000-000000000000", is_visible=False)
    _commit(repo, [a, b, hidden], "2024-01-02T10:00:00+00:00")
    # Day 3: a re-listed under a new Simplify id with the same ATS job (one requisition, two postings); b closed.
    c = _listing("c", "Software Engineer Intern", "https://boards.greenhouse.io/acme/jobs/111111")
    last = _commit(repo, [a, {**b, "active": False}, c], "2024-01-03T10:00:00+00:00")
    (tmp_path / "git" / "Org+List" / "repo").symlink_to(repo / ".git")
    monkeypatch.setenv("HIREHOUND_DEVSET_GIT", str(tmp_path / "git"))
    source = Source("Org/List", "test", first, last, "internship")

    devset = build(every_days=1, cache=tmp_path / "cache", sources=(source,))

    assert devset is not None
    days = sorted(p.name for p in devset.landing_urls.iterdir())
    assert days == ["2024-01-01", "2024-01-02", "2024-01-03"]
    rows = [
        json.loads(x) for d in days for f in (devset.landing_urls / d).iterdir() for x in f.read_text().split("\n") if x
    ]
    # a on day 1 (new) and day 3 (its last live day); b on day 2 (new and, closed on day 3, its last live day); c new
    assert [r["source_job_id"] for r in rows] == ["a", "b", "a", "c"]
    bare = [json.loads(x) for f in devset.landing_nourls.rglob("*.jsonl") for x in f.read_text().split("\n") if x]
    assert all("apply_url" not in r and "url" not in r for r in bare)
    labels = {r["source_job_id"]: r for r in devset.label_rows()}
    assert labels["a"]["requisition"] == labels["c"]["requisition"] == "greenhouse:111111"
    assert labels["b"]["requisition"] == "greenhouse:222222"
    assert labels["a"]["posting_id"] == posting_id("simplify:a")
    assert devset.manifest["listings"] == 3
    # Cached: a second build reads the manifest instead of rebuilding.
    assert build(every_days=1, cache=tmp_path / "cache", sources=(source,)) == devset


def test_eval_counts_look_alike_pairs_by_requisition() -> None:
    from bench.eval_dedup import look_alike_pairs

    def label(title: str, req: str, company: str = "acme") -> dict[str, object]:
        return {"title": title, "company_key": company, "location": "NYC", "requisition": req}

    labels = {"a": label("SWE Intern", "r1"), "b": label("swe  intern", "r1"), "c": label("SWE Intern", "r2"),
              "d": label("SWE Intern", "r3", company="other")}  # fmt: skip
    assert look_alike_pairs(labels) == (1, 2)  # a~b one requisition; a~c and b~c two; d is another company

"""`make eval` section: duplicate clusters on real Simplify listings, scored against requisition-level silver labels.

The dev set (`bench/realdata/simplify_devset.py`) replays the public history of two Simplify job lists as daily
scrape files. Each day goes through the real assets (raw_postings -> normalized_postings -> organizations ->
posting_embeddings -> duplicate_clusters, in-process on a throwaway embedded Postgres), once with the apply URLs
the board gives and once with them removed (as aggregators show jobs). Clusters (`posting_cluster_current`) are
scored pairwise against the silver label "same ATS requisition" over the postings whose apply URL carries an
ATS id (listings pointing at a careers home page have no label and are left out); the run with URLs is repeated
in reverse day order, which must give the same cluster ids. Goals (issue 11): precision
>= 0.95 both ways, recall >= 0.90 with URLs and >= 0.75 without. Every column the listings have is kept, Simplify's
company-page URL included (an aggregator host, which the organizations stage knows is not employer evidence).
"""

from __future__ import annotations

import itertools
import json
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bench.eval_common import REAL, Figure, Section, at_least, at_most
from hirehound.evaluation.pairwise import PairScores

EVERY_DAYS = 28  # one scrape day in 28 with list changes: both runs in about 8 minutes on 2 loaded cores
# Columns left out of the runs: none. Simplify's company page (simplify.jobs/c/<slug>) stays in, since the
# organizations stage treats aggregator hosts as no evidence (hirehound/organizations/shared_hosts.yaml).
DROP: tuple[str, ...] = ()
GOALS = {"urls": (0.95, 0.90), "nourls": (0.95, 0.75)}


@dataclass
class DevRun:
    clusters: dict[str, str]  # posting_id -> current cluster id
    seconds: float
    days: int
    pairs: dict[tuple[str, str], tuple[bool, dict[str, Any]]] = field(default_factory=dict)
    titles: dict[str, str] = field(default_factory=dict)


def _copy_without(source: Path, target: Path, drop: tuple[str, ...]) -> None:
    """The landing zone's JSONL files with the fields in `drop` removed from every row."""
    for path in sorted(source.rglob("*.jsonl")):
        out = target / path.relative_to(source)
        out.parent.mkdir(parents=True, exist_ok=True)
        rows = [json.loads(line) for line in path.read_text().splitlines() if line.strip()]
        out.write_text("".join(json.dumps({k: v for k, v in r.items() if k not in drop}) + "\n" for r in rows))


def run_pipeline(landing: Path, reverse: bool = False, drop: tuple[str, ...] = ()) -> DevRun:
    """Every scrape day of `landing` through the dedup assets in a fresh embedded Postgres."""
    from bench.harness import bench_environment, run_dedup_days

    with bench_environment("hhevaldedup") as env:
        _copy_without(landing, env.landing, drop)
        keys = sorted(p.name for p in env.landing.iterdir() if p.is_dir())
        tables = run_dedup_days(keys, reverse)
    return DevRun(tables.clusters, tables.seconds, len(keys), dict(tables.pairs), tables.titles)


def wrong_pairs(labels: dict[str, dict[str, Any]], run: DevRun, limit: int = 12) -> tuple[list[str], list[str]]:
    """Up to `limit` false and missed pairs, with the verdict and signals stored for them."""

    def line(a: str, b: str) -> str:
        key = (a, b) if a < b else (b, a)
        accepted, reasons = run.pairs.get(key, (None, {"verdict": "never a candidate"}))
        la, lb = labels[a], labels[b]
        return (f"{la['company']!r} {la['title']!r} [{la['requisition']}] ~ {lb['company']!r} {lb['title']!r} "
                f"[{lb['requisition']}]: accepted={accepted} {reasons}")  # fmt: skip

    by_cluster: dict[str, list[str]] = defaultdict(list)
    for pid in labels:
        if pid in run.clusters:
            by_cluster[run.clusters[pid]].append(pid)
    false = [line(a, b) for members in by_cluster.values() for a, b in itertools.combinations(sorted(members), 2)
             if labels[a]["requisition"] != labels[b]["requisition"]]  # fmt: skip
    by_req: dict[str, list[str]] = defaultdict(list)
    for pid, label in labels.items():
        by_req[label["requisition"]].append(pid)
    missed = [line(a, b) for members in by_req.values() for a, b in itertools.combinations(sorted(members), 2)
              if run.clusters.get(a) is None or run.clusters.get(a) != run.clusters.get(b)]  # fmt: skip
    return false[:limit], missed[:limit]


def evaluate(shared: Path | None, every_days: int = EVERY_DAYS) -> Section:
    from bench.dedup_lookalikes import lookalike_timing, sightings
    from bench.realdata.simplify_devset import build
    from hirehound.evaluation.pairwise import pairwise_scores

    command = "python -m bench.evaluate --only dedup"
    section = Section(title="Duplicate clusters on real job listings (Simplify)", command=command)
    devset = build(every_days=every_days)
    if devset is None:
        section.skipped = "the Simplify repositories are not on this machine (see bench/realdata/simplify_devset.py)"
        return section
    labels = {r["posting_id"]: r for r in devset.label_rows() if r["requisition"]}
    truth = {pid: r["requisition"] for pid, r in labels.items()}
    data = (f"Simplify New-Grad + Summer2024 lists, {devset.manifest['days']} scrape days, "
            f"{len(labels):,} of {devset.manifest['listings']:,} listings with an ATS id")  # fmt: skip
    detail: list[str] = []
    same, other = look_alike_pairs(labels)
    metric = "pairs of listings with one company, title and location: one requisition / two"
    section.add(data, metric, f"{same} / {other}", origin=REAL, note="what text alone can tell apart without URLs")
    timing = lookalike_timing(list(labels.values()), *sightings(devset.landing_nourls))
    section.add(data, "look-alike pairs (one company, same role, shared place) by timing: one requisition / two",
                "; ".join(f"{t} {one} / {two}" for t, (one, two) in timing.items()), origin=REAL,
                note="no timing holds mostly one requisition: why no rule finds pairs without URLs")  # fmt: skip
    forward: dict[str, str] = {}
    for variant, landing in (("urls", devset.landing_urls), ("nourls", devset.landing_nourls)):
        run = run_pipeline(landing, drop=DROP)
        if variant == "urls":
            forward = run.clusters
        name = add_pairwise_figures(section, data, variant, pairwise_scores(run.clusters, truth))
        false, missed = wrong_pairs(labels, run)
        detail += [f"**{name}** ({run.days} days in {run.seconds:.0f} s): false pairs (first {len(false)}):"]
        detail += ["", "```", *false, "```", "", f"missed pairs (first {len(missed)}):", "", "```", *missed, "```", ""]
    backward = run_pipeline(devset.landing_urls, reverse=True, drop=DROP)
    differing = sum(1 for pid, cid in forward.items() if backward.clusters.get(pid) != cid)
    section.add(data, "postings whose cluster id differs in reverse day order (with URLs)", differing,
                goal=at_most(differing, 0), origin=REAL, note=f"of {len(forward):,}")  # fmt: skip
    section.detail = "\n".join(detail)
    return section


def add_pairwise_figures(section: Section, data: str, variant: str, scores: PairScores) -> str:
    """Pairwise precision and recall of one run (`variant` "urls" or "nourls") against GOALS; returns its name."""
    precision_goal, recall_goal = GOALS[variant]
    name = "with apply URLs" if variant == "urls" else "apply URLs removed"
    note = f"{scores.predicted_pairs:,} predicted, {scores.true_pairs:,} true, {scores.correct_pairs:,} correct"
    if scores.predicted_pairs:
        section.add(data, f"pairwise precision, {name}", scores.precision,
                    goal=at_least(scores.precision, precision_goal), origin=REAL, note=note)  # fmt: skip
    else:  # no pair predicted: precision is undefined, not met
        section.figures.append(Figure(data, f"pairwise precision, {name}", "n/a", f">= {precision_goal:g}",
                                      None, REAL, note))  # fmt: skip
    section.add(data, f"pairwise recall, {name}", scores.recall, goal=at_least(scores.recall, recall_goal),
                origin=REAL)  # fmt: skip
    return name


def look_alike_pairs(labels: dict[str, dict[str, Any]]) -> tuple[int, int]:
    """Pairs of labelled listings with the same company, title and location: (one requisition, two)."""
    groups: dict[tuple[str, str, str], list[str]] = defaultdict(list)
    for label in labels.values():
        title = " ".join(str(label["title"]).lower().split())
        groups[(label["company_key"], title, str(label["location"]))].append(label["requisition"])
    same = other = 0
    for reqs in groups.values():
        for a, b in itertools.combinations(reqs, 2):
            same, other = (same + 1, other) if a == b else (same, other + 1)
    return same, other


if __name__ == "__main__":
    import argparse

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--every-days", type=int, default=EVERY_DAYS)
    args = parser.parse_args()
    print(evaluate(None, args.every_days).markdown())

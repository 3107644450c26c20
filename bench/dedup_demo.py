"""Dedup quality on the demo ground truth, through the real assets (ingestion, organizations, embeddings, dedup).

A demo landing zone (fixed seed and start date) is generated, every day is materialized in date order (and, in a
second fresh database, in reverse order), and the resulting clusters (`posting_cluster_current`) are scored with
`hirehound.evaluation.evaluate_dedup`: pairwise precision/recall/F1 over postings (re-scrapes are the same posting
identity, so they are not pairs), recall per duplicate type, and false merges of template and shared-text
look-alikes. Wrong pairs are listed with their stored signals so a miss can be explained.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any
from unittest import mock

DEMO_START = date(2026, 11, 14)
DEMO_SEED = 42


@dataclass
class DemoRun:
    report: Any  # hirehound.evaluation.DedupReport
    clusters: dict[str, str]  # posting_id -> current cluster id
    seconds: float
    wrong_pairs: list[str] = field(default_factory=list)  # false positives, then false negatives, with signals


def description_only(title: str | None, location: str | None, description: str | None) -> str:
    """The alternative embedded text measured against the default: the description start alone."""
    from hirehound.embeddings.posting_text import DESCRIPTION_CHARS, embedding_text

    return embedding_text(None, None, description, DESCRIPTION_CHARS) or (title or "")


@contextmanager
def _embedded_text(text_fn: Callable[..., str] | None) -> Iterator[None]:
    if text_fn is None:
        yield
        return
    with mock.patch("hirehound.embeddings.postings.embedding_text", text_fn):
        yield


def demo_run(
    days: int, per_day: int, reverse: bool = False, text_fn: Callable[..., str] | None = None, seed: int = DEMO_SEED
) -> DemoRun:
    from bench.harness import bench_environment, run_dedup_days
    from hirehound.demo import generate_scrapes
    from hirehound.evaluation import evaluate_dedup, load_ground_truth, postings_truth

    with bench_environment("hhdedupdemo") as env, _embedded_text(text_fn):
        generate_scrapes(env.landing, days=days, per_day=per_day, seed=seed, start=DEMO_START, truth_path=env.truth)
        keys = [(DEMO_START + timedelta(days=i)).isoformat() for i in range(days)]
        tables = run_dedup_days(keys, reverse)
        truth = postings_truth(load_ground_truth(env.truth))
    clusters, seconds = tables.clusters, tables.seconds
    report = evaluate_dedup(truth, clusters)
    return DemoRun(report, clusters, seconds, _wrong_pairs(truth, clusters, tables.pairs, tables.titles))


def _wrong_pairs(
    truth: dict[str, Any], clusters: dict[str, str], pairs: dict[tuple[str, str], Any], titles: dict[str, str]
) -> list[str]:
    out: list[str] = []

    def line(kind: str, a: str, b: str) -> str:
        key = (a, b) if a < b else (b, a)
        accepted, reasons = pairs.get(key, (None, {"verdict": "never a candidate"}))
        ta, tb = truth[a], truth[b]
        return (
            f"{kind} {ta.job_id}/{ta.dup_type} {titles.get(a)!r} ~ {tb.job_id}/{tb.dup_type} {titles.get(b)!r}: "
            f"accepted={accepted} {reasons}"
        )

    by_cluster: dict[str, list[str]] = {}
    for pid, cid in clusters.items():
        if pid in truth:
            by_cluster.setdefault(cid, []).append(pid)
    for members in by_cluster.values():
        out += [line("FP", a, b) for a, b in itertools.combinations(sorted(members), 2)
                if truth[a].job_id != truth[b].job_id]  # fmt: skip
    by_job: dict[str, list[str]] = {}
    for pid, t in truth.items():
        by_job.setdefault(t.job_id, []).append(pid)
    for members in by_job.values():
        out += [line("FN", a, b) for a, b in itertools.combinations(sorted(members), 2)
                if clusters.get(a) is None or clusters.get(a) != clusters.get(b)]  # fmt: skip
    return out


def quality_section(days: int, per_day: int, compare_text: bool = True, seed: int = DEMO_SEED) -> str:
    """Markdown: quality in date order, cluster ids vs reverse order, and the embedded-text comparison."""
    forward = demo_run(days, per_day, seed=seed)
    backward = demo_run(days, per_day, reverse=True, seed=seed)
    differing = sum(1 for pid, cid in forward.clusters.items() if backward.clusters.get(pid) != cid)
    lines = [
        f"### Demo ground truth ({days} days x {per_day} rows, seed {seed}, start {DEMO_START})",
        "",
        f"Real assets raw_postings -> normalized_postings -> organizations -> posting_embeddings -> "
        f"duplicate_clusters per day, date order: {forward.seconds:.0f} s.",
        "",
        forward.report.markdown(),
        "",
        f"Reverse day order ({backward.seconds:.0f} s): {differing} of {len(forward.clusters)} postings have a "
        f"different cluster id; reverse-order precision {backward.report.overall.precision:.3f}, "
        f"recall {backward.report.overall.recall:.3f}.",
    ]
    if compare_text:
        alt = demo_run(days, per_day, text_fn=description_only, seed=seed)
        lines += ["", "Embedded text (date order):", "", "| embedded text | precision | recall | F1 | "
                  + " | ".join(f"recall {k}" for k in forward.report.by_type) + " |",
                  "|---|---|---|---|" + "---|" * len(forward.report.by_type)]  # fmt: skip
        for name, run in (("title + org + location + description start (default)", forward),
                          ("description start only", alt)):  # fmt: skip
            o = run.report.overall
            lines.append(f"| {name} | {o.precision:.3f} | {o.recall:.3f} | {o.f1:.3f} | "
                         + " | ".join(f"{r.recall:.3f}" for r in run.report.by_type.values()) + " |")  # fmt: skip
    if forward.wrong_pairs:
        lines += ["", f"Wrong pairs in date order ({len(forward.wrong_pairs)}, first 15):", "", "```"]
        lines += [*forward.wrong_pairs[:15], "```"]
    return "\n".join(lines)


if __name__ == "__main__":
    import argparse

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("days", type=int, nargs="?", default=7)
    parser.add_argument("per_day", type=int, nargs="?", default=200)
    parser.add_argument("--seed", type=int, default=DEMO_SEED)
    parser.add_argument("--no-text", action="store_true", help="skip the embedded-text comparison run")
    args = parser.parse_args()
    print(quality_section(args.days, args.per_day, compare_text=not args.no_text, seed=args.seed))

"""The demo ground truth as a second check: the whole daily pipeline on a small generated demo, scored.

A demo landing zone (fixed seed and start date, DAYS days of PER_DAY rows) is generated, `daily_pipeline_job`
runs in this process for each day, in date order, on a throwaway embedded Postgres (bench/harness.py), and the
tables are scored against the generator's ground truth with hirehound.evaluation: duplicate clusters (pairwise
P/R/F1 and recall per duplicate type), organizations (pairwise P/R over postings of named employers) and spam
(fraud-class P/R/F1 of `spam_scores.is_spam`, with no trained model: what a fresh install decides by rules).
The demo's scams and duplicates are made by this project's own generator, so these figures are origin DEMO:
they show the pipeline is wired right, not how it does on real data.
"""

from __future__ import annotations

import time
from datetime import date, timedelta
from pathlib import Path

from bench.eval_common import DEMO, Section, at_least

COMMAND = "PYTHONPATH=$PWD .venv/bin/python -m bench.evaluate --only demo --out /tmp/eval_demo.md"
DEMO_START = date(2026, 11, 14)
DAYS = 5
PER_DAY = 120
SEED = 42

CURRENT_SPAM_SQL = """
SELECT DISTINCT ON (posting_id) posting_id, is_spam FROM spam_scores ORDER BY posting_id, partition_date DESC
"""


def evaluate(shared: Path | None) -> Section:

    section = Section("Demo ground truth (whole daily pipeline)", command=COMMAND)
    data = f"demo {DAYS} days x {PER_DAY} rows (seed {SEED})"
    return _run(section, data)


def _run(section: Section, data: str) -> Section:
    from bench.harness import bench_environment, run_daily_job
    from hirehound.db.engine import get_engine
    from hirehound.demo import generate_scrapes
    from hirehound.evaluation import (
        evaluate_dedup,
        evaluate_organizations,
        evaluate_spam,
        load_ground_truth,
        postings_truth,
    )

    with bench_environment("hhevaldemo") as env:
        generate_scrapes(env.landing, days=DAYS, per_day=PER_DAY, seed=SEED, start=DEMO_START, truth_path=env.truth)
        started = time.perf_counter()
        failed = []
        for i in range(DAYS):
            key = (DEMO_START + timedelta(days=i)).isoformat()
            # Skills are scored on the real benchmark (eval_skills), not here: curated skills only, so a fresh
            # database does not spend minutes embedding all of ESCO for figures this section does not report.
            if not run_daily_job(key, settings={"esco_csv": "none"}).success:
                failed.append(key)
        seconds = time.perf_counter() - started
        truth = postings_truth(load_ground_truth(env.truth))
        with get_engine().connect() as conn:
            clusters: dict[str, str] = dict(
                conn.exec_driver_sql("SELECT posting_id, cluster_id FROM posting_cluster_current").all()
            )
            orgs: dict[str, str] = dict(
                conn.exec_driver_sql("SELECT posting_id, organization_id FROM posting_organization_current").all()
            )
            spam = {pid: bool(flag) for pid, flag in conn.exec_driver_sql(CURRENT_SPAM_SQL).all()}
    if failed:
        section.add(data, "days whose job failed", ", ".join(failed), origin=DEMO)
    dedup = evaluate_dedup(truth, clusters)
    o = dedup.overall
    section.add(data, "dedup pairwise precision", o.precision, goal=at_least(o.precision, 0.97), origin=DEMO)
    section.add(data, "dedup pairwise recall", o.recall, goal=at_least(o.recall, 0.95), origin=DEMO)
    section.add(data, "dedup pairwise F1", o.f1, origin=DEMO)
    for kind, r in dedup.by_type.items():
        section.add(data, f"dedup recall {kind}", r.recall, origin=DEMO, note=f"{r.found}/{r.pairs} pairs")
    section.add(data, "template / shared-text false merges",
                f"{dedup.template_false_merges} / {dedup.shared_text_false_merges}", origin=DEMO)  # fmt: skip
    org = evaluate_organizations(truth, orgs)
    section.add(data, "organizations pairwise precision", org.precision, goal=at_least(org.precision, 0.9), origin=DEMO)
    section.add(data, "organizations pairwise recall", org.recall, goal=at_least(org.recall, 0.8), origin=DEMO)
    s = evaluate_spam(truth, spam)
    section.add(data, "spam fraud precision (rules only)", s.precision, origin=DEMO)
    section.add(data, "spam fraud recall (rules only)", s.recall, origin=DEMO)
    section.add(data, "spam fraud F1 (rules only)", s.f1, goal=at_least(s.f1, 0.8), origin=DEMO,
                note=f"TP {s.true_positives}, FP {s.false_positives}, FN {s.false_negatives}")  # fmt: skip
    section.detail = (
        f"{len(truth):,} postings in the truth; the {DAYS} daily runs took {seconds:.0f} s on this machine "
        "(embeddings dominate)."
    )
    return section

"""End to end: one scrape day from files to the published catalogue, per stage, and the cost of re-running it.

small: 2,000 postings in the day; medium: 10,000 (the size of the re-run goal); large: 20,000 (the issue's
figure). Runs `daily_pipeline_job` in-process on a fresh embedded Postgres, so the numbers include every stage:
ingestion, organizations, embeddings (the model on CPU dominates), dedup, skills, quality, spam and publication.
The re-run column says, per stage, whether it skipped the unchanged day (`skipped_unchanged` in its metadata).
"""

from __future__ import annotations

from datetime import date

from bench.harness import bench_environment, run_daily_job

SIZES = {"small": 2_000, "medium": 10_000, "large": 20_000}
NO_ESCO: dict[str, object] = {"esco_csv": "none"}


def run(size: str) -> str:
    from hirehound.demo import generate_scrapes

    per_day = SIZES[size]
    day = date(2026, 11, 20)
    load_before = _load()
    with bench_environment("hhe2eb") as env:
        generate_scrapes(env.landing, days=1, per_day=per_day, seed=11, start=day, truth_path=env.truth)
        # Curated skills only: with ESCO, a fresh database first embeds ESCO's 27,878 skill texts (about 10 minutes
        # here, once per database), which would hide the day's own cost in the first run.
        first = run_daily_job(day.isoformat(), settings=NO_ESCO)
        second = run_daily_job(day.isoformat(), settings=NO_ESCO)
    rows = [
        "| stage | first run (s) | re-run, unchanged (s) | re-run / first | skipped unchanged |",
        "|---|---:|---:|---:|---|",
    ]
    for step in sorted(first.steps, key=lambda s: -first.steps[s]):
        again = second.steps.get(step, float("nan"))
        share = 100 * again / first.steps[step] if first.steps[step] else float("nan")
        rows.append(
            f"| {step} | {first.steps[step]:.2f} | {again:.2f} | {share:.0f}% | {second.skipped.get(step, '-')} |"
        )
    return "\n".join(
        [
            f"One day of {per_day:,} scraped rows (demo generator, seed 11), file to catalogue, curated skills only:",
            "",
            f"- first run: **{first.seconds:.1f} s** ({per_day / first.seconds:.0f} rows/s), success={first.success}",
            f"- re-run of the unchanged partition: **{second.seconds:.1f} s** "
            f"({100 * second.seconds / first.seconds:.1f}% of the first run), success={second.success}",
            f"- load average (1/5/15 min) before / after: {load_before} / {_load()}",
            "",
            *rows,
        ]
    )


def _load() -> str:
    import os

    return " ".join(f"{v:.2f}" for v in os.getloadavg())


if __name__ == "__main__":
    import sys

    print(run(sys.argv[1] if len(sys.argv) > 1 else "small"))

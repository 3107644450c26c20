"""Demo generator speed: rows per second and bytes written, for the sizes benches and tests ask of it.

small: a week of 200 rows/day (what `make run` writes); large: one day of 100,000 rows (the largest size other
benches use) plus a second day, where re-scrapes make up half the rows.
"""

from __future__ import annotations

import resource
import shutil
import tempfile
import time
from datetime import date
from pathlib import Path

SIZES = {"small": (7, 200), "large": (2, 100_000)}


def _size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def run(size: str) -> str:
    from hirehound.demo import generate_scrapes

    days, per_day = SIZES[size]
    root = Path(tempfile.mkdtemp(prefix="hhdemo", dir="/tmp"))
    try:
        began = time.perf_counter()
        summary = generate_scrapes(root / "landing", days=days, per_day=per_day, seed=42, start=date(2026, 11, 14))
        wall = time.perf_counter() - began
        landing_mb = _size(root / "landing") / 2**20
        truth_mb = Path(summary.truth_path).stat().st_size / 2**20
    finally:
        shutil.rmtree(root, ignore_errors=True)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    dups = ", ".join(f"{k} {v:,}" for k, v in summary.dup_types.items())
    return "\n".join([
        f"### Demo generator ({size}: {days} day(s) × {per_day:,} rows)",
        "",
        "| measure | value |",
        "|---|---|",
        f"| rows | {summary.rows:,} in {summary.files} files |",
        f"| wall time | {wall:.2f} s ({summary.rows / wall:,.0f} rows/s) |",
        f"| written | {landing_mb:.1f} MiB scrapes + {truth_mb:.1f} MiB ground truth |",
        f"| peak RSS (process) | {peak_mb:.0f} MiB |",
        f"| duplicate types | {dups} ({summary.duplicate_share:.0%} of rows) |",
        f"| spam rows | {summary.spam_rows:,} ({summary.spam_rows / summary.rows:.1%}) |",
        f"| jobs / organizations | {summary.jobs:,} / {summary.organizations} |",
        "",
        f"Command: `.venv/bin/python bench/bench_demo.py {size}`",
    ])  # fmt: skip


if __name__ == "__main__":
    import sys

    print(run(sys.argv[1] if len(sys.argv) > 1 else "small"))

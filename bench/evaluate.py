"""`make eval`: every quality measure the project has, on real public data first and the demo truth second.

Runs each `bench/eval_<area>.py` section (see `bench/eval_common.py` for the contract) and writes
docs/EVALUATION.md with the data, metric, figure, goal, date and commit. A section that needs `../shared/data` and
does not find it says so and is skipped; one that crashes is reported as failed, and the others still run.
"""

from __future__ import annotations

import argparse
import importlib
import os
import subprocess
import sys
import time
import traceback
from datetime import UTC, datetime
from pathlib import Path

from bench.eval_common import ROOT, SHARED_DATA, Section

ORDER = ["skills", "organizations", "dedup", "dedup_descriptions", "fraud", "real_samples", "demo"]
OUT = ROOT / "docs" / "EVALUATION.md"


def discover() -> list[str]:
    found = sorted(p.stem.removeprefix("eval_") for p in (ROOT / "bench").glob("eval_*.py") if p.stem != "eval_common")
    return [name for name in ORDER if name in found] + [name for name in found if name not in ORDER]


def commit() -> str:
    done = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, cwd=ROOT)
    dirty = subprocess.run(["git", "status", "--porcelain"], capture_output=True, text=True, cwd=ROOT).stdout.strip()
    return (done.stdout.strip() or "unknown") + (" (with uncommitted changes)" if dirty else "")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--only", nargs="*", help="run only these sections (names after eval_)")
    parser.add_argument("--out", default=str(OUT))
    args = parser.parse_args()
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    shared = SHARED_DATA if SHARED_DATA.is_dir() else None
    names = args.only or discover()
    started = datetime.now(UTC)
    blocks: list[str] = []
    failed: list[str] = []
    missed: list[str] = []
    for name in names:
        print(f"== eval_{name}", flush=True)
        t0 = time.perf_counter()
        try:
            section: Section = importlib.import_module(f"bench.eval_{name}").evaluate(shared)
        except Exception:  # one broken section must not hide the others' figures
            failed.append(name)
            section = Section(title=name, detail=f"**failed**:\n\n```\n{traceback.format_exc()[-3000:]}\n```")
        block = section.markdown()
        blocks.append(block + f"\n_{time.perf_counter() - t0:.0f} s to measure_\n")
        missed += [f"{name}: {f.data} {f.metric}" for f in section.figures if f.met is False]
        print(block, flush=True)
    command = "make eval" if not args.only else f"python -m bench.evaluate --only {' '.join(names)}"
    header = [
        "# Hirehound evaluation",
        "",
        "Quality figures measured by `make eval`. A figure counts when it is measured on real data someone else",
        "produced (origin `real (third-party)`); the demo ground truth is a second check, never the only one.",
        "",
        f"- date: {started:%Y-%m-%d %H:%M} UTC",
        f"- commit: {commit()}",
        f"- command: `{command}`",
        f"- shared data: {'found at ../shared/data' if shared else 'absent: sections that need it are skipped'}",
        "",
    ]
    if missed:
        header += ["Goals not met:", "", *[f"- {m}" for m in missed], ""]
    Path(args.out).write_text("\n".join(header) + "\n" + "\n".join(blocks))
    print(f"wrote {args.out}" + (f"; failed: {failed}" if failed else ""))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

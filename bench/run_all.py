"""Run every benchmark in bench/ and write bench/RESULTS.md (figures, machine, date, command).

Each `bench/bench_<area>.py` exposes `run(size) -> str`, returning a markdown section; ratios inside a section are
measured side by side in one run. `make bench` runs the small sizes; `make bench SIZE=large` the large ones.
`bench_real_path` runs the product through its daemon; its sizes come from `BENCH_SIZES` (e.g. `200,2000`).
With `--only`, the other sections already in the results file are kept as they were.
"""

from __future__ import annotations

import argparse
import importlib
import os
import platform
import subprocess
import sys
import time
import traceback
from datetime import UTC, datetime
from pathlib import Path

import psutil

BENCH_DIR = Path(__file__).resolve().parent
ORDER = [
    "ingestion", "organizations", "embeddings", "dedup", "skills", "spam", "maintenance", "end_to_end", "real_path",
]  # fmt: skip


def machine_summary() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        model = next(
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        )
    except (OSError, StopIteration):
        model = cpu
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True).stdout.strip()
    return (
        f"- machine: {os.cpu_count()} cores ({model}), {psutil.virtual_memory().total / 2**30:.0f} GiB RAM, "
        f"Python {platform.python_version()}, {platform.system()} {platform.release()}\n"
        f"- commit: {commit or 'unknown'}\n"
    )


def discover() -> list[str]:
    found = sorted(p.stem.removeprefix("bench_") for p in BENCH_DIR.glob("bench_*.py"))
    return [name for name in ORDER if name in found] + [name for name in found if name not in ORDER]


def kept_sections(previous: str, replaced: set[str]) -> list[str]:
    """The `## name` sections of an earlier results file, minus those being replaced, in their order."""
    sections = []
    for chunk in previous.split("\n## ")[1:]:
        name = chunk.split("\n", 1)[0].strip()
        if name not in replaced:
            sections.append(f"## {chunk.rstrip()}\n")
    return sections


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--size", choices=["small", "large"], default="small")
    parser.add_argument("--only", nargs="*", help="run only these benchmarks (names after bench_)")
    parser.add_argument("--out", default=str(BENCH_DIR / "RESULTS.md"))
    args = parser.parse_args()
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    names = args.only or discover()
    started = datetime.now(UTC)
    sections: list[str] = []
    failed: list[str] = []
    for name in names:
        print(f"== bench_{name} ({args.size})", flush=True)
        t0 = time.perf_counter()
        try:
            module = importlib.import_module(f"bench.bench_{name}")
            body = module.run(args.size)
        except Exception:  # one broken benchmark must not hide the others' figures
            failed.append(name)
            body = f"**failed**:\n\n```\n{traceback.format_exc()[-3000:]}\n```\n"
        elapsed = time.perf_counter() - t0
        sections.append(f"## {name}\n\n_{elapsed:.0f} s to run_\n\n{body.strip()}\n")
        print(body, flush=True)
    command = (
        f"make bench SIZE={args.size}"
        if not args.only
        else f"python -m bench.run_all --size {args.size} --only {' '.join(names)}"
    )
    header = (
        "# Hirehound benchmark results\n\n"
        f"- date: {started:%Y-%m-%d %H:%M} UTC\n- command: `{command}`\n{machine_summary()}\n"
    )
    out = Path(args.out)
    if args.only and out.exists():
        header += (
            f"Sections {', '.join(names)} from this command; the others from earlier runs (see their own notes).\n\n"
        )
        sections = kept_sections(out.read_text(), set(names)) + sections
    out.write_text(header + "\n".join(sections))
    print(f"wrote {args.out}" + (f"; failed: {failed}" if failed else ""))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

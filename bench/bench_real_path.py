"""The real path, as a user runs it: `hirehound dev` (UI, daemon, code server, embedded Postgres), demo days
dropped into the landing zone, the scrape sensor launching their runs, the daemon running them to the catalogue;
each unchanged day then re-run through `hirehound backfill` (the daemon again). One fresh product: a small warm-up
day takes the new database's one-off work, then one new day per size. Per run: drop (or submit) to catalogue, the
run worker's start, per-step process and body time from the event log, step overhead, peak memory of the process
tree. Sizes: `BENCH_SIZES=200,2000` (postings per day; default 200, 2,000 and 20,000).
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import tempfile
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import psutil

from bench.run_timeline import Event, RunTimeline, timeline
from tests.e2e.product import VENV_BIN, Product

JOB = "daily_pipeline_job"
DEFAULT_SIZES = "200,2000,20000"
# A new database does one-off work in its first run (ESCO skill vectors: about 28,000 texts embedded; the embedding
# model exported and quantized): a small day takes it first, so that each size's figures are those of a new day.
WARMUP_POSTINGS = 20
ACTIVE = {"QUEUED", "STARTING", "STARTED", "NOT_STARTED", "CANCELING"}


class PeakMemory:
    """Peak RSS and PSS summed over a process tree (PSS counts pages shared by forked steps once), sampled."""

    def __init__(self, roots: list[int], every: float = 1.0) -> None:
        self.roots, self.every = roots, every
        self.rss = self.pss = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, daemon=True)

    def _sample(self) -> None:
        rss = pss = 0
        for root in self.roots:
            with contextlib.suppress(psutil.Error):
                top = psutil.Process(root)
                for proc in [top, *top.children(recursive=True)]:
                    with contextlib.suppress(psutil.Error):
                        info = proc.memory_full_info()
                        rss += info.rss
                        pss += getattr(info, "pss", info.rss)
        self.rss, self.pss = max(self.rss, rss), max(self.pss, pss)

    def _loop(self) -> None:
        while not self._stop.wait(self.every):
            self._sample()

    def __enter__(self) -> PeakMemory:
        self._sample()
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


@dataclass
class RunResult:
    label: str
    run_id: str
    status: str
    to_catalogue: float  # drop (or submit) to RUN_SUCCESS, wall clock
    to_launch: float  # drop (or submit) to the run's RUN_STARTING
    timeline: RunTimeline
    load: tuple[float, float, float]
    rss: int
    pss: int


def sizes() -> list[int]:
    return [int(s.replace("_", "")) for s in os.environ.get("BENCH_SIZES", DEFAULT_SIZES).split(",") if s.strip()]


@contextlib.contextmanager
def instance_of(product: Product) -> Iterator[Any]:
    """The product's Dagster instance, opened the way `hirehound backfill` does (its server, its DAGSTER_HOME)."""
    saved = dict(os.environ)
    for key in [k for k in os.environ if k.startswith(("HIREHOUND_", "DAGSTER_"))]:
        del os.environ[key]
    os.environ.update(product.env)
    try:
        from hirehound.cli.dev_cmd import prepare_environment

        os.environ.update(prepare_environment())
        import dagster as dg

        with dg.DagsterInstance.get() as instance:
            yield instance
    finally:
        from hirehound.db.engine import dispose_engines

        dispose_engines()
        os.environ.clear()
        os.environ.update(saved)


def _events(instance: Any, run_id: str) -> list[Event]:
    out = []
    for record in instance.all_logs(run_id):
        event = record.dagster_event
        if event is not None:
            # the enum's name: its value is still the old PIPELINE_* spelling for run events
            out.append(Event(record.timestamp, event.event_type.name, event.step_key))
    return out


def _wait_for_run(instance: Any, day: str, known: set[str], timeout: float) -> str:
    """The id of the first new run of `day` once it and its retries are over (a retry is a new run)."""
    import dagster as dg

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        runs = [r for r in instance.get_runs(dg.RunsFilter(job_name=JOB, tags={"dagster/partition": day}))]
        new = [r for r in runs if r.run_id not in known]
        if new and not any(r.status.value in ACTIVE for r in new):
            ok = [r for r in new if r.status.value == "SUCCESS"]
            return (ok or new)[0].run_id
        time.sleep(1)
    raise TimeoutError(f"no finished run of {day} within {timeout:.0f} s")


def _measure(product: Product, instance: Any, label: str, day: str, trigger: Any, timeout: float) -> RunResult:
    known = {r.run_id for r in instance.get_runs()}
    roots = [product.process.pid] if product.process else []
    postmaster = product.root / "state" / "pgdata" / "postmaster.pid"
    roots += [int(postmaster.read_text().split()[0])] if postmaster.exists() else []
    with PeakMemory(roots) as memory:
        began = time.time()
        trigger()
        run_id = _wait_for_run(instance, day, known, timeout)
    load = os.getloadavg()
    events = _events(instance, run_id)
    ends = [e.timestamp for e in events if e.kind in ("RUN_SUCCESS", "RUN_FAILURE")]
    starting = [e.timestamp for e in events if e.kind == "RUN_STARTING"]
    record = instance.get_run_by_id(run_id)
    return RunResult(
        label, run_id, record.status.value, (ends[-1] if ends else time.time()) - began,
        (starting[0] if starting else float("nan")) - began, timeline(events), load, memory.rss, memory.pss,
    )  # fmt: skip


def _drop(staging: Path, landing: Path) -> None:
    for path in sorted(p for p in staging.rglob("*") if p.is_file()):
        target = landing / path.relative_to(staging)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(path, target)


def _day_files(root: Path, day: date, per_day: int, seed: int) -> Path:
    from hirehound.demo import generate_scrapes

    staging = root / "staging" / day.isoformat()
    generate_scrapes(staging / "landing", days=1, per_day=per_day, seed=seed, start=day, truth_path=staging / "t.jsonl")
    return staging / "landing"


def bench_product(chosen: list[int], root: Path) -> tuple[RunResult, list[tuple[int, RunResult, RunResult]], int]:
    """One product: a warm-up day (one-off work of a new database), then each size's day, cold and re-run."""
    today = datetime.now(UTC).date()
    days = [today - timedelta(days=len(chosen) - i) for i in range(len(chosen) + 1)]  # all <= today: accepted
    product = Product(root / "product", extra_args=("--metrics-port", "0"))
    results: list[tuple[int, RunResult, RunResult]] = []
    try:
        product.start(root / "hirehound-dev.log")
        product.wait_loaded(timeout=600)
        with instance_of(product) as instance:

            def cold(label: str, day: date, per_day: int, seed: int) -> RunResult:
                files = _day_files(root, day, per_day, seed)

                def drop() -> None:
                    _drop(files, product.landing)

                return _measure(product, instance, label, day.isoformat(), drop, 1800 + per_day * 0.5)

            def rerun(day: date, per_day: int) -> RunResult:
                argv = [str(VENV_BIN / "hirehound"), "backfill", "--from", day.isoformat(), "--to", day.isoformat()]

                def submit() -> None:
                    subprocess.run(argv, env=product.env, cwd=product.root, check=True, capture_output=True)

                return _measure(product, instance, "re-run (backfill)", day.isoformat(), submit, 1800 + per_day * 0.5)

            warmup = cold("warm-up day (sensor)", days[0], WARMUP_POSTINGS, 5)
            for day, per_day in zip(days[1:], chosen, strict=True):
                first = cold("cold (sensor)", day, per_day, 11)
                results.append((per_day, first, rerun(day, per_day)))
        published = _published(product)
    finally:
        product.stop()
    return warmup, results, published


def _published(product: Product) -> int:
    import sqlalchemy as sa

    host = product.root / "state" / "pgdata"
    engine = sa.create_engine(f"postgresql+psycopg://postgres@/hirehound?host={host}")
    try:
        with engine.connect() as conn:
            return int(conn.execute(sa.text("select count(*) from published_postings")).scalar_one())
    finally:
        engine.dispose()


def _fmt(seconds: float | None) -> str:
    return "-" if seconds is None or seconds != seconds else f"{seconds:.1f}"


HEADER = [
    "| run | status | drop/submit to catalogue s | to run launch s | run worker start s | run s | inside "
    "asset bodies s | step overhead | steps' process start, sum s | peak RSS / PSS (tree) GiB | load 1/5/15 |",
    "|---|---|---:|---:|---:|---:|---:|---:|---:|---|---|",
]


def _row(r: RunResult) -> str:
    t = r.timeline
    starts = sum(s.process_start or 0 for s in t.steps)
    return (
        f"| {r.label} | {r.status} | {_fmt(r.to_catalogue)} | {_fmt(r.to_launch)} | {_fmt(t.worker_start)} | "
        f"{_fmt(t.span)} | {_fmt(t.inside_bodies)} | {100 * t.overhead:.0f}% | {_fmt(starts)} | "
        f"{r.rss / 2**30:.2f} / {r.pss / 2**30:.2f} | {' / '.join(f'{x:.1f}' for x in r.load)} |"
    )


def report(per_day: int, cold: RunResult, rerun: RunResult) -> list[str]:
    lines = [f"### {per_day:,} postings in one day", "", *HEADER, _row(cold), _row(rerun)]
    rerun_steps = {s.key: s for s in rerun.timeline.steps}
    lines += ["", "| step | cold: process start s | cold: body s | re-run: process start s | re-run: body s |"]
    lines += ["|---|---:|---:|---:|---:|"]
    for s in cold.timeline.steps:
        again = rerun_steps.get(s.key)
        lines.append(
            f"| {s.key} | {_fmt(s.process_start)} | {_fmt(s.body)} | {_fmt(again.process_start if again else None)} "
            f"| {_fmt(again.body if again else None)} |"
        )
    share = 100 * rerun.to_catalogue / cold.to_catalogue if cold.to_catalogue else float("nan")
    lines += ["", f"Re-run, submit to catalogue: {share:.0f}% of the cold drop to catalogue.", ""]
    return lines


def run(size: str = "small") -> str:
    chosen = sizes()
    git = ["git", "rev-parse", "--short", "HEAD"]
    commit = subprocess.run(git, capture_output=True, text=True, cwd=Path(__file__).parent).stdout.strip() or "?"
    lines = [
        f"Sizes {', '.join(f'{n:,}' for n in chosen)} (`BENCH_SIZES`); commit {commit}; {os.cpu_count()} cores; "
        f"started {datetime.now(UTC):%Y-%m-%d %H:%M} UTC at load average "
        f"{' / '.join(f'{x:.1f}' for x in os.getloadavg())}. One fresh `hirehound dev` for all sizes, one new day "
        'per size in size order (a day\'s dedup lookback holds the earlier, smaller days). "To run launch" includes '
        "the sensor's tick (every 10 s) and the files' settling (10 s quiet, or two ticks); "
        '"step overhead" is the share of the run (RUN_START to RUN_SUCCESS) with no asset body running; '
        "peak memory is summed over the `hirehound dev` "
        "process tree (UI, daemon, code server, run worker, fork server, steps) and the embedded Postgres.",
        "",
    ]
    root = Path(tempfile.mkdtemp(prefix="hhreal", dir="/tmp"))  # short: Unix socket paths are length-limited
    try:
        warmup, results, published = bench_product(chosen, root)
    finally:
        shutil.rmtree(root, ignore_errors=True)
    lines += [
        f"Warm-up day ({WARMUP_POSTINGS} postings, first run of the new database): {_fmt(warmup.to_catalogue)} s "
        f"drop to catalogue, status {warmup.status}, load {' / '.join(f'{x:.1f}' for x in warmup.load)}.",
        "",
    ]
    for per_day, cold, rerun in results:
        lines += report(per_day, cold, rerun)
    lines.append(f"{published:,} rows in the published catalogue at the end.")
    return "\n".join(lines)


if __name__ == "__main__":
    print(run())

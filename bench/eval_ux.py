"""What a new user meets: a sensor that waits for files still being written and keeps a small cursor, history that
the data's own clock keeps, and a search command that starts fast. Measured on the real JobSpy export of
2025-03-07 from `../shared/data/real_samples`.

- The export is written into the landing zone in five pieces, one per sensor tick: runs launched while it grows
  (goal 0), runs once it has settled (goal 1), and the cursor's size (goal <= 200 bytes).
- The export is ingested (raw + normalized) and expiry runs today on the data clock: share of its postings still
  active (goal 1.0); the wall clock would have expired them (informative).
- A fresh process imports everything `hirehound search` needs (goal <= 1.5 s; the rest of a search is one
  query and one ONNX forward pass). The load average is in the note.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

from bench.eval_common import OWN, ROOT, Section, at_least, at_most

DAY = "2025-03-07"
SAMPLE = Path("real_samples") / f"jobspy_export_{DAY}.csv"
DATA = f"JobSpy export {DAY} (61 rows)"


def _sensor(landing: Path, source: Path, section: Section) -> None:
    import dagster as dg

    from resources.database import DatabaseResource
    from resources.landing_zone import LandingZoneResource
    from sensors.new_scrapes import new_scrapes_sensor

    resources = {"landing_zone": LandingZoneResource(location=str(landing)), "database": DatabaseResource()}

    def tick() -> dg.SensorResult:
        result = new_scrapes_sensor(dg.build_sensor_context(resources=resources))
        assert isinstance(result, dg.SensorResult)
        return result

    data = source.read_bytes()
    target = landing / DAY / source.name
    target.parent.mkdir(parents=True, exist_ok=True)
    pieces = 5
    growing_runs = 0
    for i in range(pieces):
        with target.open("ab") as handle:
            handle.write(data[i * len(data) // pieces : (i + 1) * len(data) // pieces])
        os.utime(target, (time.time() + i, time.time() + i))  # a new mtime per write, as a slow writer gives
        growing_runs += len(tick().run_requests or [])
    settled = tick()
    section.add(DATA, "runs launched while the file grows (5 ticks)", growing_runs, goal=at_most(growing_runs, 0))
    runs = len(settled.run_requests or [])
    section.add(DATA, "runs launched once it has settled", runs, goal=("== 1", runs == 1))
    size = len(settled.cursor or "")
    section.add(DATA, "sensor cursor (bytes)", size, goal=at_most(size, 200))


def _history(landing: Path, section: Section) -> None:
    import dagster as dg
    import sqlalchemy as sa

    from hirehound.db.engine import get_engine
    from hirehound.maintenance.expiry import expire_due_postings
    from hirehound_assets.ingestion.normalized_postings import normalized_postings
    from hirehound_assets.ingestion.raw_postings import raw_postings
    from hirehound_assets.partitions import instance_with_scrape_dates
    from resources.database import DatabaseResource
    from resources.landing_zone import LandingZoneResource

    resources = {"database": DatabaseResource(), "landing_zone": LandingZoneResource(location=str(landing))}
    result = dg.materialize(
        [raw_postings, normalized_postings],
        partition_key=DAY,
        resources=resources,
        instance=instance_with_scrape_dates(DAY),
    )
    assert result.success
    engine = get_engine()
    now = datetime.now(UTC)
    with engine.begin() as conn:
        total = conn.execute(sa.text("SELECT count(*) FROM postings")).scalar_one()
        expire_due_postings(conn, now, "eval-data")
        active = conn.execute(sa.text("SELECT count(*) FROM postings WHERE status = 'active'")).scalar_one()
        wall = expire_due_postings(conn, now, "eval-wall", clock="wall").expired
        conn.rollback()
    kept = active / total if total else 0.0
    section.add(DATA, f"postings still active after expiry today, data clock ({total} postings)", kept,
                goal=at_least(kept, 1.0))  # fmt: skip
    section.add(DATA, "postings the wall clock would expire", wall, note="informative: what history lost before")


def _search_imports(section: Section) -> None:
    probe = (
        "import time; t = time.perf_counter()\n"
        "from hirehound.cli.main import app\n"
        "import hirehound.cli.search_cmd, hirehound.cli.output, hirehound.db.engine, hirehound.search.hybrid\n"
        "import hirehound.embeddings.query, onnxruntime, tokenizers, rich.table\n"
        "from hirehound.embeddings.encoder import default_settings; default_settings()\n"
        "print(time.perf_counter() - t)\n"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    best = min(
        float(subprocess.run([sys.executable, "-c", probe], env=env, capture_output=True, text=True, check=True).stdout)
        for _ in range(3)
    )
    load = Path("/proc/loadavg").read_text().split()[0]
    section.add("the search command's imports", "seconds, fresh process (best of 3)", round(best, 2),
                goal=at_most(best, 1.5), origin=OWN, note=f"load average {load}")  # fmt: skip


def evaluate(shared: Path | None) -> Section:
    section = Section(title="First hour (ux): sensor, history, search start-up",
                      command="PYTHONPATH=$PWD .venv/bin/python -m bench.evaluate --only ux")  # fmt: skip
    _search_imports(section)
    if shared is None or not (shared / SAMPLE).exists():
        section.skipped = f"{SAMPLE} not found under ../shared/data"
        return section
    from bench.harness import bench_environment

    with bench_environment("hhevux") as env:
        _sensor(env.root / "sensor_landing", shared / SAMPLE, section)
        landing = env.landing / DAY
        landing.mkdir(parents=True, exist_ok=True)
        shutil.copy(shared / SAMPLE, landing / SAMPLE.name)
        _history(env.landing, section)
    return section

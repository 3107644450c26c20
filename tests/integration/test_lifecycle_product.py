"""The product under faults, run as a user runs it (`hirehound dev` in its own folder, real Dagster, real Postgres).

- A run worker killed with SIGKILL during `posting_embeddings`: its run ends FAILED at once, its step processes
  die with it (nothing more is written into the failed run), its `embedding_model` slot is freed within a bounded
  time, and the automatic retry gets the slot and completes.
- The embedded Postgres stopped under `hirehound dev`: restarted, and said so. `kill -9` of `hirehound dev`: the
  webserver, daemon and code server go with it, and the next start works. SIGTERM with SIGINT inherited as ignored
  (a backgrounded `make run`) stops everything within seconds.
- The terminal stays quiet: no debug records, no repeated warnings, no TracerWarnings, no dagster.yaml notice.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from tests.e2e.product import VENV_BIN, Product

pytestmark = [pytest.mark.integration, pytest.mark.slow]
DAY = date(2026, 11, 20)
SLOT_FREED_WITHIN_S = 60  # free_slots_after_run_end_seconds (15) + monitoring poll (15) + slack for a loaded machine


def _port() -> int:
    for port in range(3400, 3500):
        with socket.socket() as sock:
            try:
                sock.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    pytest.skip("no free port in 3400-3499")


def _wait(predicate, timeout: float, interval: float = 0.5):  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    return predicate()


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    stat = Path(f"/proc/{pid}/stat")
    try:
        return stat.read_text().split(")")[-1].split()[0] != "Z"
    except OSError:
        return False


def _descendants(pid: int) -> list[int]:
    import psutil

    try:
        return [p.pid for p in psutil.Process(pid).children(recursive=True)]
    except psutil.NoSuchProcess:
        return []


@pytest.fixture()
def product(monkeypatch: pytest.MonkeyPatch) -> Iterator[Product]:
    root = Path(tempfile.mkdtemp(prefix="hhlc", dir="/tmp"))  # short: the Unix socket lives under pgdata
    running = Product(root=root, port=_port())
    state = root / "state"
    monkeypatch.setenv("DAGSTER_HOME", str(state / "dagster_home"))
    monkeypatch.setenv("HIREHOUND_DAGSTER_PG_URL", f"postgresql+psycopg2://postgres:@/dagster?host={state / 'pgdata'}")
    try:
        yield running
    finally:
        running.stop()
        shutil.rmtree(root, ignore_errors=True)


def _drop_demo_day(product: Product, per_day: int) -> None:
    from hirehound.demo import generate_scrapes

    generate_scrapes(product.landing, days=1, per_day=per_day, start=DAY, truth_path=product.root / "truth.jsonl")


def _assert_quiet(log: str) -> None:
    assert " - DEBUG - " not in log, "debug records reached the terminal"
    assert log.count("varying BackfillPolicies") <= 1
    assert "TracerWarning" not in log
    assert "Found a dagster instance configuration value" not in log
    assert "is superseded" not in log


@pytest.mark.timeout(1500)
def test_killed_run_worker_frees_its_slots_and_the_retry_completes(product: Product, tmp_path: Path) -> None:
    import dagster as dg
    from dagster import DagsterEventType

    from hirehound.lifecycle.orphaned_runs import logged_processes, process_is

    _drop_demo_day(product, per_day=60)
    log_path = tmp_path / "dev.log"
    product.start(log_path)
    product.wait_loaded(timeout=300)
    with dg.DagsterInstance.get() as instance:

        def embedding_run() -> dg.DagsterRun | None:
            for record in instance.get_run_records(
                filters=dg.RunsFilter(job_name="daily_pipeline_job", statuses=[dg.DagsterRunStatus.STARTED])
            ):
                starts = instance.all_logs(record.dagster_run.run_id, of_type=DagsterEventType.STEP_START)
                if any((e.step_key or "").startswith("posting_embeddings.embed_text_chunk[") for e in starts):
                    return record.dagster_run
            return None

        run = _wait(embedding_run, timeout=900)
        assert run is not None, "no run reached posting_embeddings"
        worker, steps = logged_processes(instance, run.run_id)
        assert worker is not None and process_is(worker)
        live_steps = [s for s in steps if process_is(s)]
        assert live_steps, "posting_embeddings runs in a step process of its own"
        os.kill(worker.pid, signal.SIGKILL)
        killed_at = time.time()

        def finished() -> dg.DagsterRun | None:
            current = instance.get_run_by_id(run.run_id)
            return current if current is not None and current.is_finished else None

        ended = _wait(finished, timeout=60)
        assert ended is not None and ended.status == dg.DagsterRunStatus.FAILURE
        assert _wait(lambda: not any(process_is(s) for s in live_steps), timeout=10), "step processes outlived it"

        def slot_freed() -> bool:
            info = instance.event_log_storage.get_concurrency_info("embedding_model")
            return not any(slot.run_id == run.run_id for slot in info.claimed_slots)

        assert _wait(slot_freed, timeout=SLOT_FREED_WITHIN_S, interval=1), "the dead run kept its slot"
        freed_after = time.time() - killed_at

        def retry_done() -> dg.DagsterRun | None:
            for record in instance.get_run_records(filters=dg.RunsFilter(tags={"dagster/parent_run_id": run.run_id})):
                if record.dagster_run.is_finished:
                    return record.dagster_run
            return None

        retry = _wait(retry_done, timeout=900, interval=2)
        assert retry is not None, "the automatic retry did not finish"
        assert retry.status == dg.DagsterRunStatus.SUCCESS
        embedded = instance.all_logs(retry.run_id, of_type=DagsterEventType.STEP_SUCCESS)
        assert any(e.step_key == "posting_embeddings.write_posting_embeddings" for e in embedded)
        # Nothing from the killed run's step processes after they were killed (a second of slack for in-flight writes).
        late = [
            e.dagster_event.event_type_value
            for e in instance.all_logs(run.run_id)
            if e.timestamp > killed_at + 1 and e.dagster_event is not None and e.dagster_event.is_step_event
        ]
        assert not late, f"the dead run's steps kept writing: {late}"
    print(f"slot freed {freed_after:.1f} s after the kill; retry {retry.run_id[:8]} succeeded")
    _assert_quiet(log_path.read_text(errors="replace"))


@pytest.mark.timeout(1200)
def test_postgres_restarted_and_nothing_left_headless(product: Product, tmp_path: Path) -> None:
    from hirehound.db.embedded_server import stop_embedded_server
    from hirehound.lifecycle.embedded_watch import postmaster_pid, server_running

    log_path = tmp_path / "dev.log"
    product.start(log_path)
    product.wait_loaded(timeout=300)
    pgdata = product.root / "state" / "pgdata"
    first = postmaster_pid(pgdata)
    stop_embedded_server(pgdata)
    assert _wait(lambda: server_running(pgdata) and postmaster_pid(pgdata) != first, timeout=60)
    assert _wait(lambda: "Embedded Postgres restarted" in log_path.read_text(), timeout=10)
    product.wait_loaded(timeout=120)  # the UI answers again

    assert product.process is not None
    dev_pid = product.process.pid
    tree = _descendants(dev_pid)
    assert len(tree) >= 4, f"expected reaper, dagster dev, webserver, daemon, code server: {tree}"
    product.process.kill()
    product.process.wait()
    assert _wait(lambda: not any(_alive(p) for p in tree), timeout=30), "children ran on headless after kill -9"

    again = tmp_path / "again.log"
    product.start(again)  # same home, same port: nothing blocks it
    product.wait_loaded(timeout=300)
    product.process.send_signal(signal.SIGTERM)
    assert product.process.wait(timeout=60) == 0
    _assert_quiet(log_path.read_text(errors="replace") + again.read_text(errors="replace"))


@pytest.mark.timeout(900)
def test_sigterm_stops_a_backgrounded_start_within_seconds(product: Product, tmp_path: Path) -> None:
    """A shell runs a background job with SIGINT ignored; Dagster then ignored SIGTERM as well and hung."""
    log = (tmp_path / "dev.log").open("wb")
    product.landing.mkdir(parents=True, exist_ok=True)
    hirehound = str(VENV_BIN / "hirehound")
    product.process = subprocess.Popen(
        ["bash", "-c", 'trap "" INT; exec "$@"', "bash", hirehound, "dev", "--port", str(product.port)],
        cwd=product.root,
        env=product.env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    product.wait_loaded(timeout=300)
    tree = _descendants(product.process.pid)
    began = time.monotonic()
    product.process.send_signal(signal.SIGTERM)
    assert product.process.wait(timeout=60) == 0
    took = time.monotonic() - began
    assert not any(_alive(p) for p in tree)
    load = Path("/proc/loadavg").read_text().split()[0]
    assert took < 30, f"SIGTERM took {took:.1f} s (load {load})"
    print(f"stopped in {took:.1f} s (load average {load})")

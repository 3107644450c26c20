"""A local Celery cluster for tests and benches: a throwaway redis-server and `hirehound worker` processes.

Each worker is a process group of its own (so it can be SIGKILLed with its pool children, as a dying machine
would be) and, when the machine has a core for each, is pinned to one core.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def redis_available() -> bool:
    return shutil.which("redis-server") is not None


@dataclass
class Redis:
    port: int
    folder: Path
    proc: subprocess.Popen[bytes] | None = None
    persistent: bool = True

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        # appendonly: queued tasks survive a broker restart, as they should in production. Not persistent: a
        # broker that comes back empty (a fresh container, a Redis run without persistence).
        argv = ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--dir", str(self.folder)]
        argv += ["--appendonly", "yes" if self.persistent else "no", "--save", "", "--protected-mode", "yes"]
        self.proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", self.port), timeout=0.5):
                return
            time.sleep(0.1)
        raise RuntimeError("redis-server did not start")

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait(timeout=20)

    def kill(self) -> None:
        """SIGKILL the server, as a crashing broker machine would lose it (no shutdown save, no goodbye)."""
        if self.proc is not None and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(timeout=20)


@dataclass
class Worker:
    name: str
    proc: subprocess.Popen[bytes]
    log: Path
    core: int | None

    def kill(self) -> None:
        """SIGKILL the worker and its pool processes at once, as a machine that dies would lose them."""
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.proc.pid, signal.SIGKILL)
        self.proc.wait(timeout=20)


def worker_env(broker: str, extra: dict[str, str] | None = None) -> dict[str, str]:
    python_path = os.pathsep.join(p for p in (str(ROOT), os.environ.get("PYTHONPATH", "")) if p)
    return {
        **os.environ,
        "PYTHONPATH": python_path,
        "HIREHOUND_EXECUTOR": "celery",
        "HIREHOUND_CELERY_BROKER_URL": broker,
        "HF_HUB_OFFLINE": "1",
        "TRANSFORMERS_OFFLINE": "1",
        **(extra or {}),
    }


def start_worker(
    name: str, broker: str, logs: Path, core: int | None, extra: dict[str, str] | None = None, queues: str = ""
) -> Worker:
    argv = [sys.executable, "-m", "hirehound.cli.main", "worker", "--name", name, "--loglevel", "INFO"]
    argv += ["--queues", queues] if queues else []
    if core is not None:
        argv = ["taskset", "-c", str(core), *argv]
    log = logs / f"{name}.log"
    proc = subprocess.Popen(
        argv,
        env=worker_env(broker, extra),
        cwd=ROOT,
        process_group=0,
        stdout=log.open("wb"),
        stderr=subprocess.STDOUT,
    )
    return Worker(name, proc, log, core)


def wait_ready(worker: Worker, timeout: float = 120.0) -> None:
    """Until the worker logs that it is ready (it connected to the broker and imported its app)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if worker.proc.poll() is not None:
            raise RuntimeError(f"worker {worker.name} exited: {worker.log.read_text()[-2000:]}")
        if " ready." in worker.log.read_text(errors="replace"):
            return
        time.sleep(0.5)
    raise RuntimeError(f"worker {worker.name} not ready after {timeout:.0f} s: {worker.log.read_text()[-2000:]}")


def cores_for(count: int) -> list[int | None]:
    """One core per worker when the machine allows it (else no pinning)."""
    cores = sorted(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else []
    if len(cores) >= count and shutil.which("taskset"):
        return [cores[i] for i in range(count)]
    return [None] * count


@dataclass
class Cluster:
    redis: Redis
    workers: list[Worker] = field(default_factory=list)
    logs: Path = Path()


@contextlib.contextmanager
def local_cluster(
    folder: Path,
    workers: int = 2,
    extra: dict[str, str] | None = None,
    names: list[str] | None = None,
    queues: str = "",
) -> Iterator[Cluster]:
    """Redis plus `workers` workers (pinned one per core where possible, on `queues` or all); all stopped on exit.
    Workers started later with `start_worker` and appended to `cluster.workers` are stopped too."""
    folder.mkdir(parents=True, exist_ok=True)
    redis = Redis(free_port(), folder)
    redis.start()
    cluster = Cluster(redis, logs=folder)
    try:
        names = names or [f"w{i + 1}" for i in range(workers)]
        for name, core in zip(names, cores_for(len(names)), strict=True):
            cluster.workers.append(start_worker(name, redis.url, folder, core, extra, queues))
        for worker in cluster.workers:
            wait_ready(worker)
        yield cluster
    finally:
        for worker in cluster.workers:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(worker.proc.pid, signal.SIGTERM)
        for worker in cluster.workers:
            with contextlib.suppress(subprocess.TimeoutExpired):
                worker.proc.wait(timeout=15)  # a warm shutdown finishes the step it is running
            worker.kill()  # and whatever of its group is left (pool processes, log tails)
        redis.stop()

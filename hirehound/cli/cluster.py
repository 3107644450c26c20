"""`hirehound dev --workers N`: a one-machine Celery cluster under the supervisor (Redis, N workers, the UI).

Redis is Debian's `redis-server` (the Makefile's `redis` target installs it), run with its data under
`HIREHOUND_HOME/redis` and an append-only file, so steps queued when it is restarted are still there after.
A broker named by `HIREHOUND_CELERY_BROKER_URL` is used instead of starting one.
"""

from __future__ import annotations

import os
import shutil
import sys

from hirehound import config
from hirehound.lifecycle.children import ChildSpec

DEFAULT_REDIS_PORT = 6379


def redis_port() -> int:
    return int(os.environ.get("HIREHOUND_REDIS_PORT", str(DEFAULT_REDIS_PORT)))


def cluster_children(workers: int, env: dict[str, str], verbose: bool) -> tuple[list[ChildSpec], dict[str, str]]:
    """The redis and worker children, and the variables that switch Dagster's runs onto them.

    Raises FileNotFoundError when Redis must be started here and `redis-server` is not installed."""
    children: list[ChildSpec] = []
    broker = os.environ.get("HIREHOUND_CELERY_BROKER_URL", "").strip()
    if not broker:
        server = shutil.which("redis-server")
        if server is None:
            raise FileNotFoundError(
                "redis-server is not installed: `make redis` (Debian's redis-server) or set "
                "HIREHOUND_CELERY_BROKER_URL to a Redis you run"
            )
        folder = config.home_dir() / "redis"
        folder.mkdir(parents=True, exist_ok=True)
        port = redis_port()
        argv = [server, "--port", str(port), "--bind", "127.0.0.1", "--dir", str(folder)]
        argv += ["--appendonly", "yes", "--save", "", "--protected-mode", "yes"]
        children.append(ChildSpec(name="Redis (Celery broker)", argv=argv))
        broker = f"redis://127.0.0.1:{port}/0"
    celery_env = {"HIREHOUND_EXECUTOR": "celery", "HIREHOUND_CELERY_BROKER_URL": broker}
    python_path = os.pathsep.join(p for p in (str(config.project_root()), os.environ.get("PYTHONPATH", "")) if p)
    for index in range(1, workers + 1):
        argv = [sys.executable, "-m", "hirehound.cli.main", "worker", "--name", f"worker{index}"]
        argv += ["--loglevel", "INFO" if verbose else "WARNING"]
        children.append(
            ChildSpec(
                name=f"Celery worker {index}",
                argv=argv,
                env={**env, **celery_env, "PYTHONPATH": python_path},
                cwd=config.project_root(),
            )
        )
    return children, celery_env

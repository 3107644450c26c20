"""`hirehound worker`: run the daily job's steps that arrive on some Celery queues, on this machine.

Any machine with the code, the database URL and the landing store can be a worker: it needs the same
`HIREHOUND_CELERY_BROKER_URL` as the machine that launches runs (and `HIREHOUND_DATABASE_URL` for a shared
Postgres; without it the local embedded server is used, which only suits a single-machine cluster). Each worker
process runs one step at a time and acknowledges a step only when it is done, so the step of a worker that is
killed goes to another worker (docs/scaling.md).
"""

from __future__ import annotations

import os
import socket
import uuid

import typer

from hirehound.cli.errors import friendly_errors, usage_error
from hirehound.scaling.settings import (
    QUEUES,
    ScalingConfigError,
    celery_settings,
    embedded_database_refusal,
    parse_queues,
)


def _threads_for_this_worker(concurrency: int) -> str:
    """Math threads per step: the cores this worker may use (its affinity mask) shared by its concurrent steps."""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    return str(max(1, cores // max(1, concurrency)))


def worker(
    queues: str = typer.Option(",".join(QUEUES), help="Comma-separated queues to take steps from."),
    concurrency: int = typer.Option(1, min=1, help="Steps this worker runs at once (one process each)."),
    name: str = typer.Option("", help="Worker name (default hirehound-<random>); @<hostname> is added."),
    loglevel: str = typer.Option("WARNING", help="Celery's log level."),
) -> None:
    """Start a Celery worker that runs the daily pipeline's steps (needs HIREHOUND_CELERY_BROKER_URL)."""
    try:
        chosen = parse_queues(queues)
        refusal = embedded_database_refusal(celery_settings(), os.environ.get("HIREHOUND_DATABASE_URL"))
    except ScalingConfigError as exc:
        raise usage_error(str(exc)) from None
    if refusal is not None:
        raise usage_error(refusal)
    from hirehound.cli.dev_cmd import prepare_environment

    with friendly_errors():
        env = prepare_environment()
    os.environ.update(env)
    # Pinned to one core, torch would otherwise still start a thread per core of the machine and fight itself.
    for variable in ("OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ.setdefault(variable, _threads_for_this_worker(concurrency))
    from hirehound_assets.scaleout.worker_app import app

    node = f"{name or 'hirehound-' + uuid.uuid4().hex[:6]}@{socket.gethostname()}"
    typer.echo(f"Worker {node}: queues {', '.join(chosen)}, {concurrency} at a time (pid {os.getpid()})", err=True)
    app.worker_main(
        [
            "worker",
            "--queues",
            ",".join(chosen),
            "--concurrency",
            str(concurrency),
            "--hostname",
            node,
            "--loglevel",
            loglevel,
            "--prefetch-multiplier",
            "1",
            "--without-gossip",
            "--without-mingle",
        ]
    )

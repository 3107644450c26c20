"""How the daily pipeline's steps are executed: on this machine (the default) or as Celery tasks on workers.

- `HIREHOUND_EXECUTOR`: `multiprocess` (default: one machine, no broker) or `celery`.
- `HIREHOUND_CELERY_BROKER_URL`: the Redis broker, e.g. `redis://127.0.0.1:6379/0`; required for `celery`.
- `HIREHOUND_CELERY_BACKEND_URL`: where step results go; default: the broker's Redis.
- `HIREHOUND_CELERY_VISIBILITY_TIMEOUT`: seconds after which a task taken by a worker that died without
  acknowledging it is handed to another worker (default 3600). It must exceed the longest step: Redis re-delivers
  an unacknowledged task after this long even if its worker is still working on it.
- `HIREHOUND_CELERY_BROKER_OUTAGE_TIMEOUT`: seconds a run rides out an unreachable broker (a Redis restart) before
  it fails saying so (default 120).
- `HIREHOUND_CELERY_NO_WORKER_TIMEOUT`: seconds a step may wait on a queue no worker subscribes to before it fails
  (default 600; 0 waits for ever, for fleets that start workers from the queue length). A warning comes at once.

The queues are the pipeline's concerns, so a deployment can give each its own machines (GPU machines take
`embeddings`, machines with the enrichment API keys take `enrichment`).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from urllib.parse import urlsplit

# One queue per concern. `dagster` is dagster-celery's default queue: steps without a queue tag land there.
QUEUES = ("ingestion", "embeddings", "enrichment", "posting_signals", "dedup", "publication", "maintenance", "dagster")
DEFAULT_VISIBILITY_TIMEOUT_S = 3600
DEFAULT_BROKER_OUTAGE_TIMEOUT_S = 120
DEFAULT_NO_WORKER_TIMEOUT_S = 600
# Celery priorities 0-9, higher first (AMQP's convention; the executor turns them around for Redis). The run's
# priority is added to the step's (5): daily runs' steps go at 8, backfills' at 5.
RUN_PRIORITY_TAG = "dagster-celery/run_priority"  # dagster_celery.tags.DAGSTER_CELERY_RUN_PRIORITY_TAG
DAILY_RUN_PRIORITY = 3
BACKFILL_RUN_PRIORITY = 0


class ScalingConfigError(ValueError):
    """The executor settings in the environment are inconsistent (said before any run starts)."""


@dataclass(frozen=True)
class CelerySettings:
    broker_url: str
    backend_url: str
    visibility_timeout_s: int
    broker_outage_timeout_s: int = DEFAULT_BROKER_OUTAGE_TIMEOUT_S
    no_worker_timeout_s: int = DEFAULT_NO_WORKER_TIMEOUT_S


def _seconds(variable: str, default: int, allow_zero: bool = False) -> int:
    raw = os.environ.get(variable, "").strip() or str(default)
    try:
        value = int(raw)
    except ValueError:
        raise ScalingConfigError(f"{variable} must be whole seconds, not {raw!r}") from None
    if value < 0 or (value == 0 and not allow_zero):
        raise ScalingConfigError(f"{variable} must be positive{' or 0' if allow_zero else ''}")
    return value


def executor_kind() -> str:
    kind = os.environ.get("HIREHOUND_EXECUTOR", "multiprocess").strip().lower() or "multiprocess"
    if kind not in ("multiprocess", "celery"):
        raise ScalingConfigError(f"HIREHOUND_EXECUTOR must be 'multiprocess' or 'celery', not {kind!r}")
    return kind


def celery_settings() -> CelerySettings:
    """The broker, result backend and visibility timeout from the environment; a clear error when one is wrong."""
    broker = os.environ.get("HIREHOUND_CELERY_BROKER_URL", "").strip()
    if not broker:
        raise ScalingConfigError(
            "HIREHOUND_EXECUTOR=celery needs HIREHOUND_CELERY_BROKER_URL (e.g. redis://127.0.0.1:6379/0)"
        )
    if not broker.startswith(("redis://", "rediss://")):
        raise ScalingConfigError(f"HIREHOUND_CELERY_BROKER_URL must be a redis:// URL, not {broker!r}")
    backend = os.environ.get("HIREHOUND_CELERY_BACKEND_URL", "").strip() or broker
    return CelerySettings(
        broker_url=broker,
        backend_url=backend,
        visibility_timeout_s=_seconds("HIREHOUND_CELERY_VISIBILITY_TIMEOUT", DEFAULT_VISIBILITY_TIMEOUT_S),
        broker_outage_timeout_s=_seconds("HIREHOUND_CELERY_BROKER_OUTAGE_TIMEOUT", DEFAULT_BROKER_OUTAGE_TIMEOUT_S),
        no_worker_timeout_s=_seconds("HIREHOUND_CELERY_NO_WORKER_TIMEOUT", DEFAULT_NO_WORKER_TIMEOUT_S, True),
    )


def celery_config_source(settings: CelerySettings, for_worker: bool = False) -> dict[str, object]:
    """Celery settings shared by the executor (which submits) and every worker (which must agree with it)."""
    return {
        # A worker takes one task at a time and acknowledges it only when done: a task of a worker that dies
        # mid-step is handed to another worker instead of being lost with the prefetched ones.
        "worker_prefetch_multiplier": 1,
        "task_acks_late": True,
        "task_reject_on_worker_lost": True,
        "broker_connection_retry_on_startup": True,
        "broker_transport_options": {
            "visibility_timeout": settings.visibility_timeout_s,
            # Look for steps of dead workers every 10 s, not every 100 s (kombu's default throttle of 10 sweeps).
            "unacked_restore_interval": 10,
            "unacked_restore_throttle": 1,
            "priority_steps": list(range(10)),  # all ten priorities, not Redis's default four buckets
            "queue_order_strategy": "priority",
            "max_retries": 3,
            "interval_start": 0,
            "interval_step": 0.2,
            "interval_max": 0.5,
        },
        "result_backend_transport_options": {"visibility_timeout": settings.visibility_timeout_s},
        # A dead broker answers "connection refused" at once; an unreachable one must not hang a call for minutes.
        "redis_socket_connect_timeout": 5,
        "redis_socket_timeout": 30,
        "broker_connection_timeout": 5,
        "task_default_queue": "dagster",
        "task_default_priority": 5,
        **(worker_result_retries(settings) if for_worker else {}),
    }


RESULT_RETRY_MAX_SLEEP_MS = 2000


def worker_result_retries(settings: CelerySettings) -> dict[str, object]:
    """A step that finishes while the broker restarts keeps trying to store its result (the run worker waits for it)
    for about as long as the run worker rides out an outage, instead of losing it at once. Only workers retry: the
    run worker must come back from a failed poll at once to say the broker is away and to watch its deadline."""
    # Celery sleeps a random 0..min(2 s, 0.2 s x 2^n) between tries: about 1 s each once n > 3.
    return {
        "result_backend_always_retry": True,
        "result_backend_max_retries": settings.broker_outage_timeout_s + 10,
        "result_backend_base_sleep_between_retries_ms": 200,
        "result_backend_max_sleep_between_retries_ms": RESULT_RETRY_MAX_SLEEP_MS,
    }


LOCAL_HOSTS = ("127.0.0.1", "localhost", "::1", "")


def embedded_database_refusal(settings: CelerySettings, database_url: str | None) -> str | None:
    """Why a worker must not use this machine's embedded Postgres, or None when it may.

    A broker on another machine means a multi-machine cluster; a worker there without HIREHOUND_DATABASE_URL would
    start an empty embedded server of its own and write the run's rows where no one reads them."""
    if database_url:
        return None
    host = urlsplit(settings.broker_url).hostname or ""
    if host in LOCAL_HOSTS:
        return None
    return (
        f"the broker is on {host}, so this worker is one of several machines: set HIREHOUND_DATABASE_URL (and "
        "HIREHOUND_LANDING_DIR to the shared landing store) to the database every worker shares"
    )


def parse_queues(text: str) -> list[str]:
    """`ingestion,dedup` -> the queue names, checked against the known queues (a typo would wait forever)."""
    names = [q.strip() for q in text.split(",") if q.strip()]
    unknown = [q for q in names if q not in QUEUES]
    if unknown:
        raise ScalingConfigError(f"unknown queue(s) {', '.join(unknown)}; the queues are {', '.join(QUEUES)}")
    if not names:
        raise ScalingConfigError(f"no queue given; the queues are {', '.join(QUEUES)}")
    return names

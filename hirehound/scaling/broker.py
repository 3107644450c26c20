"""What the Celery broker can tell a run about its steps: is it reachable, which queues have workers, is a step's
task still somewhere (queued, taken by a worker, or answered), or was it lost when the broker restarted empty.

Plain Celery and Redis calls, no Dagster: the executor's watch (`hirehound_assets.scaleout.watch`) turns these
answers into run events and failures.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit, urlunsplit

import kombu.exceptions
import redis.exceptions

# What an unreachable or restarting Redis raises, through redis-py, kombu or the socket.
BROKER_ERRORS: tuple[type[BaseException], ...] = (
    redis.exceptions.ConnectionError,
    redis.exceptions.TimeoutError,
    redis.exceptions.BusyLoadingError,
    kombu.exceptions.OperationalError,
    ConnectionError,
    TimeoutError,
)
# kombu's Redis transport keeps priority n > 0 of queue q in the list `q\x06\x16n` (its `sep`), priority 0 in `q`.
PRIORITY_SEPARATOR = "\x06\x16"
UNACKED_HASH = "unacked"


def is_broker_error(exc: BaseException | None) -> bool:
    """Whether the error says the broker is away. Celery's result consumer turns a failed reconnect into a bare
    RuntimeError ("The Celery application must be restarted") raised from the connection error: follow causes."""
    while exc is not None:
        if isinstance(exc, BROKER_ERRORS):
            return True
        exc = exc.__cause__
    return False


def shown_url(url: str) -> str:
    """The broker URL without its password, for messages and events."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    host = parts.hostname or ""
    netloc = f"{parts.username or ''}:***@{host}" + (f":{parts.port}" if parts.port else "")
    return urlunsplit(parts._replace(netloc=netloc))


def subscribed_queues(app: Any, timeout_s: float) -> set[str] | None:
    """The queues at least one live worker consumes, asked over the broker; None when no worker answered at all."""
    replies = app.control.inspect(timeout=timeout_s).active_queues()
    if not replies:
        return None
    return {queue["name"] for queues in replies.values() for queue in queues or []}


def task_still_held(app: Any, task_id: str, queue: str) -> bool:
    """Whether the broker still holds the task's message: waiting in its queue (any priority) or taken by a worker
    and not yet acknowledged. False after a restart of a Redis that kept no data (no append-only file)."""
    needle = task_id.encode()
    with app.connection_for_read() as conn:
        client = conn.default_channel.client
        names = [queue, *(f"{queue}{PRIORITY_SEPARATOR}{p}" for p in range(1, 10))]
        for name in names:
            if any(needle in raw for raw in client.lrange(name, 0, -1)):
                return True
        return any(needle in raw for raw in client.hvals(UNACKED_HASH))

"""`hirehound metrics`: the OpenMetrics endpoint Prometheus scrapes (127.0.0.1:9464 by default).

It reads Hirehound's tables and, when DAGSTER_HOME is set, the Dagster instance; `hirehound dev` starts it beside
the UI. See "Watching it run" in the README and deploy/prometheus/.
"""

from __future__ import annotations

import os
import sys
import threading
from typing import TYPE_CHECKING, Any

import typer

from hirehound.cli.errors import usage_error

if TYPE_CHECKING:
    from hirehound.lifecycle.children import ChildSpec

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 9464


def build_registry(cache_s: float, instance: Any = None) -> Any:
    """A registry holding only Hirehound's collector (and this process's own resource use)."""
    from prometheus_client import CollectorRegistry, ProcessCollector

    from hirehound.db.engine import get_engine
    from hirehound.ops.collector import HirehoundCollector

    held: list[Any] = [instance] if instance is not None else []

    def dagster_instance() -> Any:
        if not held:  # one instance (and one storage connection pool) for the life of the endpoint
            import dagster as dg

            held.append(dg.DagsterInstance.get())
        return held[0]

    registry = CollectorRegistry()
    has_dagster = instance is not None or bool(os.environ.get("DAGSTER_HOME"))
    registry.register(HirehoundCollector(get_engine, dagster_instance if has_dagster else None, cache_s))
    ProcessCollector(namespace="hirehound_metrics", registry=registry)
    return registry


def serve(host: str, port: int, cache_s: float, instance: Any = None) -> tuple[Any, threading.Thread]:
    from prometheus_client import start_http_server

    server, thread = start_http_server(port, addr=host, registry=build_registry(cache_s, instance))
    return server, thread


def metrics(
    port: int = typer.Option(DEFAULT_PORT, help="Port of the metrics endpoint."),
    host: str = typer.Option(DEFAULT_HOST, help="Address it listens on (keep it local unless a proxy guards it)."),
    cache_seconds: float = typer.Option(5.0, help="Sources are read at most once per this many seconds."),
) -> None:
    """Serve Hirehound's pipeline metrics for Prometheus (OpenMetrics and text format) on /metrics."""
    from hirehound.cli.dev_cmd import port_free

    if not port_free(host, port):
        raise usage_error(f"{host}:{port} is already in use; choose another: --port {port + 1}")
    _, thread = serve(host, port, cache_seconds)
    typer.echo(f"Hirehound metrics on http://{host}:{port}/metrics")
    sys.stdout.flush()
    thread.join()


def child_command(port: int = DEFAULT_PORT, host: str = DEFAULT_HOST) -> list[str]:
    """The command `hirehound dev` runs beside the UI (one more supervised child process)."""
    return [sys.executable, "-m", "hirehound.cli.main", "metrics", "--host", host, "--port", str(port)]


def metrics_child(env: dict[str, str], port: int = DEFAULT_PORT, host: str = DEFAULT_HOST) -> ChildSpec | None:
    """The metrics endpoint as one more child `hirehound dev` supervises; None (with a warning) when the port is
    taken or the port is 0 (disabled)."""
    from hirehound.cli.dev_cmd import port_free
    from hirehound.lifecycle.children import ChildSpec

    if port == 0:
        return None
    if not port_free(host, port):
        typer.secho(f"warning: {host}:{port} is in use: metrics endpoint not started (--metrics-port)", err=True,
                    fg=typer.colors.YELLOW)  # fmt: skip
        return None
    typer.echo(f"Metrics on http://{host}:{port}/metrics  (Prometheus setup: deploy/prometheus/)")
    return ChildSpec(name="Metrics endpoint", argv=child_command(port, host), env={**os.environ, **env})

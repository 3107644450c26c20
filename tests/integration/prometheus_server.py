"""A real Prometheus (Debian's `prometheus` package) for tests: started on 127.0.0.1 with a temp config and a
free port, scraping the given targets every second; queried through its HTTP API."""

from __future__ import annotations

import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
import pytest

PROMETHEUS = shutil.which("prometheus") or "/usr/bin/prometheus"


def require_prometheus() -> str:
    if not Path(PROMETHEUS).exists():
        pytest.skip("Prometheus is not installed (apt-get install -y prometheus; `make monitoring-tools`)")
    return PROMETHEUS


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def prometheus(tmp: Path, target: str, rule_files: list[Path] | None = None) -> Iterator[str]:
    """Yield the base URL of a Prometheus scraping `target` (host:port) every second."""
    binary = require_prometheus()
    tmp.mkdir(parents=True, exist_ok=True)
    port = free_port()
    rules = "".join(f"\n  - {p}" for p in rule_files or [])
    config = tmp / "prometheus.yml"
    config.write_text(
        "global:\n  scrape_interval: 1s\n  evaluation_interval: 1s\n"
        + (f"rule_files:{rules}\n" if rules else "")
        + f"scrape_configs:\n  - job_name: hirehound\n    static_configs:\n      - targets: ['{target}']\n"
    )
    log = (tmp / "prometheus.log").open("w")
    process = subprocess.Popen(
        [binary, f"--config.file={config}", f"--storage.tsdb.path={tmp / 'tsdb'}",
         f"--web.listen-address=127.0.0.1:{port}", "--web.enable-lifecycle"],
        stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"{base}/-/ready", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if process.poll() is not None:
                raise RuntimeError(f"prometheus exited: {(tmp / 'prometheus.log').read_text()[-2000:]}")
            time.sleep(0.3)
        else:
            raise RuntimeError("prometheus did not become ready within 60 s")
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()


def query(base: str, expr: str) -> list[dict[str, Any]]:
    answer = httpx.get(f"{base}/api/v1/query", params={"query": expr}, timeout=5).json()
    assert answer["status"] == "success", answer
    return list(answer["data"]["result"])


def wait_for_value(base: str, expr: str, expected: float, timeout_s: float = 60) -> list[dict[str, Any]]:
    """Poll until `expr` returns exactly one series whose value is `expected`."""
    deadline = time.monotonic() + timeout_s
    result: list[dict[str, Any]] = []
    while time.monotonic() < deadline:
        result = query(base, expr)
        if len(result) == 1 and float(result[0]["value"][1]) == expected:
            return result
        time.sleep(0.5)
    raise AssertionError(f"{expr}: expected {expected}, last answer {result}")

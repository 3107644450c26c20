"""Run the product as a user does (`hirehound dev` in its own folder) and talk to it through Dagster's GraphQL API.

Everything this starts is tracked by process id and stopped in `stop()`, even when a test fails.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

VENV_BIN = Path(sys.executable).parent


def free_port(first: int = 3500, last: int = 3599) -> int:
    """A free port in the range this project's end-to-end tests use (several checkouts share a machine)."""
    for port in range(first, last + 1):
        with socket.socket() as sock:
            try:
                sock.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError(f"no free port in {first}-{last}")


@dataclass
class Product:
    """A running Hirehound: embedded Postgres + Dagster webserver + daemon, in `root`."""

    root: Path
    port: int = field(default_factory=free_port)
    process: subprocess.Popen[bytes] | None = None
    extra_args: tuple[str, ...] = ()  # more `hirehound dev` options (a bench turns the metrics endpoint off)

    @property
    def env(self) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith(("HIREHOUND_", "DAGSTER_"))}
        env.update(
            HIREHOUND_HOME=str(self.root / "state"),
            HIREHOUND_LANDING_DIR=str(self.landing),
            HF_HUB_OFFLINE="1",
            TRANSFORMERS_OFFLINE="1",
        )
        return env

    @property
    def landing(self) -> Path:
        return self.root / "landing"

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, log_path: Path) -> None:
        self.landing.mkdir(parents=True, exist_ok=True)
        log = log_path.open("wb")
        self.process = subprocess.Popen(
            [str(VENV_BIN / "hirehound"), "dev", "--port", str(self.port), *self.extra_args],
            cwd=self.root,
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group: stop() kills webserver, daemon and code servers
        )

    def wait_loaded(self, timeout: float = 240) -> None:
        deadline = time.monotonic() + timeout
        query = "{ workspaceOrError { ... on Workspace { locationEntries { name loadStatus } } } }"
        while time.monotonic() < deadline:
            assert self.process is not None and self.process.poll() is None, "hirehound dev exited early"
            try:
                data = self.graphql(query)
                entries = data["workspaceOrError"]["locationEntries"]
                if entries and all(e["loadStatus"] == "LOADED" for e in entries):
                    return
            except OSError:
                pass
            time.sleep(2)
        raise TimeoutError(f"code location not LOADED within {timeout} s")

    def graphql(self, query: str, variables: dict[str, Any] | None = None) -> dict[str, Any]:
        body = json.dumps({"query": query, "variables": variables or {}}).encode()
        request = urllib.request.Request(f"{self.url}/graphql", data=body, headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=30) as response:
            payload = json.loads(response.read())
        if payload.get("errors"):
            raise RuntimeError(f"GraphQL errors: {payload['errors']}")
        return dict(payload["data"])

    def runs(self, job: str) -> list[dict[str, Any]]:
        query = """
        query($job: String!) { runsOrError(filter: {pipelineName: $job}) {
          ... on Runs { results { runId status tags { key value } } } } }"""
        return list(self.graphql(query, {"job": job})["runsOrError"]["results"])

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            for sig, wait in ((signal.SIGTERM, 15), (signal.SIGKILL, 5)):
                try:
                    os.killpg(self.process.pid, sig)
                except ProcessLookupError:
                    break
                try:
                    self.process.wait(timeout=wait)
                    break
                except subprocess.TimeoutExpired:
                    continue
        # Any straggler of the group (code servers, run workers) goes too.
        if self.process is not None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGKILL)
        self._stop_postgres()

    def _stop_postgres(self) -> None:
        """The embedded server outlives `hirehound dev` by design; stop it by the pid in postmaster.pid."""
        pid_file = self.root / "state" / "pgdata" / "postmaster.pid"
        if not pid_file.exists():
            return
        try:
            pid = int(pid_file.read_text().splitlines()[0])
            os.kill(pid, signal.SIGINT)  # fast shutdown
        except (ValueError, ProcessLookupError, IndexError):
            return
        for _ in range(50):
            try:
                os.kill(pid, 0)
            except ProcessLookupError:
                return
            time.sleep(0.2)
        os.kill(pid, signal.SIGKILL)

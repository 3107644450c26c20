"""A real HTTP server on 127.0.0.1 speaking the enrichment API contract, with faults injected per domain.

The first label of the domain picks the behaviour: `ok.com` answers at once; `missing` 404; `limited` 429
(Retry-After: 1) on its first request; `flaky` 500 on its first two; `down` always 503; `slow` sleeps longer than
any client timeout; `garbage` answers 200 with text that is not JSON; `recovering` fails until
`server.recovered = True`. Every request is logged with its arrival time. Nothing leaves 127.0.0.1.
"""

from __future__ import annotations

import contextlib
import json
import threading
import time
from collections import defaultdict
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

COMPANY = {
    "name": "Acme Corp",
    "domain": "ok.com",
    "industry": "Computer Software",
    "employees": 250,
    "hq": {"city": "Toronto", "country": "Canada"},
    "logo": "https://logo.example/acme.png",
    "description": "Acme makes software for roadrunner logistics.",
}


class FakeCompanyApi(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.requests: dict[str, list[float]] = defaultdict(list)
        self.auth_headers: list[str | None] = []
        self.recovered = False
        self.slow_s = 2.0
        self._thread = threading.Thread(target=self.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"

    def start(self) -> FakeCompanyApi:
        self._thread.start()
        return self

    def stop(self) -> None:
        self.shutdown()
        self.server_close()


class _Handler(BaseHTTPRequestHandler):
    server: FakeCompanyApi

    def log_message(self, format: str, *args: object) -> None:  # keep test output clean
        pass

    def do_GET(self) -> None:
        parts = urlsplit(self.path)
        domain = (parse_qs(parts.query).get("domain") or [""])[0]
        self.server.requests[domain].append(time.monotonic())
        self.server.auth_headers.append(self.headers.get("Authorization"))
        seen = len(self.server.requests[domain])
        label = domain.split(".")[0]
        if parts.path != "/v1/companies":
            return self._send(404, {"error": "not found"})
        if label == "missing":
            return self._send(404, {"error": "unknown domain"})
        if label == "limited" and seen == 1:
            return self._send(429, {"error": "slow down"}, {"Retry-After": "1"})
        if label == "flaky" and seen <= 2:
            return self._send(500, {"error": "boom"})
        if label == "down" or (label == "recovering" and not self.server.recovered):
            return self._send(503, {"error": "unavailable"})
        if label == "slow":
            time.sleep(self.server.slow_s)
        if label == "garbage":
            body = b"<html>definitely not json"
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            return None
        return self._send(200, {**COMPANY, "domain": domain})

    def _send(self, status: int, payload: dict[str, object], headers: dict[str, str] | None = None) -> None:
        body = json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        self.end_headers()
        with contextlib.suppress(BrokenPipeError):  # the client timed out first
            self.wfile.write(body)

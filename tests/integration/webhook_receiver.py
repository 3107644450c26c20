"""A local Slack-style webhook receiver on 127.0.0.1 for tests: records every JSON body; can fail the first N
requests with a given status to exercise retries."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


class Receiver:
    def __init__(self, fail_first: int = 0, fail_status: int = 503) -> None:
        self.messages: list[dict[str, Any]] = []
        self.requests = 0
        self.fail_first = fail_first
        self.fail_status = fail_status
        self.url = ""


@contextmanager
def webhook_receiver(fail_first: int = 0, fail_status: int = 503) -> Iterator[Receiver]:
    receiver = Receiver(fail_first, fail_status)

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
            receiver.requests += 1
            if receiver.requests <= receiver.fail_first:
                self.send_response(receiver.fail_status)
                self.end_headers()
                return
            receiver.messages.append(json.loads(body))
            self.send_response(200)
            self.end_headers()
            self.wfile.write(b"ok")

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    # a Slack-like secret path: it must never appear in logs
    receiver.url = f"http://127.0.0.1:{server.server_address[1]}/services/T000/B000/s3cr3tT0ken"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield receiver
    finally:
        server.shutdown()
        server.server_close()

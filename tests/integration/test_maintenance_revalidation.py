"""Revalidation against a real HTTP server on 127.0.0.1 (reachable only through the test allow-list)."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import ClassVar

import dagster as dg
import httpx
import pytest
import sqlalchemy as sa

from hirehound.maintenance.http_check import CheckSettings, HostRateLimiter, check_posting_url
from hirehound.maintenance.revalidation import check_failures, postings_to_check, run_checks, save_checks
from hirehound_assets.maintenance.posting_revalidation import posting_revalidation
from tests.integration.maintenance_fixtures import add_posting

pytestmark = pytest.mark.integration

NOW = datetime(2026, 11, 23, 12, tzinfo=UTC)

ROUTES: dict[str, tuple[int, dict[str, str], str]] = {
    "/open": (200, {}, "<h1>Data Engineer</h1><p>Apply now.</p>"),
    "/gone": (404, {}, "not found"),
    "/removed": (410, {}, "gone"),
    "/closed": (200, {}, "<div class='banner'>This job is no longer accepting applications</div>"),
    "/moved": (301, {"Location": "/gone"}, ""),
    "/to-private": (302, {"Location": "http://10.0.0.1/admin"}, ""),
    "/to-metadata": (302, {"Location": "http://169.254.169.254/latest/meta-data/"}, ""),
    "/down": (503, {}, "maintenance"),
}


class _Handler(BaseHTTPRequestHandler):
    hits: ClassVar[list[str]] = []

    def do_GET(self) -> None:
        type(self).hits.append(self.path)
        status, headers, body = ROUTES.get(self.path, (404, {}, ""))
        self.send_response(status)
        for k, v in headers.items():
            self.send_header(k, v)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.end_headers()
        self.wfile.write(body.encode())

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture()
def server() -> Iterator[str]:
    _Handler.hits = []
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def test_revalidation_expires_gone_and_closed_postings(engine: sa.Engine, server: str) -> None:
    with engine.begin() as conn:
        ids = {path: add_posting(conn, f"indeed:{path}", seen=[NOW.date()], url=server + path) for path in ROUTES}
        items = postings_to_check(conn, 100)
    assert len(items) == len(ROUTES)
    settings = CheckSettings(allow=frozenset({"127.0.0.1"}))
    with httpx.Client(timeout=5) as client:
        checks = run_checks(items, lambda p, u: check_posting_url(client, p, u, HostRateLimiter(0), settings))
    with engine.begin() as conn:
        report = save_checks(conn, checks, NOW, "run-rv")
        status = dict(conn.execute(sa.text("SELECT posting_id, expiry_reason FROM postings")).all())
        stored = dict(conn.execute(sa.text("SELECT posting_id, outcome FROM posting_url_checks")).all())
    by_path = {path: stored[pid] for path, pid in ids.items()}
    assert by_path == {
        "/open": "alive",
        "/gone": "gone",
        "/removed": "gone",
        "/closed": "closed",
        "/moved": "gone",
        "/to-private": "blocked",
        "/to-metadata": "blocked",
        "/down": "error",
    }
    assert report.expired == 4
    assert status[ids["/closed"]] == "revalidation_closed" and status[ids["/gone"]] == "revalidation_gone"
    assert status[ids["/to-private"]] is None and status[ids["/down"]] is None  # inconclusive: stays active
    assert {f.error_class for f in check_failures(checks)} == {"url_blocked", "url_error"}
    # The private and metadata targets were never requested: only our server's own paths were hit.
    assert all(hit in ROUTES for hit in _Handler.hits)


def test_revalidation_asset_without_allow_list_refuses_loopback(database, engine: sa.Engine, server: str) -> None:  # type: ignore[no-untyped-def]
    with engine.begin() as conn:
        pid = add_posting(conn, "indeed:local", seen=[NOW.date()], url=server + "/gone")
    result = dg.materialize(
        [posting_revalidation],
        resources={"database": database},
        instance=dg.DagsterInstance.ephemeral(),
        run_config={"ops": {"posting_revalidation": {"config": {"per_host_interval_s": 0.0}}}},
    )
    assert result.success
    metadata = result.asset_materializations_for_node("posting_revalidation")[0].metadata
    assert metadata["urls_checked"].value == 1 and metadata["postings_expired"].value == 0
    assert _Handler.hits == []  # the guard refused before any request
    with engine.begin() as conn:
        assert conn.execute(sa.text("SELECT status FROM postings WHERE posting_id = :p"), {"p": pid}).scalar() == (
            "active"
        )
        ledger = conn.execute(sa.text("SELECT item_key, error_class FROM failure_ledger")).all()
    assert ledger == [(pid, "url_blocked")]
    check = result.get_asset_check_evaluations()[0]
    assert check.check_name == "revalidation_error_rate" and not check.passed

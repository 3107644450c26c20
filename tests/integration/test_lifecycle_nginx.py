"""The reverse-proxy example (deploy/nginx.conf) passes `nginx -t` and refuses what the Dagster UI would accept.

nginx runs the shipped file (ports, certificate and upstream moved into a temp folder) in front of a stand-in for
the UI on 127.0.0.1. Skipped where nginx or openssl is not installed (`apt-get install -y nginx`).
"""

from __future__ import annotations

import http.client
import http.server
import shutil
import socket
import ssl
import subprocess
import tempfile
import threading
import time
from base64 import b64encode
from collections.abc import Iterator
from pathlib import Path

import pytest

pytestmark = [
    pytest.mark.integration,
    pytest.mark.skipif(not shutil.which("nginx") or not shutil.which("openssl"), reason="nginx/openssl not installed"),
]
CONFIG = Path(__file__).resolve().parents[2] / "deploy" / "nginx.conf"
SITE = "hirehound.example.com"
AUTH = {"Authorization": "Basic " + b64encode(b"alice:s3cret").decode()}


def _ports(count: int) -> list[int]:
    found = []
    for port in range(3400, 3500):
        with socket.socket() as sock:
            try:
                sock.bind(("127.0.0.1", port))
            except OSError:
                continue
        found.append(port)
        if len(found) == count:
            return found
    pytest.skip("no free ports in 3400-3499")


class _StandIn(http.server.BaseHTTPRequestHandler):
    def _answer(self) -> None:
        body = f"ui {self.command} {self.path} host={self.headers.get('Host')}".encode()
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_GET = do_POST = _answer

    def log_message(self, *args: object) -> None:
        pass


def _render(folder: Path, http_port: int, https_port: int, upstream: int) -> Path:
    text = CONFIG.read_text()
    text = text.replace("/etc/hirehound", str(folder)).replace("/var/log/nginx", str(folder))
    text = text.replace("/run/", f"{folder}/")
    text = text.replace("listen 80", f"listen 127.0.0.1:{http_port}").replace(
        "listen 443", f"listen 127.0.0.1:{https_port}"
    )
    text = text.replace("127.0.0.1:3000", f"127.0.0.1:{upstream}")
    text = text.replace("https://$host$request_uri", f"https://$host:{https_port}$request_uri")
    text = text.replace(f'"https://{SITE}" 0;', f'"https://{SITE}:{https_port}" 0;')
    rendered = folder / "nginx.conf"
    rendered.write_text(text)
    return rendered


@pytest.fixture()
def proxy() -> Iterator[int]:
    # nginx's workers run as an unprivileged user: the folder must be readable to them (pytest's tmp_path is not).
    folder = Path(tempfile.mkdtemp(prefix="hhnginx", dir="/tmp"))
    folder.chmod(0o755)
    (folder / "tls").mkdir()
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", f"/CN={SITE}",
         "-keyout", str(folder / "tls" / "privkey.pem"), "-out", str(folder / "tls" / "fullchain.pem")],
        check=True, capture_output=True,
    )  # fmt: skip
    hashed = subprocess.run(["openssl", "passwd", "-apr1", "s3cret"], check=True, capture_output=True, text=True)
    (folder / "htpasswd").write_text(f"alice:{hashed.stdout.strip()}\n")
    (folder / "htpasswd").chmod(0o644)
    http_port, https_port, upstream = _ports(3)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", upstream), _StandIn)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    conf = _render(folder, http_port, https_port, upstream)
    checked = subprocess.run(["nginx", "-t", "-c", str(conf)], capture_output=True, text=True)
    assert checked.returncode == 0, checked.stderr
    nginx = subprocess.Popen(["nginx", "-c", str(conf), "-g", "daemon off;"], stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            with socket.socket() as sock:
                if sock.connect_ex(("127.0.0.1", https_port)) == 0:
                    break
            time.sleep(0.1)
        yield https_port
    finally:
        nginx.terminate()
        nginx.wait(timeout=15)
        server.shutdown()
        shutil.rmtree(folder, ignore_errors=True)


def _request(port: int, method: str, path: str, headers: dict[str, str], host: str = SITE) -> tuple[int, str]:
    context = ssl.create_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    conn = http.client.HTTPSConnection("127.0.0.1", port, context=context, timeout=10)
    try:
        conn.request(method, path, body=b"{}" if method == "POST" else None, headers={"Host": host, **headers})
        response = conn.getresponse()
        return response.status, response.read().decode()
    finally:
        conn.close()


def test_authenticated_same_site_requests_reach_the_ui(proxy: int) -> None:
    status, body = _request(proxy, "GET", "/runs", AUTH)
    assert status == 200 and body.startswith("ui GET /runs")
    origin = {"Origin": f"https://{SITE}:{proxy}", "Content-Type": "application/json"}
    status, body = _request(proxy, "POST", "/graphql", {**AUTH, **origin})
    assert status == 200 and body.startswith("ui POST /graphql")
    status, body = _request(proxy, "GET", "/graphql?query=%7B%20version%20%7D", AUTH)
    assert status == 200, "GraphQL reads over GET still work"


def test_what_the_ui_alone_would_accept_is_refused(proxy: int) -> None:
    assert _request(proxy, "GET", "/runs", {})[0] == 401, "no password, no UI"
    with pytest.raises((http.client.RemoteDisconnected, ConnectionResetError)):
        _request(proxy, "GET", "/runs", AUTH, host="attacker.example")  # unknown Host: no answer at all
    cross_site = {**AUTH, "Origin": "https://attacker.example", "Content-Type": "application/json"}
    assert _request(proxy, "POST", "/graphql", cross_site)[0] == 403
    mutation = "/graphql?query=mutation%20%7B%20terminateRun(runId%3A%22x%22)%20%7B%20__typename%20%7D%20%7D"
    assert _request(proxy, "GET", mutation, AUTH)[0] == 405

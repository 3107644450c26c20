"""Foundation CLI behaviour that needs no database: port checks and friendly errors."""

from __future__ import annotations

import socket

from typer.testing import CliRunner

from hirehound.cli.dev_cmd import port_free
from hirehound.cli.main import app


def test_port_in_use_is_detected_and_dev_exits_with_a_message() -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        assert not port_free("127.0.0.1", port)
        result = CliRunner().invoke(app, ["dev", "--port", str(port)])
    assert result.exit_code == 2
    assert "already in use" in result.output


def test_db_url_reports_an_unreachable_server_without_a_traceback(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("HIREHOUND_DATABASE_URL", "postgresql://postgres@/x?host=/tmp/no-such-hirehound-server")
    result = CliRunner().invoke(app, ["db", "status"])
    assert result.exit_code == 2
    assert "Cannot connect to PostgreSQL" in result.output

"""`hirehound dev` starts the metrics endpoint as one more child, and stays up when it cannot."""

from __future__ import annotations

import socket
import sys

import pytest
from typer.testing import CliRunner

from hirehound.cli.main import app
from hirehound.cli.metrics_cmd import child_command, metrics_child


def test_the_child_is_the_metrics_command_of_this_interpreter() -> None:
    assert child_command(9464) == [sys.executable, "-m", "hirehound.cli.main", "metrics", "--host", "127.0.0.1",
                                   "--port", "9464"]  # fmt: skip


def test_port_zero_disables_it_and_a_taken_port_only_warns(capsys: pytest.CaptureFixture[str]) -> None:
    assert metrics_child({}, port=0) is None
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen()
        port = sock.getsockname()[1]
        assert metrics_child({}, port=port) is None
    assert f"127.0.0.1:{port} is in use: metrics endpoint not started" in capsys.readouterr().err


def test_metrics_refuses_a_taken_port_with_a_clear_error() -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen()
        port = sock.getsockname()[1]
        result = CliRunner().invoke(app, ["metrics", "--port", str(port)])
    assert result.exit_code == 2 and "already in use" in result.output

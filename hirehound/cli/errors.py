"""Turn setup errors into one clear line and a non-zero exit, instead of a traceback."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TypeVar

import typer

from hirehound.db.errors import DatabaseSetupError

T = TypeVar("T")


def usage_error(message: str, code: int = 2) -> typer.Exit:
    """Print `error: message` in red on stderr and return the exit to raise (`raise usage_error(...) from exc`)."""
    typer.secho(f"error: {message}", fg=typer.colors.RED, err=True)
    return typer.Exit(code=code)


@contextmanager
def friendly_errors() -> Iterator[None]:
    try:
        yield
    except DatabaseSetupError as exc:
        raise usage_error(str(exc)) from exc


def run_friendly(fn: Callable[[], T]) -> T:
    with friendly_errors():
        return fn()

"""Turn setup errors into one clear line and a non-zero exit, instead of a traceback."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TypeVar

import typer

from hirehound.db.errors import DatabaseSetupError

T = TypeVar("T")


@contextmanager
def friendly_errors() -> Iterator[None]:
    try:
        yield
    except DatabaseSetupError as exc:
        typer.secho(f"error: {exc}", fg=typer.colors.RED, err=True)
        raise typer.Exit(code=2) from exc


def run_friendly(fn: Callable[[], T]) -> T:
    with friendly_errors():
        return fn()

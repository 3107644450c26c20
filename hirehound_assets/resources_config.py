"""The resources every code location process gets, keyed by the names assets ask for."""

from __future__ import annotations

from typing import Any

from resources.database import DatabaseResource


def default_resources() -> dict[str, Any]:
    """Resources with their defaults: embedded Postgres unless HIREHOUND_DATABASE_URL is set."""
    return {
        "database": DatabaseResource(),
    }

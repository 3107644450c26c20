"""Markdown preview tables for materialization metadata, so every asset's page shows rows the same way.

Cells read as a person would write them: no `None` or `nan` for a missing value, lists as comma-separated words
(`indeed, linkedin`, not `['indeed', 'linkedin']`), dates as ISO dates.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping, Sequence
from datetime import date, datetime


def cell(value: object) -> str:
    """One value as table text: empty when missing, lists joined, nested mappings as compact JSON."""
    if value is None or (isinstance(value, float) and math.isnan(value)) or _is_nat(value):
        return ""
    if isinstance(value, datetime):
        return value.isoformat(sep=" ", timespec="minutes")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list | tuple | set | frozenset):
        items = sorted(value, key=str) if isinstance(value, set | frozenset) else value
        return ", ".join(cell(v) for v in items if cell(v))
    if isinstance(value, Mapping):
        return json.dumps(value, default=str, ensure_ascii=False, separators=(",", ":"))
    text = str(value)
    return "" if text.lower() in ("nan", "none", "nat") and not isinstance(value, str) else text


def _is_nat(value: object) -> bool:
    # pandas' missing timestamp, recognised without importing pandas (a slow import on the code location's path).
    return type(value).__name__ == "NaTType"


def md_table(rows: Sequence[Mapping[str, object]], empty: str = "_nothing to show_") -> str:
    """Rows as a GitHub-flavoured markdown table (pandas + tabulate); `empty` when there are none."""
    if not rows:
        return empty
    import pandas as pd

    cleaned = [{k: cell(v).replace("|", "/").replace("\n", " ") for k, v in row.items()} for row in rows]
    frame = pd.DataFrame(cleaned).fillna("")
    return str(frame.to_markdown(index=False))

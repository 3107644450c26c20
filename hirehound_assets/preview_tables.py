"""Markdown preview tables for materialization metadata, so every asset's page shows rows the same way."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pandas as pd


def md_table(rows: Sequence[Mapping[str, object]], empty: str = "_nothing to show_") -> str:
    """Rows as a GitHub-flavoured markdown table (pandas + tabulate); `empty` when there are none."""
    if not rows:
        return empty
    frame = pd.DataFrame(list(rows)).astype(str).replace({r"\|": "/", r"\n": " "}, regex=True)
    return str(frame.to_markdown(index=False))

"""A small markdown table for materialization previews."""

from __future__ import annotations

from collections.abc import Mapping, Sequence


def md_table(rows: Sequence[Mapping[str, object]], empty: str = "_nothing to show_") -> str:
    if not rows:
        return empty
    head = list(rows[0])
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    lines += ["| " + " | ".join(str(r[k]).replace("|", "/").replace("\n", " ") for k in head) + " |" for r in rows]
    return "\n".join(lines)

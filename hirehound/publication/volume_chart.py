"""A small PNG chart of the last 30 days of posting volume, embeddable in Dagster's markdown metadata."""

from __future__ import annotations

import base64
import io
from collections.abc import Sequence
from typing import Any

SERIES = (("postings_seen", "seen"), ("unique_jobs", "unique"), ("new_postings", "new"), ("expired", "expired"))


def volume_chart_png(history: Sequence[dict[str, Any]]) -> bytes:
    """Lines of seen, unique, new and expired postings per day."""
    # Imported here, not at module level: matplotlib costs about half a second, and every Dagster step process
    # imports this module through the code location while only one asset draws a chart.
    import matplotlib

    matplotlib.use("Agg")  # no display on servers; must precede pyplot
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(8, 3), dpi=80)
    try:
        days = [row["partition_date"] for row in history]
        for column, label in SERIES:
            ax.plot(days, [row[column] for row in history], marker="o", markersize=3, label=label)
        ax.set_title("Postings per scrape day (last 30 days)")
        ax.legend(loc="upper left", fontsize=8)
        ax.grid(alpha=0.3)
        fig.autofmt_xdate()
        buffer = io.BytesIO()
        fig.savefig(buffer, format="png", bbox_inches="tight")
        return buffer.getvalue()
    finally:
        plt.close(fig)


def markdown_image(png: bytes, alt: str = "posting volume, last 30 days") -> str:
    return f"![{alt}](data:image/png;base64,{base64.b64encode(png).decode('ascii')})"

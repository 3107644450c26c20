"""The contract every `make eval` section follows: figures measured on named data, with the goal they answer to.

A section is a module `bench/eval_<area>.py` exposing `evaluate(shared: Path | None) -> Section`. `shared` is the
`../shared/data` folder beside the checkout, or None where it is absent (as for users of the project); a section
that needs it returns `Section(..., skipped="why")` instead of failing. Real data someone else produced is the
figure that counts; the demo ground truth is a second check, and a figure says which one it is (`origin`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED_DATA = ROOT.parent / "shared" / "data"
# Where eval sections cache what they fetch or build (dev sets assembled from public repositories): never committed.
CACHE_DIR = ROOT / ".hirehound" / "eval-cache"

REAL = "real (third-party)"
DEMO = "demo ground truth"
OWN = "labelled by us"


@dataclass(frozen=True)
class Figure:
    """One measured number: on what data, which metric, the value, and the goal it is held to (if any)."""

    data: str
    metric: str
    value: float | int | str
    goal: str = ""  # e.g. ">= 0.45"; empty when the figure is informative only
    met: bool | None = None  # None when there is no goal
    origin: str = REAL
    note: str = ""

    def rendered_value(self) -> str:
        if isinstance(self.value, float):
            return f"{self.value:.3f}"
        if isinstance(self.value, int):
            return f"{self.value:,}"
        return self.value


def at_least(value: float, goal: float) -> tuple[str, bool]:
    """The goal text and whether `value` meets it, for a higher-is-better metric."""
    return f">= {goal:g}", value >= goal


def at_most(value: float, goal: float) -> tuple[str, bool]:
    return f"<= {goal:g}", value <= goal


@dataclass
class Section:
    """A block of EVALUATION.md: a title, its figures, optional markdown detail, or the reason it was skipped."""

    title: str
    figures: list[Figure] = field(default_factory=list)
    detail: str = ""
    skipped: str | None = None
    command: str = ""  # a narrower command reproducing just this section, when there is one

    def add(
        self,
        data: str,
        metric: str,
        value: float | int | str,
        *,
        goal: tuple[str, bool] | None = None,
        origin: str = REAL,
        note: str = "",
    ) -> None:
        text, met = goal if goal is not None else ("", None)
        self.figures.append(Figure(data, metric, value, text, met, origin, note))

    def markdown(self) -> str:
        lines = [f"## {self.title}", ""]
        if self.skipped:
            return "\n".join([*lines, f"_Skipped: {self.skipped}_", ""])
        if self.command:
            lines += [f"Reproduce: `{self.command}`", ""]
        if self.figures:
            lines += ["| data | origin | metric | figure | goal | met |", "|---|---|---|---:|---|---|"]
            for f in self.figures:
                met = "" if f.met is None else ("yes" if f.met else "**no**")
                note = f" ({f.note})" if f.note else ""
                lines.append(f"| {f.data} | {f.origin} | {f.metric}{note} | {f.rendered_value()} | {f.goal} | {met} |")
            lines.append("")
        if self.detail:
            lines += [self.detail.strip(), ""]
        return "\n".join(lines)

"""`hirehound skills extract`: the skills of texts on stdin, one text per line, with the extractor the asset uses.

Each line is one text (a sentence or a whole description with its line breaks escaped as `\\n`). With `--json`
each input line gives one output line `{"skills": [{skill_id, esco_uri, esco_label, label, score, start, end,
surface, method, sentence_start, sentence_end}]}`, in input order, an empty line giving `{"skills": []}`; without
it, a table per line. Offsets are into the line as given. Lines are read and answered in batches, so a few
thousand lines stream through in about a minute; phrases seen before come from the embedding cache.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from typing import TYPE_CHECKING, TextIO

import typer
from rich.console import Console
from rich.table import Table

from hirehound.cli.errors import friendly_errors

if TYPE_CHECKING:
    from hirehound.skills.finder import Found

app = typer.Typer(help="Skills: extract ESCO skills from text.", no_args_is_help=True)
BATCH = 256


@app.command()
def extract(
    as_json: bool = typer.Option(False, "--json", help="One JSON line per input line instead of tables."),
    words_only: bool = typer.Option(False, "--words-only", help="Only word-for-word mentions (no model, no database)."),
) -> None:
    """Read texts from stdin, one per line, and print the skills of each."""
    from hirehound.db.engine import get_engine
    from hirehound.skills.finder import SkillFinder
    from hirehound.skills.pipeline import extractor_for, finder_for
    from resources.embedding_model import EmbeddingModelResource
    from resources.settings import PipelineSettings

    console = Console()
    with friendly_errors():
        esco = PipelineSettings().esco_source()
        if words_only:
            finder, engine = SkillFinder(extractor_for(esco), None, None), None
        else:
            engine = get_engine()
            with engine.begin() as conn:
                finder = finder_for(conn, EmbeddingModelResource(), esco)
        for lines in _batches(sys.stdin, BATCH):
            if engine is None:
                found, stats = finder.find_many(None, [(None, line) for line in lines])
            else:
                with engine.begin() as conn:
                    found, stats = finder.find_many(conn, [(None, line) for line in lines])
            for i, (line, skills) in enumerate(zip(lines, found, strict=True)):
                if as_json:
                    payload: dict[str, object] = {"skills": [_record(f) for f in _best_first(skills)]}
                    if i in stats.failures:
                        payload["error"] = ": ".join(stats.failures[i])
                    sys.stdout.write(json.dumps(payload, ensure_ascii=False) + "\n")
                else:
                    _table(console, line, _best_first(skills))
            sys.stdout.flush()


def _batches(stream: TextIO, size: int) -> Iterator[list[str]]:
    batch: list[str] = []
    for raw in stream:
        batch.append(raw.rstrip("\n").rstrip("\r").replace("\\n", "\n"))
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def _best_first(found: list[Found]) -> list[Found]:
    """One entry per skill: its best-scoring mention (ties: the earliest), in text order."""
    best: dict[str, Found] = {}
    for f in sorted(found, key=lambda f: (-f.score, f.start)):
        best.setdefault(f.skill_id, f)
    return sorted(best.values(), key=lambda f: (f.field != "title", f.start))


def _record(f: Found) -> dict[str, object]:
    return {
        "skill_id": f.skill_id, "esco_uri": f.esco_uri, "esco_label": f.esco_label, "label": f.label,
        "score": f.score, "start": f.start, "end": f.end, "surface": f.surface, "method": f.method,
        "sentence_start": f.sentence_start, "sentence_end": f.sentence_end,
    }  # fmt: skip


def _table(console: Console, line: str, found: list[Found]) -> None:
    table = Table(title=(line[:80] + "…") if len(line) > 80 else line, title_justify="left")
    for col in ("skill", "ESCO", "score", "how", "at", "text"):
        table.add_column(col)
    for f in found:
        table.add_row(f.label, f.esco_label or "", f"{f.score:.3f}", f.method, f"{f.start}-{f.end}", f.surface)
    console.print(table if found else f"[dim]{line[:80]}: no skills[/dim]")

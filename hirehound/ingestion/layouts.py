"""Column layouts: how the columns of one kind of scrape file map onto Hirehound's native posting fields.

Every file is read as rows of its own columns; a layout turns such a row into a native record (the JSONL schema in
docs/ingestion.md), keeping unmapped columns in `extra`. The native layout is built in; JobSpy and every other
layout are declarative YAML files in `mappings/` (no code per source). A layout is recognised by its signature
columns, or forced for matching file names by its `files` globs.
"""

from __future__ import annotations

import fnmatch
import math
import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

NATIVE_FIELDS = (
    "source",
    "source_job_id",
    "url",
    "apply_url",
    "title",
    "company",
    "company_url",
    "location",
    "description",
    "description_format",
    "salary",
    "salary_min",
    "salary_max",
    "salary_currency",
    "salary_interval",
    "employment_type",
    "remote",
    "date_posted",
    "expires_at",
)
DEFAULT_NULLS = frozenset({"", "nan", "NaN", "None", "null", "NULL", "N/A", "n/a"})
MAPPINGS_DIR = Path(__file__).resolve().parents[2] / "mappings"


class LayoutError(Exception):
    """A file whose columns fit no layout, or lack a column the layout requires."""


@dataclass(frozen=True)
class Layout:
    """One declarative column mapping (see mappings/*.yaml)."""

    name: str
    fields: Mapping[str, Any]  # native field -> column name | {column|first|join|value: ...}
    signature: tuple[str, ...]  # columns that identify the layout
    required: tuple[str, ...] = ()  # columns without which no row can become a posting
    files: tuple[str, ...] = ()  # glob patterns that force this layout (override of detection)
    container: str | None = None  # csv | json | jsonl: forced container for `files` matches
    null_values: frozenset[str] = DEFAULT_NULLS
    keep_in_extra: tuple[str, ...] = ()  # mapped columns also kept in `extra` (later stages read them there)
    description: str = ""
    _consumed: frozenset[str] = field(default=frozenset(), compare=False)

    def columns_used(self) -> frozenset[str]:
        return self._consumed

    def to_native(self, row: Mapping[str, Any]) -> dict[str, Any]:
        """The native record of one row: mapped fields, and every other non-empty column in `extra`."""
        record: dict[str, Any] = {}
        for name, spec in self.fields.items():
            value = self._value(row, spec)
            if value is not None:
                record[name] = value
        extra = {
            k: v
            for k, v in row.items()
            if (k not in self._consumed or k in self.keep_in_extra) and not self._is_null(v) and k != "extra"
        }
        nested = row.get("extra")
        if isinstance(nested, dict):
            extra = {**nested, **extra}
        record["extra"] = extra
        return record

    def _is_null(self, value: Any) -> bool:
        if value is None:
            return True
        if isinstance(value, float) and math.isnan(value):
            return True
        return isinstance(value, str) and value.strip() in self.null_values

    def _value(self, row: Mapping[str, Any], spec: Any) -> Any:
        if isinstance(spec, str):
            value = row.get(spec)
            return None if self._is_null(value) else value
        if not isinstance(spec, dict):
            return None
        if "value" in spec:
            return spec["value"]
        if "column" in spec:
            value = self._value(row, spec["column"])
            return spec.get("default") if value is None else value
        if "first" in spec:
            for column in spec["first"]:
                value = self._value(row, column)
                if value is not None:
                    return value
            return spec.get("default")
        if "join" in spec:
            parts = [str(v).strip() for v in (self._value(row, c) for c in spec["join"]) if v is not None]
            return spec.get("separator", ", ").join(p for p in parts if p) or spec.get("default")
        return None


def _columns_of(spec: Any) -> set[str]:
    if isinstance(spec, str):
        return {spec}
    if isinstance(spec, dict):
        found: set[str] = set()
        for key in ("column", "first", "join"):
            value = spec.get(key)
            if isinstance(value, str):
                found.add(value)
            elif isinstance(value, list):
                for item in value:
                    found |= _columns_of(item)
        return found
    return set()


def layout_from_dict(data: Mapping[str, Any]) -> Layout:
    """Build a layout from a parsed mapping file; raises LayoutError on a malformed one."""
    name = data.get("name")
    fields = data.get("fields")
    if not isinstance(name, str) or not isinstance(fields, dict):
        raise LayoutError("a mapping needs a `name` and a `fields` table")
    unknown = set(fields) - set(NATIVE_FIELDS)
    if unknown:
        raise LayoutError(f"mapping {name}: unknown native fields {sorted(unknown)}")
    consumed: set[str] = set()
    for spec in fields.values():
        consumed |= _columns_of(spec)
    nulls = DEFAULT_NULLS | frozenset(str(v) for v in data.get("null_values", []))
    signature = tuple(data.get("signature") or data.get("required") or ())
    if not signature:
        raise LayoutError(f"mapping {name}: `signature` columns are required to recognise the layout")
    return Layout(
        name=name,
        fields=dict(fields),
        signature=signature,
        required=tuple(data.get("required", ())),
        files=tuple(data.get("files", ())),
        container=data.get("container"),
        null_values=nulls,
        keep_in_extra=tuple(data.get("keep_in_extra", ())),
        description=str(data.get("description", "")),
        _consumed=frozenset(consumed),
    )


NATIVE = layout_from_dict(
    {
        "name": "native",
        "fields": {f: f for f in NATIVE_FIELDS},
        "signature": ["source", "source_job_id", "url", "title", "company"],
        "required": [],
    }
)


def mappings_dir() -> Path:
    return Path(os.environ.get("HIREHOUND_MAPPINGS_DIR") or MAPPINGS_DIR)


@lru_cache(maxsize=8)
def _load(directory: str, stamp: tuple[tuple[str, float], ...]) -> tuple[Layout, ...]:
    layouts = [NATIVE]
    for name, _ in stamp:
        with open(Path(directory) / name, encoding="utf-8") as handle:
            layouts.append(layout_from_dict(yaml.safe_load(handle) or {}))
    return tuple(layouts)


def load_layouts(directory: Path | None = None) -> tuple[Layout, ...]:
    """The native layout plus every mapping file (*.yaml, *.yml) of the mappings folder, re-read when changed."""
    folder = directory or mappings_dir()
    files = sorted(folder.glob("*.y*ml")) if folder.is_dir() else []
    stamp = tuple((p.name, p.stat().st_mtime) for p in files)
    return _load(str(folder), stamp)


def layout_by_name(name: str, layouts: Iterable[Layout] | None = None) -> Layout:
    for layout in layouts if layouts is not None else load_layouts():
        if layout.name == name:
            return layout
    raise LayoutError(f"no mapping named {name!r} (mappings folder: {mappings_dir()})")


def forced_layout(path: str, layouts: Iterable[Layout]) -> Layout | None:
    """The layout whose `files` globs match this path (an explicit override of detection)."""
    name = path.replace("\\", "/").rsplit("/", 1)[-1]
    for layout in layouts:
        if any(fnmatch.fnmatch(path, g) or fnmatch.fnmatch(name, g) for g in layout.files):
            return layout
    return None


def detect_layout(columns: Iterable[str], layouts: Iterable[Layout]) -> Layout:
    """The layout whose signature the file carries best (at least half of it); layouts whose required columns are
    all present come first. Raises LayoutError when no layout fits at all."""
    present = {c.strip() for c in columns if isinstance(c, str)}
    best: tuple[tuple[bool, float, int], Layout] | None = None
    for layout in layouts:
        hits = sum(1 for c in layout.signature if c in present)
        complete = all(c in present for c in layout.required)
        score = (complete, hits / len(layout.signature), hits)  # then a fuller match of a longer signature
        if score[1] >= 0.5 and (best is None or score > best[0]):
            best = (score, layout)
    if best is None:
        shown = ", ".join(sorted(present)[:12])
        raise LayoutError(f"unknown layout: columns [{shown}] match no mapping; add one to {mappings_dir()}")
    return best[1]


def check_required(layout: Layout, columns: Iterable[str]) -> None:
    missing = [c for c in layout.required if c not in set(columns)]
    if missing:
        raise LayoutError(f"missing required column(s) {missing} for layout {layout.name}")


def layouts_digest(layouts: Iterable[Layout]) -> str:
    """Changes whenever a mapping changes, so partitions read with an older mapping are read again."""
    import hashlib
    import json

    body = [
        (
            la.name,
            dict(la.fields),
            la.signature,
            la.required,
            la.files,
            la.container,
            sorted(la.null_values),
            la.keep_in_extra,
        )
        for la in layouts
    ]
    return hashlib.sha256(json.dumps(body, sort_keys=True, default=str).encode()).hexdigest()[:16]

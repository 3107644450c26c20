"""Reading one scrape file into rows: container detection (CSV, JSON, JSONL), layout detection, bad rows apart.

A file either cannot be read at all (UnreadableFile / LayoutError: the caller quarantines it) or yields its rows
verbatim plus the rows it could not parse, so the good rows of a damaged file still land.
"""

from __future__ import annotations

import csv
import io
import json
import sys
from dataclasses import dataclass, field
from typing import Any

from hirehound.ingestion.decoding import UnreadableFile, decode
from hirehound.ingestion.layouts import NATIVE, Layout, LayoutError, check_required, detect_layout, forced_layout

MAX_FIELD_CHARS = 1_000_000  # a 50 MB description is truncated here (with a ledger note), not stored whole
# A real posting is a flat record with a few small lists inside; a row nested deeper, or holding more values, is
# hostile or broken, and walking it recursively later would crash the stage (RecursionError), so it is refused.
MAX_NESTING = 32
MAX_VALUES = 100_000
_DETECT_RECORDS = 50

csv.field_size_limit(sys.maxsize)


@dataclass(frozen=True)
class RowProblem:
    """A row that could not be parsed (`failed`) or was kept with a change worth a ledger note."""

    row_number: int
    error_class: str
    message: str
    failed: bool = True


@dataclass
class FileRows:
    container: str  # csv | json | jsonl
    layout: str
    encoding: str
    compressed: bool
    rows: list[tuple[int, dict[str, Any]]] = field(default_factory=list)  # (1-based row number, payload)
    problems: list[RowProblem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    file_notes: list[tuple[str, str]] = field(default_factory=list)  # (error class, message) for the ledger

    @property
    def format(self) -> str:
        """`layout/container`, e.g. `jobspy/csv`, `native/jsonl` (stored in raw_postings.format)."""
        return f"{self.layout}/{self.container}"


def container_of(path: str, text: str) -> str:
    """csv, json or jsonl, from the extension (ignoring .gz), else from the first non-blank character."""
    name = path.lower().removesuffix(".gz")
    for ext, kind in ((".jsonl", "jsonl"), (".ndjson", "jsonl"), (".json", "json"), (".csv", "csv"), (".tsv", "csv")):
        if name.endswith(ext):
            return kind
    head = text.lstrip()[:1]
    if head == "[":
        return "json"
    if head == "{":
        return "jsonl"
    first = text.split("\n", 1)[0]
    if any(d in first for d in (",", ";", "\t", "|")):
        return "csv"
    raise UnreadableFile("unknown format: not CSV, JSON or JSONL")


def read_scrape_file(path: str, data: bytes, layouts: tuple[Layout, ...]) -> FileRows:
    """Rows of one file. Raises UnreadableFile or LayoutError when the file as a whole cannot be used."""
    decoded = decode(data)
    text = decoded.text.replace("\x00", "")  # Postgres text cannot hold NUL
    if not text.strip():
        raise UnreadableFile("empty file (no content besides whitespace)")
    forced = forced_layout(path, layouts)
    container = (forced.container if forced and forced.container else None) or container_of(path, text)
    if container == "csv":
        columns, rows, problems = _read_csv(text)
    elif container == "jsonl":
        columns, rows, problems = _read_jsonl(text)
    else:
        columns, rows, problems = _read_json(text)
    layout = forced or _detect(container, columns, layouts)
    check_required(layout, columns)
    result = FileRows(container, layout.name, decoded.encoding, decoded.compressed, problems=problems)
    if decoded.replaced_bytes:
        where = ", ".join(map(str, decoded.replaced_lines))
        message = f"{decoded.replaced_bytes} invalid byte(s) replaced (U+FFFD)"
        result.notes.append(message)
        result.file_notes.append(("UndecodableBytes", f"{message} on line(s) {where}" if where else message))
    if decoded.encoding not in ("utf-8", "utf-8-sig"):
        result.notes.append(f"decoded as {decoded.encoding}")
    if decoded.fallback_lines:
        result.file_notes.append(
            ("FallbackEncoding", f"{decoded.fallback_lines} line(s) not UTF-8, read as {decoded.encoding}")
        )
    for number, payload in rows:
        too_big = shape_problem(payload)
        if too_big is not None:
            result.problems.append(RowProblem(number, "RowTooComplex", too_big))
            continue
        result.rows.append((number, _capped(number, payload, result.problems)))
    result.problems.sort(key=lambda problem: problem.row_number)  # parse and shape problems in file order
    if not rows and not problems:
        result.notes.append("no rows (header only)")
    return result


def shape_problem(value: Any) -> str | None:
    """Why a parsed row is too deep or too large to store, or None (walked without recursion)."""
    stack: list[tuple[Any, int]] = [(value, 1)]
    seen = 0
    while stack:
        item, depth = stack.pop()
        seen += 1
        if seen > MAX_VALUES:
            return f"row holds more than {MAX_VALUES} values"
        if isinstance(item, dict | list):
            if depth > MAX_NESTING:
                return f"row is nested more than {MAX_NESTING} levels deep"
            children = item.values() if isinstance(item, dict) else item
            stack.extend((child, depth + 1) for child in children)
    return None


def _no_nul(value: Any) -> Any:
    """JSON escapes can still smuggle NUL (\\u0000) in, which Postgres jsonb rejects."""
    if isinstance(value, str):
        return value.replace("\x00", "") if "\x00" in value else value
    if isinstance(value, dict):
        return {_no_nul(k): _no_nul(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_no_nul(v) for v in value]
    return value


def _detect(container: str, columns: list[str], layouts: tuple[Layout, ...]) -> Layout:
    try:
        return detect_layout(columns, layouts)
    except LayoutError:
        if container == "jsonl" and columns:
            return NATIVE  # JSON Lines is Hirehound's own format: sparse records are native ones
        raise


def _capped(number: int, payload: dict[str, Any], problems: list[RowProblem]) -> dict[str, Any]:
    for key, value in list(payload.items()):
        if not isinstance(value, str | int | float | bool) and value is not None:
            payload[key] = value = _no_nul(value)
        elif isinstance(value, str) and "\x00" in value:
            payload[key] = value = value.replace("\x00", "")
        if isinstance(value, str) and len(value) > MAX_FIELD_CHARS:
            payload[key] = value[:MAX_FIELD_CHARS]
            problems.append(
                RowProblem(number, "FieldTruncated", f"{key}: {len(value)} chars cut to {MAX_FIELD_CHARS}", False)
            )
    return payload


def _delimiter(header: str) -> str:
    counts = {d: header.count(d) for d in (",", ";", "\t", "|")}
    return max(counts, key=lambda d: counts[d])


def _read_csv(text: str) -> tuple[list[str], list[tuple[int, dict[str, Any]]], list[RowProblem]]:
    header_line = text.split("\n", 1)[0]
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(header_line))
    try:
        header = [h.strip() for h in next(reader)]
    except (StopIteration, csv.Error) as exc:
        raise UnreadableFile(f"unreadable CSV header: {exc}") from exc
    if len(set(header)) != len(header) or not any(header):
        raise LayoutError(f"CSV header has empty or repeated column names: {header[:12]}")
    rows: list[tuple[int, dict[str, Any]]] = []
    problems: list[RowProblem] = []
    number = 0
    while True:
        try:
            values = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:  # e.g. an unterminated quote at the end of a cut file
            problems.append(RowProblem(number + 1, "MalformedRow", f"CSV error: {exc}"))
            break
        number += 1
        if not values or all(not v.strip() for v in values):
            number -= 1  # blank lines are not rows
            continue
        if len(values) != len(header):
            problems.append(RowProblem(number, "MalformedRow", f"expected {len(header)} fields, got {len(values)}"))
            continue
        rows.append((number, dict(zip(header, values, strict=True))))
    return header, rows, problems


def _read_jsonl(text: str) -> tuple[list[str], list[tuple[int, dict[str, Any]]], list[RowProblem]]:
    rows: list[tuple[int, dict[str, Any]]] = []
    problems: list[RowProblem] = []
    number = 0
    for line in text.splitlines():
        if not line.strip():
            continue
        number += 1
        try:
            value = json.loads(line, parse_constant=_no_nan)
        except ValueError as exc:
            problems.append(RowProblem(number, "MalformedJson", f"line is not JSON: {exc}"))
            continue
        except RecursionError:  # thousands of nested brackets: the parser itself gives up
            problems.append(RowProblem(number, "RowTooComplex", "line nests deeper than the JSON parser allows"))
            continue
        if not isinstance(value, dict):
            problems.append(
                RowProblem(number, "MalformedJson", f"line is a JSON {type(value).__name__}, not an object")
            )
            continue
        rows.append((number, value))
    if not rows and number == 1 and text.lstrip().startswith("{"):
        # a pretty-printed single JSON document rather than JSON Lines
        return _read_json(text)
    return _columns(rows), rows, problems


def _read_json(text: str) -> tuple[list[str], list[tuple[int, dict[str, Any]]], list[RowProblem]]:
    try:
        value = json.loads(text, parse_constant=_no_nan)
    except RecursionError as exc:
        if text.lstrip().startswith("{"):
            return _read_jsonl(text)
        raise UnreadableFile("JSON nests deeper than the parser allows") from exc
    except ValueError as exc:
        if text.lstrip().startswith("{"):
            return _read_jsonl(text)
        raise UnreadableFile(f"invalid JSON: {exc}") from exc
    if isinstance(value, dict):
        value = _records_of(value)
    if not isinstance(value, list):
        raise UnreadableFile("JSON is neither a list of records nor a table")
    rows: list[tuple[int, dict[str, Any]]] = []
    problems: list[RowProblem] = []
    for number, item in enumerate(value, start=1):
        if isinstance(item, dict):
            rows.append((number, item))
        else:
            problems.append(RowProblem(number, "MalformedJson", f"record is a JSON {type(item).__name__}"))
    return _columns(rows), rows, problems


def _records_of(value: dict[str, Any]) -> Any:
    """pandas' other orientations: split ({columns, data}), columns ({col: {idx: v}}), or {jobs|data: [...]}."""
    if isinstance(value.get("columns"), list) and isinstance(value.get("data"), list):
        return [dict(zip(value["columns"], row, strict=False)) for row in value["data"]]
    for key in ("jobs", "data", "postings", "results"):
        if isinstance(value.get(key), list):
            return value[key]
    if value and all(isinstance(v, dict) for v in value.values()):
        index = sorted({k for v in value.values() for k in v}, key=lambda k: (len(k), k))
        return [{col: value[col].get(i) for col in value} for i in index]
    return [value]


def _columns(rows: list[tuple[int, dict[str, Any]]]) -> list[str]:
    seen: dict[str, None] = {}
    for _, row in rows[:_DETECT_RECORDS]:
        for key in row:
            seen.setdefault(key, None)
    return list(seen)


def _no_nan(_: str) -> None:
    """NaN/Infinity (pandas writes them) are not JSON and Postgres jsonb rejects them: read as null."""
    return None

"""Unchanged means free: a daily stage skips a partition when nothing its result depends on has changed.

A stage describes what it reads as `Scope`s: a table (or part of one) whose row versions count, or a query whose
result rows count. Before it runs, `check` fingerprints them together with the code version and the stage's
settings; when that equals what the stage stored after its last run, the stage returns early with the previous
run's report. Otherwise it runs, and `seal` fingerprints the same scopes again, after its own writes, and `save`
stores that next to the run's report.

Why it is safe:
- Row versions are Postgres' `xmin` (the transaction that last wrote the row) counted per transaction: any insert,
  update or delete by anyone, pipeline or maintenance or a person in psql, changes the count of some group or
  adds one, so a changed input is never missed, even in tables several stages share.
- A stage whose result depends on other partitions (dedup's lookback, global organizations) lists the whole tables
  it reads; a write by another day's run then makes it run again. Slow re-runs are acceptable, wrong skips are not.
- Writes by others while the stage runs: input scopes must read the same before and after the run, and rows of the
  stage's own output tables written since the run began must come from its own transactions (`own_transactions`).
  Otherwise a fingerprint that never matches is stored, so the next run does the work again.
  Checked after the output committed, a later write by others shows as a changed input: its failure mode is a
  re-run.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from hirehound.pipeline.code_version import code_version

# Settings that can change a stage's result without a code change are passed by the stage; besides those, every
# HIREHOUND_* variable counts (hashed, never stored), except ones that only say where things are or what to call.
_IGNORED_ENV = {"HIREHOUND_DATABASE_URL", "HIREHOUND_HOME", "HIREHOUND_LANDING_DIR", "HIREHOUND_DAGSTER_PG_URL"}


@dataclass(frozen=True)
class Scope:
    """Something a stage's result depends on.

    `table` with an optional `where` (named parameters from `StageInputs.params`): the row versions of those rows.
    `query`: the content of its result rows (for inputs shared with stages that rewrite other columns, such as the
    organization fields enrichment fills). `writes`: the stage itself writes these rows (its output).
    """

    table: str
    where: str = ""
    query: str = ""
    writes: bool = False

    @property
    def key(self) -> str:
        return f"{self.table}|{self.where}|{self.query}"


@dataclass(frozen=True)
class StageInputs:
    """Everything one stage's result for one partition depends on."""

    stage: str
    partition: str
    scopes: Sequence[Scope]
    params: Mapping[str, Any] = field(default_factory=dict)
    settings: Mapping[str, Any] = field(default_factory=dict)
    skippable: bool = True  # False when something outside the database decides (a company-data API)


@dataclass
class Snapshot:
    """The scopes' state at one moment: per scope, (transaction, rows) groups or a content digest."""

    versions: dict[str, list[tuple[str, int]]]
    contents: dict[str, str]
    fingerprint: str
    parts: dict[str, str] = field(default_factory=dict)  # a digest per scope, code and settings: what changed


@dataclass
class Gate:
    """What `check` found: whether to skip, the previous run's report, and the state the run starts from."""

    inputs: StageInputs
    before: Snapshot
    skip: bool
    previous_rows: int = 0
    previous_details: dict[str, Any] = field(default_factory=dict)
    changed: list[str] = field(default_factory=list)  # why the stage runs: the parts that differ from last time
    sealed_parts: dict[str, str] = field(default_factory=dict)


def snapshot(conn: Connection, inputs: StageInputs) -> Snapshot:
    versions: dict[str, list[tuple[str, int]]] = {}
    contents: dict[str, str] = {}
    for scope in inputs.scopes:
        if scope.query:
            contents[scope.key] = _content_digest(conn, scope.query, inputs.params)
        if not scope.query or scope.writes:  # written content scopes keep their versions for the race check
            versions[scope.key] = _versions(conn, scope, inputs.params)
    table_versions = {k: v for k, v in versions.items() if not _scope(inputs, k).query}
    payload = {
        "stage": inputs.stage,
        "partition": inputs.partition,
        "code": code_version(),
        "settings": {k: str(v) for k, v in sorted(inputs.settings.items())},
        "env": _env_digest(),
        "versions": table_versions,
        "contents": contents,
    }
    digest = hashlib.sha256(json.dumps(payload, sort_keys=True).encode()).hexdigest()
    parts = {"code": str(payload["code"]), "settings": _digest([payload["settings"], payload["env"]])}
    parts.update({_scope(inputs, k).table + "/versions": _digest(v) for k, v in table_versions.items()})
    parts.update({_scope(inputs, k).table + "/content": v for k, v in contents.items()})
    return Snapshot(versions, contents, digest, parts)


def check(conn: Connection, inputs: StageInputs) -> Gate:
    """Fingerprint the inputs now; skip when the stored fingerprint of the last run is the same."""
    before = snapshot(conn, inputs)
    row = conn.execute(
        sa.text("SELECT fingerprint, rows, details FROM stage_input_fingerprints WHERE stage = :s AND partition = :p"),
        {"s": inputs.stage, "p": inputs.partition},
    ).one_or_none()
    if row is None or not inputs.skippable or row.fingerprint != before.fingerprint:
        last = dict((row.details or {}).get("inputs", {})) if row is not None else {}
        changed = [k for k, v in before.parts.items() if last.get(k) != v] if last else ["no earlier run"]
        if not inputs.skippable:
            changed = ["never skipped: " + inputs.stage + " depends on something outside the database"]
        return Gate(inputs, before, skip=False, changed=changed or ["unsealed earlier run"])
    return Gate(inputs, before, skip=True, previous_rows=int(row.rows), previous_details=dict(row.details or {}))


def seal(conn: Connection, gate: Gate, own_xids: set[str]) -> str | None:
    """The fingerprint after the stage's run, or None when someone else wrote what it read while it ran.

    `own_xids`: the transactions the stage committed (`OwnTransactions`); new row versions in its output tables
    must all come from them."""
    after = snapshot(conn, gate.inputs)
    gate.sealed_parts = after.parts
    for scope in gate.inputs.scopes:
        if not scope.writes:
            if after.versions.get(scope.key) != gate.before.versions.get(scope.key):
                return None
            if after.contents.get(scope.key) != gate.before.contents.get(scope.key):
                return None
            continue
        old = {x for x, _ in gate.before.versions[scope.key]}
        if any(x not in old and x not in own_xids for x, _ in after.versions[scope.key]):
            return None
    return after.fingerprint


def save(
    conn: Connection, gate: Gate, fingerprint: str | None, rows: int, details: Mapping[str, Any], run_id: str
) -> None:
    """Store the run's fingerprint and report; a run that could not be sealed stores a fingerprint that never
    matches, so the next run does the work again."""
    conn.execute(
        sa.text(
            """
            INSERT INTO stage_input_fingerprints (stage, partition, fingerprint, code_version, rows, details, run_id)
            VALUES (:s, :p, :f, :c, :n, CAST(:d AS jsonb), :r)
            ON CONFLICT (stage, partition) DO UPDATE SET fingerprint = EXCLUDED.fingerprint,
                code_version = EXCLUDED.code_version, rows = EXCLUDED.rows, details = EXCLUDED.details,
                run_id = EXCLUDED.run_id, updated_at = now()
            """
        ),
        {
            "s": gate.inputs.stage,
            "p": gate.inputs.partition,
            "f": fingerprint or f"unsealed:{run_id}",
            "c": code_version(),
            "n": rows,
            "d": json.dumps({**details, "inputs": gate.sealed_parts}, default=str),
            "r": run_id,
        },
    )


def _scope(inputs: StageInputs, key: str) -> Scope:
    return next(s for s in inputs.scopes if s.key == key)


def _where(scope: Scope) -> str:
    return f" WHERE {scope.where}" if scope.where else ""


def _versions(conn: Connection, scope: Scope, params: Mapping[str, Any]) -> list[tuple[str, int]]:
    # xmin as text: the raw transaction id (freezing keeps it), so the groups are stable until someone writes.
    sql = f"SELECT xmin::text AS x, count(*) AS n FROM {scope.table}{_where(scope)} GROUP BY 1 ORDER BY 1"
    return [(str(x), int(n)) for x, n in conn.execute(sa.text(sql), dict(params)).all()]


def _content_digest(conn: Connection, query: str, params: Mapping[str, Any]) -> str:
    sql = f"SELECT md5(COALESCE(string_agg(md5(t::text), ',' ORDER BY md5(t::text)), '')) FROM ({query}) t"
    return str(conn.execute(sa.text(sql), dict(params)).scalar_one())


def _digest(value: object) -> str:
    return hashlib.sha256(json.dumps(value, sort_keys=True).encode()).hexdigest()[:16]


def _env_digest() -> str:
    pairs = sorted((k, v) for k, v in os.environ.items() if k.startswith("HIREHOUND_") and k not in _IGNORED_ENV)
    return hashlib.sha256(json.dumps(pairs).encode()).hexdigest()

"""An asset's side of "unchanged means free": check before working, replay the last report when skipping, seal after.

The decision (what a stage depends on, when it is unchanged, when a fingerprint may be stored) lives in
`hirehound.pipeline`; this module only turns a stored report back into Dagster metadata and check results.
"""

from __future__ import annotations

from typing import Any

import dagster as dg

from hirehound.pipeline import input_fingerprint
from hirehound.pipeline.input_fingerprint import Gate, StageInputs
from hirehound.pipeline.own_transactions import OwnTransactions
from resources.database import DatabaseResource

_KINDS: dict[str, Any] = {
    "IntMetadataValue": dg.MetadataValue.int,
    "FloatMetadataValue": dg.MetadataValue.float,
    "TextMetadataValue": dg.MetadataValue.text,
    "BoolMetadataValue": dg.MetadataValue.bool,
    "JsonMetadataValue": dg.MetadataValue.json,
    "MarkdownMetadataValue": dg.MetadataValue.md,
}


_RECORDING: dict[str, OwnTransactions] = {}  # stage -> its transactions since `gate`, until `finish`


def gate(database: DatabaseResource, inputs: StageInputs) -> Gate:
    with database.begin() as conn:
        found = input_fingerprint.check(conn, inputs)
    if not found.skip:
        if inputs.stage in _RECORDING:  # an earlier run of the stage in this process failed before `finish`
            _RECORDING.pop(inputs.stage).close()
        _RECORDING[inputs.stage] = OwnTransactions(database.engine())
    return found


def replay(context: dg.AssetExecutionContext, gate: Gate) -> dg.MaterializeResult:
    """The last run's metadata and check results, marked as skipped: the tables are as that run left them."""
    context.log.info(f"inputs of {gate.inputs.stage} [{gate.inputs.partition}] unchanged since the last run: skipped")
    details = gate.previous_details
    metadata = {k: _value(v) for k, v in details.get("metadata", {}).items()}
    checks = [
        dg.AssetCheckResult(
            check_name=c["name"],
            passed=c["passed"],
            severity=dg.AssetCheckSeverity(c["severity"]),
            metadata={k: _value(v) for k, v in c["metadata"].items()},
            description=c.get("description"),
        )
        for c in details.get("checks", [])
    ]
    metadata["skipped_unchanged"] = dg.MetadataValue.bool(True)
    return dg.MaterializeResult(metadata=metadata, check_results=checks)


def finish(
    context: dg.AssetExecutionContext,
    database: DatabaseResource,
    gate: Gate,
    result: dg.MaterializeResult,
    rows: int,
) -> dg.MaterializeResult:
    """Store the fingerprint of what this run saw with its report; the result gains `skipped_unchanged: False`."""
    details = {
        "metadata": {k: _stored(v) for k, v in (result.metadata or {}).items()},
        "checks": [
            {
                "name": c.check_name,
                "passed": c.passed,
                "severity": c.severity.value,
                "metadata": {k: _stored(v) for k, v in c.metadata.items()},
                "description": c.description,
            }
            for c in result.check_results or []
        ],
    }
    own = _RECORDING.pop(gate.inputs.stage)
    own.close()
    with database.begin() as conn:
        fingerprint = input_fingerprint.seal(conn, gate, own.xids)
        input_fingerprint.save(conn, gate, fingerprint, rows, details, context.run_id)
    if fingerprint is None:
        context.log.info("inputs changed while the stage ran: the next run will not skip")
    metadata = {
        **(result.metadata or {}),
        "skipped_unchanged": dg.MetadataValue.bool(False),
        "changed_inputs": dg.MetadataValue.json(gate.changed),
    }
    return dg.MaterializeResult(metadata=metadata, check_results=result.check_results)


def _stored(value: Any) -> dict[str, Any]:
    kind = type(value).__name__
    if kind in _KINDS:
        return {"kind": kind, "value": value.value}
    if isinstance(value, bool):
        return {"kind": "BoolMetadataValue", "value": value}
    if isinstance(value, int):
        return {"kind": "IntMetadataValue", "value": value}
    if isinstance(value, float):
        return {"kind": "FloatMetadataValue", "value": value}
    if isinstance(value, (dict, list)):
        return {"kind": "JsonMetadataValue", "value": value}
    return {"kind": "TextMetadataValue", "value": str(value)}


def _value(stored: dict[str, Any]) -> Any:
    return _KINDS[stored["kind"]](stored["value"])

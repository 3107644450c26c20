"""Trained spam models in PostgreSQL (`spam_models`): one row per version, the newest activated one in use.

A version is a hash of the training examples and the feature code, so training twice on the same labels updates
one row (and re-activates it) instead of piling up copies. `model_bytes` holds the model as JSON data
(model_format.py); a row in any other format (an old joblib dump, a pickle someone inserted) is refused with
UntrustedModel, never unpickled.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from hirehound.spam.classifier import FEATURE_VERSION, TrainedModel
from hirehound.spam.model_format import LinearSpamModel, UntrustedModel, load_model_bytes


@dataclass(frozen=True)
class StoredModel:
    version: str
    threshold: float
    metrics: dict[str, Any]
    trained_from: str
    examples: int
    spam_examples: int
    model: LinearSpamModel


def save_model(conn: Connection, model: TrainedModel, trained_from: str, run_id: str | None = None) -> None:
    """Store (or re-activate) a model version; it becomes the one spam_scores uses."""
    conn.execute(
        sa.text(
            """
            INSERT INTO spam_models (model_version, feature_version, trained_from, examples, spam_examples,
                                     threshold, metrics, model_bytes, trained_at, activated_at, run_id)
            VALUES (:v, :fv, :src, :n, :spam, :t, CAST(:m AS jsonb), :b, now(), clock_timestamp(), :run)
            ON CONFLICT (model_version) DO UPDATE SET
                trained_from = EXCLUDED.trained_from, threshold = EXCLUDED.threshold, metrics = EXCLUDED.metrics,
                model_bytes = EXCLUDED.model_bytes, activated_at = EXCLUDED.activated_at, run_id = EXCLUDED.run_id
            """
        ),
        {
            "v": model.version,
            "fv": FEATURE_VERSION,
            "src": trained_from,
            "n": model.examples,
            "spam": model.spam_examples,
            "t": model.threshold,
            "m": json.dumps(model.metrics),
            "b": model.to_bytes(),
            "run": run_id,
        },
    )


def active_model(conn: Connection) -> StoredModel | None:
    """The newest activated model of the current feature version, or None (rules only).

    Raises UntrustedModel, naming the row, when its bytes are not the JSON data format."""
    row = conn.execute(
        sa.text(
            "SELECT model_version, threshold, metrics, trained_from, examples, spam_examples, model_bytes "
            "FROM spam_models WHERE feature_version = :fv ORDER BY activated_at DESC, model_version LIMIT 1"
        ),
        {"fv": FEATURE_VERSION},
    ).first()
    if row is None:
        return None
    try:
        model = load_model_bytes(bytes(row.model_bytes))
    except UntrustedModel as exc:
        raise UntrustedModel(
            f"spam_models row {row.model_version!r} refused: {exc}. Retrain with `hirehound spam train` "
            "(or materialize spam_model) to store a model in the safe format."
        ) from exc
    return StoredModel(
        row.model_version, float(row.threshold), dict(row.metrics), row.trained_from, row.examples,
        row.spam_examples, model,
    )  # fmt: skip


def outdated_versions(conn: Connection) -> list[str]:
    """Feature versions of stored models the current code cannot use (retrain to replace them)."""
    rows = conn.execute(
        sa.text("SELECT DISTINCT feature_version FROM spam_models WHERE feature_version <> :fv ORDER BY 1"),
        {"fv": FEATURE_VERSION},
    )
    return [r[0] for r in rows]

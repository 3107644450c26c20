"""Spam model: the scikit-learn classifier spam_scores uses, trained from labelled postings and stored versioned.

Labels come from a CSV (`labels_csv`: a label column `is_spam`/`fraudulent` and either the posting text or a
posting_id) or from the demo generator's ground truth (`ground_truth` + `landing`); `hirehound spam train` does
the same from the command line. Without labels the materialization reports the model in use (or none: rules
only). Metrics are the fraud class's out-of-fold precision, recall and F1, never accuracy.
"""

import time

import dagster as dg

from hirehound.config import landing_dir
from hirehound.spam.classifier import train
from hirehound.spam.model_format import UntrustedModel
from hirehound.spam.store import active_model, save_model
from hirehound.spam.training import Examples, examples_from_demo, examples_from_labels_csv
from hirehound_assets.queues import queue_tags
from resources.database import DatabaseResource


class SpamModelConfig(dg.Config):
    labels_csv: str | None = None
    ground_truth: str | None = None
    landing: str | None = None


@dg.asset(
    group_name="models",
    op_tags=queue_tags("maintenance"),
    kinds={"python", "postgres", "scikitlearn"},
    pool="postgres",
    description=__doc__,
)
def spam_model(
    context: dg.AssetExecutionContext, config: SpamModelConfig, database: DatabaseResource
) -> dg.MaterializeResult:
    started = time.perf_counter()
    examples: Examples | None = None
    with database.begin() as conn:
        if config.labels_csv:
            examples = examples_from_labels_csv(config.labels_csv, conn)
        elif config.ground_truth:
            examples = examples_from_demo(config.ground_truth, config.landing or landing_dir(), conn)
    if examples is not None:
        context.log.info(f"training on {len(examples.labels)} postings ({examples.spam} spam) from {examples.source}")
        model = train(examples.facts, examples.labels)
        with database.begin() as conn:
            save_model(conn, model, examples.source, context.run_id)
    with database.begin() as conn:
        try:
            current = active_model(conn)
        except UntrustedModel as exc:
            context.log.warning(str(exc))
            return dg.MaterializeResult(
                metadata={
                    "model_version": "refused (not the safe data format): rules only",
                    "trained": False,
                    "refused": str(exc),
                }
            )
    if current is None:
        return dg.MaterializeResult(
            metadata={
                "model_version": "none (rules only)",
                "trained": False,
            }
        )
    m = current.metrics
    return dg.MaterializeResult(
        metadata={
            "model_version": current.version,
            "trained": examples is not None,
            "trained_from": current.trained_from,
            "examples": current.examples,
            "spam_examples": current.spam_examples,
            "threshold": current.threshold,
            "fraud_precision": round(float(m["precision"]), 4),
            "fraud_recall": round(float(m["recall"]), 4),
            "fraud_f1": round(float(m["f1"]), 4),
            "skipped_labels": examples.skipped if examples else 0,
            "seconds": round(time.perf_counter() - started, 3),
        }
    )

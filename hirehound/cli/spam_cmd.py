"""`hirehound spam train`: train the spam classifier from labels and make it the model spam_scores uses."""

from __future__ import annotations

from pathlib import Path

import typer

from hirehound.cli.errors import friendly_errors, usage_error

app = typer.Typer(help="Spam and fraud detection: train the classifier from labelled postings.", no_args_is_help=True)


@app.command()
def train(
    labels: Path | None = typer.Argument(
        None, help="Labels CSV: is_spam (or fraudulent) plus title/description columns, or a posting_id column."
    ),
    from_demo: Path | None = typer.Option(None, "--from-demo", help="Train from a demo ground-truth JSONL instead."),
    landing: Path | None = typer.Option(
        None, "--landing", help="Demo landing zone, for postings not in the database (default HIREHOUND_LANDING_DIR)."
    ),
) -> None:
    """Train on LABELS.csv (or --from-demo GROUND_TRUTH), store the model versioned in the database, report
    the fraud class's cross-validated precision, recall and F1."""
    from rich.console import Console
    from rich.table import Table

    from hirehound.config import landing_dir
    from hirehound.db.engine import get_engine
    from hirehound.spam.classifier import train as train_model
    from hirehound.spam.store import save_model
    from hirehound.spam.training import examples_from_demo, examples_from_labels_csv

    if (labels is None) == (from_demo is None):
        raise typer.BadParameter("give either LABELS.csv or --from-demo GROUND_TRUTH")
    console = Console()
    with friendly_errors():
        engine = get_engine()
        try:
            with engine.begin() as conn:
                if labels is not None:
                    examples = examples_from_labels_csv(labels, conn)
                else:
                    assert from_demo is not None
                    examples = examples_from_demo(from_demo, landing or Path(landing_dir()), conn)
            console.print(f"training on {len(examples.labels)} postings ({examples.spam} spam) from {examples.source}")
            model = train_model(examples.facts, examples.labels)
        except (ValueError, FileNotFoundError) as exc:
            raise usage_error(str(exc)) from exc
        with engine.begin() as conn:
            save_model(conn, model, examples.source)
    m = model.metrics
    table = Table(title=f"spam model {model.version} (fraud class, {m['folds']}-fold out-of-fold)")
    for col in ("precision", "recall", "F1", "threshold", "examples", "spam", "skipped"):
        table.add_column(col)
    table.add_row(
        f"{m['precision']:.3f}", f"{m['recall']:.3f}", f"{m['f1']:.3f}", f"{model.threshold:.2f}",
        str(model.examples), str(model.spam_examples), str(examples.skipped),
    )  # fmt: skip
    console.print(table)
    console.print("stored and activated; the next spam_scores run uses it.")

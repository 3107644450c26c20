"""The trainable spam classifier: words of the posting plus its red flags, logistic regression, fraud-class metrics.

Features are TF-IDF word 1-2 grams of title, employer and description, and one column per red flag (rules.py),
so the model learns how much each flag matters in the user's data. Classes are weighted by their frequency
(fraud is about 5% of real ads). The decision threshold is the one with the best fraud-class F1 on out-of-fold
predictions, and the reported metrics are those out-of-fold fraud-class precision, recall and F1 (never
accuracy, which a model that flags nothing scores 95% on). The fitted model is kept as plain data
(model_format.LinearSpamModel), never as a pickle.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

# scikit-learn and scipy are imported where a model is trained: importing them costs over a second, and every
# Dagster step process imports this module through the code location (scoring needs neither).
if TYPE_CHECKING:
    from scipy import sparse
    from sklearn.pipeline import Pipeline

from hirehound.evaluation.classification import at_base_rate, binary_scores
from hirehound.quality.facts import PostingFacts
from hirehound.spam.employer import employer_blind_sources
from hirehound.spam.model_format import LinearSpamModel
from hirehound.spam.rules import FLAG_NAMES, red_flags

# v2: the red flags of rules v2 (pay bait, messengers, detail bundles) and models stored as JSON data.
FEATURE_VERSION = "spam-features-v2"


@dataclass(frozen=True)
class TrainedModel:
    version: str
    model: LinearSpamModel
    threshold: float
    metrics: dict[str, Any]
    examples: int
    spam_examples: int

    def probabilities(self, facts: Sequence[PostingFacts]) -> list[float]:
        if not facts:
            return []
        return score_facts(self.model, facts)

    def to_bytes(self) -> bytes:
        return self.model.to_bytes()


def score_facts(
    model: LinearSpamModel, facts: Sequence[PostingFacts], flags: Sequence[set[str]] | None = None
) -> list[float]:
    """Fraud probability per posting."""
    rows = to_features(facts, flags)
    return [float(p) for p in model.probabilities(_texts(rows), [r["flags"] for r in rows])]


def to_features(facts: Sequence[PostingFacts], flags: Sequence[set[str]] | None = None) -> list[dict[str, Any]]:
    """Model inputs; `flags` (the red-flag names per posting) when the caller already has them."""
    if flags is None:
        blind = employer_blind_sources(facts)
        flags = [{r.flag for r in red_flags(f, blind)} for f in facts]
    names = flags
    return [
        {"text": f"{f.title}\n{f.company or ''}\n{f.description}", "flags": fl}
        for f, fl in zip(facts, names, strict=True)
    ]


def _texts(rows: list[dict[str, Any]]) -> list[str]:
    return [r["text"] for r in rows]


def _flags(rows: list[dict[str, Any]]) -> sparse.csr_matrix:
    from scipy import sparse

    return sparse.csr_matrix([[1.0 if name in r["flags"] else 0.0 for name in FLAG_NAMES] for r in rows])


def build_pipeline() -> Pipeline:
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import FeatureUnion, Pipeline
    from sklearn.preprocessing import FunctionTransformer

    text = Pipeline(
        [
            ("pick", FunctionTransformer(_texts)),
            ("tfidf", TfidfVectorizer(ngram_range=(1, 2), min_df=2, max_features=50_000, sublinear_tf=True)),
        ]
    )
    features = FeatureUnion([("text", text), ("flags", FunctionTransformer(_flags))])
    model = LogisticRegression(class_weight="balanced", C=4.0, max_iter=2000, random_state=0)
    return Pipeline([("features", features), ("model", model)])


def model_version(facts: Sequence[PostingFacts], labels: Sequence[bool]) -> str:
    """A hash of the training examples and the feature code: the same labels give the same version."""
    digest = hashlib.sha256(FEATURE_VERSION.encode())
    for f, y in sorted(zip(facts, labels, strict=True), key=lambda p: p[0].posting_id):
        digest.update(f"{f.posting_id}\t{int(y)}\t{f.title}\t{f.company}\t{f.description}\n".encode())
    return digest.hexdigest()[:16]


def as_data(pipeline: Pipeline) -> LinearSpamModel:
    """The fitted pipeline's vocabulary, idf and coefficients, as the storable data model."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression

    text = pipeline.named_steps["features"].transformer_list[0][1]
    tfidf: TfidfVectorizer = text.named_steps["tfidf"]
    lr: LogisticRegression = pipeline.named_steps["model"]
    return LinearSpamModel(
        vocabulary={str(t): int(i) for t, i in tfidf.vocabulary_.items()},
        idf=np.asarray(tfidf.idf_, dtype=np.float64),
        ngram_range=(int(tfidf.ngram_range[0]), int(tfidf.ngram_range[1])),
        sublinear_tf=bool(tfidf.sublinear_tf),
        flag_names=FLAG_NAMES,
        coef=np.asarray(lr.coef_[0], dtype=np.float64),
        intercept=float(lr.intercept_[0]),
    )


def _f1_at(predicted: np.ndarray, y: np.ndarray, base_rate: float | None) -> float:
    """Fraud-class F1 of a cut, on the examples as they are or re-weighted to a fraud share of `base_rate`."""
    s = binary_scores(dict(enumerate(predicted)), dict(enumerate(y)))
    if base_rate is None:
        return s.f1
    recall = s.true_positives / max(1, s.true_positives + s.false_negatives)
    fpr = s.false_positives / max(1, s.false_positives + s.true_negatives)
    return at_base_rate(recall, fpr, base_rate)[1]


def train(
    facts: Sequence[PostingFacts], labels: Sequence[bool], folds: int = 5, base_rate: float | None = None
) -> TrainedModel:
    """Fit on every example; threshold and metrics from stratified out-of-fold predictions.

    `base_rate`: when the examples were sampled by class (a fraud share unlike the real one), the threshold is
    the one with the best F1 at the real fraud share, so the model does not flag too much in production."""
    from sklearn.model_selection import StratifiedKFold, cross_val_predict

    y = np.asarray(labels, dtype=bool)
    spam = int(y.sum())
    if spam < 2 or spam == len(y):
        raise ValueError(f"need at least 2 spam and 1 legitimate example to train (got {spam} of {len(y)})")
    x = to_features(facts)
    folds = max(2, min(folds, spam, len(y) - spam))
    cv = StratifiedKFold(n_splits=folds, shuffle=True, random_state=0)
    oof = cross_val_predict(build_pipeline(), x, y, cv=cv, method="predict_proba")[:, 1]
    grid = [float(t) for t in np.linspace(0.05, 0.99, 95)]
    f1s = [_f1_at(oof >= t, y, base_rate) for t in grid]
    best = max(f1s)
    # The middle of the best plateau: the cut least sensitive to small shifts in the scores.
    plateau = [t for t, f in zip(grid, f1s, strict=True) if f >= best - 1e-9]
    threshold = plateau[len(plateau) // 2]
    scores = binary_scores(dict(enumerate(oof >= threshold)), dict(enumerate(y)))
    metrics = {**asdict(scores), "folds": folds, "threshold": round(threshold, 3)}
    model = as_data(build_pipeline().fit(x, y))
    return TrainedModel(model_version(facts, labels), model, round(threshold, 3), metrics, len(y), spam)

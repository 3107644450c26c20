"""A trained spam model as plain data: vocabulary, idf weights and logistic-regression coefficients in JSON.

A stored model must never be able to run code. Pickle (and joblib) bytes execute whatever the writer put in them
on load, so anyone who could insert a `spam_models` row could run code in the pipeline. This format holds only
strings and numbers; loading parses JSON, checks every field's type and size, and rebuilds the word vectorizer
with a fixed vocabulary. Bytes in any other format (a pickle, a joblib dump, JSON of another shape) are refused
with UntrustedModel and never deserialized.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:
    from sklearn.feature_extraction.text import TfidfVectorizer

FORMAT = "hirehound-spam-logreg"
FORMAT_VERSION = 1
MAX_BYTES = 64 * 1024 * 1024
MAX_TERMS = 500_000


class UntrustedModel(ValueError):
    """Stored model bytes that are not this format: refused, never loaded."""


@dataclass(frozen=True)
class LinearSpamModel:
    """TF-IDF of the posting text plus one column per red flag, scored by logistic regression."""

    vocabulary: dict[str, int]
    idf: np.ndarray
    ngram_range: tuple[int, int]
    sublinear_tf: bool
    flag_names: tuple[str, ...]
    coef: np.ndarray  # len(vocabulary) + len(flag_names)
    intercept: float

    def _vectorizer(self) -> TfidfVectorizer:
        # Imported here: scikit-learn costs over a second to import, and the code location imports this module.
        from sklearn.feature_extraction.text import TfidfVectorizer

        vec = TfidfVectorizer(ngram_range=self.ngram_range, sublinear_tf=self.sublinear_tf, vocabulary=self.vocabulary)
        vec.idf_ = self.idf
        return vec

    def probabilities(self, texts: list[str], flags: list[set[str]]) -> np.ndarray:
        if not texts:
            return np.zeros(0)
        from scipy import sparse

        words = self._vectorizer().transform(texts)
        marks = sparse.csr_matrix([[1.0 if n in fl else 0.0 for n in self.flag_names] for fl in flags])
        z = sparse.hstack([words, marks]).tocsr() @ self.coef + self.intercept
        return np.asarray(1.0 / (1.0 + np.exp(-z)))

    def to_bytes(self) -> bytes:
        payload = {
            "format": FORMAT,
            "format_version": FORMAT_VERSION,
            "ngram_range": list(self.ngram_range),
            "sublinear_tf": self.sublinear_tf,
            "vocabulary": sorted(self.vocabulary, key=self.vocabulary.__getitem__),
            "idf": [float(x) for x in self.idf],
            "flag_names": list(self.flag_names),
            "coef": [float(x) for x in self.coef],
            "intercept": float(self.intercept),
        }
        return json.dumps(payload, separators=(",", ":")).encode()


def _numbers(value: Any, length: int, name: str) -> np.ndarray:
    if not isinstance(value, list) or len(value) != length:
        raise UntrustedModel(f"field {name!r} must be a list of {length} numbers")
    if not all(isinstance(x, int | float) and not isinstance(x, bool) and math.isfinite(x) for x in value):
        raise UntrustedModel(f"field {name!r} holds something other than finite numbers")
    return np.asarray(value, dtype=np.float64)


def load_model_bytes(data: bytes) -> LinearSpamModel:
    """Parse stored model bytes, refusing anything that is not this JSON format (no pickle is ever loaded)."""
    if len(data) > MAX_BYTES:
        raise UntrustedModel(f"model is {len(data):,} bytes, over the {MAX_BYTES:,}-byte limit")
    if data.lstrip()[:1] != b"{":
        kind = "a pickle/joblib dump" if data[:1] in (b"\x80", b"x", b"\x1f") else "not JSON"
        raise UntrustedModel(f"model bytes are {kind}, not a {FORMAT} JSON model: refused, not loaded")
    try:
        payload = json.loads(data)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise UntrustedModel(f"model bytes are not valid JSON: {exc}") from exc
    if not isinstance(payload, dict) or payload.get("format") != FORMAT:
        raise UntrustedModel(f"model JSON is not the {FORMAT} format")
    if payload.get("format_version") != FORMAT_VERSION:
        raise UntrustedModel(f"unsupported {FORMAT} version {payload.get('format_version')!r}")
    terms, flags = payload.get("vocabulary"), payload.get("flag_names")
    if not isinstance(terms, list) or len(terms) > MAX_TERMS or not all(isinstance(t, str) for t in terms):
        raise UntrustedModel("field 'vocabulary' must be a list of at most 500,000 strings")
    if len(set(terms)) != len(terms):
        raise UntrustedModel("field 'vocabulary' repeats a term")
    if not isinstance(flags, list) or not all(isinstance(t, str) for t in flags):
        raise UntrustedModel("field 'flag_names' must be a list of strings")
    ngrams = payload.get("ngram_range")
    if not (isinstance(ngrams, list) and len(ngrams) == 2 and all(isinstance(n, int) and 1 <= n <= 5 for n in ngrams)):
        raise UntrustedModel("field 'ngram_range' must be two integers from 1 to 5")
    if not isinstance(payload.get("sublinear_tf"), bool):
        raise UntrustedModel("field 'sublinear_tf' must be true or false")
    return LinearSpamModel(
        vocabulary={t: i for i, t in enumerate(terms)},
        idf=_numbers(payload.get("idf"), len(terms), "idf"),
        ngram_range=(ngrams[0], ngrams[1]),
        sublinear_tf=payload["sublinear_tf"],
        flag_names=tuple(flags),
        coef=_numbers(payload.get("coef"), len(terms) + len(flags), "coef"),
        intercept=float(_numbers([payload.get("intercept")], 1, "intercept")[0]),
    )

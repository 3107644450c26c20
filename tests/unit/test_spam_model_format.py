"""Stored spam models are data, never code: a pickle (or anything not the JSON format) is refused unexecuted."""

from __future__ import annotations

import json
import pickle
from pathlib import Path

import pytest

from hirehound.spam.model_format import UntrustedModel, load_model_bytes


class _Probe:
    """A pickle that, when loaded, creates a marker file: the classic code-execution payload, made harmless."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[object, tuple[Path]]:
        return (Path.touch, (self.marker,))


def malicious_pickle(marker: Path) -> bytes:
    return pickle.dumps(_Probe(marker))


def test_pickle_bytes_are_refused_and_not_executed(tmp_path: Path) -> None:
    marker = tmp_path / "executed"
    data = malicious_pickle(marker)
    pickle.loads(data)  # the probe does run when unpickled: proof that it is a real payload
    assert marker.exists()
    marker.unlink()
    with pytest.raises(UntrustedModel, match="pickle"):
        load_model_bytes(data)
    assert not marker.exists()


@pytest.mark.parametrize(
    ("payload", "message"),
    [
        (b"not json at all", "not JSON"),
        (b"{broken", "not valid JSON"),
        (json.dumps({"format": "something-else"}).encode(), "format"),
        (json.dumps({"format": "hirehound-spam-logreg", "format_version": 99}).encode(), "version"),
    ],
)
def test_other_shapes_are_refused_with_a_clear_error(payload: bytes, message: str) -> None:
    with pytest.raises(UntrustedModel, match=message):
        load_model_bytes(payload)


def test_fields_are_type_checked() -> None:
    good = {
        "format": "hirehound-spam-logreg", "format_version": 1, "ngram_range": [1, 2], "sublinear_tf": True,
        "vocabulary": ["pay", "fee"], "idf": [1.0, 2.0], "flag_names": ["fee_request"], "coef": [0.1, 0.2, 0.3],
        "intercept": -1.0,
    }  # fmt: skip
    model = load_model_bytes(json.dumps(good).encode())
    assert model.probabilities(["pay the fee"], [{"fee_request"}])[0] > model.probabilities(["hello"], [set()])[0]
    for field, bad in (("coef", [0.1, "x", 0.3]), ("idf", [1.0]), ("vocabulary", ["pay", "pay"]), ("intercept", None)):
        with pytest.raises(UntrustedModel, match=field):
            load_model_bytes(json.dumps({**good, field: bad}).encode())

"""int8 with activations scaled per token: batched, yet a text's vector does not depend on its batch companions."""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import TYPE_CHECKING

import numpy as np
import pytest

from hirehound.embeddings.encoder import EncoderSettings, default_model_path, encode

if TYPE_CHECKING:
    from hirehound.embeddings.onnx_backend import OnnxEncoder

TEXTS = [
    "Senior data engineer, remote. Build Spark and Airflow pipelines for our analytics platform.",
    "Registered nurse for the night shift in a busy emergency department; valid licence required.",
    "Welder",
    "Kundenberater (m/w/d) im Außendienst, Vollzeit, Firmenwagen und 30 Tage Urlaub. " * 12,
    "Warehouse associate: pick, pack and ship orders. Forklift licence a plus. Weekly pay, $18-21/hour.",
]
# Float rounding only: the int8 MatMuls sum exactly in int32, and the fp32 kernels (attention, LayerNorm, pooling)
# may block their sums differently for another batch shape, a few float32 ulps of a unit vector's components
# (measured 1.2e-7). Per-tensor dynamic scales moved components by up to 3e-2 with the batch.
BATCH_TOLERANCE = 1e-6


@pytest.fixture(scope="module")
def rowwise(tmp_path_factory: pytest.TempPathFactory) -> Iterator[OnnxEncoder]:
    pytest.importorskip("onnxruntime")
    from hirehound.embeddings.onnx_backend import OnnxEncoder

    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    home = tmp_path_factory.mktemp("rowwise_home")
    saved = os.environ.get("HIREHOUND_HOME")
    os.environ["HIREHOUND_HOME"] = str(home)  # export, quantize and rewrite from scratch, as a fresh install does
    try:
        yield OnnxEncoder.load(default_model_path(), 256, quantized=True, rowwise=True)
    finally:
        if saved is None:
            os.environ.pop("HIREHOUND_HOME", None)
        else:
            os.environ["HIREHOUND_HOME"] = saved


def test_a_vector_does_not_depend_on_its_batch(rowwise: OnnxEncoder) -> None:
    encoder = rowwise
    alone = np.stack([encoder.encode([t])[0] for t in TEXTS])
    # One padded batch of mixed lengths (3 words to a truncated 256 tokens), in another order.
    order = [3, 2, 0, 4, 1]
    mixed = encoder.encode([TEXTS[i] for i in order], batch_size=32)
    together = np.zeros_like(alone)
    together[order] = mixed
    assert float(np.abs(alone - together).max()) <= BATCH_TOLERANCE


def test_rowwise_vectors_agree_with_torch(rowwise: OnnxEncoder) -> None:
    got = rowwise.encode(TEXTS, batch_size=2)
    got = got / np.linalg.norm(got, axis=1, keepdims=True)
    ref = encode(EncoderSettings(model_path=default_model_path(), backend="torch"), TEXTS)
    cosine = (got * ref).sum(axis=1)
    assert cosine.mean() >= 0.99 and cosine.min() >= 0.98, cosine  # measured 0.997 / 0.995 on real postings
    assert float(got[0] @ got[2]) < 0.9  # different texts stay different


def test_the_graph_quantizes_per_row_not_per_tensor(rowwise: OnnxEncoder) -> None:
    import onnx

    from hirehound.embeddings.onnx_backend import onnx_model_file

    graph = onnx.load(str(onnx_model_file(default_model_path(), 256, quantized=True, rowwise=True))).graph
    ops = [node.op_type for node in graph.node]
    assert "DynamicQuantizeLinear" not in ops and ops.count("MatMulIntegerToFloat") == 36
    assert "MatMulInteger" not in ops and "Round" not in ops  # fused: no unfused integer chain left
    assert ops.count("ReduceMax") == 24  # one range per quantized activation, reduced over the last axis only


def test_rowwise_has_its_own_vector_space_and_refuses_other_graphs() -> None:
    from onnx import TensorProto, helper

    from hirehound.embeddings.rowwise_int8 import rowwise_activations

    path = default_model_path()
    ids = {EncoderSettings(model_path=path, backend=b).model_id for b in ("onnx", "onnx-int8", "onnx-int8-rows")}
    assert len(ids) == 3  # the embedding cache never mixes their vectors
    x = helper.make_tensor_value_info("x", TensorProto.FLOAT, [1, 4])
    plain = helper.make_model(helper.make_graph([helper.make_node("Relu", ["x"], ["y"])], "g", [x], [x]))
    with pytest.raises(ValueError, match="not a dynamically quantized graph"):
        rowwise_activations(plain)


def test_batches_run_at_once_give_the_vectors_of_batches_run_in_turn(rowwise: OnnxEncoder) -> None:
    texts = [f"{t} ({i})" for i in range(6) for t in TEXTS]  # 30 texts, 8 batches of 4
    saved = rowwise.runs
    try:
        rowwise.runs = 1
        in_turn = rowwise.encode(texts, batch_size=4)
        rowwise.runs = 3  # more runs than cores is allowed, only slower
        at_once = rowwise.encode(texts, batch_size=4)
    finally:
        rowwise.runs = saved
    assert np.array_equal(in_turn, at_once)  # bit for bit: one thread per run, no shared sums

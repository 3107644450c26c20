"""int8 activations scaled per token, so a text's vector never depends on the texts batched with it.

ONNX Runtime's dynamic quantization (`DynamicQuantizeLinear`) scales a MatMul's whole input tensor by its overall
range: in a batch, the loudest token of any text sets the step size for every text, and a vector moved by up to
0.03 with its companions. That is why the int8 backend ran one text per call. Here every such node is replaced by
the same quantization done per row (one token's 384 or 1,536 activations): scale = max |x| / 127, uint8 with
zero point 128, so each token's int8 values, and the integer MatMul that follows (exact int32 sums), depend on
that token alone. A finer scale is also more accurate than one per tensor.
"""

from __future__ import annotations

from typing import Any

import numpy as np

ZERO_POINT = 128
LEVELS = 127.0  # symmetric: -127..127 around the zero point, so 0.0 stays exactly 0
MIN_RANGE = 1e-8  # an all-zero row keeps a finite scale


def rowwise_activations(model: Any) -> Any:
    """The quantized graph with every DynamicQuantizeLinear replaced by per-row quantization (in place)."""
    import onnx
    from onnx import TensorProto, helper, numpy_helper

    graph = model.graph
    if not any(node.op_type == "DynamicQuantizeLinear" for node in graph.node):
        raise ValueError("the graph has no DynamicQuantizeLinear node: it is not a dynamically quantized graph")
    opset = next((o.version for o in model.opset_import if o.domain in ("", "ai.onnx")), 17)
    constants: dict[str, np.ndarray] = {
        "rowq_levels": np.array(LEVELS, dtype=np.float32),
        "rowq_min_range": np.array(MIN_RANGE, dtype=np.float32),
        "rowq_zero_point_f": np.array(float(ZERO_POINT), dtype=np.float32),
        "rowq_low": np.array(0.0, dtype=np.float32),
        "rowq_high": np.array(255.0, dtype=np.float32),
        "rowq_zero_point": np.array(ZERO_POINT, dtype=np.uint8),
        "rowq_one": np.array(1.0, dtype=np.float32),
    }
    if opset >= 18:  # ReduceMax takes its axes as an input from opset 18, as an attribute before
        constants["rowq_last_axis"] = np.array([-1], dtype=np.int64)
    graph.initializer.extend(numpy_helper.from_array(v, name=k) for k, v in constants.items())
    nodes: list[Any] = []
    row_scales: dict[str, str] = {}  # quantized activation -> its per-row scale
    for node in graph.node:
        if node.op_type != "DynamicQuantizeLinear":
            nodes.append(node)
            continue
        x = node.input[0]
        q, scale, zero_point = node.output
        p = f"{node.name or x}_rowq"
        if opset >= 18:
            reduce = helper.make_node(
                "ReduceMax", [f"{p}_abs", "rowq_last_axis"], [f"{p}_range"], name=f"{p}_max", keepdims=1
            )
        else:
            reduce = helper.make_node("ReduceMax", [f"{p}_abs"], [f"{p}_range"], name=f"{p}_max", axes=[-1], keepdims=1)
        nodes += [
            helper.make_node("Abs", [x], [f"{p}_abs"], name=f"{p}_absn"),
            reduce,
            helper.make_node("Max", [f"{p}_range", "rowq_min_range"], [f"{p}_safe"], name=f"{p}_safen"),
            helper.make_node("Div", [f"{p}_safe", "rowq_levels"], [f"{p}_rowscale"], name=f"{p}_scalen"),
            helper.make_node("Div", [x, f"{p}_rowscale"], [f"{p}_steps"], name=f"{p}_div"),
            helper.make_node("Round", [f"{p}_steps"], [f"{p}_round"], name=f"{p}_roundn"),
            helper.make_node("Add", [f"{p}_round", "rowq_zero_point_f"], [f"{p}_shift"], name=f"{p}_shiftn"),
            helper.make_node("Clip", [f"{p}_shift", "rowq_low", "rowq_high"], [f"{p}_clip"], name=f"{p}_clipn"),
            helper.make_node("Cast", [f"{p}_clip"], [q], name=f"{p}_cast", to=TensorProto.UINT8),
            helper.make_node("Identity", ["rowq_zero_point"], [zero_point], name=f"{p}_zp"),
            # The graph's own dequantization keeps a scalar input scale of 1 (the form ONNX Runtime fuses into
            # MatMulIntegerToFloat, which mishandles a per-row scale); the row scale is applied after it.
            helper.make_node("Identity", ["rowq_one"], [scale], name=f"{p}_one"),
        ]
        row_scales[q] = f"{p}_rowscale"
    del graph.node[:]
    graph.node.extend(_rescale_outputs(nodes, row_scales))
    # Shapes inferred for the old scale outputs (scalars) would now be wrong: let the runtime infer them again.
    kept = [v for v in graph.value_info if not v.name.endswith(("_scale", "_zero_point"))]
    del graph.value_info[:]
    graph.value_info.extend(kept)
    onnx.checker.check_model(model)
    return model


def _rescale_outputs(nodes: list[Any], row_scales: dict[str, str]) -> list[Any]:
    """After each MatMulInteger -> Cast -> Mul(weight scale) chain on a per-row input, multiply by the row scale."""
    from onnx import helper

    consumers: dict[str, list[Any]] = {}
    for node in nodes:
        for name in node.input:
            consumers.setdefault(name, []).append(node)
    after: dict[int, Any] = {}  # id of the dequantizing Mul -> the node to insert after it
    for node in nodes:
        if node.op_type != "MatMulInteger" or node.input[0] not in row_scales:
            continue
        cast = _only(consumers.get(node.output[0], []), "Cast", node.name)
        mul = _only(consumers.get(cast.output[0], []), "Mul", node.name)
        unscaled = f"{mul.output[0]}_rowq_unscaled"
        rescale = helper.make_node(
            "Mul", [unscaled, row_scales[node.input[0]]], [mul.output[0]], name=f"{mul.name}_rowq_rescale"
        )
        mul.output[0] = unscaled
        after[id(mul)] = rescale
    out: list[Any] = []
    for node in nodes:
        out.append(node)
        if id(node) in after:
            out.append(after[id(node)])
    return out


def _only(nodes: list[Any], op_type: str, where: str) -> Any:
    if len(nodes) != 1 or nodes[0].op_type != op_type:
        raise ValueError(f"unexpected dequantization after {where}: {[n.op_type for n in nodes]} (expected {op_type})")
    return nodes[0]

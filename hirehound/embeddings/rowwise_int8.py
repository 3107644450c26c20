"""int8 activations scaled per token, so a text's vector never depends on the texts batched with it.

ONNX Runtime's dynamic quantization (`DynamicQuantizeLinear`) scales a MatMul's whole input tensor by its overall
range: in a batch, the loudest token of any text sets the step size for every text, and a vector moved by up to
0.03 with its companions. That is why the int8 backend ran one text per call. Here every such node is replaced by
the same quantization done per row (one token's 384 or 1,536 activations): scale = max |x| / 127, uint8 with
zero point 128, so each token's int8 values, and the integer MatMul that follows (exact int32 sums), depend on
that token alone. A finer scale is also more accurate than one per tensor.

Written for speed as well (issue 16): the range is one ReduceMax and one ReduceMin (no |x| tensor), the rounding is
one per-axis `QuantizeLinear` over the flattened tokens (not Div, Round, Add, Clip and Cast, each a pass over the
activations), and each integer MatMul is ONNX Runtime's fused `MatMulIntegerToFloat` followed by one multiply by
the row scales. The arithmetic is the same operation for operation, so the vectors are bit for bit those of the
first, unfused form of this graph (bench/bench_embeddings.py measures both speeds; docs/embeddings.md).
"""

from __future__ import annotations

from typing import Any

import numpy as np

ZERO_POINT = 128
LEVELS = 127.0  # symmetric: -127..127 around the zero point, so 0.0 stays exactly 0
MIN_RANGE = 1e-8  # an all-zero row keeps a finite scale
MS_DOMAIN = "com.microsoft"  # ONNX Runtime's contrib operators (MatMulIntegerToFloat)


def rowwise_activations(model: Any) -> Any:
    """The quantized graph with every DynamicQuantizeLinear replaced by per-row quantization (in place)."""
    import onnx
    from onnx import helper, numpy_helper

    graph = model.graph
    if not any(node.op_type == "DynamicQuantizeLinear" for node in graph.node):
        raise ValueError("the graph has no DynamicQuantizeLinear node: it is not a dynamically quantized graph")
    opset = next((o.version for o in model.opset_import if o.domain in ("", "ai.onnx")), 17)
    constants: dict[str, np.ndarray] = {
        "rowq_levels": np.array(LEVELS, dtype=np.float32),
        "rowq_min_range": np.array(MIN_RANGE, dtype=np.float32),
        "rowq_zero_point": np.array(ZERO_POINT, dtype=np.uint8),
        "rowq_one": np.array(1.0, dtype=np.float32),
        "rowq_flat": np.array([-1], dtype=np.int64),
    }
    if opset >= 18:
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
        nodes += [
            _reduce("ReduceMax", x, f"{p}_high", opset),
            _reduce("ReduceMin", x, f"{p}_low", opset),
            helper.make_node("Neg", [f"{p}_low"], [f"{p}_neglow"], name=f"{p}_negn"),
            # max |x| of the row, exactly: the larger of its maximum and minus its minimum
            helper.make_node("Max", [f"{p}_high", f"{p}_neglow", "rowq_min_range"], [f"{p}_range"], name=f"{p}_rn"),
            helper.make_node("Div", [f"{p}_range", "rowq_levels"], [f"{p}_rowscale"], name=f"{p}_scalen"),
            # One scale per token: flatten the tokens to rows and quantize along them (per-axis QuantizeLinear
            # divides by the row's scale, rounds half to even, adds 128 and saturates, as Div/Round/Add/Clip did).
            helper.make_node("Shape", [x], [f"{p}_shape"], name=f"{p}_shapen"),
            helper.make_node("Flatten", [x], [f"{p}_rows"], name=f"{p}_flatn", axis=-1),
            helper.make_node("Reshape", [f"{p}_rowscale", "rowq_flat"], [f"{p}_scales"], name=f"{p}_scalesn"),
            helper.make_node("Shape", [f"{p}_scales"], [f"{p}_count"], name=f"{p}_countn"),
            helper.make_node("Expand", ["rowq_zero_point", f"{p}_count"], [f"{p}_zps"], name=f"{p}_zpsn"),
            helper.make_node(
                "QuantizeLinear", [f"{p}_rows", f"{p}_scales", f"{p}_zps"], [f"{p}_q"], name=f"{p}_qn", axis=0
            ),
            helper.make_node("Reshape", [f"{p}_q", f"{p}_shape"], [q], name=f"{p}_unflatn"),
            helper.make_node("Identity", ["rowq_zero_point"], [zero_point], name=f"{p}_zp"),
            # The graph's own dequantization keeps a scalar input scale of 1 (MatMulIntegerToFloat mishandles a
            # per-row input scale); the row scale is applied after it.
            helper.make_node("Identity", ["rowq_one"], [scale], name=f"{p}_one"),
        ]
        row_scales[q] = f"{p}_rowscale"
    del graph.node[:]
    graph.node.extend(_fused_dequantization(nodes, row_scales))
    if not any(o.domain == MS_DOMAIN for o in model.opset_import):
        model.opset_import.append(helper.make_opsetid(MS_DOMAIN, 1))
    # Shapes inferred for the old scale outputs (scalars) would now be wrong: let the runtime infer them again.
    kept = [v for v in graph.value_info if not v.name.endswith(("_scale", "_zero_point"))]
    del graph.value_info[:]
    graph.value_info.extend(kept)
    onnx.checker.check_model(model)
    return model


def _reduce(op: str, x: str, out: str, opset: int) -> Any:
    from onnx import helper

    if opset >= 18:  # the reduce axes are an input from opset 18, an attribute before
        return helper.make_node(op, [x, "rowq_last_axis"], [out], name=f"{out}n", keepdims=1)
    return helper.make_node(op, [x], [out], name=f"{out}n", axes=[-1], keepdims=1)


def _fused_dequantization(nodes: list[Any], row_scales: dict[str, str]) -> list[Any]:
    """Each MatMulInteger -> Cast -> Mul(scales) chain on a per-row input becomes MatMulIntegerToFloat * row scale."""
    from onnx import helper

    consumers: dict[str, list[Any]] = {}
    for node in nodes:
        for name in node.input:
            consumers.setdefault(name, []).append(node)
    replaced: dict[int, list[Any]] = {}
    dropped: set[int] = set()
    for node in nodes:
        if node.op_type != "MatMulInteger" or node.input[0] not in row_scales:
            continue
        cast = _only(consumers.get(node.output[0], []), "Cast", node.name)
        mul = _only(consumers.get(cast.output[0], []), "Mul", node.name)
        scales = next(name for name in mul.input if name != cast.output[0])  # input scale (1) x weight scales
        a, b, a_zero, b_zero = node.input
        unscaled = f"{mul.output[0]}_rowq_unscaled"
        replaced[id(node)] = [
            helper.make_node(
                "MatMulIntegerToFloat",
                [a, b, "rowq_one", scales, a_zero, b_zero],
                [unscaled],
                name=f"{node.name}_rowq_tofloat",
                domain=MS_DOMAIN,
            ),
            helper.make_node("Mul", [unscaled, row_scales[a]], [mul.output[0]], name=f"{mul.name}_rowq_rescale"),
        ]
        dropped |= {id(cast), id(mul)}
    out: list[Any] = []
    for node in nodes:
        if id(node) not in dropped:
            out.extend(replaced.get(id(node), [node]))
    return out


def _only(nodes: list[Any], op_type: str, where: str) -> Any:
    if len(nodes) != 1 or nodes[0].op_type != op_type:
        raise ValueError(f"unexpected dequantization after {where}: {[n.op_type for n in nodes]} (expected {op_type})")
    return nodes[0]

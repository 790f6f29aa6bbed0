"""Helpers shared by the recipe's ONNX builders: reading TensorFlow.js graph attributes, scaling
pooled outputs to unit length side by side, and writing a checked model."""
import base64

import numpy as np
import onnx
from onnx import helper


def attr_s(node, key):
    """A string attribute of a TensorFlow.js graph node."""
    return base64.b64decode(node["attr"][key]["s"]).decode()


def fused_ops(node):
    """The ops TensorFlow.js fused into a convolution (BiasAdd, Relu, Relu6...)."""
    return [base64.b64decode(s).decode() for s in node["attr"].get("fused_ops", {}).get("list", {}).get("s", [])]


def ints(node, key):
    """An integer-list attribute (strides, dilations, kernel sizes)."""
    return [int(i) for i in node["attr"][key]["list"]["i"]]


def unit_concat(nodes, eps_name, parts, out_name):
    """Appends nodes that scale each [batch, n] part to unit length (plus `eps_name` against an
    all-zero part) and concatenate them as `out_name`: no part outweighs the others by its scale."""
    units = []
    for part in parts:
        name = "unit/" + part
        nodes.append(helper.make_node("ReduceL2", [part], [name + "/norm"], axes=[1], keepdims=1))
        nodes.append(helper.make_node("Add", [name + "/norm", eps_name], [name + "/norm_eps"]))
        nodes.append(helper.make_node("Div", [part, name + "/norm_eps"], [name]))
        units.append(name)
    nodes.append(helper.make_node("Concat", units, [out_name], axis=1))


def save(graph, out):
    """Writes `graph` as an opset-13 model after the ONNX checker accepts it."""
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)], producer_name="mmsearch models/bundle/recipe")
    model.ir_version = 7
    onnx.checker.check_model(model)
    onnx.save(model, out)
    parameters = sum(int(np.prod(i.dims)) if i.dims else 1 for i in graph.initializer)
    print(f"wrote {out}: {len(graph.node)} nodes, {parameters} parameters, outputs {[o.name for o in graph.output]}")

#!/usr/bin/python3
"""Rebuilds nsfwjs' MobileNetV2 graph (as decoded by extract_nsfwjs.js) as an ONNX feature extractor.

    /usr/bin/python3 build_onnx.py EXTRACTED_DIR OUT.onnx

Input `pixel_values` [batch, 224, 224, 3] (NHWC, RGB in [0, 1], as nsfwjs feeds it); output
`features` [batch, 1792], the pooled penultimate layer. The 5-class classifier head is dropped.
Further outputs pool earlier layers (build_backbone.py puts all four side by side):
  features_late [batch, 1344] expanded_conv_16's expansion (7x7), average-pooled
  features_mid  [batch, 816]  expanded_conv_12's expansion (14x14), average-pooled
  features_low  [batch, 288]  expanded_conv_5's expansion (28x28), average-pooled
Only the ops this graph uses are translated (fused conv/depthwise conv with bias and ReLU6, add,
average pool, squeeze, and the input scaling); anything else is an error.
"""
import json
import os
import sys

import numpy as np
from onnx import TensorProto, helper, numpy_helper

from onnx_common import attr_s, fused_ops, ints, save


def main(src, out):
    topo = json.load(open(os.path.join(src, "topology.json")))
    entries = json.load(open(os.path.join(src, "weights.json")))
    data = np.fromfile(os.path.join(src, "weights.f32"), dtype="<f4")
    weights = {e["name"]: data[e["offset"]:e["offset"] + e["length"]].reshape(e["shape"]) for e in entries}

    nodes, inits = [], []
    names = {}  # TF tensor name -> ONNX tensor name (NCHW inside the graph)

    def const(name, array):
        inits.append(numpy_helper.from_array(np.ascontiguousarray(array.astype(np.float32)), name))
        return name

    nodes.append(helper.make_node("Transpose", ["pixel_values"], ["input_nchw"], perm=[0, 3, 1, 2]))
    names["input"] = "input_nchw"
    pooled_name = None
    for n in topo["node"]:
        op, name = n["op"], n["name"]
        if op in ("Const", "Placeholder"):
            continue
        ins = n.get("input", [])
        if op in ("Mul", "Sub", "AddV2"):
            args = []
            for i in ins:
                args.append(names[i] if i in names else const(i, weights[i]))
            onnx_op = {"Mul": "Mul", "Sub": "Sub", "AddV2": "Add"}[op]
            nodes.append(helper.make_node(onnx_op, args, [name]))
            names[name] = name
        elif op in ("_FusedConv2D", "FusedDepthwiseConv2dNative"):
            if attr_s(n, "data_format") != "NHWC" or ints(n, "dilations") != [1, 1, 1, 1]:
                raise ValueError(f"unsupported conv attributes in {name}")
            w = weights[ins[1]]
            b = weights[ins[2]]
            stride = ints(n, "strides")[1:3]
            if op == "_FusedConv2D":
                kernel = w.transpose(3, 2, 0, 1)  # HWIO -> OIHW
                group = 1
            else:
                h, wd, cin, mult = w.shape
                kernel = w.transpose(2, 3, 0, 1).reshape(cin * mult, 1, h, wd)
                group = cin
            pad = attr_s(n, "padding")
            extra = {"auto_pad": "SAME_UPPER"} if pad == "SAME" else {"auto_pad": "VALID"}
            conv_out = name + "/conv"
            nodes.append(helper.make_node("Conv", [names[ins[0]], const(ins[1] + "/onnx", kernel), const(ins[2], b)], [conv_out],
                                          strides=stride, group=group, kernel_shape=list(kernel.shape[2:]), **extra))
            ops = fused_ops(n)
            if ops == ["BiasAdd"]:
                nodes.append(helper.make_node("Identity", [conv_out], [name]))
            elif ops == ["BiasAdd", "Relu6"]:
                nodes.append(helper.make_node("Clip", [conv_out, const(name + "/min", np.array(0.0)), const(name + "/max", np.array(6.0))], [name]))
            else:
                raise ValueError(f"unsupported fused ops {ops} in {name}")
            names[name] = name
        elif op == "AvgPool":
            k = ints(n, "ksize")[1:3]
            nodes.append(helper.make_node("AveragePool", [names[ins[0]]], [name], kernel_shape=k, strides=ints(n, "strides")[1:3]))
            names[name] = name
        elif op == "Squeeze":
            nodes.append(helper.make_node("Flatten", [names[ins[0]]], ["features"], axis=1))
            pooled_name = name
            break
        else:
            raise ValueError(f"unsupported op {op} ({name})")
    if pooled_name is None:
        raise ValueError("no pooled feature output found")

    prefix = pooled_name.split("/feature_vector/")[0] + "/MobilenetV2/"
    extra = [("features_late", "expanded_conv_16/expand/Relu6", 1344), ("features_mid", "expanded_conv_12/expand/Relu6", 816),
             ("features_low", "expanded_conv_5/expand/Relu6", 288)]
    outputs = [helper.make_tensor_value_info("features", TensorProto.FLOAT, ["batch_size", 1792])]
    for out_name, layer, width in extra:
        nodes.append(helper.make_node("GlobalAveragePool", [names[prefix + layer]], [out_name + "/pooled"]))
        nodes.append(helper.make_node("Flatten", [out_name + "/pooled"], [out_name], axis=1))
        outputs.append(helper.make_tensor_value_info(out_name, TensorProto.FLOAT, ["batch_size", width]))

    graph = helper.make_graph(
        nodes, "mobilenet_v2_nsfwjs_features",
        [helper.make_tensor_value_info("pixel_values", TensorProto.FLOAT, ["batch_size", 224, 224, 3])],
        outputs, inits)
    save(graph, out)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])

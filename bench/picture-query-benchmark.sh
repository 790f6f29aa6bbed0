#!/usr/bin/env bash
# docs/benchmarks.md, "Picture queries, stage by stage": the inputs, the stage profile and the wrk
# load, so that a before/after pair is measured the same way on one machine, one after the other.
#
#   bench/picture-query-benchmark.sh prepare WORK
#       2,000 Open Clip Art pictures (Debian openclipart-png, picked with seed 30) indexed with the
#       starter catalog, copied to 100,000 items by `benchmark synthetic-index --like` and merged to
#       one segment (WORK/idx100k); 500 text queries from the pictures' names (WORK/queries.txt);
#       the photo-like 640x480 JPEG of bench/photo_query.py (WORK/photo.jpg)
#   bench/picture-query-benchmark.sh profile WORK TREE
#       TREE's `benchmark picture-query` on that index and photo (stage by stage, one thread)
#   bench/picture-query-benchmark.sh load WORK TREE NAME [VAR=VALUE...]
#       TREE's `mmsearch serve` on that index with the given environment (e.g.
#       MMSEARCH_QUERY_CACHE_SIZE=0), warmed up (image 15 s, text 10 s), then wrk for 20 s each:
#       picture at 1 and 2 connections, text at 1 and 2; one line per run appended to WORK/load.tsv
#       (name, kind, connections, QPS, p50, p90, p99, errors, server RSS in MB, cache hits, misses);
#       KINDS=image (or text) runs only that kind, SECONDS_PER_RUN sets the 20 s
#
# TREE is a checkout of mmsearch (built by its ./mmsearch on first use); every tree reads the same
# models (CATALOG, default: this checkout's starter catalog). Needs wrk and /usr/bin/python3 with
# Pillow and NumPy (Debian python3-pil, python3-numpy).
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
catalog=${CATALOG:-$here/models/bundle/catalog.json}
port=${PORT:-8098}
seconds=${SECONDS_PER_RUN:-20}

prepare() {
  local work=$1
  mkdir -p "$work/pics"
  /usr/bin/python3 - "$work" <<'EOF'
import glob, os, random, re, shutil, sys
work = sys.argv[1]
files = sorted(glob.glob('/usr/share/openclipart/png/**/*.png', recursive=True))
picked = random.Random(30).sample(files, 2000)
names = []
for i, f in enumerate(picked):
    shutil.copy(f, os.path.join(work, 'pics', '%04d-%s' % (i, os.path.basename(f))))
    name = re.sub(r'[_\-\d]+', ' ', os.path.splitext(os.path.basename(f))[0]).strip()
    if name:
        names.append(name)
with open(os.path.join(work, 'queries.txt'), 'w') as out:
    out.write('\n'.join(random.Random(30).sample(names, 500)) + '\n')
EOF
  /usr/bin/python3 "$here/bench/photo_query.py" "$work/photo.jpg"
  # Exit status 1: some pictures refused (4 of these 2,000, e.g. a 10561x16000 PNG over the pixel limit).
  local status=0
  "$here/mmsearch" index --catalog "$catalog" --index "$work/idx-real" "$work/pics" || status=$?
  (( status <= 1 )) || exit "$status"
  "$here/mmsearch" benchmark synthetic-index --catalog "$catalog" --like "$work/idx-real" --index "$work/idx100k" \
    --items 100000
  "$here/mmsearch" optimize --catalog "$catalog" --index "$work/idx100k"
}

profile() {
  local work=$1 tree=$2
  "$tree/mmsearch" benchmark picture-query --catalog "$catalog" --index "$work/idx100k" --image "$work/photo.jpg"
}

# wrk's "Requests/sec", its 50/90/99 % latencies in ms, and non-2xx plus socket errors.
wrk_line() {
  awk '/Requests\/sec/ {qps = $2}
       function ms(v) { if (v ~ /us$/) return v / 1000; if (v ~ /ms$/) return v + 0; if (v ~ /s$/) return v * 1000; return v }
       $1 == "50%" {p50 = ms($2)} $1 == "90%" {p90 = ms($2)} $1 == "99%" {p99 = ms($2)}
       /Non-2xx/ {err += $NF} /Socket errors/ {gsub(",", ""); err += $4 + $6 + $8 + $10}
       END {printf "%s\t%.2f\t%.2f\t%.2f\t%d", qps, p50, p90, p99, err}'
}

load() {
  local work=$1 tree=$2 name=$3
  shift 3
  local url=http://127.0.0.1:$port
  env "$@" "$tree/mmsearch" serve --catalog "$catalog" --index "$work/idx100k" --port "$port" > "$work/serve-$name.log" 2>&1 &
  local launcher=$!
  trap 'kill -TERM $launcher 2>/dev/null || true' EXIT
  until curl -sf "$url/q/health/ready" > /dev/null; do
    kill -0 $launcher 2>/dev/null || { cat "$work/serve-$name.log" >&2; exit 1; }
    sleep 1
  done
  export IMAGE=$work/photo.jpg QUERIES=$work/queries.txt
  [[ ${KINDS:-image text} != *image* ]] || wrk -t1 -c1 -d15s -s "$here/bench/wrk/image.lua" "$url" > /dev/null
  [[ ${KINDS:-image text} != *text* ]] || wrk -t1 -c1 -d10s -s "$here/bench/wrk/text.lua" "$url" > /dev/null
  local kind c out server
  server=$(pgrep -f -n "quarkus-run.jar" || true)
  for kind in ${KINDS:-image text}; do
    for c in 1 2; do
      out=$(wrk -t1 -c$c -d${seconds}s --latency -s "$here/bench/wrk/$kind.lua" "$url" 2>&1)
      local rss=0 metrics hits misses
      [[ -n $server ]] && rss=$(( $(ps -o rss= -p "$server") / 1024 ))
      metrics=$(curl -sf "$url/q/metrics" || true)
      hits=$(awk '/^mmsearch_query_embeddings_hits/ {print $2}' <<< "$metrics")
      misses=$(awk '/^mmsearch_query_embeddings_misses/ {print $2}' <<< "$metrics")
      printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$name" "$kind" "$c" "$(wrk_line <<< "$out")" "$rss" "${hits:--}" "${misses:--}" \
        | tee -a "$work/load.tsv"
    done
  done
  kill -TERM $launcher
  wait $launcher 2>/dev/null || true
  trap - EXIT
}

cmd=${1:?usage: picture-query-benchmark.sh prepare|profile|load WORK ...}
shift
"$cmd" "$@"

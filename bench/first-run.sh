#!/usr/bin/env bash
# docs/benchmarks.md, "First run": the time from `./mmsearch demo DIR` on a fresh clone to a page
# that answers, split into build, indexing (models loaded, pictures indexed, merged) and server start.
#
#   bench/first-run.sh DIR [REPO]     (REPO: default this repository's committed HEAD)
#
# Every line the demo prints is stamped with the seconds since the command was typed; the phases
# are read off the stamps: the build ends where the indexer prints its first line, indexing ends at
# its summary (and merge line), the page is usable when the launcher prints its address and a search
# answers, which since the demo serves while it indexes may come before the indexing ends (when the
# indexer's JVM exits). Maven's local repository (~/.m2) is used as it is: on a machine that never built
# mmsearch, the build also downloads about 400 MB.
set -euo pipefail
dir=$(realpath "${1:?usage: first-run.sh DIR [REPO]}")
repo=${2:-$(cd "$(dirname "$0")/.." && pwd)}
port=${PORT:-8099}
work=$(mktemp -d)
trap 'kill -TERM "${demo:-0}" 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$work"' EXIT
git clone -q "$repo" "$work/mmsearch"
cd "$work/mmsearch"
start=$(date +%s.%N)
stamp() {
  while IFS= read -r line; do
    printf '%7.1f  %s\n' "$(echo "$(date +%s.%N) - $start" | bc)" "$line"
  done
}
./mmsearch demo "$dir" --port "$port" > >(stamp > "$work/demo.log") 2>&1 &
demo=$!
# The build prints nothing when it ends: its end is when the indexer's JVM starts.
until pgrep -f "$work/mmsearch/indexer/target/mmsearch.jar" > /dev/null; do
  kill -0 $demo 2>/dev/null || break
  sleep 0.1
done
built=$(echo "$(date +%s.%N) - $start" | bc)
# Since the demo serves while it indexes, the page may answer before the folder is all in: the
# indexing ends when the indexer's JVM does (after its merge), watched from here on.
(
  while pgrep -f "$work/mmsearch/indexer/target/mmsearch.jar" > /dev/null; do
    sleep 0.1
  done
  echo "$(date +%s.%N) - $start" | bc > "$work/indexed"
) &
until grep -q "search page on" "$work/demo.log" 2>/dev/null; do
  kill -0 $demo 2>/dev/null || { cat "$work/demo.log" >&2; exit 1; }
  sleep 0.2
done
curl -sf "http://127.0.0.1:$port/api/search?q=a" > /dev/null
answered=$(echo "$(date +%s.%N) - $start" | bc)
until [[ -s "$work/indexed" ]]; do
  sleep 0.2
done
indexed=$(cat "$work/indexed")
# The build's lines, the indexer's first and last lines, the merge and the address.
grep -E "building|listed|merged|indexing +[0-9]+%|indexing of|search page on|started in|Installed features" "$work/demo.log" \
  | awk '!/indexing/ || !seen++ {print} /indexing/ {last = $0} END {print last}' | sort -n -s -k1,1
printf '%7.1f  build done, indexer started (models loading)\n' "$built"
printf '%7.1f  first search answered\n' "$answered"
printf '%7.1f  indexer done (folder indexed and merged)\n' "$indexed"

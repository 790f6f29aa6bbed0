#!/usr/bin/env bash
# Replays a newcomer's first ten minutes on a fresh clone and writes what they see to
# docs/first-hour.md: each command, its exit code and the first lines of its output. Run it again
# after a change to the launcher, the CLI or the README's first steps, so the transcript stays true.
#   docs/first-hour.sh [REPO]     (default: this repository's committed HEAD, cloned into a temp folder)
# Needs git, and the JDK the launcher finds (nothing is installed).
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
repo=${1:-$here}
out="$here/docs/first-hour.md"
work=$(mktemp -d)
trap 'kill "${server:-0}" 2>/dev/null || true; rm -rf "$work"' EXIT
lines=12

{
  echo "# The first ten minutes, replayed"
  echo
  echo "What a newcomer sees on a fresh clone, following README.md: every command, its exit code and"
  echo "the first $lines lines it prints (stdout and stderr together). Written by \`docs/first-hour.sh\`"
  echo "on $(date -u +%Y-%m-%d) ($(uname -m), $(nproc) cores), from commit $(git -C "$repo" rev-parse --short HEAD);"
  echo "run it again after changing the launcher, the CLI or the README's first steps."
} > "$out"

# One step: the command as typed, where it ran, its exit code and first lines.
step() {
  local title=$1; shift
  local log="$work/step.log" code=0
  (cd "$work/mmsearch" && "$@") > "$log" 2>&1 || code=$?
  {
    echo
    echo "## $title"
    echo
    echo '```console'
    echo "\$ $*" | sed "s|$work|/tmp/first-hour|g"
    head -n "$lines" "$log" | sed "s|$work|/tmp/first-hour|g"
    (( $(wc -l < "$log") > lines )) && echo "… ($(wc -l < "$log") lines in all)"
    echo "[exit code $code]"
    echo '```'
  } >> "$out"
}

git clone -q "$repo" "$work/mmsearch"
# A small collection of the kinds the README lists: pictures with and without captions, a sound.
collection="$work/my-collection"
mkdir -p "$collection"
cp "$here"/models/test/reference/{photo.png,tall-alpha.png,small.png} "$collection/"
cp "$here/models/test/reference/audio/chord.ogg" "$collection/chord.ogg"
echo "a red circle and a blue square" > "$collection/photo.txt"

step "What the launcher offers" ./mmsearch help
step "The demo's help" ./mmsearch demo --help
step "A file where a folder is expected" ./mmsearch demo "$collection/photo.png"
# The first demo builds the project (minutes), indexes and serves beside the indexing; it is stopped
# once it answers and the indexing is done.
{
  echo
  echo "## The demo: first build, index and serve (stopped once it answers and has indexed the folder, as Ctrl-C would)"
  echo
  echo '```console'
  echo "\$ ./mmsearch demo /tmp/first-hour/my-collection"
} >> "$out"
(cd "$work/mmsearch" && exec ./mmsearch demo "$collection" --port 18765) > "$work/demo.log" 2>&1 &
server=$!
start=$SECONDS
until grep -q "search page on" "$work/demo.log" 2>/dev/null || ! kill -0 "$server" 2>/dev/null || (( SECONDS - start > 1200 )); do
  sleep 2
done
seconds=$((SECONDS - start))
until grep -q "indexing of .* done" "$work/demo.log" 2>/dev/null || ! kill -0 "$server" 2>/dev/null || (( SECONDS - start > 1200 )); do
  sleep 1
done
answer=$(exec 3<>/dev/tcp/127.0.0.1/18765 && printf 'GET /api/search?q=red+circle&k=2 HTTP/1.0\r\nHost: localhost\r\nConnection: close\r\n\r\n' >&3 \
  && timeout 10 cat <&3 | tail -n 1 | head -c 300 || echo "(no answer)")
# A background job ignores SIGINT (bash), so the script stops the demo as Ctrl-C's trap does: TERM.
kill -TERM "$server" 2>/dev/null || true
wait "$server" 2>/dev/null || true
{
  grep -v "^indexing .*%" "$work/demo.log" | head -n 30 | sed "s|$work|/tmp/first-hour|g"
  echo "… (ready after $seconds s, first build included)"
  echo '```'
  echo
  echo "A search while it ran, \`GET /api/search?q=red+circle&k=2\` (first 300 characters):"
  echo
  echo '```json'
  echo "$answer"
  echo '```'
} >> "$out"
step "Indexing again: only what changed" ./mmsearch index --catalog models/bundle/catalog.json --index data/bundle-index "$collection"
/usr/bin/python3 -c 'import socket,time; s=socket.socket(); s.bind(("127.0.0.1", 18767)); s.listen(); time.sleep(120)' &
holder=$!
sleep 1
step "A busy port, found before any work" ./mmsearch demo "$collection" --port 18767
kill "$holder" 2>/dev/null || true
step "What models there are" ./mmsearch models list
echo '{"spaces": {"clip": {"model": "clip-tinyy"}}}' > "$work/typo.json"
step "A catalog with a typo" ./mmsearch serve --catalog "$work/typo.json" --index data/bundle-index --port 18768
step "The index of one catalog served with another" ./mmsearch serve --catalog models/test/catalog.json --index data/bundle-index --port 18766
step "Where the data lives" bash -c "ls data; du -sh data/*"
echo "wrote $out"

#!/bin/sh
# Writes the OCR test fixtures of this folder again (PNG files and truth.json), byte for byte the same on the same
# Debian fonts (fonts-dejavu-core 2.37, fonts-liberation 1.07.4) and Pillow 9.4 (python3-pil).
# The Twemoji picture comes from npm emoji-datasource-twitter 16.0.0, fetched with `npm pack` into $CACHE
# (default /tmp/ocr-fixture-cache; bench/mixed's and bench/video's /tmp/vidcache/c can be reused).
set -e
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../../../.." && pwd)
exec /usr/bin/python3 "$ROOT/bench/ocr/make_text_pictures.py" --fixtures "$HERE" --cache "${CACHE:-/tmp/ocr-fixture-cache}"

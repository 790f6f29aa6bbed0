#!/usr/bin/python3
"""Retrieval by the text in pictures, over real HTTP: each query of a set's queries.jsonl (a line of
a picture, a word of it, or a fragment of a code) sent to a running mmsearch as a plain text query;
the expected picture's rank among the hits (ids are file names, as `mmsearch index FOLDER` gives
them). Writes Markdown: top-1 and top-10 per kind of query, per text size of the expected picture
(truth.jsonl's size_band) and overall.

    /usr/bin/python3 bench/ocr/retrieval.py SET_DIR http://127.0.0.1:8080 [--fields ocr] > retrieval.md

SET_DIR holds queries.jsonl from make_text_pictures.py. --fields restricts the lists searched (as
the API's "fields"); default: all of them, as a user's query is.
"""
import argparse
import collections
import json
import sys
import urllib.request


def search(url, text, fields):
    body = {"parts": [{"type": "text", "text": text}], "k": 10}
    if fields:
        body["fields"] = fields
    req = urllib.request.Request(url + "/api/search", data=json.dumps(body).encode(), method="POST",
                                 headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=60) as r:
        return [h["item"]["id"] for h in json.load(r)["hits"]]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("set_dir")
    ap.add_argument("url")
    ap.add_argument("--fields", nargs="*", default=None)
    a = ap.parse_args()
    counts = collections.defaultdict(lambda: [0, 0, 0])
    truth = {}
    for line in open(a.set_dir + "/truth.jsonl"):
        t = json.loads(line)
        truth[t["file"]] = t
    for line in open(a.set_dir + "/queries.jsonl"):
        q = json.loads(line)
        ids = search(a.url.rstrip("/"), q["query"], a.fields)
        band = truth.get(q["expected"], {}).get("size_band", "?")
        for kind in ("kind: " + q["kind"], "text size: " + band, "all"):
            c = counts[kind]
            c[0] += 1
            c[1] += ids[:1] == [q["expected"]]
            c[2] += q["expected"] in ids
    print("| queries | n | top 1 | top 10 |")
    print("|---|---:|---:|---:|")
    for kind in sorted(counts, key=lambda k: (k == "all", k)):
        n, t1, t10 = counts[kind]
        name = "**all**" if kind == "all" else kind
        print(f"| {name} | {n} | {100 * t1 / n:.1f}% | {100 * t10 / n:.1f}% |")


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/python3
"""Runs Debian's Tesseract on every picture of a set made by make_text_pictures.py: the OCR baseline of issue 27.

    apt-get install -y tesseract-ocr tesseract-ocr-eng
    /usr/bin/python3 bench/ocr/tesseract_baseline.py DIR [--psm 6] [--jobs 2] [--out DIR/tesseract.jsonl]
    /usr/bin/python3 bench/ocr/score.py DIR/truth.jsonl DIR/tesseract.jsonl --name "Tesseract 5.3 (psm 6)"

Writes one line per picture: {"file", "text" (Tesseract's output, its lines separated by newlines, blank lines
and the form feed dropped), "seconds" (wall time of the tesseract process), "psm"}; then prints a line of
totals. Each tesseract process runs on one thread (OMP_THREAD_LIMIT=1), --jobs of them at a time.

Page segmentation: --psm 6 ("a single uniform block of text") is the default because it scored best on the
N=400 set of seed 27, measured with each of psm 3, 4, 6, 11 and 12 (tesseract 5.3.0, eng):
    psm   CER     word accuracy   exact   empty results   no-text pictures with false text
     3    50.9%   45.2%           32.2%   137 of 320       0 of 80
     4    50.0%   45.7%           31.6%   134              1
     6    24.7%   58.4%           31.9%    11             29
    11    36.1%   49.8%           26.2%    25             14
    12    36.6%   49.2%           26.9%    24             13
Time per picture and process: 0.2-0.8 s for every psm, on two cores shared with other work (load 5-7), so
too noisy to rank them; the "seconds" of each line say what one run measured.
psm 3 (automatic page segmentation, Tesseract's default) finds no text block at all in most pictures whose
lines are turned by 10-15 degrees or that lie over a picture; psm 6 reads them as one block, at the price of
a few junk characters ("~", "aN", "oo)") on 29 of the 80 pictures without text (mostly over pictures
and empty panels). Score psm 3 too
(--psm 3 --out DIR/tesseract-psm3.jsonl) when the default segmentation is the fairer comparison.
Everything else is Tesseract's default (LSTM engine, its own binarisation, no preprocessing of ours).
Language: eng (tesseract-ocr-eng).
"""
import argparse
import json
import os
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor


def run(path, psm, lang):
    t0 = time.time()
    p = subprocess.run(["tesseract", path, "stdout", "--psm", str(psm), "-l", lang], capture_output=True, text=True,
                       env=dict(os.environ, OMP_THREAD_LIMIT="1"))
    seconds = time.time() - t0
    if p.returncode:
        sys.stderr.write(f"{path}: tesseract exited {p.returncode}: {p.stderr.strip()[:200]}\n")
    lines = [l.strip() for l in p.stdout.replace("\f", "\n").split("\n")]
    return "\n".join(l for l in lines if l), seconds


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("dir", help="the set's folder (with pictures/ and truth.jsonl)")
    ap.add_argument("--psm", type=int, default=6)
    ap.add_argument("--lang", default="eng")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--out", help="default DIR/tesseract.jsonl")
    a = ap.parse_args()
    files = [json.loads(l)["file"] for l in open(os.path.join(a.dir, "truth.jsonl")) if l.strip()]
    version = subprocess.run(["tesseract", "--version"], capture_output=True, text=True).stdout.split("\n")[0]
    t0 = time.time()
    with ThreadPoolExecutor(a.jobs) as pool:
        results = list(pool.map(lambda f: run(os.path.join(a.dir, "pictures", f), a.psm, a.lang), files))
    out = a.out or os.path.join(a.dir, "tesseract.jsonl")
    with open(out, "w") as f:
        for name, (text, seconds) in zip(files, results):
            f.write(json.dumps({"file": name, "text": text, "seconds": round(seconds, 3), "psm": a.psm}) + "\n")
    busy = sum(s for _, s in results)
    print(f"{version}, psm {a.psm}, {a.lang}: {len(files)} pictures in {time.time() - t0:.0f} s wall with {a.jobs} jobs "
          f"({busy / len(files):.2f} s per picture per process) -> {out}")


if __name__ == "__main__":
    main()

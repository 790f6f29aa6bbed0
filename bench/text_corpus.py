#!/usr/bin/python3
"""A text corpus of >= 100k passages for kNN benchmarks on real text vectors (issue 13), as a JSONL
manifest of text-only items. Sources, all allowed training data: the captions of the four training
sources' manifests (given as arguments), and sentences composed from the 80 COCO class names (the
label names of the bundle's CenterNet detector) with colours, relations and settings. Seeded: the
same corpus every run.

    /usr/bin/python3 bench/text_corpus.py --total 110000 OUT.jsonl DATA/*.jsonl
"""
import argparse
import json
import random

COCO = ["person", "bicycle", "car", "motorcycle", "airplane", "bus", "train", "truck", "boat", "traffic light", "fire hydrant",
        "stop sign", "parking meter", "bench", "bird", "cat", "dog", "horse", "sheep", "cow", "elephant", "bear", "zebra", "giraffe",
        "backpack", "umbrella", "handbag", "tie", "suitcase", "frisbee", "skis", "snowboard", "sports ball", "kite", "baseball bat",
        "baseball glove", "skateboard", "surfboard", "tennis racket", "bottle", "wine glass", "cup", "fork", "knife", "spoon", "bowl",
        "banana", "apple", "sandwich", "orange", "broccoli", "carrot", "hot dog", "pizza", "donut", "cake", "chair", "couch",
        "potted plant", "bed", "dining table", "toilet", "tv", "laptop", "mouse", "remote", "keyboard", "cell phone", "microwave", "oven",
        "toaster", "sink", "refrigerator", "book", "clock", "vase", "scissors", "teddy bear", "hair drier", "toothbrush"]
COLOURS = ["red", "green", "blue", "yellow", "purple", "orange", "pink", "brown", "black", "white", "grey", "teal"]
RELATIONS = ["next to", "on top of", "under", "in front of", "behind", "beside", "near", "inside"]
SETTINGS = ["in a kitchen", "on a street", "in a park", "at the beach", "in a living room", "on a table", "in the snow",
            "at night", "in a field", "in an office", "on a white background", "in a cartoon style", "as a simple icon"]
STYLES = ["a photo of", "a drawing of", "clip art of", "an icon of", "a painting of", "a sketch of"]


def article(word):
    return "an" if word[0] in "aeiou" else "a"


def sentence(r):
    a, b = r.choice(COCO), r.choice(COCO)
    ca, cb = r.choice(COLOURS), r.choice(COLOURS)
    form = r.randrange(4)
    if form == 0:
        return f"{article(ca)} {ca} {a} {r.choice(RELATIONS)} {article(cb)} {cb} {b}"
    if form == 1:
        return f"{r.choice(STYLES)} {article(ca)} {ca} {a} {r.choice(SETTINGS)}"
    if form == 2:
        return f"{r.randint(2, 9)} {a}s and {article(b)} {b} {r.choice(SETTINGS)}"
    return f"{r.choice(STYLES)} {article(a)} {a} with {article(cb)} {cb} {b}, {r.choice(SETTINGS)}"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("out")
    ap.add_argument("manifests", nargs="*")
    ap.add_argument("--total", type=int, default=110000)
    a = ap.parse_args()
    texts = []
    seen = set()
    for m in a.manifests:
        for line in open(m, encoding="utf-8"):
            t = json.loads(line).get("text", "").strip()
            if t and t not in seen:
                seen.add(t)
                texts.append(t)
    real = len(texts)
    r = random.Random(13)
    while len(texts) < a.total:
        t = sentence(r)
        if t not in seen:
            seen.add(t)
            texts.append(t)
    with open(a.out, "w", encoding="utf-8") as out:
        for i, t in enumerate(texts):
            out.write(json.dumps({"id": f"t{i}", "text": t}) + "\n")
    print(f"{len(texts)} passages: {real} captions of the training sources, {len(texts) - real} composed from COCO class names")


if __name__ == "__main__":
    main()

#!/usr/bin/python3
"""Writes captioned-image manifests (JSONL) for adapter training and evaluation, one train and one
held-out file per source, split by caption (10% held out) so no caption is on both sides.

    /usr/bin/python3 prepare_training_data.py --openclipart /usr/share/openclipart \
        --openmoji OPENMOJI_PACKAGE_DIR --twemoji EMOJI_DATASOURCE_TWITTER_PACKAGE_DIR --out DIR

Sources (all reachable offline; licences in docs/quality.md):
  openclipart  Debian openclipart-png/-svg: PNGs, caption = SVG title + keywords, category = folder
  openmoji     npm openmoji 17.0.0: SVGs rasterised with rsvg-convert, caption = annotation + tags
  twemoji      npm emoji-datasource-twitter 16.0.0: 64 px PNGs, caption = name + short names
  synthetic    generated here: shapes in colours on backgrounds, caption says which
"""
import argparse
import hashlib
import json
import os
import random
import re
import subprocess
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor

from PIL import Image, ImageDraw

MAX_PER_CAPTION = 5


def held_out(caption):
    return int(hashlib.sha1(caption.encode()).hexdigest(), 16) % 10 == 0


def write(out, source, items):
    random.Random(7).shuffle(items)
    by_caption = defaultdict(int)
    kept = []
    for it in items:
        if by_caption[it["text"]] < MAX_PER_CAPTION:
            by_caption[it["text"]] += 1
            kept.append(it)
    counts = {}
    for split in ("train", "test"):
        rows = [it for it in kept if held_out(it["text"]) == (split == "test")]
        with open(os.path.join(out, f"{source}.{split}.jsonl"), "w") as f:
            for it in rows:
                f.write(json.dumps(it) + "\n")
        counts[split] = len(rows)
    print(f"{source}: {counts['train']} train, {counts['test']} held out ({len(items)} listed)")


def openclipart(root):
    items, seen = [], set()
    title_re = re.compile(r"<dc:title>([^<]*)</dc:title>")
    subject_re = re.compile(r"<dc:subject>(.*?)</dc:subject>", re.S)
    li_re = re.compile(r"<rdf:li>([^<]*)</rdf:li>")
    for dirpath, _, files in os.walk(os.path.join(root, "png")):
        for name in files:
            if not name.endswith(".png"):
                continue
            png = os.path.join(dirpath, name)
            real = os.path.realpath(png)
            if real in seen:
                continue
            seen.add(real)
            rel = os.path.relpath(png, os.path.join(root, "png"))
            svg = os.path.join(root, "svg", rel[:-4] + ".svg")
            if not os.path.exists(svg):
                continue
            text = open(svg, encoding="utf-8", errors="replace").read()
            titles = [t.strip() for t in title_re.findall(text) if t.strip() and t.strip() != "Open Clip Art Library"]
            subject = subject_re.search(text)
            keywords = [k.strip() for k in li_re.findall(subject.group(1))] if subject else []
            caption = ". ".join(([titles[0]] if titles else []) + ([", ".join(keywords)] if keywords else []))
            if not caption or os.path.getsize(real) > 8_000_000:
                continue
            items.append({"id": "openclipart/" + rel, "image": real, "text": caption, "category": rel.split("/")[0]})
    return items


def openmoji(pkg, out):
    data = json.load(open(os.path.join(pkg, "data", "openmoji.json")))
    png_dir = os.path.join(out, "openmoji-png")
    os.makedirs(png_dir, exist_ok=True)

    def render(e):
        src = os.path.join(pkg, "color", "svg", e["hexcode"] + ".svg")
        dst = os.path.join(png_dir, e["hexcode"] + ".png")
        if os.path.exists(src) and not os.path.exists(dst):
            subprocess.run(["rsvg-convert", "-w", "160", "-h", "160", "-b", "white", "-o", dst, src], check=False)
        return dst if os.path.exists(dst) else None

    with ThreadPoolExecutor(2) as pool:
        pngs = list(pool.map(render, data))
    items = []
    for e, png in zip(data, pngs):
        if png and e.get("annotation"):
            tags = ", ".join(t.strip() for t in (e.get("tags") or "").split(",") if t.strip())
            items.append({"id": "openmoji/" + e["hexcode"], "image": png, "text": e["annotation"] + (". " + tags if tags else ""),
                          "category": e.get("group") or "none"})
    return items


def twemoji(pkg):
    items = []
    for e in json.load(open(os.path.join(pkg, "emoji.json"))):
        png = os.path.join(pkg, "img", "twitter", "64", e["image"])
        if e.get("has_img_twitter") and os.path.exists(png) and e.get("name"):
            names = ", ".join(n.replace("_", " ") for n in e.get("short_names", []))
            items.append({"id": "twemoji/" + e["image"], "image": png, "text": e["name"].lower() + (". " + names if names else ""),
                          "category": e.get("category") or "none"})
    return items


COLOURS = {"red": (220, 30, 30), "green": (30, 160, 60), "blue": (30, 60, 220), "yellow": (240, 220, 40), "purple": (130, 40, 170),
           "orange": (250, 140, 20), "black": (15, 15, 15), "white": (250, 250, 250), "pink": (240, 120, 180), "brown": (120, 70, 30),
           "grey": (128, 128, 128)}
SHAPES = ["circle", "square", "triangle", "star", "horizontal stripes", "vertical stripes", "ring", "cross"]


def synthetic(out, n):
    d = os.path.join(out, "synthetic-png")
    os.makedirs(d, exist_ok=True)
    r = random.Random(3)
    items = []
    names = list(COLOURS)
    for i in range(n):
        fg, bg = r.sample(names, 2)
        shape = r.choice(SHAPES)
        im = Image.new("RGB", (160, 160), COLOURS[bg])
        dr = ImageDraw.Draw(im)
        c, s = (r.randint(60, 100), r.randint(60, 100)), r.randint(30, 55)
        box = (c[0] - s, c[1] - s, c[0] + s, c[1] + s)
        col = COLOURS[fg]
        if shape == "circle":
            dr.ellipse(box, fill=col)
        elif shape == "square":
            dr.rectangle(box, fill=col)
        elif shape == "triangle":
            dr.polygon([(c[0], c[1] - s), (c[0] - s, c[1] + s), (c[0] + s, c[1] + s)], fill=col)
        elif shape == "star":
            import math
            pts = [(c[0] + (s if k % 2 == 0 else s / 2.5) * math.cos(math.pi * k / 5 - math.pi / 2),
                    c[1] + (s if k % 2 == 0 else s / 2.5) * math.sin(math.pi * k / 5 - math.pi / 2)) for k in range(10)]
            dr.polygon(pts, fill=col)
        elif shape == "horizontal stripes":
            for y in range(0, 160, 32):
                dr.rectangle((0, y, 160, y + 14), fill=col)
        elif shape == "vertical stripes":
            for x in range(0, 160, 32):
                dr.rectangle((x, 0, x + 14, 160), fill=col)
        elif shape == "ring":
            dr.ellipse(box, outline=col, width=12)
        else:
            dr.rectangle((c[0] - s, c[1] - 8, c[0] + s, c[1] + 8), fill=col)
            dr.rectangle((c[0] - 8, c[1] - s, c[0] + 8, c[1] + s), fill=col)
        path = os.path.join(d, f"s{i:05d}.png")
        im.save(path)
        article = "an" if fg[0] in "aeiou" else "a"
        items.append({"id": f"synthetic/{i}", "image": path, "text": f"{article} {fg} {shape} on a {bg} background", "category": shape})
    return items


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--openclipart", required=True)
    ap.add_argument("--openmoji", required=True)
    ap.add_argument("--twemoji", required=True)
    ap.add_argument("--synthetic", type=int, default=3000)
    ap.add_argument("--out", required=True)
    a = ap.parse_args()
    os.makedirs(a.out, exist_ok=True)
    write(a.out, "synthetic", synthetic(a.out, a.synthetic))
    write(a.out, "twemoji", twemoji(a.twemoji))
    write(a.out, "openclipart", openclipart(a.openclipart))
    write(a.out, "openmoji", openmoji(a.openmoji, a.out))


if __name__ == "__main__":
    main()

#!/usr/bin/python3
"""Generates a collection with known duplicates, near-duplicates, similar items and hard negatives.

Sources (allowed, offline): Open Clip Art (Debian openclipart-png, real paths only, huge files
skipped), shown two ways: on white as drawn, and pasted on a generated photo-like background
(gradient, noise, blurred blobs) so that signatures see textured pictures too; sounds from Debian
sound-icons, sound-theme-freedesktop and espeak-ng (sentences, one voice). Tools: Pillow, numpy,
ffmpeg, espeak-ng (Debian).

For each picture source: the original (PNG), exact copies (PNG saved again with another compression
level; BMP: the same pixels), and near copies with known transformations at two strengths:

  resize       0.5 and 0.25 of the side (PNG)
  jpeg         JPEG quality 70 and 25
  crop         5 % and 10 % cut off in total, from random sides (PNG)
  brightness   +15 % and +35 % brighter
  colour       saturation x0.6 and a hue shift of 20 degrees
  text         a caption over the bottom: small (6 % of the height) and large (14 %)
  logo         a logo in a corner: small (8 % of the width) and large (18 %)
  format       WebP (lossy, quality 80) and GIF (256 colours)

Hard negatives: other pictures of the same Open Clip Art category (by construction: every source
is one); "composed": two pictures sharing the source's drawing, pasted with other drawings at
other places and sizes on another background (the same object, different pictures); "burst": the
drawing moved by 8 % and 15 % of the width on the same background (the same scene, another shot:
similar, not near).

For each sound source: the original (WAV 16-bit, first 8 s), exact (FLAC of the same samples), and
near copies: mp3 (128 kbit/s and 48 kbit/s), ogg (Vorbis q4 and q0), resample (to 16 kHz and to
8 kHz and back), volume (x0.5 and x0.2). Hard negatives: other sounds of the same family
(sound-icons notes of one instrument, freedesktop sounds, espeak-ng sentences in one voice). Sources
are real paths: both packages name some files twice through symbolic links.

Writes OUT/pictures/..., OUT/sounds/..., and OUT/truth.jsonl: one line per file with its id (the
path under OUT, as the indexer names folder items), its source, kind (original, exact, near,
composed, burst), transformation and strength, and category.

Usage: make_duplicates.py OUT [--pictures N] [--seed S]
"""
import argparse
import colorsys
import json
import os
import random
import subprocess
import sys

import numpy
from PIL import Image, ImageDraw, ImageEnhance, ImageFilter, ImageFont

CLIPART = "/usr/share/openclipart/png"
SOUND_ICONS = "/usr/share/sounds/sound-icons"
FREEDESKTOP = "/usr/share/sounds/freedesktop/stereo"
FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"
SIDE = 512
MAX_FILE_BYTES = 3_000_000
SENTENCES = ["the quick brown fox jumps over the lazy dog", "please close the door behind you",
             "seven green apples on a wooden table", "the train to the city leaves at noon",
             "a small boat sails across the quiet lake", "remember to water the plants today",
             "the museum opens again next monday", "bright stars shine over the mountains"]


def clipart_sources(n, rng):
    """n distinct drawings (real paths), spread over the categories, skipping huge files."""
    by_category = {}
    seen = set()
    for category in sorted(os.listdir(CLIPART)):
        root = os.path.join(CLIPART, category)
        for dirpath, _, files in os.walk(root):
            for f in sorted(files):
                path = os.path.join(dirpath, f)
                real = os.path.realpath(path)
                if not f.endswith(".png") or real in seen or os.path.getsize(real) > MAX_FILE_BYTES:
                    continue
                seen.add(real)
                by_category.setdefault(category, []).append(real)
    categories = sorted(by_category)
    for c in categories:
        rng.shuffle(by_category[c])
    out = []
    i = 0
    while len(out) < n:
        c = categories[i % len(categories)]
        if by_category[c]:
            out.append((c, by_category[c].pop()))
        i += 1
    return out


def drawing(path, side):
    image = Image.open(path)
    image.draft("RGBA", (side, side))
    image = image.convert("RGBA")
    image.thumbnail((side, side), Image.LANCZOS)
    return image


def on_white(d):
    canvas = Image.new("RGB", (SIDE, SIDE), "white")
    canvas.paste(d, ((SIDE - d.width) // 2, (SIDE - d.height) // 2), d)
    return canvas


def background(rng):
    """A photo-like background: a two-colour gradient, soft blobs, fine noise."""
    a = numpy.array([rng.randrange(256) for _ in range(3)], dtype=numpy.float64)
    b = numpy.array([rng.randrange(256) for _ in range(3)], dtype=numpy.float64)
    t = numpy.linspace(0, 1, SIDE)[None, :, None]
    angle = rng.random()
    grid = t * angle + numpy.linspace(0, 1, SIDE)[:, None, None] * (1 - angle)
    pixels = a * (1 - grid) + b * grid
    image = Image.fromarray(numpy.clip(pixels, 0, 255).astype(numpy.uint8))
    draw = ImageDraw.Draw(image)
    for _ in range(6):
        x, y, r = rng.randrange(SIDE), rng.randrange(SIDE), rng.randrange(30, 140)
        draw.ellipse((x - r, y - r, x + r, y + r), fill=tuple(rng.randrange(256) for _ in range(3)))
    image = image.filter(ImageFilter.GaussianBlur(18))
    noise = numpy.random.default_rng(rng.randrange(1 << 30)).normal(0, 6, (SIDE, SIDE, 3))
    return Image.fromarray(numpy.clip(numpy.asarray(image, dtype=numpy.float64) + noise, 0, 255).astype(numpy.uint8))


def scene(d, bg, dx=0.0, scale=0.7):
    """The drawing pasted on a background, at the centre moved right by dx of the width."""
    canvas = bg.copy()
    side = int(SIDE * scale)
    d = d.copy()
    d.thumbnail((side, side), Image.LANCZOS)
    x = (SIDE - d.width) // 2 + int(dx * SIDE)
    canvas.paste(d, (x, (SIDE - d.height) // 2), d)
    return canvas


def crop(image, fraction, rng):
    w, h = image.size
    cut_w, cut_h = int(w * fraction), int(h * fraction)
    left, top = rng.randrange(cut_w + 1), rng.randrange(cut_h + 1)
    return image.crop((left, top, left + w - cut_w, top + h - cut_h))


def hue(image, degrees):
    pixels = numpy.asarray(image.convert("HSV"), dtype=numpy.int32).copy()
    pixels[..., 0] = (pixels[..., 0] + int(degrees / 360 * 256)) % 256
    return Image.fromarray(pixels.astype(numpy.uint8), "HSV").convert("RGB")


def caption(image, fraction, text):
    image = image.copy()
    draw = ImageDraw.Draw(image)
    size = max(8, int(image.height * fraction))
    font = ImageFont.truetype(FONT, size)
    y = image.height - int(size * 1.4)
    draw.rectangle((0, y - 4, image.width, image.height), fill=(0, 0, 0))
    draw.text((8, y), text, fill=(255, 255, 255), font=font)
    return image


def logo(image, fraction):
    image = image.copy()
    side = max(8, int(image.width * fraction))
    mark = Image.new("RGBA", (side, side), (0, 0, 0, 0))
    draw = ImageDraw.Draw(mark)
    draw.ellipse((0, 0, side - 1, side - 1), fill=(220, 30, 30, 200))
    draw.text((side // 4, side // 4), "©", fill=(255, 255, 255, 255), font=ImageFont.truetype(FONT, max(6, side // 2)))
    image.paste(mark, (image.width - side - 6, 6), mark)
    return image


NEAR = [
    ("resize", "0.5", lambda im, rng: im.resize((im.width // 2, im.height // 2), Image.LANCZOS), "png"),
    ("resize", "0.25", lambda im, rng: im.resize((im.width // 4, im.height // 4), Image.LANCZOS), "png"),
    ("jpeg", "q70", lambda im, rng: im, ("jpg", 70)),
    ("jpeg", "q25", lambda im, rng: im, ("jpg", 25)),
    ("crop", "5%", lambda im, rng: crop(im, 0.05, rng), "png"),
    ("crop", "10%", lambda im, rng: crop(im, 0.10, rng), "png"),
    ("brightness", "+15%", lambda im, rng: ImageEnhance.Brightness(im).enhance(1.15), "png"),
    ("brightness", "+35%", lambda im, rng: ImageEnhance.Brightness(im).enhance(1.35), "png"),
    ("colour", "saturation x0.6", lambda im, rng: ImageEnhance.Color(im).enhance(0.6), "png"),
    ("colour", "hue +20", lambda im, rng: hue(im, 20), "png"),
    ("text", "6%", lambda im, rng: caption(im, 0.06, "Holiday 2024 - copy"), "png"),
    ("text", "14%", lambda im, rng: caption(im, 0.14, "SALE -50%"), "png"),
    ("logo", "8%", lambda im, rng: logo(im, 0.08), "png"),
    ("logo", "18%", lambda im, rng: logo(im, 0.18), "png"),
    ("format", "webp q80", lambda im, rng: im, ("webp", 80)),
    ("format", "gif", lambda im, rng: im.convert("P", palette=Image.ADAPTIVE, colors=256), "gif"),
]


def save(image, path, how):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    if isinstance(how, tuple):
        fmt, quality = how
        path = path + "." + fmt
        image.convert("RGB").save(path, {"jpg": "JPEG", "webp": "WEBP"}[fmt], quality=quality)
    else:
        path = path + "." + how
        image.save(path)
    return path


def pictures(out, n, rng, truth):
    sources = clipart_sources(n, rng)
    for s, (category, path) in enumerate(sources):
        d = drawing(path, SIDE)
        bg = background(rng)
        for style, original in (("white", on_white(d)), ("scene", scene(d, bg))):
            key = f"p{s:03d}-{style}"
            folder = os.path.join(out, "pictures", key)

            def add(image, name, how, kind, transform, strength):
                written = save(image, os.path.join(folder, name), how)
                truth.append({"id": os.path.relpath(written, out), "modality": "image", "source": key, "kind": kind,
                              "transform": transform, "strength": strength, "category": category,
                              "drawing": os.path.relpath(path, CLIPART)})

            add(original, "original", "png", "original", "", "")
            original.save(os.path.join(folder, "exact-png9.png"), compress_level=9, optimize=True)
            truth.append({"id": os.path.relpath(os.path.join(folder, "exact-png9.png"), out), "modality": "image", "source": key,
                          "kind": "exact", "transform": "format", "strength": "png saved again", "category": category})
            add(original, "exact-bmp", "bmp", "exact", "format", "bmp")
            for i, (transform, strength, make, how) in enumerate(NEAR):
                add(make(original, rng), f"near-{i:02d}", how, "near", transform, strength)
            if style == "scene":
                for dx, strength in ((0.08, "8%"), (0.15, "15%")):
                    add(scene(d, bg, dx=dx), f"burst-{strength[:-1]}", "png", "burst", "burst", strength)
                for j in range(2):
                    other = drawing(sources[(s + 7 + j) % len(sources)][1], SIDE)
                    canvas = background(rng)
                    small = d.copy()
                    small.thumbnail((int(SIDE * 0.45), int(SIDE * 0.45)), Image.LANCZOS)
                    canvas.paste(small, (rng.randrange(0, SIDE - small.width), rng.randrange(0, SIDE - small.height)), small)
                    other.thumbnail((int(SIDE * 0.4), int(SIDE * 0.4)), Image.LANCZOS)
                    canvas.paste(other, (rng.randrange(0, SIDE - other.width), rng.randrange(0, SIDE - other.height)), other)
                    add(canvas, f"composed-{j}", "png", "composed", "composed", "")


def run(*cmd):
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def sound_sources(out):
    """(family, key, path to a WAV) for every sound source; espeak-ng sentences are rendered first."""
    out_sources = []
    seen = set()  # both packages name one file several times through symbolic links: real paths only
    for f in sorted(os.listdir(SOUND_ICONS)):
        path = os.path.join(SOUND_ICONS, f)
        real = os.path.realpath(path)
        if f.endswith(".wav") and real not in seen and os.path.getsize(real) > 20_000:
            seen.add(real)
            out_sources.append(("sound-icons " + f.split("-")[0].split(".")[0], "si-" + f[:-4], path))
    for f in sorted(os.listdir(FREEDESKTOP)):
        real = os.path.realpath(os.path.join(FREEDESKTOP, f))
        if f.endswith(".oga") and not f.startswith("audio-channel") and real not in seen:
            seen.add(real)
            out_sources.append(("freedesktop", "fd-" + f[:-4], os.path.join(FREEDESKTOP, f)))
    tmp = os.path.join(out, "tmp")
    os.makedirs(tmp, exist_ok=True)
    for i, sentence in enumerate(SENTENCES):
        path = os.path.join(tmp, f"speech-{i}.wav")
        run("espeak-ng", "-v", "en-us", "-s", "150", "-w", path, sentence)
        out_sources.append(("espeak-ng en-us", f"sp-{i}", path))
    return out_sources


SOUND_NEAR = [
    ("mp3", "128k", ["-c:a", "libmp3lame", "-b:a", "128k"], "mp3"),
    ("mp3", "48k", ["-c:a", "libmp3lame", "-b:a", "48k"], "mp3"),
    ("ogg", "q4", ["-c:a", "libvorbis", "-q:a", "4"], "ogg"),
    ("ogg", "q0", ["-c:a", "libvorbis", "-q:a", "0"], "ogg"),
    ("resample", "16 kHz", ["-ar", "16000", "-c:a", "pcm_s16le"], "wav"),
    ("resample", "8 kHz and back", ["-af", "aresample=8000,aresample=44100", "-c:a", "pcm_s16le"], "wav"),
    ("volume", "x0.5", ["-af", "volume=0.5", "-c:a", "pcm_s16le"], "wav"),
    ("volume", "x0.2", ["-af", "volume=0.2", "-c:a", "pcm_s16le"], "wav"),
]


def sounds(out, truth):
    for family, key, path in sound_sources(out):
        folder = os.path.join(out, "sounds", key)
        os.makedirs(folder, exist_ok=True)
        original = os.path.join(folder, "original.wav")
        run("ffmpeg", "-y", "-i", path, "-t", "8", "-ac", "1", "-c:a", "pcm_s16le", original)

        def add(name, kind, transform, strength):
            truth.append({"id": os.path.relpath(os.path.join(folder, name), out), "modality": "audio", "source": key,
                          "kind": kind, "transform": transform, "strength": strength, "category": family})

        add("original.wav", "original", "", "")
        run("ffmpeg", "-y", "-i", original, "-c:a", "flac", os.path.join(folder, "exact.flac"))
        add("exact.flac", "exact", "format", "flac")
        for i, (transform, strength, args, ext) in enumerate(SOUND_NEAR):
            name = f"near-{i:02d}.{ext}"
            run("ffmpeg", "-y", "-i", original, *args, os.path.join(folder, name))
            add(name, "near", transform, strength)


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("out")
    p.add_argument("--pictures", type=int, default=60, help="picture sources (each shown on white and in a scene)")
    p.add_argument("--seed", type=int, default=28)
    a = p.parse_args()
    rng = random.Random(a.seed)
    truth = []
    pictures(a.out, a.pictures, rng, truth)
    sounds(a.out, truth)
    subprocess.run(["rm", "-rf", os.path.join(a.out, "tmp")], check=True)
    with open(os.path.join(a.out, "truth.jsonl"), "w") as f:
        for row in truth:
            f.write(json.dumps(row) + "\n")
    print(f"{len(truth)} files: {sum(r['modality'] == 'image' for r in truth)} pictures, "
          f"{sum(r['modality'] == 'audio' for r in truth)} sounds", file=sys.stderr)


if __name__ == "__main__":
    main()

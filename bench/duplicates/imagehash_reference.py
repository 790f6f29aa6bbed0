#!/usr/bin/python3
"""Reference pHash and dHash, as the Python imagehash library (4.3) defines them, for the Java tests.

imagehash is not packaged by Debian, so its two definitions are written out here from its source
with Pillow and numpy only (Debian python3-pil, python3-numpy):

    phash: image.convert("L").resize((32, 32), LANCZOS); dct = scipy.fftpack.dct(scipy.fftpack.dct(
           pixels, axis=0), axis=1); low = dct[:8, :8]; bits = low > numpy.median(low)
    dhash: image.convert("L").resize((9, 8), LANCZOS); bits = pixels[:, 1:] > pixels[:, :-1]

scipy's unnormalised DCT-II, y[k] = 2 sum_n x[n] cos(pi k (2n + 1) / 2N), is written as a matrix.
Pictures with alpha are put on white first, as mmsearch's decoder does.

Usage: imagehash_reference.py OUT.json PICTURE...
"""
import json
import os
import sys

import numpy
from PIL import Image


def dct_matrix(n):
    k = numpy.arange(n)[:, None]
    i = numpy.arange(n)[None, :]
    return 2 * numpy.cos(numpy.pi * k * (2 * i + 1) / (2 * n))


def load(path):
    image = Image.open(path)
    if image.mode in ("RGBA", "LA", "P"):
        image = image.convert("RGBA")
        white = Image.new("RGBA", image.size, (255, 255, 255, 255))
        image = Image.alpha_composite(white, image)
    return image.convert("RGB")


def bits_hex(bits):
    value = 0
    for b in bits.flatten():
        value = (value << 1) | int(bool(b))
    return "%016x" % value


def phash(image):
    pixels = numpy.asarray(image.convert("L").resize((32, 32), Image.LANCZOS), dtype=numpy.float64)
    m = dct_matrix(32)
    dct = (m @ pixels) @ m.T  # along axis 0, then axis 1
    low = dct[:8, :8]
    return bits_hex(low > numpy.median(low))


def dhash(image):
    pixels = numpy.asarray(image.convert("L").resize((9, 8), Image.LANCZOS), dtype=numpy.int32)
    return bits_hex(pixels[:, 1:] > pixels[:, :-1])


def main():
    out = {}
    for path in sys.argv[2:]:
        image = load(path)
        out[os.path.basename(path)] = {"phash": phash(image), "dhash": dhash(image)}
    with open(sys.argv[1], "w") as f:
        json.dump(out, f, indent=1, sort_keys=True)
        f.write("\n")


if __name__ == "__main__":
    main()

# A photo-like 640x480 JPEG: sky/ground gradients, blurred shapes, a drawing, fine sensor noise.
# Usage: /usr/bin/python3 bench/photo_query.py OUT.jpg (bench/picture-query-benchmark.sh prepare makes it).
import numpy as np, random
from PIL import Image, ImageDraw, ImageFilter
rng = np.random.default_rng(7)
h, w = 480, 640
y = np.linspace(0, 1, h)[:, None, None]
sky = np.array([110, 160, 220]) * (1 - y) + np.array([200, 220, 235]) * y
img = np.broadcast_to(sky, (h, w, 3)).copy()
img[300:] = np.array([70, 120, 50]) + rng.normal(0, 25, (180, w, 3))
pic = Image.fromarray(np.clip(img, 0, 255).astype(np.uint8))
d = ImageDraw.Draw(pic)
for _ in range(40):
    x0, y0 = rng.integers(0, w), rng.integers(150, h)
    r = int(rng.integers(10, 60))
    d.ellipse([x0 - r, y0 - r, x0 + r, y0 + r], fill=tuple(int(c) for c in rng.integers(0, 255, 3)))
pic = pic.filter(ImageFilter.GaussianBlur(2))
art = Image.open('/usr/share/openclipart/png/animals/cat_01.png' if __import__('os').path.exists('/usr/share/openclipart/png/animals/cat_01.png') else sorted(__import__('glob').glob('/usr/share/openclipart/png/animals/*.png'))[0]).convert('RGBA')
art.thumbnail((260, 260))
pic.paste(art, (190, 140), art)
a = np.asarray(pic).astype(float) + rng.normal(0, 22, (h, w, 3))
Image.fromarray(np.clip(a, 0, 255).astype(np.uint8)).save(__import__('sys').argv[1], quality=97)

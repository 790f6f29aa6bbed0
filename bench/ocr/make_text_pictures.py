#!/usr/bin/python3
"""Pictures with known text, for measuring text reading (OCR) and retrieval by the words in pictures (issue 27).

    /usr/bin/python3 bench/ocr/make_text_pictures.py --out DIR [--pictures 400] [--seed 27] [--cache DIR]
    /usr/bin/python3 bench/ocr/make_text_pictures.py --fixtures DIR [--cache DIR]     (the test fixtures, fixed)

Writes, under --out:
  pictures/tNNNN.png|.jpg  the pictures (about one in five JPEG at quality 80); names say nothing about content
  truth.jsonl              one line per picture:
      file, has_text, lines: [{text, box: [x0,y0,x1,y1,x2,y2,x3,y3], content}], and the conditions:
      font (family and style), font_file, size (the font's em size in pixels), size_band (small 12-16 px,
      medium 20-32, large 40-80), angle (degrees, counter-clockwise: positive text rises to the right;
      0, +-5, +-10, +-15), background (white | plain | gradient | picture | picture+panel), background_source,
      panel (colour and opacity of the semi-transparent panel behind the text, or null), text_color, stroke
      (outline width and colour, or null), lines_band (1 | 2-3 | several), layout (single | sign | receipt |
      slide | label), content (the kinds of the lines: words, code, serial, price, date), align,
      condition ("medium/10deg/gradient"; "notext/<background>" for pictures without text), width, height,
      format (png | jpeg).
      A box is the line's ink box (the glyphs' bounding box in the unrotated text, outline included),
      its corners top-left, top-right, bottom-right, bottom-left after rotation, in picture pixels.
  queries.jsonl            retrieval queries made of each text picture's words: id, query, kind (line: a whole
                           line; word: its most distinctive word, the one fewest other pictures hold; fragment:
                           part of a code or serial number such as "4B2" or "4471"), expected (the picture the
                           query was made from) and relevant (every picture holding it: the same words in
                           sequence, case-insensitive, for line and word; the substring, case-insensitive,
                           for fragment)
About 20% of the pictures have no text (has_text false, lines []): the same backgrounds, as distractors.

Conditions are drawn independently and evenly from shuffled decks (size band, angle, background, lines,
font; angle 0 for 40% of text pictures, +-5, +-10 and +-15 for 20% each). Text lines:
  words    from the fixed word list WORDS below (written for this benchmark), UPPER, Title or lower case;
           in each picture one of them is replaced by the next word of RARE_WORDS (also written here), so
           that each picture has a word no other picture holds (while the ~400 rare words last)
  code     three and three characters from CODE_CHARS, "7XK 4B2" (no I, O, Q, 0, 1: plates avoid them too)
  serial   "SN-4471-ZQ", "LOT 20931-K", "REF AB-5521", "ID 204-771-93"
  price    "$12.99", "12.50", "USD 7.25", "EUR 3.40" (after a word or an item)
  date     "2026-03-14", "14/03/2026", "March 14, 2026", "14 MAR 2026", "09:30"
Layouts: single (one line), sign (2-3 lines: a heading and one or two lines under it), receipt (shop
name, date, items with prices, TOTAL), slide (a title and bullet-less lines), label (product, serial,
lot, date). Lines are left-aligned or centred; text over a picture without a panel is black or white by
the picture's brightness under it, with a contrasting outline half of the time (as memes do).

Sources (nothing else): fonts from Debian fonts-dejavu-core/-extra and fonts-liberation (DejaVu Sans,
Serif, Sans Mono; Liberation Sans, Serif, Sans Narrow, Mono; regular and bold); background pictures from
Open Clip Art (Debian openclipart-png, its SVG metadata for the text filter), Twemoji (npm
emoji-datasource-twitter 16.0.0, the 64 px PNGs, scaled up) and OpenMoji 17.0.0 (npm, SVG rasterised at
512 px with Debian librsvg2-bin's rsvg-convert); plain colours and gradients drawn here. Background
pictures are kept away from those that hold text of their own (flags, signs, keycaps, calendars, books,
screens...: the TEXTY, EMOJI_CATEGORIES, OPENMOJI_GROUPS and CLIPART_* rules below), so that truth.jsonl
is all the text a picture holds. The rules are names, tags and SVG content; every background picture that
seed 27 with N=400 draws was also looked at (about 150), and those with text of their own led to the rules
(Open Clip Art "Linked Image Not Found" placeholders, signed Lumen Design Studio pictures, sailing diagrams,
the sleeping face's "zzz"). Other seeds or larger N draw pictures nobody looked at.
The npm packages are fetched with `npm pack` into --cache (default OUT/cache; the layout of
bench/mixed/build_mixed_collection.py, so /tmp/vidcache/c can be reused) and rasterised OpenMoji
pictures kept in CACHE/openmoji-512 (as bench/video/make_videos.py does).

Deterministic: everything is drawn from random.Random(--seed) in a fixed order over sorted source
listings, and Pillow renders the same pixels from the same fonts, so one seed gives the same files on the
same Debian packages. Needs /usr/bin/python3 with python3-pil (Pillow 9.4), nothing else from Python.

Time: N=400 (19 MB) takes 10-21 s wall, 8.5-9 s of CPU, on two cores shared with other work (warm --cache; the
first run also rasterises ~55 OpenMoji SVGs, 16 s in all with downloaded npm packages).
"""
import argparse
import json
import math
import os
import random
import re
import subprocess
import sys
import time
import warnings

from PIL import Image, ImageDraw, ImageFont, ImageStat

warnings.simplefilter("ignore", Image.DecompressionBombWarning)  # sizes are read from headers and checked here

FONT_DIR = "/usr/share/fonts/truetype"
FONTS = [  # (family, style, file under FONT_DIR)
    ("DejaVu Sans", "Regular", "dejavu/DejaVuSans.ttf"), ("DejaVu Sans", "Bold", "dejavu/DejaVuSans-Bold.ttf"),
    ("DejaVu Serif", "Regular", "dejavu/DejaVuSerif.ttf"), ("DejaVu Serif", "Bold", "dejavu/DejaVuSerif-Bold.ttf"),
    ("DejaVu Sans Mono", "Regular", "dejavu/DejaVuSansMono.ttf"), ("DejaVu Sans Mono", "Bold", "dejavu/DejaVuSansMono-Bold.ttf"),
    ("Liberation Sans", "Regular", "liberation/LiberationSans-Regular.ttf"), ("Liberation Sans", "Bold", "liberation/LiberationSans-Bold.ttf"),
    ("Liberation Serif", "Regular", "liberation/LiberationSerif-Regular.ttf"), ("Liberation Serif", "Bold", "liberation/LiberationSerif-Bold.ttf"),
    ("Liberation Sans Narrow", "Regular", "liberation/LiberationSansNarrow-Regular.ttf"),
    ("Liberation Sans Narrow", "Bold", "liberation/LiberationSansNarrow-Bold.ttf"),
    ("Liberation Mono", "Regular", "liberation/LiberationMono-Regular.ttf"), ("Liberation Mono", "Bold", "liberation/LiberationMono-Bold.ttf"),
]

# The word list: ordinary English words of 3-12 letters, written for this benchmark.
WORDS = """
apple basket bridge candle castle cherry circle cloud copper cotton desert dinner dragon engine fabric
falcon feather forest garden garlic ginger glass golden granite harbor harvest helmet honey island
jacket jungle kettle ladder lantern lemon library lizard magnet maple marble meadow mirror monkey
mountain needle noodle ocean orange orchard paddle palace panther parrot pepper pillow planet pocket
potato puzzle rabbit radio ribbon river rocket saddle salmon school shadow silver spider spoon spring
square station stone street sugar summer sunset table tiger timber tomato tower tractor tunnel turtle
valley velvet village violin wagon walnut window winter wizard yellow zebra anchor arrow autumn bakery
balloon bamboo banana beacon beetle blanket bottle branch breeze bucket buffalo butter cabin camera
canyon carpet carrot cedar chapel cheese chimney cinema clover coconut comet compass corner cottage
crystal cupboard dolphin donkey eagle elbow elephant emerald falcon ferry fiddle finger flame flower
fountain fox frost galaxy gazelle giraffe glacier goose grape gravel guitar hammer hazel hedgehog
hollow horizon iceberg insect ivory jasmine jelly kitten koala lagoon lemonade leopard lighthouse
lobster lotus lumber mango meadow melon meteor mitten moose mosaic muffin mushroom napkin nectar nest
nickel oasis octopus olive onion otter owl oyster paint panda papaya pearl pebble pelican penguin
pepper piano pickle pilot pine pirate plum pony poppy pumpkin quartz quilt raccoon radish rainbow
raven reef rhino robin rose ruby saffron sailor sapphire scarf seagull sheep shell shovel skate sled
snail sparrow spinach squid squirrel stable starfish stove strawberry sunflower swan teapot thistle
thunder toast tulip turnip umbrella unicorn vanilla vase violet walrus whale wheat whistle willow
wolf yogurt acorn alpine amber arcade atlas avenue badge ballad banner barrel basil beach berry
biscuit blossom boulder bracelet bronze brook cactus canal canoe caramel cargo cashew cereal chalk
cider cinnamon citrus clay cobalt cocoa coral crane crater crimson cumin daisy dune ember fennel fjord
flint garnet geyser glider gorilla harp heron hickory indigo iris jade juniper kayak kiwi lava lilac
linen llama lynx mahogany marigold marsh meringue mint nutmeg oatmeal opal orbit orchid paprika parsley
peach peanut pecan peony pistachio plaza prairie quince raisin rapids ridge saffron sage sequoia
sherbet sierra sorbet spruce summit tangerine terrace thyme topaz truffle tundra turquoise walnut
wombat yarn zinnia bright quiet rapid gentle humble brave clever silent sudden hidden frozen golden
ancient modern simple gentle bold calm eager fancy giant jolly lucky merry noble proud royal shiny
smooth sturdy swift tiny vivid warm wild wise fresh happy little large early daily weekly local
public private central northern southern eastern western upper lower inner outer open closed free
final special premium classic organic natural secret famous grand welcome thanks service entrance
exit parking garden kitchen office market museum gallery theater concert festival holiday weekend
morning evening tonight tomorrow breakfast lunch supper coffee bread milk butter cheese water juice
soup salad pasta pizza burger sandwich dessert cake cookie chocolate tea rice beans sauce invoice
receipt order ticket member customer delivery discount offer sale price total subtotal cash change
card payment balance account ledger report summary agenda meeting project budget quarter growth
revenue review planning design research launch update release version feature support contact
address phone email website notice warning caution danger attention please keep closed reserved
private staff only entry floor level room block gate lane road bridge platform terminal departure
arrival flight train bus ferry route north south east west
"""
WORDS = sorted(set(WORDS.split()))

# Rarer words, also written for this benchmark: each text picture with a line of words gets one of them in
# place of one of its words, dealt from a deck so that no two pictures share one while the deck lasts
# (~400 words): the picture's "distinctive word" query then has a single answer, as a name or a rare term has.
RARE_WORDS = """
abacus abalone absinthe acacia accordion acrobat adagio admiral adobe agate airship albatross alchemy alcove alfalfa
algebra allspice alpaca amaranth ambrosia amethyst ammonite amphora anemone angora anise antelope anthem anvil apricot
aqueduct arbor archipelago armadillo arrowroot artichoke asparagus asteroid astrolabe aubergine aurora avalanche avocado
axolotl azalea bagpipe baguette balsam banjo baobab barnacle barometer basalt bassoon bayou beeswax begonia belfry
bergamot bilberry binnacle bison blizzard bluebell bobcat bonsai boomerang borage brioche brocade buckwheat bugle bulrush
burrito buttercup cabaret calamari calliope camellia camphor canopy capybara caravan cardamom carnation carousel cassava
catamaran catapult cauldron celery chamomile chandelier chestnut chickpea chinchilla chipmunk cicada clarinet cobbler
cockatoo colander condor corduroy cormorant cornet cravat crocus croissant crossbow crumpet cuckoo cuttlefish cymbal
cypress daffodil dahlia damask dandelion delta dervish didgeridoo dingo dirigible dodo doublet dragonfly drizzle dulcimer
dumpling dynamo echidna eclair edelweiss eggplant eiderdown elderberry elixir enamel epaulette equinox ermine escarpment
espresso estuary eucalyptus falafel fandango fathom fedora felucca ferret fiesta figurine filbert firefly flamingo
flannel flotilla fondue foxglove frangipani fresco fritter fuchsia fumarole galleon gardenia gargoyle gazebo gecko
gemstone geranium gherkin gingham gnocchi goblet gondola gooseberry gourd granola gravy griffin grotto guava gumdrop
gypsum habanero haddock halibut hammock harmonica harpoon hawthorn heather hemlock hibiscus homestead hornet hummingbird
hyacinth hydrant ibex icicle iguana incense inkwell isthmus jackal jaguar jamboree jerboa jigsaw jonquil jukebox
kaleidoscope kangaroo kelp kestrel kimono kingfisher kipper kohlrabi kumquat labyrinth lacquer lanolin larkspur lasagna
latte lavender leek lemur lentil lichen limestone linnet locust loquat lupine lute macaroon magenta magnolia majolica
mandolin manatee mandrake mangrove marimba marmalade marmot marzipan mascot mastodon mayfly medallion meerkat merlin
mesa metronome mimosa minaret minnow mistletoe moccasin mongoose monsoon moraine mortar mosquito mulberry musket muskrat
mustang narwhal nasturtium nautilus nebula newt nightingale nougat nutcracker obelisk obsidian ocarina ocelot okapi
oleander omelette onyx oregano oriole osprey ostrich pagoda palomino pampas pangolin papyrus parchment parsnip partridge
pavilion peacock pergola periwinkle persimmon petunia pheasant piccolo pinecone pinwheel platypus plover poncho porcupine
porridge pretzel primrose ptarmigan puffin pumice python quail quasar quiche quokka radiator rambutan rattan redwood
rhubarb riverbed rosemary rutabaga salamander samovar sandpiper sarsaparilla sassafras satchel saxophone scallop scarab
scone scorpion seahorse semaphore sextant shamrock sitar skylark slalom snapdragon sombrero souffle spatula sphinx
spinnaker stalactite stingray stork sundial sycamore tabasco tamarind tambourine tapestry tapioca tarantula tarragon
teacup telescope tempura termite thimble toboggan tortilla toucan trapeze trebuchet trellis trombone trumpet tuba turbine
turmeric tuxedo ukulele upholstery urchin vermilion vicuna vineyard viola vulture waffle wallaby warbler wasabi waterfall
weasel wigwam wisteria woodpecker wolverine xylophone yodel yucca yurt zeppelin zucchini zephyr ziggurat
"""
RARE_WORDS = sorted(set(RARE_WORDS.split()) - set(WORDS))

# Receipt items: a small shared vocabulary, as real receipts repeat the same goods.
ITEMS = ["coffee", "bread", "milk", "butter", "cheese", "apples", "bananas", "eggs", "juice", "water", "tea", "rice", "pasta",
         "soup", "salad", "cookies", "yogurt", "tomatoes", "onions", "carrots", "sugar", "flour", "honey", "chocolate",
         "muffin", "sandwich", "lemonade", "pizza", "noodles", "olives"]
CODE_CHARS = "ABCDEFGHJKLMNPRSTUVWXYZ23456789"
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"]

SIZE_BANDS = {"small": (12, 16), "medium": (20, 32), "large": (40, 80)}
ANGLES = [0, 0, 5, -5, 10, -10, 15, -15, 0, 0]  # 40% level, 20% each of 5, 10 and 15 degrees (either way)
BACKGROUNDS = ["white", "plain", "gradient", "picture", "picture+panel"]
LINES = ["1", "2-3", "several"]
CANVASES = [(640, 480), (800, 600), (1024, 768), (480, 640), (600, 600), (960, 540)]
MAX_LINE_WIDTH = 1100
DARK_INKS = [(0, 0, 0), (30, 30, 30), (60, 60, 60), (20, 30, 90), (110, 20, 20), (20, 80, 30)]

# Background pictures must not hold text of their own: names, tags and titles matching these are left out.
TEXTY = re.compile(r"\b(text|sign|label|letter|lettering|word|banner|logo|button|font|alphabet|number|digit|numeral|calendar|document|"
                   r"sticker|badge|poster|flag|clock|watch|book|page|card|ticket|title|menu|plate|note|paper|certificate|diploma|"
                   r"news|license|licence|typography|calligraphy|keyboard|keycap|screen|price|receipt|chart|graph|symbol|squared|input|scroll|memo|ledger|"
                   r"clipboard|envelope|mail|package|bookmark|calculator|phone|telephone|computer|laptop|television|monitor|pager|"
                   r"fax|meter|gauge|speedometer|sale|shop|store|bank|hospital|school|hotel|station|office|hundred|anger|speech|"
                   r"thought|japanese|chinese|ideograph|currency|dollar|euro|yen|money|coin|cash|credit|bill|magazine|scoreboard|"
                   r"dice|domino|mahjong|joker|playing|game|puzzle|chess|christmas|birthday|greeting|valentine|halloween|easter|"
                   r"award|medal|trophy|emblem|seal|stamp|tattoo|shirt|jersey|bottle|jar|tube|battery|film|movie|video|camera|"
                   r"cinema|radio|music|score|map|globe|compass|ruler|thermometer|syringe|formula|equation|percent|ascii|unicode|"
                   r"icon|glyph|question|exclamation|arrow|direction|road|traffic|street|highway|route|bus|taxi|police|ambulance|"
                   r"fire engine|truck|shield|crest|coat of arms|sport|jersey|football|baseball|soccer|sign"
                   r"|id|vs|ok|up|top|on|end|back|soon|new|free|cool|sos|wc|atm|tv|can|cap|box|key|sum|tag|post|plus|lab|test|dna|"
                   r"diagram|rule|instruction|infographic|abc|zzz|sleeping|kaaba|mark|tin)s?\b")
EMOJI_CATEGORIES = {"Animals & Nature", "Food & Drink", "Travel & Places", "Activities", "Objects", "Smileys & Emotion",
                    "People & Body"}
OPENMOJI_GROUPS = {"animals-nature", "food-drink", "travel-places", "activities", "objects", "smileys-emotion", "people-body"}
CLIPART_CATEGORIES = ["animals", "buildings", "containers", "decorations", "food", "people", "plants", "tools", "transportation"]
OPENCLIPART = "/usr/share/openclipart"
CLIPART_SKIP_FOLDERS = {"boating"}  # sailing diagrams and rules with labels
CLIPART_MARKS = re.compile(r"<(svg:)?(text|flowRoot|image)\b|Lumen Design Studio", re.I)
NPM = {"openmoji": "openmoji@17.0.0", "twemoji": "emoji-datasource-twitter@16.0.0"}
TWEMOJI_ID = "npm:emoji-datasource-twitter@16.0.0/img/twitter/64/"
OPENMOJI_ID = "npm:openmoji@17.0.0/color/svg/"
MAX_PICTURE_PIXELS = 16_000_000


# ---------------------------------------------------------------- sources

def ensure_npm(cache):
    os.makedirs(cache, exist_ok=True)
    packages = {}
    for name, spec in NPM.items():
        folder = os.path.join(cache, name)
        if not os.path.isdir(os.path.join(folder, "package")):
            tgz = subprocess.run(["npm", "pack", "--silent", spec], cwd=cache, check=True, capture_output=True, text=True).stdout.split()[-1]
            os.makedirs(folder, exist_ok=True)
            subprocess.run(["tar", "xzf", os.path.join(cache, tgz), "-C", folder], check=True)
            os.remove(os.path.join(cache, tgz))
        packages[name] = os.path.join(folder, "package")
    return packages


class PicturePool:
    """Background pictures from the three picture sources, without those that hold text."""

    def __init__(self, cache):
        self.cache = cache
        packages = ensure_npm(cache)
        self.twemoji_dir = os.path.join(packages["twemoji"], "img", "twitter", "64")
        self.twemoji = sorted(e["image"][:-4] for e in json.load(open(os.path.join(packages["twemoji"], "emoji.json")))
                              if e.get("has_img_twitter") and e.get("category") in EMOJI_CATEGORIES
                              and not TEXTY.search(" ".join([e.get("name") or "", e.get("subcategory") or ""] + e.get("short_names", [])).lower())
                              and os.path.exists(os.path.join(self.twemoji_dir, e["image"])))
        self.openmoji_pkg = packages["openmoji"]
        self.openmoji = sorted(e["hexcode"] for e in json.load(open(os.path.join(packages["openmoji"], "data", "openmoji.json")))
                               if e.get("group") in OPENMOJI_GROUPS and not e.get("skintone")
                               and not TEXTY.search(" ".join([e.get("annotation") or "", e.get("subgroups") or "", e.get("tags") or "",
                                                              e.get("openmoji_tags") or ""]).lower()))
        self.clipart = []
        seen = set()
        for category in CLIPART_CATEGORIES:
            for dirpath, dirs, files in os.walk(os.path.join(OPENCLIPART, "png", category)):
                dirs[:] = sorted(d for d in dirs if d not in CLIPART_SKIP_FOLDERS)
                for name in sorted(files):
                    png = os.path.join(dirpath, name)
                    real = os.path.realpath(png)
                    if name.endswith(".png") and real not in seen and not TEXTY.search(name.lower().replace("_", " ")):
                        seen.add(real)
                        self.clipart.append(os.path.relpath(png, os.path.join(OPENCLIPART, "png")))
        self.checked = {}

    def clipart_ok(self, rel):
        if rel not in self.checked:
            ok = False
            png = os.path.join(OPENCLIPART, "png", rel)
            svg = os.path.join(OPENCLIPART, "svg", rel[:-4] + ".svg")
            if os.path.getsize(os.path.realpath(png)) <= 8_000_000:
                try:
                    with Image.open(png) as im:
                        ok = im.width * im.height <= MAX_PICTURE_PIXELS
                except OSError:
                    ok = False
            if ok and os.path.exists(svg):
                meta = open(svg, encoding="utf-8", errors="replace").read()
                words = " ".join(re.findall(r"<dc:title>([^<]*)</dc:title>", meta) + re.findall(r"<rdf:li>([^<]*)</rdf:li>", meta))
                # Text elements; linked images (the PNG shows "Linked Image Not Found"); artists who sign in the picture.
                ok = not TEXTY.search(words.lower()) and not CLIPART_MARKS.search(meta)
            self.checked[rel] = ok
        return self.checked[rel]

    def draw(self, rng):
        """(source id, RGBA picture cropped to its drawn content)."""
        while True:
            kind = rng.choice(["twemoji", "openmoji", "openclipart"])
            if kind == "twemoji":
                key = rng.choice(self.twemoji)
                return TWEMOJI_ID + key + ".png", self.load(os.path.join(self.twemoji_dir, key + ".png"))
            if kind == "openmoji":
                key = rng.choice(self.openmoji)
                return OPENMOJI_ID + key + ".svg", self.load(self.openmoji_png(key))
            rel = rng.choice(self.clipart)
            if self.clipart_ok(rel):
                return "openclipart-png:" + rel, self.load(os.path.join(OPENCLIPART, "png", rel))

    def openmoji_png(self, key):
        folder = os.path.join(self.cache, "openmoji-512")
        os.makedirs(folder, exist_ok=True)
        png = os.path.join(folder, key + ".png")
        if not os.path.exists(png):
            svg = os.path.join(self.openmoji_pkg, "color", "svg", key + ".svg")
            subprocess.run(["rsvg-convert", "-w", "512", "-h", "512", "-o", png + ".tmp", svg], check=True)
            os.replace(png + ".tmp", png)
        return png

    @staticmethod
    def load(path):
        im = Image.open(path)
        if im.width * im.height > 2_000_000:
            im.thumbnail((1400, 1400), Image.LANCZOS)
        im = im.convert("RGBA")
        box = im.getchannel("A").getbbox()
        return im.crop(box) if box else im


# ---------------------------------------------------------------- backgrounds

def luma(c):
    return 0.299 * c[0] + 0.587 * c[1] + 0.114 * c[2]


def rand_colour(rng, lo=0, hi=255):
    while True:
        c = tuple(rng.randrange(256) for _ in range(3))
        if lo <= luma(c) <= hi:
            return c


def gradient(size, c0, c1, direction):
    w, h = size
    ramp = Image.linear_gradient("L")  # 256x256, black at the top to white at the bottom
    if direction == "horizontal":
        ramp = ramp.rotate(90, expand=True)
    elif direction == "diagonal":
        ramp = ramp.rotate(45, resample=Image.BICUBIC, expand=True)  # 364x364; its middle 181x181 lies inside the ramp
        ramp = ramp.crop((91, 91, 272, 272))
    mask = ramp.resize((w, h), Image.BICUBIC)
    return Image.composite(Image.new("RGB", (w, h), c1), Image.new("RGB", (w, h), c0), mask)


def place_picture(rng, size, picture, fill):
    """The picture scaled up to cover the canvas (cropped at random) or to fit it (on a plain fill)."""
    w, h = size
    canvas = Image.new("RGB", size, fill)
    mode = rng.choice(["cover", "fit"])
    if mode == "cover":
        s = max(w / picture.width, h / picture.height)
    else:
        s = rng.uniform(0.7, 0.95) * min(w / picture.width, h / picture.height)
    pw, ph = max(1, round(picture.width * s)), max(1, round(picture.height * s))
    scaled = picture.resize((pw, ph), Image.BICUBIC)
    x = rng.randint(min(0, w - pw), max(0, w - pw))
    y = rng.randint(min(0, h - ph), max(0, h - ph))
    canvas.paste(scaled, (x, y), scaled)
    return canvas, mode


def make_background(rng, kind, size, pool):
    """(RGB picture, description)."""
    if kind == "white":
        return Image.new("RGB", size, (255, 255, 255)), {"fill": [255, 255, 255]}
    if kind == "plain":
        c = rand_colour(rng)
        return Image.new("RGB", size, c), {"fill": list(c)}
    if kind == "gradient":
        light = rng.random() < 0.6
        c0, c1 = (rand_colour(rng, 175, 255), rand_colour(rng, 175, 255)) if light else (rand_colour(rng, 0, 85), rand_colour(rng, 0, 85))
        direction = rng.choice(["vertical", "horizontal", "diagonal"])
        return gradient(size, c0, c1, direction), {"from": list(c0), "to": list(c1), "direction": direction}
    source, picture = pool.draw(rng)
    fill = rng.choice([(255, 255, 255), rand_colour(rng, 200, 255)])
    im, mode = place_picture(rng, size, picture, fill)
    return im, {"source": source, "mode": mode, "fill": list(fill)}


# ---------------------------------------------------------------- text

class Deck:
    def __init__(self, rng, items):
        self.rng, self.items, self.left = rng, list(items), []

    def next(self):
        if not self.left:
            self.left = list(self.items)
            self.rng.shuffle(self.left)
        return self.left.pop()


def cased(words, style):
    if style == "upper":
        return [w.upper() for w in words]
    if style == "title":
        return [w.capitalize() for w in words]
    return list(words)


def code(rng):
    return "".join(rng.choice(CODE_CHARS) for _ in range(3)) + " " + "".join(rng.choice(CODE_CHARS) for _ in range(3))


def serial(rng):
    letters = "ABCDEFGHJKLMNPRSTUVWXYZ"
    f = rng.randrange(4)
    if f == 0:
        return f"SN-{rng.randrange(1000, 10000)}-{rng.choice(letters)}{rng.choice(letters)}"
    if f == 1:
        return f"LOT {rng.randrange(10000, 100000)}-{rng.choice(letters)}"
    if f == 2:
        return f"REF {rng.choice(letters)}{rng.choice(letters)}-{rng.randrange(1000, 10000)}"
    return f"ID {rng.randrange(100, 1000)}-{rng.randrange(100, 1000)}-{rng.randrange(10, 100)}"


def price(rng):
    v = rng.choice([rng.randrange(1, 20) + rng.choice([0.99, 0.49, 0.25, 0.5, 0.75, 0.1]), rng.randrange(100, 9999) / 100])
    f = rng.randrange(4)
    return [f"${v:.2f}", f"{v:.2f}", f"USD {v:.2f}", f"EUR {v:.2f}"][f]


def date(rng):
    y, m, d = rng.randrange(2019, 2031), rng.randrange(1, 13), rng.randrange(1, 29)
    f = rng.randrange(5)
    if f == 0:
        return f"{y}-{m:02d}-{d:02d}"
    if f == 1:
        return f"{d:02d}/{m:02d}/{y}"
    if f == 2:
        return f"{MONTHS[m - 1]} {d}, {y}"
    if f == 3:
        return f"{d} {MONTHS[m - 1][:3].upper()} {y}"
    return f"{rng.randrange(6, 23):02d}:{rng.choice([0, 15, 30, 45]):02d}"


class Line:
    """A line of text: tokens (text, removable when the line is too wide) and the kinds of its content."""

    def __init__(self, kinds, tokens):
        self.kinds, self.tokens = kinds, tokens

    @property
    def text(self):
        return " ".join(t for t, _ in self.tokens)

    def shorten(self):
        for i in range(len(self.tokens) - 1, -1, -1):
            if self.tokens[i][1]:
                del self.tokens[i]
                return True
        return False


def words_line(rng, deck, n, style):
    return Line(["words"], [(w, i > 0) for i, w in enumerate(cased([deck.next() for _ in range(n)], style))])


def style_of(rng):
    return rng.choice(["upper", "title", "lower"])


def plan_lines(rng, band, size_band, deck):
    """(layout, [Line])."""
    if band == "1":
        r = rng.random()
        if r < 0.4:
            return "single", [words_line(rng, deck, rng.randint(1, 4), style_of(rng))]
        if r < 0.55:
            return "single", [Line(["code"], [(code(rng), False)])]
        if r < 0.7:
            return "single", [Line(["serial"], [(serial(rng), False)])]
        if r < 0.85:
            ws = cased([deck.next() for _ in range(rng.randint(1, 2))], style_of(rng))
            return "single", [Line(["words", "price"], [(w, i > 0) for i, w in enumerate(ws)] + [(price(rng), False)])]
        ws = cased([deck.next() for _ in range(rng.randint(0, 2))], style_of(rng))
        return "single", [Line(["words", "date"] if ws else ["date"], [(w, i > 0) for i, w in enumerate(ws)] + [(date(rng), False)])]
    if band == "2-3":
        lines = [words_line(rng, deck, rng.randint(1, 3), rng.choice(["upper", "title"]))]
        for _ in range(rng.randint(1, 2)):
            r = rng.random()
            if r < 0.4:
                lines.append(words_line(rng, deck, rng.randint(2, 5), rng.choice(["title", "lower"])))
            elif r < 0.55:
                lines.append(Line(["code"], [(code(rng), False)]))
            elif r < 0.7:
                lines.append(Line(["serial"], [(serial(rng), False)]))
            elif r < 0.85:
                lines.append(Line(["words", "price"], [(deck.next().capitalize(), False), (price(rng), False)]))
            else:
                lines.append(Line(["words", "date"], [(deck.next().capitalize(), False), (date(rng), False)]))
        return "sign", lines
    n = rng.randint(4, 5 if size_band == "large" else 8)
    layout = rng.choice(["receipt", "slide", "label"])
    if layout == "receipt":
        style = rng.choice(["upper", "title"])
        lines = [words_line(rng, deck, 2, "upper"), Line(["date"], [(date(rng), False)])]
        for _ in range(n - 3):
            item = rng.choice(ITEMS)
            lines.append(Line(["words", "price"], [(cased([item], style)[0], False), (price(rng).split()[-1].lstrip("$"), False)]))
        lines.append(Line(["words", "price"], [(cased(["total"], style)[0], False), (price(rng).split()[-1], False)]))
        return layout, lines
    if layout == "slide":
        lines = [words_line(rng, deck, rng.randint(2, 4), "title")]
        for _ in range(n - 1):
            lines.append(words_line(rng, deck, rng.randint(2, 5), rng.choice(["lower", "title"])))
        return layout, lines
    lines = [words_line(rng, deck, rng.randint(1, 2), "upper"), Line(["serial"], [(serial(rng), False)])]
    extra = [lambda: Line(["code"], [(code(rng), False)]), lambda: Line(["serial"], [(serial(rng), False)]),
             lambda: Line(["words", "date"], [(rng.choice(["EXP", "Made", "Packed", "Best before"]), False), (date(rng), False)]),
             lambda: Line(["words", "price"], [(rng.choice(["Price", "PRICE", "Net"]), False), (price(rng), False)]),
             lambda: words_line(rng, deck, rng.randint(2, 4), rng.choice(["lower", "title"]))]
    for _ in range(n - 2):
        lines.append(rng.choice(extra)())
    return layout, lines


# ---------------------------------------------------------------- rendering

def rotation(angle):
    t = math.radians(angle)
    return math.cos(t), math.sin(t)


def forward(p, c_layer, center, angle):
    """A point of the unrotated text layer in picture coordinates (angle counter-clockwise, y down)."""
    cos, sin = rotation(angle)
    dx, dy = p[0] - c_layer[0], p[1] - c_layer[1]
    return center[0] + dx * cos + dy * sin, center[1] - dx * sin + dy * cos


def place_mask(mask, canvas_size, c_layer, center, angle):
    """The layer mask rotated about its centre and moved so its centre lies at `center`."""
    if angle == 0:
        out = Image.new("L", canvas_size, 0)
        out.paste(mask, (round(center[0] - c_layer[0]), round(center[1] - c_layer[1])))
        return out
    cos, sin = rotation(angle)
    cx, cy = center
    data = (cos, -sin, c_layer[0] - cos * cx + sin * cy, sin, cos, c_layer[1] - sin * cx - cos * cy)
    return mask.transform(canvas_size, Image.AFFINE, data, resample=Image.BICUBIC)


def layout_text(lines, font, size, align, stroke):
    """Masks (fill, outline, panel) of the unrotated text block and each line's ink box in it."""
    spacing = round(size * 1.3)
    pad = round(size * 0.5) + stroke
    probe = ImageDraw.Draw(Image.new("L", (1, 1)))
    boxes = [probe.textbbox((0, 0), line, font=font, stroke_width=stroke) for line in lines]
    width = max(b[2] for b in boxes)
    w = width + 2 * pad
    h = spacing * (len(lines) - 1) + max(b[3] for b in boxes[-1:]) + 2 * pad
    fill, outline = Image.new("L", (w, h), 0), Image.new("L", (w, h), 0)
    df, do = ImageDraw.Draw(fill), ImageDraw.Draw(outline)
    ink = []
    for i, (line, b) in enumerate(zip(lines, boxes)):
        x = pad + (0 if align == "left" else (width - b[2]) // 2)
        y = pad + i * spacing
        df.text((x, y), line, font=font, fill=255)
        if stroke:
            do.text((x, y), line, font=font, fill=255, stroke_width=stroke, stroke_fill=255)
        ink.append((x + b[0], y + b[1], x + b[2], y + b[3]))
    return fill, outline, ink, (w, h)


def rotated_extent(w, h, angle):
    cos, sin = rotation(angle)
    return abs(w * cos) + abs(h * sin), abs(w * sin) + abs(h * cos)


def contrasting(rng, bg):
    """A text colour far enough from the background's brightness."""
    l = luma(bg)
    for _ in range(50):
        c = rand_colour(rng, 0, 70) if l > 140 else rand_colour(rng, 200, 255)
        if abs(luma(c) - l) >= 110:
            return c
    return (0, 0, 0) if l > 128 else (255, 255, 255)


def render(rng, spec, pool):
    """Draws one picture: returns (image, truth record without file/format)."""
    size = spec["canvas"]
    if not spec["has_text"]:
        bg, bg_info = make_background(rng, spec["background"], size, pool)
        panel = None
        if spec["background"] == "picture+panel":  # an empty panel where text would be
            panel = {"color": rng.choice([[255, 255, 255], [0, 0, 0]]), "opacity": round(rng.uniform(0.55, 0.8), 2)}
            w, h = size
            pw, ph = rng.randint(w // 4, w * 3 // 4), rng.randint(h // 8, h // 3)
            x, y = rng.randint(10, w - pw - 10), rng.randint(10, h - ph - 10)
            m = Image.new("L", size, 0)
            ImageDraw.Draw(m).rectangle((x, y, x + pw, y + ph), fill=round(255 * panel["opacity"]))
            bg.paste(tuple(panel["color"]), (0, 0) + size, m)
        return bg, {"has_text": False, "lines": [], "font": None, "font_file": None, "size": None, "size_band": None, "angle": None,
                    "background": spec["background"], "background_source": bg_info.get("source"), "background_detail": bg_info,
                    "panel": panel, "text_color": None, "stroke": None, "lines_band": None, "layout": None, "content": [],
                    "align": None, "condition": "notext/" + spec["background"], "width": size[0], "height": size[1]}
    family, style, ffile = spec["font"]
    font = ImageFont.truetype(os.path.join(FONT_DIR, ffile), spec["size"])
    lines, angle = spec["lines"], spec["angle"]
    on_picture = spec["background"] == "picture"
    stroke = max(1, round(spec["size"] / 12)) if on_picture and rng.random() < 0.5 else 0
    align = rng.choice(["left", "center"])
    fill, outline, ink, (lw, lh) = layout_text([l.text for l in lines], font, spec["size"], align, stroke)
    ew, eh = rotated_extent(lw, lh, angle)
    margin = round(0.02 * max(size))
    w, h = max(size[0], math.ceil(ew) + 2 * margin), max(size[1], math.ceil(eh) + 2 * margin)  # grown when the text needs it
    size = (w, h)
    bg, bg_info = make_background(rng, spec["background"], size, pool)
    panel = None
    if spec["background"] == "picture+panel":
        panel = {"color": rng.choice([[255, 255, 255], [0, 0, 0]]), "opacity": round(rng.uniform(0.55, 0.8), 2)}
    cx = rng.uniform(margin + ew / 2, w - margin - ew / 2)
    cy = rng.uniform(margin + eh / 2, h - margin - eh / 2)
    c_layer = (lw / 2, lh / 2)
    region = (max(0, int(cx - ew / 2)), max(0, int(cy - eh / 2)), min(w, int(cx + ew / 2) + 1), min(h, int(cy + eh / 2) + 1))
    under = tuple(ImageStat.Stat(bg.crop(region)).mean[:3])
    if panel:
        pm = Image.new("L", (lw, lh), 0)
        ImageDraw.Draw(pm).rectangle((0, 0, lw - 1, lh - 1), fill=round(255 * panel["opacity"]))
        bg.paste(tuple(panel["color"]), (0, 0) + size, place_mask(pm, size, c_layer, (cx, cy), angle))
        blended = tuple(u * (1 - panel["opacity"]) + p * panel["opacity"] for u, p in zip(under, panel["color"]))
        colour = contrasting(rng, blended)
    elif spec["background"] == "white":
        colour = rng.choice(DARK_INKS)
    elif on_picture:
        colour = (255, 255, 255) if luma(under) < 128 else (0, 0, 0)
    else:
        colour = contrasting(rng, under)
    outline_colour = (0, 0, 0) if luma(colour) > 128 else (255, 255, 255)
    if stroke:
        bg.paste(outline_colour, (0, 0) + size, place_mask(outline, size, c_layer, (cx, cy), angle))
    bg.paste(tuple(colour), (0, 0) + size, place_mask(fill, size, c_layer, (cx, cy), angle))
    out_lines = []
    for line, b in zip(lines, ink):
        corners = [(b[0], b[1]), (b[2], b[1]), (b[2], b[3]), (b[0], b[3])]
        out_lines.append({"text": line.text, "box": [round(v) for p in corners for v in forward(p, c_layer, (cx, cy), angle)],
                          "content": line.kinds})
    return bg, {"has_text": True, "lines": out_lines, "font": f"{family} {style}", "font_file": ffile, "size": spec["size"],
                "size_band": spec["size_band"], "angle": angle, "background": spec["background"],
                "background_source": bg_info.get("source"), "background_detail": bg_info, "panel": panel,
                "text_color": list(colour), "stroke": {"width": stroke, "color": list(outline_colour)} if stroke else None,
                "lines_band": spec["lines_band"], "layout": spec["layout"], "content": sorted({k for l in lines for k in l.kinds}),
                "align": align, "condition": f"{spec['size_band']}/{angle}deg/{spec['background']}", "width": w, "height": h}


def add_rare(rng, lines, rare):
    """One word of the word list, in one of the lines, replaced by the next rare word in the same case."""
    common = set(WORDS)
    spots = [(i, j) for i, l in enumerate(lines) if "words" in l.kinds for j, (t, _) in enumerate(l.tokens) if t.lower() in common]
    if spots:
        i, j = rng.choice(spots)
        t, removable = lines[i].tokens[j]
        word = rare.next()
        lines[i].tokens[j] = (word.upper() if t.isupper() and len(t) > 1 else word.capitalize() if t[0].isupper() else word, removable)
    return lines


def fit_lines(lines, font_file, size, limit):
    font = ImageFont.truetype(os.path.join(FONT_DIR, font_file), size)
    for line in lines:
        while font.getlength(line.text) > limit and line.shorten():
            pass
    return lines


# ---------------------------------------------------------------- the set

def plan(rng, n, deck, rare):
    n_text = n - round(n * 0.2)
    kinds = [True] * n_text + [False] * (n - n_text)
    rng.shuffle(kinds)
    decks = {k: Deck(rng, v) for k, v in (("size", list(SIZE_BANDS)), ("angle", ANGLES), ("bg", BACKGROUNDS), ("lines", LINES),
                                             ("font", FONTS), ("bg0", BACKGROUNDS))}
    specs = []
    for i, has_text in enumerate(kinds):
        spec = {"has_text": has_text, "canvas": rng.choice(CANVASES), "jpeg": rng.random() < 0.2}
        if has_text:
            band = decks["size"].next()
            spec.update({"size_band": band, "size": rng.randint(*SIZE_BANDS[band]), "angle": decks["angle"].next(),
                         "background": decks["bg"].next(), "lines_band": decks["lines"].next(), "font": decks["font"].next()})
            spec["layout"], lines = plan_lines(rng, spec["lines_band"], band, deck)
            lines = fit_lines(lines, spec["font"][2], spec["size"], MAX_LINE_WIDTH)
            spec["lines"] = fit_lines(add_rare(rng, lines, rare), spec["font"][2], spec["size"], MAX_LINE_WIDTH)
        else:
            spec["background"] = decks["bg0"].next()
        specs.append(spec)
    return specs


def tokens(text):
    return [t for t in (w.strip(".,:;!?()\"'").lower() for w in text.split()) if t]


def make_queries(records):
    texts = {r["file"]: " ".join(l["text"] for l in r["lines"]) for r in records if r["has_text"]}
    seqs = {f: tokens(t) for f, t in texts.items()}
    df = {}
    for f, seq in seqs.items():
        for t in set(seq):
            df[t] = df.get(t, 0) + 1

    def holding(q):
        qt = tokens(q)
        return [f for f, seq in seqs.items() if any(seq[i:i + len(qt)] == qt for i in range(len(seq) - len(qt) + 1))]

    queries = []
    for r in records:
        if not r["has_text"]:
            continue
        f = r["file"]
        lines = [l["text"] for l in r["lines"]]
        line = next((l for l in lines if len(l.split()) >= 2), lines[0])
        mine = []
        mine.append({"query": line, "kind": "line", "relevant": holding(line)})
        words = [w.strip(".,:;!?()\"'") for w in " ".join(lines).split()]
        cands = [(df[w.lower()], -len(w), i, w) for i, w in enumerate(words) if w.isalpha() and len(w) >= 4]
        if cands:
            w = min(cands)[3]
            if w.lower() != line.lower():
                mine.append({"query": w, "kind": "word", "relevant": holding(w)})
        for l in r["lines"]:
            frag = None
            if "code" in l["content"]:
                frag = l["text"].split()[1]
            elif "serial" in l["content"]:
                frag = max(re.findall(r"[0-9]+", l["text"]), key=len)
            if frag:
                up = frag.upper()
                mine.append({"query": frag, "kind": "fragment", "relevant": [g for g, t in texts.items() if up in t.upper()]})
                break
        for q in mine:
            q["expected"] = f
            queries.append(q)
    for i, q in enumerate(queries):
        q["id"] = f"q{i + 1:04d}"
    return [{"id": q["id"], "query": q["query"], "kind": q["kind"], "expected": q["expected"], "relevant": q["relevant"]} for q in queries]


def generate(out, n, seed, cache):
    t0 = time.time()
    rng = random.Random(seed)
    pool = PicturePool(cache)
    os.makedirs(os.path.join(out, "pictures"), exist_ok=True)
    deck = Deck(rng, WORDS)
    specs = plan(rng, n, deck, Deck(rng, RARE_WORDS))
    records = []
    for i, spec in enumerate(specs):
        im, rec = render(rng, spec, pool)
        name = f"t{i + 1:04d}." + ("jpg" if spec["jpeg"] else "png")
        path = os.path.join(out, "pictures", name)
        if spec["jpeg"]:
            im.save(path, "JPEG", quality=80)
        else:
            im.save(path, "PNG")
        records.append(dict({"file": name}, **rec, format="jpeg" if spec["jpeg"] else "png"))
    with open(os.path.join(out, "truth.jsonl"), "w") as f:
        for r in records:
            f.write(json.dumps(r) + "\n")
    queries = make_queries(records)
    with open(os.path.join(out, "queries.jsonl"), "w") as f:
        for q in queries:
            f.write(json.dumps(q) + "\n")
    n_text = sum(r["has_text"] for r in records)
    print(f"{len(records)} pictures ({n_text} with text, {len(records) - n_text} without), {len(queries)} queries "
          f"in {time.time() - t0:.1f} s -> {out}")


# ---------------------------------------------------------------- fixtures for the tests

FIXTURES = [  # (file, canvas, background, [(text, font file, size)], angle, picture)
    ("invoice.png", (440, 110), "white", [("INVOICE 2026", "dejavu/DejaVuSans-Bold.ttf", 40)], 0, None),
    ("bread.png", (520, 100), "white", [("Fresh bread every morning", "liberation/LiberationSans-Regular.ttf", 32)], 0, None),
    ("concert.png", (500, 100), "gradient", [("Summer Concert Tickets", "dejavu/DejaVuSans.ttf", 32)], 0, None),
    ("platform.png", (400, 160), "white", [("PLATFORM 9", "liberation/LiberationSans-Bold.ttf", 36)], 10, None),
    ("parking.png", (460, 170), "white", [("NO PARKING", "dejavu/DejaVuSans-Bold.ttf", 40),
                                           ("Monday to Friday", "dejavu/DejaVuSans.ttf", 28)], 0, None),
    ("code.png", (300, 100), "white", [("7XK 4B2", "dejavu/DejaVuSans-Bold.ttf", 40)], 0, None),
    ("serial.png", (340, 100), "gradient", [("SN-4471-ZQ", "liberation/LiberationSans-Regular.ttf", 36)], 0, None),
    ("blank.png", (400, 150), "gradient", [], 0, None),
    ("bicycle_sale.png", (420, 400), "white", [("RED BICYCLE SALE", "dejavu/DejaVuSans-Bold.ttf", 32)], 0, "1f6b2"),
]


def fixtures(out, cache):
    os.makedirs(out, exist_ok=True)
    truth = []
    for name, size, background, lines, angle, picture in FIXTURES:
        w, h = size
        im = gradient(size, (250, 250, 250), (205, 220, 240), "horizontal") if background == "gradient" else Image.new("RGB", size, "white")
        rec = {"file": name, "width": w, "height": h, "background": "light gradient, (250,250,250) left to (205,220,240) right"
               if background == "gradient" else "white", "angle": angle}
        ink_colour = (0, 0, 0)
        if picture:  # the Twemoji picture scaled up, a red banner across its lower part, white text on it
            src = os.path.join(ensure_npm(cache)["twemoji"], "img", "twitter", "64", picture + ".png")
            p = Image.open(src).convert("RGBA")
            p = p.crop(p.getchannel("A").getbbox())
            s = min(360 / p.width, 270 / p.height)
            p = p.resize((round(p.width * s), round(p.height * s)), Image.BICUBIC)
            im.paste(p, ((w - p.width) // 2, 15 + (270 - p.height) // 2), p)
            ImageDraw.Draw(im).rectangle((0, 300, w - 1, 379), fill=(200, 30, 30))
            ink_colour = (255, 255, 255)
            rec["background"] = f"{TWEMOJI_ID}{picture}.png cropped and scaled up into 360x270 at the top, on white; red banner (200,30,30) over y 300-379"
        fonts = [ImageFont.truetype(os.path.join(FONT_DIR, ffile), fsize) for _, ffile, fsize in lines]
        probe = ImageDraw.Draw(Image.new("L", (1, 1)))
        boxes = [probe.textbbox((0, 0), text, font=f) for (text, _, _), f in zip(lines, fonts)]
        gap = 18
        stack = sum(b[3] - b[1] for b in boxes) + gap * (len(boxes) - 1)
        top = 340 - stack // 2 if picture else (h - stack) // 2  # ink tops: the stack centred (on the banner for the picture)
        layer = Image.new("L", size, 0)
        d = ImageDraw.Draw(layer)
        inks = []
        for (text, _, _), f, b in zip(lines, fonts, boxes):
            x, y = (w - (b[2] - b[0])) // 2 - b[0], top - b[1]
            d.text((x, y), text, font=f, fill=255)
            inks.append((x + b[0], y + b[1], x + b[2], y + b[3]))
            top += b[3] - b[1] + gap
        c = (w / 2, h / 2)
        im.paste(ink_colour, (0, 0) + size, layer if angle == 0 else place_mask(layer, size, c, c, angle))
        rec["lines"] = [{"text": text, "box": [round(v) for p in ((k[0], k[1]), (k[2], k[1]), (k[2], k[3]), (k[0], k[3]))
                                               for v in forward(p, c, c, angle)],
                         "font": os.path.basename(ffile)[:-4], "size": fsize, "color": list(ink_colour)}
                        for (text, ffile, fsize), k in zip(lines, inks)]
        rec["has_text"] = bool(lines)
        rec["text"] = " ".join(l["text"] for l in rec["lines"])
        im.save(os.path.join(out, name), "PNG", optimize=True)
        truth.append(rec)
    with open(os.path.join(out, "truth.json"), "w") as f:
        f.write('{"generator": "bench/ocr/make_text_pictures.py --fixtures",\n "pictures": [\n  ')
        f.write(",\n  ".join(json.dumps(r) for r in truth) + "\n ]\n}\n")
    print(f"{len(truth)} fixtures -> {out}")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", help="the set's folder")
    ap.add_argument("--pictures", type=int, default=400)
    ap.add_argument("--seed", type=int, default=27)
    ap.add_argument("--cache", help="npm downloads and rasterised OpenMoji (default OUT/cache)")
    ap.add_argument("--fixtures", help="write the fixed test fixtures to this folder instead")
    a = ap.parse_args()
    if a.fixtures:
        fixtures(a.fixtures, a.cache or os.path.join(a.fixtures, "cache"))
        return
    if not a.out:
        sys.exit("--out DIR or --fixtures DIR")
    generate(a.out, a.pictures, a.seed, a.cache or os.path.join(a.out, "cache"))


if __name__ == "__main__":
    main()

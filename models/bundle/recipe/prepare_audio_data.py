#!/usr/bin/python3
"""Writes captioned-sound manifests (JSONL) for training and evaluating the bundle's audio adapter,
one train and one held-out file per source. Held out = 10% of the groups (an instrument, a sample
name without its number, a sentence), so no group is on both sides.

    /usr/bin/python3 prepare_audio_data.py --out DIR [--rate 16000]

Sources, all Debian packages (nothing else, so held-out figures stay honest):
  gm           fluid-soundfont-gm rendered with fluidsynth: every General MIDI program playing a
               note, a chord and a phrase at several pitches, and every GM drum; caption = the
               instrument's name and family
  lmms         lmms-common samples; caption = sample name and its folder
  speech       espeak-ng in several voices, speeds and languages; caption = the voice and its text
  freedesktop  sound-theme-freedesktop event sounds; caption = the event's name (cross-source only)
  icons        sound-icons; caption = the file name (cross-source only)
  pairs        with --twemoji: items holding a picture and a sound of one thing (a Twemoji trumpet and a
               fluidsynth trumpet, a camera and the freedesktop shutter sound), for audio→image and
               image→audio by shared item; both sides come from sources the adapters were trained on

freedesktop and icons are written as *.all.jsonl and never trained on: they measure how the
adapter does on sounds from a source it has not seen.
"""
import argparse
import hashlib
import json
import os
import random
import re
import struct
import subprocess
from concurrent.futures import ThreadPoolExecutor

SOUNDFONT = "/usr/share/sounds/sf2/FluidR3_GM.sf2"
LMMS = "/usr/share/lmms/samples"
FREEDESKTOP = "/usr/share/sounds/freedesktop/stereo"
ICONS = "/usr/share/sounds/sound-icons"

FAMILIES = ["piano", "chromatic percussion", "organ", "guitar", "bass", "strings", "ensemble", "brass", "reed",
            "pipe", "synth lead", "synth pad", "synth effects", "ethnic instrument", "percussion", "sound effect"]

PROGRAMS = """acoustic grand piano|bright acoustic piano|electric grand piano|honky-tonk piano|electric piano|
electric piano|harpsichord|clavinet|celesta|glockenspiel|music box|vibraphone|marimba|xylophone|tubular bells|dulcimer|
drawbar organ|percussive organ|rock organ|church organ|reed organ|accordion|harmonica|tango accordion|
acoustic guitar with nylon strings|acoustic guitar with steel strings|electric jazz guitar|clean electric guitar|
muted electric guitar|overdriven guitar|distortion guitar|guitar harmonics|acoustic bass|fingered electric bass|
picked electric bass|fretless bass|slap bass|slap bass|synth bass|synth bass|violin|viola|cello|contrabass|
tremolo strings|pizzicato strings|orchestral harp|timpani|string ensemble|slow string ensemble|synth strings|
synth strings|choir aahs|voice oohs|synth voice|orchestra hit|trumpet|trombone|tuba|muted trumpet|french horn|
brass section|synth brass|synth brass|soprano saxophone|alto saxophone|tenor saxophone|baritone saxophone|oboe|
english horn|bassoon|clarinet|piccolo|flute|recorder|pan flute|blown bottle|shakuhachi|whistle|ocarina|
square wave synth lead|sawtooth synth lead|calliope synth lead|chiff synth lead|charang synth lead|
synth lead voice|fifths synth lead|bass and lead synth|new age synth pad|warm synth pad|polysynth pad|choir synth pad|
bowed synth pad|metallic synth pad|halo synth pad|sweep synth pad|rain effect|soundtrack effect|crystal effect|
atmosphere effect|brightness effect|goblins effect|echoes effect|sci-fi effect|sitar|banjo|shamisen|koto|kalimba|
bagpipe|fiddle|shanai|tinkle bell|agogo|steel drums|woodblock|taiko drum|melodic tom|synth drum|reverse cymbal|
guitar fret noise|breath noise|seashore waves|bird tweet|telephone ring|helicopter|applause|gunshot"""
PROGRAMS = [p.strip() for p in PROGRAMS.replace("\n", "").split("|")]
assert len(PROGRAMS) == 128, len(PROGRAMS)

DRUMS = {35: "acoustic bass drum", 36: "bass drum", 37: "side stick", 38: "acoustic snare drum", 39: "hand clap",
         40: "electric snare drum", 41: "low floor tom", 42: "closed hi-hat", 43: "high floor tom", 44: "pedal hi-hat",
         45: "low tom", 46: "open hi-hat", 47: "low mid tom", 48: "high mid tom", 49: "crash cymbal", 50: "high tom",
         51: "ride cymbal", 52: "chinese cymbal", 53: "ride bell", 54: "tambourine", 55: "splash cymbal",
         56: "cowbell", 57: "crash cymbal", 58: "vibraslap", 59: "ride cymbal", 60: "high bongo", 61: "low bongo",
         62: "muted high conga", 63: "open high conga", 64: "low conga", 65: "high timbale", 66: "low timbale",
         67: "high agogo", 68: "low agogo", 69: "cabasa", 70: "maracas", 71: "short whistle", 72: "long whistle",
         73: "short guiro", 74: "long guiro", 75: "claves", 76: "high wood block", 77: "low wood block",
         78: "muted cuica", 79: "open cuica", 80: "muted triangle", 81: "open triangle"}

LMMS_FOLDERS = {"basses": "synth bass", "bassloops": "bass loop", "beats": "drum beat loop", "drums": "drum hit",
                "effects": "sound effect", "instruments": "instrument note", "latin": "latin music loop",
                "misc": "sound", "shapes": "synthesizer tone", "stringsnpads": "strings and pads",
                "waveforms": "synthesizer waveform"}
WORDS = {"bassdrum": "bass drum", "hihat": "hi-hat", "snr": "snare", "tr": "TR", "fx": "effect",
         "acid": "acid", "sfx": "sound effect", "clav": "claves", "perc": "percussion", "vox": "voice"}

SENTENCES = {
    "en": ["hello, how are you today", "the quick brown fox jumps over the lazy dog", "please leave a message after the tone",
           "the train to london leaves at nine", "turn left at the next corner", "thank you very much",
           "it is going to rain tomorrow", "one two three four five", "welcome to the museum",
           "the meeting starts in ten minutes", "can you hear me now", "good morning everyone",
           "this is a test of the emergency broadcast system", "the cat is sleeping on the sofa",
           "i would like a cup of coffee", "the door is open", "happy birthday to you", "where is the station",
           "the battery is low", "your order has been shipped", "attention please", "the red car is fast",
           "let us go to the beach", "the children are playing outside", "dinner is ready", "see you later",
           "the library closes at six", "my phone number is five five five", "the bridge is closed for repairs",
           "we are landing in twenty minutes", "the music is too loud", "close the window please",
           "the dog barked all night", "the sun is shining", "press the green button", "i lost my keys",
           "the soup is hot", "the store is around the corner", "it is half past three", "good night and sleep well"],
    "de": ["guten morgen", "wie geht es dir", "das wetter ist schön heute", "ich habe hunger", "der zug kommt gleich",
           "vielen dank", "wo ist der bahnhof", "bis morgen"],
    "fr": ["bonjour tout le monde", "merci beaucoup", "il fait beau aujourd'hui", "où est la gare", "à bientôt",
           "je voudrais un café", "la porte est fermée", "bonne nuit"],
    "es": ["buenos días", "muchas gracias", "¿dónde está la estación?", "hace calor hoy", "hasta luego",
           "me gusta la música", "la cena está lista", "buenas noches"],
}
LANGUAGES = {"en": "English", "de": "German", "fr": "French", "es": "Spanish"}
VOICES = [("m1", "man"), ("m3", "man"), ("m7", "man"), ("f1", "woman"), ("f3", "woman"), ("f4", "woman")]


def held_out(group):
    return int(hashlib.sha1(group.encode()).hexdigest(), 16) % 10 == 0


def write_split(out, source, items):
    counts = {}
    for split in ("train", "test"):
        rows = [it for it in items if held_out(it["group"]) == (split == "test")]
        with open(os.path.join(out, f"{source}.{split}.jsonl"), "w") as f:
            for it in rows:
                f.write(json.dumps({k: v for k, v in it.items() if k != "group"}) + "\n")
        counts[split] = len(rows)
    print(f"{source}: {counts['train']} train, {counts['test']} held out")


def write_all(out, source, items):
    with open(os.path.join(out, f"{source}.all.jsonl"), "w") as f:
        for it in items:
            f.write(json.dumps({k: v for k, v in it.items() if k != "group"}) + "\n")
    print(f"{source}: {len(items)} (cross-source)")


def midi(events, ticks=480):
    """A type-0 standard MIDI file from (delta ticks, status, data...) events at 120 bpm."""
    def vlq(n):
        out = [n & 0x7F]
        n >>= 7
        while n:
            out.append((n & 0x7F) | 0x80)
            n >>= 7
        return bytes(reversed(out))
    track = b"".join(vlq(d) + bytes(msg) for d, msg in events) + b"\x00\xff\x2f\x00"
    return b"MThd" + struct.pack(">IHHH", 6, 0, 1, ticks) + b"MTrk" + struct.pack(">I", len(track)) + track


def notes(channel, program, pattern):
    """Events for (start beat, length beats, pitches, velocity) tuples on a channel."""
    on = []
    for start, length, pitches, velocity in pattern:
        for p in pitches:
            on.append((int(start * 480), [0x90 | channel, p, velocity]))
            on.append((int((start + length) * 480), [0x80 | channel, p, 0]))
    on.sort(key=lambda e: (e[0], e[1][0] & 0xF0))
    events = [] if program is None else [(0, [0xC0 | channel, program])]
    t = 0
    for at, msg in on:
        events.append((at - t, msg))
        t = at
    events.append((480, [0xB0 | channel, 123, 0]))  # a beat of release tail
    return events


def render(mid_bytes, wav, rate):
    mid = wav[:-4] + ".mid"
    with open(mid, "wb") as f:
        f.write(mid_bytes)
    subprocess.run(["fluidsynth", "-ni", "-q", "-g", "0.7", "-r", str(rate), "-F", wav, SOUNDFONT, mid],
                   check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    os.remove(mid)


def gm(out, rate):
    folder = os.path.join(out, "gm")
    os.makedirs(folder, exist_ok=True)
    jobs, items = [], []
    rnd = random.Random(11)
    for program, name in enumerate(PROGRAMS):
        family = FAMILIES[program // 8]
        caption = name if family in name or program >= 120 else f"{name}, {family}"
        base = 36 if family == "bass" else 60
        variants = {
            "low-note": [(0, 1.5, [base - 12 + rnd.randrange(5)], 100)],
            "high-note": [(0, 1.0, [base + 12 + rnd.randrange(5)], 90)],
            "chord": [(0, 2.0, [base, base + 4, base + 7], 96)],
            "phrase": [(i * 0.5, 0.45, [base + s], 80 + rnd.randrange(40)) for i, s in enumerate([0, 2, 4, 5, 7, 5, 4, 2])],
        }
        for v, pattern in variants.items():
            wav = os.path.join(folder, f"p{program:03d}-{v}.wav")
            jobs.append((midi(notes(0, program, pattern)), wav))
            items.append({"id": f"gm/{os.path.basename(wav)}", "audio": wav, "text": caption, "group": f"gm:{name}",
                          "source": "gm", "category": family})
    for key, name in DRUMS.items():
        for v, pattern in {"hit": [(0, 0.5, [key], 110)], "roll": [(i * 0.25, 0.2, [key], 70 + 8 * i) for i in range(6)]}.items():
            wav = os.path.join(folder, f"drum{key}-{v}.wav")
            jobs.append((midi(notes(9, None, pattern)), wav))
            items.append({"id": f"gm/{os.path.basename(wav)}", "audio": wav, "text": f"{name}, drum", "group": f"gm:{name}",
                          "source": "gm", "category": "drums"})
    with ThreadPoolExecutor(os.cpu_count()) as pool:
        list(pool.map(lambda j: render(j[0], j[1], rate), jobs))
    return items


def words(stem):
    stem = re.sub(r"\d+$", "", stem.replace("-", "_")).strip("_")
    parts = [WORDS.get(w.lower(), w.lower()) for w in re.split(r"[_\s]+", stem) if w]
    return " ".join(parts)


def lmms():
    items = []
    for dirpath, _, files in os.walk(LMMS):
        top = os.path.relpath(dirpath, LMMS).split(os.sep)[0]
        if top not in LMMS_FOLDERS:
            continue
        for name in sorted(files):
            if not name.endswith((".ogg", ".wav", ".flac")):
                continue
            what = words(os.path.splitext(name)[0])
            if not what:
                continue
            path = os.path.join(dirpath, name)
            items.append({"id": "lmms/" + os.path.relpath(path, LMMS), "audio": path, "text": f"{what}, {LMMS_FOLDERS[top]}",
                          "group": f"lmms:{top}:{what}", "source": "lmms", "category": top})
    return items


def speech(out, rate):
    folder = os.path.join(out, "speech")
    os.makedirs(folder, exist_ok=True)
    items, jobs = [], []
    rnd = random.Random(5)
    for lang, sentences in SENTENCES.items():
        for i, text in enumerate(sentences):
            for variant, gender in rnd.sample(VOICES, 2):
                speed = rnd.choice([140, 170, 200])
                wav = os.path.join(folder, f"{lang}{i:02d}-{variant}.wav")
                voice = f"{'en-us' if lang == 'en' else lang}+{variant}"
                jobs.append(["espeak-ng", "-v", voice, "-s", str(speed), "-w", wav, text])
                items.append({"id": f"speech/{os.path.basename(wav)}", "audio": wav,
                              "text": f"a {gender} speaking {LANGUAGES[lang]}: {text}",
                              "group": f"speech:{text}", "source": "speech", "category": "speech"})
    with ThreadPoolExecutor(os.cpu_count()) as pool:
        list(pool.map(lambda c: subprocess.run(c, check=True, stdout=subprocess.DEVNULL), jobs))
    return items


def freedesktop():
    items = []
    for name in sorted(os.listdir(FREEDESKTOP)):
        if name.endswith(".oga"):
            what = os.path.splitext(name)[0].replace("-", " ")
            items.append({"id": f"freedesktop/{name}", "audio": os.path.join(FREEDESKTOP, name), "text": f"{what} sound", "group": what,
                          "source": "freedesktop", "category": "desktop"})
    return items


def icons():
    items = []
    for name in sorted(os.listdir(ICONS)):
        if name.endswith(".wav"):
            what = words(os.path.splitext(name)[0])
            items.append({"id": f"icons/{name}", "audio": os.path.join(ICONS, name), "text": what, "group": what,
                          "source": "icons", "category": "icon"})
    return items


# (Twemoji image, caption, GM program or -drum key or freedesktop sound name)
PAIRS = [("1f3ba.png", "trumpet", 56), ("1f3bb.png", "violin", 40), ("1f3b8.png", "guitar", 24),
         ("1f3b9.png", "piano keyboard", 0), ("1f3b7.png", "saxophone", 65), ("1fa97.png", "accordion", 21),
         ("1fa95.png", "banjo", 105), ("1fa88.png", "flute", 73), ("1f941.png", "drum", -38),
         ("1fa98.png", "long drum", 116), ("1f514.png", "bell", 14), ("1f681.png", "helicopter", 125),
         ("1f44f.png", "clapping hands", 126), ("1f426.png", "bird", 123), ("1f30a.png", "sea waves", 122),
         ("1f52b.png", "pistol", 127), ("1f4de.png", "telephone", 124), ("1fa87.png", "maracas", -70),
         ("23f0.png", "alarm clock", "alarm-clock-elapsed"), ("1f4f7.png", "camera", "camera-shutter"),
         ("1f5d1-fe0f.png", "wastebasket", "trash-empty")]


def pairs(out, twemoji, rate):
    folder = os.path.join(out, "pairs")
    os.makedirs(folder, exist_ok=True)
    items, jobs = [], []
    for png, caption, sound in PAIRS:
        stem = caption.replace(" ", "-")
        image = os.path.join(twemoji, "img", "twitter", "64", png)
        if isinstance(sound, str):
            audio = os.path.join(FREEDESKTOP, sound + ".oga")
        elif sound < 0:
            audio = os.path.join(folder, stem + ".wav")
            jobs.append((midi(notes(9, None, [(i * 0.3, 0.25, [-sound], 100) for i in range(4)])), audio))
        else:
            audio = os.path.join(folder, stem + ".wav")
            jobs.append((midi(notes(0, sound, [(0, 0.6, [62], 100), (0.7, 0.6, [66], 100), (1.4, 0.9, [69], 100)])), audio))
        items.append({"id": f"pairs/{stem}", "image": image, "audio": audio, "text": caption, "group": caption,
                      "source": "pairs", "category": "pairs"})
    with ThreadPoolExecutor(os.cpu_count()) as pool:
        list(pool.map(lambda j: render(j[0], j[1], rate), jobs))
    return items


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", required=True)
    ap.add_argument("--rate", type=int, default=16000)
    ap.add_argument("--twemoji", help="emoji-datasource-twitter package folder, for the picture+sound pairs")
    a = ap.parse_args()
    os.makedirs(a.out, exist_ok=True)
    out = os.path.abspath(a.out)
    write_split(out, "gm", gm(out, a.rate))
    write_split(out, "lmms", lmms())
    write_split(out, "speech", speech(out, a.rate))
    write_all(out, "freedesktop", freedesktop())
    write_all(out, "icons", icons())
    if a.twemoji:
        write_all(out, "pairs", pairs(out, os.path.abspath(a.twemoji), a.rate))


if __name__ == "__main__":
    main()

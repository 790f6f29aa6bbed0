#!/usr/bin/python3
"""Scores `mmsearch duplicates` against the generator's truth (make_duplicates.py).

  score.py TRUTH.jsonl pairs FIELD PAIRS.tsv
      distance distributions of the neighbour pairs the join looked at (written with --pairs), by
      kind of pair: the same picture (exact or near copy vs its original), a burst shot, a composed
      picture sharing the drawing, another source of the same category, another category; per
      threshold, how many of each fall within it. Signature fields are shown in differing bits.
  score.py TRUTH.jsonl groups LEVEL GROUPS.jsonl
      precision and recall of the groups: pair precision (pairs in one group that truly belong
      together at that level), recall per transformation (a copy grouped with its original), and
      how often each kind of hard negative was grouped with its source's original.

Truth at each level: exact = the original and its exact copies (and any near copy that decodes to
the same pixels or WAV samples as another member: a GIF of a drawing with few colours, a saturation
change of a grey drawing, a sound resampled to the rate it had); near = exact plus the near copies;
similar = near plus the burst shots of the same scene. Composed pictures and other sources are
negatives at every level.
"""
import collections
import json
import os
import subprocess
import sys


def load_truth(path):
    rows = [json.loads(line) for line in open(path)]
    global ROOT
    ROOT = os.path.dirname(os.path.abspath(path))
    return {r["id"]: r for r in rows}


ROOT = "."
_decoded = {}


def decoded(item_id):
    """The decoded content of a generated file: RGB pixels (Pillow, alpha on white) or 16-bit samples and rate (WAV,
    FLAC; Debian ffmpeg); None for lossy sounds."""
    if item_id not in _decoded:
        path = os.path.join(ROOT, item_id)
        value = None
        if item_id.endswith((".wav", ".flac")):
            rate = subprocess.run(["ffprobe", "-v", "error", "-show_entries", "stream=sample_rate", "-of", "csv=p=0", path],
                                  check=True, capture_output=True, text=True).stdout.strip()
            samples = subprocess.run(["ffmpeg", "-v", "error", "-i", path, "-f", "s16le", "-"], check=True,
                                     capture_output=True).stdout
            value = (rate, samples)
        elif not item_id.endswith((".mp3", ".ogg")):
            from PIL import Image
            image = Image.open(path).convert("RGBA")
            white = Image.new("RGBA", image.size, (255, 255, 255, 255))
            value = Image.alpha_composite(white, image).convert("RGB").tobytes() + repr(image.size).encode()
        _decoded[item_id] = value
    return _decoded[item_id]


def identical(a, b):
    """Whether two files decode to the same content (a "near" operation can leave a picture as it was)."""
    da, db = decoded(a["id"]), decoded(b["id"])
    return da is not None and da == db


def style(r):
    """How a picture source is shown: a drawing on a white page, or pasted in a photo-like scene; sounds: their family."""
    if r["modality"] == "image":
        return "on white" if r["source"].endswith("-white") else "in a scene"
    return ""


def together(a, b, level):
    """Whether items a and b belong in one group at level."""
    if a["source"] != b["source"]:
        return False
    kinds = {"exact": {"original", "exact"}, "near": {"original", "exact", "near"},
             "similar": {"original", "exact", "near", "burst"}}[level]
    return a["kind"] in kinds and b["kind"] in kinds


def pair_kind(a, b):
    if a["source"] == b["source"]:
        ks = {a["kind"], b["kind"]}
        if ks <= {"original", "exact", "near"}:
            return "same"
        if "burst" in ks and ks <= {"original", "exact", "near", "burst"}:
            return "burst"
        return "composed"
    return "same category" if a["category"] == b["category"] else "other"


def pairs(truth, field, path):
    bits = 128 if field.endswith(".image") else 256
    signature = field.split(".")[0] in ("signature", "soundprint")
    seen = {}
    for line in open(path):
        f, a, b, score = line.rstrip("\n").split("\t")
        if f != field or a not in truth or b not in truth:
            continue
        key = tuple(sorted((a, b)))
        d = round((1 - float(score)) * bits / 2) if signature else float(score)
        seen[key] = d
    by_kind = collections.defaultdict(list)
    for (a, b), d in seen.items():
        by_kind[pair_kind(truth[a], truth[b])].append(d)
    # Copies never seen as neighbours of their original are farther than any neighbour: count them.
    originals = {r["source"]: i for i, r in truth.items() if r["kind"] == "original"}
    modality = "image" if field.endswith(".image") else "audio"
    missed = collections.Counter()
    for i, r in truth.items():
        if r["modality"] == modality and r["kind"] in ("exact", "near") and tuple(sorted((i, originals[r["source"]]))) not in seen:
            missed[r["transform"] + " " + r["strength"]] += 1
    print(f"field {field}: {len(seen)} neighbour pairs ({'differing bits of ' + str(bits) if signature else 'cosine'})")
    kinds = ["same", "burst", "composed", "same category", "other"]
    for k in kinds:
        v = sorted(by_kind[k])
        if v:
            q = lambda p: v[min(len(v) - 1, int(p * len(v)))]
            print(f"  {k:14s} n={len(v):6d} min={v[0]} p5={q(0.05)} p50={q(0.5)} p95={q(0.95)} max={v[-1]}")
    if missed:
        print("  copies not among their original's neighbours:", dict(missed))
    steps = range(0, bits // 2 + 1, 2) if signature else [x / 100 for x in range(50, 100)]
    print("  threshold: pairs within it, by kind (" + ", ".join(kinds) + ")")
    for t in steps:
        within = [sum(1 for d in by_kind[k] if (d <= t if signature else d >= t)) for k in kinds]
        print(f"  {t:>5}: " + "  ".join(f"{n:6d}" for n in within))


def groups(truth, level, path):
    group_of = {}
    for line in open(path):
        g = json.loads(line)
        for m in g["members"]:
            group_of[m] = g["group"]
    # Pair precision: over all pairs inside groups (only items the truth knows).
    predicted = correct = 0
    members = collections.defaultdict(list)
    for i, g in group_of.items():
        if i in truth:
            members[g].append(i)
    wrong = collections.Counter()
    identical_pairs = 0
    for ms in members.values():
        for x in range(len(ms)):
            for y in range(x + 1, len(ms)):
                predicted += 1
                a, b = truth[ms[x]], truth[ms[y]]
                if together(a, b, level):
                    correct += 1
                elif level == "exact" and a["source"] == b["source"] and identical(a, b):
                    identical_pairs += 1
                    correct += 1
                else:
                    wrong[pair_kind(a, b)] += 1
    originals = {r["source"]: i for i, r in truth.items() if r["kind"] == "original"}
    # Recall per transformation: a copy counts when it is in its original's group.
    recall = collections.defaultdict(lambda: [0, 0])
    negatives = collections.defaultdict(lambda: [0, 0])
    for i, r in truth.items():
        if r["kind"] == "original":
            continue
        o = originals[r["source"]]
        grouped = i in group_of and group_of.get(o) == group_of[i]
        if together(r, truth[o], level):
            key = (r["modality"], r["kind"], r["transform"], r["strength"], style(r))
            recall[key][0] += grouped
            recall[key][1] += 1
        else:
            negatives[(r["modality"], r["kind"], r["strength"], style(r))][0] += grouped
            negatives[(r["modality"], r["kind"], r["strength"], style(r))][1] += 1
    truth_pairs = 0
    by_source = collections.defaultdict(list)
    for i, r in truth.items():
        by_source[r["source"]].append(r)
    for rs in by_source.values():
        for x in range(len(rs)):
            for y in range(x + 1, len(rs)):
                truth_pairs += together(rs[x], rs[y], level)
    found = correct - identical_pairs
    print(f"level {level}: {len(members)} groups; pair precision {correct}/{predicted} = "
          f"{correct / max(1, predicted):.4f}; pair recall {found}/{truth_pairs} = {found / max(1, truth_pairs):.4f}")
    if identical_pairs:
        print(f"  of the correct pairs, {identical_pairs} are near copies whose operation left the content as it was "
              "(checked by decoding both files): exact duplicates in truth")
    if wrong:
        print("  wrong pairs by kind:", dict(wrong))
    print("  recall per transformation (copy grouped with its original):")
    for key in sorted(recall):
        got, n = recall[key]
        print(f"    {' '.join(k for k in key if k):55s} {got:4d}/{n:<4d} {got / n:.3f}")
    print("  hard negatives grouped with their source's original:")
    for key in sorted(negatives):
        got, n = negatives[key]
        print(f"    {' '.join(k for k in key if k):55s} {got:4d}/{n:<4d}")


def main():
    truth = load_truth(sys.argv[1])
    if sys.argv[2] == "pairs":
        pairs(truth, sys.argv[3], sys.argv[4])
    else:
        groups(truth, sys.argv[3], sys.argv[4])


if __name__ == "__main__":
    main()

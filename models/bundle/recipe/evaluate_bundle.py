#!/usr/bin/python3
"""Reproduces the quality table of docs/quality.md: leave-one-source-out text<->image figures (train
the adapter on three sources, test on the held-out split of the fourth, each way), the by-caption
split inside the sources as a secondary row, and image->image by category (also on a source the
image space never saw, when it is a fitted projection).

    /usr/bin/python3 evaluate_bundle.py --data DATA --out RUNS [--cache CACHE] [--backbone DIR] [--text DIR]
        [--projection DIMS] [--label NAME] [-- extra train-adapter options]

DATA is the output of prepare_training_data.py (SOURCE.train.jsonl / SOURCE.test.jsonl for
openclipart, openmoji, twemoji, synthetic). Adapter options default to the bundle's (linear,
temperature 0.05, 6 epochs); anything after `--` is passed to every train-adapter run, so a lever
is measured with the same command. CACHE keeps backbone features and caption vectors between runs
(`train-adapter --cache`), which makes a rerun minutes instead of tens of minutes. Prints a
Markdown table and writes RUNS/results.json.
"""
import argparse
import json
import os
import re
import subprocess
import sys

SOURCES = ["openclipart", "openmoji", "twemoji", "synthetic"]
HERE = os.path.dirname(os.path.abspath(__file__))
BUNDLE = os.path.dirname(HERE)
ROOT = os.path.dirname(os.path.dirname(BUNDLE))
MMSEARCH = os.path.join(ROOT, "mmsearch")


def run(args, log):
    with open(log, "w") as f:
        subprocess.run([MMSEARCH] + args, stdout=f, stderr=subprocess.STDOUT, check=True)
    return open(log).read()


def train(opts, train_sources, heldout_sources, out):
    args = ["train-adapter", "--backbone", opts.backbone, "--text", opts.text, "--out", out,
            "--epochs", "6", "--temperature", "0.05"]
    for s in train_sources:
        args += ["--manifest", os.path.join(opts.data, s + ".train.jsonl")]
    for s in heldout_sources:
        args += ["--heldout", os.path.join(opts.data, s + ".test.jsonl")]
    if opts.cache:
        args += ["--cache", opts.cache]
    args += opts.extra
    if not (opts.reuse and os.path.exists(os.path.join(out, "training.json"))):
        run(args, out + ".log")
    report = json.load(open(os.path.join(out, "training.json")))
    first = report["runs"][0]
    if len(heldout_sources) == 1:
        return {heldout_sources[0]: {"t2i": first["heldout.textToImage"], "i2t": first["heldout.imageToText"]}}
    return {name.split(".")[0]: {"t2i": r["textToImage"], "i2t": r["imageToText"]} for name, r in first["heldoutBySet"].items()}


ROW = re.compile(r"^image→image\s+(\d+)\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)")


def image_to_image(opts, source, out):
    """Image->image by category on SOURCE's held-out split, in the image space under test: the raw
    backbone, or (--projection D) a PCA projection fitted on the other three sources' pictures."""
    image_model = opts.backbone
    if opts.projection:
        image_model = os.path.join(out, "projection-" + source)
        args = ["fit-projection", "--backbone", opts.backbone, "--dims", str(opts.projection), "--out", image_model]
        for o in SOURCES:
            if o != source:
                args += ["--manifest", os.path.join(opts.data, o + ".train.jsonl")]
        if opts.cache:
            args += ["--cache", opts.cache]
        run(args, image_model + ".log")
    catalog = os.path.join(out, f"catalog-{source}.json")
    adapter = os.path.join(out, "loso-" + source)
    json.dump({"spaces": {"clip": {"encoders": {"text": opts.text, "image": adapter}}, "dino": {"model": image_model}}},
              open(catalog, "w"))
    args = ["eval", "--catalog", catalog, "--space", "clip", "--image-space", "dino",
            "--manifest", os.path.join(opts.data, source + ".test.jsonl")]
    if opts.cache:
        args += ["--cache", opts.cache]
    text = run(args, os.path.join(out, f"i2i-{source}.log"))
    for line in text.splitlines():
        m = ROW.match(line)
        if m:
            n, r1, r5, r10, mrr, p5 = m.groups()
            return {"queries": int(n), "recall": [float(r1), float(r5), float(r10)], "mrr": float(mrr), "p5": float(p5)}
    raise RuntimeError(f"no image→image row in {out}/i2i-{source}.log")


def fmt(m):
    r = m["recall"]
    return f"{r[0]:.3f} | {r[1]:.3f} | {r[2]:.3f} | {m['mrr']:.3f}"


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--data", required=True)
    p.add_argument("--out", required=True)
    p.add_argument("--cache")
    p.add_argument("--backbone", default=os.path.join(BUNDLE, "image-backbone"))
    p.add_argument("--text", default=os.path.join(BUNDLE, "bge-small-en-v1.5"))
    p.add_argument("--projection", type=int, default=0,
                   help="image->image through a PCA projection to this many dimensions (fit-projection), else the raw backbone")
    p.add_argument("--skip", default="", help="comma-separated parts to skip: in-source, image")
    p.add_argument("--label", default="bundle")
    p.add_argument("--reuse", action="store_true", help="keep adapters an earlier run wrote to --out instead of training them again")
    argv = sys.argv[1:]
    extra = argv[argv.index("--") + 1:] if "--" in argv else []
    opts = p.parse_args(argv[:argv.index("--")] if "--" in argv else argv)
    opts.extra = extra
    skip = set(filter(None, opts.skip.split(",")))
    os.makedirs(opts.out, exist_ok=True)
    results = {"label": opts.label, "backbone": opts.backbone, "text": opts.text, "extra": extra}

    results["leaveOneSourceOut"] = {}
    for s in SOURCES:
        others = [o for o in SOURCES if o != s]
        results["leaveOneSourceOut"].update(train(opts, others, [s], os.path.join(opts.out, "loso-" + s)))
    if "in-source" not in skip:
        results["inSource"] = train(opts, SOURCES, SOURCES, os.path.join(opts.out, "in-source"))
    if "image" not in skip:
        results["imageToImage"] = {s: image_to_image(opts, s, opts.out) for s in SOURCES}
    json.dump(results, open(os.path.join(opts.out, "results.json"), "w"), indent=1)

    print(f"### {opts.label}\n")
    print("| held-out source | split | text→image R@1 | R@5 | R@10 | MRR | image→text R@10 | chance R@10 |")
    print("|---|---|---|---|---|---|---|---|")
    for key, split in (("leaveOneSourceOut", "source never seen"), ("inSource", "by caption")):
        for s in SOURCES:
            if key in results:
                m = results[key][s]
                print(f"| {s} ({m['t2i']['queries']}) | {split} | {fmt(m['t2i'])} | {m['i2t']['recall'][2]:.3f} "
                      f"| {m['t2i']['chance'][2]:.3f} |")
    loso = [results["leaveOneSourceOut"][s]["t2i"]["recall"][2] for s in SOURCES]
    print(f"\nmean leave-one-source-out text→image R@10: {sum(loso) / len(loso):.3f}")
    if "imageToImage" in results:
        print("\n| source | image→image by category P@5 | R@1 | R@10 | MRR |")
        print("|---|---|---|---|---|")
        for s in SOURCES:
            m = results["imageToImage"][s]
            print(f"| {s} ({m['queries']}) | {m['p5']:.3f} | {m['recall'][0]:.3f} | {m['recall'][2]:.3f} | {m['mrr']:.3f} |")
        p5 = [results["imageToImage"][s]["p5"] for s in SOURCES]
        print(f"\nmean image→image P@5: {sum(p5) / len(p5):.3f}")


if __name__ == "__main__":
    main()

#!/usr/bin/python3
"""Scores recognised text against the truth of a set made by make_text_pictures.py (issue 27).

    /usr/bin/python3 bench/ocr/score.py DIR/truth.jsonl RESULTS.jsonl [--name NAME] [--md OUT.md] [--json OUT.json]

RESULTS.jsonl: one line per picture, {"file": "t0001.png", "text": "..."} (lines of the text separated by
newlines or spaces; a "lines": [{"text": ...}] or ["..."] list is read when "text" is absent). A picture with no
line in RESULTS counts as read as empty, and is counted under "missing". Other fields are ignored.
Writes Markdown (default RESULTS.score.md) and JSON (default RESULTS.score.json) and prints the Markdown.

Normalisation, for truth and result alike: lines joined by a space, whitespace runs collapsed to one space,
ends trimmed; case kept (a CER with case folded is given beside it); punctuation kept.
  CER             Levenshtein distance (insertions, deletions, substitutions, each 1) between the normalised
                  result and truth, summed over the pictures of a group and divided by the truth's characters
                  summed over the same pictures (so long texts weigh more; it can pass 1 when a reader
                  invents text). The truth's reading order is its lines top to bottom as drawn.
  word accuracy   truth words (whitespace-separated, case kept) found in the result, as multisets (each
                  result word matches at most one truth word; order does not matter), over all truth words
  exact           share of pictures whose normalised result equals the truth
Groups over pictures with text: size band (small 12-16 px, medium 20-32, large 40-80), angle (|angle|:
0, 5, 10, 15 degrees), background, lines (1, 2-3, several), layout, font family, format; and overall.
Pictures without text: the share with any non-space character read ("false text"), and the characters read.
"""
import argparse
import json
import os
import re
from collections import Counter, OrderedDict


def normalise(text):
    return re.sub(r"\s+", " ", text).strip()


def result_text(r):
    if isinstance(r.get("text"), str):
        return r["text"]
    lines = r.get("lines") or []
    return "\n".join(l if isinstance(l, str) else l.get("text", "") for l in lines)


def levenshtein(a, b):
    if len(a) < len(b):
        a, b = b, a
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        prev = cur
    return prev[-1]


def word_matches(ref, hyp):
    r, h = Counter(ref.split()), Counter(hyp.split())
    return sum(min(n, h[w]) for w, n in r.items())


def family(font):
    return re.sub(r" (Regular|Bold)$", "", font or "")


GROUPS = OrderedDict([
    ("size band", lambda t: t["size_band"]),
    ("angle", lambda t: f"{abs(t['angle'])} deg"),
    ("background", lambda t: t["background"]),
    ("lines", lambda t: t["lines_band"]),
    ("layout", lambda t: t["layout"]),
    ("font family", lambda t: family(t["font"])),
    ("format", lambda t: t.get("format", "png")),
])
ORDER = {"size band": ["small", "medium", "large"], "angle": ["0 deg", "5 deg", "10 deg", "15 deg"],
         "background": ["white", "plain", "gradient", "picture", "picture+panel"], "lines": ["1", "2-3", "several"]}


def aggregate(rows):
    chars = sum(r["chars"] for r in rows)
    words = sum(r["words"] for r in rows)
    return {"pictures": len(rows), "chars": chars,
            "cer": sum(r["edits"] for r in rows) / chars if chars else None,
            "cer_casefold": sum(r["edits_ci"] for r in rows) / chars if chars else None,
            "word_accuracy": sum(r["matched"] for r in rows) / words if words else None,
            "exact": sum(r["exact"] for r in rows) / len(rows) if rows else None,
            "empty": sum(1 for r in rows if not r["hyp"])}


def score(truth_path, results_path):
    truth = [json.loads(l) for l in open(truth_path) if l.strip()]
    results = {}
    for l in open(results_path):
        if l.strip():
            r = json.loads(l)
            results[os.path.basename(r["file"])] = r
    rows, notext, missing = [], [], 0
    for t in truth:
        r = results.get(t["file"])
        if r is None:
            missing += 1
        hyp = normalise(result_text(r)) if r else ""
        if not t["has_text"]:
            notext.append({"file": t["file"], "background": t["background"], "hyp": hyp, "chars": len(hyp.replace(" ", ""))})
            continue
        ref = normalise(" ".join(l["text"] for l in t["lines"]))
        rows.append({"file": t["file"], "truth": t, "ref": ref, "hyp": hyp, "chars": len(ref), "words": len(ref.split()),
                     "edits": levenshtein(ref, hyp), "edits_ci": levenshtein(ref.lower(), hyp.lower()),
                     "matched": word_matches(ref, hyp), "exact": ref == hyp})
    report = {"truth": truth_path, "results": results_path, "missing": missing, "overall": aggregate(rows), "groups": OrderedDict()}
    for name, key in GROUPS.items():
        values = {}
        for r in rows:
            values.setdefault(key(r["truth"]), []).append(r)
        order = ORDER.get(name) or sorted(values)
        report["groups"][name] = OrderedDict((v, aggregate(values[v])) for v in order if v in values)
    report["no_text"] = {"pictures": len(notext), "with_false_text": sum(1 for n in notext if n["chars"]),
                         "false_text_rate": sum(1 for n in notext if n["chars"]) / len(notext) if notext else None,
                         "chars": sum(n["chars"] for n in notext),
                         "by_background": OrderedDict(
                             (b, {"pictures": len(ns), "with_false_text": sum(1 for n in ns if n["chars"])})
                             for b in ORDER["background"] for ns in [[n for n in notext if n["background"] == b]] if ns),
                         "examples": [{"file": n["file"], "text": n["hyp"]} for n in notext if n["chars"]][:10]}
    times = [r.get("seconds") for r in results.values() if isinstance(r.get("seconds"), (int, float))]
    if times:
        times.sort()
        report["seconds"] = {"total": sum(times), "mean": sum(times) / len(times), "median": times[len(times) // 2],
                             "max": times[-1]}
    report["worst"] = [{"file": r["file"], "cer": r["edits"] / r["chars"], "truth": r["ref"], "read": r["hyp"]}
                       for r in sorted(rows, key=lambda r: -r["edits"] / r["chars"])[:10]]
    return report


def pct(v):
    return "–" if v is None else f"{100 * v:.1f}%"


def markdown(rep, name):
    out = [f"## {name}", "", f"Truth `{rep['truth']}`, results `{rep['results']}`" +
           (f", {rep['missing']} pictures missing from the results (scored as empty)" if rep["missing"] else "") + ".", "",
           "| group | value | pictures | chars | CER | CER (case folded) | word accuracy | exact | empty |",
           "|---|---|---:|---:|---:|---:|---:|---:|---:|"]

    def row(g, v, a):
        out.append(f"| {g} | {v} | {a['pictures']} | {a['chars']} | {pct(a['cer'])} | {pct(a['cer_casefold'])} | "
                   f"{pct(a['word_accuracy'])} | {pct(a['exact'])} | {a['empty']} |")
    row("**overall**", "all with text", rep["overall"])
    for g, vals in rep["groups"].items():
        for v, a in vals.items():
            row(g, v, a)
    n = rep["no_text"]
    out += ["", f"Pictures without text: {n['pictures']}; false text (any non-space character read) on "
                f"{n['with_false_text']} ({pct(n['false_text_rate'])}), {n['chars']} characters in all; by background: " +
            ", ".join(f"{b} {v['with_false_text']}/{v['pictures']}" for b, v in n["by_background"].items()) + "."]
    if n["examples"]:
        out.append("Examples: " + "; ".join(f"{e['file']} \"{e['text'][:40]}\"" for e in n["examples"][:5]) + ".")
    if "seconds" in rep:
        s = rep["seconds"]
        out += ["", f"Time per picture: mean {s['mean']:.2f} s, median {s['median']:.2f} s, max {s['max']:.2f} s; "
                    f"total {s['total']:.0f} s."]
    return "\n".join(out) + "\n"


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("truth")
    ap.add_argument("results")
    ap.add_argument("--name", help="the reader's name for the heading (default: the results file's name)")
    ap.add_argument("--md")
    ap.add_argument("--json")
    a = ap.parse_args()
    base = re.sub(r"\.jsonl$", "", a.results)
    rep = score(a.truth, a.results)
    md = markdown(rep, a.name or os.path.basename(base))
    with open(a.md or base + ".score.md", "w") as f:
        f.write(md)
    with open(a.json or base + ".score.json", "w") as f:
        json.dump(rep, f, indent=1)
        f.write("\n")
    print(md)


if __name__ == "__main__":
    main()

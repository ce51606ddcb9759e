#!/usr/bin/env python3
"""Measures the steps of "Beyond one machine" on a generated corpus.

    python3 examples/bench/stores.py [--briefs 2000] [--briefgraph target/release/briefgraph]

Generates N briefs (deterministic: sentences built from actors of the
built-in registry, verbs of the vocabulary and plain prose, about 3 KB each)
in a temporary directory, then times, each once:
  1. `briefgraph extract --jsonl` over all of them (documents per second);
  2. `briefgraph merge` of the shard (relations per second);
  3. `convert --format kuzu-csv` + the bundle's load.py into LadybugDB;
  4. `convert -o graph.nq` + pyoxigraph Store.load (relations and triples per second).
Prints a Markdown table for the README. Needs ladybug and pyoxigraph.
"""
import argparse
import os
import random
import subprocess
import sys
import tempfile
import time

ACTORS = ["Egypt", "Qatar", "Turkey", "Israel", "Hamas", "the United States", "Russia",
          "Ukraine", "NATO", "the European Union", "the African Union", "Sudan",
          "the Rapid Support Forces", "the Sudanese Armed Forces", "Chad", "Saudi Arabia",
          "the United Arab Emirates", "Iran", "Jordan", "Lebanon", "Poland", "France",
          "Germany", "China", "India", "Pakistan", "Mali", "Niger", "ECOWAS", "the World Bank",
          "the IMF", "Ethiopia"]
VERBS = ["condemned", "supported", "attacked", "urged", "criticized", "sanctioned", "funded",
         "opposed", "welcomed", "backed", "accused", "monitored"]
PREP = ["withdrew from", "cooperated with", "negotiated with", "appealed to"]
PROSE = ["Aid convoys waited at the crossings for days while officials argued over the paperwork.",
         "Observers expect the arrangement to be tested again before the end of the season.",
         "Food and fuel prices kept rising, and many households cut back to one meal a day.",
         "The talks went on in private, and neither side said much about what was offered."]
MONTHS = ["January", "March", "May", "July", "September", "November"]


def brief(rng, i):
    lines = [f"title: Generated brief {i}", f"source: bench-{i}", "---", ""]
    for _ in range(18):
        a, b = rng.sample(ACTORS, 2)
        if rng.random() < 0.3:
            lines.append(rng.choice(PROSE))
            continue
        verb = rng.choice(VERBS + PREP)
        when = f" in {rng.choice(MONTHS)} 202{rng.randint(3, 5)}" if rng.random() < 0.4 else ""
        s = f"{a[0].upper() + a[1:]} {verb} {b}{when}."
        lines.append(s)
    return "\n".join(lines) + "\n"


def timed(cmd, **kw):
    t = time.perf_counter()
    run = subprocess.run(cmd, capture_output=True, text=True, **kw)
    if run.returncode != 0:
        sys.exit(f"{' '.join(cmd)} failed:\n{run.stderr}")
    return time.perf_counter() - t, run


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--briefs", type=int, default=2000)
    ap.add_argument("--briefgraph", default="target/release/briefgraph")
    args = ap.parse_args()
    bg = os.path.abspath(args.briefgraph)
    rng = random.Random(7)
    with tempfile.TemporaryDirectory() as tmp:
        paths = []
        size = 0
        for i in range(args.briefs):
            p = os.path.join(tmp, f"brief-{i:05}.txt")
            text = brief(rng, i)
            size += len(text.encode())
            open(p, "w").write(text)
            paths.append(p)
        shard = os.path.join(tmp, "shard.jsonl")
        t_extract, run = timed([bg, "extract", "--jsonl"], input="\n".join(paths) + "\n")
        open(shard, "w").write(run.stdout)
        graph = os.path.join(tmp, "graph.json")
        t_merge, _ = timed([bg, "merge", "-q", shard, "-o", graph])
        import json
        doc = json.load(open(graph))
        n_rel, n_act = len(doc["edges"]), len(doc["nodes"])
        bundle = os.path.join(tmp, "kuzu")
        t_csv, _ = timed([bg, "convert", graph, "--format", "kuzu-csv", "-o", bundle])
        t_lb, _ = timed([sys.executable, os.path.join(bundle, "load.py"), os.path.join(tmp, "db")])
        nq = os.path.join(tmp, "graph.nq")
        t_nq, _ = timed([bg, "convert", graph, "-o", nq])
        import pyoxigraph
        t = time.perf_counter()
        store = pyoxigraph.Store()
        store.load(path=nq, format=pyoxigraph.RdfFormat.N_QUADS)
        t_ox = time.perf_counter() - t
        quads = len(store)
    print(f"{args.briefs} generated briefs, {size / 1e6:.1f} MB; merged graph: {n_act} actors, "
          f"{n_rel} relations, {quads} quads\n")
    print("| step | time | rate |")
    print("| --- | --- | --- |")
    print(f"| `extract --jsonl` | {t_extract:.2f} s | {args.briefs / t_extract:,.0f} documents/s |")
    print(f"| `merge` of the shard | {t_merge:.2f} s | {n_rel / t_merge:,.0f} relations/s |")
    print(f"| `convert --format kuzu-csv` | {t_csv:.2f} s | {n_rel / t_csv:,.0f} relations/s |")
    print(f"| `load.py` into LadybugDB (incl. Python start) | {t_lb:.2f} s | {n_rel / t_lb:,.0f} relations/s |")
    print(f"| `convert -o graph.nq` | {t_nq:.2f} s | {n_rel / t_nq:,.0f} relations/s |")
    print(f"| pyoxigraph `Store.load` of the N-Quads | {t_ox:.2f} s | {n_rel / t_ox:,.0f} relations/s ({quads / t_ox:,.0f} quads/s) |")


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""briefgraph against NetworkX on one large generated graph.

    cargo build --release && python3 benches/vs_networkx.py [ACTORS] [EDGES]

Generates a node-link graph (default 20,000 actors and 200,000 edges, each
edge with one piece of evidence: source, line, sentence), normalises it with
`briefgraph convert` into briefgraph's JSON, then times, each in a fresh
process with its peak memory (ru_maxrss from wait4):

- JSON -> GraphML: `briefgraph convert g.json -o g.graphml` against NetworkX
  loading the same JSON (node_link_graph, not timed) and `write_graphml`;
- GraphML -> JSON: `briefgraph convert g.graphml -o g.json` against NetworkX's
  `read_graphml` of the same GraphML file (briefgraph's).

Prints a table; the README's figures come from it. Needs Python's networkx.
"""

import json
import os
import random
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = os.environ.get("BRIEFGRAPH", os.path.join(ROOT, "target", "release", "briefgraph"))

KINDS = ["state", "armed-group", "organisation", "person", "alliance"]
PREDICATES = [
    ("supports", "SUPPORT"),
    ("rejects", "REJECT"),
    ("negotiates with", "CONSULT"),
    ("provides aid to", "AID"),
    ("attacks", "ASSAULT"),
    ("operates", "OPERATE"),
    ("sanctions", "SANCTION"),
    ("cooperates with", "COOPERATE"),
]
CONTEXTS = ["ceasefire talks", "humanitarian access", "border security", "sanctions"]


def generate(path, actors, edges):
    rng = random.Random(20261130)
    nodes = []
    for i in range(actors):
        nodes.append(
            {
                "id": f"actor-{i:05d}",
                "label": f"Actor {i}",
                "kind": KINDS[i % len(KINDS)],
                "aliases": [f"A{i}"] if i % 3 == 0 else [],
            }
        )
    links = []
    for k in range(edges):
        s = min(rng.randrange(actors), rng.randrange(actors))
        t = rng.randrange(actors)
        if t == s:
            t = (t + 1) % actors
        predicate, cls = PREDICATES[rng.randrange(len(PREDICATES))]
        edge = {
            "source": f"actor-{s:05d}",
            "target": f"actor-{t:05d}",
            "predicate": predicate,
            "class": cls,
            "polarity": "asserted" if rng.randrange(10) else "hedged",
            "origin": "extracted",
            "confidence": 0.5 + rng.randrange(5) / 10,
            "evidence": [
                {
                    "source": f"brief-{k % 500:03d}",
                    "line": 1 + k % 400,
                    "sentence": f"Actor {s} {predicate} actor {t}, according to brief {k % 500}, paragraph {k % 37}.",
                }
            ],
        }
        if k % 4 == 0:
            edge["context"] = CONTEXTS[k % len(CONTEXTS)]
        links.append(edge)
    doc = {"directed": True, "multigraph": True, "graph": {"name": "generated"}, "nodes": nodes, "edges": links}
    with open(path, "w") as f:
        json.dump(doc, f)


def timed(argv):
    """Runs argv; returns (wall s, CPU s, peak MiB) of that process alone."""
    t0 = time.perf_counter()
    p = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(p.pid, 0)
    wall = time.perf_counter() - t0
    err = p.stderr.read().decode()
    p.stderr.close()
    if status != 0:
        sys.exit(f"{' '.join(argv)} failed:\n{err}")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


NX_WRITE = """
import json, sys, time, networkx as nx
with open(sys.argv[1]) as f:
    g = nx.node_link_graph(json.load(f), edges="edges")
# write_graphml takes scalars only: lists (aliases, sources, evidence)
# become JSON text first, as briefgraph writes them (not timed).
for _, d in g.nodes(data=True):
    for k, v in d.items():
        if isinstance(v, (list, dict)):
            d[k] = json.dumps(v)
for _, _, d in g.edges(data=True):
    for k, v in d.items():
        if isinstance(v, (list, dict)):
            d[k] = json.dumps(v)
g.graph = {k: v for k, v in g.graph.items() if not isinstance(v, (list, dict))}
t0, c0 = time.perf_counter(), time.process_time()
nx.write_graphml(g, sys.argv[2])
print(time.perf_counter() - t0, time.process_time() - c0)
"""

NX_READ = """
import sys, time, networkx as nx
t0, c0 = time.perf_counter(), time.process_time()
g = nx.read_graphml(sys.argv[1])
print(time.perf_counter() - t0, time.process_time() - c0, g.number_of_edges())
"""


def nx_timed(script, *args):
    out = subprocess.run([sys.executable, "-c", script, *args], check=True, capture_output=True, text=True)
    wall, cpu = out.stdout.split()[:2]
    return float(wall), float(cpu)


def main():
    actors = int(sys.argv[1]) if len(sys.argv) > 1 else 20_000
    edges = int(sys.argv[2]) if len(sys.argv) > 2 else 200_000
    with tempfile.TemporaryDirectory() as tmp:
        raw = os.path.join(tmp, "raw.json")
        generate(raw, actors, edges)
        g_json = os.path.join(tmp, "g.json")
        timed([BIN, "convert", raw, "-o", g_json])
        size = os.path.getsize(g_json) / 2**20
        g_xml = os.path.join(tmp, "g.graphml")
        w_bg, w_cpu, w_mem = timed([BIN, "convert", g_json, "-o", g_xml])
        xml_size = os.path.getsize(g_xml) / 2**20
        back = os.path.join(tmp, "back.json")
        r_bg, r_cpu, r_mem = timed([BIN, "convert", g_xml, "-o", back])
        same = open(back, "rb").read() == open(g_json, "rb").read()
        w_nx, w_nx_cpu = nx_timed(NX_WRITE, g_json, os.path.join(tmp, "nx.graphml"))
        r_nx, r_nx_cpu = nx_timed(NX_READ, g_xml)
    print(f"graph: {actors:,} actors, {edges:,} edges with evidence; JSON {size:.0f} MiB, GraphML {xml_size:.0f} MiB")
    print("Times are wall (CPU = user + system); the speed-up compares CPU time, which")
    print("other work on the machine inflates less, and wall time (briefgraph's include")
    print("writing the output file to disk, fsync'd, and may use both cores).")
    print()
    print("| conversion | briefgraph | peak memory | NetworkX | speed-up (CPU) | speed-up (wall) |")
    print("|---|---|---|---|---|---|")
    print(f"| JSON -> GraphML | {w_bg:.2f} s ({w_cpu:.2f} s CPU) | {w_mem:.0f} MiB ({w_mem / size:.1f}x the input) "
          f"| write_graphml {w_nx:.2f} s ({w_nx_cpu:.2f} s CPU) | {w_nx_cpu / w_cpu:.1f}x | {w_nx / w_bg:.1f}x |")
    print(f"| GraphML -> JSON | {r_bg:.2f} s ({r_cpu:.2f} s CPU) | {r_mem:.0f} MiB ({r_mem / xml_size:.1f}x the input) "
          f"| read_graphml {r_nx:.2f} s ({r_nx_cpu:.2f} s CPU) | {r_nx_cpu / r_cpu:.1f}x | {r_nx / r_bg:.1f}x |")
    print(f"round trip JSON -> GraphML -> JSON byte-identical: {same}")
    with open("/proc/loadavg") as f:
        print(f"load average: {f.read().split()[0]}")


if __name__ == "__main__":
    main()

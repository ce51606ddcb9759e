"""Benchmark of the explorer page on a generated graph.

    cargo build --release && python3 scripts/bench-html.py [ACTORS] [RELATIONS]

Generates a graph of 2,000 actors and 10,000 relations (by default; fixed
seed, a few hubs as in merged briefs), writes its page with
`briefgraph html`, opens it in headless Debian Chromium (Playwright,
/usr/bin/chromium) and reports the time from navigation to the page laid
out, drawn and ready (body[data-ready]), then the time for one search and
focus to answer. Prints the median of three page loads, and the machine's
load average before and after (timings on a loaded machine are longer)."""
import json, os, pathlib, random, statistics, subprocess, sys, tempfile, time
from playwright.sync_api import sync_playwright

ROOT = pathlib.Path(__file__).resolve().parent.parent
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
KINDS = ["state", "organization", "person", "armed-group", "military", "place", "facility", "agreement"]
CLASSES = ["SUPPORT", "COOPERATE", "ASSAULT", "ACCUSE", "THREATEN", "CONSULT", "AID", "REQUEST"]

def graph(n, m):
    rnd = random.Random(12)
    nodes = [{"id": f"a{i}", "label": f"Actor {i} {rnd.choice(['Council', 'Front', 'Union', 'Ministry', 'Group'])}",
              "kind": rnd.choice(KINDS)} for i in range(n)]
    edges, seen = [], set()
    while len(edges) < m:
        s, t = int(n * rnd.random() ** 2.2), rnd.randrange(n)
        c = rnd.choice(CLASSES)
        if s == t or (s, t, c) in seen:
            continue
        seen.add((s, t, c))
        year = rnd.randrange(1990, 2026)
        edges.append({"source": f"a{s}", "target": f"a{t}", "class": c, "predicate": c.lower(),
                      "date": f"{year}-{rnd.randrange(1, 13):02d}",
                      "evidence": [{"source": "gen", "quote": f"a{s} and a{t}, {c.lower()}"}]})
    return {"directed": True, "multigraph": True,
            "graph": {"name": f"Generated: {n} actors, {m} relations", "sources": [{"id": "gen", "title": "generated"}]},
            "nodes": nodes, "edges": edges}

def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 2000
    m = int(sys.argv[2]) if len(sys.argv) > 2 else 10000
    with tempfile.TemporaryDirectory() as tmp:
        tmp = pathlib.Path(tmp)
        (tmp / "g.json").write_text(json.dumps(graph(n, m)))
        subprocess.run([str(ROOT / "target/release/briefgraph"), "html", str(tmp / "g.json"), "-o", str(tmp / "g.html")], check=True)
        size = (tmp / "g.html").stat().st_size
        loads, answers, layouts, parts = [], [], [], []
        load_before = os.getloadavg()[0]
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
            for _ in range(3):
                page = browser.new_page(viewport={"width": 1400, "height": 900})
                start = time.perf_counter()
                page.goto("file://" + str(tmp / "g.html"))
                page.wait_for_selector("body[data-ready=true]", timeout=120000)
                loads.append(time.perf_counter() - start)
                layouts.append(page.evaluate("briefgraph.layoutMs") / 1000)
                parts.append(page.evaluate("briefgraph.timing()"))
                start = time.perf_counter()
                page.fill("#search", "Actor 17 ")
                page.press("#search", "Enter")
                page.wait_for_selector("#details h2")
                page.evaluate("new Promise(r => requestAnimationFrame(() => r()))")
                answers.append(time.perf_counter() - start)
                page.close()
            browser.close()
        print(f"{n} actors, {m} relations, page {size / 1e6:.2f} MB: ready in {statistics.median(loads):.2f} s "
              f"(ForceAtlas2 {statistics.median(layouts):.2f} s), search and focus answered in "
              f"{statistics.median(answers):.2f} s (median of 3)")
        for k in ["layoutMs", "spreadMs", "drawMs", "applyMs"]:
            print(f"  {k}: {statistics.median(t[k] for t in parts):.0f} ms")
        print(f"  load average (1 min) {load_before:.2f} before, {os.getloadavg()[0]:.2f} after, "
              f"{os.cpu_count()} CPUs, {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}")

if __name__ == "__main__":
    main()

//! Mermaid, GEXF and the yEd flavour of GraphML, written by the CLI and
//! read back by their real clients (xmllint, NetworkX, Mermaid's parser).

mod common;

use common::*;
use serde_json::{json, Value};

fn full_graph(sb: &Sandbox) {
    let data = bundled_data();
    sb.run(&["convert", data.to_str().unwrap(), "-o", "full.json"])
        .success();
}

/// A graph whose names try to break every format: quotes, `#`, markup,
/// Mermaid keywords, a script tag.
fn hostile_graph(sb: &Sandbox) -> std::path::PathBuf {
    let names = [
        ("end", "end"),
        ("graph", "graph"),
        ("q", "Say \"hello\" #1; [a] {b} (c) | `d`"),
        ("x", "<script>alert(1)</script>"),
        ("amp", "AT&T <b>bold</b> -->"),
        ("nl", "two\nlines"),
    ];
    let nodes: Vec<Value> = names
        .iter()
        .map(|(id, label)| json!({"id": id, "label": label, "kind": "organization"}))
        .collect();
    let edges: Vec<Value> = names
        .windows(2)
        .map(|w| {
            json!({
                "source": w[0].0, "target": w[1].0, "predicate": "click call \"x\"",
                "class": "SUPPORT", "date": "2024-05",
                "evidence": [{"source": "hostile", "quote": "a </script> & \"q\""}]
            })
        })
        .collect();
    let doc = json!({"directed": true, "multigraph": true,
        "graph": {"name": "Hostile <names> & \"quotes\"", "sources": [{"id": "hostile", "title": "made up"}]},
        "nodes": nodes, "edges": edges});
    sb.write("hostile.json", serde_json::to_vec_pretty(&doc).unwrap())
}

/// Mermaid's rules as this project promises them, checked on every line.
fn check_mermaid(text: &str) -> (usize, usize) {
    let mut lines = text.lines();
    assert_eq!(lines.next(), Some("flowchart LR"));
    let reserved = [
        "end",
        "graph",
        "flowchart",
        "subgraph",
        "style",
        "linkStyle",
        "classDef",
        "class",
        "click",
        "call",
        "href",
        "direction",
        "default",
    ];
    let (mut nodes, mut edges) = (0, 0);
    for line in lines {
        let line = line.trim();
        let first: String = line
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
            .collect();
        if ["classDef", "class", "linkStyle"].contains(&first.as_str()) {
            assert!(!line.contains('"'), "{line}");
            continue;
        }
        assert!(
            first.starts_with('n')
                && first[1..].chars().all(|c| c.is_ascii_digit())
                && first.len() > 1,
            "generated id expected: {line}"
        );
        assert!(!reserved.contains(&first.as_str()));
        let parts: Vec<&str> = line.split('"').collect();
        assert_eq!(parts.len(), 3, "one quoted label: {line}");
        if parts[0].contains("--") || parts[0].contains("-.") {
            edges += 1;
            let target = parts[2].trim_start_matches('|').trim();
            assert!(target.starts_with('n') && target[1..].chars().all(|c| c.is_ascii_digit()));
        } else {
            nodes += 1;
        }
        let mut rest = parts[1];
        while let Some(c) = rest.chars().next() {
            if c == '#' {
                let end = rest.find(';').expect("entity ends with ;");
                let name = &rest[1..end];
                assert!(
                    name == "quot"
                        || (!name.is_empty() && name.chars().all(|c| c.is_ascii_digit())),
                    "#{name}; in {line}"
                );
                rest = &rest[end + 1..];
            } else {
                assert!(!"<>&`|;[]{}\"".contains(c), "raw {c:?} in {line}");
                rest = &rest[c.len_utf8()..];
            }
        }
    }
    assert!(text.encode_utf16().count() <= 50_000);
    assert!(edges <= 500);
    (nodes, edges)
}

#[test]
fn mermaid_follows_its_syntax_rules() {
    let sb = Sandbox::new();
    full_graph(&sb);
    sb.run(&["convert", "full.json", "-o", "full.mmd"])
        .success();
    let text = std::fs::read_to_string(sb.join("full.mmd")).unwrap();
    let (nodes, edges) = check_mermaid(&text);
    assert_eq!(nodes, 54);
    assert!(edges > 50 && edges <= 113, "{edges}");
    assert!(text.contains("classDef k_state fill:#c6dbef"));
    assert!(text.contains("linkStyle "));

    hostile_graph(&sb);
    sb.run(&["convert", "hostile.json", "-o", "hostile.mmd"])
        .success();
    let text = std::fs::read_to_string(sb.join("hostile.mmd")).unwrap();
    check_mermaid(&text);
    assert!(text.contains("#quot;hello#quot; #35;1#59;"), "{text}");
    assert!(
        text.contains("#60;script#62;alert(1)#60;/script#62;"),
        "{text}"
    );
    assert!(text.contains("\"end\""), "the label end is quoted text");
}

fn big_graph(sb: &Sandbox, edges: usize) {
    let nodes: Vec<Value> = (0..=edges)
        .map(|i| json!({"id": format!("a{i}"), "label": format!("Actor {i}"), "kind": "state"}))
        .collect();
    let links: Vec<Value> = (0..edges)
        .map(|i| json!({"source": format!("a{i}"), "target": format!("a{}", i + 1), "class": "SUPPORT"}))
        .collect();
    let doc = json!({"directed": true, "multigraph": true, "graph": {"name": "big"},
        "nodes": nodes, "edges": links});
    sb.write("big.json", serde_json::to_vec(&doc).unwrap());
}

#[test]
fn mermaid_refuses_one_diagram_beyond_its_limits_and_markdown_splits() {
    let sb = Sandbox::new();
    big_graph(&sb, 620);
    sb.run(&["convert", "big.json", "-o", "big.mmd"])
        .failure()
        .stderr_has("too large for one Mermaid diagram")
        .stderr_has("-o FILE.md");
    assert!(!sb.join("big.mmd").exists());
    sb.run(&["convert", "big.json", "-o", "big.md"]).success();
    let md = std::fs::read_to_string(sb.join("big.md")).unwrap();
    let mut total = 0;
    let blocks: Vec<&str> = md.split("```mermaid\n").skip(1).collect();
    assert!(blocks.len() >= 2);
    for b in &blocks {
        let diagram = &b[..b.find("```").unwrap()];
        total += check_mermaid(diagram).1;
    }
    assert_eq!(total, 620);
    // A view brings it back within the limits.
    sb.run(&[
        "convert", "big.json", "--focus", "a300", "--depth", "5", "-o", "near.mmd",
    ])
    .success();
}

#[test]
fn mermaid_is_accepted_by_mermaids_own_parser() {
    let mermaid = std::env::var("BRIEFGRAPH_MERMAID_JS").map_or_else(
        |_| root().join("target/js/node_modules/mermaid/dist/mermaid.min.js"),
        std::path::PathBuf::from,
    );
    assert!(
        mermaid.is_file(),
        "Mermaid's parser is needed by this test: install it with \
         `npm install --prefix target/js mermaid@11` (or set BRIEFGRAPH_MERMAID_JS to mermaid.min.js)"
    );
    let sb = Sandbox::new();
    full_graph(&sb);
    hostile_graph(&sb);
    sb.run(&["convert", "full.json", "--focus", "cmcc", "-o", "cmcc.mmd"])
        .success();
    sb.run(&["convert", "full.json", "-o", "full.mmd"])
        .success();
    sb.run(&["convert", "hostile.json", "-o", "hostile.mmd"])
        .success();
    let out = playwright(
        r#"
import json, sys, pathlib
from playwright.sync_api import sync_playwright
lib = sys.argv[1]
page_file = pathlib.Path(sys.argv[2])
# The bundle holds non-ASCII literals: the page must say it is UTF-8.
page_file.write_text('<!DOCTYPE html><html><head><meta charset="utf-8"></head><body>'
    '<script charset="utf-8" src="file://' + lib + '"></script></body></html>')
results = {}
with sync_playwright() as p:
    b = p.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox", "--disable-gpu",
        "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"])
    page = b.new_page()
    dialogs = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto("file://" + str(page_file))
    page.wait_for_function("window.mermaid !== undefined")
    page.evaluate("mermaid.initialize({startOnLoad: false, securityLevel: 'strict'})")
    for f in sys.argv[3:]:
        # As a Markdown viewer does: a <pre class="mermaid"> handed to mermaid.run.
        results[f] = page.evaluate("""async (t) => {
            const el = document.createElement('pre');
            el.className = 'mermaid';
            el.textContent = t;
            document.body.appendChild(el);
            try { await mermaid.run({nodes: [el]}); } catch (e) { return {ok: false, error: String(e)}; }
            const svg = el.querySelector('svg');
            if (!svg) return {ok: false, error: el.textContent.slice(0, 300)};
            return {ok: true, nodes: svg.querySelectorAll('g.node').length,
                    edges: svg.querySelectorAll('path.flowchart-link').length,
                    labels: Array.from(svg.querySelectorAll('g.node .nodeLabel')).map(e => e.textContent),
                    scripts: svg.querySelectorAll('script').length};
        }""", pathlib.Path(f).read_text())
    results["dialogs"] = dialogs
    b.close()
print(json.dumps(results))
"#,
        &[
            mermaid.to_str().unwrap(),
            sb.join("page.html").to_str().unwrap(),
            sb.join("cmcc.mmd").to_str().unwrap(),
            sb.join("full.mmd").to_str().unwrap(),
            sb.join("hostile.mmd").to_str().unwrap(),
        ],
    );
    let r: Value = serde_json::from_str(&out).unwrap();
    let cmcc = &r[sb.join("cmcc.mmd").to_str().unwrap()];
    assert_eq!(cmcc["ok"], true, "{cmcc}");
    assert_eq!(cmcc["nodes"], 10, "{cmcc}");
    let full = &r[sb.join("full.mmd").to_str().unwrap()];
    assert_eq!(full["ok"], true, "{full}");
    assert_eq!(full["nodes"], 54, "{full}");
    let hostile = &r[sb.join("hostile.mmd").to_str().unwrap()];
    assert_eq!(hostile["ok"], true, "{hostile}");
    assert_eq!(hostile["nodes"], 6, "{hostile}");
    let labels: Vec<&str> = hostile["labels"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l.as_str().unwrap())
        .collect();
    // Entity codes come back as the characters they stand for, as text.
    assert!(labels.contains(&"<script>alert(1)</script>"), "{labels:?}");
    assert!(
        labels.contains(&"Say \"hello\" #1; [a] {b} (c) | `d`"),
        "{labels:?}"
    );
    assert!(labels.contains(&"end"), "{labels:?}");
    assert_eq!(hostile["scripts"], 0);
    assert_eq!(r["dialogs"], json!([]));
}

#[test]
fn gexf_validates_and_networkx_reads_the_timeline() {
    require("xmllint", "apt-get install -y libxml2-utils");
    let sb = Sandbox::new();
    full_graph(&sb);
    hostile_graph(&sb);
    let schema = shared().join("schemas/gexf-1.3/gexf.xsd");
    assert!(
        schema.is_file(),
        "the GEXF schema is expected at {}",
        schema.display()
    );
    for input in ["full.json", "hostile.json"] {
        sb.run(&["convert", input, "-o", "g.gexf"]).success();
        let gexf = sb.join("g.gexf");
        let r = external(
            "xmllint",
            &[
                "--noout",
                "--nonet",
                "--schema",
                schema.to_str().unwrap(),
                gexf.to_str().unwrap(),
            ],
        );
        assert_eq!(r.code, 0, "{input}: {}", r.stderr);
    }
    sb.run(&["convert", "full.json", "-o", "g.gexf"]).success();
    let out = python(
        r#"
import json, sys, networkx as nx
g = nx.read_gexf(sys.argv[1], version="1.3")
src = nx.node_link_graph(json.load(open(sys.argv[2])), edges="edges")
dated = sorted(((d["start"], d.get("end"), k) for u, v, k, d in g.edges(keys=True, data=True) if "start" in d), key=lambda t: (t[0], t[1] or "", t[2]))
print(json.dumps({
    "type": type(g).__name__, "mode": g.graph.get("mode"),
    "nodes": sorted(g.nodes()), "src_nodes": sorted(src.nodes()),
    "edges": sorted(k for u, v, k in g.edges(keys=True)), "src_edges": sorted(k for u, v, k in src.edges(keys=True)),
    "labels": {n: d["label"] for n, d in g.nodes(data=True)},
    "src_labels": {n: d["label"] for n, d in src.nodes(data=True)},
    "dated": dated,
    "src_dates": {d["id"]: d.get("date") for u, v, d in src.edges(data=True)},
    "classes": {k: d["class"] for u, v, k, d in g.edges(keys=True, data=True)},
}))
"#,
        &[&sb.join("g.gexf"), &sb.join("full.json")],
    );
    let r: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(r["type"], "MultiDiGraph");
    assert_eq!(r["mode"], "dynamic");
    assert_eq!(r["nodes"], r["src_nodes"]);
    assert_eq!(r["edges"], r["src_edges"]);
    assert_eq!(r["labels"], r["src_labels"]);
    let dated = r["dated"].as_array().unwrap();
    let src_dated = r["src_dates"]
        .as_object()
        .unwrap()
        .values()
        .filter(|d| d.as_str().is_some_and(|d| !d.starts_with("..")))
        .count();
    assert_eq!(dated.len(), src_dated, "every dated edge has a start");
    // Starts are ISO days, so they sort in time order; check a few by hand.
    let find = |date: &str| {
        r["src_dates"]
            .as_object()
            .unwrap()
            .iter()
            .find(|(_, d)| d.as_str() == Some(date))
            .map(|(id, _)| id.clone())
            .unwrap()
    };
    let start_of = |id: &str| {
        dated
            .iter()
            .find(|d| d[2] == id)
            .map(|d| (d[0].clone(), d[1].clone()))
            .unwrap()
    };
    assert_eq!(
        start_of(&find("2025-10-17")),
        (json!("2025-10-17"), Value::Null)
    );
    assert_eq!(
        start_of(&find("1980/1989")),
        (json!("1980-01-01"), json!("1989-12-31"))
    );
    assert_eq!(
        start_of(&find("2025-10")),
        (json!("2025-10-01"), Value::Null)
    );
    let text = std::fs::read_to_string(sb.join("g.gexf")).unwrap();
    assert!(text.contains("mode=\"dynamic\" timeformat=\"date\""));
}

#[test]
fn yed_flavour_adds_graphics_and_plain_graphml_is_unchanged() {
    let sb = Sandbox::new();
    full_graph(&sb);
    sb.run(&["convert", "full.json", "-o", "plain.graphml"])
        .success();
    sb.run(&[
        "convert",
        "full.json",
        "-o",
        "plain2.graphml",
        "--graphml-flavour",
        "plain",
    ])
    .success();
    sb.run(&[
        "convert",
        "full.json",
        "-o",
        "yed.graphml",
        "--graphml-flavour",
        "yed",
    ])
    .success();
    let plain = std::fs::read_to_string(sb.join("plain.graphml")).unwrap();
    assert_eq!(
        plain,
        std::fs::read_to_string(sb.join("plain2.graphml")).unwrap()
    );
    assert!(!plain.contains("yworks") && !plain.contains("y:ShapeNode"));
    let yed = std::fs::read_to_string(sb.join("yed.graphml")).unwrap();
    assert_eq!(yed.matches("<y:ShapeNode>").count(), 54);
    assert_eq!(yed.matches("<y:PolyLineEdge>").count(), 113);
    assert!(yed.contains("yfiles.type=\"nodegraphics\""));
    assert!(
        yed.contains("<y:Fill color=\"#C6DBEF\""),
        "states are filled"
    );
    assert!(
        yed.contains("<y:Shape type=\"hexagon\"/>"),
        "military are hexagons"
    );
    assert!(yed.contains("target=\"t_shape\""), "conflictual arrows");
    // Plain GraphML still validates; both load in NetworkX with the same data,
    // and NetworkX's yEd reader picks up the labels.
    require("xmllint", "apt-get install -y libxml2-utils");
    let schema = shared().join("schemas/graphml/graphml.xsd");
    let r = external(
        "xmllint",
        &[
            "--noout",
            "--nonet",
            "--schema",
            schema.to_str().unwrap(),
            sb.join("plain.graphml").to_str().unwrap(),
        ],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let r = external(
        "xmllint",
        &[
            "--noout",
            "--nonet",
            sb.join("yed.graphml").to_str().unwrap(),
        ],
    );
    assert_eq!(r.code, 0, "yEd GraphML is well-formed XML: {}", r.stderr);
    let out = python(
        r#"
import json, sys, networkx as nx
a = nx.read_graphml(sys.argv[1], force_multigraph=True)
b = nx.read_graphml(sys.argv[2], force_multigraph=True)
same = sorted(a.edges(keys=True)) == sorted(b.edges(keys=True)) and all(
    {k: v for k, v in b.nodes[n].items() if k in a.nodes[n]} == a.nodes[n] for n in a)
print(json.dumps({"same": same, "cmcc": b.nodes["cmcc"].get("label")}))
"#,
        &[&sb.join("plain.graphml"), &sb.join("yed.graphml")],
    );
    let r: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(r["same"], true);
    assert_eq!(r["cmcc"], "Civil-Military Coordination Center");
    // A flavour that does not exist.
    sb.run(&[
        "convert",
        "full.json",
        "-o",
        "x.graphml",
        "--graphml-flavour",
        "gephi",
    ])
    .failure()
    .stderr_has("unknown GraphML flavour");
}

//! `briefgraph render` through the real Graphviz, read back by a real XML parser.

mod common;

use common::*;
use serde_json::Value;
use std::path::Path;

fn full_graph(sb: &Sandbox) {
    let data = bundled_data();
    sb.run(&["convert", data.to_str().unwrap(), "-o", "full.json"])
        .success();
}

/// Parses an SVG written by Graphviz and returns, for every node group,
/// its id (the `<title>`) and its label (the `<text>` lines joined), plus
/// every text of the picture.
fn svg_nodes(svg: &Path) -> (Vec<(String, String)>, Vec<String>) {
    let out = python(
        r#"
import json, sys, xml.etree.ElementTree as ET
ns = {"s": "http://www.w3.org/2000/svg"}
root = ET.parse(sys.argv[1]).getroot()
nodes = []
for g in root.iter("{http://www.w3.org/2000/svg}g"):
    if g.get("class") == "node":
        title = g.find("s:title", ns).text
        label = " ".join(t.text or "" for t in g.iter("{http://www.w3.org/2000/svg}text"))
        nodes.append([title, label])
texts = [t.text or "" for t in root.iter("{http://www.w3.org/2000/svg}text")]
print(json.dumps([sorted(nodes), texts]))
"#,
        &[svg],
    );
    serde_json::from_str(&out).unwrap()
}

fn actors(json: &Path) -> Vec<(String, String)> {
    let v: Value = serde_json::from_slice(&std::fs::read(json).unwrap()).unwrap();
    let mut out: Vec<(String, String)> = v["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| {
            (
                n["id"].as_str().unwrap().to_string(),
                n["label"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    out.sort();
    out
}

#[test]
fn svg_parses_and_names_every_actor_of_the_view() {
    require("dot", "apt-get install -y graphviz");
    let sb = Sandbox::new();
    full_graph(&sb);
    for view in [
        &[][..],
        &["--focus", "cmcc"][..],
        &["--class", "conflictual"][..],
    ] {
        let mut render = vec!["render", "full.json", "-o", "view.svg"];
        render.extend_from_slice(view);
        sb.run(&render).success();
        let mut convert = vec!["convert", "full.json", "-o", "view.json"];
        convert.extend_from_slice(view);
        sb.run(&convert).success();
        let (nodes, texts) = svg_nodes(&sb.join("view.svg"));
        assert_eq!(nodes, actors(&sb.join("view.json")), "{view:?}");
        // The caption: title, sources and legend.
        let all = texts.join("\n");
        assert!(
            all.contains("The US Civil-Military Coordination Center and the Gaza ceasefire"),
            "{view:?}"
        );
        assert!(all.contains("Sources:"), "{view:?}");
        assert!(
            all.contains("Actors") && all.contains("Relations"),
            "{view:?}"
        );
        if view.first() == Some(&"--focus") {
            assert!(all.contains("around Civil-Military Coordination Center, 1 step"));
        }
    }
}

#[test]
fn parallel_relations_are_grouped_in_the_picture_but_not_in_the_dot_export() {
    let sb = Sandbox::new();
    full_graph(&sb);
    sb.run(&["convert", "full.json", "-o", "faithful.dot"])
        .success();
    sb.run(&["render", "full.json", "-o", "picture.dot"])
        .success();
    sb.run(&["render", "full.json", "--every-relation", "-o", "every.dot"])
        .success();
    let edges = |name: &str| {
        std::fs::read_to_string(sb.join(name))
            .unwrap()
            .lines()
            .filter(|l| l.contains(" -> "))
            .count()
    };
    assert_eq!(edges("faithful.dot"), 113);
    assert_eq!(edges("every.dot"), 113);
    let grouped = edges("picture.dot");
    assert!(grouped < 113, "{grouped}");
    let picture = std::fs::read_to_string(sb.join("picture.dot")).unwrap();
    // Israel and the United States share several conflictual relations.
    assert!(picture.contains("(+"), "a compact label counts the rest");
    // Graphviz reads all three files.
    require("dot", "apt-get install -y graphviz");
    for f in ["faithful.dot", "picture.dot", "every.dot"] {
        let p = sb.join(f);
        let r = external("dot", &["-Tsvg", "-o", "/dev/null", p.to_str().unwrap()]);
        assert_eq!(r.code, 0, "{f}: {}", r.stderr);
    }
}

#[test]
fn png_and_pdf_are_drawn() {
    require("dot", "apt-get install -y graphviz");
    let sb = Sandbox::new();
    full_graph(&sb);
    sb.run(&["render", "full.json", "--focus", "cmcc", "-o", "cmcc.png"])
        .success();
    sb.run(&["render", "full.json", "--focus", "cmcc", "-o", "cmcc.pdf"])
        .success();
    let png = std::fs::read(sb.join("cmcc.png")).unwrap();
    assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n");
    let pdf = std::fs::read(sb.join("cmcc.pdf")).unwrap();
    assert!(pdf.starts_with(b"%PDF-"));
}

#[test]
fn two_renders_give_identical_svg() {
    require("dot", "apt-get install -y graphviz");
    let sb = Sandbox::new();
    full_graph(&sb);
    sb.run(&["render", "full.json", "-o", "a.svg"]).success();
    sb.run(&["render", "full.json", "-o", "b.svg"]).success();
    assert_eq!(
        std::fs::read(sb.join("a.svg")).unwrap(),
        std::fs::read(sb.join("b.svg")).unwrap()
    );
}

#[test]
fn missing_graphviz_fails_render_with_the_install_hint_and_build_skips_the_pictures() {
    let sb = Sandbox::new();
    full_graph(&sb);
    let empty = sb.join("no-programs");
    std::fs::create_dir_all(&empty).unwrap();
    let path = empty.to_str().unwrap();
    run_env(
        sb.path(),
        &["render", "full.json", "-o", "x.svg"],
        &[("PATH", path)],
    )
    .failure()
    .stderr_has("Graphviz")
    .stderr_has("apt-get install graphviz");
    assert!(!sb.join("x.svg").exists());
    // `build` is the newcomer's first command: it writes everything but the
    // pictures, and says how to get them (tests/build.rs checks the files).
    let data = bundled_data();
    run_env(
        sb.path(),
        &["build", data.to_str().unwrap(), "-o", "out"],
        &[("PATH", path)],
    )
    .success()
    .stderr_has("apt-get install graphviz")
    .stderr_has("--no-render");
    assert!(!sb.join("out/graph.svg").exists());
}

#[test]
fn render_refuses_formats_that_are_not_pictures() {
    let sb = Sandbox::new();
    full_graph(&sb);
    sb.run(&["render", "full.json", "-o", "x.json"])
        .failure()
        .stderr_has("render draws pictures");
    assert!(!sb.join("x.json").exists());
}

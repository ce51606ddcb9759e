//! Actor names and notes that break naive writers — quotes, backslashes,
//! newlines, `<b>`, `{`, `node`, `&`, non-ASCII — survive every export and
//! every client that reads it back.

mod common;

use common::{external, python, require, Sandbox};
use serde_json::Value;

const REGISTRY: &str = r#"
[[actor]]
id = "quoted"
name = "The \"Quoted\" Council"
kind = "organization"

[[actor]]
id = "slashes"
name = 'Back\slash \N \G Front'
kind = "organization"

[[actor]]
id = "lines"
name = "Two\nLines"
kind = "person"

[[actor]]
id = "markup"
name = "<b>Bold</b> {node} & edge -> x; node"
kind = "armed-group"

[[actor]]
id = "unicode"
name = "Türkiye–Ελλάδα 東京 😀"
kind = "state"

[[actor]]
id = "trailing"
name = 'ends with a backslash\'
kind = "place"
"#;

const TRIPLES: &str = r#"@source hostile | title: A "hostile" <source> \ title
quoted supports slashes | note: said "yes" \ then <i>no</i> {node}
lines attacks markup | note: line one
unicode opposes trailing in <b>Bold</b> {node} & edge -> x; node
trailing operates quoted | date: 2025-01-02
"#;

fn names() -> Vec<String> {
    let reg: toml::Value = toml::from_str(REGISTRY).unwrap();
    reg["actor"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["name"].as_str().unwrap().to_string())
        .collect()
}

fn build() -> Sandbox {
    let sb = Sandbox::new();
    sb.write("data/registry/hostile.toml", REGISTRY);
    sb.write("data/curated/hostile.triples", TRIPLES);
    sb.run(&["build", "data", "-o", "out"]).success();
    sb
}

#[test]
fn dot_renders_every_hostile_name_as_written() {
    require("dot", "apt-get install -y graphviz");
    let sb = build();
    let svg = sb.join("out/graph.svg.test");
    let run = external(
        "dot",
        &[
            "-Tsvg",
            sb.join("out/graph.dot").to_str().unwrap(),
            "-o",
            svg.to_str().unwrap(),
        ],
    );
    assert_eq!(run.code, 0, "dot rejected the file: {}", run.stderr);
    // Collect the text Graphviz drew, line by line, with a real XML parser.
    let script = r#"
import json, sys, xml.etree.ElementTree as ET
root = ET.parse(sys.argv[1]).getroot()
print(json.dumps([t.text or '' for t in root.iter('{http://www.w3.org/2000/svg}text')], ensure_ascii=False))
"#;
    let texts: Vec<String> = serde_json::from_str(&python(script, &[&svg])).unwrap();
    for name in names() {
        // A label with a line break is drawn as one text element per line.
        for line in name.split('\n') {
            assert!(
                texts.iter().any(|t| t == line),
                "{line:?} not drawn; drew {texts:?}"
            );
        }
    }
    // Graphviz escapes like \N and \G were not expanded.
    assert!(texts.iter().any(|t| t == "Back\\slash \\N \\G Front"));
}

#[test]
fn json_and_graphml_keep_hostile_strings_through_networkx() {
    let sb = build();
    let script = r#"
import json, sys, networkx as nx
g1 = nx.node_link_graph(json.load(open(sys.argv[1], encoding='utf-8')), edges='edges')
g2 = nx.read_graphml(sys.argv[2])
print(json.dumps({
  'json_labels': sorted(d['label'] for _, d in g1.nodes(data=True)),
  'graphml_labels': sorted(d['label'] for _, d in g2.nodes(data=True)),
  'json_notes': sorted(d.get('note', '') for *_, d in g1.edges(data=True)),
  'graphml_notes': sorted(d.get('note', '') for *_, d in g2.edges(data=True)),
  'contexts': sorted(d.get('context', '') for *_, d in g2.edges(data=True)),
  'title': g1.graph['sources'][0]['title'],
}, ensure_ascii=False))
"#;
    let got: Value = serde_json::from_str(&python(
        script,
        &[&sb.join("out/graph.json"), &sb.join("out/graph.graphml")],
    ))
    .unwrap();
    let mut names = names();
    names.sort();
    assert_eq!(got["json_labels"], serde_json::json!(names));
    assert_eq!(got["graphml_labels"], serde_json::json!(names));
    assert_eq!(got["json_notes"], got["graphml_notes"]);
    assert!(got["graphml_notes"]
        .as_array()
        .unwrap()
        .contains(&Value::from("said \"yes\" \\ then <i>no</i> {node}")));
    assert!(got["contexts"]
        .as_array()
        .unwrap()
        .contains(&Value::from("<b>Bold</b> {node} & edge -> x; node")));
    assert_eq!(got["title"], "A \"hostile\" <source> \\ title");
}

#[test]
fn convert_reproduces_the_exports_of_a_hostile_graph() {
    let sb = build();
    sb.run(&["convert", "out/graph.json", "-o", "again.graphml"])
        .success();
    let original = std::fs::read(sb.join("out/graph.graphml")).unwrap();
    assert_eq!(
        String::from_utf8(std::fs::read(sb.join("again.graphml")).unwrap()).unwrap(),
        String::from_utf8(original).unwrap()
    );
    sb.run(&["convert", "out/graph.json", "-o", "again.json"])
        .success();
    assert_eq!(
        std::fs::read_to_string(sb.join("again.json")).unwrap(),
        std::fs::read_to_string(sb.join("out/graph.json")).unwrap()
    );
}

#[test]
fn graphml_and_json_round_trip_a_hostile_graph_losslessly() {
    let sb = build();
    sb.run(&["convert", "out/graph.graphml", "-o", "back.json"])
        .success();
    assert_eq!(
        std::fs::read_to_string(sb.join("back.json")).unwrap(),
        std::fs::read_to_string(sb.join("out/graph.json")).unwrap()
    );
    sb.run(&["convert", "back.json", "-o", "again.graphml"])
        .success();
    assert_eq!(
        std::fs::read_to_string(sb.join("again.graphml")).unwrap(),
        std::fs::read_to_string(sb.join("out/graph.graphml")).unwrap()
    );
}

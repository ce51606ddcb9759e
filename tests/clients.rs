//! Every export read back by its real client — Graphviz `dot`, NetworkX,
//! igraph, xmllint — and compared with the graph in memory.

mod common;

use briefgraph::graph::BriefGraph;
use briefgraph::project::DataDir;
use common::{external, python, require, root, shared, Sandbox};
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

fn bundled() -> (Sandbox, BriefGraph, PathBuf) {
    let sb = Sandbox::new();
    let data = root().join("graph-data");
    sb.run(&["build", data.to_str().unwrap(), "-o", "out"])
        .success();
    let graph = DataDir::open(&data).unwrap().build().unwrap();
    let out = sb.join("out");
    (sb, graph, out)
}

/// Reads a graph with NetworkX (JSON through node_link_graph, GraphML
/// through read_graphml) and prints what it holds as JSON.
const NX_DUMP: &str = r#"
import json, sys, networkx as nx
path = sys.argv[1]
if path.endswith('.json'):
    g = nx.node_link_graph(json.load(open(path, encoding='utf-8')), edges='edges')
else:
    g = nx.read_graphml(path)
print(json.dumps({
    'type': type(g).__name__,
    'nodes': {str(n): d for n, d in g.nodes(data=True)},
    'edges': [[str(u), str(v), str(k), d] for u, v, k, d in g.edges(keys=True, data=True)],
}, ensure_ascii=False))
"#;

fn nx_dump(path: &Path) -> Value {
    serde_json::from_str(&python(NX_DUMP, &[path])).unwrap()
}

/// Decodes a GraphML value that briefgraph wrote as JSON text.
fn json_text(v: &Value) -> Value {
    match v {
        Value::String(s) => serde_json::from_str(s).unwrap_or_else(|_| v.clone()),
        other => other.clone(),
    }
}

fn assert_matches_memory(dump: &Value, graph: &BriefGraph, lists_as_text: bool) {
    assert_eq!(dump["type"], "MultiDiGraph");
    let nodes = dump["nodes"].as_object().unwrap();
    assert_eq!(nodes.len(), graph.node_count());
    for a in graph.actors() {
        let n = &nodes[briefgraph::sinks::graphml::encode_id(&a.id).as_str()];
        assert_eq!(n["label"], a.label.as_str(), "{}", a.id);
        assert_eq!(n["kind"], a.kind.as_str(), "{}", a.id);
        let aliases = if lists_as_text {
            json_text(&n["aliases"])
        } else {
            n["aliases"].clone()
        };
        assert_eq!(aliases, serde_json::json!(a.aliases), "{}", a.id);
        assert_eq!(
            n.get("wikidata").and_then(Value::as_str),
            a.wikidata.as_deref()
        );
    }
    let edges = dump["edges"].as_array().unwrap();
    assert_eq!(edges.len(), graph.edge_count());
    let by_id: BTreeMap<String, &Value> = edges
        .iter()
        .map(|e| {
            (
                e[3]["id"]
                    .as_str()
                    .map_or_else(|| e[2].as_str().unwrap().to_string(), String::from),
                &e[3],
            )
        })
        .collect();
    assert_eq!(by_id.len(), graph.edge_count(), "edge ids are unique");
    for r in graph.relations() {
        let e = by_id
            .get(&r.id)
            .unwrap_or_else(|| panic!("edge {} lost", r.id));
        assert_eq!(e["predicate"], r.predicate.as_str());
        assert_eq!(e["class"], r.class.as_str());
        assert_eq!(e["polarity"], r.polarity.as_str());
        assert_eq!(e["origin"], r.origin.as_str());
        assert_eq!(e["weight"].as_f64().unwrap(), r.class.score());
        assert_eq!(
            e.get("context").and_then(Value::as_str),
            r.context.as_deref()
        );
        assert_eq!(e.get("date").and_then(Value::as_str), r.date.as_deref());
        let evidence = if lists_as_text {
            json_text(&e["evidence"])
        } else {
            e["evidence"].clone()
        };
        assert_eq!(
            evidence,
            serde_json::to_value(&r.evidence).unwrap(),
            "{}",
            r.id
        );
    }
}

#[test]
fn json_loads_in_networkx_as_a_multidigraph_with_every_attribute() {
    let (_sb, graph, out) = bundled();
    let dump = nx_dump(&out.join("graph.json"));
    assert_matches_memory(&dump, &graph, false);
    // NetworkX keys parallel edges by our `key`, which is the edge id.
    for e in dump["edges"].as_array().unwrap() {
        assert_eq!(e[2], e[3]["id"]);
    }
}

#[test]
fn graphml_validates_against_the_schema() {
    let (_sb, _graph, out) = bundled();
    require("xmllint", "apt-get install -y libxml2-utils");
    let xsd = shared().join("schemas/graphml/graphml.xsd");
    assert!(
        xsd.is_file(),
        "the GraphML schema is expected at {}",
        xsd.display()
    );
    let file = out.join("graph.graphml");
    let run = external(
        "xmllint",
        &[
            "--noout",
            "--nonet",
            "--schema",
            xsd.to_str().unwrap(),
            file.to_str().unwrap(),
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stderr.contains("validates"), "{}", run.stderr);
}

#[test]
fn graphml_loads_in_networkx_with_every_attribute() {
    let (_sb, graph, out) = bundled();
    let dump = nx_dump(&out.join("graph.graphml"));
    assert_matches_memory(&dump, &graph, true);
}

#[test]
fn graphml_loads_in_igraph_with_the_same_counts_and_attributes() {
    let (_sb, graph, out) = bundled();
    let script = r#"
import json, sys, igraph
g = igraph.Graph.Read_GraphML(sys.argv[1])
print(json.dumps({
    'directed': g.is_directed(),
    'vcount': g.vcount(), 'ecount': g.ecount(),
    'labels': sorted(g.vs['label']),
    'classes': sorted(g.es['class']),
    'evidence': sorted(g.es['evidence']),
}, ensure_ascii=False))
"#;
    let got: Value = serde_json::from_str(&python(script, &[&out.join("graph.graphml")])).unwrap();
    assert_eq!(got["directed"], true);
    assert_eq!(got["vcount"], graph.node_count());
    assert_eq!(got["ecount"], graph.edge_count());
    let mut labels: Vec<&str> = graph.actors().map(|a| a.label.as_str()).collect();
    labels.sort();
    assert_eq!(got["labels"], serde_json::json!(labels));
    let mut classes: Vec<&str> = graph.relations().map(|r| r.class.as_str()).collect();
    classes.sort();
    assert_eq!(got["classes"], serde_json::json!(classes));
    let mut evidence: Vec<String> = graph
        .relations()
        .map(|r| serde_json::to_string(&r.evidence).unwrap())
        .collect();
    evidence.sort();
    assert_eq!(got["evidence"], serde_json::json!(evidence));
}

#[test]
fn dot_is_accepted_by_graphviz_and_names_every_actor() {
    let (_sb, graph, out) = bundled();
    require("dot", "apt-get install -y graphviz");
    let dot = out.join("graph.dot");
    // -Tjson gives Graphviz's own reading of the file: nodes and edges.
    let run = external("dot", &["-Tjson", dot.to_str().unwrap()]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let parsed: Value = serde_json::from_str(&run.stdout).unwrap();
    let objects = parsed["objects"].as_array().unwrap();
    let labels: Vec<&str> = objects.iter().filter_map(|o| o["label"].as_str()).collect();
    assert_eq!(objects.len(), graph.node_count());
    for a in graph.actors() {
        assert!(labels.contains(&a.label.as_str()), "{} not drawn", a.label);
    }
    assert_eq!(
        parsed["edges"].as_array().unwrap().len(),
        graph.edge_count()
    );
}

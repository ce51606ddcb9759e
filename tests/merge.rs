//! `briefgraph merge` through the real binary: three briefs' graphs merged
//! with support, provenance and conflicts; order independence; merging a
//! graph with itself; entity resolution through the registry (`--actors`);
//! malformed inputs that write nothing; `build` going through the merge.

mod common;

use common::{root, Sandbox};
use serde_json::Value;
use std::fs;

fn json(path: &std::path::Path) -> Value {
    serde_json::from_str(&fs::read_to_string(path).unwrap()).unwrap()
}

/// The bundled graph built by `build`, in a sandbox, at `out/graph.json`.
fn bundled() -> Sandbox {
    let sb = Sandbox::new();
    let data = root().join("graph-data");
    sb.run(&["build", data.to_str().unwrap(), "-o", "out", "--no-render"])
        .success();
    sb
}

fn fixture(name: &str) -> String {
    root()
        .join("tests/data/merge")
        .join(name)
        .to_string_lossy()
        .into_owned()
}

fn edge<'a>(g: &'a Value, source: &str, predicate: &str, target: &str) -> &'a Value {
    g["edges"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| {
            e["source"] == source
                && e["predicate"] == predicate
                && e["target"] == target
                && e["polarity"] == "asserted"
        })
        .unwrap_or_else(|| panic!("no edge {source} {predicate} {target}"))
}

#[test]
fn three_briefs_merge_with_support_provenance_and_conflicts() {
    let sb = bundled();
    let run = sb.run(&[
        "merge",
        "out/graph.json",
        &fixture("ceasefire-monitor.triples"),
        &fixture("field-notes.triples"),
        "-o",
        "merged.json",
    ]);
    run.success()
        .stderr_has("merged 3 graphs: 55 actors")
        .stderr_has("118 relations (9 stated by more than one source), 2 conflicts")
        .stderr_has(
            "polarity: united-states -> cmcc: OPERATE asserted by acw-cmcc-2025, \
             ceasefire-monitor vs OPERATE negated by field-notes",
        )
        .stderr_has(
            "class: israel -> turkey [International Stabilization Force]: SUPPORT asserted \
             by ceasefire-monitor vs REJECT asserted by acw-cmcc-2025, field-notes",
        );
    let bundled = json(&sb.join("out/graph.json"));
    let m = json(&sb.join("merged.json"));

    // Counts: one new actor (Indonesia); five new relations, the others
    // restate relations already there.
    assert_eq!(bundled["nodes"].as_array().unwrap().len(), 54);
    assert_eq!(bundled["edges"].as_array().unwrap().len(), 113);
    assert_eq!(m["nodes"].as_array().unwrap().len(), 55);
    assert_eq!(m["edges"].as_array().unwrap().len(), 118);
    assert!(m["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .any(|n| n["id"] == "indonesia"));

    // Support and provenance: the sources that state each edge, and the
    // line of each file that does.
    let commands = edge(&m, "centcom", "commands", "cmcc");
    assert_eq!(commands["support"], 3);
    assert_eq!(
        commands["sources"],
        serde_json::json!(["acw-cmcc-2025", "ceasefire-monitor", "field-notes"])
    );
    let lines: Vec<(&str, u64)> = commands["evidence"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| (e["source"].as_str().unwrap(), e["line"].as_u64().unwrap()))
        .collect();
    assert!(lines.contains(&("ceasefire-monitor", 11)), "{lines:?}");
    assert!(lines.contains(&("field-notes", 12)), "{lines:?}");
    // "Washington operates CMCC" is the bundled "United States operates CMCC".
    let operates = edge(&m, "united-states", "operates", "cmcc");
    assert_eq!(operates["support"], 2);
    assert_eq!(
        operates["sources"],
        serde_json::json!(["acw-cmcc-2025", "ceasefire-monitor"])
    );
    let cooperates = edge(&m, "egypt", "cooperates with", "qatar");
    assert_eq!(
        cooperates["sources"],
        serde_json::json!(["ceasefire-monitor", "field-notes"])
    );
    // Every source is listed with the file it came from.
    let sources: Vec<(&str, &str)> = m["graph"]["sources"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| (s["id"].as_str().unwrap(), s["file"].as_str().unwrap()))
        .collect();
    assert_eq!(
        sources,
        [
            ("acw-cmcc-2025", "curated/acw-cmcc-2025.triples"),
            ("briefgraph-background", "curated/background.triples"),
            ("ceasefire-monitor", "ceasefire-monitor.triples"),
            ("cmcc-overview", "briefs/cmcc-overview.txt"),
            ("field-notes", "field-notes.triples"),
        ]
    );

    // The conflicts, with the edges and sources on each side.
    let conflicts = m["graph"]["conflicts"].as_array().unwrap();
    assert_eq!(conflicts.len(), 2, "{conflicts:#?}");
    let polarity = conflicts.iter().find(|c| c["kind"] == "polarity").unwrap();
    assert_eq!(
        (&polarity["source"], &polarity["target"]),
        (&Value::from("united-states"), &Value::from("cmcc"))
    );
    let sides = polarity["sides"].as_array().unwrap();
    assert_eq!(sides[0]["polarity"], "asserted");
    assert_eq!(sides[0]["edge"], operates["id"]);
    assert_eq!(sides[1]["polarity"], "negated");
    assert_eq!(sides[1]["sources"], serde_json::json!(["field-notes"]));
    let class = conflicts.iter().find(|c| c["kind"] == "class").unwrap();
    assert_eq!(class["context"], "International Stabilization Force");
    let classes: Vec<&Value> = class["sides"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| &s["class"])
        .collect();
    assert_eq!(classes, ["SUPPORT", "REJECT"]);
}

#[test]
fn merge_output_does_not_depend_on_input_order() {
    let sb = bundled();
    let (a, b, c) = (
        "out/graph.json",
        fixture("ceasefire-monitor.triples"),
        fixture("field-notes.triples"),
    );
    for (ext, name) in [("json", "abc"), ("graphml", "abc")] {
        let out1 = format!("{name}-1.{ext}");
        let out2 = format!("{name}-2.{ext}");
        sb.run(&["merge", a, &b, &c, "-o", &out1, "-q"]).success();
        sb.run(&["merge", &c, a, &b, "-o", &out2, "-q"]).success();
        assert_eq!(
            fs::read(sb.join(&out1)).unwrap(),
            fs::read(sb.join(&out2)).unwrap(),
            "{ext} differs with the input order"
        );
    }
    // Two graphs, both ways, as GraphML inputs too.
    sb.run(&["convert", "abc-1.json", "-o", "abc.graphml"])
        .success();
    sb.run(&["merge", "abc.graphml", &b, "-o", "x.json", "-q"])
        .success();
    sb.run(&["merge", &b, "abc.graphml", "-o", "y.json", "-q"])
        .success();
    assert_eq!(
        fs::read(sb.join("x.json")).unwrap(),
        fs::read(sb.join("y.json")).unwrap()
    );
}

#[test]
fn merging_a_graph_with_itself_gives_the_same_graph() {
    let sb = bundled();
    sb.run(&[
        "merge",
        "out/graph.json",
        "out/graph.json",
        "-o",
        "twice.json",
    ])
    .success()
    .stderr_has("113 relations (4 stated by more than one source), 0 conflicts");
    // Same actors, edges, evidence and support: the very same file.
    assert_eq!(
        fs::read_to_string(sb.join("twice.json")).unwrap(),
        fs::read_to_string(sb.join("out/graph.json")).unwrap()
    );
    sb.run(&["merge", "out/graph.graphml", "-o", "once.graphml", "-q"])
        .success();
    assert_eq!(
        fs::read_to_string(sb.join("once.graphml")).unwrap(),
        fs::read_to_string(sb.join("out/graph.graphml")).unwrap()
    );
}

#[test]
fn build_merges_its_curated_files_as_merge_does() {
    let sb = Sandbox::new();
    sb.write(
        "data/curated/a.triples",
        "@source a | title: A\nUS operates CMCC\nIsrael supports Turkey in ISF\n",
    );
    sb.write(
        "data/curated/b.triples",
        "@source b | title: B\nWashington operates CMCC\nIsrael opposes Turkey in ISF\n",
    );
    sb.run(&["build", "data", "-o", "out", "--no-render"])
        .success();
    let g = json(&sb.join("out/graph.json"));
    let operates = edge(&g, "united-states", "operates", "cmcc");
    assert_eq!(operates["support"], 2);
    assert_eq!(g["graph"]["conflicts"][0]["kind"], "class");
    sb.run(&[
        "merge",
        "data/curated/b.triples",
        "data/curated/a.triples",
        "--name",
        "data",
        "-o",
        "merged.json",
        "-q",
    ])
    .success();
    let m = json(&sb.join("merged.json"));
    assert_eq!(
        m["edges"], g["edges"],
        "build and merge make the same edges"
    );
    assert_eq!(m["graph"]["conflicts"], g["graph"]["conflicts"]);
}

#[test]
fn nodes_join_registry_actors_by_alias_metonym_and_wikidata_and_ambiguous_ones_stay_apart() {
    let sb = Sandbox::new();
    let nodes = serde_json::json!({
        "directed": true,
        "nodes": [
            {"id": "usa", "label": "U.S."},
            {"id": "capital", "label": "Washington", "kind": "city", "population": 689545},
            {"id": "q", "label": "Some node", "wikidata": "Q30"},
            {"id": "odd", "label": "Washington", "aliases": ["Jordan"]},
            {"id": "cmcc", "label": "CMCC"}
        ],
        "edges": [
            {"source": "usa", "target": "cmcc", "predicate": "operates"},
            {"source": "capital", "target": "cmcc", "predicate": "operates"},
            {"source": "q", "target": "cmcc", "class": "SUPPORT"},
            {"source": "odd", "target": "cmcc", "class": "SUPPORT"}
        ]
    });
    sb.write("nx.json", serde_json::to_vec_pretty(&nodes).unwrap());
    let run = sb.run(&["merge", "nx.json", "-o", "m.json"]);
    run.success()
        .stderr_has("united-states <- `capital` by metonym `Washington` (in nx.json)")
        .stderr_has("`q` by Wikidata Q30 (in nx.json)")
        .stderr_has("`usa` by alias `U.S.` (in nx.json)")
        .stderr_has("ambiguous actors, kept apart: 1")
        .stderr_has(
            "`odd` (in nx.json): name `Jordan` names `jordan`, \
             metonym `Washington` names `united-states`",
        );
    let m = json(&sb.join("m.json"));
    let ids: Vec<&str> = m["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["cmcc", "odd", "united-states"]);
    let us = &m["nodes"][2];
    assert_eq!(us["label"], "United States");
    assert_eq!(
        us["population"], 689545,
        "attributes of joined nodes are kept"
    );
    assert_eq!(us["merged_ids"], serde_json::json!(["capital", "q", "usa"]));
    // Two nodes said "operates": one edge, from one source (the file).
    let operates = edge(&m, "united-states", "operates", "cmcc");
    assert_eq!(operates["sources"], serde_json::json!(["nx"]));
}

#[test]
fn actors_option_takes_a_registry_file() {
    let sb = Sandbox::new();
    sb.write(
        "acme.toml",
        "[[actor]]\nid = \"acme\"\nname = \"Acme Corporation\"\nkind = \"organization\"\n\
         aliases = [\"ACME\"]\n\n[[actor]]\nid = \"acme-labs\"\nname = \"Acme Labs\"\n\
         kind = \"organization\"\naliases = [\"Acme Research\"]\n",
    );
    let g = serde_json::json!({
        "nodes": [
            {"id": "n1", "label": "ACME"},
            {"id": "n2", "label": "Acme Corporation", "aliases": ["Acme Research"]},
            {"id": "n3", "label": "acme labs"}
        ],
        "links": [{"source": "n1", "target": "n3", "class": "COOPERATE"}]
    });
    sb.write("g.json", serde_json::to_vec(&g).unwrap());
    sb.run(&["merge", "g.json", "--actors", "acme.toml", "-o", "m.json"])
        .success()
        .stderr_has("acme <- `n1` by alias `ACME`")
        .stderr_has("acme-labs <- `n3` by alias `acme labs`")
        .stderr_has("`n2` (in g.json): name `Acme Corporation` names `acme`, alias `Acme Research` names `acme-labs`");
    let m = json(&sb.join("m.json"));
    assert_eq!(m["edges"][0]["source"], "acme");
    assert_eq!(m["edges"][0]["target"], "acme-labs");
    // The built-in registry knows none of them.
    sb.run(&["merge", "g.json", "-o", "plain.json"])
        .success()
        .stderr_has("new actors (not in the registry): 3");
    // A bad registry is an error, and nothing is written.
    sb.write(
        "bad.toml",
        "[[actor]]\nid = \"x\"\nname = \"X\"\nkind = \"stat\"\n",
    );
    sb.run(&[
        "merge",
        "g.json",
        "--actors",
        "bad.toml",
        "-o",
        "never.json",
    ])
    .failure()
    .stderr_has("bad.toml:4:8: unknown actor kind `stat`");
    assert!(!sb.join("never.json").exists());
}

#[test]
fn malformed_inputs_name_file_and_position_and_write_nothing() {
    let sb = bundled();
    let graphml = fs::read_to_string(sb.join("out/graph.graphml")).unwrap();
    // Truncated in the middle of an element.
    let cut = graphml.find("<edge ").unwrap() + 20;
    sb.write("truncated.graphml", &graphml[..cut]);
    let line = graphml[..cut].lines().count();
    sb.run(&[
        "merge",
        "out/graph.json",
        "truncated.graphml",
        "-o",
        "m.json",
    ])
    .failure()
    .stderr_has(&format!("truncated.graphml:{line}:"))
    .stderr_has("unexpected end of file");
    // Truncated between elements: the open elements are named.
    let cut = graphml.find("    <edge ").unwrap();
    sb.write("short.graphml", &graphml[..cut]);
    sb.run(&["convert", "short.graphml", "-o", "m.json"])
        .failure()
        .stderr_has("`<graph>` opened at line")
        .stderr_has("is not closed");
    // An entity expansion bomb.
    sb.write(
        "bomb.graphml",
        "<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [\n <!ENTITY lol \"lol\">\n \
         <!ENTITY lol2 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">\n]>\n\
         <graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\"><graph edgedefault=\"directed\">\
         <node id=\"&lol2;\"/></graph></graphml>\n",
    );
    sb.run(&["merge", "bomb.graphml", "-o", "m.json"])
        .failure()
        .stderr_has("bomb.graphml:2:1: DOCTYPE declarations are not accepted");
    // JSON: an edge to a missing node, duplicate node ids.
    sb.write(
        "missing.json",
        "{\"nodes\": [{\"id\": \"a\"}],\n \"edges\": [\n  {\"source\": \"a\", \"target\": \"b\", \"class\": \"AID\"}]}\n",
    );
    sb.write(
        "dup.json",
        "{\"nodes\": [{\"id\": \"a\"},\n {\"id\": \"a\"}], \"edges\": []}\n",
    );
    sb.write(
        "dup-edge.json",
        "{\"nodes\": [{\"id\": \"a\"}], \"edges\": [\n\
         {\"id\": \"e1\", \"source\": \"a\", \"target\": \"a\", \"class\": \"AID\"},\n\
         {\"id\": \"e1\", \"source\": \"a\", \"target\": \"a\", \"class\": \"AGREE\"}]}\n",
    );
    let run = sb.run(&[
        "merge",
        "missing.json",
        "out/graph.json",
        "dup.json",
        "dup-edge.json",
        "-o",
        "m.json",
    ]);
    run.failure()
        .stderr_has("missing.json:3:3: edges[0]: edge refers to missing node `b`")
        .stderr_has("dup.json:2:2: nodes[1]: duplicate node id `a`")
        .stderr_has("dup-edge.json:3:1: edges[1]: duplicate edge id `e1`");
    // GraphML: duplicate node ids and an edge to a missing node.
    sb.write(
        "dup.graphml",
        "<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\">\n\
         <key id=\"p\" for=\"edge\" attr.name=\"predicate\" attr.type=\"string\"/>\n\
         <graph edgedefault=\"directed\">\n<node id=\"a\"/>\n<node id=\"a\"/>\n\
         <edge source=\"a\" target=\"zz\"><data key=\"p\">operates</data></edge>\n\
         </graph></graphml>\n",
    );
    sb.run(&["merge", "dup.graphml", "-o", "m.json"])
        .failure()
        .stderr_has("dup.graphml:5:1: duplicate node id `a`")
        .stderr_has("dup.graphml:6:1: edge refers to missing node `zz`");
    assert!(
        !sb.join("m.json").exists(),
        "a failed merge wrote its output"
    );
    assert!(
        sb.files(".").iter().all(|f| !f.ends_with(".tmp")),
        "{:?}",
        sb.files(".")
    );
}

#[test]
fn merge_writes_json_to_standard_output_by_default() {
    let sb = bundled();
    let run = sb.run(&["merge", "out/graph.json", "-q"]);
    run.success();
    assert!(run.stderr.is_empty(), "{}", run.stderr);
    assert_eq!(
        run.stdout,
        fs::read_to_string(sb.join("out/graph.json")).unwrap()
    );
}

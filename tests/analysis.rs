//! `stats` and `path` on the bundled graph, against NetworkX.

mod common;

use common::*;
use serde_json::Value;

fn full_graph(sb: &Sandbox) -> std::path::PathBuf {
    let data = bundled_data();
    sb.run(&["convert", data.to_str().unwrap(), "-o", "full.json"])
        .success();
    sb.join("full.json")
}

/// The actor network as NetworkX sees it: the simple undirected graph.
const NETWORK: &str = r#"
import json, sys, networkx as nx
g = nx.node_link_graph(json.load(open(sys.argv[1])), edges="edges")
U = nx.Graph()
U.add_nodes_from(g.nodes())
U.add_edges_from((u, v) for u, v in g.edges() if u != v)
"#;

#[test]
fn stats_match_networkx() {
    let sb = Sandbox::new();
    let full = full_graph(&sb);
    let run = sb.run(&["stats", "full.json", "--json"]);
    run.success();
    sb.write("stats.json", &run.stdout);
    let script = format!(
        "{NETWORK}{}",
        r#"
from collections import Counter
s = json.load(open(sys.argv[2]))
bc = nx.betweenness_centrality(U, normalized=True)
dc = nx.degree_centrality(U)
comms = nx.community.greedy_modularity_communities(U)
print(json.dumps({
    "bc": max(abs(bc[a["id"]] - a["betweenness"]) for a in s["centrality"]),
    "dc": max(abs(dc[a["id"]] - a["degree_centrality"]) for a in s["centrality"]),
    "ranked": [a["id"] for a in s["centrality"]] == sorted((a["id"] for a in s["centrality"]), key=lambda n: (-next(a["betweenness"] for a in s["centrality"] if a["id"] == n), -U.degree(n), n)),
    "relations": all(a["relations"] == g.degree(a["id"]) for a in s["centrality"]),
    "clusters": sorted(map(sorted, comms)) == sorted(map(sorted, s["clusters"])),
    "modularity": abs(nx.community.modularity(U, comms) - s["modularity"]),
    "kinds": dict(Counter(d["kind"] for n, d in g.nodes(data=True))) == s["actors_by_kind"],
    "classes": dict(Counter(d["class"] for u, v, d in g.edges(data=True))) == s["relations_by_class"],
    "links": U.number_of_edges() == s["links"],
    "brokers": all(
        any(n2 not in next(c for c in comms if b["id"] in c) for n2 in U[b["id"]])
        for b in s["brokers"]),
    "all_brokers": sorted(b["id"] for b in s["brokers"]) == sorted(
        n for n in U if any(not any(n in c and m in c for c in comms) for m in U[n])),
}))
"#
    );
    let out = python(&script, &[&full, &sb.join("stats.json")]);
    let r: Value = serde_json::from_str(&out).unwrap();
    assert!(r["bc"].as_f64().unwrap() < 1e-9, "betweenness: {r}");
    assert!(r["dc"].as_f64().unwrap() < 1e-9, "degree centrality: {r}");
    assert!(r["modularity"].as_f64().unwrap() < 1e-9, "modularity: {r}");
    for key in [
        "ranked",
        "relations",
        "clusters",
        "kinds",
        "classes",
        "links",
        "brokers",
        "all_brokers",
    ] {
        assert_eq!(r[key], true, "{key}: {r}");
    }
    let s: Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(s["actors"], 54);
    assert_eq!(s["relations"], 113);
    assert_eq!(s["centrality"][0]["id"], "israel");
}

#[test]
fn stats_table_reads_like_a_report() {
    let sb = Sandbox::new();
    full_graph(&sb);
    let r = sb.run(&["stats", "full.json", "--top", "3"]);
    r.success();
    for needle in [
        "54 actors, 113 relations",
        "Actors by kind",
        "Relations by class",
        "Central actors (top 3 of 54",
        "Clusters (greedy modularity",
        "Brokers between clusters",
        "Israel",
    ] {
        assert!(r.stdout.contains(needle), "{needle}:\n{}", r.stdout);
    }
    // On a view.
    let r = sb.run(&["stats", "full.json", "--focus", "cmcc", "--json"]);
    r.success();
    let s: Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(s["actors"], 10);
}

#[test]
fn path_lists_the_shortest_chains_networkx_finds() {
    let sb = Sandbox::new();
    let full = full_graph(&sb);
    for (a, b, a_id, b_id) in [
        ("Marco Rubio", "Jordan", "marco-rubio", "jordan"),
        ("cmcc", "hamas", "cmcc", "hamas"),
        ("CENTCOM", "Lebanon", "centcom", "lebanon"),
    ] {
        let r = sb.run(&["path", "full.json", a, b, "--json", "--limit", "100"]);
        r.success();
        sb.write("path.json", &r.stdout);
        let script = format!(
            "{NETWORK}{}",
            r#"
p = json.load(open(sys.argv[2]))
a, b = sys.argv[3], sys.argv[4]
expected = sorted(nx.all_shortest_paths(U, a, b))
got = [c["actors"] for c in p["chains"]]
ok_steps = all(
    sorted(r["id"] for r in step["relations"]) == sorted(
        d["id"] for u, v, d in g.edges(data=True) if {u, v} == {step["from"], step["to"]})
    for c in p["chains"] for step in c["steps"])
quotes = all(len(r["evidence"]) >= 1 for c in p["chains"] for s in c["steps"] for r in s["relations"])
print(json.dumps({"same": got == expected, "length": p["length"] == len(expected[0]) - 1,
    "total": p["total"] == len(expected), "steps": ok_steps, "quotes": quotes}))
"#
        );
        let out = python(
            &script,
            &[
                &full,
                &sb.join("path.json"),
                std::path::Path::new(a_id),
                std::path::Path::new(b_id),
            ],
        );
        let v: Value = serde_json::from_str(&out).unwrap();
        for key in ["same", "length", "total", "steps", "quotes"] {
            assert_eq!(v[key], true, "{a} -> {b}: {key}: {v}");
        }
    }
    // The readable form quotes the evidence under each relation.
    let r = sb.run(&["path", "full.json", "Marco Rubio", "Kiryat Gat"]);
    r.success();
    assert!(
        r.stdout
            .contains("Marco Rubio — Civil-Military Coordination Center — Kiryat Gat"),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout.contains("“Marco Rubio visits CMCC”"),
        "{}",
        r.stdout
    );
    assert!(r.stdout.contains("— acw-cmcc-2025"), "{}", r.stdout);
}

#[test]
fn path_errors_and_unlinked_actors() {
    let sb = Sandbox::new();
    full_graph(&sb);
    sb.run(&["path", "full.json", "Rubioo", "Jordan"])
        .failure()
        .stderr_has("no actor `Rubioo`");
    // Avigdor Lieberman's remarks are an island of the bundled graph.
    let r = sb.run(&["path", "full.json", "avigdor-lieberman", "cmcc"]);
    r.success();
    assert!(
        r.stdout.contains("No chain of relations links"),
        "{}",
        r.stdout
    );
    let r = sb.run(&["path", "full.json", "avigdor-lieberman", "cmcc", "--json"]);
    let v: Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(v["length"], Value::Null);
    assert_eq!(v["chains"], serde_json::json!([]));
}

//! Graph-database bundles: the Kùzu bundle loaded into LadybugDB (a real
//! embedded Cypher engine) with the bundle's own `load.py`, queried with
//! Cypher; the Neo4j files checked against the header and field grammar of
//! `neo4j-admin database import`; directory outputs all or nothing.
//! Expected figures come from the graph's own JSON.

mod common;

use common::{python_needs, root, Sandbox};
use serde_json::{json, Value};
use std::collections::{BTreeMap, BTreeSet};

const PIP: &str = "ladybug";

/// Runs `load.py` of the bundle (the user's one step), then asks the
/// database for counts, labels, one relation and a shortest path.
const SCRIPT: &str = r#"
import json, subprocess, sys
import ladybug
bundle, db, rel_id, a, b = sys.argv[1:6]
load = subprocess.run([sys.executable, bundle + '/load.py', db], capture_output=True, text=True)
assert load.returncode == 0, load.stderr
conn = ladybug.Connection(ladybug.Database(db))
def rows(q, **params):
    r = conn.execute(q, params)
    out = []
    while r.has_next():
        out.append(r.get_next())
    return out
out = {'load': load.stdout}
out['actors'] = rows('MATCH (a:Actor) RETURN count(a)')[0][0]
out['relations'] = rows('MATCH ()-[r:Relation]->() RETURN count(r)')[0][0]
out['labels'] = sorted([x, y] for x, y in rows('MATCH (a:Actor) RETURN a.id, a.label'))
out['wikidata'] = sorted([x, y] for x, y in rows('MATCH (a:Actor) WHERE a.wikidata IS NOT NULL RETURN a.id, a.wikidata'))
r = rows('''MATCH (s:Actor)-[r:Relation]->(t:Actor) WHERE r.id = $id
            RETURN s.id, t.id, r.predicate, r.class, r.polarity, r.date, r.context, r.support, r.evidence, r.quotes''', id=rel_id)
assert len(r) == 1, r
s, t, pred, cls, pol, date, ctx, sup, ev, quotes = r[0]
out['relation'] = {'source': s, 'target': t, 'predicate': pred, 'class': cls, 'polarity': pol,
                   'date': date, 'context': ctx, 'support': sup, 'evidence': json.loads(ev),
                   'quotes': json.loads(quotes) if quotes else []}
p = rows('''MATCH p = (x:Actor)-[:Relation* SHORTEST 1..30]-(y:Actor)
            WHERE x.id = $a AND y.id = $b RETURN properties(nodes(p), 'id')''', a=a, b=b)
out['path'] = p[0][0] if p else None
print(json.dumps(out, ensure_ascii=False))
"#;

fn read_json(path: &std::path::Path) -> Value {
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

/// A pair of actors `briefgraph path` links in two steps or more, and
/// what it reports for them.
fn linked_pair(sb: &Sandbox, graph: &Value) -> (String, String, Value) {
    let nodes = graph["nodes"].as_array().unwrap();
    let first = nodes[0]["id"].as_str().unwrap().to_string();
    for n in nodes.iter().rev() {
        let other = n["id"].as_str().unwrap();
        let run = sb.run(&[
            "path", "g.json", &first, other, "--json", "--limit", "100000",
        ]);
        run.success();
        let paths: Value = serde_json::from_str(&run.stdout).unwrap();
        if paths["length"].as_u64().unwrap_or(0) >= 2 {
            return (first, other.to_string(), paths);
        }
    }
    panic!("no two actors of the graph are two steps apart");
}

fn check_kuzu(input: &str) -> (Value, Value) {
    let sb = Sandbox::new();
    sb.run(&["convert", input, "-o", "g.json"]).success();
    sb.run(&["convert", "g.json", "--format", "kuzu-csv", "-o", "kuzu"])
        .success();
    let graph = read_json(&sb.join("g.json"));
    let edges = graph["edges"].as_array().unwrap();
    let edge = edges
        .iter()
        .find(|e| {
            e["evidence"]
                .as_array()
                .unwrap()
                .iter()
                .any(|v| v.get("quote").is_some())
        })
        .unwrap_or(&edges[0]);
    let (a, b, paths) = linked_pair(&sb, &graph);
    let bundle = sb.join("kuzu");
    let db = sb.join("graph.lbdb");
    let args = [
        bundle.to_str().unwrap(),
        db.to_str().unwrap(),
        edge["id"].as_str().unwrap(),
        &a,
        &b,
    ];
    let got: Value = serde_json::from_str(&python_needs("ladybug", PIP, SCRIPT, &args)).unwrap();
    let nodes = graph["nodes"].as_array().unwrap();
    assert_eq!(got["actors"], json!(nodes.len()));
    assert_eq!(got["relations"], json!(edges.len()));
    assert!(got["load"].as_str().unwrap().contains(&format!(
        "{} actors, {} relations",
        nodes.len(),
        edges.len()
    )));
    let mut labels: Vec<Value> = nodes.iter().map(|n| json!([n["id"], n["label"]])).collect();
    labels.sort_by_key(|v| v.to_string());
    let mut got_labels = got["labels"].as_array().unwrap().clone();
    got_labels.sort_by_key(|v| v.to_string());
    assert_eq!(got_labels, labels);
    let mut wd: Vec<Value> = nodes
        .iter()
        .filter(|n| n.get("wikidata").is_some())
        .map(|n| json!([n["id"], n["wikidata"]]))
        .collect();
    wd.sort_by_key(|v| v.to_string());
    let mut got_wd = got["wikidata"].as_array().unwrap().clone();
    got_wd.sort_by_key(|v| v.to_string());
    assert_eq!(got_wd, wd);
    // One relation's properties and evidence.
    let r = &got["relation"];
    for key in [
        "source",
        "target",
        "predicate",
        "class",
        "polarity",
        "support",
        "evidence",
    ] {
        assert_eq!(r[key], edge[key], "relation {key}");
    }
    for key in ["date", "context"] {
        assert_eq!(
            r[key],
            *edge.get(key).unwrap_or(&Value::Null),
            "relation {key}"
        );
    }
    let quotes: Vec<&Value> = edge["evidence"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|v| v.get("quote").or_else(|| v.get("sentence")))
        .collect();
    assert_eq!(
        r["quotes"].as_array().unwrap().iter().collect::<Vec<_>>(),
        quotes
    );
    // The shortest path is one of the chains `briefgraph path` reports.
    let path = got["path"].as_array().expect("ladybug finds a path");
    assert_eq!(path.len() as u64 - 1, paths["length"].as_u64().unwrap());
    let chains: Vec<&Value> = paths["chains"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| &c["actors"])
        .collect();
    assert!(
        chains.contains(&&Value::Array(path.clone())),
        "{path:?} is not among {chains:?}"
    );
    (got, graph)
}

#[test]
fn bundled_graph_loads_into_ladybug_and_answers_cypher() {
    let (got, _) = check_kuzu(root().join("graph-data").to_str().unwrap());
    assert!(got["relations"].as_u64().unwrap() > 0);
}

#[test]
fn hostile_graph_loads_into_ladybug_with_every_string_intact() {
    let (got, _) = check_kuzu(
        root()
            .join("tests/data/stores/hostile.json")
            .to_str()
            .unwrap(),
    );
    let labels = got["labels"].to_string();
    assert!(
        labels.contains("The \\\"Quoted\\\"\\nCouncil, Inc.; \\\\N"),
        "{labels}"
    );
}

/// One field of a Neo4j CSV file: `None` for an empty field (no value).
type Field = Option<String>;

/// Reads CSV by the rules `neo4j-admin database import` documents for its
/// defaults (`--delimiter=,`, `--quote='"'`, `--multiline-fields=true`,
/// `--legacy-style-quoting=false`): a quoted field may hold delimiters and
/// newlines, a quote inside is doubled, a backslash is an ordinary
/// character, and an empty unquoted field is no value.
fn read_neo4j_csv(text: &str) -> Vec<Vec<Field>> {
    let mut rows = Vec::new();
    let mut row = Vec::new();
    let mut chars = text.chars().peekable();
    loop {
        let field = if chars.peek() == Some(&'"') {
            chars.next();
            let mut s = String::new();
            loop {
                match chars.next().expect("a quoted field is closed") {
                    '"' if chars.peek() == Some(&'"') => {
                        chars.next();
                        s.push('"');
                    }
                    '"' => break,
                    c => s.push(c),
                }
            }
            Some(s)
        } else {
            let mut s = String::new();
            while let Some(&c) = chars.peek() {
                if c == ',' || c == '\n' {
                    break;
                }
                assert!(
                    c != '"' && c != '\r',
                    "a bare quote or CR in an unquoted field"
                );
                s.push(c);
                chars.next();
            }
            (!s.is_empty()).then_some(s)
        };
        row.push(field);
        match chars.next() {
            Some(',') => {}
            Some('\n') => rows.push(std::mem::take(&mut row)),
            None => {
                assert!(row == vec![None], "the file ends with a newline");
                return rows;
            }
            Some(c) => panic!("{c:?} after a field"),
        }
    }
}

/// A header field by the documented grammar: `name:type`, `name:type[]`,
/// `name:ID(space)`, `:LABEL`, `:START_ID(space)`, `:END_ID(space)`, `:TYPE`.
#[derive(Debug, PartialEq)]
enum Header {
    Property {
        name: String,
        ty: String,
        array: bool,
    },
    Id {
        name: String,
        space: String,
    },
    StartId(String),
    EndId(String),
    Label,
    Type,
}

fn parse_header(field: &str) -> Header {
    const TYPES: &[&str] = &[
        "int",
        "long",
        "float",
        "double",
        "boolean",
        "byte",
        "short",
        "char",
        "string",
        "point",
        "date",
        "localtime",
        "time",
        "localdatetime",
        "datetime",
        "duration",
    ];
    let (name, ty) = field.split_once(':').unwrap_or((field, "string"));
    let space = |t: &str, kw: &str| {
        t.strip_prefix(kw)
            .and_then(|r| r.strip_prefix('('))
            .and_then(|r| r.strip_suffix(')'))
            .filter(|s| !s.is_empty() && s.chars().all(|c| c.is_ascii_alphanumeric()))
            .map(str::to_string)
    };
    let valid_name =
        |n: &str| !n.is_empty() && n.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    if let Some(s) = space(ty, "ID") {
        assert!(valid_name(name), "{field}");
        return Header::Id {
            name: name.into(),
            space: s,
        };
    }
    match (name, ty) {
        ("", "LABEL") => Header::Label,
        ("", "TYPE") => Header::Type,
        ("", t) if space(t, "START_ID").is_some() => Header::StartId(space(t, "START_ID").unwrap()),
        ("", t) if space(t, "END_ID").is_some() => Header::EndId(space(t, "END_ID").unwrap()),
        (n, t) => {
            assert!(valid_name(n), "bad property name in {field:?}");
            let (base, array) = match t.strip_suffix("[]") {
                Some(b) => (b, true),
                None => (t, false),
            };
            assert!(TYPES.contains(&base), "unknown type in {field:?}");
            Header::Property {
                name: n.into(),
                ty: base.into(),
                array,
            }
        }
    }
}

/// Checks a value against its column's type; returns it as JSON.
fn typed(h: &Header, v: &Field) -> Value {
    let Some(v) = v else { return Value::Null };
    match h {
        Header::Property {
            ty, array: true, ..
        } => {
            assert_eq!(ty, "string");
            Value::from(v.split('\u{1F}').collect::<Vec<_>>())
        }
        Header::Property { ty, .. } if ty == "int" || ty == "long" => Value::from(
            v.parse::<i64>()
                .unwrap_or_else(|_| panic!("{v} is not an int")),
        ),
        Header::Property { ty, .. } if ty == "double" || ty == "float" => Value::from(
            v.parse::<f64>()
                .unwrap_or_else(|_| panic!("{v} is not a double")),
        ),
        Header::Property { ty, .. } if ty == "boolean" => {
            assert!(v == "true" || v == "false", "{v} is not a boolean");
            Value::from(v == "true")
        }
        Header::Label => Value::from(v.split('\u{1F}').collect::<Vec<_>>()),
        _ => Value::from(v.as_str()),
    }
}

fn table(text: &str) -> (Vec<Header>, Vec<BTreeMap<String, Value>>) {
    let rows = read_neo4j_csv(text);
    let header: Vec<Header> = rows[0]
        .iter()
        .map(|f| parse_header(f.as_deref().expect("no empty header field")))
        .collect();
    let key = |h: &Header| match h {
        Header::Property { name, .. } | Header::Id { name, .. } => name.clone(),
        other => format!("{other:?}"),
    };
    let body = rows[1..]
        .iter()
        .map(|r| {
            assert_eq!(r.len(), header.len(), "row width");
            header
                .iter()
                .zip(r)
                .map(|(h, v)| (key(h), typed(h, v)))
                .collect()
        })
        .collect();
    (header, body)
}

#[test]
fn neo4j_files_follow_the_import_grammar_with_hostile_names() {
    let sb = Sandbox::new();
    let input = root().join("tests/data/stores/hostile.json");
    sb.run(&["convert", input.to_str().unwrap(), "-o", "g.json"])
        .success();
    sb.run(&["convert", "g.json", "--format", "neo4j-csv", "-o", "neo4j"])
        .success();
    assert_eq!(
        sb.files("neo4j"),
        [
            "actors.csv",
            "import.sh",
            "load-memgraph.cypher",
            "load.cypher",
            "relations.csv"
        ]
    );
    let graph = read_json(&sb.join("g.json"));
    let (ah, actors) = table(&std::fs::read_to_string(sb.join("neo4j/actors.csv")).unwrap());
    let (rh, relations) = table(&std::fs::read_to_string(sb.join("neo4j/relations.csv")).unwrap());
    // One ID space, Actor, that the relations refer to.
    assert!(ah.contains(&Header::Id {
        name: "id".into(),
        space: "Actor".into()
    }));
    assert!(ah.contains(&Header::Label));
    assert!(rh.contains(&Header::StartId("Actor".into())));
    assert!(rh.contains(&Header::EndId("Actor".into())));
    assert!(rh.contains(&Header::Type));
    // Every actor, with its hostile strings intact.
    let nodes = graph["nodes"].as_array().unwrap();
    assert_eq!(actors.len(), nodes.len());
    let ids: BTreeSet<&str> = actors.iter().map(|a| a["id"].as_str().unwrap()).collect();
    assert_eq!(ids.len(), actors.len(), "ids are unique");
    for (row, node) in actors.iter().zip(nodes) {
        assert_eq!(row["id"], node["id"]);
        assert_eq!(row["label"], node["label"]);
        assert_eq!(row["kind"], node["kind"]);
        assert_eq!(
            row["wikidata"],
            *node.get("wikidata").unwrap_or(&Value::Null)
        );
        let labels = row["Label"].as_array().unwrap();
        assert_eq!(labels[0], "Actor");
        let aliases: Vec<String> = node["aliases"]
            .as_array()
            .unwrap()
            .iter()
            .map(|a| a.as_str().unwrap().replace('\u{1F}', "\u{FFFD}"))
            .collect();
        match &row["aliases"] {
            Value::Null => assert!(aliases.is_empty()),
            v => assert_eq!(*v, json!(aliases)),
        }
    }
    // Every relation: typed by its class, between known ids.
    let edges = graph["edges"].as_array().unwrap();
    assert_eq!(relations.len(), edges.len());
    for (row, edge) in relations.iter().zip(edges) {
        assert!(ids.contains(row["StartId(\"Actor\")"].as_str().unwrap()));
        assert_eq!(row["StartId(\"Actor\")"], edge["source"]);
        assert_eq!(row["EndId(\"Actor\")"], edge["target"]);
        assert_eq!(row["Type"], edge["class"]);
        for key in ["id", "predicate", "polarity", "support", "weight"] {
            assert_eq!(row[key], edge[key], "{key}");
        }
        for key in ["date", "context", "note", "confidence"] {
            assert_eq!(row[key], *edge.get(key).unwrap_or(&Value::Null), "{key}");
        }
        assert_eq!(row["sources"], edge["sources"]);
        let evidence: Value = serde_json::from_str(row["evidence"].as_str().unwrap()).unwrap();
        assert_eq!(evidence, edge["evidence"]);
    }
    // The import command names the files and the grammar's options.
    let sh = std::fs::read_to_string(sb.join("neo4j/import.sh")).unwrap();
    for opt in [
        "neo4j-admin database import full",
        "--nodes=actors.csv",
        "--relationships=relations.csv",
        "--array-delimiter=U+001F",
        "--multiline-fields=true",
    ] {
        assert!(sh.contains(opt), "import.sh lacks {opt}");
    }
    let cypher = std::fs::read_to_string(sb.join("neo4j/load.cypher")).unwrap();
    assert!(cypher.contains("IN TRANSACTIONS OF 1000 ROWS"));
    let memgraph = std::fs::read_to_string(sb.join("neo4j/load-memgraph.cypher")).unwrap();
    assert!(memgraph.contains("WITH HEADER NULLIF '' AS row"));
    for class in edges.iter().map(|e| e["class"].as_str().unwrap()) {
        let merge = format!("MERGE (a)-[r:{class} {{id: row.id}}]->(b)");
        assert!(
            cypher.contains(&merge) && memgraph.contains(&merge),
            "{class}"
        );
    }
}

#[test]
fn directory_outputs_are_all_or_nothing() {
    let sb = Sandbox::new();
    let input = root().join("tests/data/stores/hostile.json");
    let input = input.to_str().unwrap();
    // A bad input writes no directory.
    sb.write("bad.json", "{ not json");
    sb.run(&["convert", "bad.json", "--format", "neo4j-csv", "-o", "out"])
        .failure();
    assert!(!sb.join("out").exists());
    // A directory holding other files is not replaced.
    sb.write("mine/notes.txt", "keep me");
    sb.run(&["convert", input, "--format", "neo4j-csv", "-o", "mine"])
        .failure()
        .stderr_has("notes.txt");
    assert_eq!(sb.files("mine"), ["notes.txt"]);
    // An earlier bundle is replaced whole, and nothing is left beside it.
    sb.run(&["convert", input, "--format", "kuzu-csv", "-o", "out"])
        .success();
    std::fs::write(sb.join("out/actors.csv"), "stale").unwrap();
    sb.run(&["convert", input, "--format", "kuzu-csv", "-o", "out"])
        .success();
    assert_ne!(std::fs::read(sb.join("out/actors.csv")).unwrap(), b"stale");
    let leftovers: Vec<String> = sb
        .files(".")
        .into_iter()
        .filter(|n| n.starts_with(".briefgraph"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
    // A directory format cannot go to standard output or one file.
    sb.run(&["convert", input, "--format", "neo4j-csv", "-o", "-"])
        .failure()
        .stderr_has("-o DIR");
}

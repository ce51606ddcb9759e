//! Graph-database bundles: a directory of CSV files and the scripts that
//! load them, for Neo4j (`neo4j-admin database import full`, or `LOAD CSV`
//! into a running Neo4j or Memgraph) and for Kùzu / LadybugDB (DDL and
//! `COPY FROM`, plus `load.py`, which makes an embedded database in one step).
//!
//! Both bundles share one table of columns and one CSV encoder:
//! fields are separated by `,`, quoted with `"` where they hold a string
//! (a quote inside is doubled; newlines stay inside the quotes), and
//! left empty where the value is missing, so a database tells an empty
//! string (`""`) from no value (an empty field).
//!
//! # Neo4j (`--format neo4j-csv`)
//!
//! `actors.csv`: `id:ID(Actor)`, `:LABEL` (`Actor` and the kind in
//! PascalCase, e.g. `Actor;ArmedGroup` with the array delimiter), then
//! typed properties. `relations.csv`: `:START_ID(Actor)`, `:END_ID(Actor)`,
//! `:TYPE` (the relation class: `SUPPORT`, `ASSAULT`…), then `id`,
//! `predicate`, `polarity`, `date`, `context`, `support:int`,
//! `weight:double`, the evidence as `sources:string[]`, `quotes:string[]`
//! and `evidence` (the full evidence list as JSON). Arrays are delimited by
//! U+001F (`--array-delimiter=U+001F`), a control character that names do
//! not hold; one inside an array element is written as U+FFFD.
//!
//! # Kùzu / LadybugDB (`--format kuzu-csv`)
//!
//! One node table `Actor` and one rel table `Relation` (the class is the
//! `class` property): Kùzu's COPY wants one file per table, and a single
//! rel table keeps paths and counts simple. Lists (aliases, sources,
//! quotes, evidence) are JSON strings: Kùzu's CSV list syntax has no
//! escape for a `,` or `]` inside an element.

use crate::graph::BriefGraph;
use crate::model::{Actor, Relation, RelationClass};
use std::collections::BTreeSet;

/// The array delimiter of the Neo4j files.
pub const ARRAY_DELIMITER: char = '\u{1F}';

/// One field of a row.
#[derive(Clone, Debug, PartialEq)]
enum Cell {
    Null,
    Str(String),
    Int(i64),
    Float(f64),
    Bool(bool),
    List(Vec<String>),
}

/// The CSV text of one field (see the module documentation).
fn encode(cell: &Cell, list: ListStyle) -> String {
    match cell {
        Cell::Null => String::new(),
        Cell::Str(s) => quote(s),
        Cell::Int(n) => n.to_string(),
        Cell::Float(x) => format!("{x:?}"),
        Cell::Bool(b) => b.to_string(),
        Cell::List(items) if items.is_empty() => String::new(),
        Cell::List(items) => match list {
            ListStyle::Neo4j => quote(
                &items
                    .iter()
                    .map(|s| s.replace(ARRAY_DELIMITER, "\u{FFFD}"))
                    .collect::<Vec<_>>()
                    .join(&ARRAY_DELIMITER.to_string()),
            ),
            ListStyle::Json => quote(&serde_json::to_string(items).expect("strings serialize")),
        },
    }
}

fn quote(s: &str) -> String {
    format!("\"{}\"", s.replace('"', "\"\""))
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum ListStyle {
    Neo4j,
    Json,
}

/// A column: its name, Neo4j header type and Kùzu DDL type.
struct Column {
    name: &'static str,
    neo4j: &'static str,
    kuzu: &'static str,
}

const fn col(name: &'static str, neo4j: &'static str, kuzu: &'static str) -> Column {
    Column { name, neo4j, kuzu }
}

const ACTOR_COLUMNS: &[Column] = &[
    col("label", "", "STRING"),
    col("kind", "", "STRING"),
    col("aliases", ":string[]", "STRING"),
    col("wikidata", "", "STRING"),
    col("candidate", ":boolean", "BOOLEAN"),
];

fn actor_cells(a: &Actor) -> Vec<Cell> {
    vec![
        Cell::Str(a.label.clone()),
        Cell::Str(a.kind.clone()),
        Cell::List(a.aliases.clone()),
        a.wikidata.clone().map_or(Cell::Null, Cell::Str),
        Cell::Bool(a.candidate),
    ]
}

const RELATION_COLUMNS: &[Column] = &[
    col("id", "", "STRING"),
    col("predicate", "", "STRING"),
    col("class", "", "STRING"),
    col("stance", "", "STRING"),
    col("weight", ":double", "DOUBLE"),
    col("polarity", "", "STRING"),
    col("date", "", "STRING"),
    col("context", "", "STRING"),
    col("origin", "", "STRING"),
    col("confidence", ":double", "DOUBLE"),
    col("note", "", "STRING"),
    col("support", ":int", "INT64"),
    col("sources", ":string[]", "STRING"),
    col("quotes", ":string[]", "STRING"),
    col("evidence", "", "STRING"),
];

fn relation_cells(r: &Relation) -> Vec<Cell> {
    let opt = |s: &Option<String>| s.clone().map_or(Cell::Null, Cell::Str);
    vec![
        Cell::Str(r.id.clone()),
        Cell::Str(r.predicate.clone()),
        Cell::Str(r.class.as_str().into()),
        Cell::Str(r.class.stance().as_str().into()),
        Cell::Float(r.class.score()),
        Cell::Str(r.polarity.as_str().into()),
        opt(&r.date),
        opt(&r.context),
        Cell::Str(r.origin.as_str().into()),
        r.confidence.map_or(Cell::Null, Cell::Float),
        opt(&r.note),
        Cell::Int(r.support() as i64),
        Cell::List(r.sources().iter().map(|s| s.to_string()).collect()),
        Cell::List(
            r.evidence
                .iter()
                .filter_map(|e| e.quote.clone().or_else(|| e.sentence.clone()))
                .collect(),
        ),
        Cell::Str(serde_json::to_string(&r.evidence).expect("evidence serializes")),
    ]
}

fn line(fields: impl IntoIterator<Item = String>) -> String {
    let mut s = fields.into_iter().collect::<Vec<_>>().join(",");
    s.push('\n');
    s
}

/// `armed-group` → `ArmedGroup`: a label made of the kind's letters and digits.
fn kind_label(kind: &str) -> Option<String> {
    let mut out = String::new();
    for word in kind.split(|c: char| !c.is_ascii_alphanumeric()) {
        let mut chars = word.chars();
        if let Some(first) = chars.next() {
            out.push(first.to_ascii_uppercase());
            out.extend(chars);
        }
    }
    match out.chars().next() {
        Some(c) if c.is_ascii_alphabetic() && out != "Actor" => Some(out),
        _ => None,
    }
}

/// The two CSV files of the Neo4j bundle.
fn neo4j_csv(graph: &BriefGraph) -> (String, String) {
    let mut actors = line(
        ["id:ID(Actor)".to_string(), ":LABEL".to_string()]
            .into_iter()
            .chain(
                ACTOR_COLUMNS
                    .iter()
                    .map(|c| format!("{}{}", c.name, c.neo4j)),
            ),
    );
    for a in graph.actors() {
        let labels: Vec<String> = std::iter::once("Actor".to_string())
            .chain(kind_label(&a.kind))
            .collect();
        actors.push_str(&line(
            [
                encode(&Cell::Str(a.id.clone()), ListStyle::Neo4j),
                encode(&Cell::List(labels), ListStyle::Neo4j),
            ]
            .into_iter()
            .chain(actor_cells(a).iter().map(|c| encode(c, ListStyle::Neo4j))),
        ));
    }
    let mut relations = line(
        [":START_ID(Actor)", ":END_ID(Actor)", ":TYPE"]
            .iter()
            .map(|s| s.to_string())
            .chain(
                RELATION_COLUMNS
                    .iter()
                    .map(|c| format!("{}{}", c.name, c.neo4j)),
            ),
    );
    for r in graph.relations() {
        relations.push_str(&line(
            [
                encode(&Cell::Str(r.source.clone()), ListStyle::Neo4j),
                encode(&Cell::Str(r.target.clone()), ListStyle::Neo4j),
                r.class.as_str().to_string(),
            ]
            .into_iter()
            .chain(
                relation_cells(r)
                    .iter()
                    .map(|c| encode(c, ListStyle::Neo4j)),
            ),
        ));
    }
    (actors, relations)
}

/// The command that imports the bundle into an empty Neo4j database.
pub fn neo4j_import_command() -> String {
    "neo4j-admin database import full --overwrite-destination \\\n  \
     --nodes=actors.csv --relationships=relations.csv \\\n  \
     --delimiter=, --quote='\"' --array-delimiter=U+001F --multiline-fields=true \\\n  \
     \"${1:-neo4j}\"\n"
        .to_string()
}

fn neo4j_import_sh() -> String {
    format!(
        "#!/bin/sh\n\
         # Imports this bundle into an empty Neo4j database (default `neo4j`) with\n\
         # neo4j-admin; run it from this directory with Neo4j stopped, then start\n\
         # Neo4j. For a running server, use load.cypher instead.\n\
         set -eu\n\
         cd \"$(dirname \"$0\")\"\n\
         {}",
        neo4j_import_command()
    )
}

/// `LOAD CSV` with `MERGE`, in batches, for a running Neo4j 5: copy the
/// CSV files into the server's import directory first. The relation type
/// cannot be a parameter in Cypher, so there is one statement per class.
fn neo4j_load_cypher(graph: &BriefGraph) -> String {
    let mut s = String::from(
        "// Loads actors.csv and relations.csv into a running Neo4j 4.4 or 5 (copy them\n\
         // into the server's import directory first): `cypher-shell -f load.cypher`.\n\
         // Arrays are delimited by U+001F; evidence is a JSON string.\n\
         CREATE CONSTRAINT actor_id IF NOT EXISTS FOR (a:Actor) REQUIRE a.id IS UNIQUE;\n\
         LOAD CSV WITH HEADERS FROM 'file:///actors.csv' AS row\n\
         CALL {\n  \
           WITH row\n  \
           MERGE (a:Actor {id: row.`id:ID(Actor)`})\n  \
           SET a.label = coalesce(row.label, ''), a.kind = row.kind, a.wikidata = row.wikidata,\n      \
               a.aliases = CASE WHEN row.`aliases:string[]` IS NULL THEN [] ELSE split(row.`aliases:string[]`, '\\u001F') END,\n      \
               a.candidate = row.`candidate:boolean` = 'true'\n\
         } IN TRANSACTIONS OF 1000 ROWS;\n",
    );
    for class in classes(graph) {
        s.push_str(&format!(
            "LOAD CSV WITH HEADERS FROM 'file:///relations.csv' AS row\n\
             WITH row WHERE row.`:TYPE` = '{class}'\n\
             CALL {{\n  \
               WITH row\n  \
               MATCH (a:Actor {{id: row.`:START_ID(Actor)`}}), (b:Actor {{id: row.`:END_ID(Actor)`}})\n  \
               MERGE (a)-[r:{class} {{id: row.id}}]->(b)\n  \
               SET r.predicate = row.predicate, r.class = row.class, r.stance = row.stance,\n      \
                   r.weight = toFloat(row.`weight:double`), r.polarity = row.polarity,\n      \
                   r.date = row.date, r.context = row.context, r.origin = row.origin,\n      \
                   r.confidence = toFloat(row.`confidence:double`), r.note = row.note,\n      \
                   r.support = toInteger(row.`support:int`),\n      \
                   r.sources = split(row.`sources:string[]`, '\\u001F'),\n      \
                   r.quotes = CASE WHEN row.`quotes:string[]` IS NULL THEN [] ELSE split(row.`quotes:string[]`, '\\u001F') END,\n      \
                   r.evidence = row.evidence\n\
             }} IN TRANSACTIONS OF 1000 ROWS;\n"
        ));
    }
    s
}

/// The same load for a running Memgraph, in its `LOAD CSV` dialect
/// (`FROM path WITH HEADER`; a path on the server). Memgraph runs each
/// `LOAD CSV` as one transaction, so there is no batch clause.
fn memgraph_load_cypher(graph: &BriefGraph) -> String {
    let mut s = String::from(
        "// Loads actors.csv and relations.csv into a running Memgraph: copy them to\n\
         // /import on the server (or edit the paths), then `mgconsole < load-memgraph.cypher`.\n\
         CREATE INDEX ON :Actor(id);\n\
         LOAD CSV FROM '/import/actors.csv' WITH HEADER NULLIF '' AS row\n\
         MERGE (a:Actor {id: row.`id:ID(Actor)`})\n\
         SET a.label = coalesce(row.label, ''), a.kind = row.kind, a.wikidata = row.wikidata,\n    \
             a.aliases = CASE WHEN row.`aliases:string[]` IS NULL THEN [] ELSE split(row.`aliases:string[]`, '\\u001F') END,\n    \
             a.candidate = row.`candidate:boolean` = 'true';\n",
    );
    for class in classes(graph) {
        s.push_str(&format!(
            "LOAD CSV FROM '/import/relations.csv' WITH HEADER NULLIF '' AS row\n\
             WITH row WHERE row.`:TYPE` = '{class}'\n\
             MATCH (a:Actor {{id: row.`:START_ID(Actor)`}}), (b:Actor {{id: row.`:END_ID(Actor)`}})\n\
             MERGE (a)-[r:{class} {{id: row.id}}]->(b)\n\
             SET r.predicate = row.predicate, r.class = row.class, r.stance = row.stance,\n    \
                 r.weight = toFloat(row.`weight:double`), r.polarity = row.polarity,\n    \
                 r.date = row.date, r.context = row.context, r.origin = row.origin,\n    \
                 r.confidence = toFloat(row.`confidence:double`), r.note = row.note,\n    \
                 r.support = toInteger(row.`support:int`),\n    \
                 r.sources = split(row.`sources:string[]`, '\\u001F'),\n    \
                 r.quotes = CASE WHEN row.`quotes:string[]` IS NULL THEN [] ELSE split(row.`quotes:string[]`, '\\u001F') END,\n    \
                 r.evidence = row.evidence;\n"
        ));
    }
    s
}

fn classes(graph: &BriefGraph) -> BTreeSet<RelationClass> {
    graph.relations().map(|r| r.class).collect()
}

/// The files of `--format neo4j-csv`: name and bytes.
pub fn neo4j_bundle(graph: &BriefGraph) -> Vec<(String, Vec<u8>)> {
    let (actors, relations) = neo4j_csv(graph);
    vec![
        ("actors.csv".into(), actors.into_bytes()),
        ("relations.csv".into(), relations.into_bytes()),
        ("import.sh".into(), neo4j_import_sh().into_bytes()),
        ("load.cypher".into(), neo4j_load_cypher(graph).into_bytes()),
        (
            "load-memgraph.cypher".into(),
            memgraph_load_cypher(graph).into_bytes(),
        ),
    ]
}

/// The Kùzu node and rel tables.
pub fn kuzu_schema() -> String {
    let cols = |cs: &[Column]| {
        cs.iter()
            .map(|c| format!("{} {}", c.name, c.kuzu))
            .collect::<Vec<_>>()
            .join(", ")
    };
    format!(
        "CREATE NODE TABLE Actor(id STRING, {}, PRIMARY KEY(id));\n\
         CREATE REL TABLE Relation(FROM Actor TO Actor, {});\n",
        cols(ACTOR_COLUMNS),
        cols(RELATION_COLUMNS)
    )
}

/// `COPY FROM` statements, paths relative to the bundle directory.
pub fn kuzu_copy() -> String {
    "COPY Actor FROM 'actors.csv' (header=true, parallel=false);\n\
     COPY Relation FROM 'relations.csv' (header=true, parallel=false);\n"
        .to_string()
}

const KUZU_LOAD_PY: &str = r#"#!/usr/bin/env python3
"""Makes an embedded graph database of this bundle in one step:

    python3 load.py graph.lbdb

with LadybugDB (`pip install ladybug`) or Kùzu (`pip install kuzu`).
The database is then queried with Cypher, e.g.
    MATCH (a:Actor)-[r:Relation]->(b:Actor) RETURN a.label, r.class, b.label
"""
import os
import sys

try:
    import ladybug as engine
except ImportError:
    try:
        import kuzu as engine
    except ImportError:
        sys.exit("load.py: needs LadybugDB or Kùzu: python3 -m pip install ladybug")

here = os.path.dirname(os.path.abspath(__file__))
if len(sys.argv) != 2:
    sys.exit("usage: python3 load.py DATABASE")
target = sys.argv[1]
if os.path.exists(target):
    sys.exit(f"load.py: {target} exists; choose a new path")
conn = engine.Connection(engine.Database(target))


def statements(name):
    with open(os.path.join(here, name), encoding="utf-8") as f:
        return [s.strip() for s in f.read().split(";\n") if s.strip()]


for stmt in statements("schema.cypher"):
    conn.execute(stmt)
for stmt in statements("copy.cypher"):
    # File names are relative to this bundle.
    for name in ("actors.csv", "relations.csv"):
        path = os.path.join(here, name).replace("\\", "/").replace("'", "\\'")
        stmt = stmt.replace(f"'{name}'", f"'{path}'")
    conn.execute(stmt)
count = lambda q: conn.execute(q).get_next()[0]
print(f"{target}: {count('MATCH (a:Actor) RETURN count(a)')} actors, "
      f"{count('MATCH ()-[r:Relation]->() RETURN count(r)')} relations")
"#;

/// The two CSV files of the Kùzu bundle.
fn kuzu_csv(graph: &BriefGraph) -> (String, String) {
    let names = |cs: &[Column]| cs.iter().map(|c| c.name.to_string()).collect::<Vec<_>>();
    let mut actors = line(std::iter::once("id".to_string()).chain(names(ACTOR_COLUMNS)));
    for a in graph.actors() {
        actors.push_str(&line(
            std::iter::once(quote(&a.id))
                .chain(actor_cells(a).iter().map(|c| encode(c, ListStyle::Json))),
        ));
    }
    let mut relations = line(
        ["from".to_string(), "to".to_string()]
            .into_iter()
            .chain(names(RELATION_COLUMNS)),
    );
    for r in graph.relations() {
        relations.push_str(&line(
            [quote(&r.source), quote(&r.target)]
                .into_iter()
                .chain(relation_cells(r).iter().map(|c| encode(c, ListStyle::Json))),
        ));
    }
    (actors, relations)
}

/// The files of `--format kuzu-csv`: name and bytes.
pub fn kuzu_bundle(graph: &BriefGraph) -> Vec<(String, Vec<u8>)> {
    let (actors, relations) = kuzu_csv(graph);
    vec![
        ("actors.csv".into(), actors.into_bytes()),
        ("relations.csv".into(), relations.into_bytes()),
        ("schema.cypher".into(), kuzu_schema().into_bytes()),
        ("copy.cypher".into(), kuzu_copy().into_bytes()),
        ("load.py".into(), KUZU_LOAD_PY.as_bytes().to_vec()),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_are_quoted_doubled_or_empty() {
        let e = |c: Cell| encode(&c, ListStyle::Neo4j);
        assert_eq!(e(Cell::Null), "");
        assert_eq!(e(Cell::Str(String::new())), "\"\"");
        assert_eq!(e(Cell::Str("a \"b\"\nc".into())), "\"a \"\"b\"\"\nc\"");
        assert_eq!(e(Cell::Float(5.0)), "5.0");
        assert_eq!(e(Cell::Int(-3)), "-3");
        assert_eq!(
            e(Cell::List(vec!["a;b".into(), "c\u{1F}d".into()])),
            "\"a;b\u{1F}c\u{FFFD}d\""
        );
        assert_eq!(
            encode(&Cell::List(vec!["x,]".into()]), ListStyle::Json),
            "\"[\"\"x,]\"\"]\""
        );
    }

    #[test]
    fn kinds_become_labels() {
        assert_eq!(kind_label("armed-group").as_deref(), Some("ArmedGroup"));
        assert_eq!(kind_label("state").as_deref(), Some("State"));
        assert_eq!(kind_label("9 lives"), None);
        assert_eq!(kind_label("<>"), None);
        assert_eq!(kind_label("actor"), None);
    }
}

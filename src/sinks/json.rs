//! JSON: a NetworkX node-link document (`networkx.node_link_graph(data, edges="edges")`).
//!
//! Shape: `{directed, multigraph, graph: {name, sources, conflicts?}, nodes, edges}`.
//! Every edge carries `key` equal to its `id`, so NetworkX keys parallel
//! edges by it, plus the derived `stance`, `weight`, `support` and `sources`.

use crate::graph::BriefGraph;
use crate::model::{Actor, Extra, GraphMeta, Relation};
use serde_json::{json, Map, Value};

/// The graph as a JSON document, pretty-printed, ending in a newline.
pub fn write(graph: &BriefGraph) -> Vec<u8> {
    let mut out = serde_json::to_vec_pretty(&to_value(graph)).expect("JSON values serialize");
    out.push(b'\n');
    out
}

/// The graph as a JSON value.
pub fn to_value(graph: &BriefGraph) -> Value {
    json!({
        "directed": true,
        "multigraph": true,
        "graph": meta_value(&graph.meta),
        "nodes": graph.actors().map(actor_value).collect::<Vec<_>>(),
        "edges": graph.relations().map(relation_value).collect::<Vec<_>>(),
    })
}

fn meta_value(meta: &GraphMeta) -> Value {
    let mut m = Map::new();
    m.insert("name".into(), meta.name.clone().into());
    m.insert(
        "sources".into(),
        serde_json::to_value(&meta.sources).expect("sources serialize"),
    );
    if !meta.conflicts.is_empty() {
        m.insert(
            "conflicts".into(),
            serde_json::to_value(&meta.conflicts).expect("conflicts serialize"),
        );
    }
    extend(&mut m, &meta.extra);
    Value::Object(m)
}

/// One node object: `id`, `label`, `kind`, `aliases`, `wikidata`?, `candidate`?, extras.
pub fn actor_value(actor: &Actor) -> Value {
    let mut m = Map::new();
    m.insert("id".into(), actor.id.clone().into());
    m.insert("label".into(), actor.label.clone().into());
    m.insert("kind".into(), actor.kind.clone().into());
    m.insert("aliases".into(), actor.aliases.clone().into());
    if let Some(q) = &actor.wikidata {
        m.insert("wikidata".into(), q.clone().into());
    }
    if actor.candidate {
        m.insert("candidate".into(), true.into());
    }
    extend(&mut m, &actor.extra);
    Value::Object(m)
}

/// One edge object, with the derived attributes after the stored ones.
pub fn relation_value(r: &Relation) -> Value {
    let mut m = Map::new();
    m.insert("id".into(), r.id.clone().into());
    m.insert("key".into(), r.id.clone().into());
    m.insert("source".into(), r.source.clone().into());
    m.insert("target".into(), r.target.clone().into());
    m.insert("predicate".into(), r.predicate.clone().into());
    m.insert("class".into(), r.class.as_str().into());
    m.insert("stance".into(), r.class.stance().as_str().into());
    m.insert("weight".into(), r.class.score().into());
    m.insert("polarity".into(), r.polarity.as_str().into());
    if let Some(c) = &r.context {
        m.insert("context".into(), c.clone().into());
    }
    if let Some(d) = &r.date {
        m.insert("date".into(), d.clone().into());
    }
    m.insert("origin".into(), r.origin.as_str().into());
    if let Some(c) = r.confidence {
        m.insert("confidence".into(), c.into());
    }
    if let Some(n) = &r.note {
        m.insert("note".into(), n.clone().into());
    }
    m.insert("support".into(), r.support().into());
    m.insert("sources".into(), r.sources().into());
    m.insert(
        "evidence".into(),
        serde_json::to_value(&r.evidence).expect("evidence serializes"),
    );
    extend(&mut m, &r.extra);
    Value::Object(m)
}

/// Adds extra attributes; one named like a derived attribute replaces it
/// (an imported `weight` stays what its file said).
fn extend(m: &mut Map<String, Value>, extra: &Extra) {
    for (k, v) in extra {
        m.insert(k.clone(), v.clone());
    }
}

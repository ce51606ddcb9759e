//! JSON: a NetworkX node-link document (`networkx.node_link_graph(data, edges="edges")`).
//!
//! Shape: `{directed, multigraph, graph: {name, sources, conflicts?}, nodes, edges}`.
//! Every edge carries `key` equal to its `id`, so NetworkX keys parallel
//! edges by it, plus the derived `stance`, `weight`, `support` and `sources`.

use crate::graph::BriefGraph;
use crate::model::{Actor, Extra, GraphMeta, Relation};
use serde::ser::{Serialize, SerializeMap, Serializer};
use serde_json::{json, Map, Value};

/// The graph as a JSON document, pretty-printed, ending in a newline.
///
/// The same bytes as `to_vec_pretty(&to_value(graph))`, written element by
/// element: no JSON tree of the whole graph is built, so a graph of a
/// million pieces of evidence is written without first being copied.
pub fn write(graph: &BriefGraph) -> Vec<u8> {
    let mut out = Vec::with_capacity(1024 + 256 * graph.node_count() + 512 * graph.edge_count());
    write_to(graph, &mut out).expect("writing to memory does not fail");
    out
}

/// [`write`], into a writer (a file, without holding the whole text).
pub fn write_to(graph: &BriefGraph, w: impl std::io::Write) -> std::io::Result<()> {
    let mut ser = serde_json::Serializer::pretty(w);
    Document(graph).serialize(&mut ser)?;
    ser.into_inner().write_all(b"\n")
}

/// The document [`to_value`] builds, serialized as it goes.
struct Document<'a>(&'a BriefGraph);

impl Serialize for Document<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let g = self.0;
        let mut m = s.serialize_map(Some(5))?;
        m.serialize_entry("directed", &true)?;
        m.serialize_entry("multigraph", &true)?;
        m.serialize_entry("graph", &meta_value(&g.meta))?;
        m.serialize_entry("nodes", &Seq(|| g.actors().map(actor_value)))?;
        m.serialize_entry("edges", &Seq(|| g.relations().map(Edge)))?;
        m.end()
    }
}

/// A sequence serialized from an iterator, one element at a time.
struct Seq<F>(F);

impl<F, I> Serialize for Seq<F>
where
    F: Fn() -> I,
    I: Iterator,
    I::Item: Serialize,
{
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq((self.0)())
    }
}

/// One edge, serialized as [`relation_value`] would give it: the same
/// fields in the same order, an extra attribute named like one of them in
/// its place, the other extras after them in name order.
struct Edge<'a>(&'a Relation);

/// A field of [`Edge`].
enum Field<'a> {
    Str(&'a str),
    Float(f64),
    Count(usize),
    Strs(Vec<&'a str>),
    Evidence(&'a [crate::model::Evidence]),
}

impl Serialize for Field<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Field::Str(v) => v.serialize(s),
            Field::Float(v) => v.serialize(s),
            Field::Count(v) => v.serialize(s),
            Field::Strs(v) => v.serialize(s),
            Field::Evidence(v) => v.serialize(s),
        }
    }
}

impl Serialize for Edge<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let r = self.0;
        let mut fields: Vec<(&str, Field)> = Vec::with_capacity(20);
        fields.push(("id", Field::Str(&r.id)));
        fields.push(("key", Field::Str(&r.id)));
        fields.push(("source", Field::Str(&r.source)));
        fields.push(("target", Field::Str(&r.target)));
        fields.push(("predicate", Field::Str(&r.predicate)));
        fields.push(("class", Field::Str(r.class.as_str())));
        fields.push(("stance", Field::Str(r.class.stance().as_str())));
        fields.push(("weight", Field::Float(r.class.score())));
        fields.push(("polarity", Field::Str(r.polarity.as_str())));
        if let Some(c) = &r.context {
            fields.push(("context", Field::Str(c)));
        }
        if let Some(d) = &r.date {
            fields.push(("date", Field::Str(d)));
        }
        fields.push(("origin", Field::Str(r.origin.as_str())));
        if let Some(c) = r.confidence {
            fields.push(("confidence", Field::Float(c)));
        }
        if let Some(n) = &r.note {
            fields.push(("note", Field::Str(n)));
        }
        fields.push(("support", Field::Count(r.support())));
        fields.push(("sources", Field::Strs(r.sources())));
        fields.push(("evidence", Field::Evidence(&r.evidence)));
        let mut m = s.serialize_map(None)?;
        for (name, value) in &fields {
            match r.extra.get(*name) {
                Some(extra) => m.serialize_entry(name, extra)?,
                None => m.serialize_entry(name, value)?,
            }
        }
        for (name, value) in &r.extra {
            if !fields.iter().any(|(f, _)| f == name) {
                m.serialize_entry(name, value)?;
            }
        }
        m.end()
    }
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::GraphBuilder;
    use crate::model::{Evidence, Origin, Polarity, RelationClass};

    #[test]
    fn streamed_document_is_the_pretty_printed_value() {
        let mut b = GraphBuilder::new("t");
        let mut a = Actor::new("a", "A \"quoted\"", "state");
        a.extra.insert("zeta".into(), Value::from(1.5));
        b.add_actor(a);
        b.add_actor(Actor::new("b", "B", "unknown"));
        let mut evidence = Evidence::new("s");
        evidence.line = Some(3);
        evidence.sentence = Some("A <b>\n & B".into());
        let mut extra = Extra::new();
        // Named like derived fields: they replace them in place.
        extra.insert("weight".into(), Value::from("heavy"));
        extra.insert("support".into(), Value::from(9));
        extra.insert("aardvark".into(), serde_json::json!({"x": [1, null]}));
        let r = Relation {
            id: String::new(),
            source: "a".into(),
            target: "b".into(),
            predicate: "backs".into(),
            class: RelationClass::SUPPORT,
            polarity: Polarity::Hedged,
            context: Some("c".into()),
            date: None,
            origin: Origin::Extracted,
            confidence: Some(0.25),
            note: Some("n".into()),
            evidence: vec![evidence, Evidence::new("t")],
            extra,
        };
        b.add_relation(r.clone());
        b.add_relation(Relation {
            target: "a".into(),
            extra: Extra::new(),
            confidence: None,
            ..r
        });
        let g = b.finish();
        let mut expected = serde_json::to_vec_pretty(&to_value(&g)).unwrap();
        expected.push(b'\n');
        assert_eq!(
            String::from_utf8(write(&g)).unwrap(),
            String::from_utf8(expected).unwrap()
        );
        let empty = GraphBuilder::new("e").finish();
        let mut expected = serde_json::to_vec_pretty(&to_value(&empty)).unwrap();
        expected.push(b'\n');
        assert_eq!(write(&empty), expected);
    }
}

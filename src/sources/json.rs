//! Import of node-link JSON: briefgraph's own shape and plain NetworkX
//! output (`edges` or `links`). Unknown attributes are kept in `extra`.

use crate::error::{Diagnostic, Error, Result};
use crate::graph::{BriefGraph, GraphBuilder};
use crate::model::{
    Actor, Evidence, Extra, GraphMeta, Origin, Polarity, Relation, RelationClass, Source,
};
use crate::vocabulary::Vocabulary;
use serde::Deserialize;
use serde_json::value::RawValue;
use serde_json::{Map, Value};
use std::collections::HashSet;
use std::path::Path;

#[derive(Deserialize)]
struct Doc<'a> {
    #[serde(default)]
    directed: Option<bool>,
    #[serde(default, borrow)]
    graph: Option<&'a RawValue>,
    #[serde(borrow)]
    nodes: Vec<&'a RawValue>,
    #[serde(default, borrow)]
    edges: Option<Vec<&'a RawValue>>,
    #[serde(default, borrow)]
    links: Option<Vec<&'a RawValue>>,
}

/// Attributes derived from others on export, dropped on import when they
/// hold the value export would derive (so they are not stored twice).
const DERIVED: &[&str] = &["key", "stance", "weight", "support", "sources"];

/// Parses a node-link JSON document. `path` names the file in messages and,
/// for graphs that carry no sources, becomes the source of their edges.
pub fn parse(path: &Path, text: &str, vocab: &Vocabulary) -> Result<BriefGraph> {
    let doc: Doc = serde_json::from_str(text).map_err(|e| {
        let offset = offset_of_line_col(text, e.line(), e.column());
        Diagnostic::new(path, format!("invalid graph JSON: {e}"))
            .at(text, offset, offset + 1)
            .hint("expected a node-link document: {\"directed\": true, \"nodes\": [...], \"edges\": [...]}")
    })?;
    let here = |raw: &RawValue| raw.get().as_ptr() as usize - text.as_ptr() as usize;
    let err = |raw: &RawValue, msg: String| {
        let at = here(raw);
        Diagnostic::new(path, msg).at(text, at, at + raw.get().len().min(40))
    };
    if doc.directed == Some(false) {
        return Err(Diagnostic::new(path, "the graph is undirected")
            .hint("briefgraph graphs are directed: relations go from subject to object")
            .into());
    }
    let stem = path
        .file_stem()
        .map_or_else(|| "import".into(), |s| s.to_string_lossy().into_owned());
    let mut meta = GraphMeta {
        name: stem.clone(),
        ..GraphMeta::default()
    };
    if let Some(raw) = doc.graph {
        let mut m: Map<String, Value> = serde_json::from_str(raw.get())
            .map_err(|e| err(raw, format!("`graph` must be an object: {e}")))?;
        if let Some(Value::String(name)) = m.remove("name") {
            meta.name = name;
        }
        if let Some(v) = m.remove("sources") {
            meta.sources = serde_json::from_value(v)
                .map_err(|e| err(raw, format!("invalid `graph.sources`: {e}")))?;
        }
        if let Some(v) = m.remove("conflicts") {
            meta.conflicts = serde_json::from_value(v)
                .map_err(|e| err(raw, format!("invalid `graph.conflicts`: {e}")))?;
        }
        meta.extra = m.into_iter().collect();
    }
    let edges = match (doc.edges, doc.links) {
        (Some(e), None) | (None, Some(e)) => e,
        (None, None) => Vec::new(),
        (Some(_), Some(_)) => {
            return Err(
                Diagnostic::new(path, "the document has both `edges` and `links`")
                    .hint("keep one of them")
                    .into(),
            )
        }
    };

    let mut errors = Vec::new();
    let mut builder = GraphBuilder::default();
    let mut ids = HashSet::new();
    for raw in &doc.nodes {
        match node(raw) {
            Ok(actor) => {
                if !ids.insert(actor.id.clone()) {
                    errors.push(err(raw, format!("duplicate node id `{}`", actor.id)));
                } else {
                    builder.add_actor(actor);
                }
            }
            Err(msg) => errors.push(err(raw, msg)),
        }
    }
    let mut needs_file_source = false;
    let mut edge_ids = HashSet::new();
    for raw in &edges {
        match edge(raw, vocab, &stem) {
            Ok((relation, raw_id, synthesised)) => {
                for end in [&relation.source, &relation.target] {
                    if !ids.contains(end) {
                        errors.push(
                            err(raw, format!("edge refers to missing node `{end}`"))
                                .hint("every edge's source and target must be a node id"),
                        );
                    }
                }
                if let Some(id) = raw_id {
                    if !edge_ids.insert(id.clone()) {
                        errors.push(err(raw, format!("duplicate edge id `{id}`")));
                    }
                }
                needs_file_source |= synthesised;
                builder.add_relation(relation);
            }
            Err(msg) => errors.push(err(raw, msg)),
        }
    }
    if !errors.is_empty() {
        return Err(Error::Invalid(errors));
    }
    if needs_file_source && !meta.sources.iter().any(|s| s.id == stem) {
        let mut s = Source::new(&stem, &stem);
        s.extra.insert(
            "file".into(),
            Value::String(
                path.file_name()
                    .unwrap_or_default()
                    .to_string_lossy()
                    .into(),
            ),
        );
        meta.sources.push(s);
    }
    builder.meta = meta;
    Ok(builder.finish())
}

fn id_string(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

fn node(raw: &RawValue) -> Result<Actor, String> {
    let mut m: Map<String, Value> =
        serde_json::from_str(raw.get()).map_err(|e| format!("a node must be an object: {e}"))?;
    let id = m
        .remove("id")
        .as_ref()
        .and_then(id_string)
        .ok_or("a node needs an `id` (string or number)")?;
    let mut actor = Actor::new(&id, &id, "unknown");
    if let Some(v) = take_string(&mut m, "label")? {
        actor.label = v;
    }
    if let Some(v) = take_string(&mut m, "kind")? {
        actor.kind = v;
    }
    if let Some(v) = m.remove("aliases") {
        actor.aliases = match v {
            Value::Array(_) => serde_json::from_value(v).map_err(|e| format!("`aliases`: {e}"))?,
            // GraphML-born JSON may carry the list as a JSON string.
            Value::String(s) => serde_json::from_str(&s).unwrap_or_else(|_| vec![s]),
            _ => return Err("`aliases` must be a list of strings".into()),
        };
    }
    actor.wikidata = take_string(&mut m, "wikidata")?;
    if let Some(v) = m.remove("candidate") {
        actor.candidate = v.as_bool().ok_or("`candidate` must be true or false")?;
    }
    actor.extra = m.into_iter().collect();
    Ok(actor)
}

/// An edge, the id its file gave it, and whether its evidence had to be
/// made up from the file. Ids are recomputed from the relation's key; a
/// file id that differs is kept as `original_id`.
fn edge(
    raw: &RawValue,
    vocab: &Vocabulary,
    file_source: &str,
) -> Result<(Relation, Option<String>, bool), String> {
    let mut m: Map<String, Value> =
        serde_json::from_str(raw.get()).map_err(|e| format!("an edge must be an object: {e}"))?;
    let source = m
        .remove("source")
        .as_ref()
        .and_then(id_string)
        .ok_or("an edge needs a `source` node id")?;
    let target = m
        .remove("target")
        .as_ref()
        .and_then(id_string)
        .ok_or("an edge needs a `target` node id")?;
    let class = take_string(&mut m, "class")?
        .map(|c| c.parse::<RelationClass>())
        .transpose()?;
    let predicate = take_string(&mut m, "predicate")?;
    let (predicate, class) = match (predicate, class) {
        (Some(p), Some(c)) => (p, c),
        (Some(p), None) => {
            let c = vocab.by_form(&p).map(|d| d.class).ok_or_else(|| {
                format!("edge has no `class` and its predicate `{p}` is not in the vocabulary")
            })?;
            (p, c)
        }
        (None, Some(c)) => (c.as_str().to_lowercase(), c),
        (None, None) => {
            return Err("an edge needs a `class` (e.g. SUPPORT) or a known `predicate`".into())
        }
    };
    let polarity = match take_string(&mut m, "polarity")? {
        Some(p) => p.parse::<Polarity>()?,
        None => Polarity::Asserted,
    };
    let origin = match take_string(&mut m, "origin")?.as_deref() {
        None | Some("curated") => Origin::Curated,
        Some("extracted") => Origin::Extracted,
        Some(o) => {
            return Err(format!(
                "unknown origin `{o}` (expected curated or extracted)"
            ))
        }
    };
    let context = take_string(&mut m, "context")?;
    let date = take_string(&mut m, "date")?;
    let note = take_string(&mut m, "note")?;
    let confidence = match m.remove("confidence") {
        None | Some(Value::Null) => None,
        Some(v) => Some(v.as_f64().ok_or("`confidence` must be a number")?),
    };
    let (evidence, synthesised) = match m.remove("evidence") {
        Some(Value::Array(list)) if !list.is_empty() => (
            serde_json::from_value::<Vec<Evidence>>(Value::Array(list))
                .map_err(|e| format!("invalid `evidence`: {e}"))?,
            false,
        ),
        Some(Value::String(s)) if s.starts_with('[') => (
            serde_json::from_str::<Vec<Evidence>>(&s)
                .map_err(|e| format!("invalid `evidence`: {e}"))?,
            false,
        ),
        _ => (vec![Evidence::new(file_source)], true),
    };
    let mut relation = Relation {
        id: String::new(),
        source,
        target,
        predicate,
        class,
        polarity,
        context,
        date,
        origin,
        confidence,
        note,
        evidence,
        extra: Extra::new(),
    };
    let id = m.remove("id");
    // Derived attributes go when they say what export would say anyway.
    for name in DERIVED {
        if let Some(v) = m.get(*name) {
            let derived = match *name {
                "key" => id.clone().unwrap_or(Value::Null),
                "stance" => Value::from(class.stance().as_str()),
                "weight" => Value::from(class.score()),
                "support" => Value::from(relation.support()),
                _ => Value::from(relation.sources()),
            };
            if *v == derived || (*name == "key" && id.is_none()) {
                m.remove(*name);
            }
        }
    }
    relation.extra = m.into_iter().collect();
    let raw_id = id.as_ref().and_then(id_string);
    if let Some(file_id) = &raw_id {
        if *file_id != relation.key().edge_id() {
            relation
                .extra
                .insert("original_id".into(), id.expect("raw_id comes from id"));
        }
    }
    Ok((relation, raw_id, synthesised))
}

fn take_string(m: &mut Map<String, Value>, key: &str) -> Result<Option<String>, String> {
    match m.remove(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s)),
        Some(Value::Number(n)) => Ok(Some(n.to_string())),
        Some(other) => Err(format!("`{key}` must be a string, not {other}")),
    }
}

fn offset_of_line_col(text: &str, line: usize, column: usize) -> usize {
    let line_start: usize = text
        .split_inclusive('\n')
        .take(line.saturating_sub(1))
        .map(str::len)
        .sum();
    (line_start + column.saturating_sub(1)).min(text.len())
}

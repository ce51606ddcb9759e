//! The attribute maps every graph importer produces, turned into actors,
//! relations and graph metadata.
//!
//! The JSON and GraphML importers both read a file into a [`RawGraph`]:
//! one attribute map for the graph, one per node and one per edge, each
//! with the byte range it came from. [`build`] turns that into a
//! [`BriefGraph`], so both formats keep the same attributes, drop the same
//! derived ones and report the same problems (duplicate ids, edges to
//! missing nodes) at the element's position.

use crate::error::{Diagnostic, Error, Result};
use crate::graph::{BriefGraph, GraphBuilder};
use crate::model::{
    Actor, Evidence, Extra, GraphMeta, Origin, Polarity, Relation, RelationClass, Source,
};
use crate::vocabulary::Vocabulary;
use serde_json::{Map, Value};
use std::collections::HashSet;
use std::path::Path;

/// One element's attributes, as read from a file.
pub type Attrs = Map<String, Value>;

/// A value with the byte range of the file it was read from.
#[derive(Clone, Debug)]
pub struct Located<T> {
    pub value: T,
    pub start: usize,
    pub end: usize,
}

/// What an importer read, before it becomes a graph.
#[derive(Clone, Debug, Default)]
pub struct RawGraph {
    pub graph: Option<Located<Attrs>>,
    pub nodes: Vec<Located<Attrs>>,
    pub edges: Vec<Located<Attrs>>,
    /// Whether edge ids need only be unique between the same two nodes, as
    /// NetworkX writes multigraph keys into GraphML; otherwise they must be
    /// unique in the file.
    pub edge_ids_per_pair: bool,
}

/// Attributes derived from others on export, dropped on import when they
/// hold the value export would derive (so they are not stored twice).
pub const DERIVED: &[&str] = &["key", "stance", "weight", "support", "sources"];

/// Turns what an importer read into a graph. `path` names the file in
/// messages and, for graphs that carry no sources, becomes the source of
/// their edges; `text` is the whole file, for the positions.
pub fn build(path: &Path, text: &str, raw: RawGraph, vocab: &Vocabulary) -> Result<BriefGraph> {
    let err = |start: usize, end: usize, msg: String| {
        Diagnostic::new(path, msg).at(text, start, end.min(start + 40))
    };
    let stem = path
        .file_stem()
        .map_or_else(|| "import".into(), |s| s.to_string_lossy().into_owned());
    let mut meta = GraphMeta {
        name: stem.clone(),
        ..GraphMeta::default()
    };
    if let Some(g) = raw.graph {
        meta = graph_meta(g.value, &stem).map_err(|m| err(g.start, g.end, m))?;
    }

    let mut errors = Vec::new();
    let mut builder = GraphBuilder::default();
    let mut ids = HashSet::new();
    for n in raw.nodes {
        match actor(n.value) {
            Ok(actor) => {
                if !ids.insert(actor.id.clone()) {
                    errors.push(
                        err(n.start, n.end, format!("duplicate node id `{}`", actor.id))
                            .hint("every node needs its own id"),
                    );
                } else {
                    builder.add_actor(actor);
                }
            }
            Err(msg) => errors.push(err(n.start, n.end, msg)),
        }
    }
    let mut needs_file_source = false;
    let mut edge_ids = HashSet::new();
    for e in raw.edges {
        match relation(e.value, vocab, &stem) {
            Ok((relation, raw_id, synthesised)) => {
                for end in [&relation.source, &relation.target] {
                    if !ids.contains(end) {
                        errors.push(
                            err(
                                e.start,
                                e.end,
                                format!("edge refers to missing node `{end}`"),
                            )
                            .hint("every edge's source and target must be a node id"),
                        );
                    }
                }
                if let Some(id) = raw_id {
                    let scope = if raw.edge_ids_per_pair {
                        (relation.source.clone(), relation.target.clone())
                    } else {
                        Default::default()
                    };
                    if !edge_ids.insert((scope, id.clone())) {
                        errors.push(
                            err(e.start, e.end, format!("duplicate edge id `{id}`"))
                                .hint("every edge needs its own id"),
                        );
                    }
                }
                needs_file_source |= synthesised;
                builder.add_relation(relation);
            }
            Err(msg) => errors.push(err(e.start, e.end, msg)),
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

/// Graph metadata from the graph's attributes: `name`, `sources` and
/// `conflicts` are read, everything else is kept in `extra`.
pub fn graph_meta(mut m: Attrs, default_name: &str) -> Result<GraphMeta, String> {
    let mut meta = GraphMeta {
        name: default_name.to_string(),
        ..GraphMeta::default()
    };
    match m.remove("name") {
        Some(Value::String(name)) => meta.name = name,
        Some(other) => {
            m.insert("name".into(), other);
        }
        None => {}
    }
    if let Some(v) = m.remove("sources") {
        meta.sources =
            serde_json::from_value(v).map_err(|e| format!("invalid `graph.sources`: {e}"))?;
    }
    if let Some(v) = m.remove("conflicts") {
        meta.conflicts =
            serde_json::from_value(v).map_err(|e| format!("invalid `graph.conflicts`: {e}"))?;
    }
    meta.extra = m.into_iter().collect();
    Ok(meta)
}

/// The string form of an id: strings as they are, numbers and booleans
/// written out (NetworkX allows any hashable as a node).
pub fn id_string(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// An actor from a node's attributes. `label` defaults to `name` (igraph's
/// vertex names), then to the id; `kind` defaults to `unknown`.
pub fn actor(mut m: Attrs) -> Result<Actor, String> {
    let id = m
        .remove("id")
        .as_ref()
        .and_then(id_string)
        .ok_or("a node needs an `id` (string or number)")?;
    let mut actor = Actor::new(&id, &id, "unknown");
    match take_string(&mut m, "label")? {
        Some(v) => actor.label = v,
        // `name` stays an attribute of its own, so it is written back out.
        None => {
            if let Some(Value::String(name)) = m.get("name") {
                actor.label = name.clone();
            }
        }
    }
    if let Some(v) = take_string(&mut m, "kind")? {
        actor.kind = v;
    }
    if let Some(v) = m.remove("aliases") {
        actor.aliases = match v {
            Value::Array(_) => serde_json::from_value(v).map_err(|e| format!("`aliases`: {e}"))?,
            // GraphML from other tools may carry the list as a JSON string.
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

/// A relation from an edge's attributes, the id its file gave it, and
/// whether its evidence had to be made up from the file (`file_source`).
/// Ids are recomputed from the relation's key; a file id that differs is
/// kept as `original_id`.
pub fn relation(
    mut m: Attrs,
    vocab: &Vocabulary,
    file_source: &str,
) -> Result<(Relation, Option<String>, bool), String> {
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

fn take_string(m: &mut Attrs, key: &str) -> Result<Option<String>, String> {
    match m.remove(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s)),
        Some(Value::Number(n)) => Ok(Some(n.to_string())),
        Some(other) => Err(format!("`{key}` must be a string, not {other}")),
    }
}

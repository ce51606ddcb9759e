//! The attribute maps every graph importer produces, turned into actors,
//! relations and graph metadata.
//!
//! The JSON and GraphML importers both read a file into a [`RawGraph`]:
//! one attribute map for the graph, one per node and one per edge, each
//! with the byte range it came from. [`build`] turns that into a
//! [`BriefGraph`], so both formats keep the same attributes, drop the same
//! derived ones and report the same problems (duplicate ids, edges to
//! missing nodes) at the element's position.

use crate::error::{keeps_more, push_capped, Diagnostic, Error, Result};
use crate::graph::ordered::InOrder;
use crate::graph::BriefGraph;
use crate::model::{
    Actor, Evidence, Extra, GraphMeta, Origin, Polarity, Relation, RelationClass, Source,
};
use crate::vocabulary::Vocabulary;
use serde::de::{self, Deserialize, Deserializer, MapAccess, Visitor};
use serde_json::{Map, Value};
use std::borrow::Cow;
use std::collections::HashSet;
use std::fmt;
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
    pub nodes: Vec<Located<NodeAttrs>>,
    pub edges: Vec<Located<EdgeAttrs>>,
    /// Whether edge ids need only be unique between the same two nodes, as
    /// NetworkX writes multigraph keys into GraphML; otherwise they must be
    /// unique in the file.
    pub edge_ids_per_pair: bool,
    /// For JSON, the name of the list of edges (`edges` or `links`): the
    /// messages then start with the element's path (`edges[12]: …`).
    pub element_paths: Option<&'static str>,
}

/// Attributes derived from others on export, dropped on import when they
/// hold the value export would derive (so they are not stored twice).
pub const DERIVED: &[&str] = &["key", "stance", "weight", "support", "sources"];

/// A graph taken apart: metadata, actors and relations, checked (unique
/// node ids, unique edge ids, no edge to a missing node) but not assembled.
/// Relations of equal keys have not been merged yet.
pub type Parts = (GraphMeta, Vec<Actor>, Vec<Relation>);

/// Turns what an importer read into a graph. `path` names the file in
/// messages and, for graphs that carry no sources, becomes the source of
/// their edges; `text` is the whole file, for the positions.
pub fn build(path: &Path, text: &str, raw: RawGraph, vocab: &Vocabulary) -> Result<BriefGraph> {
    Ok(assemble(parts(path, text, raw, vocab)?))
}

/// The graph of checked parts: relations of equal keys become one edge
/// (as a [`crate::graph::GraphBuilder`] adding them in order would make it).
pub fn assemble((meta, actors, relations): Parts) -> BriefGraph {
    BriefGraph::from_parts(meta, actors, relations)
}

/// What [`build`] does short of assembling the graph (for `merge`, which
/// assembles many at once).
pub fn parts(path: &Path, text: &str, raw: RawGraph, vocab: &Vocabulary) -> Result<Parts> {
    let stem = file_stem(path);
    let mut input = Converted {
        graph: raw.graph,
        nodes: raw
            .nodes
            .into_iter()
            .map(|n| Located {
                value: actor(n.value),
                start: n.start,
                end: n.end,
            })
            .collect(),
        edge_ids_per_pair: raw.edge_ids_per_pair,
        element_paths: raw.element_paths,
        ..Converted::default()
    };
    for e in raw.edges {
        input.push_edge(e.start, e.end, relation(e.value, vocab, &stem));
    }
    check(path, text, input)
}

/// An estimate of how many edges a graph file holds, to reserve room for
/// them: the occurrences of `needle` (`"target"` in JSON, `<edge` in
/// GraphML), at most one per `min_bytes` bytes of the file (the size of
/// the smallest edge), so a file made of the needle alone cannot ask for
/// much more memory than it takes itself. A fast scan (memchr's SIMD
/// substring search), a few milliseconds per 100 MB.
pub fn estimate_edges(text: &str, needle: &str, min_bytes: usize) -> usize {
    memchr::memmem::find_iter(text.as_bytes(), needle.as_bytes())
        .count()
        .min(text.len() / min_bytes.max(1))
}

/// The name of a graph file without its extension: the graph's default
/// name and the source of edges that name none.
pub fn file_stem(path: &Path) -> String {
    path.file_stem()
        .map_or_else(|| "import".into(), |s| s.to_string_lossy().into_owned())
}

/// What [`relation`] gives: the relation, the id its file gave it, and
/// whether its evidence was made up from the file.
pub type ConvertedRelation = (Relation, RawId, bool);

/// A file's elements turned into actors and relations (or the reason one
/// could not be), each with its position, not yet checked as a whole.
#[derive(Debug, Default)]
pub struct Converted {
    pub graph: Option<Located<Attrs>>,
    pub nodes: Vec<Located<Result<Actor, String>>>,
    /// The relations of the edges that converted, in file order: the list
    /// [`check`] gives back, so a large graph's relations are not moved
    /// from one list into another.
    relations: Vec<Relation>,
    /// Whether the relations go straight into the graph instead (see
    /// [`InOrder`]).
    straight: Straight,
    /// Every edge, in file order: what [`check`] needs besides the relation.
    edges: Vec<Located<Edge>>,
    pub edge_ids_per_pair: bool,
    /// See [`RawGraph::element_paths`].
    pub element_paths: Option<&'static str>,
}

/// Where [`Converted`]'s relations go.
#[derive(Debug, Default)]
enum Straight {
    /// Into its list.
    #[default]
    Off,
    /// Into a graph built as they come, from the first one on, with room
    /// for about this many.
    Ready(usize),
    /// Into this graph, which holds the nodes read before the first
    /// relation (their positions are here) and every relation so far.
    On(InOrder, Vec<(usize, usize)>),
}

/// An edge of [`Converted`]: its relation is the next one of the list, or
/// it did not convert.
#[derive(Debug)]
enum Edge {
    /// The id the file gave the edge, and whether its evidence was made up.
    Converted(RawId, bool),
    Failed(String),
}

/// The id a file gave an edge.
#[derive(Debug, PartialEq)]
pub enum RawId {
    None,
    /// The relation's own id, which the conversion set: the id derived
    /// from its key (not stored twice, as most edges of a file briefgraph
    /// wrote have it).
    Derived,
    File(String),
}

impl Converted {
    /// An empty list with room for about `edges` edges, so a large file's
    /// relations are not copied into ever larger lists as they are read
    /// (each copy also makes the system zero fresh pages: a fifth of the
    /// CPU time of converting a graph of 200,000 edges). A count that
    /// memory cannot hold is ignored: the lists then grow as they go.
    pub fn with_edge_capacity(edges: usize) -> Converted {
        let mut c = Converted::default();
        if c.relations.try_reserve_exact(edges).is_err()
            || c.edges.try_reserve_exact(edges).is_err()
        {
            c = Converted::default();
        }
        c
    }

    /// [`Self::with_edge_capacity`] for a reader that wants the graph
    /// ([`check_graph`]): while the nodes come before the edges, in id
    /// order, and the relations in key order, each key once (as briefgraph
    /// writes them), each relation goes straight into the graph, not into
    /// a list copied into the graph afterwards (see [`InOrder`]).
    pub fn straight_to_graph(edges: usize) -> Converted {
        let mut c = Converted::default();
        if c.edges.try_reserve_exact(edges).is_err() {
            c.edges = Vec::new();
        }
        c.straight = Straight::Ready(edges);
        c
    }

    fn push_relation(&mut self, relation: Relation) {
        if let Straight::Ready(room) = self.straight {
            self.start_straight(room);
        }
        match &mut self.straight {
            Straight::On(graph, _) => {
                if let Err(relation) = graph.push(relation) {
                    self.spill();
                    self.relations.push(*relation);
                }
            }
            _ => self.relations.push(relation),
        }
    }

    /// Moves the nodes read so far into a graph, if they all converted and
    /// come in id order; else the relations go into the list.
    fn start_straight(&mut self, room: usize) {
        self.straight = Straight::Off;
        if self.nodes.iter().all(|n| n.value.is_ok()) {
            let spans: Vec<(usize, usize)> = self.nodes.iter().map(|n| (n.start, n.end)).collect();
            let actors = std::mem::take(&mut self.nodes)
                .into_iter()
                .filter_map(|n| n.value.ok())
                .collect();
            match InOrder::new(actors, room) {
                Ok(graph) => {
                    self.straight = Straight::On(graph, spans);
                    return;
                }
                Err(actors) => self.nodes = located(actors, spans),
            }
        }
        let _ = self.relations.try_reserve_exact(room);
    }

    /// Back to the lists: the graph's nodes before the nodes read since,
    /// its relations in the list.
    fn spill(&mut self) {
        if let Straight::On(graph, spans) = std::mem::take(&mut self.straight) {
            let (actors, relations) = graph.into_lists();
            let mut nodes = located(actors, spans);
            nodes.append(&mut self.nodes);
            self.nodes = nodes;
            self.relations = relations;
            let room = self.edges.capacity().saturating_sub(self.relations.len());
            let _ = self.relations.try_reserve_exact(room);
        }
    }

    /// Sets the nodes read (replacing any read before, also those already
    /// in a graph built as read).
    pub fn set_nodes(&mut self, nodes: Vec<Located<Result<Actor, String>>>) {
        if matches!(self.straight, Straight::On(..)) {
            self.spill();
        }
        self.nodes = nodes;
    }

    /// Adds an edge read from `start..end` of the file.
    pub fn push_edge(&mut self, start: usize, end: usize, edge: Result<ConvertedRelation, String>) {
        let value = match edge {
            Ok((relation, raw_id, synthesised)) => {
                self.push_relation(relation);
                Edge::Converted(raw_id, synthesised)
            }
            Err(msg) => Edge::Failed(msg),
        };
        self.edges.push(Located { value, start, end });
    }
}

fn located(actors: Vec<Actor>, spans: Vec<(usize, usize)>) -> Vec<Located<Result<Actor, String>>> {
    actors
        .into_iter()
        .zip(spans)
        .map(|(a, (start, end))| Located {
            value: Ok(a),
            start,
            end,
        })
        .collect()
}

/// What [`check`] found correct: the lists, or the graph built as the file
/// was read.
enum Checked {
    Lists(Vec<Actor>, Vec<Relation>),
    Graph(InOrder),
}

/// Checks converted elements as a whole (unique node ids, unique edge ids,
/// no edge to a missing node) and reports every problem at its position.
pub fn check(path: &Path, text: &str, input: Converted) -> Result<Parts> {
    Ok(match check_any(path, text, input)? {
        (meta, Checked::Lists(actors, relations)) => (meta, actors, relations),
        (meta, Checked::Graph(graph)) => {
            let (actors, relations) = graph.into_lists();
            (meta, actors, relations)
        }
    })
}

/// [`check`], then the graph: the one built as the file was read (see
/// [`Converted::straight_to_graph`]) or the one [`assemble`] makes.
pub fn check_graph(path: &Path, text: &str, input: Converted) -> Result<BriefGraph> {
    Ok(match check_any(path, text, input)? {
        (meta, Checked::Lists(actors, relations)) => assemble((meta, actors, relations)),
        (meta, Checked::Graph(graph)) => graph.finish(meta),
    })
}

fn check_any(path: &Path, text: &str, mut input: Converted) -> Result<(GraphMeta, Checked)> {
    // Nodes read after the first edge: the general way.
    if !input.nodes.is_empty() {
        input.spill();
    }
    let err = |start: usize, end: usize, msg: String| {
        Diagnostic::new(path, msg).at(text, start, end.min(start + 40))
    };
    // `edges[12]: ` before a message about an element of a JSON file.
    let paths = input.element_paths;
    let at = |list: &str, i: usize, msg: String| match paths {
        Some(edges) => format!("{}[{i}]: {msg}", if list == "edges" { edges } else { list }),
        None => msg,
    };
    let stem = file_stem(path);
    let mut meta = GraphMeta {
        name: stem.clone(),
        ..GraphMeta::default()
    };
    if let Some(g) = input.graph {
        meta = graph_meta(g.value, &stem).map_err(|m| err(g.start, g.end, m))?;
    }

    let mut errors = Vec::new();
    // Only the problems that will be shown are positioned (which scans the text).
    let report = |errors: &mut Vec<Diagnostic>, make: &dyn Fn() -> Diagnostic| {
        let d = if keeps_more(errors.len()) {
            make()
        } else {
            Diagnostic::new(path, "")
        };
        push_capped(errors, d);
    };
    let mut actors = Vec::with_capacity(input.nodes.len());
    let mut spans = Vec::with_capacity(input.nodes.len());
    for (i, n) in input.nodes.into_iter().enumerate() {
        match n.value {
            Ok(actor) => {
                actors.push(actor);
                spans.push((i, n.start, n.end));
            }
            Err(msg) => report(&mut errors, &|| {
                err(n.start, n.end, at("nodes", i, msg.clone()))
            }),
        }
    }
    let mut ids: HashSet<&str, FxBuild> =
        HashSet::with_capacity_and_hasher(actors.len(), FxBuild::default());
    for (actor, &(i, start, end)) in actors.iter().zip(&spans) {
        if !ids.insert(&actor.id) {
            report(&mut errors, &|| {
                err(
                    start,
                    end,
                    at("nodes", i, format!("duplicate node id `{}`", actor.id)),
                )
                .hint("every node needs its own id")
            });
        }
    }
    let mut needs_file_source = false;
    let relations = input.relations;
    // Built as read: every relation's ends are among its nodes, which are
    // every node, all converted, with distinct ids.
    let graph = match std::mem::take(&mut input.straight) {
        Straight::On(graph, _) => Some(graph),
        _ => None,
    };
    // Edge ids unique between two nodes, or in the file; room for every
    // edge's id at once (no rehash as the set grows).
    let per_pair = input.edge_ids_per_pair;
    let room = |on: bool| if on { input.edges.len() } else { 0 };
    // In a graph built as read, the relations between the same two nodes
    // come one after the other (in key order): their ids are checked
    // among themselves, not kept all together.
    let runs = per_pair && graph.is_some();
    let mut pair_ids: HashSet<(&str, &str, &str), FxBuild> =
        HashSet::with_capacity_and_hasher(room(per_pair && !runs), FxBuild::default());
    let mut run: Option<(&str, &str)> = None;
    let mut file_ids: HashSet<&str, FxBuild> =
        HashSet::with_capacity_and_hasher(room(!per_pair), FxBuild::default());
    let mut next: Box<dyn Iterator<Item = &Relation>> = match &graph {
        Some(graph) => Box::new(graph.relations()),
        None => Box::new(relations.iter()),
    };
    // The last source found among the nodes: a file's edges often come
    // in runs of one source (briefgraph writes them sorted), each source
    // then looked up once, and compared with this for the rest of the run.
    let mut last_source: Option<&str> = None;
    for (i, e) in input.edges.iter().enumerate() {
        match &e.value {
            Edge::Converted(raw_id, synthesised) => {
                let relation = next.next().expect("one relation per converted edge");
                let ends = [&relation.source, &relation.target];
                let ends = if graph.is_some() {
                    &ends[..0]
                } else {
                    &ends[..]
                };
                for (k, end) in ends.iter().enumerate() {
                    let is_source = k == 0;
                    if is_source && last_source == Some(end.as_str()) {
                        continue;
                    }
                    if ids.contains(end.as_str()) {
                        if is_source {
                            last_source = Some(end.as_str());
                        }
                    } else {
                        report(&mut errors, &|| {
                            err(
                                e.start,
                                e.end,
                                at("edges", i, format!("edge refers to missing node `{end}`")),
                            )
                            .hint("every edge's source and target must be a node id")
                        });
                    }
                }
                let raw_id = match raw_id {
                    RawId::None => None,
                    RawId::Derived => Some(relation.id.as_str()),
                    RawId::File(id) => Some(id.as_str()),
                };
                if let Some(id) = raw_id {
                    let pair = (relation.source.as_str(), relation.target.as_str());
                    let fresh = if runs {
                        if run != Some(pair) {
                            run = Some(pair);
                            // A large set is not cleared bucket by bucket at every pair.
                            if pair_ids.capacity() > 64 {
                                pair_ids = HashSet::default();
                            } else {
                                pair_ids.clear();
                            }
                        }
                        pair_ids.insert((pair.0, pair.1, id))
                    } else if per_pair {
                        pair_ids.insert((pair.0, pair.1, id))
                    } else {
                        file_ids.insert(id)
                    };
                    if !fresh {
                        report(&mut errors, &|| {
                            err(
                                e.start,
                                e.end,
                                at("edges", i, format!("duplicate edge id `{id}`")),
                            )
                            .hint("every edge needs its own id")
                        });
                    }
                }
                needs_file_source |= synthesised;
            }
            Edge::Failed(msg) => report(&mut errors, &|| {
                err(e.start, e.end, at("edges", i, msg.clone()))
            }),
        }
    }
    drop(next);
    drop(pair_ids);
    drop(file_ids);
    drop(ids);
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
    let checked = match graph {
        Some(graph) => Checked::Graph(graph),
        None => Checked::Lists(actors, relations),
    };
    Ok((meta, checked))
}

type FxBuild = std::hash::BuildHasherDefault<crate::graph::merge::FxHasher>;

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

/// [`id_string`] of a value given away (a string is moved, not copied).
fn into_id_string(v: Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s),
        other => id_string(&other),
    }
}

/// Generates a struct holding the attributes briefgraph reads from an
/// element, each taken out of the attribute map, plus the rest of the map;
/// with a one-pass `Deserialize` from a JSON object (no intermediate map)
/// and a conversion from an attribute map (for GraphML).
macro_rules! element_attrs {
    ($(#[$doc:meta])* $name:ident { $($field:ident => $key:literal,)* } $($special:ident: $ty:ty => $skey:literal,)*) => {
        $(#[$doc])*
        #[derive(Clone, Debug, Default, PartialEq)]
        pub struct $name {
            $(pub $field: Option<Value>,)*
            $(pub $special: Option<$ty>,)*
            /// Every other attribute.
            pub rest: Attrs,
        }

        impl $name {
            /// Takes the known attributes out of `m`.
            pub fn from_attrs(mut m: Attrs) -> $name {
                $name {
                    $($field: m.remove($key),)*
                    $($special: m.remove($skey).map(<$ty>::from),)*
                    rest: m,
                }
            }

            /// Whether the element has attribute `key`.
            pub fn has(&self, key: &str) -> bool {
                match key {
                    $($key => self.$field.is_some(),)*
                    $($skey => self.$special.is_some(),)*
                    _ => self.rest.contains_key(key),
                }
            }

            /// Gives the element attribute `key` (as [`Self::from_attrs`]
            /// would take it from a map), unless it has it already: then
            /// the value is given back.
            pub fn set(&mut self, key: &str, value: Value) -> Result<(), Value> {
                match key {
                    $($key => fill(&mut self.$field, value),)*
                    $($skey => fill(&mut self.$special, <$ty>::from(value)).map_err(|_| Value::Null),)*
                    _ => match self.rest.entry(key) {
                        serde_json::map::Entry::Vacant(v) => {
                            v.insert(value);
                            Ok(())
                        }
                        serde_json::map::Entry::Occupied(_) => Err(value),
                    },
                }
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<$name, D::Error> {
                struct V;
                impl<'de> Visitor<'de> for V {
                    type Value = $name;
                    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                        f.write_str("an object")
                    }
                    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<$name, A::Error> {
                        let mut out = $name::default();
                        while let Some(Key(key)) = map.next_key::<Key<'de>>()? {
                            match &*key {
                                $($key => out.$field = Some(map.next_value()?),)*
                                $($skey => out.$special = Some(map.next_value()?),)*
                                _ => {
                                    let v: Value = map.next_value()?;
                                    out.rest.insert(key.into_owned(), v);
                                }
                            }
                        }
                        Ok(out)
                    }
                }
                d.deserialize_map(V)
            }
        }
    };
}

/// Puts `value` into an empty slot; gives it back when the slot is full.
fn fill<T>(slot: &mut Option<T>, value: T) -> Result<(), T> {
    match slot {
        Some(_) => Err(value),
        None => {
            *slot = Some(value);
            Ok(())
        }
    }
}

/// An object key, borrowed from the text where it has no escapes.
pub(crate) struct Key<'de>(pub(crate) Cow<'de, str>);

impl<'de> Deserialize<'de> for Key<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Key<'de>, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Key<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string")
            }
            fn visit_borrowed_str<E: de::Error>(self, s: &'de str) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Borrowed(s)))
            }
            fn visit_str<E: de::Error>(self, s: &str) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Owned(s.to_string())))
            }
            fn visit_string<E: de::Error>(self, s: String) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Owned(s)))
            }
        }
        d.deserialize_str(V)
    }
}

/// An edge's `evidence`: read straight into [`Evidence`] when it is a list
/// (briefgraph's JSON), kept as a value otherwise (JSON text from GraphML,
/// or something invalid to report).
#[derive(Clone, Debug, PartialEq)]
pub enum EvidenceField {
    List(Vec<Evidence>),
    Other(Value),
}

impl From<Value> for EvidenceField {
    fn from(v: Value) -> EvidenceField {
        EvidenceField::Other(v)
    }
}

impl<'de> Deserialize<'de> for EvidenceField {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<EvidenceField, D::Error> {
        // Buffering would cost what the typed read saves: a list is read
        // as evidence, anything else as a value.
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = EvidenceField;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a list of evidence objects")
            }
            fn visit_seq<A: de::SeqAccess<'de>>(
                self,
                mut seq: A,
            ) -> Result<EvidenceField, A::Error> {
                let mut list = Vec::with_capacity(seq.size_hint().unwrap_or(1));
                while let Some(e) = seq.next_element::<Evidence>()? {
                    list.push(e);
                }
                Ok(EvidenceField::List(list))
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<EvidenceField, A::Error> {
                Value::deserialize(de::value::MapAccessDeserializer::new(map))
                    .map(EvidenceField::Other)
            }
            fn visit_str<E: de::Error>(self, s: &str) -> Result<EvidenceField, E> {
                Ok(EvidenceField::Other(Value::String(s.to_string())))
            }
            fn visit_bool<E: de::Error>(self, b: bool) -> Result<EvidenceField, E> {
                Ok(EvidenceField::Other(Value::Bool(b)))
            }
            fn visit_i64<E: de::Error>(self, n: i64) -> Result<EvidenceField, E> {
                Ok(EvidenceField::Other(Value::from(n)))
            }
            fn visit_u64<E: de::Error>(self, n: u64) -> Result<EvidenceField, E> {
                Ok(EvidenceField::Other(Value::from(n)))
            }
            fn visit_f64<E: de::Error>(self, n: f64) -> Result<EvidenceField, E> {
                Ok(EvidenceField::Other(Value::from(n)))
            }
            fn visit_unit<E: de::Error>(self) -> Result<EvidenceField, E> {
                Ok(EvidenceField::Other(Value::Null))
            }
            fn visit_none<E: de::Error>(self) -> Result<EvidenceField, E> {
                Ok(EvidenceField::Other(Value::Null))
            }
        }
        d.deserialize_any(V)
    }
}

element_attrs! {
    /// A node's attributes.
    NodeAttrs {
        id => "id",
        label => "label",
        kind => "kind",
        aliases => "aliases",
        wikidata => "wikidata",
        candidate => "candidate",
    }
}

element_attrs! {
    /// An edge's attributes.
    EdgeAttrs {
        id => "id",
        source => "source",
        target => "target",
        predicate => "predicate",
        class => "class",
        polarity => "polarity",
        origin => "origin",
        context => "context",
        date => "date",
        note => "note",
        confidence => "confidence",
        key => "key",
        stance => "stance",
        weight => "weight",
        support => "support",
        sources => "sources",
    }
    evidence: EvidenceField => "evidence",
}

/// An actor from a node's attributes. `label` defaults to `name` (igraph's
/// vertex names), then to the id; `kind` defaults to `unknown`.
pub fn actor(n: NodeAttrs) -> Result<Actor, String> {
    let id =
        n.id.as_ref()
            .and_then(id_string)
            .ok_or("a node needs an `id` (string or number)")?;
    let mut actor = Actor::new(&id, &id, "unknown");
    match string(n.label, "label")? {
        Some(v) => actor.label = v,
        // `name` stays an attribute of its own, so it is written back out.
        None => {
            if let Some(Value::String(name)) = n.rest.get("name") {
                actor.label = name.clone();
            }
        }
    }
    if let Some(v) = string(n.kind, "kind")? {
        actor.kind = v;
    }
    if let Some(v) = n.aliases {
        actor.aliases = match v {
            Value::Array(_) => serde_json::from_value(v).map_err(|e| format!("`aliases`: {e}"))?,
            // GraphML from other tools may carry the list as a JSON string.
            Value::String(s) => serde_json::from_str(&s).unwrap_or_else(|_| vec![s]),
            _ => return Err("`aliases` must be a list of strings".into()),
        };
    }
    actor.wikidata = string(n.wikidata, "wikidata")?;
    if let Some(v) = n.candidate {
        actor.candidate = v.as_bool().ok_or("`candidate` must be true or false")?;
    }
    actor.extra = n.rest.into_iter().collect();
    Ok(actor)
}

/// A relation from an edge's attributes, the id its file gave it, and
/// whether its evidence had to be made up from the file (`file_source`).
/// Ids are recomputed from the relation's key; a file id that differs is
/// kept as `original_id`.
pub fn relation(
    e: EdgeAttrs,
    vocab: &Vocabulary,
    file_source: &str,
) -> Result<ConvertedRelation, String> {
    let mut m = e.rest;
    let source = e
        .source
        .and_then(into_id_string)
        .ok_or("an edge needs a `source` node id")?;
    let target = e
        .target
        .and_then(into_id_string)
        .ok_or("an edge needs a `target` node id")?;
    let class = match e.class {
        // The usual spelling is found without the upper-case copy `parse` makes.
        Some(Value::String(c)) => match RelationClass::ALL.iter().find(|k| k.as_str() == c) {
            Some(&k) => Some(k),
            None => Some(c.parse::<RelationClass>()?),
        },
        other => string(other, "class")?
            .map(|c| c.parse::<RelationClass>())
            .transpose()?,
    };
    let predicate = string(e.predicate, "predicate")?;
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
    let polarity = match string(e.polarity, "polarity")? {
        Some(p) => p.parse::<Polarity>()?,
        None => Polarity::Asserted,
    };
    let origin = match string(e.origin, "origin")?.as_deref() {
        None | Some("curated") => Origin::Curated,
        Some("extracted") => Origin::Extracted,
        Some(o) => {
            return Err(format!(
                "unknown origin `{o}` (expected curated or extracted)"
            ))
        }
    };
    let context = string(e.context, "context")?;
    let date = string(e.date, "date")?;
    let note = string(e.note, "note")?;
    let confidence = match e.confidence {
        None | Some(Value::Null) => None,
        Some(v) => Some(v.as_f64().ok_or("`confidence` must be a number")?),
    };
    let invalid = |e: serde_json::Error| format!("invalid `evidence`: {e}");
    let (evidence, synthesised) = match e.evidence {
        Some(EvidenceField::List(list)) if !list.is_empty() => (list, false),
        Some(EvidenceField::Other(Value::Array(list))) if !list.is_empty() => (
            serde_json::from_value::<Vec<Evidence>>(Value::Array(list)).map_err(invalid)?,
            false,
        ),
        Some(EvidenceField::Other(Value::String(s))) if s.starts_with('[') => (
            serde_json::from_str::<Vec<Evidence>>(&s).map_err(invalid)?,
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
    let id = e.id;
    // Derived attributes go when they say what export would say anyway.
    if let Some(v) = e.key {
        if id.is_some() && id.as_ref() != Some(&v) {
            m.insert("key".into(), v);
        }
    }
    if let Some(v) = e.stance {
        if v.as_str() != Some(class.stance().as_str()) {
            m.insert("stance".into(), v);
        }
    }
    if let Some(v) = e.weight {
        if !(v.is_f64() && v.as_f64() == Some(class.score())) {
            m.insert("weight".into(), v);
        }
    }
    if let Some(v) = e.support {
        if v.as_u64() != Some(relation.support() as u64) {
            m.insert("support".into(), v);
        }
    }
    if let Some(v) = e.sources {
        if !is_list_of(&v, &relation.sources()) {
            m.insert("sources".into(), v);
        }
    }
    relation.extra = m.into_iter().collect();
    let raw_id = match id {
        // A string id is moved, not copied (and copied back in the rare
        // case it is kept as `original_id`).
        Some(Value::String(file_id)) => {
            // The id the graph gives it (see `Relation::set_edge_id`).
            if relation.adopt_edge_id(&file_id) {
                RawId::Derived
            } else {
                let value = Value::String(file_id.clone());
                relation.extra.insert("original_id".into(), value);
                RawId::File(file_id)
            }
        }
        id => {
            let raw_id = id.as_ref().and_then(id_string);
            if let Some(file_id) = &raw_id {
                if *file_id != relation.edge_id() {
                    relation
                        .extra
                        .insert("original_id".into(), id.expect("raw_id comes from id"));
                }
            }
            raw_id.map_or(RawId::None, RawId::File)
        }
    };
    Ok((relation, raw_id, synthesised))
}

fn string(v: Option<Value>, key: &str) -> Result<Option<String>, String> {
    match v {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s)),
        Some(Value::Number(n)) => Ok(Some(n.to_string())),
        Some(other) => Err(format!("`{key}` must be a string, not {other}")),
    }
}

/// Whether `v` is a JSON array of exactly the strings `derived`, in order
/// (an edge's `sources` that say what export would say anyway).
pub(crate) fn is_list_of(v: &Value, derived: &[&str]) -> bool {
    v.as_array().is_some_and(|list| {
        list.len() == derived.len() && list.iter().zip(derived).all(|(a, b)| a.as_str() == Some(b))
    })
}

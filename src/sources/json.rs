//! Import of node-link JSON: briefgraph's own shape and plain NetworkX
//! output (`edges` or `links`). Unknown attributes are kept in `extra`; the
//! attribute maps become actors and relations in [`super::attrs`], which the
//! GraphML importer shares.

use super::attrs::{self, Converted, Located, RawGraph};
use crate::error::{Diagnostic, Error, Result};
use crate::graph::BriefGraph;
use crate::vocabulary::Vocabulary;
use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, Visitor};
use serde::Deserialize;
use serde_json::value::RawValue;
use std::fmt;
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

/// Parses a node-link JSON document. `path` names the file in messages and,
/// for graphs that carry no sources, becomes the source of their edges.
///
/// As [`parts`], with the graph built as the file is read when it comes in
/// briefgraph's order (see [`attrs::Converted::straight_to_graph`]): the
/// relations are not held in a list, then copied into the graph.
pub fn parse(path: &Path, text: &str, vocab: &Vocabulary) -> Result<BriefGraph> {
    if let Some(converted) = one_pass(path, text, vocab, true) {
        if let Ok(graph) = attrs::check_graph(path, text, converted) {
            return Ok(graph);
        }
    }
    Ok(attrs::assemble(attrs::parts(
        path,
        text,
        read(path, text)?,
        vocab,
    )?))
}

/// [`parse`] short of assembling the graph (see [`attrs::parts`]).
///
/// A valid document is read in one pass, each node and edge turned into
/// an actor or a relation as soon as it is read; only when something is
/// wrong is it read again, element by element, to say where.
pub fn parts(path: &Path, text: &str, vocab: &Vocabulary) -> Result<attrs::Parts> {
    if let Some(converted) = one_pass(path, text, vocab, false) {
        if let Ok(parts) = attrs::check(path, text, converted) {
            return Ok(parts);
        }
    }
    attrs::parts(path, text, read(path, text)?, vocab)
}

/// The one-pass reading of a valid document (see [`DocSeed`]), into a
/// graph built as it goes when `straight`; `None` when the document needs
/// the reading that says where its problems are.
fn one_pass(path: &Path, text: &str, vocab: &Vocabulary, straight: bool) -> Option<Converted> {
    let stem = attrs::file_stem(path);
    // `{"source":"a","target":"b","class":"X"}`: 40 bytes.
    let edges = attrs::estimate_edges(text, "\"target\"", 40);
    // Fuzzing checks the hand-written reading against serde's.
    #[cfg(fuzzing)]
    if let Some(fast) = super::json_fast::read(text, vocab, &stem, edges, false) {
        let slow = serde_one_pass(text, vocab, &stem, edges, false);
        assert_eq!(
            Some(format!("{fast:?}")),
            slow.map(|s| format!("{s:?}")),
            "the hand-written reading differs from serde's"
        );
    }
    // briefgraph's own shape, read by hand; anything else by serde.
    super::json_fast::read(text, vocab, &stem, edges, straight)
        .or_else(|| serde_one_pass(text, vocab, &stem, edges, straight))
}

/// [`one_pass`] by serde: what the hand-written reader
/// ([`super::json_fast`]) gives whenever it gives anything.
pub(super) fn serde_one_pass(
    text: &str,
    vocab: &Vocabulary,
    stem: &str,
    edges: usize,
    straight: bool,
) -> Option<Converted> {
    let seed = DocSeed {
        vocab,
        stem,
        edges,
        straight,
    };
    let mut de = serde_json::Deserializer::from_str(text);
    match seed.deserialize(&mut de) {
        Ok(Some(converted)) if de.end().is_ok() => Some(converted),
        _ => None,
    }
}

fn nowhere<T>(value: T) -> Located<T> {
    Located {
        value,
        start: 0,
        end: 0,
    }
}

/// Reads a whole document in one pass, converting as it goes; gives `None`
/// for a document [`read`] would refuse (undirected, or with both `edges`
/// and `links`), and leaves the positions of everything at 0.
struct DocSeed<'a> {
    vocab: &'a Vocabulary,
    stem: &'a str,
    /// About how many edges the document has (see [`attrs::estimate_edges`]).
    edges: usize,
    /// Into a graph built as it goes (see [`attrs::Converted::straight_to_graph`]).
    straight: bool,
}

impl<'de> DeserializeSeed<'de> for DocSeed<'_> {
    type Value = Option<Converted>;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for DocSeed<'_> {
    type Value = Option<Converted>;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a node-link document")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut out = if self.straight {
            Converted::straight_to_graph(self.edges)
        } else {
            Converted::with_edge_capacity(self.edges)
        };
        let (mut nodes, mut edges, mut valid) = (false, false, true);
        while let Some(key) = map.next_key::<String>()? {
            match key.as_str() {
                "directed" => valid &= map.next_value::<Option<bool>>()? != Some(false),
                "graph" => out.graph = map.next_value::<Option<attrs::Attrs>>()?.map(nowhere),
                "nodes" => {
                    nodes = true;
                    let read = map.next_value_seed(elements(super::json_edge::JsonNode::actor))?;
                    // A second list replaces the first (and its nodes
                    // already in a graph built as read).
                    out.set_nodes(read);
                }
                "edges" | "links" => {
                    valid &= !edges;
                    edges = true;
                    map.next_value_seed(EdgesInto {
                        out: &mut out,
                        vocab: self.vocab,
                        stem: self.stem,
                    })?;
                }
                _ => {
                    map.next_value::<de::IgnoredAny>()?;
                }
            }
        }
        Ok((valid && nodes).then_some(out))
    }
}

/// A list of edges, each converted into a relation as it is read.
struct EdgesInto<'b> {
    out: &'b mut Converted,
    vocab: &'b Vocabulary,
    stem: &'b str,
}

impl<'de> DeserializeSeed<'de> for EdgesInto<'_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for EdgesInto<'_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a list")
    }
    fn visit_seq<A: de::SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        while let Some(edge) = seq.next_element::<super::json_edge::JsonEdge>()? {
            let relation = edge.relation(self.vocab, self.stem);
            self.out.push_edge(0, 0, relation);
        }
        Ok(())
    }
}

/// A list of elements, each converted by the function as it is read.
struct Elements<T, U, F>(F, std::marker::PhantomData<fn(T) -> U>);

fn elements<T, U, F: Fn(T) -> U>(f: F) -> Elements<T, U, F> {
    Elements(f, std::marker::PhantomData)
}

impl<'de, T, U, F> DeserializeSeed<'de> for Elements<T, U, F>
where
    T: Deserialize<'de>,
    F: Fn(T) -> U,
{
    type Value = Vec<Located<U>>;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de, T, U, F> Visitor<'de> for Elements<T, U, F>
where
    T: Deserialize<'de>,
    F: Fn(T) -> U,
{
    type Value = Vec<Located<U>>;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a list")
    }
    fn visit_seq<A: de::SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let mut out = Vec::new();
        while let Some(element) = seq.next_element::<T>()? {
            out.push(nowhere((self.0)(element)));
        }
        Ok(out)
    }
}

/// Reads a node-link JSON document into attribute maps.
pub fn read(path: &Path, text: &str) -> Result<RawGraph> {
    let doc: Doc = serde_json::from_str(text).map_err(|e| {
        let offset = offset_of_line_col(text, e.line(), e.column());
        let hint = crate::limits::json_depth_hint(&e.to_string()).unwrap_or_else(|| {
            "expected a node-link document: {\"directed\": true, \"nodes\": [...], \"edges\": [...]}"
                .into()
        });
        Diagnostic::new(path, format!("invalid graph JSON: {e}"))
            .at(text, offset, offset + 1)
            .hint(hint)
    })?;
    let start_of = |raw: &RawValue| raw.get().as_ptr() as usize - text.as_ptr() as usize;
    if doc.directed == Some(false) {
        return Err(Diagnostic::new(path, "the graph is undirected")
            .hint("briefgraph graphs are directed: relations go from subject to object")
            .into());
    }
    let (edges, edges_name) = match (doc.edges, doc.links) {
        (Some(e), None) => (e, "edges"),
        (None, Some(e)) => (e, "links"),
        (None, None) => (Vec::new(), "edges"),
        (Some(_), Some(_)) => {
            return Err(
                Diagnostic::new(path, "the document has both `edges` and `links`")
                    .hint("keep one of them")
                    .into(),
            )
        }
    };
    let mut errors = Vec::new();
    let mut report = |raw: &RawValue, at: String, e: ElementError| {
        if crate::error::keeps_more(errors.len()) {
            let start = start_of(raw) + e.offset;
            let mut d = Diagnostic::new(path, e.message(&at)).at(text, start, start + 1);
            if let Some(expected) = e.expected {
                d = d.expected(expected);
            }
            if let Some(hint) = e.hint {
                d = d.hint(hint);
            }
            crate::error::push_capped(&mut errors, d);
        } else {
            crate::error::push_capped(&mut errors, Diagnostic::new(path, ""));
        }
    };
    let graph = doc.graph.and_then(|raw| {
        element(raw, start_of(raw))
            .map_err(|e| report(raw, "graph".into(), e))
            .ok()
    });
    let mut nodes = Vec::with_capacity(doc.nodes.len());
    for (i, raw) in doc.nodes.iter().enumerate() {
        match element(raw, start_of(raw)) {
            Ok(n) => nodes.push(n),
            Err(e) => report(raw, format!("nodes[{i}]"), e),
        }
    }
    let mut parsed_edges = Vec::with_capacity(edges.len());
    for (i, raw) in edges.iter().enumerate() {
        match element(raw, start_of(raw)) {
            Ok(e) => parsed_edges.push(e),
            Err(e) => report(raw, format!("{edges_name}[{i}]"), e),
        }
    }
    if !errors.is_empty() {
        return Err(Error::Invalid(errors));
    }
    Ok(RawGraph {
        graph,
        nodes,
        edges: parsed_edges,
        edge_ids_per_pair: false,
        element_paths: Some(edges_name),
    })
}

/// Why an element of the document could not be read: where in it (the
/// path to the field and the byte offset from the element's start) and what
/// was wrong.
struct ElementError {
    path: String,
    offset: usize,
    problem: String,
    expected: Option<String>,
    hint: Option<String>,
}

impl ElementError {
    /// The message, with the path from the document's root (`at` names the element).
    fn message(&self, at: &str) -> String {
        let path = if self.path.is_empty() {
            at.to_string()
        } else {
            format!("{at}.{}", self.path)
        };
        format!("{path}: {}", self.problem)
    }
}

/// One element of the document, read in one pass, with its byte range;
/// an error names the path to the field inside it.
fn element<'a, T: serde::Deserialize<'a>>(
    raw: &'a RawValue,
    start: usize,
) -> Result<Located<T>, ElementError> {
    let mut de = serde_json::Deserializer::from_str(raw.get());
    match serde_path_to_error::deserialize(&mut de) {
        Ok(value) => Ok(Located {
            value,
            start,
            end: start + raw.get().len(),
        }),
        Err(e) => {
            let path = match e.path().to_string() {
                p if p == "." => String::new(),
                p => p,
            };
            let inner = e.into_inner();
            let offset = offset_of_line_col(raw.get(), inner.line(), inner.column());
            let full = inner.to_string();
            let hint = crate::limits::json_depth_hint(&full);
            let message = full
                .rsplit_once(" at line ")
                .map_or(full.as_str(), |(m, _)| m)
                .to_string();
            // `invalid type: integer `0`, expected a string` reads better
            // the other way round, and the expectation goes under the caret.
            let (problem, expected) = match message
                .strip_prefix("invalid type: ")
                .or_else(|| message.strip_prefix("invalid value: "))
                .and_then(|m| m.split_once(", expected "))
            {
                Some((found, expected)) => (
                    format!("expected {expected}, found {found}"),
                    Some(expected.to_string()),
                ),
                None => (message.clone(), None),
            };
            Err(ElementError {
                path,
                offset,
                problem,
                expected,
                hint,
            })
        }
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

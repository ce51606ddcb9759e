//! Import of node-link JSON: briefgraph's own shape and plain NetworkX
//! output (`edges` or `links`). Unknown attributes are kept in `extra`; the
//! attribute maps become actors and relations in [`super::attrs`], which the
//! GraphML importer shares.

use super::attrs::{self, Converted, EdgeAttrs, Located, RawGraph};
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
pub fn parse(path: &Path, text: &str, vocab: &Vocabulary) -> Result<BriefGraph> {
    Ok(attrs::assemble(parts(path, text, vocab)?))
}

/// [`parse`] short of assembling the graph (see [`attrs::parts`]).
///
/// A valid document is read in one pass, each node and edge turned into
/// an actor or a relation as soon as it is read; only when something is
/// wrong is it read again, element by element, to say where.
pub fn parts(path: &Path, text: &str, vocab: &Vocabulary) -> Result<attrs::Parts> {
    let stem = attrs::file_stem(path);
    let seed = DocSeed { vocab, stem: &stem };
    let mut de = serde_json::Deserializer::from_str(text);
    if let Ok(Some(converted)) = seed.deserialize(&mut de) {
        if de.end().is_ok() {
            if let Ok(parts) = attrs::check(path, text, converted) {
                return Ok(parts);
            }
        }
    }
    attrs::parts(path, text, read(path, text)?, vocab)
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
        let mut out = Converted::default();
        let (mut nodes, mut edges, mut valid) = (false, false, true);
        while let Some(key) = map.next_key::<String>()? {
            match key.as_str() {
                "directed" => valid &= map.next_value::<Option<bool>>()? != Some(false),
                "graph" => out.graph = map.next_value::<Option<attrs::Attrs>>()?.map(nowhere),
                "nodes" => {
                    nodes = true;
                    out.nodes = map.next_value_seed(elements(attrs::actor))?;
                }
                "edges" | "links" => {
                    valid &= !edges;
                    edges = true;
                    out.edges = map.next_value_seed(elements(|e: EdgeAttrs| {
                        attrs::relation(e, self.vocab, self.stem)
                    }))?;
                }
                _ => {
                    map.next_value::<de::IgnoredAny>()?;
                }
            }
        }
        Ok((valid && nodes).then_some(out))
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
        Diagnostic::new(path, format!("invalid graph JSON: {e}"))
            .at(text, offset, offset + 1)
            .hint("expected a node-link document: {\"directed\": true, \"nodes\": [...], \"edges\": [...]}")
    })?;
    let start_of = |raw: &RawValue| raw.get().as_ptr() as usize - text.as_ptr() as usize;
    let err = |raw: &RawValue, msg: String| {
        let at = start_of(raw);
        Diagnostic::new(path, msg).at(text, at, at + raw.get().len().min(40))
    };
    if doc.directed == Some(false) {
        return Err(Diagnostic::new(path, "the graph is undirected")
            .hint("briefgraph graphs are directed: relations go from subject to object")
            .into());
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
    let mut object = |raw: &RawValue, what: &str| {
        element(raw, start_of(raw))
            .map_err(|e| errors.push(err(raw, format!("{what} must be an object: {e}"))))
            .ok()
    };
    let graph = doc.graph.and_then(|raw| object(raw, "`graph`"));
    let mut nodes = Vec::with_capacity(doc.nodes.len());
    for raw in &doc.nodes {
        match element(raw, start_of(raw)) {
            Ok(n) => nodes.push(n),
            Err(e) => errors.push(err(raw, format!("a node must be an object: {e}"))),
        }
    }
    let mut parsed_edges = Vec::with_capacity(edges.len());
    for raw in &edges {
        match element(raw, start_of(raw)) {
            Ok(e) => parsed_edges.push(e),
            Err(e) => errors.push(err(raw, format!("an edge must be an object: {e}"))),
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
    })
}

/// One element of the document, read in one pass, with its byte range.
fn element<'a, T: serde::Deserialize<'a>>(
    raw: &'a RawValue,
    start: usize,
) -> serde_json::Result<Located<T>> {
    Ok(Located {
        value: serde_json::from_str(raw.get())?,
        start,
        end: start + raw.get().len(),
    })
}

fn offset_of_line_col(text: &str, line: usize, column: usize) -> usize {
    let line_start: usize = text
        .split_inclusive('\n')
        .take(line.saturating_sub(1))
        .map(str::len)
        .sum();
    (line_start + column.saturating_sub(1)).min(text.len())
}

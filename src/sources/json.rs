//! Import of node-link JSON: briefgraph's own shape and plain NetworkX
//! output (`edges` or `links`). Unknown attributes are kept in `extra`; the
//! attribute maps become actors and relations in [`super::attrs`], which the
//! GraphML importer shares.

use super::attrs::{self, Attrs, Located, RawGraph};
use crate::error::{Diagnostic, Error, Result};
use crate::graph::BriefGraph;
use crate::vocabulary::Vocabulary;
use serde::Deserialize;
use serde_json::value::RawValue;
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
    let mut object = |raw: &RawValue, what: &str| -> Option<Located<Attrs>> {
        match serde_json::from_str::<Attrs>(raw.get()) {
            Ok(value) => Some(Located {
                value,
                start: start_of(raw),
                end: start_of(raw) + raw.get().len(),
            }),
            Err(e) => {
                errors.push(err(raw, format!("{what} must be an object: {e}")));
                None
            }
        }
    };
    let graph = doc.graph.and_then(|raw| object(raw, "`graph`"));
    let nodes: Vec<_> = doc
        .nodes
        .iter()
        .filter_map(|r| object(r, "a node"))
        .collect();
    let edges: Vec<_> = edges.iter().filter_map(|r| object(r, "an edge")).collect();
    if !errors.is_empty() {
        return Err(Error::Invalid(errors));
    }
    let raw = RawGraph {
        graph,
        nodes,
        edges,
        edge_ids_per_pair: false,
    };
    attrs::build(path, text, raw, vocab)
}

fn offset_of_line_col(text: &str, line: usize, column: usize) -> usize {
    let line_start: usize = text
        .split_inclusive('\n')
        .take(line.saturating_sub(1))
        .map(str::len)
        .sum();
    (line_start + column.saturating_sub(1)).min(text.len())
}

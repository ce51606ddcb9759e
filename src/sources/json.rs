//! Import of node-link JSON: briefgraph's own shape and plain NetworkX
//! output (`edges` or `links`). Unknown attributes are kept in `extra`; the
//! attribute maps become actors and relations in [`super::attrs`], which the
//! GraphML importer shares.

use super::attrs::{self, EdgeAttrs, Located, NodeAttrs, RawGraph};
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
    Ok(attrs::assemble(parts(path, text, vocab)?))
}

/// [`parse`] short of assembling the graph (see [`attrs::parts`]).
///
/// A valid document is read in one pass; only when something is wrong is
/// it read again, element by element, to say where.
pub fn parts(path: &Path, text: &str, vocab: &Vocabulary) -> Result<attrs::Parts> {
    if let Some(raw) = read_unpositioned(text) {
        if let Ok(parts) = attrs::parts(path, text, raw, vocab) {
            return Ok(parts);
        }
    }
    attrs::parts(path, text, read(path, text)?, vocab)
}

/// The whole document in one pass, for files without problems.
#[derive(Deserialize)]
struct WholeDoc {
    #[serde(default)]
    directed: Option<bool>,
    #[serde(default)]
    graph: Option<attrs::Attrs>,
    nodes: Vec<NodeAttrs>,
    #[serde(default)]
    edges: Option<Vec<EdgeAttrs>>,
    #[serde(default)]
    links: Option<Vec<EdgeAttrs>>,
}

/// Reads a document in one pass, without the elements' positions; `None`
/// when it is not valid, for [`read`] to say why and where.
fn read_unpositioned(text: &str) -> Option<RawGraph> {
    fn nowhere<T>(value: T) -> Located<T> {
        Located {
            value,
            start: 0,
            end: 0,
        }
    }
    let doc: WholeDoc = serde_json::from_str(text).ok()?;
    let edges = match (doc.directed, doc.edges, doc.links) {
        (Some(false), ..) | (_, Some(_), Some(_)) => return None,
        (_, Some(e), None) | (_, None, Some(e)) => e,
        (_, None, None) => Vec::new(),
    };
    Some(RawGraph {
        graph: doc.graph.map(nowhere),
        nodes: doc.nodes.into_iter().map(nowhere).collect(),
        edges: edges.into_iter().map(nowhere).collect(),
        edge_ids_per_pair: false,
    })
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

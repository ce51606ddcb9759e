//! Sources: everything that turns input files into actors and relations.
//!
//! - [`curated`]: the hand-written triples format;
//! - [`json`]: node-link JSON graphs (ours and NetworkX's);
//! - [`graphml`]: GraphML graphs (ours, NetworkX's, igraph's);
//! - [`attrs`]: the attribute maps both importers read, made into actors and relations.

pub mod attrs;
pub mod curated;
pub mod graphml;
pub mod json;

use crate::error::{read_text, Error, Result};
use crate::format::Format;
use crate::graph::BriefGraph;
use crate::vocabulary::Vocabulary;
use std::path::Path;

/// Reads a graph file in any readable format, chosen by `format` or by the
/// file's extension.
pub fn read_graph(path: &Path, format: Option<&str>, vocab: &Vocabulary) -> Result<BriefGraph> {
    let format = Format::choose(format, path)?;
    let text = read_text(path)?;
    match format {
        Format::Json => json::parse(path, &text, vocab),
        Format::Graphml => graphml::parse(path, &text, vocab),
        other => Err(Error::usage_hint(
            format!("{}: briefgraph cannot read {other} files", path.display()),
            "read JSON or GraphML; convert other formats with their own tools",
        )),
    }
}

//! Sinks: one small module per export format, each `write(&BriefGraph) -> Vec<u8>`.
//!
//! Every sink is deterministic: the same graph gives the same bytes.

pub mod dot;
pub mod graphml;
pub mod json;

use crate::format::Format;
use crate::graph::BriefGraph;

/// The graph in `format`, as the bytes of a file.
pub fn write(graph: &BriefGraph, format: Format) -> Vec<u8> {
    match format {
        Format::Json => json::write(graph),
        Format::Graphml => graphml::write(graph),
        Format::Dot => dot::write(graph),
    }
}

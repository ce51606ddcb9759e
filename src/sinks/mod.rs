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

/// [`write`] into a writer: JSON is streamed element by element, other
/// formats are rendered and then written.
pub fn write_to(
    graph: &BriefGraph,
    format: Format,
    w: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    match format {
        Format::Json => json::write_to(graph, std::io::BufWriter::with_capacity(1 << 16, w)),
        other => w.write_all(&write(graph, other)),
    }
}

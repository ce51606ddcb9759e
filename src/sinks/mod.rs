//! Sinks: one small module per export format, each `write(&BriefGraph) -> Vec<u8>`.
//!
//! Every sink is deterministic: the same graph gives the same bytes.
//! [`write_with`] is the one entry point that knows them all; it fails only
//! where a format has limits (Mermaid's) or needs a program (Graphviz draws
//! the render formats, see [`render`]).

pub mod dot;
pub mod gexf;
pub mod graphdb;
pub mod graphml;
pub mod html;
pub mod json;
pub mod mermaid;
pub mod rdf;
pub mod render;
pub mod yed;

use crate::error::Result;
use crate::format::Format;
use crate::graph::BriefGraph;

/// Choices some sinks offer; the default writes each format plainly.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Options {
    /// GraphML: plain (the default) or with yEd's graphics.
    pub graphml_flavour: graphml::Flavour,
    /// DOT: the faithful export (the default) or the rendered picture's source.
    pub dot_style: dot::Style,
}

/// The graph in `format`, as the bytes of a file.
pub fn write(graph: &BriefGraph, format: Format) -> Result<Vec<u8>> {
    write_with(graph, format, &Options::default())
}

/// The graph in `format` with `options`, as the bytes of a file.
pub fn write_with(graph: &BriefGraph, format: Format, options: &Options) -> Result<Vec<u8>> {
    Ok(match format {
        Format::Json => json::write(graph),
        Format::Graphml => graphml::write_flavour(graph, options.graphml_flavour),
        Format::Dot => dot::write_styled(graph, &options.dot_style),
        Format::Mermaid => mermaid::write(graph)?,
        Format::Markdown => mermaid::write_markdown(graph),
        Format::Gexf => gexf::write(graph),
        Format::Html => html::write(graph),
        Format::Svg | Format::Png | Format::Pdf => {
            render::render(graph, format, &dot::Style::picture())?
        }
        Format::Turtle => rdf::write(graph, rdf::Syntax::Turtle),
        Format::NTriples => rdf::write(graph, rdf::Syntax::NTriples),
        Format::NQuads => rdf::write(graph, rdf::Syntax::NQuads),
        Format::Neo4jCsv | Format::KuzuCsv => {
            return Err(crate::error::Error::usage_hint(
                format!("{format} writes a directory of files, not one file"),
                format!("write it with `briefgraph convert GRAPH --format {format} -o DIR`"),
            ))
        }
    })
}

/// The files of a directory format (`neo4j-csv`, `kuzu-csv`): names and
/// bytes, every one rendered before anything is written.
pub fn write_bundle(graph: &BriefGraph, format: Format) -> Result<Vec<(String, Vec<u8>)>> {
    match format {
        Format::Neo4jCsv => Ok(graphdb::neo4j_bundle(graph)),
        Format::KuzuCsv => Ok(graphdb::kuzu_bundle(graph)),
        other => Ok(vec![(
            format!("graph.{}", other.extensions().first().unwrap_or(&"out")),
            write(graph, other)?,
        )]),
    }
}

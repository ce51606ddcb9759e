//! The one list of graph formats: names, file extensions, what reads and writes them.

use crate::error::{Error, Result};
use std::fmt;
use std::path::Path;

/// A graph file format briefgraph reads or writes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Format {
    /// briefgraph's JSON, a NetworkX node-link document.
    Json,
    /// GraphML 1.0 with typed, prefixed keys.
    Graphml,
    /// Graphviz DOT.
    Dot,
    /// A Mermaid flowchart (one diagram).
    Mermaid,
    /// Markdown holding the graph as one or more Mermaid diagrams.
    Markdown,
    /// GEXF 1.3, dynamic: edges carry their start dates.
    Gexf,
    /// One self-contained interactive HTML page.
    Html,
    /// A picture drawn by Graphviz (render formats).
    Svg,
    Png,
    Pdf,
    /// RDF 1.1 Turtle (see `sinks::rdf` for the vocabulary).
    Turtle,
    /// RDF 1.1 N-Triples.
    NTriples,
    /// RDF 1.1 N-Quads: one named graph per source.
    NQuads,
    /// A directory for `neo4j-admin database import` and `LOAD CSV`.
    Neo4jCsv,
    /// A directory for Kùzu / LadybugDB: DDL, `COPY FROM`, `load.py`.
    KuzuCsv,
}

impl Format {
    /// Every format, in the order `--help` lists them.
    pub const ALL: &'static [Format] = &[
        Format::Json,
        Format::Graphml,
        Format::Dot,
        Format::Mermaid,
        Format::Markdown,
        Format::Gexf,
        Format::Html,
        Format::Svg,
        Format::Png,
        Format::Pdf,
        Format::Turtle,
        Format::NTriples,
        Format::NQuads,
        Format::Neo4jCsv,
        Format::KuzuCsv,
    ];

    /// The name used by `--format`.
    pub fn name(self) -> &'static str {
        match self {
            Format::Json => "json",
            Format::Graphml => "graphml",
            Format::Dot => "dot",
            Format::Mermaid => "mermaid",
            Format::Markdown => "markdown",
            Format::Gexf => "gexf",
            Format::Html => "html",
            Format::Svg => "svg",
            Format::Png => "png",
            Format::Pdf => "pdf",
            Format::Turtle => "turtle",
            Format::NTriples => "ntriples",
            Format::NQuads => "nquads",
            Format::Neo4jCsv => "neo4j-csv",
            Format::KuzuCsv => "kuzu-csv",
        }
    }

    /// File extensions, the first being the one written.
    pub fn extensions(self) -> &'static [&'static str] {
        match self {
            Format::Json => &["json"],
            Format::Graphml => &["graphml", "xml"],
            Format::Dot => &["dot", "gv"],
            Format::Mermaid => &["mmd", "mermaid"],
            Format::Markdown => &["md", "markdown"],
            Format::Gexf => &["gexf"],
            Format::Html => &["html", "htm"],
            Format::Svg => &["svg"],
            Format::Png => &["png"],
            Format::Pdf => &["pdf"],
            Format::Turtle => &["ttl"],
            Format::NTriples => &["nt"],
            Format::NQuads => &["nq"],
            // Directories: chosen by --format only.
            Format::Neo4jCsv | Format::KuzuCsv => &[],
        }
    }

    /// Whether briefgraph can read graphs in this format.
    pub fn readable(self) -> bool {
        matches!(self, Format::Json | Format::Graphml)
    }

    /// Whether Graphviz draws this format (`briefgraph render`).
    pub fn is_render(self) -> bool {
        matches!(self, Format::Svg | Format::Png | Format::Pdf)
    }

    /// Formats for stores and databases rather than for reading or drawing
    /// (RDF, graph-database bundles): `convert` writes them, `build` does not.
    pub fn is_store(self) -> bool {
        matches!(
            self,
            Format::Turtle | Format::NTriples | Format::NQuads | Format::Neo4jCsv | Format::KuzuCsv
        )
    }

    /// Formats written as a directory of files (`sinks::write_bundle`).
    pub fn is_directory(self) -> bool {
        matches!(self, Format::Neo4jCsv | Format::KuzuCsv)
    }

    pub fn from_name(name: &str) -> Option<Format> {
        let name = name.to_ascii_lowercase();
        Format::ALL.iter().copied().find(|f| f.name() == name)
    }

    pub fn from_extension(ext: &str) -> Option<Format> {
        let ext = ext.to_ascii_lowercase();
        Format::ALL
            .iter()
            .copied()
            .find(|f| f.extensions().contains(&ext.as_str()))
    }

    /// The format `--format` names, or else the one `path`'s extension implies.
    pub fn choose(explicit: Option<&str>, path: &Path) -> Result<Format> {
        if let Some(name) = explicit {
            return Format::from_name(name).ok_or_else(|| {
                Error::usage_hint(format!("unknown format `{name}`"), Format::list_hint())
            });
        }
        let ext = path.extension().and_then(|e| e.to_str());
        match ext {
            Some(ext) => Format::from_extension(ext).ok_or_else(|| {
                Error::usage_hint(
                    format!("{}: unknown file extension `.{ext}`", path.display()),
                    Format::list_hint(),
                )
            }),
            None => Err(Error::usage_hint(
                format!(
                    "{}: cannot tell the format without a file extension",
                    path.display()
                ),
                format!("pass --format; {}", Format::list_hint()),
            )),
        }
    }

    fn list_hint() -> String {
        let list: Vec<String> = Format::ALL
            .iter()
            .map(|f| match f.extensions() {
                [] => format!("{} (a directory)", f.name()),
                exts => format!("{} (.{})", f.name(), exts.join(", .")),
            })
            .collect();
        format!("known formats: {}", list.join(", "))
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_extensions_are_unique_and_round_trip() {
        let mut seen = std::collections::HashSet::new();
        for &f in Format::ALL {
            assert_eq!(Format::from_name(f.name()), Some(f));
            for ext in f.extensions() {
                assert!(seen.insert(*ext), "extension {ext} used twice");
                assert_eq!(Format::from_extension(ext), Some(f));
            }
        }
        assert!(Format::choose(None, Path::new("x.unknown")).is_err());
        assert_eq!(
            Format::choose(Some("dot"), Path::new("x.json")).unwrap(),
            Format::Dot
        );
    }
}

//! The data directory (`graph-data/`) and the `build` job over it.
//!
//! Layout, every part optional:
//!
//! ```text
//! graph-data/
//!   project.toml        name = "…"   (the graph's title)
//!   registry/*.toml     actors; without it, the registry built into the binary
//!   vocabulary/*.toml   predicates; without it, the built-in vocabulary
//!   curated/*.triples   hand-curated triples
//! ```

use crate::error::{read_text, Diagnostic, Error, Result};
use crate::format::Format;
use crate::graph::merge::Merger;
use crate::graph::{BriefGraph, GraphBuilder};
use crate::registry::{files_with_extension, Registry};
use crate::sinks;
use crate::sources::curated::{self, Curated};
use crate::vocabulary::Vocabulary;
use serde::Deserialize;
use std::path::{Path, PathBuf};

/// The base name of the files `build` writes (`graph.json`, `graph.dot`…).
pub const EXPORT_STEM: &str = "graph";

/// What a data directory holds, resolved to files.
#[derive(Debug)]
pub struct DataDir {
    pub root: PathBuf,
    pub name: String,
    pub registry: Registry,
    pub vocabulary: Vocabulary,
    pub curated: Vec<PathBuf>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ProjectFile {
    name: String,
}

impl DataDir {
    /// Opens a data directory: reads its registry and vocabulary (or takes
    /// the built-in ones) and lists its curated files.
    pub fn open(root: &Path) -> Result<DataDir> {
        let meta = std::fs::metadata(root).map_err(|e| Error::io(root, e))?;
        if !meta.is_dir() {
            return Err(Error::usage_hint(
                format!("{}: not a directory", root.display()),
                "`build` takes a data directory such as graph-data/",
            ));
        }
        let project = root.join("project.toml");
        let name = if project.is_file() {
            let text = read_text(&project)?;
            let p: ProjectFile = toml::from_str(&text).map_err(|e| {
                let span = e.span().unwrap_or(0..0);
                Diagnostic::new(&project, format!("invalid project file: {}", e.message()))
                    .at(&text, span.start, span.end)
                    .hint("project.toml holds one line: name = \"…\"")
            })?;
            p.name
        } else {
            root.file_name()
                .map_or_else(|| "briefgraph".into(), |n| n.to_string_lossy().into_owned())
        };
        let registry = match root.join("registry") {
            dir if dir.is_dir() => Registry::load(&dir)?,
            _ => Registry::builtin(),
        };
        let vocabulary = match root.join("vocabulary") {
            dir if dir.is_dir() => Vocabulary::load(&dir)?,
            _ => Vocabulary::builtin(),
        };
        let curated = match root.join("curated") {
            dir if dir.is_dir() => files_with_extension(&dir, "triples")?,
            _ => Vec::new(),
        };
        Ok(DataDir {
            root: root.to_path_buf(),
            name,
            registry,
            vocabulary,
            curated,
        })
    }

    /// Parses every curated file, reporting the problems of all of them.
    pub fn read_curated(&self) -> Result<Vec<Curated>> {
        let mut out = Vec::new();
        let mut errors = Vec::new();
        for path in &self.curated {
            let text = read_text(path)?;
            match curated::parse(path, &text, &self.registry, &self.vocabulary) {
                Ok(mut c) => {
                    let rel = path.strip_prefix(&self.root).unwrap_or(path);
                    for s in &mut c.sources {
                        s.extra.entry("file".into()).or_insert_with(|| {
                            serde_json::Value::String(rel.to_string_lossy().replace('\\', "/"))
                        });
                    }
                    out.push(c);
                }
                Err(Error::Invalid(mut d)) => errors.append(&mut d),
                Err(e) => return Err(e),
            }
        }
        if errors.is_empty() {
            Ok(out)
        } else {
            Err(Error::Invalid(errors))
        }
    }

    /// Builds the graph of everything in the directory: each file is a
    /// graph of its own, and they are merged as `briefgraph merge` does.
    pub fn build(&self) -> Result<BriefGraph> {
        let mut merger = Merger::new(&self.registry);
        for (path, part) in self.curated.iter().zip(self.read_curated()?) {
            let label = path.strip_prefix(&self.root).unwrap_or(path);
            merger.add(&label.to_string_lossy(), assemble(&self.name, [part]));
        }
        Ok(merger.finish(Some(&self.name)).graph)
    }
}

/// Assembles parsed curated files into one graph.
pub fn assemble(name: &str, parts: impl IntoIterator<Item = Curated>) -> BriefGraph {
    let mut b = GraphBuilder::new(name);
    for part in parts {
        for s in part.sources {
            b.add_source(s);
        }
        for a in part.actors {
            b.add_actor(a);
        }
        for r in part.relations {
            b.add_relation(r);
        }
    }
    b.finish()
}

/// The files `build` writes for a graph, rendered in memory: name and bytes.
pub fn exports(graph: &BriefGraph) -> Vec<(String, Vec<u8>)> {
    Format::ALL
        .iter()
        .map(|&f| {
            (
                format!("{EXPORT_STEM}.{}", f.extensions()[0]),
                sinks::write(graph, f),
            )
        })
        .collect()
}

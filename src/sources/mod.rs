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
use crate::graph::{BriefGraph, GraphBuilder};
use crate::registry::Registry;
use crate::vocabulary::Vocabulary;
use rayon::prelude::*;
use std::path::{Path, PathBuf};

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

/// Reads one input of `merge`: a curated `.triples` file (its names
/// resolved through `registry`) or a graph file in any readable format.
pub fn read_input(path: &Path, registry: &Registry, vocab: &Vocabulary) -> Result<BriefGraph> {
    if !matches!(path.extension(), Some(e) if e == "triples") {
        return read_graph(path, None, vocab);
    }
    let text = read_text(path)?;
    let parsed = curated::parse(path, &text, registry, vocab)?;
    let stem = path
        .file_stem()
        .map_or_else(|| "curated".into(), |s| s.to_string_lossy().into_owned());
    let mut b = GraphBuilder::new(stem);
    let file = path.file_name().unwrap_or_default().to_string_lossy();
    for mut s in parsed.sources {
        s.extra
            .entry("file".into())
            .or_insert_with(|| serde_json::Value::String(file.clone().into_owned()));
        b.add_source(s);
    }
    for a in parsed.actors {
        b.add_actor(a);
    }
    for r in parsed.relations {
        b.add_relation(r);
    }
    Ok(b.finish())
}

/// Reads many inputs with [`read_input`], in parallel, and hands each graph
/// with its number to `each` as soon as it is read (so not necessarily in
/// order) and then drops it, so at most a few graphs are in memory at once.
/// Every file is read even after a bad one, and the problems of all of them
/// are returned together; once one has failed, `each` is called no more.
pub fn read_inputs(
    paths: &[PathBuf],
    registry: &Registry,
    vocab: &Vocabulary,
    mut each: impl FnMut(usize, &Path, BriefGraph),
) -> Result<()> {
    let (tx, rx) = std::sync::mpsc::sync_channel(rayon::current_num_threads().max(1) * 2);
    let mut failures: Vec<(usize, Error)> = Vec::new();
    std::thread::scope(|scope| {
        scope.spawn(move || {
            paths
                .par_iter()
                .enumerate()
                .for_each_with(tx, |tx, (i, path)| {
                    // The receiver lives until every graph is sent.
                    let _ = tx.send((i, read_input(path, registry, vocab)));
                });
        });
        for (i, result) in rx {
            match result {
                Ok(graph) if failures.is_empty() => each(i, &paths[i], graph),
                Ok(_) => {}
                Err(e) => failures.push((i, e)),
            }
        }
    });
    if failures.is_empty() {
        return Ok(());
    }
    failures.sort_by_key(|(i, _)| *i);
    // Diagnostics of every file together; another kind of error alone.
    if failures.iter().all(|(_, e)| matches!(e, Error::Invalid(_))) {
        let all = failures
            .into_iter()
            .flat_map(|(_, e)| match e {
                Error::Invalid(d) => d,
                _ => Vec::new(),
            })
            .collect();
        return Err(Error::Invalid(all));
    }
    let (_, first) = failures
        .into_iter()
        .find(|(_, e)| !matches!(e, Error::Invalid(_)))
        .expect("checked");
    Err(first)
}

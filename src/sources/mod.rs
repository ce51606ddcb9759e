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
mod json_edge;
mod json_fast;

pub(crate) use json_edge::PlainEdge;
pub(crate) use json_fast::{node_actor, PlainDoc};

use crate::error::{read_text, Error, Result};
use crate::format::Format;
use crate::graph::merge::{Merged, Merger};
use crate::graph::{BriefGraph, GraphBuilder};
use crate::registry::Registry;
use crate::vocabulary::Vocabulary;
use rayon::prelude::*;
use std::path::{Path, PathBuf};

/// Reads a graph file in any readable format, chosen by `format` or by the
/// file's extension.
pub fn read_graph(path: &Path, format: Option<&str>, vocab: &Vocabulary) -> Result<BriefGraph> {
    let format = Format::choose(format, path)?;
    let mapped = MappedText::open(path)?;
    let text = mapped.as_str();
    match format {
        // Built as it is read (no list of relations copied into the graph).
        Format::Json => json::parse(path, text, vocab),
        Format::Graphml => graphml::parse(path, text, vocab),
        other => Err(Error::usage_hint(
            format!("{}: briefgraph cannot read {other} files", path.display()),
            "read JSON or GraphML; convert other formats with their own tools",
        )),
    }
}

/// A file's text: mapped into memory when it is large, so the pages of the
/// system's file cache are read in place, not copied into a buffer of the
/// process (which the kernel zeroes page by page first: a tenth of the CPU
/// time of converting a 120 MiB graph); read into a string otherwise, or
/// when it cannot be mapped.
enum MappedText {
    Mapped(memmap2::Mmap, usize),
    Read(String),
}

/// Files from this size on are mapped.
const MAP_FROM: u64 = 1 << 20;

impl MappedText {
    fn open(path: &Path) -> Result<MappedText> {
        let mapped = std::fs::File::open(path).ok().and_then(|file| {
            let len = file.metadata().ok()?.len();
            if len < MAP_FROM || crate::limits::FILE_BYTES.exceeded(len) {
                return None;
            }
            // SAFETY: the map is only read, as UTF-8 checked below. Were the
            // file truncated or rewritten by another program while it is
            // read, the text could change under the parser (as for any
            // program that maps its input, e.g. ripgrep); briefgraph never
            // writes a file it reads (outputs go through a temporary file
            // renamed over the old one, which leaves the mapped one intact).
            unsafe { memmap2::Mmap::map(&file) }.ok()
        });
        match mapped {
            Some(map) => match std::str::from_utf8(&map) {
                Ok(text) => {
                    let bom = if text.starts_with('\u{feff}') { 3 } else { 0 };
                    Ok(MappedText::Mapped(map, bom))
                }
                // The same message as for a file read.
                Err(_) => Err(crate::error::decode_utf8(path, map.to_vec())
                    .expect_err("the bytes are not UTF-8")),
            },
            // Small files, and whatever the reading reports for the rest
            // (missing file, over the size limit...).
            None => read_text(path).map(MappedText::Read),
        }
    }

    fn as_str(&self) -> &str {
        match self {
            // SAFETY: checked to be UTF-8 when mapped; a BOM is 3 bytes.
            MappedText::Mapped(map, bom) => unsafe { std::str::from_utf8_unchecked(&map[*bom..]) },
            MappedText::Read(text) => text,
        }
    }
}

/// Reads one input of `merge`: a curated `.triples` file (its names
/// resolved through `registry`) or a graph file in any readable format.
pub fn read_input(path: &Path, registry: &Registry, vocab: &Vocabulary) -> Result<BriefGraph> {
    let (meta, actors, relations) = read_input_parts(path, registry, vocab)?;
    let mut b = GraphBuilder::default();
    b.meta = meta;
    for a in actors {
        b.add_actor(a);
    }
    for r in relations {
        b.add_relation(r);
    }
    Ok(b.finish())
}

/// [`read_input`] short of assembling the graph: what `merge` folds in.
pub fn read_input_parts(
    path: &Path,
    registry: &Registry,
    vocab: &Vocabulary,
) -> Result<attrs::Parts> {
    read_input_parts_with(path, registry, vocab, &mut Vec::new())
}

/// Reads a file as UTF-8 text into `buf` (reused from file to file, so a
/// merge of many files does not ask the system for fresh memory for each).
fn read_text_into<'b>(path: &Path, buf: &'b mut Vec<u8>) -> Result<&'b str> {
    crate::error::read_bytes_into(path, buf)?;
    let bytes = buf.strip_prefix(b"\xef\xbb\xbf").unwrap_or(buf);
    match std::str::from_utf8(bytes) {
        Ok(text) => Ok(text),
        // The same message as for any other file.
        Err(_) => {
            Err(crate::error::decode_utf8(path, bytes.to_vec())
                .expect_err("the bytes are not UTF-8"))
        }
    }
}

fn read_input_parts_with(
    path: &Path,
    registry: &Registry,
    vocab: &Vocabulary,
    buf: &mut Vec<u8>,
) -> Result<attrs::Parts> {
    let text = read_text_into(path, buf)?;
    if !matches!(path.extension(), Some(e) if e == "triples") {
        return match Format::choose(None, path)? {
            Format::Json => json::parts(path, text, vocab),
            Format::Graphml => graphml::parts(path, text, vocab),
            other => Err(Error::usage_hint(
                format!("{}: briefgraph cannot read {other} files", path.display()),
                "merge JSON, GraphML or curated .triples files",
            )),
        };
    }
    let parsed = curated::parse(path, text, registry, vocab)?;
    let stem = path
        .file_stem()
        .map_or_else(|| "curated".into(), |s| s.to_string_lossy().into_owned());
    let file = path.file_name().unwrap_or_default().to_string_lossy();
    let mut meta = crate::model::GraphMeta {
        name: stem,
        ..Default::default()
    };
    for mut s in parsed.sources {
        s.extra
            .entry("file".into())
            .or_insert_with(|| serde_json::Value::String(file.clone().into_owned()));
        meta.sources.push(s);
    }
    Ok((meta, parsed.actors, parsed.relations))
}

/// Whether a file is a graph file that [`read_input_parts`] reads as JSON.
fn is_json_input(path: &Path) -> bool {
    !matches!(path.extension(), Some(e) if e == "triples")
        && matches!(Format::choose(None, path), Ok(Format::Json))
}

/// Folds a JSON file's text into `merger` as input `index`: when `plain`
/// and the text is briefgraph's own JSON, without making the actors and
/// relations the merger has already (see `Merger::add_plain`); otherwise
/// (or if that reading leaves it) the general way, from the same text.
/// `edges` lends its room to the text's edges, and the list is given back
/// for the next file (a new, empty one when the general way read it).
fn fold_json<'t>(
    merger: &mut Merger<'_>,
    index: usize,
    path: &Path,
    text: &'t str,
    vocab: &Vocabulary,
    plain: bool,
    edges: Vec<PlainEdge<'t>>,
) -> Result<Vec<PlainEdge<'t>>> {
    let label = path.display().to_string();
    if plain {
        if let Some(mut doc) = json_fast::read_plain(text, edges) {
            if merger.add_plain(index, &label, path, &mut doc) {
                return Ok(doc.edges);
            }
        }
    }
    let parts = json::parts(path, text, vocab)?;
    merger.add_parts(index, &label, parts);
    Ok(Vec::new())
}

/// Merges a JSON file's text with itself, as [`merge_files`] merges two
/// copies of the file: read the way it reads briefgraph's own JSON when
/// `plain` (see `Merger::add_plain`), else the general way; into a new
/// merger like `base` ([`Merger::new_like`], so that a caller merging many
/// texts indexes the registry once). For the tests and the fuzzer, which
/// check that both ways give the same.
#[doc(hidden)]
pub fn merge_json_twice(
    path: &Path,
    text: &str,
    base: &Merger<'_>,
    vocab: &Vocabulary,
    plain: bool,
) -> Result<Merged> {
    let mut merger = base.new_like();
    for index in 0..2 {
        fold_json(&mut merger, index, path, text, vocab, plain, Vec::new())?;
    }
    Ok(merger.finish(None))
}

/// An empty list of edges with the room of `edges`, for the edges of
/// another text (the same memory: a list of the same layout is collected
/// in place).
fn recycle<'b>(mut edges: Vec<PlainEdge<'_>>) -> Vec<PlainEdge<'b>> {
    edges.clear();
    edges.into_iter().map(|_| unreachable!("empty")).collect()
}

/// Input numbers leave room for this many bits of line numbers, so every
/// graph of a JSON Lines shard is an input of its own.
const JSONL_BITS: u32 = usize::BITS / 2;

/// A JSON Lines file (`.jsonl`, `.ndjson`): one graph per line.
pub fn is_jsonl(path: &Path) -> bool {
    matches!(path.extension().and_then(|e| e.to_str()), Some(e) if e.eq_ignore_ascii_case("jsonl") || e.eq_ignore_ascii_case("ndjson"))
}

/// Merges many inputs (see [`read_input`]) with `registry`, as `briefgraph
/// merge` does. One run per thread takes the files one after the other,
/// each the next one no run has taken, and folds each into a merger of its
/// own, dropping the graph, so a thread holds one input graph at a time.
/// The mergers are then combined; the result does not depend on which run
/// took which file. Every file is read even after a bad one, and the
/// problems of all of them are returned together.
pub fn merge_files(
    paths: &[PathBuf],
    registry: &Registry,
    vocab: &Vocabulary,
    name: Option<&str>,
) -> Result<Merged> {
    let base = Merger::new(registry);
    let runs = rayon::current_num_threads().clamp(1, paths.len().max(1));
    // Each run takes the next file not yet taken, so a run whose thread
    // the system gives less time (other work on the machine) takes fewer
    // files, and no thread waits for another at the end with files left.
    let next = std::sync::atomic::AtomicUsize::new(0);
    let parts: Vec<(Merger, Vec<(usize, Error)>)> = (0..runs)
        .into_par_iter()
        .map(|_| {
            let mut merger = base.fork();
            let mut failures = Vec::new();
            let mut buf = Vec::new();
            // The list of edges of the last file read (see `read_plain`).
            let mut spare: Vec<PlainEdge<'static>> = Vec::new();
            loop {
                let index = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                let Some(path) = paths.get(index) else { break };
                if is_jsonl(path) {
                    // Each line is an input of its own, numbered after the file.
                    let lines = read_text_into(path, &mut buf)
                        .and_then(|text| crate::stream::read_jsonl_parts(path, text, vocab));
                    match lines {
                        Ok(graphs) if failures.is_empty() => {
                            for (line, parts) in graphs.into_iter().enumerate() {
                                let label = format!("{}#{}", path.display(), line + 1);
                                merger.add_parts(index << JSONL_BITS | line, &label, parts);
                            }
                        }
                        Ok(_) => {}
                        Err(e) => failures.push((index, e)),
                    }
                    continue;
                }
                let index = index << JSONL_BITS;
                if failures.is_empty() && is_json_input(path) {
                    // Most files of a merge are briefgraph's own JSON: read
                    // and folded without making the actors and relations
                    // the merged graph has already (see `Merger::add_plain`);
                    // any other file the general way, from the same text.
                    let folded = read_text_into(path, &mut buf).and_then(|text| {
                        let edges = recycle(std::mem::take(&mut spare));
                        let edges = fold_json(&mut merger, index, path, text, vocab, true, edges)?;
                        spare = recycle(edges);
                        Ok(())
                    });
                    if let Err(e) = folded {
                        failures.push((index, e));
                    }
                    continue;
                }
                match read_input_parts_with(path, registry, vocab, &mut buf) {
                    Ok(parts) if failures.is_empty() => {
                        merger.add_parts(index, &path.display().to_string(), parts)
                    }
                    Ok(_) => {}
                    Err(e) => failures.push((index, e)),
                }
            }
            (merger, failures)
        })
        .collect();
    let mut merger = base;
    let mut failures = Vec::new();
    for (part, mut f) in parts {
        merger.absorb(part);
        failures.append(&mut f);
    }
    if failures.is_empty() {
        return Ok(merger.finish(name));
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

#[cfg(test)]
mod tests {
    use super::*;

    /// The JSON `build` writes is read and folded by merge's own way (see
    /// `Merger::add_plain`), not handed to the general reading: the
    /// property tests compare the two ways, and would agree just as well
    /// if the own way never took a file.
    #[test]
    fn merge_folds_the_json_briefgraph_writes_its_own_way() {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("exports/graph.json");
        let text = std::fs::read_to_string(&path).unwrap();
        let registry = Registry::builtin();
        let mut merger = Merger::new(&registry);
        let mut doc = json_fast::read_plain(&text, Vec::new()).expect("briefgraph's own layout");
        assert!(!doc.edges.is_empty());
        assert!(merger.add_plain(0, "graph.json", &path, &mut doc));
        // A second copy: every node text and relation key is met again.
        let mut doc = json_fast::read_plain(&text, Vec::new()).unwrap();
        assert!(merger.add_plain(1, "again.json", &path, &mut doc));
        let merged = merger.finish(None);
        let read = json::parse(&path, &text, &Vocabulary::builtin()).unwrap();
        assert_eq!(merged.graph.edge_count(), read.edge_count());
        assert_eq!(merged.graph.node_count(), read.node_count());
    }
}

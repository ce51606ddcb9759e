//! JSON Lines, for corpora larger than one process: `extract --jsonl` is a
//! map step (documents in, one graph per line out) and `merge` of JSON
//! Lines shards is the reduce (merging is commutative and associative).
//!
//! Input, one per line on standard input: a path to a brief, or a JSON
//! object `{"id": "...", "text": "..."}` holding the document itself
//! (`"file"` is optional). Output, one per input line and in the same
//! order: the document's graph as a compact node-link JSON document, the
//! same graph `briefgraph extract BRIEF -o BRIEF.json` writes (pretty).

use crate::error::{Diagnostic, Error, Result};
use crate::extract::{self, Extractor};
use crate::graph::BriefGraph;
use crate::sinks::json;
use rayon::prelude::*;
use std::io::{BufRead, Write};
use std::path::{Path, PathBuf};

/// How many lines are extracted in parallel before their output is written.
const BATCH: usize = 64;

/// A document given inline on a line.
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct Inline {
    id: String,
    text: String,
    #[serde(default)]
    file: Option<String>,
}

/// The graph of one input line: a path or an inline document.
fn graph_of(ex: &Extractor, line_no: usize, line: &str) -> Result<BriefGraph> {
    let stdin = Path::new("<stdin>");
    if line.trim_start().starts_with('{') {
        let doc: Inline = serde_json::from_str(line).map_err(|e| {
            Error::from(
                Diagnostic::new(stdin, format!("not a document: {e}"))
                    .at_line(line_no, e.column().max(1))
                    .expected("{\"id\": \"...\", \"text\": \"...\"} or a path to a brief"),
            )
        })?;
        let mut out = ex.extract(&doc.id, &doc.text);
        if let Some(f) = doc.file {
            out.source
                .extra
                .insert("file".into(), serde_json::Value::String(f));
        }
        return Ok(extract::assemble(&doc.id, [out]));
    }
    let path = PathBuf::from(line);
    let mut parts = extract::extract_files(ex, std::slice::from_ref(&path), false)?;
    Ok(extract::assemble(
        &extract::source_id(&path),
        parts.drain(..),
    ))
}

/// Reads input lines from `input` and writes one JSON line per document to
/// `output`, batch by batch (each batch extracted in parallel). Blank lines
/// are skipped. Stops at the first line that fails, with its error; the
/// lines before it have been written. Returns how many documents were done.
pub fn extract_jsonl(ex: &Extractor, input: impl BufRead, mut output: impl Write) -> Result<usize> {
    let stdout = Path::new("<stdout>");
    let mut done = 0;
    let mut batch: Vec<(usize, String)> = Vec::with_capacity(BATCH);
    let mut lines = input.lines().enumerate();
    loop {
        batch.clear();
        for (i, line) in lines.by_ref() {
            let line = line.map_err(|e| Error::io(Path::new("<stdin>"), e))?;
            let line = line.trim_end_matches('\r');
            if line.trim().is_empty() {
                continue;
            }
            batch.push((i + 1, line.to_string()));
            if batch.len() == BATCH {
                break;
            }
        }
        if batch.is_empty() {
            break;
        }
        let graphs: Vec<Result<BriefGraph>> = batch
            .par_iter()
            .map(|(n, line)| graph_of(ex, *n, line))
            .collect();
        for g in graphs {
            let g = g?;
            json::write_line(&g, &mut output).map_err(|e| Error::io(stdout, e))?;
            done += 1;
        }
        output.flush().map_err(|e| Error::io(stdout, e))?;
    }
    Ok(done)
}

/// The graphs of a JSON Lines file (one node-link document per line), each
/// as the parts `merge` folds in. A diagnostic points at the file's line.
pub fn read_jsonl_parts(
    path: &Path,
    text: &str,
    vocab: &crate::vocabulary::Vocabulary,
) -> Result<Vec<crate::sources::attrs::Parts>> {
    let mut out = Vec::new();
    let mut problems = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        match crate::sources::json::parts(path, line, vocab) {
            Ok(parts) => out.push(parts),
            Err(Error::Invalid(diags)) => {
                problems.extend(diags.into_iter().map(|mut d| {
                    match &mut d.position {
                        Some(p) => p.line += i,
                        None => d = d.at_line(i + 1, 1),
                    }
                    d
                }));
            }
            Err(e) => return Err(e),
        }
    }
    if problems.is_empty() {
        Ok(out)
    } else {
        Err(Error::Invalid(problems))
    }
}

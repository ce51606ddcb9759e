//! Many briefs at once: directories and glob patterns expanded to files,
//! read and extracted in parallel (rayon), each file's outcome kept so a
//! run can go on past unreadable files and report them at the end.

use crate::error::{Error, Result};
use crate::extract::{source_id, Extraction, Extractor};
use std::path::{Path, PathBuf};

/// The extensions a directory is searched for.
pub const BRIEF_EXTENSIONS: &[&str] = &[
    "txt", "md", "markdown", "html", "htm", "xhtml", "docx", "pdf",
];

fn is_brief(p: &Path) -> bool {
    p.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| BRIEF_EXTENSIONS.contains(&e.to_ascii_lowercase().as_str()))
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) -> Result<()> {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(|e| Error::io(dir, e))?
        .map(|e| e.map(|e| e.path()).map_err(|e| Error::io(dir, e)))
        .collect::<Result<_>>()?;
    entries.sort();
    for p in entries {
        let hidden = p
            .file_name()
            .is_some_and(|n| n.to_string_lossy().starts_with('.'));
        if hidden {
            continue;
        }
        if p.is_dir() {
            walk(&p, out)?;
        } else if is_brief(&p) {
            out.push(p);
        }
    }
    Ok(())
}

/// Files, directories (searched recursively for briefs by extension,
/// hidden entries skipped) and glob patterns (`briefs/**/*.pdf`, for shells
/// that do not expand them) to the list of brief files, in order.
pub fn expand(inputs: &[PathBuf]) -> Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    for input in inputs {
        let s = input.to_string_lossy();
        if input.is_dir() {
            let before = out.len();
            walk(input, &mut out)?;
            if out.len() == before {
                return Err(Error::usage_hint(
                    format!("{}: no brief in this directory", input.display()),
                    format!(
                        "extract reads files ending in .{}",
                        BRIEF_EXTENSIONS.join(", .")
                    ),
                ));
            }
        } else if !input.exists() && s.contains(['*', '?', '[']) {
            let paths = glob::glob(&s).map_err(|e| {
                Error::usage_hint(
                    format!("{s}: not a valid pattern: {e}"),
                    "use * for any name, ** for any directories, e.g. `briefs/**/*.pdf`",
                )
            })?;
            let mut matched: Vec<PathBuf> = paths
                .filter_map(|p| p.ok())
                .filter(|p| p.is_file())
                .collect();
            matched.sort();
            if matched.is_empty() {
                return Err(Error::usage_hint(
                    format!("{s}: no file matches this pattern"),
                    "check the directory and the extension",
                ));
            }
            out.extend(matched);
        } else {
            out.push(input.clone());
        }
    }
    Ok(out)
}

/// Reads and extracts one brief file.
pub fn extract_file(ex: &Extractor, path: &Path, discover: bool) -> Result<Extraction> {
    let doc = super::read(path)?;
    let id = source_id(path);
    let text = doc.brief_text();
    let mut out = if discover {
        ex.discover(&id, &text)
    } else {
        ex.extract(&id, &text)
    };
    doc.annotate(&mut out);
    out.source
        .extra
        .entry("file".into())
        .or_insert_with(|| serde_json::Value::String(path.to_string_lossy().replace('\\', "/")));
    Ok(out)
}

/// Extracts every file in parallel; `done` is called as each one is
/// finished (from any thread). The results are in the order of `paths`.
pub fn extract_each(
    ex: &Extractor,
    paths: &[PathBuf],
    discover: bool,
    done: &(dyn Fn(&Path) + Sync),
) -> Vec<Result<Extraction>> {
    use rayon::prelude::*;
    paths
        .par_iter()
        .map(|p| {
            let r = extract_file(ex, p, discover);
            done(p);
            r
        })
        .collect()
}

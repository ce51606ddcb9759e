//! Writing results: whole files or nothing, or standard output.

use crate::error::{Error, Result};
use std::io::Write;
use std::path::Path;

/// Writes `bytes` to `path` atomically: into a temporary file beside it,
/// then renamed over it, so a reader never sees half a file and a failure
/// leaves any previous file as it was. `-` means standard output.
pub fn write_file(path: &Path, bytes: &[u8]) -> Result<()> {
    write_with(path, |w| w.write_all(bytes))
}

/// Writes several files, each atomically, after creating `dir`. Every file
/// is rendered before this is called, so a bad input writes nothing at all.
pub fn write_files(dir: &Path, files: &[(String, Vec<u8>)]) -> Result<()> {
    std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    for (name, bytes) in files {
        write_file(&dir.join(name), bytes)?;
    }
    Ok(())
}

/// Like [`write_file`], with the bytes produced by `render` into a writer
/// rather than held in memory first: atomic all the same (a failing
/// `render` leaves any previous file as it was). `-` means standard output.
pub fn write_with(
    path: &Path,
    render: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> Result<()> {
    if path == Path::new("-") {
        let mut out = std::io::stdout().lock();
        return render(&mut out)
            .and_then(|()| out.flush())
            .map_err(|e| Error::io(Path::new("<stdout>"), e));
    }
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let mut tmp = tempfile::Builder::new()
        .prefix(".briefgraph-")
        .suffix(".tmp")
        .tempfile_in(dir)
        .map_err(|e| Error::io(dir, e))?;
    // A temporary file is private (0600); the result gets the mode of the
    // file it replaces, or the usual 0644.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(path).map_or(0o644, |m| m.permissions().mode() & 0o7777);
        tmp.as_file()
            .set_permissions(std::fs::Permissions::from_mode(mode))
            .map_err(|e| Error::io(path, e))?;
    }
    render(tmp.as_file_mut())
        .and_then(|()| tmp.as_file().sync_all())
        .map_err(|e| Error::io(path, e))?;
    tmp.persist(path).map_err(|e| Error::io(path, e.error))?;
    Ok(())
}

/// Writes a graph in `format` to `path` (see [`write_with`]): JSON is
/// written element by element as it is serialised, so a large graph is
/// never held as text; other formats are rendered first.
pub fn write_graph(
    path: &Path,
    graph: &crate::graph::BriefGraph,
    format: crate::format::Format,
) -> Result<()> {
    match format {
        crate::format::Format::Json => write_with(path, |w| {
            crate::sinks::json::write_to(graph, std::io::BufWriter::with_capacity(1 << 16, w))
        }),
        other => write_file(path, &crate::sinks::write(graph, other)?),
    }
}

/// [`write_graph`] with sink options: JSON and GraphML are written straight
/// from the graph into the file as they are serialised; other formats are
/// rendered first.
pub fn write_graph_with(
    path: &Path,
    graph: &crate::graph::BriefGraph,
    format: crate::format::Format,
    options: &crate::sinks::Options,
) -> Result<()> {
    match format {
        crate::format::Format::Graphml => write_with(path, |w| {
            crate::sinks::graphml::write_flavour_to(
                graph,
                options.graphml_flavour,
                std::io::BufWriter::with_capacity(1 << 16, w),
            )
        }),
        crate::format::Format::Json => write_graph(path, graph, format),
        other => write_file(path, &crate::sinks::write_with(graph, other, options)?),
    }
}

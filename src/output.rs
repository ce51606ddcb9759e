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

/// Writes a directory of files all or nothing: into a temporary directory
/// beside `dir`, then renamed to `dir`. A `dir` that exists is replaced only
/// when it holds nothing but files of the same names (an earlier bundle), so
/// no other file is ever deleted; a failure leaves it as it was.
pub fn write_dir(dir: &Path, files: &[(String, Vec<u8>)]) -> Result<()> {
    if dir == Path::new("-") {
        return Err(Error::usage_hint(
            "this format writes a directory, not standard output",
            "pass -o DIR",
        ));
    }
    let parent = match dir.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    std::fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
    let exists = match std::fs::symlink_metadata(dir) {
        Ok(m) if m.is_dir() => true,
        Ok(_) => {
            return Err(Error::usage_hint(
                format!("{}: exists and is not a directory", dir.display()),
                "choose a new directory name",
            ))
        }
        Err(_) => false,
    };
    if exists {
        let entries = std::fs::read_dir(dir).map_err(|e| Error::io(dir, e))?;
        for entry in entries {
            let entry = entry.map_err(|e| Error::io(dir, e))?;
            let name = entry.file_name();
            if !files.iter().any(|(n, _)| std::ffi::OsStr::new(n) == name) {
                return Err(Error::usage_hint(
                    format!(
                        "{}: holds {}, which this export does not write",
                        dir.display(),
                        name.to_string_lossy()
                    ),
                    "briefgraph replaces only a directory of its own files; choose a new or empty directory",
                ));
            }
        }
    }
    let tmp = tempfile::Builder::new()
        .prefix(".briefgraph-")
        .tempdir_in(parent)
        .map_err(|e| Error::io(parent, e))?;
    for (name, bytes) in files {
        let path = tmp.path().join(name);
        std::fs::write(&path, bytes)
            .and_then(|()| std::fs::File::open(&path)?.sync_all())
            .map_err(|e| Error::io(&dir.join(name), e))?;
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = if name.ends_with(".sh") { 0o755 } else { 0o644 };
            std::fs::set_permissions(&path, std::fs::Permissions::from_mode(mode))
                .map_err(|e| Error::io(&dir.join(name), e))?;
        }
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(tmp.path(), std::fs::Permissions::from_mode(0o755))
            .map_err(|e| Error::io(dir, e))?;
    }
    if exists {
        // Move the old directory aside, put the new one in place, then
        // remove the old one; put it back if the second rename fails.
        let old = tempfile::Builder::new()
            .prefix(".briefgraph-old-")
            .tempdir_in(parent)
            .map_err(|e| Error::io(parent, e))?;
        let aside = old.path().join("old");
        std::fs::rename(dir, &aside).map_err(|e| Error::io(dir, e))?;
        if let Err(e) = std::fs::rename(tmp.path(), dir) {
            let _ = std::fs::rename(&aside, dir);
            return Err(Error::io(dir, e));
        }
        let _ = tmp.keep();
        drop(old);
    } else {
        std::fs::rename(tmp.path(), dir).map_err(|e| Error::io(dir, e))?;
        let _ = tmp.keep();
    }
    Ok(())
}

/// Like [`write_file`], with the bytes produced by `render` into a writer
/// rather than held in memory first: atomic all the same (a failing
/// `render` leaves any previous file as it was). `-` means standard output;
/// a device or a FIFO is written into as it is, and a symbolic link keeps
/// pointing at the file it names, which is replaced.
pub fn write_with(
    path: &Path,
    render: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> Result<()> {
    // Standard output, and anything other than a regular file (`/dev/null`,
    // a FIFO, a process substitution's `/dev/fd/N`, `/dev/stdout`), is
    // written into, never replaced: a temporary file renamed over
    // `/dev/null` would put a plain file in the device's place for every
    // program on the machine.
    let stream: Option<(Box<dyn Write>, &Path)> = if path == Path::new("-") {
        Some((Box::new(std::io::stdout().lock()), Path::new("<stdout>")))
    } else {
        match std::fs::metadata(path) {
            Ok(meta) if !meta.is_file() && !meta.is_dir() => {
                let file = std::fs::OpenOptions::new()
                    .write(true)
                    .open(path)
                    .map_err(|e| Error::io(path, e))?;
                Some((Box::new(std::io::BufWriter::new(file)), path))
            }
            _ => None,
        }
    };
    if let Some((mut out, shown)) = stream {
        return render(&mut out)
            .and_then(|()| out.flush())
            .map_err(|e| Error::io(shown, e));
    }
    // A symbolic link stays a link: the file it names is replaced.
    let target = link_target(path);
    let path = target.as_path();
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
    render(&mut WriteBehind::new(tmp.as_file_mut()))
        .and_then(|()| tmp.as_file().sync_all())
        .map_err(|e| Error::io(path, e))?;
    tmp.persist(path).map_err(|e| Error::io(path, e.error))?;
    Ok(())
}

/// The file a path names once symbolic links are followed (up to 40 of
/// them, as the system does), even where the last one names nothing yet;
/// `path` itself when it is not a link.
fn link_target(path: &Path) -> std::path::PathBuf {
    let mut path = path.to_path_buf();
    for _ in 0..40 {
        match std::fs::read_link(&path) {
            Ok(next) => {
                path = match path.parent() {
                    Some(parent) if next.is_relative() => parent.join(next),
                    _ => next,
                }
            }
            Err(_) => break,
        }
    }
    path
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

/// A file being written, whose written parts the system is asked to start
/// writing to disk as it goes (`sync_file_range` without waiting, every
/// [`WriteBehind::WINDOW`] bytes), so the `sync_all` that ends an atomic
/// write waits only for the last part: writing the 206 MiB of a large
/// merge and then syncing it waited half a second for the disk, with
/// nothing else to do, after every byte had been rendered. The bytes
/// written are the same; only when they reach the disk changes. Elsewhere
/// than on Linux the file is written as it is.
struct WriteBehind<'f> {
    file: &'f mut std::fs::File,
    /// Bytes written, and up to where write-back was started.
    written: u64,
    started: u64,
}

impl<'f> WriteBehind<'f> {
    /// How much is written between two requests.
    const WINDOW: u64 = 8 << 20;

    fn new(file: &'f mut std::fs::File) -> WriteBehind<'f> {
        WriteBehind {
            file,
            written: 0,
            started: 0,
        }
    }

    /// Asks the system to start writing what was written since the last
    /// request; an error here says nothing that `sync_all` will not.
    fn start_write_back(&mut self) {
        #[cfg(target_os = "linux")]
        {
            use std::os::fd::AsRawFd;
            let (Ok(offset), Ok(len)) = (
                self.started.try_into(),
                (self.written - self.started).try_into(),
            ) else {
                return;
            };
            // SAFETY: a plain system call on an open file descriptor; it
            // reads no memory of this process.
            unsafe {
                libc::sync_file_range(
                    self.file.as_raw_fd(),
                    offset,
                    len,
                    libc::SYNC_FILE_RANGE_WRITE,
                );
            }
        }
        self.started = self.written;
    }
}

impl Write for WriteBehind<'_> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let n = self.file.write(buf)?;
        self.written += n as u64;
        if self.written - self.started >= Self::WINDOW {
            self.start_write_back();
        }
        Ok(n)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.file.flush()
    }
}

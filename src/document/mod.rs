//! Briefs as they come: plain text, Markdown, HTML pages, Word (DOCX) and
//! PDF files, read into one [`Document`] (title, date, author, the body's
//! paragraphs with their offsets, page starts, and the notes kept apart).
//!
//! This is the I/O edge of extraction: the extractor takes the text a
//! document gives ([`Document::brief_text`]), so the evidence of every edge
//! points into that text, and [`Document::page_at`] turns an evidence offset
//! into the page it was printed on.
//!
//! The reader is chosen by extension (`.pdf`, `.html`/`.htm`/`.xhtml`,
//! `.docx`, anything else as text), and for files without a known extension
//! by sniffing the first bytes (`%PDF-`, a zip archive, `<!DOCTYPE html`/`<html`).

pub mod batch;
pub mod docx;
pub mod html;
pub mod pdf;
pub mod text;

use crate::error::{Diagnostic, Error, Result};
use std::ops::Range;
use std::path::Path;

/// What a file was read as.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Text,
    Markdown,
    Html,
    Docx,
    Pdf,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Text => "text",
            Kind::Markdown => "markdown",
            Kind::Html => "html",
            Kind::Docx => "docx",
            Kind::Pdf => "pdf",
        }
    }
}

/// A brief read from a file.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Document {
    pub title: Option<String>,
    /// ISO date (`2024-05-03`, `2024-05`) when the file says when it was written.
    pub date: Option<String>,
    pub author: Option<String>,
    /// The file it was read from (as given), for messages and the source's `file`.
    pub source: String,
    /// The body: paragraphs separated by blank lines (plain text and
    /// Markdown: the file as it is, header included).
    pub text: String,
    /// Byte ranges of the paragraphs in `text`.
    pub paragraphs: Vec<Range<usize>>,
    /// Byte offsets in `text` where each page starts (PDF only; page 1 at 0).
    pub pages: Vec<usize>,
    /// Footnotes and endnotes, kept apart from the sentences they interrupt.
    pub notes: Vec<String>,
    kind: Option<Kind>,
}

impl Document {
    /// A document of paragraphs (none of them empty), joined by blank lines.
    pub fn from_paragraphs(source: &Path, kind: Kind, paragraphs: &[String]) -> Document {
        let mut doc = Document {
            source: source.to_string_lossy().replace('\\', "/"),
            kind: Some(kind),
            ..Document::default()
        };
        for p in paragraphs {
            doc.push_paragraph(p);
        }
        doc
    }

    /// Appends a paragraph (white space collapsed; empty ones are skipped).
    pub fn push_paragraph(&mut self, p: &str) {
        let p = crate::extract::collapse(p.trim());
        if p.is_empty() {
            return;
        }
        if !self.text.is_empty() {
            self.text.push_str("\n\n");
        }
        let start = self.text.len();
        self.text.push_str(&p);
        self.paragraphs.push(start..self.text.len());
    }

    /// Marks the start of a new page at the end of the text so far.
    pub fn start_page(&mut self) {
        let at = if self.text.is_empty() {
            0
        } else {
            self.text.len() + 2
        };
        self.pages.push(at);
    }

    pub fn kind(&self) -> Kind {
        self.kind.unwrap_or(Kind::Text)
    }

    /// The text the extractor reads: plain text and Markdown as they are;
    /// other documents with a `title:`/`date:`/`author:` header ended by
    /// `---` before the body, so the body is exactly [`Document::text`].
    pub fn brief_text(&self) -> String {
        if matches!(self.kind(), Kind::Text | Kind::Markdown) {
            return self.text.clone();
        }
        let mut out = String::new();
        for (k, v) in [
            ("title", &self.title),
            ("date", &self.date),
            ("author", &self.author),
        ] {
            if let Some(v) = v {
                let v = crate::extract::collapse(v);
                if !v.is_empty() {
                    out.push_str(&format!("{k}: {v}\n"));
                }
            }
        }
        out.push_str(&format!("format: {}\n---\n", self.kind().as_str()));
        out.push_str(&self.text);
        out
    }

    /// Completes an extraction of [`Document::brief_text`]: the page of
    /// each evidence quote, and the notes kept apart from the body.
    pub fn annotate(&self, out: &mut crate::extract::Extraction) {
        if !self.pages.is_empty() {
            for r in &mut out.relations {
                for e in &mut r.evidence {
                    if e.page.is_none() {
                        e.page = e.start.and_then(|s| self.page_at(s));
                    }
                }
            }
            out.source
                .extra
                .insert("pages".into(), serde_json::Value::from(self.pages.len()));
        }
        if !self.notes.is_empty() {
            out.source
                .extra
                .insert("notes".into(), serde_json::Value::from(self.notes.clone()));
        }
    }

    /// The 1-based page holding character `char_offset` of the body, for
    /// documents that have pages.
    pub fn page_at(&self, char_offset: usize) -> Option<u32> {
        if self.pages.is_empty() {
            return None;
        }
        let byte = self
            .text
            .char_indices()
            .nth(char_offset)
            .map_or(self.text.len(), |(b, _)| b);
        Some(self.pages.iter().take_while(|&&p| p <= byte).count().max(1) as u32)
    }
}

/// Reads a brief of any supported kind.
pub fn read(path: &Path) -> Result<Document> {
    let kind = kind_of(path)?;
    match kind {
        Kind::Text | Kind::Markdown => text::read(path, kind),
        Kind::Html => html::read(path),
        Kind::Docx => docx::read(path),
        Kind::Pdf => pdf::read(path),
    }
}

/// The reader for a file: by extension, else by its first bytes.
pub fn kind_of(path: &Path) -> Result<Kind> {
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    Ok(match ext.as_str() {
        "pdf" => Kind::Pdf,
        "html" | "htm" | "xhtml" => Kind::Html,
        "docx" => Kind::Docx,
        "md" | "markdown" => Kind::Markdown,
        "txt" | "text" => Kind::Text,
        _ => sniff(path)?,
    })
}

fn sniff(path: &Path) -> Result<Kind> {
    use std::io::Read;
    let mut head = Vec::with_capacity(1024);
    std::fs::File::open(path)
        .and_then(|f| f.take(1024).read_to_end(&mut head))
        .map_err(|e| Error::io(path, e))?;
    let lower = String::from_utf8_lossy(&head).to_ascii_lowercase();
    let start = lower.trim_start_matches('\u{feff}').trim_start();
    Ok(if head.starts_with(b"%PDF-") {
        Kind::Pdf
    } else if head.starts_with(b"PK\x03\x04") {
        Kind::Docx
    } else if start.starts_with("<!doctype html") || start.starts_with("<html") {
        Kind::Html
    } else {
        Kind::Text
    })
}

/// The text of an XML entity or character reference (`&amp;`, `&#233;`);
/// other entities (which need a DTD) give nothing.
pub(crate) fn resolve_ref(r: &quick_xml::events::BytesRef) -> String {
    if let Ok(Some(c)) = r.resolve_char_ref() {
        return c.to_string();
    }
    quick_xml::escape::resolve_predefined_entity(r)
        .unwrap_or_default()
        .to_string()
}

/// An error about a file that could not be read as a brief.
pub(crate) fn unreadable(path: &Path, what: impl Into<String>, hint: impl Into<String>) -> Error {
    Diagnostic::new(path, what).hint(hint).into()
}

/// Runs an external program; a missing program is an error naming the
/// Debian package to install.
pub(crate) fn run_tool(
    path: &Path,
    program: &str,
    args: &[&std::ffi::OsStr],
    package: &str,
) -> Result<std::process::Output> {
    std::process::Command::new(program)
        .args(args)
        .stdin(std::process::Stdio::null())
        .output()
        .map_err(|e| {
            if e.kind() == std::io::ErrorKind::NotFound {
                unreadable(
                    path,
                    format!("reading this file needs the `{program}` program, which is not installed"),
                    format!("install it with `apt-get install {package}` (Debian/Ubuntu) or your system's {package} package"),
                )
            } else {
                Error::io(Path::new(program), e)
            }
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paragraphs_and_pages_keep_their_offsets() {
        let mut d = Document::from_paragraphs(Path::new("x.pdf"), Kind::Pdf, &[]);
        d.start_page();
        d.push_paragraph("Égypte urged  Israel\nto act.");
        d.start_page();
        d.push_paragraph("Qatar mediated.");
        assert_eq!(d.text, "Égypte urged Israel to act.\n\nQatar mediated.");
        assert_eq!(&d.text[d.paragraphs[1].clone()], "Qatar mediated.");
        assert_eq!(d.page_at(0), Some(1));
        assert_eq!(d.page_at(27), Some(1));
        assert_eq!(d.page_at(29), Some(2));
        let brief = d.brief_text();
        let parsed = crate::extract::Brief::parse(&brief);
        assert_eq!(parsed.body, d.text);
        assert_eq!(parsed.field("format"), Some("pdf"));
    }
}

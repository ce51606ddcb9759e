//! Plain text and Markdown: UTF-8, read as they are (an optional
//! `title:`/`source:` header ended by `---` stays in the text: the
//! extractor reads it); a binary file is refused with a clear error.

use super::{Document, Kind};
use crate::error::{Diagnostic, Error, Result};
use std::path::Path;

pub fn read(path: &Path, kind: Kind) -> Result<Document> {
    let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
    if let Some(at) = bytes.iter().take(8192).position(|&b| b == 0) {
        return Err(Diagnostic::new(path, "this looks like a binary file, not a brief")
            .hint(format!(
                "byte {at} is NUL; extract reads plain text, Markdown, HTML, DOCX and PDF \
                 (name the file .pdf, .docx or .html if it is one; convert other formats to one of these)"
            ))
            .into());
    }
    let text = crate::error::decode_utf8(path, bytes)?;
    Ok(from_text(path, kind, text))
}

/// A document over text as it is: paragraphs are runs of non-blank lines.
pub fn from_text(path: &Path, kind: Kind, text: String) -> Document {
    let brief = crate::extract::Brief::parse(&text);
    let (title, date, author) = (
        brief.field("title").map(str::to_string),
        brief.field("date").map(str::to_string),
        brief.field("author").map(str::to_string),
    );
    let mut paragraphs = Vec::new();
    let mut start = None;
    let mut pos = brief.offset;
    for line in text[brief.offset..].split_inclusive('\n') {
        let blank = line.trim().is_empty();
        match (blank, start) {
            (false, None) => start = Some(pos),
            (true, Some(s)) => {
                paragraphs.push(s..pos);
                start = None;
            }
            _ => {}
        }
        pos += line.len();
    }
    if let Some(s) = start {
        paragraphs.push(s..text.trim_end().len().max(s));
    }
    let mut doc = Document::from_paragraphs(path, kind, &[]);
    doc.title = title;
    doc.date = date;
    doc.author = author;
    doc.text = text;
    doc.paragraphs = paragraphs;
    doc
}

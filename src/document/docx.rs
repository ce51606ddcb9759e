//! Word files (DOCX): the paragraphs and headings of `word/document.xml`,
//! the footnotes and endnotes of `word/footnotes.xml` and
//! `word/endnotes.xml` kept apart, title, author and date from
//! `docProps/core.xml`.
//!
//! A DOCX is a zip archive, read with the `zip` crate; every part is read
//! through a limit (64 MiB uncompressed, and at most 200 times its
//! compressed size), so a zip bomb is refused after reading no more than
//! that, whatever sizes its directory claims. The XML is read with
//! quick-xml, which expands no entities and loads no DTD.

use super::{unreadable, Document, Kind};
use crate::error::{Error, Result};
use quick_xml::events::Event;
use std::io::Read;
use std::path::Path;

/// The most any one part may unpack to.
const MAX_PART: u64 = 64 << 20;
/// The most a part may unpack to per byte of its compressed size.
const MAX_RATIO: u64 = 200;

pub fn read(path: &Path) -> Result<Document> {
    let file = std::fs::File::open(path).map_err(|e| Error::io(path, e))?;
    let mut zip = zip::ZipArchive::new(std::io::BufReader::new(file)).map_err(|e| {
        unreadable(
            path,
            format!("this is not a Word (DOCX) file: it is not a zip archive ({e})"),
            "save it from Word or LibreOffice as .docx (an old .doc must be converted: `soffice --headless --convert-to docx FILE.doc`)",
        )
    })?;
    let body = part(path, &mut zip, "word/document.xml")?.ok_or_else(|| {
        unreadable(
            path,
            "this zip archive is not a Word document: it has no word/document.xml",
            "extract reads .docx files saved by Word, LibreOffice, Google Docs or pandoc",
        )
    })?;
    let mut doc = Document::from_paragraphs(path, Kind::Docx, &[]);
    let mut headings = Vec::new();
    for p in paragraphs(path, "word/document.xml", &body)? {
        if p.style.as_deref() == Some("title") && doc.title.is_none() {
            doc.title = Some(p.text.clone());
        }
        if p.style.is_some() {
            headings.push(p.text.clone());
        }
        doc.push_paragraph(&p.text);
    }
    for name in ["word/footnotes.xml", "word/endnotes.xml"] {
        if let Some(xml) = part(path, &mut zip, name)? {
            for p in paragraphs(path, name, &xml)? {
                // Word's separator notes have no text.
                if !p.text.trim().is_empty() {
                    doc.notes.push(crate::extract::collapse(&p.text));
                }
            }
        }
    }
    if let Some(xml) = part(path, &mut zip, "docProps/core.xml")? {
        let core = core_properties(&xml);
        doc.title = core.0.or(doc.title);
        doc.author = core.1;
        doc.date = core.2;
    }
    if doc.title.is_none() {
        doc.title = headings.into_iter().next();
    }
    Ok(doc)
}

/// The text of one part of the archive, `None` if it has no such part.
fn part<R: Read + std::io::Seek>(
    path: &Path,
    zip: &mut zip::ZipArchive<R>,
    name: &str,
) -> Result<Option<String>> {
    let entry = match zip.by_name(name) {
        Ok(e) => e,
        Err(zip::result::ZipError::FileNotFound) => return Ok(None),
        Err(e) => {
            return Err(unreadable(
                path,
                format!("cannot read `{name}` in this Word file: {e}"),
                "the file is damaged; open it in Word or LibreOffice and save it again",
            ))
        }
    };
    let limit = MAX_PART.min(entry.compressed_size().max(1).saturating_mul(MAX_RATIO));
    let mut bytes = Vec::new();
    let read = entry.take(limit + 1).read_to_end(&mut bytes).map_err(|e| {
        unreadable(
            path,
            format!("cannot unpack `{name}` in this Word file: {e}"),
            "the file is damaged; open it in Word or LibreOffice and save it again",
        )
    })?;
    if read as u64 > limit {
        return Err(unreadable(
            path,
            format!(
                "`{name}` in this file unpacks to more than {limit} bytes ({MAX_RATIO} times its packed size or {MAX_PART} bytes): this looks like a zip bomb, not a Word document"
            ),
            "extract refuses it; if it is a genuine document, save it again from Word or LibreOffice, or convert it to text",
        ));
    }
    String::from_utf8(bytes).map(Some).map_err(|_| {
        unreadable(
            path,
            format!("`{name}` in this Word file is not UTF-8 XML"),
            "the file is damaged; open it in Word or LibreOffice and save it again",
        )
    })
}

/// A paragraph of WordprocessingML: its text and, for headings and
/// titles, its style (`title` or `heading`).
struct Para {
    text: String,
    style: Option<String>,
}

fn xml_error(path: &Path, part: &str, e: impl std::fmt::Display, at: u64) -> Error {
    unreadable(
        path,
        format!("`{part}` in this Word file is not well-formed XML (byte {at}): {e}"),
        "the file is damaged; open it in Word or LibreOffice and save it again",
    )
}

fn paragraphs(path: &Path, part: &str, xml: &str) -> Result<Vec<Para>> {
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut out = Vec::new();
    let mut text = String::new();
    let mut style: Option<String> = None;
    let mut in_text = false;
    // Text that is not the document's: deleted runs, field codes.
    let mut skip = 0usize;
    let mut depth = 0usize;
    loop {
        let ev = reader
            .read_event()
            .map_err(|e| xml_error(path, part, e, reader.buffer_position()))?;
        match ev {
            Event::Start(e) => {
                depth += 1;
                match e.local_name().into_inner() {
                    "p" => {
                        text.clear();
                        style = None;
                    }
                    "t" => in_text = true,
                    "del" | "instrText" | "delText" => skip += 1,
                    _ => {}
                }
            }
            Event::Empty(e) => match e.local_name().into_inner() {
                "tab" if skip == 0 => text.push('\t'),
                "br" | "cr" if skip == 0 => text.push(' '),
                "pStyle" => {
                    let val = e
                        .attributes()
                        .flatten()
                        .find(|a| a.key.local_name().into_inner() == "val")
                        .map(|a| a.value.to_ascii_lowercase());
                    style = val.and_then(|v| {
                        if v == "title" {
                            Some("title".to_string())
                        } else if v.starts_with("heading") || v.starts_with("berschrift") {
                            Some("heading".to_string())
                        } else {
                            None
                        }
                    });
                }
                _ => {}
            },
            Event::Text(t) if in_text && skip == 0 => {
                let s = t.xml10_content();
                text.push_str(&s);
            }
            Event::GeneralRef(r) if in_text && skip == 0 => text.push_str(&super::resolve_ref(&r)),
            Event::End(e) => {
                depth = depth.saturating_sub(1);
                match e.local_name().into_inner() {
                    "t" => in_text = false,
                    "del" | "instrText" | "delText" => skip = skip.saturating_sub(1),
                    "p" => out.push(Para {
                        text: std::mem::take(&mut text),
                        style: style.take(),
                    }),
                    _ => {}
                }
            }
            Event::DocType(_) => {
                return Err(xml_error(
                    path,
                    part,
                    "a DOCTYPE is not allowed",
                    reader.buffer_position(),
                ))
            }
            Event::Eof => break,
            _ => {}
        }
    }
    let _ = depth;
    Ok(out)
}

/// Title, creator and created date of `docProps/core.xml` (Dublin Core).
fn core_properties(xml: &str) -> (Option<String>, Option<String>, Option<String>) {
    let mut reader = quick_xml::Reader::from_str(xml);
    let (mut title, mut creator, mut date) = (None, None, None);
    let mut current: Option<String> = None;
    loop {
        match reader.read_event() {
            Ok(Event::Start(e)) => current = Some(e.local_name().into_inner().to_string()),
            Ok(Event::Text(t)) => {
                let value = crate::extract::collapse(&t.xml10_content());
                if value.is_empty() {
                    continue;
                }
                match current.as_deref() {
                    Some("title") => title = Some(value),
                    Some("creator") => creator = Some(value),
                    Some("created") => date = super::html::iso_date(&value),
                    _ => {}
                }
            }
            Ok(Event::End(_)) => current = None,
            Ok(Event::Eof) | Err(_) => break,
            _ => {}
        }
    }
    (title, creator, date)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paragraphs_headings_and_no_deleted_text() {
        let xml = r#"<w:document xmlns:w="x"><w:body>
<w:p><w:pPr><w:pStyle w:val="Heading1"/></w:pPr><w:r><w:t>Talks</w:t></w:r></w:p>
<w:p><w:r><w:t xml:space="preserve">Egypt urged </w:t></w:r><w:del><w:r><w:delText>Jordan</w:delText></w:r></w:del><w:r><w:t>Israel &amp; Qatar</w:t><w:footnoteReference w:id="2"/></w:r><w:r><w:tab/><w:t>to act.</w:t></w:r></w:p>
</w:body></w:document>"#;
        let ps = paragraphs(Path::new("x.docx"), "word/document.xml", xml).unwrap();
        assert_eq!(ps.len(), 2);
        assert_eq!(ps[0].style.as_deref(), Some("heading"));
        assert_eq!(ps[1].text, "Egypt urged Israel & Qatar\tto act.");
    }
}

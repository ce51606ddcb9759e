//! PDF files, through Poppler's `pdftotext -bbox-layout` (Debian package
//! `poppler-utils`): every word with its box, grouped by Poppler into
//! flows, blocks and lines in reading order (columns one after the other).
//!
//! No pure-Rust crate was good enough: `pdf-extract` and `lopdf` give the
//! text without positions or reading order, so columns interleave and
//! running headers cannot be told from the body. Poppler is the reference
//! text extractor of the free desktop, and handled every test document.
//!
//! From the boxes:
//! - running headers and footers are lines starting in the top or ending in the bottom 14 % of
//!   the page whose text (digits aside) comes back at the same height on
//!   two pages or more, and page numbers (`7`, `Page 7`, `7/12`, `7 of 12`);
//! - footnote markers are short raised words in a smaller size than their
//!   line, and are dropped; footnotes are the blocks in a smaller size than
//!   the body with no body text below them in their column, and are kept
//!   apart;
//! - words hyphenated at a line end are rejoined (`nego-` + `tiations`),
//!   soft hyphens are removed;
//! - blocks are joined into paragraphs across columns and pages when the
//!   first does not end a sentence, and headings (a larger size) stand alone;
//! - the title is the document's Title, else the largest line of page 1;
//!   the date its creation date.

use super::{run_tool, unreadable, Document, Kind};
use crate::error::Result;
use quick_xml::events::Event;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

const INSTALL: &str = "poppler-utils";

#[derive(Clone, Debug, Default)]
struct Word {
    y0: f64,
    y1: f64,
    text: String,
}

impl Word {
    fn height(&self) -> f64 {
        self.y1 - self.y0
    }
}

#[derive(Clone, Debug, Default)]
struct Line {
    words: Vec<Word>,
    x0: f64,
    x1: f64,
    y0: f64,
    y1: f64,
}

#[derive(Clone, Debug, Default)]
struct Block {
    lines: Vec<Line>,
}

#[derive(Clone, Debug, Default)]
struct Page {
    height: f64,
    blocks: Vec<Block>,
}

/// What `pdftotext -bbox-layout` gave: pages and the document's metadata.
#[derive(Debug, Default)]
struct Layout {
    pages: Vec<Page>,
    meta: BTreeMap<String, String>,
    title: Option<String>,
}

pub fn read(path: &Path) -> Result<Document> {
    let out = run_tool(
        path,
        "pdftotext",
        &[
            "-bbox-layout".as_ref(),
            "-enc".as_ref(),
            "UTF-8".as_ref(),
            path.as_os_str(),
            "-".as_ref(),
        ],
        INSTALL,
    )?;
    let stderr = String::from_utf8_lossy(&out.stderr);
    if !out.status.success() {
        if stderr.contains("password") || stderr.contains("ncrypt") {
            return Err(unreadable(
                path,
                "this PDF is encrypted with a password, so its text cannot be read",
                "decrypt it with the password first, e.g. `qpdf --decrypt --password=PASSWORD in.pdf out.pdf`, and extract out.pdf",
            ));
        }
        let first = stderr
            .lines()
            .find(|l| !l.trim().is_empty())
            .unwrap_or("pdftotext failed")
            .trim();
        return Err(damaged(path, first));
    }
    let xml = String::from_utf8_lossy(&out.stdout);
    let layout = parse_layout(&xml).map_err(|e| damaged(path, &e))?;
    if layout.pages.is_empty() {
        return Err(damaged(path, "no page could be read"));
    }
    let words: usize = layout
        .pages
        .iter()
        .flat_map(|p| &p.blocks)
        .flat_map(|b| &b.lines)
        .map(|l| l.words.len())
        .sum();
    if words == 0 {
        return Err(unreadable(
            path,
            format!(
                "this PDF has no text layer ({} page(s) of images only: a scan or a picture of text)",
                layout.pages.len()
            ),
            "run OCR on it first, e.g. `ocrmypdf in.pdf out.pdf` (Debian package ocrmypdf), and extract out.pdf",
        ));
    }
    Ok(assemble(path, layout))
}

fn damaged(path: &Path, why: &str) -> crate::error::Error {
    unreadable(
        path,
        format!("cannot read this PDF: {why}"),
        "the file is damaged or not a PDF; open it in a PDF viewer and print it to a new PDF, or try `qpdf in.pdf repaired.pdf`, and extract the new file",
    )
}

fn attr(e: &quick_xml::events::BytesStart, name: &str) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| a.key.into_inner() == name)
        .map(|a| a.value.into_owned())
}

fn num(e: &quick_xml::events::BytesStart, name: &str) -> f64 {
    attr(e, name).and_then(|v| v.parse().ok()).unwrap_or(0.0)
}

fn parse_layout(xml: &str) -> std::result::Result<Layout, String> {
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut layout = Layout::default();
    let mut word: Option<Word> = None;
    let mut in_title = false;
    let mut title = String::new();
    loop {
        let ev = reader
            .read_event()
            .map_err(|e| format!("Poppler's output is not XML ({e})"))?;
        match ev {
            Event::Start(e) | Event::Empty(e) => match e.local_name().into_inner() {
                "page" => layout.pages.push(Page {
                    height: num(&e, "height"),
                    blocks: Vec::new(),
                }),
                "block" => {
                    if let Some(p) = layout.pages.last_mut() {
                        p.blocks.push(Block::default());
                    }
                }
                "line" => {
                    if let Some(b) = layout.pages.last_mut().and_then(|p| p.blocks.last_mut()) {
                        b.lines.push(Line {
                            words: Vec::new(),
                            x0: num(&e, "xMin"),
                            x1: num(&e, "xMax"),
                            y0: num(&e, "yMin"),
                            y1: num(&e, "yMax"),
                        });
                    }
                }
                "word" => {
                    word = Some(Word {
                        y0: num(&e, "yMin"),
                        y1: num(&e, "yMax"),
                        text: String::new(),
                    })
                }
                "meta" => {
                    if let (Some(k), Some(v)) = (attr(&e, "name"), attr(&e, "content")) {
                        layout.meta.insert(k, v);
                    }
                }
                "title" => in_title = true,
                _ => {}
            },
            Event::Text(t) => {
                let s = t.xml10_content();
                if let Some(w) = word.as_mut() {
                    w.text.push_str(&s);
                } else if in_title {
                    title.push_str(&s);
                }
            }
            Event::GeneralRef(r) => {
                let s = super::resolve_ref(&r);
                if let Some(w) = word.as_mut() {
                    w.text.push_str(&s);
                } else if in_title {
                    title.push_str(&s);
                }
            }
            Event::End(e) => match e.local_name().into_inner() {
                "word" => {
                    if let (Some(w), Some(l)) = (
                        word.take(),
                        layout
                            .pages
                            .last_mut()
                            .and_then(|p| p.blocks.last_mut())
                            .and_then(|b| b.lines.last_mut()),
                    ) {
                        if !w.text.trim().is_empty() {
                            l.words.push(w);
                        }
                    }
                }
                "title" => in_title = false,
                _ => {}
            },
            Event::Eof => break,
            _ => {}
        }
    }
    let title = crate::extract::collapse(&title);
    layout.title = Some(title).filter(|t| !t.is_empty());
    Ok(layout)
}

fn median(mut v: Vec<f64>) -> f64 {
    if v.is_empty() {
        return 0.0;
    }
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

/// A line's words without its footnote markers (short raised words in a
/// smaller size than the rest of the line).
fn line_words(line: &Line) -> Vec<&str> {
    let body = median(line.words.iter().map(Word::height).collect());
    let base = line
        .words
        .iter()
        .filter(|w| w.height() >= body * 0.9)
        .map(|w| w.y1)
        .fold(f64::MIN, f64::max);
    line.words
        .iter()
        .enumerate()
        .filter(|(i, w)| {
            let t = w.text.trim_matches(['[', ']', '(', ')', ',']);
            let marker = *i > 0
                && !t.is_empty()
                && t.chars().count() <= 3
                && t.chars()
                    .all(|c| c.is_ascii_alphanumeric() || "*†‡§".contains(c))
                && w.height() < body * 0.9
                && w.y1 < base - 0.15 * body;
            !marker
        })
        .map(|(_, w)| w.text.as_str())
        .collect()
}

fn line_height(line: &Line) -> f64 {
    median(line.words.iter().map(Word::height).collect())
}

/// Page furniture's text: digits stand for any digit, space collapsed.
fn furniture_key(text: &str) -> String {
    text.chars()
        .map(|c| if c.is_ascii_digit() { '#' } else { c })
        .filter(|c| !c.is_whitespace())
        .collect()
}

/// `7`, `- 7 -`, `Page 7`, `7/12`, `7 of 12`, `vii`.
fn is_page_number(text: &str) -> bool {
    let t = text.trim().trim_matches(['-', '–', '—', ' ', '|']).trim();
    let lower = t.to_lowercase();
    let t = lower
        .strip_prefix("page")
        .or_else(|| lower.strip_prefix("p."))
        .unwrap_or(&lower)
        .trim();
    let parts: Vec<&str> = t
        .split(|c: char| c == '/' || c.is_whitespace())
        .filter(|p| !p.is_empty() && *p != "of")
        .collect();
    (1..=2).contains(&parts.len())
        && parts.iter().all(|p| {
            p.chars().all(|c| c.is_ascii_digit())
                || (p.len() <= 5 && p.chars().all(|c| "ivxlc".contains(c)))
        })
}

fn ends_sentence(text: &str) -> bool {
    let t = text.trim_end_matches(['"', '”', '’', '\'', ')', ']']);
    t.ends_with(['.', '!', '?', ':', ';'])
}

fn is_hyphen(c: char) -> bool {
    matches!(c, '-' | '\u{2010}' | '\u{00ad}')
}

/// Appends a line (or block) to a paragraph, rejoining a word hyphenated
/// at the end of the previous one.
fn join_into(par: &mut String, next: &str) {
    let next = next.trim();
    if next.is_empty() {
        return;
    }
    if par.is_empty() {
        par.push_str(next);
        return;
    }
    let mut chars = par.chars().rev();
    let (last, before) = (chars.next(), chars.next());
    let hyphenated = last.is_some_and(is_hyphen)
        && before.is_some_and(char::is_alphabetic)
        && next.starts_with(|c: char| c.is_lowercase());
    // `US-` + `Israel`: a compound broken after its hyphen keeps it.
    let compound = last.is_some_and(|c| c == '-' || c == '\u{2010}')
        && before.is_some_and(char::is_alphanumeric)
        && next.starts_with(|c: char| c.is_uppercase() || c.is_ascii_digit());
    if hyphenated {
        par.pop();
    } else if !compound {
        par.push(' ');
    }
    par.push_str(next);
}

/// A block's text, size and box, and the column it was put in.
struct Text {
    text: String,
    height: f64,
    x0: f64,
    x1: f64,
    y0: f64,
    /// The top of each of its lines.
    tops: Vec<f64>,
    /// The top of its last line.
    last_y0: f64,
    /// Centred in the page and narrower than a column: a title or byline.
    centered: bool,
    column: usize,
}

/// A block's lines as one text (hyphenated words rejoined), with its box.
fn block_text(lines: &[&Line]) -> Option<Text> {
    let first = lines.first()?;
    let mut text = String::new();
    for l in lines {
        // Soft hyphens go; one ending a line is the break's hyphen.
        let line = line_words(l).join(" ");
        let soft = line.ends_with('\u{00ad}');
        let mut line: String = line.chars().filter(|&c| c != '\u{00ad}').collect();
        if soft && !line.ends_with(is_hyphen) {
            line.push('-');
        }
        join_into(&mut text, &line);
    }
    Some(Text {
        text,
        height: median(lines.iter().map(|l| line_height(l)).collect()),
        x0: lines.iter().map(|l| l.x0).fold(f64::MAX, f64::min),
        x1: lines.iter().map(|l| l.x1).fold(f64::MIN, f64::max),
        y0: first
            .y0
            .min(lines.iter().map(|l| l.y0).fold(f64::MAX, f64::min)),
        tops: lines.iter().map(|l| l.y0).collect(),
        last_y0: lines.last().map_or(first.y0, |l| l.y0),
        centered: false,
        column: 0,
    })
}

/// The blocks of a page in reading order: blocks that span the text's
/// width or sit in its middle (titles, bylines, wide figures) divide the
/// page into bands; in a band, blocks whose widths overlap form a column,
/// columns are read left to right, each from top to bottom.
fn reading_order(mut blocks: Vec<Text>) -> Vec<Text> {
    if blocks.is_empty() {
        return blocks;
    }
    let left = blocks.iter().map(|b| b.x0).fold(f64::MAX, f64::min);
    let right = blocks.iter().map(|b| b.x1).fold(f64::MIN, f64::max);
    let (width, middle) = (right - left, (left + right) / 2.0);
    let centered =
        |b: &Text| ((b.x0 + b.x1) / 2.0 - middle).abs() < 0.05 * width && b.x1 - b.x0 < 0.5 * width;
    let spans = |b: &Text| b.x1 - b.x0 > 0.6 * width || centered(b);
    for b in &mut blocks {
        b.centered = centered(b);
    }
    // Rows: blocks that start at about the same height (pieces of one
    // justified line) are read left to right.
    blocks.sort_by(|a, b| a.y0.total_cmp(&b.y0).then(a.x0.total_cmp(&b.x0)));
    let mut row_of = Vec::with_capacity(blocks.len());
    let mut row = 0usize;
    let mut row_top = f64::MIN;
    for b in &blocks {
        if b.y0 - row_top > 0.5 * b.height.max(1.0) {
            row += 1;
            row_top = b.y0;
        }
        row_of.push(row);
    }
    let mut blocks: Vec<(usize, Text)> = row_of.into_iter().zip(blocks).collect();
    blocks.sort_by(|a, b| a.0.cmp(&b.0).then(a.1.x0.total_cmp(&b.1.x0)));
    let mut out: Vec<Text> = Vec::new();
    let mut band: Vec<(usize, Text)> = Vec::new();
    let mut column_base = 0;
    let flush = |band: &mut Vec<(usize, Text)>, out: &mut Vec<Text>, column_base: &mut usize| {
        if band.is_empty() {
            return;
        }
        // Columns: unions of overlapping x-ranges, left to right.
        let mut ranges: Vec<(f64, f64)> = Vec::new();
        let mut by_x: Vec<(f64, f64)> = band.iter().map(|b| (b.1.x0, b.1.x1)).collect();
        by_x.sort_by(|a, b| a.0.total_cmp(&b.0));
        for (x0, x1) in by_x {
            match ranges.last_mut() {
                Some(r) if x0 < r.1 - 1.0 => r.1 = r.1.max(x1),
                _ => ranges.push((x0, x1)),
            }
        }
        for (_, b) in band.iter_mut() {
            b.column = *column_base
                + ranges
                    .iter()
                    .position(|r| b.x0 >= r.0 && b.x0 < r.1 + 1.0)
                    .unwrap_or(0);
        }
        band.sort_by(|a, b| {
            (a.1.column, a.0)
                .cmp(&(b.1.column, b.0))
                .then(a.1.x0.total_cmp(&b.1.x0))
        });
        *column_base += ranges.len().max(1);
        out.extend(band.drain(..).map(|(_, b)| b));
    };
    // Consecutive spanning blocks (the lines of a title, the paragraphs of
    // a one-column page) share one column.
    let mut spanning = false;
    for (row, b) in blocks {
        if spans(&b) {
            flush(&mut band, &mut out, &mut column_base);
            if !spanning {
                column_base += 1;
            }
            let mut b = b;
            b.column = column_base;
            out.push(b);
            spanning = true;
        } else {
            if spanning {
                column_base += 1;
            }
            band.push((row, b));
            spanning = false;
        }
    }
    flush(&mut band, &mut out, &mut column_base);
    out
}

fn assemble(path: &Path, layout: Layout) -> Document {
    let pages = &layout.pages;
    // Running headers and footers: the same text at the same height in the
    // top or bottom 14 % of two pages or more.
    let band = |page: &Page, line: &Line| {
        let h = page.height.max(1.0);
        if line.y0 <= h * 0.14 {
            Some(0)
        } else if line.y1 >= h * 0.86 {
            Some(1)
        } else {
            None
        }
    };
    let key = |page: &Page, line: &Line| {
        band(page, line).map(|b| {
            (
                b,
                (line.y0 / 3.0).round() as i64,
                furniture_key(&line_words(line).join(" ")),
            )
        })
    };
    let mut seen: BTreeMap<(i32, i64, String), BTreeSet<usize>> = BTreeMap::new();
    for (i, page) in pages.iter().enumerate() {
        for line in page.blocks.iter().flat_map(|b| &b.lines) {
            if let Some(k) = key(page, line) {
                seen.entry(k).or_default().insert(i);
            }
        }
    }
    let is_furniture = |page: &Page, line: &Line| {
        key(page, line).is_some_and(|k| {
            seen.get(&k).is_some_and(|s| s.len() >= 2)
                || is_page_number(&line_words(line).join(" "))
        })
    };
    // The body's size: the median height of the words that are not furniture.
    let body = median(
        pages
            .iter()
            .flat_map(|p| p.blocks.iter().flat_map(|b| &b.lines).map(move |l| (p, l)))
            .filter(|(p, l)| !is_furniture(p, l))
            .flat_map(|(_, l)| l.words.iter().map(Word::height))
            .collect(),
    );
    let mut doc = Document::from_paragraphs(path, Kind::Pdf, &[]);
    // Every page's blocks in reading order, footnotes set apart.
    let mut ordered: Vec<(usize, Text)> = Vec::new();
    for (pi, page) in pages.iter().enumerate() {
        let blocks: Vec<Text> = page
            .blocks
            .iter()
            .filter_map(|b| {
                let lines: Vec<&Line> = b
                    .lines
                    .iter()
                    .filter(|l| !l.words.is_empty() && !is_furniture(page, l))
                    .collect();
                block_text(&lines)
            })
            .collect();
        let blocks = reading_order(blocks);
        let is_body_size = |h: f64| h >= body * 0.85;
        // Small print with no body text below it in its column: footnotes.
        let is_note = |b: &Text| {
            !is_body_size(b.height)
                && !blocks
                    .iter()
                    .any(|o| is_body_size(o.height) && o.y0 > b.y0 && o.x0 < b.x1 && b.x0 < o.x1)
        };
        let notes: Vec<bool> = blocks.iter().map(is_note).collect();
        let mut marker: Option<String> = None;
        let first_note = doc.notes.len();
        for (b, note) in blocks.into_iter().zip(notes) {
            if !note {
                ordered.push((pi, b));
            } else if b.text.chars().count() <= 3 {
                // A note's number on a line of its own goes with its text:
                // the note read just before it (when it lacks a number), or the next.
                let has_own = doc.notes.len() > first_note;
                match doc.notes.last_mut() {
                    Some(last) if has_own && !last.starts_with(|c: char| c.is_ascii_digit()) => {
                        *last = format!("{} {last}", b.text);
                    }
                    _ => marker = Some(b.text),
                }
            } else {
                let text = match marker.take() {
                    Some(m) => format!("{m} {}", b.text),
                    None => b.text,
                };
                doc.notes.push(text);
            }
        }
        if let Some(m) = marker {
            doc.notes.push(m);
        }
    }
    // The distance from one line to the next inside a paragraph: the most
    // common distance between consecutive body lines of a column.
    let body_size = |t: &Text| (t.height / body.max(0.01) - 1.0).abs() < 0.15;
    let mut gaps: Vec<f64> = ordered
        .iter()
        .filter(|(_, t)| body_size(t))
        .flat_map(|(_, t)| t.tops.windows(2).map(|w| w[1] - w[0]))
        .collect();
    gaps.extend(
        ordered
            .windows(2)
            .filter(|w| {
                w[0].0 == w[1].0
                    && w[0].1.column == w[1].1.column
                    && body_size(&w[0].1)
                    && body_size(&w[1].1)
            })
            .map(|w| w[1].1.y0 - w[0].1.last_y0),
    );
    gaps.retain(|&d| d > body * 0.5 && d < body * 3.0);
    let pitch = if gaps.is_empty() {
        body * 1.2
    } else {
        median(gaps)
    };
    // (text, size, page of its first words)
    let mut paras: Vec<(String, f64, usize)> = Vec::new();
    // Per page: (paragraph index, byte offset in it) where the page starts.
    let mut marks: Vec<Option<(usize, usize)>> = vec![None; pages.len()];
    let mut prev: Option<(usize, Text)> = None;
    for (pi, b) in ordered {
        let h = b.height;
        // A paragraph goes on across a column or page break, or to the
        // next block of its column when no paragraph gap comes between.
        // Within a column, a block right below the last (no paragraph gap)
        // goes on with it; after a column or page break, a paragraph goes
        // on when its sentence does. Titles and bylines (centred) go on
        // only with each other.
        let (same_place, moved) = prev.as_ref().map_or((false, false), |(pp, p)| {
            let heading = |t: &Text| t.height > body * 1.15;
            let centred_ok = p.centered == b.centered || (heading(p) && heading(&b));
            let same = *pp == pi && p.column == b.column;
            let down = b.y0 - p.last_y0;
            let same_row = down.abs() < 0.5 * h;
            let next_line = down > 0.0 && down < 1.25 * pitch.max(h * 1.2);
            (
                centred_ok && same && (same_row || next_line),
                centred_ok && !b.centered && !same,
            )
        });
        let join = paras.last().is_some_and(|(text, ph, _)| {
            (ph / h.max(0.01) - 1.0).abs() < 0.15
                && (same_place
                    || (moved
                        && (!ends_sentence(text)
                            || b.text.starts_with(|c: char| c.is_lowercase()))))
        });
        if join {
            let last = paras.len() - 1;
            let (text, _, _) = &mut paras[last];
            if marks[pi].is_none() {
                marks[pi] = Some((last, text.len() + 1));
            }
            join_into(text, &b.text);
        } else {
            paras.push((b.text.clone(), h, pi));
            if marks[pi].is_none() {
                marks[pi] = Some((paras.len() - 1, 0));
            }
        }
        prev = Some((pi, b));
    }
    let largest = paras
        .iter()
        .filter(|p| p.2 == 0 && p.1 > body * 1.15)
        .max_by(|a, b| a.1.total_cmp(&b.1))
        .map(|p| p.0.clone());
    let mut starts = Vec::new();
    for (text, _, _) in &paras {
        starts.push(if doc.text.is_empty() {
            0
        } else {
            doc.text.len() + 2
        });
        doc.push_paragraph(text);
    }
    // A page without body text starts where the next one does.
    let mut next = doc.text.len();
    let mut page_starts = vec![0; marks.len()];
    for (i, m) in marks.iter().enumerate().rev() {
        if let Some((p, off)) = m {
            // A rejoined hyphen moved the join point one byte back at most.
            next = (starts[*p] + off).min(starts[*p] + paras[*p].0.len());
            while !doc.text.is_char_boundary(next) {
                next -= 1;
            }
        }
        page_starts[i] = next;
    }
    page_starts[0] = 0;
    doc.pages = page_starts;
    let meta_title = layout.title.filter(|t| {
        let l = t.to_lowercase();
        !(l.starts_with("untitled")
            || l.starts_with("microsoft word")
            || l.ends_with(".docx")
            || l.ends_with(".doc")
            || l.ends_with(".pdf"))
    });
    doc.title = meta_title.or(largest);
    doc.author = layout.meta.get("Author").cloned().filter(|a| !a.is_empty());
    doc.date = layout
        .meta
        .get("CreationDate")
        .and_then(|d| super::html::iso_date(d));
    doc
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_numbers_and_hyphens() {
        for t in ["7", "- 7 -", "Page 7", "7/12", "7 of 12", "xii"] {
            assert!(is_page_number(t), "{t}");
        }
        for t in ["Egypt", "2024 talks", "7 May"] {
            assert!(!is_page_number(t), "{t}");
        }
        let mut p = String::from("the nego\u{2010}");
        join_into(&mut p, "tiations stalled");
        assert_eq!(p, "the negotiations stalled");
        let mut p = String::from("a US-");
        join_into(&mut p, "Israel link");
        assert_eq!(p, "a US-Israel link");
    }
}

//! Errors: positioned diagnostics for bad input, and the crate's error type.
//!
//! Parsers collect every [`Diagnostic`] they find rather than stopping at the
//! first; the CLI draws them with a caret under the offending text.

use std::fmt;
use std::path::{Path, PathBuf};

/// A 1-based position in a text file, with its byte offset.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord)]
pub struct Position {
    pub line: usize,
    pub column: usize,
    pub offset: usize,
}

impl Position {
    /// The position of byte `offset` in `text` (columns count characters).
    pub fn of_offset(text: &str, offset: usize) -> Position {
        let offset = offset.min(text.len());
        let before = &text[..floor_char_boundary(text, offset)];
        let line = before.matches('\n').count() + 1;
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        let column = before[line_start..].chars().count() + 1;
        Position {
            line,
            column,
            offset,
        }
    }
}

fn floor_char_boundary(text: &str, mut i: usize) -> usize {
    while i > 0 && !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// One problem found in an input file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    /// The file, as the user named it.
    pub file: PathBuf,
    /// Where the problem starts; `None` for a problem with the whole file.
    pub position: Option<Position>,
    /// How many characters to underline (at least 1).
    pub width: usize,
    /// What is wrong, without a final period.
    pub message: String,
    /// What was expected there, if that helps.
    pub expected: Option<String>,
    /// A suggestion (`did you mean CMCC?`).
    pub hint: Option<String>,
    /// The part of the offending line shown in the caret snippet: at most
    /// about [`SNIPPET_CHARS`] characters around the column, with `…` where
    /// the line goes on, so a diagnostic stays small whatever the line's length.
    pub line_text: Option<String>,
    /// The 1-based character column of the caret within `line_text`.
    pub snippet_column: usize,
    /// Problems of the same file found after this one and left out (see
    /// [`push_capped`]): they are counted, not kept.
    pub more: usize,
}

/// Adds a problem of one file to `list`, keeping at most
/// [`SHOWN_PER_FILE`]; later ones only raise the count of the last kept
/// one. Parsers call [`keeps_more`] first to skip positioning a problem
/// that will not be shown (finding its line and column scans the file).
pub fn push_capped(list: &mut Vec<Diagnostic>, d: Diagnostic) {
    if keeps_more(list.len()) {
        list.push(d);
    } else if let Some(last) = list.last_mut() {
        last.more += 1 + d.more;
    }
}

/// Whether a list of `len` problems of one file takes another one.
pub fn keeps_more(len: usize) -> bool {
    len < SHOWN_PER_FILE
}

/// Characters of the offending line a snippet shows at most (plus the `…` marks).
pub const SNIPPET_CHARS: usize = 100;
/// Characters of the line a snippet shows before the column.
const SNIPPET_BEFORE: usize = 40;
/// Characters a message, expectation or hint keeps at most (the middle of a
/// longer one, e.g. a huge value quoted in it, is cut out with `…`).
pub const MESSAGE_CHARS: usize = 400;
/// Problems shown per file; the rest are counted.
pub const SHOWN_PER_FILE: usize = 10;

/// `text` cut to at most `max` characters: its start and its end with `…`
/// between them.
pub fn clip(text: String, max: usize) -> String {
    if text.len() <= max {
        return text;
    }
    let count = text.chars().count();
    if count <= max {
        return text;
    }
    let tail = max / 4;
    let head = max - tail - 1;
    let head_end = text.char_indices().nth(head).map_or(text.len(), |(i, _)| i);
    let tail_start = text
        .char_indices()
        .nth(count - tail)
        .map_or(text.len(), |(i, _)| i);
    format!("{}…{}", &text[..head_end], &text[tail_start..])
}

/// The window of `line` shown for a caret at bytes `start..end` (both on
/// char boundaries): the text, with `…` marks, the caret's 1-based column
/// in it and the caret's width, clipped to the window.
fn window(line: &str, start: usize, end: usize) -> (String, usize, usize) {
    let from = line[..start]
        .char_indices()
        .rev()
        .take(SNIPPET_BEFORE)
        .last()
        .map_or(start, |(i, _)| i);
    let after = SNIPPET_CHARS - line[from..start].chars().count();
    let to = line[start..]
        .char_indices()
        .nth(after)
        .map_or(line.len(), |(i, _)| start + i);
    let mut text = String::with_capacity(to - from + 8);
    let mut column = 1;
    if from > 0 {
        text.push('…');
        column += 1;
    }
    column += line[from..start].chars().count();
    text.push_str(&line[from..to].replace('\t', " "));
    if to < line.len() {
        text.push('…');
    }
    let width = line[start..end.clamp(start, to)].chars().count().max(1);
    (text, column, width)
}

impl Diagnostic {
    pub fn new(file: impl Into<PathBuf>, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            file: file.into(),
            position: None,
            width: 1,
            message: message.into(),
            expected: None,
            hint: None,
            line_text: None,
            snippet_column: 1,
            more: 0,
        }
        .clipped()
    }

    /// The message cut to [`MESSAGE_CHARS`].
    fn clipped(mut self) -> Diagnostic {
        self.message = clip(std::mem::take(&mut self.message), MESSAGE_CHARS);
        self
    }

    /// Places the diagnostic at bytes `start..end` of `text`, the whole file.
    pub fn at(mut self, text: &str, start: usize, end: usize) -> Diagnostic {
        let pos = Position::of_offset(text, start);
        let line_start = text[..floor_char_boundary(text, pos.offset)]
            .rfind('\n')
            .map_or(0, |i| i + 1);
        let line_end = text[line_start..]
            .find('\n')
            .map_or(text.len(), |i| line_start + i);
        let off = floor_char_boundary(text, pos.offset);
        let end = floor_char_boundary(text, end.clamp(off, line_end));
        self.width = text[off..end].chars().count().max(1);
        let line = text[line_start..line_end].trim_end_matches('\r');
        let start = (off - line_start).min(line.len());
        let (shown, column, _) = window(line, start, (end - line_start).min(line.len()));
        self.line_text = Some(shown);
        self.snippet_column = column;
        self.position = Some(pos);
        self
    }

    /// Places the diagnostic at bytes `start..end` of `line_text`, which is
    /// line `line` (1-based) of the file: no scan of the whole file.
    pub fn in_line(mut self, line: usize, line_text: &str, start: usize, end: usize) -> Diagnostic {
        let line_text = line_text.trim_end_matches(['\n', '\r']);
        let start = floor_char_boundary(line_text, start.min(line_text.len()));
        let end = floor_char_boundary(line_text, end.clamp(start, line_text.len()));
        self.position = Some(Position {
            line,
            column: line_text[..start].chars().count() + 1,
            offset: start,
        });
        self.width = line_text[start..end].chars().count().max(1);
        let (shown, column, _) = window(line_text, start, end);
        self.line_text = Some(shown);
        self.snippet_column = column;
        self
    }

    /// Places the diagnostic at a known line and column, without a snippet.
    pub fn at_line(mut self, line: usize, column: usize) -> Diagnostic {
        self.position = Some(Position {
            line,
            column,
            offset: 0,
        });
        self
    }

    pub fn expected(mut self, expected: impl Into<String>) -> Diagnostic {
        self.expected = Some(clip(expected.into(), MESSAGE_CHARS));
        self
    }

    pub fn hint(mut self, hint: impl Into<String>) -> Diagnostic {
        self.hint = Some(clip(hint.into(), MESSAGE_CHARS));
        self
    }

    pub fn hint_opt(mut self, hint: Option<String>) -> Diagnostic {
        self.hint = hint.map(|h| clip(h, MESSAGE_CHARS));
        self
    }
}

impl fmt::Display for Diagnostic {
    /// `file:line:col: message`, then the line with a caret, then the
    /// expectation and the hint, in the manner of rustc.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let file = self.file.display();
        match self.position {
            Some(p) => write!(f, "{file}:{}:{}: {}", p.line, p.column, self.message)?,
            None => write!(f, "{file}: {}", self.message)?,
        }
        if let (Some(p), Some(text)) = (self.position, &self.line_text) {
            let gutter = p.line.to_string().len();
            write!(
                f,
                "\n{:gutter$} |\n{} | {}\n{:gutter$} | ",
                "", p.line, text, ""
            )?;
            // The caret stays inside the shown window.
            let column = self.snippet_column.min(text.chars().count() + 1);
            let room = (text.chars().count() + 1).saturating_sub(column).max(1);
            write!(
                f,
                "{}{}",
                " ".repeat(column.saturating_sub(1)),
                "^".repeat(self.width.min(room))
            )?;
            if let Some(expected) = &self.expected {
                write!(f, " expected {expected}")?;
            }
        } else if let Some(expected) = &self.expected {
            write!(f, "\n  expected {expected}")?;
        }
        if let Some(hint) = &self.hint {
            write!(f, "\n  help: {hint}")?;
        }
        Ok(())
    }
}

/// Everything that can go wrong in briefgraph.
#[derive(Debug)]
pub enum Error {
    /// An input file could not be read.
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    /// An input file was read but is not valid; all problems found in it.
    Invalid(Vec<Diagnostic>),
    /// A request that cannot be carried out (unknown format, missing tool…).
    Usage {
        message: String,
        hint: Option<String>,
    },
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    pub fn io(path: &Path, source: std::io::Error) -> Error {
        Error::Io {
            path: path.to_path_buf(),
            source,
        }
    }

    pub fn usage(message: impl Into<String>) -> Error {
        Error::Usage {
            message: message.into(),
            hint: None,
        }
    }

    pub fn usage_hint(message: impl Into<String>, hint: impl Into<String>) -> Error {
        Error::Usage {
            message: message.into(),
            hint: Some(hint.into()),
        }
    }
}

impl From<Diagnostic> for Error {
    fn from(d: Diagnostic) -> Error {
        Error::Invalid(vec![d])
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Io { path, source } => {
                write!(f, "{}: {}", path.display(), source)?;
                if source.kind() == std::io::ErrorKind::NotFound {
                    write!(f, "\n  help: check the path; run from the project root or pass the file explicitly")?;
                }
                Ok(())
            }
            Error::Invalid(diags) => {
                // At most SHOWN_PER_FILE problems of each file, then a count.
                let mut shown: Vec<(&Path, usize)> = Vec::new();
                let mut first = true;
                for d in diags {
                    let i = match shown.iter().position(|(p, _)| *p == d.file.as_path()) {
                        Some(i) => i,
                        None => {
                            shown.push((d.file.as_path(), 0));
                            shown.len() - 1
                        }
                    };
                    shown[i].1 += 1 + d.more;
                    if shown[i].1 - d.more <= SHOWN_PER_FILE {
                        if !first {
                            f.write_str("\n")?;
                        }
                        first = false;
                        write!(f, "{d}")?;
                    }
                }
                for (file, n) in shown {
                    if n > SHOWN_PER_FILE {
                        write!(
                            f,
                            "\n{}: {} more problems not shown (the first {SHOWN_PER_FILE} are above)",
                            file.display(),
                            n - SHOWN_PER_FILE
                        )?;
                    }
                }
                Ok(())
            }
            Error::Usage { message, hint } => {
                f.write_str(message)?;
                if let Some(hint) = hint {
                    write!(f, "\n  help: {hint}")?;
                }
                Ok(())
            }
        }
    }
}

impl std::error::Error for Error {}

/// Reads a text file as UTF-8, naming the file and the position of the
/// first invalid byte when it is not.
pub fn read_text(path: &Path) -> Result<String> {
    let mut bytes = Vec::new();
    read_bytes_into(path, &mut bytes)?;
    decode_utf8(path, bytes)
}

/// Reads a whole file into `buf` (cleared first), refusing a file over
/// [`crate::limits::FILE_BYTES`] before reading it.
pub fn read_bytes_into(path: &Path, buf: &mut Vec<u8>) -> Result<()> {
    use std::io::Read;
    let limit = crate::limits::FILE_BYTES;
    buf.clear();
    let mut file = std::fs::File::open(path).map_err(|e| Error::io(path, e))?;
    let len = file.metadata().map_err(|e| Error::io(path, e))?.len();
    if limit.exceeded(len) {
        let found = format!("the file has {} bytes", crate::limits::thousands(len));
        return Err(limit.diagnostic(path, &found).into());
    }
    buf.reserve_exact(len as usize + 1);
    file.read_to_end(buf).map_err(|e| Error::io(path, e))?;
    Ok(())
}

/// Decodes bytes read from `path` as UTF-8 (a leading BOM is dropped).
pub fn decode_utf8(path: &Path, bytes: Vec<u8>) -> Result<String> {
    match String::from_utf8(bytes) {
        Ok(mut s) => {
            if s.starts_with('\u{feff}') {
                s.drain(..3);
            }
            Ok(s)
        }
        Err(e) => {
            let valid = e.utf8_error().valid_up_to();
            let bytes = e.into_bytes();
            let prefix = std::str::from_utf8(&bytes[..valid]).unwrap_or_default();
            let pos = Position::of_offset(prefix, valid);
            Err(Diagnostic::new(path, "file is not valid UTF-8 text")
                .at_line(pos.line, pos.column)
                .hint(format!(
                    "byte 0x{:02x} at offset {valid} is not UTF-8; convert the file, e.g. `iconv -f latin1 -t utf-8`",
                    bytes[valid]
                ))
                .into())
        }
    }
}

/// Parses a TOML file's text into `T`; a syntax or shape error becomes a
/// diagnostic at its span, saying what kind of file it is (`what`) and how
/// such a file looks (`hint`).
pub fn parse_toml<T: serde::de::DeserializeOwned>(
    path: &Path,
    text: &str,
    what: &str,
    hint: &str,
) -> Result<T> {
    toml::from_str(text).map_err(|e| {
        let span = e.span().unwrap_or(0..0);
        Diagnostic::new(path, format!("invalid {what} file: {}", e.message()))
            .at(text, span.start, span.end)
            .hint(hint)
            .into()
    })
}

/// Levenshtein distance over characters, for "did you mean" hints.
pub fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for (i, ca) in a.chars().enumerate() {
        cur[0] = i + 1;
        for (j, &cb) in b.iter().enumerate() {
            let cost = usize::from(ca != cb);
            cur[j + 1] = (prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

/// The candidate closest to `wanted`, if it is close enough to be a typo.
pub fn closest<'a>(wanted: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let lower = wanted.to_lowercase();
    let limit = (wanted.chars().count() / 3).max(1);
    let len = lower.chars().count();
    candidates
        .into_iter()
        // Lengths further apart than the limit cannot be close (and a huge
        // name would make the distance slow to compute).
        .filter(|c| c.chars().count().abs_diff(len) <= limit)
        .map(|c| (edit_distance(&lower, &c.to_lowercase()), c))
        .filter(|(d, _)| *d <= limit)
        .min()
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn diagnostic_draws_a_caret_under_the_span() {
        let text = "# c\nUS operates CMCCC\n";
        let start = text.find("CMCCC").unwrap();
        let d = Diagnostic::new("x.triples", "unknown actor `CMCCC`")
            .at(text, start, start + 5)
            .expected("an actor")
            .hint("did you mean `CMCC`?");
        let shown = d.to_string();
        assert!(
            shown.starts_with("x.triples:2:13: unknown actor `CMCCC`"),
            "{shown}"
        );
        assert!(
            shown.contains("2 | US operates CMCCC\n  |             ^^^^^ expected an actor"),
            "{shown}"
        );
        assert!(shown.ends_with("help: did you mean `CMCC`?"), "{shown}");
    }

    #[test]
    fn snippets_of_long_lines_are_windows_around_the_column() {
        let line = format!("{}BAD{}", "a".repeat(5_000_000), "b".repeat(5_000_000));
        let text = format!("first\n{line}\nlast\n");
        let start = text.find("BAD").unwrap();
        let d = Diagnostic::new("big.json", "wrong").at(&text, start, start + 3);
        let shown = d.to_string();
        assert!(shown.starts_with("big.json:2:5000001: wrong"), "{shown}");
        assert!(shown.len() < 400, "{} bytes: {shown}", shown.len());
        let lines: Vec<&str> = shown.lines().collect();
        let snippet = lines[2].strip_prefix("2 | ").unwrap();
        let caret = lines[3].strip_prefix("  | ").unwrap();
        assert!(
            snippet.starts_with('…') && snippet.ends_with('…'),
            "{snippet}"
        );
        assert!(snippet.chars().count() <= SNIPPET_CHARS + 2);
        let col = caret.find('^').unwrap();
        let under: String = snippet.chars().skip(col).take(3).collect();
        assert_eq!(under, "BAD", "{shown}");
        assert_eq!(caret.trim_start(), "^^^");
        // The same through in_line, and at the very start or end of a line.
        let d = Diagnostic::new("x", "m").in_line(2, &line, 0, 1);
        assert!(d.to_string().contains("2 | aaaa"), "{d}");
        let d = Diagnostic::new("x", "m").in_line(2, &line, line.len(), line.len());
        let shown = d.to_string();
        assert!(shown.contains("bbb\n"), "{shown}");
        assert!(shown.len() < 400);
    }

    #[test]
    fn long_messages_are_clipped_and_many_problems_counted() {
        let d = Diagnostic::new("x", format!("unknown actor `{}`", "z".repeat(1_000_000)))
            .hint("y".repeat(100_000));
        let shown = d.to_string();
        assert!(shown.len() < 2 * MESSAGE_CHARS + 100, "{}", shown.len());
        assert!(shown.contains("z…z") && shown.contains("z`\n"), "{shown}");
        let many: Vec<Diagnostic> = (0..1000)
            .map(|i| Diagnostic::new("a.json", format!("problem {i}")))
            .chain([Diagnostic::new("b.json", "other")])
            .collect();
        let shown = Error::Invalid(many).to_string();
        assert!(shown.contains("problem 9\n"), "{shown}");
        assert!(!shown.contains("problem 10"), "{shown}");
        assert!(shown.contains("b.json: other"), "{shown}");
        assert!(
            shown.ends_with("a.json: 990 more problems not shown (the first 10 are above)"),
            "{shown}"
        );
    }

    #[test]
    fn closest_finds_typos_only() {
        let names = ["CMCC", "CENTCOM", "Israel"];
        assert_eq!(closest("CMCCC", names), Some("CMCC"));
        assert_eq!(closest("isreal", names), Some("Israel"));
        assert_eq!(closest("Botswana", names), None);
    }

    #[test]
    fn invalid_utf8_names_line_and_column() {
        let err = decode_utf8(Path::new("b.txt"), b"ok\nab\xffc".to_vec()).unwrap_err();
        let shown = err.to_string();
        assert!(
            shown.starts_with("b.txt:2:3: file is not valid UTF-8 text"),
            "{shown}"
        );
    }
}

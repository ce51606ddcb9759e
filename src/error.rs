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
    /// The text of the offending line, for the caret snippet.
    pub line_text: Option<String>,
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
        }
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
        let end = floor_char_boundary(text, end.clamp(pos.offset, line_end));
        self.width = text[pos.offset..end].chars().count().max(1);
        self.line_text = Some(
            text[line_start..line_end]
                .trim_end_matches('\r')
                .to_string(),
        );
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
        self.line_text = Some(line_text.to_string());
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
        self.expected = Some(expected.into());
        self
    }

    pub fn hint(mut self, hint: impl Into<String>) -> Diagnostic {
        self.hint = Some(hint.into());
        self
    }

    pub fn hint_opt(mut self, hint: Option<String>) -> Diagnostic {
        self.hint = hint;
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
            let text = text.replace('\t', " ");
            write!(
                f,
                "\n{:gutter$} |\n{} | {}\n{:gutter$} | ",
                "", p.line, text, ""
            )?;
            write!(
                f,
                "{}{}",
                " ".repeat(p.column.saturating_sub(1)),
                "^".repeat(self.width)
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
                for (i, d) in diags.iter().enumerate() {
                    if i > 0 {
                        f.write_str("\n")?;
                    }
                    write!(f, "{d}")?;
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
    let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
    decode_utf8(path, bytes)
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
    candidates
        .into_iter()
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

//! The `briefgraph parse` command: text in, CoNLL-U out; or scores against
//! a gold CoNLL-U file.

use super::{conllu, Model, Scores};
use crate::error::{decode_utf8, Error, Result};
use std::io::{Read, Write};
use std::path::Path;

/// Reads a brief (plain text or Markdown, `-` for standard input), parses
/// its body and writes CoNLL-U to `output` (`-` for standard output),
/// sentence by sentence. `TokenRange=start:end` counts characters (Unicode
/// scalar values) from the start of the text read, header included.
pub fn parse_file(input: &Path, output: &Path) -> Result<()> {
    let text = if input.as_os_str() == "-" {
        let mut bytes = Vec::new();
        std::io::stdin()
            .read_to_end(&mut bytes)
            .map_err(|e| Error::io(Path::new("<stdin>"), e))?;
        if let Some(at) = bytes.iter().take(8192).position(|&b| b == 0) {
            return Err(crate::error::Diagnostic::new(
                "<stdin>",
                "this looks like a binary file, not text",
            )
            .hint(format!(
                "byte {at} is NUL; parse reads plain text or Markdown"
            ))
            .into());
        }
        decode_utf8(Path::new("<stdin>"), bytes)?
    } else {
        crate::extract::read_brief(input)?
    };
    let brief = crate::extract::Brief::parse(&text);
    let model = Model::builtin();
    crate::output::write_with(output, |w| write_conllu(model, &text, brief.offset, w))
}

/// Writes the CoNLL-U of `text[from..]` into `w`.
pub fn write_conllu(
    model: &Model,
    text: &str,
    from: usize,
    w: &mut dyn Write,
) -> std::io::Result<()> {
    let mut w = std::io::BufWriter::new(w);
    let mut buf = String::new();
    let mut id = 0;
    // Byte offset → character offset, walking forward only.
    let (mut at_byte, mut at_char) = (0usize, 0usize);
    let mut result = Ok(());
    model.parse_each(text, from..text.len(), |s| {
        if result.is_err() {
            return;
        }
        id += 1;
        buf.clear();
        let mut char_of = |b: usize| {
            if b >= at_byte {
                at_char += text[at_byte..b].chars().count();
            } else {
                at_char -= text[b..at_byte].chars().count();
            }
            at_byte = b;
            at_char
        };
        conllu::write_sentence(&mut buf, text, &s, id, &mut char_of);
        result = w.write_all(buf.as_bytes());
    });
    result?;
    w.flush()
}

/// Scores the built-in model on the gold words of a CoNLL-U file.
pub fn eval_file(gold: &Path) -> Result<Scores> {
    let text = crate::error::read_text(gold)?;
    let sents = conllu::parse(gold, &text)?;
    if sents.is_empty() {
        return Err(crate::error::Diagnostic::new(gold, "no sentences in this file")
            .hint("give a CoNLL-U file: one word per line in 10 tab-separated columns, sentences separated by blank lines")
            .into());
    }
    Ok(Model::builtin().evaluate(&sents))
}

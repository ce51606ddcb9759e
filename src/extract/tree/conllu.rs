//! Reads CoNLL-U into [`syntax::Sentence`]s over a text rebuilt from the
//! forms, so that hand-written and treebank trees can drive the tree rules
//! exactly as parsed briefs do.
//!
//! The text is the forms joined by one space (none where MISC says
//! `SpaceAfter=No`), sentences separated by one space; multi-word token
//! lines (`1-2`) and empty nodes (`1.1`) are skipped.

use crate::syntax::{Sentence, Token, Upos};
use std::collections::HashSet;
use std::sync::{Mutex, OnceLock};

/// A `'static` copy of a label (deprel, XPOS): labels form a small closed
/// set, so each is leaked once.
pub fn intern(s: &str) -> &'static str {
    static SEEN: OnceLock<Mutex<HashSet<&'static str>>> = OnceLock::new();
    let mut seen = SEEN
        .get_or_init(Default::default)
        .lock()
        .unwrap_or_else(|e| e.into_inner());
    if let Some(&k) = seen.get(s) {
        return k;
    }
    let k: &'static str = Box::leak(s.to_string().into_boxed_str());
    seen.insert(k);
    k
}

/// Text and trees read from CoNLL-U.
#[derive(Clone, Debug, Default)]
pub struct Treebank {
    pub text: String,
    pub sentences: Vec<Sentence>,
}

/// Reads CoNLL-U whose MISC column gives each token's `TokenRange=start:end`
/// in characters of `text` (as `briefgraph parse` writes it); the trees'
/// offsets become bytes of `text` minus `offset` (the body's start).
pub fn read_ranged(conllu: &str, text: &str, offset: usize) -> Result<Vec<Sentence>, String> {
    let bank = read(conllu)?;
    let bytes: Vec<usize> = text
        .char_indices()
        .map(|(b, _)| b)
        .chain(std::iter::once(text.len()))
        .collect();
    let mut ranges = conllu.lines().filter_map(|l| {
        let cols: Vec<&str> = l.split('\t').collect();
        if cols.len() != 10 || cols[0].contains('-') || cols[0].contains('.') {
            return None;
        }
        let r = cols[9]
            .split('|')
            .find_map(|m| m.strip_prefix("TokenRange="))?;
        let (a, b) = r.split_once(':')?;
        Some((a.parse::<usize>().ok()?, b.parse::<usize>().ok()?))
    });
    let mut out = bank.sentences;
    for s in &mut out {
        for t in &mut s.tokens {
            let (a, b) = ranges.next().ok_or("a token without TokenRange")?;
            let at = |c: usize| {
                bytes
                    .get(c)
                    .copied()
                    .unwrap_or(text.len())
                    .saturating_sub(offset)
            };
            t.start = at(a);
            t.end = at(b);
        }
        s.start = s.tokens.first().map_or(0, |t| t.start);
        s.end = s.tokens.last().map_or(0, |t| t.end);
    }
    Ok(out)
}

/// Parses CoNLL-U; a malformed line is an error naming its 1-based number.
pub fn read(conllu: &str) -> Result<Treebank, String> {
    let mut bank = Treebank::default();
    let mut tokens: Vec<Token> = Vec::new();
    let mut start = 0;
    let mut space = false;
    let flush = |bank: &mut Treebank, tokens: &mut Vec<Token>, start: &mut usize| {
        if tokens.is_empty() {
            return;
        }
        bank.sentences.push(Sentence {
            start: *start,
            end: tokens.last().map_or(*start, |t| t.end),
            tokens: std::mem::take(tokens),
        });
    };
    for (no, line) in (1..).zip(conllu.lines()) {
        let line = line.trim_end_matches('\r');
        if line.trim().is_empty() {
            flush(&mut bank, &mut tokens, &mut start);
            continue;
        }
        if line.starts_with('#') {
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        if cols.len() != 10 {
            return Err(format!("line {no}: {} columns, CoNLL-U has 10", cols.len()));
        }
        if cols[0].contains('-') || cols[0].contains('.') {
            continue;
        }
        let head: usize = cols[6]
            .parse()
            .map_err(|_| format!("line {no}: head `{}` is not a number", cols[6]))?;
        let upos =
            Upos::parse(cols[3]).ok_or_else(|| format!("line {no}: unknown UPOS `{}`", cols[3]))?;
        if tokens.is_empty() {
            if !bank.text.is_empty() {
                bank.text.push(' ');
            }
            start = bank.text.len();
        } else if space {
            bank.text.push(' ');
        }
        let from = bank.text.len();
        bank.text.push_str(cols[1]);
        space = !cols[9].split('|').any(|m| m == "SpaceAfter=No");
        tokens.push(Token {
            start: from,
            end: bank.text.len(),
            upos,
            xpos: intern(cols[4]),
            lemma: cols[2].to_string(),
            head,
            deprel: intern(cols[7]),
        });
    }
    flush(&mut bank, &mut tokens, &mut start);
    for s in &bank.sentences {
        let n = s.tokens.len();
        if s.tokens.iter().any(|t| t.head > n)
            || s.tokens.iter().filter(|t| t.head == 0).count() != 1
        {
            return Err(format!(
                "sentence at byte {}: heads out of range or not exactly one root",
                s.start
            ));
        }
    }
    Ok(bank)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_forms_offsets_and_heads() {
        let bank = read(
            "# text = Chad armed it.\n\
             1\tChad\tChad\tPROPN\tNNP\t_\t2\tnsubj\t_\t_\n\
             2\tarmed\tarm\tVERB\tVBD\t_\t0\troot\t_\t_\n\
             3\tit\tit\tPRON\tPRP\t_\t2\tobj\t_\tSpaceAfter=No\n\
             4\t.\t.\tPUNCT\t.\t_\t2\tpunct\t_\t_\n\n",
        )
        .unwrap();
        assert_eq!(bank.text, "Chad armed it.");
        let s = &bank.sentences[0];
        assert_eq!(s.form(&bank.text, 2), "it");
        assert_eq!(s.head(0), Some(1));
        assert_eq!(s.tokens[1].deprel, "root");
        assert_eq!(s.children(1).collect::<Vec<_>>(), vec![0, 2, 3]);
    }

    #[test]
    fn refuses_a_line_without_ten_columns() {
        let err = read("1\tChad\tChad\n").unwrap_err();
        assert!(err.contains("line 1"), "{err}");
    }

    #[test]
    fn reads_a_gold_treebank_file() {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../shared/ud/dev/gum-dev.conllu");
        let Ok(text) = std::fs::read_to_string(&path) else {
            eprintln!("note: {} is absent", path.display());
            return;
        };
        let bank = read(&text).unwrap();
        assert!(bank.sentences.len() > 400, "{}", bank.sentences.len());
        for s in &bank.sentences {
            for t in &s.tokens {
                assert!(!bank.text[t.start..t.end].is_empty());
            }
        }
    }
}

//! Reading CoNLL-U treebanks and writing parses as CoNLL-U.

use super::Sentence;
use crate::error::Diagnostic;
use std::path::Path;

/// One sentence of a treebank: its syntactic words (multiword-token ranges
/// and empty nodes are skipped) with their gold annotation.
#[derive(Clone, Debug, Default)]
pub struct GoldSentence {
    pub sent_id: Option<String>,
    pub text: Option<String>,
    /// The sentence opens a paragraph (`# newpar` or `# newdoc`).
    pub newpar: bool,
    pub forms: Vec<String>,
    pub lemmas: Vec<String>,
    pub upos: Vec<String>,
    pub xpos: Vec<String>,
    /// 1-based heads, 0 for the root.
    pub heads: Vec<usize>,
    pub deprels: Vec<String>,
}

impl GoldSentence {
    pub fn len(&self) -> usize {
        self.forms.len()
    }
    pub fn is_empty(&self) -> bool {
        self.forms.is_empty()
    }
}

/// Reads a CoNLL-U file's text. Errors name the line and what was expected.
pub fn parse(path: &Path, text: &str) -> crate::error::Result<Vec<GoldSentence>> {
    let mut out = Vec::new();
    let mut cur = GoldSentence::default();
    let mut pending_par = false;
    let mut first_line = 0;
    for (no, line) in text.lines().enumerate() {
        let line_no = no + 1;
        let line = line.strip_suffix('\r').unwrap_or(line);
        if line.trim().is_empty() {
            if !cur.is_empty() {
                check_tree(path, &cur, first_line)?;
                out.push(std::mem::take(&mut cur));
            }
            continue;
        }
        if let Some(c) = line.strip_prefix('#') {
            let c = c.trim();
            if c.starts_with("newpar") || c.starts_with("newdoc") {
                pending_par = true;
            } else if let Some(v) = c.strip_prefix("sent_id") {
                cur.sent_id = Some(v.trim_start_matches([' ', '=']).trim().to_string());
            } else if let Some(v) = c.strip_prefix("text =") {
                cur.text = Some(v.trim().to_string());
            }
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        if cols.len() != 10 {
            return Err(Diagnostic::new(
                path,
                format!("line {line_no} has {} columns", cols.len()),
            )
            .at_line(line_no, 1)
            .expected(
                "10 tab-separated columns: ID FORM LEMMA UPOS XPOS FEATS HEAD DEPREL DEPS MISC",
            )
            .into());
        }
        if cols[0].contains('-') || cols[0].contains('.') {
            continue;
        }
        let id: usize = cols[0].parse().map_err(|_| {
            Diagnostic::new(
                path,
                format!("line {line_no}: the ID `{}` is not a number", cols[0]),
            )
            .at_line(line_no, 1)
            .expected("a word index 1, 2, …, a range 1-2 or an empty node 1.1")
        })?;
        if cur.is_empty() {
            cur.newpar = pending_par || out.is_empty();
            pending_par = false;
            first_line = line_no;
        }
        if id != cur.len() + 1 {
            return Err(
                Diagnostic::new(path, format!("line {line_no}: word {id} out of order"))
                    .at_line(line_no, 1)
                    .expected(format!("word {}", cur.len() + 1))
                    .into(),
            );
        }
        let head: usize = cols[6].parse().map_err(|_| {
            Diagnostic::new(
                path,
                format!("line {line_no}: the HEAD `{}` is not a number", cols[6]),
            )
            .at_line(line_no, 1)
            .expected("the index of the head word, 0 for the root")
        })?;
        cur.forms.push(cols[1].to_string());
        cur.lemmas.push(cols[2].to_string());
        cur.upos.push(cols[3].to_string());
        cur.xpos.push(cols[4].to_string());
        cur.heads.push(head);
        cur.deprels.push(cols[7].to_string());
    }
    if !cur.is_empty() {
        check_tree(path, &cur, first_line)?;
        out.push(cur);
    }
    Ok(out)
}

fn check_tree(path: &Path, s: &GoldSentence, line: usize) -> crate::error::Result<()> {
    let n = s.len();
    if let Some(i) = s.heads.iter().position(|&h| h > n) {
        return Err(Diagnostic::new(
            path,
            format!(
                "the sentence at line {line}: word {} has head {} beyond its {n} words",
                i + 1,
                s.heads[i]
            ),
        )
        .at_line(line + i, 1)
        .expected("heads between 0 and the number of words")
        .into());
    }
    Ok(())
}

/// Projectivises a tree by lifting: while some arc crosses another, the
/// shortest such arc is reattached to its head's head. `heads` is 1-based.
pub fn projectivize(heads: &mut [usize]) {
    let n = heads.len();
    loop {
        let mut worst: Option<(usize, usize)> = None;
        for d in 1..=n {
            let h = heads[d - 1];
            if h == 0 {
                continue;
            }
            let (a, b) = if h < d { (h, d) } else { (d, h) };
            let proj = (a + 1..b).all(|k| dominates(|d| heads[d - 1], heads.len(), h, k));
            if !proj && worst.is_none_or(|(_, len)| b - a < len) {
                worst = Some((d, b - a));
            }
        }
        match worst {
            Some((d, _)) => {
                let h = heads[d - 1];
                heads[d - 1] = heads[h - 1];
            }
            None => return,
        }
    }
}

/// Whether `h` is an ancestor of `k` (or `k` itself) in a tree of `n`
/// words whose word `d` hangs on `head(d)` (all 1-based; 0 is the root).
/// The walk is bounded, so a malformed tree with a cycle ends it.
pub(crate) fn dominates(head: impl Fn(usize) -> usize, n: usize, h: usize, mut k: usize) -> bool {
    let mut steps = 0;
    while k != 0 && steps <= n {
        if k == h {
            return true;
        }
        k = head(k);
        steps += 1;
    }
    h == 0
}

/// Appends one parsed sentence as CoNLL-U. `id` is its `sent_id`; `char_of`
/// turns a byte offset of `text` into the character offset written in
/// `TokenRange` (offsets into the text as read, counted in Unicode scalar
/// values).
pub fn write_sentence(
    out: &mut String,
    text: &str,
    s: &Sentence,
    id: usize,
    mut char_of: impl FnMut(usize) -> usize,
) {
    use std::fmt::Write;
    let _ = writeln!(out, "# sent_id = {id}");
    out.push_str("# text = ");
    let mut last_space = true;
    for c in text[s.start..s.end].chars() {
        if c.is_whitespace() {
            if !last_space {
                out.push(' ');
            }
            last_space = true;
        } else {
            out.push(c);
            last_space = false;
        }
    }
    while out.ends_with(' ') {
        out.pop();
    }
    out.push('\n');
    for (i, t) in s.tokens.iter().enumerate() {
        let form = &text[t.start..t.end];
        let space_after = text[t.end..]
            .chars()
            .next()
            .is_some_and(char::is_whitespace);
        let (a, b) = (char_of(t.start), char_of(t.end));
        let _ = writeln!(
            out,
            "{}\t{}\t{}\t{}\t{}\t_\t{}\t{}\t_\t{}TokenRange={a}:{b}",
            i + 1,
            form,
            if t.lemma.is_empty() { "_" } else { &t.lemma },
            t.upos,
            t.xpos,
            t.head,
            t.deprel,
            if space_after || t.end == text.len() {
                ""
            } else {
                "SpaceAfter=No|"
            },
        );
    }
    out.push('\n');
}

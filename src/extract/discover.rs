//! Discovery: what the registry and the rules missed, for curators to grow
//! them. Two kinds of finding, each with a count and an example sentence:
//!
//! - `name`: a capitalised name the registry does not know, standing where an
//!   actor would: right before or after a known verb;
//! - `verb`: two known actors in one clause with no rule matching between
//!   them, keyed by the first content word between them (the likely verb).

use super::tokens::{Kind, Sentence, Tok, CAP, LY, VERBISH};
use super::{collapse, DocState, Extractor};
use crate::model::Relation;
use std::collections::BTreeMap;
use std::fmt::Write;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Finding {
    /// `name` or `verb`.
    pub kind: &'static str,
    pub text: String,
    pub count: usize,
    /// Where it was first seen: source, sentence number, sentence.
    pub source: String,
    pub sentence_no: u32,
    pub example: String,
}

#[derive(Default)]
pub struct Collector {
    found: BTreeMap<(&'static str, String), Finding>,
}

impl Collector {
    #[allow(clippy::too_many_arguments)]
    pub fn sentence(
        &mut self,
        ex: &Extractor,
        _doc: &DocState,
        body: &str,
        sent: &Sentence,
        relations: &[(u32, u32, Relation)],
        source: &str,
        no: u32,
    ) {
        let toks = &sent.toks;
        let span = sent.span.expect("tokenised sentences have a span");
        let example = || collapse(&body[span.start..span.end]);
        let is_verb = |t: Option<&Tok>| {
            t.is_some_and(|t| t.is_word() && !sent.verbs(index_of(toks, t)).is_empty())
        };
        let vg = ex.k.aux | ex.k.neg | ex.k.modal | ex.k.adv | ex.k.det;
        for &(a, b) in &sent.unknown_names {
            let (a, b) = (a as usize, b as usize);
            // A name outside this sentence's tokens (found by fuzzing: a
            // header line that also reads as a sentence) is skipped.
            if a >= b || b > toks.len() {
                continue;
            }
            // Skip words of the verb group to find the verb after the name.
            let mut k = b;
            while toks
                .get(k)
                .is_some_and(|t| t.is_word() && (t.classes & vg != 0 || t.flags & LY != 0))
            {
                k += 1;
            }
            let mut before = a;
            while before > 0
                && toks[before - 1].is_word()
                && toks[before - 1].classes & ex.k.det != 0
            {
                before -= 1;
            }
            let next_to_verb =
                is_verb(toks.get(k)) || (before > 0 && is_verb(toks.get(before - 1)));
            if next_to_verb {
                let name = collapse(&body[toks[a].start..toks[b - 1].end]);
                self.add("name", name, source, no, example);
            }
        }
        let func = ex.function_bits;
        let actor_at: Vec<usize> = (0..toks.len()).filter(|&i| toks[i].is_actor()).collect();
        for w in actor_at.windows(2) {
            let (i, j) = (w[0], w[1]);
            let (x, y) = (sent.mention(&toks[i]).actor, sent.mention(&toks[j]).actor);
            if x == y
                || relations
                    .iter()
                    .any(|(s, o, _)| (*s == x && *o == y) || (*s == y && *o == x))
            {
                continue;
            }
            let between = &toks[i + 1..j];
            if between.is_empty()
                || between.len() > 8
                || between
                    .iter()
                    .any(|t| matches!(t.kind, Kind::Punct(';' | ':' | '—' | '(' | ')')))
            {
                continue;
            }
            // The likely verb: an unknown -ed or -ing word, or else a content
            // word right after the first actor (`Egypt pestered Qatar`).
            let content = |t: &&Tok| {
                t.is_word()
                    && t.classes & func == 0
                    && t.flags & (LY | CAP) == 0
                    && !is_verb(Some(t))
            };
            let verb = between
                .iter()
                .filter(content)
                .find(|t| t.flags & VERBISH != 0)
                .or_else(|| {
                    let m = sent.mention(&toks[i]);
                    between
                        .first()
                        .filter(|_| !m.modifier && !m.poss)
                        .filter(content)
                });
            if let Some(v) = verb {
                let word = body[v.start..v.end].to_lowercase();
                self.add("verb", word, source, no, example);
            }
        }
    }

    fn add(
        &mut self,
        kind: &'static str,
        text: String,
        source: &str,
        no: u32,
        example: impl FnOnce() -> String,
    ) {
        self.found
            .entry((kind, text.clone()))
            .and_modify(|f| f.count += 1)
            .or_insert_with(|| Finding {
                kind,
                text,
                count: 1,
                source: source.to_string(),
                sentence_no: no,
                example: example(),
            });
    }

    /// Findings, most frequent first, then by kind and text.
    pub fn finish(self) -> Vec<Finding> {
        let mut v: Vec<Finding> = self.found.into_values().collect();
        sort(&mut v);
        v
    }
}

fn sort(v: &mut [Finding]) {
    v.sort_by(|a, b| {
        b.count
            .cmp(&a.count)
            .then(a.kind.cmp(b.kind))
            .then(a.text.cmp(&b.text))
    });
}

fn index_of(toks: &[Tok], t: &Tok) -> usize {
    toks.iter()
        .position(|x| std::ptr::eq(x, t))
        .unwrap_or(usize::MAX)
}

/// Merges the findings of several briefs (counts add up; the first example stays).
pub fn merge(parts: impl IntoIterator<Item = Vec<Finding>>) -> Vec<Finding> {
    let mut all: BTreeMap<(&'static str, String), Finding> = BTreeMap::new();
    for part in parts {
        for f in part {
            all.entry((f.kind, f.text.clone()))
                .and_modify(|e| e.count += f.count)
                .or_insert(f);
        }
    }
    let mut v: Vec<Finding> = all.into_values().collect();
    sort(&mut v);
    v
}

/// The report `extract --discover` prints: one finding a line, tab-separated
/// (`kind count text source:sentence example`), under a header.
pub fn report(findings: &[Finding]) -> String {
    let mut out = String::from("kind\tcount\ttext\twhere\texample\n");
    for f in findings {
        let _ = writeln!(
            out,
            "{}\t{}\t{}\t{}:{}\t{}",
            f.kind, f.count, f.text, f.source, f.sentence_no, f.example
        );
    }
    out
}

//! Syntax: sentences, tokens, part-of-speech tags and dependency trees.
//!
//! This layer knows English and Universal Dependencies, nothing about actors
//! or relations. It takes text and gives [`Sentence`]s whose tokens carry
//! byte offsets into that text, UPOS and XPOS tags, a lemma, and a head and
//! relation in a projective dependency tree.
//!
//! **Invariants**
//! - `text[token.start..token.end]` is the token's form, always: offsets
//!   point into the original text (never into a normalised copy).
//! - Every sentence is one tree: exactly one token has `head == 0`, every
//!   other head is in `1..=len`, and there are no cycles.
//! - No knowledge of actors, registries or relation classes.

use std::fmt;

/// Universal part-of-speech tags (UD v2).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[repr(u8)]
pub enum Upos {
    Adj,
    Adp,
    Adv,
    Aux,
    Cconj,
    Det,
    Intj,
    Noun,
    Num,
    Part,
    Pron,
    Propn,
    Punct,
    Sconj,
    Sym,
    Verb,
    X,
}

impl Upos {
    pub const ALL: [Upos; 17] = [
        Upos::Adj,
        Upos::Adp,
        Upos::Adv,
        Upos::Aux,
        Upos::Cconj,
        Upos::Det,
        Upos::Intj,
        Upos::Noun,
        Upos::Num,
        Upos::Part,
        Upos::Pron,
        Upos::Propn,
        Upos::Punct,
        Upos::Sconj,
        Upos::Sym,
        Upos::Verb,
        Upos::X,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Upos::Adj => "ADJ",
            Upos::Adp => "ADP",
            Upos::Adv => "ADV",
            Upos::Aux => "AUX",
            Upos::Cconj => "CCONJ",
            Upos::Det => "DET",
            Upos::Intj => "INTJ",
            Upos::Noun => "NOUN",
            Upos::Num => "NUM",
            Upos::Part => "PART",
            Upos::Pron => "PRON",
            Upos::Propn => "PROPN",
            Upos::Punct => "PUNCT",
            Upos::Sconj => "SCONJ",
            Upos::Sym => "SYM",
            Upos::Verb => "VERB",
            Upos::X => "X",
        }
    }

    pub fn parse(s: &str) -> Option<Upos> {
        Upos::ALL.iter().copied().find(|u| u.as_str() == s)
    }
}

impl fmt::Display for Upos {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One token of a sentence.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Token {
    /// Byte offsets of the form in the original text.
    pub start: usize,
    pub end: usize,
    pub upos: Upos,
    /// Penn Treebank tag (`NN`, `VBD`, `POS`, …).
    pub xpos: &'static str,
    /// Lemma, lower-cased for common words (`attacks` → `attack`, `was` → `be`).
    pub lemma: String,
    /// 1-based index of the head token in the sentence; 0 for the root.
    pub head: usize,
    /// UD relation to the head (`nsubj`, `obl:agent`, `root`, …).
    pub deprel: &'static str,
}

/// One sentence: its byte span in the original text and its tokens.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Sentence {
    pub start: usize,
    pub end: usize,
    pub tokens: Vec<Token>,
}

impl Sentence {
    /// The form of token `i` (0-based) in `text`, the text this sentence was parsed from.
    pub fn form<'t>(&self, text: &'t str, i: usize) -> &'t str {
        let t = &self.tokens[i];
        &text[t.start..t.end]
    }

    /// The 0-based index of the head of token `i` (0-based), `None` for the root.
    pub fn head(&self, i: usize) -> Option<usize> {
        match self.tokens[i].head {
            0 => None,
            h => Some(h - 1),
        }
    }

    /// The 0-based indices of the dependents of token `i`, in order.
    pub fn children(&self, i: usize) -> impl Iterator<Item = usize> + '_ {
        self.tokens
            .iter()
            .enumerate()
            .filter(move |(_, t)| t.head == i + 1)
            .map(|(j, _)| j)
    }
}

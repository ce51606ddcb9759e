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
//!
//! **API.** [`split`] gives sentence spans, [`tokenize`] the token spans of
//! a range (UD English conventions: `ca n't`, `minister 's`, `eye - tracking`,
//! `U.S.`); [`Model::builtin`] is the model compiled into the binary
//! (decoded once, on first use); [`Model::parse`] splits, tokenizes, tags and
//! parses a text, [`Model::parse_each`] does so sentence by sentence in
//! bounded memory, [`Model::parse_span`] and [`Model::parse_tokens`] parse one
//! chosen sentence. Sentences longer than [`MAX_TOKENS`] tokens are cut.
//!
//! ```
//! use briefgraph::syntax::{self, Model, Upos};
//!
//! let text = "The ministry rejected the plan. Officials didn't comment.";
//! let spans = syntax::split(text);
//! assert_eq!(spans, [0..31, 32..text.len()]);
//! let words: Vec<&str> = syntax::tokenize(text, spans[1].clone()).into_iter().map(|r| &text[r]).collect();
//! assert_eq!(words, ["Officials", "did", "n't", "comment", "."]);
//!
//! let model = Model::builtin();
//! let sentences = model.parse(text);
//! let s = &sentences[0];
//! let root = s.tokens.iter().position(|t| t.head == 0).unwrap();
//! assert_eq!(s.form(text, root), "rejected");
//! assert_eq!((s.tokens[root].upos, s.tokens[root].lemma.as_str()), (Upos::Verb, "reject"));
//! let subject = s.children(root).find(|&i| s.tokens[i].deprel == "nsubj").unwrap();
//! assert_eq!(s.form(text, subject), "ministry");
//! // One sentence chosen by its span parses the same as in the whole text.
//! assert_eq!(model.parse_span(text, spans[1].clone()), sentences[1]);
//! ```
//!
//! **Model.** An averaged-perceptron tagger over joint (XPOS, UPOS) classes
//! and an arc-eager transition parser trained with a dynamic oracle, both
//! learned from UD English GUM and EWT (CC BY-SA 4.0, see
//! `src/syntax/model/README.md`). Rebuild the shipped weights with
//! `cargo run --release --bin train-syntax -- ../shared/ud`.

use std::fmt;
use std::ops::Range;
use std::sync::OnceLock;

mod bin;
pub mod conllu;
mod hash;
mod lemma;
mod parser;
mod perceptron;
pub mod run;
mod tagger;
mod tokenize;
pub mod train;

pub use tokenize::{split, tokenize, MAX_TOKENS};

use hash::IdMap;
use perceptron::Weights;

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

/// The shipped model: trained on UD English GUM and EWT (CC BY-SA 4.0; see
/// `src/syntax/model/README.md`), rebuilt by `cargo run --release --bin
/// train-syntax -- ../shared/ud`.
static BUILTIN: &[u8] = include_bytes!("model/en-ud.bin");

/// A tagger, a parser and a lemma table, decoded from a model file.
pub struct Model {
    tags: Vec<(&'static str, Upos)>,
    tagger: tagger::Tagger,
    labels: Vec<&'static str>,
    parser: parser::Parser,
    lemma_index: train::LemmaTable,
    lemmas: Vec<String>,
    /// (class, lower-case form, lemma) as stored, for writing back.
    lemma_rows: Vec<(u8, String, String)>,
    /// Lower-case words the parser knows (see `parser::word_key`); none in
    /// models of the first format.
    vocab: Option<hash::IdSet>,
}

/// The formats of the arc-hybrid parser (without and with a parser
/// vocabulary), refused since, and the current one (arc-eager parser with
/// back-off classes, parser vocabulary).
const MAGIC1: &[u8; 8] = b"BGSYNTX1";
const MAGIC2: &[u8; 8] = b"BGSYNTX2";
const MAGIC: &[u8; 8] = b"BGSYNTX3";

/// Reusable buffers for tagging and parsing sentence after sentence.
#[derive(Default)]
struct Work {
    scratch: tagger::Scratch,
    classes: Vec<u8>,
    st: parser::State,
    feats: Vec<u64>,
    scores: Vec<i32>,
    lower: String,
    /// Per word, the tag classes outside knowledge allows (0: any); see
    /// [`Model::parse_span_hinted`].
    hints: Vec<u128>,
    margin: i32,
    /// Per word: its hint holds whatever the margin (a word of an actor's
    /// name, see [`Model::parse_span_hinted`]).
    firm: Vec<bool>,
    /// The hints with the margin each word gets.
    hinted: Vec<(u128, i32)>,
    /// Per word: the hint calls it a verb form ([`VERB_FORM`]), and what
    /// the word itself looks like (a determiner; capitalised).
    verbal: Vec<bool>,
    nominal: Vec<bool>,
    determiner: Vec<bool>,
    /// Per word: a form of `have`.
    have: Vec<bool>,
    /// Per word: a form of `be` or `get` (a participle after one is passive).
    linking: Vec<bool>,
    capital: Vec<bool>,
    /// The sentence is parsed for extraction ([`Model::parse_span_hinted`]),
    /// with or without names in it: the repairs, the scare quotes and the
    /// bracketed clause then apply.
    named: bool,
    /// Per name of two words or more: its first word and its last (the
    /// head), 0-based; the parser sees the head alone.
    names: Vec<(usize, usize)>,
    /// The words the parser sees (all but the names' inner words and the
    /// quotation marks).
    kept: Vec<usize>,
    /// Per word: a quotation mark that the parser does not see (where the
    /// caller named actors): [`OPENING`], [`CLOSING`], [`STRAIGHT`], or 0.
    quote: Vec<u8>,
    /// Show the parser the quotation marks all the same (to compare).
    keep_quotes: bool,
    /// Parse a bracketed clause, and an acronym in brackets, with the
    /// sentence around them all the same (to compare).
    keep_brackets: bool,
    /// Per word: it looks like an acronym (`IDF`, `M23`): two capitals or
    /// more, no lower-case letter.
    acronym: Vec<bool>,
    /// Per word: a dash (`—`, `–`, `--`), which may open or close an aside.
    dash: Vec<bool>,
    /// Per word: a comma, and a word that opens an aside after one
    /// ([`ASIDE_OPENERS`]: `, especially pertaining to …,`).
    comma: Vec<bool>,
    opener: Vec<bool>,
    /// Per word: `including` or `excluding`, an opener before any phrase.
    including: Vec<bool>,
    /// Parse an aside between commas with the sentence around it all the
    /// same (to compare).
    keep_commas: bool,
    /// Parse an aside between dashes with the sentence around it all the
    /// same (to compare).
    keep_dashes: bool,
}

/// The fewest words of a bracketed clause parsed apart ([`Model::asides`]).
const ASIDE_WORDS: usize = 3;

/// The fewest words of an aside between dashes or commas parsed apart,
/// less one (`—including Hamas—`).
const PHRASE_WORDS: usize = 2;

/// Words that, right after a comma, open an aside that the next comma
/// closes (`aspects of its scope, especially pertaining to aid, have
/// drawn criticism`; `regional states, including Qatar, urged …`).
const ASIDE_OPENERS: [&str; 9] = [
    "including",
    "especially",
    "particularly",
    "notably",
    "namely",
    "mainly",
    "chiefly",
    "primarily",
    "excluding",
];

/// The most words between scare quotes (`the “Board of Peace”`, a
/// “deliberately slow” process): quoted speech is longer.
const SCARE_QUOTED: usize = 5;

/// Keeps in `quote` only the pairs of marks around a short phrase
/// ([`SCARE_QUOTED`] words at most): the parser was trained with quotation
/// marks and reads quoted speech better with them, but a name or a term
/// in scare quotes is one phrase that the marks split.
fn scare_quotes(quote: &mut [u8]) {
    let mut i = 0;
    while i < quote.len() {
        let opens = quote[i] == OPENING || quote[i] == STRAIGHT;
        let close = opens
            .then(|| {
                (i + 1..quote.len().min(i + SCARE_QUOTED + 2))
                    .find(|&j| quote[j] == CLOSING || quote[j] == STRAIGHT)
            })
            .flatten();
        match close {
            Some(j) if j > i + 1 => {
                quote[i + 1..j].iter_mut().for_each(|q| *q = 0);
                i = j + 1;
            }
            _ => {
                quote[i] = 0;
                i += 1;
            }
        }
    }
}

/// The name (first word, last word) that holds word `k`, if any.
fn name_around(names: &[(usize, usize)], k: usize) -> Option<(usize, usize)> {
    names.iter().copied().find(|&(a, b)| a <= k && k <= b)
}

/// Kinds of quotation mark ([`Work::quote`]).
const OPENING: u8 = 1;
const CLOSING: u8 = 2;
const STRAIGHT: u8 = 3;

/// A bit of a hint (beside the `1 << Upos` bits): the word is an
/// inflection of a verb the caller knows. Between a noun and a determiner
/// or a name (`the UN monitors the truce`, `the leadership pay Wagner`), a
/// word the tagger calls a noun is then read as the verb it must be.
pub const VERB_FORM: u32 = 1 << 31;

/// A bit of a hint: it holds whatever the tagger's margin, as for the words
/// of a name (`northern`, never a verb, even after `to`).
pub const FIRM: u32 = 1 << 29;

/// A bit of a hint: the word is a noun the caller knows (`aid`, `supply`).
/// Tagged an adjective or an adverb before a noun although the hint allows
/// neither, it is read as the first noun of a compound (`aid flights`).
pub const NOUN_FORM: u32 = 1 << 30;

impl Model {
    /// The model built into the binary, decoded once on first use.
    pub fn builtin() -> &'static Model {
        static MODEL: OnceLock<Model> = OnceLock::new();
        MODEL
            .get_or_init(|| Model::from_bytes(BUILTIN).expect("the built-in syntax model is valid"))
    }

    pub(crate) fn assemble(
        tags: Vec<(&'static str, Upos)>,
        tagger: tagger::Tagger,
        labels: Vec<&'static str>,
        parser: parser::Parser,
        lemma_rows: Vec<(u8, String, String)>,
        vocab: Option<hash::IdSet>,
    ) -> Model {
        let mut lemma_index = train::LemmaTable::default();
        let mut lemmas = Vec::new();
        for (c, lower, lemma) in &lemma_rows {
            lemma_index.insert(train::lemma_key(lower, *c), lemmas.len() as u32);
            lemmas.push(lemma.clone());
        }
        Model {
            tags,
            tagger,
            labels,
            parser,
            lemma_index,
            lemmas,
            lemma_rows,
            vocab,
        }
    }

    /// A copy without the weights below `tagger_min` and `parser_min` (in
    /// averaged perceptron units), to keep the shipped file small.
    pub fn pruned(&self, tagger_min: f32, parser_min: f32) -> Model {
        Model::assemble(
            self.tags.clone(),
            tagger::Tagger {
                weights: self.tagger.weights.pruned(tagger_min),
                dict: self.tagger.dict.clone(),
            },
            self.labels.clone(),
            parser::Parser {
                weights: self.parser.weights.pruned(parser_min),
                root: self.parser.root,
                classes: self.parser.classes,
            },
            self.lemma_rows.clone(),
            self.vocab.clone(),
        )
    }

    /// Numbers of (tagger, parser) features.
    pub fn features(&self) -> (usize, usize) {
        (self.tagger.weights.size().0, self.parser.weights.size().0)
    }

    /// Numbers of (tagger, parser) weights.
    pub fn size(&self) -> (usize, usize) {
        (self.tagger.weights.size().1, self.parser.weights.size().1)
    }

    /// The model as bytes (DEFLATE-compressed), as the shipped file holds it.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut w = bin::Writer::new();
        w.bytes(MAGIC);
        w.u32(self.tags.len() as u32);
        for (x, u) in &self.tags {
            w.str(x);
            w.str(u.as_str());
        }
        w.u32(self.labels.len() as u32);
        for l in &self.labels {
            w.str(l);
        }
        w.u32(self.parser.root as u32);
        self.tagger.weights.write(&mut w);
        let mut dict: Vec<(u64, u8)> = self.tagger.dict.iter().map(|(k, v)| (*k, *v)).collect();
        dict.sort_unstable();
        w.u32(dict.len() as u32);
        for (k, v) in dict {
            w.bytes(&k.to_le_bytes());
            w.bytes(&[v]);
        }
        self.parser.weights.write(&mut w);
        w.u32(self.lemma_rows.len() as u32);
        for (c, lower, lemma) in &self.lemma_rows {
            w.bytes(&[*c]);
            w.str(lower);
            w.str(lemma);
        }
        let mut vocab: Vec<u64> = self.vocab.iter().flatten().copied().collect();
        vocab.sort_unstable();
        w.u32(vocab.len() as u32);
        for k in vocab {
            w.bytes(&k.to_le_bytes());
        }
        miniz_oxide::deflate::compress_to_vec(&w.buf, 9)
    }

    /// Decodes a model from the bytes [`Model::to_bytes`] gives.
    pub fn from_bytes(bytes: &[u8]) -> Result<Model, String> {
        let raw = miniz_oxide::inflate::decompress_to_vec_with_limit(bytes, 1 << 30)
            .map_err(|e| format!("the model file is not DEFLATE data ({e:?})"))?;
        let mut r = bin::Reader::new(&raw);
        let magic = r.take(8)?;
        if magic == MAGIC1 || magic == MAGIC2 {
            return Err("a syntax model of an older briefgraph (arc-hybrid parser): rebuild it with `cargo run --release --bin train-syntax`".into());
        }
        if magic != MAGIC {
            return Err("not a briefgraph syntax model".into());
        }
        let n = r.u32()? as usize;
        let mut tags = Vec::with_capacity(n.min(256));
        for _ in 0..n {
            let x = intern(r.str()?);
            let u = r.str()?;
            tags.push((
                x,
                Upos::parse(u).ok_or_else(|| format!("unknown UPOS `{u}` in the model"))?,
            ));
        }
        let n = r.u32()? as usize;
        let mut labels = Vec::with_capacity(n.min(256));
        for _ in 0..n {
            labels.push(intern(r.str()?));
        }
        let root = r.u32()? as usize;
        let tag_weights = Weights::read(&mut r)?;
        let n = r.u32()? as usize;
        let mut dict = IdMap::default();
        for _ in 0..n {
            let k = u64::from_le_bytes(r.take(8)?.try_into().expect("8 bytes"));
            let c = r.u8()?;
            if c as usize >= tags.len() {
                return Err("the tag dictionary names a tag the model does not have".into());
            }
            dict.insert(k, c);
        }
        let parse_weights = Weights::read(&mut r)?;
        let n = r.u32()? as usize;
        let mut rows = Vec::with_capacity(n.min(1 << 20));
        for _ in 0..n {
            let c = r.u8()?;
            rows.push((c, r.str()?.to_string(), r.str()?.to_string()));
        }
        let vocab = {
            let n = r.u32()? as usize;
            let mut vocab = hash::IdSet::default();
            for _ in 0..n {
                vocab.insert(u64::from_le_bytes(r.take(8)?.try_into().expect("8 bytes")));
            }
            Some(vocab)
        };
        if !r.done() {
            return Err("the model file has trailing data".into());
        }
        if tag_weights.n_classes != tags.len()
            || parse_weights.n_classes != 1 + 2 * labels.len() + parser::BACKOFF
            || root >= labels.len()
            || tags.is_empty()
        {
            return Err("the model's weights do not match its tags and relations".into());
        }
        let classes = 1 + 2 * labels.len();
        Ok(Model::assemble(
            tags,
            tagger::Tagger {
                weights: tag_weights,
                dict,
            },
            labels,
            parser::Parser {
                weights: parse_weights,
                root,
                classes,
            },
            rows,
            vocab,
        ))
    }

    /// Splits, tokenizes, tags and parses `text`.
    pub fn parse(&self, text: &str) -> Vec<Sentence> {
        let mut out = Vec::new();
        self.parse_each(text, 0..text.len(), |s| out.push(s));
        out
    }

    /// Parses `text[range]` sentence by sentence, handing each to `f`
    /// (memory stays bounded however long the text).
    pub fn parse_each(&self, text: &str, range: Range<usize>, mut f: impl FnMut(Sentence)) {
        let mut work = Work::default();
        let mut seg = tokenize::Segmenter::new(text, range);
        let mut toks = Vec::new();
        while seg.next_sentence(&mut toks).is_some() {
            f(self.run(&mut work, text, &toks));
        }
    }

    /// Parses `text[range]` as one sentence (cut after [`MAX_TOKENS`] tokens,
    /// as every sentence is).
    pub fn parse_span(&self, text: &str, range: Range<usize>) -> Sentence {
        let mut toks = tokenize(text, range.clone());
        toks.truncate(MAX_TOKENS);
        let mut s = self.parse_tokens(text, &toks);
        if toks.is_empty() {
            s.start = range.start;
            s.end = range.start;
        }
        s
    }

    /// Parses `text[range]` as one sentence as [`Model::parse_span`] does,
    /// where `hint` gives, for a word's lower-case form, the parts of speech
    /// it may have as a bit set of `1 << Upos as u32` (0: no knowledge). For
    /// a word outside the parser's vocabulary (seen fewer than three times
    /// in training, so tagged by its shape and suffix: `ally` as an adverb)
    /// the hint decides; for a known word it overrides the tagger only in a
    /// close call, when the best tag it allows scores within `margin` of
    /// the tagger's choice.
    ///
    /// `names` are the byte ranges (in `text`, in order) of the actors'
    /// names the caller found: a name of two words or more is a noun
    /// phrase, whatever the tagger makes of its words out of context (`the
    /// Israeli military`, `the United States`). Its last word is its head,
    /// a noun or a name, and no word of it is a verb; these hints hold
    /// whatever the margin.
    pub fn parse_span_hinted(
        &self,
        text: &str,
        range: Range<usize>,
        hint: &dyn Fn(&str) -> u32,
        margin: i32,
        names: &[Range<usize>],
    ) -> Sentence {
        let mut toks = tokenize(text, range.clone());
        toks.truncate(MAX_TOKENS);
        let mut work = Work::default();
        self.set_hints(
            &mut work,
            toks.iter().map(|r| &text[r.clone()]),
            hint,
            margin,
        );
        self.set_name_hints(&mut work, text, &toks, names);
        // Extraction reads every sentence it parses as one that may name
        // actors (a candidate the registry lacks, a demonym: `Houthi-held
        // Sanaa`), whether or not the caller found a name in it.
        work.named = true;
        let mut s = self.run(&mut work, text, &toks);
        if toks.is_empty() {
            s.start = range.start;
            s.end = range.start;
        }
        s
    }

    /// Narrows the hints of the words of each name (the caller leaves out
    /// demonyms, which are adjectives as often as nouns):
    /// its last word (the head) is a noun, a name or a number, the others
    /// anything but a verb or an auxiliary. Possessive endings and
    /// punctuation inside the range are left alone.
    fn set_name_hints(
        &self,
        work: &mut Work,
        text: &str,
        toks: &[Range<usize>],
        names: &[Range<usize>],
    ) {
        if names.is_empty() || work.hints.len() != toks.len() {
            return;
        }
        let head =
            self.classes_of(Upos::Noun) | self.classes_of(Upos::Propn) | self.classes_of(Upos::Num);
        let all = if self.tags.len() >= 128 {
            u128::MAX
        } else {
            (1u128 << self.tags.len()) - 1
        };
        let modifier = all & !(self.classes_of(Upos::Verb) | self.classes_of(Upos::Aux));
        let is_word = |r: &Range<usize>| {
            text[r.clone()]
                .chars()
                .next()
                .is_some_and(char::is_alphanumeric)
        };
        for name in names {
            let first = toks.partition_point(|r| r.start < name.start);
            let words: Vec<usize> = (first..toks.len())
                .take_while(|&i| toks[i].end <= name.end)
                .filter(|&i| is_word(&toks[i]))
                .collect();
            for (k, &i) in words.iter().enumerate() {
                let want = if k + 1 == words.len() { head } else { modifier };
                let both = work.hints[i] & want;
                work.hints[i] = if both != 0 { both } else { want };
                work.firm[i] = true;
                work.named = true;
            }
            if let (Some(&first), Some(&last)) = (words.first(), words.last()) {
                if first < last && work.names.last().is_none_or(|&(_, l)| l < first) {
                    work.names.push((first, last));
                }
            }
        }
    }

    /// Fills `work.hints` with the tag classes `hint` allows each word.
    fn set_hints<'a>(
        &self,
        work: &mut Work,
        forms: impl Iterator<Item = &'a str>,
        hint: &dyn Fn(&str) -> u32,
        margin: i32,
    ) {
        work.margin = margin;
        work.hints.clear();
        work.firm.clear();
        work.verbal.clear();
        work.nominal.clear();
        work.determiner.clear();
        work.have.clear();
        work.linking.clear();
        work.capital.clear();
        work.named = false;
        work.names.clear();
        for f in forms {
            work.lower.clear();
            work.lower.extend(f.chars().flat_map(char::to_lowercase));
            let allowed = hint(&work.lower);
            work.verbal.push(allowed & VERB_FORM != 0);
            work.nominal.push(allowed & NOUN_FORM != 0);
            work.determiner.push(matches!(
                work.lower.as_str(),
                "the" | "a" | "an" | "its" | "their" | "his" | "her" | "this" | "these"
            ));
            work.have.push(matches!(
                work.lower.as_str(),
                "have" | "has" | "had" | "having"
            ));
            work.linking.push(matches!(
                work.lower.as_str(),
                "be" | "is"
                    | "are"
                    | "was"
                    | "were"
                    | "been"
                    | "being"
                    | "get"
                    | "gets"
                    | "got"
                    | "gotten"
                    | "getting"
            ));
            work.capital
                .push(f.chars().next().is_some_and(char::is_uppercase));
            let mut mask = 0u128;
            if allowed != 0 {
                for (c, &(_, upos)) in self.tags.iter().enumerate().take(128) {
                    if allowed & (1 << upos as u32) != 0 {
                        mask |= 1 << c;
                    }
                }
            }
            work.hints.push(mask);
            work.firm.push(allowed & FIRM != 0);
        }
    }

    /// Tags and parses the given tokens (byte ranges of `text`) as one sentence.
    pub fn parse_tokens(&self, text: &str, tokens: &[Range<usize>]) -> Sentence {
        self.run(&mut Work::default(), text, tokens)
    }

    fn analyse<'a>(&self, work: &mut Work, forms: impl Iterator<Item = &'a str>) {
        work.scratch.words.clear();
        work.quote.clear();
        work.acronym.clear();
        work.dash.clear();
        work.comma.clear();
        work.opener.clear();
        work.including.clear();
        for f in forms {
            work.including
                .push(matches!(f, "including" | "Including" | "excluding"));
            work.dash.push(matches!(f, "—" | "–" | "--"));
            work.comma.push(f == ",");
            work.opener
                .push(ASIDE_OPENERS.iter().any(|o| o.eq_ignore_ascii_case(f)));
            work.acronym.push(
                f.chars().filter(|c| c.is_uppercase()).count() >= 2
                    && f.chars().all(|c| c.is_uppercase() || c.is_ascii_digit()),
            );
            let w = tagger::WordFeats::of(f, &mut work.scratch.lower);
            work.scratch.words.push(w);
            work.quote.push(match f {
                "“" | "‘" | "«" | "``" => OPENING,
                "”" | "’" | "»" | "''" => CLOSING,
                "\"" | "'" => STRAIGHT,
                _ => 0,
            });
        }
        work.hinted.clear();
        // Unhinted (`parse`, `evaluate`): nothing to look up per word.
        let hinted_words = if work.hints.is_empty() {
            &[][..]
        } else {
            &work.scratch.words[..]
        };
        for (i, w) in hinted_words.iter().enumerate() {
            let mask = work.hints.get(i).copied().unwrap_or(0);
            if mask == 0 {
                work.hinted.push((0, 0));
                continue;
            }
            let known = self.vocab.as_ref().is_none_or(|v| v.contains(&w.lower));
            let firm = work.firm.get(i).copied().unwrap_or(false);
            let margin = if known && !firm {
                work.margin
            } else {
                i32::MAX
            };
            work.hinted.push((mask, margin));
        }
        self.tagger
            .tag_hinted(&mut work.scratch, &work.hinted, &mut work.classes);
        // Not `||`: both marks are wanted before tagging again.
        if self.verbs_in_place(work) | self.nouns_in_place(work) {
            self.tagger
                .tag_hinted(&mut work.scratch, &work.hinted, &mut work.classes);
        }
        let n = work.classes.len();
        // Where the caller named actors (extraction), each name of several
        // words is parsed as its head word alone, and quotation marks are
        // left out (scare quotes around a name or a term, `the “Site 81,”
        // located in …`, otherwise split the phrase they mark); `parse` and
        // the treebank scores show the model's own trees.
        for (q, &c) in work.quote.iter_mut().zip(&work.classes) {
            if !work.named || work.keep_quotes || self.tags[c as usize].1 != Upos::Punct {
                *q = 0;
            }
        }
        scare_quotes(&mut work.quote);
        self.nicknames_in_names(work);
        let quotes = work.quote.iter().any(|&q| q != 0);
        let collapse = work.named && (!work.names.is_empty() || quotes);
        let mut kept = std::mem::take(&mut work.kept);
        kept.clear();
        if collapse {
            let mut names = work.names.iter().peekable();
            let mut i = 0;
            while i < n {
                match names.peek() {
                    Some(&&(first, last)) if first == i => {
                        kept.push(last);
                        i = last + 1;
                        names.next();
                    }
                    _ => {
                        if work.quote[i] == 0 {
                            kept.push(i);
                        }
                        i += 1;
                    }
                }
            }
        } else {
            kept.extend(0..n);
        }
        let apart = work.named && !work.keep_brackets;
        let acronyms = if apart {
            self.bracketed_acronyms(work, &kept)
        } else {
            Vec::new()
        };
        let asides = if work.named {
            self.asides(work, &kept)
        } else {
            Vec::new()
        };
        if asides.is_empty() && acronyms.is_empty() {
            let all: Vec<usize> = (0..kept.len()).collect();
            self.parse_part(work, &kept, &all);
        } else {
            self.parse_apart(work, &kept, &asides, &acronyms);
        }
        let st = &mut work.st;
        if work.named {
            self.join_split_conjuncts(st, kept.len());
        }
        if collapse {
            self.expand_names(work, &kept);
        }
        work.kept = kept;
    }

    /// The id of a dependency label of the model (`conj`, `acl:relcl`).
    fn label_id(&self, name: &str) -> Option<u16> {
        self.labels
            .iter()
            .position(|&l| l == name)
            .map(|p| p as u16)
    }

    /// Parses the words at `part` (positions in `kept`) as one sentence;
    /// `work.st` then holds their heads and labels, by position in `part`.
    fn parse_part(&self, work: &mut Work, kept: &[usize], part: &[usize]) {
        let st = &mut work.st;
        st.words.clear();
        st.words.push(parser::Word { w: 0, p: 0 });
        for &k in part {
            let i = kept[k];
            st.words.push(parser::Word {
                w: parser::word_key(self.vocab.as_ref(), &work.scratch.words[i]),
                p: work.classes[i] as u64,
            });
        }
        self.parser
            .parse(st, part.len(), &mut work.feats, &mut work.scores);
    }

    /// The asides among the words the parser sees, in order and not
    /// nested (the positions in `kept` of the marks around each), after
    /// some word of the sentence:
    /// - a bracketed clause, at least [`ASIDE_WORDS`] words with a finite
    ///   verb (`… to the Negev (Israeli Prime Minister Benjamin Netanyahu
    ///   later admitted to …)`); brackets around a name, an acronym, a
    ///   date or a list are left to the parser;
    /// - words between two dashes, more than [`PHRASE_WORDS`] (`the
    ///   Memorandum—an agreement to withdraw from …—US records show`);
    /// - words between two commas, the first of them one of
    ///   [`ASIDE_OPENERS`], inside the sentence.
    fn asides(&self, work: &Work, kept: &[usize]) -> Vec<(usize, usize)> {
        let xpos = |k: usize| self.tags[work.classes[kept[k]] as usize].0;
        let mut out = Vec::new();
        let (mut bracket, mut dash, mut comma) = (None, None, None);
        let is = |v: &Vec<bool>, k: usize| {
            kept.get(k)
                .and_then(|&i| v.get(i))
                .copied()
                .unwrap_or(false)
        };
        for (k, &i) in kept.iter().enumerate() {
            if is(&work.comma, k) && !work.keep_commas {
                // A participle after the comma still belongs to the aside
                // (`, including Site 81, located under a building in …,`).
                if comma.is_some() && k + 1 < kept.len() && matches!(xpos(k + 1), "VBN" | "VBG") {
                    continue;
                }
                match comma.take() {
                    // (Not at the end: the aside is inside the sentence;
                    // and a phrase, not a clause: `, especially if they
                    // are …,` hangs on the verb, not on the word before.)
                    Some(o)
                        if k - o > PHRASE_WORDS
                            && k + 2 < kept.len()
                            && !(o + 1..k)
                                .any(|j| matches!(xpos(j), "VBD" | "VBZ" | "VBP" | "MD")) =>
                    {
                        out.push((o, k))
                    }
                    _ => {}
                }
                // `, including B,` modifies the noun before; an adverb opens
                // such an aside only before a participle (`, especially
                // pertaining to …,`): before a prepositional phrase it
                // modifies the verb (`expanded, particularly towards the
                // west, as …`).
                let participle = k + 2 < kept.len() && matches!(xpos(k + 2), "VBG" | "VBN");
                if k > 0 && is(&work.opener, k + 1) && (is(&work.including, k + 1) || participle) {
                    comma = Some(k);
                }
                continue;
            }
            if work.dash.get(i).copied().unwrap_or(false) {
                match dash.take() {
                    Some(o) if o > 0 && k - o > PHRASE_WORDS && !work.keep_dashes => {
                        out.push((o, k))
                    }
                    Some(_) => {}
                    None => dash = Some(k),
                }
                continue;
            }
            match xpos(k) {
                "-LRB-" => bracket = Some(k),
                "-RRB-" => {
                    if let Some(o) = bracket.take() {
                        let finite =
                            (o + 1..k).any(|j| matches!(xpos(j), "VBD" | "VBZ" | "VBP" | "MD"));
                        if o > 0 && k - o > ASIDE_WORDS && finite && !work.keep_brackets {
                            out.push((o, k));
                        }
                    }
                }
                _ => {}
            }
        }
        // An aside inside another is parsed with it.
        out.sort_unstable();
        let mut end = None;
        out.retain(|&(o, c)| {
            let apart = end.is_none_or(|e| o > e);
            if apart {
                end = Some(c);
            }
            apart
        });
        out
    }

    /// The acronyms in brackets right after a noun or a name, as a text
    /// defines them (`Israel Defense Forces (IDF) redeployments`): the
    /// opening bracket's position in `kept` each. The parser, reading the
    /// bracket in place, takes the acronym for a second noun phrase and
    /// splits the one around it (`enable [Forces] [(IDF) redeployments]`).
    fn bracketed_acronyms(&self, work: &Work, kept: &[usize]) -> Vec<usize> {
        let tag = |k: usize| self.tags[work.classes[kept[k]] as usize];
        (1..kept.len().saturating_sub(2))
            .filter(|&k| {
                tag(k).0 == "-LRB-"
                    && tag(k + 2).0 == "-RRB-"
                    && work.acronym.get(kept[k + 1]).copied().unwrap_or(false)
                    && matches!(tag(k - 1).1, Upos::Noun | Upos::Propn)
            })
            .collect()
    }

    /// Parses the sentence without its acronyms in brackets
    /// ([`Model::bracketed_acronyms`]) and apart from its asides
    /// ([`Model::asides`]), each as a sentence of its own: the greedy
    /// parser, reading on through the brackets or dashes, hangs the aside's
    /// words on the sentence (`Netanyahu` of `(Israeli Prime Minister
    /// Benjamin Netanyahu later admitted …)` as an apposition of the noun
    /// before, its verb with no subject), or takes the sentence's subject
    /// for the aside's. An aside's root then hangs on the word before it
    /// and its marks on its root; an acronym is the apposition of the word
    /// before its bracket, as UD has it, and its brackets hang on it.
    /// The plural noun before position `open` whose phrase the word before
    /// `open` ends: up from that word through nominal modifiers and
    /// participle clauses (`parties [concerned by [X's conduct in [the
    /// region]]]`), never past a clause's verb or rightwards.
    fn set_before(
        &self,
        heads: &[u32],
        labels: &[u16],
        tag: impl Fn(usize) -> (&'static str, Upos),
        open: usize,
    ) -> Option<usize> {
        let mut cur = open.checked_sub(1)?;
        for _ in 0..8 {
            let (xpos, upos) = tag(cur);
            if upos == Upos::Noun && xpos.ends_with('S') {
                return Some(cur);
            }
            let rel = self.labels[labels[cur + 1] as usize];
            let climbs = match upos {
                Upos::Verb => rel == "acl",
                _ => matches!(rel, "nmod" | "obl" | "obl:agent" | "compound" | "flat"),
            };
            let h = heads[cur + 1] as usize;
            if !climbs || h == 0 || h > cur {
                return None;
            }
            cur = h - 1;
        }
        None
    }

    fn parse_apart(
        &self,
        work: &mut Work,
        kept: &[usize],
        asides: &[(usize, usize)],
        acronyms: &[usize],
    ) {
        let n = kept.len();
        let seen = |k: &usize| !acronyms.iter().any(|&o| (o..o + 3).contains(k));
        // The outer sentence keeps the dash or comma that closes an aside: it ends
        // a phrase there (`… and distribution—a claim that B denied—and
        // the US military is launching …` coordinates two clauses, not
        // `distribution` and `military`). Its head is set below.
        let ends_phrase = |k: usize| {
            let i = kept[k];
            work.dash.get(i).copied().unwrap_or(false)
                || work.comma.get(i).copied().unwrap_or(false)
        };
        let outer: Vec<usize> = (0..n)
            .filter(|&k| {
                seen(&k)
                    && !asides
                        .iter()
                        .any(|&(o, c)| (o..=c).contains(&k) && !(k == c && ends_phrase(c)))
            })
            .collect();
        let inners: Vec<Vec<usize>> = asides
            .iter()
            .map(|&(o, c)| (o + 1..c).filter(seen).collect())
            .collect();
        let mut heads = vec![0u32; n + 1];
        let mut labels = vec![0u16; n + 1];
        for part in std::iter::once(&outer).chain(&inners) {
            if part.is_empty() {
                continue;
            }
            self.parse_part(work, kept, part);
            for (j, &k) in part.iter().enumerate() {
                let h = work.st.heads[j + 1] as usize;
                heads[k + 1] = if h == 0 { 0 } else { part[h - 1] as u32 + 1 };
                labels[k + 1] = work.st.labels[j + 1];
            }
        }
        let label = |name: &str| self.label_id(name).unwrap_or(0);
        for (&(open, close), inner) in asides.iter().zip(&inners) {
            let Some(&root) = inner.iter().find(|&&k| heads[k + 1] == 0) else {
                continue;
            };
            let tag = |k: usize| self.tags[work.classes[kept[k]] as usize];
            let has = |rel: &str| {
                inner.iter().any(|&k| {
                    heads[k + 1] as usize == root + 1
                        && self.labels[labels[k + 1] as usize].starts_with(rel)
                })
            };
            // As UD hangs such words: `(which was abrogated by Bamako)` is
            // a relative clause of the word before, `(endorsed by
            // Khamenei, who …)` a participle's clause, `—including
            // Hamas—` a nominal modifier, a noun phrase an apposition, a
            // clause with its own subject a parataxis.
            let nominal = matches!(tag(root).1, Upos::Noun | Upos::Propn | Upos::Num);
            let rel = if matches!(tag(open + 1).0, "WDT" | "WP" | "WP$" | "WRB") {
                "acl:relcl"
            } else if matches!(tag(root).0, "VBN" | "VBG") && !has("nsubj") {
                "acl"
            } else if nominal && has("case") {
                "nmod"
            } else if nominal {
                "appos"
            } else {
                "parataxis"
            };
            let fragment = nominal && !has("cop");
            heads[root + 1] = open as u32;
            // `—including Hamas—` names members of a set: it hangs on the
            // plural noun whose phrase the word before ends (`parties
            // concerned by Israel's conduct in the region—including
            // Hamas—`), not on that word.
            let names_members = kept
                .get(open + 1)
                .and_then(|&i| work.including.get(i))
                .copied()
                .unwrap_or(false);
            if rel == "nmod" && names_members {
                if let Some(set) = self.set_before(&heads, &labels, tag, open) {
                    heads[root + 1] = set as u32 + 1;
                }
            }
            labels[root + 1] = label(rel);
            // A fragment's noun takes no clausal subject: the parser, which
            // reads whole sentences, calls the infinitive of `the
            // administration's willingness to negotiate` one.
            if fragment {
                for &k in inner {
                    if heads[k + 1] as usize == root + 1
                        && k > root
                        && self.labels[labels[k + 1] as usize] == "csubj"
                    {
                        labels[k + 1] = label("acl");
                    }
                }
            }
            for b in [open, close] {
                heads[b + 1] = root as u32 + 1;
                labels[b + 1] = label("punct");
            }
        }
        for &o in acronyms {
            heads[o + 2] = o as u32;
            labels[o + 2] = label("appos");
            for b in [o, o + 2] {
                heads[b + 1] = o as u32 + 2;
                labels[b + 1] = label("punct");
            }
        }
        work.st.heads = heads;
        work.st.labels = labels;
    }

    /// Joins a nickname in quotation marks to the name around it (`Mohamed
    /// Hamdan “Hemedti” Dagalo`, `Khalifa “the Marshal” Haftar`): the proper
    /// nouns before and after the marks, with the names that hold them,
    /// become one name whose head is its last word, as a name's is.
    fn nicknames_in_names(&self, work: &mut Work) {
        let n = work.quote.len();
        // (`al` of `al-Burhan` is a proper noun in lower case.)
        let proper = |i: usize| self.tags[work.classes[i] as usize].1 == Upos::Propn;
        let mut i = 0;
        while i < n {
            if work.quote[i] == 0 {
                i += 1;
                continue;
            }
            let Some(j) = (i + 1..n).find(|&j| work.quote[j] != 0) else {
                break;
            };
            if i > 0 && j + 1 < n && proper(i - 1) && proper(j + 1) && j - i <= 4 {
                // The run of proper nouns on each side (names the caller
                // found may start or end further).
                let mut first = i - 1;
                while first > 0 && work.quote[first - 1] == 0 && proper(first - 1) {
                    first -= 1;
                }
                let mut last = j + 1;
                while last + 1 < n && work.quote[last + 1] == 0 && proper(last + 1) {
                    last += 1;
                }
                let first = name_around(&work.names, first).map_or(first, |(a, _)| a);
                let last = name_around(&work.names, last).map_or(last, |(_, b)| b);
                work.names.retain(|&(a, b)| b < first || a > last);
                let at = work.names.partition_point(|&(a, _)| a < first);
                work.names.insert(at, (first, last));
            }
            i = j + 1;
        }
    }

    /// Gives back to the parse of the names' head words (`kept`, the words
    /// the parser saw) the other words of each name: they depend on its
    /// head, as `compound` (or `case`, `det`, `cc`, `punct` for such words).
    /// A name is one noun phrase, and the greedy parser, reading its words
    /// one by one, otherwise hangs them anywhere (`Nagorno` of
    /// `Nagorno-Karabakh` as the subject of the final stop).
    fn expand_names(&self, work: &mut Work, kept: &[usize]) {
        let n = work.classes.len();
        let label = |name: &str| self.label_id(name).unwrap_or(0);
        let st = &mut work.st;
        let mut heads = vec![0u32; n + 1];
        let mut labels = vec![0u16; n + 1];
        for (k, &i) in kept.iter().enumerate() {
            let h = st.heads[k + 1] as usize;
            heads[i + 1] = if h == 0 { 0 } else { kept[h - 1] as u32 + 1 };
            labels[i + 1] = st.labels[k + 1];
        }
        for &(first, last) in &work.names {
            for i in first..last {
                heads[i + 1] = last as u32 + 1;
                let (_, upos) = self.tags[work.classes[i] as usize];
                labels[i + 1] = label(match upos {
                    Upos::Punct | Upos::Sym => "punct",
                    Upos::Adp | Upos::Part => "case",
                    Upos::Det => "det",
                    Upos::Cconj => "cc",
                    _ => "compound",
                });
            }
        }
        // A quotation mark hangs, as `punct`, on the word it opens or
        // closes (on a name's head word), as UD hangs it on its phrase;
        // past a comma (`“Site 81,” located …`).
        let head_of = |j: usize| name_around(&work.names, j).map_or(j, |(_, last)| last);
        let mut straight = 0;
        for i in (0..n).filter(|&i| work.quote[i] != 0) {
            let opens = match work.quote[i] {
                OPENING => true,
                CLOSING => false,
                _ => {
                    straight += 1;
                    straight % 2 == 1
                }
            };
            let word = |j: &usize| {
                work.quote[*j] == 0 && self.tags[work.classes[*j] as usize].1 != Upos::Punct
            };
            let next = (i + 1..n).find(word);
            let prev = (0..i).rev().find(word);
            let to = if opens { next.or(prev) } else { prev.or(next) };
            heads[i + 1] = to.map_or(0, |j| head_of(j) as u32 + 1);
            labels[i + 1] = label(if to.is_some() { "punct" } else { "root" });
        }
        st.heads = heads;
        st.labels = labels;
    }

    /// Joins conjuncts the greedy parser split: two subjects of one
    /// predicate on its left with a coordinator between them (`The SAF and
    /// the RSF signed a truce`, parsed as two `nsubj` of `signed` and a
    /// `cc` of it), or two objects on its right (`armed the RSF and the
    /// militias`). UD gives a predicate one subject and one object; the
    /// later one becomes a `conj` of the first, the coordinator its `cc`.
    /// (On the treebanks, where it left UAS as it was and moved LAS a tenth
    /// down on gum-test and a tenth up on ewt-test, it is not applied.)
    fn join_split_conjuncts(&self, st: &mut parser::State, n: usize) {
        let (Some(conj), Some(cc)) = (self.label_id("conj"), self.label_id("cc")) else {
            return;
        };
        let base = |l: u16| {
            let name = self.labels[l as usize];
            name.split(':').next().unwrap_or(name)
        };
        // One pass: per head, its first subject on the left and first
        // object on the right; a later one with a coordinator between
        // joins the first.
        let mut first = vec![[None::<usize>; 2]; n + 1];
        for d in 1..=n {
            let h = st.heads[d] as usize;
            let role = match base(st.labels[d]) {
                "nsubj" if d < h => 0,
                "obj" if d > h => 1,
                _ => continue,
            };
            let Some(f) = first[h][role] else {
                first[h][role] = Some(d);
                continue;
            };
            let coordinator = (f + 1..d).find(|&c| st.heads[c] as usize == h && st.labels[c] == cc);
            if let Some(c) = coordinator {
                st.heads[d] = f as u32;
                st.labels[d] = conj;
                st.heads[c] = d as u32;
            }
        }
    }

    /// Marks, in `work.hinted`, the words the tagger called nouns that
    /// stand where only a verb fits: a verb form of the caller's lexicon
    /// after a noun or a name and before a determiner or a capitalised
    /// word (`the UN monitors the truce`, `the leadership pay Wagner`) or
    /// after infinitival `to` or a modal (`refused to side with`), and,
    /// under a caller's hints, a `have` it called an auxiliary before
    /// a noun phrase (`Algeria has close ties`).
    /// Returns whether any was marked (the sentence is then tagged again).
    fn verbs_in_place(&self, work: &mut Work) -> bool {
        let n = work.classes.len();
        if work.verbal.len() != n || work.hinted.len() != n {
            return false;
        }
        let upos = |c: u8| self.tags[c as usize].1;
        let mut marked = false;
        // `have` as an auxiliary before the noun phrase it governs
        // (`Algeria has close ties with Russia`): only a main verb takes one.
        // Only for a caller's hints (extraction), so `parse` and the
        // treebank scores show the model's own tags.
        if work.have.len() == n && work.hints.iter().any(|&m| m != 0) {
            for i in 0..n.saturating_sub(1) {
                let next = upos(work.classes[i + 1]);
                if work.have[i]
                    && upos(work.classes[i]) == Upos::Aux
                    && (work.determiner[i + 1]
                        || matches!(next, Upos::Det | Upos::Adj | Upos::Noun | Upos::Num))
                {
                    work.hinted[i] = (self.classes_of(Upos::Verb), i32::MAX);
                    marked = true;
                }
            }
        }
        for i in 1..n.saturating_sub(1) {
            if !work.verbal[i] || work.firm.get(i).copied().unwrap_or(false) {
                continue;
            }
            let (prev, here, next) = (
                upos(work.classes[i - 1]),
                upos(work.classes[i]),
                upos(work.classes[i + 1]),
            );
            let determiner_next = work.determiner[i + 1];
            // After a noun or a name (or a name the tagger took for a
            // modifier: `Mali pays`), before a determiner or a name.
            let noun_in_place = here == Upos::Noun
                && (matches!(prev, Upos::Noun | Upos::Propn)
                    || (work.capital[i - 1] && prev == Upos::Adj))
                && (determiner_next || (work.capital[i + 1] && next == Upos::Propn));
            // Right after a name, before the noun phrase it governs
            // (`Russia lent diplomatic support`).
            let adjective_in_place = here == Upos::Adj
                && prev == Upos::Propn
                && (determiner_next || matches!(next, Upos::Adj | Upos::Noun));
            // After infinitival `to` or a modal, `not` between or not
            // (`refused to side with`, `will not side with`).
            let xpos = |k: usize| self.tags[work.classes[k] as usize].0;
            let infinitive = |k: usize| matches!(xpos(k), "TO" | "MD");
            let infinitive_in_place = here == Upos::Noun
                && (infinitive(i - 1)
                    || (i >= 2 && prev == Upos::Part && xpos(i - 1) == "RB" && infinitive(i - 2)));
            if !(noun_in_place || adjective_in_place || infinitive_in_place) {
                continue;
            }
            work.hinted[i] = (self.classes_of(Upos::Verb), i32::MAX);
            // Its subject is then a name, not a modifier.
            if prev == Upos::Adj {
                work.hinted[i - 1] = (self.classes_of(Upos::Propn), i32::MAX);
            }
            marked = true;
        }
        marked
    }

    /// Marks, in `work.hinted`, the words the tagger called adjectives or
    /// adverbs that the hint says are nouns (or verbs) and never
    /// adjectives, before a noun (the first noun of a compound: `aid
    /// flights`, `supply convoys`) or, after a determiner or an adjective,
    /// before a preposition (the head of a noun phrase: `a fresh offensive
    /// on`), and the participles it put right after a finite main verb
    /// that the hint allows to be nouns (`sent aid to`). Returns whether
    /// any was marked.
    fn nouns_in_place(&self, work: &mut Work) -> bool {
        let n = work.classes.len();
        if work.nominal.len() != n || work.hinted.len() != n {
            return false;
        }
        let noun = self.classes_of(Upos::Noun);
        let mut marked = false;
        // Where the hint allows a noun, a verb form the tagger put
        // - as a participle right after a finite main verb (`the US sent
        //   aid to Gaza`; a participle follows `have`, `be` or `get`);
        // - after a finite verb and one name, before a preposition,
        //   punctuation or the end (`Hungary vetoed EU aid to Ukraine`;
        //   before a name it heads a clause: `said Russia attacked Kyiv`)
        // heads a noun phrase.
        if work.linking.len() == n && work.have.len() == n {
            let tag = |k: usize| self.tags[work.classes[k] as usize];
            let finite =
                |k: usize| tag(k).1 == Upos::Verb && matches!(tag(k).0, "VBD" | "VBZ" | "VBP");
            for i in 1..n {
                if work.classes[i] >= 128
                    || !work.nominal[i]
                    || work.hints[i] & noun == 0
                    || work.firm.get(i).copied().unwrap_or(false)
                {
                    continue;
                }
                let participle_after_verb =
                    tag(i).0 == "VBN" && finite(i - 1) && !work.have[i - 1] && !work.linking[i - 1];
                let verb_after_name = i >= 2
                    && tag(i).1 == Upos::Verb
                    && tag(i - 1).1 == Upos::Propn
                    && finite(i - 2)
                    && (i + 1 == n || matches!(tag(i + 1).1, Upos::Adp | Upos::Punct));
                if participle_after_verb || verb_after_name {
                    work.hinted[i] = (noun, i32::MAX);
                    marked = true;
                }
            }
        }
        for i in 0..n.saturating_sub(1) {
            let (class, hint) = (work.classes[i], work.hints[i]);
            let upos = self.tags[class as usize].1;
            if !work.nominal[i]
                || hint & noun == 0
                || class >= 128
                || hint & (1 << class) != 0
                || !matches!(upos, Upos::Adj | Upos::Adv)
            {
                continue;
            }
            let next = self.tags[work.classes[i + 1] as usize].1;
            let after_modifier = i > 0
                && (work.determiner[i - 1]
                    || matches!(
                        self.tags[work.classes[i - 1] as usize].1,
                        Upos::Det | Upos::Adj
                    ));
            if !(next == Upos::Noun || (next == Upos::Adp && after_modifier)) {
                continue;
            }
            work.hinted[i] = (noun, i32::MAX);
            marked = true;
        }
        marked
    }

    /// The tag classes (of the first 128) whose UPOS is `upos`.
    fn classes_of(&self, upos: Upos) -> u128 {
        let mut set = 0u128;
        for (c, &(_, u)) in self.tags.iter().enumerate().take(128) {
            if u == upos {
                set |= 1 << c;
            }
        }
        set
    }

    fn run(&self, work: &mut Work, text: &str, tokens: &[Range<usize>]) -> Sentence {
        self.analyse(work, tokens.iter().map(|r| &text[r.clone()]));
        let mut out = Vec::with_capacity(tokens.len());
        for (i, r) in tokens.iter().enumerate() {
            let form = &text[r.clone()];
            let class = work.classes[i];
            let (xpos, upos) = self.tags[class as usize];
            work.lower.clear();
            work.lower.extend(form.chars().flat_map(char::to_lowercase));
            let lemma = match self.lemma_index.get(&train::lemma_key(&work.lower, class)) {
                Some(&k) => self.lemmas[k as usize].clone(),
                None => lemma::rule(form, &work.lower, xpos),
            };
            out.push(Token {
                start: r.start,
                end: r.end,
                upos,
                xpos,
                lemma,
                head: work.st.heads[i + 1] as usize,
                deprel: self.labels[work.st.labels[i + 1] as usize],
            });
        }
        if work.named {
            repair(text, &mut out);
        }
        Sentence {
            start: tokens.first().map_or(0, |r| r.start),
            end: tokens.last().map_or(0, |r| r.end),
            tokens: out,
        }
    }

    /// Tags and parses the gold words of a treebank and scores the result.
    pub fn evaluate(&self, gold: &[conllu::GoldSentence]) -> Scores {
        self.evaluate_hinted(gold, &|_| 0, 0)
    }

    /// [`Model::evaluate`] with the tagger hinted as in [`Model::parse_span_hinted`].
    pub fn evaluate_hinted(
        &self,
        gold: &[conllu::GoldSentence],
        hint: &dyn Fn(&str) -> u32,
        margin: i32,
    ) -> Scores {
        let mut work = Work::default();
        let mut sc = Scores::default();
        for g in gold {
            // Cut like any long sentence, so scoring sees what `parse` does.
            let n = g.len();
            self.set_hints(&mut work, g.forms.iter().map(String::as_str), hint, margin);
            self.analyse(&mut work, g.forms.iter().map(String::as_str));
            sc.sentences += 1;
            for i in 0..n {
                let (xpos, upos) = self.tags[work.classes[i] as usize];
                sc.tokens += 1;
                sc.upos += (upos.as_str() == g.upos[i]) as usize;
                sc.xpos += (xpos == g.xpos[i]) as usize;
                let head_ok = work.st.heads[i + 1] as usize == g.heads[i];
                sc.uas += head_ok as usize;
                let universal = |l: &str| l.split(':').next().unwrap_or("").to_string();
                let label = self.labels[work.st.labels[i + 1] as usize];
                sc.las += (head_ok && universal(label) == universal(&g.deprels[i])) as usize;
            }
        }
        sc
    }
}

/// What the greedy parser gets wrong in ways that mislead extraction,
/// mended where the caller named actors (`Model::parse_span_hinted`); the
/// test `repairs_attach_treebank_words_no_worse` checks each on treebanks.
fn repair(text: &str, toks: &mut [Token]) {
    attach_noun_infinitives(text, toks);
    active_subjects_without_passive(toks);
    lift_dependents_of_punctuation(toks);
    noun_infinitives_are_clauses(toks);
    infinitive_objects_taken_as_subjects(text, toks);
    marked_clauses_are_adverbial(toks);
    subjects_after_prepositions(text, toks);
    possessors_on_nominals(toks);
    appositions_on_nominals(text, toks);
    raising_passives(text, toks);
    names_taken_for_adverbs(toks);
    lift_dependents_of_auxiliaries(toks);
    hyphened_participles(text, toks);
    hyphened_prepositions(text, toks);
    coordinators_heading_words(toks);
    reduced_relatives_taken_for_clauses(text, toks);
    modifiers_taken_for_heads(text, toks);
    object_control_infinitives(text, toks);
    adverbs_taken_for_heads(toks);
    nouns_coordinated_with_verbs(toks);
    main_verbs_taken_for_reduced_relatives(toks);
    list_members_taken_for_compounds(text, toks);
}

/// `Egypt, Qatar and the US mediated`: the parser hung `Qatar` on `Egypt`
/// as a compound. A compound comes before its head; a noun or name after
/// its head, right after a comma, with the head coordinated further on
/// (`and the US`), is a member of the list: a conjunct.
fn list_members_taken_for_compounds(text: &str, toks: &mut [Token]) {
    let n = toks.len();
    for k in 1..n {
        let h = toks[k].head;
        if toks[k].deprel != "compound"
            || h == 0
            || h > k
            || !matches!(toks[k].upos, Upos::Noun | Upos::Propn)
            || &text[toks[k - 1].start..toks[k - 1].end] != ","
        {
            continue;
        }
        let later_conj = toks
            .iter()
            .enumerate()
            .any(|(j, t)| j > k && t.head == h && t.deprel == "conj");
        if later_conj {
            toks[k].deprel = "conj";
        }
    }
}

/// `Russian forces entered Kherson.`: with no verb at the root, the parser
/// took the sentence's only verb for a reduced relative of its subject
/// (`acl`) and its object for a complement. A participle takes no direct
/// object, so a past form hung as `acl` on a root noun that has no subject
/// or copula, with a noun or name as its object and no auxiliary, marker
/// or subject of its own, is the main verb and the noun its subject.
fn main_verbs_taken_for_reduced_relatives(toks: &mut [Token]) {
    let n = toks.len();
    let has = |toks: &[Token], h: usize, rels: &[&str]| {
        toks.iter()
            .any(|t| t.head == h + 1 && rels.contains(&t.deprel))
    };
    let Some(r) = (0..n).find(|&k| toks[k].head == 0) else {
        return;
    };
    if !matches!(toks[r].upos, Upos::Noun | Upos::Propn)
        || has(toks, r, &["cop", "nsubj", "nsubj:pass", "csubj"])
    {
        return;
    }
    let Some(v) = (r + 1..n).find(|&k| {
        toks[k].head == r + 1
            && toks[k].deprel == "acl"
            && toks[k].upos == Upos::Verb
            && matches!(toks[k].xpos, "VBD" | "VBN")
    }) else {
        return;
    };
    if has(toks, v, &["aux", "aux:pass", "mark", "nsubj", "nsubj:pass"]) {
        return;
    }
    let Some(o) = (v + 1..n).find(|&k| {
        toks[k].head == v + 1
            && matches!(toks[k].deprel, "obj" | "xcomp")
            && matches!(toks[k].upos, Upos::Noun | Upos::Propn)
    }) else {
        return;
    };
    toks[v].head = 0;
    toks[v].deprel = "root";
    toks[v].xpos = "VBD";
    toks[r].head = v + 1;
    toks[r].deprel = "nsubj";
    toks[o].deprel = "obj";
    // What follows the verb (the full stop) hangs on it now.
    for t in &mut toks[v + 1..] {
        if t.head == r + 1 {
            t.head = v + 1;
        }
    }
}

/// `urged the SAF and the RSF to accept a truce`, with `RSF` hung on
/// `urged` as a conjunct: a verb coordinates with no bare noun. A noun
/// conjunct of a verb, with a coordinator before it and no subject, copula
/// or auxiliary of its own, right after the verb's object (nothing else of
/// the verb between them), is the object's conjunct.
fn nouns_coordinated_with_verbs(toks: &mut [Token]) {
    for i in 0..toks.len() {
        let v = toks[i].head;
        if toks[i].deprel != "conj"
            || v == 0
            || toks[v - 1].upos != Upos::Verb
            || !matches!(toks[i].upos, Upos::Noun | Upos::Propn)
        {
            continue;
        }
        let own = |deprels: &[&str], before: bool| {
            toks.iter()
                .enumerate()
                .any(|(k, t)| t.head == i + 1 && deprels.contains(&t.deprel) && (!before || k < i))
        };
        if own(
            &[
                "nsubj",
                "nsubj:pass",
                "csubj",
                "cop",
                "aux",
                "aux:pass",
                "expl",
            ],
            false,
        ) || !own(&["cc"], true)
        {
            continue;
        }
        let Some(o) = (v..i)
            .rev()
            .find(|&k| toks[k].head == v && toks[k].deprel == "obj")
        else {
            continue;
        };
        if (o + 1..i).any(|k| toks[k].head == v && toks[k].deprel != "punct") {
            continue;
        }
        toks[i].head = o + 1;
    }
}

/// `the United States also reportedly is exploring the option`, with
/// `reportedly` taken for the head of the clause and `exploring` hung
/// elsewhere: an adverb takes no subject. The verb after it, past
/// auxiliaries and adverbs only, takes its place and its dependents.
fn adverbs_taken_for_heads(toks: &mut [Token]) {
    for a in 0..toks.len() {
        if toks[a].upos != Upos::Adv
            || !toks
                .iter()
                .any(|t| t.head == a + 1 && matches!(t.deprel, "nsubj" | "nsubj:pass"))
        {
            continue;
        }
        let Some(v) = (a + 1..toks.len().min(a + 5))
            .find(|&k| !matches!(toks[k].upos, Upos::Aux | Upos::Adv | Upos::Part))
            .filter(|&k| toks[k].upos == Upos::Verb)
        else {
            continue;
        };
        // Not an adverb as a copula's predicate (`the key is here`), nor a
        // verb the adverb's clause already holds; the verb has an
        // auxiliary between (`reportedly is exploring`) or is finite.
        let cop = toks.iter().any(|t| t.head == a + 1 && t.deprel == "cop");
        let aux = (a + 1..v).any(|k| toks[k].head == v + 1 && toks[k].deprel.starts_with("aux"));
        if cop || in_subtree(toks, a, v) || !(aux || matches!(toks[v].xpos, "VBZ" | "VBD" | "VBP"))
        {
            continue;
        }
        for t in toks.iter_mut() {
            if t.head == a + 1 {
                t.head = v + 1;
            }
        }
        toks[v].head = toks[a].head;
        toks[v].deprel = toks[a].deprel;
        toks[a].head = v + 1;
        toks[a].deprel = "advmod";
    }
}

/// `North Korean troops have fought alongside …`, with `troops` hung on
/// `have` (tagged a verb, attached as `aux`): an auxiliary takes no
/// subject in UD; a subject before it goes up to the verb after it.
/// (Lifting every dependent of an auxiliary or copula cost three words on
/// gum-test, any subject or object two.)
fn lift_dependents_of_auxiliaries(toks: &mut [Token]) {
    for d in 0..toks.len() {
        let h = toks[d].head;
        if h == 0 || !matches!(toks[h - 1].deprel, "aux" | "aux:pass" | "cop") {
            continue;
        }
        if !matches!(toks[d].deprel, "nsubj" | "nsubj:pass") {
            continue;
        }
        // A subject before the auxiliary, whose verb follows it.
        let up = toks[h - 1].head;
        if up > h && d + 1 < h && toks[up - 1].upos == Upos::Verb {
            toks[d].head = up;
        }
    }
}

/// Verbs of saying and thinking whose passive raises the subject of an
/// infinitive (`Tehran is believed to have shipped missiles`).
const RAISING: &[&str] = &[
    "believe",
    "think",
    "say",
    "report",
    "allege",
    "suspect",
    "understand",
    "know",
    "expect",
    "rumour",
    "rumor",
    "presume",
    "assume",
    "estimate",
    "reckon",
    "consider",
    "claim",
    "see",
    "thought",
    "said",
    "known",
    "seen",
];

/// `Tehran is believed to have shipped missiles to Moscow`, with the
/// infinitive read as an adverbial (purpose) clause: after a passive verb
/// of saying or thinking it is the verb's complement (`xcomp`), whose
/// subject is the passive subject.
fn raising_passives(text: &str, toks: &mut [Token]) {
    for c in 0..toks.len() {
        let h = toks[c].head;
        if toks[c].deprel != "advcl" || h == 0 || h > c {
            continue;
        }
        let v = h - 1;
        let passive = toks
            .iter()
            .any(|t| t.head == v + 1 && t.deprel == "aux:pass");
        let to = toks.iter().enumerate().any(|(k, t)| {
            t.head == c + 1
                && t.deprel == "mark"
                && k < c
                && text[t.start..t.end].eq_ignore_ascii_case("to")
        });
        if passive && to && toks[v].xpos == "VBN" && RAISING.contains(&toks[v].lemma.as_str()) {
            toks[c].deprel = "xcomp";
        }
    }
}

/// `Poland and the Baltic states have urged NATO …`, with `Poland` hung on
/// the verb as an adverb: a name is no adverb. A name so hung, right
/// before a coordinator and a conjunct that is a subject or object of the
/// same word, is that subject or object, and the later phrase its conjunct.
fn names_taken_for_adverbs(toks: &mut [Token]) {
    let n = toks.len();
    for p in 0..n.saturating_sub(2) {
        let h = toks[p].head;
        if toks[p].deprel != "advmod"
            || toks[p].upos != Upos::Propn
            || toks[p + 1].upos != Upos::Cconj
        {
            continue;
        }
        let cc = p + 1;
        let Some(x) = (cc + 1..n).find(|&k| toks[cc].head == k + 1) else {
            continue;
        };
        if toks[x].head != h || !matches!(toks[x].deprel, "nsubj" | "obj" | "nsubj:pass") {
            continue;
        }
        toks[p].deprel = toks[x].deprel;
        toks[x].head = p + 1;
        toks[x].deprel = "conj";
    }
}

/// Whether token `a` and the token two after it are joined by a hyphen
/// between them, without spaces (`Houthi - occupied`, `near - daily`: the
/// tokenizer splits such words, as UD does).
fn hyphen_between(text: &str, toks: &[Token], a: usize) -> bool {
    let (hy, b) = (a + 1, a + 2);
    b < toks.len()
        && matches!(
            &text[toks[hy].start..toks[hy].end],
            "-" | "\u{2010}" | "\u{2011}"
        )
        && toks[a].end == toks[hy].start
        && toks[hy].end == toks[b].start
}

/// `Houthi-occupied Sanaa`, `the Trump-led “Board of Peace”`: a past
/// participle joined by a hyphen to the word before it and followed by a
/// noun phrase modifies that phrase, as `amod` (UD's `state-owned
/// firms`). The greedy parser reads it as a clause of its own, with the
/// word before the hyphen its subject and the noun its object. The word
/// before the hyphen stays on the participle, as `compound`.
fn hyphened_participles(text: &str, toks: &mut [Token]) {
    let n = toks.len();
    let form = |toks: &[Token], k: usize| &text[toks[k].start..toks[k].end];
    for v in 2..n {
        let (w, hy) = (v - 2, v - 1);
        if !matches!(toks[v].xpos, "VBN" | "VBD")
            || toks[v].deprel == "amod"
            || !hyphen_between(text, toks, w)
            || !matches!(toks[w].upos, Upos::Propn | Upos::Noun | Upos::Adj)
        {
            continue;
        }
        // The noun phrase after it, past quotation marks: its head, up
        // through modifiers that hang to their right.
        let Some(mut k) = (v + 1..n)
            .find(|&k| !(toks[k].upos == Upos::Punct && matches!(form(toks, k), "“" | "\"" | "‘")))
        else {
            continue;
        };
        while matches!(toks[k].deprel, "amod" | "compound" | "flat")
            && toks[k].head > k + 1
            && toks[k].head <= (k + 6).min(n)
        {
            k = toks[k].head - 1;
        }
        // (A number ends a name: `the little-known “Site 81”`.)
        let named_number =
            toks[k].upos == Upos::Num && k > v + 1 && matches!(toks[k - 1].xpos, "NNP" | "NNPS");
        if !(matches!(toks[k].upos, Upos::Noun | Upos::Propn) || named_number) || k == v {
            continue;
        }
        // The clause the parser made of the participle now belongs to the
        // noun: it takes the participle's place, as the object of the
        // verb the participle hung on when that was a clausal link.
        if in_subtree(toks, k, v) {
            let (head, rel) = (toks[v].head, toks[v].deprel);
            let has_object = toks.iter().any(|t| t.head == head && t.deprel == "obj");
            toks[k].head = head;
            toks[k].deprel = match rel {
                "conj" | "xcomp" | "ccomp" | "parataxis" | "dep" | "advcl"
                    if head != 0 && toks[head - 1].upos == Upos::Verb && !has_object =>
                {
                    "obj"
                }
                r => r,
            };
        }
        // What the clause had after the noun is the noun's (`Site 81,
        // located under …`).
        for t in &mut toks[k + 1..] {
            if t.head == v + 1 {
                t.head = k + 1;
            }
        }
        toks[v].head = k + 1;
        toks[v].deprel = "amod";
        toks[w].head = v + 1;
        toks[w].deprel = "compound";
        toks[hy].head = w + 1;
        toks[hy].deprel = "punct";
    }
}

/// `Israeli forces conduct near-daily incursions`: a preposition joined by
/// a hyphen to the word after it opens that word (`in-house`, UD's `case`
/// of `house`), not the noun phrase; the greedy parser made it the case
/// of `incursions`, which became an oblique. It goes to the word after
/// the hyphen, and the noun it had marked, left with no preposition, is
/// the object of a verb that has none.
fn hyphened_prepositions(text: &str, toks: &mut [Token]) {
    let n = toks.len();
    for p in 0..n.saturating_sub(2) {
        let (hy, w) = (p + 1, p + 2);
        let h = toks[p].head;
        if toks[p].upos != Upos::Adp
            || toks[p].deprel != "case"
            || h == 0
            || h == w + 1
            || !hyphen_between(text, toks, p)
            || !matches!(toks[w].upos, Upos::Adj | Upos::Noun | Upos::Adv | Upos::Num)
            || in_subtree(toks, w, p)
        {
            continue;
        }
        toks[p].head = w + 1;
        toks[hy].head = w + 1;
        toks[hy].deprel = "punct";
        let noun = h - 1;
        let marked = toks
            .iter()
            .any(|t| t.head == h && matches!(t.deprel, "case" | "mark"));
        let verb = toks[noun].head;
        if !marked
            && toks[noun].deprel == "obl"
            && verb != 0
            && toks[verb - 1].upos == Upos::Verb
            && noun + 1 > verb
            && !toks.iter().any(|t| t.head == verb && t.deprel == "obj")
        {
            toks[noun].deprel = "obj";
        }
    }
}

/// `… by expanding X and by placing conditions on B`, with `and` taken
/// for a clause and `placing` hung on it: a coordinator heads nothing in
/// UD. The word it heads is a
/// conjunct of the nearest word before the coordinator with the same tag
/// (`expanding`), and the coordinator its `cc`.
fn coordinators_heading_words(toks: &mut [Token]) {
    let n = toks.len();
    for c in 0..n {
        // (Only a coordinator the parser gave a role of its own: `and` as
        // a `ccomp`. Any coordinator that heads a word cost ewt-test two.)
        if toks[c].upos != Upos::Cconj || matches!(toks[c].deprel, "cc" | "conj" | "fixed") {
            continue;
        }
        let Some(x) = (c + 1..n).find(|&k| {
            toks[k].head == c + 1 && !matches!(toks[k].upos, Upos::Punct | Upos::Adp | Upos::Sconj)
        }) else {
            continue;
        };
        let Some(first) = (0..c)
            .rev()
            .find(|&j| toks[j].xpos == toks[x].xpos && !in_subtree(toks, j, x))
        else {
            continue;
        };
        if in_subtree(toks, first, c) {
            continue;
        }
        toks[x].head = first + 1;
        toks[x].deprel = "conj";
        toks[c].head = x + 1;
        toks[c].deprel = "cc";
    }
}

/// `the force (ISF) envisaged in Trump's plan and established in …`, with
/// `envisaged` tagged a past tense and hung far away as a clause of its
/// own: a past form right after a noun phrase, with no subject, auxiliary
/// or object of its own but a prepositional phrase, is the reduced
/// relative of that noun (`acl`), its participle.
fn reduced_relatives_taken_for_clauses(text: &str, toks: &mut [Token]) {
    let n = toks.len();
    let form = |toks: &[Token], k: usize| &text[toks[k].start..toks[k].end];
    for v in 1..n {
        if toks[v].xpos != "VBD"
            || !matches!(
                toks[v].deprel,
                "conj" | "parataxis" | "ccomp" | "advcl" | "dep"
            )
        {
            continue;
        }
        let own = |rel: &str| toks.iter().any(|t| t.head == v + 1 && t.deprel == rel);
        if own("nsubj")
            || own("nsubj:pass")
            || own("aux")
            || own("aux:pass")
            || own("obj")
            || own("cc")
        {
            continue;
        }
        let phrase = toks.iter().enumerate().any(|(k, t)| {
            k > v
                && t.head == v + 1
                && matches!(t.deprel, "obl" | "obl:agent")
                && toks.iter().any(|c| c.head == k + 1 && c.deprel == "case")
        });
        if !phrase {
            continue;
        }
        // The noun right before, past a bracketed acronym (`(ISF)`) of
        // three words at most. (Not `nominal_before`, which also steps
        // over other punctuation and up a compound: with it ewt-test lost
        // a word.)
        let mut p = v - 1;
        if form(toks, p) == ")" {
            let Some(open) = (0..p).rev().find(|&k| form(toks, k) == "(") else {
                continue;
            };
            if open == 0 || p - open > 3 {
                continue;
            }
            p = open - 1;
        }
        if !matches!(toks[p].upos, Upos::Noun | Upos::Propn) || in_subtree(toks, p, v) {
            continue;
        }
        toks[v].head = p + 1;
        toks[v].deprel = "acl";
        toks[v].xpos = "VBN";
    }
}

/// `located in downtown Tel Aviv`, with `downtown` taken for the noun that
/// `in` marks and `Tel Aviv` hung beside it with no preposition: a word in
/// lower case right before a name, the two on one head, is the name's
/// modifier, and the name takes its role and preposition.
fn modifiers_taken_for_heads(text: &str, toks: &mut [Token]) {
    let n = toks.len();
    for w in 0..n.saturating_sub(1) {
        if !matches!(toks[w].upos, Upos::Noun | Upos::Adj)
            || !matches!(toks[w].deprel, "nmod" | "obl")
            || !text[toks[w].start..].starts_with(char::is_lowercase)
        {
            continue;
        }
        // The name right after: its words up to its head, a proper noun.
        let Some(p) = (w + 1..n).find(|&k| toks[k].head != k + 2) else {
            continue;
        };
        let h = toks[w].head;
        let marks = |toks: &[Token], x: usize| {
            toks.iter()
                .any(|t| t.head == x + 1 && matches!(t.deprel, "case" | "mark"))
        };
        if toks[p].upos != Upos::Propn
            || toks[p].head != h
            || !(w + 1..p).all(|k| toks[k].upos == Upos::Propn)
            || !matches!(
                toks[p].deprel,
                "nmod" | "obl" | "compound" | "appos" | "dep"
            )
            || !marks(toks, w)
            || marks(toks, p)
            || toks
                .iter()
                .any(|t| t.head == w + 1 && !matches!(t.deprel, "case" | "det" | "amod"))
        {
            continue;
        }
        toks[p].deprel = toks[w].deprel;
        for t in toks.iter_mut().filter(|t| t.head == w + 1) {
            t.head = p + 1;
        }
        toks[w].head = p + 1;
        toks[w].deprel = if toks[w].upos == Upos::Adj {
            "amod"
        } else {
            "compound"
        };
    }
}

/// Verbs whose object is the subject of the infinitive after it (`urged
/// Washington to restrain Israel`: Washington is to restrain).
/// Verbs whose prepositional object is the subject of the infinitive
/// after it (`called on Russia to withdraw`, `appealed to Washington to
/// restrain Israel`, `relies on Moscow to protect it`), with their
/// prepositions; not `turned to Russia to buy arms`, whose buyer is the
/// subject.
const PREPOSITION_CONTROL: [(&str, &[&str]); 8] = [
    ("call", &["on", "upon", "for"]),
    ("appeal", &["to"]),
    ("plead", &["with"]),
    ("rely", &["on", "upon"]),
    ("count", &["on", "upon"]),
    ("look", &["to"]),
    ("wait", &["for"]),
    ("lean", &["on"]),
];

const OBJECT_CONTROL: [&str; 24] = [
    "urge",
    "ask",
    "press",
    "push",
    "encourage",
    "persuade",
    "pressure",
    "force",
    "compel",
    "order",
    "tell",
    "allow",
    "enable",
    "invite",
    "require",
    "permit",
    "authorize",
    "authorise",
    "instruct",
    "convince",
    "lobby",
    "prompt",
    "oblige",
    "implore",
];

/// `urged Washington to restrain Israel`, with the infinitive hung as a
/// purpose clause (`advcl`), whose subject is then the urger's: after the
/// object of a verb of asking, making or letting, the infinitive is its
/// complement (`xcomp`), and the object its subject.
fn object_control_infinitives(text: &str, toks: &mut [Token]) {
    for i in 0..toks.len() {
        let v = toks[i].head;
        if toks[i].deprel != "advcl" || toks[i].xpos != "VB" || v == 0 {
            continue;
        }
        let form = text[toks[v - 1].start..toks[v - 1].end].to_lowercase();
        let object_control = OBJECT_CONTROL.iter().any(|verb| inflects(&form, verb));
        let preps = PREPOSITION_CONTROL
            .iter()
            .find(|(verb, _)| inflects(&form, verb))
            .map_or(&[][..], |(_, preps)| *preps);
        if !object_control && preps.is_empty() {
            continue;
        }
        let to = toks
            .iter()
            .enumerate()
            .any(|(k, t)| t.head == i + 1 && t.deprel == "mark" && k + 1 == i && t.xpos == "TO");
        // (`called on Russia to withdraw`: the object of the preposition.)
        let marked = |k: usize| {
            toks.iter().any(|c| {
                c.head == k + 1
                    && c.deprel == "case"
                    && preps.contains(&text[c.start..c.end].to_lowercase().as_str())
            })
        };
        let object = toks.iter().enumerate().any(|(k, t)| {
            t.head == v
                && k + 1 > v
                && k < i
                && ((object_control && t.deprel == "obj") || (t.deprel == "obl" && marked(k)))
        });
        if to && object {
            toks[i].deprel = "xcomp";
        }
    }
}

/// Whether `form` is a form of the regular verb `verb` (`urged`, `urges`,
/// `urging` of `urge`; `compelled` of `compel`): the rule lemmatiser
/// gives `urg` for `urged`.
fn inflects(form: &str, verb: &str) -> bool {
    let stem = verb.strip_suffix('e').unwrap_or(verb);
    let Some(rest) = form.strip_prefix(stem) else {
        return false;
    };
    let last = stem
        .chars()
        .next_back()
        .map(String::from)
        .unwrap_or_default();
    matches!(rest, "" | "e" | "s" | "es" | "ed" | "d" | "ing")
        || rest == format!("{last}ed")
        || rest == format!("{last}ing")
}

/// Whether `k` lies in the subtree of `top` (both 0-based).
fn in_subtree(toks: &[Token], k: usize, top: usize) -> bool {
    conllu::dominates(|d| toks[d - 1].head, toks.len(), top + 1, k + 1)
}

/// The nominal that ends right before token `at`, past punctuation and a
/// bracketed apposition (`the International Stabilization Force (ISF)`):
/// the head of its name or compound (0-based), if it is a noun, a name or
/// a number.
fn nominal_before(text: &str, toks: &[Token], at: usize) -> Option<usize> {
    let form = |k: usize| &text[toks[k].start..toks[k].end];
    let mut p = at.checked_sub(1)?;
    while toks[p].upos == Upos::Punct {
        if form(p) == ")" {
            let open = (0..p).rev().find(|&k| form(k) == "(")?;
            p = open.checked_sub(1)?;
        } else {
            p = p.checked_sub(1)?;
        }
    }
    let mut k = p;
    while matches!(toks[k].deprel, "compound" | "flat") && toks[k].head > k + 1 {
        k = toks[k].head - 1;
    }
    matches!(toks[k].upos, Upos::Noun | Upos::Propn | Upos::Num).then_some(k)
}

/// `at “Site 512,” a radar installation in Israel`, with the apposition
/// hung on the verb before (as `appos`, or as `advcl`, which a bare noun
/// phrase cannot be): UD joins an apposition to a nominal, here the one
/// right before the comma that opens it.
fn appositions_on_nominals(text: &str, toks: &mut [Token]) {
    for a in 0..toks.len() {
        let h = toks[a].head;
        // An apposition, or a bare noun phrase taken for a clause.
        let bare_noun = toks[a].deprel == "advcl"
            && toks[a].upos == Upos::Noun
            && !toks
                .iter()
                .any(|t| t.head == a + 1 && matches!(t.deprel, "cop" | "nsubj" | "mark" | "aux"));
        if !(toks[a].deprel == "appos" || bare_noun)
            || h == 0
            || matches!(
                toks[h - 1].upos,
                Upos::Noun | Upos::Propn | Upos::Num | Upos::Pron
            )
        {
            continue;
        }
        let first = (0..a)
            .find(|&k| toks[k].upos != Upos::Punct && in_subtree(toks, k, a))
            .unwrap_or(a);
        // Set off by a comma: `X, a …`.
        let comma = (0..first)
            .rev()
            .take_while(|&k| toks[k].upos == Upos::Punct)
            .any(|k| &text[toks[k].start..toks[k].end] == ",");
        if !comma || toks[first].upos != Upos::Det {
            continue;
        }
        if let Some(k) = nominal_before(text, toks, first).filter(|&k| !in_subtree(toks, k, a)) {
            toks[a].head = k + 1;
            toks[a].deprel = "appos";
        }
    }
}

/// Nouns that take an infinitive of their own (`the junta's decision to
/// expel`, `a bid to retake`, `its refusal to join`).
const INFINITIVE_NOUNS: &[&str] = &[
    "decision",
    "decisions",
    "plan",
    "plans",
    "attempt",
    "attempts",
    "effort",
    "efforts",
    "bid",
    "bids",
    "move",
    "moves",
    "intention",
    "intentions",
    "readiness",
    "willingness",
    "right",
    "ability",
    "pledge",
    "pledges",
    "promise",
    "promises",
    "request",
    "requests",
    "call",
    "calls",
    "order",
    "orders",
    "proposal",
    "proposals",
    "threat",
    "threats",
    "offer",
    "offers",
    "refusal",
    "failure",
    "commitment",
    "commitments",
    "determination",
    "desire",
    "ambition",
    "ambitions",
    "mandate",
    "permission",
    "approval",
    "agreement",
    "campaign",
    "push",
    "drive",
    "demand",
    "demands",
    "invitation",
    "choice",
    "vow",
    "appeal",
    "appeals",
];

/// `welcomed the junta's decision to expel French forces`: the greedy
/// parser often hangs the infinitive on the verb (`welcomed … to expel`,
/// whose subject is then the Kremlin). Right after such a noun that is the
/// verb's object or oblique, the infinitive is the noun's (`acl`).
/// (Applied where the caller named actors, as the other repairs.)
fn attach_noun_infinitives(text: &str, toks: &mut [Token]) {
    for v in 2..toks.len() {
        let to = &toks[v - 1];
        if toks[v].deprel != "advcl"
            || toks[v].upos != Upos::Verb
            || to.head != v + 1
            || !text[to.start..to.end].eq_ignore_ascii_case("to")
        {
            continue;
        }
        let n = v - 2;
        let noun = &toks[n];
        let lower = text[noun.start..noun.end].to_ascii_lowercase();
        if noun.upos == Upos::Noun
            && noun.head == toks[v].head
            && matches!(noun.deprel, "obj" | "obl" | "nsubj" | "nsubj:pass")
            && INFINITIVE_NOUNS.contains(&lower.as_str())
        {
            toks[v].head = n + 1;
            toks[v].deprel = "acl";
        }
    }
}

/// `Hezbollah fighters crossed into Syria`, parsed with `fighters` as a
/// passive subject of `crossed` (tagged a participle): in UD English a
/// passive subject always has a passive auxiliary beside it (`was`,
/// `got`), so a verb with no auxiliary at all has an active subject.
/// (Applied where the caller named actors, as the other repairs.)
fn active_subjects_without_passive(toks: &mut [Token]) {
    for d in 0..toks.len() {
        if toks[d].deprel != "nsubj:pass" || toks[d].head == 0 {
            continue;
        }
        let h = toks[d].head - 1;
        let verb = matches!(toks[h].xpos, "VBD" | "VBZ" | "VBP" | "VBN");
        let auxiliary = toks
            .iter()
            .any(|t| t.head == h + 1 && t.deprel.starts_with("aux"));
        if verb && !auxiliary {
            toks[d].deprel = "nsubj";
        }
    }
}

/// `… stationed at the base will support the effort, and by monitoring
/// the truce.` parsed with `monitoring` hanging on the full stop: in UD a
/// punctuation mark has no dependents, so a word the parser hung on one
/// goes up to the mark's own head (the clause it closes).
/// (Applied where the caller named actors, as the other repairs.)
fn lift_dependents_of_punctuation(toks: &mut [Token]) {
    for d in 0..toks.len() {
        if toks[d].deprel == "punct" {
            continue;
        }
        let mut h = toks[d].head;
        let mut steps = 0;
        while h != 0 && toks[h - 1].upos == Upos::Punct && steps < toks.len() {
            h = toks[h - 1].head;
            steps += 1;
        }
        if h != toks[d].head && h != 0 && h != d + 1 {
            toks[d].head = h;
        }
    }
}

/// `the administration's willingness to negotiate with B` parsed with the
/// infinitive as the noun's `xcomp`: UD gives a noun's infinitive as `acl`
/// (open complements belong to verbs and adjectives, or to a noun that is
/// a predicate with its copula), and the rules read its subject from the
/// noun's possessor through `acl`.
/// (Applied where the caller named actors, as the other repairs.)
fn noun_infinitives_are_clauses(toks: &mut [Token]) {
    for d in 0..toks.len() {
        if toks[d].deprel != "xcomp" || toks[d].head == 0 {
            continue;
        }
        let h = toks[d].head - 1;
        let predicate = toks
            .iter()
            .any(|t| t.head == h + 1 && matches!(t.deprel, "cop" | "nsubj" | "nsubj:pass"));
        if matches!(toks[h].upos, Upos::Noun | Upos::Propn) && !predicate {
            toks[d].deprel = "acl";
        }
    }
}

/// `Turkey's bid to join the EU has stalled`, parsed with `the EU` as the
/// subject of `stalled` and `bid` as its object: the greedy parser, left to
/// right, takes the noun phrase after an infinitive that has nothing of its
/// own as the subject of the verb that follows. Where the infinitive
/// hangs on the noun right before its `to` and nothing but the phrase (a
/// preposition at most) and the verb's auxiliaries and adverbs come
/// between, the phrase is the infinitive's object (`obl` after a
/// preposition: `willingness to negotiate with the PKK angered …`) and the
/// noun is the verb's subject.
/// (Applied where the caller named actors, as the other repairs.)
fn infinitive_objects_taken_as_subjects(text: &str, toks: &mut [Token]) {
    let n = toks.len();
    let has = |toks: &[Token], h: usize, f: &dyn Fn(&str) -> bool| {
        toks.iter().any(|t| t.head == h + 1 && f(t.deprel))
    };
    for v in 2..n {
        let noun = v - 2;
        if toks[v].xpos != "VB"
            || toks[v].deprel != "acl"
            || toks[v].head != noun + 1
            || !text[toks[v - 1].start..toks[v - 1].end].eq_ignore_ascii_case("to")
            || !matches!(toks[noun].upos, Upos::Noun | Upos::Propn)
            || has(toks, noun, &|d| d == "case")
            || has(toks, v, &|d| {
                matches!(d, "obj" | "obl" | "ccomp" | "xcomp" | "iobj")
            })
        {
            continue;
        }
        // The phrase after the infinitive, the subject of a later verb.
        let Some(s) = (v + 1..n).find(|&k| matches!(toks[k].deprel, "nsubj" | "nsubj:pass")) else {
            continue;
        };
        let h2 = toks[s].head;
        if h2 <= s + 1 || toks[h2 - 1].upos != Upos::Verb {
            continue;
        }
        let h2 = h2 - 1;
        let in_phrase = |k: usize| toks[k].head > v + 1 && toks[k].head <= s + 1;
        let preps: Vec<usize> = (v + 1..s).filter(|&k| !in_phrase(k)).collect();
        let ok_before = preps.iter().all(|&k| toks[k].upos == Upos::Adp) && preps.len() <= 1;
        let ok_between = (s + 1..h2).all(|k| {
            toks[k].head == h2 + 1 && matches!(toks[k].deprel, "aux" | "aux:pass" | "advmod")
        });
        let subjects = toks
            .iter()
            .filter(|t| t.head == h2 + 1 && t.deprel.starts_with("nsubj"))
            .count();
        let linked = toks[noun].head == h2 + 1 || toks[h2].head == noun + 1;
        if !ok_before || !ok_between || subjects != 1 || !linked {
            continue;
        }
        toks[s].head = v + 1;
        toks[s].deprel = if preps.is_empty() { "obj" } else { "obl" };
        for &k in &preps {
            toks[k].head = s + 1;
            toks[k].deprel = "case";
        }
        if toks[h2].head == noun + 1 {
            toks[h2].head = toks[noun].head;
            toks[h2].deprel = toks[noun].deprel;
            for t in &mut toks[h2 + 1..] {
                if t.head == noun + 1 {
                    t.head = h2 + 1;
                }
            }
        }
        toks[noun].head = h2 + 1;
        toks[noun].deprel = if has(toks, h2, &|d| d == "aux:pass") {
            "nsubj:pass"
        } else {
            "nsubj"
        };
    }
}

/// `accused the UAE of supplying weapons to the RSF`, parsed with
/// `supplying` as `parataxis`: a gerund with a subordinator of its own
/// (`of`, `by`, `after`) is subordinate, not set beside its head.
/// (Applied where the caller named actors, as the other repairs.)
fn marked_clauses_are_adverbial(toks: &mut [Token]) {
    for d in 0..toks.len() {
        if toks[d].deprel == "parataxis"
            && toks[d].xpos == "VBG"
            && toks
                .iter()
                .any(|t| t.head == d + 1 && t.deprel == "mark" && t.start < toks[d].start)
        {
            toks[d].deprel = "advcl";
        }
    }
}

/// `…, with the RSF besieging El Fasher`: the phrase after `with` is the
/// subject of the gerund that follows it, `with` its subordinator and the
/// gerund an adverbial clause (as UD has the absolute construction). The
/// greedy parser reads the phrase as a modifier of the word before and the
/// gerund as a clause of some other word. Only a gerund without a subject
/// of its own, right after the phrase (adverbs between), is taken. The
/// same holds of a subordinator that the parser took for a preposition
/// before a finite verb (`protested after Chinese vessels rammed its
/// boats`).
/// (Applied where the caller named actors, as the other repairs.)
fn subjects_after_prepositions(text: &str, toks: &mut [Token]) {
    let n = toks.len();
    for w in 0..n {
        let h = toks[w].head;
        let word = &text[toks[w].start..toks[w].end];
        let is = |w: &str| word.eq_ignore_ascii_case(w);
        // `with` before a gerund; a subordinator before a finite verb.
        let wants: &[&str] = if is("with") {
            &["VBG"]
        } else if is("after") || is("before") || is("until") {
            &["VBD", "VBZ", "VBP"]
        } else {
            continue;
        };
        if toks[w].deprel != "case" || h <= w + 1 {
            continue;
        }
        let noun = h - 1;
        if !matches!(toks[noun].upos, Upos::Noun | Upos::Propn | Upos::Pron) {
            continue;
        }
        // The first word after the phrase, past adverbs.
        let Some(v) =
            (noun + 1..n).find(|&k| !in_subtree(toks, k, noun) && toks[k].upos != Upos::Adv)
        else {
            continue;
        };
        if !wants.contains(&toks[v].xpos)
            || toks
                .iter()
                .any(|t| t.head == v + 1 && t.deprel.starts_with("nsubj"))
            || (toks[noun].head != v + 1 && in_subtree(toks, toks[noun].head.max(1) - 1, v))
        {
            continue;
        }
        if toks[noun].head != v + 1 {
            toks[v].head = toks[noun].head;
            toks[v].deprel = if toks[v].head == 0 { "root" } else { "advcl" };
        }
        toks[noun].head = v + 1;
        toks[noun].deprel = "nsubj";
        toks[w].head = v + 1;
        toks[w].deprel = "mark";
    }
}

/// `Russia's “Africa Corps” replaced Wagner`, with `Russia` hung on the
/// verb as `nmod:poss`: a possessor belongs to a nominal, the head of the
/// phrase it opens (the first noun or name after it that is hung outside
/// the words between). (Applied where the caller named actors, as the
/// other repairs.)
fn possessors_on_nominals(toks: &mut [Token]) {
    let n = toks.len();
    for p in 0..n {
        let h = toks[p].head;
        if toks[p].deprel != "nmod:poss"
            || h == 0
            || matches!(
                toks[h - 1].upos,
                Upos::Noun | Upos::Propn | Upos::Pron | Upos::Num | Upos::X | Upos::Sym
            )
        {
            continue;
        }
        let head = (p + 1..n.min(p + 8))
            .take_while(|&k| !matches!(toks[k].upos, Upos::Verb | Upos::Aux | Upos::Adp))
            .find(|&k| {
                matches!(toks[k].upos, Upos::Noun | Upos::Propn)
                    && !(p + 1..k).contains(&(toks[k].head.wrapping_sub(1)))
                    && toks[k].head != p + 1
                    && !matches!(toks[k].deprel, "compound" | "flat")
            });
        if let Some(k) = head {
            toks[p].head = k + 1;
        }
    }
}

/// Tagging and parsing scores over gold tokens (CoNLL 2018 style:
/// punctuation included, relation subtypes ignored for LAS).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Scores {
    pub sentences: usize,
    pub tokens: usize,
    pub upos: usize,
    pub xpos: usize,
    pub uas: usize,
    pub las: usize,
}

impl Scores {
    fn pct(&self, n: usize) -> f64 {
        if self.tokens == 0 {
            0.0
        } else {
            100.0 * n as f64 / self.tokens as f64
        }
    }
    /// (name, percentage) pairs: UPOS, XPOS, UAS, LAS.
    pub fn figures(&self) -> [(&'static str, f64); 4] {
        [
            ("UPOS", self.pct(self.upos)),
            ("XPOS", self.pct(self.xpos)),
            ("UAS", self.pct(self.uas)),
            ("LAS", self.pct(self.las)),
        ]
    }
}

impl fmt::Display for Scores {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (n, v) in self.figures() {
            write!(f, "{n}={v:.1} ")?;
        }
        write!(f, "sentences={} tokens={}", self.sentences, self.tokens)
    }
}

/// A `&'static str` for a tag or relation name: the common ones from a
/// fixed list, others leaked once (a model has a few hundred names at most).
pub(crate) fn intern(s: &str) -> &'static str {
    static KNOWN: &[&str] = &[
        "NN",
        "NNS",
        "NNP",
        "NNPS",
        "IN",
        "DT",
        "JJ",
        "JJR",
        "JJS",
        ",",
        ".",
        ":",
        "PRP",
        "PRP$",
        "RB",
        "RBR",
        "RBS",
        "CC",
        "VB",
        "VBD",
        "VBG",
        "VBN",
        "VBP",
        "VBZ",
        "CD",
        "TO",
        "MD",
        "WDT",
        "WP",
        "WP$",
        "WRB",
        "POS",
        "-LRB-",
        "-RRB-",
        "``",
        "''",
        "HYPH",
        "UH",
        "RP",
        "EX",
        "FW",
        "SYM",
        "PDT",
        "$",
        "LS",
        "NFP",
        "ADD",
        "GW",
        "AFX",
        "XX",
        "_",
        "root",
        "punct",
        "case",
        "det",
        "nsubj",
        "amod",
        "obl",
        "nmod",
        "advmod",
        "compound",
        "obj",
        "conj",
        "cc",
        "mark",
        "aux",
        "cop",
        "nmod:poss",
        "advcl",
        "flat",
        "xcomp",
        "aux:pass",
        "acl",
        "acl:relcl",
        "nsubj:pass",
        "appos",
        "nummod",
        "parataxis",
        "ccomp",
        "dep",
        "expl",
        "discourse",
        "fixed",
        "compound:prt",
        "obl:agent",
        "iobj",
        "list",
        "csubj",
        "obl:tmod",
        "obl:npmod",
        "nmod:tmod",
        "nmod:npmod",
        "det:predet",
        "cc:preconj",
        "vocative",
        "orphan",
        "goeswith",
        "dislocated",
        "reparandum",
        "csubj:pass",
        "nmod:unmarked",
        "obl:unmarked",
        "nmod:desc",
        "nsubj:outer",
        "advcl:relcl",
        "csubj:outer",
        "flat:foreign",
        "flat:name",
        "expl:pv",
    ];
    if let Some(k) = KNOWN.iter().find(|k| **k == s) {
        return k;
    }
    static LEAKED: OnceLock<std::sync::Mutex<Vec<&'static str>>> = OnceLock::new();
    let mut v = LEAKED
        .get_or_init(Default::default)
        .lock()
        .expect("not poisoned");
    if let Some(k) = v.iter().find(|k| **k == s) {
        return k;
    }
    let k: &'static str = Box::leak(s.to_string().into_boxed_str());
    v.push(k);
    k
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The gold sentences of a treebank of `../shared/ud` (`dev/gum-dev.conllu`).
    fn treebank(file: &str) -> Vec<conllu::GoldSentence> {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../shared/ud")
            .join(file);
        let text = std::fs::read_to_string(&path).unwrap_or_else(|e| {
            panic!(
                "{}: {e} (the shared UD files sit beside the repository)",
                path.display()
            )
        });
        conllu::parse(&path, &text).unwrap()
    }

    /// A gold sentence's words as one text, a space after each, and each
    /// word's byte range in it.
    fn joined(forms: &[String]) -> (String, Vec<Range<usize>>) {
        let mut text = String::new();
        let mut ranges = Vec::with_capacity(forms.len());
        for f in forms {
            let at = text.len();
            text.push_str(f);
            ranges.push(at..text.len());
            text.push(' ');
        }
        (text, ranges)
    }

    /// The names of a gold sentence as extraction would give them: runs of
    /// two proper nouns or more that form one subtree, as (first, last,
    /// the word whose head lies outside).
    fn gold_names(g: &conllu::GoldSentence) -> Vec<(usize, usize, usize)> {
        let n = g.len();
        let mut runs = Vec::new();
        let mut i = 0;
        while i < n {
            let mut j = i;
            while j < n && g.upos[j] == "PROPN" {
                j += 1;
            }
            let outside: Vec<usize> = (i..j)
                .filter(|&k| g.heads[k] == 0 || !(i + 1..=j).contains(&g.heads[k]))
                .collect();
            if j - i >= 2 && outside.len() == 1 {
                runs.push((i, j - 1, outside[0]));
            }
            i = j.max(i + 1);
        }
        runs
    }

    /// Attachment of every word but a name's inner words (`UAS`, `LAS`),
    /// a name counting as one word wherever it is hung or hangs anything.
    fn attachment(
        model: &Model,
        gold: &[conllu::GoldSentence],
        whole_names: bool,
    ) -> (usize, usize) {
        let universal = |l: &str| l.split(':').next().unwrap_or("").to_string();
        let (mut uas, mut las) = (0, 0);
        let mut work = Work::default();
        for g in gold {
            let names = gold_names(g);
            let (text, toks) = joined(&g.forms);
            let ranges: Vec<Range<usize>> = names
                .iter()
                .map(|&(a, b, _)| toks[a].start..toks[b].end)
                .collect();
            model.set_hints(&mut work, g.forms.iter().map(String::as_str), &|_| 0, 0);
            model.set_name_hints(&mut work, &text, &toks, &ranges);
            // Without the names' spans the parser reads every word of them
            // (their words still hinted as a noun phrase).
            if whole_names {
                work.names.clear();
            }
            model.analyse(&mut work, g.forms.iter().map(String::as_str));
            let name_of = |k: usize| names.iter().find(|&&(a, b, _)| (a..=b).contains(&k));
            // A head inside a name is the name (its last word).
            let node = |h: usize| match h {
                0 => 0,
                h => name_of(h - 1).map_or(h, |&(_, b, _)| b + 1),
            };
            for k in 0..g.len() {
                let (gh, gl) = match name_of(k) {
                    Some(&(_, b, _)) if k != b => continue,
                    Some(&(_, _, out)) => (g.heads[out], &g.deprels[out]),
                    None => (g.heads[k], &g.deprels[k]),
                };
                let ok = node(work.st.heads[k + 1] as usize) == node(gh);
                let label = model.labels[work.st.labels[k + 1] as usize];
                uas += ok as usize;
                las += (ok && universal(label) == universal(gl)) as usize;
            }
        }
        (uas, las)
    }

    /// Leaving the quotation marks out of the parser's view (as under the
    /// extractor's names) attaches the other words of two treebanks better.
    #[test]
    fn quotation_marks_left_out_attach_the_other_words_better() {
        let model = Model::builtin();
        let universal = |l: &str| l.split(':').next().unwrap_or("").to_string();
        for file in ["test/gum-test.conllu", "test/ewt-test.conllu"] {
            let gold = treebank(file);
            let mut work = Work::default();
            // (UAS, LAS) with the marks shown to the parser, then left out.
            let mut score = [(0usize, 0usize); 2];
            for g in &gold {
                for (k, keep) in [true, false].into_iter().enumerate() {
                    model.set_hints(&mut work, g.forms.iter().map(String::as_str), &|_| 0, 0);
                    work.named = true;
                    work.keep_quotes = keep;
                    model.analyse(&mut work, g.forms.iter().map(String::as_str));
                    for i in 0..g.len() {
                        let quote = ["\"", "“", "”", "‘", "’", "'", "«", "»", "``", "''"];
                        if g.upos[i] == "PUNCT" && quote.contains(&g.forms[i].as_str()) {
                            continue;
                        }
                        let ok = work.st.heads[i + 1] as usize == g.heads[i];
                        let label = model.labels[work.st.labels[i + 1] as usize];
                        score[k].0 += ok as usize;
                        score[k].1 += (ok && universal(label) == universal(&g.deprels[i])) as usize;
                    }
                }
            }
            eprintln!("{file} (UAS, LAS) of the other words, quotation marks shown, then left out: {score:?}");
            assert!(
                score[1].0 > score[0].0 && score[1].1 >= score[0].1,
                "{file}: {score:?}"
            );
        }
    }

    /// (UAS, LAS) on a treebank file with the asides `keep` picks parsed in
    /// place, then apart (as under the extractor's names), and how many
    /// sentences had an aside parsed apart.
    fn aside_scores(file: &str, keep: fn(&mut Work, bool)) -> ([(usize, usize); 2], usize) {
        let model = Model::builtin();
        let universal = |l: &str| l.split(':').next().unwrap_or("").to_string();
        let gold = treebank(file);
        let mut work = Work::default();
        let mut score = [(0usize, 0usize); 2];
        let mut apart = 0;
        for g in &gold {
            for (k, kept) in [true, false].into_iter().enumerate() {
                model.set_hints(&mut work, g.forms.iter().map(String::as_str), &|_| 0, 0);
                work.named = true;
                keep(&mut work, kept);
                model.analyse(&mut work, g.forms.iter().map(String::as_str));
                if !kept && !model.asides(&work, &work.kept).is_empty() {
                    apart += 1;
                }
                for i in 0..g.len() {
                    let ok = work.st.heads[i + 1] as usize == g.heads[i];
                    let label = model.labels[work.st.labels[i + 1] as usize];
                    score[k].0 += ok as usize;
                    score[k].1 += (ok && universal(label) == universal(&g.deprels[i])) as usize;
                }
            }
        }
        (score, apart)
    }

    /// Parsing a bracketed clause apart from the sentence around it, and
    /// the sentence without its acronyms in brackets (as under the
    /// extractor's names), attaches the words of two treebanks better.
    #[test]
    fn bracketed_clauses_parsed_apart_attach_no_worse() {
        for file in ["test/gum-test.conllu", "test/ewt-test.conllu"] {
            let (score, apart) = aside_scores(file, |w, keep| {
                w.keep_brackets = keep;
                w.keep_dashes = true;
                w.keep_commas = true;
            });
            eprintln!("{file} (UAS, LAS), brackets parsed in place, then apart ({apart} sentences with a clause): {score:?}");
            assert!(
                apart > 0 && score[1].0 > score[0].0 && score[1].1 >= score[0].1,
                "{file}: {apart} sentences, {score:?}"
            );
        }
    }

    /// Parsing an aside between dashes apart from the sentence around it
    /// attaches the words of two treebanks no worse.
    #[test]
    fn dashed_asides_parsed_apart_attach_no_worse() {
        for file in ["test/gum-test.conllu", "test/ewt-test.conllu"] {
            let (score, apart) = aside_scores(file, |w, keep| {
                w.keep_dashes = keep;
                w.keep_commas = true;
            });
            eprintln!("{file} (UAS, LAS), dashed asides parsed in place, then apart ({apart} sentences): {score:?}");
            assert!(
                apart > 0 && score[1].0 >= score[0].0 && score[1].1 >= score[0].1,
                "{file}: {apart} sentences, {score:?}"
            );
        }
    }

    /// Parsing each name of several words as its head word alone attaches
    /// the rest of the sentence better than parsing its words one by one.
    /// Measured with the gold names (runs of proper nouns) of gum-dev here;
    /// the README gives gum-test and ewt-test (UAS +96 and +190 words).
    #[test]
    fn names_parsed_as_one_word_attach_the_rest_better() {
        let gold = treebank("dev/gum-dev.conllu");
        let model = Model::builtin();
        let whole = attachment(model, &gold, true);
        let one = attachment(model, &gold, false);
        eprintln!(
            "gum-dev (UAS, LAS) words of names parsed: {whole:?}; names as one word: {one:?}"
        );
        assert!(
            one.0 > whole.0 && one.1 > whole.1,
            "{one:?} against {whole:?}"
        );
    }

    /// `but Egypt also reportedly is funding Hamas`, read with `reportedly`
    /// as the clause's head and `funding` hung elsewhere: the verb takes
    /// back the adverb's place and dependents; an adverb that is a
    /// copula's predicate keeps its subject.
    #[test]
    fn an_adverb_taken_for_a_clause_head_gives_the_verb_its_place() {
        use crate::extract::coref::conllu::{compact, read};
        let spec = "The:DET:DT:2:det port:NOUN:NN:4:nsubj is:AUX:VBZ:4:cop busy:ADJ:JJ:0:root \
             ,:PUNCT:,:9:punct but:CCONJ:CC:9:cc Egypt:PROPN:NNP:9:nsubj also:ADV:RB:9:advmod \
             reportedly:ADV:RB:4:conj is:AUX:VBZ:11:aux funding:VERB:VBG:4:advcl \
             Hamas:PROPN:NNP:11:obj .:PUNCT:.:4:punct";
        let mut toks = read(&compact(spec)).sentences[0].tokens.clone();
        adverbs_taken_for_heads(&mut toks);
        let at = |i: usize| (toks[i - 1].head, toks[i - 1].deprel);
        assert_eq!(at(11), (4, "conj"));
        assert_eq!(at(9), (11, "advmod"));
        for i in [5, 6, 7, 8] {
            assert_eq!(at(i).0, 11, "word {i}");
        }
        // `The port is here`: `here` keeps its subject.
        let spec = "The:DET:DT:2:det port:NOUN:NN:4:nsubj is:AUX:VBZ:4:cop here:ADV:RB:0:root \
             being:VERB:VBG:4:advcl";
        let mut toks = read(&compact(spec)).sentences[0].tokens.clone();
        let before = toks.clone();
        adverbs_taken_for_heads(&mut toks);
        assert_eq!(toks, before);
    }

    /// The repairs applied under the extractor's names (`Model::run`), each
    /// alone and all together, attach the words of two treebanks no worse
    /// than the parser alone; lifting what hangs on punctuation, better.
    #[test]
    fn repairs_attach_treebank_words_no_worse() {
        let model = Model::builtin();
        let universal = |l: &str| l.split(':').next().unwrap_or("").to_string();
        let repairs: &[fn(&str, &mut Vec<Token>)] = &[
            |text, t| attach_noun_infinitives(text, t),
            |_, t| active_subjects_without_passive(t),
            |_, t| lift_dependents_of_punctuation(t),
            |_, t| noun_infinitives_are_clauses(t),
            |text, t| infinitive_objects_taken_as_subjects(text, t),
            |_, t| marked_clauses_are_adverbial(t),
            |text, t| subjects_after_prepositions(text, t),
            |_, t| possessors_on_nominals(t),
            |text, t| appositions_on_nominals(text, t),
            |text, t| raising_passives(text, t),
            |_, t| names_taken_for_adverbs(t),
            |_, t| lift_dependents_of_auxiliaries(t),
            |text, t| hyphened_participles(text, t),
            |text, t| hyphened_prepositions(text, t),
            |_, t| coordinators_heading_words(t),
            |text, t| reduced_relatives_taken_for_clauses(text, t),
            |text, t| modifiers_taken_for_heads(text, t),
            |text, t| object_control_infinitives(text, t),
            |_, t| adverbs_taken_for_heads(t),
            |_, t| nouns_coordinated_with_verbs(t),
            |_, t| main_verbs_taken_for_reduced_relatives(t),
            |text, t| list_members_taken_for_compounds(text, t),
            |text, t| repair(text, t),
        ];
        for file in ["test/gum-test.conllu", "test/ewt-test.conllu"] {
            let gold = treebank(file);
            let mut work = Work::default();
            // (UAS, LAS): the parser alone, then each repair.
            let mut score = vec![(0usize, 0usize); repairs.len() + 1];
            for g in &gold {
                let (s, toks) = joined(&g.forms);
                model.set_hints(&mut work, g.forms.iter().map(String::as_str), &|_| 0, 0);
                let parsed = model.run(&mut work, &s, &toks).tokens;
                for k in 0..score.len() {
                    let mut t = parsed.clone();
                    if k > 0 {
                        repairs[k - 1](&s, &mut t);
                    }
                    for (i, t) in t.iter().enumerate() {
                        let ok = t.head == g.heads[i];
                        score[k].0 += ok as usize;
                        score[k].1 +=
                            (ok && universal(t.deprel) == universal(&g.deprels[i])) as usize;
                    }
                }
            }
            eprintln!("{file} (UAS, LAS): parser, then each repair, then all: {score:?}");
            for k in 1..score.len() {
                assert!(
                    score[k].0 >= score[0].0 && score[k].1 >= score[0].1,
                    "{file}: repair {k} {:?} against {:?}",
                    score[k],
                    score[0]
                );
            }
            // Lifting what hangs on punctuation (the third repair) gains.
            assert!(score[3].0 > score[0].0, "{file}: {score:?}");
        }
    }
}

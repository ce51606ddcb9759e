//! Coreference: pronouns and definite descriptions resolved to an actor
//! named earlier in the same paragraph.
//!
//! The resolver works on parsed sentences ([`crate::syntax::Sentence`]) and
//! on the actor mentions the caller found in them (registry names,
//! candidates). It knows no actor names: which words are anaphors and which
//! kinds of actor they may stand for is data (`graph-data/rules/tree/anaphora.toml`,
//! compiled in as [`Table::builtin`]).
//!
//! # API
//!
//! ```text
//! Table::builtin() -> &'static Table            the bundled anaphora table
//! Table::from_toml(path, text) -> Result<Table> a table from another file
//! Table::anaphor(word) -> Option<How>           is this word a pronoun / definite head?
//! paragraphs(text) -> Vec<Range<usize>>          byte spans of blank-line paragraphs
//! resolve(text, &[Sentence], paragraphs, &[Mention], &Table) -> Vec<Resolution>
//! Mention { sentence, tokens, head, kind, number, entity }   (caller's actor mentions)
//! Resolution { sentence, tokens, head, antecedent, how }     (one per resolved anaphor)
//! Resolution::describe(text, sentences, mentions) -> String  ("`its` -> `Hamas` (pronoun)")
//! Number::of(&Token), role(&Sentence, head) -> Role           (helpers for the caller)
//! ```
//!
//! `antecedent` is an index into the caller's mentions: always a real name,
//! never another anaphor (a chain `Burhan … he … his` gives both pronouns
//! the mention `Burhan`). Token indices are 0-based, spans half-open.
//!
//! # How it resolves
//!
//! Anaphors are personal and possessive pronouns (`he`, `its`, `their`…)
//! and definite descriptions: a determiner (`the`) and a head noun of the
//! table (`the group`, `the junta`), with no modifier that makes a new
//! actor (`the other group`, `the group of experts`). Pleonastic `it`
//! (`it is likely that`, `it seems`, an `expl`) is left alone.
//!
//! Candidates are the mentions (and anaphors already resolved) before the
//! anaphor, in the same paragraph and at most `max_sentences` back, whose
//! kind, number and gender fit. A pronoun does not take a co-argument of its
//! own verb (`Hamas attacked it`). Each candidate actor gets a salience (in
//! the manner of Lappin and Leass): subject 80, object 50, other 30, halved
//! per sentence back, summed over its mentions. The best actor wins only if
//! it is `margin` times as salient as the next actor; otherwise the anaphor
//! stays unresolved (precision over recall).

use crate::error::{Diagnostic, Error, Result};
use crate::model::ACTOR_KINDS;
use crate::syntax::{Sentence, Token, Upos};
use serde::Deserialize;
use std::collections::{HashMap, HashSet};
use std::ops::Range;
use std::path::Path;
use std::sync::OnceLock;

/// The bundled anaphora table: path and text.
pub const BUILTIN_TABLE: (&str, &str) = (
    "graph-data/rules/tree/anaphora.toml",
    include_str!("../../graph-data/rules/tree/anaphora.toml"),
);

/// Grammatical number of a mention or of what an anaphor needs.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Number {
    Sing,
    Plur,
    /// Unknown (a mention) or either (an anaphor).
    Any,
}

impl Number {
    /// The number of a noun from its Penn tag: `NNS`/`NNPS` plural,
    /// `NN`/`NNP` singular, anything else unknown.
    pub fn of(token: &Token) -> Number {
        match token.xpos {
            "NNS" | "NNPS" => Number::Plur,
            "NN" | "NNP" => Number::Sing,
            _ => Number::Any,
        }
    }
}

/// Grammatical gender, for `he` and `she`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Gender {
    Male,
    Female,
}

/// The grammatical role of a mention's head in its clause.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Role {
    /// `nsubj`, `nsubj:pass`, `obl:agent` (the logical subject of a passive).
    Subject,
    /// `obj`, `iobj`.
    Object,
    /// Anything else: obliques, possessors, modifiers.
    Other,
}

/// The role of token `head` (0-based) of `s`, looking through `conj` and
/// `appos` to the first conjunct (`Sudan and Chad said` are both subjects).
pub fn role(s: &Sentence, head: usize) -> Role {
    let mut i = head;
    for _ in 0..s.tokens.len() {
        let rel = s.tokens[i].deprel;
        if rel == "conj" || rel == "appos" || rel == "flat" || rel == "compound" {
            match s.head(i) {
                Some(h) => i = h,
                None => return Role::Other,
            }
            continue;
        }
        return match rel.split(':').next().unwrap_or(rel) {
            "nsubj" => Role::Subject,
            "obl" if rel == "obl:agent" => Role::Subject,
            "obj" | "iobj" => Role::Object,
            _ => Role::Other,
        };
    }
    Role::Other
}

/// An actor mention the caller found: the resolver's candidate antecedents.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Mention {
    /// Index of the sentence in the slice given to [`resolve`].
    pub sentence: usize,
    /// Token span (0-based, half-open) in that sentence.
    pub tokens: Range<usize>,
    /// The head token of the span (its role is read from the tree).
    pub head: usize,
    /// The actor's kind, one of the registry's kinds (`state`, `person`…).
    pub kind: String,
    /// The mention's number ([`Number::of`] its head, or `Any`).
    pub number: Number,
    /// The caller's identity of the actor (registry id, candidate label):
    /// mentions with the same `entity` add up their salience.
    pub entity: String,
}

/// How an anaphor was resolved.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum How {
    /// A personal or possessive pronoun (`its`, `they`).
    Pronoun,
    /// A definite description (`the group`).
    Definite,
}

impl How {
    pub fn as_str(self) -> &'static str {
        match self {
            How::Pronoun => "pronoun",
            How::Definite => "definite",
        }
    }
}

/// One resolved anaphor.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Resolution {
    /// Index of the sentence the anaphor is in.
    pub sentence: usize,
    /// The anaphor's token span (`its`: one token; `the group`: `the` to `group`).
    pub tokens: Range<usize>,
    /// The anaphor's head token (the pronoun, or the noun).
    pub head: usize,
    /// Index into the caller's mentions of the actor it refers to.
    pub antecedent: usize,
    pub how: How,
}

impl Resolution {
    /// The anaphor's byte span in the text.
    pub fn bytes(&self, sentences: &[Sentence]) -> Range<usize> {
        let s = &sentences[self.sentence];
        s.tokens[self.tokens.start].start..s.tokens[self.tokens.end - 1].end
    }

    /// What the evidence records: "`the group` resolved to `Hamas` (definite)".
    pub fn describe(&self, text: &str, sentences: &[Sentence], mentions: &[Mention]) -> String {
        let m = &mentions[self.antecedent];
        let s = &sentences[m.sentence];
        let name = &text[s.tokens[m.tokens.start].start..s.tokens[m.tokens.end - 1].end];
        format!(
            "`{}` resolved to `{name}` ({})",
            &text[self.bytes(sentences)],
            self.how.as_str()
        )
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TableFile {
    settings: Settings,
    #[serde(default)]
    pronoun: Vec<PronounRule>,
    #[serde(default)]
    definite: Vec<DefiniteRule>,
    pleonastic: Pleonastic,
    gender: GenderWords,
    #[serde(default)]
    pair: Vec<PairRule>,
}

/// `the two countries`, `both sides`: a phrase that names two actors.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct PairRule {
    heads: Vec<String>,
    kinds: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Settings {
    max_sentences: usize,
    margin: f64,
    determiners: Vec<String>,
    new_referent: Vec<String>,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct PronounRule {
    words: Vec<String>,
    kinds: Vec<String>,
    number: Number,
    #[serde(default)]
    gender: Option<Gender>,
    #[serde(default)]
    collective: Vec<String>,
    #[serde(default)]
    subject_only: bool,
    #[serde(default)]
    max_sentences: Option<usize>,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct DefiniteRule {
    heads: Vec<String>,
    kinds: Vec<String>,
    number: Number,
    #[serde(default)]
    subject_only: bool,
    #[serde(default)]
    max_sentences: Option<usize>,
    /// With no antecedent near, the one actor of the document named before
    /// with the head word in its name (`the resolution`: `Resolution 2803`,
    /// named pages before).
    #[serde(default)]
    named: bool,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Pleonastic {
    predicates: Vec<String>,
    weather: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct GenderWords {
    male: Vec<String>,
    female: Vec<String>,
}

/// What an anaphor may refer to.
#[derive(Clone, Debug)]
struct Want {
    kinds: Vec<String>,
    number: Number,
    gender: Option<Gender>,
    collective: Vec<String>,
    /// Only antecedents that are (or stand in a chain with) subjects.
    subject_only: bool,
    /// How far back it may look, if nearer than the table's default.
    max_sentences: Option<usize>,
    /// Failing that, the one earlier actor of the document whose name holds
    /// the head word.
    named: bool,
}

impl Want {
    fn fits(&self, kind: &str, number: Number, gender: Option<Gender>) -> bool {
        if !self.kinds.iter().any(|k| k == kind) {
            return false;
        }
        if let (Some(a), Some(b)) = (self.gender, gender) {
            if a != b {
                return false;
            }
        }
        match (self.number, number) {
            (Number::Any, _) | (_, Number::Any) => {
                // An unknown-number name fits `they` only for collectives.
                self.number != Number::Plur
                    || number != Number::Any
                    || self.collective.iter().any(|k| k == kind)
            }
            (Number::Plur, Number::Sing) => self.collective.iter().any(|k| k == kind),
            (a, b) => a == b,
        }
    }
}

/// The anaphora table: pronouns, definite heads, pleonastic predicates.
#[derive(Debug)]
pub struct Table {
    pronouns: HashMap<String, Want>,
    definites: HashMap<String, Want>,
    determiners: HashSet<String>,
    new_referent: HashSet<String>,
    pleonastic: HashSet<String>,
    weather: HashSet<String>,
    male: HashSet<String>,
    female: HashSet<String>,
    max_sentences: usize,
    margin: f64,
    /// Head noun of a pair phrase -> the kinds its two actors may have.
    pairs: HashMap<String, Vec<String>>,
}

impl Table {
    /// The table compiled into the binary.
    pub fn builtin() -> &'static Table {
        static TABLE: OnceLock<Table> = OnceLock::new();
        TABLE.get_or_init(|| {
            Table::from_toml(Path::new(BUILTIN_TABLE.0), BUILTIN_TABLE.1)
                .expect("the bundled anaphora table is valid (checked by tests)")
        })
    }

    /// Parses an anaphora table; unknown actor kinds are errors.
    pub fn from_toml(path: &Path, text: &str) -> Result<Table> {
        let file: TableFile = crate::error::parse_toml(
            path,
            text,
            "anaphora",
            "an anaphora table has [settings], [[pronoun]], [[definite]], [pleonastic], [gender] and [[pair]]",
        )?;
        let mut errors = Vec::new();
        let mut check = |kinds: &[String]| {
            for k in kinds {
                if !ACTOR_KINDS.contains(&k.as_str()) {
                    let d = Diagnostic::new(path, format!("unknown actor kind `{k}`"))
                        .expected(format!("one of {}", ACTOR_KINDS.join(", ")));
                    let needle = format!("\"{k}\"");
                    errors.push(match text.find(&needle) {
                        Some(at) => d.at(text, at, at + needle.len()),
                        None => d,
                    });
                }
            }
        };
        let lower = |v: &[String]| v.iter().map(|w| w.to_lowercase()).collect::<HashSet<_>>();
        let mut pronouns = HashMap::new();
        for rule in &file.pronoun {
            check(&rule.kinds);
            check(&rule.collective);
            let want = Want {
                kinds: rule.kinds.clone(),
                number: rule.number,
                gender: rule.gender,
                collective: rule.collective.clone(),
                subject_only: rule.subject_only,
                max_sentences: rule.max_sentences,
                named: false,
            };
            for w in &rule.words {
                pronouns.insert(w.to_lowercase(), want.clone());
            }
        }
        let mut definites = HashMap::new();
        for rule in &file.definite {
            check(&rule.kinds);
            let want = Want {
                kinds: rule.kinds.clone(),
                number: rule.number,
                gender: None,
                collective: rule.kinds.clone(),
                subject_only: rule.subject_only,
                max_sentences: rule.max_sentences,
                named: rule.named,
            };
            for w in &rule.heads {
                definites.insert(w.to_lowercase(), want.clone());
            }
        }
        let mut pairs = HashMap::new();
        for rule in &file.pair {
            check(&rule.kinds);
            for w in &rule.heads {
                pairs.insert(w.to_lowercase(), rule.kinds.clone());
            }
        }
        if !errors.is_empty() {
            return Err(Error::Invalid(errors));
        }
        Ok(Table {
            pairs,
            pronouns,
            definites,
            determiners: lower(&file.settings.determiners),
            new_referent: lower(&file.settings.new_referent),
            pleonastic: lower(&file.pleonastic.predicates),
            weather: lower(&file.pleonastic.weather),
            male: lower(&file.gender.male),
            female: lower(&file.gender.female),
            max_sentences: file.settings.max_sentences,
            margin: file.settings.margin,
        })
    }

    /// Whether a lower-cased word is an anaphor of this table: a pronoun,
    /// or the head noun of a definite description (`group`, `rebels`).
    pub fn anaphor(&self, word: &str) -> Option<How> {
        if self.pronouns.contains_key(word) {
            Some(How::Pronoun)
        } else if self.definites.contains_key(word) {
            Some(How::Definite)
        } else {
            None
        }
    }

    /// The gender a person's name or title shows (`Mr`, `Queen`), if any.
    fn gender_of(&self, words: impl Iterator<Item = String>) -> Option<Gender> {
        for w in words {
            if self.male.contains(&w) {
                return Some(Gender::Male);
            }
            if self.female.contains(&w) {
                return Some(Gender::Female);
            }
        }
        None
    }
}

/// Byte spans of the paragraphs of `text`: runs of lines separated by a
/// blank line (or a line of white space).
pub fn paragraphs(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    let mut end = 0;
    let mut pos = 0;
    for line in text.split_inclusive('\n') {
        if line.trim().is_empty() {
            if let Some(s) = start.take() {
                out.push(s..end);
            }
        } else {
            start.get_or_insert(pos);
            end = pos + line.trim_end().len();
        }
        pos += line.len();
    }
    if let Some(s) = start {
        out.push(s..end);
    }
    out
}

/// A discourse referent: a mention or an anaphor already resolved.
struct Referent {
    sentence: usize,
    /// Token where it ends (exclusive), for "before the anaphor".
    end: usize,
    head: usize,
    role: Role,
    entity: usize,
    /// The caller's mention it stands for.
    mention: usize,
    /// The number this referent shows (`the Russians`: plural), when it
    /// says more than its entity's.
    number: Number,
}

/// Per actor (entity): kind, number, gender as far as known.
struct EntityInfo {
    kind: String,
    number: Number,
    gender: Option<Gender>,
}

/// An anaphor found in a sentence, before resolution.
struct Anaphor {
    tokens: Range<usize>,
    head: usize,
    want: Want,
    how: How,
    /// `itself`, `themselves`: bound to a co-argument, the subject of its
    /// own verb (`the Iranians positioned themselves as …`).
    reflexive: bool,
}

/// A phrase that names the two actors named just before it (`the two
/// countries`, `both sides`), with the mentions it points back to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PairResolution {
    pub sentence: usize,
    /// The phrase's tokens in its sentence.
    pub tokens: Range<usize>,
    /// Indices into the caller's mentions, in text order.
    pub antecedents: [usize; 2],
}

/// The indices of `mentions` by sentence, each sentence's in token order.
fn by_sentence(sentences: usize, mentions: &[Mention]) -> Vec<Vec<usize>> {
    let mut by_sentence: Vec<Vec<usize>> = vec![Vec::new(); sentences];
    for (i, m) in mentions.iter().enumerate() {
        if m.sentence < sentences && !m.tokens.is_empty() {
            by_sentence[m.sentence].push(i);
        }
    }
    for v in &mut by_sentence {
        v.sort_by_key(|&i| (mentions[i].tokens.start, mentions[i].tokens.end));
    }
    by_sentence
}

/// Whether a sentence may hold a pair phrase (`the two countries`, `both
/// sides`), so that it is worth parsing though it names no actor.
pub fn may_name_pair(sentence: &str) -> bool {
    let lower = sentence.to_lowercase();
    ["the two ", "these two ", "those two ", "both "]
        .iter()
        .any(|p| lower.contains(p))
}

/// Resolves the pair phrases of the table's `[[pair]]` heads: `the two X`,
/// `these two X`, `both X` (with at most one adjective between). They point
/// to two distinct actors of a fitting kind, looked for from the phrase
/// back, through its own sentence and the two before it (across a
/// paragraph's start, which often opens with `the two countries`):
/// the first two found, when the sentence that gives the second names no
/// third; else a coordinated pair of that sentence (`A and B`); else none.
pub fn resolve_pairs(
    text: &str,
    sentences: &[Sentence],
    mentions: &[Mention],
    table: &Table,
) -> Vec<PairResolution> {
    let by_sentence = by_sentence(sentences.len(), mentions);
    let mut out = Vec::new();
    for (si, s) in sentences.iter().enumerate() {
        let n = s.tokens.len();
        let lower = |i: usize| s.form(text, i).to_lowercase();
        for i in 0..n {
            let w = lower(i);
            let start = match w.as_str() {
                "two" if i > 0 && matches!(lower(i - 1).as_str(), "the" | "these" | "those") => {
                    i - 1
                }
                "both" => i,
                _ => continue,
            };
            let head = (i + 1..n.min(i + 3)).find(|&h| table.pairs.contains_key(&lower(h)));
            let Some(head) = head else { continue };
            if head == i + 2 && s.tokens[i + 1].upos != Upos::Adj {
                continue;
            }
            let kinds = &table.pairs[&lower(head)];
            let fits = |m: &Mention| kinds.contains(&m.kind);
            // The verb whose clause a word is in.
            let clause = |i: usize| {
                let mut cur = i;
                for _ in 0..n {
                    if s.tokens[cur].upos == Upos::Verb {
                        return Some(cur);
                    }
                    cur = s.head(cur)?;
                }
                None
            };
            let own = clause(head);
            let mut found: Vec<usize> = Vec::new();
            let mut chosen = None;
            for back in 0..=2 {
                let Some(sj) = si.checked_sub(back) else {
                    break;
                };
                let here: Vec<usize> = by_sentence[sj]
                    .iter()
                    .copied()
                    .filter(|&m| {
                        fits(&mentions[m])
                            // In its own sentence, not the parties of its
                            // own clause (`A and B mediated talks between
                            // the two forces`).
                            && (sj < si
                                || (mentions[m].tokens.end <= start
                                    && clause(mentions[m].head) != own))
                    })
                    .collect();
                // Nearest first: the latest mention of each entity.
                for &m in here.iter().rev() {
                    if !found
                        .iter()
                        .any(|&f| mentions[f].entity == mentions[m].entity)
                    {
                        found.push(m);
                    }
                }
                if found.len() == 2 {
                    chosen = Some([found[0], found[1]]);
                    break;
                }
                if found.len() > 2 {
                    // A coordination of exactly two in this sentence
                    // (`A and B`, not `A, B and C`).
                    let t = &sentences[sj];
                    chosen = here.iter().find_map(|&a| {
                        let ma = &mentions[a];
                        if t.tokens[ma.head].deprel == "conj" {
                            return None;
                        }
                        let members: Vec<usize> = here
                            .iter()
                            .copied()
                            .filter(|&b| {
                                let mb = &mentions[b];
                                t.tokens[mb.head].deprel == "conj"
                                    && t.head(mb.head) == Some(ma.head)
                            })
                            .collect();
                        match members.as_slice() {
                            [b] if mentions[*b].entity != ma.entity => Some([a, *b]),
                            _ => None,
                        }
                    });
                    break;
                }
            }
            if let Some(mut pair) = chosen {
                pair.sort_by_key(|&m| (mentions[m].sentence, mentions[m].tokens.start));
                out.push(PairResolution {
                    sentence: si,
                    tokens: start..head + 1,
                    antecedents: pair,
                });
            }
        }
    }
    out
}

/// Resolves the anaphors of `sentences` (parsed from `text`) to the
/// caller's `mentions`. `paragraphs` are byte spans (see [`paragraphs`]);
/// a sentence belongs to the last paragraph starting at or before it.
/// The result is in text order.
pub fn resolve(
    text: &str,
    sentences: &[Sentence],
    paragraphs: &[Range<usize>],
    mentions: &[Mention],
    table: &Table,
) -> Vec<Resolution> {
    let para_of = |s: &Sentence| paragraphs.partition_point(|p| p.start <= s.start);
    // Entities: the caller's identities, with kind, number and gender.
    let mut entity_ids: HashMap<&str, usize> = HashMap::new();
    let mut entities: Vec<EntityInfo> = Vec::new();
    let mut mention_entity = Vec::with_capacity(mentions.len());
    for m in mentions {
        let next = entities.len();
        let e = *entity_ids.entry(m.entity.as_str()).or_insert(next);
        let s = &sentences[m.sentence];
        let words = m
            .tokens
            .clone()
            .map(|i| s.form(text, i).to_lowercase())
            .chain(title_before(text, s, m.tokens.start));
        let gender = if m.kind == "person" {
            table.gender_of(words)
        } else {
            None
        };
        if e == next {
            entities.push(EntityInfo {
                kind: m.kind.clone(),
                number: m.number,
                gender,
            });
        } else {
            // Named in the plural and by a name that says no number (`the
            // Russians`, `Russia`): its number is not known.
            if entities[e].number == Number::Plur && m.number == Number::Any {
                entities[e].number = Number::Any;
            }
            if entities[e].gender.is_none() {
                entities[e].gender = gender;
            }
        }
        mention_entity.push(e);
    }
    // Mentions by sentence, in token order.
    let by_sentence = by_sentence(sentences.len(), mentions);

    let mut out = Vec::new();
    let mut referents: Vec<Referent> = Vec::new();
    let mut para = usize::MAX;
    for (si, s) in sentences.iter().enumerate() {
        let p = para_of(s);
        if p != para {
            para = p;
            referents.clear();
        }
        referents.retain(|r| si - r.sentence <= table.max_sentences);
        let covered: Vec<Range<usize>> = by_sentence[si]
            .iter()
            .map(|&i| mentions[i].tokens.clone())
            .collect();
        let anaphors = find_anaphors(text, s, &covered, table);
        // Walk the sentence: mentions join the referents as they end,
        // anaphors are resolved against what came before them.
        let mut next_mention = 0;
        let own = &by_sentence[si];
        for a in anaphors {
            while next_mention < own.len()
                && mentions[own[next_mention]].tokens.end <= a.tokens.start
            {
                let m = &mentions[own[next_mention]];
                referents.push(Referent {
                    sentence: si,
                    end: m.tokens.end,
                    head: m.head,
                    role: role(s, m.head),
                    entity: mention_entity[own[next_mention]],
                    mention: own[next_mention],
                    number: m.number,
                });
                next_mention += 1;
            }
            let chosen = choose(s, si, &a, &referents, &entities, table).or_else(|| {
                a.want
                    .named
                    .then(|| {
                        named_before(
                            text,
                            sentences,
                            mentions,
                            &mention_entity,
                            &entities,
                            si,
                            &a,
                        )
                    })
                    .flatten()
            });
            if let Some((entity, mention)) = chosen {
                if a.how == How::Pronoun && entities[entity].kind == "person" {
                    if let Some(g) = a.want.gender {
                        entities[entity].gender.get_or_insert(g);
                    }
                }
                referents.push(Referent {
                    sentence: si,
                    end: a.tokens.end,
                    head: a.head,
                    role: role(s, a.head),
                    entity,
                    mention,
                    number: Number::Any,
                });
                out.push(Resolution {
                    sentence: si,
                    tokens: a.tokens,
                    head: a.head,
                    antecedent: mention,
                    how: a.how,
                });
            }
        }
        for &i in &own[next_mention..] {
            let m = &mentions[i];
            referents.push(Referent {
                sentence: si,
                end: m.tokens.end,
                head: m.head,
                role: role(s, m.head),
                entity: mention_entity[i],
                mention: i,
                number: m.number,
            });
        }
    }
    out
}

/// The lower-cased word before token `i` when it is a capitalised title
/// (`Mr`, `Queen`): part of the name for gender.
fn title_before(text: &str, s: &Sentence, i: usize) -> Option<String> {
    let prev = i.checked_sub(1)?;
    let w = s.form(text, prev);
    w.starts_with(char::is_uppercase).then(|| w.to_lowercase())
}

/// Chooses the antecedent of `a`: the most salient fitting actor, if it
/// stands out by the table's margin. Returns (entity, mention).
/// The one actor named before sentence `si` (anywhere in the document)
/// whose kind fits the description `a` and whose name holds its head word:
/// `the resolution` for `UN Security Council Resolution 2803`. With two
/// such actors, none.
#[allow(clippy::too_many_arguments)]
fn named_before(
    text: &str,
    sentences: &[Sentence],
    mentions: &[Mention],
    mention_entity: &[usize],
    entities: &[EntityInfo],
    si: usize,
    a: &Anaphor,
) -> Option<(usize, usize)> {
    let word = sentences[si].form(text, a.head).to_lowercase();
    let mut found: Option<(usize, usize)> = None;
    for (i, m) in mentions.iter().enumerate() {
        if m.sentence >= si {
            continue;
        }
        let e = mention_entity[i];
        let ms = &sentences[m.sentence];
        if !a.want.kinds.contains(&entities[e].kind)
            || !m
                .tokens
                .clone()
                .any(|k| ms.form(text, k).to_lowercase() == word)
        {
            continue;
        }
        match found {
            Some((other, _)) if other != e => return None,
            _ => found = Some((e, i)),
        }
    }
    found
}

fn choose(
    s: &Sentence,
    si: usize,
    a: &Anaphor,
    referents: &[Referent],
    entities: &[EntityInfo],
    table: &Table,
) -> Option<(usize, usize)> {
    // Salience per entity, and its most recent referent.
    let mut score: HashMap<usize, (f64, usize)> = HashMap::new();
    let anaphor_head = s.head(a.head);
    let possessive = s.tokens[a.head].deprel.starts_with("nmod:poss");
    // A reflexive with a subject of its own verb is bound to it (`the
    // Iranians positioned themselves`); an emphatic one (`the president
    // himself`) is resolved as other pronouns are.
    if a.reflexive {
        // The latest fitting actor before it in its sentence that `at` accepts.
        let local = |at: &dyn Fn(&Referent) -> bool| {
            referents.iter().rev().find(|r| {
                r.sentence == si
                    && r.end <= a.tokens.start
                    && a.want.kinds.contains(&entities[r.entity].kind)
                    && at(r)
            })
        };
        let bound = local(&|r| {
            r.role == Role::Subject && anaphor_head.is_some() && s.head(r.head) == anaphor_head
        })
        // Its verb's subject left unsaid, the controller stands for it
        // (`letting Iran establish itself`: Iran).
        .or_else(|| {
            let v = anaphor_head.filter(|&v| s.tokens[v].deprel == "xcomp")?;
            let c = s.head(v)?;
            local(&|r| {
                s.head(r.head) == Some(c)
                    && matches!(s.tokens[r.head].deprel, "obj" | "nsubj" | "nsubj:pass")
            })
        });
        if let Some(r) = bound {
            return Some((r.entity, r.mention));
        }
    }
    // A possessive in a clause whose subject is left unsaid belongs to the
    // controller: the object of the governing verb if it has one (`urged
    // Rwanda to withdraw its forces`: Rwanda's), else its subject.
    if possessive && !a.reflexive {
        let v = anaphor_head
            .and_then(|n| s.head(n))
            .filter(|&v| s.tokens[v].deprel == "xcomp")
            .filter(|&v| {
                !s.children(v)
                    .any(|c| s.tokens[c].deprel.starts_with("nsubj"))
            });
        if let Some(c) = v.and_then(|v| s.head(v)) {
            let fits = |r: &&Referent| {
                r.sentence == si && r.end <= a.tokens.start && s.head(r.head) == Some(c) && {
                    let e = &entities[r.entity];
                    a.want.fits(&e.kind, e.number, e.gender)
                }
            };
            let controller = referents
                .iter()
                .rev()
                .filter(fits)
                .find(|r| s.tokens[r.head].deprel == "obj")
                .or_else(|| {
                    referents
                        .iter()
                        .rev()
                        .filter(fits)
                        .find(|r| s.tokens[r.head].deprel.starts_with("nsubj"))
                });
            if let Some(r) = controller {
                return Some((r.entity, r.mention));
            }
        }
    }
    // Nor of the subject its verb leaves unsaid: a participle's clause
    // shares the subject of the verb it hangs on (`the Council created
    // the force, placing it under B`: not the Council), a coordinated verb
    // its first conjunct's (`the Council created the force and put it
    // under B`).
    let controller = anaphor_head
        .filter(|&v| {
            let t = &s.tokens[v];
            ((t.deprel == "advcl" && t.xpos == "VBG")
                || (t.deprel == "conj" && t.xpos.starts_with("VB")))
                && !s
                    .children(v)
                    .any(|c| s.tokens[c].deprel.starts_with("nsubj"))
                // An active verb: `B is exploited without giving it a
                // chance` gives B nothing.
                && s.head(v).is_some_and(|h| {
                    !s.children(h)
                        .any(|c| matches!(s.tokens[c].deprel, "aux:pass" | "nsubj:pass"))
                })
        })
        .and_then(|v| s.head(v));
    // The object pronoun of such a verb takes up the first verb's object
    // (`created the force and put it under B`, `created the force, placing
    // it under B`: the force), whatever role the pronoun may otherwise take.
    if let Some(c) = controller.filter(|_| {
        a.how == How::Pronoun && !possessive && !a.reflexive && s.tokens[a.head].deprel == "obj"
    }) {
        let parallel = referents.iter().rev().find(|r| {
            let e = &entities[r.entity];
            r.sentence == si
                && r.end <= a.tokens.start
                && s.head(r.head) == Some(c)
                && s.tokens[r.head].deprel == "obj"
                && a.want.fits(&e.kind, e.number, e.gender)
        });
        if let Some(r) = parallel {
            return Some((r.entity, r.mention));
        }
    }
    for (ri, r) in referents.iter().enumerate() {
        let e = &entities[r.entity];
        // A plural mention of an actor named otherwise in the singular
        // (`the Russians`, then `they`) fits by its own number.
        let number = if r.number == Number::Plur {
            Number::Plur
        } else {
            e.number
        };
        if !a.want.fits(&e.kind, number, e.gender) {
            continue;
        }
        let same = r.sentence == si;
        if same && r.end > a.tokens.start {
            continue;
        }
        if a.want.subject_only && r.role != Role::Subject {
            continue;
        }
        if a.want
            .max_sentences
            .is_some_and(|max| si - r.sentence > max)
        {
            continue;
        }
        // A pronoun is not a co-argument of its antecedent (`X attacked it`),
        // unless reflexive (`X armed itself`).
        if same
            && a.how == How::Pronoun
            && !a.reflexive
            && !possessive
            && (s.head(r.head) == anaphor_head
                || (r.role == Role::Subject && s.head(r.head) == controller))
        {
            continue;
        }
        // A description names someone other than the subject of its own
        // clause (`the Kremlin welcomed the junta's decision`: not the
        // Kremlin); in a clause of its own it may (`Hamas said the group
        // would disarm`).
        if same && a.how == How::Definite && r.role == Role::Subject {
            if let Some(v) = own_clause(s, a.head) {
                if s.head(r.head) == Some(v) {
                    continue;
                }
            }
        }
        let weight = match r.role {
            Role::Subject => 80.0,
            Role::Object => 50.0,
            Role::Other => 30.0,
        };
        let decay = 0.5f64.powi((si - r.sentence) as i32);
        let entry = score.entry(r.entity).or_insert((0.0, ri));
        entry.0 += weight * decay;
        entry.1 = ri;
    }
    let mut ranked: Vec<(usize, f64, usize)> =
        score.into_iter().map(|(e, (v, ri))| (e, v, ri)).collect();
    // Highest salience first; ties to the most recent.
    ranked.sort_by(|x, y| y.1.total_cmp(&x.1).then(y.2.cmp(&x.2)));
    let best = ranked.first()?;
    if let Some(second) = ranked.get(1) {
        if best.1 < table.margin * second.1 {
            return None;
        }
    }
    Some((best.0, referents[best.2].mention))
}

/// The head of the clause word `i` is in: up through the words of noun
/// phrases and arguments, stopping at a clause of its own.
fn own_clause(s: &Sentence, i: usize) -> Option<usize> {
    let mut cur = i;
    for _ in 0..12 {
        let h = s.head(cur)?;
        let clausal = matches!(
            s.tokens[cur].deprel.split(':').next().unwrap_or(""),
            "ccomp" | "xcomp" | "advcl" | "acl" | "parataxis" | "csubj" | "root"
        );
        if clausal {
            return Some(cur);
        }
        if matches!(s.tokens[h].upos, Upos::Verb | Upos::Aux) {
            return Some(h);
        }
        cur = h;
    }
    None
}

/// The pronouns and definite descriptions of a sentence, outside the
/// caller's mentions, in token order.
fn find_anaphors(
    text: &str,
    s: &Sentence,
    covered: &[Range<usize>],
    table: &Table,
) -> Vec<Anaphor> {
    let inside = |i: usize| covered.iter().any(|r| r.contains(&i));
    let lower = |i: usize| s.form(text, i).to_lowercase();
    let mut out = Vec::new();
    for (i, t) in s.tokens.iter().enumerate() {
        if inside(i) {
            continue;
        }
        let w = lower(i);
        if matches!(t.upos, Upos::Pron | Upos::Det) {
            if let Some(want) = table.pronouns.get(&w) {
                if (w == "it" || w == "its") && pleonastic(text, s, i, table) {
                    continue;
                }
                // `her` as a determiner is possessive; as a pronoun, an object.
                out.push(Anaphor {
                    tokens: i..i + 1,
                    head: i,
                    want: want.clone(),
                    how: How::Pronoun,
                    reflexive: w.ends_with("self") || w.ends_with("selves"),
                });
            }
            continue;
        }
        if t.upos != Upos::Noun {
            continue;
        }
        let key = if table.definites.contains_key(&w) {
            w
        } else {
            t.lemma.to_lowercase()
        };
        let Some(want) = table.definites.get(&key) else {
            continue;
        };
        // Same number as the head noun asks for.
        let mut want = want.clone();
        if want.number == Number::Any {
            want.number = Number::of(t);
            if want.number == Number::Plur {
                // `the rebels`: plural nouns for groups.
                want.collective = want.kinds.clone();
            }
        } else if Number::of(t) != want.number && Number::of(t) != Number::Any {
            continue;
        }
        // `the Security Council resolution`: a document keeps the name of
        // the body that made it before it, and is the head word alone.
        let document = want.kinds.iter().all(|k| k == "agreement");
        if let Some(start) = definite_start(text, s, i, table, document) {
            let start = if (start..i).any(inside) {
                if !document {
                    continue;
                }
                i
            } else {
                start
            };
            out.push(Anaphor {
                tokens: start..i + 1,
                head: i,
                want,
                how: How::Definite,
                reflexive: false,
            });
        }
    }
    out
}

/// Where the definite description headed by noun `i` starts (its
/// determiner), or `None` when it is not one: no definite determiner, or a
/// dependent that makes it a new actor (`the other group`, `the group of
/// experts`, `the armed group that…`, `the Wagner group`, `the Malian forces`).
fn definite_start(
    text: &str,
    s: &Sentence,
    i: usize,
    table: &Table,
    document: bool,
) -> Option<usize> {
    let mut det = None;
    for c in s.children(i) {
        let rel = s.tokens[c].deprel;
        let base = rel.split(':').next().unwrap_or(rel);
        let w = s.form(text, c).to_lowercase();
        match base {
            "det" if c < i && table.determiners.contains(&w) => det = Some(c),
            "det" => return None,
            "amod" if table.new_referent.contains(&w) => return None,
            "amod" | "punct" => {}
            "nmod" if rel == "nmod:poss" => return None,
            "compound" if document && c < i => {}
            "nmod" | "acl" | "compound" | "nummod" | "appos" | "flat" | "conj" => return None,
            _ => {}
        }
        // A name or demonym before the noun names a new actor (`the
        // Malian forces`, `the Russian-backed group`).
        if base == "amod" && (s.tokens[c].upos == Upos::Propn || w != s.form(text, c)) {
            return None;
        }
    }
    // A relative clause (`acl:relcl`) restricts: a new actor.
    det
}

/// Whether `it` at token `i` is pleonastic: an expletive, the subject of a
/// weather verb, of a cleft (`it was the RSF that`), or of a predicate of
/// the table that has a clause (`it is likely that`, `it seems`, `it was
/// reported that`).
fn pleonastic(text: &str, s: &Sentence, i: usize, table: &Table) -> bool {
    let t = &s.tokens[i];
    if t.deprel == "expl" || t.deprel.starts_with("expl:") {
        return true;
    }
    if !t.deprel.starts_with("nsubj") {
        return false;
    }
    let Some(h) = s.head(i) else {
        return false;
    };
    let lemma = s.tokens[h].lemma.to_lowercase();
    let form = s.form(text, h).to_lowercase();
    if table.weather.contains(&lemma) {
        return true;
    }
    // `It is likely that X will …` parsed with the clause's verb as head and
    // `it` as its outer subject: the predicate word hangs on the same verb.
    if t.deprel == "nsubj:outer"
        && s.children(h).any(|c| {
            c != i
                && (table.pleonastic.contains(&s.tokens[c].lemma.to_lowercase())
                    || table.pleonastic.contains(&s.form(text, c).to_lowercase()))
        })
    {
        return true;
    }
    // A cleft: `It was Russian strikes that forced …`, `it is the RSF
    // who …`. (`It is a group that …` describes a referent: not with `a`.)
    let cleft = s
        .children(h)
        .any(|c| c > i && c < h && s.tokens[c].deprel == "cop")
        && s.children(h).any(|c| {
            c > h
                && s.tokens[c].deprel == "acl:relcl"
                && s.children(c).any(|r| {
                    r < c && matches!(s.form(text, r).to_lowercase().as_str(), "that" | "who")
                })
        })
        && !s.children(h).any(|c| {
            s.tokens[c].deprel == "det"
                && matches!(s.form(text, c).to_lowercase().as_str(), "a" | "an")
        });
    if cleft {
        return true;
    }
    let clause = s.children(h).any(|c| {
        let rel = s.tokens[c].deprel;
        c > i
            && (rel.starts_with("ccomp")
                || rel.starts_with("csubj")
                || rel.starts_with("xcomp")
                || (rel.starts_with("advcl") && s.tokens[h].upos == Upos::Adj))
    });
    clause && (table.pleonastic.contains(&lemma) || table.pleonastic.contains(&form))
}

/// A CoNLL-U reader for tests and evaluations: builds a text from the word
/// forms (one space between words unless `SpaceAfter=No`, a blank line
/// between paragraphs) and [`Sentence`]s whose offsets point into it.
/// Multi-word token lines and empty nodes are skipped (their words are read).
#[doc(hidden)]
pub mod conllu {
    use crate::syntax::{Sentence, Token, Upos};
    use std::collections::HashSet;
    use std::ops::Range;
    use std::sync::Mutex;

    /// A treebank file read into one text.
    #[derive(Debug, Default)]
    pub struct Treebank {
        pub text: String,
        pub sentences: Vec<Sentence>,
        /// The MISC column of every word, per sentence.
        pub misc: Vec<Vec<String>>,
        /// The FEATS column of every word, per sentence.
        pub feats: Vec<Vec<String>>,
        /// Paragraph byte spans (`# newpar`, `# newdoc`, or each sentence
        /// when the file marks none).
        pub paragraphs: Vec<Range<usize>>,
        /// Sentence index ranges of the documents (`# newdoc`).
        pub documents: Vec<Range<usize>>,
    }

    /// A `&'static str` for a tag or relation (a small closed set, kept once).
    pub fn intern(s: &str) -> &'static str {
        static SEEN: Mutex<Option<HashSet<&'static str>>> = Mutex::new(None);
        let mut seen = SEEN.lock().expect("intern lock");
        let set = seen.get_or_insert_with(HashSet::new);
        if let Some(&x) = set.get(s) {
            return x;
        }
        let x: &'static str = Box::leak(s.to_string().into_boxed_str());
        set.insert(x);
        x
    }

    struct Word {
        form: String,
        token: Token,
        misc: String,
        feats: String,
        space: bool,
    }

    #[derive(Default)]
    struct Reader {
        tb: Treebank,
        words: Vec<Word>,
        new_par: bool,
        new_doc: bool,
        marked: bool,
        par_start: Option<usize>,
        doc_start: usize,
    }

    impl Reader {
        fn close_paragraph(&mut self) {
            if let Some(ps) = self.par_start.take() {
                let end = self.tb.text.trim_end().len();
                self.tb.paragraphs.push(ps..end);
            }
        }

        fn flush(&mut self) {
            if self.words.is_empty() {
                return;
            }
            let tb = &mut self.tb;
            if self.new_par || self.new_doc || !self.marked {
                if let Some(ps) = self.par_start.take() {
                    let end = tb.text.trim_end().len();
                    tb.paragraphs.push(ps..end);
                }
                if self.new_doc && !tb.sentences.is_empty() {
                    tb.documents.push(self.doc_start..tb.sentences.len());
                    self.doc_start = tb.sentences.len();
                }
                let trimmed = tb.text.trim_end().len();
                tb.text.truncate(trimmed);
                if !tb.text.is_empty() {
                    tb.text.push_str("\n\n");
                }
            } else if !tb.text.is_empty() && !tb.text.ends_with(' ') {
                tb.text.push(' ');
            }
            let start = tb.text.len();
            self.par_start.get_or_insert(start);
            let mut tokens = Vec::new();
            let mut misc = Vec::new();
            let mut feats = Vec::new();
            for w in self.words.drain(..) {
                let s = tb.text.len();
                tb.text.push_str(&w.form);
                tokens.push(Token {
                    start: s,
                    end: tb.text.len(),
                    ..w.token
                });
                if w.space {
                    tb.text.push(' ');
                }
                misc.push(w.misc);
                feats.push(w.feats);
            }
            let end = tb.text.trim_end().len();
            tb.sentences.push(Sentence { start, end, tokens });
            tb.misc.push(misc);
            tb.feats.push(feats);
            self.new_par = false;
            self.new_doc = false;
        }
    }

    /// CoNLL-U from a compact form: sentences separated by `/`, paragraphs by
    /// `//`; each token `form:UPOS:XPOS:head:deprel`, lemma the lower-cased form
    /// (or `form=lemma`).
    pub fn compact(spec: &str) -> String {
        let mut out = String::new();
        for para in spec.split(" // ") {
            out.push_str("# newpar\n");
            for sent in para.split(" / ") {
                for (i, tok) in sent.split_whitespace().enumerate() {
                    let f: Vec<&str> = tok.split(':').collect();
                    let rel = f[4..].join(":");
                    // `seems=seem`: a form and its lemma.
                    let (form, lemma) = f[0].split_once('=').unwrap_or((f[0], f[0]));
                    out.push_str(&format!(
                        "{}\t{}\t{}\t{}\t{}\t_\t{}\t{}\t_\t_\n",
                        i + 1,
                        form,
                        lemma.to_lowercase(),
                        f[1],
                        f[2],
                        f[3],
                        rel
                    ));
                }
                out.push('\n');
            }
        }
        out
    }

    /// Reads CoNLL-U text. Panics with the line number on a malformed line
    /// (it reads the project's own test data).
    pub fn read(input: &str) -> Treebank {
        let mut r = Reader::default();
        let mut range_end: Option<(usize, bool)> = None;
        for (n, line) in input.lines().enumerate() {
            let line = line.trim_end_matches('\r');
            if line.trim().is_empty() {
                r.flush();
                range_end = None;
                continue;
            }
            if let Some(c) = line.strip_prefix('#') {
                let c = c.trim_start();
                if c.starts_with("newdoc") {
                    r.new_doc = true;
                    r.marked = true;
                } else if c.starts_with("newpar") && !c.starts_with("newpar_") {
                    r.new_par = true;
                    r.marked = true;
                }
                continue;
            }
            let cols: Vec<&str> = line.split('\t').collect();
            assert!(cols.len() == 10, "line {}: expected 10 columns", n + 1);
            let no_space = cols[9].split('|').any(|x| x == "SpaceAfter=No");
            if let Some((_, b)) = cols[0].split_once('-') {
                let b: usize = b.parse().unwrap_or_else(|_| panic!("line {}: id", n + 1));
                range_end = Some((b, !no_space));
                continue;
            }
            if cols[0].contains('.') {
                continue;
            }
            let id: usize = cols[0]
                .parse()
                .unwrap_or_else(|_| panic!("line {}: bad id `{}`", n + 1, cols[0]));
            let upos = Upos::parse(cols[3])
                .unwrap_or_else(|| panic!("line {}: bad UPOS `{}`", n + 1, cols[3]));
            let head: usize = cols[6]
                .parse()
                .unwrap_or_else(|_| panic!("line {}: bad head `{}`", n + 1, cols[6]));
            let mut space = !no_space;
            if let Some((last, sp)) = range_end {
                if id < last {
                    space = false;
                } else if id == last {
                    space = sp;
                }
            }
            r.words.push(Word {
                form: cols[1].to_string(),
                token: Token {
                    start: 0,
                    end: 0,
                    upos,
                    xpos: intern(cols[4]),
                    lemma: cols[2].to_string(),
                    head,
                    deprel: intern(cols[7]),
                },
                misc: cols[9].to_string(),
                feats: cols[5].to_string(),
                space,
            });
        }
        r.flush();
        r.close_paragraph();
        if r.doc_start < r.tb.sentences.len() {
            r.tb.documents.push(r.doc_start..r.tb.sentences.len());
        }
        let end = r.tb.text.trim_end().len();
        r.tb.text.truncate(end);
        r.tb
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Mentions: (sentence, first token, last token exclusive, head, kind, entity).
    fn mentions(v: &[(usize, usize, usize, usize, &str, &str)]) -> Vec<Mention> {
        v.iter()
            .map(|&(s, a, b, h, kind, e)| Mention {
                sentence: s,
                tokens: a..b,
                head: h,
                kind: kind.to_string(),
                number: Number::Sing,
                entity: e.to_string(),
            })
            .collect()
    }

    fn run(spec: &str, ms: &[Mention]) -> Vec<(String, String, How)> {
        let tb = conllu::read(&conllu::compact(spec));
        let out = resolve(
            &tb.text,
            &tb.sentences,
            &tb.paragraphs,
            ms,
            Table::builtin(),
        );
        out.iter()
            .map(|r| {
                let m = &ms[r.antecedent];
                (
                    tb.text[r.bytes(&tb.sentences)].to_string(),
                    m.entity.clone(),
                    r.how,
                )
            })
            .collect()
    }

    const HAMAS: &str = "Hamas:PROPN:NNP:2:nsubj said:VERB:VBD:0:root its:PRON:PRP$:4:nmod:poss \
         fighters:NOUN:NNS:5:nsubj held:VERB:VBD:2:ccomp the:DET:DT:7:det town:NOUN:NN:5:obj .:PUNCT:.:2:punct";

    #[test]
    fn possessive_pronoun_takes_the_subject() {
        let ms = mentions(&[(0, 0, 1, 0, "armed-group", "hamas")]);
        assert_eq!(
            run(HAMAS, &ms),
            [("its".into(), "hamas".into(), How::Pronoun)]
        );
    }

    #[test]
    fn definite_description_takes_a_compatible_actor_and_chains() {
        // Egypt hosted the RSF. The group then withdrew. Its leaders left.
        let spec = "Egypt:PROPN:NNP:2:nsubj hosted:VERB:VBD:0:root the:DET:DT:4:det RSF:PROPN:NNP:2:obj .:PUNCT:.:2:punct \
             / The:DET:DT:2:det group:NOUN:NN:4:nsubj then:ADV:RB:4:advmod withdrew:VERB:VBD:0:root .:PUNCT:.:4:punct \
             / Its:PRON:PRP$:2:nmod:poss leaders:NOUN:NNS:3:nsubj left:VERB:VBD:0:root .:PUNCT:.:3:punct";
        let ms = mentions(&[
            (0, 0, 1, 0, "state", "egypt"),
            (0, 2, 4, 3, "armed-group", "rsf"),
        ]);
        let got = run(spec, &ms);
        assert_eq!(got[0], ("The group".into(), "rsf".into(), How::Definite));
        // `Its`: the group (now the subject) outweighs Egypt two sentences back.
        assert_eq!(got[1], ("Its".into(), "rsf".into(), How::Pronoun));
        assert_eq!(got.len(), 2);
    }

    #[test]
    fn pleonastic_it_and_new_referents_stay_unresolved() {
        // Egypt mediates. It is likely that talks resume. The other group left.
        let spec = "Egypt:PROPN:NNP:2:nsubj mediates:VERB:VBZ:0:root .:PUNCT:.:2:punct \
             / It:PRON:PRP:3:expl is:AUX:VBZ:3:cop likely:ADJ:JJ:0:root that:SCONJ:IN:6:mark talks:NOUN:NNS:6:nsubj resume:VERB:VBP:3:csubj .:PUNCT:.:3:punct \
             / It:PRON:PRP:2:nsubj seems=seem:VERB:VBZ:0:root that:SCONJ:IN:5:mark talks:NOUN:NNS:5:nsubj failed:VERB:VBD:2:ccomp .:PUNCT:.:2:punct";
        let ms = mentions(&[(0, 0, 1, 0, "state", "egypt")]);
        assert!(run(spec, &ms).is_empty());
        let spec = "Hamas:PROPN:NNP:2:nsubj spoke:VERB:VBD:0:root .:PUNCT:.:2:punct \
             / The:DET:DT:3:det other:ADJ:JJ:3:amod group:NOUN:NN:4:nsubj left:VERB:VBD:0:root .:PUNCT:.:4:punct";
        let ms = mentions(&[(0, 0, 1, 0, "armed-group", "hamas")]);
        assert!(run(spec, &ms).is_empty());
        // Iran spoke. It was Russian strikes that forced talks. (A cleft.)
        let spec = "Iran:PROPN:NNP:2:nsubj spoke:VERB:VBD:0:root .:PUNCT:.:2:punct \
             / It:PRON:PRP:4:nsubj was=be:AUX:VBD:4:cop Russian:ADJ:JJ:4:amod strikes:NOUN:NNS:0:root that:PRON:WDT:6:nsubj forced:VERB:VBD:4:acl:relcl talks:NOUN:NNS:6:obj .:PUNCT:.:4:punct";
        let ms = mentions(&[(0, 0, 1, 0, "state", "iran")]);
        assert!(run(spec, &ms).is_empty());
    }

    #[test]
    fn paragraphs_kinds_and_coarguments_block_resolution() {
        // A paragraph break: `He` has no antecedent.
        let spec = "Burhan:PROPN:NNP:2:nsubj spoke:VERB:VBD:0:root .:PUNCT:.:2:punct \
             // He:PRON:PRP:2:nsubj left:VERB:VBD:0:root .:PUNCT:.:2:punct";
        let ms = mentions(&[(0, 0, 1, 0, "person", "burhan")]);
        assert!(run(spec, &ms).is_empty());
        // `it` is not a person, and not its own verb's subject.
        let spec =
            "Egypt:PROPN:NNP:2:nsubj met:VERB:VBD:0:root Burhan:PROPN:NNP:2:obj .:PUNCT:.:2:punct \
             / Sudan:PROPN:NNP:2:nsubj praised:VERB:VBD:0:root it:PRON:PRP:2:obj .:PUNCT:.:2:punct";
        let ms = mentions(&[
            (0, 0, 1, 0, "state", "egypt"),
            (0, 2, 3, 2, "person", "burhan"),
            (1, 0, 1, 0, "state", "sudan"),
        ]);
        assert_eq!(
            run(spec, &ms),
            [("it".into(), "egypt".into(), How::Pronoun)]
        );
    }

    #[test]
    fn a_resolution_named_paragraphs_before_is_the_resolution() {
        // Resolution 2231 endorsed the deal. // Iran spoke. / The resolution
        // expired. // The treaty lapsed.
        let spec = "Resolution:PROPN:NNP:3:nsubj 2231:NUM:CD:1:nummod endorsed:VERB:VBD:0:root the:DET:DT:5:det deal:NOUN:NN:3:obj .:PUNCT:.:3:punct \
             // Iran:PROPN:NNP:2:nsubj spoke:VERB:VBD:0:root .:PUNCT:.:2:punct \
             / The:DET:DT:2:det resolution:NOUN:NN:3:nsubj expired:VERB:VBD:0:root .:PUNCT:.:3:punct \
             // The:DET:DT:2:det treaty:NOUN:NN:3:nsubj lapsed:VERB:VBD:0:root .:PUNCT:.:3:punct";
        let ms = mentions(&[
            (0, 0, 2, 0, "agreement", "resolution-2231"),
            (1, 0, 1, 0, "state", "iran"),
        ]);
        // (`The treaty`: no treaty was named.)
        assert_eq!(
            run(spec, &ms),
            [(
                "The resolution".into(),
                "resolution-2231".into(),
                How::Definite
            )]
        );
        // Two resolutions named before: which one is not known.
        let spec = "Resolution:PROPN:NNP:3:nsubj 2231:NUM:CD:1:nummod endorsed:VERB:VBD:0:root the:DET:DT:5:det deal:NOUN:NN:3:obj .:PUNCT:.:3:punct \
             / Resolution:PROPN:NNP:3:nsubj 1701:NUM:CD:1:nummod lapsed:VERB:VBD:0:root .:PUNCT:.:3:punct \
             // The:DET:DT:2:det resolution:NOUN:NN:3:nsubj expired:VERB:VBD:0:root .:PUNCT:.:3:punct";
        let ms = mentions(&[
            (0, 0, 2, 0, "agreement", "resolution-2231"),
            (1, 0, 2, 0, "agreement", "resolution-1701"),
        ]);
        assert!(run(spec, &ms).is_empty(), "{:?}", run(spec, &ms));
    }

    #[test]
    fn close_rivals_leave_the_pronoun_unresolved() {
        // Two persons, both objects: `he` could be either.
        let spec = "Talks:NOUN:NNS:2:nsubj involved:VERB:VBD:0:root Ruto:PROPN:NNP:2:obj and:CCONJ:CC:5:cc Kiir:PROPN:NNP:3:conj .:PUNCT:.:2:punct \
             / He:PRON:PRP:2:nsubj left:VERB:VBD:0:root .:PUNCT:.:2:punct";
        let ms = mentions(&[
            (0, 2, 3, 2, "person", "ruto"),
            (0, 4, 5, 4, "person", "kiir"),
        ]);
        assert!(run(spec, &ms).is_empty());
    }

    #[test]
    fn gender_from_titles_and_chains() {
        // Queen Rania met Mr Abbas. He thanked her.
        let spec = "Queen:PROPN:NNP:2:compound Rania:PROPN:NNP:3:nsubj met:VERB:VBD:0:root Mr:PROPN:NNP:5:compound Abbas:PROPN:NNP:3:obj .:PUNCT:.:3:punct \
             / He:PRON:PRP:2:nsubj thanked:VERB:VBD:0:root her:PRON:PRP:2:obj .:PUNCT:.:2:punct";
        let ms = mentions(&[
            (0, 0, 2, 1, "person", "rania"),
            (0, 3, 5, 4, "person", "abbas"),
        ]);
        assert_eq!(
            run(spec, &ms),
            [
                ("He".into(), "abbas".into(), How::Pronoun),
                ("her".into(), "rania".into(), How::Pronoun)
            ]
        );
    }

    #[test]
    fn through_the_parser() {
        let text = "Hamas said its fighters held the town. The group later withdrew. \
            It is likely that Egypt will mediate.\n\nThe militia left.";
        let sentences = crate::syntax::Model::builtin().parse(text);
        let name = |w: &str, kind: &str| {
            let at = text.find(w).unwrap();
            let (si, s) = sentences
                .iter()
                .enumerate()
                .find(|(_, s)| s.start <= at && at < s.end)
                .unwrap();
            let i = s.tokens.iter().position(|t| t.start == at).unwrap();
            Mention {
                sentence: si,
                tokens: i..i + 1,
                head: i,
                kind: kind.into(),
                number: Number::of(&s.tokens[i]),
                entity: w.into(),
            }
        };
        let ms = vec![name("Hamas", "armed-group"), name("Egypt", "state")];
        let out = resolve(text, &sentences, &paragraphs(text), &ms, Table::builtin());
        let got: Vec<String> = out
            .iter()
            .map(|r| r.describe(text, &sentences, &ms))
            .collect();
        // `It` is pleonastic; `The militia` is in another paragraph.
        assert_eq!(
            got,
            [
                "`its` resolved to `Hamas` (pronoun)",
                "`The group` resolved to `Hamas` (definite)"
            ]
        );
    }

    #[test]
    fn paragraph_spans_and_table_errors() {
        assert_eq!(paragraphs("a b\nc\n\n  \nd\n"), [0..5, 10..11]);
        let err = Table::from_toml(
            Path::new("x.toml"),
            &BUILTIN_TABLE
                .1
                .replace("kinds = [\"armed-group\"]", "kinds = [\"armed-grup\"]"),
        )
        .unwrap_err()
        .to_string();
        assert!(err.contains("unknown actor kind `armed-grup`"), "{err}");
    }

    #[test]
    fn conllu_reader_keeps_offsets_and_paragraphs() {
        let tb = conllu::read(&conllu::compact(HAMAS));
        assert_eq!(tb.text, "Hamas said its fighters held the town .");
        assert_eq!(tb.sentences[0].form(&tb.text, 2), "its");
        assert_eq!(
            tb.paragraphs,
            vec![Range {
                start: 0,
                end: tb.text.len()
            }]
        );
        assert_eq!(tb.documents, vec![Range { start: 0, end: 1 }]);
    }
}

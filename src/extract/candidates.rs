//! Actors the registry lacks: proper-noun phrases of a parsed sentence
//! become candidates with a guessed kind.
//!
//! A name is a group of capitalised tokens the tree joins (`flat`,
//! `compound`, capitalised `amod`, and `of`/`for` modifiers as in `Bank of
//! Kigali`) with at least one proper noun. Its kind comes, in order, from a
//! title before it (`President William Ruto`: a person, the title left
//! out), a cue word inside it (`Forces`, `Ministry`, `Bank`, `University`,
//! `Crossing`), the words around it (`Goma-based`, `the city of X`,
//! `spokesman X`, `fighting in X`), a parenthesised acronym after it (an
//! organisation), or two or three plain proper nouns (a person). Names with
//! no evidence of a kind are not candidates. The cue tables are data
//! (`graph-data/rules/tree/candidates.toml`, compiled in as
//! [`Cues::builtin`]); the code knows the mechanism only.
//!
//! # API
//!
//! ```text
//! Cues::builtin() -> &'static Cues;  Cues::from_toml(path, text) -> Result<Cues>
//! candidates(text, &Sentence, covered: &[Range<usize>], &Cues) -> Vec<Candidate>
//!     one sentence; `covered` are byte spans the registry already names
//! document(text, &[Sentence], covered: &[Vec<Range<usize>>], &Cues) -> Document
//!     a whole text: candidates merged into actors by label, by the acronym the text
//!     defines (`Rapid Support Forces (RSF)` ... `the RSF`) and by a person's surname
//!     (`President William Ruto` ... `Ruto`)
//! Candidate { tokens, bytes, head, label, kind, reason, acronym }
//! Document { actors: Vec<CandidateActor { label, kind, acronym, reason }>,
//!            mentions: Vec<Found { sentence, tokens, bytes, actor }> }
//! ```
//!
//! Token indices are 0-based and half-open; `bytes` index the text.

use crate::error::{Diagnostic, Error, Result};
use crate::model::ACTOR_KINDS;
use crate::syntax::{Sentence, Upos};
use serde::Deserialize;
use std::collections::{HashMap, HashSet};
use std::ops::Range;
use std::path::Path;
use std::sync::OnceLock;

/// The bundled cue tables: path and text.
pub const BUILTIN_CUES: (&str, &str) = (
    "graph-data/rules/tree/candidates.toml",
    include_str!("../../graph-data/rules/tree/candidates.toml"),
);

/// Why a candidate got its kind (what the evidence can record).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Reason {
    /// A title before the name (`President`).
    Title(String),
    /// A cue word inside the name (`Forces`).
    Cue(String),
    /// `X-based`.
    Based,
    /// A common noun the name is attached to (`the city of X`, `spokesman X`).
    Context(String),
    /// After a locative preposition (`in X`).
    Locative(String),
    /// A parenthesised acronym after it (`(ACR)`): an organisation.
    Acronym,
    /// Two or three plain proper nouns: a person's name.
    PersonName,
}

impl Reason {
    /// A short description: "title `President`", "cue `Forces`"…
    pub fn describe(&self) -> String {
        match self {
            Reason::Title(w) => format!("title `{w}`"),
            Reason::Cue(w) => format!("cue `{w}`"),
            Reason::Based => "`-based`".into(),
            Reason::Context(w) => format!("attached to `{w}`"),
            Reason::Locative(w) => format!("after `{w}`"),
            Reason::Acronym => "defines an acronym".into(),
            Reason::PersonName => "a person's name".into(),
        }
    }
}

/// A proper-noun phrase the registry does not cover, with a kind.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Candidate {
    /// Token span of the name (without a title before it).
    pub tokens: Range<usize>,
    /// Byte span of the name in the text.
    pub bytes: Range<usize>,
    /// The name's head token.
    pub head: usize,
    /// The name as written.
    pub label: String,
    /// One of the registry's kinds.
    pub kind: String,
    pub reason: Reason,
    /// The acronym the text defines for it (`… Forces (RSF)`).
    pub acronym: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CueFile {
    settings: Settings,
    titles: Titles,
    #[serde(default)]
    cue: Vec<CueRule>,
    #[serde(default)]
    context: Vec<ContextRule>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Settings {
    not_names: Vec<String>,
    locative: Vec<String>,
    based: Vec<String>,
    national: Vec<String>,
    demonym_suffixes: Vec<String>,
    not_person_endings: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Titles {
    titles: Vec<String>,
    modifiers: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CueRule {
    kind: String,
    #[serde(default)]
    national: Option<String>,
    words: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ContextRule {
    kind: String,
    nouns: Vec<String>,
}

/// The cue tables.
#[derive(Debug)]
pub struct Cues {
    not_names: HashSet<String>,
    locative: HashSet<String>,
    based: HashSet<String>,
    national: HashSet<String>,
    demonym_suffixes: Vec<String>,
    not_person_endings: Vec<String>,
    titles: HashSet<String>,
    modifiers: HashSet<String>,
    /// Cue word -> (kind, kind when national).
    cue: HashMap<String, (String, Option<String>)>,
    context: HashMap<String, String>,
}

impl Cues {
    /// Whether `word` (lower case) is a title or a noun that names a
    /// person's office (`president`, `head`, `commander`): before a name it
    /// is that name's title, not a verb (`IRGC head Mohammad Jafari`).
    pub fn is_title(&self, word: &str) -> bool {
        self.titles.contains(word) || self.context.get(word).is_some_and(|k| k == "person")
    }

    /// Whether `word` (lower case) is a title or a title's plural
    /// (`presidents` of `Presidents Kenyatta and Tshisekedi`); a trailing
    /// full stop is ignored (`gen.`).
    pub fn is_title_or_plural(&self, word: &str) -> bool {
        let w = word.trim_end_matches('.');
        self.is_title(word)
            || self.is_title(w)
            || w.strip_suffix('s')
                .is_some_and(|x| x.len() >= 4 && self.is_title(x))
    }

    /// The tables compiled into the binary.
    pub fn builtin() -> &'static Cues {
        static CUES: OnceLock<Cues> = OnceLock::new();
        CUES.get_or_init(|| {
            Cues::from_toml(Path::new(BUILTIN_CUES.0), BUILTIN_CUES.1)
                .expect("the bundled candidate cues are valid (checked by tests)")
        })
    }

    /// Parses a cue file; unknown kinds are errors.
    pub fn from_toml(path: &Path, text: &str) -> Result<Cues> {
        let file: CueFile = crate::error::parse_toml(
            path,
            text,
            "candidate cues",
            "a cue file has [settings], [titles], [[cue]] (kind, words, optional national) and [[context]] (kind, nouns)",
        )?;
        let mut errors = Vec::new();
        let mut check = |k: &str| {
            if !ACTOR_KINDS.contains(&k) {
                let d = Diagnostic::new(path, format!("unknown actor kind `{k}`"))
                    .expected(format!("one of {}", ACTOR_KINDS.join(", ")));
                let needle = format!("\"{k}\"");
                errors.push(match text.find(&needle) {
                    Some(at) => d.at(text, at, at + needle.len()),
                    None => d,
                });
            }
        };
        let set = |v: &[String]| v.iter().map(|w| w.to_lowercase()).collect::<HashSet<_>>();
        let mut cue = HashMap::new();
        for rule in &file.cue {
            check(&rule.kind);
            if let Some(n) = &rule.national {
                check(n);
            }
            for w in &rule.words {
                cue.entry(w.to_lowercase())
                    .or_insert((rule.kind.clone(), rule.national.clone()));
            }
        }
        let mut context = HashMap::new();
        for rule in &file.context {
            check(&rule.kind);
            for w in &rule.nouns {
                context.entry(w.to_lowercase()).or_insert(rule.kind.clone());
            }
        }
        if !errors.is_empty() {
            return Err(Error::Invalid(errors));
        }
        Ok(Cues {
            not_names: set(&file.settings.not_names),
            locative: set(&file.settings.locative),
            based: set(&file.settings.based),
            national: set(&file.settings.national),
            demonym_suffixes: file.settings.demonym_suffixes.clone(),
            not_person_endings: file.settings.not_person_endings.clone(),
            titles: set(&file.titles.titles),
            modifiers: set(&file.titles.modifiers),
            cue,
            context,
        })
    }
}

fn capitalised(w: &str) -> bool {
    w.chars().next().is_some_and(char::is_uppercase)
}

fn overlaps(a: &Range<usize>, b: &Range<usize>) -> bool {
    a.start < b.end && b.start < a.end
}

/// The acronym in `( ACR )` right after token `end - 1`, if any.
fn acronym_after(text: &str, s: &Sentence, end: usize) -> Option<String> {
    let open = s.tokens.get(end)?;
    let acr = s.tokens.get(end + 1)?;
    let close = s.tokens.get(end + 2)?;
    let w = &text[acr.start..acr.end];
    let ok = &text[open.start..open.end] == "("
        && &text[close.start..close.end] == ")"
        && (2..=10).contains(&w.chars().count())
        && w.chars()
            .all(|c| c.is_uppercase() || c.is_ascii_digit() || c == '-')
        && w.chars().filter(|c| c.is_uppercase()).count() >= 2;
    ok.then(|| w.to_string())
}

/// The candidates of one sentence: names not overlapping `covered` (byte
/// spans the registry names), each with a kind. A name that contains a
/// covered span is kept only when a cue word outside that span gives it a
/// kind (`Sudan Liberation Movement` around `Sudan`).
pub fn candidates(
    text: &str,
    s: &Sentence,
    covered: &[Range<usize>],
    cues: &Cues,
) -> Vec<Candidate> {
    let n = s.tokens.len();
    // A heading (`Regional Forces Pull Back`) names nothing by its capitals.
    let heading = !text[s.start..s.end]
        .trim_end()
        .ends_with(['.', '!', '?', '"', '\u{201d}', '\u{2019}', ')', ':', ';']);
    if heading {
        return Vec::new();
    }
    let form = |i: usize| s.form(text, i);
    let lower = |i: usize| form(i).to_lowercase();
    let cap = |i: usize| capitalised(form(i));
    // The particle of an Arabic name and its hyphen (`Maher al-Assad`,
    // `Khalifa bin Zayed`), between capitalised words.
    let particle = |i: usize| JOINERS.contains(&lower(i).as_str());
    let next_cap = |i: usize| i + 1 < n && cap(i + 1);
    let inner = |i: usize| {
        let hyphen_then_cap = |j: usize| j + 2 < n && form(j + 1) == "-" && cap(j + 2);
        (particle(i) && i > 0 && cap(i - 1) && (next_cap(i) || hyphen_then_cap(i)))
            || (form(i) == "-" && i > 1 && particle(i - 1) && cap(i - 2) && next_cap(i))
    };
    // A name part: a capitalised content word (not a glued `X-based`).
    // An ordinal before a capitalised word belongs to the name (`8th
    // Brigade`, `5th Corps`).
    let ordinal = |i: usize| {
        let f = lower(i);
        let digits = f.trim_end_matches(|c: char| c.is_ascii_alphabetic());
        !digits.is_empty()
            && digits.chars().all(|c| c.is_ascii_digit())
            && ["st", "nd", "rd", "th"].contains(&&f[digits.len()..])
            && next_cap(i)
    };
    let part = |i: usize| {
        inner(i)
            || ordinal(i)
            || cap(i)
                && !form(i)
                    .rsplit_once('-')
                    .is_some_and(|(_, b)| cues.based.contains(&b.to_lowercase()))
                && matches!(
                    s.tokens[i].upos,
                    Upos::Propn | Upos::Noun | Upos::Adj | Upos::Num | Upos::X
                )
    };
    // Join each name part to its head when the tree puts them in one name.
    let mut group: Vec<usize> = (0..n).collect();
    fn find(g: &mut [usize], i: usize) -> usize {
        let mut r = i;
        while g[r] != r {
            r = g[r];
        }
        let mut k = i;
        while g[k] != r {
            let next = g[k];
            g[k] = r;
            k = next;
        }
        r
    }
    for i in 0..n {
        if !part(i) {
            continue;
        }
        let Some(h) = s.head(i) else { continue };
        if !part(h) {
            continue;
        }
        let rel = s.tokens[i].deprel;
        let base = rel.split(':').next().unwrap_or(rel);
        let joins = match base {
            "flat" | "compound" | "amod" | "nummod" => true,
            // The hyphen of `al-Assad`.
            "punct" => inner(i),
            // `President William Ruto`: GUM-style parsers hang the title on the name.
            "nmod" if rel == "nmod:desc" => true,
            // `Bank of Kigali`, `Forces for Freedom`: an of/for modifier of
            // a name; and French, Spanish or Portuguese `of` (`Banque
            // Populaire du Rwanda`, `Frente de Libertação`).
            "nmod" if rel != "nmod:poss" => s.children(i).any(|c| {
                s.tokens[c].deprel == "case"
                    && ["of", "for", "du", "de", "des", "del", "da", "do", "dos"]
                        .contains(&lower(c).as_str())
            }),
            _ => false,
        };
        if joins {
            let (a, b) = (find(&mut group, i), find(&mut group, h));
            group[a] = b;
        }
    }
    // A particle joins its neighbours whatever the tree says (the parser
    // may coordinate `Islam wal Muslimin`).
    for i in 1..n.saturating_sub(1) {
        if inner(i) && part(i - 1) && part(i + 1) {
            for j in [i - 1, i + 1] {
                let (a, b) = (find(&mut group, j), find(&mut group, i));
                if a != b {
                    group[a] = b;
                }
            }
        }
    }
    let mut members: HashMap<usize, Vec<usize>> = HashMap::new();
    for i in 0..n {
        if part(i) {
            let r = find(&mut group, i);
            members.entry(r).or_default().push(i);
        }
    }
    let mut names: Vec<Vec<usize>> = members.into_values().collect();
    names.sort();
    let mut out = Vec::new();
    // `Goma-based` as one token: the part before the suffix is a place.
    for (i, t) in s.tokens.iter().enumerate() {
        let Some((name, suffix)) = form(i).rsplit_once('-') else {
            continue;
        };
        let b = t.start..t.start + name.len();
        if capitalised(name)
            && cues.based.contains(&suffix.to_lowercase())
            && !covered.iter().any(|c| overlaps(c, &b))
            && !cues.not_names.contains(&name.to_lowercase())
        {
            out.push(Candidate {
                tokens: i..i + 1,
                label: name.to_string(),
                bytes: b,
                head: i,
                kind: "place".into(),
                reason: Reason::Based,
                acronym: None,
            });
        }
    }
    for toks in names {
        let (first, last) = (toks[0], toks[toks.len() - 1]);
        // Contiguous, allowing lower-case `of`/`the`/`for` inside.
        let contiguous = (first..=last).all(|i| {
            toks.contains(&i)
                || [
                    "of", "the", "for", "and", "de", "du", "des", "la", "le", "al", "el", "bin",
                    "ibn", "wal", "wa", "-",
                ]
                .contains(&lower(i).as_str())
        });
        if !contiguous || !toks.iter().any(|&i| s.tokens[i].upos == Upos::Propn) {
            continue;
        }
        let head = toks
            .iter()
            .copied()
            .find(|&i| s.head(i).is_none_or(|h| !toks.contains(&h)))
            .expect("a group has a head");
        // `the Petrodar pipeline`, `Tuareg rebels`: a lower-case cue noun of a
        // facility or an armed group right after the name completes it.
        if let Some(h) = s.head(head).filter(|&h| {
            h == last + 1
                && s.tokens[head].deprel == "compound"
                && s.tokens[h].upos == Upos::Noun
                && !capitalised(form(h))
        }) {
            let kind = cues
                .cue
                .get(&lower(h))
                .map(|(k, _)| k.as_str())
                .filter(|k| matches!(*k, "facility" | "armed-group"));
            let b = s.tokens[first].start..s.tokens[h].end;
            let proper = (first..=last).all(|i| s.tokens[i].upos == Upos::Propn);
            if let (Some(kind), true) = (kind, proper) {
                if !covered.iter().any(|c| overlaps(c, &b))
                    && !(first..=last).any(|i| cues.not_names.contains(&lower(i)))
                {
                    out.push(Candidate {
                        label: text[b.clone()].to_string(),
                        acronym: None,
                        tokens: first..h + 1,
                        bytes: b,
                        head: h,
                        kind: kind.to_string(),
                        reason: Reason::Cue(form(h).to_string()),
                    });
                    continue;
                }
            }
        }
        if let Some(c) = classify(text, s, first..last + 1, head, covered, cues) {
            out.push(c);
        }
    }
    out
}

/// Gives a name (`span`, with `head`) its kind, or `None`.
fn classify(
    text: &str,
    s: &Sentence,
    span: Range<usize>,
    head: usize,
    covered: &[Range<usize>],
    cues: &Cues,
) -> Option<Candidate> {
    let form = |i: usize| s.form(text, i);
    let lower = |i: usize| form(i).to_lowercase();
    let bytes = |r: &Range<usize>| s.tokens[r.start].start..s.tokens[r.end - 1].end;
    let make = |r: Range<usize>, head: usize, kind: &str, reason: Reason| {
        let b = bytes(&r);
        Candidate {
            label: text[b.clone()].to_string(),
            acronym: acronym_after(text, s, r.end),
            tokens: r,
            bytes: b,
            head,
            kind: kind.to_string(),
            reason,
        }
    };
    // The particle and hyphen inside `Maher al-Assad`.
    let joiner = |i: usize| {
        span.start < i && i + 1 < span.end && (form(i) == "-" || JOINERS.contains(&form(i)))
    };
    if span.clone().all(|i| cues.not_names.contains(&lower(i)))
        || cues.not_names.contains(&lower(head))
    {
        return None;
    }
    let all = bytes(&span);
    let inside: Vec<&Range<usize>> = covered.iter().filter(|c| overlaps(c, &all)).collect();
    // Title + name: a person (`Foreign Minister Ali Youssef`).
    let lead = span
        .clone()
        .take_while(|&i| cues.titles.contains(&lower(i)) || cues.modifiers.contains(&lower(i)))
        .count();
    let title = (span.start..span.start + lead)
        .rev()
        .find(|&i| cues.titles.contains(&lower(i)));
    if let Some(t) = title {
        let name = span.start + lead..span.end;
        let plain = !name.is_empty()
            && name.clone().filter(|&i| !joiner(i)).count() <= 4
            && name
                .clone()
                .all(|i| joiner(i) || s.tokens[i].upos == Upos::Propn);
        if plain {
            let b = bytes(&name);
            if covered.iter().any(|c| overlaps(c, &b)) {
                return None;
            }
            let h = if name.contains(&head) {
                head
            } else {
                name.end - 1
            };
            return Some(make(name, h, "person", Reason::Title(form(t).to_string())));
        }
    }
    // A cue word: the head first, then right to left.
    let order = std::iter::once(head).chain(span.clone().rev().filter(|&i| i != head));
    let cue = order
        .filter(|&i| capitalised(form(i)))
        .find_map(|i| cues.cue.get(&lower(i)).map(|k| (i, k)));
    // A cue word alone (`the Coalition`, `the Corps`) is no name.
    let cue = cue.filter(|_| span.len() >= 2);
    if let Some((i, (kind, national))) = cue {
        // The cue must lie outside any registry name the phrase contains.
        let cue_bytes = s.tokens[i].start..s.tokens[i].end;
        if inside
            .iter()
            .any(|c| overlaps(c, &cue_bytes) || !(all.start <= c.start && c.end <= all.end))
        {
            return None;
        }
        // A demonym first (`Sudanese Armed Forces`): an adjective with a
        // demonym ending, or a long ending whatever the tag (`-ese`, `-ian`).
        let first = lower(span.start);
        let demonym = span.start != i
            && cues.demonym_suffixes.iter().any(|suf| {
                first.ends_with(suf.as_str())
                    && (s.tokens[span.start].upos == Upos::Adj || suf.len() >= 3)
            });
        let is_national = demonym
            || span
                .clone()
                .any(|k| k != i && cues.national.contains(&lower(k)));
        let kind = match national {
            Some(n) if is_national => n,
            _ => kind,
        };
        return Some(make(span, head, kind, Reason::Cue(form(i).to_string())));
    }
    if !inside.is_empty() {
        return None;
    }
    // A lone demonym (`Congolese`) is no actor of its own.
    if span.len() == 1
        && cues
            .demonym_suffixes
            .iter()
            .any(|suf| suf.len() >= 3 && lower(span.start).ends_with(suf.as_str()))
    {
        return None;
    }
    // The words around it.
    if let Some(kind) = context(text, s, &span, head, cues) {
        return Some(make(span, head, &kind.0, kind.1));
    }
    if acronym_after(text, s, span.end).is_some() && span.len() >= 2 {
        return Some(make(span, head, "organization", Reason::Acronym));
    }
    // Two or three plain proper nouns: a person. Not a plural (`Digital
    // Networks`), not a word with a noun ending (`Enforcement Mechanism`),
    // not a group adjective (`East African`).
    let plain = span.clone().all(|i| {
        let w = lower(i);
        if joiner(i) {
            return true;
        }
        s.tokens[i].upos == Upos::Propn
            && s.tokens[i].xpos != "NNPS"
            && form(i)
                .chars()
                .all(|c| c.is_alphabetic() || c == '-' || c == '\'')
            && form(i).chars().any(char::is_lowercase)
            && !cues.not_names.contains(&w)
            && !cues
                .not_person_endings
                .iter()
                .any(|e| w.ends_with(e.as_str()))
    });
    if plain && (2..=3).contains(&span.clone().filter(|&i| !joiner(i)).count()) {
        return Some(make(span, head, "person", Reason::PersonName));
    }
    None
}

/// The kind the words around a name give it: `X-based`, a noun it is
/// attached to, a locative preposition.
fn context(
    text: &str,
    s: &Sentence,
    span: &Range<usize>,
    head: usize,
    cues: &Cues,
) -> Option<(String, Reason)> {
    let lower = |i: usize| s.form(text, i).to_lowercase();
    // `Goma - based` (the glued `Goma-based` is read in `candidates`).
    let after: Vec<String> = (span.end..(span.end + 2).min(s.tokens.len()))
        .map(lower)
        .collect();
    if after.len() == 2 && after[0] == "-" && cues.based.contains(&after[1]) {
        return Some(("place".into(), Reason::Based));
    }
    let rel = s.tokens[head].deprel;
    // A noun the name is attached to: `the city of X`, `X city`, `spokesman X`.
    if let Some(h) = s.head(head) {
        let base = rel.split(':').next().unwrap_or(rel);
        let common = !capitalised(s.form(text, h));
        if common && ["nmod", "compound", "appos", "flat"].contains(&base) && rel != "nmod:poss" {
            let noun = s.tokens[h].lemma.to_lowercase();
            if let Some(kind) = cues
                .context
                .get(&noun)
                .or_else(|| cues.context.get(&lower(h)))
            {
                return Some((kind.clone(), Reason::Context(s.form(text, h).to_string())));
            }
        }
    }
    // The name's own dependents: `X, a militia`, `X, the group's leader`.
    for c in s.children(head) {
        if s.tokens[c].deprel == "appos" && !span.contains(&c) && !capitalised(s.form(text, c)) {
            let noun = s.tokens[c].lemma.to_lowercase();
            if let Some(kind) = cues.context.get(&noun) {
                return Some((kind.clone(), Reason::Context(s.form(text, c).to_string())));
            }
        }
    }
    // After a locative preposition: a place.
    if rel.starts_with("obl") || rel.starts_with("nmod") {
        for c in s.children(head) {
            if s.tokens[c].deprel == "case" && cues.locative.contains(&lower(c)) {
                return Some((
                    "place".into(),
                    Reason::Locative(s.form(text, c).to_string()),
                ));
            }
        }
    }
    None
}

/// An actor the text names that the registry lacks.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CandidateActor {
    /// The fullest name the text gives it.
    pub label: String,
    pub kind: String,
    pub acronym: Option<String>,
    /// Why it got its kind (at its first mention).
    pub reason: Reason,
}

/// A mention of a candidate actor.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Found {
    pub sentence: usize,
    pub tokens: Range<usize>,
    pub bytes: Range<usize>,
    pub head: usize,
    /// Index into [`Document::actors`].
    pub actor: usize,
}

/// The candidates of a whole text.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Document {
    pub actors: Vec<CandidateActor>,
    pub mentions: Vec<Found>,
}

/// Particles inside an Arabic name (`Maher al-Assad`, `Khalifa bin Zayed`).
/// `wal`, `wa` (`and the`) join two parts of a name (`Jama'at Nusrat
/// al-Islam wal Muslimin`).
const JOINERS: [&str; 6] = ["al", "el", "bin", "ibn", "wal", "wa"];

/// Particles that open a surname (`al Sharaa`, `bin Salman`, `de Gaulle`).
pub(crate) const PARTICLES: [&str; 9] = ["al", "el", "bin", "ibn", "abu", "de", "van", "von", "da"];

/// `al` → `Al`.
fn capitalise(w: &str) -> String {
    let mut c = w.chars();
    c.next()
        .map(|f| {
            f.to_uppercase()
                .chain(c.flat_map(char::to_lowercase))
                .collect()
        })
        .unwrap_or_default()
}

/// The candidates of a text, merged into actors: the same label, the
/// acronym a candidate defined (`(RSF)`), and the surname of a person
/// candidate with two names or more (`Ruto`) all point to one actor; later
/// single-token mentions of those need no cue of their own. `covered[i]`
/// are the registry's byte spans in sentence `i`.
pub fn document(
    text: &str,
    sentences: &[Sentence],
    covered: &[Vec<Range<usize>>],
    cues: &Cues,
) -> Document {
    let mut doc = Document::default();
    let mut by_name: HashMap<String, usize> = HashMap::new();
    let none: Vec<Range<usize>> = Vec::new();
    for (si, s) in sentences.iter().enumerate() {
        let cov = covered.get(si).unwrap_or(&none);
        let found = candidates(text, s, cov, cues);
        let mut taken: Vec<Range<usize>> = Vec::new();
        for c in found {
            let actor = match by_name.get(&c.label) {
                Some(&a) => a,
                None => {
                    doc.actors.push(CandidateActor {
                        label: c.label.clone(),
                        kind: c.kind.clone(),
                        acronym: c.acronym.clone(),
                        reason: c.reason.clone(),
                    });
                    let a = doc.actors.len() - 1;
                    by_name.insert(c.label.clone(), a);
                    a
                }
            };
            if let Some(acr) = &c.acronym {
                by_name.entry(acr.clone()).or_insert(actor);
                if doc.actors[actor].acronym.is_none() {
                    doc.actors[actor].acronym = Some(acr.clone());
                }
                // The acronym in its parentheses is not another mention.
                taken.push(c.tokens.end..c.tokens.end + 3);
            }
            if c.kind == "person" && c.tokens.len() >= 2 {
                let surname = s.form(text, c.tokens.end - 1);
                if surname.chars().count() >= 3 {
                    by_name.entry(surname.to_string()).or_insert(actor);
                    // `Farouk al Sharaa` … `Al Sharaa`: the surname with its particle.
                    let particle = s.form(text, c.tokens.end - 2);
                    if c.tokens.len() >= 3 && PARTICLES.contains(&particle.to_lowercase().as_str())
                    {
                        for p in [particle.to_lowercase(), capitalise(particle)] {
                            by_name.entry(format!("{p} {surname}")).or_insert(actor);
                        }
                    }
                }
            }
            taken.push(c.tokens.clone());
            doc.mentions.push(Found {
                sentence: si,
                tokens: c.tokens,
                bytes: c.bytes,
                head: c.head,
                actor,
            });
        }
        // Single tokens naming an actor defined earlier (acronym, surname).
        for (i, t) in s.tokens.iter().enumerate() {
            if taken.iter().any(|r| r.contains(&i)) || !capitalised(s.form(text, i)) {
                continue;
            }
            let b = t.start..t.end;
            if cov.iter().any(|c| overlaps(c, &b)) {
                continue;
            }
            if let Some(&actor) = by_name.get(s.form(text, i)) {
                doc.mentions.push(Found {
                    sentence: si,
                    tokens: i..i + 1,
                    bytes: b,
                    head: i,
                    actor,
                });
            }
        }
    }
    doc.mentions
        .sort_by_key(|m| (m.sentence, m.tokens.start, m.tokens.end));
    doc
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::coref::conllu;

    fn parse(spec: &str) -> conllu::Treebank {
        conllu::read(&conllu::compact(spec))
    }

    /// (label, kind, reason) of the candidates of the first sentence.
    fn found(spec: &str, covered: &[&str]) -> Vec<(String, String, String)> {
        let tb = parse(spec);
        let cov: Vec<Range<usize>> = covered
            .iter()
            .map(|w| {
                let at = tb.text.find(w).unwrap();
                at..at + w.len()
            })
            .collect();
        candidates(&tb.text, &tb.sentences[0], &cov, Cues::builtin())
            .into_iter()
            .map(|c| (c.label, c.kind, c.reason.describe()))
            .collect()
    }

    fn t(a: &str, b: &str, c: &str) -> (String, String, String) {
        (a.into(), b.into(), c.into())
    }

    #[test]
    fn titles_cues_and_locatives() {
        // President William Ruto met the Rapid Support Forces in Nyala.
        let spec =
            "President:PROPN:NNP:3:compound William:PROPN:NNP:3:compound Ruto:PROPN:NNP:4:nsubj \
             met:VERB:VBD:0:root the:DET:DT:8:det Rapid:ADJ:JJ:8:amod Support:PROPN:NNP:8:compound \
             Forces:PROPN:NNPS:4:obj in:ADP:IN:10:case Nyala:PROPN:NNP:4:obl .:PUNCT:.:4:punct";
        assert_eq!(
            found(spec, &[]),
            [
                t("William Ruto", "person", "title `President`"),
                t("Rapid Support Forces", "armed-group", "cue `Forces`"),
                t("Nyala", "place", "after `in`"),
            ]
        );
    }

    #[test]
    fn national_forces_of_names_and_registry_cover() {
        // The Sudanese Armed Forces and the Sudan Liberation Movement used the Bank of Kigali.
        let spec = "The:DET:DT:4:det Sudanese:ADJ:JJ:4:amod Armed:PROPN:NNP:4:compound Forces:PROPN:NNPS:10:nsubj \
             and:CCONJ:CC:9:cc the:DET:DT:9:det Sudan:PROPN:NNP:9:compound Liberation:PROPN:NNP:9:compound \
             Movement:PROPN:NNP:4:conj used:VERB:VBD:0:root the:DET:DT:12:det Bank:PROPN:NNP:10:obj \
             of:ADP:IN:14:case Kigali:PROPN:NNP:12:nmod .:PUNCT:.:10:punct";
        assert_eq!(
            found(spec, &["Sudan "]),
            [
                t("Sudanese Armed Forces", "military", "cue `Forces`"),
                t("Sudan Liberation Movement", "armed-group", "cue `Movement`"),
                t("Bank of Kigali", "organization", "cue `Bank`"),
            ]
        );
        // A name inside a registry name is not a candidate.
        assert!(found(spec, &["Sudanese Armed Forces"])
            .iter()
            .all(|c| c.0 != "Sudanese Armed Forces"));
    }

    #[test]
    fn a_french_of_joins_a_name_around_a_registry_name() {
        // The Banque Populaire du Rwanda lent to traders.
        let spec = "The:DET:DT:3:det Banque:PROPN:NNP:3:compound Populaire:PROPN:NNP:6:nsubj \
             du:ADP:IN:5:case Rwanda:PROPN:NNP:3:nmod lent:VERB:VBD:0:root to:ADP:IN:8:case \
             traders:NOUN:NNS:6:obl .:PUNCT:.:6:punct";
        assert_eq!(
            found(spec, &["Rwanda"]),
            [t(
                "Banque Populaire du Rwanda",
                "organization",
                "cue `Banque`"
            )]
        );
    }

    #[test]
    fn a_lower_case_facility_or_group_noun_completes_a_name() {
        // Karen rebels shut the Yadana pipeline.
        let spec = "Karen:PROPN:NNP:2:compound rebels:NOUN:NNS:3:nsubj shut:VERB:VBD:0:root \
             the:DET:DT:6:det Yadana:PROPN:NNP:6:compound pipeline:NOUN:NN:3:obj .:PUNCT:.:3:punct";
        assert_eq!(
            found(spec, &[]),
            [
                t("Karen rebels", "armed-group", "cue `rebels`"),
                t("Yadana pipeline", "facility", "cue `pipeline`"),
            ]
        );
        // Not when the name is the registry's (`M23 rebels` stays M23).
        assert!(found(spec, &["Karen"])
            .iter()
            .all(|c| c.0 != "Karen rebels"));
    }

    #[test]
    fn based_context_person_names_and_non_names() {
        // Goma-based fighters met Ali Musa in January near the town of Rubaya.
        let spec = "Goma-based:ADJ:JJ:2:amod fighters:NOUN:NNS:3:nsubj met:VERB:VBD:0:root \
             Ali:PROPN:NNP:3:obj Musa:PROPN:NNP:4:flat in:ADP:IN:7:case January:PROPN:NNP:3:obl \
             near:ADP:IN:10:case the:DET:DT:10:det town:NOUN:NN:3:obl of:ADP:IN:12:case \
             Rubaya:PROPN:NNP:10:nmod .:PUNCT:.:3:punct";
        assert_eq!(
            found(spec, &[]),
            [
                t("Goma", "place", "`-based`"),
                t("Ali Musa", "person", "a person's name"),
                t("Rubaya", "place", "attached to `town`"),
            ]
        );
        // A lone name with no evidence is not a candidate.
        let spec = "Musa:PROPN:NNP:2:nsubj spoke:VERB:VBD:0:root .:PUNCT:.:2:punct";
        assert!(found(spec, &[]).is_empty());
    }

    #[test]
    fn a_document_merges_acronyms_and_surnames() {
        // The Kachin Independence Army (KIA) met General Tun Myat Naing. Naing said the KIA left.
        let spec = "The:DET:DT:4:det Kachin:PROPN:NNP:4:compound Independence:PROPN:NNP:4:compound \
             Army:PROPN:NNP:8:nsubj (:PUNCT:-LRB-:6:punct KIA:PROPN:NNP:4:appos ):PUNCT:-RRB-:6:punct \
             met:VERB:VBD:0:root General:PROPN:NNP:12:compound Tun:PROPN:NNP:12:compound \
             Myat:PROPN:NNP:12:compound Naing:PROPN:NNP:8:obj .:PUNCT:.:8:punct \
             / Naing:PROPN:NNP:2:nsubj said:VERB:VBD:0:root the:DET:DT:4:det KIA:PROPN:NNP:5:nsubj \
             left:VERB:VBD:2:ccomp .:PUNCT:.:2:punct";
        let tb = parse(spec);
        let doc = document(&tb.text, &tb.sentences, &[], Cues::builtin());
        let actors: Vec<(&str, &str, Option<&str>)> = doc
            .actors
            .iter()
            .map(|a| (a.label.as_str(), a.kind.as_str(), a.acronym.as_deref()))
            .collect();
        assert_eq!(
            actors,
            [
                ("Kachin Independence Army", "armed-group", Some("KIA")),
                ("Tun Myat Naing", "person", None)
            ]
        );
        let mentions: Vec<(usize, &str, usize)> = doc
            .mentions
            .iter()
            .map(|m| (m.sentence, &tb.text[m.bytes.clone()], m.actor))
            .collect();
        assert_eq!(
            mentions,
            [
                (0, "Kachin Independence Army", 0),
                (0, "Tun Myat Naing", 1),
                (1, "Naing", 1),
                (1, "KIA", 0)
            ]
        );
    }

    #[test]
    fn through_the_parser() {
        let text = "President William Ruto met the Rapid Support Forces in Nyala. \
            The Sudanese Armed Forces and the Sudan Liberation Movement used the Bank of Kigali. \
            Goma-based fighters met Ali Musa near the town of Rubaya.";
        let sentences = crate::syntax::Model::builtin().parse(text);
        let covered = vec![Vec::new(); sentences.len()];
        let doc = document(text, &sentences, &covered, Cues::builtin());
        let got: Vec<(&str, &str)> = doc
            .actors
            .iter()
            .map(|a| (a.label.as_str(), a.kind.as_str()))
            .collect();
        assert_eq!(
            got,
            [
                ("William Ruto", "person"),
                ("Rapid Support Forces", "armed-group"),
                ("Nyala", "place"),
                ("Sudanese Armed Forces", "military"),
                ("Sudan Liberation Movement", "armed-group"),
                ("Bank of Kigali", "organization"),
                ("Goma", "place"),
                ("Ali Musa", "person"),
                ("Rubaya", "place"),
            ]
        );
    }

    #[test]
    fn ordinals_particles_hyphens_and_pronouns() {
        // Names of our own making, in the shapes real briefs write them.
        let text =
            "The 9th Brigade fought beside the Harakat Ansar wal Mujahideen and Al-Nasiroun. \
            The envoy told Kenya, \u{201c}You must not do this.\u{201d}";
        let sentences = crate::syntax::Model::builtin().parse(text);
        let covered = vec![Vec::new(); sentences.len()];
        let doc = document(text, &sentences, &covered, Cues::builtin());
        let got: Vec<&str> = doc.actors.iter().map(|a| a.label.as_str()).collect();
        assert!(got.contains(&"9th Brigade"), "{got:?}");
        assert!(got.contains(&"Harakat Ansar wal Mujahideen"), "{got:?}");
        assert!(got.contains(&"Al-Nasiroun"), "{got:?}");
        assert!(
            !got.iter().any(|l| *l == "You" || *l == "Brigade"),
            "{got:?}"
        );
    }

    #[test]
    fn headings_lone_cues_and_common_noun_pairs_are_no_names() {
        let heading = "Regional:PROPN:NNP:2:compound Forces:PROPN:NNPS:3:nsubj \
             Pull:VERB:VBP:0:root Back:ADV:RB:3:advmod";
        assert!(found(heading, &[]).is_empty());
        // The Coalition met Enforcement Mechanism and Digital Networks.
        let spec = "The:DET:DT:2:det Coalition:PROPN:NNP:3:nsubj met:VERB:VBD:0:root \
             Enforcement:PROPN:NNP:5:compound Mechanism:PROPN:NNP:3:obj and:CCONJ:CC:8:cc \
             Digital:PROPN:NNP:8:compound Networks:PROPN:NNPS:5:conj .:PUNCT:.:3:punct";
        assert!(found(spec, &[]).is_empty(), "{:?}", found(spec, &[]));
    }

    #[test]
    fn the_bundled_cues_load_and_bad_kinds_are_reported() {
        assert!(Cues::builtin().cue.contains_key("forces"));
        let err = Cues::from_toml(
            Path::new("c.toml"),
            &BUILTIN_CUES
                .1
                .replace("kind = \"facility\"", "kind = \"facilty\""),
        )
        .unwrap_err()
        .to_string();
        assert!(err.contains("unknown actor kind `facilty`"), "{err}");
    }
}

//! Tokens of one sentence: words, numbers, dates, punctuation and actor
//! mentions, each tagged from the lexicon.
//!
//! Registry names are found beforehand over the whole text (one automaton);
//! this module turns them into actor tokens with their possessive, finds
//! the actors the registry lacks (capitalised names with an organisational
//! cue, people with a title, acronyms the text defines), decides where a
//! demonym stands for its state, resolves `its`, and marks where verb forms
//! and nominalisations start.

use super::dates;
use super::lexicon::{fold, ClassBits, NONE};
use super::segment::Span;
use super::{DocState, Extractor, RawMention};
use crate::registry::NameKind;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Word,
    Num,
    Date,
    Punct(char),
    Actor,
}

pub const CAP: u8 = 1;
pub const LY: u8 = 2;
/// An unknown word ending in -ed or -ing: probably a verb form.
pub const VERBISH: u8 = 4;
/// Looked up in the lexicon already.
const TAGGED: u8 = 8;

/// One token: a byte range of the text and what it is.
#[derive(Clone, Copy, Debug)]
pub struct Tok {
    pub start: usize,
    pub end: usize,
    pub kind: Kind,
    /// Lexicon id of the lower-case word, or [`NONE`].
    pub word: u32,
    pub classes: ClassBits,
    pub flags: u8,
    /// Index into [`Sentence::mentions`] (actors) or [`Sentence::dates`] (dates).
    pub index: u32,
}

impl Tok {
    fn new(start: usize, end: usize, kind: Kind) -> Tok {
        Tok {
            start,
            end,
            kind,
            word: NONE,
            classes: 0,
            flags: 0,
            index: NONE,
        }
    }
    pub fn is_actor(&self) -> bool {
        self.kind == Kind::Actor
    }
    pub fn is_word(&self) -> bool {
        self.kind == Kind::Word
    }
}

/// An actor token's referent and how it stands in the sentence.
#[derive(Clone, Copy, Debug)]
pub struct Mention {
    pub actor: u32,
    pub poss: bool,
    /// Followed by a noun it modifies (`US weapons`, `Israeli strikes`).
    pub modifier: bool,
    /// Absorbed a noun that still means the actor (`Israeli officials`).
    pub agent: bool,
    pub pronoun: bool,
    pub demonym: bool,
}

/// A verb form found at a token: its id and last token.
#[derive(Clone, Copy, Debug)]
pub struct Hit {
    pub id: u32,
    pub last: u32,
}

/// A tokenised sentence.
#[derive(Clone, Debug, Default)]
pub struct Sentence {
    pub span: Option<Span>,
    pub toks: Vec<Tok>,
    pub mentions: Vec<Mention>,
    pub dates: Vec<String>,
    /// Verb forms found (for discovery), and for each token the range of
    /// `hits` that start at it (parallel to `toks`).
    pub hits: Vec<Hit>,
    pub verb_at: Vec<(u32, u32)>,
    /// Indices of the actor tokens.
    pub actor_toks: Vec<u32>,
    /// Capitalised runs the registry did not know (for discovery): token ranges.
    pub unknown_names: Vec<(u32, u32)>,
}

impl Sentence {
    /// Verb forms starting at token `i`, longest first.
    pub fn verbs(&self, i: usize) -> &[Hit] {
        self.verb_at
            .get(i)
            .map_or(&[], |&(a, b)| &self.hits[a as usize..b as usize])
    }
    fn clear(&mut self) {
        self.toks.clear();
        self.mentions.clear();
        self.dates.clear();
        self.hits.clear();
        self.verb_at.clear();
        self.unknown_names.clear();
        self.actor_toks.clear();
    }
    pub fn actor_count(&self) -> usize {
        self.toks.iter().filter(|t| t.is_actor()).count()
    }
    pub fn mention(&self, t: &Tok) -> &Mention {
        &self.mentions[t.index as usize]
    }
}

const IGNORED: &[char] = &['"', '“', '”', '‘', '’', '\'', '«', '»', '*', '_', '`', '#'];

/// Tokenises the sentence `span` of `text`; `mentions` are the registry
/// names found in it, in order.
pub fn tokenize(
    ex: &Extractor,
    doc: &mut DocState,
    text: &str,
    span: Span,
    mentions: &[RawMention],
    s: &mut Sentence,
    full: bool,
) {
    s.clear();
    s.span = Some(span);
    scan(text, span, mentions, s);
    let maybe_date = s.toks.iter().any(|t| {
        t.kind == Kind::Num
            || (t.kind == Kind::Word && dates::month(&text[t.start..t.end]).is_some())
    });
    if maybe_date {
        merge_dates(text, s);
    }
    // Names need only capitalised words and the short words inside names;
    // the rest is looked up only where two actors may be related.
    tag(ex, text, s, |w| {
        w.len() <= 4 || w.starts_with(|c: char| !c.is_lowercase())
    });
    names(ex, doc, text, s);
    if !full && s.actor_count() < 2 {
        return;
    }
    tag(ex, text, s, |_| true);
    roles(ex, doc, text, s);
    heads(ex, s);
}

fn scan(text: &str, span: Span, mentions: &[RawMention], s: &mut Sentence) {
    let bytes = text.as_bytes();
    let mut m = 0;
    let mut i = span.start;
    while i < span.end {
        while m < mentions.len() && mentions[m].start < i {
            m += 1;
        }
        if let Some(rm) = mentions
            .get(m)
            .filter(|rm| rm.start == i && rm.end <= span.end)
        {
            let (end, poss) = possessive(text, rm.end, span.end);
            s.toks.push(Tok {
                index: s.mentions.len() as u32,
                ..Tok::new(i, end, Kind::Actor)
            });
            s.mentions.push(Mention {
                actor: rm.actor,
                poss,
                modifier: false,
                agent: false,
                pronoun: false,
                demonym: rm.kind == NameKind::Demonym,
            });
            // `fighting in Khartoum`: a seat after a locative preposition is the place.
            if rm.kind == NameKind::Metonym && after_locative(text, &s.toks) {
                let t = s.toks.last_mut().expect("just pushed");
                t.kind = Kind::Word;
                t.flags |= CAP;
                s.mentions.pop();
            }
            i = end;
            continue;
        }
        let b = bytes[i];
        if b == b' ' || b == b'\n' {
            i += 1;
            continue;
        }
        let c = if b < 0x80 {
            b as char
        } else {
            text[i..].chars().next().unwrap_or(' ')
        };
        let len = c.len_utf8();
        if c.is_whitespace() || IGNORED.contains(&c) {
            i += len;
            continue;
        }
        if c.is_alphabetic() {
            let end = word_end(text, i, span.end, mentions.get(m).map(|rm| rm.start));
            s.toks.push(Tok::new(i, end, Kind::Word));
            // A possessive on a plain word is dropped: `the countries’ `.
            let (after, _) = possessive(text, end, span.end);
            i = after;
            continue;
        }
        if c.is_ascii_digit() || (matches!(c, '$' | '€' | '£') && next_is_digit(bytes, i + len))
        {
            let mut j = i + len;
            while j < span.end {
                let b = bytes[j];
                if b.is_ascii_alphanumeric()
                    || (matches!(b, b'.' | b',' | b'%') && next_is_digit(bytes, j + 1))
                    || b == b'%'
                {
                    j += 1;
                } else if text[j..].starts_with('–')
                    && text[j + 3..].starts_with(|c: char| c == '$' || c.is_ascii_digit())
                {
                    j += 3;
                } else {
                    break;
                }
            }
            s.toks.push(Tok::new(i, j, Kind::Num));
            i = j;
            continue;
        }
        let p = match c {
            c if is_hyphen(c) => {
                let before = text[..i]
                    .chars()
                    .next_back()
                    .is_some_and(|c| !c.is_whitespace());
                let after = text[i + len..]
                    .chars()
                    .next()
                    .is_some_and(|c| !c.is_whitespace());
                if before && after {
                    '-'
                } else {
                    '—'
                }
            }
            '[' | '{' => '(',
            ']' | '}' => ')',
            '…' => '.',
            c => c,
        };
        s.toks.push(Tok::new(i, i + len, Kind::Punct(p)));
        i += len;
    }
}

/// Whether the token before the last one is a locative preposition.
fn after_locative(text: &str, toks: &[Tok]) -> bool {
    let n = toks.len();
    n >= 2 && toks[n - 2].kind == Kind::Word && {
        let w = fold(&text[toks[n - 2].start..toks[n - 2].end]);
        matches!(
            w.as_str(),
            "in" | "at"
                | "near"
                | "inside"
                | "outside"
                | "around"
                | "across"
                | "throughout"
                | "into"
                | "through"
        )
    }
}

fn next_is_digit(bytes: &[u8], i: usize) -> bool {
    bytes.get(i).is_some_and(u8::is_ascii_digit)
}

/// The end of the word starting at `i`: letters and digits, with inner
/// hyphens, apostrophes (`don't`) and full stops (`e.g`) when a letter follows.
fn word_end(text: &str, i: usize, end: usize, next_mention: Option<usize>) -> usize {
    // ASCII letters and digits first, byte by byte.
    let bytes = text.as_bytes();
    let mut k = i;
    while k < end && bytes[k].is_ascii_alphanumeric() {
        k += 1;
    }
    if k == end || !matches!(bytes[k], b'-' | b'\'' | b'.' | 0x80..) {
        return k;
    }
    let mut j = i;
    let mut chars = text[i..end].char_indices().peekable();
    while let Some((off, c)) = chars.next() {
        let at = i + off;
        if c.is_alphanumeric() {
            j = at + c.len_utf8();
            continue;
        }
        let next = chars.peek().map(|&(_, n)| n);
        let joins = match c {
            '-' | '‐' => {
                next.is_some_and(char::is_alphanumeric) && next_mention != Some(at + c.len_utf8())
            }
            '\'' | '’' => {
                // `'s` ending the word is a possessive, not part of it.
                let rest = &text[at + c.len_utf8()..end];
                next.is_some_and(char::is_alphabetic)
                    && (!rest.starts_with('s') || rest[1..].starts_with(char::is_alphanumeric))
            }
            '.' => next.is_some_and(char::is_alphabetic) && j - i <= 2,
            _ => false,
        };
        if !joins {
            break;
        }
    }
    j
}

/// Skips a possessive after byte `end`: `'s`, `’s`, or a bare apostrophe
/// after an `s`. Returns the new end and whether there was one.
fn possessive(text: &str, end: usize, limit: usize) -> (usize, bool) {
    let rest = &text[end..limit];
    for apo in ["'", "’"] {
        if let Some(after) = rest.strip_prefix(apo) {
            if after.starts_with('s') && !after[1..].starts_with(char::is_alphanumeric) {
                return (end + apo.len() + 1, true);
            }
            if text[..end].ends_with('s') && !after.starts_with(char::is_alphanumeric) {
                return (end + apo.len(), true);
            }
        }
    }
    (end, false)
}

/// Merges date expressions into single `Date` tokens, with the preposition
/// that governs them (`since October 7, 2023`).
fn merge_dates(text: &str, s: &mut Sentence) {
    let toks = std::mem::take(&mut s.toks);
    let word = |t: &Tok| &text[t.start..t.end];
    let mut out: Vec<Tok> = Vec::with_capacity(toks.len());
    let mut i = 0;
    while i < toks.len() {
        let t = toks[i];
        let at = |k: usize| {
            toks.get(k)
                .filter(|t| matches!(t.kind, Kind::Word | Kind::Num))
        };
        let mut found: Option<(usize, String)> = None;
        if t.kind == Kind::Word {
            if let Some(m) = dates::month(word(&t)) {
                // Month Day, Year | Month Year
                let d = at(i + 1).and_then(|t| dates::day(word(t)));
                if let Some(d) = d {
                    let mut k = i + 2;
                    if toks.get(k).is_some_and(|t| t.kind == Kind::Punct(',')) {
                        k += 1;
                    }
                    if let Some(y) = at(k).and_then(|t| dates::year(word(t))) {
                        found = Some((k, dates::point(y, Some(m), Some(d))));
                    }
                } else if let Some(y) = at(i + 1).and_then(|t| dates::year(word(t))) {
                    found = Some((i + 1, dates::point(y, Some(m), None)));
                }
            }
        } else if t.kind == Kind::Num {
            if let Some(d) = dates::day(word(&t)) {
                if let (Some(m), Some(y)) = (
                    at(i + 1).and_then(|t| dates::month(word(t))),
                    at(i + 2).and_then(|t| dates::year(word(t))),
                ) {
                    found = Some((i + 2, dates::point(y, Some(m), Some(d))));
                }
            }
            if found.is_none() {
                let prev = out
                    .last()
                    .filter(|p| p.kind == Kind::Word)
                    .map(|p| fold(word(p)));
                let governed = prev.as_deref().is_some_and(|p| {
                    matches!(
                        p,
                        "in" | "since"
                            | "by"
                            | "until"
                            | "during"
                            | "from"
                            | "between"
                            | "after"
                            | "before"
                            | "through"
                            | "the"
                    )
                });
                if let Some(y) = dates::year(word(&t)).filter(|_| governed) {
                    // `between 2012 and 2013`, `from 2012 to 2013`
                    let range_end = (matches!(prev.as_deref(), Some("between") | Some("from"))
                        && at(i + 1)
                            .is_some_and(|t| matches!(fold(word(t)).as_str(), "and" | "to")))
                    .then(|| at(i + 2).and_then(|t| dates::year(word(t))))
                    .flatten();
                    found = Some(match range_end {
                        Some(y2) if y2 >= y => (i + 2, format!("{y:04}/{y2:04}")),
                        _ => (i, dates::point(y, None, None)),
                    });
                } else if let Some((a, b)) = dates::decade(word(&t)).filter(|_| governed) {
                    found = Some((i, format!("{a:04}/{b:04}")));
                }
            }
        }
        match found {
            Some((last, mut value)) => {
                let mut start = t.start;
                // Absorb the governing preposition (and `the` of `the 1980s`).
                if out
                    .last()
                    .is_some_and(|p| p.kind == Kind::Word && fold(word(p)) == "the")
                {
                    start = out.pop().map_or(start, |p| p.start);
                }
                if let Some(p) = out.last().filter(|p| p.kind == Kind::Word) {
                    let prep = fold(word(p));
                    if matches!(
                        prep.as_str(),
                        "on" | "in"
                            | "since"
                            | "by"
                            | "until"
                            | "till"
                            | "during"
                            | "from"
                            | "between"
                            | "after"
                            | "before"
                            | "through"
                    ) {
                        if !value.contains('/') {
                            value = dates::govern(Some(&prep), value);
                        }
                        start = p.start;
                        out.pop();
                    }
                }
                s.dates.push(value);
                out.push(Tok {
                    index: s.dates.len() as u32 - 1,
                    ..Tok::new(start, toks[last].end, Kind::Date)
                });
                i = last + 1;
            }
            None => {
                out.push(t);
                i += 1;
            }
        }
    }
    s.toks = out;
}

/// Looks words up in the lexicon.
fn tag(ex: &Extractor, text: &str, s: &mut Sentence, want: impl Fn(&str) -> bool) {
    let mut buf = String::with_capacity(32);
    for t in &mut s.toks {
        if t.kind != Kind::Word || t.flags & TAGGED != 0 {
            continue;
        }
        let w = &text[t.start..t.end];
        if !want(w) {
            continue;
        }
        t.flags |= TAGGED;
        if w.starts_with(|c: char| c.is_uppercase()) || w.contains("-A") || is_prefixed_name(w) {
            t.flags |= CAP;
        }
        let lower = if w.bytes().all(|b| b.is_ascii_lowercase() || b == b'-') {
            w
        } else {
            buf.clear();
            if w.is_ascii() {
                buf.push_str(w);
                buf.make_ascii_lowercase();
            } else {
                buf.push_str(&fold(w));
            }
            buf.as_str()
        };
        if lower.len() > 4 && lower.ends_with("ly") {
            t.flags |= LY;
        }
        t.word = ex.lex.id(lower);
        if let Some(e) = ex.lex.entry(t.word) {
            t.classes = e.classes;
        } else if lower.len() > 4 && (lower.ends_with("ed") || lower.ends_with("ing")) {
            t.flags |= VERBISH;
        }
    }
}

/// `al-Nur`, `bin-Salman`: a lower-case particle before a capitalised name.
fn is_prefixed_name(w: &str) -> bool {
    w.split_once('-')
        .is_some_and(|(a, b)| a.len() <= 3 && b.starts_with(|c: char| c.is_uppercase()))
}

/// Finds the actors the registry lacks: names the text defined earlier
/// (acronyms, surnames, candidates), people with a title, capitalised names
/// with an organisational cue, and acronyms defined in parentheses.
fn names(ex: &Extractor, doc: &mut DocState, text: &str, s: &mut Sentence) {
    let word = |t: &Tok| &text[t.start..t.end];
    // A heading ("Regional Forces Pull Back") names no actor by its capitals.
    let heading = s.span.is_some_and(|sp| {
        !text[sp.start..sp.end]
            .trim_end()
            .ends_with(['.', '!', '?', '"', '\u{201d}', '\u{2019}', ')', ':', ';'])
    });
    let n = s.toks.len();
    let func = ex.function_bits;
    let title_bit = ex.k.title;
    let title_mod_bit = ex.k.title_mod;
    let connector = ex.k.connector;
    let is_cap = |t: &Tok| t.kind == Kind::Word && t.flags & CAP != 0;
    let mut i = 0;
    let mut replace: Vec<(usize, usize, u32)> = Vec::new();
    while i < n {
        let t = s.toks[i];
        // A registry actor followed by `(ACR)` defines ACR for this text.
        if t.is_actor() {
            let actor = s.mentions[t.index as usize].actor;
            if let Some(acr) = paren_acronym(text, &s.toks, i + 1) {
                doc.define_alias(&acr, actor);
            }
            doc.note_heads(ex, actor);
            i += 1;
            continue;
        }
        if !is_cap(&t) {
            i += 1;
            continue;
        }
        // The run of capitalised words (with connectors) starting here.
        let mut j = i + 1;
        while j < n {
            if is_cap(&s.toks[j]) {
                j += 1;
            } else if s.toks[j].classes & connector != 0 && j + 1 < n && is_cap(&s.toks[j + 1]) {
                j += 2;
            } else {
                break;
            }
        }
        let run = &s.toks[i..j];
        // `the Corps`: the head word of a name the text used before.
        let after_the = i > 0 && s.toks[i - 1].is_word() && fold(word(&s.toks[i - 1])) == "the";
        if j == i + 1 && after_the {
            if let Some(actor) = doc.head(word(&t)) {
                replace.push((i, j, actor));
                i = j;
                continue;
            }
        }
        // A name the text already defined: the run without leading
        // function words (`The AES`), or one capitalised word of it.
        let lead = run
            .iter()
            .take_while(|t| t.classes & func != 0 && t.classes & (title_bit | title_mod_bit) == 0)
            .count();
        if lead < run.len() {
            let surface = &text[run[lead].start..run[run.len() - 1].end];
            if let Some(actor) = doc.alias(surface) {
                replace.push((i + lead, j, actor));
                i = j;
                continue;
            }
        }
        if let Some(k) = (i..j).find(|&k| doc.alias(word(&s.toks[k])).is_some()) {
            let actor = doc.alias(word(&s.toks[k])).expect("found above");
            replace.push((k, k + 1, actor));
            i = k + 1;
            continue;
        }
        // Title + name: a person.
        let titles = run
            .iter()
            .take_while(|t| {
                t.classes & (title_bit | title_mod_bit) != 0 || (t.classes & connector != 0)
            })
            .count();
        let has_title = run[..titles].iter().any(|t| t.classes & title_bit != 0);
        if has_title && titles < run.len() {
            let name = &run[titles..];
            let name = &name[..name.len().min(4)];
            let ok = name.iter().all(|t| {
                t.classes & (func | title_bit) == 0
                    && ex.lex.entry(t.word).is_none_or(|e| e.verbs.is_empty())
            });
            if ok {
                let label = &text[name[0].start..name[name.len() - 1].end];
                let actor = doc.candidate(label, "person");
                let last = word(&name[name.len() - 1]);
                if name.len() > 1 && last.chars().count() >= 3 {
                    doc.define_alias(last, actor);
                }
                replace.push((i + titles, i + titles + name.len(), actor));
                i = i + titles + name.len();
                continue;
            }
        }
        // Capitalised name with a cue (and maybe a state or demonym before it).
        let mut k = i;
        while k < j
            && (s.toks[k].classes & func != 0
                || ex
                    .lex
                    .entry(s.toks[k].word)
                    .is_some_and(|e| !e.verbs.is_empty() && e.cue.is_none()))
        {
            k += 1;
        }
        let run = &s.toks[k..j];
        let cue = run
            .iter()
            .rev()
            .find_map(|t| ex.lex.entry(t.word).and_then(|e| e.cue.clone()));
        let acronym = paren_acronym(text, &s.toks, j);
        let prefix = (k == i
            && i > 0
            && s.toks[i - 1].is_actor()
            && !s.mentions[s.toks[i - 1].index as usize].poss)
            .then(|| i - 1);
        let words = run.len() + usize::from(prefix.is_some());
        if !heading && !run.is_empty() && words >= 2 && (cue.is_some() || acronym.is_some()) {
            let from = prefix.unwrap_or(k);
            let label = &text[s.toks[from].start..s.toks[j - 1].end];
            let kind = cue.unwrap_or_else(|| "organization".to_string());
            let actor = doc.candidate(label, &kind);
            if let Some(acr) = acronym {
                doc.define_alias(&acr, actor);
            }
            replace.push((from, j, actor));
        } else if !run.is_empty() && (k > 0 || run.len() > 1) {
            match bare_name_kind(ex, text, s, k, j, heading) {
                Some(kind) => {
                    let label = &text[s.toks[k].start..s.toks[j - 1].end];
                    let actor = doc.weak_candidate(label, kind);
                    replace.push((k, j, actor));
                }
                None => s.unknown_names.push((k as u32, j as u32)),
            }
        }
        i = j.max(i + 1);
    }
    // Replace runs by actor tokens (right to left keeps indices valid).
    for (from, to, actor) in replace.into_iter().rev() {
        let (end, poss) = possessive(
            text,
            s.toks[to - 1].end,
            s.span.map_or(text.len(), |sp| sp.end),
        );
        let tok = Tok {
            index: s.mentions.len() as u32,
            ..Tok::new(s.toks[from].start, end, Kind::Actor)
        };
        s.mentions.push(Mention {
            actor,
            poss,
            modifier: false,
            agent: false,
            pronoun: false,
            demonym: false,
        });
        s.toks.splice(from..to, [tok]);
        // A possessive swallowed a following token? It was skipped by scan.
        shift_unknown(&mut s.unknown_names, from, to);
    }
    drop_acronym_parens(text, s);
}

/// Whether the capitalised run `toks[k..j]`, which has no cue and no
/// title, stands where a name would (a proper noun, not an adjective or a
/// heading word), and the kind to give it: a place after a locative
/// preposition or when one word, a person when two or three words, else an
/// organisation. `None` leaves it to `--discover`.
fn bare_name_kind(
    ex: &Extractor,
    text: &str,
    s: &Sentence,
    k: usize,
    j: usize,
    heading: bool,
) -> Option<&'static str> {
    if heading {
        return None;
    }
    let run = &s.toks[k..j];
    let func = ex.function_bits;
    let word = |t: &Tok| &text[t.start..t.end];
    // Every word a capitalised word the lexicon does not know as a
    // function word or a verb.
    let plain = run.iter().all(|t| {
        t.kind == Kind::Word
            && t.flags & CAP != 0
            && word(t)
                .chars()
                .all(|c| c.is_alphabetic() || c == '-' || c == '\'')
            && (t.classes & func == 0 || ex.k.connector & t.classes != 0)
            && ex
                .lex
                .entry(t.word)
                .is_none_or(|e| e.verbs.is_empty() && e.noms.is_empty())
    });
    if !plain || run.first().is_some_and(|t| t.classes & func != 0) {
        return None;
    }
    // Titles alone name no one (`Presidents` of `Presidents Kenyatta and
    // Tshisekedi`).
    let cues = super::candidates::Cues::builtin();
    if run
        .iter()
        .all(|t| cues.is_title_or_plural(&word(t).to_lowercase()))
    {
        return None;
    }
    if run.len() == 1 {
        // Group adjectives, compass words, months ("Arab", "Western"), and
        // plural demonyms and nationality adjectives ("Palestinians", "Congolese").
        let w = fold(word(&run[0]));
        let demonym = ["ans", "ese", "ish", "ians"]
            .iter()
            .any(|suf| w.ends_with(suf) && w.len() > suf.len() + 2);
        // A cue word alone (`Brigade`, `Council`) names no one.
        let cue = ex.lex.entry(run[0].word).is_some_and(|e| e.cue.is_some());
        if run[0].classes & ex.k.not_name != 0 || demonym || cue {
            return None;
        }
    }
    // A capitalised word before a lower-case noun is a modifier ("Houthi
    // targets", "Arab allies"); before a verb it is a subject.
    if let Some(next) = s.toks.get(j) {
        if next.kind == Kind::Word
            && next.flags & CAP == 0
            && next.classes & func == 0
            && ex.lex.entry(next.word).is_none_or(|e| e.verbs.is_empty())
        {
            return None;
        }
    }
    // A name the registry gives a meaning of its own (a metonym read as a
    // place after `in`) is not a new actor.
    let label = &text[run[0].start..run[run.len() - 1].end];
    if ex.registry().resolve(label).is_some() {
        return None;
    }
    let locative = k > 0 && {
        let prev = fold(word(&s.toks[k - 1]));
        [
            "in", "into", "from", "near", "at", "toward", "towards", "outside", "around", "across",
            "inside", "through", "to", "of",
        ]
        .contains(&prev.as_str())
    };
    Some(match run.len() {
        _ if locative => "place",
        1 => "place",
        2 | 3 => "person",
        _ => "organization",
    })
}

fn shift_unknown(unknown: &mut [(u32, u32)], from: usize, to: usize) {
    let removed = (to - from - 1) as u32;
    for r in unknown.iter_mut() {
        if r.0 as usize >= to {
            r.0 -= removed;
            r.1 -= removed;
        }
    }
}

/// `( ACR )` at token `i`: an all-capitals word of 2–8 letters or digits.
fn paren_acronym(text: &str, toks: &[Tok], i: usize) -> Option<String> {
    let (open, w, close) = (toks.get(i)?, toks.get(i + 1)?, toks.get(i + 2)?);
    if open.kind != Kind::Punct('(') || close.kind != Kind::Punct(')') {
        return None;
    }
    if w.kind != Kind::Word {
        return None;
    }
    let a = &text[w.start..w.end];
    let ok = (2..=8).contains(&a.len())
        && a.starts_with(|c: char| c.is_ascii_uppercase())
        && a.chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '-')
        && a.chars().filter(char::is_ascii_uppercase).count() >= 2;
    ok.then(|| a.to_string())
}

/// Drops a parenthesis of at most three tokens right after an actor when it
/// holds no other actor: `CENTCOM (CENTCOM)`, `Resolution 2803 (2025)`.
fn drop_acronym_parens(text: &str, s: &mut Sentence) {
    let mut i = 0;
    while i + 2 < s.toks.len() {
        if s.toks[i].is_actor() && s.toks[i + 1].kind == Kind::Punct('(') {
            let actor = s.mentions[s.toks[i].index as usize].actor;
            let close =
                (i + 2..s.toks.len().min(i + 5)).find(|&k| s.toks[k].kind == Kind::Punct(')'));
            if let Some(close) = close {
                let inner = &s.toks[i + 2..close];
                let same = inner.iter().all(|t| match t.kind {
                    Kind::Actor => s.mentions[t.index as usize].actor == actor,
                    Kind::Num | Kind::Date => true,
                    Kind::Word => {
                        let w = &text[t.start..t.end];
                        w.chars()
                            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '-')
                    }
                    Kind::Punct(_) => false,
                });
                if same && !inner.is_empty() {
                    s.toks.drain(i + 1..=close);
                    let removed = (close - i) as u32;
                    for r in s.unknown_names.iter_mut() {
                        if r.0 as usize > close {
                            r.0 -= removed;
                            r.1 -= removed;
                        }
                    }
                    s.unknown_names
                        .retain(|r| !(r.0 as usize > i && (r.0 as usize) <= close));
                }
            }
        }
        i += 1;
    }
}

/// Agent nouns, modifiers, demonyms that stand for their state, and `its`.
fn roles(ex: &Extractor, doc: &DocState, text: &str, s: &mut Sentence) {
    let agent = ex.k.agent;
    let control = ex.k.control;
    let facility = ex.k.facility;
    let intent = ex.k.intent;
    let holding = ex.k.holding;
    let conj = ex.k.conj;
    let pronoun = ex.k.pronoun;
    let func = ex.function_bits;
    // Whether a nominalisation starts at token `k` (all its words present).
    let nominal_at = |toks: &[Tok], k: usize| -> bool {
        let Some(t) = toks.get(k).filter(|t| t.kind == Kind::Word) else {
            return false;
        };
        ex.lex.entry(t.word).is_some_and(|e| {
            e.noms.iter().any(|&f| {
                let words = &ex.lex.nom_forms[f as usize].words;
                words[1..].iter().enumerate().all(|(i, &w)| {
                    toks.get(k + 1 + i)
                        .is_some_and(|t| t.kind == Kind::Word && t.word == w)
                })
            })
        })
    };
    // A noun the actor may modify: not a function word, adverb or verb form
    // (unknown -ed and -ing words are taken for verbs: `Israel accessing`).
    let plain = |t: &Tok| {
        t.kind == Kind::Word
            && t.classes & func == 0
            && t.flags & (LY | VERBISH) == 0
            && ex
                .lex
                .entry(t.word)
                .is_none_or(|e| e.verbs.is_empty() || !e.noms.is_empty())
    };
    // Agent nouns join the actor: `Israeli officials`, `Hamas fighters`.
    let mut i = 0;
    while i < s.toks.len() {
        if s.toks[i].is_actor() && !s.mention(&s.toks[i]).poss {
            if let Some(next) = s.toks.get(i + 1).copied() {
                if next.kind == Kind::Word && next.classes & agent != 0 {
                    s.toks[i].end = next.end;
                    let m = s.toks[i].index as usize;
                    s.mentions[m].agent = true;
                    s.toks.remove(i + 1);
                }
            }
        }
        i += 1;
    }
    // Modifiers and demonyms, right to left so `Israeli and American officials` works.
    let n = s.toks.len();
    let mut qualified = vec![false; n];
    for i in (0..n).rev() {
        let t = s.toks[i];
        if !t.is_actor() {
            continue;
        }
        let m = s.mentions[t.index as usize];
        let next = s.toks.get(i + 1);
        let nom_next = nominal_at(&s.toks, i + 1);
        // An actor before a nominalisation heads it (`limit Israeli violence`).
        let modifier = !m.poss
            && !m.agent
            && !nom_next
            && (next.is_some_and(|n| plain(n) || (n.kind == Kind::Word && n.flags & CAP != 0))
                || (next.is_some_and(|n| n.kind == Kind::Punct('-'))
                    && s.toks.get(i + 2).is_some_and(|n| n.kind == Kind::Word)));
        s.mentions[t.index as usize].modifier = modifier;
        if !m.demonym {
            qualified[i] = true;
            continue;
        }
        let after = |k: usize| s.toks.get(i + k);
        let name = &text[t.start..t.end];
        // A demonym used as a noun names its state: a plural (`the
        // Iranians`, `the Saudis`) or `the French` with no noun after it.
        let plural = name.ends_with("ns") || name.ends_with("is");
        let as_noun = i > 0
            && s.toks[i - 1].kind == Kind::Word
            && s.toks[i - 1].word == ex.k.the
            && next.is_none_or(|n| {
                matches!(n.kind, Kind::Punct(_))
                    || (n.kind == Kind::Word && !plain(n) && n.flags & CAP == 0)
            });
        let q = m.agent
            || m.poss
            || nom_next
            || plural
            || as_noun
            || next.is_some_and(|n| n.classes & (control | facility | intent | holding) != 0)
            // `Chinese supply depots`, `Vietnamese fishing boats`.
            || (next.is_some_and(|n| {
                (plain(n) || (n.kind == Kind::Word && text[n.start..n.end].ends_with("ing")))
                    && n.flags & CAP == 0
            }) && after(2).is_some_and(|n| n.classes & (facility | agent | holding) != 0))
            || (next.is_some_and(plain) && nominal_at(&s.toks, i + 2))
            // A noun of the tree rules' lexicon (`Emirati loans`, `Russian bases`).
            || next.is_some_and(|n| n.kind == Kind::Word && ex.trees.is_noun(&text[n.start..n.end]))
            || (next.is_some_and(|n| n.kind == Kind::Punct('-'))
                && after(2).is_some_and(|n| {
                    ex.lex
                        .entry(n.word)
                        .is_some_and(|e| e.verbs.iter().any(|&f| ex.lex.forms[f as usize].pp))
                }))
            || (i >= 2 && s.toks[i - 1].kind == Kind::Punct('-') && s.toks[i - 2].is_actor())
            // The first of a hyphenated pair (`Turkish-Qatari ties`).
            || (next.is_some_and(|n| n.kind == Kind::Punct('-'))
                && after(2).is_some_and(|n| n.is_actor())
                && qualified.get(i + 2).copied().unwrap_or(false))
            || (next.is_some_and(|n| n.classes & conj != 0 || n.kind == Kind::Punct(','))
                && after(2).is_some_and(|n| n.is_actor())
                && qualified.get(i + 2).copied().unwrap_or(false));
        qualified[i] = q;
        if !q {
            s.toks[i].kind = Kind::Word;
            s.toks[i].flags |= CAP;
        }
    }
    // `X said (that) it …`, `X denied that it …`: `it` is the speaker.
    let report = ex.k.report | ex.k.deny;
    let it = ex.k.it;
    for i in 2..s.toks.len() {
        if s.toks[i].kind != Kind::Word || s.toks[i].word != it {
            continue;
        }
        let mut k = i - 1;
        if s.toks[k].word == ex.k.that {
            k -= 1;
        }
        if k == 0 || s.toks[k].kind != Kind::Word || s.toks[k].classes & report == 0 {
            continue;
        }
        let speaker = (k.saturating_sub(3)..k)
            .rev()
            .find(|&j| s.toks[j].is_actor());
        if let Some(j) = speaker {
            let actor = s.mentions[s.toks[j].index as usize].actor;
            s.toks[i].kind = Kind::Actor;
            s.toks[i].index = s.mentions.len() as u32;
            s.mentions.push(Mention {
                actor,
                poss: false,
                modifier: false,
                agent: false,
                pronoun: true,
                demonym: false,
            });
        }
    }
    // `its`: the last possessive agent before it, or else the first agent.
    for i in 0..s.toks.len() {
        let t = s.toks[i];
        if t.kind != Kind::Word || t.classes & pronoun == 0 {
            continue;
        }
        let is_agent = |t: &Tok| {
            t.is_actor() && {
                let m = &s.mentions[t.index as usize];
                !m.pronoun && ex.is_agent_kind(&doc.actor(m.actor).kind)
            }
        };
        let before = &s.toks[..i];
        let antecedent = before
            .iter()
            .rev()
            .find(|t| is_agent(t) && s.mentions[t.index as usize].poss)
            .or_else(|| {
                before
                    .iter()
                    .find(|t| is_agent(t) && !s.mentions[t.index as usize].modifier)
            })
            .or_else(|| before.iter().find(|t| is_agent(t)));
        if let Some(a) = antecedent {
            let actor = s.mentions[a.index as usize].actor;
            s.toks[i].kind = Kind::Actor;
            s.toks[i].index = s.mentions.len() as u32;
            s.mentions.push(Mention {
                actor,
                poss: true,
                modifier: false,
                agent: false,
                pronoun: true,
                demonym: false,
            });
        }
    }
}

/// Where verb forms start, allowing a few words inside a multi-word form
/// (`withdraw some troops from`).
fn heads(ex: &Extractor, s: &mut Sentence) {
    let n = s.toks.len();
    let mentions = &s.mentions;
    let gap_ok = |t: &Tok| {
        matches!(t.kind, Kind::Word | Kind::Num | Kind::Date)
            || (t.kind == Kind::Actor && mentions[t.index as usize].pronoun)
    };
    for i in 0..n {
        let t = s.toks[i];
        if t.is_actor() {
            s.actor_toks.push(i as u32);
        }
        let at = s.hits.len() as u32;
        s.verb_at.push((at, at));
        if t.kind != Kind::Word {
            continue;
        }
        let Some(e) = ex.lex.entry(t.word) else {
            continue;
        };
        for &f in &e.verbs {
            let form = &ex.lex.forms[f as usize];
            let mut p = i;
            let mut total_gap = 0;
            let mut ok = true;
            for &w in &form.words[1..] {
                let found = (p + 1..n.min(p + 5))
                    .find(|&q| s.toks[q].word == w && s.toks[q].kind == Kind::Word);
                match found {
                    Some(q)
                        if s.toks[p + 1..q].iter().all(gap_ok) && total_gap + (q - p - 1) <= 4 =>
                    {
                        total_gap += q - p - 1;
                        p = q;
                    }
                    _ => {
                        ok = false;
                        break;
                    }
                }
            }
            if ok {
                s.hits.push(Hit {
                    id: f,
                    last: p as u32,
                });
            }
        }
        s.verb_at[i].1 = s.hits.len() as u32;
    }
}

/// A hyphen as it joins two words without spaces (`Egyptian–Sudanese`,
/// `UAE‑backed`): ASCII, U+2010, the non-breaking U+2011 and the en dash
/// briefs often use instead. Not the em dash, which sets a phrase apart.
pub(crate) fn is_hyphen(c: char) -> bool {
    matches!(c, '-' | '‐' | '‑' | '–')
}

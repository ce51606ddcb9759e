//! Rule-based extraction of actors and relations from brief text.
//!
//! A brief (plain text or Markdown, with an optional `title:`/`source:`
//! header ended by `---`) goes through these steps, none of which does I/O:
//!
//! 1. [`segment`]: sentences, with byte offsets into the body;
//! 2. one Aho-Corasick automaton finds every registry name in the body;
//! 3. [`tokens`]: each sentence becomes tokens: words, numbers, dates,
//!    punctuation and actor mentions (with possessives, text-defined
//!    acronyms, candidates, demonyms that stand for their state, `its`);
//! 4. [`mentions`]: every sentence that may name two actors is parsed
//!    ([`crate::syntax`]), candidates and anaphors ([`coref`]) found;
//! 5. [`tree`]: the tree rules of [`rules`] are matched on the parsed
//!    sentences naming two actors or more;
//! 6. each match becomes a relation with polarity, attribution, date,
//!    context and evidence (sentence number, character span, quote, rule).
//!
//! ```
//! use briefgraph::extract::Extractor;
//!
//! let ex = Extractor::builtin();
//! let out = ex.extract("demo", "On 3 May 2024, Egypt urged Israel to reopen the crossing.");
//! let r = &out.relations[0];
//! assert_eq!((r.source.as_str(), r.class.as_str(), r.target.as_str()), ("egypt", "REQUEST", "israel"));
//! assert_eq!(r.date.as_deref(), Some("2024-05-03"));
//! ```

pub mod candidates;
pub mod coref;
pub mod dates;
pub mod discover;
pub mod explain;
pub mod lexicon;
pub mod mentions;
pub mod rules;
pub mod segment;
pub mod tokens;
pub mod tree;

use crate::error::{Error, Result};
use crate::graph::{BriefGraph, GraphBuilder};
use crate::model::{Actor, Evidence, Origin, Polarity, Relation, Source};
use crate::registry::{NameKind, Registry};
use crate::vocabulary::Vocabulary;
use aho_corasick::{AhoCorasick, MatchKind};
use lexicon::{FxMap, FxSet, Lexicon};
use rules::Rules;
use std::collections::{BTreeMap, HashSet};
use tokens::{Kind, Sentence};

/// An actor the extractor can name: a registry entry or a candidate.
#[derive(Clone, Debug)]
pub struct ActorDef {
    pub id: String,
    pub label: String,
    pub kind: String,
}

/// How a registry mention names a person (see `Extractor::person_naming`).
#[derive(Clone, Copy, Debug, PartialEq)]
enum Naming {
    Namesake,
    Other,
}

/// A registry name found in the text.
#[derive(Clone, Copy, Debug)]
pub struct RawMention {
    pub start: usize,
    pub end: usize,
    pub actor: u32,
    pub kind: NameKind,
}

/// The extractor: registry, vocabulary and rules compiled for matching.
pub struct Extractor {
    registry: Registry,
    actors: Vec<ActorDef>,
    names: Option<AhoCorasick>,
    name_info: Vec<(u32, NameKind)>,
    pub(crate) lex: Lexicon,
    pub(crate) k: lexicon::Known,
    rules: Rules,
    abbreviations: HashSet<String>,
    agent_kinds: Vec<String>,
    pub(crate) function_bits: lexicon::ClassBits,
    /// The tree rules and their lexicon.
    trees: tree::Trees,
    /// The parser the tree rules run on (the built-in model unless
    /// [`Extractor::with_parser`] gives another).
    parser: std::sync::Arc<dyn tree::Parse>,
    /// Per registry entry: the state a head of state or government leads.
    leads: Vec<Option<u32>>,
    /// Per registry entry: a state's armed forces, when the registry has them
    /// (found by their aliases: `Malian army` of the Malian Armed Forces).
    military_of: Vec<Option<u32>>,
}

/// What one brief gave.
#[derive(Clone, Debug)]
pub struct Extraction {
    pub source: Source,
    /// Actors of the relations, and every candidate found, in first-mention order.
    pub actors: Vec<Actor>,
    pub relations: Vec<Relation>,
    pub sentences: usize,
    pub findings: Vec<discover::Finding>,
}

/// Per-document state: candidates and the names the text defines.
pub struct DocState<'e> {
    base: &'e [ActorDef],
    extra: Vec<ActorDef>,
    aliases: FxMap<String, u32>,
    added: BTreeMap<u32, Vec<String>>,
    by_label: FxMap<String, u32>,
    /// Head words of multi-word names seen so far (`Corps` for the US Army
    /// Corps of Engineers), for `the Corps`; `None` when two actors share one.
    heads: FxMap<String, Option<u32>>,
    noted: std::collections::HashSet<u32, std::hash::BuildHasherDefault<lexicon::FxHasher>>,
    /// Candidates found only as bare capitalised names in an argument slot:
    /// kept in the graph only when a relation names them.
    weak: std::collections::HashSet<u32, std::hash::BuildHasherDefault<lexicon::FxHasher>>,
    registry: &'e Registry,
}

impl<'e> DocState<'e> {
    pub fn actor(&self, id: u32) -> &ActorDef {
        let i = id as usize;
        if i < self.base.len() {
            &self.base[i]
        } else {
            &self.extra[i - self.base.len()]
        }
    }

    /// The actor a name defined by this text refers to.
    pub fn alias(&self, name: &str) -> Option<u32> {
        self.aliases.get(name).copied()
    }

    /// Makes `name` an alias of `actor` for the rest of the text, unless the
    /// registry already gives it a meaning.
    pub fn define_alias(&mut self, name: &str, actor: u32) {
        if self.registry.resolve(name).is_some() || self.aliases.contains_key(name) {
            return;
        }
        self.aliases.insert(name.to_string(), actor);
        if self.actor(actor).label != name {
            self.added.entry(actor).or_default().push(name.to_string());
        }
    }

    /// Records the cue words of an actor's name as short names for `the …`.
    pub fn note_heads(&mut self, ex: &Extractor, actor: u32) {
        if !self.noted.insert(actor) {
            return;
        }
        let label = self.actor(actor).label.clone();
        if label.split_whitespace().count() < 2 {
            return;
        }
        for w in label.split_whitespace() {
            let is_cue = ex
                .lex
                .entry(ex.lex.id(&lexicon::fold(w)))
                .is_some_and(|e| e.cue.is_some());
            if is_cue && w.starts_with(char::is_uppercase) {
                let slot = self.heads.entry(w.to_string()).or_insert(Some(actor));
                if *slot != Some(actor) {
                    *slot = None;
                }
            }
        }
    }

    /// Whether a sentence without registry names may still name an actor:
    /// it has a parenthesis (an acronym being defined), two capitalised
    /// words past the first (a titled person, an organisation), or a
    /// capitalised word this text defined.
    pub fn may_name_actor(&self, sentence: &str) -> bool {
        let b = sentence.as_bytes();
        if b.contains(&b'(') {
            return true;
        }
        let mut caps = 0;
        let mut last = 0;
        let mut after_space = false;
        for (i, &c) in b.iter().enumerate() {
            if c == b' ' || c == b'\n' || c == b'\t' {
                after_space = true;
                continue;
            }
            if !after_space {
                continue;
            }
            after_space = false;
            // Quotes may open a word; any other non-ASCII byte might be a capital.
            let mut k = i;
            while k < b.len() && (b[k] == b'"' || b[k] == b'\'') {
                k += 1;
            }
            if k < b.len() && (b[k].is_ascii_uppercase() || b[k] >= 0x80) {
                caps += 1;
                last = k;
                if caps > 1 {
                    return true;
                }
            }
        }
        caps == 1 && {
            let rest = &sentence[last..];
            let end = rest
                .char_indices()
                .find(|&(_, c)| !(c.is_alphanumeric() || c == '-'))
                .map_or(rest.len(), |(e, _)| e);
            let w = &rest[..end];
            !w.is_ascii() || self.aliases.contains_key(w) || self.heads.contains_key(w)
        }
    }

    /// The one actor whose name has this head word, if any.
    pub fn head(&self, word: &str) -> Option<u32> {
        self.heads.get(word).copied().flatten()
    }

    /// A candidate found only as a bare capitalised name (no cue, no title):
    /// it becomes a node only if a relation names it.
    pub fn weak_candidate(&mut self, label: &str, kind: &str) -> u32 {
        let known = self
            .by_label
            .contains_key(label.strip_prefix("the ").unwrap_or(label).trim());
        let id = self.candidate(label, kind);
        if !known {
            self.weak.insert(id);
        }
        id
    }

    /// The candidate actor with this label, created if new.
    pub fn candidate(&mut self, label: &str, kind: &str) -> u32 {
        let label = label.strip_prefix("the ").unwrap_or(label).trim();
        if let Some(&id) = self.by_label.get(label) {
            return id;
        }
        let mut id = slug(label);
        if self.registry.get(&id).is_some() || self.extra.iter().any(|a| a.id == id) {
            id.push_str("-candidate");
        }
        let n = (self.base.len() + self.extra.len()) as u32;
        self.extra.push(ActorDef {
            id,
            label: label.to_string(),
            kind: kind.to_string(),
        });
        self.by_label.insert(label.to_string(), n);
        self.aliases.insert(label.to_string(), n);
        n
    }
}

/// A lower-case id made of the letters and digits of `label`.
pub fn slug(label: &str) -> String {
    let mut out = String::new();
    for c in label.chars() {
        if c.is_alphanumeric() {
            out.extend(c.to_lowercase());
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    while out.ends_with('-') {
        out.pop();
    }
    if out.is_empty() {
        out.push_str("actor");
    }
    out
}

/// A brief split into its header fields and its body.
#[derive(Clone, Debug, PartialEq)]
pub struct Brief<'a> {
    pub fields: Vec<(String, String)>,
    pub body: &'a str,
    /// Byte offset of the body in the file.
    pub offset: usize,
}

impl<'a> Brief<'a> {
    /// Splits a header block (`key: value` lines ended by `---`, or Markdown
    /// front matter between two `---` lines) from the body.
    pub fn parse(text: &'a str) -> Brief<'a> {
        let none = Brief {
            fields: Vec::new(),
            body: text,
            offset: 0,
        };
        let mut fields = Vec::new();
        let mut pos = 0;
        let mut first = true;
        for line in text.split_inclusive('\n') {
            let t = line.trim();
            pos += line.len();
            if t == "---" {
                if first {
                    first = false;
                    continue;
                }
                return Brief {
                    fields,
                    body: &text[pos..],
                    offset: pos,
                };
            }
            first = false;
            let Some((k, v)) = t.split_once(':') else {
                return none;
            };
            let k = k.trim();
            if k.is_empty()
                || k.len() > 30
                || !k
                    .chars()
                    .all(|c| c.is_alphanumeric() || c == '_' || c == '-')
            {
                return none;
            }
            fields.push((k.to_ascii_lowercase(), v.trim().to_string()));
            if fields.len() > 30 {
                return none;
            }
        }
        none
    }

    pub fn field(&self, key: &str) -> Option<&str> {
        self.fields
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }
}

impl Extractor {
    /// The extractor over the built-in registry, vocabulary, rules and
    /// syntax model.
    pub fn builtin() -> Extractor {
        Extractor::new(
            Registry::builtin(),
            &Vocabulary::builtin(),
            Rules::builtin(),
        )
        .expect("the bundled rules are valid (checked by tests)")
    }

    /// Compiles an extractor. Fails when the rules name predicates, word
    /// classes or kinds that do not exist.
    pub fn new(registry: Registry, vocab: &Vocabulary, rules: Rules) -> Result<Extractor> {
        let mut lex = Lexicon::build(vocab, &rules)
            .map_err(|m| Error::usage_hint(m, "fix the rules file"))?;
        let mut actors = Vec::new();
        let mut patterns = Vec::new();
        let mut name_info = Vec::new();
        for (i, e) in registry.entries().iter().enumerate() {
            actors.push(ActorDef {
                id: e.id.clone(),
                label: e.name.clone(),
                kind: e.kind.clone(),
            });
            let kinds = std::iter::once((&e.name, NameKind::Name))
                .chain(e.aliases.iter().map(|a| (a, NameKind::Alias)))
                .chain(e.metonyms.iter().map(|a| (a, NameKind::Metonym)))
                .chain(e.demonyms.iter().map(|a| (a, NameKind::Demonym)));
            for (name, kind) in kinds {
                if !name.trim().is_empty() {
                    patterns.push(name.clone());
                    name_info.push((i as u32, kind));
                    // `Jama'at` is also written `Jama’at`, and the other way round.
                    let other = if name.contains('\'') {
                        Some(name.replace('\'', "\u{2019}"))
                    } else if name.contains('\u{2019}') {
                        Some(name.replace('\u{2019}', "'"))
                    } else {
                        None
                    };
                    if let Some(other) = other {
                        patterns.push(other);
                        name_info.push((i as u32, kind));
                    }
                    // `the Iranians`, `the Israelis`: a plural demonym names its state.
                    if kind == NameKind::Demonym && name.ends_with(['n', 'i']) {
                        patterns.push(format!("{name}s"));
                        name_info.push((i as u32, kind));
                    }
                }
            }
        }
        let names = if patterns.is_empty() {
            None
        } else {
            Some(
                AhoCorasick::builder()
                    .match_kind(MatchKind::LeftmostLongest)
                    .kind(Some(aho_corasick::AhoCorasickKind::DFA))
                    .build(&patterns)
                    .map_err(|e| Error::usage(format!("cannot index the registry names: {e}")))?,
            )
        };
        let trees = tree::Trees::build(vocab, &rules, &lex)
            .map_err(|m| Error::usage_hint(m, "fix the rules file"))?;
        let leads = registry
            .entries()
            .iter()
            .map(|e| match &e.leads {
                None => Ok(None),
                Some(id) => match registry.index(id) {
                    Some(i) if registry.entries()[i].kind == "state" => Ok(Some(i as u32)),
                    _ => Err(Error::usage_hint(
                        format!("registry actor `{}` leads `{id}`, which is not a state of the registry", e.id),
                        "`leads` names the id of a state (kind = \"state\"), e.g. `leads = \"kenya\"`",
                    )),
                },
            })
            .collect::<Result<Vec<_>>>()?;
        let military_of = military_of(&registry);
        let k = lexicon::Known::new(&mut lex);
        let abbreviations = rules
            .class("abbreviation")
            .iter()
            .map(|a| a.trim_end_matches('.').to_string())
            .collect();
        let function_bits = [
            "aux",
            "be",
            "neg",
            "modal",
            "adv",
            "catenative",
            "det",
            "prep",
            "subord",
            "conj",
            "light",
            "recv",
            "report",
            "deny",
            "pronoun",
            "connector",
        ]
        .iter()
        .map(|c| lex.bit(c))
        .fold(0, |a, b| a | b);
        Ok(Extractor {
            agent_kinds: rules.agents.kinds.clone(),
            registry,
            actors,
            names,
            name_info,
            lex,
            k,
            rules,
            abbreviations,
            function_bits,
            trees,
            parser: std::sync::Arc::new(crate::syntax::Model::builtin()),
            leads,
            military_of,
        })
    }

    /// Parses with another parser than the built-in model (gold trees of
    /// a treebank, say).
    pub fn with_parser(mut self, parser: std::sync::Arc<dyn tree::Parse>) -> Extractor {
        self.parser = parser;
        self
    }

    /// The tree of `sentence` as extraction sees it (the parser hinted by
    /// the lexicon).
    pub fn parse_sentence(&self, sentence: &str) -> Option<crate::syntax::Sentence> {
        // The names `run` gives the parser: the registry's and the events'.
        let (mentions, events) = self.mentions(sentence);
        let mut names: Vec<std::ops::Range<usize>> = mentions
            .iter()
            .map(|m| m.start..m.end)
            .chain(events.iter().map(|&(start, end, _)| start..end))
            .collect();
        names.sort_by_key(|r| r.start);
        self.parser.parse_hinted(
            sentence,
            0,
            sentence.len(),
            &|w| self.trees.pos_hint(w),
            &names,
        )
    }

    pub fn rules(&self) -> &Rules {
        &self.rules
    }

    pub fn registry(&self) -> &Registry {
        &self.registry
    }

    pub(crate) fn is_agent_kind(&self, kind: &str) -> bool {
        self.agent_kinds.iter().any(|k| k == kind)
    }

    /// Extracts a brief's relations; `source_id` names it on the evidence.
    pub fn extract(&self, source_id: &str, text: &str) -> Extraction {
        self.run(source_id, text, false)
    }

    /// Like [`Extractor::extract`], and also reports what the registry and
    /// rules missed.
    pub fn discover(&self, source_id: &str, text: &str) -> Extraction {
        self.run(source_id, text, true)
    }

    fn run(&self, source_id: &str, text: &str, discover: bool) -> Extraction {
        let brief = Brief::parse(text);
        let body = brief.body;
        let mut doc = DocState {
            base: &self.actors,
            extra: Vec::new(),
            aliases: FxMap::default(),
            added: BTreeMap::new(),
            by_label: FxMap::default(),
            heads: FxMap::default(),
            noted: Default::default(),
            weak: Default::default(),
            registry: &self.registry,
        };
        let (mut mentions, events) = self.mentions(body);
        // `the Astana talks`, `the Minsk agreements`: named after the city
        // that hosted them, they are events of their own, not the state; a
        // seat in a place's role (`besieged Khartoum`, `the fall of Kabul`)
        // is the city.
        if !events.is_empty() {
            for (start, end, kind) in events {
                let actor = doc.weak_candidate(&body[start..end], kind);
                mentions.push(RawMention {
                    start,
                    end,
                    actor,
                    kind: NameKind::Name,
                });
            }
            mentions.sort_by_key(|m| m.start);
        }
        let spans = segment::sentences(body, &self.abbreviations);
        // Every sentence that may name an actor parsed once, candidates and anaphors found.
        let parsed = mentions::parse_document(
            self,
            self.parser.as_ref(),
            body,
            &spans,
            &mentions,
            &mut doc,
        );
        let mut relations = Vec::new();
        // The symmetric pairs given so far, in the direction first stated.
        let mut symmetric = std::collections::HashSet::new();
        let mut seen_actors: Vec<u32> = Vec::new();
        let mut seen = vec![false; self.actors.len()];
        let mut note = |a: u32, seen_actors: &mut Vec<u32>| {
            let i = a as usize;
            if i >= seen.len() {
                seen.resize(i + 1, false);
            }
            if !seen[i] {
                seen[i] = true;
                seen_actors.push(a);
            }
        };
        let mut findings = discover::Collector::default();
        let mut chars = CharCursor::default();
        let mut sent = Sentence::default();
        let mut m0 = 0;
        for (no, span) in spans.iter().enumerate() {
            while m0 < mentions.len() && mentions[m0].start < span.start {
                m0 += 1;
            }
            let mut m1 = m0;
            while m1 < mentions.len() && mentions[m1].start < span.end {
                m1 += 1;
            }
            // A sentence with no registry name, no parenthesis and at most
            // one capitalised word past the first (not a name this text
            // defined) can hold no actor: skip it.
            let extra: &[mentions::Extra] = &parsed.extra[no];
            if !discover
                && m1 == m0
                && extra.is_empty()
                && !doc.may_name_actor(&body[span.start..span.end])
            {
                continue;
            }
            // Mentions the tree adds may make a pair with a single name the
            // token layer sees: such a sentence is tokenised in full too.
            tokens::tokenize(
                self,
                &mut doc,
                body,
                *span,
                &mentions[m0..m1],
                &mut sent,
                discover || !extra.is_empty(),
            );
            let (args, distinct) = self.tree_args(&sent, extra);
            let sent = &sent;
            let mut found = Vec::new();
            if distinct >= 2 {
                chars.advance(body, span.start);
                let ctx = Emit {
                    doc: &doc,
                    body,
                    sent,
                    source_id,
                    no: no as u32 + 1,
                    chars: &chars,
                    text_of: &std::cell::OnceCell::new(),
                };
                self.tree_relations(&ctx, &parsed.trees[no], &args, extra, &mut found);
            }
            for r in &found {
                note(r.0, &mut seen_actors);
                note(r.1, &mut seen_actors);
            }
            if discover {
                findings.sentence(self, &doc, body, sent, &found, source_id, no as u32 + 1);
            }
            for (a, b, mut r) in found {
                // A symmetric relation (an agreement, talks, cooperation)
                // binds both parties alike: one direction per pair, the one
                // the brief states first.
                if r.class.is_symmetric() {
                    if symmetric.contains(&(b, a, r.class)) {
                        std::mem::swap(&mut r.source, &mut r.target);
                    } else {
                        symmetric.insert((a, b, r.class));
                    }
                }
                relations.push(r);
            }
        }
        // Candidates are kept even without relations, for a curator to accept.
        for i in 0..doc.extra.len() {
            let id = (self.actors.len() + i) as u32;
            if !doc.weak.contains(&id) {
                note(id, &mut seen_actors);
            }
        }
        let actors = seen_actors
            .iter()
            .map(|&a| {
                let mut actor = match self.registry.entries().get(a as usize) {
                    Some(e) => e.to_actor(),
                    None => {
                        let d = doc.actor(a);
                        let mut actor = Actor::new(&d.id, &d.label, &d.kind);
                        actor.candidate = true;
                        actor
                    }
                };
                if let Some(more) = doc.added.get(&a) {
                    actor.aliases.extend(more.iter().cloned());
                }
                actor
            })
            .collect();
        let mut source = Source::new(
            source_id,
            brief
                .field("title")
                .map(str::to_string)
                .or_else(|| spans.first().map(|s| collapse(&body[s.start..s.end])))
                .unwrap_or_else(|| source_id.to_string()),
        );
        for (k, v) in &brief.fields {
            if k != "title" && k != "id" {
                source
                    .extra
                    .insert(k.clone(), serde_json::Value::String(v.clone()));
            }
        }
        Extraction {
            source,
            actors,
            relations,
            sentences: spans.len(),
            findings: findings.finish(),
        }
    }

    /// Every registry name in `body`, at word boundaries, in order; and the
    /// events named after a seat of government (`the Doha talks`), whose
    /// seat is then no mention of the state.
    fn mentions(&self, body: &str) -> (Vec<RawMention>, Vec<(usize, usize, &'static str)>) {
        const EVENTS: [&str; 16] = [
            "talks",
            "process",
            "agreement",
            "agreements",
            "accord",
            "accords",
            "format",
            "summit",
            "declaration",
            "conference",
            "negotiations",
            "protocol",
            "platform",
            "framework",
            "communiqué",
            "communique",
        ];
        let Some(ac) = &self.names else {
            return (Vec::new(), Vec::new());
        };
        let bytes = body.as_bytes();
        let mut out = Vec::new();
        let mut names = Vec::new();
        let mut events = Vec::new();
        for m in ac.find_iter(body) {
            let (start, end) = (m.start(), m.end());
            let before = body[..start].chars().next_back();
            let after = body[end..].chars().next();
            let ok_before = before.is_none_or(|c| !c.is_alphanumeric());
            let ok_after = after.is_none_or(|c| !c.is_alphanumeric());
            // `U.S.` ends in a full stop; a name never starts inside a word.
            if !(ok_before && ok_after)
                || (start > 0
                    && bytes[start - 1] == b'.'
                    && body[..start - 1].ends_with(char::is_alphabetic))
            {
                continue;
            }
            let (actor, kind) = self.name_info[m.pattern().as_usize()];
            if kind == NameKind::Metonym {
                let word = body[end..]
                    .strip_prefix(' ')
                    .map(|r| &r[..r.find(|c: char| !c.is_alphabetic()).unwrap_or(r.len())]);
                if let Some(w) = word.filter(|w| EVENTS.contains(&w.to_lowercase().as_str())) {
                    events.push((start, end + 1 + w.len(), "event"));
                    continue;
                }
                if place_role(&body[..start]) {
                    events.push((start, end, "place"));
                    continue;
                }
            }
            let (start, end, actor) = self
                .government_of(body, start, end, actor)
                .or_else(|| {
                    (kind == NameKind::Demonym)
                        .then(|| self.soldiers_of(body, end, actor))
                        .flatten()
                        .map(|(end, m)| (start, end, m))
                })
                .unwrap_or((start, end, actor));
            // A phrase that names other than the matched name is a name of its own.
            let kind = if actor == self.name_info[m.pattern().as_usize()].0 {
                kind
            } else {
                NameKind::Alias
            };
            out.push(RawMention {
                start,
                end,
                actor,
                kind,
            });
            names.push(self.person_naming(body, start, end, actor));
        }
        // `Farouk al Sharaa` is not the registry's Ahmed al-Sharaa, nor
        // `Maher al-Assad` Bashar: a surname alias after another given name
        // names a namesake, which the candidates take. (A bare `Sharaa`
        // later stays the registry's: a text about Bashar al-Assad that names
        // his brother once still calls Bashar `Assad`.)
        // But when the text never gives the registry's person their own
        // given name and does name a namesake, a bare surname is the
        // namesake's too (`Farouk al Sharaa … al Sharaa`, with no Ahmed).
        let mut namesakes: FxSet<u32> = FxSet::default();
        let mut full: FxSet<u32> = FxSet::default();
        for (m, n) in out.iter().zip(&names) {
            match n {
                Naming::Namesake => {
                    namesakes.insert(m.actor);
                }
                Naming::Other if self.names_given(body, m) => {
                    full.insert(m.actor);
                }
                Naming::Other => {}
            }
        }
        let mut naming = names.into_iter();
        out.retain(|m| {
            // `naming` advances once per mention, whatever the rest says.
            let namesake = naming.next() == Some(Naming::Namesake);
            let bare_namesake = namesakes.contains(&m.actor) && !full.contains(&m.actor);
            !namesake && !bare_namesake
        });
        (out, events)
    }

    /// Whether a mention of a registry person holds their given name
    /// (`Bashar al-Assad`, not `Assad`); true for anyone else.
    fn names_given(&self, body: &str, m: &RawMention) -> bool {
        let def = &self.actors[m.actor as usize];
        match def.label.split_once(' ') {
            Some((given, _)) if def.kind == "person" => {
                // `President Assad` names the registry's man as surely.
                let word = last_word(body[..m.start].trim_end());
                let first = body[m.start..m.end].split(' ').next().unwrap_or("");
                let titled = [word, first].iter().any(|w| {
                    self.lex
                        .entry(self.lex.id(&w.to_lowercase()))
                        .is_some_and(|e| e.classes & self.k.title != 0)
                });
                titled
                    || body[m.start..m.end]
                        .to_lowercase()
                        .contains(&given.to_lowercase())
            }
            _ => true,
        }
    }

    /// Whether a registry mention names a person by a surname after
    /// someone else's given name (`Maher al-Assad` for Bashar al-Assad).
    fn person_naming(&self, body: &str, start: usize, end: usize, actor: u32) -> Naming {
        let def = &self.actors[actor as usize];
        let Some((given, _)) = def.label.split_once(' ') else {
            return Naming::Other;
        };
        if def.kind != "person"
            || body[start..end]
                .to_lowercase()
                .contains(&given.to_lowercase())
        {
            return Naming::Other;
        }
        match self.given_name_before(body, start) {
            Some(w) if !def.label.to_lowercase().contains(&w) => Naming::Namesake,
            _ => Naming::Other,
        }
    }

    /// The capitalised word that would be a given name before `start`
    /// (`Farouk` of `Farouk al Sharaa`): not a title, month or other word
    /// the lexicon knows (`President Assad`, `then Assad`).
    fn given_name_before(&self, body: &str, start: usize) -> Option<String> {
        use candidates::PARTICLES;
        // `Maher al Assad`, `Maher al-Assad` or, the particle matched, `Maher al-Assad`.
        let before = &body[..start];
        let head = PARTICLES
            .iter()
            .find_map(|p| {
                before
                    .strip_suffix('-')
                    .or_else(|| before.strip_suffix(' '))
                    .and_then(|b| b.strip_suffix(p))
                    .and_then(|h| h.strip_suffix(' '))
            })
            .or_else(|| before.strip_suffix(' '))?;
        let word = last_word(head);
        if word.chars().count() < 2 || !word.chars().next()?.is_uppercase() {
            return None;
        }
        let lower = word.to_lowercase();
        // `Presidents Kenyatta and Tshisekedi`: a title in the plural.
        let singular = lower.strip_suffix('s').unwrap_or(&lower);
        let known = [lower.as_str(), singular]
            .iter()
            .any(|w| self.lex.entry(self.lex.id(w)).is_some());
        (!known && dates::month(word).is_none()).then_some(lower)
    }

    /// `Malian soldiers`, `Malian special forces`, `Syrian army units`: a
    /// demonym before a word for troops names the state's armed forces when
    /// the registry has them (the end of the phrase and the forces).
    fn soldiers_of(&self, body: &str, end: usize, state: u32) -> Option<(usize, u32)> {
        const QUALIFIERS: [&str; 8] = [
            "armed",
            "special",
            "regular",
            "elite",
            "ground",
            "government",
            "security",
            "army",
        ];
        const TROOPS: [&str; 9] = [
            "army",
            "military",
            "forces",
            "troops",
            "soldiers",
            "units",
            "personnel",
            "servicemen",
            "contingent",
        ];
        let forces = (*self.military_of.get(state as usize)?)?;
        let mut at = end;
        for _ in 0..3 {
            let rest = body[at..].strip_prefix(' ')?;
            let len = rest
                .find(|c: char| !c.is_alphabetic())
                .unwrap_or(rest.len());
            let word = &rest[..len];
            at = body.len() - rest.len() + len;
            if TROOPS.contains(&word) {
                // `army` may qualify a following word (`army units`).
                let more = body[at..]
                    .strip_prefix(' ')
                    .map(|r| &r[..r.find(|c: char| !c.is_alphabetic()).unwrap_or(r.len())])
                    .filter(|w| TROOPS.contains(w));
                if let Some(w) = more {
                    at += 1 + w.len();
                }
                return Some((at, forces));
            }
            if !QUALIFIERS.contains(&word) {
                return None;
            }
        }
        None
    }

    /// `the Assad regime`, `Ruto's government`, `the government of Abiy
    /// Ahmed`: a leader's name with a word for their government stands for
    /// the state they lead (the mention then spans the whole phrase).
    fn government_of(
        &self,
        body: &str,
        start: usize,
        end: usize,
        actor: u32,
    ) -> Option<(usize, usize, u32)> {
        const WORDS: [&str; 5] = ["government", "regime", "administration", "cabinet", "junta"];
        let state = (*self.leads.get(actor as usize)?)?;
        let rest = &body[end..];
        let after = ["'s ", "’s ", " "]
            .iter()
            .find_map(|p| rest.strip_prefix(p))
            .and_then(|r| {
                WORDS.iter().find_map(|w| {
                    let tail = r.strip_prefix(w)?;
                    tail.chars()
                        .next()
                        .is_none_or(|c| !c.is_alphanumeric())
                        .then_some(body.len() - tail.len())
                })
            });
        if let Some(new_end) = after {
            return Some((start, new_end, state));
        }
        let head = body[..start].strip_suffix(" of ")?;
        WORDS.iter().find_map(|w| {
            let lead = head.strip_suffix(w)?;
            lead.chars()
                .next_back()
                .is_none_or(|c| !c.is_alphanumeric())
                .then_some((lead.len(), end, state))
        })
    }

    /// The actor mentions the tree rules see in a sentence: the token
    /// layer's, then the names and resolved anaphors the document step
    /// added; and how many distinct actors they name.
    fn tree_args(&self, sent: &Sentence, extra: &[mentions::Extra]) -> (Vec<tree::Arg>, usize) {
        let mut args: Vec<tree::Arg> = sent
            .toks
            .iter()
            .filter(|t| t.is_actor())
            .map(|t| tree::Arg {
                start: t.start,
                end: t.end,
                actor: sent.mention(t).actor,
            })
            .collect();
        args.extend(extra.iter().map(|e| e.arg));
        let mut distinct: Vec<u32> = args.iter().map(|a| a.actor).collect();
        distinct.sort_unstable();
        distinct.dedup();
        (args, distinct.len())
    }

    fn tree_relations(
        &self,
        ctx: &Emit,
        parsed: &crate::syntax::Sentence,
        args: &[tree::Arg],
        extra: &[mentions::Extra],
        out: &mut Vec<(u32, u32, Relation)>,
    ) {
        let Emit {
            doc,
            body,
            sent,
            source_id,
            no,
            chars,
            text_of,
            ..
        } = *ctx;
        let span = sent.span.expect("tokenised sentences have a span");
        if parsed.tokens.is_empty() {
            return;
        }
        // The token of `sent` at or after byte `b`.
        let tok_at = |b: usize| {
            sent.toks
                .iter()
                .position(|t| t.end > b)
                .unwrap_or(sent.toks.len().saturating_sub(1))
        };
        let hits = self
            .trees
            .matches(&self.lex.preds, body, parsed, args, &|a| {
                doc.actor(a).kind.as_str()
            });
        // A word rule that names its own predicate reads the trigger anew
        // (`threatened to attack B` is a threat; `brokered a truce between
        // A and B` is mediation): the trigger's own reading of the same pair
        // goes.
        let superseded = |a: u32, b: u32, class: crate::model::RelationClass| {
            hits.iter().any(|h| {
                let def = &self.rules.trees[h.rule];
                def.predicate.is_some()
                    && def.trigger != "name"
                    && def.classes.contains(&class)
                    && self.lex.preds[h.pred as usize].class != class
                    && ((h.subject == a && h.object == b)
                        || (class.is_symmetric() && h.subject == b && h.object == a))
            })
        };
        let agent = |h: &tree::Hit| {
            self.is_agent_kind(&doc.actor(h.subject).kind)
                || self.rules.agents.any_subject.contains(&h.class)
        };
        // Forces a verb of position puts somewhere are deployed there, not
        // also located (`Russian troops remain in B`: the noun says
        // MOBILIZE, the verb it is the subject of LOCATED).
        let deployed: Vec<(u32, u32, usize)> = hits
            .iter()
            .filter(|h| h.class == crate::model::RelationClass::MOBILIZE && agent(h))
            .map(|h| (h.subject, h.object, parsed.tokens[h.trigger].head))
            .collect();
        for h in &hits {
            let info = &self.lex.preds[h.pred as usize];
            if superseded(h.subject, h.object, info.class) {
                continue;
            }
            let (sa, oa) = (doc.actor(h.subject), doc.actor(h.object));
            if !agent(h) {
                continue;
            }
            if info.class == crate::model::RelationClass::LOCATED
                && deployed.contains(&(h.subject, h.object, h.trigger + 1))
            {
                continue;
            }
            if let Some((_, _, r)) = out
                .iter_mut()
                .find(|(a, b, r)| *a == h.subject && *b == h.object && r.class == info.class)
            {
                // One edge per pair and class in a sentence, negated when
                // any reading of it is (`little coordination between A and B`).
                if h.polarity == Polarity::Negated && r.polarity == Polarity::Asserted {
                    r.polarity = Polarity::Negated;
                }
                continue;
            }
            let toks = &parsed.tokens;
            let ends = [h.subject_tok, h.object_tok, h.trigger];
            // A name's whole mention, not only its head word (`the Wagner
            // Group`, not `Group`).
            let whole = |i: usize| {
                let t = &toks[i];
                args.iter()
                    .find(|a| a.start <= t.start && t.end <= a.end)
                    .map_or((t.start, t.end), |a| (a.start, a.end))
            };
            let bs = ends.iter().map(|&i| whole(i).0).min().unwrap_or(span.start);
            let be = ends.iter().map(|&i| whole(i).1).max().unwrap_or(span.end);
            let anchor = tok_at(toks[h.trigger].start);
            let evidence = Evidence {
                source: source_id.to_string(),
                sentence_no: Some(no),
                start: Some(chars.at(body, bs)),
                end: Some(chars.at(body, be)),
                line: None,
                sentence: Some(
                    text_of
                        .get_or_init(|| collapse(&body[span.start..span.end]))
                        .clone(),
                ),
                quote: Some(collapse(&body[bs..be])),
                rule: Some(self.rules.trees[h.rule].id.clone()),
                attributed_to: self.attribution(doc, body, sent, tok_at(bs)),
                page: None,
                resolved: {
                    // The anaphors among the relation's ends.
                    let mut notes: Vec<&str> = [h.subject_tok, h.object_tok]
                        .iter()
                        .filter_map(|&i| {
                            let t = &toks[i];
                            extra.iter().find_map(|e| {
                                (e.arg.start < t.end && e.arg.end > t.start)
                                    .then_some(e.resolved.as_deref())
                                    .flatten()
                            })
                        })
                        .collect();
                    // Both ends from one pair phrase share one note.
                    notes.dedup();
                    (!notes.is_empty()).then(|| notes.join("; "))
                },
            };
            out.push((
                h.subject,
                h.object,
                Relation {
                    id: String::new(),
                    source: sa.id.clone(),
                    target: oa.id.clone(),
                    predicate: info.name.clone(),
                    class: info.class,
                    polarity: h.polarity,
                    context: context_of(parsed, args, h)
                        .filter(|a| !doc.weak.contains(a))
                        .map(|a| doc.actor(a).label.clone()),
                    date: self.date(sent, anchor),
                    origin: Origin::Extracted,
                    confidence: None,
                    note: None,
                    evidence: vec![evidence],
                    extra: Default::default(),
                },
            ));
        }
    }

    /// The date nearest before the anchor, else the first after it.
    fn date(&self, sent: &Sentence, anchor: usize) -> Option<String> {
        let toks = &sent.toks;
        let before = toks[..anchor.min(toks.len())]
            .iter()
            .rev()
            .find(|t| t.kind == Kind::Date);
        let after = || {
            toks[anchor.min(toks.len())..]
                .iter()
                .find(|t| t.kind == Kind::Date)
        };
        before
            .or_else(after)
            .map(|t| sent.dates[t.index as usize].clone())
    }

    /// `According to X, …` or `X said …` before the match.
    fn attribution(
        &self,
        doc: &DocState,
        body: &str,
        sent: &Sentence,
        start: usize,
    ) -> Option<String> {
        let toks = &sent.toks;
        let (according, to, report) = (self.k.according, self.k.to, self.k.report);
        for k in 0..start.min(toks.len()) {
            let t = &toks[k];
            if t.word == according && toks.get(k + 1).is_some_and(|t| t.word == to) {
                let skip = usize::from(toks.get(k + 2).is_some_and(|t| t.word == self.k.the));
                let source = toks.get(k + 2 + skip)?;
                return Some(match source.kind {
                    Kind::Actor => doc.actor(sent.mention(source).actor).label.clone(),
                    _ => {
                        let end = toks[k + 2..start]
                            .iter()
                            .find(|t| t.kind == Kind::Punct(','))
                            .map_or(source.end, |c| c.start);
                        collapse(&body[source.start..end.max(source.end)])
                    }
                });
            }
            if t.is_actor()
                && toks
                    .get(k + 1)
                    .is_some_and(|n| n.is_word() && n.classes & report != 0)
            {
                return Some(doc.actor(sent.mention(t).actor).label.clone());
            }
        }
        None
    }
}

/// White space collapsed to single spaces.
pub fn collapse(s: &str) -> String {
    let b = s.as_bytes();
    let plain = b.first().is_none_or(|c| *c != b' ')
        && b.last().is_none_or(|c| *c != b' ')
        && !b.iter().any(|&c| matches!(c, b'\n' | b'\r' | b'\t'))
        && !b.windows(2).any(|w| w == b"  ")
        && (s.is_ascii() || !s.chars().any(|c| c.is_whitespace() && c != ' '));
    if plain {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    for w in s.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(w);
    }
    out
}

/// The actor a relation holds within (`talks between A and B in Jeddah`,
/// `Turkey opposes Israel in the ISF`): a name in a phrase of place or
/// frame (`in`, `at`, `within`, `inside`, `under`) on the trigger, on the verb
/// a trigger noun is the subject or object of, or on the relation's object;
/// neither of the relation's ends.
fn context_of(parsed: &crate::syntax::Sentence, args: &[tree::Arg], h: &tree::Hit) -> Option<u32> {
    const CASES: [&str; 5] = ["in", "at", "within", "inside", "under"];
    let toks = &parsed.tokens;
    let trigger = &toks[h.trigger];
    let mut hosts = vec![h.trigger, h.object_tok];
    if trigger.head > 0 && matches!(trigger.deprel, "obj" | "nsubj" | "nsubj:pass") {
        hosts.push(trigger.head - 1);
    }
    toks.iter().enumerate().find_map(|(i, t)| {
        let hosted = t.head > 0
            && hosts.contains(&(t.head - 1))
            && (t.deprel.starts_with("obl") || t.deprel.starts_with("nmod"))
            && toks.iter().any(|c| {
                c.head == i + 1 && c.deprel == "case" && CASES.contains(&c.lemma.as_str())
            });
        if !hosted {
            return None;
        }
        // The word's narrowest name, when no name holding it is an end
        // (`a stake in Banque Populaire du Rwanda` is in no Rwanda).
        let named = args.iter().filter(|a| a.start <= t.start && t.end <= a.end);
        if named
            .clone()
            .any(|a| a.actor == h.subject || a.actor == h.object)
        {
            return None;
        }
        named.min_by_key(|a| a.end - a.start).map(|a| a.actor)
    })
}

/// What every relation of one sentence shares.
struct Emit<'a> {
    doc: &'a DocState<'a>,
    body: &'a str,
    sent: &'a Sentence,
    source_id: &'a str,
    no: u32,
    chars: &'a CharCursor,
    /// The sentence with its white space collapsed, made once.
    text_of: &'a std::cell::OnceCell<String>,
}

/// Converts increasing byte offsets to character offsets without rescanning.
#[derive(Default)]
struct CharCursor {
    byte: usize,
    chars: usize,
}

impl CharCursor {
    /// Moves the anchor forward to byte `start` (sentences come in order).
    fn advance(&mut self, text: &str, start: usize) {
        if start >= self.byte {
            self.chars += text[self.byte..start].chars().count();
            self.byte = start;
        }
    }

    /// The character offset of `byte`, at or after the anchor.
    fn at(&self, text: &str, byte: usize) -> usize {
        self.chars + text[self.byte..byte.max(self.byte)].chars().count()
    }
}

/// Assembles extractions into one graph.
pub fn assemble(name: &str, parts: impl IntoIterator<Item = Extraction>) -> BriefGraph {
    let mut b = GraphBuilder::new(name);
    add_to(&mut b, parts);
    b.finish()
}

/// Adds extractions to a graph under construction.
pub fn add_to(b: &mut GraphBuilder, parts: impl IntoIterator<Item = Extraction>) {
    for part in parts {
        b.add_source(part.source);
        for a in part.actors {
            b.add_actor(a);
        }
        for r in part.relations {
            b.add_relation(r);
        }
    }
}

/// The source id of a brief file: its stem.
pub fn source_id(path: &std::path::Path) -> String {
    path.file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| "brief".into())
}

/// Where an extractor's registry, vocabulary and rules come from.
#[derive(Clone, Debug, Default)]
pub struct Setup {
    pub registry: Vec<std::path::PathBuf>,
    pub vocabulary: Vec<std::path::PathBuf>,
    pub rules: Vec<std::path::PathBuf>,
    /// Start from the built-in files (true) or from nothing.
    pub builtin: bool,
}

impl Setup {
    /// Reads the files and compiles the extractor.
    pub fn extractor(&self) -> Result<Extractor> {
        let mut registry = if self.builtin {
            Registry::builtin()
        } else {
            Registry::default()
        };
        for p in &self.registry {
            registry.add_path(p)?;
        }
        let mut vocab = if self.builtin {
            Vocabulary::builtin()
        } else {
            Vocabulary::default()
        };
        for p in &self.vocabulary {
            for file in crate::registry::files_with_extension(p, "toml")? {
                let text = crate::error::read_text(&file)?;
                vocab.add_toml(&file, &text)?;
            }
        }
        let mut rules = Rules::default();
        if self.builtin {
            for (path, text) in rules::BUILTIN_FILES {
                rules.add_toml(std::path::Path::new(path), text)?;
            }
        }
        for p in &self.rules {
            rules.add_path(p)?;
        }
        rules.finish()?;
        Extractor::new(registry, &vocab, rules)
    }
}

/// The letters at the end of `text` (`Farouk` of `… Farouk`), cut on a
/// character boundary.
fn last_word(text: &str) -> &str {
    let from = text
        .char_indices()
        .rev()
        .find(|(_, c)| !c.is_alphabetic())
        .map_or(0, |(i, c)| i + c.len_utf8());
    &text[from..]
}

/// Whether the words before a seat of government give it a place's role:
/// a verb of taking or striking a place (`besieged Khartoum`, `entered
/// Kabul`) or a noun of one with `of` (`the siege of Khartoum`, `the fall
/// of Kabul`). After a locative preposition (`fighting in Khartoum`) the
/// token layer already reads the seat as a place.
fn place_role(before: &str) -> bool {
    const VERBS: [&str; 40] = [
        "besiege",
        "besieged",
        "besieging",
        "blockade",
        "blockaded",
        "blockading",
        "shell",
        "shelled",
        "shelling",
        "bomb",
        "bombed",
        "bombing",
        "seize",
        "seized",
        "seizing",
        "capture",
        "captured",
        "capturing",
        "recapture",
        "recaptured",
        "retake",
        "retook",
        "retaken",
        "enter",
        "entered",
        "entering",
        "encircle",
        "encircled",
        "storm",
        "stormed",
        "occupy",
        "occupied",
        "occupying",
        "surround",
        "surrounded",
        "liberate",
        "liberated",
        "overran",
        "overrun",
        "evacuated",
    ];
    const NOUNS: [&str; 10] = [
        "siege",
        "fall",
        "capture",
        "recapture",
        "battle",
        "blockade",
        "outskirts",
        "streets",
        "shelling",
        "bombing",
    ];
    let mut words = before
        .trim_end()
        .rsplit(|c: char| !(c.is_alphabetic() || c == '-'))
        .filter(|w| !w.is_empty());
    let Some(mut w) = words.next() else {
        return false;
    };
    if w.eq_ignore_ascii_case("the") {
        match words.next() {
            Some(x) => w = x,
            None => return false,
        }
    }
    let w = w.to_lowercase();
    if VERBS.contains(&w.as_str()) {
        return true;
    }
    (w == "of" || w == "for")
        && words
            .next()
            .is_some_and(|n| NOUNS.contains(&n.to_lowercase().as_str()))
}

/// Each state's armed forces, found through the aliases of the registry's
/// military entries: `Malian forces` or `Malian military` (a state's
/// demonym and a word for its forces) names them; `army` only when nothing
/// else does (`Iranian army` is one branch of the Iranian Armed Forces).
fn military_of(registry: &Registry) -> Vec<Option<u32>> {
    let mut out: Vec<Option<(u32, bool)>> = vec![None; registry.len()];
    for (i, e) in registry.entries().iter().enumerate() {
        if e.kind != "military" {
            continue;
        }
        for alias in &e.aliases {
            let Some((dem, word)) = alias.rsplit_once(' ') else {
                continue;
            };
            let whole = matches!(word, "forces" | "military");
            if !(whole || word == "army") {
                continue;
            }
            let Some((state, NameKind::Demonym)) = registry.resolve(dem) else {
                continue;
            };
            if state.kind != "state" {
                continue;
            }
            let s = registry
                .index(&state.id)
                .expect("a resolved entry is in the registry");
            match out[s] {
                Some((_, true)) => {}
                Some((_, false)) if !whole => {}
                _ => out[s] = Some((i as u32, whole)),
            }
        }
    }
    out.into_iter().map(|o| o.map(|(m, _)| m)).collect()
}

/// Reads a brief file: UTF-8 text; a binary file is refused with a clear error.
pub fn read_brief(path: &std::path::Path) -> Result<String> {
    let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
    if let Some(at) = bytes.iter().take(8192).position(|&b| b == 0) {
        return Err(crate::error::Diagnostic::new(path, "this looks like a binary file, not a brief")
            .hint(format!("byte {at} is NUL; extract reads plain text or Markdown (convert PDF or Word files to text first)"))
            .into());
    }
    crate::error::decode_utf8(path, bytes)
}

/// Extracts every brief (in parallel, one file per task) and returns the
/// extractions in the order of `paths`. Stops at the first unreadable file.
pub fn extract_files(
    ex: &Extractor,
    paths: &[std::path::PathBuf],
    discover: bool,
) -> Result<Vec<Extraction>> {
    use rayon::prelude::*;
    paths
        .par_iter()
        .map(|p| {
            let doc = crate::document::read(p)?;
            let id = source_id(p);
            let mut out = ex.run(&id, &doc.brief_text(), discover);
            doc.annotate(&mut out);
            out.source.extra.entry("file".into()).or_insert_with(|| {
                serde_json::Value::String(p.to_string_lossy().replace('\\', "/"))
            });
            Ok(out)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn triples(ex: &Extractor, text: &str) -> Vec<(String, String, String, String, String)> {
        ex.extract("t", text)
            .relations
            .into_iter()
            .map(|r| {
                (
                    r.source,
                    r.class.as_str().to_string(),
                    r.target,
                    r.polarity.as_str().to_string(),
                    r.evidence[0].rule.clone().unwrap_or_default(),
                )
            })
            .collect()
    }

    #[test]
    fn a_rules_file_with_token_patterns_is_refused_with_a_hint() {
        let text =
            "[define]\nVG = \"@aux*\"\n\n[[pattern]]\nid = \"p\"\npattern = \"SUBJ VERB OBJ\"\n";
        let err = Rules::default()
            .add_toml(std::path::Path::new("old.toml"), text)
            .expect_err("patterns are retired")
            .to_string();
        for want in [
            "old.toml:4:1",
            "[[pattern]]: the token patterns are retired",
            "old.toml:1:1",
            "[define]",
            "[[tree]]",
        ] {
            assert!(err.contains(want), "{want:?} not in {err}");
        }
    }

    #[test]
    fn a_leaders_government_stands_for_the_state() {
        let ex = Extractor::builtin();
        let cases = [
            (
                "The UAE firmly opposed the Assad regime in 2012.",
                "united-arab-emirates",
                "syria",
            ),
            (
                "Egypt held talks with the Obama administration.",
                "egypt",
                "united-states",
            ),
            (
                "Qatar backed the government of Bashar al-Assad.",
                "qatar",
                "syria",
            ),
            ("Ethiopia denounced Ruto's government.", "ethiopia", "kenya"),
        ];
        for (text, s, o) in cases {
            let got = triples(&ex, text);
            assert!(
                got.iter().any(|t| t.0 == s && t.2 == o),
                "{text:?} gave {got:?}"
            );
        }
        // The leader alone is still the person.
        let got = triples(&ex, "Egypt held talks with Obama in Cairo.");
        assert!(got.iter().any(|t| t.2 == "barack-obama"), "{got:?}");
    }

    #[test]
    fn a_surname_after_another_given_name_is_a_namesake() {
        let ex = Extractor::builtin();
        let names = |text: &str| -> Vec<String> {
            ex.mentions(text)
                .0
                .iter()
                .map(|m| ex.actors[m.actor as usize].id.clone())
                .collect()
        };
        // Bashar's brother and a former vice president are not the registry's men.
        assert_eq!(
            names("Maher al-Assad met Ali Mamlouk."),
            Vec::<String>::new()
        );
        assert!(names("Former vice president Farouk al Sharaa fled.").is_empty());
        // A bare surname is the namesake's when the text names the
        // registry's person by neither given name nor title.
        assert!(names("Farouk al Sharaa fled. Later al Sharaa returned.").is_empty());
        assert!(names("Farouk al Sharaa fled. “Al Sharaa” returned.").is_empty());
        assert_eq!(
            names("Maher al-Assad fled. President Assad stayed, and Assad won."),
            vec!["bashar-al-assad", "bashar-al-assad"]
        );
        // The registry's people by full name, title or bare surname stay theirs.
        for text in [
            "Bashar al-Assad met Putin.",
            "President Assad met Putin.",
            "Then Assad met Putin.",
            "In March Assad met Putin.",
            "Presidents Assad and Putin met.",
        ] {
            assert!(
                names(text).contains(&"bashar-al-assad".to_string()),
                "{text}"
            );
        }
        // With the parser, the namesake is a candidate of its own.
        let out = ex.extract("t", "Maher al-Assad backed Hezbollah in 2013.");
        let sources: Vec<&str> = out.relations.iter().map(|r| r.source.as_str()).collect();
        assert!(!sources.contains(&"bashar-al-assad"), "{sources:?}");
        assert!(
            sources.iter().any(|s| s.starts_with("maher")),
            "{sources:?}"
        );
    }

    #[test]
    fn leads_must_name_a_state() {
        let mut registry = Registry::builtin();
        registry
            .add_toml(
                std::path::Path::new("x.toml"),
                "[[actor]]\nid = \"someone\"\nname = \"Someone Else\"\nkind = \"person\"\nleads = \"hamas\"\n",
            )
            .unwrap();
        let err = Extractor::new(registry, &Vocabulary::builtin(), Rules::builtin())
            .err()
            .expect("a leader of a non-state is refused");
        assert!(err.to_string().contains("leads `hamas`"), "{err}");
    }

    #[test]
    fn a_demonym_before_troops_names_the_armed_forces() {
        let ex = Extractor::builtin();
        for (text, s, o) in [
            (
                "Wagner is training Malian special forces near Gao.",
                "wagner-group",
                "fama",
            ),
            (
                "Russian soldiers shelled Ukraine in May.",
                "russian-armed-forces",
                "ukraine",
            ),
        ] {
            let got = triples(&ex, text);
            assert!(
                got.iter().any(|t| t.0 == s && t.2 == o),
                "{text:?} gave {got:?}"
            );
        }
        // Without a word for troops the demonym stays the state.
        let got = triples(&ex, "Wagner trained Malian police near Gao.");
        assert!(got.iter().all(|t| t.2 != "fama"), "{got:?}");
    }

    #[test]
    fn talks_named_after_a_city_are_an_event_not_the_state() {
        let ex = Extractor::builtin();
        let got = triples(&ex, "The UN praised the Astana talks in 2017.");
        assert!(got.iter().all(|t| t.2 != "kazakhstan"), "{got:?}");
        let out = ex.extract("t", "Russia backed the Doha process.");
        let target = out
            .relations
            .first()
            .map(|r| r.target.clone())
            .unwrap_or_default();
        let node = out.actors.iter().find(|a| a.id == target);
        assert!(
            node.is_some_and(|a| a.label == "Doha process" && a.kind == "event" && a.candidate),
            "{:?} {:?}",
            out.relations,
            out.actors
        );
        // The seat alone still stands for its government …
        let got = triples(&ex, "Doha backed Hamas in 2012.");
        assert!(got.iter().any(|t| t.0 == "qatar"), "{got:?}");
        // … but besieged or entered, it is the city.
        let ex = Extractor::builtin();
        for text in [
            "The RSF besieged Khartoum for a year.",
            "The Taliban entered Kabul in August.",
        ] {
            let out = ex.extract("t", text);
            let places: Vec<&str> = out
                .actors
                .iter()
                .filter(|a| a.kind == "place" && a.candidate)
                .map(|a| a.label.as_str())
                .collect();
            assert!(
                out.relations
                    .iter()
                    .all(|r| r.target != "sudan" && r.target != "afghanistan")
                    && !places.is_empty(),
                "{text:?}: {:?} {places:?}",
                out.relations
            );
        }
        assert!(place_role("the siege of ") && place_role("after the fall of "));
        assert!(!place_role("talks with ") && !place_role("the government of "));
    }
}

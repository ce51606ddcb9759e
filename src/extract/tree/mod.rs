//! Extraction over dependency trees: rules kept as data
//! (`[[tree]]` tables of `graph-data/rules/trees.toml`), a predicate
//! lexicon built from the vocabulary, the nominalisations and the
//! `[[frame]]` tables (`graph-data/rules/frames.toml`), and the code that
//! follows a rule's paths from a trigger word to the actors of its
//! subject and object.
//!
//! For one parsed sentence and the actor mentions found in it (byte spans),
//! [`Trees::matches`] finds every trigger (a word of the lexicon, by form or
//! lemma and part of speech), follows each rule's subject and object paths
//! ([`path`]), and resolves the words reached to actors: through
//! coordination (`conj`), relative pronouns (`which` of an `acl:relcl`),
//! appositions, names of several words (the mention's head) and nouns that
//! stand for an actor (`Russian forces`, `the government of Chad`). The
//! polarity comes from the tree: negation and hedges on the trigger or on
//! the verbs that govern it (`refused to`, `plans to`, `denied that`).
//!
//! **Invariant:** the code knows UD relations, not English predicates:
//! every word that states a relation comes from the lexicon files.

pub mod conllu;
pub mod path;

use crate::extract::lexicon::{fold, FxMap, FxSet, Lexicon};
use crate::extract::rules::{Rules, TreeRuleDef};
use crate::model::{Polarity, RelationClass};
use crate::syntax::{Sentence, Upos};
use crate::vocabulary::Vocabulary;
use path::{Ctx, Path};

pub const SYNTAX_HINT: &str =
    "a tree rule has id, description, trigger (verb, verb-prep, noun or adj), \
subject and object (lists of paths such as \">nsubj\", \"<acl\", \">obl[case=$prep]\"), \
a `name` rule also its predicate (a word rule may name one that replaces its \
lexicon entry's, stated by the word that governs the trigger), \
and examples: [[\"Sentence.\", \"subject-id CLASS object-id\"], …]";

/// Parses the paths of a rule definition and checks its fields.
pub fn check_def(def: &TreeRuleDef) -> Result<(), String> {
    let trigger = trigger_of(&def.trigger)?;
    if trigger == Trigger::Name && def.predicate.is_none() {
        return Err("a `name` rule names its predicate".into());
    }
    for k in def.subject_kinds.iter().chain(&def.object_kinds) {
        if !crate::model::ACTOR_KINDS.contains(&k.as_str()) {
            return Err(format!("unknown actor kind `{k}`"));
        }
    }
    for p in def.subject.iter().chain(&def.object) {
        path::parse(p).map_err(|e| format!("path `{p}`: {e}"))?;
    }
    if def.subject.is_empty() || def.object.is_empty() {
        return Err("a rule needs at least one subject and one object path".into());
    }
    if let Some(p) = &def.polarity {
        p.parse::<Polarity>()
            .map_err(|_| format!("unknown polarity `{p}`"))?;
    }
    if def.examples.is_empty() {
        return Err("a rule needs at least one example".into());
    }
    for [_, rel] in &def.examples {
        parse_expected(rel)?;
    }
    Ok(())
}

/// `subject CLASS object` of an example.
pub fn parse_expected(rel: &str) -> Result<(String, RelationClass, String), String> {
    let parts: Vec<&str> = rel.split_whitespace().collect();
    match parts.as_slice() {
        [s, c, o] => Ok((
            s.to_string(),
            c.parse()
                .map_err(|_| format!("example `{rel}`: unknown class `{c}`"))?,
            o.to_string(),
        )),
        _ => Err(format!(
            "example `{rel}`: expected `subject CLASS object` (registry ids)"
        )),
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Trigger {
    /// A verb with a direct object (`attack X`).
    Verb,
    /// A verb whose object has a preposition (`withdraw from X`).
    VerbPrep,
    Noun,
    Adj,
    /// The head word of an actor mention (`Chad's army`): the rule names its predicate.
    Name,
}

fn trigger_of(s: &str) -> Result<Trigger, String> {
    Ok(match s {
        "verb" => Trigger::Verb,
        "verb-prep" => Trigger::VerbPrep,
        "noun" => Trigger::Noun,
        "adj" => Trigger::Adj,
        "name" => Trigger::Name,
        _ => {
            return Err(format!(
                "unknown trigger `{s}` (verb, verb-prep, noun, adj or name)"
            ))
        }
    })
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Pos {
    Verb,
    Noun,
    Adj,
}

/// One way a word states a predicate.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Entry {
    /// Index into the extractor's predicates.
    pred: u32,
    pos: Pos,
    preps: Vec<String>,
    /// Words that must depend on the trigger (`up` of `set up`, `control`
    /// of `take control of`).
    needs: Vec<String>,
    /// The rules' subject and object swap (`Iran's proxy Hezbollah`).
    inverse: bool,
}

/// What depends on a trigger word, read once for all its rules.
struct Deps {
    /// A subject of its own (`nsubj`, `nsubj:pass`, `csubj`).
    subject: bool,
    /// A passive subject and no other.
    passive: bool,
    /// A direct object or a clausal complement.
    object: bool,
    /// A preposition and a possessor of its own (`against B's alliance`).
    possessed_pp: bool,
}

impl Deps {
    fn of(sent: &Sentence, trig: usize) -> Deps {
        let (mut subject, mut object, mut case, mut poss) = (false, false, false, false);
        let (mut active, mut passive) = (false, false);
        for c in sent.children(trig) {
            match sent.tokens[c].deprel {
                "nsubj:pass" => {
                    subject = true;
                    passive = true;
                }
                "nsubj" | "csubj" => {
                    subject = true;
                    active = true;
                }
                // Not a relative pronoun (`which B rejected`).
                "obj" if sent.tokens[c].xpos != "WDT" && sent.tokens[c].xpos != "WP" => {
                    object = true
                }
                "ccomp" => object = true,
                "case" => case = true,
                "nmod:poss" => poss = true,
                _ => {}
            }
        }
        Deps {
            subject,
            passive: passive && !active,
            object,
            possessed_pp: case && poss,
        }
    }
}

struct Rule {
    trigger: Trigger,
    /// The predicate of a `name` rule; of a word rule, the predicate that
    /// replaces its lexicon entry's (`threatened to strike B`: the threat,
    /// stated by the governing word, whose polarity it takes).
    pred: Option<u32>,
    pub(crate) subject_kinds: Vec<String>,
    pub(crate) object_kinds: Vec<String>,
    classes: Vec<RelationClass>,
    not_classes: Vec<RelationClass>,
    intransitive: bool,
    passive: bool,
    no_possessed_pp: bool,
    own_doer: bool,
    activity: bool,
    trigger_class: Option<String>,
    not_trigger_class: Option<String>,
    subject: Vec<Path>,
    /// The subject paths that start downwards: all a verb with a subject of
    /// its own may use (`X entered the city after the army withdrew`: the
    /// army withdrew, not X).
    subject_own: Vec<Path>,
    object: Vec<Path>,
    polarity: Option<Polarity>,
}

/// The tree rules and the predicate lexicon, compiled.
#[derive(Default)]
pub struct Trees {
    rules: Vec<Rule>,
    entries: Vec<Entry>,
    by_word: FxMap<String, Vec<u32>>,
    classes: FxMap<String, FxSet<String>>,
}

/// An actor mention: a byte span of the text and the actor it names.
#[derive(Clone, Copy, Debug)]
pub struct Arg {
    pub start: usize,
    pub end: usize,
    pub actor: u32,
}

/// What a rule firing at a trigger states, before its ends are known.
struct Pair {
    rule: usize,
    trigger: usize,
    pred: u32,
    class: RelationClass,
}

/// One relation found in a tree.
#[derive(Clone, Debug, PartialEq)]
pub struct Hit {
    /// Index of the rule in [`Rules::trees`].
    pub rule: usize,
    pub trigger: usize,
    /// Index of the predicate in the extractor's lexicon.
    pub pred: u32,
    pub class: RelationClass,
    pub subject: u32,
    pub subject_tok: usize,
    pub object: u32,
    pub object_tok: usize,
    pub polarity: Polarity,
}

/// A parser the extractor calls on the sentences worth parsing.
pub trait Parse: Send + Sync {
    /// The tree of the sentence `text[start..end]`, with offsets into `text`.
    fn parse(&self, text: &str, start: usize, end: usize) -> Option<Sentence>;

    /// The same, where `hint` tells the parts of speech the lexicon knows a
    /// lower-case word to have and `names` where actors' names are (see
    /// [`crate::syntax::Model::parse_span_hinted`]); a parser that tags
    /// nothing ignores them.
    fn parse_hinted(
        &self,
        text: &str,
        start: usize,
        end: usize,
        hint: &dyn Fn(&str) -> u32,
        names: &[std::ops::Range<usize>],
    ) -> Option<Sentence> {
        let _ = (hint, names);
        self.parse(text, start, end)
    }
}

/// How far below the tagger's best tag the best tag the lexicon allows may
/// score and still be taken, for a word the parser's vocabulary knows (for
/// the others the lexicon decides). Chosen on gum-dev with a model trained
/// without it: 0 (only ties) scored best; 1,000, 5,000 and 20,000 tagged 0–3
/// more tokens wrong.
pub const TAG_HINT_MARGIN: i32 = 0;

impl Parse for conllu::Treebank {
    /// The tree that overlaps the span most (the text must be the treebank's).
    fn parse(&self, _text: &str, start: usize, end: usize) -> Option<Sentence> {
        self.sentences
            .iter()
            .map(|s| (s.end.min(end).saturating_sub(s.start.max(start)), s))
            .filter(|(o, _)| *o > 0)
            .max_by_key(|(o, _)| *o)
            .map(|(_, s)| s.clone())
    }
}

impl Parse for &'static crate::syntax::Model {
    /// Tokenizes, tags and parses the span as one sentence.
    fn parse(&self, text: &str, start: usize, end: usize) -> Option<Sentence> {
        let s = self.parse_span(text, start..end);
        (!s.tokens.is_empty()).then_some(s)
    }

    fn parse_hinted(
        &self,
        text: &str,
        start: usize,
        end: usize,
        hint: &dyn Fn(&str) -> u32,
        names: &[std::ops::Range<usize>],
    ) -> Option<Sentence> {
        let s = self.parse_span_hinted(text, start..end, hint, TAG_HINT_MARGIN, names);
        (!s.tokens.is_empty()).then_some(s)
    }
}

const PARTICLES: &[&str] = &["up", "out", "down", "off", "back", "away", "over", "in"];

impl Trees {
    /// Compiles the tree rules of `rules` and builds the lexicon from the
    /// vocabulary, the rules' predicates, nominalisations and frames.
    pub fn build(vocab: &Vocabulary, rules: &Rules, lex: &Lexicon) -> Result<Trees, String> {
        let mut t = Trees::default();
        for (class, words) in &rules.words {
            t.classes.insert(
                class.clone(),
                words.iter().map(|w| fold(w)).collect::<FxSet<_>>(),
            );
        }
        // Classes of verbs hold every regular inflection of their words: the
        // lemmatiser may miss a base (`restored` → `restor`), and the form
        // must still be found.
        for class in VERB_CLASSES.iter().chain(&POLARITY_VERB_CLASSES) {
            if let Some(words) = t.classes.get_mut(*class) {
                let more: Vec<String> = words
                    .iter()
                    .filter(|w| w.chars().all(|c| c.is_ascii_lowercase()))
                    .flat_map(|w| inflections(w))
                    .collect();
                words.extend(more);
            }
        }
        let be = t.classes.get("be").cloned().unwrap_or_default();
        let aux = t.classes.get("aux").cloned().unwrap_or_default();
        let preps = t.classes.get("prep").cloned().unwrap_or_default();
        for p in vocab.predicates().iter().chain(&rules.predicates) {
            let Some(pred) = lex.pred_by_name(&p.name) else {
                continue;
            };
            // The copular forms' words (`is based in`): the same words
            // without `be` (`based in`) are that adjective reduced, with its
            // preposition (not a particle: `in` of `step in`).
            let copular_forms: Vec<Vec<String>> = p
                .forms
                .iter()
                .map(|f| f.split_whitespace().map(fold).collect::<Vec<_>>())
                .filter(|w| w.first().is_some_and(|w| be.contains(w)))
                .map(|w| w[1..].to_vec())
                .collect();
            for form in p.forms.iter().chain(std::iter::once(&p.name)) {
                let words: Vec<String> = form.split_whitespace().map(fold).collect();
                let lead = words
                    .iter()
                    .take_while(|w| be.contains(*w) || aux.contains(*w))
                    .count();
                let copular = lead > 0 && words[..lead].iter().any(|w| be.contains(w));
                let Some(main) = words.get(lead) else {
                    continue;
                };
                let rest = &words[lead + 1..];
                let reduced = copular_forms.iter().any(|c| c[..] == words[lead..]);
                let adjective = copular || reduced;
                // A lone particle of a verb (`step in`) is no preposition.
                let particle =
                    |l: &String| rest.len() == 1 && PARTICLES.contains(&l.as_str()) && !adjective;
                let (needs, prep) = match rest.last() {
                    Some(l) if preps.contains(l) && !particle(l) => {
                        (rest[..rest.len() - 1].to_vec(), vec![l.clone()])
                    }
                    _ => (rest.to_vec(), Vec::new()),
                };
                let pos = if adjective { Pos::Adj } else { Pos::Verb };
                t.add(
                    main,
                    Entry {
                        pred,
                        pos,
                        preps: prep,
                        needs,
                        inverse: false,
                    },
                );
            }
        }
        for n in &rules.nominals {
            let Some(pred) = lex.pred_by_name(&n.predicate) else {
                continue;
            };
            for form in &n.forms {
                let mut words: Vec<String> = form.split_whitespace().map(fold).collect();
                let mut preps = n.preps.clone();
                if words.len() > 1 && words.last().is_some_and(|w| preps_has(&t, w)) {
                    preps = vec![words.pop().unwrap_or_default()];
                }
                let Some(head) = words.pop() else { continue };
                t.add(
                    &head,
                    Entry {
                        pred,
                        pos: Pos::Noun,
                        preps,
                        needs: words,
                        inverse: false,
                    },
                );
            }
        }
        for f in &rules.frames {
            let pred = lex.pred_by_name(&f.predicate).ok_or_else(|| {
                format!(
                    "frame `{}` names predicate `{}`, which no vocabulary or rules file defines",
                    f.words.first().map_or("", String::as_str),
                    f.predicate
                )
            })?;
            let pos = match f.pos.as_str() {
                "verb" => Pos::Verb,
                "noun" => Pos::Noun,
                "adj" => Pos::Adj,
                other => return Err(format!("frame pos `{other}`: expected verb, noun or adj")),
            };
            for w in &f.words {
                let mut words: Vec<String> = w.split_whitespace().map(fold).collect();
                let Some(head) = (if pos == Pos::Verb {
                    (!words.is_empty()).then(|| words.remove(0))
                } else {
                    words.pop()
                }) else {
                    continue;
                };
                if let Some(c) = words
                    .iter()
                    .filter_map(|w| w.strip_prefix('@'))
                    .find(|c| !t.classes.contains_key(*c))
                {
                    return Err(format!(
                        "frame word `{w}`: `@{c}` is not a word class of [words]"
                    ));
                }
                let entry = Entry {
                    pred,
                    pos,
                    preps: f.preps.iter().map(|p| fold(p)).collect(),
                    needs: words,
                    inverse: f.inverse,
                };
                // Every inflection, so a word the lemmatiser gets wrong still triggers.
                let forms = if pos == Pos::Verb {
                    inflections(&head)
                } else {
                    vec![head]
                };
                for form in forms {
                    t.add(&form, entry.clone());
                }
            }
        }
        for def in &rules.trees {
            let parse = |ps: &[String]| -> Result<Vec<Path>, String> {
                ps.iter()
                    .map(|p| path::parse(p).map_err(|e| format!("rule `{}`: {e}", def.id)))
                    .collect()
            };
            let pred = match &def.predicate {
                Some(name) => Some(lex.pred_by_name(name).ok_or_else(|| {
                    format!(
                        "rule `{}` names predicate `{name}`, which no vocabulary or rules file defines",
                        def.id
                    )
                })?),
                None => None,
            };
            for (field, c) in [
                ("trigger_class", &def.trigger_class),
                ("not_trigger_class", &def.not_trigger_class),
            ] {
                if let Some(c) = c {
                    if !t.classes.contains_key(c) {
                        return Err(format!(
                            "rule `{}`: {field} `{c}` is not a word class of [words]",
                            def.id
                        ));
                    }
                }
            }
            t.rules.push(Rule {
                trigger: trigger_of(&def.trigger)?,
                pred,
                subject_kinds: def.subject_kinds.clone(),
                object_kinds: def.object_kinds.clone(),
                classes: def.classes.clone(),
                not_classes: def.not_classes.clone(),
                intransitive: def.intransitive,
                passive: def.passive,
                no_possessed_pp: def.no_possessed_pp,
                own_doer: def.own_doer,
                activity: def.activity,
                trigger_class: def.trigger_class.clone(),
                not_trigger_class: def.not_trigger_class.clone(),
                subject: parse(&def.subject)?,
                subject_own: parse(&def.subject)?
                    .into_iter()
                    .filter(|p| match p {
                        Path::Steps(steps) => {
                            steps.first().is_none_or(|st| st.dir == path::Dir::Down)
                        }
                        Path::Prefix => true,
                    })
                    .collect(),
                object: parse(&def.object)?,
                polarity: def.polarity.as_deref().and_then(|p| p.parse().ok()),
            });
        }
        Ok(t)
    }

    fn add(&mut self, word: &str, e: Entry) {
        let list = self.by_word.entry(word.to_string()).or_default();
        if !list.iter().any(|&i| self.entries[i as usize] == e) {
            list.push(self.entries.len() as u32);
            self.entries.push(e);
        }
    }

    /// The parts of speech a lower-case `word` of the lexicon may have, as a
    /// bit set of `1 << Upos as u32` (0 when it does not know the word): a
    /// hint for the tagger. A predicate word is a noun, a verb or a name
    /// (`ally` is never an adverb, `lent` never an adjective), and an
    /// adjective of the lexicon or a participle is an adjective too; between noun and verb
    /// (`fuel`, `court`) the tagger decides.
    pub fn pos_hint(&self, word: &str) -> u32 {
        let open = (1 << Upos::Verb as u32) | (1 << Upos::Noun as u32) | (1 << Upos::Propn as u32);
        // Past forms that are only ever verbs (`drew`, `sought`), whatever
        // the tagger makes of them, and those that are verbs but for a rare
        // noun or adjective (`led`, `sent`), in a close call.
        let verb = (1 << Upos::Verb as u32) | (1 << Upos::Propn as u32) | crate::syntax::VERB_FORM;
        if self.in_class("verb_only", word) {
            return verb | crate::syntax::FIRM;
        }
        if self.in_class("verb_mostly", word) {
            return verb;
        }
        // Words of direction that are only ever adjectives (`northern`,
        // which the tagger read as a verb after `to` in `deployed troops
        // to northern Syria`), or part of a name (`Northern Ireland`).
        if self.in_class("adj_only", word) {
            return (1 << Upos::Adj as u32) | (1 << Upos::Propn as u32) | crate::syntax::FIRM;
        }
        // Participles may be adjectives too (`devastating`, `armed`).
        let participle = word.ends_with("ing") || word.ends_with("ed");
        let mut set = 0;
        let mut verb = false;
        let mut noun = false;
        for &e in self.by_word.get(word).map_or(&[][..], Vec::as_slice) {
            let pos = self.entries[e as usize].pos;
            set |= open;
            verb |= pos == Pos::Verb;
            noun |= pos == Pos::Noun;
            if pos == Pos::Adj || participle {
                set |= 1 << Upos::Adj as u32;
            }
        }
        // The words of the verb classes are verbs too (`lent` support).
        if set == 0 && VERB_CLASSES.iter().any(|c| self.in_class(c, word)) {
            set = open;
            verb = true;
            if participle {
                set |= 1 << Upos::Adj as u32;
            }
        }
        if verb && !super::candidates::Cues::builtin().is_title(word) {
            set |= crate::syntax::VERB_FORM;
        }
        if noun && set & (1 << Upos::Adj as u32) == 0 {
            set |= crate::syntax::NOUN_FORM;
        }
        set
    }

    /// Whether `word` (any case) is a noun of the predicate lexicon with no
    /// extra words (`loans`, `bases`; not `presence` of `military presence`).
    pub fn is_noun(&self, word: &str) -> bool {
        self.by_word.get(&fold(word)).is_some_and(|es| {
            es.iter().any(|&e| {
                let e = &self.entries[e as usize];
                e.pos == Pos::Noun && e.needs.is_empty()
            })
        })
    }

    /// Whether `word` (lower case) is in the word class `class`.
    pub fn in_class(&self, class: &str, word: &str) -> bool {
        self.classes.get(class).is_some_and(|c| c.contains(word))
    }

    /// Whether token `i`'s lemma or form is in the word class `class`.
    fn token_in_class(&self, class: &str, text: &str, sent: &Sentence, i: usize) -> bool {
        self.in_class(class, &fold(&sent.tokens[i].lemma))
            || self.in_class(class, &fold(sent.form(text, i)))
    }

    /// The number of predicate words the lexicon knows.
    pub fn words(&self) -> usize {
        self.by_word.len()
    }

    /// Every relation the rules find in one sentence; one per (subject,
    /// class, object), the first rule winning.
    pub fn matches<'k>(
        &self,
        preds: &[crate::extract::lexicon::PredInfo],
        text: &str,
        sent: &Sentence,
        args: &[Arg],
        kind_of: &dyn Fn(u32) -> &'k str,
    ) -> Vec<Hit> {
        let map = Mapped::new(text, sent, args, kind_of);
        let pair: Vec<bool> = map.also.iter().map(Option::is_some).collect();
        let named: Vec<bool> = map.actor.iter().map(Option::is_some).collect();
        let mut out: Vec<Hit> = Vec::new();
        let class = |c: &str, w: &str| self.in_class(c, w);
        let reciprocals = reciprocal_pronouns(text, sent);
        for trig in 0..sent.tokens.len() {
            // A word inside an actor's name (`Allies` of `War Reserve Stocks
            // for Allies–Israel`) names the actor, not a predicate; its last
            // word may still (`IRGC forces in Syria`), unless the name ends
            // in an `of` or `for` phrase (`Board of Peace`, `Office for Aid`).
            let tok = &sent.tokens[trig];
            if args.iter().any(|a| {
                a.start <= tok.start
                    && (tok.end < a.end
                        || (tok.end == a.end
                            && trig > 0
                            && sent.tokens[trig - 1].start >= a.start
                            && matches!(sent.form(text, trig - 1), "of" | "for")))
            }) {
                continue;
            }
            let entries = self.entries_at(text, sent, trig);
            if entries.is_empty() {
                continue;
            }
            let mut polarity = None;
            let deps = Deps::of(sent, trig);
            let reciprocal = reciprocal_after(text, sent, &reciprocals, trig);
            // An entry whose extra words are there (`send troops to`) hides
            // the bare entries of the same word that state something else
            // (`send to`); one that states the same (`diplomatic support`)
            // hides nothing, so the bare word's prepositions still count
            // (`diplomatic support to`).
            let entries: Vec<u32> = entries
                .into_iter()
                .filter(|&e| self.needs_ok(text, sent, trig, &self.entries[e as usize].needs))
                .collect();
            let specific: Vec<RelationClass> = entries
                .iter()
                .map(|&e| &self.entries[e as usize])
                .filter(|entry| !entry.needs.is_empty())
                .map(|entry| preds[entry.pred as usize].class)
                .collect();
            for &e in &entries {
                let entry = &self.entries[e as usize];
                let class_of = preds[entry.pred as usize].class;
                if !specific.is_empty() && entry.needs.is_empty() && !specific.contains(&class_of) {
                    continue;
                }
                let info = &preds[entry.pred as usize];
                for (r, rule) in self.rules.iter().enumerate() {
                    let fits = match rule.trigger {
                        Trigger::Verb => entry.pos == Pos::Verb && entry.preps.is_empty(),
                        Trigger::VerbPrep => entry.pos == Pos::Verb && !entry.preps.is_empty(),
                        Trigger::Noun => entry.pos == Pos::Noun,
                        Trigger::Adj => entry.pos == Pos::Adj,
                        Trigger::Name => false,
                    };
                    if !fits
                        || !(rule.classes.is_empty() || rule.classes.contains(&info.class))
                        || rule.not_classes.contains(&info.class)
                    {
                        continue;
                    }
                    // (`each other` as an object makes the verb transitive.)
                    if (rule.intransitive && (deps.object || reciprocal == Some(None)))
                        || (rule.passive && !deps.passive)
                        || (rule.no_possessed_pp && deps.possessed_pp)
                        || (rule.activity && named[trig])
                    {
                        continue;
                    }
                    let t = &sent.tokens[trig];
                    let in_trigger_class = |c: &str| {
                        self.in_class(c, &fold(&t.lemma))
                            || self.in_class(c, &fold(sent.form(text, trig)))
                    };
                    if rule
                        .trigger_class
                        .as_deref()
                        .is_some_and(|c| !in_trigger_class(c))
                        || rule
                            .not_trigger_class
                            .as_deref()
                            .is_some_and(in_trigger_class)
                    {
                        continue;
                    }
                    let ctx = Ctx {
                        text,
                        sent,
                        trigger: trig,
                        preps: &entry.preps,
                        class: &class,
                        force: info.class == RelationClass::ASSAULT,
                        meeting: info.class == RelationClass::CONSULT,
                        attitude: matches!(
                            info.class,
                            RelationClass::ACCUSE
                                | RelationClass::REJECT
                                | RelationClass::SUPPORT
                                | RelationClass::CONCEDE
                                | RelationClass::PROTEST
                                | RelationClass::OVERSEE
                        ),
                        pair: &pair,
                        named: &named,
                    };
                    let own_subject = matches!(rule.trigger, Trigger::Verb | Trigger::VerbPrep)
                        && deps.subject
                        && !rule.passive;
                    let subject_paths = if own_subject {
                        &rule.subject_own
                    } else {
                        &rule.subject
                    };
                    let mut subjects = self.ends(&ctx, &map, subject_paths);
                    // (Joining someone's deed is doing it too: `the UK
                    // joined American strikes on the Houthis`.)
                    let joined = || {
                        sent.head(trig).is_some_and(|h| {
                            matches!(fold(&sent.tokens[h].lemma).as_str(), "join" | "joined")
                        })
                    };
                    if rule.own_doer && !joined() {
                        // The actors the noun names as its own (`Russian`,
                        // `Egypt's`), not through a pronoun.
                        let owners: Vec<u32> = sent
                            .children(trig)
                            .filter(|&c| {
                                matches!(sent.tokens[c].deprel, "nmod:poss" | "amod" | "compound")
                                    && sent.tokens[c].upos != Upos::Pron
                            })
                            .filter_map(|c| map.actor[c])
                            .collect();
                        if !owners.is_empty() {
                            subjects.retain(|s| owners.contains(&s.0));
                        }
                    }
                    if subjects.is_empty() {
                        continue;
                    }
                    let mut objects = self.ends(&ctx, &map, &rule.object);
                    // `A and B accuse each other`: each subject is the
                    // other's object.
                    if objects.is_empty()
                        && subjects.iter().any(|s| s.0 != subjects[0].0)
                        && reciprocal.as_ref().is_some_and(|prep| match prep {
                            None => entry.preps.is_empty(),
                            Some(p) => entry.preps.iter().any(|q| q == p),
                        })
                    {
                        objects = subjects.clone();
                    }
                    let pred = rule.pred.unwrap_or(entry.pred);
                    let pair = Pair {
                        rule: r,
                        trigger: trig,
                        pred,
                        class: preds[pred as usize].class,
                    };
                    let stated_at = match rule.pred {
                        Some(_) => sent.head(trig).unwrap_or(trig),
                        None => trig,
                    };
                    let mut own_polarity = None;
                    let polarity = match rule.pred {
                        Some(_) => &mut own_polarity,
                        None => &mut polarity,
                    };
                    let (subjects, objects) = if entry.inverse {
                        (objects, subjects)
                    } else {
                        (subjects, objects)
                    };
                    self.pair_up(&mut out, pair, &subjects, &objects, kind_of, &mut |_, _| {
                        let p = *polarity
                            .get_or_insert_with(|| self.polarity(text, sent, stated_at, &named));
                        match (p, rule.polarity) {
                            (Polarity::Asserted, Some(fixed)) => fixed,
                            _ => p,
                        }
                    });
                }
            }
        }
        // Rules whose trigger is a name: the head word of each mention.
        for trig in 0..sent.tokens.len() {
            let Some(me) = map.actor[trig] else { continue };
            if sent.head(trig).is_some_and(|h| map.actor[h] == Some(me)) {
                continue;
            }
            for (r, rule) in self.rules.iter().enumerate() {
                let (Trigger::Name, Some(pred)) = (rule.trigger, rule.pred) else {
                    continue;
                };
                let ctx = Ctx {
                    text,
                    sent,
                    trigger: trig,
                    preps: &[],
                    class: &class,
                    attitude: false,
                    force: false,
                    meeting: false,
                    pair: &pair,
                    named: &named,
                };
                let subjects = self.ends(&ctx, &map, &rule.subject);
                if subjects.is_empty() {
                    continue;
                }
                let objects = self.ends(&ctx, &map, &rule.object);
                let pair = Pair {
                    rule: r,
                    trigger: trig,
                    pred,
                    class: preds[pred as usize].class,
                };
                // Polarity comes from what governs the other end (`Chad's
                // army` in `did not deploy Chad's army`).
                let this_is_subject = rule.subject.iter().any(|p| *p == Path::Steps(Vec::new()));
                self.pair_up(
                    &mut out,
                    pair,
                    &subjects,
                    &objects,
                    kind_of,
                    &mut |st, ot| {
                        let head = if this_is_subject { ot } else { st };
                        self.polarity(text, sent, sent.head(head).unwrap_or(head), &named)
                    },
                );
            }
        }
        out
    }

    /// Adds a hit for each subject and object a rule reached, unless the
    /// two are one, an end has a kind the rule does not allow, or the same
    /// (subject, class, object) is already there.
    #[allow(clippy::too_many_arguments)]
    fn pair_up<'k>(
        &self,
        out: &mut Vec<Hit>,
        pair: Pair,
        subjects: &[(u32, usize)],
        objects: &[(u32, usize)],
        kind_of: &dyn Fn(u32) -> &'k str,
        polarity: &mut dyn FnMut(usize, usize) -> Polarity,
    ) {
        let rule = &self.rules[pair.rule];
        let fits =
            |kinds: &[String], a: u32| kinds.is_empty() || kinds.iter().any(|k| k == kind_of(a));
        for &(s, st) in subjects {
            for &(o, ot) in objects {
                // Nothing is a member of a person, nor located in one.
                let personal_place =
                    matches!(pair.class, RelationClass::MEMBER | RelationClass::LOCATED)
                        && kind_of(o) == "person";
                // One token gives two ends only as a pair phrase (`the two
                // countries signed a deal`): each with the other, once.
                let pair_token = st == ot
                    && subjects.iter().position(|x| x.0 == s)
                        < objects.iter().position(|x| x.0 == o);
                if s == o
                    || (st == ot && !pair_token)
                    || personal_place
                    || !fits(&rule.subject_kinds, s)
                    || !fits(&rule.object_kinds, o)
                    || out
                        .iter()
                        .any(|h| h.subject == s && h.object == o && h.class == pair.class)
                {
                    continue;
                }
                out.push(Hit {
                    rule: pair.rule,
                    trigger: pair.trigger,
                    pred: pair.pred,
                    class: pair.class,
                    subject: s,
                    subject_tok: st,
                    object: o,
                    object_tok: ot,
                    polarity: polarity(st, ot),
                });
            }
        }
    }

    /// The lexicon entries token `i` may trigger, by form then lemma,
    /// filtered by part of speech; a hyphenated token (`UAE-backed`) is
    /// looked up by its last part.
    fn entries_at(&self, text: &str, sent: &Sentence, i: usize) -> Vec<u32> {
        let t = &sent.tokens[i];
        let pos_ok = |p: Pos| match p {
            Pos::Verb => t.upos == Upos::Verb || (t.upos == Upos::Adj && t.xpos == "VBN"),
            Pos::Noun => matches!(t.upos, Upos::Noun | Upos::Propn),
            Pos::Adj => matches!(t.upos, Upos::Adj | Upos::Verb),
        };
        let form = fold(sent.form(text, i));
        let lemma = fold(&t.lemma);
        let mut keys = vec![form.as_str(), lemma.as_str()];
        if let Some((_, last)) = form.rsplit_once('-') {
            keys.push(last);
        }
        let mut out: Vec<u32> = Vec::new();
        for k in keys {
            for &e in self.by_word.get(k).map_or(&[][..], Vec::as_slice) {
                let entry = &self.entries[e as usize];
                // A participle modifier tagged ADJ (`UAE-backed`) still triggers verb rules.
                let hyphen_part = k != form && k != lemma;
                // An adjective by its own form or a comparative's lemma
                // (`closer to`), not by a verb's (`closed` is not `close`).
                if entry.pos == Pos::Adj && k == lemma && k != form && !t.xpos.starts_with("JJ") {
                    continue;
                }
                if (pos_ok(entry.pos) || (hyphen_part && entry.pos == Pos::Verb))
                    && !out.contains(&e)
                {
                    out.push(e);
                }
            }
        }
        out
    }

    fn needs_ok(&self, text: &str, sent: &Sentence, trig: usize, needs: &[String]) -> bool {
        // Down to great-grandchildren: `replaced Wagner with Redut` when the
        // parser hangs `with Redut` on Wagner.
        // `@class`: any word of that class (`send @materiel to`).
        let is = |i: usize, w: &str| match w.strip_prefix('@') {
            Some(class) => self.token_in_class(class, text, sent, i),
            None => fold(sent.form(text, i)) == w,
        };
        needs.iter().all(|w| {
            sent.children(trig).any(|c| {
                is(c, w)
                    || sent
                        .children(c)
                        .any(|g| is(g, w) || sent.children(g).any(|gg| is(gg, w)))
            }) || sent.head(trig).is_some_and(|h| is(h, w))
        })
    }

    /// The actors at the ends of some paths, with the token each was found at.
    fn ends(&self, ctx: &Ctx, map: &Mapped, paths: &[Path]) -> Vec<(u32, usize)> {
        let mut out: Vec<(u32, usize)> = Vec::new();
        for p in paths {
            match p {
                Path::Prefix => {
                    if let Some(a) = map.prefix[ctx.trigger] {
                        out.push((a, ctx.trigger));
                    }
                }
                Path::Steps(steps) => {
                    for n in path::follow(ctx, steps) {
                        for found in self.resolve(ctx, map, n) {
                            if !out.iter().any(|x| x.0 == found.0) {
                                out.push(found);
                            }
                        }
                    }
                }
            }
            if !out.is_empty() {
                // The first path that reaches an actor wins.
                break;
            }
        }
        out
    }

    /// The actors a word stands for: itself and the words coordinated with it.
    fn resolve(&self, ctx: &Ctx, map: &Mapped, node: usize) -> Vec<(u32, usize)> {
        let sent = ctx.sent;
        let mut nodes = vec![node];
        let mut k = 0;
        while k < nodes.len() && nodes.len() < 12 {
            let n = nodes[k];
            for c in sent.children(n) {
                if sent.tokens[c].deprel == "conj" && !nodes.contains(&c) {
                    nodes.push(c);
                }
            }
            if map.actor[n].is_none() {
                for m in self.members(ctx, n) {
                    if !nodes.contains(&m) {
                        nodes.push(m);
                    }
                }
            } else {
                // A long list the parser strings together by apposition
                // (`Burundi, the DRC, Kenya, …`): another actor in apposition
                // to an actor continues the list.
                for c in sent.children(n) {
                    if matches!(sent.tokens[c].deprel, "appos" | "dep" | "list")
                        && map.actor[c].is_some_and(|a| Some(a) != map.actor[n])
                        // Of one kind (states with states), after a comma,
                        // not a bracketed acronym (`(FEC)`).
                        && map.kind[c] == map.kind[n]
                        && sent.children(c).any(|p| sent.form(ctx.text, p) == ",")
                        && !nodes.contains(&c)
                    {
                        nodes.push(c);
                    }
                }
            }
            k += 1;
        }
        let mut out = Vec::new();
        let mut stood = Vec::with_capacity(nodes.len());
        for n in nodes {
            for a in self.antecedents(ctx, map, n).unwrap_or_else(|| vec![n]) {
                if !stood.contains(&a) {
                    stood.push(a);
                }
            }
        }
        for n in stood {
            // `Presidents Kenyatta and Tshisekedi`: a word that is no actor,
            // hung with a name as its `flat` part, is that name's title.
            let title = || {
                crate::extract::candidates::Cues::builtin()
                    .is_title_or_plural(&fold(sent.form(ctx.text, n)))
            };
            let n = match sent
                .children(n)
                .find(|&c| sent.tokens[c].deprel == "flat" && map.actor[c].is_some())
            {
                Some(c) if map.actor[n].is_none() && title() => c,
                _ => n,
            };
            // `the bank that Equity acquired is BCDC`: a noun that is the
            // subject of a copula stands for the name it is equated with.
            let n = match sent.head(n) {
                Some(h)
                    if map.actor[n].is_none()
                        && sent.tokens[n].deprel == "nsubj"
                        && sent.tokens[n].upos == Upos::Noun
                        && map.actor[h].is_some()
                        && sent.children(h).any(|c| sent.tokens[c].deprel == "cop") =>
                {
                    h
                }
                _ => n,
            };
            // `killed thousands of civilians in Yemen`: a number of things
            // stands for the things; `opposed the enlargement of NATO`: the
            // making or growth of a thing stands for the thing.
            let n = match sent.children(n).find(|&c| {
                sent.tokens[c].deprel == "nmod" && path::cases(ctx.text, sent, c).any(|w| w == "of")
            }) {
                Some(c)
                    if map.actor[n].is_none() && {
                        let form = fold(sent.form(ctx.text, n));
                        self.in_class("quantity", &form) || self.in_class("making", &form)
                    } =>
                {
                    c
                }
                _ => n,
            };
            // (`Iranian drones`, named as Iran's, are no one to meet.)
            if ctx.meeting && self.in_class("means", &fold(sent.form(ctx.text, n))) {
                continue;
            }
            if let Some(a) = map.actor[n] {
                out.push((a, n));
                if let Some(b) = map.also[n].filter(|&b| b != a) {
                    out.push((b, n));
                }
                continue;
            }
            // A noun that stands for an actor: `Russian forces`, `the
            // government of Chad`, `Israel's army`; or an apposition.
            let lemma = fold(&sent.tokens[n].lemma);
            let form = fold(sent.form(ctx.text, n));
            // Troops and officials stand for their actor, and so do the
            // things an actor holds or does (`struck Iranian positions`,
            // `support for Turkish operations`).
            // What an actor does stands for it too, and may name the doer
            // with `by` (`condemned attacks by the RSF`).
            // So does a deed that draws the attitude onto itself (`Israel's
            // strikes drew condemnation from B`: the subject of the verb
            // whose object the trigger is).
            let drawn = sent.tokens[n].deprel.starts_with("nsubj")
                && sent.tokens[ctx.trigger].deprel == "obj"
                && sent.head(n).is_some()
                && sent.head(n) == sent.head(ctx.trigger);
            // And the deed that does the trigger's deed (`Israeli strikes
            // killed dozens of civilians`): its doer does it.
            let doing =
                ctx.force && sent.tokens[n].deprel == "nsubj" && sent.head(n) == Some(ctx.trigger);
            let deed = ((ctx.attitude && (sent.head(n) == Some(ctx.trigger) || drawn)) || doing)
                && self.in_class("deed", &form);
            let agent = (self.in_class("agent", &lemma)
                || self.in_class("agent", &form)
                || self.in_class("holding", &form))
                && !(ctx.meeting && self.in_class("means", &form));
            let placeword = self.in_class("placeword", &form);
            let partitive = self.in_class("partitive", &form);
            let governing = self.in_class("governing", &form);
            // `struck targets in Syria`, `killed civilians in El Geneina`:
            // what is hit in a place stands for the place.
            let target = self.in_class("target", &form);
            // `OPEC countries`, `NATO members`: a body's member states
            // stand for the body.
            let bloc = self.in_class("bloc", &form);
            let found = out.len();
            for c in sent.children(n) {
                let rel = sent.tokens[c].deprel;
                // A possessive pronoun (`withdrew its troops`) points back
                // to the subject, not to a new argument.
                let pronoun = sent.tokens[c].upos == Upos::Pron;
                let ok = match rel {
                    "appos" => true,
                    "amod" | "compound" if bloc => {
                        map.kind[c].as_deref() == Some("organization") && !pronoun
                    }
                    // `its rival Redut`, `his counterpart Ali Shamkhani`
                    // (not a name's own part: `Redut PMC`).
                    "flat" => sent.tokens[n].upos == Upos::Noun,
                    "nmod:poss" | "amod" => (agent || deed) && !pronoun,
                    "compound" => (agent || deed || placeword) && !pronoun,
                    // `the city of Afrin`, `the ports of Latakia and Tartus`
                    // (a capital is not the country it is `of`).
                    "nmod" => path::cases(ctx.text, sent, c).any(|w| {
                        ((agent || partitive || (placeword && !form.starts_with("capital")))
                            && w == "of")
                            || (deed && w == "by")
                            || (governing && w == "in" && map.kind[c].as_deref() == Some("state"))
                            || (target
                                && (in_place(&w)
                                    || matches!(w.as_str(), "near" | "around" | "outside"))
                                && matches!(map.kind[c].as_deref(), Some("place" | "state")))
                    }),
                    _ => false,
                };
                if ok {
                    if let Some(a) = map.actor[c] {
                        out.push((a, c));
                        // `Russian and Chinese specialists`: the modifiers
                        // coordinated with it too.
                        if rel != "appos" {
                            for d in sent.children(c) {
                                if sent.tokens[d].deprel == "conj" {
                                    if let Some(b) = map.actor[d].filter(|&b| b != a) {
                                        out.push((b, d));
                                    }
                                }
                            }
                        }
                        break;
                    }
                }
            }
            // `struck a refinery in Russia's Belgorod region`: a place word
            // the text does not name as an actor stands for its owner.
            if target && out.len() == found {
                out.extend(self.owned_place(ctx, map, n));
            }
        }
        out
    }

    /// The owner (a state or a place) of the unnamed place word that word
    /// `n` is `in` (`Russia's Belgorod region`, `the Russian Kursk region`,
    /// `a province of Syria`).
    fn owned_place(&self, ctx: &Ctx, map: &Mapped, n: usize) -> Option<(u32, usize)> {
        let sent = ctx.sent;
        let place = |k: usize| matches!(map.kind[k].as_deref(), Some("place" | "state"));
        for c in sent.children(n) {
            if sent.tokens[c].deprel != "nmod"
                || map.actor[c].is_some()
                || !self.in_class("placeword", &fold(sent.form(ctx.text, c)))
                || !path::cases(ctx.text, sent, c).any(|w| in_place(&w))
            {
                continue;
            }
            for d in sent.children(c) {
                let owner = match sent.tokens[d].deprel {
                    "nmod:poss" | "amod" | "compound" => true,
                    "nmod" => path::cases(ctx.text, sent, d).any(|w| w == "of"),
                    _ => false,
                };
                if let Some(a) = map.actor[d].filter(|_| owner && place(d)) {
                    return Some((a, d));
                }
            }
        }
        None
    }

    /// The named members of a plural noun that is no actor itself:
    /// `states, including Chad and Niger`, `rivals such as Egypt`, `groups,
    /// which include JNIM and ISGS`, `its allies (Syria and Iraq)`.
    fn members(&self, ctx: &Ctx, n: usize) -> Vec<usize> {
        let sent = ctx.sent;
        let t = &sent.tokens[n];
        if !matches!(t.upos, Upos::Noun) || !t.xpos.ends_with('S') {
            return Vec::new();
        }
        let mut out = Vec::new();
        for c in sent.children(n) {
            let rel = sent.tokens[c].deprel;
            match rel {
                "nmod" | "appos"
                    if rel == "appos"
                        || path::cases(ctx.text, sent, c)
                            .any(|w| self.in_class("including", &w)) =>
                {
                    out.push(c)
                }
                "acl:relcl" | "acl" if self.token_in_class("include", ctx.text, sent, c) => {
                    out.extend(sent.children(c).filter(|&o| sent.tokens[o].deprel == "obj"));
                }
                // `its partners: China, India and Uganda`, however the
                // parser hangs the list after the colon.
                "parataxis" | "dep" | "list"
                    if sent.children(c).any(|p| sent.form(ctx.text, p) == ":") =>
                {
                    out.push(c)
                }
                _ => {}
            }
        }
        // `five groups (A, B and C)`: the members of a member.
        let direct = out.len();
        for i in 0..direct {
            let m = out[i];
            if sent.tokens[m].upos == Upos::Noun {
                for c in sent.children(m) {
                    if sent.tokens[c].deprel == "appos" && !out.contains(&c) {
                        out.push(c);
                    }
                }
            }
        }
        out
    }

    /// The nouns a relative pronoun stands for (`the RSF, which seized …`).
    /// After a coordination (`Chad and Niger, which …`) the parser hangs the
    /// clause on the first conjunct; the clause is about them all unless
    /// its verb is singular (`…, which borders Libya`: the nearest one).
    fn antecedents(&self, ctx: &Ctx, map: &Mapped, n: usize) -> Option<Vec<usize>> {
        let sent = ctx.sent;
        let t = &sent.tokens[n];
        let rel = matches!(t.xpos, "WDT" | "WP" | "WP$")
            || (t.upos == Upos::Pron
                && matches!(
                    fold(sent.form(ctx.text, n)).as_str(),
                    "which" | "who" | "that"
                ));
        if !rel {
            return None;
        }
        // The clause: the pronoun's head, or up to four steps above it.
        let mut cur = n;
        let mut clause = None;
        for _ in 0..5 {
            if sent.tokens[cur].deprel == "acl:relcl" {
                clause = Some(cur);
                break;
            }
            cur = sent.head(cur)?;
        }
        let clause = clause?;
        let h = sent.head(clause)?;
        if let Some(k) = nearest_name(sent, map, n, h) {
            return Some(vec![k]);
        }
        // The conjuncts before the pronoun (a clause before the first one,
        // `Chad, which …, and Niger`, has none and keeps its noun).
        let conjuncts: Vec<usize> = sent
            .children(h)
            .filter(|&c| sent.tokens[c].deprel == "conj" && c < n)
            .collect();
        let Some(&last) = conjuncts.last() else {
            return Some(vec![h]);
        };
        // The clause's verb, or its auxiliary: `is`, `has`, `backs`.
        let singular = std::iter::once(clause)
            .chain(
                sent.children(clause)
                    .filter(|&c| matches!(sent.tokens[c].deprel, "aux" | "aux:pass" | "cop")),
            )
            .any(|v| sent.tokens[v].xpos == "VBZ" || fold(sent.form(ctx.text, v)) == "was");
        if singular {
            return Some(vec![last]);
        }
        let mut all = vec![h];
        all.extend(conjuncts);
        Some(all)
    }

    /// Negated or hedged by the words on the trigger and on the verbs and
    /// nouns that govern it. `named`: per word, whether it is part of an
    /// actor's name; a verb of ending negates what its object names only
    /// when that is an activity, not an actor (`stopped its deployment in
    /// B`, not `stopped al-Shabaab fighters in B`).
    pub fn polarity(&self, text: &str, sent: &Sentence, trig: usize, named: &[bool]) -> Polarity {
        let actor_trigger = named.get(trig).copied().unwrap_or(false);
        let mut hedged = false;
        // What one party accuses another of is alleged (`accused X of arming Y`).
        let alleging = |h: usize| self.token_in_class("allege", text, sent, h);
        if matches!(sent.tokens[trig].deprel, "advcl" | "acl") {
            if let Some(h) = sent.head(trig) {
                // The clause hangs on the verb, or on its object (`accused
                // [X [of arming Y]]`).
                let object_of = |h: usize| {
                    (sent.tokens[h].deprel == "obj")
                        .then(|| sent.head(h))
                        .flatten()
                };
                if alleging(h) || object_of(h).is_some_and(alleging) {
                    hedged = true;
                }
                // What one is warned against is not done (`warned Beijing
                // against supplying weapons to Russia`).
                if self.token_in_class("warn", text, sent, h)
                    && path::cases(text, sent, trig).any(|w| w == "against")
                {
                    hedged = true;
                }
            }
        }
        let mut cur = trig;
        let mut via: Option<&str> = None;
        for _ in 0..5 {
            let t = &sent.tokens[cur];
            let lemma = fold(&t.lemma);
            let form = fold(sent.form(text, cur));
            let is = |c: &str| self.in_class(c, &lemma) || self.in_class(c, &form);
            if let Some(v) = via {
                // `refused to arm B`, `its refusal to withdraw from B`.
                if ((v == "xcomp" || v == "ccomp") || (v == "acl" && t.upos == Upos::Noun))
                    && is("refuse")
                {
                    return Polarity::Negated;
                }
                // `has yet to approve B`, `is yet to ratify the pact`: not
                // done so far (the parser makes `yet` the head, or hangs it
                // on `has`).
                if v == "xcomp"
                    && (is("pending")
                        || sent.children(cur).any(|c| {
                            sent.tokens[c].deprel == "advmod"
                                && self.token_in_class("pending", text, sent, c)
                        }))
                {
                    return Polarity::Negated;
                }
                // `suspended its cooperation with B`, `ended the pact`.
                if v == "obj" && t.upos == Upos::Verb && is("cease") && !actor_trigger {
                    return Polarity::Negated;
                }
                // `denied that A armed B`, `denies backing B`.
                if (v == "ccomp" || v == "xcomp") && is("deny") {
                    return Polarity::Negated;
                }
                // `the lack of coordination between A and B`.
                if v == "nmod" && t.upos == Upos::Noun && is("lack") {
                    return Polarity::Negated;
                }
                if matches!(v, "xcomp" | "acl" | "ccomp" | "nmod") && (is("goal") || is("intent")) {
                    hedged = true;
                }
                // A deed that is proposed, planned or pledged (`proposed
                // talks with B`, `pledged support to B`) is not yet done.
                if v == "obj" && t.upos == Upos::Verb && is("goal") {
                    hedged = true;
                }
                // `is believed to arm B`, `is expected to deploy` (a
                // passive or copula: `A meant to snub B` did snub B), and
                // the reduced relative of one (`the force, meant to deploy
                // in B`: which is meant to).
                let raised = || {
                    sent.children(cur)
                        .any(|c| matches!(sent.tokens[c].deprel, "aux:pass" | "cop"))
                        || (t.deprel == "acl" && t.xpos == "VBN")
                };
                if (v == "ccomp" || (v == "xcomp" && raised())) && is("hedge") {
                    hedged = true;
                }
                // A deed named as the object of a verb that presupposes it
                // (`might ease American sanctions on B`, `have not lifted
                // their sanctions on B`), or as the subject of a verb that
                // is not about its taking place (`strikes on B may have
                // killed dozens`), keeps its own polarity.
                let keeps_own = match v {
                    "obj" => is("presuppose"),
                    "nsubj" => ![
                        "occur",
                        "light",
                        "tree_light",
                        "goal",
                        "mull",
                        "hedge",
                        "cease",
                        "refuse",
                    ]
                    .iter()
                    .any(|c| is(c)),
                    _ => false,
                };
                if keeps_own && t.upos == Upos::Verb {
                    break;
                }
                // `is said to have armed B`, `was reported to back B`: a
                // report with no one to make it is a vague attribution.
                if v == "xcomp" && raised() && is("report") {
                    hedged = true;
                }
            }
            for c in sent.children(cur) {
                let ct = &sent.tokens[c];
                let cl = fold(&ct.lemma);
                let cf = fold(sent.form(text, c));
                let cis = |k: &str| self.in_class(k, &cl) || self.in_class(k, &cf);
                match ct.deprel {
                    "advmod" | "neg" | "det" | "aux" | "cc:preconj" | "advmod:neg"
                        if cis("neg") =>
                    {
                        return Polarity::Negated
                    }
                    // `Neither A nor B approved of C`: the subjects deny it.
                    "nsubj" | "nsubj:pass"
                        if sent.children(c).any(|g| {
                            sent.tokens[g].deprel == "cc:preconj"
                                && fold(sent.form(text, g)) == "neither"
                        }) =>
                    {
                        return Polarity::Negated
                    }
                    // `little coordination`, `scant support`: a noun with a
                    // quantifier of absence.
                    "amod" | "det" if t.upos == Upos::Noun && cis("lack") => {
                        return Polarity::Negated
                    }
                    // `is yet to recognise B`, parsed with `yet` on the
                    // infinitive itself.
                    "advmod"
                        if cis("pending")
                            && sent.children(cur).any(|m| {
                                sent.tokens[m].deprel == "mark" && fold(sent.form(text, m)) == "to"
                            }) =>
                    {
                        return Polarity::Negated
                    }
                    "aux" if cis("modal") => hedged = true,
                    "advmod" | "amod" | "aux" if cis("hedge") => hedged = true,
                    // `alleged UAE weapons shipments`: the parser hangs the
                    // hedge on the first noun of the compound.
                    "compound"
                        if t.upos == Upos::Noun
                            && sent.children(c).any(|g| {
                                sent.tokens[g].deprel == "amod"
                                    && self.token_in_class("hedge", text, sent, g)
                            }) =>
                    {
                        hedged = true
                    }
                    // `according to reports` hedges; `according to the UN` (or
                    // `CENTCOM`, which the tagger may call a noun) does not,
                    // nor does a source an actor's name qualifies (`according
                    // to Wagner sources`, `to an IRGC adviser`).
                    "obl"
                        if path::cases(text, sent, c).any(|w| w == "according")
                            && !cis("agent")
                            && ct.upos != Upos::Propn
                            && !named.get(c).copied().unwrap_or(false)
                            && !sent.children(c).any(|g| {
                                matches!(sent.tokens[g].deprel, "compound" | "amod" | "nmod:poss")
                                    && named.get(g).copied().unwrap_or(false)
                            }) =>
                    {
                        hedged = true
                    }
                    _ => {}
                }
            }
            let rel = t.deprel;
            let mut base = rel.split(':').next().unwrap_or(rel);
            // `denied sheltering B`: the parser often hangs a bare gerund
            // on a verb of denial as an adverbial clause; with no `after`,
            // `by` or `while`, and no comma before it, it is the complement.
            if base == "advcl"
                && sent.form(text, cur).ends_with("ing")
                && cur > 0
                && sent.tokens[cur - 1].upos != Upos::Punct
                && !sent.children(cur).any(|c| sent.tokens[c].deprel == "mark")
                && sent.head(cur).is_some_and(|h| {
                    self.token_in_class("deny", text, sent, h)
                        || self.token_in_class("refuse", text, sent, h)
                })
            {
                base = "xcomp";
            }
            // A relative clause states its own fact, whatever the clause
            // around its noun says of it (`not an end to the violence in
            // Lebanon, where Israeli forces conduct incursions`).
            // A subjectless adverbial clause shares its verb's polarity as it
            // shares its subject (`unwilling to commit to defending B`).
            let shared = base == "advcl"
                && t.upos == Upos::Verb
                && matches!(t.xpos, "VBG" | "VB")
                && !sent
                    .children(cur)
                    .any(|c| sent.tokens[c].deprel.starts_with("nsubj"));
            let up = (matches!(base, "xcomp" | "ccomp" | "acl" | "conj") && rel != "acl:relcl")
                || shared
                || (t.upos != Upos::Verb && matches!(base, "obj" | "nsubj" | "nmod"));
            if !up {
                break;
            }
            match sent.head(cur) {
                Some(h) => {
                    via = Some(base);
                    if base == "conj" {
                        // A coordinated verb shares its first conjunct's
                        // auxiliaries, not its negation; a clause with a
                        // subject of its own states its own fact (`A
                        // pressed B to leave, but B refused`).
                        let head = &sent.tokens[h];
                        let hl = fold(&head.lemma);
                        let own_subject = sent
                            .children(cur)
                            .any(|c| sent.tokens[c].deprel.starts_with("nsubj"));
                        if self.in_class("goal", &hl) && !own_subject {
                            hedged = true;
                        }
                        break;
                    }
                    cur = h;
                }
                None => break,
            }
        }
        if hedged {
            Polarity::Hedged
        } else {
            Polarity::Asserted
        }
    }
}

/// `countries such as Uganda, which …`: when the parser hangs a relative
/// clause on a word `h` that names no one, the name right before the
/// relative pronoun `rel` (past its comma), inside `h`'s phrase, is the
/// antecedent.
fn nearest_name(sent: &Sentence, map: &Mapped, rel: usize, h: usize) -> Option<usize> {
    let mut k = rel.checked_sub(1)?;
    while k > h && sent.tokens[k].upos == Upos::Punct {
        k -= 1;
    }
    if k <= h || map.actor[h].is_some() || map.actor[k].is_none() {
        return None;
    }
    // Within h's phrase: h governs k.
    let mut up = k;
    for _ in 0..sent.tokens.len() {
        match sent.head(up) {
            Some(x) if x == h => return Some(k),
            Some(x) => up = x,
            None => return None,
        }
    }
    None
}

/// The first words of the sentence's reciprocal pronouns (`each other`,
/// `one another`; not a possessive: `on each other's policies` names
/// policies), found once per sentence.
fn reciprocal_pronouns(text: &str, sent: &Sentence) -> Vec<usize> {
    let n = sent.tokens.len();
    let is = |i: usize, w: &str| sent.form(text, i).eq_ignore_ascii_case(w);
    (0..n.saturating_sub(1))
        .filter(|&i| {
            (is(i, "each") && is(i + 1, "other")) || (is(i, "one") && is(i + 1, "another"))
        })
        .filter(|&i| !(i + 2 < n && ["'s", "’s", "'", "’"].iter().any(|p| is(i + 2, p))))
        .collect()
}

/// A reciprocal pronoun (of `reciprocals`, [`reciprocal_pronouns`]) after
/// the trigger `trig` that hangs, within three steps up, on it, wherever
/// the parser hung its two words: `Some(None)` as a direct object (`accuse
/// each other of …`), `Some(Some(prep))` after a preposition (`clashed
/// with one another`).
fn reciprocal_after(
    text: &str,
    sent: &Sentence,
    reciprocals: &[usize],
    trig: usize,
) -> Option<Option<String>> {
    reciprocals
        .iter()
        .copied()
        .filter(|&i| i > trig)
        .find_map(|i| {
            let hangs = [i, i + 1].iter().any(|&w| {
                let mut k = w;
                (0..3).any(|_| match sent.head(k) {
                    Some(h) => {
                        k = h;
                        h == trig
                    }
                    None => false,
                })
            });
            let prep = (i > trig + 1 && sent.tokens[i - 1].upos == Upos::Adp)
                .then(|| sent.form(text, i - 1).to_lowercase());
            hangs.then_some(prep)
        })
}

/// A preposition of being within a place (`in`, `inside`, `across`,
/// `throughout`).
fn in_place(w: &str) -> bool {
    matches!(w, "in" | "inside" | "across" | "throughout")
}

/// The word classes of verbs, whose words stand for all their inflections.
const VERB_CLASSES: [&str; 14] = [
    "light",
    "warn",
    "one_way",
    "recv",
    "refuse",
    "blame",
    "deem",
    "goal",
    "allege",
    "comprise",
    "include",
    "catenative",
    "report",
    "deny",
];

/// Word classes of verbs that only polarity reads: their words stand for
/// all their inflections too (`easing`, `took`), but do not tell the tagger
/// a word is a verb (`the use of`).
const POLARITY_VERB_CLASSES: [&str; 2] = ["presuppose", "occur"];

/// The regular inflections of an English verb (`side`: sides, sided,
/// siding; `ship`: ships, shipped, shipping; `rely`: relies, relied).
fn inflections(base: &str) -> Vec<String> {
    let mut out = vec![base.to_string()];
    let b = base.as_bytes();
    let n = b.len();
    if n < 2 || !base.is_ascii() {
        return out;
    }
    let vowel = |c: u8| matches!(c, b'a' | b'e' | b'i' | b'o' | b'u');
    let last = b[n - 1];
    if base.ends_with('e') {
        let stem = &base[..n - 1];
        out.extend([format!("{base}s"), format!("{base}d"), format!("{stem}ing")]);
    } else if last == b'y' && !vowel(b[n - 2]) {
        let stem = &base[..n - 1];
        out.extend([
            format!("{stem}ies"),
            format!("{stem}ied"),
            format!("{base}ing"),
        ]);
    } else {
        let es = matches!(last, b's' | b'x' | b'z') || base.ends_with("ch") || base.ends_with("sh");
        out.push(if es {
            format!("{base}es")
        } else {
            format!("{base}s")
        });
        // A short word ending consonant-vowel-consonant doubles its last letter.
        let double = (3..=4).contains(&n)
            && !vowel(last)
            && !matches!(last, b'w' | b'x' | b'y')
            && vowel(b[n - 2])
            && !vowel(b[n - 3]);
        let stem = if double {
            format!("{base}{}", last as char)
        } else {
            base.to_string()
        };
        out.extend([format!("{stem}ed"), format!("{stem}ing")]);
        // A longer word ending vowel-`l` doubles it in British spelling
        // (`funnelled`, `channelling`, `expelled`).
        if n >= 5 && last == b'l' && vowel(b[n - 2]) && !vowel(b[n - 3]) {
            out.extend([format!("{base}led"), format!("{base}ling")]);
        }
    }
    out
}

fn preps_has(t: &Trees, w: &str) -> bool {
    t.in_class("prep", w)
}

/// Actor mentions mapped onto the tokens of a sentence.
struct Mapped {
    /// The actor each token names, when the token is a mention's head or
    /// lies inside a mention.
    actor: Vec<Option<u32>>,
    /// The actor named inside a token before a hyphen (`UAE-backed`).
    prefix: Vec<Option<u32>>,
    /// The kind of each actor token's actor.
    kind: Vec<Option<String>>,
    /// The second actor of a pair phrase (`the two countries`): two
    /// arguments over one span.
    also: Vec<Option<u32>>,
}

impl Mapped {
    fn new<'k>(
        text: &str,
        sent: &Sentence,
        args: &[Arg],
        kind_of: &dyn Fn(u32) -> &'k str,
    ) -> Mapped {
        let n = sent.tokens.len();
        let mut m = Mapped {
            actor: vec![None; n],
            prefix: vec![None; n],
            kind: vec![None; n],
            also: vec![None; n],
        };
        for (k, a) in args.iter().enumerate() {
            // A mention that ends a longer one leaves it the head word
            // (`Rwanda` in `Banque Populaire du Rwanda`, a bank).
            if args
                .iter()
                .any(|b| b.end == a.end && b.start < a.start && b.actor != a.actor)
            {
                continue;
            }
            let toks: Vec<usize> = (0..n)
                .filter(|&i| sent.tokens[i].start < a.end && sent.tokens[i].end > a.start)
                .collect();
            // The second of two arguments over one span.
            if args[..k]
                .iter()
                .any(|b| b.start == a.start && b.end == a.end && b.actor != a.actor)
            {
                for &i in &toks {
                    m.also[i].get_or_insert(a.actor);
                }
                continue;
            }
            match toks.as_slice() {
                [] => {}
                [i] if sent.tokens[*i].start <= a.start
                    && sent.tokens[*i].end > a.end
                    && sent.tokens[*i].start == a.start =>
                {
                    m.prefix[*i] = Some(a.actor);
                }
                // `anti-Assad groups`, `pro-Iran militias`: the word names
                // those for or against the actor, not the actor (one token
                // or three: `pro - Iran`).
                [i, ..]
                    if {
                        let t = &sent.tokens[*i];
                        let from = if t.start < a.start {
                            Some(t.start)
                        } else if *i >= 2 && sent.form(text, i - 1) == "-" {
                            Some(sent.tokens[i - 2].start)
                        } else {
                            None
                        };
                        from.and_then(|f| text.get(f..a.start)).is_some_and(|p| {
                            let p = p.to_lowercase();
                            ["anti-", "pro-", "non-", "counter-"].contains(&p.as_str())
                        })
                    } => {}
                _ => {
                    for &i in &toks {
                        if m.actor[i].is_none() {
                            m.actor[i] = Some(a.actor);
                            m.kind[i] = Some(kind_of(a.actor).to_string());
                        }
                    }
                }
            }
        }
        m
    }
}

#[cfg(test)]
mod tests;

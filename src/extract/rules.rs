//! Extraction rules, kept as data: word classes, nominalisations, name cues,
//! frames and the rules over dependency trees (`graph-data/rules/*.toml`).
//!
//! The bundled rule files are compiled into the binary; `--rules` adds files
//! to them or, with `--no-builtin`, replaces them. A rules file may also carry
//! `[[predicate]]` tables in the vocabulary's shape: verbs the extractor
//! knows beyond the shared vocabulary.

use crate::error::{closest, Diagnostic, Error, Result};
use crate::model::{RelationClass, ACTOR_KINDS};
use crate::registry::toml_files;
use crate::vocabulary::Predicate;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::Path;

/// The rule files bundled with the binary, in load order.
pub const BUILTIN_FILES: &[(&str, &str)] = &[
    (
        "graph-data/rules/words.toml",
        include_str!("../../graph-data/rules/words.toml"),
    ),
    (
        "graph-data/rules/verbs.toml",
        include_str!("../../graph-data/rules/verbs.toml"),
    ),
    (
        "graph-data/rules/nominals.toml",
        include_str!("../../graph-data/rules/nominals.toml"),
    ),
    (
        "graph-data/rules/frames.toml",
        include_str!("../../graph-data/rules/frames.toml"),
    ),
    (
        "graph-data/rules/trees.toml",
        include_str!("../../graph-data/rules/trees.toml"),
    ),
];

/// The word classes the extractor itself relies on; a rules set must define
/// each of them (possibly empty) so a typo in a class name is caught.
pub const WORD_CLASSES: &[(&str, &str)] = &[
    ("aux", "auxiliary verbs: is, has, will…"),
    ("be", "forms of `be`, for the passive"),
    ("neg", "negation inside a verb group: not, never…"),
    ("modal", "modal verbs that hedge: may, could…"),
    ("hedge", "words that hedge a clause: reportedly, likely…"),
    (
        "pending",
        "adverbs that say an infinitive's act is not done yet: (has) yet (to)",
    ),
    (
        "adv",
        "adverbs allowed inside a verb group (any -ly word is one too)",
    ),
    (
        "catenative",
        "verbs that take another verb: began (to), sought (to)…",
    ),
    ("det", "determiners and quantifiers"),
    ("prep", "prepositions"),
    (
        "subord",
        "words that open a subordinate clause: which, while…",
    ),
    ("conj", "coordinating conjunctions"),
    (
        "agent",
        "nouns after an actor that still mean the actor: officials, troops…",
    ),
    (
        "holding",
        "what an actor holds or does, standing for it: (Iranian) positions, operations…",
    ),
    (
        "light",
        "light verbs that take a nominalisation: launched (strikes)…",
    ),
    ("recv", "verbs of receiving: drew (criticism from)…"),
    ("report", "verbs of saying, for attribution: said, stated…"),
    ("deny", "verbs of denial that negate their `that` clause"),
    ("intent", "nouns of intention: plan (to), willingness (to)…"),
    (
        "control",
        "nouns of control: occupation, control, authority…",
    ),
    (
        "pronoun",
        "pronouns that refer back to an actor of the sentence: its",
    ),
    (
        "title",
        "titles before a person's name: President, Minister…",
    ),
    (
        "title_mod",
        "words that extend a title: Prime, Foreign, Deputy…",
    ),
    ("connector", "lower-case words inside names: of, for, al…"),
    (
        "abbreviation",
        "abbreviations that a full stop does not end a sentence after",
    ),
];

/// A nominalisation: a noun that states a relation (`airstrikes on`).
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Nominal {
    /// Every form, possibly several words (`military presence`).
    pub forms: Vec<String>,
    /// The predicate it states, a canonical name from the vocabulary.
    pub predicate: String,
    /// Prepositions that introduce its object (`on`, `against`).
    #[serde(default)]
    pub preps: Vec<String>,
}

/// A word in a capitalised name that tells what kind of actor it names.
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Cue {
    pub kind: String,
    pub words: Vec<String>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct File {
    #[serde(default)]
    words: BTreeMap<String, Vec<String>>,
    /// The token patterns' tables, retired: refused with a hint.
    #[serde(default)]
    define: Option<serde::de::IgnoredAny>,
    #[serde(default)]
    predicate: Vec<Predicate>,
    #[serde(default)]
    nominal: Vec<Nominal>,
    #[serde(default)]
    cue: Vec<Cue>,
    #[serde(default)]
    pattern: Option<serde::de::IgnoredAny>,
    #[serde(default)]
    agents: Option<Agents>,
    #[serde(default)]
    frame: Vec<FrameDef>,
    #[serde(default)]
    tree: Vec<TreeRuleDef>,
}

/// A family of predicate words for the tree rules (`hostile to`,
/// `UAE-backed`, `strikes on`): nouns, adjectives or verbs stating one
/// predicate, with the prepositions of their object.
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FrameDef {
    /// The predicate they state, a canonical name from the vocabulary.
    pub predicate: String,
    /// `verb`, `noun` or `adj`.
    pub pos: String,
    /// The words (any inflection; the lemma is looked up too).
    pub words: Vec<String>,
    /// Prepositions that introduce the object (`to` of `hostile to`).
    #[serde(default)]
    pub preps: Vec<String>,
    /// Nouns whose owner does the deed to whom the noun names (`Iran's
    /// proxy Hezbollah`: Iran aids Hezbollah): every rule's two ends swap.
    #[serde(default)]
    pub inverse: bool,
    /// Sentences and the relation each states, `subject CLASS object` by registry id.
    #[serde(default)]
    pub examples: Vec<[String; 2]>,
}

/// A rule over dependency trees: a trigger word of the lexicon and the
/// paths from it to its subject and object (see `extract::tree::path`).
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TreeRuleDef {
    pub id: String,
    pub description: String,
    /// Which lexicon entries trigger it: `verb` (direct object), `verb-prep`,
    /// `noun`, `adj`.
    pub trigger: String,
    pub subject: Vec<String>,
    pub object: Vec<String>,
    /// The classes it applies to (all when empty): symmetric rules such as
    /// `talks between A and B` name theirs.
    #[serde(default)]
    pub classes: Vec<RelationClass>,
    /// Not for entries of these relation classes (`RETREAT`: the `from`
    /// phrase of `withdrawal from B` is the place left, not a giver).
    #[serde(default)]
    pub not_classes: Vec<RelationClass>,
    /// Polarity the rule always gives (`hedged`), besides the cues.
    #[serde(default)]
    pub polarity: Option<String>,
    /// Only when the trigger has no direct object or clause (`A and B met`, not `A and B mediated the talks`).
    #[serde(default)]
    pub intransitive: bool,
    /// Only when the trigger is a passive verb (a passive subject and no
    /// other): its doer is then found by every subject path, upward ones too
    /// (`A demanded that B be sanctioned`).
    #[serde(default)]
    pub passive: bool,
    /// Not when the trigger heads a prepositional phrase and has a possessor
    /// of its own: `A was against B's alliance with C` is B's alliance, while
    /// `A is at war with B` and `A is B's ally` still hold.
    #[serde(default)]
    pub no_possessed_pp: bool,
    /// A trigger noun that names its own doer (`a Russian air base`,
    /// `Egypt's mediation`) keeps only that doer as subject: `Ukraine
    /// struck a Russian air base in Crimea` is no Ukrainian deployment.
    #[serde(default)]
    pub own_doer: bool,
    /// Only when the trigger is no part of an actor's name: an activity
    /// (`suspended its deployment in B`), not a group (`stopped al-Shabaab
    /// fighters in B`).
    #[serde(default)]
    pub activity: bool,
    /// Only triggers whose form or lemma is in this word class of
    /// `[words]` (`agentive`: `ally`, `rival`, `sponsor`).
    #[serde(default)]
    pub trigger_class: Option<String>,
    /// Not triggers whose form or lemma is in this word class of `[words]`
    /// (`recv`: what one receives belongs to the giver, `received Emirati
    /// loans` is no meeting with the UAE).
    #[serde(default)]
    pub not_trigger_class: Option<String>,
    /// The predicate a `name` rule states (word rules take their lexicon entry's).
    #[serde(default)]
    pub predicate: Option<String>,
    /// The actor kinds its subject and object may have (any when empty).
    #[serde(default)]
    pub subject_kinds: Vec<String>,
    #[serde(default)]
    pub object_kinds: Vec<String>,
    /// Sentences and the relation each states, `subject CLASS object` by registry id.
    pub examples: Vec<[String; 2]>,
}

/// Which actor kinds may be the subject of which classes.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Agents {
    /// Kinds that act: any class may have them as subject.
    pub kinds: Vec<String>,
    /// Classes any kind may be the subject of (`LOCATED`).
    #[serde(default)]
    pub any_subject: Vec<RelationClass>,
}

/// A full rule set: word classes, nominals, cues, frames, tree rules and extra verbs.
#[derive(Clone, Debug, Default)]
pub struct Rules {
    pub words: BTreeMap<String, Vec<String>>,
    pub predicates: Vec<Predicate>,
    pub nominals: Vec<Nominal>,
    pub cues: Vec<Cue>,
    pub agents: Agents,
    pub frames: Vec<FrameDef>,
    pub trees: Vec<TreeRuleDef>,
    /// The word classes the frames' words name with `@`, each with where.
    frame_classes: Vec<(String, Diagnostic)>,
}

impl Rules {
    /// The rules compiled into the binary.
    pub fn builtin() -> Rules {
        let mut rules = Rules::default();
        for (path, text) in BUILTIN_FILES {
            rules
                .add_toml(Path::new(path), text)
                .expect("the bundled rules are valid (checked by tests)");
        }
        rules
            .finish()
            .expect("the bundled rules are valid (checked by tests)");
        rules
    }

    /// Adds a rules file, or every `*.toml` of a directory. Call
    /// [`Rules::finish`] once every file is in.
    pub fn add_path(&mut self, path: &Path) -> Result<()> {
        let mut errors = Vec::new();
        for file in toml_files(path)? {
            let text = crate::error::read_text(&file)?;
            match self.add_toml(&file, &text) {
                Ok(()) => {}
                Err(Error::Invalid(mut d)) => errors.append(&mut d),
                Err(e) => return Err(e),
            }
        }
        if errors.is_empty() {
            Ok(())
        } else {
            Err(Error::Invalid(errors))
        }
    }

    /// Parses one rules file's text and adds what it holds.
    pub fn add_toml(&mut self, path: &Path, text: &str) -> Result<()> {
        let file: File = crate::error::parse_toml(
            path,
            text,
            "rules",
            "a rules file holds [words], [agents] and [[predicate]], [[nominal]], [[cue]], [[frame]] and [[tree]] tables",
        )?;
        let mut errors = Vec::new();
        for (table, present) in [
            ("[[pattern]]", file.pattern.is_some()),
            ("[define]", file.define.is_some()),
        ] {
            if present {
                errors.push(locate(
                    text,
                    table,
                    Diagnostic::new(path, format!("{table}: the token patterns are retired"))
                        .expected("[[tree]] rules over dependency trees")
                        .hint("rewrite each pattern as a [[tree]] rule: a trigger word and paths to its subject and object (see the header of graph-data/rules/trees.toml)"),
                ));
            }
        }
        for (class, words) in file.words {
            let list = self.words.entry(class).or_default();
            for w in words {
                let w = w.trim().to_string();
                if !list.contains(&w) {
                    list.push(w);
                }
            }
        }
        for cue in file.cue {
            if !ACTOR_KINDS.contains(&cue.kind.as_str()) {
                errors.push(locate(
                    text,
                    &format!("\"{}\"", cue.kind),
                    Diagnostic::new(path, format!("unknown actor kind `{}`", cue.kind))
                        .expected(format!("one of {}", ACTOR_KINDS.join(", ")))
                        .hint_opt(
                            closest(&cue.kind, ACTOR_KINDS.iter().copied())
                                .map(|k| format!("did you mean `{k}`?")),
                        ),
                ));
                continue;
            }
            self.cues.push(cue);
        }
        self.predicates.extend(file.predicate);
        self.nominals.extend(file.nominal);
        // `@class` in a frame's words must name a word class once every
        // file is in ([`Rules::finish`]): located now, checked then.
        for f in &file.frame {
            for w in &f.words {
                for class in w.split_whitespace().filter_map(|x| x.strip_prefix('@')) {
                    self.frame_classes.push((
                        class.to_string(),
                        locate(
                            text,
                            &format!("@{class}"),
                            Diagnostic::new(
                                path,
                                format!("frame word `{w}`: no word class `{class}`"),
                            )
                            .expected("`@` and a class of [words]"),
                        ),
                    ));
                }
            }
        }
        self.frames.extend(file.frame);
        for t in file.tree {
            match crate::extract::tree::check_def(&t) {
                Ok(()) if self.trees.iter().any(|o| o.id == t.id) => errors.push(locate(
                    text,
                    &format!("\"{}\"", t.id),
                    Diagnostic::new(path, format!("duplicate tree rule id `{}`", t.id))
                        .hint("rule ids name the rule on every edge's evidence; make them unique"),
                )),
                Ok(()) => self.trees.push(t),
                Err(m) => errors.push(locate(
                    text,
                    &format!("\"{}\"", t.id),
                    Diagnostic::new(path, format!("tree rule `{}`: {m}", t.id))
                        .hint(crate::extract::tree::SYNTAX_HINT),
                )),
            }
        }
        if let Some(a) = file.agents {
            self.agents.kinds.extend(a.kinds);
            self.agents.any_subject.extend(a.any_subject);
        }
        if errors.is_empty() {
            Ok(())
        } else {
            Err(Error::Invalid(errors))
        }
    }

    /// Completes the rule set once every file is in: each word class the
    /// extractor relies on exists, empty when no file gave it words.
    pub fn finish(&mut self) -> Result<()> {
        for (class, _) in WORD_CLASSES {
            self.words.entry((*class).to_string()).or_default();
        }
        let errors: Vec<Diagnostic> = std::mem::take(&mut self.frame_classes)
            .into_iter()
            .filter(|(class, _)| !self.words.contains_key(class))
            .map(|(class, d)| {
                d.hint_opt(
                    closest(&class, self.words.keys().map(String::as_str))
                        .map(|c| format!("did you mean `@{c}`?")),
                )
            })
            .collect();
        if errors.is_empty() {
            Ok(())
        } else {
            Err(Error::Invalid(errors))
        }
    }

    /// The words of a class (empty for an unknown class).
    pub fn class(&self, name: &str) -> &[String] {
        self.words.get(name).map_or(&[], Vec::as_slice)
    }
}

fn locate(text: &str, needle: &str, d: Diagnostic) -> Diagnostic {
    match text.find(needle) {
        Some(start) => d.at(text, start, start + needle.len()),
        None => d,
    }
}

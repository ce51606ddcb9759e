//! The word index the extractor looks every token up in: word classes,
//! verb forms of the vocabulary and nominalisations, by lower-case word.

use super::rules::Rules;
use crate::model::RelationClass;
use crate::vocabulary::{Predicate, Vocabulary};
use std::collections::{BTreeMap, HashMap};
use std::hash::{BuildHasherDefault, Hasher};

pub const NONE: u32 = u32::MAX;

/// A fast hasher for short string keys (FxHash's mixing).
#[derive(Default, Clone, Copy)]
pub struct FxHasher(u64);

impl Hasher for FxHasher {
    fn write(&mut self, bytes: &[u8]) {
        const K: u64 = 0x51_7c_c1_b7_27_22_0a_95;
        let mut h = self.0;
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let v = u64::from_le_bytes(c.try_into().expect("8 bytes"));
            h = (h.rotate_left(5) ^ v).wrapping_mul(K);
        }
        for &b in chunks.remainder() {
            h = (h.rotate_left(5) ^ u64::from(b)).wrapping_mul(K);
        }
        self.0 = h;
    }
    fn finish(&self) -> u64 {
        self.0
    }
}

pub type FxMap<K, V> = HashMap<K, V, BuildHasherDefault<FxHasher>>;
pub type FxSet<K> = std::collections::HashSet<K, BuildHasherDefault<FxHasher>>;

/// One predicate the extractor can emit.
#[derive(Clone, Debug)]
pub struct PredInfo {
    pub name: String,
    pub class: RelationClass,
}

/// One verb form, as word ids: `withdrew from` is `[withdrew, from]`.
#[derive(Clone, Debug)]
pub struct VerbForm {
    pub words: Vec<u32>,
    pub pred: u32,
    /// A past participle (`established`, `stationed at`), for the passive.
    pub pp: bool,
    /// Ends in a preposition (`withdraws from`).
    pub prep: bool,
}

#[derive(Clone, Debug)]
pub struct NomForm {
    pub words: Vec<u32>,
    pub nominal: u32,
}

#[derive(Clone, Debug)]
pub struct NominalInfo {
    pub pred: u32,
    pub preps: Vec<u32>,
}

/// One bit per word class of the rules ([`Lexicon::bit`]).
pub type ClassBits = u128;

#[derive(Clone, Debug, Default)]
pub struct WordEntry {
    pub classes: ClassBits,
    /// Verb forms whose first word this is, longest first.
    pub verbs: Vec<u32>,
    /// Nominal forms whose first word this is, longest first.
    pub noms: Vec<u32>,
    /// The actor kind a capitalised name ending in this word has.
    pub cue: Option<String>,
}

#[derive(Clone, Debug, Default)]
pub struct Lexicon {
    ids: FxMap<String, u32>,
    pub entries: Vec<WordEntry>,
    class_bits: BTreeMap<String, u32>,
    pub forms: Vec<VerbForm>,
    pub nom_forms: Vec<NomForm>,
    pub preds: Vec<PredInfo>,
    pub nominals: Vec<NominalInfo>,
    pred_by_name: FxMap<String, u32>,
}

impl Lexicon {
    /// Builds the index. Fails on a nominal naming an unknown predicate or on
    /// more than 128 word classes.
    pub fn build(vocab: &Vocabulary, rules: &Rules) -> Result<Lexicon, String> {
        let mut lex = Lexicon::default();
        for (i, class) in rules.words.keys().enumerate() {
            if i >= ClassBits::BITS as usize {
                return Err(format!("at most {} word classes", ClassBits::BITS));
            }
            lex.class_bits.insert(class.clone(), i as u32);
        }
        for (class, words) in &rules.words {
            let bit = (1 as ClassBits) << lex.class_bits[class];
            for w in words {
                // Multi-word entries (`no longer`) are looked up by their first word.
                let first = w.split_whitespace().next().unwrap_or_default();
                let id = lex.intern(&fold(first));
                lex.entries[id as usize].classes |= bit;
            }
        }
        for cue in &rules.cues {
            for w in &cue.words {
                let id = lex.intern(&fold(w));
                lex.entries[id as usize].cue = Some(cue.kind.clone());
            }
        }
        let preds: Vec<&Predicate> = vocab.predicates().iter().chain(&rules.predicates).collect();
        for p in preds {
            let pred = lex.pred(p);
            let base = p.forms.first().map(|f| first_word(f)).unwrap_or_default();
            let third = first_word(&p.name);
            for form in p.forms.iter().chain(std::iter::once(&p.name)) {
                let words: Vec<u32> = form
                    .split_whitespace()
                    .map(|w| lex.intern(&fold(w)))
                    .collect();
                if words.is_empty() || lex.forms.iter().any(|f| f.words == words) {
                    continue;
                }
                let head = first_word(form);
                let pp = head != base && head != third && !head.ends_with("ing");
                let last = form.split_whitespace().last().unwrap_or_default();
                let prep = words.len() > 1 && rules.class("prep").iter().any(|p| p == last);
                let id = lex.forms.len() as u32;
                lex.forms.push(VerbForm {
                    words: words.clone(),
                    pred,
                    pp,
                    prep,
                });
                lex.entries[words[0] as usize].verbs.push(id);
            }
        }
        for n in &rules.nominals {
            let pred = match lex.pred_by_name.get(&n.predicate) {
                Some(&p) => p,
                None => {
                    return Err(format!(
                    "nominal `{}` names predicate `{}`, which no vocabulary or rules file defines",
                    n.forms.first().map_or("", String::as_str),
                    n.predicate
                ))
                }
            };
            let preps = n.preps.iter().map(|p| lex.intern(&fold(p))).collect();
            let nominal = lex.nominals.len() as u32;
            lex.nominals.push(NominalInfo { pred, preps });
            for form in &n.forms {
                let words: Vec<u32> = form
                    .split_whitespace()
                    .map(|w| lex.intern(&fold(w)))
                    .collect();
                if words.is_empty() {
                    continue;
                }
                let id = lex.nom_forms.len() as u32;
                lex.nom_forms.push(NomForm {
                    words: words.clone(),
                    nominal,
                });
                lex.entries[words[0] as usize].noms.push(id);
            }
        }
        // Longest forms first, so the first that matches is the longest.
        let forms = std::mem::take(&mut lex.forms);
        let nom_forms = std::mem::take(&mut lex.nom_forms);
        for e in &mut lex.entries {
            e.verbs
                .sort_by_key(|&f| std::cmp::Reverse(forms[f as usize].words.len()));
            e.noms
                .sort_by_key(|&f| std::cmp::Reverse(nom_forms[f as usize].words.len()));
        }
        lex.forms = forms;
        lex.nom_forms = nom_forms;
        Ok(lex)
    }

    fn pred(&mut self, p: &Predicate) -> u32 {
        if let Some(&id) = self.pred_by_name.get(&p.name) {
            return id;
        }
        let id = self.preds.len() as u32;
        self.preds.push(PredInfo {
            name: p.name.clone(),
            class: p.class,
        });
        self.pred_by_name.insert(p.name.clone(), id);
        id
    }

    /// The id of a lower-case word, adding it if new.
    pub fn intern(&mut self, word: &str) -> u32 {
        if let Some(&id) = self.ids.get(word) {
            return id;
        }
        let id = self.entries.len() as u32;
        self.ids.insert(word.to_string(), id);
        self.entries.push(WordEntry::default());
        id
    }

    /// The id of a lower-case word, or [`NONE`].
    pub fn id(&self, word: &str) -> u32 {
        self.ids.get(word).copied().unwrap_or(NONE)
    }

    /// The bit of a word class (0 for an unknown class: matches nothing).
    pub fn bit(&self, class: &str) -> ClassBits {
        self.class_bits
            .get(class)
            .map_or(0, |&b| (1 as ClassBits) << b)
    }

    pub fn entry(&self, id: u32) -> Option<&WordEntry> {
        self.entries.get(id as usize)
    }

    pub fn pred_by_name(&self, name: &str) -> Option<u32> {
        self.pred_by_name.get(name).copied()
    }
}

fn first_word(s: &str) -> String {
    fold(s.split_whitespace().next().unwrap_or_default())
}

/// The form words are looked up by: lower case, typographic apostrophes plain.
pub fn fold(w: &str) -> String {
    if w.is_ascii() {
        w.to_ascii_lowercase()
    } else {
        w.to_lowercase().replace('’', "'")
    }
}

/// The word classes and words the extractor's code refers to, looked up
/// once: bits of classes and ids of words.
#[derive(Clone, Copy, Debug, Default)]
pub struct Known {
    pub aux: ClassBits,
    pub neg: ClassBits,
    pub modal: ClassBits,
    pub adv: ClassBits,
    pub det: ClassBits,
    pub conj: ClassBits,
    pub agent: ClassBits,
    pub report: ClassBits,
    pub deny: ClassBits,
    pub intent: ClassBits,
    pub control: ClassBits,
    pub facility: ClassBits,
    pub holding: ClassBits,
    pub pronoun: ClassBits,
    pub title: ClassBits,
    pub title_mod: ClassBits,
    pub connector: ClassBits,
    pub not_name: ClassBits,
    pub of: u32,
    pub the: u32,
    pub that: u32,
    pub to: u32,
    pub according: u32,
    pub it: u32,
}

impl Known {
    pub fn new(lex: &mut Lexicon) -> Known {
        Known {
            aux: lex.bit("aux"),
            neg: lex.bit("neg"),
            modal: lex.bit("modal"),
            adv: lex.bit("adv"),
            det: lex.bit("det"),
            conj: lex.bit("conj"),
            agent: lex.bit("agent"),
            report: lex.bit("report"),
            deny: lex.bit("deny"),
            intent: lex.bit("intent"),
            control: lex.bit("control"),
            facility: lex.bit("facility"),
            holding: lex.bit("holding"),
            pronoun: lex.bit("pronoun"),
            title: lex.bit("title"),
            title_mod: lex.bit("title_mod"),
            connector: lex.bit("connector"),
            not_name: lex.bit("not_name"),
            of: lex.intern("of"),
            the: lex.intern("the"),
            that: lex.intern("that"),
            to: lex.intern("to"),
            according: lex.intern("according"),
            it: lex.intern("it"),
        }
    }
}

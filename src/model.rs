//! The data model: actors, relations, evidence and sources.
//!
//! Pure data. Nothing here reads or writes files, and nothing here knows
//! about a file format; sources produce these values and sinks consume them.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt;
use std::str::FromStr;

/// Attributes a model value carries without knowing their meaning: kept on
/// import and written back out on export, so no round trip loses them.
pub type Extra = BTreeMap<String, serde_json::Value>;

/// The kinds of actor the registry knows. Imported graphs may carry other
/// kinds; those are kept as they are (see [`Actor::kind`]).
pub const ACTOR_KINDS: &[&str] = &[
    "state",
    "organization",
    "military",
    "person",
    "armed-group",
    "place",
    "facility",
    "agreement",
    "event",
];

/// Someone or something that acts or is acted upon: a node of the graph.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Actor {
    /// Stable id, unique in a graph (e.g. `united-states`, `cmcc`).
    pub id: String,
    /// Display name.
    pub label: String,
    /// One of [`ACTOR_KINDS`] for registry actors; any string for imported ones.
    pub kind: String,
    /// Other names the actor goes by, in the order the registry gives them.
    #[serde(default)]
    pub aliases: Vec<String>,
    /// Wikidata Q-id, where known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub wikidata: Option<String>,
    /// True for an actor the extractor found in a text but not in the
    /// registry: a curator still has to accept it.
    #[serde(default, skip_serializing_if = "is_false")]
    pub candidate: bool,
    /// Any other attributes, kept through import and export.
    #[serde(flatten)]
    pub extra: Extra,
}

fn is_false(b: &bool) -> bool {
    !*b
}

impl Actor {
    pub fn new(id: impl Into<String>, label: impl Into<String>, kind: impl Into<String>) -> Actor {
        Actor {
            id: id.into(),
            label: label.into(),
            kind: kind.into(),
            aliases: Vec::new(),
            wikidata: None,
            candidate: false,
            extra: Extra::new(),
        }
    }
}

/// Whether a relation class brings actors together, sets them apart, or
/// only describes how things are arranged.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Stance {
    Cooperative,
    Conflictual,
    Structural,
}

impl Stance {
    pub fn as_str(self) -> &'static str {
        match self {
            Stance::Cooperative => "cooperative",
            Stance::Conflictual => "conflictual",
            Stance::Structural => "structural",
        }
    }
}

macro_rules! relation_classes {
    ($($name:ident => $stance:ident, $score:expr, $doc:literal;)*) => {
        /// The closed set of relation classes: the sixteen PLOVER event types
        /// plus five structural classes.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(rename_all = "UPPERCASE")]
        pub enum RelationClass {
            $(#[doc = $doc] $name,)*
        }

        impl RelationClass {
            /// Every class, in declaration order.
            pub const ALL: &'static [RelationClass] = &[$(RelationClass::$name,)*];

            /// The upper-case name used in files (`OPERATE`, `ASSAULT`…).
            pub fn as_str(self) -> &'static str {
                match self { $(RelationClass::$name => stringify!($name),)* }
            }

            /// Cooperative, conflictual or structural.
            pub fn stance(self) -> Stance {
                match self { $(RelationClass::$name => Stance::$stance,)* }
            }

            /// The cooperation–conflict score, used as the edge weight.
            pub fn score(self) -> f64 {
                match self { $(RelationClass::$name => $score,)* }
            }

            /// One line saying what the class means.
            pub fn description(self) -> &'static str {
                match self { $(RelationClass::$name => $doc,)* }
            }
        }
    };
}

// Scores: the PLOVER manual's cooperation–conflict values where it gives
// them; CONCEDE, RETREAT, ACCUSE and MOBILIZE are ours, placed between
// their neighbours on the scale; structural classes describe, they do not
// cooperate or fight, so they weigh 0.
relation_classes! {
    AGREE => Cooperative, 2.5, "agrees with, signs or settles with";
    CONSULT => Cooperative, 2.5, "meets, talks or negotiates with";
    SUPPORT => Cooperative, 5.0, "backs, endorses or defends";
    CONCEDE => Cooperative, 4.0, "yields to, allows or authorises";
    COOPERATE => Cooperative, 9.5, "works together with";
    AID => Cooperative, 10.0, "gives material, military or humanitarian aid to";
    RETREAT => Cooperative, 1.0, "withdraws from or de-escalates against";
    REQUEST => Cooperative, 0.0, "asks, urges or appeals to";
    ACCUSE => Conflictual, -2.5, "accuses, criticises or blames";
    REJECT => Conflictual, -2.0, "rejects, refuses, opposes or bars";
    THREATEN => Conflictual, -3.5, "threatens or warns";
    PROTEST => Conflictual, -5.0, "protests or demonstrates against";
    SANCTION => Conflictual, -6.0, "sanctions, restricts or constrains";
    MOBILIZE => Conflictual, -4.0, "mobilises or deploys forces in or against";
    COERCE => Conflictual, -7.0, "seizes, detains, occupies or blockades";
    ASSAULT => Conflictual, -9.0, "attacks, strikes or invades";
    ESTABLISH => Structural, 0.0, "creates, founds or sets up";
    OPERATE => Structural, 0.0, "runs, leads or controls";
    MEMBER => Structural, 0.0, "is a member or part of";
    LOCATED => Structural, 0.0, "is located or stationed in";
    OVERSEE => Structural, 0.0, "oversees or monitors";
}

impl fmt::Display for RelationClass {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for RelationClass {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        let upper = s.trim().to_ascii_uppercase();
        RelationClass::ALL
            .iter()
            .copied()
            .find(|c| c.as_str() == upper)
            .ok_or_else(|| format!("unknown relation class `{s}`"))
    }
}

impl RelationClass {
    /// Classes whose direction carries no meaning (CONSULT, COOPERATE, AGREE).
    pub fn is_symmetric(self) -> bool {
        matches!(
            self,
            RelationClass::CONSULT | RelationClass::COOPERATE | RelationClass::AGREE
        )
    }
}

/// Whether the text asserts a relation, denies it, or hedges it.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum Polarity {
    #[default]
    Asserted,
    Negated,
    Hedged,
}

impl Polarity {
    pub fn as_str(self) -> &'static str {
        match self {
            Polarity::Asserted => "asserted",
            Polarity::Negated => "negated",
            Polarity::Hedged => "hedged",
        }
    }
}

impl FromStr for Polarity {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s.trim() {
            "asserted" | "+" => Ok(Polarity::Asserted),
            "negated" | "-" => Ok(Polarity::Negated),
            "hedged" | "?" => Ok(Polarity::Hedged),
            other => Err(format!(
                "unknown polarity `{other}` (expected asserted, negated or hedged)"
            )),
        }
    }
}

/// Where a relation came from: a person's hand or the rule extractor.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum Origin {
    #[default]
    Curated,
    Extracted,
}

impl Origin {
    pub fn as_str(self) -> &'static str {
        match self {
            Origin::Curated => "curated",
            Origin::Extracted => "extracted",
        }
    }
}

/// What supports one relation: where it was stated and how.
#[derive(Clone, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Evidence {
    /// The id of a [`Source`] of the graph.
    pub source: String,
    /// 1-based sentence number in the source's body, for extracted evidence.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sentence_no: Option<u32>,
    /// Character offsets (Unicode scalar values) of the quote in the body.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start: Option<usize>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end: Option<usize>,
    /// 1-based line of a curated-triples file.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub line: Option<u32>,
    /// The whole sentence that states the relation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sentence: Option<String>,
    /// The words that state it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quote: Option<String>,
    /// The id of the extraction rule that fired.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rule: Option<String>,
    /// Who the text says made the statement ("According to CENTCOM, …").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attributed_to: Option<String>,
    /// 1-based page of the quote, for briefs read from paged documents (PDF).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub page: Option<u32>,
    /// How an end of the relation was found through a pronoun or a definite
    /// description (`` `the group` → Rapid Support Forces (definite, sentence 12) ``).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resolved: Option<String>,
}

impl Evidence {
    pub fn new(source: impl Into<String>) -> Evidence {
        Evidence {
            source: source.into(),
            ..Evidence::default()
        }
    }
}

/// One edge of the graph: `source` does `predicate` to `target`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Relation {
    /// Stable id derived from the relation's identity (see [`Relation::key`]).
    pub id: String,
    /// Subject actor id.
    pub source: String,
    /// Object actor id.
    pub target: String,
    /// The canonical predicate (`operates`, `opposes`…).
    pub predicate: String,
    pub class: RelationClass,
    pub polarity: Polarity,
    /// A qualifier: an actor or a topic (`in ISF` gives `ISF`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub context: Option<String>,
    /// ISO 8601 date or interval (`2025-10-17`, `2025-07`, `2023-10-07/2025-11`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    pub origin: Origin,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub confidence: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// Never empty in an assembled graph: no edge without evidence.
    pub evidence: Vec<Evidence>,
    /// Any other attributes, kept through import and export.
    #[serde(flatten)]
    pub extra: Extra,
}

/// The identity of a relation: two relations with equal keys are one edge
/// whose evidence is the union of theirs.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct RelationKey {
    pub source: String,
    pub target: String,
    pub predicate: String,
    pub context: Option<String>,
    pub polarity: Polarity,
}

impl Relation {
    pub fn key(&self) -> RelationKey {
        RelationKey {
            source: self.source.clone(),
            target: self.target.clone(),
            predicate: self.predicate.clone(),
            context: self.context.clone(),
            polarity: self.polarity,
        }
    }

    /// The distinct source ids of the evidence, sorted.
    pub fn sources(&self) -> Vec<&str> {
        let mut ids: Vec<&str> = self.evidence.iter().map(|e| e.source.as_str()).collect();
        ids.sort_unstable();
        ids.dedup();
        ids
    }

    /// How many distinct sources state this relation.
    pub fn support(&self) -> usize {
        self.sources().len()
    }
}

impl RelationKey {
    /// A short id that depends on the key alone, so the same relation gets
    /// the same id in every graph, whatever the order it was built in.
    pub fn edge_id(&self) -> String {
        edge_id(
            &self.source,
            &self.target,
            &self.predicate,
            self.context.as_deref(),
            self.polarity,
        )
    }
}

impl Relation {
    /// The id of this relation's key ([`RelationKey::edge_id`]), without
    /// copying the key.
    pub fn edge_id(&self) -> String {
        edge_id(
            &self.source,
            &self.target,
            &self.predicate,
            self.context.as_deref(),
            self.polarity,
        )
    }

    /// Sets `id` to [`Self::edge_id`]; an id that is that already is kept
    /// (no new string: an importer that checked a file's id against the
    /// derived one has set it).
    pub fn set_edge_id(&mut self) {
        let id = edge_id_bytes(
            &self.source,
            &self.target,
            &self.predicate,
            self.context.as_deref(),
            self.polarity,
        );
        if self.id.as_bytes() != id {
            self.id = String::from_utf8(id.to_vec()).expect("ASCII");
        }
    }
}

impl Relation {
    /// Whether `id` is [`Self::edge_id`]; if so, the relation takes it as
    /// its id (what [`Self::set_edge_id`] sets), with no id string made to
    /// compare it with.
    pub fn adopt_edge_id(&mut self, id: &str) -> bool {
        let derived = edge_id_bytes(
            &self.source,
            &self.target,
            &self.predicate,
            self.context.as_deref(),
            self.polarity,
        );
        let same = id.as_bytes() == derived;
        if same {
            self.id.clear();
            self.id.push_str(id);
        }
        same
    }
}

/// Whether `id` is the id [`Relation::set_edge_id`] gives a relation of
/// this key (what [`Relation::adopt_edge_id`] checks, for a relation not
/// made yet).
pub fn is_edge_id(
    id: &str,
    source: &str,
    target: &str,
    predicate: &str,
    context: Option<&str>,
    polarity: Polarity,
) -> bool {
    id.as_bytes() == edge_id_bytes(source, target, predicate, context, polarity)
}

fn edge_id(
    source: &str,
    target: &str,
    predicate: &str,
    context: Option<&str>,
    polarity: Polarity,
) -> String {
    let id = edge_id_bytes(source, target, predicate, context, polarity);
    String::from_utf8(id.to_vec()).expect("ASCII")
}

/// [`edge_id`]'s 17 ASCII bytes.
fn edge_id_bytes(
    source: &str,
    target: &str,
    predicate: &str,
    context: Option<&str>,
    polarity: Polarity,
) -> [u8; 17] {
    // FNV-1a, 64 bits, over the fields separated by a byte no UTF-8 text holds.
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    let mut feed = |bytes: &[u8]| {
        for &b in bytes {
            hash ^= u64::from(b);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
        hash ^= 0xff;
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    };
    feed(source.as_bytes());
    feed(target.as_bytes());
    feed(predicate.as_bytes());
    // No context is fed as one NUL byte; a context that is itself one NUL
    // is fed with a byte no UTF-8 text holds after it, so the two differ.
    match context {
        None => feed(b"\0"),
        Some("\u{0}") => feed(b"\0\xfe"),
        Some(c) => feed(c.as_bytes()),
    }
    feed(polarity.as_str().as_bytes());
    // `format!("e{hash:016x}")`, without the formatting machinery (this
    // runs once per edge of every graph read).
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let mut id = [b'e'; 17];
    for (i, slot) in id[1..].iter_mut().enumerate() {
        *slot = HEX[(hash >> (60 - 4 * i) & 0xf) as usize];
    }
    id
}

/// A document the graph draws on: a brief, a curated file, another graph.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Source {
    pub id: String,
    pub title: String,
    /// Any other attributes (`publisher`, `date`, `path`…).
    #[serde(flatten)]
    pub extra: Extra,
}

impl Source {
    pub fn new(id: impl Into<String>, title: impl Into<String>) -> Source {
        Source {
            id: id.into(),
            title: title.into(),
            extra: Extra::new(),
        }
    }
}

/// Two sides of one disagreement between sources about the same pair.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Conflict {
    /// `polarity` (asserted vs negated) or `class` (opposing classes).
    pub kind: String,
    pub source: String,
    pub target: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub context: Option<String>,
    /// Edge ids and the sources behind each side.
    pub sides: Vec<ConflictSide>,
}

#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct ConflictSide {
    pub edge: String,
    pub class: RelationClass,
    pub polarity: Polarity,
    pub sources: Vec<String>,
}

/// Graph-level metadata.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct GraphMeta {
    pub name: String,
    #[serde(default)]
    pub sources: Vec<Source>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub conflicts: Vec<Conflict>,
    #[serde(flatten)]
    pub extra: Extra,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn class_names_round_trip() {
        for &c in RelationClass::ALL {
            assert_eq!(c.as_str().parse::<RelationClass>().unwrap(), c);
        }
        assert_eq!(RelationClass::ALL.len(), 21);
    }

    #[test]
    fn plover_scores_match_the_manual() {
        use RelationClass::*;
        let manual = [
            (AID, 10.0),
            (COOPERATE, 9.5),
            (SUPPORT, 5.0),
            (AGREE, 2.5),
            (CONSULT, 2.5),
            (REQUEST, 0.0),
            (REJECT, -2.0),
            (THREATEN, -3.5),
            (PROTEST, -5.0),
            (SANCTION, -6.0),
            (COERCE, -7.0),
            (ASSAULT, -9.0),
        ];
        for (class, score) in manual {
            assert_eq!(class.score(), score, "{class}");
        }
    }

    #[test]
    fn edge_id_depends_on_every_key_field() {
        let key = RelationKey {
            source: "us".into(),
            target: "cmcc".into(),
            predicate: "operates".into(),
            context: None,
            polarity: Polarity::Asserted,
        };
        let mut other = key.clone();
        other.context = Some(String::new());
        assert_ne!(key.edge_id(), other.edge_id());
        other.context = Some("\u{0}".into());
        assert_ne!(
            key.edge_id(),
            other.edge_id(),
            "no context is not a NUL context"
        );
        other = key.clone();
        other.polarity = Polarity::Hedged;
        assert_ne!(key.edge_id(), other.edge_id());
        // Field boundaries matter: "ab"+"c" is not "a"+"bc".
        let a = RelationKey {
            source: "ab".into(),
            target: "c".into(),
            ..key.clone()
        };
        let b = RelationKey {
            source: "a".into(),
            target: "bc".into(),
            ..key.clone()
        };
        assert_ne!(a.edge_id(), b.edge_id());
    }
}

/// Whether `s` is an ISO 8601 calendar date at year, month or day precision
/// (`2025`, `2025-10`, `2025-10-17`) or an interval of two such (`A/B`),
/// one end of which may be open (`../2021-09`, `2023-10-07/..`, as in
/// ISO 8601-2; an empty end means the same).
pub fn is_iso_date(s: &str) -> bool {
    let open = |p: &str| p.is_empty() || p == "..";
    match s.split_once('/') {
        Some((a, b)) if open(a) => is_iso_date_point(b),
        Some((a, b)) if open(b) => is_iso_date_point(a),
        Some((a, b)) => is_iso_date_point(a) && is_iso_date_point(b) && a <= b,
        None => is_iso_date_point(s),
    }
}

fn is_iso_date_point(s: &str) -> bool {
    let parts: Vec<&str> = s.split('-').collect();
    let num = |p: &str, len: usize| p.len() == len && p.bytes().all(|b| b.is_ascii_digit());
    let val = |p: &str| p.parse::<u32>().unwrap_or(0);
    match parts.as_slice() {
        [y] => num(y, 4),
        [y, m] => num(y, 4) && num(m, 2) && (1..=12).contains(&val(m)),
        [y, m, d] => {
            num(y, 4) && num(m, 2) && num(d, 2) && (1..=12).contains(&val(m)) && {
                let leap = val(y) % 4 == 0 && (val(y) % 100 != 0 || val(y) % 400 == 0);
                let days = [
                    31,
                    if leap { 29 } else { 28 },
                    31,
                    30,
                    31,
                    30,
                    31,
                    31,
                    30,
                    31,
                    30,
                    31,
                ];
                (1..=days[val(m) as usize - 1]).contains(&val(d))
            }
        }
        _ => false,
    }
}

#[cfg(test)]
mod date_tests {
    use super::is_iso_date;

    #[test]
    fn iso_dates_and_intervals() {
        for ok in [
            "2025",
            "2025-10",
            "2025-10-17",
            "2024-02-29",
            "2023-10-07/2025-11",
            "../2021-09",
            "2023-10-07/..",
        ] {
            assert!(is_iso_date(ok), "{ok}");
        }
        for bad in [
            "25",
            "2025-13",
            "2025-02-29",
            "2025-1-1",
            "October 2025",
            "2025/2024",
            "",
            "/",
            "../..",
        ] {
            assert!(!is_iso_date(bad), "{bad}");
        }
    }
}

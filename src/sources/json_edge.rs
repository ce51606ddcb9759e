//! One node-link JSON edge read for the one-pass import of a valid file
//! ([`super::json::parts`]): the fields briefgraph reads are borrowed from
//! the text where they hold no escape, instead of becoming a
//! [`serde_json::Value`] each (a string allocated, then read and dropped:
//! `key`, `stance`, `class`, `polarity`, `origin` and the `sources` list
//! are derived or parsed, not kept).
//!
//! [`JsonEdge::relation`] gives what [`attrs::relation`] gives for the same
//! edge. An edge it does not convert the usual way (a number where a
//! string is usual, no `class`, an unknown origin, evidence that is not a
//! list...) goes through [`attrs::relation`] itself, so every unusual
//! case, and every message, is that function's.

use super::attrs::{self, Attrs, ConvertedRelation, EdgeAttrs, EvidenceField, NodeAttrs, RawId};
use crate::model::{Actor, Evidence, Extra, Origin, Polarity, Relation, RelationClass};
use crate::vocabulary::Vocabulary;
use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::Value;
use std::borrow::Cow;
use std::fmt;

/// A field's value: a string (borrowed from the text when it has no
/// escape), or any other JSON value.
#[derive(Debug)]
pub(super) enum Text<'de> {
    Str(Cow<'de, str>),
    Other(Value),
}

impl Text<'_> {
    fn into_value(self) -> Value {
        match self {
            Text::Str(s) => Value::String(s.into_owned()),
            Text::Other(v) => v,
        }
    }

    fn as_str(&self) -> Option<&str> {
        match self {
            Text::Str(s) => Some(s),
            Text::Other(_) => None,
        }
    }
}

/// Reads any JSON value as a [`Text`]: strings as they are, the rest as
/// a [`Value`] (lists and objects built by `Value`'s own visitor).
struct TextVisitor;

impl<'de> Visitor<'de> for TextVisitor {
    type Value = Text<'de>;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }
    fn visit_borrowed_str<E: de::Error>(self, s: &'de str) -> Result<Text<'de>, E> {
        Ok(Text::Str(Cow::Borrowed(s)))
    }
    fn visit_str<E: de::Error>(self, s: &str) -> Result<Text<'de>, E> {
        Ok(Text::Str(Cow::Owned(s.to_string())))
    }
    fn visit_string<E: de::Error>(self, s: String) -> Result<Text<'de>, E> {
        Ok(Text::Str(Cow::Owned(s)))
    }
    fn visit_bool<E: de::Error>(self, b: bool) -> Result<Text<'de>, E> {
        Ok(Text::Other(Value::Bool(b)))
    }
    fn visit_i64<E: de::Error>(self, n: i64) -> Result<Text<'de>, E> {
        Ok(Text::Other(Value::from(n)))
    }
    fn visit_u64<E: de::Error>(self, n: u64) -> Result<Text<'de>, E> {
        Ok(Text::Other(Value::from(n)))
    }
    fn visit_f64<E: de::Error>(self, n: f64) -> Result<Text<'de>, E> {
        // What `Value` makes of a float (null when not finite).
        Ok(Text::Other(Value::from(n)))
    }
    fn visit_unit<E: de::Error>(self) -> Result<Text<'de>, E> {
        Ok(Text::Other(Value::Null))
    }
    fn visit_none<E: de::Error>(self) -> Result<Text<'de>, E> {
        Ok(Text::Other(Value::Null))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Text<'de>, A::Error> {
        Value::deserialize(de::value::SeqAccessDeserializer::new(seq)).map(Text::Other)
    }
    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Text<'de>, A::Error> {
        Value::deserialize(de::value::MapAccessDeserializer::new(map)).map(Text::Other)
    }
}

impl<'de> Deserialize<'de> for Text<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Text<'de>, D::Error> {
        d.deserialize_any(TextVisitor)
    }
}

/// An edge's `sources` or a node's `aliases`: a list of strings (one
/// string held apart, as most lists have one and a list would be one more
/// allocation per element read), or any other value.
#[derive(Debug)]
pub(super) enum Sources<'de> {
    One(Cow<'de, str>),
    List(Vec<Cow<'de, str>>),
    Other(Value),
}

impl<'de> Sources<'de> {
    fn into_value(self) -> Value {
        match self {
            Sources::One(s) => Value::Array(vec![Value::String(s.into_owned())]),
            Sources::List(l) => Value::Array(
                l.into_iter()
                    .map(|s| Value::String(s.into_owned()))
                    .collect(),
            ),
            Sources::Other(v) => v,
        }
    }

    /// The strings of a list of strings.
    fn strings(&self) -> Option<&[Cow<'de, str>]> {
        match self {
            Sources::One(s) => Some(std::slice::from_ref(s)),
            Sources::List(l) => Some(l),
            Sources::Other(_) => None,
        }
    }

    /// Whether the list is `derived` (the sources a relation's evidence
    /// names), so that it need not be kept as an attribute.
    fn is(&self, derived: &[&str]) -> bool {
        match (self, self.strings()) {
            (_, Some(list)) => {
                list.len() == derived.len() && list.iter().zip(derived).all(|(a, b)| a == b)
            }
            (Sources::Other(Value::Array(list)), _) => {
                list.len() == derived.len()
                    && list.iter().zip(derived).all(|(a, b)| a.as_str() == Some(b))
            }
            _ => false,
        }
    }
}

impl<'de> Deserialize<'de> for Sources<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Sources<'de>, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Sources<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("any JSON value")
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Sources<'de>, A::Error> {
                let Some(first) = seq.next_element::<Text<'de>>()? else {
                    return Ok(Sources::List(Vec::new()));
                };
                let Some(second) = seq.next_element::<Text<'de>>()? else {
                    return Ok(match first {
                        Text::Str(s) => Sources::One(s),
                        other => Sources::Other(Value::Array(vec![other.into_value()])),
                    });
                };
                let mut items: Vec<Text<'de>> = vec![first, second];
                while let Some(t) = seq.next_element::<Text<'de>>()? {
                    items.push(t);
                }
                if items.iter().all(|t| matches!(t, Text::Str(_))) {
                    Ok(Sources::List(
                        items
                            .into_iter()
                            .map(|t| match t {
                                Text::Str(s) => s,
                                Text::Other(_) => unreachable!("checked: strings only"),
                            })
                            .collect(),
                    ))
                } else {
                    Ok(Sources::Other(Value::Array(
                        items.into_iter().map(Text::into_value).collect(),
                    )))
                }
            }
            // Anything else is read as `Value` reads it.
            fn visit_borrowed_str<E: de::Error>(self, s: &'de str) -> Result<Sources<'de>, E> {
                Ok(Sources::Other(Value::String(s.to_string())))
            }
            fn visit_str<E: de::Error>(self, s: &str) -> Result<Sources<'de>, E> {
                Ok(Sources::Other(Value::String(s.to_string())))
            }
            fn visit_bool<E: de::Error>(self, b: bool) -> Result<Sources<'de>, E> {
                Ok(Sources::Other(Value::Bool(b)))
            }
            fn visit_i64<E: de::Error>(self, n: i64) -> Result<Sources<'de>, E> {
                Ok(Sources::Other(Value::from(n)))
            }
            fn visit_u64<E: de::Error>(self, n: u64) -> Result<Sources<'de>, E> {
                Ok(Sources::Other(Value::from(n)))
            }
            fn visit_f64<E: de::Error>(self, n: f64) -> Result<Sources<'de>, E> {
                Ok(Sources::Other(Value::from(n)))
            }
            fn visit_unit<E: de::Error>(self) -> Result<Sources<'de>, E> {
                Ok(Sources::Other(Value::Null))
            }
            fn visit_none<E: de::Error>(self) -> Result<Sources<'de>, E> {
                Ok(Sources::Other(Value::Null))
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Sources<'de>, A::Error> {
                Value::deserialize(de::value::MapAccessDeserializer::new(map)).map(Sources::Other)
            }
        }
        d.deserialize_any(V)
    }
}

/// An edge's attributes as read from JSON text (see the module's notes).
#[derive(Debug, Default)]
pub struct JsonEdge<'de> {
    pub(super) id: Option<Text<'de>>,
    pub(super) source: Option<Text<'de>>,
    pub(super) target: Option<Text<'de>>,
    pub(super) predicate: Option<Text<'de>>,
    pub(super) class: Option<Text<'de>>,
    pub(super) polarity: Option<Text<'de>>,
    pub(super) origin: Option<Text<'de>>,
    pub(super) context: Option<Text<'de>>,
    pub(super) date: Option<Text<'de>>,
    pub(super) note: Option<Text<'de>>,
    pub(super) confidence: Option<Value>,
    pub(super) key: Option<Text<'de>>,
    pub(super) stance: Option<Text<'de>>,
    pub(super) weight: Option<Value>,
    pub(super) support: Option<Value>,
    pub(super) sources: Option<Sources<'de>>,
    pub(super) evidence: Option<EvidenceField>,
    pub(super) rest: Attrs,
}

impl<'de> Deserialize<'de> for JsonEdge<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<JsonEdge<'de>, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = JsonEdge<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an object")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<JsonEdge<'de>, A::Error> {
                let mut e = JsonEdge::default();
                // As `EdgeAttrs` reads an object: a repeated key keeps its last value.
                while let Some(attrs::Key(key)) = map.next_key::<attrs::Key<'de>>()? {
                    match &*key {
                        "id" => e.id = Some(map.next_value()?),
                        "source" => e.source = Some(map.next_value()?),
                        "target" => e.target = Some(map.next_value()?),
                        "predicate" => e.predicate = Some(map.next_value()?),
                        "class" => e.class = Some(map.next_value()?),
                        "polarity" => e.polarity = Some(map.next_value()?),
                        "origin" => e.origin = Some(map.next_value()?),
                        "context" => e.context = Some(map.next_value()?),
                        "date" => e.date = Some(map.next_value()?),
                        "note" => e.note = Some(map.next_value()?),
                        "confidence" => e.confidence = Some(map.next_value()?),
                        "key" => e.key = Some(map.next_value()?),
                        "stance" => e.stance = Some(map.next_value()?),
                        "weight" => e.weight = Some(map.next_value()?),
                        "support" => e.support = Some(map.next_value()?),
                        "sources" => e.sources = Some(map.next_value()?),
                        "evidence" => e.evidence = Some(map.next_value()?),
                        _ => {
                            let v: Value = map.next_value()?;
                            e.rest.insert(key.into_owned(), v);
                        }
                    }
                }
                Ok(e)
            }
        }
        d.deserialize_map(V)
    }
}

/// A string field of the usual kind: absent, null or a string.
fn plain(t: &Option<Text<'_>>) -> bool {
    matches!(
        t,
        None | Some(Text::Str(_)) | Some(Text::Other(Value::Null))
    )
}

/// The string of a [`plain`] field.
fn owned(t: Option<Text<'_>>) -> Option<String> {
    match t {
        Some(Text::Str(s)) => Some(s.into_owned()),
        _ => None,
    }
}

impl JsonEdge<'_> {
    /// The attributes as [`EdgeAttrs`] holds them.
    fn into_attrs(self) -> EdgeAttrs {
        let v = |t: Option<Text<'_>>| t.map(Text::into_value);
        EdgeAttrs {
            id: v(self.id),
            source: v(self.source),
            target: v(self.target),
            predicate: v(self.predicate),
            class: v(self.class),
            polarity: v(self.polarity),
            origin: v(self.origin),
            context: v(self.context),
            date: v(self.date),
            note: v(self.note),
            confidence: self.confidence,
            key: v(self.key),
            stance: v(self.stance),
            weight: self.weight,
            support: self.support,
            sources: self.sources.map(Sources::into_value),
            evidence: self.evidence,
            rest: self.rest,
        }
    }

    /// The class, polarity and origin of an edge of the usual kind (every
    /// field [`Self::relation`] reads is absent or of its usual type, the
    /// class and predicate are given and the evidence is a non-empty
    /// list); `None` for any other edge.
    fn usual(&self) -> Option<(RelationClass, Polarity, Origin)> {
        fn str_of<'a>(t: &'a Option<Text<'_>>) -> Option<&'a str> {
            t.as_ref().and_then(Text::as_str)
        }
        str_of(&self.source)?;
        str_of(&self.target)?;
        str_of(&self.predicate)?;
        let class = str_of(&self.class)?;
        let class = *RelationClass::ALL.iter().find(|k| k.as_str() == class)?;
        let polarity = match &self.polarity {
            None | Some(Text::Other(Value::Null)) => Polarity::Asserted,
            Some(Text::Str(p)) => p.parse().ok()?,
            Some(Text::Other(_)) => return None,
        };
        let origin = match &self.origin {
            None | Some(Text::Other(Value::Null)) => Origin::Curated,
            Some(Text::Str(o)) if o == "curated" => Origin::Curated,
            Some(Text::Str(o)) if o == "extracted" => Origin::Extracted,
            Some(_) => return None,
        };
        let usual = plain(&self.context)
            && plain(&self.date)
            && plain(&self.note)
            && matches!(self.id, None | Some(Text::Str(_)))
            && matches!(self.key, None | Some(Text::Str(_)))
            && matches!(self.confidence, None | Some(Value::Null | Value::Number(_)))
            && matches!(&self.evidence, Some(EvidenceField::List(l)) if !l.is_empty());
        usual.then_some((class, polarity, origin))
    }

    /// What [`attrs::relation`] gives for this edge.
    pub fn relation(
        self,
        vocab: &Vocabulary,
        file_source: &str,
    ) -> Result<ConvertedRelation, String> {
        let Some((class, polarity, origin)) = self.usual() else {
            return attrs::relation(self.into_attrs(), vocab, file_source);
        };
        let str_of = |t: Option<Text<'_>>| match t {
            Some(Text::Str(s)) => s.into_owned(),
            _ => unreachable!("checked by `usual`"),
        };
        let Some(EvidenceField::List(evidence)) = self.evidence else {
            unreachable!("checked by `usual`")
        };
        let mut relation = Relation {
            id: String::new(),
            source: str_of(self.source),
            target: str_of(self.target),
            predicate: str_of(self.predicate),
            class,
            polarity,
            context: owned(self.context),
            date: owned(self.date),
            origin,
            // A number's `as_f64` is never `None`.
            confidence: self.confidence.as_ref().and_then(Value::as_f64),
            note: owned(self.note),
            evidence,
            extra: Extra::new(),
        };
        let mut m = self.rest;
        let id = self.id.and_then(|t| match t {
            Text::Str(s) => Some(s),
            Text::Other(_) => None,
        });
        // Derived attributes go when they say what export would say anyway
        // (as in `attrs::relation`).
        if let Some(Text::Str(key)) = self.key {
            if id.as_ref().is_some_and(|id| *id != key) {
                m.insert("key".into(), Value::String(key.into_owned()));
            }
        }
        if let Some(stance) = self.stance {
            if stance.as_str() != Some(class.stance().as_str()) {
                m.insert("stance".into(), stance.into_value());
            }
        }
        if let Some(v) = self.weight {
            if !(v.is_f64() && v.as_f64() == Some(class.score())) {
                m.insert("weight".into(), v);
            }
        }
        // `Relation::sources`, without a list for the usual one piece of evidence.
        let (one, many);
        let derived: &[&str] = match relation.evidence.as_slice() {
            [e] => {
                one = [e.source.as_str()];
                &one
            }
            _ => {
                many = relation.sources();
                &many
            }
        };
        if let Some(v) = self.support {
            if v.as_u64() != Some(derived.len() as u64) {
                m.insert("support".into(), v);
            }
        }
        if let Some(sources) = self.sources {
            if !sources.is(derived) {
                m.insert("sources".into(), sources.into_value());
            }
        }
        relation.extra = m.into_iter().collect();
        let raw_id = match id {
            None => RawId::None,
            // The id the graph gives it (see `Relation::set_edge_id`); the
            // file's is then not kept apart.
            Some(file_id) if relation.adopt_edge_id(&file_id) => RawId::Derived,
            Some(file_id) => {
                let value = Value::String(file_id.clone().into_owned());
                relation.extra.insert("original_id".into(), value);
                RawId::File(file_id.into_owned())
            }
        };
        Ok((relation, raw_id, false))
    }
}

/// An edge whose relation [`JsonEdge::relation`] would make with no
/// attributes of its own (an empty `extra`: no unknown field, every
/// derived one saying what export says) and with no id of the file's
/// kept apart (none, or the one derived from its key): its texts still
/// borrowed from the file, for `merge`, which makes a relation only of a
/// key it has not met before and otherwise folds these fields into the
/// relation it has (see `graph::merge`).
#[derive(Debug)]
pub struct PlainEdge<'de> {
    /// The id the file gives it (the derived one), to find repeated ids.
    pub id: Option<Cow<'de, str>>,
    pub source: Cow<'de, str>,
    pub target: Cow<'de, str>,
    pub predicate: Cow<'de, str>,
    pub class: RelationClass,
    pub polarity: Polarity,
    pub context: Option<Cow<'de, str>>,
    pub date: Option<Cow<'de, str>>,
    pub origin: Origin,
    pub confidence: Option<f64>,
    pub note: Option<Cow<'de, str>>,
    pub evidence: Vec<Evidence>,
}

impl<'de> JsonEdge<'de> {
    /// The edge as a [`PlainEdge`], when it is one; `None` for any other
    /// edge (which [`Self::relation`] converts).
    pub(super) fn plain(self) -> Option<PlainEdge<'de>> {
        let (class, polarity, origin) = self.usual()?;
        if !self.rest.is_empty() {
            return None;
        }
        let Some(EvidenceField::List(evidence)) = self.evidence else {
            return None;
        };
        let text = |t: Option<Text<'de>>| match t {
            Some(Text::Str(s)) => Some(s),
            _ => None,
        };
        let id = text(self.id);
        // What `relation` keeps in `extra` (see there), refused here.
        if let (Some(id), Some(Text::Str(key))) = (&id, &self.key) {
            if id != key {
                return None;
            }
        }
        if let Some(stance) = &self.stance {
            if stance.as_str() != Some(class.stance().as_str()) {
                return None;
            }
        }
        if let Some(v) = &self.weight {
            if !(v.is_f64() && v.as_f64() == Some(class.score())) {
                return None;
            }
        }
        // `Relation::sources`.
        let (one, mut many);
        let derived: &[&str] = match evidence.as_slice() {
            [e] => {
                one = [e.source.as_str()];
                &one
            }
            _ => {
                many = evidence
                    .iter()
                    .map(|e| e.source.as_str())
                    .collect::<Vec<_>>();
                many.sort_unstable();
                many.dedup();
                &many
            }
        };
        if let Some(v) = &self.support {
            if v.as_u64() != Some(derived.len() as u64) {
                return None;
            }
        }
        if self.sources.as_ref().is_some_and(|s| !s.is(derived)) {
            return None;
        }
        let (source, target, predicate) = (
            text(self.source)?,
            text(self.target)?,
            text(self.predicate)?,
        );
        let context = text(self.context);
        // An id of the file's own would be kept as `original_id`.
        if let Some(id) = &id {
            let derived = crate::model::is_edge_id(
                id,
                &source,
                &target,
                &predicate,
                context.as_deref(),
                polarity,
            );
            if !derived {
                return None;
            }
        }
        Some(PlainEdge {
            id,
            source,
            target,
            predicate,
            class,
            polarity,
            context,
            date: text(self.date),
            origin,
            // A number's `as_f64` is never `None`.
            confidence: self.confidence.as_ref().and_then(Value::as_f64),
            note: text(self.note),
            evidence,
        })
    }
}

/// A node's attributes as read from JSON text: what [`JsonEdge`] is for
/// edges. The id, label, kind, Wikidata id and aliases are borrowed from
/// the text where they hold no escape, instead of becoming a
/// [`serde_json::Value`] each, converted and dropped.
#[derive(Debug, Default)]
pub struct JsonNode<'de> {
    pub(super) id: Option<Text<'de>>,
    pub(super) label: Option<Text<'de>>,
    pub(super) kind: Option<Text<'de>>,
    pub(super) aliases: Option<Sources<'de>>,
    pub(super) wikidata: Option<Text<'de>>,
    pub(super) candidate: Option<Value>,
    pub(super) rest: Attrs,
}

impl<'de> Deserialize<'de> for JsonNode<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<JsonNode<'de>, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = JsonNode<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an object")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<JsonNode<'de>, A::Error> {
                let mut n = JsonNode::default();
                // As `NodeAttrs` reads an object: a repeated key keeps its last value.
                while let Some(attrs::Key(key)) = map.next_key::<attrs::Key<'de>>()? {
                    match &*key {
                        "id" => n.id = Some(map.next_value()?),
                        "label" => n.label = Some(map.next_value()?),
                        "kind" => n.kind = Some(map.next_value()?),
                        "aliases" => n.aliases = Some(map.next_value()?),
                        "wikidata" => n.wikidata = Some(map.next_value()?),
                        "candidate" => n.candidate = Some(map.next_value()?),
                        _ => {
                            let v: Value = map.next_value()?;
                            n.rest.insert(key.into_owned(), v);
                        }
                    }
                }
                Ok(n)
            }
        }
        d.deserialize_map(V)
    }
}

impl JsonNode<'_> {
    /// What [`attrs::actor`] gives for this node: converted here when every
    /// field is of its usual type (a string id; a string or null label,
    /// kind and Wikidata id; a list of strings as aliases; a boolean
    /// `candidate`), by [`attrs::actor`] itself otherwise.
    pub fn actor(self) -> Result<Actor, String> {
        let usual = matches!(self.id, Some(Text::Str(_)))
            && plain(&self.label)
            && plain(&self.kind)
            && plain(&self.wikidata)
            && self.aliases.as_ref().is_none_or(|a| a.strings().is_some())
            && matches!(self.candidate, None | Some(Value::Bool(_)));
        if !usual {
            let v = |t: Option<Text<'_>>| t.map(Text::into_value);
            return attrs::actor(NodeAttrs {
                id: v(self.id),
                label: v(self.label),
                kind: v(self.kind),
                aliases: self.aliases.map(Sources::into_value),
                wikidata: v(self.wikidata),
                candidate: self.candidate,
                rest: self.rest,
            });
        }
        let id = owned(self.id).expect("checked: a string");
        let label = match owned(self.label) {
            Some(label) => label,
            // `name` stays an attribute of its own, so it is written back out.
            None => match self.rest.get("name") {
                Some(Value::String(name)) => name.clone(),
                _ => id.clone(),
            },
        };
        let aliases = match self.aliases {
            Some(Sources::One(s)) => vec![s.into_owned()],
            Some(Sources::List(l)) => l.into_iter().map(Cow::into_owned).collect(),
            _ => Vec::new(),
        };
        Ok(Actor {
            id,
            label,
            kind: owned(self.kind).unwrap_or_else(|| "unknown".into()),
            aliases,
            wikidata: owned(self.wikidata),
            candidate: matches!(self.candidate, Some(Value::Bool(true))),
            extra: self.rest.into_iter().collect(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Both readings of one edge object: this module's and `attrs::relation`'s.
    fn both(
        json: &str,
    ) -> (
        Result<ConvertedRelation, String>,
        Result<ConvertedRelation, String>,
    ) {
        let vocab = Vocabulary::builtin();
        let fast: JsonEdge = serde_json::from_str(json).expect("an object");
        let general: EdgeAttrs = serde_json::from_str(json).expect("an object");
        (
            fast.relation(&vocab, "file"),
            attrs::relation(general, &vocab, "file"),
        )
    }

    #[test]
    fn gives_what_the_general_conversion_gives() {
        let evidence = r#""evidence": [{"source": "b1", "line": 3, "sentence": "S."}]"#;
        let usual = format!(
            r#""source": "a", "target": "b", "predicate": "supports", "class": "SUPPORT", {evidence}"#
        );
        let cases = [
            // The usual shape, as briefgraph writes it (derived fields dropped).
            format!(
                r#"{{"id": "e1", "key": "e1", {usual}, "stance": "cooperative", "weight": 3.0,
                "polarity": "asserted", "origin": "extracted", "confidence": 0.5,
                "support": 1, "sources": ["b1"], "context": "talks"}}"#
            ),
            // Derived fields that say something else are kept.
            format!(
                r#"{{"id": "e1", "key": "k", {usual}, "stance": "hostile", "weight": 2,
                "support": 7, "sources": ["b1", "b2"], "colour": "red"}}"#
            ),
            format!(r#"{{{usual}, "sources": ["b1", 3], "stance": 4, "key": "k"}}"#),
            format!(r#"{{{usual}, "sources": "b1", "support": "1"}}"#),
            // Escapes, nulls, repeated keys.
            format!(
                r#"{{{usual}, "context": null, "date": "2025", "note": "a \"b\"", "note": "c"}}"#
            ),
            format!(r#"{{{usual}, "source": "x\u0041", "confidence": null, "polarity": null}}"#),
            // Unusual types and values, left to the general conversion.
            format!(r#"{{{usual}, "source": 3, "context": 4}}"#),
            format!(r#"{{{usual}, "id": 12, "key": 12}}"#),
            format!(r#"{{{usual}, "class": "support"}}"#),
            format!(r#"{{{usual}, "class": "NOPE"}}"#),
            format!(r#"{{{usual}, "polarity": "maybe"}}"#),
            format!(r#"{{{usual}, "origin": "guessed"}}"#),
            format!(r#"{{{usual}, "confidence": "high"}}"#),
            format!(r#"{{{usual}, "date": [1]}}"#),
            r#"{"source": "a", "target": "b", "predicate": "supports"}"#.to_string(),
            r#"{"source": "a", "target": "b", "class": "SUPPORT", "evidence": []}"#.to_string(),
            r#"{"source": "a", "target": "b", "class": "SUPPORT", "evidence": "[]"}"#.to_string(),
            r#"{"source": "a", "class": "SUPPORT"}"#.to_string(),
        ];
        for json in &cases {
            let (fast, general) = both(json);
            assert_eq!(fast, general, "{json}");
        }
    }

    #[test]
    fn nodes_give_what_the_general_conversion_gives() {
        let cases = [
            r#"{"id": "a", "label": "A", "kind": "state", "aliases": ["B", "C"], "wikidata": "Q1"}"#,
            r#"{"id": "a", "label": "A", "kind": "state", "aliases": []}"#,
            r#"{"id": "a", "aliases": ["B"], "candidate": true, "first_seen": 2001}"#,
            r#"{"id": "a", "name": "Named", "label": null, "kind": null, "wikidata": null}"#,
            r#"{"id": "a", "name": 3, "candidate": false, "colour": {"r": 1}}"#,
            r#"{"id": "a\u0041", "label": "x\"y", "aliases": ["\u00e9", "b"], "id": "b"}"#,
            // Unusual types and values, left to the general conversion.
            r#"{"id": 12, "label": 3, "kind": 4}"#,
            r#"{"id": "a", "aliases": "[\"B\"]"}"#,
            r#"{"id": "a", "aliases": "B"}"#,
            r#"{"id": "a", "aliases": [1]}"#,
            r#"{"id": "a", "aliases": ["B", 1]}"#,
            r#"{"id": "a", "aliases": null}"#,
            r#"{"id": "a", "candidate": "yes"}"#,
            r#"{"id": "a", "wikidata": [1]}"#,
            r#"{"id": null}"#,
            r#"{"label": "A"}"#,
        ];
        for json in cases {
            let fast: JsonNode = serde_json::from_str(json).expect("an object");
            let general: NodeAttrs = serde_json::from_str(json).expect("an object");
            assert_eq!(fast.actor(), attrs::actor(general), "{json}");
        }
    }
}

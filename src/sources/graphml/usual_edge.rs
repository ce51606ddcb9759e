//! An `<edge>` of the usual kind read straight into a relation.
//!
//! The general way types every `<data>` into a [`Value`] (a string
//! allocated for `class`, `polarity`, `origin`, `stance`; the `sources`
//! list parsed into values), sets it on an [`super::EdgeAttrs`] by name, and
//! [`attrs::relation`] then reads, compares and drops most of them. For an
//! edge of the usual kind — briefgraph's own, or any file whose edges carry
//! string-typed `class`, `predicate`, `polarity`, `origin`, `context`,
//! `date`, `note`, a numeric `confidence` and a JSON list of evidence —
//! [`GraphmlReader::usual_edge`] reads the texts where they are and gives
//! the relation `attrs::relation` would give. Anything it does not read
//! the usual way (a missing or unknown key, a repeated attribute, a value
//! of another type, a `<default>` to fill in, an unknown class...) gives
//! `None` before anything is done, and the edge goes the general way, with
//! its messages.

use super::{typed, EvidenceList, GraphmlReader, PlainData, TagAttrs, ValueType};
use crate::model::{Extra, Origin, Polarity, Relation, RelationClass};
use crate::sinks::graphml::decode_id;
use crate::sources::attrs::{self, ConvertedRelation, RawId};
use serde_json::Value;
use std::borrow::Cow;
use std::rc::Rc;

/// Which field of an edge a key's attribute name fills (see
/// `attrs::EdgeAttrs`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Slot {
    Predicate,
    Class,
    Polarity,
    Origin,
    Context,
    Date,
    Note,
    Confidence,
    Evidence,
    Key,
    Stance,
    Weight,
    Support,
    Sources,
    /// `id`, `source`, `target`: the start tag's, read the general way.
    Ends,
    /// Any other attribute, kept in `extra`.
    Rest,
}

impl Slot {
    pub(super) fn of(name: &str) -> Slot {
        match name {
            "predicate" => Slot::Predicate,
            "class" => Slot::Class,
            "polarity" => Slot::Polarity,
            "origin" => Slot::Origin,
            "context" => Slot::Context,
            "date" => Slot::Date,
            "note" => Slot::Note,
            "confidence" => Slot::Confidence,
            "evidence" => Slot::Evidence,
            "key" => Slot::Key,
            "stance" => Slot::Stance,
            "weight" => Slot::Weight,
            "support" => Slot::Support,
            "sources" => Slot::Sources,
            "id" | "source" | "target" => Slot::Ends,
            _ => Slot::Rest,
        }
    }
}

/// A text whose key is kept to type it later, if at all.
type Later<'d> = (Rc<super::Key>, &'d str);

impl<'a> GraphmlReader<'a> {
    /// The relation (with the id the file gave it) of an edge with these
    /// start-tag attributes and `<data>`, when it is of the usual kind (see
    /// the module's text): exactly what the general way would convert it
    /// into, with nothing to report. `None` for any other edge.
    pub(super) fn usual_edge(
        &mut self,
        tag: &TagAttrs<'_>,
        data: &[PlainData<'a>],
    ) -> Option<ConvertedRelation> {
        if self.keys_with_defaults != 0 || tag.get("directed") == Some("false") {
            return None;
        }
        let source = decode_id(tag.get("source")?);
        let target = decode_id(tag.get("target")?);
        // Ids need decoding only where they hold `_x` (see `decode_id`).
        let id = tag
            .get("id")
            .map(|t| match t.as_bytes().windows(2).any(|w| w == b"_x") {
                true => Cow::Owned(decode_id(t)),
                false => Cow::Borrowed(t),
            });

        let mut seen = 0u32;
        let mut text: [Option<&str>; 7] = [None; 7];
        let mut confidence = None;
        let mut evidence = None;
        let mut later: [Option<Later<'_>>; 5] = [None, None, None, None, None];
        let mut rest: Vec<Later<'_>> = Vec::new();
        for (place, d) in data.iter().enumerate() {
            let key = self.key_at(place, d.key)?;
            let slot = key.slot;
            let value: &str = &d.value;
            match slot {
                Slot::Ends => return None,
                Slot::Rest => {
                    if rest.iter().any(|(k, _)| k.name == key.name) {
                        return None;
                    }
                    rest.push((key, value));
                    continue;
                }
                _ => {
                    let bit = 1u32 << slot as u32;
                    if seen & bit != 0 {
                        return None;
                    }
                    seen |= bit;
                }
            }
            match slot {
                Slot::Predicate
                | Slot::Class
                | Slot::Polarity
                | Slot::Origin
                | Slot::Context
                | Slot::Date
                | Slot::Note => {
                    if key.ty != ValueType::String || key.json {
                        return None;
                    }
                    text[slot as usize] = Some(value);
                }
                Slot::Confidence => {
                    confidence = match typed(&key, Cow::Borrowed(value)).ok()? {
                        Value::Null => None,
                        v => Some(v.as_f64()?),
                    };
                }
                Slot::Evidence => {
                    if !key.json {
                        return None;
                    }
                    let list = serde_json::from_str::<EvidenceList>(value).ok()?.0;
                    if list.is_empty() {
                        return None;
                    }
                    evidence = Some(list);
                }
                Slot::Key | Slot::Stance | Slot::Weight | Slot::Support | Slot::Sources => {
                    later[slot as usize - Slot::Key as usize] = Some((key, value));
                }
                Slot::Ends | Slot::Rest => unreachable!("handled above"),
            }
        }

        let [predicate, class, polarity, origin, context, date, note] = text;
        let class = match RelationClass::ALL
            .iter()
            .find(|k| Some(k.as_str()) == class)
        {
            Some(&k) => k,
            None => class?.parse::<RelationClass>().ok()?,
        };
        let polarity = match polarity {
            Some(p) => p.parse::<Polarity>().ok()?,
            None => Polarity::Asserted,
        };
        let origin = match origin {
            None | Some("curated") => Origin::Curated,
            Some("extracted") => Origin::Extracted,
            Some(_) => return None,
        };
        let mut relation = Relation {
            id: String::new(),
            source,
            target,
            predicate: predicate?.to_string(),
            class,
            polarity,
            context: context.map(str::to_string),
            date: date.map(str::to_string),
            origin,
            confidence,
            note: note.map(str::to_string),
            evidence: evidence?,
            extra: Extra::new(),
        };

        // The other attributes, then the derived ones that say something
        // else than export would derive (as `attrs::relation` keeps them).
        let mut extra = Extra::new();
        for (key, value) in rest {
            extra.insert(key.name.clone(), typed(&key, Cow::Borrowed(value)).ok()?);
        }
        let [key, stance, weight, support, sources] = later;
        if let Some((k, value)) = key {
            let v = typed(&k, Cow::Borrowed(value)).ok()?;
            if id.is_some() && v.as_str() != id.as_deref() {
                extra.insert(k.name.clone(), v);
            }
        }
        if let Some((k, value)) = stance {
            let plain = k.ty == ValueType::String && !k.json;
            if !(plain && value == class.stance().as_str()) {
                let v = typed(&k, Cow::Borrowed(value)).ok()?;
                if v.as_str() != Some(class.stance().as_str()) {
                    extra.insert(k.name.clone(), v);
                }
            }
        }
        if let Some((k, value)) = weight {
            let v = typed(&k, Cow::Borrowed(value)).ok()?;
            if !(v.is_f64() && v.as_f64() == Some(class.score())) {
                extra.insert(k.name.clone(), v);
            }
        }
        if support.is_some() || sources.is_some() {
            let derived = relation.sources();
            if let Some((k, value)) = support {
                let v = typed(&k, Cow::Borrowed(value)).ok()?;
                if v.as_u64() != Some(derived.len() as u64) {
                    extra.insert(k.name.clone(), v);
                }
            }
            if let Some((k, value)) = sources {
                // A list of strings, read without a value per item.
                let list = if k.json {
                    serde_json::from_str::<Vec<attrs::Key<'_>>>(value).ok()
                } else {
                    None
                };
                match list {
                    Some(list) => {
                        let same = list.len() == derived.len()
                            && list.iter().zip(&derived).all(|(a, b)| a.0 == *b);
                        if !same {
                            let items = list
                                .into_iter()
                                .map(|s| Value::String(s.0.into_owned()))
                                .collect();
                            extra.insert(k.name.clone(), Value::Array(items));
                        }
                    }
                    None => {
                        let v = typed(&k, Cow::Borrowed(value)).ok()?;
                        if !attrs::is_list_of(&v, &derived) {
                            extra.insert(k.name.clone(), v);
                        }
                    }
                }
            }
        }
        relation.extra = extra;
        let raw_id = match id {
            None => RawId::None,
            // The id the graph gives it (see `Relation::set_edge_id`).
            Some(file_id) if relation.adopt_edge_id(&file_id) => RawId::Derived,
            Some(file_id) => {
                let value = Value::String(file_id.to_string());
                relation.extra.insert("original_id".into(), value);
                RawId::File(file_id.into_owned())
            }
        };
        Some((relation, raw_id, false))
    }
}

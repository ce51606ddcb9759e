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
use crate::model::{Evidence, Extra, Origin, Polarity, Relation, RelationClass};
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
            let value: &str = match (&d.value, slot) {
                (Some(v), _) => v,
                // Read below from the text as it is.
                (None, Slot::Evidence) => "",
                // Another attribute holding a list of objects: the general way.
                (None, _) => return None,
            };
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
                    // Read from the text as it is in the file where it
                    // has briefgraph's shape, else from the unescaped text.
                    let raw = &self.text[d.content..d.content_end];
                    let list = match (escaped_evidence(raw), &d.value) {
                        (Some(list), _) => list,
                        (None, Some(_)) => serde_json::from_str::<EvidenceList>(value).ok()?.0,
                        (None, None) => {
                            let value = super::unescape_plain(raw).expect("checked when read");
                            serde_json::from_str::<EvidenceList>(&value).ok()?.0
                        }
                    };
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

/// A JSON list of evidence objects as briefgraph writes it into GraphML,
/// read from the XML text before its entities are replaced: `&quot;`
/// around keys and strings, the fields in [`Evidence`]'s order, each
/// string without any escape (no `&`, `\\` or control character), each
/// number plain digits. What `Vec<Evidence>` reads from the unescaped
/// text; `None` for any other text (then read that way, with its
/// messages), so nothing is read differently.
pub(super) fn escaped_evidence(raw: &str) -> Option<Vec<Evidence>> {
    let mut rest = raw.strip_prefix('[')?;
    let mut list = Vec::with_capacity(1);
    loop {
        rest = rest.strip_prefix('{')?;
        let mut e = Evidence::default();
        // The next field allowed, by its place in `Evidence`.
        let mut next = 0;
        let mut first = true;
        loop {
            if let Some(after) = rest.strip_prefix('}') {
                rest = after;
                break;
            }
            if !first {
                rest = rest.strip_prefix(',')?;
            }
            first = false;
            let (name, after) = escaped_string(rest)?;
            rest = after.strip_prefix(':')?;
            let place = FIELDS.iter().position(|f| *f == name)?;
            // In order, each once, `source` first.
            if place < next || (next == 0 && place != 0) {
                return None;
            }
            next = place + 1;
            let is_text = matches!(
                name,
                "source" | "sentence" | "quote" | "rule" | "attributed_to" | "resolved"
            );
            if is_text {
                let (value, after) = escaped_string(rest)?;
                rest = after;
                let value = Some(value.to_string());
                match name {
                    "source" => e.source = value?,
                    "sentence" => e.sentence = value,
                    "quote" => e.quote = value,
                    "rule" => e.rule = value,
                    "attributed_to" => e.attributed_to = value,
                    _ => e.resolved = value,
                }
            } else {
                let digits =
                    rest.len() - rest.trim_start_matches(|c: char| c.is_ascii_digit()).len();
                let number = &rest[..digits];
                if number.is_empty() || (number.len() > 1 && number.starts_with('0')) {
                    return None;
                }
                rest = &rest[digits..];
                match name {
                    "sentence_no" => e.sentence_no = Some(number.parse().ok()?),
                    "start" => e.start = Some(number.parse().ok()?),
                    "end" => e.end = Some(number.parse().ok()?),
                    "line" => e.line = Some(number.parse().ok()?),
                    _ => e.page = Some(number.parse().ok()?),
                }
            }
        }
        // `source` has no default: a piece without one is not read here.
        if next == 0 {
            return None;
        }
        list.push(e);
        match rest.strip_prefix(',') {
            Some(after) => rest = after,
            None => break,
        }
    }
    (rest == "]").then_some(list)
}

/// The fields of [`Evidence`], in the order serde writes them.
const FIELDS: [&str; 11] = [
    "source",
    "sentence_no",
    "start",
    "end",
    "line",
    "sentence",
    "quote",
    "rule",
    "attributed_to",
    "page",
    "resolved",
];

/// A JSON string between `&quot;`s at the start of `text`, holding no
/// entity, escape, quote or control character (so it is the same text
/// unescaped); and the text after it.
fn escaped_string(text: &str) -> Option<(&str, &str)> {
    const Q: &str = "&quot;";
    let inner = text.strip_prefix(Q)?;
    let end = memchr::memchr(b'&', inner.as_bytes())?;
    let (value, after) = inner.split_at(end);
    let after = after.strip_prefix(Q)?;
    // 16 bytes at a time, a test the compiler vectorises.
    let special = |b: u8| b < 0x20 || matches!(b, b'\\' | b'"');
    if value
        .as_bytes()
        .chunks(16)
        .any(|c| c.iter().fold(false, |any, &b| any | special(b)))
    {
        return None;
    }
    Some((value, after))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaped_evidence_reads_what_the_unescaped_text_gives() {
        let q = |s: &str| s.replace('"', "&quot;");
        let cases = [
            r#"[{"source":"b1","line":3,"sentence":"A said so."}]"#,
            r#"[{"source":"b1"},{"source":"","sentence_no":0,"start":1,"end":18446744073709551615,"line":4294967295,"sentence":"x","quote":"é","rule":"r","attributed_to":"a","page":2,"resolved":"`t` > u"}]"#,
            r#"[{"source":"b'1","line":3}]"#,
            // Left to serde (some read, some refused there).
            r#"[{"source":"b1","line":4294967296}]"#,
            r#"[{"source":"b1","line":03}]"#,
            r#"[{"source":"b1","line":3.0}]"#,
            r#"[{"source":"b1","line":-3}]"#,
            r#"[{"source":"b1","line":null}]"#,
            r#"[{"line":3,"source":"b1"}]"#,
            r#"[{"source":"b1","source":"b2"}]"#,
            r#"[{"source":"b1","colour":"red"}]"#,
            r#"[{"line":3}]"#,
            r#"[{}]"#,
            r#"[]"#,
            r#"{"source":"b1"}"#,
            r#"[{"source":"a\"b"}]"#,
            r#"[{"source":"a\\b"}]"#,
            r#"[{"source":"a\u0041"}]"#,
            r#"[{"source":"b1"} ]"#,
            r#"[{"source": "b1"}]"#,
            r#"[{"source":"b1"}]x"#,
        ];
        let mut direct = 0;
        for json in cases {
            let raw = q(json);
            let general = serde_json::from_str::<Vec<Evidence>>(json).ok();
            if let Some(list) = escaped_evidence(&raw) {
                direct += 1;
                assert_eq!(Some(list), general, "{json}");
            }
        }
        assert_eq!(direct, 3);
        // Entities other than `&quot;`, and a raw quote or control character.
        for raw in [
            "[{&quot;source&quot;:&quot;a &amp; b&quot;}]",
            "[{&quot;source&quot;:&quot;a\"b&quot;}]",
            "[{&quot;source&quot;:&quot;a\tb&quot;}]",
            "[{&quot;source&quot;:&quot;a&lt;b&quot;}]",
        ] {
            assert_eq!(escaped_evidence(raw), None, "{raw}");
        }
    }
}

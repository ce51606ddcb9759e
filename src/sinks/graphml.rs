//! GraphML 1.0, written by hand so that it validates and loads everywhere.
//!
//! - Every attribute is declared once as a typed `<key>` whose id is
//!   prefixed by what it is for (`g_name`, `v_label`, `e_class`), never
//!   `d0…dN`, which Gephi reads as yEd's label slots.
//! - Keys come first, sorted; then nodes in id order, then edges in key
//!   order, each edge with its id.
//! - The attributes are exactly those of the JSON export (one source of
//!   truth); a value that is not a plain string, number or boolean (lists,
//!   evidence), or that holds a character XML 1.0 cannot carry, is written
//!   as JSON text under a key whose `<desc>` says `json`.
//! - Node ids are GraphML NMTOKENs: a character an NMTOKEN cannot hold is
//!   written `_xHHHH_` (and a literal `_x` as `_x005F_x`), see [`encode_id`].

use super::json::{actor_value, meta_value, relation_value};
use crate::graph::BriefGraph;
use serde_json::{Map, Value};
use std::collections::BTreeMap;
use std::fmt::Write;

/// The `<desc>` of a key whose values are JSON text.
pub const JSON_DESC: &str = "json";

/// The graph as GraphML, ending in a newline.
pub fn write(graph: &BriefGraph) -> Vec<u8> {
    write_flavour(graph, Flavour::Plain)
}

/// Which GraphML `write_flavour` writes.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Flavour {
    /// Standard GraphML (what [`write`] gives).
    #[default]
    Plain,
    /// The same, plus yFiles `ShapeNode`/`PolyLineEdge` graphics (label,
    /// fill, shape, position; line colour, style, arrow and label) under
    /// two `yfiles.type` keys, so labels and colours show in yEd.
    Yed,
}

impl Flavour {
    pub fn from_name(name: &str) -> Option<Flavour> {
        match name.to_ascii_lowercase().as_str() {
            "plain" | "standard" => Some(Flavour::Plain),
            "yed" => Some(Flavour::Yed),
            _ => None,
        }
    }
}

/// The graph as GraphML of the given flavour, ending in a newline.
pub fn write_flavour(graph: &BriefGraph, flavour: Flavour) -> Vec<u8> {
    let yed = (flavour == Flavour::Yed).then(|| super::yed::Graphics::new(graph));
    // A null attribute is written (as JSON text), not dropped: imports keep it.
    let graph_attrs = object(meta_value(&graph.meta));
    let nodes: Vec<(String, Map<String, Value>)> = graph
        .actors()
        .map(|a| {
            let mut m = object(actor_value(a));
            m.remove("id");
            (a.id.clone(), m)
        })
        .collect();
    let edges: Vec<(String, String, String, Map<String, Value>)> = graph
        .relations()
        .map(|r| {
            let mut m = object(relation_value(r));
            for k in ["id", "key", "source", "target"] {
                m.remove(k);
            }
            (r.id.clone(), r.source.clone(), r.target.clone(), m)
        })
        .collect();

    let g_keys = KeySet::new("g", "graph", std::iter::once(&graph_attrs));
    let v_keys = KeySet::new("v", "node", nodes.iter().map(|(_, m)| m));
    let e_keys = KeySet::new("e", "edge", edges.iter().map(|(.., m)| m));

    let mut out = String::with_capacity(4096 + 512 * (nodes.len() + edges.len()));
    out.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    out.push_str(
        "<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\" \
         xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" \
         xsi:schemaLocation=\"http://graphml.graphdrawing.org/xmlns \
         http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd\">\n",
    );
    if let Some(y) = &yed {
        y.namespace(&mut out);
    }
    for keys in [&g_keys, &v_keys, &e_keys] {
        keys.declare(&mut out);
    }
    if let Some(y) = &yed {
        y.declare(&mut out);
    }
    out.push_str("  <graph id=\"G\" edgedefault=\"directed\">\n");
    g_keys.data(&mut out, "    ", &graph_attrs);
    for (id, attrs) in &nodes {
        let _ = writeln!(out, "    <node id=\"{}\">", escape(&encode_id(id)));
        v_keys.data(&mut out, "      ", attrs);
        if let Some(y) = &yed {
            y.node(&mut out, id);
        }
        out.push_str("    </node>\n");
    }
    for (id, source, target, attrs) in &edges {
        let _ = writeln!(
            out,
            "    <edge id=\"{}\" source=\"{}\" target=\"{}\">",
            escape(&encode_id(id)),
            escape(&encode_id(source)),
            escape(&encode_id(target))
        );
        e_keys.data(&mut out, "      ", attrs);
        if let Some(y) = &yed {
            y.edge(&mut out, id);
        }
        out.push_str("    </edge>\n");
    }
    out.push_str("  </graph>\n</graphml>\n");
    out.into_bytes()
}

fn object(v: Value) -> Map<String, Value> {
    match v {
        Value::Object(m) => m,
        _ => Map::new(),
    }
}

/// The GraphML type of a key, inferred from all its values.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum KeyType {
    Boolean,
    Long,
    Double,
    String,
    /// JSON text in a string.
    Json,
}

impl KeyType {
    fn of(v: &Value) -> KeyType {
        match v {
            Value::Bool(_) => KeyType::Boolean,
            Value::Number(n) if n.is_i64() || n.is_u64() => KeyType::Long,
            Value::Number(_) => KeyType::Double,
            Value::String(s) if s.chars().all(xml_char) => KeyType::String,
            _ => KeyType::Json,
        }
    }

    fn join(self, other: KeyType) -> KeyType {
        use KeyType::*;
        match (self, other) {
            (a, b) if a == b => a,
            (Long, Double) | (Double, Long) => Double,
            _ => Json,
        }
    }

    fn graphml(self) -> &'static str {
        match self {
            KeyType::Boolean => "boolean",
            KeyType::Long => "long",
            KeyType::Double => "double",
            KeyType::String | KeyType::Json => "string",
        }
    }
}

/// The keys of one domain (graph, node or edge): attribute name to key id and type.
struct KeySet {
    domain: &'static str,
    keys: BTreeMap<String, (String, KeyType)>,
}

impl KeySet {
    fn new<'a>(
        prefix: &str,
        domain: &'static str,
        elements: impl Iterator<Item = &'a Map<String, Value>>,
    ) -> KeySet {
        let mut types: BTreeMap<String, KeyType> = BTreeMap::new();
        for m in elements {
            for (name, v) in m {
                let t = KeyType::of(v);
                types
                    .entry(name.clone())
                    .and_modify(|old| *old = old.join(t))
                    .or_insert(t);
            }
        }
        let mut used = std::collections::HashSet::new();
        let keys = types
            .into_iter()
            .map(|(name, t)| {
                let base = format!("{prefix}_{}", nmtoken(&name));
                let mut id = base.clone();
                let mut n = 2;
                while !used.insert(id.clone()) {
                    id = format!("{base}_{n}");
                    n += 1;
                }
                (name, (id, t))
            })
            .collect();
        KeySet { domain, keys }
    }

    fn declare(&self, out: &mut String) {
        for (name, (id, t)) in &self.keys {
            let _ = write!(
                out,
                "  <key id=\"{id}\" for=\"{}\" attr.name=\"{}\" attr.type=\"{}\"",
                self.domain,
                escape(name),
                t.graphml()
            );
            if *t == KeyType::Json {
                let _ = writeln!(out, "><desc>{JSON_DESC}</desc></key>");
            } else {
                out.push_str("/>\n");
            }
        }
    }

    fn data(&self, out: &mut String, indent: &str, attrs: &Map<String, Value>) {
        // In key order, so the file does not depend on attribute order.
        for (name, (id, t)) in &self.keys {
            let Some(v) = attrs.get(name) else {
                continue;
            };
            let text = match (t, v) {
                // JSON text escapes the control characters XML cannot carry,
                // but not U+FFFE and U+FFFF, which only occur inside strings.
                (KeyType::Json, v) => serde_json::to_string(v)
                    .expect("JSON values serialize")
                    .replace('\u{FFFE}', "\\ufffe")
                    .replace('\u{FFFF}', "\\uffff"),
                (_, Value::String(s)) => s.clone(),
                (_, v) => v.to_string(),
            };
            let _ = write!(out, "{indent}<data key=\"{id}\">");
            escape_into(out, &text);
            out.push_str("</data>\n");
        }
    }
}

/// Whether XML 1.0 can carry the character at all.
fn xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
}

/// Escapes text for XML content and attribute values. `\r` and `\t` become
/// character references so that XML's whitespace normalisation keeps them.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    escape_into(&mut out, text);
    out
}

/// [`escape`], appending to `out`.
pub fn escape_into(out: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\r' => out.push_str("&#13;"),
            '\t' => out.push_str("&#9;"),
            '\n' => out.push_str("&#10;"),
            c => out.push(c),
        }
    }
}

fn nmtoken_char(c: char) -> bool {
    c.is_alphanumeric() || matches!(c, '.' | '-' | '_' | ':' | '\u{B7}')
}

/// A key id made from an attribute name: NMTOKEN characters only.
fn nmtoken(name: &str) -> String {
    let s: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_') {
                c
            } else {
                '_'
            }
        })
        .collect();
    if s.is_empty() {
        "_".into()
    } else {
        s
    }
}

/// An id as a GraphML NMTOKEN: kept as it is when it already is one (and
/// holds no `_x`), otherwise each offending character becomes `_xHHHH_`.
/// [`decode_id`] reverses it.
pub fn encode_id(id: &str) -> String {
    if !id.is_empty() && id.chars().all(nmtoken_char) && !id.contains("_x") {
        return id.to_string();
    }
    let mut out = String::with_capacity(id.len() + 8);
    let mut chars = id.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '_' && chars.peek() == Some(&'x') {
            out.push_str("_x005F_");
        } else if nmtoken_char(c) {
            out.push(c);
        } else if (c as u32) <= 0xFFFF {
            let _ = write!(out, "_x{:04X}_", c as u32);
        } else {
            let _ = write!(out, "_x{:06X}_", c as u32);
        }
    }
    if out.is_empty() {
        out.push_str("_x_");
    }
    out
}

/// Reverses [`encode_id`].
pub fn decode_id(token: &str) -> String {
    if token == "_x_" {
        return String::new();
    }
    if !token.contains("_x") {
        return token.to_string();
    }
    let mut out = String::with_capacity(token.len());
    let mut rest = token;
    while let Some(i) = rest.find("_x") {
        out.push_str(&rest[..i]);
        let after = &rest[i + 2..];
        let decoded = after.find('_').and_then(|end| {
            let hex = &after[..end];
            ((hex.len() == 4 || hex.len() == 6) && hex.chars().all(|c| c.is_ascii_hexdigit()))
                .then(|| u32::from_str_radix(hex, 16).ok().and_then(char::from_u32))
                .flatten()
                .map(|c| (c, end))
        });
        match decoded {
            Some((c, end)) => {
                out.push(c);
                rest = &after[end + 1..];
            }
            None => {
                out.push_str("_x");
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_encode_to_nmtokens_and_back() {
        for id in [
            "cmcc",
            "united-states",
            "a b",
            "quote\"d",
            "<b>",
            "_x0041_",
            "x_x",
            "",
            "Türkiye",
            "emoji😀",
            "back\\slash",
        ] {
            let token = encode_id(id);
            assert!(
                token.chars().all(nmtoken_char) && !token.is_empty(),
                "{token}"
            );
            assert_eq!(decode_id(&token), id, "{token}");
        }
        assert_eq!(encode_id("cmcc"), "cmcc");
    }

    #[test]
    fn key_types_widen() {
        assert_eq!(KeyType::Long.join(KeyType::Double), KeyType::Double);
        assert_eq!(KeyType::String.join(KeyType::Long), KeyType::Json);
        assert_eq!(KeyType::of(&Value::from("a\u{1}b")), KeyType::Json);
    }
}

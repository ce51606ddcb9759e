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

use super::json::{actor_value, meta_value, overrides, relation_value, EDGE_FIELDS, NODE_FIELDS};
use crate::graph::merge::FxHasher;
use crate::graph::BriefGraph;
use crate::model::{Actor, Relation};
use serde_json::{Map, Value};
use std::borrow::Cow;
use std::cell::RefCell;
use std::collections::{BTreeMap, HashMap};
use std::fmt::Write;
use std::hash::BuildHasherDefault;

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
    let mut out = Vec::with_capacity(4096 + 512 * (graph.node_count() + graph.edge_count()));
    write_flavour_to(graph, flavour, &mut out).expect("writing to memory does not fail");
    out
}

/// [`write_flavour`] into a writer, element by element, straight from the
/// graph: no attribute map per element and no text of the whole file is
/// built. Each element's attributes are listed twice: once to type the
/// keys (a key's type joins the types of all its values), once to write.
pub fn write_flavour_to(
    graph: &BriefGraph,
    flavour: Flavour,
    mut w: impl std::io::Write,
) -> std::io::Result<()> {
    let yed = (flavour == Flavour::Yed).then(|| super::yed::Graphics::new(graph));
    // A null attribute is written (as JSON text), not dropped: imports keep it.
    let graph_attrs = object(meta_value(&graph.meta));
    let mut list: Vec<(Cow<str>, Attr)> = Vec::new();

    let mut types = Types::default();
    add_types(&mut types, &map_attrs(&graph_attrs));
    let g_keys = KeySet::new("g", "graph", types);
    let mut types = Types::default();
    for a in graph.actors() {
        node_attrs(a, &mut list);
        add_types(&mut types, &list);
    }
    let v_keys = KeySet::new("v", "node", types);
    let mut types = Types::default();
    for r in graph.relations() {
        edge_attrs(r, &mut list);
        add_types(&mut types, &list);
    }
    let e_keys = KeySet::new("e", "edge", types);

    let mut out = String::with_capacity(1 << 16);
    let mut json = Vec::new();
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
    g_keys.data(&mut out, "    ", &map_attrs(&graph_attrs), &mut json);
    for a in graph.actors() {
        out.push_str("    <node id=\"");
        escape_into(&mut out, &id_token(&a.id));
        out.push_str("\">\n");
        node_attrs(a, &mut list);
        v_keys.data(&mut out, "      ", &list, &mut json);
        if let Some(y) = &yed {
            y.node(&mut out, &a.id);
        }
        out.push_str("    </node>\n");
        if out.len() > FLUSH_AT {
            w.write_all(out.as_bytes())?;
            out.clear();
        }
    }
    for r in graph.relations() {
        out.push_str("    <edge id=\"");
        escape_into(&mut out, &id_token(&r.id));
        out.push_str("\" source=\"");
        escape_into(&mut out, &id_token(&r.source));
        out.push_str("\" target=\"");
        escape_into(&mut out, &id_token(&r.target));
        out.push_str("\">\n");
        edge_attrs(r, &mut list);
        e_keys.data(&mut out, "      ", &list, &mut json);
        if let Some(y) = &yed {
            y.edge(&mut out, &r.id);
        }
        out.push_str("    </edge>\n");
        if out.len() > FLUSH_AT {
            w.write_all(out.as_bytes())?;
            out.clear();
        }
    }
    out.push_str("  </graph>\n</graphml>\n");
    w.write_all(out.as_bytes())?;
    w.flush()
}

/// The text is handed to the writer in pieces of about this size: larger
/// than the buffer `output::write_graph_with` wraps the file in (64 KiB),
/// which then passes each piece straight to the file instead of copying it.
const FLUSH_AT: usize = 1 << 17;

/// One attribute value of an element, borrowed from the graph where it can
/// be: the same value [`super::json`] would write, without building it.
enum Attr<'a> {
    Str(&'a str),
    Bool(bool),
    Num(serde_json::Number),
    Aliases(&'a [String]),
    Sources(Vec<&'a str>),
    Evidence(&'a [crate::model::Evidence]),
    Value(&'a Value),
    Owned(Value),
}

/// An attribute list: name and value, in no particular order.
type AttrList<'a> = Vec<(Cow<'a, str>, Attr<'a>)>;

impl Attr<'_> {
    /// A float as JSON has it: a number, or null when it is not finite.
    fn float(x: f64) -> Attr<'static> {
        serde_json::Number::from_f64(x).map_or(Attr::Owned(Value::Null), Attr::Num)
    }

    /// The key type of this one value ([`KeyType::of`] of its JSON value).
    fn key_type(&self) -> KeyType {
        match self {
            Attr::Str(s) if xml_text(s) => KeyType::String,
            Attr::Str(_) => KeyType::Json,
            Attr::Bool(_) => KeyType::Boolean,
            Attr::Num(n) if n.is_i64() || n.is_u64() => KeyType::Long,
            Attr::Num(_) => KeyType::Double,
            Attr::Aliases(_) | Attr::Sources(_) | Attr::Evidence(_) => KeyType::Json,
            Attr::Value(v) => KeyType::of(v),
            Attr::Owned(v) => KeyType::of(v),
        }
    }

    /// The value as JSON text, into `buf` (cleared first).
    fn json(&self, buf: &mut Vec<u8>) {
        buf.clear();
        let done = match self {
            Attr::Str(s) => serde_json::to_writer(&mut *buf, s),
            Attr::Bool(b) => serde_json::to_writer(&mut *buf, b),
            Attr::Num(n) => serde_json::to_writer(&mut *buf, n),
            Attr::Aliases(a) => serde_json::to_writer(&mut *buf, a),
            Attr::Sources(s) => serde_json::to_writer(&mut *buf, s),
            Attr::Evidence(e) => serde_json::to_writer(&mut *buf, e),
            Attr::Value(v) => serde_json::to_writer(&mut *buf, v),
            Attr::Owned(v) => serde_json::to_writer(&mut *buf, v),
        };
        done.expect("JSON values serialize");
    }

    /// Writes the value's text under a key of type `t`, escaped for XML.
    fn write(&self, t: KeyType, out: &mut String, buf: &mut Vec<u8>) {
        let plain = match (t, self) {
            (KeyType::Json, _) => None,
            (_, Attr::Str(s)) => Some(*s),
            (_, Attr::Value(Value::String(s))) | (_, Attr::Owned(Value::String(s))) => {
                Some(s.as_str())
            }
            _ => None,
        };
        if let Some(s) = plain {
            escape_into(out, s);
            return;
        }
        if t == KeyType::Json && self.json_escaped(out) {
            return;
        }
        self.json(buf);
        let text = std::str::from_utf8(buf).expect("JSON text is UTF-8");
        if t == KeyType::Json && text.contains(['\u{FFFE}', '\u{FFFF}']) {
            // JSON text escapes the control characters XML cannot carry,
            // but not U+FFFE and U+FFFF, which only occur inside strings.
            let text = text
                .replace('\u{FFFE}', "\\ufffe")
                .replace('\u{FFFF}', "\\uffff");
            escape_into(out, &text);
        } else {
            escape_into(out, text);
        }
    }
}

impl Attr<'_> {
    /// For lists of strings and of evidence (most of the text of a large
    /// graph): their JSON text escaped for XML written straight into
    /// `out`, when none of their strings needs an escape in JSON or in XML
    /// (the text is then the strings between `&quot;`s, with the
    /// punctuation of serde_json's compact form), instead of being written
    /// as JSON into a buffer and escaped from there. `false`, with nothing
    /// written, for any other value.
    fn json_escaped(&self, out: &mut String) -> bool {
        match self {
            Attr::Aliases(list) if list.iter().all(|s| plain_text(s)) => {
                string_list(out, list.iter().map(String::as_str));
                true
            }
            Attr::Sources(list) if list.iter().all(|s| plain_text(s)) => {
                string_list(out, list.iter().copied());
                true
            }
            Attr::Evidence(list) if list.iter().all(plain_evidence) => {
                out.push('[');
                for (i, e) in list.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    evidence(out, e);
                }
                out.push(']');
                true
            }
            _ => false,
        }
    }
}

/// Whether a string is written the same in JSON (between its quotes) and
/// then in XML: no control character, `"`, `\`, `&`, `<` or `>`, and no
/// byte 0xEF (which starts U+FFFE and U+FFFF, escaped in JSON text here;
/// other characters from U+E000 up are left to the general way too).
/// Checked 16 bytes at a time, as [`escape_into`] does.
fn plain_text(s: &str) -> bool {
    let special = |b: u8| b < 0x20 || matches!(b, b'"' | b'\\' | b'&' | b'<' | b'>' | 0xEF);
    s.as_bytes()
        .chunks(16)
        .all(|c| !c.iter().fold(false, |any, &b| any | special(b)))
}

/// Whether every string of a piece of evidence is [`plain_text`].
fn plain_evidence(e: &crate::model::Evidence) -> bool {
    plain_text(&e.source)
        && [
            &e.sentence,
            &e.quote,
            &e.rule,
            &e.attributed_to,
            &e.resolved,
        ]
        .into_iter()
        .all(|s| s.as_deref().is_none_or(plain_text))
}

/// A JSON string of [`plain_text`], escaped for XML.
fn quoted(out: &mut String, s: &str) {
    out.push_str("&quot;");
    out.push_str(s);
    out.push_str("&quot;");
}

/// A JSON list of [`plain_text`] strings, escaped for XML.
fn string_list<'s>(out: &mut String, list: impl Iterator<Item = &'s str>) {
    out.push('[');
    for (i, s) in list.enumerate() {
        if i > 0 {
            out.push(',');
        }
        quoted(out, s);
    }
    out.push(']');
}

/// A [`plain_evidence`] object as serde_json writes it (compact, its
/// fields in declaration order, those that are `None` left out), escaped
/// for XML. The pattern names every field, so a field added to
/// [`crate::model::Evidence`] stops the build here instead of going
/// missing from GraphML.
fn evidence(out: &mut String, e: &crate::model::Evidence) {
    use std::fmt::Write;
    let crate::model::Evidence {
        source,
        sentence_no,
        start,
        end,
        line,
        sentence,
        quote,
        rule,
        attributed_to,
        page,
        resolved,
    } = e;
    out.push_str("{&quot;source&quot;:");
    quoted(out, source);
    let number = |out: &mut String, name: &str, n: Option<u64>| {
        if let Some(n) = n {
            let _ = write!(out, ",&quot;{name}&quot;:{n}");
        }
    };
    let text = |out: &mut String, name: &str, s: &Option<String>| {
        if let Some(s) = s {
            let _ = write!(out, ",&quot;{name}&quot;:");
            quoted(out, s);
        }
    };
    number(out, "sentence_no", sentence_no.map(u64::from));
    number(out, "start", start.map(|n| n as u64));
    number(out, "end", end.map(|n| n as u64));
    number(out, "line", line.map(u64::from));
    text(out, "sentence", sentence);
    text(out, "quote", quote);
    text(out, "rule", rule);
    text(out, "attributed_to", attributed_to);
    number(out, "page", page.map(u64::from));
    text(out, "resolved", resolved);
    out.push('}');
}

/// The attributes of a JSON object (the graph's).
fn map_attrs(m: &Map<String, Value>) -> AttrList<'_> {
    m.iter()
        .map(|(k, v)| (Cow::Borrowed(k.as_str()), Attr::Value(v)))
        .collect()
}

/// A node's attributes: those of its JSON object but its id.
fn node_attrs<'a>(a: &'a Actor, list: &mut AttrList<'a>) {
    list.clear();
    if overrides(&a.extra, NODE_FIELDS) {
        let mut m = object(actor_value(a));
        m.remove("id");
        list.extend(m.into_iter().map(|(k, v)| (Cow::Owned(k), Attr::Owned(v))));
        return;
    }
    list.push(("label".into(), Attr::Str(&a.label)));
    list.push(("kind".into(), Attr::Str(&a.kind)));
    list.push(("aliases".into(), Attr::Aliases(&a.aliases)));
    if let Some(q) = &a.wikidata {
        list.push(("wikidata".into(), Attr::Str(q)));
    }
    if a.candidate {
        list.push(("candidate".into(), Attr::Bool(true)));
    }
    list.extend(
        a.extra
            .iter()
            .map(|(k, v)| (Cow::Borrowed(k.as_str()), Attr::Value(v))),
    );
}

/// An edge's attributes: those of its JSON object but id, key, source and target.
fn edge_attrs<'a>(r: &'a Relation, list: &mut AttrList<'a>) {
    list.clear();
    if overrides(&r.extra, EDGE_FIELDS) {
        let mut m = object(relation_value(r));
        // A `key` the file gave (other than the id) is an attribute of its
        // own, kept like any other; the derived one is the id.
        let own_key = r.extra.contains_key("key");
        for k in ["id", "key", "source", "target"] {
            if !(k == "key" && own_key) {
                m.remove(k);
            }
        }
        list.extend(m.into_iter().map(|(k, v)| (Cow::Owned(k), Attr::Owned(v))));
        return;
    }
    list.push(("predicate".into(), Attr::Str(&r.predicate)));
    list.push(("class".into(), Attr::Str(r.class.as_str())));
    list.push(("stance".into(), Attr::Str(r.class.stance().as_str())));
    list.push(("weight".into(), Attr::float(r.class.score())));
    list.push(("polarity".into(), Attr::Str(r.polarity.as_str())));
    if let Some(c) = &r.context {
        list.push(("context".into(), Attr::Str(c)));
    }
    if let Some(d) = &r.date {
        list.push(("date".into(), Attr::Str(d)));
    }
    list.push(("origin".into(), Attr::Str(r.origin.as_str())));
    if let Some(c) = r.confidence {
        list.push(("confidence".into(), Attr::float(c)));
    }
    if let Some(n) = &r.note {
        list.push(("note".into(), Attr::Str(n)));
    }
    // `support` is the number of `sources` (Relation::support), listed once.
    let sources = r.sources();
    list.push(("support".into(), Attr::Num((sources.len() as u64).into())));
    list.push(("sources".into(), Attr::Sources(sources)));
    list.push(("evidence".into(), Attr::Evidence(&r.evidence)));
    list.extend(
        r.extra
            .iter()
            .map(|(k, v)| (Cow::Borrowed(k.as_str()), Attr::Value(v))),
    );
}

/// Attribute name to the join of its values' types.
type Types = HashMap<String, KeyType, BuildHasherDefault<FxHasher>>;

/// Joins the types of an element's attributes into `types`.
fn add_types(types: &mut Types, list: &AttrList) {
    for (name, v) in list {
        let t = v.key_type();
        match types.get_mut(name.as_ref()) {
            Some(old) => *old = old.join(t),
            None => {
                types.insert(name.to_string(), t);
            }
        }
    }
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
            Value::String(s) if xml_text(s) => KeyType::String,
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
    /// The attribute names of the elements last written, in the order
    /// they were listed, each with the order to write them in: (position
    /// in the list, key id, key type). Elements of one kind mostly list the
    /// same names, so sorting and looking up each name is done once.
    plans: RefCell<Vec<(Vec<String>, Plan)>>,
}

type Plan = Vec<(usize, String, KeyType)>;

/// How many name lists [`KeySet::plans`] remembers.
const PLANS: usize = 8;

impl KeySet {
    fn new(prefix: &str, domain: &'static str, types: Types) -> KeySet {
        let mut used = std::collections::HashSet::new();
        let types: BTreeMap<String, KeyType> = types.into_iter().collect();
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
        KeySet {
            domain,
            keys,
            plans: RefCell::new(Vec::new()),
        }
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

    /// Writes an element's `<data>`, in key order, so the file does not
    /// depend on attribute order.
    fn data(&self, out: &mut String, indent: &str, attrs: &AttrList, buf: &mut Vec<u8>) {
        let mut plans = self.plans.borrow_mut();
        let same = |names: &[String]| {
            names.len() == attrs.len() && names.iter().zip(attrs.iter()).all(|(n, a)| *n == a.0)
        };
        let k = match plans.iter().position(|(names, _)| same(names)) {
            Some(k) => k,
            None => {
                let mut order: Vec<usize> = (0..attrs.len()).collect();
                order.sort_by(|&a, &b| attrs[a].0.cmp(&attrs[b].0));
                let plan = order
                    .into_iter()
                    .filter_map(|i| {
                        let (id, t) = self.keys.get(attrs[i].0.as_ref())?;
                        Some((i, id.clone(), *t))
                    })
                    .collect();
                let names = attrs.iter().map(|a| a.0.to_string()).collect();
                if plans.len() == PLANS {
                    plans.remove(0);
                }
                plans.push((names, plan));
                plans.len() - 1
            }
        };
        for (i, id, t) in &plans[k].1 {
            out.push_str(indent);
            out.push_str("<data key=\"");
            out.push_str(id);
            out.push_str("\">");
            attrs[*i].1.write(*t, out, buf);
            out.push_str("</data>\n");
        }
    }
}

/// Whether XML 1.0 can carry every character of the text (printable ASCII
/// checked byte by byte, the rest character by character).
fn xml_text(s: &str) -> bool {
    s.bytes()
        .all(|b| (0x20..0x80).contains(&b) || matches!(b, b'\t' | b'\n' | b'\r'))
        || s.chars().all(xml_char)
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

/// The bytes [`escape_into`] replaces.
static ESCAPED: [bool; 256] = {
    let mut t = [false; 256];
    let mut i = 0;
    let special = b"&<>\"\r\t\n";
    while i < special.len() {
        t[special[i] as usize] = true;
        i += 1;
    }
    t
};

/// [`escape`], appending to `out`: the text between characters to escape
/// is copied in runs (the characters escaped are all ASCII, so a byte scan
/// finds them and never splits a character).
pub fn escape_into(out: &mut String, text: &str) {
    let bytes = text.as_bytes();
    // Most texts need no escape: checked 16 bytes at a time (a branch-free
    // test per chunk, which the compiler vectorises), then copied whole.
    let special = |b: u8| b < 0x20 || matches!(b, b'&' | b'<' | b'>' | b'"');
    let clean = bytes
        .chunks(16)
        .all(|c| !c.iter().fold(false, |any, &b| any | special(b)));
    if clean {
        out.push_str(text);
        return;
    }
    let mut run = 0;
    for (i, &b) in bytes.iter().enumerate() {
        // One table look-up per byte, a branch only for the few escaped.
        if !ESCAPED[usize::from(b)] {
            continue;
        }
        let escaped = match b {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            b'\r' => "&#13;",
            b'\t' => "&#9;",
            b'\n' => "&#10;",
            _ => unreachable!("only these are in ESCAPED"),
        };
        out.push_str(&text[run..i]);
        out.push_str(escaped);
        run = i + 1;
    }
    out.push_str(&text[run..]);
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
    id_token(id).into_owned()
}

/// [`encode_id`], borrowing the id when it is its own token (most are).
fn id_token(id: &str) -> Cow<'_, str> {
    // ASCII ids (most are) tested without a branch per byte, and `_x`
    // looked for only after an underscore: a generic substring search
    // cost more than the rest of the test on ids this short.
    let b = id.as_bytes();
    let plain = if b.is_ascii() {
        b.iter().fold(true, |ok, &c| {
            ok & (c.is_ascii_alphanumeric() | (c == b'.') | (c == b'-') | (c == b'_') | (c == b':'))
        })
    } else {
        id.chars().all(nmtoken_char)
    };
    let escape_x = || memchr::memchr_iter(b'_', b).any(|i| b.get(i + 1) == Some(&b'x'));
    if !id.is_empty() && plain && !escape_x() {
        return Cow::Borrowed(id);
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
    Cow::Owned(out)
}

/// Reverses [`encode_id`].
pub fn decode_id(token: &str) -> String {
    if token == "_x_" {
        return String::new();
    }
    // A byte scan: `str::contains` calls memcmp at each candidate.
    if !token.as_bytes().windows(2).any(|w| w == b"_x") {
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
    fn lists_escaped_while_written_are_what_json_then_escaping_gives() {
        use crate::model::Evidence;
        let mut full = Evidence::new("brief-1");
        full.sentence_no = Some(12);
        full.start = Some(0);
        full.end = Some(4_000_000_000);
        full.line = Some(u32::MAX);
        full.sentence = Some("A said: it's done.".into());
        full.quote = Some("é ü 漢".into());
        full.rule = Some("r-1".into());
        full.attributed_to = Some("B".into());
        full.page = Some(3);
        full.resolved = Some("`the group` -> X".into());
        let mut line = Evidence::new("s");
        line.line = Some(7);
        line.sentence = Some(String::new());
        let hostile = [
            "a \"b\"",
            "a\\b",
            "x & y < z > w",
            "tab\there",
            "nl\n",
            "\u{1}",
            "\u{FFFE}",
            "\u{FFFF}",
            "\u{E000}",
            "\u{10FFFF}",
        ];
        let mut evidence = vec![vec![], vec![full.clone()], vec![full, line.clone(), line]];
        for h in hostile {
            let mut e = Evidence::new(h);
            e.sentence = Some(h.into());
            evidence.push(vec![e]);
            let mut e = Evidence::new("s");
            e.quote = Some(h.into());
            evidence.push(vec![Evidence::new("t"), e]);
        }
        let strings: Vec<Vec<String>> = [&[][..], &["a"], &["a", "b c", ""]]
            .into_iter()
            .map(|l| l.iter().map(|s| s.to_string()).collect())
            .chain(hostile.iter().map(|h| vec!["a".to_string(), h.to_string()]))
            .collect();
        let mut attrs: Vec<Attr> = evidence.iter().map(|e| Attr::Evidence(e)).collect();
        for l in &strings {
            attrs.push(Attr::Aliases(l));
            attrs.push(Attr::Sources(l.iter().map(String::as_str).collect()));
        }
        let mut direct = 0;
        for a in &attrs {
            let (mut fast, mut general, mut buf) = (String::new(), String::new(), Vec::new());
            a.write(KeyType::Json, &mut fast, &mut buf);
            a.json(&mut buf);
            let text = std::str::from_utf8(&buf).expect("UTF-8");
            let text = text
                .replace('\u{FFFE}', "\\ufffe")
                .replace('\u{FFFF}', "\\uffff");
            escape_into(&mut general, &text);
            assert_eq!(fast, general);
            direct += usize::from(a.json_escaped(&mut String::new()));
        }
        // The usual lists went the direct way, the hostile ones the general way.
        assert!(
            direct >= 9 && direct < attrs.len(),
            "{direct} of {}",
            attrs.len()
        );
    }

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
        // Borrowed exactly when the slow test says the id is its own token.
        for id in [
            "a_b",
            "a_",
            "_",
            "x_x",
            "_x",
            "a:b.c-d_e",
            "a b",
            "é",
            "Q1·2",
            "",
        ] {
            let own = !id.is_empty() && id.chars().all(nmtoken_char) && !id.contains("_x");
            assert_eq!(matches!(id_token(id), Cow::Borrowed(_)), own, "{id}");
        }
    }

    #[test]
    fn key_types_widen() {
        assert_eq!(KeyType::Long.join(KeyType::Double), KeyType::Double);
        assert_eq!(KeyType::String.join(KeyType::Long), KeyType::Json);
        assert_eq!(KeyType::of(&Value::from("a\u{1}b")), KeyType::Json);
    }
}

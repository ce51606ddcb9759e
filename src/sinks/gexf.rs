//! GEXF 1.3, dynamic, for Gephi's timeline.
//!
//! - The graph is `mode="dynamic"` with `timeformat="date"`: a dated edge
//!   carries `start` (the first day of its date: `2025-10` starts on
//!   `2025-10-01`) and, for an interval, `end` (its last day: `1980/1989`
//!   ends on `1989-12-31`). Gephi's timeline then shows the relations
//!   appear in the order they happened. Undated edges and all nodes have no
//!   time bounds: they are there for the whole timeline.
//! - Attributes are those of the JSON export (one source of truth), typed
//!   from their values; lists and objects (aliases, evidence, sources) are
//!   JSON text. The JSON's `weight` (the PLOVER cooperation–conflict score,
//!   which can be negative) is the attribute `score`; the edge's GEXF
//!   `weight` is its support (how many sources state it), so Gephi draws
//!   better-attested relations thicker.
//! - No `viz:` elements: the GEXF 1.3 schema does not allow them in the
//!   main namespace, and Gephi colours by the `kind` and `stance`
//!   attributes in a click.

use super::graphml::escape;
use super::json::{actor_value, relation_value};
use crate::graph::view::{first_day, last_day};
use crate::graph::BriefGraph;
use crate::model::{is_iso_date, Polarity};
use serde_json::{Map, Value};
use std::collections::BTreeMap;
use std::fmt::Write;

/// The graph as GEXF 1.3, ending in a newline.
pub fn write(graph: &BriefGraph) -> Vec<u8> {
    let nodes: Vec<(String, String, Map<String, Value>)> = graph
        .actors()
        .map(|a| {
            let mut m = object(actor_value(a));
            m.remove("id");
            m.remove("label");
            (a.id.clone(), a.label.clone(), m)
        })
        .collect();
    let edges: Vec<(&crate::model::Relation, Map<String, Value>)> = graph
        .relations()
        .map(|r| {
            let mut m = object(relation_value(r));
            for k in ["id", "key", "source", "target"] {
                m.remove(k);
            }
            if let Some(w) = m.remove("weight") {
                m.insert("score".into(), w);
            }
            (r, m)
        })
        .collect();
    let node_keys = Keys::new(nodes.iter().map(|(_, _, m)| m));
    let edge_keys = Keys::new(edges.iter().map(|(_, m)| m));

    let mut out = String::with_capacity(2048 + 600 * (nodes.len() + edges.len()));
    out.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    out.push_str("<gexf xmlns=\"http://gexf.net/1.3\" version=\"1.3\">\n");
    let _ = writeln!(
        out,
        "  <meta>\n    <creator>briefgraph</creator>\n    <description>{}</description>\n  </meta>",
        text(&graph.meta.name)
    );
    out.push_str(
        "  <graph defaultedgetype=\"directed\" mode=\"dynamic\" timeformat=\"date\" \
         timerepresentation=\"interval\">\n",
    );
    node_keys.declare(&mut out, "node");
    edge_keys.declare(&mut out, "edge");
    let _ = writeln!(out, "    <nodes count=\"{}\">", nodes.len());
    for (id, label, attrs) in &nodes {
        let _ = writeln!(
            out,
            "      <node id=\"{}\" label=\"{}\">",
            text(id),
            text(label)
        );
        node_keys.values(&mut out, attrs);
        out.push_str("      </node>\n");
    }
    out.push_str("    </nodes>\n");
    let _ = writeln!(out, "    <edges count=\"{}\">", edges.len());
    for (r, attrs) in &edges {
        let label = match r.polarity {
            Polarity::Negated => format!("not {}", r.predicate),
            _ => r.predicate.clone(),
        };
        let _ = write!(
            out,
            "      <edge id=\"{}\" source=\"{}\" target=\"{}\" label=\"{}\" weight=\"{}\"",
            text(&r.id),
            text(&r.source),
            text(&r.target),
            text(&label),
            r.support().max(1)
        );
        if let Some((start, end)) = r.date.as_deref().and_then(time_bounds) {
            if let Some(s) = start {
                let _ = write!(out, " start=\"{s}\"");
            }
            if let Some(e) = end {
                let _ = write!(out, " end=\"{e}\"");
            }
        }
        out.push_str(">\n");
        edge_keys.values(&mut out, attrs);
        out.push_str("      </edge>\n");
    }
    out.push_str("    </edges>\n  </graph>\n</gexf>\n");
    out.into_bytes()
}

/// The `start` and `end` days of a relation date: a point starts on its
/// first day and has no end; an interval runs from the first day of its
/// start to the last day of its end; an open end has no bound.
pub fn time_bounds(date: &str) -> Option<(Option<String>, Option<String>)> {
    if !is_iso_date(date) {
        return None;
    }
    let open = |p: &str| p.is_empty() || p == "..";
    Some(match date.split_once('/') {
        Some((a, b)) => (
            (!open(a)).then(|| first_day(a)),
            (!open(b)).then(|| last_day(b)),
        ),
        None => (Some(first_day(date)), None),
    })
}

fn object(v: Value) -> Map<String, Value> {
    match v {
        Value::Object(m) => m,
        _ => Map::new(),
    }
}

/// XML text with every character XML 1.0 cannot hold replaced by U+FFFD.
fn text(s: &str) -> String {
    let clean: String = s
        .chars()
        .map(|c| match c {
            '\t'
            | '\n'
            | '\r'
            | '\u{20}'..='\u{D7FF}'
            | '\u{E000}'..='\u{FFFD}'
            | '\u{10000}'.. => c,
            _ => '\u{FFFD}',
        })
        .collect();
    escape(&clean)
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Type {
    Boolean,
    Long,
    Double,
    String,
    Json,
}

impl Type {
    fn of(v: &Value) -> Type {
        match v {
            Value::Bool(_) => Type::Boolean,
            Value::Number(n) if n.is_i64() || n.is_u64() => Type::Long,
            Value::Number(_) => Type::Double,
            Value::String(_) => Type::String,
            _ => Type::Json,
        }
    }

    fn join(self, other: Type) -> Type {
        match (self, other) {
            (a, b) if a == b => a,
            (Type::Long, Type::Double) | (Type::Double, Type::Long) => Type::Double,
            _ => Type::Json,
        }
    }

    fn gexf(self) -> &'static str {
        match self {
            Type::Boolean => "boolean",
            Type::Long => "long",
            Type::Double => "double",
            Type::String | Type::Json => "string",
        }
    }
}

/// Attribute declarations of one class: title to (id, type), ids `0, 1…`
/// in title order.
struct Keys {
    keys: BTreeMap<String, (usize, Type)>,
}

impl Keys {
    fn new<'a>(elements: impl Iterator<Item = &'a Map<String, Value>>) -> Keys {
        let mut types: BTreeMap<String, Type> = BTreeMap::new();
        for m in elements {
            for (k, v) in m {
                if v.is_null() {
                    continue;
                }
                let t = Type::of(v);
                types
                    .entry(k.clone())
                    .and_modify(|old| *old = old.join(t))
                    .or_insert(t);
            }
        }
        Keys {
            keys: types
                .into_iter()
                .enumerate()
                .map(|(i, (k, t))| (k, (i, t)))
                .collect(),
        }
    }

    fn declare(&self, out: &mut String, class: &str) {
        let _ = writeln!(out, "    <attributes class=\"{class}\" mode=\"static\">");
        for (title, (id, t)) in &self.keys {
            let _ = writeln!(
                out,
                "      <attribute id=\"{id}\" title=\"{}\" type=\"{}\"/>",
                text(title),
                t.gexf()
            );
        }
        out.push_str("    </attributes>\n");
    }

    fn values(&self, out: &mut String, attrs: &Map<String, Value>) {
        let present: Vec<_> = self
            .keys
            .iter()
            .filter_map(|(k, key)| attrs.get(k).filter(|v| !v.is_null()).map(|v| (key, v)))
            .collect();
        if present.is_empty() {
            return;
        }
        out.push_str("        <attvalues>\n");
        for ((id, t), v) in present {
            let value = match (t, v) {
                (Type::Json, v) => serde_json::to_string(v).expect("JSON values serialize"),
                (_, Value::String(s)) => s.clone(),
                (_, v) => v.to_string(),
            };
            let _ = writeln!(
                out,
                "          <attvalue for=\"{id}\" value=\"{}\"/>",
                text(&value)
            );
        }
        out.push_str("        </attvalues>\n");
    }
}

#[cfg(test)]
mod tests {
    use super::time_bounds;

    #[test]
    fn dates_become_start_and_end_days() {
        let b = |d: &str| time_bounds(d).unwrap();
        assert_eq!(b("2025-10-17"), (Some("2025-10-17".into()), None));
        assert_eq!(b("2025-10"), (Some("2025-10-01".into()), None));
        assert_eq!(
            b("1980/1989"),
            (Some("1980-01-01".into()), Some("1989-12-31".into()))
        );
        assert_eq!(b("../2021-09"), (None, Some("2021-09-30".into())));
        assert_eq!(b("2023-10-07/.."), (Some("2023-10-07".into()), None));
        assert_eq!(time_bounds("soon"), None);
    }
}

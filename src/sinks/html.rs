//! One self-contained interactive HTML page: the graph drawn in SVG with
//! pan and zoom, actor search, a relation-class filter, and a side panel
//! showing the evidence quotes and sources of a clicked actor or relation.
//!
//! - Nothing is fetched at view time: the script and style (written for
//!   briefgraph, in `html/page.js` and `html/page.css`) are inlined, and
//!   positions come from the deterministic [`layout`].
//! - The data is JSON inside `<script type="application/json">`, with `<`,
//!   `>`, `&`, U+2028 and U+2029 written as `\u003c`… so no string can close
//!   the script element; the script builds the page with `textContent` and
//!   `setAttribute` only, so a name like `<script>` shows as text.

use super::dot::{kind_style, source_line, stance_arrow, stance_colour};
use crate::graph::analysis::evidence_text;
use crate::graph::{layout, BriefGraph};
use crate::model::{RelationClass, Stance};
use serde_json::{json, Map, Value};
use std::collections::BTreeMap;

const SCRIPT: &str = include_str!("html/page.js");
const STYLE: &str = include_str!("html/page.css");

/// The page, ending in a newline.
pub fn write(graph: &BriefGraph) -> Vec<u8> {
    let data = script_json(&page_data(graph));
    let title = escape_html(&graph.meta.name);
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; \
         script-src 'unsafe-inline'; style-src 'unsafe-inline'\">\n\
         <meta name=\"generator\" content=\"briefgraph\">\n\
         <title>{title}</title>\n<style>\n{STYLE}</style>\n</head>\n<body>\n\
         <header>\n  <h1 id=\"title\"></h1>\n  <span class=\"view\" id=\"view\"></span>\n  \
         <span class=\"counts\" id=\"counts\"></span>\n  <div id=\"controls\">\n    \
         <input id=\"search\" type=\"search\" placeholder=\"Find an actor…\" aria-label=\"Find an actor\">\n    \
         <span id=\"search-count\"></span>\n    \
         <details id=\"class-filter\"><summary id=\"class-summary\">All classes</summary>\
         <div class=\"menu\" id=\"class-menu\"></div></details>\n    \
         <button id=\"fit\" type=\"button\">Fit</button>\n  </div>\n</header>\n\
         <main id=\"stage\">\n  <svg id=\"canvas\" xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" \
         aria-label=\"graph\"></svg>\n  <div id=\"legend\"></div>\n</main>\n\
         <aside id=\"details\">\n  <div id=\"details-body\"></div>\n  <div id=\"sources\"></div>\n</aside>\n\
         <script type=\"application/json\" id=\"graph-data\">{data}</script>\n\
         <script>\n{SCRIPT}</script>\n</body>\n</html>\n"
    )
    .into_bytes()
}

/// What the page's script reads.
pub fn page_data(graph: &BriefGraph) -> Value {
    let positions = layout::layout(graph);
    let index: BTreeMap<&str, usize> = graph
        .actors()
        .enumerate()
        .map(|(i, a)| (a.id.as_str(), i))
        .collect();
    let nodes: Vec<Value> = graph
        .actors()
        .zip(&positions)
        .map(|(a, p)| {
            json!({
                "id": a.id,
                "label": a.label,
                "kind": a.kind,
                "aliases": a.aliases,
                "candidate": a.candidate,
                "round": !matches!(kind_style(&a.kind).0, "box" | "note" | "cylinder"),
                "x": p.x * 1.3,
                "y": p.y,
            })
        })
        .collect();
    let edges: Vec<Value> = graph
        .relations()
        .map(|r| {
            let evidence: Vec<Value> = r
                .evidence
                .iter()
                .filter_map(|e| {
                    let text = evidence_text(e)?;
                    let mut q = Map::new();
                    q.insert("source".into(), e.source.clone().into());
                    q.insert("text".into(), text.into());
                    let mut where_ = Vec::new();
                    if let Some(n) = e.sentence_no {
                        where_.push(format!("sentence {n}"));
                    }
                    if let Some(n) = e.line {
                        where_.push(format!("line {n}"));
                    }
                    if let Some(who) = &e.attributed_to {
                        where_.push(format!("according to {who}"));
                    }
                    if !where_.is_empty() {
                        q.insert("where".into(), where_.join(", ").into());
                    }
                    Some(Value::Object(q))
                })
                .collect();
            json!({
                "id": r.id,
                "s": index[r.source.as_str()],
                "t": index[r.target.as_str()],
                "predicate": r.predicate,
                "class": r.class.as_str(),
                "polarity": r.polarity.as_str(),
                "context": r.context,
                "date": r.date,
                "origin": r.origin.as_str(),
                "note": r.note,
                "evidence": evidence,
            })
        })
        .collect();
    let mut kinds = Map::new();
    for a in graph.actors() {
        let (shape, fill) = kind_style(&a.kind);
        kinds.insert(a.kind.clone(), json!({"fill": fill, "shape": shape}));
    }
    let mut counts: BTreeMap<RelationClass, usize> = BTreeMap::new();
    for r in graph.relations() {
        *counts.entry(r.class).or_default() += 1;
    }
    let classes: Vec<Value> = counts
        .iter()
        .map(|(c, n)| json!({"name": c.as_str(), "stance": c.stance().as_str(), "count": n}))
        .collect();
    let stances: Vec<Value> = [Stance::Cooperative, Stance::Conflictual, Stance::Structural]
        .into_iter()
        .map(|s| {
            json!({
                "name": s.as_str(),
                "colour": stance_colour(s),
                "width": stance_arrow(s).1,
            })
        })
        .collect();
    let sources: Vec<Value> = graph
        .meta
        .sources
        .iter()
        .map(|s| json!({"id": s.id, "line": source_line(s)}))
        .collect();
    json!({
        "title": graph.meta.name,
        "view": graph.meta.extra.get("view").cloned().unwrap_or(Value::Null),
        "nodes": nodes,
        "edges": edges,
        "kinds": kinds,
        "classes": classes,
        "stances": stances,
        "sources": sources,
    })
}

/// JSON that is safe inside a `<script>` element.
pub fn script_json(value: &Value) -> String {
    let text = serde_json::to_string(value).expect("JSON values serialize");
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            '\u{2028}' => out.push_str("\\u2028"),
            '\u{2029}' => out.push_str("\\u2029"),
            c => out.push(c),
        }
    }
    out
}

fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn script_json_cannot_close_the_script_element() {
        let v = json!({"label": "</script><script>alert(1)</script>\u{2028}&"});
        let s = script_json(&v);
        assert!(!s.contains('<') && !s.contains('>') && !s.contains('&'));
        assert!(!s.contains('\u{2028}'));
        let back: Value = serde_json::from_str(&s).unwrap();
        assert_eq!(back, v);
    }

    #[test]
    fn the_script_never_parses_html() {
        for banned in [
            "innerHTML",
            "outerHTML",
            "insertAdjacentHTML",
            "document.write",
            "eval(",
            "http://",
            "https://",
        ] {
            let hits: Vec<&str> = SCRIPT
                .lines()
                .filter(|l| l.contains(banned) && !l.contains("www.w3.org/2000/svg"))
                .collect();
            assert!(hits.is_empty(), "{banned}: {hits:?}");
        }
    }
}

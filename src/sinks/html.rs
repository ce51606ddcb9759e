//! One self-contained interactive HTML page, the actor-network explorer:
//! drawn with sigma.js (WebGL) on a graphology graph laid out by ForceAtlas2
//! and noverlap, with search, focus, evidence, filters, a time slider,
//! clusters and brokers, state in the URL fragment, PNG and SVG export.
//!
//! - Nothing is fetched at view time: the libraries (vendored by
//!   `scripts/vendor-js.sh` into `html/vendor/`), the script and the style
//!   (`html/page.js`, `html/page.css`) are inlined.
//! - What the page shows is computed here: degrees, betweenness, clusters
//!   and brokers (`graph::analysis::stats`), each relation with its
//!   evidence, sources and dates, the colours ([`palette`]).
//! - The data is JSON inside `<script type="application/json">`, with `<`,
//!   `>`, `&`, U+2028 and U+2029 written as `\u003c`… so no string can close
//!   the script element; the script builds the page with `textContent` and
//!   `setAttribute` only, so a name like `<script>` shows as text.
//! - Deterministic: the same graph gives the same bytes, and the layout in
//!   the page starts from positions derived from the data alone.

pub mod palette;

use super::dot::{polarity_line, source_line, stance_colour};
use crate::graph::analysis::{evidence_text, stats};
use crate::graph::BriefGraph;
use crate::model::{RelationClass, Stance};
use serde_json::{json, Map, Value};
use std::collections::BTreeMap;

const LIBS: &str = include_str!("html/vendor/graph-libs.min.js");
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
         script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src blob: data:\">\n\
         <meta name=\"generator\" content=\"briefgraph\">\n\
         <title>{title}</title>\n<style>\n{STYLE}</style>\n</head>\n<body>\n{BODY}\
         <script type=\"application/json\" id=\"graph-data\">{data}</script>\n\
         <script>\n{LIBS}\n</script>\n<script>\n{SCRIPT}</script>\n</body>\n</html>\n"
    )
    .into_bytes()
}

/// The page's static markup; everything that depends on the graph is
/// filled in by the script from the JSON data.
const BODY: &str = include_str!("html/body.html");

/// What the page's script reads.
pub fn page_data(graph: &BriefGraph) -> Value {
    let st = stats(graph);
    let score: BTreeMap<&str, &crate::graph::analysis::ActorScore> =
        st.centrality.iter().map(|s| (s.id.as_str(), s)).collect();
    let index: BTreeMap<&str, usize> = graph
        .actors()
        .enumerate()
        .map(|(i, a)| (a.id.as_str(), i))
        .collect();
    let nodes: Vec<Value> = graph
        .actors()
        .map(|a| {
            let s = score[a.id.as_str()];
            json!({
                "id": a.id,
                "label": a.label,
                "kind": a.kind,
                "aliases": a.aliases,
                "candidate": a.candidate,
                "relations": s.relations,
                "neighbours": s.neighbours,
                "betweenness": (s.betweenness * 1e6).round() / 1e6,
                "cluster": s.cluster,
            })
        })
        .collect();
    let titles: BTreeMap<&str, &crate::model::Source> = graph
        .meta
        .sources
        .iter()
        .map(|s| (s.id.as_str(), s))
        .collect();
    let relations: Vec<Value> = graph
        .relations()
        .map(|r| {
            let evidence: Vec<Value> = r
                .evidence
                .iter()
                .map(|e| {
                    let mut q = Map::new();
                    q.insert("source".into(), e.source.clone().into());
                    if let Some(src) = titles.get(e.source.as_str()) {
                        q.insert("title".into(), src.title.clone().into());
                        if let Some(d) = src.extra.get("date").and_then(Value::as_str) {
                            q.insert("date".into(), d.into());
                        }
                    }
                    if let Some(text) = evidence_text(e) {
                        q.insert("quote".into(), text.into());
                    }
                    if let Some(s) = &e.sentence {
                        if e.quote.is_some() && Some(s.as_str()) != e.quote.as_deref() {
                            q.insert("sentence".into(), s.clone().into());
                        }
                    }
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
                    let by = match &e.rule {
                        Some(rule) => format!("rule {rule}"),
                        None => "curator".to_string(),
                    };
                    q.insert("by".into(), by.into());
                    Value::Object(q)
                })
                .collect();
            json!({
                "id": r.id,
                "s": index[r.source.as_str()],
                "t": index[r.target.as_str()],
                "predicate": r.predicate,
                "class": r.class.as_str(),
                "stance": r.class.stance().as_str(),
                "polarity": r.polarity.as_str(),
                "line": polarity_line(r.polarity),
                "context": r.context,
                "date": r.date,
                "origin": r.origin.as_str(),
                "note": r.note,
                "support": r.support(),
                "sources": r.sources(),
                "evidence": evidence,
            })
        })
        .collect();
    let mut kinds = Map::new();
    for a in graph.actors() {
        kinds.insert(a.kind.clone(), palette::kind_colour(&a.kind).into());
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
        .map(|s| json!({"name": s.as_str(), "colour": stance_colour(s)}))
        .collect();
    let sources: Vec<Value> = graph
        .meta
        .sources
        .iter()
        .map(|s| json!({"id": s.id, "line": source_line(s)}))
        .collect();
    let clusters: Vec<Value> = st
        .clusters
        .iter()
        .enumerate()
        .map(|(c, members)| {
            let colour = palette::CLUSTERS
                .get(c)
                .copied()
                .unwrap_or(palette::OTHER_CLUSTER);
            // Named after its most central member (centrality is sorted).
            let head = st
                .centrality
                .iter()
                .find(|s| s.cluster == c)
                .map_or("", |s| s.label.as_str());
            json!({
                "members": members.iter().map(|id| index[id.as_str()]).collect::<Vec<_>>(),
                "colour": colour,
                "name": head,
            })
        })
        .collect();
    let brokers: Vec<Value> = st
        .brokers
        .iter()
        .map(
            |b| json!({"node": index[b.id.as_str()], "cluster": b.cluster, "links_to": b.links_to}),
        )
        .collect();
    json!({
        "title": graph.meta.name,
        "view": graph.meta.extra.get("view").cloned().unwrap_or(Value::Null),
        "nodes": nodes,
        "relations": relations,
        "kinds": kinds,
        "classes": classes,
        "stances": stances,
        "sources": sources,
        "clusters": clusters,
        "modularity": (st.modularity * 1e6).round() / 1e6,
        "brokers": brokers,
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

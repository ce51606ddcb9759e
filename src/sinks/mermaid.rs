//! Mermaid flowcharts, for Markdown viewers that draw ```` ```mermaid ```` blocks.
//!
//! - Node ids are generated (`n0`, `n1`… in actor order), so no actor id can
//!   clash with a keyword such as `end`, `graph` or `style`.
//! - Every label is quoted, and every character outside a small safe set
//!   is written as a Mermaid entity code (`#quot;`, `#35;`…), so no name can
//!   end a label, open Markdown formatting or inject a directive.
//! - Nodes are shaped and coloured by kind (a `classDef` per kind); edges
//!   are drawn as in the DOT picture: parallel relations of one stance and
//!   polarity become one edge with a compact label; the arrow head tells
//!   the stance (`-->` cooperative, `--x` conflictual, `--o` structural), a
//!   dotted line a hedged or denied relation, and `linkStyle` colours them.
//! - Mermaid refuses diagrams over 500 edges or 50,000 characters by
//!   default. [`write`] (one diagram, `.mmd`) fails beyond them with a
//!   message naming the way out; [`write_markdown`] (`.md`) splits the graph
//!   over as many diagrams as it takes.

use super::dot::{edge_groups, kind_style, source_line, stance_colour, EdgeGroup};
use crate::error::{Error, Result};
use crate::graph::BriefGraph;
use crate::model::{Polarity, Stance};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fmt::Write;

/// Mermaid's default `maxEdges`.
pub const MAX_EDGES: usize = 500;
/// Mermaid's default `maxTextSize`, in UTF-16 code units as JavaScript counts.
pub const MAX_TEXT: usize = 50_000;

/// Words Mermaid's flowchart grammar treats as keywords; generated ids
/// (`n` + digits) can never be one, which a unit test checks.
pub const RESERVED: &[&str] = &[
    "end",
    "graph",
    "flowchart",
    "subgraph",
    "style",
    "linkStyle",
    "classDef",
    "class",
    "click",
    "call",
    "href",
    "direction",
    "default",
];

/// The graph as one Mermaid diagram, or an error when it is over Mermaid's limits.
pub fn write(graph: &BriefGraph) -> Result<Vec<u8>> {
    let groups = edge_groups(graph);
    let all: Vec<usize> = (0..groups.len()).collect();
    let ids = NodeIds::new(graph);
    let text = diagram(graph, &ids, &groups, &all, true);
    let size = text.encode_utf16().count();
    if groups.len() > MAX_EDGES || size > MAX_TEXT {
        return Err(Error::usage_hint(
            format!(
                "the graph is too large for one Mermaid diagram: {} edges and {size} characters, \
                 beyond Mermaid's default limits of {MAX_EDGES} edges and {MAX_TEXT} characters",
                groups.len()
            ),
            "narrow it with a view (--focus ACTOR, --class, --min-support), or write Markdown \
             (-o FILE.md), which splits the graph over several diagrams",
        ));
    }
    Ok(text.into_bytes())
}

/// The graph as Markdown: a title, the sources, and one or more Mermaid
/// diagrams, each within Mermaid's limits.
pub fn write_markdown(graph: &BriefGraph) -> Vec<u8> {
    let groups = edge_groups(graph);
    let ids = NodeIds::new(graph);
    let parts = split(graph, &ids, &groups);
    let mut out = String::new();
    let _ = writeln!(out, "# {}\n", markdown_text(&graph.meta.name));
    if let Some(view) = graph.meta.extra.get("view").and_then(|v| v.as_str()) {
        let _ = writeln!(out, "View: {}\n", markdown_text(view));
    }
    let _ = writeln!(
        out,
        "{} actors, {} relations. Arrows: `-->` cooperative, `--x` conflictual, `--o` structural; \
         dotted lines are hedged or denied relations.\n",
        graph.node_count(),
        graph.edge_count()
    );
    if !graph.meta.sources.is_empty() {
        out.push_str("Sources:\n");
        for s in &graph.meta.sources {
            let _ = writeln!(out, "- {}", markdown_text(&source_line(s)));
        }
        out.push('\n');
    }
    for (i, part) in parts.iter().enumerate() {
        if parts.len() > 1 {
            let _ = writeln!(out, "## Part {} of {}\n", i + 1, parts.len());
        }
        let _ = writeln!(out, "```mermaid\n{}```\n", part);
    }
    out.into_bytes()
}

/// Splits the edges over diagrams that each stay within the limits; the
/// first diagram also draws the actors no relation touches.
fn split(graph: &BriefGraph, ids: &NodeIds, groups: &[EdgeGroup]) -> Vec<String> {
    let mut parts = Vec::new();
    let mut current: Vec<usize> = Vec::new();
    let mut first = true;
    for i in 0..groups.len() {
        current.push(i);
        let text = diagram(graph, ids, groups, &current, first);
        if current.len() > MAX_EDGES || text.encode_utf16().count() > MAX_TEXT {
            current.pop();
            if !current.is_empty() {
                parts.push(diagram(graph, ids, groups, &current, first));
                first = false;
            }
            current = vec![i];
        }
    }
    if !current.is_empty() || parts.is_empty() {
        parts.push(diagram(graph, ids, groups, &current, first));
    }
    parts
}

/// Generated node ids: `n` and the actor's position.
struct NodeIds {
    by_actor: HashMap<String, String>,
}

impl NodeIds {
    fn new(graph: &BriefGraph) -> NodeIds {
        NodeIds {
            by_actor: graph
                .actors()
                .enumerate()
                .map(|(i, a)| (a.id.clone(), format!("n{i}")))
                .collect(),
        }
    }

    fn get(&self, actor: &str) -> &str {
        &self.by_actor[actor]
    }
}

/// One diagram drawing the edge groups `chosen` (indexes into `groups`)
/// and their actors; with `isolated`, also the actors without relations.
fn diagram(
    graph: &BriefGraph,
    ids: &NodeIds,
    groups: &[EdgeGroup],
    chosen: &[usize],
    isolated: bool,
) -> String {
    let mut used: BTreeSet<&str> = BTreeSet::new();
    for &i in chosen {
        used.insert(groups[i].source);
        used.insert(groups[i].target);
    }
    let linked: BTreeSet<&str> = groups.iter().flat_map(|g| [g.source, g.target]).collect();
    let mut out = String::from("flowchart LR\n");
    let mut by_kind: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for a in graph.actors() {
        let keep = used.contains(a.id.as_str()) || (isolated && !linked.contains(a.id.as_str()));
        if !keep {
            continue;
        }
        let id = ids.get(&a.id);
        let (open, close) = node_shape(&a.kind);
        let _ = writeln!(out, "  {id}{open}\"{}\"{close}", escape(&a.label));
        by_kind.entry(a.kind.as_str()).or_default().push(id);
    }
    let mut by_stance: BTreeMap<Stance, Vec<usize>> = BTreeMap::new();
    for (n, &i) in chosen.iter().enumerate() {
        let g = &groups[i];
        let _ = writeln!(
            out,
            "  {} {}|\"{}\"| {}",
            ids.get(g.source),
            arrow(g.stance, g.polarity),
            escape(&g.label().replace('\n', " ")),
            ids.get(g.target)
        );
        by_stance.entry(g.stance).or_default().push(n);
    }
    for (kind, members) in &by_kind {
        let class = class_name(kind);
        let (_, fill) = kind_style(kind);
        let _ = writeln!(
            out,
            "  classDef {class} fill:{fill},stroke:#252525,color:#000000"
        );
        let _ = writeln!(out, "  class {} {class}", members.join(","));
    }
    for (stance, links) in &by_stance {
        let list: Vec<String> = links.iter().map(usize::to_string).collect();
        let colour = stance_colour(*stance);
        let width = if *stance == Stance::Conflictual {
            "2px"
        } else {
            "1.5px"
        };
        let _ = writeln!(
            out,
            "  linkStyle {} stroke:{colour},stroke-width:{width},color:{colour}",
            list.join(",")
        );
    }
    out
}

/// The `classDef` name of a kind: `k_` and the kind's letters and digits.
fn class_name(kind: &str) -> String {
    let safe: String = kind
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect();
    format!("k_{safe}")
}

/// Mermaid node shape brackets for an actor kind.
fn node_shape(kind: &str) -> (&'static str, &'static str) {
    match kind {
        "state" => ("[", "]"),
        "organization" => ("(", ")"),
        "military" | "armed-group" => ("{{", "}}"),
        "person" => ("([", "])"),
        "place" => ("[/", "/]"),
        "facility" => ("[(", ")]"),
        "agreement" => ("[[", "]]"),
        "event" => ("{", "}"),
        _ => ("(", ")"),
    }
}

/// The link between two nodes: line by polarity, head by stance.
fn arrow(stance: Stance, polarity: Polarity) -> &'static str {
    let dotted = polarity != Polarity::Asserted;
    match (stance, dotted) {
        (Stance::Cooperative, false) => "-->",
        (Stance::Cooperative, true) => "-.->",
        (Stance::Conflictual, false) => "--x",
        (Stance::Conflictual, true) => "-.-x",
        (Stance::Structural, false) => "--o",
        (Stance::Structural, true) => "-.-o",
    }
}

/// Text for inside a quoted Mermaid label: letters, digits, spaces and
/// `. , - : ' / ? ! ( ) +` stay; `"` is `#quot;`; every other ASCII
/// character is a numeric entity (`#` is `#35;`); control characters
/// become spaces.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '"' => out.push_str("#quot;"),
            c if c.is_control() => out.push(' '),
            c if c.is_ascii_alphanumeric() || " .,-:'/?!()+".contains(c) => out.push(c),
            c if c.is_ascii() => {
                let _ = write!(out, "#{};", c as u32);
            }
            c => out.push(c),
        }
    }
    out
}

/// Text for Markdown prose: characters Markdown would read as markup are
/// backslash-escaped, and `<` `>` `&` become entities.
fn markdown_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '\\' | '`' | '*' | '_' | '[' | ']' | '#' | '|' | '!' => {
                out.push('\\');
                out.push(c);
            }
            '\n' | '\r' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::GraphBuilder;
    use crate::model::{Actor, Evidence, Origin, Relation, RelationClass};

    fn graph(n: usize, labels: &[&str]) -> BriefGraph {
        let mut b = GraphBuilder::new("t");
        for i in 0..n {
            let label = labels.get(i).copied().unwrap_or("Actor");
            b.add_actor(Actor::new(format!("a{i:04}"), label, "state"));
        }
        b.add_actor(Actor::new("end", "end", "organization"));
        for i in 0..n {
            b.add_relation(Relation {
                id: String::new(),
                source: format!("a{i:04}"),
                target: if i + 1 < n {
                    format!("a{:04}", i + 1)
                } else {
                    "end".into()
                },
                predicate: "supports".into(),
                class: RelationClass::SUPPORT,
                polarity: Polarity::Asserted,
                context: None,
                date: None,
                origin: Origin::Curated,
                confidence: None,
                note: None,
                evidence: vec![Evidence::new("s")],
                extra: Default::default(),
            });
        }
        b.finish()
    }

    /// The syntax rules this sink promises, checked line by line.
    fn check_syntax(text: &str) {
        let mut lines = text.lines();
        assert_eq!(lines.next(), Some("flowchart LR"));
        let id_ok = |id: &str| {
            id.starts_with('n')
                && id.len() > 1
                && id[1..].bytes().all(|b| b.is_ascii_digit())
                && !RESERVED.contains(&id)
        };
        for line in lines {
            let line = line.trim();
            let first = line
                .split(|c: char| !c.is_ascii_alphanumeric() && c != '_')
                .next()
                .unwrap();
            if ["classDef", "class", "linkStyle"].contains(&first) {
                continue;
            }
            assert!(id_ok(first), "bad id {first:?} in {line:?}");
            // Between the quotes: entities, or characters that mean nothing to Mermaid.
            let inner: Vec<&str> = line.split('"').collect();
            assert_eq!(inner.len(), 3, "one quoted label per line: {line:?}");
            let mut rest = inner[1];
            while let Some(c) = rest.chars().next() {
                if c == '#' {
                    let end = rest.find(';').expect("entity closed with ;");
                    let name = &rest[1..end];
                    assert!(
                        name == "quot"
                            || (!name.is_empty() && name.bytes().all(|b| b.is_ascii_digit())),
                        "entity #{name}; in {line:?}"
                    );
                    rest = &rest[end + 1..];
                } else {
                    assert!(!"<>&`|;[]{}".contains(c), "raw {c:?} in {line:?}");
                    rest = &rest[c.len_utf8()..];
                }
            }
        }
    }

    #[test]
    fn ids_are_generated_and_labels_escaped() {
        let g = graph(3, &["Say \"hi\" #1", "<b>A & B</b>", "x|y;`z`"]);
        let text = String::from_utf8(write(&g).unwrap()).unwrap();
        check_syntax(&text);
        assert!(text.contains("n0[\"Say #quot;hi#quot; #35;1\"]"), "{text}");
        assert!(text.contains("#60;b#62;A #38; B#60;/b#62;"), "{text}");
        assert!(!text.contains(" end") && !text.contains("end["), "{text}");
        assert!(
            text.contains("(\"end\")"),
            "the label end is quoted text: {text}"
        );
        assert!(text.contains("classDef k_state fill:#c6dbef"));
    }

    #[test]
    fn limits_refuse_one_diagram_and_split_markdown() {
        let g = graph(MAX_EDGES + 20, &[]);
        let err = write(&g).unwrap_err().to_string();
        assert!(
            err.contains("500 edges") && err.contains("-o FILE.md"),
            "{err}"
        );
        let md = String::from_utf8(write_markdown(&g)).unwrap();
        let diagrams: Vec<&str> = md.split("```mermaid\n").skip(1).collect();
        assert_eq!(diagrams.len(), 2);
        let mut edges = 0;
        for d in diagrams {
            let d = &d[..d.find("```").unwrap()];
            check_syntax(d);
            let n = d.lines().filter(|l| l.contains("|\"")).count();
            assert!(n <= MAX_EDGES);
            assert!(d.encode_utf16().count() <= MAX_TEXT);
            edges += n;
        }
        assert_eq!(edges, MAX_EDGES + 20);
        // Long labels hit the text limit before the edge limit.
        let long = "x".repeat(300);
        let labels: Vec<&str> = (0..200).map(|_| long.as_str()).collect();
        let g = graph(200, &labels);
        assert!(write(&g).unwrap_err().to_string().contains("characters"));
        let md = String::from_utf8(write_markdown(&g)).unwrap();
        assert!(md.matches("```mermaid").count() >= 2);
    }
}

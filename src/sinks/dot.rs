//! Graphviz DOT, built as a graphviz-rust AST and printed by its printer.
//!
//! graphviz-rust escapes nothing, so every id and value goes through
//! [`quote`]. Nodes are shaped and filled by kind; edges are coloured by
//! stance (cooperative, conflictual, structural) and styled by polarity.
//!
//! Two styles share that encoding. [`write`] is the faithful export: one DOT
//! edge per relation, nothing added. [`write_styled`] with
//! [`Style::picture`] is what `briefgraph render` draws: parallel relations
//! of the same stance and polarity between the same two actors become one
//! edge with a compact label (`operates; oversees (+2)`), stances also
//! differ by arrowhead and line width so the picture reads in greyscale,
//! long names wrap, and an HTML-like caption holds the title, the view, the
//! sources and a legend of the kinds, stances and polarities drawn.

use crate::graph::BriefGraph;
use crate::model::{Actor, Polarity, Relation, Stance};
use graphviz_rust::dot_structures::{
    Attribute, Edge, EdgeTy, Graph, GraphAttributes, Id, Node, NodeId, Stmt, Vertex,
};
use graphviz_rust::printer::{DotPrinter, PrinterContext};

/// The graph as DOT text, ending in a newline.
pub fn write(graph: &BriefGraph) -> Vec<u8> {
    let mut text = to_ast(graph).print(&mut PrinterContext::default());
    text.push('\n');
    text.into_bytes()
}

/// The graph as a graphviz-rust AST, for printing or for `dot` itself.
pub fn to_ast(graph: &BriefGraph) -> Graph {
    let mut stmts = vec![
        Stmt::GAttribute(GraphAttributes::Graph(vec![
            attr("label", &graph.meta.name),
            attr("labelloc", "t"),
            attr("fontname", "Helvetica"),
            attr("rankdir", "LR"),
            attr("overlap", "false"),
            attr("splines", "true"),
        ])),
        Stmt::GAttribute(GraphAttributes::Node(vec![
            attr("fontname", "Helvetica"),
            attr("fontsize", "11"),
            attr("style", "filled"),
        ])),
        Stmt::GAttribute(GraphAttributes::Edge(vec![
            attr("fontname", "Helvetica"),
            attr("fontsize", "9"),
        ])),
    ];
    stmts.extend(graph.actors().map(|a| Stmt::Node(node(a))));
    stmts.extend(graph.relations().map(|r| Stmt::Edge(edge(r))));
    Graph::DiGraph {
        id: quoted_id(&graph.meta.name),
        strict: false,
        stmts,
    }
}

/// How an actor kind is drawn: shape and fill colour (light fills, so black
/// text stays readable, distinct in greyscale by shape).
pub fn kind_style(kind: &str) -> (&'static str, &'static str) {
    match kind {
        "state" => ("box", "#c6dbef"),
        "organization" => ("ellipse", "#fdd0a2"),
        "military" => ("hexagon", "#c7e9c0"),
        "person" => ("oval", "#f2f0f7"),
        "armed-group" => ("octagon", "#fcbba1"),
        "place" => ("house", "#f0f0f0"),
        "facility" => ("cylinder", "#d9d9d9"),
        "agreement" => ("note", "#ffffcc"),
        "event" => ("diamond", "#e5f5e0"),
        _ => ("ellipse", "#ffffff"),
    }
}

/// The colour of a stance: blue, red, grey (distinct in greyscale too,
/// together with the line styles).
pub fn stance_colour(stance: Stance) -> &'static str {
    match stance {
        Stance::Cooperative => "#2166ac",
        Stance::Conflictual => "#b2182b",
        Stance::Structural => "#636363",
    }
}

fn node(actor: &Actor) -> Node {
    let (shape, fill) = kind_style(&actor.kind);
    let mut attributes = vec![
        attr("label", &actor.label),
        attr("shape", shape),
        attr("fillcolor", fill),
        attr("tooltip", &format!("{} ({})", actor.label, actor.kind)),
    ];
    if actor.candidate {
        attributes.push(attr("style", "filled,dashed"));
    }
    Node::new(NodeId(quoted_id(&actor.id), None), attributes)
}

fn edge(r: &Relation) -> Edge {
    let mut label = r.predicate.clone();
    if let Some(c) = &r.context {
        label.push_str(&format!("\n[{c}]"));
    }
    let style = match r.polarity {
        Polarity::Asserted => "solid",
        Polarity::Hedged => "dashed",
        Polarity::Negated => "dotted",
    };
    if r.polarity == Polarity::Negated {
        label = format!("not {label}");
    }
    let colour = stance_colour(r.class.stance());
    Edge {
        ty: EdgeTy::Pair(
            Vertex::N(NodeId(quoted_id(&r.source), None)),
            Vertex::N(NodeId(quoted_id(&r.target), None)),
        ),
        attributes: vec![
            attr("id", &r.id),
            attr("label", &label),
            attr("color", colour),
            attr("fontcolor", colour),
            attr("style", style),
            attr("tooltip", &format!("{} ({})", r.class, r.polarity.as_str())),
        ],
    }
}

fn attr(key: &str, value: &str) -> Attribute {
    Attribute(Id::Plain(key.to_string()), quoted_id(value))
}

fn quoted_id(text: &str) -> Id {
    Id::Escaped(quote(text))
}

/// A DOT double-quoted string showing `text` as it is.
///
/// Inside quotes DOT knows `\"` and `\\`, and Graphviz then reads `\n`,
/// `\N`, `\G`, `\l`… in labels as escapes, and HTML entities as
/// characters. So a backslash becomes `\\`, `&` becomes `&amp;`, a quote
/// `\"`, a line break `\n`; every other character, `<` and `{` and `node`
/// included, is safe between quotes.
pub fn quote(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '&' => out.push_str("&amp;"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// How [`write_styled`] draws a graph.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Style {
    /// One edge per group of parallel relations (same ends, stance, polarity).
    pub group_parallel: bool,
    /// A caption under the picture: title, view, sources and legend.
    pub caption: bool,
}

impl Style {
    /// The faithful export: exactly what [`write`] gives.
    pub fn faithful() -> Style {
        Style::default()
    }

    /// The picture `briefgraph render` draws.
    pub fn picture() -> Style {
        Style {
            group_parallel: true,
            caption: true,
        }
    }
}

/// The graph as DOT text in `style`, ending in a newline.
pub fn write_styled(graph: &BriefGraph, style: &Style) -> Vec<u8> {
    let mut text = to_ast_styled(graph, style).print(&mut PrinterContext::default());
    text.push('\n');
    text.into_bytes()
}

/// The graph as a graphviz-rust AST in `style`.
pub fn to_ast_styled(graph: &BriefGraph, style: &Style) -> Graph {
    if *style == Style::faithful() {
        return to_ast(graph);
    }
    let mut graph_attrs = vec![
        attr("fontname", "Helvetica"),
        attr("rankdir", "LR"),
        attr("splines", "true"),
        attr("nodesep", "0.3"),
        attr("ranksep", "0.6"),
        attr("pad", "0.3"),
        attr("bgcolor", "white"),
    ];
    if style.caption {
        graph_attrs.push(Attribute(
            Id::Plain("label".into()),
            Id::Html(caption(graph)),
        ));
        graph_attrs.push(attr("labelloc", "b"));
        graph_attrs.push(attr("labeljust", "l"));
    } else {
        graph_attrs.push(attr("label", &graph.meta.name));
        graph_attrs.push(attr("labelloc", "t"));
    }
    let mut stmts = vec![
        Stmt::GAttribute(GraphAttributes::Graph(graph_attrs)),
        Stmt::GAttribute(GraphAttributes::Node(vec![
            attr("fontname", "Helvetica"),
            attr("fontsize", "12"),
            attr("style", "filled"),
            attr("color", "#252525"),
            attr("penwidth", "1.2"),
            attr("margin", "0.12,0.06"),
        ])),
        Stmt::GAttribute(GraphAttributes::Edge(vec![
            attr("fontname", "Helvetica"),
            attr("fontsize", "10"),
            attr("arrowsize", "0.8"),
        ])),
    ];
    stmts.extend(graph.actors().map(|a| Stmt::Node(picture_node(a))));
    if style.group_parallel {
        stmts.extend(edge_groups(graph).iter().map(|g| Stmt::Edge(group_edge(g))));
    } else {
        stmts.extend(
            graph
                .relations()
                .map(|r| Stmt::Edge(group_edge(&EdgeGroup::of(vec![r])))),
        );
    }
    Graph::DiGraph {
        id: quoted_id(&graph.meta.name),
        strict: false,
        stmts,
    }
}

/// Parallel relations drawn as one edge: same source, target, stance and polarity.
#[derive(Clone, Debug)]
pub struct EdgeGroup<'g> {
    pub source: &'g str,
    pub target: &'g str,
    pub stance: Stance,
    pub polarity: Polarity,
    /// In the graph's relation order.
    pub relations: Vec<&'g Relation>,
}

impl<'g> EdgeGroup<'g> {
    fn of(relations: Vec<&'g Relation>) -> EdgeGroup<'g> {
        let r = relations[0];
        EdgeGroup {
            source: &r.source,
            target: &r.target,
            stance: r.class.stance(),
            polarity: r.polarity,
            relations,
        }
    }

    /// `operates; oversees (+2)`: the first two predicates, then how many
    /// more; a lone relation also shows its context (`restricts [aid]`).
    pub fn label(&self) -> String {
        let mut words: Vec<String> = Vec::new();
        for r in &self.relations {
            let mut w = r.predicate.clone();
            if let (Some(c), 1) = (&r.context, self.relations.len()) {
                w.push_str(&format!(" [{c}]"));
            }
            if !words.contains(&w) {
                words.push(w);
            }
        }
        let shown = words.len().min(2);
        let mut label = words[..shown].join("; ");
        if words.len() > shown {
            label.push_str(&format!(" (+{})", words.len() - shown));
        }
        if self.polarity == Polarity::Negated {
            label = format!("not {label}");
        }
        wrap(&label, 22)
    }
}

/// The relations of `graph` grouped into the edges a picture draws, in the
/// order of their first relation.
pub fn edge_groups(graph: &BriefGraph) -> Vec<EdgeGroup<'_>> {
    let mut groups: Vec<EdgeGroup> = Vec::new();
    let mut index: std::collections::HashMap<(&str, &str, Stance, Polarity), usize> =
        std::collections::HashMap::new();
    for r in graph.relations() {
        let key = (
            r.source.as_str(),
            r.target.as_str(),
            r.class.stance(),
            r.polarity,
        );
        match index.get(&key) {
            Some(&i) => groups[i].relations.push(r),
            None => {
                index.insert(key, groups.len());
                groups.push(EdgeGroup::of(vec![r]));
            }
        }
    }
    groups
}

/// Arrowhead and line width of a stance: they tell stances apart in greyscale.
pub fn stance_arrow(stance: Stance) -> (&'static str, &'static str) {
    match stance {
        Stance::Cooperative => ("normal", "1.6"),
        Stance::Conflictual => ("tee", "2.4"),
        Stance::Structural => ("empty", "1.0"),
    }
}

/// The line style of a polarity.
pub fn polarity_line(polarity: Polarity) -> &'static str {
    match polarity {
        Polarity::Asserted => "solid",
        Polarity::Hedged => "dashed",
        Polarity::Negated => "dotted",
    }
}

fn picture_node(actor: &Actor) -> Node {
    let (shape, fill) = kind_style(&actor.kind);
    let mut attributes = vec![
        attr("label", &wrap(&actor.label, 18)),
        attr("shape", shape),
        attr("fillcolor", fill),
        attr("tooltip", &format!("{} ({})", actor.label, actor.kind)),
        attr("id", &format!("actor-{}", actor.id)),
    ];
    if actor.candidate {
        attributes.push(attr("style", "filled,dashed"));
    }
    Node::new(NodeId(quoted_id(&actor.id), None), attributes)
}

fn group_edge(g: &EdgeGroup) -> Edge {
    let colour = stance_colour(g.stance);
    let (arrow, width) = stance_arrow(g.stance);
    let tooltip: Vec<String> = g
        .relations
        .iter()
        .map(|r| {
            let not = if r.polarity == Polarity::Negated {
                "not "
            } else {
                ""
            };
            format!(
                "{not}{} ({}, {})",
                r.predicate,
                r.class,
                r.polarity.as_str()
            )
        })
        .collect();
    let mut attributes = vec![
        attr("label", &g.label()),
        attr("color", colour),
        attr("fontcolor", colour),
        attr("style", polarity_line(g.polarity)),
        attr("arrowhead", arrow),
        attr("penwidth", width),
        attr("tooltip", &tooltip.join("\n")),
    ];
    if g.relations.len() == 1 {
        attributes.insert(0, attr("id", &g.relations[0].id));
    }
    Edge {
        ty: EdgeTy::Pair(
            Vertex::N(NodeId(quoted_id(g.source), None)),
            Vertex::N(NodeId(quoted_id(g.target), None)),
        ),
        attributes,
    }
}

/// Breaks `text` into lines of about `width` characters at spaces.
fn wrap(text: &str, width: usize) -> String {
    let mut out = String::new();
    let mut line = 0;
    for word in text.split(' ') {
        let len = word.chars().count();
        if line > 0 && line + 1 + len > width {
            out.push('\n');
            line = 0;
        } else if line > 0 {
            out.push(' ');
            line += 1;
        }
        out.push_str(word);
        line += len;
    }
    out
}

/// Escapes text for a Graphviz HTML-like label.
pub fn html_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '\\' => out.push_str("&#92;"),
            '\n' | '\r' => out.push(' '),
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// The caption: title, view, sources, and a legend of what is drawn.
fn caption(graph: &BriefGraph) -> String {
    let e = html_escape;
    let mut rows = Vec::new();
    rows.push(format!(
        "<tr><td align=\"left\"><font point-size=\"18\"><b>{}</b></font></td></tr>",
        e(&graph.meta.name)
    ));
    if let Some(view) = graph.meta.extra.get("view").and_then(|v| v.as_str()) {
        rows.push(format!(
            "<tr><td align=\"left\"><font point-size=\"13\">{}</font></td></tr>",
            e(view)
        ));
    }
    rows.push(format!(
        "<tr><td align=\"left\"><font point-size=\"11\" color=\"#404040\">{} actors, {} relations</font></td></tr>",
        graph.node_count(),
        graph.edge_count()
    ));
    let mut kinds: Vec<&str> = graph.actors().map(|a| a.kind.as_str()).collect();
    kinds.sort_unstable();
    kinds.dedup();
    if !kinds.is_empty() {
        let mut cells = String::from("<td align=\"left\"><b>Actors</b></td>");
        for k in kinds {
            let (shape, fill) = kind_style(k);
            cells.push_str(&format!(
                "<td bgcolor=\"{fill}\" border=\"1\" color=\"#252525\">{} <font point-size=\"9\">({shape})</font></td>",
                e(k)
            ));
        }
        rows.push(format!(
            "<tr><td align=\"left\"><table border=\"0\" cellborder=\"0\" cellspacing=\"3\" cellpadding=\"2\"><tr>{cells}</tr></table></td></tr>"
        ));
    }
    let mut stances: Vec<Stance> = graph.relations().map(|r| r.class.stance()).collect();
    stances.sort_unstable();
    stances.dedup();
    let mut polarities: Vec<Polarity> = graph.relations().map(|r| r.polarity).collect();
    polarities.sort_unstable();
    polarities.dedup();
    if !stances.is_empty() {
        let mut cells = String::from("<td align=\"left\"><b>Relations</b></td>");
        for s in stances {
            let (arrow, _) = stance_arrow(s);
            let head = match arrow {
                "tee" => "━━┫",
                "empty" => "──▷",
                _ => "━━▶",
            };
            cells.push_str(&format!(
                "<td><font color=\"{}\">{head} {}</font></td>",
                stance_colour(s),
                s.as_str()
            ));
        }
        for p in polarities {
            let line = match p {
                Polarity::Asserted => "────",
                Polarity::Hedged => "─ ─ ─",
                Polarity::Negated => "· · · ·",
            };
            let what = match p {
                Polarity::Asserted => "asserted",
                Polarity::Hedged => "hedged (may, reportedly)",
                Polarity::Negated => "denied (not)",
            };
            cells.push_str(&format!("<td>{line} {what}</td>"));
        }
        rows.push(format!(
            "<tr><td align=\"left\"><table border=\"0\" cellborder=\"0\" cellspacing=\"3\" cellpadding=\"2\"><tr>{cells}</tr></table></td></tr>"
        ));
    }
    if !graph.meta.sources.is_empty() {
        let list: Vec<String> = graph.meta.sources.iter().map(source_line).collect();
        rows.push(format!(
            "<tr><td align=\"left\"><font point-size=\"10\" color=\"#404040\">Sources: {}</font></td></tr>",
            e(&list.join("; "))
        ));
    }
    format!(
        "<<table border=\"0\" cellborder=\"0\" cellspacing=\"4\" cellpadding=\"3\">{}</table>>",
        rows.join("")
    )
}

/// `Publisher, “Title” (date)` for a source.
pub fn source_line(s: &crate::model::Source) -> String {
    let get = |k: &str| s.extra.get(k).and_then(|v| v.as_str());
    let mut line = String::new();
    if let Some(p) = get("publisher") {
        line.push_str(p);
        line.push_str(", ");
    }
    line.push_str(&format!("“{}”", s.title));
    if let Some(d) = get("date") {
        line.push_str(&format!(" ({d})"));
    }
    line
}

#[cfg(test)]
mod tests {
    use super::quote;

    #[test]
    fn quote_escapes_what_dot_and_labels_interpret() {
        assert_eq!(quote("plain"), "\"plain\"");
        assert_eq!(quote("say \"hi\""), "\"say \\\"hi\\\"\"");
        assert_eq!(quote("a\\N"), "\"a\\\\N\"");
        assert_eq!(quote("trailing\\"), "\"trailing\\\\\"");
        assert_eq!(quote("two\nlines"), "\"two\\nlines\"");
        assert_eq!(quote("AT&T <b>{node}</b>"), "\"AT&amp;T <b>{node}</b>\"");
    }
}

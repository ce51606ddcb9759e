//! Graphviz DOT, built as a graphviz-rust AST and printed by its printer.
//!
//! graphviz-rust escapes nothing, so every id and value goes through
//! [`quote`]. Nodes are shaped and filled by kind; edges are coloured by
//! stance (cooperative, conflictual, structural) and styled by polarity.

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

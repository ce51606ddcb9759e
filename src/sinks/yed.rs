//! yEd's graphics for the GraphML sink (`--graphml-flavour yed`): the
//! yFiles `ShapeNode` and `PolyLineEdge` elements yEd reads to draw labels,
//! fills, shapes, line styles and arrows, with positions from the
//! deterministic [`layout`](crate::graph::layout).

use super::dot::{kind_style, stance_colour};
use super::graphml::escape;
use crate::graph::{layout, BriefGraph};
use crate::model::{Polarity, Stance};
use std::collections::HashMap;
use std::fmt::Write;

/// The yFiles GraphML namespace.
pub const NAMESPACE: &str = "http://www.yworks.com/xml/graphml";
/// The key ids of the two graphics keys.
pub const NODE_KEY: &str = "y_nodegraphics";
pub const EDGE_KEY: &str = "y_edgegraphics";

struct NodeLook {
    label: String,
    shape: &'static str,
    fill: &'static str,
    x: f64,
    y: f64,
    width: f64,
    dashed: bool,
}

struct EdgeLook {
    label: String,
    colour: &'static str,
    line: &'static str,
    arrow: &'static str,
}

/// The graphics of every actor and relation of one graph.
pub struct Graphics {
    nodes: HashMap<String, NodeLook>,
    edges: HashMap<String, EdgeLook>,
}

/// yEd's shape for an actor kind (close to the DOT shapes).
pub fn yed_shape(kind: &str) -> &'static str {
    match kind_style(kind).0 {
        "box" => "rectangle",
        "hexagon" => "hexagon",
        "octagon" => "octagon",
        "house" => "trapezoid2",
        "cylinder" => "roundrectangle",
        "note" => "parallelogram",
        "diamond" => "diamond",
        _ => "ellipse",
    }
}

impl Graphics {
    pub fn new(graph: &BriefGraph) -> Graphics {
        let positions = layout::layout(graph);
        let nodes = graph
            .actors()
            .zip(positions)
            .map(|(a, p)| {
                let width = (a.label.chars().count() as f64 * 7.5 + 24.0).max(60.0);
                let look = NodeLook {
                    label: a.label.clone(),
                    shape: yed_shape(&a.kind),
                    fill: kind_style(&a.kind).1,
                    x: p.x * 1.5 - width / 2.0,
                    y: p.y * 1.5 - 15.0,
                    width,
                    dashed: a.candidate,
                };
                (a.id.clone(), look)
            })
            .collect();
        let edges = graph
            .relations()
            .map(|r| {
                let mut label = r.predicate.clone();
                if let Some(c) = &r.context {
                    label.push_str(&format!(" [{c}]"));
                }
                if r.polarity == Polarity::Negated {
                    label = format!("not {label}");
                }
                let look = EdgeLook {
                    label,
                    colour: stance_colour(r.class.stance()),
                    line: match r.polarity {
                        Polarity::Asserted => "line",
                        Polarity::Hedged => "dashed",
                        Polarity::Negated => "dotted",
                    },
                    arrow: match r.class.stance() {
                        Stance::Cooperative => "standard",
                        Stance::Conflictual => "t_shape",
                        Stance::Structural => "white_delta",
                    },
                };
                (r.id.clone(), look)
            })
            .collect();
        Graphics { nodes, edges }
    }

    /// Adds the yFiles namespace to the `<graphml>` start tag just written.
    pub fn namespace(&self, out: &mut String) {
        if out.ends_with(">\n") {
            out.truncate(out.len() - 2);
            let _ = writeln!(out, " xmlns:y=\"{NAMESPACE}\">");
        }
    }

    /// Declares the two graphics keys.
    pub fn declare(&self, out: &mut String) {
        let _ = writeln!(
            out,
            "  <key id=\"{NODE_KEY}\" for=\"node\" yfiles.type=\"nodegraphics\"/>"
        );
        let _ = writeln!(
            out,
            "  <key id=\"{EDGE_KEY}\" for=\"edge\" yfiles.type=\"edgegraphics\"/>"
        );
    }

    /// The graphics of the actor `id`.
    pub fn node(&self, out: &mut String, id: &str) {
        let Some(n) = self.nodes.get(id) else { return };
        let _ = writeln!(
            out,
            "      <data key=\"{NODE_KEY}\"><y:ShapeNode><y:Geometry height=\"30.0\" width=\"{:.1}\" x=\"{:.1}\" y=\"{:.1}\"/>\
             <y:Fill color=\"{}\" transparent=\"false\"/><y:BorderStyle color=\"#252525\" type=\"{}\" width=\"1.0\"/>\
             <y:NodeLabel alignment=\"center\" fontFamily=\"Dialog\" fontSize=\"12\" modelName=\"internal\" modelPosition=\"c\" textColor=\"#000000\" visible=\"true\">{}</y:NodeLabel>\
             <y:Shape type=\"{}\"/></y:ShapeNode></data>",
            n.width,
            n.x,
            n.y,
            n.fill.to_ascii_uppercase(),
            if n.dashed { "dashed" } else { "line" },
            escape(&n.label),
            n.shape
        );
    }

    /// The graphics of the relation `id`.
    pub fn edge(&self, out: &mut String, id: &str) {
        let Some(e) = self.edges.get(id) else { return };
        let _ = writeln!(
            out,
            "      <data key=\"{EDGE_KEY}\"><y:PolyLineEdge><y:LineStyle color=\"{colour}\" type=\"{}\" width=\"1.5\"/>\
             <y:Arrows source=\"none\" target=\"{}\"/>\
             <y:EdgeLabel alignment=\"center\" fontFamily=\"Dialog\" fontSize=\"10\" modelName=\"centered\" modelPosition=\"center\" textColor=\"{colour}\" visible=\"true\">{}</y:EdgeLabel>\
             <y:BendStyle smoothed=\"true\"/></y:PolyLineEdge></data>",
            e.line,
            e.arrow,
            escape(&e.label),
            colour = e.colour.to_ascii_uppercase(),
        );
    }
}

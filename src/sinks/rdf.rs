//! RDF: Turtle, N-Triples and N-Quads, serialised by Oxigraph's `oxttl`.
//!
//! # Vocabulary (`bg:` = `https://briefgraph.org/ns#`)
//!
//! - Actors are `https://briefgraph.org/id/actor/{id}` (the id
//!   percent-encoded), `a bg:Actor`, with `rdfs:label`, `bg:kind`,
//!   `bg:alias`, `bg:candidate` (candidates only) and `owl:sameAs wd:Q…`
//!   where the Wikidata id is known (`bg:wikidata` keeps any other value).
//! - Relation classes are SKOS concepts of the scheme `bg:RelationClasses`:
//!   `bg:SUPPORT a skos:Concept, rdf:Property` with `skos:prefLabel`,
//!   `skos:definition`, `bg:stance` and `bg:score` (the PLOVER
//!   cooperation–conflict score, `xsd:double`).
//! - Each relation is a direct triple `actor bg:CLASS actor` — only when
//!   the relation is asserted: a store takes every triple as true, and a
//!   denied or hedged relation stated as a plain triple would say the
//!   opposite of the brief — plus, for every relation, a reified statement
//!   `https://briefgraph.org/id/relation/{edge id}` `a rdf:Statement,
//!   bg:Relation` with `rdf:subject`, `rdf:predicate` (the class),
//!   `rdf:object`, `bg:predicate`, `bg:class`, `bg:polarity`, `bg:date`,
//!   `bg:context`, `bg:origin`, `bg:confidence`, `bg:note`, `bg:support`
//!   and one `bg:evidence` per piece of evidence.
//! - Evidence is `{relation}/evidence/{n}`, `a bg:Evidence`, with
//!   `bg:source`, `bg:quote`, `bg:sentence`, `bg:sentenceNo`, `bg:start`,
//!   `bg:end` (character offsets), `bg:line`, `bg:rule`, `bg:attributedTo`.
//! - Sources are `https://briefgraph.org/id/source/{id}`, `a bg:Source`,
//!   with `dcterms:title`.
//!
//! Statements use RDF 1.1 reification (`rdf:Statement` with
//! `rdf:subject`/`rdf:predicate`/`rdf:object`) rather than RDF 1.2 triple
//! terms: every store and parser reads it (rdflib, Jena, Virtuoso, GraphDB
//! and Oxigraph alike), while triple terms are still missing from many, and
//! a statement that carries several pieces of evidence needs a node anyway.
//!
//! N-Quads puts the vocabulary, actors, sources and statements in the
//! default graph, and what each source states — its direct triples and
//! its evidence — in a named graph per source, named by the source's IRI.
//! Turtle and N-Triples hold the same triples without graph names.

use crate::graph::BriefGraph;
use crate::model::{Actor, Evidence, Polarity, Relation, RelationClass, Source};
use oxrdf::vocab::{rdf, rdfs, xsd};
use oxrdf::{GraphName, Literal, NamedNode, Quad, Subject, Term, Triple};
use std::collections::HashSet;

/// The vocabulary's namespace.
pub const NS: &str = "https://briefgraph.org/ns#";
/// Where actor, relation and source IRIs live.
pub const ID_BASE: &str = "https://briefgraph.org/id/";
const WD: &str = "http://www.wikidata.org/entity/";
const OWL_SAME_AS: &str = "http://www.w3.org/2002/07/owl#sameAs";
const SKOS: &str = "http://www.w3.org/2004/02/skos/core#";
const DCTERMS_TITLE: &str = "http://purl.org/dc/terms/title";

/// Which RDF syntax to write.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Syntax {
    Turtle,
    NTriples,
    NQuads,
}

/// The graph in `syntax`, as the bytes of a file.
pub fn write(graph: &BriefGraph, syntax: Syntax) -> Vec<u8> {
    let quads = quads(graph);
    match syntax {
        Syntax::NQuads => {
            let mut s = oxttl::NQuadsSerializer::new().for_writer(Vec::new());
            for q in &quads {
                s.serialize_quad(q).expect("writing to memory");
            }
            s.finish()
        }
        Syntax::NTriples => {
            let mut s = oxttl::NTriplesSerializer::new().for_writer(Vec::new());
            for t in triples(&quads) {
                s.serialize_triple(&t).expect("writing to memory");
            }
            s.finish()
        }
        Syntax::Turtle => {
            let mut ser = oxttl::TurtleSerializer::new();
            for (prefix, iri) in prefixes() {
                ser = ser.with_prefix(prefix, iri).expect("the prefixes are IRIs");
            }
            let mut s = ser.for_writer(Vec::new());
            for t in triples(&quads) {
                s.serialize_triple(&t).expect("writing to memory");
            }
            s.finish().expect("writing to memory")
        }
    }
}

fn prefixes() -> Vec<(&'static str, String)> {
    vec![
        (
            "rdf",
            rdf::TYPE.as_str().trim_end_matches("type").to_string(),
        ),
        ("rdfs", "http://www.w3.org/2000/01/rdf-schema#".into()),
        ("xsd", "http://www.w3.org/2001/XMLSchema#".into()),
        ("owl", "http://www.w3.org/2002/07/owl#".into()),
        ("skos", SKOS.into()),
        ("dcterms", "http://purl.org/dc/terms/".into()),
        ("wd", WD.into()),
        ("bg", NS.into()),
        ("actor", format!("{ID_BASE}actor/")),
        ("source", format!("{ID_BASE}source/")),
        ("relation", format!("{ID_BASE}relation/")),
    ]
}

/// The distinct triples of `quads`, in order, without graph names.
fn triples(quads: &[Quad]) -> Vec<Triple> {
    let mut seen = HashSet::new();
    quads
        .iter()
        .map(|q| Triple::new(q.subject.clone(), q.predicate.clone(), q.object.clone()))
        .filter(|t| seen.insert(t.clone()))
        .collect()
}

/// Percent-encodes every byte but ASCII letters, digits, `-` and `_`, so
/// any id (spaces, `<>`, quotes, `#`, `/`, non-ASCII…) makes one valid IRI
/// segment. `.` and `~` are encoded too although IRIs allow them: a Turtle
/// local name cannot end in `.` unescaped, and rdflib misreads the escape.
pub fn encode_segment(id: &str) -> String {
    let mut out = String::with_capacity(id.len());
    for b in id.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_') {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

fn iri(s: String) -> NamedNode {
    NamedNode::new(s).expect("percent-encoded segments make valid IRIs")
}

fn bg(local: &str) -> NamedNode {
    iri(format!("{NS}{local}"))
}

pub fn actor_iri(id: &str) -> NamedNode {
    iri(format!("{ID_BASE}actor/{}", encode_segment(id)))
}

pub fn source_iri(id: &str) -> NamedNode {
    iri(format!("{ID_BASE}source/{}", encode_segment(id)))
}

pub fn relation_iri(id: &str) -> NamedNode {
    iri(format!("{ID_BASE}relation/{}", encode_segment(id)))
}

pub fn class_iri(class: RelationClass) -> NamedNode {
    bg(class.as_str())
}

fn text(s: &str) -> Term {
    Literal::new_simple_literal(s).into()
}

fn integer(n: impl ToString) -> Term {
    Literal::new_typed_literal(n.to_string(), xsd::INTEGER).into()
}

fn double(x: f64) -> Term {
    Literal::from(x).into()
}

/// Collects quads in the order they are written.
struct Out {
    quads: Vec<Quad>,
}

impl Out {
    fn add(&mut self, s: impl Into<Subject>, p: NamedNode, o: impl Into<Term>, g: &GraphName) {
        self.quads.push(Quad::new(s, p, o, g.clone()));
    }
}

/// Every quad of the graph, in a fixed order (vocabulary, sources, actors,
/// relations), so the same graph gives the same file.
pub fn quads(graph: &BriefGraph) -> Vec<Quad> {
    let mut out = Out { quads: Vec::new() };
    let default = GraphName::DefaultGraph;
    vocabulary(&mut out, graph);
    for s in &graph.meta.sources {
        source(&mut out, s, &default);
    }
    for a in graph.actors() {
        actor(&mut out, a, &default);
    }
    for r in graph.relations() {
        relation(&mut out, r);
    }
    out.quads
}

fn vocabulary(out: &mut Out, graph: &BriefGraph) {
    let g = GraphName::DefaultGraph;
    let scheme = bg("RelationClasses");
    let concept = iri(format!("{SKOS}Concept"));
    out.add(
        scheme.clone(),
        rdf::TYPE.into(),
        iri(format!("{SKOS}ConceptScheme")),
        &g,
    );
    out.add(
        scheme.clone(),
        rdfs::LABEL.into(),
        text("briefgraph relation classes (PLOVER event types and structural classes)"),
        &g,
    );
    let mut used: Vec<RelationClass> = graph.relations().map(|r| r.class).collect();
    used.sort_unstable();
    used.dedup();
    for class in used {
        let c = class_iri(class);
        out.add(c.clone(), rdf::TYPE.into(), concept.clone(), &g);
        out.add(
            c.clone(),
            rdf::TYPE.into(),
            NamedNode::from(rdf::PROPERTY),
            &g,
        );
        out.add(
            c.clone(),
            iri(format!("{SKOS}inScheme")),
            scheme.clone(),
            &g,
        );
        out.add(
            c.clone(),
            iri(format!("{SKOS}prefLabel")),
            text(class.as_str()),
            &g,
        );
        out.add(
            c.clone(),
            iri(format!("{SKOS}definition")),
            text(class.description()),
            &g,
        );
        out.add(c.clone(), bg("stance"), text(class.stance().as_str()), &g);
        out.add(c, bg("score"), double(class.score()), &g);
    }
}

fn source(out: &mut Out, s: &Source, g: &GraphName) {
    let node = source_iri(&s.id);
    out.add(node.clone(), rdf::TYPE.into(), bg("Source"), g);
    out.add(node.clone(), bg("id"), text(&s.id), g);
    out.add(node, iri(DCTERMS_TITLE.into()), text(&s.title), g);
}

fn is_qid(q: &str) -> bool {
    q.len() > 1 && q.starts_with('Q') && q[1..].bytes().all(|b| b.is_ascii_digit())
}

fn actor(out: &mut Out, a: &Actor, g: &GraphName) {
    let node = actor_iri(&a.id);
    out.add(node.clone(), rdf::TYPE.into(), bg("Actor"), g);
    out.add(node.clone(), bg("id"), text(&a.id), g);
    out.add(node.clone(), rdfs::LABEL.into(), text(&a.label), g);
    out.add(node.clone(), bg("kind"), text(&a.kind), g);
    for alias in &a.aliases {
        out.add(node.clone(), bg("alias"), text(alias), g);
    }
    match &a.wikidata {
        Some(q) if is_qid(q) => out.add(
            node.clone(),
            iri(OWL_SAME_AS.into()),
            iri(format!("{WD}{q}")),
            g,
        ),
        Some(q) => out.add(node.clone(), bg("wikidata"), text(q), g),
        None => {}
    }
    if a.candidate {
        out.add(node, bg("candidate"), Literal::from(true), g);
    }
}

fn relation(out: &mut Out, r: &Relation) {
    let default = GraphName::DefaultGraph;
    let node = relation_iri(&r.id);
    let (s, o, class) = (
        actor_iri(&r.source),
        actor_iri(&r.target),
        class_iri(r.class),
    );
    let g = &default;
    out.add(
        node.clone(),
        rdf::TYPE.into(),
        NamedNode::from(rdf::STATEMENT),
        g,
    );
    out.add(node.clone(), rdf::TYPE.into(), bg("Relation"), g);
    out.add(node.clone(), bg("id"), text(&r.id), g);
    out.add(node.clone(), rdf::SUBJECT.into(), s.clone(), g);
    out.add(node.clone(), rdf::PREDICATE.into(), class.clone(), g);
    out.add(node.clone(), rdf::OBJECT.into(), o.clone(), g);
    out.add(node.clone(), bg("predicate"), text(&r.predicate), g);
    out.add(node.clone(), bg("class"), class.clone(), g);
    out.add(node.clone(), bg("polarity"), text(r.polarity.as_str()), g);
    if let Some(d) = &r.date {
        out.add(node.clone(), bg("date"), text(d), g);
    }
    if let Some(c) = &r.context {
        out.add(node.clone(), bg("context"), text(c), g);
    }
    out.add(node.clone(), bg("origin"), text(r.origin.as_str()), g);
    if let Some(c) = r.confidence {
        out.add(node.clone(), bg("confidence"), double(c), g);
    }
    if let Some(n) = &r.note {
        out.add(node.clone(), bg("note"), text(n), g);
    }
    out.add(node.clone(), bg("support"), integer(r.support()), g);
    // What each source states goes into that source's named graph.
    for src in r.sources() {
        let named = GraphName::NamedNode(source_iri(src));
        if r.polarity == Polarity::Asserted {
            out.add(s.clone(), class.clone(), o.clone(), &named);
        }
    }
    for (i, e) in r.evidence.iter().enumerate() {
        let ev = iri(format!("{}/evidence/{}", node.as_str(), i + 1));
        out.add(node.clone(), bg("evidence"), ev.clone(), g);
        evidence(out, &ev, e);
    }
}

fn evidence(out: &mut Out, node: &NamedNode, e: &Evidence) {
    let g = &GraphName::NamedNode(source_iri(&e.source));
    out.add(node.clone(), rdf::TYPE.into(), bg("Evidence"), g);
    out.add(node.clone(), bg("source"), source_iri(&e.source), g);
    if let Some(q) = &e.quote {
        out.add(node.clone(), bg("quote"), text(q), g);
    }
    if let Some(s) = &e.sentence {
        out.add(node.clone(), bg("sentence"), text(s), g);
    }
    if let Some(n) = e.sentence_no {
        out.add(node.clone(), bg("sentenceNo"), integer(n), g);
    }
    if let Some(n) = e.start {
        out.add(node.clone(), bg("start"), integer(n), g);
    }
    if let Some(n) = e.end {
        out.add(node.clone(), bg("end"), integer(n), g);
    }
    if let Some(n) = e.line {
        out.add(node.clone(), bg("line"), integer(n), g);
    }
    if let Some(rule) = &e.rule {
        out.add(node.clone(), bg("rule"), text(rule), g);
    }
    if let Some(who) = &e.attributed_to {
        out.add(node.clone(), bg("attributedTo"), text(who), g);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn any_id_makes_a_valid_iri_segment() {
        for id in ["a b", "<x>", "\"q\"", "#/?", "Türkiye", "", "%41", "\n\0"] {
            let n = actor_iri(id);
            let segment = &n.as_str()[ID_BASE.len() + "actor/".len()..];
            assert!(
                segment
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b"-_.~%".contains(&b)),
                "{n}"
            );
        }
        assert_ne!(encode_segment("%41"), encode_segment("A"));
        assert_eq!(encode_segment("us-army_2"), "us-army_2");
        assert_eq!(encode_segment("a.b~"), "a%2Eb%7E");
    }

    #[test]
    fn qids_are_recognised() {
        assert!(is_qid("Q30"));
        assert!(!is_qid("Q"));
        assert!(!is_qid("P31"));
        assert!(!is_qid("Q3 0"));
    }
}

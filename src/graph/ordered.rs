//! A graph built straight from actors and relations that come in order.
//!
//! [`BriefGraph::from_parts`] takes the relations as one list and then
//! copies each into the petgraph graph: for a large file the relations are
//! held twice, and the second copy is fresh memory the system zeroes page
//! by page (on this project's virtual machines, a tenth of the CPU time of
//! converting a graph of 200,000 edges). A file briefgraph wrote has its
//! actors in id order and its relations in key order, each key once: then
//! [`InOrder`] puts each relation into the graph as it is read. The first
//! thing out of order ends that: [`InOrder::into_lists`] gives the lists
//! back, for the general way, which gives the same graph.

use super::{by_key, dedup_keep_order, BriefGraph};
use crate::model::{Actor, GraphMeta, Relation};
use petgraph::graph::{DiGraph, EdgeIndex, NodeIndex};
use std::cmp::Ordering;
use std::collections::HashMap;

/// A graph being built from actors in strictly increasing id order and
/// relations in strictly increasing key order (see the module's text).
#[derive(Debug)]
pub struct InOrder {
    graph: DiGraph<Actor, Relation>,
    index: HashMap<String, NodeIndex>,
    /// The source of the last relation added: most relations share their
    /// source with the one before (relations are in key order).
    last_source: Option<NodeIndex>,
}

impl InOrder {
    /// A graph of these actors with room for about `edges` relations; the
    /// actors are given back when their ids are not strictly increasing.
    pub fn new(actors: Vec<Actor>, edges: usize) -> Result<InOrder, Vec<Actor>> {
        if !actors.windows(2).all(|w| w[0].id < w[1].id) {
            return Err(actors);
        }
        let mut graph = DiGraph::with_capacity(actors.len(), 0);
        // A count that memory cannot hold: the list grows as it goes.
        let mut room: Vec<petgraph::graph::Edge<Relation>> = Vec::new();
        if room.try_reserve_exact(edges).is_ok() {
            drop(room);
            graph.reserve_exact_edges(edges);
        }
        let mut index = HashMap::with_capacity(actors.len());
        for mut actor in actors {
            dedup_keep_order(&mut actor.aliases);
            index.insert(actor.id.clone(), graph.add_node(actor));
        }
        Ok(InOrder {
            graph,
            index,
            last_source: None,
        })
    }

    /// Adds a relation after the others. It is given back when its key does
    /// not come after the last one's or an end is not among the actors.
    pub fn push(&mut self, mut relation: Relation) -> Result<(), Box<Relation>> {
        let source = match self.last_source {
            Some(n) if self.graph[n].id == relation.source => n,
            _ => match self.index.get(&relation.source) {
                Some(&n) => n,
                None => return Err(Box::new(relation)),
            },
        };
        let Some(&target) = self.index.get(&relation.target) else {
            return Err(Box::new(relation));
        };
        if let Some(last) = self.graph.edge_count().checked_sub(1) {
            if by_key(&self.graph[EdgeIndex::new(last)], &relation) != Ordering::Less {
                return Err(Box::new(relation));
            }
        }
        // What `assemble` does to each relation.
        relation.set_edge_id();
        relation.evidence.sort();
        relation.evidence.dedup();
        self.graph.add_edge(source, target, relation);
        self.last_source = Some(source);
        Ok(())
    }

    /// The relations added, in order.
    pub fn relations(&self) -> impl Iterator<Item = &Relation> + '_ {
        self.graph.edge_weights()
    }

    /// The actors and the relations, in order, for the general way.
    pub fn into_lists(self) -> (Vec<Actor>, Vec<Relation>) {
        let (nodes, edges) = self.graph.into_nodes_edges();
        (
            nodes.into_iter().map(|n| n.weight).collect(),
            edges.into_iter().map(|e| e.weight).collect(),
        )
    }

    /// The graph with its metadata: what [`BriefGraph::from_parts`] gives
    /// for the same metadata, actors and relations.
    pub fn finish(self, mut meta: GraphMeta) -> BriefGraph {
        meta.sources.sort_by(|a, b| a.id.cmp(&b.id));
        meta.conflicts.sort();
        BriefGraph {
            meta,
            graph: self.graph,
            index: self.index,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Evidence, Origin, Polarity, RelationClass, Source};

    fn rel(s: &str, t: &str, p: &str, context: Option<&str>, sources: &[&str]) -> Relation {
        Relation {
            id: String::new(),
            source: s.into(),
            target: t.into(),
            predicate: p.into(),
            class: RelationClass::SUPPORT,
            polarity: Polarity::Asserted,
            context: context.map(str::to_string),
            date: None,
            origin: Origin::Extracted,
            confidence: None,
            note: None,
            evidence: sources.iter().map(|s| Evidence::new(*s)).collect(),
            extra: Default::default(),
        }
    }

    fn actor(id: &str, aliases: &[&str]) -> Actor {
        let mut a = Actor::new(id, id.to_uppercase(), "state");
        a.aliases = aliases.iter().map(|s| s.to_string()).collect();
        a
    }

    /// The graph built in order when it can be, else the general way; and
    /// the general way's graph, written out both.
    fn both_ways(actors: &[Actor], relations: &[Relation]) -> (String, String, bool) {
        let meta = GraphMeta {
            sources: vec![Source::new("z", "Z"), Source::new("a", "A")],
            ..GraphMeta::default()
        };
        let general = BriefGraph::from_parts(meta.clone(), actors.to_vec(), relations.to_vec());
        let (straight, whole) = match InOrder::new(actors.to_vec(), relations.len()) {
            Err(back) => {
                assert_eq!(back, actors, "actors given back as they came");
                (
                    BriefGraph::from_parts(meta, back, relations.to_vec()),
                    false,
                )
            }
            Ok(mut g) => {
                let mut rest = relations.iter().cloned();
                let mut spilled = None;
                for r in rest.by_ref() {
                    if let Err(r) = g.push(r) {
                        spilled = Some(*r);
                        break;
                    }
                }
                match spilled {
                    None => (g.finish(meta), true),
                    Some(r) => {
                        let (a, mut list) = g.into_lists();
                        list.push(r);
                        list.extend(rest);
                        (BriefGraph::from_parts(meta, a, list), false)
                    }
                }
            }
        };
        let show = |g: &BriefGraph| String::from_utf8(crate::sinks::json::write(g)).expect("UTF-8");
        (show(&straight), show(&general), whole)
    }

    #[test]
    fn in_order_gives_the_graph_of_the_general_way() {
        let actors = [
            actor("a", &["x", "x", "y"]),
            actor("b", &[]),
            actor("c", &[]),
        ];
        let ordered = [
            rel("a", "b", "backs", None, &["s2", "s1", "s1"]),
            rel("a", "b", "backs", Some("talks"), &["s1"]),
            rel("a", "c", "backs", None, &["s1"]),
            rel("b", "a", "opposes", None, &["s3"]),
        ];
        let (straight, general, whole) = both_ways(&actors, &ordered);
        assert!(whole, "in order: built straight");
        assert_eq!(straight, general);
        assert!(straight.contains("\"s1\""), "{straight}");

        // Each thing out of order stops it; the result is the same.
        let mut repeated = ordered.to_vec();
        repeated.insert(1, rel("a", "b", "backs", None, &["s4"]));
        let mut swapped = ordered.to_vec();
        swapped.swap(2, 3);
        let mut missing = ordered.to_vec();
        missing.push(rel("c", "q", "backs", None, &["s1"]));
        for relations in [repeated, swapped] {
            let (straight, general, whole) = both_ways(&actors, &relations);
            assert!(!whole);
            assert_eq!(straight, general);
        }
        // A missing end is the caller's to report: the general way panics
        // too, so only the hand-back is checked here.
        let mut g = InOrder::new(actors.to_vec(), 0).unwrap();
        for r in &missing[..4] {
            g.push(r.clone()).unwrap();
        }
        assert!(g.push(missing[4].clone()).is_err());
        assert!(g.push(rel("0", "a", "backs", None, &["s1"])).is_err());
        assert_eq!(g.relations().count(), 4);

        let unsorted = [actor("b", &[]), actor("a", &[]), actor("c", &[])];
        let (straight, general, whole) = both_ways(&unsorted, &ordered);
        assert!(!whole);
        assert_eq!(straight, general);
        let twice = [
            actor("a", &[]),
            actor("a", &["z"]),
            actor("b", &[]),
            actor("c", &[]),
        ];
        assert!(InOrder::new(twice.to_vec(), 0).is_err());
    }
}

//! The assembled graph: a petgraph directed multigraph of actors and relations.
//!
//! [`GraphBuilder`] collects actors and relations from any number of
//! sources; [`GraphBuilder::finish`] inserts them in a canonical order (actors
//! by id, relations by key) so every export of the same input is identical.

pub mod analysis;
pub mod layout;
pub mod merge;
pub mod ordered;
pub mod view;

use crate::model::{Actor, Evidence, GraphMeta, Relation, RelationKey, Source};
use petgraph::graph::{DiGraph, EdgeIndex, NodeIndex};
use petgraph::visit::EdgeRef;
use std::collections::{BTreeMap, HashMap};

/// A directed multigraph of actors (nodes) and relations (edges), with its
/// metadata. Nodes are in id order and edges in key order.
#[derive(Clone, Debug, Default)]
pub struct BriefGraph {
    pub meta: GraphMeta,
    graph: DiGraph<Actor, Relation>,
    index: HashMap<String, NodeIndex>,
}

impl BriefGraph {
    /// The underlying petgraph graph, for analysis.
    pub fn petgraph(&self) -> &DiGraph<Actor, Relation> {
        &self.graph
    }

    pub fn node(&self, id: &str) -> Option<NodeIndex> {
        self.index.get(id).copied()
    }

    pub fn actor(&self, id: &str) -> Option<&Actor> {
        self.node(id).map(|n| &self.graph[n])
    }

    /// Actors in id order.
    pub fn actors(&self) -> impl Iterator<Item = &Actor> + '_ {
        self.graph.node_weights()
    }

    /// Relations in key order.
    pub fn relations(&self) -> impl Iterator<Item = &Relation> + '_ {
        self.graph.edge_weights()
    }

    pub fn relation(&self, e: EdgeIndex) -> &Relation {
        &self.graph[e]
    }

    pub fn node_count(&self) -> usize {
        self.graph.node_count()
    }

    pub fn edge_count(&self) -> usize {
        self.graph.edge_count()
    }

    /// Relations leaving `id` and entering it, in key order.
    pub fn relations_of<'a>(&'a self, id: &str) -> impl Iterator<Item = &'a Relation> + 'a {
        let node = self.node(id);
        let mut edges: Vec<EdgeIndex> = node
            .into_iter()
            .flat_map(|n| {
                self.graph
                    .edges_directed(n, petgraph::Direction::Outgoing)
                    .chain(self.graph.edges_directed(n, petgraph::Direction::Incoming))
                    .map(|e| e.id())
            })
            .collect();
        edges.sort_unstable();
        edges.dedup();
        edges.into_iter().map(|e| &self.graph[e])
    }

    /// The graph taken apart: metadata, actors in id order, relations in key order.
    pub fn into_parts(self) -> (GraphMeta, Vec<Actor>, Vec<Relation>) {
        let (nodes, edges) = self.graph.into_nodes_edges();
        (
            self.meta,
            nodes.into_iter().map(|n| n.weight).collect(),
            edges.into_iter().map(|e| e.weight).collect(),
        )
    }

    /// A builder holding this graph's contents, to add more to it.
    pub fn into_builder(self) -> GraphBuilder {
        let mut b = GraphBuilder::new(self.meta.name.clone());
        b.meta = self.meta;
        let (nodes, edges) = self.graph.into_nodes_edges();
        for n in nodes {
            b.add_actor(n.weight);
        }
        for e in edges {
            b.add_relation(e.weight);
        }
        b
    }
}

/// Collects actors and relations, merging duplicates, then builds the graph.
#[derive(Clone, Debug, Default)]
pub struct GraphBuilder {
    pub meta: GraphMeta,
    actors: BTreeMap<String, Actor>,
    relations: BTreeMap<RelationKey, Relation>,
}

impl GraphBuilder {
    pub fn new(name: impl Into<String>) -> GraphBuilder {
        GraphBuilder {
            meta: GraphMeta {
                name: name.into(),
                ..GraphMeta::default()
            },
            ..GraphBuilder::default()
        }
    }

    /// Adds a source; a source already present by id is kept as it was,
    /// with attributes it lacked filled in from the new one.
    pub fn add_source(&mut self, source: Source) {
        match self.meta.sources.iter_mut().find(|s| s.id == source.id) {
            Some(existing) => {
                if existing.title.is_empty() {
                    existing.title = source.title;
                }
                for (k, v) in source.extra {
                    existing.extra.entry(k).or_insert(v);
                }
            }
            None => self.meta.sources.push(source),
        }
    }

    /// Adds an actor; one already present by id gains the new aliases and
    /// any attributes it lacked.
    pub fn add_actor(&mut self, actor: Actor) {
        match self.actors.get_mut(&actor.id) {
            Some(existing) => merge_actor(existing, actor),
            None => {
                self.actors.insert(actor.id.clone(), actor);
            }
        }
    }

    pub fn has_actor(&self, id: &str) -> bool {
        self.actors.contains_key(id)
    }

    pub fn actor_mut(&mut self, id: &str) -> Option<&mut Actor> {
        self.actors.get_mut(id)
    }

    /// Adds a relation. One with the same key is the same edge: the evidence
    /// is unioned, and attributes missing on the first are taken from the second.
    pub fn add_relation(&mut self, relation: Relation) {
        let key = relation.key();
        match self.relations.get_mut(&key) {
            Some(existing) => merge_relation(existing, relation),
            None => {
                self.relations.insert(key, relation);
            }
        }
    }

    /// Builds the graph. Every relation's ends must have been added as
    /// actors; a relation whose end is missing is a bug of the caller.
    pub fn finish(self) -> BriefGraph {
        let actors: Vec<Actor> = self.actors.into_values().collect();
        let relations: Vec<Relation> = self.relations.into_values().collect();
        assemble(self.meta, actors, relations)
    }
}

/// How two relations compare by key (source, target, predicate, context,
/// polarity): the order of a graph's edges.
fn by_key(a: &Relation, b: &Relation) -> std::cmp::Ordering {
    (&a.source, &a.target, &a.predicate, &a.context, a.polarity).cmp(&(
        &b.source,
        &b.target,
        &b.predicate,
        &b.context,
        b.polarity,
    ))
}

impl BriefGraph {
    /// The graph of actors with distinct ids and relations with distinct
    /// keys, whose ends are all among the actors: what
    /// [`GraphBuilder::finish`] gives for them, without the builder's maps
    /// (for the large graphs of a merge, which has merged them already).
    pub fn from_unique(
        meta: GraphMeta,
        mut actors: Vec<Actor>,
        mut relations: Vec<Relation>,
    ) -> BriefGraph {
        use rayon::slice::ParallelSliceMut;
        actors.sort_unstable_by(|a, b| a.id.cmp(&b.id));
        relations.par_sort_unstable_by(by_key);
        assemble(meta, actors, relations)
    }
}

impl BriefGraph {
    /// What a [`GraphBuilder`] gives for these actors and relations added
    /// in this order (actors of one id and relations of one key merged, in
    /// that order), by sorting instead of a map insertion per element: the
    /// sorts are stable, so each run of equal ids or keys folds in input
    /// order, as the builder's `get_mut`-or-insert does.
    pub fn from_parts(meta: GraphMeta, actors: Vec<Actor>, relations: Vec<Relation>) -> BriefGraph {
        use rayon::slice::ParallelSliceMut;
        let mut actors = actors;
        let by_id = |a: &Actor, b: &Actor| a.id.cmp(&b.id);
        // A graph briefgraph wrote comes in order already: checked in one
        // pass, then not sorted (the parallel sort copies every element
        // into a buffer as large as the list and back).
        if !actors.is_sorted_by(|a, b| by_id(a, b).is_le()) {
            actors.par_sort_by(by_id);
        }
        let actors = fold_runs(actors, |a, b| a.id == b.id, merge_actor);
        let mut relations = relations;
        if !relations.is_sorted_by(|a, b| by_key(a, b).is_le()) {
            relations.par_sort_by(by_key);
        }
        let relations = fold_runs(
            relations,
            |a, b| {
                a.source == b.source
                    && a.target == b.target
                    && a.predicate == b.predicate
                    && a.context == b.context
                    && a.polarity == b.polarity
            },
            merge_relation,
        );
        assemble(meta, actors, relations)
    }
}

/// Merges each run of adjacent equal items into its first one, in place
/// (no second copy of a large list; a merged item is cloned, and equal
/// keys are the exception).
fn fold_runs<T: Clone>(
    mut items: Vec<T>,
    same: impl Fn(&T, &T) -> bool,
    merge: fn(&mut T, T),
) -> Vec<T> {
    // dedup_by passes the later item first and removes it when told so.
    items.dedup_by(|later, kept| {
        let dup = same(kept, later);
        if dup {
            merge(kept, later.clone());
        }
        dup
    });
    items
}

/// Builds the graph from actors in id order and relations in key order.
fn assemble(meta: GraphMeta, actors: Vec<Actor>, mut relations: Vec<Relation>) -> BriefGraph {
    use rayon::iter::{IntoParallelRefMutIterator, ParallelIterator};
    let mut graph = DiGraph::with_capacity(actors.len(), relations.len());
    let mut index = HashMap::with_capacity(actors.len());
    for mut actor in actors {
        dedup_keep_order(&mut actor.aliases);
        index.insert(actor.id.clone(), graph.add_node(actor));
    }
    relations.par_iter_mut().for_each(|relation| {
        relation.set_edge_id();
        relation.evidence.sort();
        relation.evidence.dedup();
    });
    for relation in relations {
        let (Some(&a), Some(&b)) = (index.get(&relation.source), index.get(&relation.target))
        else {
            panic!(
                "relation {} -> {} refers to an actor that was never added",
                relation.source, relation.target
            );
        };
        graph.add_edge(a, b, relation);
    }
    let mut meta = meta;
    meta.sources.sort_by(|a, b| a.id.cmp(&b.id));
    meta.conflicts.sort();
    BriefGraph { meta, graph, index }
}

fn dedup_keep_order(v: &mut Vec<String>) {
    let mut seen = std::collections::HashSet::new();
    v.retain(|s| seen.insert(s.clone()));
}

fn merge_actor(existing: &mut Actor, new: Actor) {
    existing.aliases.extend(new.aliases);
    if existing.label != new.label && !existing.aliases.contains(&new.label) {
        existing.aliases.push(new.label);
    }
    if existing.wikidata.is_none() {
        existing.wikidata = new.wikidata;
    }
    // A registry actor stays accepted even when a text also found it.
    existing.candidate &= new.candidate;
    for (k, v) in new.extra {
        existing.extra.entry(k).or_insert(v);
    }
}

fn merge_relation(existing: &mut Relation, new: Relation) {
    existing.evidence.extend(new.evidence);
    if existing.date.is_none() {
        existing.date = new.date;
    }
    if existing.confidence.is_none() {
        existing.confidence = new.confidence;
    }
    match (&mut existing.note, new.note) {
        (None, note) => existing.note = note,
        (Some(a), Some(b)) if *a != b && !a.contains(&b) => {
            a.push_str("; ");
            a.push_str(&b);
        }
        _ => {}
    }
    // Curated beats extracted: a person has checked it.
    existing.origin = existing.origin.min(new.origin);
    for (k, v) in new.extra {
        existing.extra.entry(k).or_insert(v);
    }
}

/// Evidence of one relation, grouped by source id.
pub fn evidence_by_source(relation: &Relation) -> BTreeMap<&str, Vec<&Evidence>> {
    let mut map: BTreeMap<&str, Vec<&Evidence>> = BTreeMap::new();
    for e in &relation.evidence {
        map.entry(e.source.as_str()).or_default().push(e);
    }
    map
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Origin, Polarity, RelationClass};

    fn rel(s: &str, t: &str, p: &str, src: &str) -> Relation {
        Relation {
            id: String::new(),
            source: s.into(),
            target: t.into(),
            predicate: p.into(),
            class: RelationClass::OPERATE,
            polarity: Polarity::Asserted,
            context: None,
            date: None,
            origin: Origin::Extracted,
            confidence: None,
            note: None,
            evidence: vec![Evidence::new(src)],
            extra: Default::default(),
        }
    }

    #[test]
    fn same_key_merges_evidence_and_order_does_not_matter() {
        let build = |order: &[usize]| {
            let rels = [
                rel("us", "cmcc", "operates", "a"),
                rel("us", "cmcc", "operates", "b"),
                rel("us", "cmcc", "runs", "a"),
            ];
            let mut b = GraphBuilder::new("t");
            b.add_actor(Actor::new("us", "US", "state"));
            b.add_actor(Actor::new("cmcc", "CMCC", "military"));
            for &i in order {
                b.add_relation(rels[i].clone());
            }
            b.finish()
        };
        let g = build(&[0, 1, 2]);
        assert_eq!(g.node_count(), 2);
        assert_eq!(
            g.edge_count(),
            2,
            "parallel edges with other predicates are kept"
        );
        let first = g.relations().find(|r| r.predicate == "operates").unwrap();
        assert_eq!(first.support(), 2);
        let h = build(&[2, 1, 0]);
        let ids = |g: &BriefGraph| g.relations().map(|r| r.id.clone()).collect::<Vec<_>>();
        assert_eq!(ids(&g), ids(&h));
        assert_eq!(
            g.relations()
                .map(|r| r.evidence.clone())
                .collect::<Vec<_>>(),
            h.relations()
                .map(|r| r.evidence.clone())
                .collect::<Vec<_>>()
        );
    }
}

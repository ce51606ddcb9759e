//! Questions asked of a graph: who matters (`stats`) and how two actors
//! are linked (`path`).
//!
//! Centrality and clusters are computed on the **actor network**: the
//! simple undirected graph with one link between two actors whenever at
//! least one relation joins them, in either direction (parallel relations
//! and self-loops collapse). On it:
//!
//! - degree centrality is `neighbours / (n - 1)`, as NetworkX's
//!   `degree_centrality`;
//! - betweenness is Brandes' algorithm, normalised as NetworkX's
//!   `betweenness_centrality(G, normalized=True)` for an undirected graph:
//!   the sum over ordered pairs `s != t` of the share of shortest `s`–`t`
//!   paths through `v`, divided by `(n - 1)(n - 2)`;
//! - clusters are the Clauset–Newman–Moore greedy modularity communities,
//!   with the same merge order and tie-breaking as NetworkX's
//!   `greedy_modularity_communities` (largest gain first, ties to the pair
//!   of smallest ids);
//! - a broker is an actor with neighbours in a cluster other than its own,
//!   ranked by betweenness.

use super::BriefGraph;
use crate::model::Relation;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet, VecDeque};
use std::fmt::Write;

/// The actor network: ids in graph order and sorted neighbour lists.
struct Network<'g> {
    ids: Vec<&'g str>,
    adj: Vec<Vec<usize>>,
}

impl<'g> Network<'g> {
    fn new(graph: &'g BriefGraph) -> Network<'g> {
        let ids: Vec<&str> = graph.actors().map(|a| a.id.as_str()).collect();
        let pos: BTreeMap<&str, usize> = ids.iter().enumerate().map(|(i, id)| (*id, i)).collect();
        let mut sets = vec![BTreeSet::new(); ids.len()];
        for r in graph.relations() {
            let (a, b) = (pos[r.source.as_str()], pos[r.target.as_str()]);
            if a != b {
                sets[a].insert(b);
                sets[b].insert(a);
            }
        }
        let adj = sets.into_iter().map(|s| s.into_iter().collect()).collect();
        Network { ids, adj }
    }

    fn len(&self) -> usize {
        self.ids.len()
    }

    /// Brandes' betweenness, normalised as NetworkX does for undirected graphs.
    fn betweenness(&self) -> Vec<f64> {
        let n = self.len();
        let mut cb = vec![0.0; n];
        for s in 0..n {
            let mut stack = Vec::with_capacity(n);
            let mut preds: Vec<Vec<usize>> = vec![Vec::new(); n];
            let mut sigma = vec![0.0f64; n];
            let mut dist = vec![usize::MAX; n];
            sigma[s] = 1.0;
            dist[s] = 0;
            let mut queue = VecDeque::from([s]);
            while let Some(v) = queue.pop_front() {
                stack.push(v);
                for &w in &self.adj[v] {
                    if dist[w] == usize::MAX {
                        dist[w] = dist[v] + 1;
                        queue.push_back(w);
                    }
                    if dist[w] == dist[v] + 1 {
                        sigma[w] += sigma[v];
                        preds[w].push(v);
                    }
                }
            }
            let mut delta = vec![0.0f64; n];
            while let Some(w) = stack.pop() {
                for &v in &preds[w] {
                    delta[v] += sigma[v] / sigma[w] * (1.0 + delta[w]);
                }
                if w != s {
                    cb[w] += delta[w];
                }
            }
        }
        if n > 2 {
            let scale = 1.0 / ((n - 1) as f64 * (n - 2) as f64);
            for c in &mut cb {
                *c *= scale;
            }
        }
        cb
    }

    /// Clauset–Newman–Moore greedy modularity communities, as index sets.
    fn communities(&self) -> Vec<Vec<usize>> {
        let n = self.len();
        let m: usize = self.adj.iter().map(Vec::len).sum::<usize>() / 2;
        if m == 0 {
            return (0..n).map(|i| vec![i]).collect();
        }
        let q0 = 1.0 / m as f64;
        let mut a: Vec<f64> = self
            .adj
            .iter()
            .map(|nb| nb.len() as f64 * q0 * 0.5)
            .collect();
        // dq[u][v]: the modularity gain of merging communities u and v.
        let mut dq: Vec<BTreeMap<usize, f64>> = vec![BTreeMap::new(); n];
        for (u, nb) in self.adj.iter().enumerate() {
            for &v in nb {
                dq[u].insert(v, q0 - (a[u] * a[v] + a[u] * a[v]));
            }
        }
        let mut members: Vec<Option<Vec<usize>>> = (0..n).map(|i| Some(vec![i])).collect();
        loop {
            // The best merge; ties go to the smallest (u, v) by id.
            let mut best: Option<(f64, usize, usize)> = None;
            for (u, row) in dq.iter().enumerate() {
                for (&v, &gain) in row {
                    let better = match best {
                        None => true,
                        Some((g, bu, bv)) => {
                            gain > g
                                || (gain == g
                                    && (self.ids[u], self.ids[v]) < (self.ids[bu], self.ids[bv]))
                        }
                    };
                    if better {
                        best = Some((gain, u, v));
                    }
                }
            }
            let Some((gain, u, v)) = best else { break };
            if gain < 0.0 {
                break;
            }
            // Merge u into v.
            let moved = members[u].take().unwrap_or_default();
            members[v].get_or_insert_with(Vec::new).extend(moved);
            let row_u = std::mem::take(&mut dq[u]);
            let row_v = dq[v].clone();
            let neighbours: BTreeSet<usize> = row_u
                .keys()
                .chain(row_v.keys())
                .copied()
                .filter(|&w| w != u && w != v)
                .collect();
            for w in neighbours {
                let new = match (row_u.get(&w), row_v.get(&w)) {
                    (Some(du), Some(dv)) => dv + du,
                    (None, Some(dv)) => dv - (a[u] * a[w] + a[w] * a[u]),
                    (Some(du), None) => du - (a[v] * a[w] + a[w] * a[v]),
                    (None, None) => unreachable!("w is a neighbour of u or v"),
                };
                dq[v].insert(w, new);
                dq[w].insert(v, new);
            }
            for w in row_u.keys() {
                dq[*w].remove(&u);
            }
            dq[v].remove(&u);
            a[v] += a[u];
            a[u] = 0.0;
        }
        let mut out: Vec<Vec<usize>> = members
            .into_iter()
            .flatten()
            .map(|mut c| {
                c.sort_unstable();
                c
            })
            .collect();
        out.sort_by(|x, y| y.len().cmp(&x.len()).then(x[0].cmp(&y[0])));
        out
    }
}

/// What `briefgraph stats` reports.
#[derive(Clone, Debug, Serialize)]
pub struct Stats {
    pub name: String,
    pub actors: usize,
    pub relations: usize,
    /// Links of the actor network (distinct linked pairs).
    pub links: usize,
    pub actors_by_kind: BTreeMap<String, usize>,
    pub relations_by_class: BTreeMap<String, usize>,
    pub relations_by_stance: BTreeMap<String, usize>,
    /// Every actor, by betweenness then degree, then id.
    pub centrality: Vec<ActorScore>,
    /// Clusters, largest first, each a list of actor ids.
    pub clusters: Vec<Vec<String>>,
    /// The modularity of the clusters on the actor network.
    pub modularity: f64,
    /// Actors linking their cluster to others, by betweenness.
    pub brokers: Vec<Broker>,
}

#[derive(Clone, Debug, Serialize)]
pub struct ActorScore {
    pub id: String,
    pub label: String,
    pub kind: String,
    /// Relations entering or leaving the actor.
    pub relations: usize,
    /// Distinct actors it is linked to.
    pub neighbours: usize,
    pub degree_centrality: f64,
    pub betweenness: f64,
    /// Index into [`Stats::clusters`].
    pub cluster: usize,
}

#[derive(Clone, Debug, Serialize)]
pub struct Broker {
    pub id: String,
    pub label: String,
    pub cluster: usize,
    /// The other clusters its neighbours belong to.
    pub links_to: Vec<usize>,
    pub betweenness: f64,
}

/// Computes the statistics of a graph.
pub fn stats(graph: &BriefGraph) -> Stats {
    let net = Network::new(graph);
    let n = net.len();
    let bc = net.betweenness();
    let clusters = net.communities();
    let mut cluster_of = vec![0; n];
    for (c, members) in clusters.iter().enumerate() {
        for &i in members {
            cluster_of[i] = c;
        }
    }
    let links = net.adj.iter().map(Vec::len).sum::<usize>() / 2;
    let modularity = modularity(&net, &cluster_of, links);

    let mut relation_counts = vec![0usize; n];
    let pos: BTreeMap<&str, usize> = net.ids.iter().enumerate().map(|(i, id)| (*id, i)).collect();
    let mut by_class = BTreeMap::new();
    let mut by_stance = BTreeMap::new();
    for r in graph.relations() {
        relation_counts[pos[r.source.as_str()]] += 1;
        if r.source != r.target {
            relation_counts[pos[r.target.as_str()]] += 1;
        }
        *by_class.entry(r.class.as_str().to_string()).or_insert(0) += 1;
        *by_stance
            .entry(r.class.stance().as_str().to_string())
            .or_insert(0) += 1;
    }
    let mut by_kind = BTreeMap::new();
    let mut centrality: Vec<ActorScore> = graph
        .actors()
        .enumerate()
        .map(|(i, a)| {
            *by_kind.entry(a.kind.clone()).or_insert(0) += 1;
            ActorScore {
                id: a.id.clone(),
                label: a.label.clone(),
                kind: a.kind.clone(),
                relations: relation_counts[i],
                neighbours: net.adj[i].len(),
                degree_centrality: if n > 1 {
                    net.adj[i].len() as f64 / (n - 1) as f64
                } else {
                    0.0
                },
                betweenness: bc[i],
                cluster: cluster_of[i],
            }
        })
        .collect();
    let mut brokers: Vec<Broker> = (0..n)
        .filter_map(|i| {
            let others: BTreeSet<usize> = net.adj[i]
                .iter()
                .map(|&j| cluster_of[j])
                .filter(|&c| c != cluster_of[i])
                .collect();
            (!others.is_empty()).then(|| Broker {
                id: net.ids[i].to_string(),
                label: centrality[i].label.clone(),
                cluster: cluster_of[i],
                links_to: others.into_iter().collect(),
                betweenness: bc[i],
            })
        })
        .collect();
    brokers.sort_by(|x, y| {
        y.betweenness
            .total_cmp(&x.betweenness)
            .then(y.links_to.len().cmp(&x.links_to.len()))
            .then(x.id.cmp(&y.id))
    });
    centrality.sort_by(|x, y| {
        y.betweenness
            .total_cmp(&x.betweenness)
            .then(y.neighbours.cmp(&x.neighbours))
            .then(x.id.cmp(&y.id))
    });
    Stats {
        name: graph.meta.name.clone(),
        actors: n,
        relations: graph.edge_count(),
        links,
        actors_by_kind: by_kind,
        relations_by_class: by_class,
        relations_by_stance: by_stance,
        centrality,
        clusters: clusters
            .iter()
            .map(|c| c.iter().map(|&i| net.ids[i].to_string()).collect())
            .collect(),
        modularity,
        brokers,
    }
}

/// Newman's modularity of a partition of the actor network.
fn modularity(net: &Network, cluster_of: &[usize], links: usize) -> f64 {
    if links == 0 {
        return 0.0;
    }
    let m = links as f64;
    let k = cluster_of.iter().max().map_or(0, |c| c + 1);
    let mut inside = vec![0.0; k];
    let mut degree = vec![0.0; k];
    for (i, nb) in net.adj.iter().enumerate() {
        degree[cluster_of[i]] += nb.len() as f64;
        for &j in nb {
            if cluster_of[j] == cluster_of[i] && i < j {
                inside[cluster_of[i]] += 1.0;
            }
        }
    }
    (0..k)
        .map(|c| inside[c] / m - (degree[c] / (2.0 * m)).powi(2))
        .sum()
}

impl Stats {
    /// The statistics as a plain-text report; `top` limits the ranked lists.
    pub fn table(&self, top: usize) -> String {
        let mut out = String::new();
        let _ = writeln!(
            out,
            "{}: {} actors, {} relations, {} linked pairs",
            self.name, self.actors, self.relations, self.links
        );
        let _ = writeln!(out, "\nActors by kind");
        for (k, n) in &self.actors_by_kind {
            let _ = writeln!(out, "  {k:<14} {n:>5}");
        }
        let _ = writeln!(out, "\nRelations by class");
        for (c, n) in &self.relations_by_class {
            let _ = writeln!(out, "  {c:<14} {n:>5}");
        }
        let stances: Vec<String> = self
            .relations_by_stance
            .iter()
            .map(|(s, n)| format!("{n} {s}"))
            .collect();
        let _ = writeln!(out, "  ({})", stances.join(", "));
        let width = self
            .centrality
            .iter()
            .take(top)
            .map(|a| a.label.chars().count())
            .max()
            .unwrap_or(5)
            .max(5);
        let _ = writeln!(
            out,
            "\nCentral actors (top {} of {}; betweenness normalised by (n-1)(n-2))",
            top.min(self.centrality.len()),
            self.centrality.len()
        );
        let _ = writeln!(
            out,
            "  {:<width$}  {:<12} {:>9} {:>10} {:>8} {:>11} {:>7}",
            "actor", "kind", "relations", "neighbours", "degree", "betweenness", "cluster"
        );
        for a in self.centrality.iter().take(top) {
            let _ = writeln!(
                out,
                "  {:<width$}  {:<12} {:>9} {:>10} {:>8.3} {:>11.4} {:>7}",
                a.label,
                a.kind,
                a.relations,
                a.neighbours,
                a.degree_centrality,
                a.betweenness,
                a.cluster + 1
            );
        }
        let _ = writeln!(
            out,
            "\nClusters (greedy modularity, Q = {:.3})",
            self.modularity
        );
        for (i, c) in self.clusters.iter().enumerate() {
            let _ = writeln!(out, "  {:>2}. {}", i + 1, c.join(", "));
        }
        let _ = writeln!(out, "\nBrokers between clusters");
        if self.brokers.is_empty() {
            let _ = writeln!(out, "  (none: the graph is one cluster)");
        }
        for b in self.brokers.iter().take(top) {
            let to: Vec<String> = b.links_to.iter().map(|c| (c + 1).to_string()).collect();
            let _ = writeln!(
                out,
                "  {:<width$}  cluster {:>2} -> {:<12} betweenness {:.4}",
                b.label,
                b.cluster + 1,
                to.join(", "),
                b.betweenness
            );
        }
        out
    }
}

/// The chains linking two actors: every shortest chain over the actor
/// network, each step with all the relations between its two actors.
#[derive(Clone, Debug, Serialize)]
pub struct Paths {
    pub from: String,
    pub to: String,
    /// Steps in each chain; `None` when no chain links them.
    pub length: Option<usize>,
    /// How many shortest chains exist (only `limit` are listed).
    pub total: usize,
    pub chains: Vec<Chain>,
}

#[derive(Clone, Debug, Serialize)]
pub struct Chain {
    /// Actor ids from `from` to `to`.
    pub actors: Vec<String>,
    pub steps: Vec<Step>,
}

#[derive(Clone, Debug, Serialize)]
pub struct Step {
    pub from: String,
    pub to: String,
    pub relations: Vec<StepRelation>,
}

#[derive(Clone, Debug, Serialize)]
pub struct StepRelation {
    pub id: String,
    pub source: String,
    pub target: String,
    pub predicate: String,
    pub class: String,
    pub polarity: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub context: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    /// Evidence: the source and the words that state the relation.
    pub evidence: Vec<Quote>,
}

#[derive(Clone, Debug, Serialize)]
pub struct Quote {
    pub source: String,
    pub text: String,
    /// Line of a curated file, where the evidence has one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<u32>,
    /// Sentence number in a brief, where the evidence has one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sentence_no: Option<u32>,
}

/// The words that support an evidence item: its quote, else its sentence.
pub fn evidence_text(e: &crate::model::Evidence) -> Option<&str> {
    e.quote.as_deref().or(e.sentence.as_deref())
}

/// The shortest chains from actor `from` to actor `to` (ids), at most `limit`.
pub fn paths(graph: &BriefGraph, from: &str, to: &str, limit: usize) -> Paths {
    let net = Network::new(graph);
    let pos: BTreeMap<&str, usize> = net.ids.iter().enumerate().map(|(i, id)| (*id, i)).collect();
    let (s, t) = (pos[from], pos[to]);
    // Distances from s, then walk back from t along decreasing distance.
    let mut dist = vec![usize::MAX; net.len()];
    dist[s] = 0;
    let mut queue = VecDeque::from([s]);
    while let Some(v) = queue.pop_front() {
        for &w in &net.adj[v] {
            if dist[w] == usize::MAX {
                dist[w] = dist[v] + 1;
                queue.push_back(w);
            }
        }
    }
    let mut result = Paths {
        from: from.to_string(),
        to: to.to_string(),
        length: (dist[t] != usize::MAX).then_some(dist[t]),
        total: 0,
        chains: Vec::new(),
    };
    if dist[t] == usize::MAX {
        return result;
    }
    // Count the shortest chains, then list the first `limit` in id order.
    let mut count = vec![0u128; net.len()];
    count[s] = 1;
    let mut order: Vec<usize> = (0..net.len()).filter(|&v| dist[v] != usize::MAX).collect();
    order.sort_by_key(|&v| dist[v]);
    for &v in &order {
        for &w in &net.adj[v] {
            if dist[w] == dist[v].wrapping_add(1) {
                count[w] = count[w].saturating_add(count[v]);
            }
        }
    }
    result.total = usize::try_from(count[t]).unwrap_or(usize::MAX);
    let mut chains: Vec<Vec<usize>> = Vec::new();
    let mut stack: Vec<Vec<usize>> = vec![vec![t]];
    while let Some(partial) = stack.pop() {
        let head = *partial.last().expect("chains are never empty");
        if head == s {
            let mut c = partial.clone();
            c.reverse();
            chains.push(c);
            continue;
        }
        for &p in net.adj[head].iter().rev() {
            if dist[p] != usize::MAX && dist[p] + 1 == dist[head] {
                let mut next = partial.clone();
                next.push(p);
                stack.push(next);
            }
        }
    }
    let names = |c: &Vec<usize>| c.iter().map(|&i| net.ids[i]).collect::<Vec<_>>();
    chains.sort_by(|x, y| names(x).cmp(&names(y)));
    chains.truncate(limit);
    result.chains = chains
        .into_iter()
        .map(|c| Chain {
            actors: c.iter().map(|&i| net.ids[i].to_string()).collect(),
            steps: c
                .windows(2)
                .map(|w| step(graph, net.ids[w[0]], net.ids[w[1]]))
                .collect(),
        })
        .collect();
    result
}

fn step(graph: &BriefGraph, a: &str, b: &str) -> Step {
    let relations = graph
        .relations_of(a)
        .filter(|r| (r.source == a && r.target == b) || (r.source == b && r.target == a))
        .map(step_relation)
        .collect();
    Step {
        from: a.to_string(),
        to: b.to_string(),
        relations,
    }
}

fn step_relation(r: &Relation) -> StepRelation {
    StepRelation {
        id: r.id.clone(),
        source: r.source.clone(),
        target: r.target.clone(),
        predicate: r.predicate.clone(),
        class: r.class.as_str().to_string(),
        polarity: r.polarity.as_str().to_string(),
        context: r.context.clone(),
        date: r.date.clone(),
        evidence: r
            .evidence
            .iter()
            .filter_map(|e| {
                evidence_text(e).map(|t| Quote {
                    source: e.source.clone(),
                    text: t.to_string(),
                    line: e.line,
                    sentence_no: e.sentence_no,
                })
            })
            .collect(),
    }
}

impl Paths {
    /// The chains as readable text, evidence quoted under each relation.
    pub fn table(&self, graph: &BriefGraph) -> String {
        let label = |id: &str| graph.actor(id).map_or(id.to_string(), |a| a.label.clone());
        let mut out = String::new();
        let Some(length) = self.length else {
            let _ = writeln!(
                out,
                "No chain of relations links {} and {}.",
                label(&self.from),
                label(&self.to)
            );
            return out;
        };
        let steps = if length == 1 { "step" } else { "steps" };
        let _ = writeln!(
            out,
            "{} shortest chain{} of {length} {steps} from {} to {}{}",
            self.total,
            if self.total == 1 { "" } else { "s" },
            label(&self.from),
            label(&self.to),
            if self.total > self.chains.len() {
                format!(" (showing {})", self.chains.len())
            } else {
                String::new()
            }
        );
        for (i, c) in self.chains.iter().enumerate() {
            let names: Vec<String> = c.actors.iter().map(|a| label(a)).collect();
            let _ = writeln!(out, "\n{}. {}", i + 1, names.join(" — "));
            for s in &c.steps {
                let _ = writeln!(out, "   {} — {}", label(&s.from), label(&s.to));
                for r in &s.relations {
                    let not = if r.polarity == "negated" { "not " } else { "" };
                    let hedge = if r.polarity == "hedged" {
                        " (hedged)"
                    } else {
                        ""
                    };
                    let ctx = r
                        .context
                        .as_ref()
                        .map_or(String::new(), |c| format!(" [{c}]"));
                    let date = r.date.as_ref().map_or(String::new(), |d| format!(", {d}"));
                    let _ = writeln!(
                        out,
                        "     {} {not}{} {}{ctx}  ({}{date}){hedge}",
                        label(&r.source),
                        r.predicate,
                        label(&r.target),
                        r.class
                    );
                    for q in &r.evidence {
                        let place = match (q.line, q.sentence_no) {
                            (_, Some(n)) => format!(", sentence {n}"),
                            (Some(n), None) => format!(", line {n}"),
                            (None, None) => String::new(),
                        };
                        let _ = writeln!(out, "        “{}” — {}{place}", q.text, q.source);
                    }
                }
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::GraphBuilder;
    use crate::model::{Actor, Evidence, Origin, Polarity, RelationClass};

    /// Two triangles joined through a bridge actor `m`.
    fn barbell() -> BriefGraph {
        let mut b = GraphBuilder::new("t");
        for id in ["a", "b", "c", "m", "x", "y", "z"] {
            b.add_actor(Actor::new(id, id.to_uppercase(), "state"));
        }
        for (s, t, p) in [
            ("a", "b", "p"),
            ("b", "c", "p"),
            ("c", "a", "p"),
            ("a", "b", "q"),
            ("c", "m", "p"),
            ("m", "x", "p"),
            ("x", "y", "p"),
            ("y", "z", "p"),
            ("z", "x", "p"),
        ] {
            let mut e = Evidence::new("src");
            e.quote = Some(format!("{s} {p} {t}"));
            b.add_relation(Relation {
                id: String::new(),
                source: s.into(),
                target: t.into(),
                predicate: p.into(),
                class: RelationClass::SUPPORT,
                polarity: Polarity::Asserted,
                context: None,
                date: None,
                origin: Origin::Curated,
                confidence: None,
                note: None,
                evidence: vec![e],
                extra: Default::default(),
            });
        }
        b.finish()
    }

    #[test]
    fn bridge_has_the_highest_betweenness_and_brokers() {
        let s = stats(&barbell());
        assert_eq!(s.actors, 7);
        assert_eq!(s.relations, 9);
        assert_eq!(s.links, 8);
        assert_eq!(s.centrality[0].id, "m");
        // m lies on every shortest path between {a,b,c} and {x,y,z}: 9 pairs,
        // counted both ways, over (n-1)(n-2) = 30.
        assert!((s.centrality[0].betweenness - 18.0 / 30.0).abs() < 1e-12);
        assert_eq!(s.clusters.len(), 2);
        assert!(s.brokers.iter().any(|b| b.id == "c" || b.id == "m"));
        assert!(s.modularity > 0.3);
    }

    #[test]
    fn paths_list_every_relation_of_each_step() {
        let g = barbell();
        let p = paths(&g, "a", "y", 10);
        assert_eq!(p.length, Some(4));
        assert_eq!(p.total, 1);
        assert_eq!(p.chains[0].actors, ["a", "c", "m", "x", "y"]);
        let p = paths(&g, "a", "b", 10);
        assert_eq!(p.chains[0].steps[0].relations.len(), 2);
        assert_eq!(p.chains[0].steps[0].relations[0].evidence[0].text, "a p b");
    }
}

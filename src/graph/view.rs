//! Views: filtered copies of a graph, shared by every export and render.
//!
//! A [`View`] never changes the graph it is applied to; [`View::apply`]
//! returns a new [`BriefGraph`]. The filters run in a fixed order:
//!
//! 1. relation filters: `class`, `polarity`, `since`/`until`, `source`,
//!    `min_support` (a relation must pass all of them);
//! 2. actor filter: `kind` (a relation needs both ends kept);
//! 3. `focus`: the actors within `depth` steps of the focus actor, following
//!    relations in either direction, and every relation among them (the ego
//!    network, as NetworkX's `ego_graph(G.to_undirected(), n, radius)`);
//! 4. when a relation filter is set, actors left without any relation are
//!    dropped (the focus actor stays).
//!
//! Dates: a relation's date is a point (`2025`, `2025-10`, `2025-10-17`) or
//! an interval (`1980/1989`, `../2021-09`); it is kept when it overlaps the
//! window `since..=until`, both ends taken at their widest (`--since 2025`
//! starts on 1 January 2025, `--until 2025-10` ends on 31 October).
//! Undated relations are dropped as soon as `since` or `until` is given.

use super::{BriefGraph, GraphBuilder};
use crate::error::{closest, Error, Result};
use crate::model::{is_iso_date, Actor, Polarity, RelationClass, Stance, ACTOR_KINDS};
use std::collections::{BTreeSet, HashSet, VecDeque};

/// A filter over a graph. The default view keeps everything.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct View {
    /// An actor id, name or alias; keeps its ego network.
    pub focus: Option<String>,
    /// Steps from the focus actor (1 when `None`).
    pub depth: Option<usize>,
    /// Relation classes or stances (`ASSAULT`, `conflictual`).
    pub classes: Vec<String>,
    /// Actor kinds (`state`, `military`…).
    pub kinds: Vec<String>,
    /// Polarities (`asserted`, `negated`, `hedged`).
    pub polarities: Vec<String>,
    /// ISO date: keep relations dated on or after it.
    pub since: Option<String>,
    /// ISO date: keep relations dated on or before it.
    pub until: Option<String>,
    /// Source ids: keep the relations these sources state, with only their evidence.
    pub sources: Vec<String>,
    /// Keep relations stated by at least this many sources.
    pub min_support: Option<usize>,
}

impl View {
    /// Whether the view keeps the whole graph.
    pub fn is_empty(&self) -> bool {
        *self == View::default()
    }

    fn filters_relations(&self) -> bool {
        !self.classes.is_empty()
            || !self.polarities.is_empty()
            || self.since.is_some()
            || self.until.is_some()
            || !self.sources.is_empty()
            || self.min_support.is_some()
    }

    /// A short description (`focus cmcc, depth 1; class conflictual`), or
    /// `None` for the whole graph.
    pub fn describe(&self, graph: &BriefGraph) -> Option<String> {
        let mut parts = Vec::new();
        if let Some(f) = &self.focus {
            let name = resolve_actor(graph, f).map_or(f.as_str(), |a| a.label.as_str());
            let depth = self.depth.unwrap_or(1);
            let steps = if depth == 1 { "step" } else { "steps" };
            parts.push(format!("around {name}, {depth} {steps}"));
        }
        let list = |name: &str, v: &[String]| format!("{name} {}", v.join(", "));
        if !self.classes.is_empty() {
            parts.push(list("class", &self.classes));
        }
        if !self.kinds.is_empty() {
            parts.push(list("kind", &self.kinds));
        }
        if !self.polarities.is_empty() {
            parts.push(list("polarity", &self.polarities));
        }
        match (&self.since, &self.until) {
            (Some(a), Some(b)) => parts.push(format!("dated {a} to {b}")),
            (Some(a), None) => parts.push(format!("dated from {a}")),
            (None, Some(b)) => parts.push(format!("dated until {b}")),
            (None, None) => {}
        }
        if !self.sources.is_empty() {
            parts.push(list("source", &self.sources));
        }
        if let Some(n) = self.min_support {
            parts.push(format!("support ≥ {n}"));
        }
        (!parts.is_empty()).then(|| parts.join("; "))
    }

    /// The part of `graph` this view keeps, as a new graph. Bad filter
    /// values (unknown class, kind, actor or source; a date that is not
    /// ISO 8601) are errors that name the known values.
    pub fn apply(&self, graph: &BriefGraph) -> Result<BriefGraph> {
        if self.is_empty() {
            return Ok(graph.clone());
        }
        let classes = parse_classes(&self.classes)?;
        let kinds = parse_kinds(graph, &self.kinds)?;
        let polarities = self
            .polarities
            .iter()
            .map(|p| p.parse::<Polarity>().map_err(Error::usage))
            .collect::<Result<HashSet<Polarity>>>()?;
        let window = DateWindow::new(self.since.as_deref(), self.until.as_deref())?;
        let sources = parse_sources(graph, &self.sources)?;
        if self.depth.is_some() && self.focus.is_none() {
            return Err(Error::usage_hint(
                "--depth needs --focus",
                "name the actor to centre the view on, e.g. --focus cmcc --depth 2",
            ));
        }
        let focus = match &self.focus {
            Some(name) => Some(
                resolve_actor(graph, name)
                    .ok_or_else(|| unknown_actor(graph, name))?
                    .id
                    .clone(),
            ),
            None => None,
        };

        // 1. Relations, with their evidence narrowed to the chosen sources.
        let mut relations = Vec::new();
        for r in graph.relations() {
            if !classes.is_empty() && !classes.contains(&r.class) {
                continue;
            }
            if !polarities.is_empty() && !polarities.contains(&r.polarity) {
                continue;
            }
            if let Some(w) = &window {
                if !r.date.as_deref().is_some_and(|d| w.overlaps(d)) {
                    continue;
                }
            }
            let mut r = r.clone();
            if !sources.is_empty() {
                r.evidence.retain(|e| sources.contains(e.source.as_str()));
                if r.evidence.is_empty() {
                    continue;
                }
            }
            if self.min_support.is_some_and(|n| r.support() < n) {
                continue;
            }
            relations.push(r);
        }

        // 2. Actors by kind.
        let mut actors: Vec<&Actor> = graph
            .actors()
            .filter(|a| kinds.is_empty() || kinds.contains(a.kind.as_str()))
            .collect();
        let kept: HashSet<&str> = actors.iter().map(|a| a.id.as_str()).collect();
        relations.retain(|r| kept.contains(r.source.as_str()) && kept.contains(r.target.as_str()));

        // 3. The ego network of the focus actor.
        if let Some(focus) = &focus {
            if !kept.contains(focus.as_str()) {
                return Err(Error::usage(format!(
                    "the focus actor `{focus}` is not of the kinds kept by --kind"
                )));
            }
            let depth = self.depth.unwrap_or(1);
            let near = within(focus, depth, &relations);
            actors.retain(|a| near.contains(&a.id));
            relations.retain(|r| near.contains(&r.source) && near.contains(&r.target));
        }

        // 4. Actors left alone by the relation filters.
        if self.filters_relations() {
            let linked: HashSet<&str> = relations
                .iter()
                .flat_map(|r| [r.source.as_str(), r.target.as_str()])
                .collect();
            actors.retain(|a| linked.contains(a.id.as_str()) || Some(&a.id) == focus.as_ref());
        }

        let mut b = GraphBuilder::new(graph.meta.name.clone());
        b.meta = graph.meta.clone();
        let used: BTreeSet<&str> = relations
            .iter()
            .flat_map(|r| r.evidence.iter().map(|e| e.source.as_str()))
            .collect();
        b.meta.sources.retain(|s| used.contains(s.id.as_str()));
        let edge_ids: HashSet<&str> = relations.iter().map(|r| r.id.as_str()).collect();
        b.meta
            .conflicts
            .retain(|c| c.sides.iter().all(|s| edge_ids.contains(s.edge.as_str())));
        if let Some(d) = self.describe(graph) {
            b.meta.extra.insert("view".into(), d.into());
        }
        for a in actors {
            b.add_actor(a.clone());
        }
        for r in relations {
            b.add_relation(r);
        }
        Ok(b.finish())
    }
}

/// The actors within `depth` undirected steps of `start` over `relations`.
fn within(start: &str, depth: usize, relations: &[crate::model::Relation]) -> HashSet<String> {
    let mut adj: std::collections::HashMap<&str, Vec<&str>> = std::collections::HashMap::new();
    for r in relations {
        adj.entry(&r.source).or_default().push(&r.target);
        adj.entry(&r.target).or_default().push(&r.source);
    }
    let mut seen = HashSet::from([start]);
    let mut queue = VecDeque::from([(start, 0)]);
    while let Some((n, d)) = queue.pop_front() {
        if d == depth {
            continue;
        }
        for &m in adj.get(n).into_iter().flatten() {
            if seen.insert(m) {
                queue.push_back((m, d + 1));
            }
        }
    }
    seen.into_iter().map(str::to_string).collect()
}

/// Finds an actor by id, then by display name, then by alias, ignoring case.
pub fn resolve_actor<'g>(graph: &'g BriefGraph, name: &str) -> Option<&'g Actor> {
    if let Some(a) = graph.actor(name) {
        return Some(a);
    }
    let folded = name.trim().to_lowercase();
    graph
        .actors()
        .find(|a| a.id.to_lowercase() == folded)
        .or_else(|| graph.actors().find(|a| a.label.to_lowercase() == folded))
        .or_else(|| {
            graph
                .actors()
                .find(|a| a.aliases.iter().any(|s| s.to_lowercase() == folded))
        })
}

/// The error for an actor name the graph does not know, with a suggestion.
pub fn unknown_actor(graph: &BriefGraph, name: &str) -> Error {
    let names = graph.actors().flat_map(|a| {
        std::iter::once(a.id.as_str())
            .chain(std::iter::once(a.label.as_str()))
            .chain(a.aliases.iter().map(String::as_str))
    });
    let hint = match closest(name, names) {
        Some(c) => format!("did you mean `{c}`?"),
        None => "name an actor by its id, name or alias (see `briefgraph stats GRAPH`)".into(),
    };
    Error::usage_hint(format!("no actor `{name}` in the graph"), hint)
}

fn parse_classes(values: &[String]) -> Result<HashSet<RelationClass>> {
    let mut out = HashSet::new();
    for v in values {
        let stance = [Stance::Cooperative, Stance::Conflictual, Stance::Structural]
            .into_iter()
            .find(|s| s.as_str().eq_ignore_ascii_case(v.trim()));
        if let Some(stance) = stance {
            out.extend(
                RelationClass::ALL
                    .iter()
                    .filter(|c| c.stance() == stance)
                    .copied(),
            );
            continue;
        }
        match v.parse::<RelationClass>() {
            Ok(c) => {
                out.insert(c);
            }
            Err(msg) => {
                let names = RelationClass::ALL.iter().map(|c| c.as_str()).chain([
                    "cooperative",
                    "conflictual",
                    "structural",
                ]);
                let hint = match closest(&v.to_ascii_uppercase(), names.clone()) {
                    Some(c) => format!("did you mean `{c}`?"),
                    None => format!(
                        "a class or a stance: {}",
                        names.collect::<Vec<_>>().join(", ")
                    ),
                };
                return Err(Error::usage_hint(msg, hint));
            }
        }
    }
    Ok(out)
}

fn parse_kinds<'a>(graph: &BriefGraph, values: &'a [String]) -> Result<HashSet<&'a str>> {
    let known: BTreeSet<&str> = ACTOR_KINDS
        .iter()
        .copied()
        .chain(graph.actors().map(|a| a.kind.as_str()))
        .collect();
    let mut out = HashSet::new();
    for v in values {
        if !known.contains(v.as_str()) {
            let hint = match closest(v, known.iter().copied()) {
                Some(c) => format!("did you mean `{c}`?"),
                None => format!(
                    "known kinds: {}",
                    known.iter().copied().collect::<Vec<_>>().join(", ")
                ),
            };
            return Err(Error::usage_hint(format!("unknown actor kind `{v}`"), hint));
        }
        out.insert(v.as_str());
    }
    Ok(out)
}

fn parse_sources<'a>(graph: &BriefGraph, values: &'a [String]) -> Result<HashSet<&'a str>> {
    let mut out = HashSet::new();
    for v in values {
        if !graph.meta.sources.iter().any(|s| &s.id == v) {
            let ids = graph.meta.sources.iter().map(|s| s.id.as_str());
            let hint = match closest(v, ids.clone()) {
                Some(c) => format!("did you mean `{c}`?"),
                None => format!(
                    "sources of this graph: {}",
                    ids.collect::<Vec<_>>().join(", ")
                ),
            };
            return Err(Error::usage_hint(
                format!("no source `{v}` in the graph"),
                hint,
            ));
        }
        out.insert(v.as_str());
    }
    Ok(out)
}

/// A closed window of calendar days, as `YYYY-MM-DD` strings (which sort
/// as the days they name).
#[derive(Clone, Debug, PartialEq)]
struct DateWindow {
    from: String,
    to: String,
}

impl DateWindow {
    fn new(since: Option<&str>, until: Option<&str>) -> Result<Option<DateWindow>> {
        if since.is_none() && until.is_none() {
            return Ok(None);
        }
        let point = |flag: &str, s: &str| -> Result<(String, String)> {
            if s.contains('/') || !is_iso_date(s) {
                return Err(Error::usage_hint(
                    format!("{flag} `{s}` is not an ISO 8601 date"),
                    "write a year, a month or a day: 2025, 2025-10, 2025-10-17",
                ));
            }
            Ok((first_day(s), last_day(s)))
        };
        let from = match since {
            Some(s) => point("--since", s)?.0,
            None => "0000-01-01".into(),
        };
        let to = match until {
            Some(s) => point("--until", s)?.1,
            None => "9999-12-31".into(),
        };
        if from > to {
            return Err(Error::usage(format!(
                "--since {} is after --until {}",
                since.unwrap_or_default(),
                until.unwrap_or_default()
            )));
        }
        Ok(Some(DateWindow { from, to }))
    }

    /// Whether the date or interval `date` shares a day with the window.
    fn overlaps(&self, date: &str) -> bool {
        match date_range(date) {
            Some((a, b)) => a <= self.to && b >= self.from,
            None => false,
        }
    }
}

/// The first and last day a date or interval covers, open ends taken as
/// far as they go; `None` when `date` is not ISO 8601.
pub fn date_range(date: &str) -> Option<(String, String)> {
    if !is_iso_date(date) {
        return None;
    }
    let open = |p: &str| p.is_empty() || p == "..";
    Some(match date.split_once('/') {
        Some((a, b)) => (
            if open(a) {
                "0000-01-01".into()
            } else {
                first_day(a)
            },
            if open(b) {
                "9999-12-31".into()
            } else {
                last_day(b)
            },
        ),
        None => (first_day(date), last_day(date)),
    })
}

/// The first day of an ISO date point at any precision.
pub fn first_day(point: &str) -> String {
    match point.len() {
        4 => format!("{point}-01-01"),
        7 => format!("{point}-01"),
        _ => point.to_string(),
    }
}

/// The last day of an ISO date point at any precision.
pub fn last_day(point: &str) -> String {
    match point.len() {
        4 => format!("{point}-12-31"),
        7 => {
            let year: u32 = point[..4].parse().unwrap_or(1);
            let month: u32 = point[5..].parse().unwrap_or(1);
            let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
            let days = match month {
                2 if leap => 29,
                2 => 28,
                4 | 6 | 9 | 11 => 30,
                _ => 31,
            };
            format!("{point}-{days:02}")
        }
        _ => point.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Evidence, Origin, Relation};

    fn graph() -> BriefGraph {
        let mut b = GraphBuilder::new("t");
        for (id, label, kind) in [
            ("us", "United States", "state"),
            ("cmcc", "CMCC", "military"),
            ("israel", "Israel", "state"),
            ("gaza", "Gaza Strip", "place"),
            ("far", "Far Away", "state"),
        ] {
            let mut a = Actor::new(id, label, kind);
            if id == "us" {
                a.aliases.push("Washington".into());
            }
            b.add_actor(a);
        }
        let mut rel =
            |s: &str, t: &str, p: &str, c: RelationClass, date: Option<&str>, src: &[&str]| {
                b.add_relation(Relation {
                    id: String::new(),
                    source: s.into(),
                    target: t.into(),
                    predicate: p.into(),
                    class: c,
                    polarity: Polarity::Asserted,
                    context: None,
                    date: date.map(Into::into),
                    origin: Origin::Curated,
                    confidence: None,
                    note: None,
                    evidence: src.iter().map(|s| Evidence::new(*s)).collect(),
                    extra: Default::default(),
                });
            };
        rel(
            "us",
            "cmcc",
            "operates",
            RelationClass::OPERATE,
            Some("2025-10"),
            &["a", "b"],
        );
        rel(
            "israel",
            "cmcc",
            "objects to",
            RelationClass::REJECT,
            None,
            &["a"],
        );
        rel(
            "israel",
            "gaza",
            "attacks",
            RelationClass::ASSAULT,
            Some("2014"),
            &["b"],
        );
        rel(
            "gaza",
            "far",
            "hosts",
            RelationClass::OPERATE,
            Some("1980/1989"),
            &["a"],
        );
        let mut g = b;
        g.add_source(crate::model::Source::new("a", "A"));
        g.add_source(crate::model::Source::new("b", "B"));
        g.finish()
    }

    fn ids(g: &BriefGraph) -> Vec<&str> {
        g.actors().map(|a| a.id.as_str()).collect()
    }

    #[test]
    fn focus_keeps_the_ego_network_by_id_name_or_alias() {
        let g = graph();
        for name in ["cmcc", "CMCC", "Washington", "united states"] {
            let v = View {
                focus: Some(name.into()),
                ..View::default()
            };
            let out = v.apply(&g).unwrap();
            assert!(ids(&out).contains(&"cmcc"), "{name}");
        }
        let v = View {
            focus: Some("cmcc".into()),
            ..View::default()
        };
        assert_eq!(ids(&v.apply(&g).unwrap()), ["cmcc", "israel", "us"]);
        let v = View {
            focus: Some("cmcc".into()),
            depth: Some(2),
            ..View::default()
        };
        let out = v.apply(&g).unwrap();
        assert_eq!(ids(&out), ["cmcc", "gaza", "israel", "us"]);
        assert_eq!(out.edge_count(), 3);
        assert_eq!(g.edge_count(), 4, "the original graph is unchanged");
    }

    #[test]
    fn unknown_focus_suggests_a_name() {
        let v = View {
            focus: Some("CMCCC".into()),
            ..View::default()
        };
        let e = v.apply(&graph()).unwrap_err().to_string();
        assert!(
            e.contains("no actor `CMCCC`") && e.contains("did you mean `CMCC`?"),
            "{e}"
        );
    }

    #[test]
    fn class_stance_kind_support_and_source_filters() {
        let g = graph();
        let conflictual = View {
            classes: vec!["conflictual".into()],
            ..View::default()
        };
        let out = conflictual.apply(&g).unwrap();
        assert_eq!(out.edge_count(), 2);
        assert_eq!(ids(&out), ["cmcc", "gaza", "israel"]);
        let states = View {
            kinds: vec!["state".into(), "military".into()],
            ..View::default()
        };
        assert_eq!(states.apply(&g).unwrap().edge_count(), 2);
        let supported = View {
            min_support: Some(2),
            ..View::default()
        };
        assert_eq!(supported.apply(&g).unwrap().edge_count(), 1);
        let only_b = View {
            sources: vec!["b".into()],
            ..View::default()
        };
        let out = only_b.apply(&g).unwrap();
        assert_eq!(out.edge_count(), 2);
        assert!(out.relations().all(|r| r.sources() == ["b"]));
        assert_eq!(out.meta.sources.len(), 1);
        for bad in [
            View {
                classes: vec!["ASSALT".into()],
                ..View::default()
            },
            View {
                kinds: vec!["stat".into()],
                ..View::default()
            },
            View {
                sources: vec!["c".into()],
                ..View::default()
            },
        ] {
            assert!(bad.apply(&g).is_err());
        }
    }

    #[test]
    fn dates_overlap_the_window() {
        let g = graph();
        let count = |since: Option<&str>, until: Option<&str>| {
            View {
                since: since.map(Into::into),
                until: until.map(Into::into),
                ..View::default()
            }
            .apply(&g)
            .unwrap()
            .edge_count()
        };
        assert_eq!(count(Some("2025"), None), 1);
        assert_eq!(count(Some("2025-11"), None), 0);
        assert_eq!(count(None, Some("2014-01-01")), 2);
        assert_eq!(count(Some("1985-06"), Some("1985-06")), 1);
        assert_eq!(
            count(Some("1900"), Some("2100")),
            3,
            "undated relations drop out"
        );
        let bad = View {
            since: Some("last year".into()),
            ..View::default()
        };
        assert!(bad.apply(&g).is_err());
        assert_eq!(last_day("2024-02"), "2024-02-29");
        assert_eq!(last_day("1900-02"), "1900-02-28");
    }
}

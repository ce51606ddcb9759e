//! The review loop from extracted to curated relations.
//!
//! - [`proposals`]: the relations extracted from briefs as curated-triple
//!   lines (`extract BRIEF… -o proposals.triples`), grouped by sentence,
//!   each sentence quoted in a comment first, each line carrying its source,
//!   confidence and evidence (`quote`, `sentence_no`, `chars`, `page`), so an
//!   accepted line moved into `graph-data/curated/` keeps its evidence;
//! - [`actor_stubs`]: registry entries for the actors the registry lacks
//!   (`extract --discover -o new-actors.toml`), in the registry's format.
//!
//! Every proposed line is parsed back with the curated-triples parser
//! before it is written: a line that would not parse to the same relation
//! (a predicate the vocabulary lacks) is written as a comment saying why.

use crate::extract::Extraction;
use crate::model::{is_iso_date, Polarity, Relation};
use crate::registry::Registry;
use crate::sources::curated;
use crate::vocabulary::Vocabulary;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write;
use std::path::Path;

/// How sure the rules are of a relation, for sorting proposals: 0.9 for
/// a plain statement between registry actors, less when it is hedged
/// (0.3 less) or denied (0.1 less), when an actor is a candidate the
/// registry lacks (0.2 less each) or when the text attributes it to
/// someone (0.1 less).
pub fn confidence(r: &Relation, candidates: &BTreeSet<&str>) -> f64 {
    let mut c: f64 = 0.9;
    c -= match r.polarity {
        Polarity::Asserted => 0.0,
        Polarity::Hedged => 0.3,
        Polarity::Negated => 0.1,
    };
    for id in [&r.source, &r.target] {
        if candidates.contains(id.as_str()) {
            c -= 0.2;
        }
    }
    if r.evidence.iter().any(|e| e.attributed_to.is_some()) {
        c -= 0.1;
    }
    (c.max(0.1) * 100.0).round() / 100.0
}

/// A value that fits in a ` | key: value` attribute (no `|`, one line).
fn attr_value(s: &str) -> String {
    crate::extract::collapse(&s.replace('|', "/"))
}

/// The registry extended with stubs for the candidates, so lines naming
/// them can be checked.
fn registry_with(registry: &Registry, stubs: &str) -> Registry {
    let mut r = registry.clone();
    // The stubs were made not to clash with the registry.
    let _ = r.add_toml(Path::new("new-actors.toml"), stubs);
    r
}

/// The extractions' relations as curated-triple lines for review.
pub fn proposals(parts: &[Extraction], registry: &Registry, vocab: &Vocabulary) -> String {
    let stubs = actor_stubs(parts, registry);
    let check_registry = registry_with(registry, &stubs);
    let mut out = String::from(
        "# Relations proposed by `briefgraph extract`, one per line, grouped by the sentence\n\
         # that states them. Keep the lines you accept (edit them as needed), delete the\n\
         # others, and move the file into graph-data/curated/. Lines naming an actor the\n\
         # registry lacks need its entry first: `briefgraph extract --discover -o new-actors.toml`.\n",
    );
    for part in parts {
        let candidates: BTreeSet<&str> = part
            .actors
            .iter()
            .filter(|a| a.candidate)
            .map(|a| a.id.as_str())
            .collect();
        let src = &part.source;
        let mut directive = format!("@source {} | title: {}", src.id, attr_value(&src.title));
        if let Some(serde_json::Value::String(d)) = src.extra.get("date") {
            if is_iso_date(d) {
                let _ = write!(directive, " | date: {d}");
            }
        }
        let _ = write!(out, "\n{directive}\n");
        // Sentence by sentence, in the order of the text.
        let mut by_sentence: BTreeMap<u32, Vec<&Relation>> = BTreeMap::new();
        for r in &part.relations {
            let no = r.evidence.first().and_then(|e| e.sentence_no).unwrap_or(0);
            by_sentence.entry(no).or_default().push(r);
        }
        for rels in by_sentence.values() {
            let e = &rels[0].evidence[0];
            let mut place = format!("sentence {}", e.sentence_no.unwrap_or(0));
            if let Some(p) = e.page {
                let _ = write!(place, ", page {p}");
            }
            let _ = write!(
                out,
                "\n# {place}: {}\n",
                e.sentence
                    .as_deref()
                    .map(crate::extract::collapse)
                    .unwrap_or_default()
            );
            for r in rels {
                out.push_str(&line(r, &candidates, &directive, &check_registry, vocab));
                out.push('\n');
            }
        }
    }
    out
}

/// One relation as a checked curated-triple line.
fn line(
    r: &Relation,
    candidates: &BTreeSet<&str>,
    directive: &str,
    registry: &Registry,
    vocab: &Vocabulary,
) -> String {
    let e = &r.evidence[0];
    let mut attrs = format!(
        " | source: {} | confidence: {}",
        e.source,
        confidence(r, candidates)
    );
    if let Some(d) = r.date.as_deref().filter(|d| is_iso_date(d)) {
        let _ = write!(attrs, " | date: {d}");
    }
    if r.polarity != Polarity::Asserted {
        let _ = write!(attrs, " | polarity: {}", r.polarity.as_str());
    }
    if let Some(q) = &e.quote {
        let _ = write!(attrs, " | quote: {}", attr_value(q));
    }
    if let Some(n) = e.sentence_no {
        let _ = write!(attrs, " | sentence_no: {n}");
    }
    if let (Some(a), Some(b)) = (e.start, e.end) {
        let _ = write!(attrs, " | chars: {a}-{b}");
    }
    if let Some(p) = e.page {
        let _ = write!(attrs, " | page: {p}");
    }
    let name = |id: &str| {
        registry
            .get(id)
            .map_or_else(|| id.to_string(), |a| a.name.clone())
    };
    let context = r
        .context
        .as_deref()
        .map(|c| format!(" in {}", attr_value(c)))
        .unwrap_or_default();
    // The extracted predicate, else one of the vocabulary's of the same
    // class (`supplies to`, defined by the rules, is `supplies` there).
    let mut predicates = vec![r.predicate.clone()];
    if let Some((head, _)) = r.predicate.rsplit_once(' ') {
        predicates.push(head.to_string());
    }
    predicates.extend(
        vocab
            .predicates()
            .iter()
            .filter(|p| p.class == r.class)
            .map(|p| p.name.clone()),
    );
    // Names read best; ids parse where a name would be ambiguous.
    let attempts = predicates.iter().flat_map(|p| {
        [
            format!("{} {p} {}{context}", name(&r.source), name(&r.target)),
            format!("{} {p} {}{context}", r.source, r.target),
        ]
    });
    let mut why = String::new();
    for head in attempts.take(12) {
        let text = format!("{directive}\n{head}{attrs}\n");
        match curated::parse(Path::new("proposals.triples"), &text, registry, vocab) {
            Ok(c) => {
                let got = &c.relations[0];
                if (
                    got.source.as_str(),
                    got.class,
                    got.target.as_str(),
                    got.polarity,
                ) == (r.source.as_str(), r.class, r.target.as_str(), r.polarity)
                {
                    return format!("{head}{attrs}");
                }
                why = format!("it reads as {} {} {}", got.source, got.class, got.target);
            }
            Err(err) => {
                why = err
                    .to_string()
                    .lines()
                    .next()
                    .unwrap_or_default()
                    .split(": ")
                    .skip(1)
                    .collect::<Vec<_>>()
                    .join(": ");
            }
        }
    }
    format!(
        "# cannot be written as a curated triple ({why}): {} {} {} ({}){attrs}",
        r.source,
        r.predicate,
        r.target,
        r.class.as_str()
    )
}

/// A TOML string.
fn toml_str(s: &str) -> String {
    toml::Value::String(s.to_string()).to_string()
}

/// Registry entries for the candidate actors of the extractions (and the
/// unknown names discovery found), in the registry's TOML format; names
/// and aliases the registry already knows are left out, so the file loads
/// beside it with `--registry`.
pub fn actor_stubs(parts: &[Extraction], registry: &Registry) -> String {
    struct Stub {
        id: String,
        name: String,
        kind: String,
        aliases: Vec<String>,
        seen: Option<(String, u32, String)>,
    }
    let mut stubs: Vec<Stub> = Vec::new();
    let mut names: BTreeSet<String> = BTreeSet::new();
    let mut ids: BTreeSet<String> = BTreeSet::new();
    let free = |n: &str, names: &BTreeSet<String>| {
        !n.trim().is_empty() && registry.resolve(n).is_none() && !names.contains(n)
    };
    for part in parts {
        for a in part.actors.iter().filter(|a| a.candidate) {
            if !free(&a.label, &names) || registry.get(&a.id).is_some() || ids.contains(&a.id) {
                continue;
            }
            names.insert(a.label.clone());
            ids.insert(a.id.clone());
            let mut aliases = Vec::new();
            for al in &a.aliases {
                if free(al, &names) {
                    names.insert(al.clone());
                    aliases.push(al.clone());
                }
            }
            let seen = part
                .relations
                .iter()
                .filter(|r| r.source == a.id || r.target == a.id)
                .filter_map(|r| r.evidence.first())
                .filter_map(|e| Some((e.source.clone(), e.sentence_no?, e.sentence.clone()?)))
                .min_by_key(|s| s.1)
                .or_else(|| {
                    part.findings
                        .iter()
                        .find(|f| f.kind == "name" && f.text == a.label)
                        .map(|f| (f.source.clone(), f.sentence_no, f.example.clone()))
                });
            let kind = if crate::model::ACTOR_KINDS.contains(&a.kind.as_str()) {
                a.kind.clone()
            } else {
                "organization".into()
            };
            stubs.push(Stub {
                id: a.id.clone(),
                name: a.label.clone(),
                kind,
                aliases,
                seen,
            });
        }
        for f in part.findings.iter().filter(|f| f.kind == "name") {
            let id = crate::extract::slug(&f.text);
            if !free(&f.text, &names) || registry.get(&id).is_some() || ids.contains(&id) {
                continue;
            }
            names.insert(f.text.clone());
            ids.insert(id.clone());
            stubs.push(Stub {
                id,
                name: f.text.clone(),
                // Discovery does not tell the kind: a curator checks it.
                kind: "organization".into(),
                aliases: Vec::new(),
                seen: Some((f.source.clone(), f.sentence_no, f.example.clone())),
            });
        }
    }
    let mut out = String::from(
        "# Actors the registry lacks, found by `briefgraph extract --discover`.\n\
         # Check each kind and name, add aliases, delete what is not an actor, then move\n\
         # the file into graph-data/registry/ (or pass it with --registry).\n",
    );
    for s in &stubs {
        out.push('\n');
        if let Some((source, no, sentence)) = &s.seen {
            let _ = writeln!(
                out,
                "# first seen in {source}, sentence {no}: {}",
                crate::extract::collapse(sentence)
            );
        }
        let aliases: Vec<String> = s.aliases.iter().map(|a| toml_str(a)).collect();
        let _ = write!(
            out,
            "[[actor]]\nid = {}\nname = {}\nkind = {}\naliases = [{}]\n",
            toml_str(&s.id),
            toml_str(&s.name),
            toml_str(&s.kind),
            aliases.join(", ")
        );
    }
    out
}

/// The vocabulary an extraction [`Setup`](crate::extract::Setup) uses.
pub fn vocabulary(setup: &crate::extract::Setup) -> crate::error::Result<Vocabulary> {
    let mut vocab = if setup.builtin {
        Vocabulary::builtin()
    } else {
        Vocabulary::default()
    };
    for p in &setup.vocabulary {
        for file in crate::registry::files_with_extension(p, "toml")? {
            let text = crate::error::read_text(&file)?;
            vocab.add_toml(&file, &text)?;
        }
    }
    Ok(vocab)
}

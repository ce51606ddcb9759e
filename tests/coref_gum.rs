//! The coreference resolver (`extract::coref`) checked against the
//! coreference annotation of GUM (`../shared/ud/{dev,test}/gum-*.conllu`,
//! MISC `Entity=`), on gold trees.
//!
//! The resolver sees what the extractor would give it: GUM's gold mentions
//! that are proper-noun phrases of type person, organization or place (kind
//! from the registry where it knows the name: `Germany` is a state), each
//! identified by its head word (as a registry id would group `Obama` and
//! `Barack Obama`). A resolved anaphor is correct when its antecedent is in
//! the same gold entity as the anaphor; an anaphor GUM does not mark as a
//! mention (pleonastic `it`) counts as wrong. Recall is over the pronouns
//! and definite descriptions of the table whose gold entity has such a name
//! earlier in the same paragraph.
//!
//! The figures may not fall below tests/data/coref-gum-best.toml (raise it
//! by hand when they go up). Tuning is done on dev only. To print them:
//! `cargo test --release --test coref_gum -- --nocapture`.

mod common;

use briefgraph::extract::coref::{self, conllu, How, Mention, Number, Table};
use briefgraph::registry::{NameKind, Registry};
use briefgraph::syntax::Upos;
use std::collections::HashMap;
use std::ops::Range;

/// A gold mention: sentence, token span, head, entity key (document, id), type.
#[derive(Debug)]
struct Gold {
    sentence: usize,
    tokens: Range<usize>,
    head: usize,
    entity: (usize, String),
    etype: String,
}

/// The gold mentions of a treebank, from the MISC `Entity=` brackets:
/// `(ID-type-…` opens, `ID)` closes, `(ID-type-…)` is a one-word mention.
fn gold_mentions(tb: &conllu::Treebank) -> Vec<Gold> {
    let mut out = Vec::new();
    for (d, docs) in tb.documents.iter().enumerate() {
        for si in docs.clone() {
            let s = &tb.sentences[si];
            let mut open: Vec<(String, String, usize)> = Vec::new();
            for (ti, misc) in tb.misc[si].iter().enumerate() {
                let Some(value) = misc.split('|').find_map(|f| f.strip_prefix("Entity=")) else {
                    continue;
                };
                let b = value.as_bytes();
                let mut k = 0;
                while k < b.len() {
                    if b[k] == b'(' {
                        let end = value[k + 1..]
                            .find(['(', ')'])
                            .map_or(value.len(), |e| k + 1 + e);
                        let fields: Vec<&str> = value[k + 1..end].split('-').collect();
                        let (id, etype) = (fields[0].to_string(), fields[1].to_string());
                        if end < value.len() && b[end] == b')' {
                            out.push((si, ti..ti + 1, (d, id), etype));
                            k = end + 1;
                        } else {
                            open.push((id, etype, ti));
                            k = end;
                        }
                    } else {
                        let end = value[k..]
                            .find(')')
                            .map(|e| k + e)
                            .unwrap_or_else(|| panic!("bad Entity `{value}`"));
                        let id = &value[k..end];
                        let at = open
                            .iter()
                            .rposition(|(o, _, _)| o == id)
                            .unwrap_or_else(|| {
                                panic!("close of unopened entity {id} in `{value}`")
                            });
                        let (id, etype, start) = open.remove(at);
                        out.push((si, start..ti + 1, (d, id), etype));
                        k = end + 1;
                    }
                }
            }
            assert!(
                open.is_empty(),
                "sentence {si}: entities left open {open:?}"
            );
            let _ = s;
        }
    }
    out.into_iter()
        .map(|(sentence, tokens, entity, etype)| {
            let s = &tb.sentences[sentence];
            let head = tokens
                .clone()
                .find(|&i| s.head(i).is_none_or(|h| !tokens.contains(&h)))
                .expect("a span has a head");
            Gold {
                sentence,
                tokens,
                head,
                entity,
                etype,
            }
        })
        .collect()
}

#[derive(Default, Debug, Clone, Copy)]
struct Count {
    resolved: usize,
    correct: usize,
    eligible: usize,
}

impl Count {
    fn precision(&self) -> f64 {
        self.correct as f64 / self.resolved.max(1) as f64
    }
    fn recall(&self) -> f64 {
        self.correct as f64 / self.eligible.max(1) as f64
    }
    fn add(&mut self, o: Count) {
        self.resolved += o.resolved;
        self.correct += o.correct;
        self.eligible += o.eligible;
    }
}

/// Runs the resolver on one treebank file; counts per kind of anaphor.
fn evaluate(path: &str, registry: &Registry) -> HashMap<How, Count> {
    let file = common::shared().join(path);
    let input = std::fs::read_to_string(&file).unwrap_or_else(|e| {
        panic!(
            "{}: {e}; the GUM files come with ../shared/ud beside the repository",
            file.display()
        )
    });
    let tb = conllu::read(&input);
    let gold = gold_mentions(&tb);
    let table = Table::builtin();
    // The mentions the resolver sees: proper-noun phrases of three types.
    let mut visible = Vec::new();
    let mut mentions = Vec::new();
    for (gi, g) in gold.iter().enumerate() {
        let s = &tb.sentences[g.sentence];
        // A coordination (`Isabel and I`) is not one actor: the extractor
        // gives each conjunct its own mention.
        let coordinated = s
            .children(g.head)
            .any(|c| g.tokens.contains(&c) && s.tokens[c].deprel == "conj");
        if s.tokens[g.head].upos != Upos::Propn
            || coordinated
            || !["person", "organization", "place"].contains(&g.etype.as_str())
        {
            continue;
        }
        let name = &tb.text[s.tokens[g.tokens.start].start..s.tokens[g.tokens.end - 1].end];
        // A registry name (not a metonym: `Athens` is a city here, not Greece).
        let known = registry
            .resolve(name)
            .filter(|(_, how)| *how != NameKind::Metonym)
            .map(|(e, _)| e.kind.as_str());
        let kind = match (g.etype.as_str(), known) {
            ("place", Some("state")) => "state",
            ("organization", Some(k @ ("armed-group" | "military" | "state"))) => k,
            (t, _) => t,
        };
        visible.push(gi);
        mentions.push(Mention {
            sentence: g.sentence,
            tokens: g.tokens.clone(),
            head: g.head,
            kind: kind.to_string(),
            number: Number::of(&s.tokens[g.head]),
            entity: s.form(&tb.text, g.head).to_lowercase(),
        });
    }
    let resolutions = coref::resolve(&tb.text, &tb.sentences, &tb.paragraphs, &mentions, table);
    let para_of = |si: usize| {
        tb.paragraphs
            .partition_point(|p| p.start <= tb.sentences[si].start)
    };
    // The gold mention an anaphor is: the smallest with that head.
    let gold_at = |si: usize, head: usize| {
        gold.iter()
            .filter(|g| g.sentence == si && g.head == head)
            .min_by_key(|g| g.tokens.len())
    };
    let mut counts: HashMap<How, Count> = HashMap::new();
    for r in &resolutions {
        let c = counts.entry(r.how).or_default();
        c.resolved += 1;
        let antecedent = &gold[visible[r.antecedent]];
        let ok = gold_at(r.sentence, r.head).is_some_and(|g| g.entity == antecedent.entity);
        if std::env::var_os("COREF_GUM_ERRORS").is_some() && path.contains("dev") {
            let m = &mentions[r.antecedent];
            println!(
                "RES {} {} {} {} {:?}",
                ok,
                tb.text[r.bytes(&tb.sentences)]
                    .to_lowercase()
                    .replace(' ', "_"),
                r.sentence - m.sentence,
                m.kind,
                coref::role(&tb.sentences[m.sentence], m.head)
            );
        }
        if ok {
            c.correct += 1;
        } else if std::env::var_os("COREF_GUM_ERRORS").is_some() && path.contains("dev") {
            // Errors on dev only (test is not looked at while tuning).
            let s = &tb.sentences[r.sentence];
            let m = &mentions[r.antecedent];
            let ms = &tb.sentences[m.sentence];
            println!(
                "WRONG {} `{}` -> `{}` [{}] gold {:?}\n   {}",
                r.how.as_str(),
                &tb.text[r.bytes(&tb.sentences)],
                &tb.text[ms.tokens[m.tokens.start].start..ms.tokens[m.tokens.end - 1].end],
                m.kind,
                gold_at(r.sentence, r.head).map(|g| &g.etype),
                &tb.text[s.start..s.end]
            );
        }
    }
    // Eligible anaphors: the table's words whose gold entity has a visible
    // name earlier in the paragraph.
    for g in &gold {
        let s = &tb.sentences[g.sentence];
        let t = &s.tokens[g.head];
        let word = s.form(&tb.text, g.head).to_lowercase();
        let how = match t.upos {
            Upos::Pron | Upos::Det if g.tokens.len() == 1 => table.anaphor(&word),
            Upos::Noun
                if s.form(&tb.text, g.tokens.start).eq_ignore_ascii_case("the")
                    && (table.anaphor(&word) == Some(How::Definite)
                        || table.anaphor(&t.lemma.to_lowercase()) == Some(How::Definite)) =>
            {
                Some(How::Definite)
            }
            _ => None,
        };
        let Some(how) = how else { continue };
        let before = visible.iter().any(|&vi| {
            let v = &gold[vi];
            v.entity == g.entity
                && para_of(v.sentence) == para_of(g.sentence)
                && (v.sentence < g.sentence
                    || (v.sentence == g.sentence && v.tokens.end <= g.tokens.start))
        });
        if before {
            counts.entry(how).or_default().eligible += 1;
        }
    }
    counts
}

/// The floors: `[split] precision = …, recall = …` in coref-gum-best.toml.
fn floors() -> HashMap<String, (f64, f64)> {
    let path = common::root().join("tests/data/coref-gum-best.toml");
    let text = std::fs::read_to_string(&path).unwrap();
    let value: toml::Table = toml::from_str(&text).unwrap();
    value
        .iter()
        .map(|(split, t)| {
            let get = |k: &str| t.get(k).and_then(toml::Value::as_float).unwrap();
            (split.clone(), (get("precision"), get("recall")))
        })
        .collect()
}

#[test]
fn coreference_on_gum_does_not_fall_below_the_best_recorded() {
    let registry = Registry::builtin();
    let floors = floors();
    let mut failures = Vec::new();
    for (split, path) in [
        ("dev", "ud/dev/gum-dev.conllu"),
        ("test", "ud/test/gum-test.conllu"),
    ] {
        let counts = evaluate(path, &registry);
        let mut all = Count::default();
        for how in [How::Pronoun, How::Definite] {
            let c = counts.get(&how).copied().unwrap_or_default();
            println!(
                "GUM {split} {:<8}: precision {:.3} ({}/{}), recall {:.3} ({}/{})",
                how.as_str(),
                c.precision(),
                c.correct,
                c.resolved,
                c.recall(),
                c.correct,
                c.eligible
            );
            all.add(c);
        }
        println!(
            "GUM {split} all     : precision {:.3} ({}/{}), recall {:.3} ({}/{})",
            all.precision(),
            all.correct,
            all.resolved,
            all.recall(),
            all.correct,
            all.eligible
        );
        assert!(
            all.resolved >= 50,
            "{split}: too few resolutions to measure"
        );
        let (p, r) = floors[split];
        if all.precision() + 5e-4 < p || all.recall() + 5e-4 < r {
            failures.push(format!(
                "{split}: precision {:.3} (best {p:.3}), recall {:.3} (best {r:.3})",
                all.precision(),
                all.recall()
            ));
        }
    }
    assert!(failures.is_empty(), "coreference fell: {failures:?}");
}

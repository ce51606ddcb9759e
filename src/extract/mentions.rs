//! The mentions of a whole text, for the tree rules: every sentence parsed
//! once, the registry's names mapped onto its tokens, the actors the
//! registry lacks found as proper-noun phrases ([`super::candidates`]), and
//! pronouns and definite descriptions resolved to an actor named before
//! them in the paragraph ([`super::coref`]).
//!
//! This is the document step of the flow text → syntax → mentions and
//! coreference → rules → relations: it runs before the sentences are
//! matched, because an anaphor needs the sentences before it and a
//! candidate's acronym or surname may be used before the rule that needs
//! it fires.

use super::candidates::{self, Cues};
use super::coref::{self, Number, Table};
use super::segment::Span;
use super::tree::{Arg, Parse};
use super::{DocState, Extractor, RawMention};
use crate::registry::NameKind;
use crate::syntax::{Sentence, Upos};
use std::ops::Range;

/// An actor mention the token layer does not see.
#[derive(Clone, Debug)]
pub struct Extra {
    pub arg: Arg,
    /// How an anaphor was resolved (`` `the group` → Rapid Support Forces (definite) ``);
    /// `None` for a name.
    pub resolved: Option<String>,
}

/// The parsed text: a tree per sentence (empty when the sentence was not
/// worth parsing) and the mentions the tree adds.
pub struct Parsed {
    pub trees: Vec<Sentence>,
    pub extra: Vec<Vec<Extra>>,
}

/// The longest sentence parsed, in bytes: longer runs are lists or tables.
const MAX_SENTENCE: usize = 3_000;

/// Parses every sentence of `body` and finds the mentions the tree adds.
/// Candidate actors join `doc` as weak candidates (nodes only when a
/// relation names them).
pub fn parse_document(
    ex: &Extractor,
    parser: &dyn Parse,
    body: &str,
    spans: &[Span],
    mentions: &[RawMention],
    doc: &mut DocState,
) -> Parsed {
    // The registry's names in each sentence.
    let mut covered: Vec<Vec<Range<usize>>> = vec![Vec::new(); spans.len()];
    // The names the tagger is told are noun phrases: not demonyms, which
    // are adjectives as often (`Ethiopian forces`).
    let mut nominal: Vec<Vec<Range<usize>>> = vec![Vec::new(); spans.len()];
    let mut by_sentence: Vec<Vec<&RawMention>> = vec![Vec::new(); spans.len()];
    let mut si = 0;
    for m in mentions {
        while si < spans.len() && spans[si].end <= m.start {
            si += 1;
        }
        if si == spans.len() {
            break;
        }
        if m.start >= spans[si].start {
            covered[si].push(m.start..m.end);
            if m.kind != NameKind::Demonym {
                nominal[si].push(m.start..m.end);
            }
            by_sentence[si].push(m);
        }
    }
    // Only sentences that name an actor or may name one are parsed: the
    // others can give no relation and no antecedent.
    let trees: Vec<Sentence> = spans
        .iter()
        .zip(covered.iter().zip(&nominal))
        .map(|(s, (names, nominal))| {
            let empty = Sentence {
                start: s.start,
                end: s.end,
                tokens: Vec::new(),
            };
            let text = &body[s.start..s.end];
            if s.end - s.start > MAX_SENTENCE
                || !text.contains(' ')
                || (names.is_empty() && !doc.may_name_actor(text) && !coref::may_name_pair(text))
            {
                return empty;
            }
            parser
                .parse_hinted(body, s.start, s.end, &|w| ex.trees.pos_hint(w), nominal)
                .unwrap_or(empty)
        })
        .collect();
    let found = candidates::document(body, &trees, &covered, Cues::builtin());
    let ids: Vec<u32> = found
        .actors
        .iter()
        .map(|c| match ex.registry().resolve(&c.label) {
            Some((e, _)) => ex
                .registry()
                .index(&e.id)
                .expect("a resolved entry is in the registry") as u32,
            None => doc.weak_candidate(&c.label, &c.kind),
        })
        .collect();
    // Every name, as the resolver's antecedents.
    let mut names: Vec<(coref::Mention, u32)> = Vec::new();
    let mut extra: Vec<Vec<Extra>> = vec![Vec::new(); spans.len()];
    for (si, s) in trees.iter().enumerate() {
        for m in &by_sentence[si] {
            let Some(toks) = token_span(s, m.start..m.end) else {
                continue;
            };
            // A demonym stands for its state only as a plural noun (`the
            // Russians said …`, then `they`), not as a modifier (`Russian
            // forces`).
            if m.kind == NameKind::Demonym
                && !toks.clone().any(|i| {
                    let t = &s.tokens[i];
                    matches!(t.upos, Upos::Noun | Upos::Propn)
                        && t.xpos.ends_with('S')
                        && !matches!(t.deprel, "amod" | "compound")
                })
            {
                continue;
            }
            let mut men = mention(s, si, toks, &doc.actor(m.actor).kind, m.actor);
            if m.kind == NameKind::Demonym {
                // Plural for `they`, not for the actor's other mentions.
                men.number = Number::Plur;
            }
            names.push((men, m.actor));
        }
    }
    for f in &found.mentions {
        let actor = ids[f.actor];
        let s = &trees[f.sentence];
        names.push((
            mention(
                s,
                f.sentence,
                f.tokens.clone(),
                &doc.actor(actor).kind,
                actor,
            ),
            actor,
        ));
        extra[f.sentence].push(Extra {
            arg: Arg {
                start: f.bytes.start,
                end: f.bytes.end,
                actor,
            },
            resolved: None,
        });
    }
    names.sort_by_key(|(m, _)| (m.sentence, m.tokens.start));
    let list: Vec<coref::Mention> = names.iter().map(|(m, _)| m.clone()).collect();
    let paragraphs = coref::paragraphs(body);
    for r in coref::resolve(body, &trees, &paragraphs, &list, Table::builtin()) {
        let actor = names[r.antecedent].1;
        let bytes = r.bytes(&trees);
        let words = super::collapse(&body[bytes.clone()]);
        extra[r.sentence].push(Extra {
            arg: Arg {
                start: bytes.start,
                end: bytes.end,
                actor,
            },
            resolved: Some(format!(
                "`{words}` → {} ({}, sentence {})",
                doc.actor(actor).label,
                r.how.as_str(),
                list[r.antecedent].sentence + 1
            )),
        });
    }
    for r in coref::resolve_pairs(body, &trees, &list, Table::builtin()) {
        let s = &trees[r.sentence];
        let bytes = s.tokens[r.tokens.start].start..s.tokens[r.tokens.end - 1].end;
        let words = super::collapse(&body[bytes.clone()]);
        let [a, b] = r.antecedents.map(|m| names[m].1);
        let note = format!(
            "`{words}` → {} and {} (pair, sentence {})",
            doc.actor(a).label,
            doc.actor(b).label,
            list[r.antecedents[0]].sentence + 1
        );
        // Two arguments over one span: the tree rules read them as a pair.
        for actor in [a, b] {
            extra[r.sentence].push(Extra {
                arg: Arg {
                    start: bytes.start,
                    end: bytes.end,
                    actor,
                },
                resolved: Some(note.clone()),
            });
        }
    }
    Parsed { trees, extra }
}

/// The tokens of `s` that overlap `bytes`.
fn token_span(s: &Sentence, bytes: Range<usize>) -> Option<Range<usize>> {
    let first = s.tokens.iter().position(|t| t.end > bytes.start)?;
    let end = s.tokens[first..]
        .iter()
        .position(|t| t.start >= bytes.end)
        .map_or(s.tokens.len(), |k| first + k);
    (end > first).then_some(first..end)
}

fn mention(
    s: &Sentence,
    sentence: usize,
    tokens: Range<usize>,
    kind: &str,
    actor: u32,
) -> coref::Mention {
    // The head: the token whose head lies outside the span.
    let head = tokens
        .clone()
        .find(|&i| s.head(i).is_none_or(|h| !tokens.contains(&h)))
        .unwrap_or(tokens.start);
    coref::Mention {
        sentence,
        // A name's grammar says little of its number: `the Rapid Support
        // Forces` is `the group` and `it`, and a state is often `they`.
        number: Number::Any,
        tokens,
        head,
        kind: kind.to_string(),
        entity: actor.to_string(),
    }
}

//! The curated-triples format: one relation per line, written as a sentence.
//!
//! ```text
//! # A comment.
//! @source acw-cmcc-2025 | title: The CMCC and the US-Israel Alliance | date: 2025-11
//! CENTCOM establishes CMCC | date: 2025-10-17
//! US operates CMCC
//! Israel opposes Turkey in ISF
//! US may withdraw from CMCC | note: reported, not confirmed
//! CENTCOM does not plan a base | polarity: negated
//! ```
//!
//! A line is `SUBJECT [MODIFIER] PREDICATE OBJECT [PREP CONTEXT] [| key: value]…`.
//! Subject and object are registry names, aliases or ids; the predicate is any
//! form from the vocabulary; a modifier (`may`, `reportedly`, `does not`…) sets
//! the polarity; `in|at|on|over|for|during|about|under|within|regarding` opens
//! the context. Attributes: `date`, `source`, `confidence`, `note`, `quote`,
//! `polarity`, and where the quote stands in its source: `sentence_no`,
//! `chars` (`120-168`, character offsets) and `page` (so a relation proposed
//! by `extract -o FILE.triples` keeps its evidence once accepted). Parsing
//! does no I/O and reports every bad line, not just the first.

use crate::error::{closest, push_capped, Diagnostic, Error, Result};
use crate::model::{is_iso_date, Actor, Evidence, Origin, Polarity, Relation, Source};
use crate::registry::Registry;
use crate::vocabulary::{Predicate, Vocabulary};
use std::path::Path;

/// What one curated file holds.
#[derive(Clone, Debug, Default)]
pub struct Curated {
    pub sources: Vec<Source>,
    /// The registry actors the triples name, in first-mention order.
    pub actors: Vec<Actor>,
    pub relations: Vec<Relation>,
}

const HEDGES: &[&str] = &[
    "may",
    "might",
    "could",
    "reportedly",
    "allegedly",
    "reputedly",
];
const NEGATIONS: &[&[&str]] = &[
    &["does", "not"],
    &["did", "not"],
    &["do", "not"],
    &["has", "not"],
    &["have", "not"],
    &["had", "not"],
    &["is", "not"],
    &["was", "not"],
    &["will", "not"],
    &["doesn't"],
    &["didn't"],
    &["never"],
    &["not"],
];
/// Auxiliaries that change nothing: `US has provided aid to Israel`.
const AUXILIARIES: &[&str] = &["has", "have", "had", "is", "was", "are", "were", "will"];
const CONTEXT_PREPOSITIONS: &[&str] = &[
    "in",
    "at",
    "on",
    "over",
    "for",
    "during",
    "about",
    "under",
    "within",
    "regarding",
];
const ATTRIBUTES: &str =
    "date, source, confidence, note, quote, polarity, sentence_no, chars, page";

/// A word of a line with its byte range in the whole file.
#[derive(Clone, Copy, Debug)]
struct Word<'a> {
    text: &'a str,
    start: usize,
    end: usize,
}

/// Parses a curated-triples file. `path` is only used in messages and as
/// the default source id (its file stem).
pub fn parse(path: &Path, text: &str, registry: &Registry, vocab: &Vocabulary) -> Result<Curated> {
    let mut parser = Parser {
        path,
        registry,
        vocab,
        out: Curated::default(),
        current_source: None,
        errors: Vec::new(),
        current: (0, 0, ""),
    };
    let mut offset = 0;
    let max_line = crate::limits::LINE_BYTES;
    for (n, line) in text.split_inclusive('\n').enumerate() {
        let start = offset;
        offset += line.len();
        let body = line.trim_end_matches(['\n', '\r']);
        if max_line.exceeded(body.len() as u64) {
            let found = format!(
                "the line has {} bytes",
                crate::limits::thousands(body.len() as u64)
            );
            let mut d = max_line.diagnostic(path, &found);
            d = d.in_line(n + 1, body, 0, 1);
            push_capped(&mut parser.errors, d);
            continue;
        }
        parser.current = (n + 1, start, body);
        parser.line(n + 1, start, body);
    }
    if parser.errors.is_empty() {
        Ok(parser.out)
    } else {
        Err(Error::Invalid(parser.errors))
    }
}

struct Parser<'a> {
    path: &'a Path,
    registry: &'a Registry,
    vocab: &'a Vocabulary,
    out: Curated,
    current_source: Option<String>,
    errors: Vec<Diagnostic>,
    /// The line being parsed: number, byte offset in the file, text.
    current: (usize, usize, &'a str),
}

impl<'a> Parser<'a> {
    /// A diagnostic at bytes `start..end` of the file, which lie in the line
    /// being parsed.
    fn error(&self, start: usize, end: usize, message: impl Into<String>) -> Diagnostic {
        let (line_no, line_start, line) = self.current;
        Diagnostic::new(self.path, message).in_line(
            line_no,
            line,
            start.saturating_sub(line_start),
            end.saturating_sub(line_start),
        )
    }

    fn line(&mut self, line_no: usize, start: usize, line: &'a str) {
        let trimmed = line.trim_start();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            return;
        }
        let start = start + (line.len() - trimmed.len());
        let mut parts = split_attributes(trimmed, start);
        let (head, head_start) = parts.remove(0);
        if let Some(rest) = head.strip_prefix("@source") {
            self.source_directive(head_start, rest, &parts);
        } else if let Some(directive) = head.strip_prefix('@') {
            let name = directive.split_whitespace().next().unwrap_or("");
            let d = self
                .error(
                    head_start,
                    head_start + 1 + name.len(),
                    format!("unknown directive `@{name}`"),
                )
                .expected("`@source ID | title: …`")
                .hint("the only directive is @source; a triple starts with an actor name");
            push_capped(&mut self.errors, d);
        } else if let Err(d) = self.triple(line_no, head, head_start, &parts) {
            push_capped(&mut self.errors, *d);
        }
    }

    fn source_directive(&mut self, start: usize, rest: &str, attrs: &[(&str, usize)]) {
        let id = rest.trim();
        if id.is_empty() || id.contains(char::is_whitespace) {
            let d = self
                .error(
                    start,
                    start + 7 + rest.len(),
                    "a @source needs one id without spaces",
                )
                .expected("`@source ID | title: …`")
                .hint("e.g. `@source acw-cmcc-2025 | title: The CMCC and the US-Israel Alliance`");
            push_capped(&mut self.errors, d);
            return;
        }
        let mut source = Source::new(id, id);
        for &(attr, at) in attrs {
            match parse_attribute(attr) {
                Some(("title", value)) => source.title = value.to_string(),
                Some((key, value)) => {
                    if key == "date" && !is_iso_date(value) {
                        {
                            let d = self.bad_date(attr, at, value);
                            push_capped(&mut self.errors, d);
                        }
                    }
                    source.extra.insert(
                        key.to_string(),
                        serde_json::Value::String(value.to_string()),
                    );
                }
                None => {
                    let d = self.bad_attribute(attr, at);
                    push_capped(&mut self.errors, d);
                }
            }
        }
        self.current_source = Some(source.id.clone());
        match self.out.sources.iter_mut().find(|s| s.id == source.id) {
            Some(existing) => *existing = source,
            None => self.out.sources.push(source),
        }
    }

    fn bad_date(&self, attr: &str, at: usize, value: &str) -> Diagnostic {
        let vstart = at + attr.find(value).unwrap_or(0);
        self.error(
            vstart,
            vstart + value.len(),
            format!("invalid date `{value}`"),
        )
        .expected("an ISO date: YYYY, YYYY-MM, YYYY-MM-DD or a range A/B")
        .hint("e.g. `date: 2025-10-17` or `date: 2023-10-07/2025-11`")
    }

    fn bad_attribute(&self, attr: &str, at: usize) -> Diagnostic {
        self.error(at, at + attr.len(), format!("malformed attribute `{attr}`"))
            .expected("`key: value`")
            .hint(format!(
                "attributes are {ATTRIBUTES}, e.g. `| date: 2025-10-17`"
            ))
    }

    fn triple(
        &mut self,
        line_no: usize,
        head: &'a str,
        head_start: usize,
        attrs: &[(&'a str, usize)],
    ) -> Result<(), Box<Diagnostic>> {
        let words = words(head, head_start);
        let parsed = self.sentence(&words)?;
        let source_id = self
            .current_source
            .clone()
            .unwrap_or_else(|| default_source_id(self.path));
        let mut relation = Relation {
            id: String::new(),
            source: parsed.subject.id.clone(),
            target: parsed.object.id.clone(),
            predicate: parsed.predicate,
            class: parsed.class,
            polarity: parsed.polarity,
            context: parsed.context,
            date: None,
            origin: Origin::Curated,
            confidence: None,
            note: None,
            evidence: Vec::new(),
            extra: Default::default(),
        };
        let mut evidence = Evidence::new(source_id);
        evidence.line = Some(line_no as u32);
        evidence.sentence = Some(head.trim().to_string());
        for &(attr, at) in attrs {
            let Some((key, value)) = parse_attribute(attr) else {
                return Err(Box::new(self.bad_attribute(attr, at)));
            };
            let vstart = at + attr.find(value).unwrap_or(0);
            let bad = |msg: String, expected: &str| {
                Box::new(
                    self.error(vstart, vstart + value.len(), msg)
                        .expected(expected.to_string()),
                )
            };
            match key {
                "date" if is_iso_date(value) => relation.date = Some(value.to_string()),
                "date" => return Err(Box::new(self.bad_date(attr, at, value))),
                "source" => evidence.source = value.to_string(),
                "note" => relation.note = Some(value.to_string()),
                "quote" => evidence.quote = Some(value.to_string()),
                "confidence" => match value.parse::<f64>() {
                    Ok(c) if (0.0..=1.0).contains(&c) => relation.confidence = Some(c),
                    _ => {
                        return Err(bad(
                            format!("invalid confidence `{value}`"),
                            "a number from 0 to 1",
                        ))
                    }
                },
                "sentence_no" | "page" => match value.parse::<u32>() {
                    Ok(n) if n >= 1 => {
                        if key == "page" {
                            evidence.page = Some(n);
                        } else {
                            evidence.sentence_no = Some(n);
                        }
                    }
                    _ => return Err(bad(format!("invalid {key} `{value}`"), "a number from 1")),
                },
                "chars" => match value.split_once('-').and_then(|(a, b)| {
                    Some((
                        a.trim().parse::<usize>().ok()?,
                        b.trim().parse::<usize>().ok()?,
                    ))
                }) {
                    Some((a, b)) if a <= b => {
                        evidence.start = Some(a);
                        evidence.end = Some(b);
                    }
                    _ => {
                        return Err(bad(
                            format!("invalid chars `{value}`"),
                            "character offsets START-END, e.g. `120-168`",
                        ))
                    }
                },
                "polarity" => match value.parse::<Polarity>() {
                    Ok(p) => relation.polarity = p,
                    Err(e) => return Err(bad(e, "asserted, negated or hedged")),
                },
                other => {
                    let keys = ATTRIBUTES.split(", ");
                    let d = self
                        .error(at, at + other.len(), format!("unknown attribute `{other}`"))
                        .expected(format!("one of {ATTRIBUTES}"))
                        .hint_opt(closest(other, keys).map(|k| format!("did you mean `{k}`?")));
                    return Err(Box::new(d));
                }
            }
        }
        if !self.out.sources.iter().any(|s| s.id == evidence.source) {
            if self.current_source.is_none() && evidence.source == default_source_id(self.path) {
                let file = self.path.file_name().map_or_else(
                    || evidence.source.clone(),
                    |f| f.to_string_lossy().into_owned(),
                );
                self.out.sources.push(Source::new(&evidence.source, file));
            } else {
                let (attr, at) = attrs
                    .iter()
                    .find(|(a, _)| a.trim_start().starts_with("source"))
                    .copied()
                    .unwrap_or((head, head_start));
                let d = self
                    .error(
                        at,
                        at + attr.len(),
                        format!("unknown source `{}`", evidence.source),
                    )
                    .hint("declare it first with `@source ID | title: …`");
                return Err(Box::new(d));
            }
        }
        relation.evidence.push(evidence);
        for actor in [parsed.subject, parsed.object] {
            if !self.out.actors.iter().any(|a| a.id == actor.id) {
                self.out.actors.push(actor);
            }
        }
        self.out.relations.push(relation);
        Ok(())
    }

    /// Finds subject, predicate, object and context in a line's words.
    fn sentence(&self, words: &[Word<'a>]) -> Result<Sentence, Box<Diagnostic>> {
        let mut first_failure: Option<Box<Diagnostic>> = None;
        let mut found_predicate = false;
        // The predicate cannot be the first word: the subject comes before it.
        for i in 1..words.len() {
            let (polarity, skip) = modifier(&words[i..]);
            let at = i + skip;
            let Some((predicate, plen)) = self.predicate_at(&words[at..]) else {
                continue;
            };
            found_predicate = true;
            match self.complete(words, i, at, plen, predicate, polarity) {
                Ok(s) => return Ok(s),
                Err(d) => {
                    first_failure.get_or_insert(d);
                }
            }
        }
        if let Some(mut d) = first_failure {
            if let Some(name) = d
                .message
                .strip_prefix("unknown actor `")
                .and_then(|m| m.strip_suffix('`'))
            {
                d.hint = Some(self.registry.suggest(name).unwrap_or_else(|| {
                    "add the actor to a graph-data/registry/*.toml file".into()
                }));
            }
            return Err(d);
        }
        debug_assert!(!found_predicate);
        let (start, end) = span(words);
        // `words` can be empty (a line of control characters): no typo to find then.
        let typo = words
            .iter()
            .skip(1)
            .filter_map(|w| {
                // Canonical names first ("operates"), then any single-word form.
                let names = self.vocab.predicates().iter().map(|p| p.name.as_str());
                let forms = self
                    .vocab
                    .forms()
                    .map(|(f, _)| f)
                    .filter(|f| !f.contains(' '));
                closest(w.text, names)
                    .or_else(|| closest(w.text, forms))
                    .map(|f| (w, f))
            })
            .next();
        let d = match typo {
            Some((w, form)) => self
                .error(w.start, w.end, format!("unknown predicate `{}`", w.text))
                .expected("a predicate from the vocabulary")
                .hint(format!("did you mean `{form}`?")),
            None => self
                .error(start, end, "no predicate found in this triple")
                .expected("SUBJECT PREDICATE OBJECT, e.g. `US operates CMCC`")
                .hint("predicates come from graph-data/vocabulary/*.toml"),
        };
        Err(Box::new(d))
    }

    /// The longest vocabulary form starting at `words[0]`.
    fn predicate_at(&self, words: &[Word<'a>]) -> Option<(&'a Predicate, usize)> {
        let vocab: &'a Vocabulary = self.vocab;
        let max = vocab.max_words().min(words.len());
        (1..=max)
            .rev()
            .find_map(|n| vocab.by_form(&join(&words[..n])).map(|p| (p, n)))
    }

    fn complete(
        &self,
        words: &[Word<'a>],
        subject_end: usize,
        predicate_start: usize,
        predicate_len: usize,
        predicate: &Predicate,
        polarity: Polarity,
    ) -> Result<Sentence, Box<Diagnostic>> {
        let subject_words = &words[..subject_end];
        let subject = self.actor(subject_words)?;
        let rest = &words[predicate_start + predicate_len..];
        if rest.is_empty() {
            let w = words[predicate_start + predicate_len - 1];
            let d = self
                .error(w.end, w.end + 1, "the triple has no object")
                .expected("an actor after the predicate")
                .hint(format!(
                    "e.g. `{} {} CMCC`",
                    join(subject_words),
                    predicate.name
                ));
            return Err(Box::new(d));
        }
        // The object is the longest run of words that names an actor.
        let object_len = (1..=rest.len())
            .rev()
            .find(|&n| self.registry.resolve(&join(&rest[..n])).is_some());
        let Some(object_len) = object_len else {
            let until = rest
                .iter()
                .position(|w| CONTEXT_PREPOSITIONS.contains(&w.text))
                .filter(|&p| p > 0)
                .unwrap_or(rest.len());
            return Err(self
                .actor(&rest[..until])
                .map(|_| unreachable!())
                .unwrap_err());
        };
        let object = self.actor(&rest[..object_len])?;
        let tail = &rest[object_len..];
        let context = match tail.split_first() {
            None => None,
            Some((prep, ctx)) if CONTEXT_PREPOSITIONS.contains(&prep.text) && !ctx.is_empty() => {
                let text = join(ctx);
                Some(match self.registry.resolve(&text) {
                    Some((entry, _)) => entry.name.clone(),
                    None => text,
                })
            }
            Some(_) => {
                let (start, end) = span(tail);
                let d = self
                    .error(start, end, format!("unexpected `{}` after the object", join(tail)))
                    .expected(format!(
                        "the end of the triple, a context (`in ISF`, `over aid`) or ` | key: value`; prepositions: {}",
                        CONTEXT_PREPOSITIONS.join(", ")
                    ))
                    .hint_opt(self.registry.suggest(&join(&rest[..object_len + 1])));
                return Err(Box::new(d));
            }
        };
        Ok(Sentence {
            subject,
            object,
            predicate: predicate.name.clone(),
            class: predicate.class,
            polarity,
            context,
        })
    }

    fn actor(&self, words: &[Word<'a>]) -> Result<Actor, Box<Diagnostic>> {
        let name = join(words);
        match self.registry.resolve(&name) {
            Some((entry, _)) => Ok(entry.to_actor()),
            None => {
                let (start, end) = span(words);
                // No hint yet: a line may be tried at several predicate
                // positions, and suggestions cost a pass over the registry.
                // `sentence` adds it to the failure it reports.
                let d = self
                    .error(start, end, format!("unknown actor `{name}`"))
                    .expected("an actor name, alias or id from the registry");
                Err(Box::new(d))
            }
        }
    }
}

struct Sentence {
    subject: Actor,
    object: Actor,
    predicate: String,
    class: crate::model::RelationClass,
    polarity: Polarity,
    context: Option<String>,
}

/// A polarity modifier at the start of `words`, and how many words it takes.
fn modifier(words: &[Word]) -> (Polarity, usize) {
    let lower: Vec<String> = words
        .iter()
        .take(3)
        .map(|w| w.text.to_lowercase())
        .collect();
    let starts =
        |seq: &[&str]| seq.len() <= lower.len() && seq.iter().zip(&lower).all(|(a, b)| a == b);
    for neg in NEGATIONS {
        if starts(neg) {
            return (Polarity::Negated, neg.len());
        }
    }
    if let Some(first) = lower.first() {
        if HEDGES.contains(&first.as_str()) {
            // "may have withdrawn", "reportedly has".
            let aux = lower
                .get(1)
                .is_some_and(|w| AUXILIARIES.contains(&w.as_str()) || w == "be");
            return (Polarity::Hedged, 1 + usize::from(aux));
        }
        if AUXILIARIES.contains(&first.as_str()) {
            return (Polarity::Asserted, 1);
        }
    }
    (Polarity::Asserted, 0)
}

/// Splits `line` at ` | ` into the triple and its attributes, with offsets.
fn split_attributes(line: &str, start: usize) -> Vec<(&str, usize)> {
    let mut parts = Vec::new();
    let mut from = 0;
    for (i, _) in line.match_indices('|') {
        parts.push((&line[from..i], start + from));
        from = i + 1;
    }
    parts.push((&line[from..], start + from));
    parts
        .into_iter()
        .map(|(p, s)| {
            let lead = p.len() - p.trim_start().len();
            (p.trim(), s + lead)
        })
        .collect()
}

fn parse_attribute(attr: &str) -> Option<(&str, &str)> {
    let (key, value) = attr.split_once(':')?;
    let key = key.trim();
    let value = value.trim();
    (!key.is_empty() && !value.is_empty() && !key.contains(' ')).then_some((key, value))
}

fn words(text: &str, base: usize) -> Vec<Word<'_>> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in text
        .char_indices()
        .chain(std::iter::once((text.len(), ' ')))
    {
        match (c.is_whitespace(), start) {
            (false, None) => start = Some(i),
            (true, Some(s)) => {
                out.push(Word {
                    text: &text[s..i],
                    start: base + s,
                    end: base + i,
                });
                start = None;
            }
            _ => {}
        }
    }
    out
}

fn join(words: &[Word]) -> String {
    words.iter().map(|w| w.text).collect::<Vec<_>>().join(" ")
}

fn span(words: &[Word]) -> (usize, usize) {
    match (words.first(), words.last()) {
        (Some(a), Some(b)) => (a.start, b.end),
        _ => (0, 0),
    }
}

fn default_source_id(path: &Path) -> String {
    path.file_stem()
        .map_or_else(|| "curated".into(), |s| s.to_string_lossy().into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::RelationClass;

    fn parse_str(text: &str) -> Result<Curated> {
        parse(
            Path::new("t.triples"),
            text,
            &Registry::builtin(),
            &Vocabulary::builtin(),
        )
    }

    #[test]
    fn product_card_lines_parse_verbatim() {
        let c = parse_str("US operates CMCC\nIsrael opposes Turkey in ISF\n").unwrap();
        let [a, b] = &c.relations[..] else {
            panic!("{:?}", c.relations)
        };
        assert_eq!(
            (a.source.as_str(), a.predicate.as_str(), a.target.as_str()),
            ("united-states", "operates", "cmcc")
        );
        assert_eq!(a.class, RelationClass::OPERATE);
        assert_eq!(b.class, RelationClass::REJECT);
        assert_eq!(
            b.context.as_deref(),
            Some("International Stabilization Force")
        );
        assert_eq!(c.sources[0].id, "t");
    }

    #[test]
    fn modifiers_set_polarity_and_attributes_parse() {
        let text = "@source s | title: S\nUS may withdraw from CMCC | date: 2025-11 | note: reported\nCENTCOM does not operate CMCC | confidence: 0.5\n";
        let c = parse_str(text).unwrap();
        assert_eq!(c.relations[0].polarity, Polarity::Hedged);
        assert_eq!(c.relations[0].class, RelationClass::RETREAT);
        assert_eq!(c.relations[0].date.as_deref(), Some("2025-11"));
        assert_eq!(c.relations[1].polarity, Polarity::Negated);
        assert_eq!(c.relations[1].confidence, Some(0.5));
        assert_eq!(c.relations[1].evidence[0].source, "s");
        assert_eq!(c.relations[1].evidence[0].line, Some(3));
    }

    #[test]
    fn errors_name_line_column_and_suggest() {
        let err =
            parse_str("US operates CMCCC\nUS operats CMCC\nUS operates CMCC | date: 17 Oct\n")
                .unwrap_err()
                .to_string();
        assert!(
            err.contains("t.triples:1:13: unknown actor `CMCCC`"),
            "{err}"
        );
        assert!(err.contains("did you mean `CMCC`?"), "{err}");
        assert!(
            err.contains("t.triples:2:4: unknown predicate `operats`"),
            "{err}"
        );
        assert!(
            err.contains("t.triples:3:26: invalid date `17 Oct`"),
            "{err}"
        );
    }
}

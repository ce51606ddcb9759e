//! Scoring extracted graphs against gold annotations.
//!
//! The gold format is a TSV file with a header naming at least the columns
//! `subject`, `relation` and `object` (and usually `context`, `polarity`
//! (`+ - ?`), `sentence_no`, `evidence`); actors may come with a TSV of
//! `canonical kind aliases` (aliases separated by `|`). A predicted edge
//! matches a gold row when both ends resolve to the same canonical actors
//! and the relation class is the same; CONSULT and COOPERATE match in either
//! direction. Scores are over distinct triples; the strict score also
//! requires the polarity. Parsing does no I/O.

use crate::error::{closest, Diagnostic, Error, Result};
use crate::graph::BriefGraph;
use crate::model::{Actor, Polarity, RelationClass};
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write;
use std::path::Path;

/// One gold relation.
#[derive(Clone, Debug, PartialEq)]
pub struct GoldRow {
    pub subject: String,
    pub class: RelationClass,
    pub object: String,
    pub polarity: Polarity,
    pub sentence_no: Option<u32>,
    pub evidence: String,
    pub line: usize,
}

/// A gold actor: canonical name and the names that score as it.
#[derive(Clone, Debug, PartialEq)]
pub struct GoldActor {
    pub canonical: String,
    pub kind: String,
    pub aliases: Vec<String>,
}

const GOLD_COLUMNS: &str = "subject, relation, object, context, polarity, sentence_no, evidence";

/// Parses a gold TSV file, reporting every bad row.
pub fn parse_gold(path: &Path, text: &str) -> Result<Vec<GoldRow>> {
    let mut lines = line_offsets(text);
    let Some((hstart, header)) = lines.next() else {
        return Err(Diagnostic::new(path, "empty gold file")
            .expected(format!("a header line with the columns {GOLD_COLUMNS}"))
            .into());
    };
    let cols: Vec<String> = header
        .split('\t')
        .map(|c| c.trim().to_ascii_lowercase())
        .collect();
    let col = |name: &str| cols.iter().position(|c| c == name);
    let (Some(cs), Some(cr), Some(co)) = (col("subject"), col("relation"), col("object")) else {
        return Err(
            Diagnostic::new(path, "the gold header lacks subject, relation or object")
                .at(text, hstart, hstart + header.len())
                .expected(format!("tab-separated columns {GOLD_COLUMNS}"))
                .into(),
        );
    };
    let (cp, cn, ce) = (col("polarity"), col("sentence_no"), col("evidence"));
    let mut rows = Vec::new();
    let mut errors = Vec::new();
    for (line_no, (start, line)) in (2..).zip(lines) {
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let fields: Vec<&str> = line.split('\t').collect();
        let field_at = |i: usize| -> (usize, &str) {
            let off: usize = fields[..i].iter().map(|f| f.len() + 1).sum();
            (start + off, fields[i])
        };
        let need = [cs, cr, co].into_iter().max().unwrap_or(0);
        if fields.len() <= need {
            errors.push(
                Diagnostic::new(
                    path,
                    format!(
                        "row has {} columns, the header {}",
                        fields.len(),
                        cols.len()
                    ),
                )
                .at(text, start, start + line.len())
                .expected(format!("tab-separated columns {GOLD_COLUMNS}"))
                .hint("columns are separated by tabs; an empty context is an empty field"),
            );
            continue;
        }
        let (rs, rel) = field_at(cr);
        let class = match rel.trim().parse::<RelationClass>() {
            Ok(c) => c,
            Err(_) => {
                let names: Vec<&str> = RelationClass::ALL.iter().map(|c| c.as_str()).collect();
                errors.push(
                    Diagnostic::new(path, format!("unknown relation class `{}`", rel.trim()))
                        .at(text, rs, rs + rel.len())
                        .expected("a class such as SUPPORT or ASSAULT")
                        .hint_opt(
                            closest(rel.trim(), names.iter().copied())
                                .map(|c| format!("did you mean `{c}`?")),
                        ),
                );
                continue;
            }
        };
        let polarity = match cp.filter(|&i| i < fields.len()).map(field_at) {
            None => Polarity::Asserted,
            Some((_, "")) => Polarity::Asserted,
            Some((ps, p)) => match p.trim().parse::<Polarity>() {
                Ok(p) => p,
                Err(_) => {
                    errors.push(
                        Diagnostic::new(path, format!("unknown polarity `{}`", p.trim()))
                            .at(text, ps, ps + p.len())
                            .expected("`+` (asserted), `-` (negated) or `?` (hedged)"),
                    );
                    continue;
                }
            },
        };
        let sentence_no = match cn.filter(|&i| i < fields.len()).map(field_at) {
            None | Some((_, "")) => None,
            Some((ns, n)) => match n.trim().parse::<u32>() {
                Ok(n) => Some(n),
                Err(_) => {
                    errors.push(
                        Diagnostic::new(
                            path,
                            format!("sentence number `{}` is not a number", n.trim()),
                        )
                        .at(text, ns, ns + n.len())
                        .expected("a 1-based sentence number"),
                    );
                    continue;
                }
            },
        };
        let (ss, subject) = field_at(cs);
        let (os, object) = field_at(co);
        for (at, name) in [(ss, subject), (os, object)] {
            if name.trim().is_empty() {
                errors.push(
                    Diagnostic::new(path, "empty actor name")
                        .at(text, at, at + 1)
                        .expected("the canonical name of an actor"),
                );
            }
        }
        rows.push(GoldRow {
            subject: subject.trim().to_string(),
            class,
            object: object.trim().to_string(),
            polarity,
            sentence_no,
            evidence: ce
                .filter(|&i| i < fields.len())
                .map(|i| fields[i].trim().to_string())
                .unwrap_or_default(),
            line: line_no,
        });
    }
    if errors.is_empty() {
        Ok(rows)
    } else {
        Err(Error::Invalid(errors))
    }
}

/// Parses a gold actors TSV (`canonical kind aliases`).
pub fn parse_actors(path: &Path, text: &str) -> Result<Vec<GoldActor>> {
    let mut out = Vec::new();
    let mut errors = Vec::new();
    for (line_no, (start, line)) in (1..).zip(line_offsets(text)) {
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let fields: Vec<&str> = line.split('\t').collect();
        if line_no == 1
            && fields
                .first()
                .is_some_and(|f| f.trim().eq_ignore_ascii_case("canonical"))
        {
            continue;
        }
        if fields.len() < 2 || fields[0].trim().is_empty() {
            errors.push(
                Diagnostic::new(path, "an actor row needs a canonical name and a kind")
                    .at(text, start, start + line.len())
                    .expected("tab-separated columns canonical, kind, aliases (separated by |)"),
            );
            continue;
        }
        out.push(GoldActor {
            canonical: fields[0].trim().to_string(),
            kind: fields[1].trim().to_string(),
            aliases: fields
                .get(2)
                .map(|a| {
                    a.split('|')
                        .map(|s| s.trim().to_string())
                        .filter(|s| !s.is_empty())
                        .collect()
                })
                .unwrap_or_default(),
        });
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(Error::Invalid(errors))
    }
}

fn line_offsets(text: &str) -> impl Iterator<Item = (usize, &str)> {
    let mut pos = 0;
    text.split_inclusive('\n').map(move |l| {
        let start = pos;
        pos += l.len();
        (start, l.trim_end_matches(['\n', '\r']))
    })
}

/// Names compared without case, typographic quotes and dashes, or a leading `the`.
pub fn fold_name(s: &str) -> String {
    let s = s
        .trim()
        .replace(['’', '‘'], "'")
        .replace(['–', '—', '‐'], "-")
        .to_lowercase();
    let s = s.strip_prefix("the ").unwrap_or(&s).to_string();
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Precision, recall and F1 of one comparison.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Score {
    pub true_pos: usize,
    pub predicted: usize,
    pub gold: usize,
}

impl Score {
    pub fn precision(&self) -> f64 {
        ratio(self.true_pos, self.predicted)
    }
    pub fn recall(&self) -> f64 {
        ratio(self.true_pos, self.gold)
    }
    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 {
        0.0
    } else {
        a as f64 / b as f64
    }
}

type Triple = (String, RelationClass, String);

/// The result of scoring a graph.
#[derive(Clone, Debug)]
pub struct Evaluation {
    pub relation: Score,
    pub strict: Score,
    /// Gold triples no edge matched, with a row that states each.
    pub misses: Vec<GoldRow>,
    /// Predicted triples no gold row matched, with an example edge's evidence.
    pub false_hits: Vec<(Triple, Polarity, String)>,
    /// Matched triples extracted with none of the gold's polarities.
    pub wrong_polarity: Vec<WrongPolarity>,
}

/// A matched triple extracted with none of the polarities the gold gives it.
#[derive(Clone, Debug)]
pub struct WrongPolarity {
    pub triple: Triple,
    pub gold: Vec<Polarity>,
    /// Each polarity extracted, with an example edge's evidence.
    pub extracted: Vec<(Polarity, String)>,
}

/// Scores `graph` against `gold`, resolving actors through `actors` (or,
/// without it, through the gold's own names).
pub fn evaluate(graph: &BriefGraph, gold: &[GoldRow], actors: &[GoldActor]) -> Evaluation {
    let mut names: BTreeMap<String, String> = BTreeMap::new();
    for a in actors {
        names.insert(fold_name(&a.canonical), a.canonical.clone());
    }
    for a in actors {
        for alias in &a.aliases {
            names
                .entry(fold_name(alias))
                .or_insert_with(|| a.canonical.clone());
        }
    }
    for r in gold {
        for n in [&r.subject, &r.object] {
            names.entry(fold_name(n)).or_insert_with(|| n.clone());
        }
    }
    let canonical = |a: &Actor| -> String {
        std::iter::once(&a.label)
            .chain(std::iter::once(&a.id))
            .chain(&a.aliases)
            .find_map(|n| names.get(&fold_name(n)).cloned())
            .unwrap_or_else(|| format!("{} (not in gold)", a.label))
    };
    let key = |s: String, c: RelationClass, o: String| -> Triple {
        if matches!(c, RelationClass::CONSULT | RelationClass::COOPERATE) && o < s {
            (o, c, s)
        } else {
            (s, c, o)
        }
    };
    let gold_rel: BTreeSet<Triple> = gold
        .iter()
        .map(|r| key(r.subject.clone(), r.class, r.object.clone()))
        .collect();
    let gold_strict: BTreeSet<(Triple, Polarity)> = gold
        .iter()
        .map(|r| {
            (
                key(r.subject.clone(), r.class, r.object.clone()),
                r.polarity,
            )
        })
        .collect();
    let mut pred_rel: BTreeMap<Triple, (Polarity, String)> = BTreeMap::new();
    let mut pred_strict: BTreeSet<(Triple, Polarity)> = BTreeSet::new();
    let mut pred_examples: BTreeMap<(Triple, Polarity), String> = BTreeMap::new();
    for r in graph.relations() {
        let (Some(s), Some(o)) = (graph.actor(&r.source), graph.actor(&r.target)) else {
            continue;
        };
        let t = key(canonical(s), r.class, canonical(o));
        let example = r
            .evidence
            .first()
            .map(|e| {
                let mut s = String::new();
                if let Some(n) = e.sentence_no {
                    let _ = write!(s, "sentence {n}: ");
                }
                let _ = write!(
                    s,
                    "“{}”",
                    e.quote.as_deref().or(e.sentence.as_deref()).unwrap_or("")
                );
                if let Some(rule) = &e.rule {
                    let _ = write!(s, " [{rule}]");
                }
                s
            })
            .unwrap_or_default();
        if pred_strict.insert((t.clone(), r.polarity)) {
            pred_examples.insert((t.clone(), r.polarity), example.clone());
        }
        pred_rel.entry(t).or_insert((r.polarity, example));
    }
    let tp = pred_rel.keys().filter(|t| gold_rel.contains(*t)).count();
    let tp_strict = pred_strict
        .iter()
        .filter(|t| gold_strict.contains(*t))
        .count();
    let mut missed: BTreeSet<Triple> = BTreeSet::new();
    let misses = gold
        .iter()
        .filter(|r| {
            let t = key(r.subject.clone(), r.class, r.object.clone());
            !pred_rel.contains_key(&t) && missed.insert(t)
        })
        .cloned()
        .collect();
    let false_hits = pred_rel
        .iter()
        .filter(|(t, _)| !gold_rel.contains(*t))
        .map(|(t, (p, e))| (t.clone(), *p, e.clone()))
        .collect();
    let polarities = |set: &BTreeSet<(Triple, Polarity)>, t: &Triple| -> Vec<Polarity> {
        set.iter()
            .filter(|(u, _)| u == t)
            .map(|&(_, p)| p)
            .collect()
    };
    let wrong_polarity = pred_rel
        .keys()
        .filter(|t| gold_rel.contains(*t))
        .filter_map(|t| {
            let want = polarities(&gold_strict, t);
            let got = polarities(&pred_strict, t);
            if got.iter().any(|p| want.contains(p)) {
                return None;
            }
            let extracted = got
                .into_iter()
                .map(|p| (p, pred_examples[&(t.clone(), p)].clone()))
                .collect();
            Some(WrongPolarity {
                triple: t.clone(),
                gold: want,
                extracted,
            })
        })
        .collect();
    Evaluation {
        relation: Score {
            true_pos: tp,
            predicted: pred_rel.len(),
            gold: gold_rel.len(),
        },
        strict: Score {
            true_pos: tp_strict,
            predicted: pred_strict.len(),
            gold: gold_strict.len(),
        },
        misses,
        false_hits,
        wrong_polarity,
    }
}

impl Evaluation {
    /// The report `briefgraph eval` prints.
    pub fn report(&self) -> String {
        let mut out = String::new();
        let _ = writeln!(
            out,
            "                      precision  recall     F1   (matched / predicted / gold)"
        );
        for (name, s) in [
            ("relation", &self.relation),
            ("relation+polarity", &self.strict),
        ] {
            let _ = writeln!(
                out,
                "{name:<20}  {:>9.3}  {:>6.3}  {:>5.3}   ({} / {} / {})",
                s.precision(),
                s.recall(),
                s.f1(),
                s.true_pos,
                s.predicted,
                s.gold
            );
        }
        let _ = writeln!(out, "\nmisses ({}):", self.misses.len());
        for r in &self.misses {
            let _ = write!(out, "  {} {} {}", r.subject, r.class, r.object);
            if let Some(n) = r.sentence_no {
                let _ = write!(out, "  (sentence {n}");
                if !r.evidence.is_empty() {
                    let _ = write!(out, ": “{}”", r.evidence);
                }
                out.push(')');
            }
            out.push('\n');
        }
        let _ = writeln!(out, "\nfalse hits ({}):", self.false_hits.len());
        for ((s, c, o), p, e) in &self.false_hits {
            let _ = writeln!(out, "  {s} {c} {o} ({})  {e}", p.as_str());
        }
        let _ = writeln!(out, "\nwrong polarity ({}):", self.wrong_polarity.len());
        for w in &self.wrong_polarity {
            let (s, c, o) = &w.triple;
            let want: Vec<&str> = w.gold.iter().map(|p| p.as_str()).collect();
            let _ = writeln!(out, "  {s} {c} {o}  (gold: {})", want.join(", "));
            for (p, e) in &w.extracted {
                let _ = writeln!(out, "    extracted {}: {e}", p.as_str());
            }
        }
        out
    }

    /// The figures a baseline file records, by name.
    pub fn figures(&self) -> Vec<(&'static str, f64)> {
        vec![
            ("precision", round3(self.relation.precision())),
            ("recall", round3(self.relation.recall())),
            ("f1", round3(self.relation.f1())),
            ("strict_f1", round3(self.strict.f1())),
        ]
    }
}

fn round3(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}

/// Best scores recorded so far: `name = value` lines (TOML), only ever raised.
pub fn parse_baseline(path: &Path, text: &str) -> Result<BTreeMap<String, f64>> {
    crate::error::parse_toml(
        path,
        text,
        "baseline",
        "a baseline holds lines such as `precision = 0.85`",
    )
}

/// The figures that fell below the baseline: (name, now, best).
pub fn regressions(
    figures: &[(&str, f64)],
    baseline: &BTreeMap<String, f64>,
) -> Vec<(String, f64, f64)> {
    figures
        .iter()
        .filter_map(|&(name, now)| {
            let best = *baseline.get(name)?;
            (now + 1e-9 < best).then(|| (name.to_string(), now, best))
        })
        .collect()
}

/// The baseline raised to today's figures where they are better.
pub fn raised(figures: &[(&str, f64)], baseline: &BTreeMap<String, f64>, header: &str) -> String {
    let mut out = String::new();
    for line in header.lines() {
        let _ = writeln!(out, "# {line}");
    }
    for &(name, now) in figures {
        let best = baseline.get(name).copied().unwrap_or(0.0).max(now);
        let _ = writeln!(out, "{name} = {best:.3}");
    }
    out
}

/// The briefs of a corpus folder: every `NAME.gold.tsv` with its
/// `NAME.txt` beside it (and `NAME.actors.tsv` when there is one), by name.
pub fn corpus_briefs(dir: &Path) -> Result<Vec<String>> {
    let entries = std::fs::read_dir(dir).map_err(|e| Error::io(dir, e))?;
    let mut names = Vec::new();
    for e in entries {
        let e = e.map_err(|e| Error::io(dir, e))?;
        let file = e.file_name().to_string_lossy().into_owned();
        if let Some(name) = file.strip_suffix(".gold.tsv") {
            if dir.join(format!("{name}.txt")).is_file() {
                names.push(name.to_string());
            }
        }
    }
    names.sort();
    if names.is_empty() {
        return Err(Error::usage_hint(
            format!("{} holds no brief with gold annotations", dir.display()),
            "a corpus folder holds NAME.txt, NAME.gold.tsv and optionally NAME.actors.tsv per brief",
        ));
    }
    Ok(names)
}

/// One line per brief and the micro average over all their gold rows.
pub fn corpus_report(briefs: &[(String, Evaluation)]) -> String {
    let mut out = String::new();
    let width = briefs
        .iter()
        .map(|(n, _)| n.len())
        .max()
        .unwrap_or(5)
        .max(5);
    let _ = writeln!(
        out,
        "{:<width$}  precision  recall     F1  polarity   (matched / predicted / gold)",
        "brief"
    );
    let line = |out: &mut String, name: &str, s: &Score, strict: &Score| {
        let _ = writeln!(
            out,
            "{name:<width$}  {:>9.3}  {:>6.3}  {:>5.3}  {:>8.3}   ({} / {} / {})",
            s.precision(),
            s.recall(),
            s.f1(),
            ratio(strict.true_pos, s.true_pos),
            s.true_pos,
            s.predicted,
            s.gold
        );
    };
    let mut total = Score {
        true_pos: 0,
        predicted: 0,
        gold: 0,
    };
    let mut strict = total;
    for (name, e) in briefs {
        line(&mut out, name, &e.relation, &e.strict);
        for (t, s) in [(&mut total, &e.relation), (&mut strict, &e.strict)] {
            t.true_pos += s.true_pos;
            t.predicted += s.predicted;
            t.gold += s.gold;
        }
    }
    line(&mut out, "micro", &total, &strict);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOLD: &str = "subject\trelation\tobject\tcontext\tpolarity\tsentence_no\tevidence\n\
        Egypt\tREQUEST\tIsrael\t\t+\t1\tEgypt urged Israel\n\
        Qatar\tCONSULT\tHamas\t\t?\t2\tmay talk\n";

    #[test]
    fn gold_rows_parse_and_bad_rows_are_located() {
        let rows = parse_gold(Path::new("g.tsv"), GOLD).unwrap();
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[1].polarity, Polarity::Hedged);
        let bad = "subject\trelation\tobject\tcontext\tpolarity\n\
            A\tSUPORT\tB\t\t+\nA\tSUPPORT\tB\t\tmaybe\n";
        let err = parse_gold(Path::new("g.tsv"), bad).unwrap_err().to_string();
        assert!(
            err.contains("g.tsv:2:3: unknown relation class `SUPORT`"),
            "{err}"
        );
        assert!(err.contains("did you mean `SUPPORT`?"), "{err}");
        assert!(
            err.contains("g.tsv:3:14: unknown polarity `maybe`"),
            "{err}"
        );
    }

    #[test]
    fn baseline_only_goes_up() {
        let base = parse_baseline(Path::new("b.toml"), "precision = 0.8\nrecall = 0.5\n").unwrap();
        let figures = [("precision", 0.75), ("recall", 0.6)];
        assert_eq!(
            regressions(&figures, &base),
            vec![("precision".to_string(), 0.75, 0.8)]
        );
        let up = raised(&figures, &base, "best scores");
        assert!(up.contains("precision = 0.800\nrecall = 0.600\n"), "{up}");
    }
}

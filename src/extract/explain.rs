//! `extract --explain`: why each edge is there. For every relation, the tree
//! rule that made it, the quote, how an anaphor was resolved, and the
//! sentence's dependency tree, with the words of the quote marked.

use crate::extract::Extractor;
use crate::model::Relation;
use std::fmt::Write;

/// The explanation of `relations`, in their order, as plain text.
pub fn explain(relations: &[Relation], ex: &Extractor) -> String {
    let mut out = String::new();
    for r in relations {
        let _ = writeln!(
            out,
            "{} {} {}  ({}, {})",
            r.source,
            r.class.as_str(),
            r.target,
            r.predicate,
            r.polarity.as_str()
        );
        let Some(e) = r.evidence.first() else {
            out.push('\n');
            continue;
        };
        let at = e
            .sentence_no
            .map(|n| format!(", {} sentence {n}", e.source))
            .unwrap_or_default();
        match &e.rule {
            Some(rule) => {
                let _ = writeln!(out, "  tree rule `{rule}`{at}");
            }
            None => {
                let _ = writeln!(out, "  curated{at}");
            }
        }
        if let Some(q) = &e.quote {
            let _ = writeln!(out, "  quote: “{q}”");
        }
        if let Some(how) = &e.resolved {
            let _ = writeln!(out, "  resolved: {how}");
        }
        if let Some(who) = &e.attributed_to {
            let _ = writeln!(out, "  attributed to: {who}");
        }
        let tree = match (&e.sentence, &e.rule) {
            (Some(sentence), Some(_)) => ex.parse_sentence(sentence).map(|t| (t, sentence)),
            _ => None,
        };
        if let Some((tree, sentence)) = tree {
            let quote = e.quote.as_deref().unwrap_or("");
            // The quote's place in the sentence, to mark its words.
            let span = sentence.find(quote).map_or(0..0, |s| s..s + quote.len());
            out.push_str("  tree (id form upos head deprel; * in the quote):\n");
            for (i, t) in tree.tokens.iter().enumerate() {
                let mark = if t.start >= span.start && t.end <= span.end && !span.is_empty() {
                    '*'
                } else {
                    ' '
                };
                let _ = writeln!(
                    out,
                    "   {mark}{:>3} {:<18} {:<5} {:>3} {}",
                    i + 1,
                    &sentence[t.start..t.end],
                    t.upos.as_str(),
                    t.head,
                    t.deprel
                );
            }
        }
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_tree_edge_shows_its_rule_quote_and_tree() {
        let ex = Extractor::builtin();
        let out = ex.extract("demo", "Turkey sent drones to Azerbaijan in 2020.");
        let text = explain(&out.relations, &ex);
        assert!(text.starts_with("turkey AID azerbaijan"), "{text}");
        assert!(
            text.contains("quote: “Turkey sent drones to Azerbaijan”"),
            "{text}"
        );
        assert!(text.contains("obl"), "{text}");
        // The quote's words are marked, the rest not.
        assert!(text.lines().any(|l| l.contains("*  1 Turkey")), "{text}");
        assert!(text.lines().any(|l| l.contains("    7 2020")), "{text}");
    }
}

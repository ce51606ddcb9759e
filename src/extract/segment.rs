//! Sentence segmentation: byte ranges of the sentences of a body of text.
//!
//! Paragraphs are separated by blank lines; a Markdown heading or list item
//! starts a block of its own; a block that ends without a full stop (a
//! heading) is one sentence. Inside a block a sentence ends at `.`, `?` or
//! `!` (closing quotes and brackets included) followed by white space and a
//! capital letter or digit (an opening quote may come first), unless the
//! word before the full stop is an abbreviation (`U.S.`, `Gen.`, `No.`, an
//! initial, anything spelled with inner full stops such as `e.g.`).

use std::collections::HashSet;

/// One sentence: its byte range in the text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

/// The longest sentence kept whole, in bytes. Longer runs of text with no
/// full stop (a table flattened into one line, a 50 MB line of garbage) are
/// cut at the last white space before the limit, so the work per sentence
/// stays bounded and extraction stays linear in the size of the text.
pub const MAX_SENTENCE: usize = 2000;

/// Splits `text` into sentences; `abbreviations` are written without their
/// final full stop (`Gen`, `U.S`).
pub fn sentences(text: &str, abbreviations: &HashSet<String>) -> Vec<Span> {
    let mut out = Vec::new();
    for block in blocks(text) {
        split_block(text, block, abbreviations, &mut out);
    }
    if out.iter().any(|s| s.end - s.start > MAX_SENTENCE) {
        out = out.into_iter().flat_map(|s| cut(text, s)).collect();
    }
    out
}

/// Cuts an over-long sentence into pieces of at most [`MAX_SENTENCE`] bytes.
fn cut(text: &str, span: Span) -> Vec<Span> {
    let mut out = Vec::new();
    let mut start = span.start;
    while span.end - start > MAX_SENTENCE {
        let mut end = start + MAX_SENTENCE;
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        let piece = &text[start..end];
        let at = piece
            .rfind(char::is_whitespace)
            .filter(|&i| i > 0)
            .map_or(end, |i| start + i);
        push(text, start, at, &mut out);
        start = at;
        while start < span.end && text.as_bytes()[start].is_ascii_whitespace() {
            start += 1;
        }
    }
    push(text, start, span.end, &mut out);
    out
}

/// Paragraph blocks: runs of non-blank lines; headings and list items start
/// their own block, and a heading is a block by itself.
fn blocks(text: &str) -> Vec<Span> {
    let mut out = Vec::new();
    let mut cur: Option<Span> = None;
    let mut pos = 0;
    for line in text.split_inclusive('\n') {
        let start = pos;
        pos += line.len();
        let trimmed = line.trim();
        if trimmed.is_empty() {
            out.extend(cur.take());
            continue;
        }
        let lead = line.len() - line.trim_start().len();
        let content_start = start + lead;
        let content_end = start + line.trim_end().len();
        let heading = trimmed.starts_with('#');
        let item = is_list_item(trimmed);
        if heading || item {
            out.extend(cur.take());
        }
        let content_start = if heading {
            let hashes = trimmed.len() - trimmed.trim_start_matches('#').len();
            let rest = &trimmed[hashes..];
            content_start + hashes + (rest.len() - rest.trim_start().len())
        } else {
            content_start
        };
        match &mut cur {
            Some(span) => span.end = content_end,
            None => {
                cur = Some(Span {
                    start: content_start,
                    end: content_end,
                })
            }
        }
        if heading {
            out.extend(cur.take());
        }
    }
    out.extend(cur);
    out.retain(|s| s.end > s.start);
    out
}

fn is_list_item(line: &str) -> bool {
    let b = line.as_bytes();
    if b.len() >= 2 && matches!(b[0], b'-' | b'*' | b'+') && b[1] == b' ' {
        return true;
    }
    let digits = b.iter().take_while(|c| c.is_ascii_digit()).count();
    digits > 0 && digits < 4 && b.len() > digits + 1 && b[digits] == b'.' && b[digits + 1] == b' '
}

const CLOSERS: &[char] = &['"', '\'', ')', ']', '”', '’', '»'];
const OPENERS: &[char] = &['"', '\'', '(', '[', '“', '‘', '«'];

fn split_block(text: &str, block: Span, abbreviations: &HashSet<String>, out: &mut Vec<Span>) {
    let bytes = text.as_bytes();
    let mut start = block.start;
    let mut i = block.start;
    while i < block.end {
        let b = bytes[i];
        if b == b')' {
            if let Some(next) = opener_after_bracket(text, i + 1, block.end) {
                push(text, start, i + 1, out);
                start = next;
                i = next;
                continue;
            }
        }
        if !matches!(b, b'.' | b'?' | b'!') {
            i += 1;
            continue;
        }
        let stop = i;
        let mut j = i + 1;
        while j < block.end {
            match text[j..].chars().next() {
                Some(c) if CLOSERS.contains(&c) => j += c.len_utf8(),
                _ => break,
            }
        }
        let mut k = j;
        while k < block.end && bytes[k].is_ascii_whitespace() {
            k += 1;
        }
        if k == j || k >= block.end {
            i = j.max(i + 1);
            continue;
        }
        let mut m = k;
        while m < block.end {
            match text[m..].chars().next() {
                Some(c) if OPENERS.contains(&c) => m += c.len_utf8(),
                _ => break,
            }
        }
        let starts_sentence = text[m..]
            .chars()
            .next()
            .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit());
        if starts_sentence
            && !(b == b'.' && is_abbreviation(text, block.start, stop, abbreviations))
        {
            push(text, start, j, out);
            start = k;
        }
        i = k;
    }
    push(text, start, block.end, out);
}

/// Words that begin a sentence and, capitalised, nothing else: determiners,
/// pronouns, prepositions, subordinators and sentence adverbs. A capitalised
/// name may follow a bracket inside a sentence (`the Rapid Support Forces
/// (RSF) Commander …`); these words do not.
const SENTENCE_OPENERS: &[&str] = &[
    "A",
    "After",
    "Although",
    "An",
    "As",
    "At",
    "Before",
    "Between",
    "But",
    "By",
    "Despite",
    "During",
    "Following",
    "For",
    "From",
    "He",
    "However",
    "If",
    "In",
    "It",
    "Its",
    "Meanwhile",
    "Moreover",
    "On",
    "Since",
    "She",
    "Such",
    "That",
    "The",
    "Their",
    "There",
    "These",
    "They",
    "This",
    "Those",
    "Though",
    "Under",
    "We",
    "When",
    "While",
    "With",
    "Yet",
];

/// Where the next sentence starts when a closing bracket ends one whose
/// full stop was lost (`… for security coordination) Between 2012 and
/// 2013, …`, as text copied from a web page often has it): white space,
/// then a capitalised [`SENTENCE_OPENERS`] word and a space.
fn opener_after_bracket(text: &str, after: usize, end: usize) -> Option<usize> {
    let rest = &text[after..end];
    let next = rest.trim_start();
    if next.len() == rest.len() || rest[..rest.len() - next.len()].contains("\n\n") {
        return None;
    }
    let word = next.split(|c: char| !c.is_alphabetic()).next()?;
    let followed_by_space = next[word.len()..].starts_with(' ');
    (followed_by_space && SENTENCE_OPENERS.contains(&word)).then(|| end - next.len())
}

fn push(text: &str, start: usize, end: usize, out: &mut Vec<Span>) {
    let s = &text[start..end];
    let lead = s.len() - s.trim_start().len();
    let trimmed = s.trim();
    if !trimmed.is_empty() {
        out.push(Span {
            start: start + lead,
            end: start + lead + trimmed.len(),
        });
    }
}

/// Whether the word ending at the full stop `stop` is an abbreviation.
fn is_abbreviation(text: &str, floor: usize, stop: usize, abbreviations: &HashSet<String>) -> bool {
    let before = &text[floor..stop];
    let word_start = before
        .rfind(|c: char| c.is_whitespace() || OPENERS.contains(&c))
        .map_or(0, |i| {
            i + before[i..].chars().next().map_or(1, char::len_utf8)
        });
    let word = &before[word_start..];
    if word.is_empty() {
        return false;
    }
    if abbreviations.contains(word) {
        return true;
    }
    let mut chars = word.chars();
    // An initial: `John F. Kennedy`.
    if let (Some(c), None) = (chars.next(), chars.next()) {
        return c.is_uppercase();
    }
    // Letters with inner full stops: `U.N.`, `e.g.`, `a.m.`.
    word.contains('.')
        && word
            .split('.')
            .all(|part| part.chars().count() <= 2 && part.chars().all(char::is_alphabetic))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(text: &str) -> Vec<&str> {
        let abbr: HashSet<String> = ["Gen", "Dr", "No", "Mr", "St", "Lt", "Col"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        sentences(text, &abbr)
            .into_iter()
            .map(|s| &text[s.start..s.end])
            .collect()
    }

    #[test]
    fn abbreviations_initials_and_numbers_do_not_end_sentences() {
        let text = "The U.S. Army met Gen. Smith and Dr. Jones on Friday. Resolution No. 12 passed, e.g. by vote. \
                    A grant of $21.7 billion followed. John F. Kennedy spoke.";
        assert_eq!(
            split(text),
            vec![
                "The U.S. Army met Gen. Smith and Dr. Jones on Friday.",
                "Resolution No. 12 passed, e.g. by vote.",
                "A grant of $21.7 billion followed.",
                "John F. Kennedy spoke."
            ]
        );
    }

    #[test]
    fn quotes_headings_and_paragraphs() {
        let text = "Policy Shifts in Context\n\nHe said, “We are done.” Then he left. “Next,” she added.\n\
                    # A Markdown heading\nWrapped lines\nstay one sentence. Really?\n- a list item\n- another one";
        assert_eq!(
            split(text),
            vec![
                "Policy Shifts in Context",
                "He said, “We are done.”",
                "Then he left.",
                "“Next,” she added.",
                "A Markdown heading",
                "Wrapped lines\nstay one sentence.",
                "Really?",
                "- a list item",
                "- another one"
            ]
        );
    }

    #[test]
    fn over_long_sentences_are_cut_at_white_space() {
        let word = "lorem ";
        let text = word.repeat(1000);
        let parts = split(&text);
        assert!(parts.len() >= 3, "{}", parts.len());
        assert!(parts
            .iter()
            .all(|p| p.len() <= MAX_SENTENCE && p.starts_with("lorem")));
        let one_word = "x".repeat(5000);
        assert_eq!(split(&one_word).concat(), one_word);
    }

    #[test]
    fn a_bracket_before_a_sentence_opener_ends_a_sentence_that_lost_its_stop() {
        assert_eq!(
            split("Talks stalled (both sides blamed the other) In 2021, Egypt mediated again. \
                   The Rapid Support Forces (RSF) Commander spoke. Aid (food) A lot came (some) Anna left."),
            vec![
                "Talks stalled (both sides blamed the other)",
                "In 2021, Egypt mediated again.",
                "The Rapid Support Forces (RSF) Commander spoke.",
                "Aid (food)",
                "A lot came (some) Anna left."
            ]
        );
    }

    #[test]
    fn lower_case_after_a_stop_and_ellipsis_do_not_split() {
        assert_eq!(
            split("They want calm…we gave approval. it goes on. Fine."),
            vec!["They want calm…we gave approval. it goes on.", "Fine."]
        );
    }
}

//! Explicit dates in a sentence (`On October 17, 2025`, `In July 2025`,
//! `since October 7, 2023`, `between 2012 and 2013`), as ISO 8601 values.

/// The month a word names (`October`, `Oct`, `Sept`), 1-based.
pub fn month(word: &str) -> Option<u32> {
    const MONTHS: [&str; 12] = [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ];
    let w = word.trim_end_matches('.');
    // Month names are capitalised in running text; `may` and `march` are verbs.
    if !(3..=9).contains(&w.len()) || !w.starts_with(|c: char| c.is_ascii_uppercase()) {
        return None;
    }
    if let Some(i) = MONTHS.iter().position(|m| m.eq_ignore_ascii_case(w)) {
        return Some(i as u32 + 1);
    }
    if w.eq_ignore_ascii_case("sept") {
        return Some(9);
    }
    if w.len() == 3 && !w.eq_ignore_ascii_case("may") && !w.eq_ignore_ascii_case("mar") {
        return MONTHS
            .iter()
            .position(|m| m[..3].eq_ignore_ascii_case(w))
            .map(|i| i as u32 + 1);
    }
    None
}

/// A year written as four digits, 1800–2100.
pub fn year(word: &str) -> Option<u32> {
    (word.len() == 4 && word.bytes().all(|b| b.is_ascii_digit()))
        .then(|| word.parse().ok())
        .flatten()
        .filter(|y| (1800..=2100).contains(y))
}

/// A decade written `1980s`: its first and last year.
pub fn decade(word: &str) -> Option<(u32, u32)> {
    let digits = word.strip_suffix('s')?;
    let y = year(digits)?;
    (y % 10 == 0).then_some((y, y + 9))
}

/// A day of the month (`17`, `17th`).
pub fn day(word: &str) -> Option<u32> {
    let digits: String = word.chars().take_while(char::is_ascii_digit).collect();
    let rest = &word[digits.len()..];
    if digits.is_empty() || digits.len() > 2 || !matches!(rest, "" | "st" | "nd" | "rd" | "th") {
        return None;
    }
    digits.parse().ok().filter(|d| (1..=31).contains(d))
}

/// A date value: an ISO point (`2025-10-17`, `2025-10`, `2025`) or interval.
pub fn point(y: u32, m: Option<u32>, d: Option<u32>) -> String {
    match (m, d) {
        (Some(m), Some(d)) => format!("{y:04}-{m:02}-{d:02}"),
        (Some(m), None) => format!("{y:04}-{m:02}"),
        _ => format!("{y:04}"),
    }
}

/// Applies the preposition that governs a date: `since X` is `X/..`,
/// `by X`/`until X`/`before X` is `../X`; others leave it a point.
pub fn govern(prep: Option<&str>, value: String) -> String {
    match prep {
        Some("since") | Some("from") | Some("after") => format!("{value}/.."),
        Some("by") | Some("until") | Some("till") | Some("before") => format!("../{value}"),
        _ => value,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::is_iso_date;

    #[test]
    fn parts_parse_and_values_are_iso() {
        assert_eq!(month("October"), Some(10));
        assert_eq!(month("Sept."), Some(9));
        assert_eq!(month("may"), None);
        assert_eq!(month("May"), Some(5));
        assert_eq!(day("17th"), Some(17));
        assert_eq!(day("32"), None);
        assert_eq!(year("2025"), Some(2025));
        assert_eq!(year("104"), None);
        assert_eq!(decade("1980s"), Some((1980, 1989)));
        for v in [
            point(2025, Some(10), Some(17)),
            point(2025, Some(7), None),
            govern(Some("since"), point(2023, Some(10), Some(7))),
            govern(Some("by"), point(1984, None, None)),
        ] {
            assert!(is_iso_date(&v), "{v}");
        }
    }
}

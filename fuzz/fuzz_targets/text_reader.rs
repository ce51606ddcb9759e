//! The brief reader (header fields or Markdown front matter, then the body)
//! and the sentence splitter on arbitrary text: sentences are in order, do
//! not overlap, lie on character boundaries inside the body and are at most
//! MAX_SENTENCE bytes long.
#![no_main]

use briefgraph::extract::segment::{sentences, MAX_SENTENCE};
use briefgraph::extract::Brief;
use libfuzzer_sys::fuzz_target;
use std::collections::HashSet;
use std::sync::LazyLock;

static ABBREVIATIONS: LazyLock<HashSet<String>> = LazyLock::new(|| {
    ["Gen", "U.S", "No", "Mr", "e.g", "St"]
        .into_iter()
        .map(String::from)
        .collect()
});

fuzz_target!(|text: &str| {
    let brief = Brief::parse(text);
    assert_eq!(&text[brief.offset..], brief.body);
    let body = brief.body;
    let mut last = 0;
    for s in sentences(body, &ABBREVIATIONS) {
        assert!(s.start >= last && s.start <= s.end && s.end <= body.len(), "{s:?}");
        assert!(body.is_char_boundary(s.start) && body.is_char_boundary(s.end), "{s:?}");
        assert!(s.end - s.start <= MAX_SENTENCE, "{s:?}");
        last = s.end;
    }
});

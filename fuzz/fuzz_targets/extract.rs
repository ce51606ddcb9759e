//! The rule extractor (built-in registry, vocabulary, rules and parser) on
//! arbitrary text, as `extract --discover` and `extract --explain` run it
//! (parse, candidates, coreference, tree rules).
//! Never a panic; every relation it finds has evidence and its graph writes as
//! JSON.
#![no_main]

use briefgraph::extract::Extractor;
use libfuzzer_sys::fuzz_target;
use std::sync::LazyLock;

static EXTRACTOR: LazyLock<Extractor> = LazyLock::new(Extractor::builtin);

fuzz_target!(|text: &str| {
    let extraction = EXTRACTOR.discover("fuzz", text);
    let _ = briefgraph::extract::explain::explain(&extraction.relations, &EXTRACTOR);
    let graph = briefgraph::extract::assemble("fuzz", [extraction]);
    for r in graph.relations() {
        assert!(!r.evidence.is_empty(), "relation without evidence");
    }
    let _ = briefgraph::sinks::json::write(&graph);
});

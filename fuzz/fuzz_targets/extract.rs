//! The rule extractor (built-in registry, vocabulary and rules) on arbitrary
//! text: never a panic; every relation it finds has evidence and its graph
//! writes as JSON.
#![no_main]

use briefgraph::extract::Extractor;
use libfuzzer_sys::fuzz_target;
use std::sync::LazyLock;

static EXTRACTOR: LazyLock<Extractor> = LazyLock::new(Extractor::builtin);

fuzz_target!(|text: &str| {
    let extraction = EXTRACTOR.discover("fuzz", text);
    let graph = briefgraph::extract::assemble("fuzz", [extraction]);
    for r in graph.relations() {
        assert!(!r.evidence.is_empty(), "relation without evidence");
    }
    let _ = briefgraph::sinks::json::write(&graph);
});

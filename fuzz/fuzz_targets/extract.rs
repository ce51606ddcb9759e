//! The rule extractor (built-in registry, vocabulary and rules) on arbitrary
//! text, both passes: the token patterns with discovery, and what `extract`
//! runs by default (parse, candidates, coreference, tree rules, `--explain`).
//! Never a panic; every relation it finds has evidence and its graph writes as
//! JSON.
#![no_main]

use briefgraph::extract::Extractor;
use briefgraph::syntax::Model;
use libfuzzer_sys::fuzz_target;
use std::sync::{Arc, LazyLock};

static EXTRACTOR: LazyLock<Extractor> = LazyLock::new(Extractor::builtin);
static TREES: LazyLock<Extractor> =
    LazyLock::new(|| Extractor::builtin().with_parser(Arc::new(Model::builtin())));

fuzz_target!(|text: &str| {
    let extraction = EXTRACTOR.discover("fuzz", text);
    let trees = TREES.extract("fuzz", text);
    let _ = briefgraph::extract::explain::explain(&trees.relations, Some(&*TREES));
    let graph = briefgraph::extract::assemble("fuzz", [extraction, trees]);
    for r in graph.relations() {
        assert!(!r.evidence.is_empty(), "relation without evidence");
    }
    let _ = briefgraph::sinks::json::write(&graph);
});

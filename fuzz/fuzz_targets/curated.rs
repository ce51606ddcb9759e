//! The curated-triples parser on arbitrary text: it must return a result or
//! diagnostics, never panic, and every diagnostic must draw.
#![no_main]

use briefgraph::registry::Registry;
use briefgraph::sources::curated;
use briefgraph::vocabulary::Vocabulary;
use libfuzzer_sys::fuzz_target;
use std::path::Path;
use std::sync::LazyLock;

static REGISTRY: LazyLock<Registry> = LazyLock::new(Registry::builtin);
static VOCAB: LazyLock<Vocabulary> = LazyLock::new(Vocabulary::builtin);

fuzz_target!(|text: &str| {
    match curated::parse(Path::new("fuzz.triples"), text, &REGISTRY, &VOCAB) {
        Ok(parsed) => {
            let graph = briefgraph::project::assemble("fuzz", [parsed]);
            let _ = briefgraph::sinks::json::write(&graph);
        }
        Err(e) => {
            let shown = e.to_string();
            assert!(shown.len() < 64 * 1024, "{} bytes of diagnostics", shown.len());
        }
    }
});

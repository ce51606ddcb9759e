//! The node-link JSON importer on arbitrary text: a graph or diagnostics,
//! never a panic; a graph it reads is written back as JSON and GraphML, and
//! both read again into the same JSON.
#![no_main]

use briefgraph::sinks;
use briefgraph::sources::{graphml, json};
use briefgraph::vocabulary::Vocabulary;
use libfuzzer_sys::fuzz_target;
use std::path::Path;
use std::sync::LazyLock;

static VOCAB: LazyLock<Vocabulary> = LazyLock::new(Vocabulary::builtin);

fuzz_target!(|text: &str| {
    match json::parse(Path::new("fuzz.json"), text, &VOCAB) {
        Ok(graph) => {
            let out = sinks::json::write(&graph);
            let again = json::parse(Path::new("fuzz.json"), std::str::from_utf8(&out).unwrap(), &VOCAB)
                .expect("briefgraph reads back the JSON it writes");
            assert_eq!(sinks::json::write(&again), out, "JSON round trip");
            let xml = sinks::graphml::write(&graph);
            let back = graphml::parse(Path::new("fuzz.json"), std::str::from_utf8(&xml).unwrap(), &VOCAB)
                .expect("briefgraph reads back the GraphML it writes");
            assert_eq!(sinks::json::write(&back), out, "GraphML round trip");
        }
        Err(e) => {
            let shown = e.to_string();
            assert!(shown.len() < 64 * 1024, "{} bytes of diagnostics", shown.len());
        }
    }
});

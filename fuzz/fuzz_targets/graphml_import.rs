//! The GraphML importer on arbitrary text: a graph or diagnostics, never a
//! panic; a graph it reads is written back as GraphML and read again into
//! the same graph.
#![no_main]

use briefgraph::sinks;
use briefgraph::sources::graphml;
use briefgraph::vocabulary::Vocabulary;
use libfuzzer_sys::fuzz_target;
use std::path::Path;
use std::sync::LazyLock;

static VOCAB: LazyLock<Vocabulary> = LazyLock::new(Vocabulary::builtin);

fuzz_target!(|text: &str| {
    match graphml::parse(Path::new("fuzz.graphml"), text, &VOCAB) {
        Ok(graph) => {
            let xml = sinks::graphml::write(&graph);
            let back = graphml::parse(Path::new("fuzz.graphml"), std::str::from_utf8(&xml).unwrap(), &VOCAB)
                .expect("briefgraph reads back the GraphML it writes");
            assert_eq!(sinks::graphml::write(&back), xml, "GraphML round trip");
        }
        Err(e) => {
            let shown = e.to_string();
            assert!(shown.len() < 64 * 1024, "{} bytes of diagnostics", shown.len());
        }
    }
});

//! The GraphML importer on arbitrary text: a graph or diagnostics, never a
//! panic; a graph it reads is written back as GraphML and read again into
//! the same graph; the graph built as the file is read (`parse`) is the one
//! assembled from the lists (`parts`), and so are the messages.
#![no_main]

use briefgraph::sinks;
use briefgraph::sources::{attrs, graphml};
use briefgraph::vocabulary::Vocabulary;
use libfuzzer_sys::fuzz_target;
use std::path::Path;
use std::sync::LazyLock;

static VOCAB: LazyLock<Vocabulary> = LazyLock::new(Vocabulary::builtin);

fuzz_target!(|text: &str| {
    let parsed = graphml::parse(Path::new("fuzz.graphml"), text, &VOCAB);
    let general = graphml::parts(Path::new("fuzz.graphml"), text, &VOCAB).map(attrs::assemble);
    match (&parsed, &general) {
        (Ok(a), Ok(b)) => assert_eq!(sinks::json::write(a), sinks::json::write(b), "built as read"),
        (Err(a), Err(b)) => assert_eq!(a.to_string(), b.to_string(), "messages"),
        _ => panic!("built as read: {}; assembled: {}", parsed.is_ok(), general.is_ok()),
    }
    match parsed {
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

//! The node-link JSON importer on arbitrary text: a graph or diagnostics,
//! never a panic; a graph it reads is written back as JSON and GraphML, and
//! both read again into the same JSON. Merged with itself, it gives the
//! same graph and report (or the same problems) whether `merge` reads it
//! as briefgraph's own JSON or the general way.
#![no_main]

use briefgraph::graph::merge::Merger;
use briefgraph::registry::Registry;
use briefgraph::sinks;
use briefgraph::sources::{graphml, json, merge_json_twice};
use briefgraph::vocabulary::Vocabulary;
use libfuzzer_sys::fuzz_target;
use std::path::Path;
use std::sync::LazyLock;

static VOCAB: LazyLock<Vocabulary> = LazyLock::new(Vocabulary::builtin);
static REGISTRY: LazyLock<Registry> = LazyLock::new(Registry::builtin);
// The registry indexed once, not for every input.
static MERGER: LazyLock<Merger<'static>> = LazyLock::new(|| Merger::new(&REGISTRY));

fuzz_target!(|text: &str| {
    let twice = |plain| merge_json_twice(Path::new("fuzz.json"), text, &MERGER, &VOCAB, plain);
    match (twice(true), twice(false)) {
        (Ok(a), Ok(b)) => {
            assert_eq!(
                sinks::json::write(&a.graph),
                sinks::json::write(&b.graph),
                "merged graph"
            );
            assert_eq!(
                format!("{:?}", a.report),
                format!("{:?}", b.report),
                "merge report"
            );
        }
        (Err(a), Err(b)) => assert_eq!(a.to_string(), b.to_string(), "merge errors"),
        (a, b) => panic!(
            "merged one way, not the other: {:?} against {:?}",
            a.is_ok(),
            b.is_ok()
        ),
    }
    match json::parse(Path::new("fuzz.json"), text, &VOCAB) {
        Ok(graph) => {
            let out = sinks::json::write(&graph);
            let again = json::parse(
                Path::new("fuzz.json"),
                std::str::from_utf8(&out).unwrap(),
                &VOCAB,
            )
            .expect("briefgraph reads back the JSON it writes");
            assert_eq!(sinks::json::write(&again), out, "JSON round trip");
            let xml = sinks::graphml::write(&graph);
            let back = graphml::parse(
                Path::new("fuzz.json"),
                std::str::from_utf8(&xml).unwrap(),
                &VOCAB,
            )
            .expect("briefgraph reads back the GraphML it writes");
            assert_eq!(sinks::json::write(&back), out, "GraphML round trip");
        }
        Err(e) => {
            let shown = e.to_string();
            assert!(
                shown.len() < 64 * 1024,
                "{} bytes of diagnostics",
                shown.len()
            );
        }
    }
});

//! Inputs the fuzzers (fuzz/) found failing, run the way a user would.

mod common;

use common::Sandbox;

/// json_import: an edge whose `key` differs from its id (found by mutating
/// one byte of a key) lost the key on the way through GraphML, so
/// JSON -> GraphML -> JSON differed from JSON -> JSON.
#[test]
fn an_edge_key_other_than_its_id_survives_graphml() {
    let sb = Sandbox::new();
    let input = std::fs::read(common::root().join("tests/data/fuzz-json-key-not-id.json")).unwrap();
    sb.write("in.json", &input);
    sb.run(&["convert", "in.json", "-o", "direct.json"])
        .success();
    sb.run(&["convert", "in.json", "-o", "via.graphml"])
        .success();
    sb.run(&["convert", "via.graphml", "-o", "back.json"])
        .success();
    let direct = std::fs::read_to_string(sb.join("direct.json")).unwrap();
    assert!(
        direct.contains("\"key\": \"ed8a82d1ffc21357b\""),
        "{direct}"
    );
    assert_eq!(
        std::fs::read_to_string(sb.join("back.json")).unwrap(),
        direct
    );
}

/// extract: a brief whose header lines also read as a sentence made
/// discovery index past the sentence's tokens (index out of bounds).
#[test]
fn discovery_on_a_header_that_reads_as_a_sentence_does_not_panic() {
    let sb = Sandbox::new();
    let text =
        std::fs::read_to_string(common::root().join("tests/data/fuzz-extract-header.txt")).unwrap();
    sb.write("b.txt", &text);
    let run = sb.run(&["extract", "b.txt", "--discover"]);
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    run.success();
}

/// curated: a line of a NUL-filled word left the parser with no words where
/// it looked for a mistyped predicate (slice index out of range).
#[test]
fn a_curated_line_of_control_characters_is_an_error_not_a_panic() {
    let sb = Sandbox::new();
    let input =
        std::fs::read(common::root().join("tests/data/fuzz-curated-control-line.triples")).unwrap();
    sb.write("data/curated/x.triples", &input);
    let run = sb.run(&["build", "data", "-o", "out", "--no-render"]);
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    run.failure();
    assert!(run.stderr.contains("x.triples:"), "{}", run.stderr);
    assert!(!sb.join("out/graph.json").exists());
}

//! Bad input: a message naming file, line and column with what was expected
//! and a suggestion, a non-zero exit code, and no export written or touched.

mod common;

use common::Sandbox;

/// A data directory with one curated file, built into `out/`, which already
/// holds an export from an earlier good build: it must stay as it was.
fn build_with(triples: &[u8]) -> (Sandbox, common::Run) {
    let sb = Sandbox::new();
    sb.write("data/curated/good.triples", "US operates CMCC\n");
    sb.run(&["build", "data", "-o", "out"]).success();
    sb.write("data/curated/bad.triples", triples);
    let before = std::fs::read(sb.join("out/graph.json")).unwrap();
    let run = sb.run(&["build", "data", "-o", "out"]);
    run.failure();
    assert_eq!(
        std::fs::read(sb.join("out/graph.json")).unwrap(),
        before,
        "export changed"
    );
    let leftovers: Vec<String> = sb
        .files("out")
        .into_iter()
        .filter(|f| f.contains(".tmp"))
        .collect();
    assert!(leftovers.is_empty(), "temporary files left: {leftovers:?}");
    (sb, run)
}

#[test]
fn unknown_actor_names_the_place_and_suggests_a_name() {
    let (_sb, run) = build_with(b"# header\nUS operates CMCCC\n");
    run.stderr_has("bad.triples:2:13: unknown actor `CMCCC`")
        .stderr_has("^^^^^ expected an actor name, alias or id from the registry")
        .stderr_has("did you mean `CMCC`?");
    assert_eq!(run.code, 1);
}

#[test]
fn unknown_predicate_suggests_the_closest_form() {
    let (_sb, run) = build_with(b"US operats CMCC\n");
    run.stderr_has("bad.triples:1:4: unknown predicate `operats`")
        .stderr_has("did you mean `operates`?");
}

#[test]
fn malformed_lines_are_all_reported() {
    let (_sb, run) = build_with(
        b"US operates\nUS operates CMCC | date: 17 October\nUS operates CMCC | colour: red\nUS operates CMCC near Gaza\n@sauce x\n",
    );
    run.stderr_has("bad.triples:1:12: the triple has no object")
        .stderr_has("bad.triples:2:26: invalid date `17 October`")
        .stderr_has("expected an ISO date")
        .stderr_has("bad.triples:3:20: unknown attribute `colour`")
        .stderr_has("bad.triples:4:18: unexpected `near Gaza` after the object")
        .stderr_has("bad.triples:5:1: unknown directive `@sauce`");
}

#[test]
fn non_utf8_text_names_the_position_of_the_bad_byte() {
    let (_sb, run) = build_with(b"US operates CMCC\nIsrael opposes Turkey in \xff\n");
    run.stderr_has("bad.triples:2:26: file is not valid UTF-8 text")
        .stderr_has("iconv");
}

#[test]
fn a_missing_data_directory_or_input_file_is_named() {
    let sb = Sandbox::new();
    let run = sb.run(&["build", "no-such-dir", "-o", "out"]);
    run.failure()
        .stderr_has("no-such-dir: No such file or directory");
    assert!(!sb.join("out").exists(), "nothing may be written");
    let run = sb.run(&["convert", "missing.json", "-o", "x.graphml"]);
    run.failure()
        .stderr_has("missing.json: No such file or directory");
    assert!(!sb.join("x.graphml").exists());
}

#[test]
fn a_bad_registry_file_is_reported_with_its_position() {
    let sb = Sandbox::new();
    sb.write(
        "data/registry/a.toml",
        "[[actor]]\nid = \"x\"\nname = \"X\"\nkind = \"stat\"\n",
    );
    sb.write("data/curated/a.triples", "X supports X\n");
    sb.run(&["build", "data", "-o", "out"])
        .failure()
        .stderr_has("a.toml:4:8: unknown actor kind `stat`")
        .stderr_has("did you mean `state`?");
    assert!(!sb.join("out").exists());
}

#[test]
fn bad_graph_json_is_reported_with_its_position_and_nothing_is_written() {
    let sb = Sandbox::new();
    sb.write("g.json", "{\"directed\": true, \"nodes\": [{\"id\": \"a\"}],\n \"edges\": [{\"source\": \"a\", \"target\": \"b\", \"class\": \"AID\"}]}");
    sb.run(&["convert", "g.json", "-o", "g.dot"])
        .failure()
        .stderr_has("g.json:2:12: edges[0]: edge refers to missing node `b`");
    sb.write("t.json", "{\"nodes\": [\n  {\"id\": \"a\"},\n  {\"id\": ");
    sb.run(&["convert", "t.json", "-o", "g.dot"])
        .failure()
        .stderr_has("t.json:3:");
    assert!(!sb.join("g.dot").exists());
}

#[test]
fn unknown_output_extension_asks_for_a_format() {
    let sb = Sandbox::new();
    sb.write("data/curated/a.triples", "US operates CMCC\n");
    sb.run(&["build", "data", "-o", "out"]).success();
    sb.run(&["convert", "out/graph.json", "-o", "g.xyz"])
        .failure()
        .stderr_has("unknown file extension `.xyz`")
        .stderr_has("known formats: json");
    assert!(!sb.join("g.xyz").exists());
}

//! `briefgraph build` on the bundled data: what it writes, that it is
//! deterministic, and that the committed `exports/` are what it writes.

mod common;

use common::{root, Sandbox};
use std::fs;

#[test]
fn build_writes_every_export_of_the_bundled_data() {
    let sb = Sandbox::new();
    let data = root().join("graph-data");
    let run = sb.run(&["build", data.to_str().unwrap(), "-o", "out"]);
    run.success().stderr_has("actors");
    let files = sb.files("out");
    for needed in ["graph.json", "graph.graphml", "graph.dot"] {
        assert!(
            files.contains(&needed.to_string()),
            "{needed} missing from {files:?}"
        );
    }
    let json: serde_json::Value =
        serde_json::from_slice(&fs::read(sb.join("out/graph.json")).unwrap()).unwrap();
    let nodes = json["nodes"].as_array().unwrap();
    let edges = json["edges"].as_array().unwrap();
    assert!(nodes.len() >= 30, "{} actors", nodes.len());
    assert!(edges.len() >= 40, "{} relations", edges.len());
    // The two product-card lines are in the bundled data and come out as edges.
    let has = |s: &str, p: &str, t: &str, ctx: Option<&str>| {
        edges.iter().any(|e| {
            e["source"] == s
                && e["predicate"] == p
                && e["target"] == t
                && ctx.is_none_or(|c| e["context"] == c)
        })
    };
    assert!(has("united-states", "operates", "cmcc", None));
    assert!(has(
        "israel",
        "opposes",
        "turkey",
        Some("International Stabilization Force")
    ));
    for e in edges {
        assert_eq!(e["key"], e["id"], "key must equal id for NetworkX");
        assert!(
            !e["evidence"].as_array().unwrap().is_empty(),
            "edge without evidence: {e}"
        );
        assert!(["curated", "extracted"].contains(&e["origin"].as_str().unwrap()));
    }
}

#[test]
fn build_twice_gives_byte_identical_files() {
    let sb = Sandbox::new();
    let data = root().join("graph-data");
    sb.run(&["build", data.to_str().unwrap(), "-o", "a"])
        .success();
    sb.run(&["build", data.to_str().unwrap(), "-o", "b"])
        .success();
    let files = sb.files("a");
    assert_eq!(files, sb.files("b"));
    for f in &files {
        let a = fs::read(sb.join("a").join(f)).unwrap();
        let b = fs::read(sb.join("b").join(f)).unwrap();
        assert!(a == b, "{f} differs between two builds");
    }
}

/// The committed exports/ must be what `build` writes today; when this
/// fails, run `cargo run --release -- build` and commit exports/.
#[test]
fn committed_exports_are_up_to_date() {
    let sb = Sandbox::new();
    // Run from the project root with the defaults, as the README says.
    let out = sb.join("exports");
    let run = common::run_in(&root(), &["build", "-o", out.to_str().unwrap()]);
    run.success();
    let committed = root().join("exports");
    let mut want: Vec<String> = fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    want.sort();
    for f in &want {
        let fresh = fs::read(out.join(f)).unwrap();
        let old = fs::read(committed.join(f)).unwrap_or_default();
        assert!(
            fresh == old,
            "exports/{f} is stale: run `cargo run --release -- build` and commit exports/"
        );
    }
}

#[test]
fn convert_writes_to_stdout_and_takes_the_format_from_the_flag_or_extension() {
    let sb = Sandbox::new();
    let data = root().join("graph-data");
    sb.run(&["build", data.to_str().unwrap(), "-o", "out"])
        .success();
    let run = sb.run(&["convert", "out/graph.json", "-o", "-", "--format", "dot"]);
    run.success();
    assert_eq!(
        run.stdout.as_bytes(),
        fs::read(sb.join("out/graph.dot")).unwrap()
    );
    sb.run(&["convert", "out/graph.json", "-o", "copy.graphml"])
        .success();
    assert_eq!(
        fs::read(sb.join("copy.graphml")).unwrap(),
        fs::read(sb.join("out/graph.graphml")).unwrap()
    );
    // --format wins over the extension.
    sb.run(&[
        "convert",
        "out/graph.json",
        "-o",
        "odd.txt",
        "--format",
        "json",
    ])
    .success();
    assert_eq!(
        fs::read(sb.join("odd.txt")).unwrap(),
        fs::read(sb.join("out/graph.json")).unwrap()
    );
}

#[test]
fn every_command_has_help_with_examples() {
    let sb = Sandbox::new();
    let top = sb.run(&["--help"]);
    top.success();
    for line in top
        .stdout
        .lines()
        .skip_while(|l| !l.starts_with("Commands:"))
        .skip(1)
    {
        let Some(cmd) = line.split_whitespace().next() else {
            break;
        };
        if cmd == "help" {
            continue;
        }
        let run = sb.run(&[cmd, "--help"]);
        run.success();
        assert!(
            run.stdout.contains("Examples:"),
            "`{cmd} --help` has no examples"
        );
    }
}

#[cfg(unix)]
#[test]
fn exports_are_readable_by_everyone_like_any_written_file() {
    use std::os::unix::fs::PermissionsExt;
    let sb = Sandbox::new();
    sb.write("data/curated/a.triples", "US operates CMCC\n");
    sb.run(&["build", "data", "-o", "out", "--no-render"])
        .success();
    for f in sb.files("out") {
        let mode = fs::metadata(sb.join("out").join(&f))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o644, 0o644, "{f} has mode {mode:o}");
    }
}

/// A newcomer without Graphviz still gets every export but the pictures,
/// and is told how to get those.
#[test]
fn build_without_graphviz_writes_the_rest_and_says_how_to_draw() {
    let sb = Sandbox::new();
    sb.write("data/curated/a.triples", "US operates CMCC\n");
    // A PATH with no `dot` on it.
    let empty = sb.join("empty-path");
    fs::create_dir_all(&empty).unwrap();
    let run = common::run_env(
        sb.path(),
        &["build", "data", "-o", "out"],
        &[("PATH", empty.to_str().unwrap())],
    );
    run.success()
        .stderr_has("`dot` program is not installed")
        .stderr_has("apt-get install graphviz");
    let files = sb.files("out");
    assert!(files.contains(&"graph.json".to_string()), "{files:?}");
    assert!(files.contains(&"graph.graphml".to_string()), "{files:?}");
    assert!(!files.iter().any(|f| f.ends_with(".svg")), "{files:?}");
}

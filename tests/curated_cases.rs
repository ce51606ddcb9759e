//! Curated-format cases kept as data: each `tests/data/curated/ok/X.triples`
//! has the graph it gives beside it (`X.json`), each `err/X.triples` the
//! exact message (`X.err`). Refresh them after a deliberate change with
//! `BLESS=1 cargo test --test curated_cases`, then read the diff.

use briefgraph::registry::Registry;
use briefgraph::sources::curated;
use briefgraph::vocabulary::Vocabulary;
use std::path::{Path, PathBuf};

fn cases(dir: &str) -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files: Vec<PathBuf> = std::fs::read_dir(root.join("tests/data/curated").join(dir))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "triples"))
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no cases in {dir}");
    files
}

/// The path as messages show it: relative to the project root.
fn shown(path: &Path) -> PathBuf {
    path.strip_prefix(env!("CARGO_MANIFEST_DIR"))
        .unwrap()
        .to_path_buf()
}

fn check(actual: &str, expected_path: &Path, failures: &mut Vec<String>) {
    if std::env::var_os("BLESS").is_some() {
        std::fs::write(expected_path, actual).unwrap();
        return;
    }
    match std::fs::read_to_string(expected_path) {
        Ok(expected) if expected == actual => {}
        Ok(expected) => failures.push(format!(
            "{}:\n--- expected\n{expected}\n--- actual\n{actual}",
            shown(expected_path).display()
        )),
        Err(_) => failures.push(format!(
            "{} is missing; run with BLESS=1 to create it",
            shown(expected_path).display()
        )),
    }
}

#[test]
fn ok_cases_give_their_graphs() {
    let (registry, vocab) = (Registry::builtin(), Vocabulary::builtin());
    let mut failures = Vec::new();
    for path in cases("ok") {
        let text = std::fs::read_to_string(&path).unwrap();
        let parsed = curated::parse(&shown(&path), &text, &registry, &vocab)
            .unwrap_or_else(|e| panic!("{e}"));
        let graph = briefgraph::project::assemble("case", [parsed]);
        let json = String::from_utf8(briefgraph::sinks::json::write(&graph)).unwrap();
        check(&json, &path.with_extension("json"), &mut failures);
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn err_cases_give_their_messages() {
    let (registry, vocab) = (Registry::builtin(), Vocabulary::builtin());
    let mut failures = Vec::new();
    for path in cases("err") {
        let text = std::fs::read_to_string(&path).unwrap();
        let err = match curated::parse(&shown(&path), &text, &registry, &vocab) {
            Ok(_) => panic!("{} parsed, but is an error case", shown(&path).display()),
            Err(e) => format!("{e}\n"),
        };
        // One message per bad line: nothing stops at the first.
        let lines = text
            .lines()
            .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
            .count();
        assert_eq!(err.matches("err/").count(), lines, "{err}");
        check(&err, &path.with_extension("err"), &mut failures);
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

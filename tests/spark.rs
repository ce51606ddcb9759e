//! Streaming extraction for large corpora: `extract --jsonl` as a map step,
//! `merge` of JSON Lines shards as the reduce, and the Spark example
//! (PySpark in local mode, two cores) giving the same graph, byte for byte,
//! as `briefgraph merge` of per-brief `extract` outputs.

mod common;

use common::{python_needs, require, root, Sandbox};
use serde_json::Value;
use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};

/// The project's own briefs in tests/data/briefs (plain text and Markdown).
fn briefs(sb: &Sandbox) -> Vec<String> {
    let mut names = Vec::new();
    for entry in std::fs::read_dir(root().join("tests/data/briefs")).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_str().unwrap().to_string();
        let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("");
        if (ext == "txt" || ext == "md") && name != "README.md" {
            std::fs::create_dir_all(sb.join("briefs")).unwrap();
            std::fs::copy(&path, sb.join("briefs").join(&name)).unwrap();
            names.push(name);
        }
    }
    names.sort();
    assert!(names.len() >= 3, "tests/data/briefs holds a few briefs");
    names
}

/// Runs the binary in `dir` with `stdin` as standard input.
fn run_stdin(dir: &Path, args: &[&str], stdin: &str) -> (i32, String, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_briefgraph"))
        .args(args)
        .current_dir(dir)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(stdin.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// `briefgraph merge` of per-brief `extract` outputs, made in briefs/.
fn merge_of_per_brief_extracts(sb: &Sandbox, names: &[String]) -> Vec<u8> {
    let dir = sb.join("briefs");
    let mut outputs = Vec::new();
    for name in names {
        let out = sb.join(format!("per-brief/{name}.json"));
        std::fs::create_dir_all(out.parent().unwrap()).unwrap();
        common::run_in(&dir, &["extract", name, "-o", out.to_str().unwrap()]).success();
        outputs.push(out.to_str().unwrap().to_string());
    }
    let mut args = vec!["merge", "-q", "-o", "expected.json"];
    args.extend(outputs.iter().map(String::as_str));
    sb.run(&args).success();
    std::fs::read(sb.join("expected.json")).unwrap()
}

#[test]
fn extract_jsonl_writes_the_graph_of_each_document_in_order() {
    let sb = Sandbox::new();
    let names = briefs(&sb);
    let dir = sb.join("briefs");
    // Paths, a blank line, and one document given inline.
    let text = std::fs::read_to_string(dir.join(&names[0])).unwrap();
    let inline = serde_json::json!({"id": "inline", "text": text}).to_string();
    let input = format!("{}\n\n{}\n{inline}\n", names[1], names[0]);
    let (code, stdout, stderr) = run_stdin(&dir, &["extract", "--jsonl"], &input);
    assert_eq!(code, 0, "{stderr}");
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), 3, "{stdout}");
    for (line, name) in lines.iter().zip([&names[1], &names[0]]) {
        let got: Value = serde_json::from_str(line).unwrap();
        let run = common::run_in(&dir, &["extract", name, "-o", "-"]);
        run.success();
        let want: Value = serde_json::from_str(&run.stdout).unwrap();
        assert_eq!(got, want, "{name}");
    }
    let inline: Value = serde_json::from_str(lines[2]).unwrap();
    let first: Value = serde_json::from_str(lines[1]).unwrap();
    assert_eq!(inline["graph"]["name"], "inline");
    assert_eq!(
        inline["edges"].as_array().unwrap().len(),
        first["edges"].as_array().unwrap().len()
    );
    assert!(!first["edges"].as_array().unwrap().is_empty());
}

#[test]
fn extract_jsonl_fails_on_a_bad_line_with_its_number() {
    let sb = Sandbox::new();
    let names = briefs(&sb);
    let dir = sb.join("briefs");
    let (code, _, stderr) = run_stdin(
        &dir,
        &["extract", "--jsonl"],
        &format!("{}\n{{\"id\": 3}}\n", names[0]),
    );
    assert_ne!(code, 0);
    assert!(stderr.contains("<stdin>:2"), "{stderr}");
    let (code, _, stderr) = run_stdin(&dir, &["extract", "--jsonl"], "no-such-brief.txt\n");
    assert_ne!(code, 0);
    assert!(stderr.contains("no-such-brief.txt"), "{stderr}");
}

#[test]
fn merge_of_jsonl_shards_equals_merge_of_per_brief_extracts() {
    let sb = Sandbox::new();
    let names = briefs(&sb);
    let expected = merge_of_per_brief_extracts(&sb, &names);
    let (code, stdout, stderr) = run_stdin(
        &sb.join("briefs"),
        &["extract", "--jsonl"],
        &(names.join("\n") + "\n"),
    );
    assert_eq!(code, 0, "{stderr}");
    // Any split into shards, in any order, merges to the same bytes.
    let lines: Vec<&str> = stdout.lines().collect();
    let (a, b) = lines.split_at(lines.len() / 2);
    sb.write("b.jsonl", b.join("\n") + "\n");
    sb.write("a.jsonl", a.join("\n"));
    sb.run(&["merge", "-q", "b.jsonl", "a.jsonl", "-o", "shards.json"])
        .success();
    assert_eq!(std::fs::read(sb.join("shards.json")).unwrap(), expected);
    // A broken line is reported with the shard's line number.
    sb.write("bad.jsonl", format!("{}\n{{\"nodes\": 1}}\n", a[0]));
    sb.run(&["merge", "-q", "bad.jsonl"])
        .failure()
        .stderr_has("bad.jsonl:2");
}

#[test]
fn spark_example_merges_to_the_same_graph_as_per_brief_extracts() {
    require("java", "apt-get install -y openjdk-17-jre-headless");
    let sb = Sandbox::new();
    let names = briefs(&sb);
    let expected = merge_of_per_brief_extracts(&sb, &names);
    let script = r#"
import runpy, sys
sys.argv = [sys.argv[1]] + sys.argv[2:]
runpy.run_path(sys.argv[0], run_name='__main__')
"#;
    let example = root().join("examples/spark/extract_corpus.py");
    let (b, o) = (sb.join("briefs"), sb.join("out"));
    python_needs(
        "pyspark",
        "pyspark",
        script,
        &[
            example.to_str().unwrap(),
            b.to_str().unwrap(),
            o.to_str().unwrap(),
            "--master",
            "local[2]",
            "--partitions",
            "2",
            "--briefgraph",
            env!("CARGO_BIN_EXE_briefgraph"),
        ],
    );
    // Both map tasks got documents, and the reduce equals the per-brief merge.
    let shards: Vec<String> = sb
        .files("out/shards")
        .into_iter()
        .filter(|n| n.ends_with(".jsonl"))
        .collect();
    assert_eq!(shards.len(), 2, "{shards:?}");
    for s in &shards {
        let text = std::fs::read_to_string(sb.join("out/shards").join(s)).unwrap();
        assert!(text.lines().count() >= 1, "{s} is empty");
    }
    assert_eq!(
        String::from_utf8(std::fs::read(sb.join("out/graph.json")).unwrap()).unwrap(),
        String::from_utf8(expected).unwrap()
    );
}

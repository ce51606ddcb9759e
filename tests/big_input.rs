//! Huge inputs with one mistake: the error names the field, stays a few KB
//! long, and the binary's peak memory stays bounded. The files are made at
//! run time (50 MB of single-line JSON, 10 MB lines of GraphML and curated
//! triples), and peak memory is the children's maximum resident set size
//! (getrusage(RUSAGE_CHILDREN)): the tests of this file only run the binary.

mod common;

use common::{Run, Sandbox};
use std::fmt::Write;

const MIB: usize = 1 << 20;

/// Runs the binary in `sb` and returns what it gave; panics if the peak
/// memory of any child so far is over `max_mib`.
fn run_bounded(sb: &Sandbox, args: &[&str], env: &[(&str, &str)], max_mib: usize) -> Run {
    let run = common::run_env(sb.path(), args, env);
    let peak = peak_children_mib();
    assert!(
        peak < max_mib as f64,
        "peak memory {peak:.0} MiB is over {max_mib} MiB\n{}",
        &run.stderr[..run.stderr.len().min(2000)]
    );
    run
}

fn peak_children_mib() -> f64 {
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: getrusage writes into the struct we own.
    let rc = unsafe { libc::getrusage(libc::RUSAGE_CHILDREN, &mut usage) };
    assert_eq!(rc, 0, "getrusage failed");
    usage.ru_maxrss as f64 / 1024.0 // kilobytes on Linux
}

/// A single-line node-link document of at least `bytes` bytes: 1,000 nodes,
/// edges with one piece of evidence each; `edit(i, edge)` may change the
/// text of edge `i` (its object, without the braces' neighbours).
fn big_json(bytes: usize, edit: impl Fn(usize, String) -> String) -> (String, usize) {
    let mut out = String::with_capacity(bytes + 4096);
    out.push_str(
        "{\"directed\": true, \"multigraph\": true, \"graph\": {\"name\": \"big\"}, \"nodes\": [",
    );
    for n in 0..1000 {
        if n > 0 {
            out.push_str(", ");
        }
        let _ = write!(
            out,
            "{{\"id\": \"n{n}\", \"label\": \"Actor {n}\", \"kind\": \"state\"}}"
        );
    }
    out.push_str("], \"edges\": [");
    let mut i = 0;
    while out.len() < bytes {
        if i > 0 {
            out.push_str(", ");
        }
        let edge = format!(
            "{{\"source\": \"n{}\", \"target\": \"n{}\", \"predicate\": \"supports\", \"class\": \"SUPPORT\", \
             \"evidence\": [{{\"source\": \"brief-{}\", \"line\": {}, \"sentence\": \"Actor {} is said to back actor {} in the talks of round {}.\"}}]}}",
            i % 1000,
            (i * 7 + 1) % 1000,
            i % 50,
            i % 400 + 1,
            i % 1000,
            (i * 7 + 1) % 1000,
            i
        );
        out.push_str(&edit(i, edge));
        i += 1;
    }
    out.push_str("]}");
    (out, i)
}

#[test]
fn a_wrong_type_deep_in_a_50_mb_json_line_names_the_field_path() {
    let sb = Sandbox::new();
    let (text, edges) = big_json(50 * MIB, |_, e| e);
    let last = edges - 1;
    // The last edge's sentence becomes the integer 0.
    let cut = text.rfind("\"sentence\": \"").unwrap();
    let close = cut + text[cut..].find(".\"}").unwrap() + 2;
    let bad = format!("{}\"sentence\": 0{}", &text[..cut], &text[close..]);
    assert!(!bad.contains('\n') && bad.len() > 50 * MIB - 1000);
    sb.write("big.json", &bad);
    drop((text, bad));
    let run = run_bounded(&sb, &["convert", "big.json", "-o", "big.graphml"], &[], 500);
    run.failure().stderr_has(&format!(
        "edges[{last}].evidence[0].sentence: expected a string, found integer `0`"
    ));
    assert!(run.stderr.contains("error: big.json:1:"), "{}", run.stderr);
    assert!(run.stderr.len() < 4096, "{} bytes", run.stderr.len());
    // The caret stands under the 0, in a snippet of about 100 characters.
    let lines: Vec<&str> = run.stderr.lines().collect();
    let snippet = lines.iter().find(|l| l.starts_with("1 | ")).unwrap();
    let caret = lines.iter().find(|l| l.contains('^')).unwrap();
    let col = caret.find('^').unwrap();
    assert_eq!(snippet.chars().nth(col), Some('0'), "{}", run.stderr);
    assert!(snippet.chars().count() < 120, "{snippet}");
    assert!(!sb.join("big.graphml").exists());
}

#[test]
fn a_thousand_bad_edges_give_ten_problems_and_a_count() {
    let sb = Sandbox::new();
    // Every 50th edge has a number for a class: over 1,000 bad edges.
    let (text, edges) = big_json(20 * MIB, |i, e| {
        if i % 50 == 7 {
            e.replace("\"class\": \"SUPPORT\"", "\"class\": false")
        } else {
            e
        }
    });
    let bad = (0..edges).filter(|i| i % 50 == 7).count();
    assert!(bad > 1000);
    sb.write("many.json", &text);
    drop(text);
    let run = run_bounded(&sb, &["convert", "many.json", "-o", "m.dot"], &[], 500);
    run.failure()
        .stderr_has("many.json:1:")
        .stderr_has("edges[7]: `class` must be a string, not false")
        .stderr_has(&format!(
            "many.json: {} more problems not shown (the first 10 are above)",
            bad - 10
        ));
    assert!(!run.stderr.contains(&format!("edges[{}]", 50 * 10 + 7)));
    assert!(run.stderr.len() < 8192, "{} bytes", run.stderr.len());
}

#[test]
fn a_bad_value_in_a_10_mb_graphml_line_is_reported_briefly() {
    let sb = Sandbox::new();
    let mut text = String::from(
        "<?xml version=\"1.0\"?>\n<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\">\
         <key id=\"c\" for=\"edge\" attr.name=\"class\"/><key id=\"n\" for=\"edge\" attr.name=\"count\" attr.type=\"long\"/>\
         <graph edgedefault=\"directed\">",
    );
    for n in 0..1000 {
        let _ = write!(text, "<node id=\"n{n}\"/>");
    }
    let mut i = 0;
    while text.len() < 10 * MIB {
        let count = if text.len() > 9 * MIB && !text.contains(">x1<") {
            "x1".to_string()
        } else {
            i.to_string()
        };
        let _ = write!(
            text,
            "<edge source=\"n{}\" target=\"n{}\"><data key=\"c\">SUPPORT</data><data key=\"n\">{count}</data></edge>",
            i % 1000,
            (i + 1) % 1000
        );
        i += 1;
    }
    text.push_str("</graph></graphml>\n");
    sb.write("big.graphml", &text);
    let run = run_bounded(&sb, &["convert", "big.graphml", "-o", "b.json"], &[], 500);
    run.failure()
        .stderr_has("big.graphml:2:")
        .stderr_has("invalid `count`: `x1` is not an integer");
    assert!(run.stderr.len() < 4096, "{} bytes", run.stderr.len());
    assert!(!sb.join("b.json").exists());
}

#[test]
fn a_10_mb_curated_line_is_refused_by_the_line_limit_or_reported_briefly() {
    let sb = Sandbox::new();
    let name: String = "Q".repeat(10 * MIB);
    sb.write(
        "data/curated/a.triples",
        format!("US operates CMCC\nUS supports {name}\n"),
    );
    // Over the default limit: the limit, and how to raise it.
    let run = run_bounded(&sb, &["build", "data", "-o", "out"], &[], 500);
    run.failure()
        .stderr_has("a.triples:2:1: the line has 10,485,772 bytes: over the limit of 1,048,576 bytes in a line of a curated file")
        .stderr_has("BRIEFGRAPH_MAX_LINE_BYTES");
    assert!(run.stderr.len() < 4096, "{} bytes", run.stderr.len());
    // Raised: the line is read, and the unknown actor reported briefly.
    let run = run_bounded(
        &sb,
        &["build", "data", "-o", "out"],
        &[("BRIEFGRAPH_MAX_LINE_BYTES", "20000000")],
        500,
    );
    run.failure()
        .stderr_has("a.triples:2:13: unknown actor `QQQQ")
        .stderr_has("…");
    assert!(run.stderr.len() < 4096, "{} bytes", run.stderr.len());
    assert!(!sb.join("out").exists());
}

#[test]
fn a_file_over_the_size_limit_is_refused_before_it_is_read() {
    let sb = Sandbox::new();
    sb.write("g.json", "{\"nodes\": []}\n");
    let run = run_bounded(
        &sb,
        &["convert", "g.json", "-o", "g.dot"],
        &[("BRIEFGRAPH_MAX_FILE_BYTES", "10")],
        500,
    );
    run.failure()
        .stderr_has("g.json: the file has 14 bytes: over the limit of 10 bytes in an input file")
        .stderr_has("set BRIEFGRAPH_MAX_FILE_BYTES=N");
}

#[test]
fn json_nested_too_deep_names_the_depth_limit() {
    let sb = Sandbox::new();
    let deep = format!(
        "{{\"nodes\": [{{\"id\": \"a\", \"x\": {}{}}}]}}",
        "[".repeat(200),
        "]".repeat(200)
    );
    sb.write("d.json", deep);
    let run = run_bounded(&sb, &["convert", "d.json", "-o", "d.dot"], &[], 500);
    run.failure()
        .stderr_has("recursion limit exceeded")
        .stderr_has("at most 128 levels deep");
}

#[test]
fn a_large_file_is_read_in_place_with_its_bom_and_its_encoding_checked() {
    // Files from 1 MiB on are mapped into memory rather than read: the
    // same graph, a byte-order mark dropped, bad UTF-8 reported as for a
    // file read.
    let sb = Sandbox::new();
    let (json, _) = big_json(2 * MIB, |_, e| e);
    sb.write("plain.json", &json);
    sb.write("bom.json", format!("\u{feff}{json}"));
    let plain = run_bounded(
        &sb,
        &["convert", "plain.json", "-o", "plain.out.json"],
        &[],
        500,
    );
    assert_eq!(plain.code, 0, "{}", plain.stderr);
    let bom = run_bounded(
        &sb,
        &["convert", "bom.json", "-o", "bom.out.json"],
        &[],
        500,
    );
    assert_eq!(bom.code, 0, "{}", bom.stderr);
    let read = |name: &str| std::fs::read_to_string(sb.join(name)).unwrap();
    assert_eq!(read("plain.out.json"), read("bom.out.json"));
    let mut bad = json.into_bytes();
    let at = bad.len() / 2;
    bad[at] = 0xff;
    sb.write("bad.json", &bad);
    let run = run_bounded(
        &sb,
        &["convert", "bad.json", "-o", "bad.out.json"],
        &[],
        500,
    );
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains("file is not valid UTF-8 text")
            && run.stderr.contains(&format!("byte 0xff at offset {at}")),
        "{}",
        &run.stderr[..run.stderr.len().min(2000)]
    );
    assert!(!sb.join("bad.out.json").exists());
}

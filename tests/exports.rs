//! What `build` writes into exports/: every format, the pictures, the page;
//! byte-for-byte the same on every run (tests/build.rs checks that the
//! committed exports/ are what `build` writes).

mod common;

use common::*;
use std::path::Path;

const FILES: &[&str] = &[
    "focus-cmcc.svg",
    "graph.dot",
    "graph.gexf",
    "graph.graphml",
    "graph.html",
    "graph.json",
    "graph.md",
    "graph.svg",
];

fn build(sb: &Sandbox, out: &str, extra: &[&str]) -> Run {
    let data = bundled_data();
    let mut args = vec!["build", data.to_str().unwrap(), "-o", out];
    args.extend_from_slice(extra);
    sb.run(&args)
}

#[test]
fn build_writes_every_export_and_twice_the_same_bytes() {
    require("dot", "apt-get install -y graphviz");
    let sb = Sandbox::new();
    build(&sb, "a", &[]).success();
    build(&sb, "b", &[]).success();
    assert_eq!(sb.files("a"), FILES);
    for f in FILES {
        let a = std::fs::read(sb.join("a").join(f)).unwrap();
        let b = std::fs::read(sb.join("b").join(f)).unwrap();
        assert!(a == b, "{f} differs between two builds");
    }
    // The ego view names the CMCC's neighbours and no one else.
    let svg = std::fs::read_to_string(sb.join("a/focus-cmcc.svg")).unwrap();
    assert_eq!(svg.matches("<g id=\"actor&#45;").count(), 10);
    for name in [
        "Kiryat Gat",
        "US Central Command",
        "Marco Rubio",
        "United States",
    ] {
        assert!(svg.contains(name), "{name}");
    }
    assert!(!svg.contains("Lebanon"));
    let md = std::fs::read_to_string(sb.join("a/graph.md")).unwrap();
    assert!(md.contains("```mermaid\nflowchart LR\n"));
}

#[test]
fn no_render_skips_the_pictures() {
    let sb = Sandbox::new();
    build(&sb, "out", &["--no-render"]).success();
    let files = sb.files("out");
    assert!(!files.iter().any(|f| f.ends_with(".svg")), "{files:?}");
    assert!(files.contains(&"graph.html".to_string()));
}

#[test]
fn progress_is_quiet_off_a_terminal_and_drawn_on_one() {
    let sb = Sandbox::new();
    let r = build(&sb, "out", &["--no-render"]);
    r.success();
    assert_eq!(
        r.stderr.lines().count(),
        1,
        "only the summary: {}",
        r.stderr
    );
    assert!(r.stderr.starts_with("briefgraph: 54 actors, 113 relations"));
    // Under a pseudo-terminal (util-linux `script`), the bars are drawn.
    require("script", "apt-get install -y bsdutils");
    let bin = env!("CARGO_BIN_EXE_briefgraph");
    let data = bundled_data();
    let out = sb.join("tty");
    let cmd = format!(
        "{bin} build {} -o {} --no-render",
        data.display(),
        out.display()
    );
    let r = external("script", &["-qec", &cmd, "/dev/null"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.contains("reading ["), "{}", r.stdout);
    assert!(r.stdout.contains("writing ["), "{}", r.stdout);
    assert!(Path::new(&out).join("graph.json").is_file());
}

//! Where `-o` writes when the path is not a plain file: a FIFO (or a device
//! such as `/dev/null`) is written into and stays what it was; a symbolic
//! link stays a link and the file it names gets the output.

mod common;

use common::*;
use serde_json::Value;
use std::os::unix::fs::{symlink, FileTypeExt};
use std::path::Path;

fn brief() -> String {
    bundled_data()
        .join("briefs/cmcc-overview.txt")
        .display()
        .to_string()
}

fn relations(json: &str) -> usize {
    let v: Value = serde_json::from_str(json).expect("the output is JSON");
    v["edges"].as_array().expect("an edges array").len()
}

#[test]
fn a_fifo_is_written_into_and_stays_a_fifo() {
    let sb = Sandbox::new();
    let fifo = sb.join("pipe.json");
    external("mkfifo", &[fifo.to_str().unwrap()]).success();
    // The reader blocks until the program opens the FIFO for writing; were
    // the FIFO replaced by a file, the check below fails first.
    let reader = {
        let fifo = fifo.clone();
        std::thread::spawn(move || std::fs::read_to_string(fifo).unwrap())
    };
    let run = sb.run(&["extract", &brief(), "-o", "pipe.json"]);
    let kind = std::fs::symlink_metadata(&fifo).unwrap().file_type();
    assert!(kind.is_fifo(), "pipe.json is no longer a FIFO: {kind:?}");
    run.success();
    let got = reader.join().unwrap();
    assert!(relations(&got) > 10, "{got}");
    assert_eq!(sb.files("."), ["pipe.json"], "no temporary file left");
}

#[test]
fn a_link_stays_a_link_and_its_file_gets_the_output() {
    let sb = Sandbox::new();
    sb.write("store/old.json", "{}");
    symlink("store/old.json", sb.join("graph.json")).unwrap();
    // A link whose file does not exist yet, through a second link.
    symlink("store/new.json", sb.join("later.json")).unwrap();
    symlink("later.json", sb.join("chain.json")).unwrap();
    sb.run(&["extract", &brief(), "-o", "graph.json"]).success();
    sb.run(&["extract", &brief(), "-o", "chain.json"]).success();
    for (link, file) in [
        ("graph.json", "store/old.json"),
        ("chain.json", "store/new.json"),
    ] {
        let meta = std::fs::symlink_metadata(sb.join(link)).unwrap();
        assert!(meta.file_type().is_symlink(), "{link} was replaced");
        let text = std::fs::read_to_string(sb.join(file)).unwrap();
        assert!(relations(&text) > 10, "{file}: {text}");
    }
    assert_eq!(sb.files("store"), ["new.json", "old.json"]);
    assert!(Path::new(&sb.join("later.json")).is_symlink());
}

//! The review loop as a curator runs it: `extract -o proposals.triples`
//! and `extract --discover -o new-actors.toml`, the files moved into a
//! data directory, `build` on it: the same relations, now curated, with
//! their evidence.

mod common;

use common::{bundled_data, root, Sandbox};
use serde_json::Value;
use std::collections::BTreeSet;
use std::path::Path;

fn keys(g: &Value) -> BTreeSet<(String, String, String, String)> {
    g["edges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            let s = |k: &str| e[k].as_str().unwrap().to_string();
            (s("source"), s("class"), s("target"), s("polarity"))
        })
        .collect()
}

fn json(path: &Path) -> Value {
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

#[test]
fn accepted_proposals_build_into_the_same_relations_now_curated() {
    let briefs = [
        "tests/data/briefs/sudan-2024.md",
        "tests/data/briefs/ukraine-grain.txt",
        "tests/data/documents/horn.txt",
    ];
    for brief in briefs {
        let sb = Sandbox::new();
        let brief = root().join(brief);
        let b = brief.to_str().unwrap();
        // The data directory: the bundled registry plus the stubs.
        for entry in std::fs::read_dir(bundled_data().join("registry")).unwrap() {
            let p = entry.unwrap().path();
            sb.write(
                &format!("data/registry/{}", p.file_name().unwrap().to_string_lossy()),
                std::fs::read(&p).unwrap(),
            );
        }
        let proposals = sb.join("data/curated/proposals.triples");
        std::fs::create_dir_all(proposals.parent().unwrap()).unwrap();
        sb.run(&["extract", b, "-o", proposals.to_str().unwrap()])
            .success();
        let stubs = sb.join("data/registry/new-actors.toml");
        sb.run(&["extract", b, "--discover", "-o", stubs.to_str().unwrap()])
            .success();
        let extracted = sb.join("extracted.json");
        sb.run(&["extract", b, "-o", extracted.to_str().unwrap()])
            .success();
        let text = std::fs::read_to_string(&proposals).unwrap();
        assert!(!text.contains("# cannot be written"), "{text}");
        // Each sentence is quoted before its lines; each line carries its
        // source, confidence and evidence.
        let lines: Vec<&str> = text
            .lines()
            .filter(|l| !l.starts_with('#') && !l.starts_with('@') && !l.trim().is_empty())
            .collect();
        assert!(!lines.is_empty());
        for l in &lines {
            assert!(
                l.contains(" | source: ") && l.contains(" | confidence: "),
                "{l}"
            );
            assert!(
                l.contains(" | quote: ") && l.contains(" | sentence_no: "),
                "{l}"
            );
        }
        assert!(text.contains("\n# sentence "), "{text}");

        let out = sb.join("out");
        sb.run(&[
            "build",
            sb.join("data").to_str().unwrap(),
            "-o",
            out.to_str().unwrap(),
            "--no-render",
        ])
        .success();
        let built = json(&out.join("graph.json"));
        let want = json(&extracted);
        assert_eq!(keys(&built), keys(&want), "{}", brief.display());
        for e in built["edges"].as_array().unwrap() {
            assert_eq!(e["origin"], "curated");
            let ev = &e["evidence"][0];
            assert!(ev["quote"].as_str().is_some_and(|q| !q.is_empty()), "{e}");
            assert!(ev["sentence_no"].as_u64().unwrap() >= 1, "{e}");
            assert!(ev["start"].as_u64().unwrap() < ev["end"].as_u64().unwrap());
        }
        // The quote of a curated relation is the one extracted, at the same place.
        let first = &want["edges"][0];
        let same = built["edges"]
            .as_array()
            .unwrap()
            .iter()
            .find(|e| {
                e["source"] == first["source"]
                    && e["target"] == first["target"]
                    && e["class"] == first["class"]
            })
            .unwrap();
        for k in ["quote", "sentence_no", "start", "end"] {
            assert_eq!(same["evidence"][0][k], first["evidence"][0][k], "{k}");
        }
    }
}

#[test]
fn actor_stubs_load_as_registry_data() {
    let sb = Sandbox::new();
    let brief = root().join("tests/data/briefs/sudan-2024.md");
    let b = brief.to_str().unwrap();
    let before = sb.join("before.json");
    sb.run(&["extract", b, "-o", before.to_str().unwrap()])
        .success();
    let candidates: BTreeSet<String> = json(&before)["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|n| n["candidate"] == true)
        .map(|n| n["id"].as_str().unwrap().to_string())
        .collect();
    assert!(!candidates.is_empty());
    let stubs = sb.join("new-actors.toml");
    sb.run(&["extract", b, "--discover", "-o", stubs.to_str().unwrap()])
        .success();
    let text = std::fs::read_to_string(&stubs).unwrap();
    assert!(
        text.contains("[[actor]]") && text.contains("# first seen in sudan-2024, sentence "),
        "{text}"
    );
    for id in &candidates {
        assert!(
            text.contains(&format!("id = \"{id}\"")),
            "{id} missing from\n{text}"
        );
    }
    // Loaded with --registry, the candidates become registry actors.
    let after = sb.join("after.json");
    sb.run(&[
        "extract",
        b,
        "--registry",
        stubs.to_str().unwrap(),
        "-o",
        after.to_str().unwrap(),
    ])
    .success();
    let after = json(&after);
    for n in after["nodes"].as_array().unwrap() {
        if candidates.contains(n["id"].as_str().unwrap()) {
            assert_ne!(n["candidate"], true, "{n}");
        }
    }
    assert_eq!(keys(&after), keys(&json(&before)));
}

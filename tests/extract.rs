//! `briefgraph extract` and `briefgraph eval` as a user runs them: on brief
//! files written for these tests (tests/data/briefs, in our own words), with
//! the output read back as JSON, by NetworkX and by `eval`.

mod common;

use common::{python, root, Sandbox};
use serde_json::Value;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

fn briefs() -> Vec<PathBuf> {
    let dir = root().join("tests/data/briefs");
    let mut v: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            let name = p.file_name().unwrap().to_string_lossy();
            (name.ends_with(".md") || name.ends_with(".txt")) && name != "README.md"
        })
        .collect();
    v.sort();
    v
}

fn extract(sb: &Sandbox, brief: &Path, extra: &[&str]) -> Value {
    let out = sb.join("out.json");
    let mut args = vec![
        "extract",
        brief.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
    ];
    args.extend_from_slice(extra);
    sb.run(&args).success();
    serde_json::from_str(&std::fs::read_to_string(out).unwrap()).unwrap()
}

fn rows(graph: &Value) -> BTreeSet<String> {
    graph["edges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            format!(
                "{}\t{}\t{}\t{}",
                e["source"].as_str().unwrap(),
                e["class"].as_str().unwrap(),
                e["target"].as_str().unwrap(),
                e["polarity"].as_str().unwrap()
            )
        })
        .collect()
}

fn edge<'a>(graph: &'a Value, source: &str, class: &str, target: &str) -> &'a Value {
    graph["edges"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["source"] == source && e["class"] == class && e["target"] == target)
        .unwrap_or_else(|| panic!("no edge {source} {class} {target} in {:#}", graph["edges"]))
}

/// Each fixture brief gives exactly the relations listed beside it in
/// `NAME.expected.tsv` (`BRIEFGRAPH_BLESS=1` rewrites them; review the diff).
#[test]
fn fixture_briefs_give_exactly_the_expected_relations() {
    let sb = Sandbox::new();
    let mut failures = Vec::new();
    for brief in briefs() {
        let got = rows(&extract(&sb, &brief, &[]));
        let expected_path = brief.with_extension("expected.tsv");
        let header = format!(
            "# Relations the extractor must find in {}, and no others:\n\
             # subject, class, object, polarity (actor ids). Refresh with BRIEFGRAPH_BLESS=1 cargo test --test extract, then review the diff.\n",
            brief.file_name().unwrap().to_string_lossy()
        );
        if std::env::var_os("BRIEFGRAPH_BLESS").is_some() {
            let body: Vec<&str> = got.iter().map(String::as_str).collect();
            std::fs::write(&expected_path, format!("{header}{}\n", body.join("\n"))).unwrap();
            continue;
        }
        let expected: BTreeSet<String> = std::fs::read_to_string(&expected_path)
            .unwrap_or_else(|e| panic!("{}: {e}", expected_path.display()))
            .lines()
            .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
            .map(str::to_string)
            .collect();
        let missing: Vec<_> = expected.difference(&got).collect();
        let extra: Vec<_> = got.difference(&expected).collect();
        if !missing.is_empty() || !extra.is_empty() {
            failures.push(format!(
                "{}:\n  missing {missing:?}\n  unexpected {extra:?}",
                brief.display()
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// The phenomena the issue names, each checked on the edge that shows it:
/// passive voice, coordination, negation, hedging, denial, attribution,
/// dates, context, text-defined acronyms, candidates, demonyms.
#[test]
fn each_phenomenon_shows_on_the_fixture_briefs() {
    let sb = Sandbox::new();
    let dir = root().join("tests/data/briefs");
    let sudan = extract(&sb, &dir.join("sudan-2024.md"), &[]);
    let ukraine = extract(&sb, &dir.join("ukraine-2025.txt"), &[]);
    let sahel = extract(&sb, &dir.join("sahel-2024.txt"), &[]);

    // Passive voice: `El Fasher was besieged by the Rapid Support Forces`.
    let e = edge(&sudan, "rsf", "COERCE", "el-fasher");
    assert_eq!(e["evidence"][0]["rule"], "t-passive");
    // Coordination: `Poland and Lithuania condemned Russia` gives two edges.
    edge(&ukraine, "poland", "ACCUSE", "russia");
    edge(&ukraine, "lithuania", "ACCUSE", "russia");
    // Negation: `did not attack`, `did not join`.
    assert_eq!(
        edge(&ukraine, "russia", "ASSAULT", "odesa")["polarity"],
        "negated"
    );
    assert_eq!(
        edge(&sudan, "sudan-liberation-movement", "MEMBER", "rsf")["polarity"],
        "negated"
    );
    // Hedging: `reportedly backed`, `may withdraw`, `could mediate`.
    assert_eq!(
        edge(&sudan, "egypt", "SUPPORT", "saf")["polarity"],
        "hedged"
    );
    assert_eq!(
        edge(&sudan, "rsf", "RETREAT", "wad-madani")["polarity"],
        "hedged"
    );
    // Denial: `The UAE denied that it supplied weapons to the RSF`, while
    // the UN says it armed them: both edges, with opposite polarities.
    let aid: Vec<&Value> = sudan["edges"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["source"] == "united-arab-emirates" && e["class"] == "AID")
        .collect();
    let polarities: BTreeSet<&str> = aid
        .iter()
        .map(|e| e["polarity"].as_str().unwrap())
        .collect();
    assert_eq!(polarities, BTreeSet::from(["asserted", "negated"]));
    // Reported speech keeps who said it.
    let armed = aid.iter().find(|e| e["polarity"] == "asserted").unwrap();
    assert_eq!(armed["evidence"][0]["attributed_to"], "United Nations");
    // Dates: `On April 15, 2023`, `In July 2024`, `since February 24, 2022`.
    assert_eq!(edge(&sudan, "saf", "ASSAULT", "rsf")["date"], "2023-04-15");
    assert_eq!(edge(&sudan, "saf", "CONSULT", "rsf")["date"], "2024-07");
    assert_eq!(
        edge(&ukraine, "european-union", "SANCTION", "russia")["date"],
        "2022-02-24/.."
    );
    // Context qualifier: `talks between the SAF and the RSF in Jeddah`.
    assert_eq!(edge(&sudan, "saf", "CONSULT", "rsf")["context"], "Jeddah");
    // Nominalisation with a possessive: `Russia's invasion of Ukraine`.
    assert_eq!(
        edge(&ukraine, "russia", "ASSAULT", "ukraine")["evidence"]
            .as_array()
            .unwrap()
            .iter()
            .map(|ev| ev["rule"].as_str().unwrap())
            .collect::<BTreeSet<_>>(),
        BTreeSet::from(["t-noun", "t-passive"])
    );
    // Demonyms: `The Emirati-backed RSF`, `French troops withdrew from Niger`.
    edge(&sudan, "united-arab-emirates", "SUPPORT", "rsf");
    edge(&sahel, "french-armed-forces", "RETREAT", "niger");
    // Metonymy: `Kyiv urged Washington`.
    edge(&ukraine, "ukraine", "REQUEST", "united-states");

    // Candidates: named in the text, not in the registry, with a kind, and
    // an acronym the text defines as their alias.
    let node = |g: &Value, id: &str| -> Value {
        g["nodes"]
            .as_array()
            .unwrap()
            .iter()
            .find(|n| n["id"] == id)
            .cloned()
            .unwrap_or(Value::Null)
    };
    let slm = node(&sudan, "sudan-liberation-movement");
    assert_eq!(slm["candidate"], true);
    assert_eq!(slm["kind"], "armed-group");
    assert_eq!(slm["aliases"], serde_json::json!(["SLM"]));
    // An acronym is then used: `The AES rejected ECOWAS sanctions`.
    edge(&sahel, "alliance-of-sahel-states", "REJECT", "ecowas");
    let minister = node(&sudan, "ali-youssef");
    assert_eq!(
        (minister["kind"].clone(), minister["candidate"].clone()),
        ("person".into(), Value::Bool(true))
    );
    assert_eq!(
        node(&sudan, "united-arab-emirates")["candidate"],
        Value::Null
    );
}

/// Evidence points into the body: character offsets, sentence number,
/// quote, sentence and rule, for every edge.
#[test]
fn evidence_spans_point_at_the_quote_in_the_body() {
    let sb = Sandbox::new();
    let path = root().join("tests/data/briefs/ukraine-2025.txt");
    let graph = extract(&sb, &path, &[]);
    let text = std::fs::read_to_string(&path).unwrap();
    let body: Vec<char> = text.split_once("---\n").unwrap().1.chars().collect();
    let collapse = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut checked = 0;
    for e in graph["edges"].as_array().unwrap() {
        assert_eq!(e["origin"], "extracted");
        for ev in e["evidence"].as_array().unwrap() {
            assert_eq!(ev["source"], "ukraine-2025");
            let (start, end) = (
                ev["start"].as_u64().unwrap() as usize,
                ev["end"].as_u64().unwrap() as usize,
            );
            let span: String = body[start..end].iter().collect();
            assert_eq!(collapse(&span), ev["quote"].as_str().unwrap());
            assert!(ev["sentence"]
                .as_str()
                .unwrap()
                .contains(ev["quote"].as_str().unwrap()));
            assert!(ev["sentence_no"].as_u64().unwrap() >= 1);
            assert!(ev["rule"].as_str().is_some_and(|r| !r.is_empty()));
            checked += 1;
        }
    }
    assert!(checked >= 10, "{checked}");
    // Sentence numbers count from the body's first sentence.
    let odesa = edge(&graph, "russia", "ASSAULT", "odesa");
    assert_eq!(odesa["evidence"][0]["sentence_no"], 7);
    assert_eq!(
        graph["graph"]["sources"][0]["title"],
        "Security Guarantees for Ukraine After the Ceasefire Talks"
    );
}

/// The JSON is a NetworkX node-link graph: NetworkX reads it and sees the
/// same relations, with their polarity and evidence.
#[test]
fn networkx_reads_the_extracted_graph() {
    let sb = Sandbox::new();
    let out = sb.join("sudan.json");
    sb.run(&[
        "extract",
        root()
            .join("tests/data/briefs/sudan-2024.md")
            .to_str()
            .unwrap(),
        "-o",
        out.to_str().unwrap(),
    ])
    .success();
    let script = r#"
import json, sys, networkx as nx
g = nx.node_link_graph(json.load(open(sys.argv[1])), edges="edges")
for u, v, d in sorted(g.edges(data=True), key=lambda e: (e[0], e[1], e[2]["class"])):
    print(u, d["class"], v, d["polarity"], d["evidence"][0]["rule"])
print("candidates", sorted(n for n, d in g.nodes(data=True) if d.get("candidate")))
"#;
    let printed = python(script, &[&out]);
    assert!(
        printed.contains("rsf COERCE el-fasher asserted t-passive"),
        "{printed}"
    );
    assert!(
        printed.contains("united-arab-emirates AID rsf negated t-prep"),
        "{printed}"
    );
    assert!(
        printed.contains("candidates ['ali-youssef', 'sudan-liberation-movement']"),
        "{printed}"
    );
}

#[test]
fn the_same_input_gives_byte_identical_output() {
    let sb = Sandbox::new();
    let briefs = briefs();
    let mut args: Vec<&str> = vec!["extract"];
    args.extend(briefs.iter().map(|p| p.to_str().unwrap()));
    let a = sb.join("a.graphml");
    let b = sb.join("b.graphml");
    sb.run(&[&args[..], &["-o", a.to_str().unwrap(), "--name", "a"]].concat())
        .success();
    let mut reversed = args.clone();
    reversed[1..].reverse();
    sb.run(&[&reversed[..], &["-o", b.to_str().unwrap(), "--name", "a"]].concat())
        .success();
    let (a, b) = (std::fs::read(a).unwrap(), std::fs::read(b).unwrap());
    assert!(!a.is_empty());
    assert!(
        a == b,
        "order of the briefs on the command line must not matter"
    );
}

#[test]
fn discover_reports_unknown_names_and_verbs() {
    let sb = Sandbox::new();
    let brief = sb.write(
        "d.txt",
        "Yesterday, Janjaweed attacked El Fasher. Later, Janjaweed shelled Nyala. Egypt pestered Qatar.\n",
    );
    // No rule knows `pester`.
    let run = sb.run(&["extract", brief.to_str().unwrap(), "--discover"]);
    run.success();
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert_eq!(lines[0], "kind\tcount\ttext\twhere\texample");
    assert!(
        lines.contains(&"name\t2\tJanjaweed\td:1\tYesterday, Janjaweed attacked El Fasher."),
        "{}",
        run.stdout
    );
    assert!(
        lines.contains(&"verb\t1\tpestered\td:3\tEgypt pestered Qatar."),
        "{}",
        run.stdout
    );
    // With --discover and no -o, the graph is not printed.
    assert!(!run.stdout.contains("\"edges\""));
}

#[test]
fn registry_vocabulary_and_rules_files_add_to_the_builtin_ones() {
    let sb = Sandbox::new();
    let brief = sb.write(
        "h.txt",
        "The Zeltanis attacked Israel. Egypt serenaded Qatar.\n",
    );
    let none = extract(&sb, &brief, &[]);
    assert!(rows(&none).is_empty(), "{:?}", rows(&none));
    let registry = sb.write(
        "more/actors.toml",
        "[[actor]]\nid = \"zeltanis\"\nname = \"Zeltanis\"\nkind = \"armed-group\"\naliases = [\"Zeltani Front\"]\n",
    );
    let rules = sb.write(
        "more/rules.toml",
        "[[predicate]]\nname = \"serenades\"\nclass = \"CONSULT\"\nforms = [\"serenade\", \"serenades\", \"serenaded\", \"serenading\"]\n",
    );
    let graph = extract(
        &sb,
        &brief,
        &[
            "--registry",
            registry.to_str().unwrap(),
            "--rules",
            rules.to_str().unwrap(),
        ],
    );
    assert_eq!(
        rows(&graph),
        BTreeSet::from([
            "egypt\tCONSULT\tqatar\tasserted".to_string(),
            "zeltanis\tASSAULT\tisrael\tasserted".to_string()
        ])
    );
    // Without the built-in files, only what is given is known.
    let only = extract(
        &sb,
        &brief,
        &[
            "--no-builtin",
            "--registry",
            registry.to_str().unwrap(),
            "--vocabulary",
            root().join("graph-data/vocabulary").to_str().unwrap(),
            "--rules",
            root().join("graph-data/rules").to_str().unwrap(),
        ],
    );
    // Israel is not in the given registry: it can only be a candidate,
    // found as a bare name in the object slot, for a curator to accept.
    for node in only["nodes"].as_array().unwrap() {
        let candidate = node["candidate"] == true;
        assert_eq!(candidate, node["id"] != "zeltanis", "{node}");
    }
    assert!(
        rows(&only).iter().all(|r| !r.contains("egypt")),
        "{:?}",
        rows(&only)
    );
}

#[test]
fn bad_rules_files_are_reported_with_position_and_hint() {
    let sb = Sandbox::new();
    let brief = sb.write("b.txt", "Egypt urged Israel.\n");
    let rules = sb.write(
        "bad.toml",
        "[[tree]]\nid = \"mine\"\ndescription = \"x\"\ntrigger = \"verb\"\nsubject = [\">nsubj\"]\nobject = [\">obj[cse=on]\"]\nexamples = []\n",
    );
    let out = sb.join("out.json");
    let run = sb.run(&[
        "extract",
        brief.to_str().unwrap(),
        "--rules",
        rules.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
    ]);
    run.failure()
        .stderr_has("bad.toml:2:6: tree rule `mine`: path `>obj[cse=on]`")
        .stderr_has("unknown constraint `cse=on`")
        .stderr_has("help: a tree rule has id, description, trigger");
    assert!(!out.exists(), "no output on bad input");
    // Each file: (name, text, located message, hint).
    for (name, text, message, hint) in [
        (
            "kind.toml",
            "[[cue]]\nkind = \"armed_group\"\nwords = [\"Brigade\"]\n",
            "kind.toml:2:8: unknown actor kind `armed_group`",
            "did you mean `armed-group`?",
        ),
        (
            "frame.toml",
            "[[frame]]\npredicate = \"aids\"\npos = \"verb\"\nwords = [\"send @materiels\"]\npreps = [\"to\"]\n",
            "frame.toml:4:16: frame word `send @materiels`: no word class `materiels`",
            "did you mean `@materiel`?",
        ),
    ] {
        let rules = sb.write(name, text);
        sb.run(&[
            "extract",
            brief.to_str().unwrap(),
            "--rules",
            rules.to_str().unwrap(),
        ])
        .failure()
        .stderr_has(message)
        .stderr_has(hint);
    }
}

#[test]
fn garbage_in_gives_a_clear_error_or_an_empty_graph() {
    let sb = Sandbox::new();
    let out = sb.join("out.json");
    let o = out.to_str().unwrap();
    // A binary file: refused, nothing written.
    let mut bytes = b"\x7fELF\x02\x01\x01\x00".to_vec();
    bytes.extend((0..4096u32).map(|i| (i * 7 % 251) as u8));
    let bin = sb.write("prog.bin", &bytes);
    sb.run(&["extract", bin.to_str().unwrap(), "-o", o])
        .failure()
        .stderr_has("prog.bin: this looks like a binary file, not a brief");
    assert!(!out.exists());
    // Invalid UTF-8: refused with line and column.
    let latin = sb.write("latin1.txt", b"Egypt urged Israel.\nCaf\xe9 talks.\n");
    sb.run(&["extract", latin.to_str().unwrap(), "-o", o])
        .failure()
        .stderr_has("latin1.txt:2:4: file is not valid UTF-8 text")
        .stderr_has("iconv");
    assert!(!out.exists());
    // Empty and blank files: an empty graph.
    for (name, text) in [("empty.txt", ""), ("blank.md", "\n\n   \n")] {
        let f = sb.write(name, text);
        let g = extract(&sb, &f, &[]);
        assert_eq!(
            (
                g["nodes"].as_array().unwrap().len(),
                g["edges"].as_array().unwrap().len()
            ),
            (0, 0)
        );
    }
    // A 50 MB single line with no full stop: extracted without a panic.
    let mut line = String::with_capacity(50_000_100);
    let words = [
        "the", "convoy", "waited", "while", "talks", "stalled", "near", "crossing",
    ];
    let mut i = 0;
    while line.len() < 50_000_000 {
        if i % 5000 == 0 {
            line.push_str("Egypt urged Israel ");
        }
        line.push_str(words[i % words.len()]);
        line.push(' ');
        i += 1;
    }
    let big = sb.write("big.txt", &line);
    drop(line);
    let g = extract(&sb, &big, &[]);
    assert!(rows(&g).contains("egypt\tREQUEST\tisrael\tasserted"));
}

#[test]
fn build_merges_extracted_briefs_with_curated_triples() {
    let sb = Sandbox::new();
    sb.write(
        "data/briefs/sudan.md",
        std::fs::read(root().join("tests/data/briefs/sudan-2024.md")).unwrap(),
    );
    sb.write(
        "data/curated/mine.triples",
        "UAE arms RSF\nEgypt supports SAF\n",
    );
    sb.run(&["build", "data", "-o", "out"]).success();
    let g: Value =
        serde_json::from_str(&std::fs::read_to_string(sb.join("out/graph.json")).unwrap()).unwrap();
    let sources: Vec<&str> = g["graph"]["sources"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["file"].as_str().unwrap())
        .collect();
    assert_eq!(sources, vec!["curated/mine.triples", "briefs/sudan.md"]);
    // The curated triple and the extracted one are one edge, curated.
    let arms = g["edges"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| {
            e["source"] == "united-arab-emirates"
                && e["predicate"] == "arms"
                && e["polarity"] == "asserted"
        })
        .unwrap();
    assert_eq!(arms["origin"], "curated");
    assert_eq!(arms["evidence"].as_array().unwrap().len(), 2);
    // Relations only the brief states are there, extracted.
    let besieged = g["edges"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["class"] == "COERCE")
        .unwrap();
    assert_eq!(besieged["origin"], "extracted");
}

/// `eval` of the Sudan fixture brief against its gold, with one row the
/// extractor misses added.
fn eval(sb: &Sandbox, extra: &[&str]) -> common::Run {
    eval_edited(
        sb,
        |mut gold| {
            gold.push_str("Turkey\tAID\tSudanese Armed Forces\t\t+\t7\tsent drones\n");
            gold
        },
        extra,
    )
}

/// `eval` of the Sudan fixture brief against its gold as `edit` changes it.
fn eval_edited(sb: &Sandbox, edit: fn(String) -> String, extra: &[&str]) -> common::Run {
    let dir = root().join("tests/data/briefs");
    let pred = sb.join("pred.json");
    sb.run(&[
        "extract",
        dir.join("sudan-2024.md").to_str().unwrap(),
        "-o",
        pred.to_str().unwrap(),
    ])
    .success();
    let gold_text = edit(std::fs::read_to_string(dir.join("sudan-2024.gold.tsv")).unwrap());
    let gold = sb.write("gold.tsv", &gold_text);
    let actors = dir.join("sudan-2024.actors.tsv");
    let mut args = vec![
        "eval",
        "--gold",
        gold.to_str().unwrap(),
        "--actors",
        actors.to_str().unwrap(),
        pred.to_str().unwrap(),
    ];
    args.extend_from_slice(extra);
    sb.run(&args)
}

#[test]
fn eval_prints_scores_misses_and_false_hits() {
    let sb = Sandbox::new();
    let run = eval(&sb, &[]);
    run.success();
    let out = &run.stdout;
    // 12 of 17 predicted triples are in the gold's 12 and one row the
    // gold adds here is missed; with polarity 13 of 18 in 14.
    assert!(
        out.contains("relation                  0.706   0.923  0.800   (12 / 17 / 13)"),
        "{out}"
    );
    assert!(
        out.contains("relation+polarity         0.722   0.929  0.813   (13 / 18 / 14)"),
        "{out}"
    );
    assert!(
        out.contains(
            "misses (1):\n  Turkey AID Sudanese Armed Forces  (sentence 7: “sent drones”)"
        ),
        "{out}"
    );
    assert!(out.contains("  Ali Youssef CONSULT Egypt (asserted)  sentence 10: “Youssef later visited Cairo” [t-active]"), "{out}");
}

#[test]
fn eval_lists_matched_relations_extracted_with_another_polarity() {
    let sb = Sandbox::new();
    // The gold says the shelling was only reported.
    let run = eval_edited(
        &sb,
        |gold| gold.replace("Omdurman\t\t+\t3", "Omdurman\t\t?\t3"),
        &[],
    );
    run.success();
    assert!(
        run.stdout.contains(
            "wrong polarity (1):\n  Rapid Support Forces ASSAULT Omdurman  (gold: hedged)\n    \
             extracted asserted: sentence 3: “"
        ),
        "{}",
        run.stdout
    );
}

#[test]
fn eval_baseline_fails_on_a_drop_and_only_goes_up() {
    let sb = Sandbox::new();
    let base = sb.write("best.toml", "precision = 0.9\nrecall = 0.5\n");
    eval(&sb, &["--baseline", base.to_str().unwrap()])
        .failure()
        .stderr_has("scores fell below the baseline")
        .stderr_has("precision 0.706 < 0.900");
    let base = sb.write("best.toml", "precision = 0.7\nrecall = 0.95\nf1 = 0.5\n");
    eval(&sb, &["--baseline", base.to_str().unwrap()])
        .failure()
        .stderr_has("recall 0.923 < 0.950");
    let base = sb.write("best.toml", "precision = 0.7\nrecall = 0.5\n");
    eval(
        &sb,
        &["--baseline", base.to_str().unwrap(), "--raise-baseline"],
    )
    .success();
    let raised = std::fs::read_to_string(&base).unwrap();
    assert!(
        raised.contains("precision = 0.706\nrecall = 0.923\nf1 = 0.800\nstrict_f1 = 0.813\n"),
        "{raised}"
    );
    let bad = sb.write("bad.tsv", "subject\trelation\tobject\nA\tSUPORT\tB\n");
    sb.run(&[
        "eval",
        "--gold",
        bad.to_str().unwrap(),
        sb.join("pred.json").to_str().unwrap(),
    ])
    .failure()
    .stderr_has("bad.tsv:2:3: unknown relation class `SUPORT`")
    .stderr_has("did you mean `SUPPORT`?");
}

/// `--explain` says why each edge is there: the rule, the quote, how an
/// anaphor was resolved and the sentence's tree.
#[test]
fn explain_shows_rules_resolved_anaphors_and_trees() {
    let sb = Sandbox::new();
    let brief = sb.write(
        "c.txt",
        "The Rapid Support Forces captured Nyala in October. In May the group shelled El Fasher for weeks.\n",
    );
    let out = sb.join("c.json");
    let run = sb.run(&[
        "extract",
        brief.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
        "--explain",
    ]);
    run.success();
    let text = &run.stdout;
    assert!(text.contains("rsf ASSAULT el-fasher"), "{text}");
    assert!(
        text.contains("resolved: `the group` → Rapid Support Forces (definite, sentence 1)"),
        "{text}"
    );
    assert!(text.contains("tree rule `t-"), "{text}");
    assert!(text.contains(" obj"), "{text}");
    // The graph keeps how the anaphor was resolved.
    let graph: Value = serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
    let edge = edge(&graph, "rsf", "ASSAULT", "el-fasher");
    assert_eq!(
        edge["evidence"][0]["resolved"],
        "`the group` → Rapid Support Forces (definite, sentence 1)"
    );
}

/// A rules file in the retired token-pattern language is refused where it
/// says so, with what to write instead, and no output is written.
#[test]
fn a_rules_file_of_token_patterns_is_refused() {
    let sb = Sandbox::new();
    let brief = sb.write("p.txt", "Eritrea pounded Ethiopia in March.\n");
    let rules = sb.write(
        "old.toml",
        "# from an older briefgraph\n[[pattern]]\nid = \"active\"\npattern = \"SUBJ VERB OBJ\"\n",
    );
    let out = sb.join("p.json");
    sb.run(&[
        "extract",
        brief.to_str().unwrap(),
        "--rules",
        rules.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
    ])
    .failure()
    .stderr_has("old.toml:2:1")
    .stderr_has("the token patterns are retired")
    .stderr_has("[[tree]]");
    assert!(!out.exists());
}

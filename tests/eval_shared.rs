//! The ratchet per shared brief: each real brief of `../shared/corpus`
//! beyond the seed brief (which tests/eval_corpus.rs scores) is extracted
//! and scored against its gold; the scores may not fall below
//! tests/data/eval-shared/NAME.best.toml, which only goes up. To record
//! better scores: `briefgraph extract ../shared/corpus/NAME.txt -o pred.json`
//! then `briefgraph eval --gold … --actors … pred.json --baseline
//! tests/data/eval-shared/NAME.best.toml --raise-baseline`.

mod common;

use common::{root, shared, Sandbox};

const BRIEFS: &[&str] = &[
    "rusi-sudan-nadir-2024",
    "rusi-wagner-mali-2024",
    "csis-kenya-congo-2025",
    "rusi-syria-allies-2025",
];

#[test]
fn scores_on_each_shared_brief_do_not_fall() {
    let corpus = shared().join("corpus");
    if !corpus.join(format!("{}.txt", BRIEFS[0])).exists() {
        eprintln!(
            "note: {} is absent, so the shared briefs were not scored",
            corpus.display()
        );
        return;
    }
    let sb = Sandbox::new();
    let mut failures = Vec::new();
    for name in BRIEFS {
        let file = |ext: &str| {
            corpus
                .join(format!("{name}.{ext}"))
                .to_string_lossy()
                .into_owned()
        };
        let pred = sb.join(format!("{name}.json"));
        sb.run(&[
            "extract",
            "--trees",
            &file("txt"),
            "-o",
            pred.to_str().unwrap(),
        ])
        .success();
        let best = root().join(format!("tests/data/eval-shared/{name}.best.toml"));
        let run = sb.run(&[
            "eval",
            "--gold",
            &file("gold.tsv"),
            "--actors",
            &file("actors.tsv"),
            pred.to_str().unwrap(),
            "--baseline",
            best.to_str().unwrap(),
        ]);
        eprintln!("== {name}\n{}", run.stdout);
        if run.code != 0 {
            failures.push(format!("{name}: {}", run.stderr));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// `eval --corpus` scores every brief of the folder and the micro average.
#[test]
fn eval_corpus_lists_every_brief_and_the_micro_average() {
    let corpus = shared().join("corpus");
    if !corpus.exists() {
        eprintln!("note: {} is absent", corpus.display());
        return;
    }
    let sb = Sandbox::new();
    let run = sb.run(&["eval", "--corpus", corpus.to_str().unwrap()]);
    run.success();
    for name in BRIEFS.iter().chain(&["acw-cmcc-2025", "micro"]) {
        assert!(
            run.stdout.lines().any(|l| l.starts_with(name)),
            "{name} missing:\n{}",
            run.stdout
        );
    }
}

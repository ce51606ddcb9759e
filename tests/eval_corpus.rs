//! The quality ratchet: whenever the evaluation corpus is beside the project
//! (`../shared/corpus`, as in CI), extract its brief and score it against
//! its gold with `briefgraph eval --baseline`, which fails when a score falls
//! below the best recorded in tests/data/eval-best.toml. That file only goes
//! up: raise it with `--raise-baseline` (the command is printed below).

mod common;

use common::{root, shared, Sandbox};

#[test]
fn corpus_scores_do_not_fall_below_the_best_recorded() {
    let corpus = shared().join("corpus");
    let name = "acw-cmcc-2025";
    let text = corpus.join(format!("{name}.txt"));
    if !text.exists() {
        eprintln!(
            "note: {} is absent, so the corpus evaluation did not run (CI lays ../shared beside the project)",
            text.display()
        );
        return;
    }
    let sb = Sandbox::new();
    let pred = sb.join("pred.json");
    sb.run(&[
        "extract",
        text.to_str().unwrap(),
        "-o",
        pred.to_str().unwrap(),
    ])
    .success();
    let baseline = root().join("tests/data/eval-best.toml");
    let gold = corpus.join(format!("{name}.gold.tsv"));
    let actors = corpus.join(format!("{name}.actors.tsv"));
    let args = [
        "eval",
        "--gold",
        gold.to_str().unwrap(),
        "--actors",
        actors.to_str().unwrap(),
        pred.to_str().unwrap(),
        "--baseline",
        baseline.to_str().unwrap(),
    ];
    let run = sb.run(&args);
    eprintln!("{}", run.stdout);
    eprintln!(
        "to record better scores: cargo run -- extract {} -o pred.json && cargo run -- {} --raise-baseline",
        text.display(),
        args[..args.len() - 1].join(" ").replace(pred.to_str().unwrap(), "pred.json")
            + " "
            + baseline.to_str().unwrap()
    );
    run.success();
    // The floor (issue 9: recall 0.70, precision 0.85), whatever
    // the baseline says.
    let line = run
        .stdout
        .lines()
        .find(|l| l.starts_with("relation "))
        .unwrap();
    let figures: Vec<f64> = line
        .split_whitespace()
        .skip(1)
        .take(2)
        .map(|x| x.parse().unwrap())
        .collect();
    assert!(
        figures[0] >= 0.85 && figures[1] >= 0.70,
        "precision {} recall {}",
        figures[0],
        figures[1]
    );
}

//! The quality ratchet on briefs about other conflicts: the project's own
//! briefs in tests/data/eval/ (written and annotated by the maintainers,
//! in the corpus's gold format, and not used to tune the rules when they
//! were added). Each NAME.txt is extracted and scored against NAME.gold.tsv;
//! the scores may not fall below NAME.best.toml, which only goes up
//! (`briefgraph eval … --baseline NAME.best.toml --raise-baseline`).

mod common;

use common::{root, Sandbox};

#[test]
fn scores_on_briefs_about_other_conflicts_do_not_fall() {
    let dir = root().join("tests/data/eval");
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .filter_map(|e| {
            let p = e.unwrap().path();
            (p.extension()? == "txt").then(|| p.file_stem().unwrap().to_string_lossy().into_owned())
        })
        .collect();
    names.sort();
    assert!(names.len() >= 2, "{names:?}");
    let sb = Sandbox::new();
    let mut failures = Vec::new();
    for name in &names {
        let file = |ext: &str| {
            dir.join(format!("{name}.{ext}"))
                .to_string_lossy()
                .into_owned()
        };
        let pred = sb.join(format!("{name}.json"));
        sb.run(&["extract", &file("txt"), "-o", pred.to_str().unwrap()])
            .success();
        let run = sb.run(&[
            "eval",
            "--gold",
            &file("gold.tsv"),
            "--actors",
            &file("actors.tsv"),
            pred.to_str().unwrap(),
            "--baseline",
            &file("best.toml"),
        ]);
        eprintln!("== {name}\n{}", run.stdout);
        if run.code != 0 {
            failures.push(format!("{name}: {}", run.stderr));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

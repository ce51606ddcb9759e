//! Rebuilds the syntax model shipped in `src/syntax/model/en-ud.bin` from
//! the UD English treebanks: `cargo run --release --bin train-syntax -- ../shared/ud`.
//! Same files and options → the same bytes.

use briefgraph::syntax::{conllu, train, Model};
use std::path::PathBuf;
use std::time::Instant;

fn main() {
    if let Err(e) = run() {
        eprintln!("train-syntax: {e}");
        std::process::exit(1);
    }
}

fn run() -> Result<(), String> {
    let usage = "usage: train-syntax UD_DIR [-o MODEL] [--limit N] [--tagger-epochs N] [--parser-epochs N] [--folds N] [--explore-from E] [--explore-p P] [--members K] [--min-count N] [--select DEV.conllu] [--also-train FILE.conllu] [--prune T,P] [--from MODEL] [--eval DEV.conllu [--sweep]]\n\
                 Trains on UD_DIR/train/*.conllu and writes MODEL (default src/syntax/model/en-ud.bin).\n\
                 --select keeps each parser's best epoch on DEV (tuning data, never a test file).\n\
                 --also-train adds FILE's sentences to the training data (the final fit on train + dev,\n\
                 once the settings, --parser-epochs included, have been chosen with --select).";
    let mut args = std::env::args().skip(1);
    let mut dir: Option<PathBuf> = None;
    let mut out = PathBuf::from("src/syntax/model/en-ud.bin");
    let mut limit: Option<usize> = None;
    let mut dev: Option<PathBuf> = None;
    let mut opts = train::Options::default();
    let mut prune = (0.5f32, 1.0f32);
    let mut sweep = false;
    let mut from: Option<PathBuf> = None;
    let mut extra: Vec<PathBuf> = Vec::new();
    let num = |v: Option<String>| -> Result<usize, String> {
        v.as_deref()
            .and_then(|s| s.parse().ok())
            .ok_or_else(|| usage.to_string())
    };
    while let Some(a) = args.next() {
        match a.as_str() {
            "-o" | "--output" => out = args.next().ok_or(usage)?.into(),
            "--limit" => limit = Some(num(args.next())?),
            "--tagger-epochs" => opts.tagger_epochs = num(args.next())?,
            "--parser-epochs" => opts.parser_epochs = num(args.next())?,
            "--folds" => opts.folds = num(args.next())?,
            "--explore-from" => opts.explore_from = num(args.next())?,
            "--members" => opts.members = num(args.next())?,
            "--min-count" => opts.min_count = num(args.next())?,
            "--explore-p" => {
                opts.explore_p = args
                    .next()
                    .and_then(|v| v.parse().ok())
                    .ok_or_else(|| usage.to_string())?
            }
            "--select" => {
                let f: PathBuf = args.next().ok_or(usage)?.into();
                let text =
                    std::fs::read_to_string(&f).map_err(|e| format!("{}: {e}", f.display()))?;
                opts.dev = Some(conllu::parse(&f, &text).map_err(|e| e.to_string())?);
            }
            "--prune" => {
                let v = args.next().ok_or(usage)?;
                let (a, b) = v.split_once(',').unwrap_or((&v, &v));
                prune = (a.parse().map_err(|_| usage)?, b.parse().map_err(|_| usage)?);
            }
            "--also-train" => extra.push(args.next().ok_or(usage)?.into()),
            "--sweep" => sweep = true,
            "--from" => from = Some(args.next().ok_or(usage)?.into()),
            "--eval" => dev = Some(args.next().ok_or(usage)?.into()),
            "-h" | "--help" => {
                println!("{usage}");
                return Ok(());
            }
            _ if dir.is_none() && !a.starts_with('-') => dir = Some(a.into()),
            _ => return Err(usage.into()),
        }
    }
    let dir = dir.ok_or(usage)?;
    for f in &extra {
        // Test files only ever score a finished model.
        let name = f.file_name().and_then(|n| n.to_str()).unwrap_or("");
        if name.contains("test") || f.components().any(|c| c.as_os_str() == "test") {
            return Err(format!("{}: a test file is never trained on", f.display()));
        }
        if opts.dev.is_some() {
            return Err("--also-train is the final fit with fixed --parser-epochs; it cannot be combined with --select (an epoch chosen on data the parser trains on means nothing)".into());
        }
    }
    let started = Instant::now();
    let model = match &from {
        // Re-prune and score an existing model without training.
        Some(f) => {
            Model::from_bytes(&std::fs::read(f).map_err(|e| format!("{}: {e}", f.display()))?)?
        }
        None => train_model(&dir, &extra, limit, &opts)?,
    };
    finish(model, started, &out, prune, sweep, dev)
}

fn train_model(
    dir: &std::path::Path,
    extra: &[PathBuf],
    limit: Option<usize>,
    opts: &train::Options,
) -> Result<Model, String> {
    let train_dir = dir.join("train");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&train_dir)
        .map_err(|e| format!("{}: {e}", train_dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "conllu"))
        .collect();
    files.sort();
    if files.is_empty() {
        return Err(format!("{}: no *.conllu files", train_dir.display()));
    }
    files.extend(extra.iter().cloned());
    let mut sents = Vec::new();
    for f in &files {
        let text = std::fs::read_to_string(f).map_err(|e| format!("{}: {e}", f.display()))?;
        sents.extend(conllu::parse(f, &text).map_err(|e| e.to_string())?);
    }
    if let Some(n) = limit {
        sents.truncate(n);
    }
    Ok(train::train(&sents, opts, |m| {
        eprintln!("train-syntax: {m}")
    }))
}

fn finish(
    model: Model,
    started: Instant,
    out: &std::path::Path,
    prune: (f32, f32),
    sweep: bool,
    dev: Option<PathBuf>,
) -> Result<(), String> {
    if sweep {
        let dev = dev.as_ref().ok_or("--sweep needs --eval DEV")?;
        let text = std::fs::read_to_string(dev).map_err(|e| format!("{}: {e}", dev.display()))?;
        let gold = conllu::parse(dev, &text).map_err(|e| e.to_string())?;
        for t in [0.0f32, 0.5, 2.0] {
            for p in [0.0f32, 0.5, 1.0, 2.0, 4.0] {
                let m = model.pruned(t, p);
                println!(
                    "prune {t},{p}: {} bytes {:?} {}",
                    m.to_bytes().len(),
                    m.size(),
                    m.evaluate(&gold)
                );
            }
        }
    }
    let model = model.pruned(prune.0, prune.1);
    let bytes = model.to_bytes();
    std::fs::write(out, &bytes).map_err(|e| format!("{}: {e}", out.display()))?;
    eprintln!(
        "train-syntax: wrote {} ({} bytes; tagger {} and parser {} features) in {:.1} s",
        out.display(),
        bytes.len(),
        model.features().0,
        model.features().1,
        started.elapsed().as_secs_f64()
    );
    if let Some(dev) = dev {
        let text = std::fs::read_to_string(&dev).map_err(|e| format!("{}: {e}", dev.display()))?;
        let gold = conllu::parse(&dev, &text).map_err(|e| e.to_string())?;
        let model = Model::from_bytes(&bytes)?;
        let s = model.evaluate(&gold);
        println!("{}: {s}", dev.display());
        eprintln!("train-syntax: counts {s:?}");
    }
    Ok(())
}

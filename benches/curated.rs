//! Throughput of the curated path: parse a large generated triples file,
//! assemble the graph, and write each export.
//!
//! Run: `cargo bench --bench curated`. Figures go in the README.

use briefgraph::format::Format;
use briefgraph::registry::Registry;
use briefgraph::sources::curated;
use briefgraph::vocabulary::Vocabulary;
use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use std::path::Path;

/// A curated file of `n` triples over the built-in registry and
/// vocabulary: varied actors, predicates, modifiers, contexts and dates.
fn generate(n: usize, registry: &Registry, vocab: &Vocabulary) -> String {
    let names: Vec<&str> = registry.entries().iter().map(|e| e.name.as_str()).collect();
    let preds: Vec<&str> = vocab.predicates().iter().map(|p| p.name.as_str()).collect();
    let mut out = String::from("@source bench | title: Generated triples\n");
    let mut x: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut next = |m: usize| {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        (x % m as u64) as usize
    };
    for i in 0..n {
        let (s, p, o) = (
            names[next(names.len())],
            preds[next(preds.len())],
            names[next(names.len())],
        );
        let modifier = ["", "may ", "reportedly "][next(3)];
        let p = if modifier == "may " {
            p.trim_end_matches('s')
        } else {
            p
        };
        out.push_str(&format!("{s} {modifier}{p} {o}"));
        if i % 3 == 0 {
            out.push_str(&format!(" in {}", names[next(names.len())]));
        }
        out.push_str(&format!(
            " | date: 20{:02}-{:02}-{:02}\n",
            10 + next(15),
            1 + next(12),
            1 + next(28)
        ));
    }
    out
}

fn bench(c: &mut Criterion) {
    let registry = Registry::builtin();
    let vocab = Vocabulary::builtin();
    let text = generate(20_000, &registry, &vocab);
    // Keep only the lines that parse (a generated `may` form may not exist).
    let text: String = text
        .lines()
        .filter(|l| {
            curated::parse(Path::new("b"), l, &registry, &vocab).is_ok() || l.starts_with('@')
        })
        .map(|l| format!("{l}\n"))
        .collect();
    let mut group = c.benchmark_group("curated");
    group.sample_size(10);
    group.throughput(Throughput::Bytes(text.len() as u64));
    group.bench_function("parse+assemble", |b| {
        b.iter(|| {
            let parsed =
                curated::parse(Path::new("bench.triples"), &text, &registry, &vocab).unwrap();
            briefgraph::project::assemble("bench", [parsed])
        })
    });
    let parsed = curated::parse(Path::new("bench.triples"), &text, &registry, &vocab).unwrap();
    let graph = briefgraph::project::assemble("bench", [parsed]);
    // Pictures are Graphviz's time, not ours: left out.
    for &format in Format::ALL.iter().filter(|f| !f.is_render()) {
        group.bench_with_input(BenchmarkId::new("write", format), &graph, |b, g| {
            b.iter(|| briefgraph::sinks::write(g, format))
        });
    }
    group.finish();

    // Questions asked of the same graph: centrality and clusters, the
    // layout the HTML page and yEd use, and a filtered view.
    let mut group = c.benchmark_group("analysis");
    group.sample_size(10);
    group.bench_function("stats", |b| {
        b.iter(|| briefgraph::graph::analysis::stats(&graph))
    });
    group.bench_function("layout", |b| {
        b.iter(|| briefgraph::graph::layout::layout(&graph))
    });
    let view = briefgraph::graph::view::View {
        classes: vec!["conflictual".into()],
        since: Some("2015".into()),
        ..Default::default()
    };
    group.bench_function("view", |b| b.iter(|| view.apply(&graph).unwrap()));
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);

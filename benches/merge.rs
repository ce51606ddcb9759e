//! Benchmark: merging 1,000 graphs of 1,000 edges each, as `briefgraph
//! merge` does (read the files in parallel, fold them, build the graph,
//! write JSON), with wall time and peak memory (VmHWM).
//!
//! Run with `cargo bench --bench merge`. Environment variables:
//! `GRAPHS` (default 1000), `EDGES` (1000), `POOL` (distinct relations the
//! graphs draw from, 100000), `ACTORS` (1000).
//!
//! The graphs are generated first, one at a time, and written as
//! briefgraph JSON into a temporary directory (not timed; generating holds
//! one graph at a time, so it does not raise the peak). They are what many
//! briefs about one region look like: 1,000 actors, three in five from the
//! built-in registry — half of those written under another id and an alias
//! as label (`usa`, "USA"), so entity resolution has work to do — and the
//! rest unknown to it; each graph states 1,000 relations drawn from a shared
//! pool with a skew (popular relations recur across briefs), with one piece
//! of evidence each (source, line, sentence).

use briefgraph::graph::GraphBuilder;
use briefgraph::model::{Actor, Evidence, Origin, Polarity, Relation, Source};
use briefgraph::registry::Registry;
use briefgraph::vocabulary::Vocabulary;
use briefgraph::{output, sinks, sources};
use std::path::PathBuf;
use std::time::Instant;

// The allocator the binary uses (src/main.rs).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// SplitMix64: a small, seeded, reproducible generator.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    /// Skewed towards small values: the minimum of two uniform draws.
    fn skewed(&mut self, n: usize) -> usize {
        self.below(n).min(self.below(n))
    }
}

fn env(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// The peak resident set size of this process so far, in MiB.
fn peak_mib() -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
        .map_or(f64::NAN, |kb| kb / 1024.0)
}

/// CPU time of this process so far (user + system), in seconds, from
/// /proc/self/stat (clock ticks of 1/100 s on Linux): with other work on
/// the machine, wall time alone says little.
fn cpu_s() -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    // The fields after the command name, which is in parentheses.
    let fields: Vec<&str> = stat
        .rsplit_once(')')
        .map_or("", |(_, rest)| rest)
        .split_whitespace()
        .collect();
    let ticks = |i: usize| {
        fields
            .get(i)
            .and_then(|v| v.parse::<f64>().ok())
            .unwrap_or(0.0)
    };
    // utime and stime are fields 14 and 15, i.e. 11 and 12 after the name.
    (ticks(11) + ticks(12)) / 100.0
}

/// The load average over the last minute, from /proc/loadavg.
fn load() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .ok()
        .and_then(|l| l.split_whitespace().next().map(String::from))
        .unwrap_or_else(|| "?".into())
}

/// One relation of the shared pool: subject, object, predicate, class,
/// context, polarity.
struct PoolRelation {
    subject: usize,
    object: usize,
    predicate: usize,
    context: Option<usize>,
    polarity: Polarity,
}

fn main() {
    // As the binary does (src/main.rs, keep_freed_memory).
    // SAFETY: sets a global option of the allocator; any value is valid.
    unsafe { libmimalloc_sys::mi_option_set(15, -1) };
    let graphs = env("GRAPHS", 1000);
    let edges = env("EDGES", 1000);
    let pool_size = env("POOL", 100_000);
    let actor_count = env("ACTORS", 1000);
    let registry = Registry::builtin();
    let vocab = Vocabulary::builtin();
    let mut rng = Rng(0x5eed);

    // Actors: registry entries first, then actors the registry does not know.
    let entries = registry.entries();
    let known = (actor_count * 3 / 5).min(entries.len());
    let actors: Vec<Actor> = (0..actor_count)
        .map(|i| {
            if i < known {
                entries[(i * 7919) % entries.len()].to_actor()
            } else {
                let mut a = Actor::new(
                    format!("group-{i:04}"),
                    format!("Armed Group {i}"),
                    "armed-group",
                );
                a.candidate = true;
                a.extra
                    .insert("first_seen".into(), serde_json::Value::from(2000 + i % 25));
                a
            }
        })
        .collect();
    let predicates: Vec<(&str, briefgraph::model::RelationClass)> = vocab
        .predicates()
        .iter()
        .step_by(7)
        .map(|p| (p.name.as_str(), p.class))
        .collect();
    let contexts = [
        "ceasefire",
        "humanitarian aid",
        "border security",
        "sanctions",
    ];
    let pool: Vec<PoolRelation> = (0..pool_size)
        .map(|_| {
            let subject = rng.skewed(actor_count);
            let mut object = rng.below(actor_count);
            if object == subject {
                object = (object + 1) % actor_count;
            }
            PoolRelation {
                subject,
                object,
                predicate: rng.below(predicates.len()),
                context: (rng.below(4) == 0).then(|| rng.below(contexts.len())),
                polarity: match rng.below(20) {
                    0 => Polarity::Negated,
                    1 | 2 => Polarity::Hedged,
                    _ => Polarity::Asserted,
                },
            }
        })
        .collect();

    // KEEP=DIR generates into DIR once and reuses its files on later runs.
    let temp = tempfile::tempdir().expect("temp dir");
    let dir = std::env::var_os("KEEP").map_or_else(|| temp.path().to_path_buf(), PathBuf::from);
    std::fs::create_dir_all(&dir).expect("create the graph directory");
    let started = Instant::now();
    let mut paths = Vec::with_capacity(graphs);
    let mut bytes = 0u64;
    for g in 0..graphs {
        let path = dir.join(format!("brief-{g:04}.json"));
        if std::env::var_os("KEEP").is_some() && path.exists() {
            bytes += std::fs::metadata(&path).map_or(0, |m| m.len());
            paths.push(path);
            continue;
        }
        let source = format!("brief-{g:04}");
        let mut b = GraphBuilder::new(format!("Brief {g}"));
        let mut s = Source::new(&source, format!("Generated brief {g}"));
        s.extra
            .insert("date".into(), serde_json::Value::from("2025-11"));
        b.add_source(s);
        // Half the graphs write registry actors under another id and an alias.
        let alias_ids = g % 2 == 1;
        let id_of = |i: usize| -> String {
            let a = &actors[i];
            if alias_ids && i < known && !a.aliases.is_empty() {
                format!("alt-{}", a.id)
            } else {
                a.id.clone()
            }
        };
        let mut line = 0u32;
        let mut picked = std::collections::HashSet::new();
        while picked.len() < edges.min(pool.len()) {
            let k = rng.skewed(pool.len());
            if !picked.insert(k) {
                continue;
            }
            let p = &pool[k];
            line += 1;
            for &i in &[p.subject, p.object] {
                let mut a = actors[i].clone();
                let id = id_of(i);
                if id != a.id {
                    a.label = a.aliases[0].clone();
                    a.aliases.clear();
                    a.wikidata = None;
                    a.id = id;
                }
                b.add_actor(a);
            }
            let (predicate, class) = predicates[p.predicate];
            let mut e = Evidence::new(&source);
            e.line = Some(line);
            e.sentence = Some(format!(
                "Sentence {line} of brief {g}, which states a relation."
            ));
            b.add_relation(Relation {
                id: String::new(),
                source: id_of(p.subject),
                target: id_of(p.object),
                predicate: predicate.to_string(),
                class,
                polarity: p.polarity,
                context: p.context.map(|c| contexts[c].to_string()),
                date: None,
                origin: Origin::Extracted,
                confidence: Some(0.5 + (line % 5) as f64 / 10.0),
                note: None,
                evidence: vec![e],
                extra: Default::default(),
            });
        }
        let graph = b.finish();
        let json = sinks::json::write(&graph);
        bytes += json.len() as u64;
        std::fs::write(&path, json).expect("write a generated graph");
        paths.push(path);
    }
    eprintln!(
        "generated {graphs} graphs of {edges} edges ({:.0} MiB of JSON) in {:.1} s; peak so far {:.0} MiB",
        bytes as f64 / 1048576.0,
        started.elapsed().as_secs_f64(),
        peak_mib()
    );

    // What `briefgraph merge FILES... -o merged.json` does (src/main.rs).
    let out: PathBuf = temp.path().join("merged.json");
    let load_before = load();
    let cpu0 = cpu_s();
    let t0 = Instant::now();
    let merged =
        sources::merge_files(&paths, &registry, &vocab, None).expect("generated graphs are valid");
    let merging = t0.elapsed();
    let merging_cpu = cpu_s() - cpu0;
    output::write_graph(&out, &merged.graph, briefgraph::format::Format::Json)
        .expect("write the merged graph");
    let total = t0.elapsed();
    let cpu = cpu_s() - cpu0;
    // As the CLI does: the process ends, the system reclaims the graph.
    let report = merged.report.clone();
    std::mem::forget(merged);
    let json_len = std::fs::metadata(&out).map_or(0, |m| m.len());
    println!(
        "merge: {graphs} graphs x {edges} edges -> {} actors, {} relations ({} with support > 1) from {} input relations, {} conflicts, {:.0} MiB of JSON",
        report.actors,
        report.relations,
        report.multi_source,
        report.inputs.iter().map(|i| i.relations).sum::<usize>(),
        report.conflicts.len(),
        json_len as f64 / 1048576.0
    );
    println!(
        "merge: wall {:.2} s (read, resolve and merge {:.2} s, write {:.2} s), CPU {cpu:.2} s ({merging_cpu:.2} s and {:.2} s); peak memory (VmHWM) {:.0} MiB; {} threads; load average before {load_before}",
        total.as_secs_f64(),
        merging.as_secs_f64(),
        (total - merging).as_secs_f64(),
        cpu - merging_cpu,
        peak_mib(),
        rayon::current_num_threads()
    );
    let target_s = 3.0;
    let target_mib = 1024.0;
    println!(
        "merge: target under {target_s} s and {target_mib} MiB: {}",
        if total.as_secs_f64() < target_s && peak_mib() < target_mib {
            "met"
        } else {
            "MISSED"
        }
    );
}

//! Throughput of the syntax layer: split + tokenize + tag + parse on one
//! thread, over generated brief-like prose.
//!
//! ```text
//! cargo bench --bench syntax                # ~4 MB of text, best of 3 runs
//! cargo bench --bench syntax -- --mb 16
//! ```
//!
//! Reports tokens per CPU-second and MB per CPU-second of the best run (CPU
//! time of this one-threaded process from /proc/self/stat, so a busy machine
//! does not skew it), and the wall time; the model is decoded before timing.

use briefgraph::syntax::Model;
use std::time::Instant;

// The allocator of the briefgraph binary, so the figures are the binary's.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[(self.next() % items.len() as u64) as usize]
    }
}

const SUBJECTS: &[&str] = &[
    "The ministry",
    "Rebel commanders",
    "The regional council",
    "Dr. Haddad",
    "The U.S. envoy",
    "Local officials",
    "The coalition's spokesman",
    "Aid agencies",
    "The finance committee",
    "Her government",
];
const VERBS: &[&str] = &[
    "rejected",
    "welcomed",
    "funded",
    "criticised",
    "has not confirmed",
    "was accused of blocking",
    "will review",
    "quietly supported",
    "didn't endorse",
    "is expected to sign",
];
const OBJECTS: &[&str] = &[
    "the ceasefire proposal",
    "a $40 million loan",
    "the new port agreement",
    "last year's budget",
    "the UN-backed mission",
    "plans for a border crossing",
    "the opposition's demands",
    "an inquiry into the strikes",
];
const TAILS: &[&str] = &[
    "on Tuesday",
    "after weeks of talks",
    "despite strong objections from neighbouring states",
    "in a statement",
    "according to two people familiar with the matter",
    "without giving reasons",
    "by a narrow margin",
];

fn text(bytes: usize) -> String {
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let mut s = String::with_capacity(bytes + 200);
    while s.len() < bytes {
        match rng.next() % 4 {
            0 => s.push_str(&format!(
                "{} {} {}, which {} {} {}. ",
                rng.pick(SUBJECTS),
                rng.pick(VERBS),
                rng.pick(OBJECTS),
                rng.pick(VERBS),
                rng.pick(OBJECTS),
                rng.pick(TAILS)
            )),
            1 => s.push_str(&format!(
                "\"We {} {},\" said {} {}.\n\n",
                rng.pick(VERBS),
                rng.pick(OBJECTS),
                rng.pick(SUBJECTS).to_lowercase(),
                rng.pick(TAILS)
            )),
            _ => s.push_str(&format!(
                "{} {} {} {}. ",
                rng.pick(SUBJECTS),
                rng.pick(VERBS),
                rng.pick(OBJECTS),
                rng.pick(TAILS)
            )),
        }
    }
    s
}

/// User + system CPU seconds of this process (Linux; clock ticks of 1/100 s).
fn cpu_seconds() -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    let after = stat.rsplit_once(')').map_or("", |(_, r)| r);
    let f: Vec<f64> = after
        .split_whitespace()
        .map(|x| x.parse().unwrap_or(0.0))
        .collect();
    // Fields 14 and 15 of the file are the 12th and 13th after the `)`.
    (f.get(11).copied().unwrap_or(0.0) + f.get(12).copied().unwrap_or(0.0)) / 100.0
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let mb: f64 = args
        .iter()
        .position(|a| a == "--mb")
        .and_then(|i| args.get(i + 1))
        .and_then(|v| v.parse().ok())
        .unwrap_or(4.0);
    let model = Model::builtin();
    let t = text((mb * 1e6) as usize);
    let (mut best, mut wall) = (f64::MAX, f64::MAX);
    let mut tokens = 0;
    for _ in 0..3 {
        let (start, cpu) = (Instant::now(), cpu_seconds());
        let mut n = 0;
        model.parse_each(&t, 0..t.len(), |s| n += s.tokens.len());
        best = best.min((cpu_seconds() - cpu).max(0.01));
        wall = wall.min(start.elapsed().as_secs_f64());
        tokens = n;
    }
    println!(
        "syntax: {:.1} MB, {tokens} tokens: {:.0} tokens per CPU-second, {:.2} MB per CPU-second on one thread \
         (best of 3: {best:.2} s CPU, {wall:.2} s wall)",
        t.len() as f64 / 1e6,
        tokens as f64 / best,
        t.len() as f64 / 1e6 / best,
    );
}

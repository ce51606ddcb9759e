//! Extraction throughput on generated briefs.
//!
//! ```text
//! cargo bench --bench extract_throughput -- --mb 4 --files 64
//! cargo bench --bench extract_throughput                 # 256 briefs, ~32 MB
//! ```
//!
//! It measures what `extract` does: segmentation, name matching, parsing,
//! candidates, coreference and the tree rules (`--trees`, once needed to add
//! the tree rules to the token patterns since retired, is still accepted).
//!
//! The briefs are generated from sentence templates filled with actors of
//! the built-in registry (states, organisations, forces, people), verbs of
//! the vocabulary, dates and plain prose, so every sentence goes through
//! segmentation, name matching, the parser and the rules as a real brief would. The
//! benchmark reports MB/s on one thread and with rayon over the files, and
//! the relations found, so a run that extracts nothing is seen at once.

use briefgraph::extract::Extractor;

// The allocator of the briefgraph binary, so the figures are the binary's.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;
use rayon::prelude::*;
use std::time::Instant;

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        // xorshift64*: deterministic, so every run measures the same text.
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[(self.next() % items.len() as u64) as usize]
    }
}

const ACTORS: &[&str] = &[
    "Egypt",
    "Qatar",
    "Turkey",
    "Israel",
    "Hamas",
    "the United States",
    "Washington",
    "Russia",
    "Ukraine",
    "the Kremlin",
    "Kyiv",
    "NATO",
    "the European Union",
    "the African Union",
    "the UN Security Council",
    "Sudan",
    "the Rapid Support Forces",
    "the RSF",
    "the Sudanese Armed Forces",
    "Chad",
    "Saudi Arabia",
    "the United Arab Emirates",
    "Iran",
    "Jordan",
    "Lebanon",
    "Poland",
    "Hungary",
    "France",
    "Germany",
    "China",
    "India",
    "Pakistan",
    "Mali",
    "Niger",
    "ECOWAS",
    "the World Bank",
    "the IMF",
    "CENTCOM",
    "the Pentagon",
    "Congress",
    "Benjamin Netanyahu",
    "Vladimir Putin",
    "Volodymyr Zelensky",
    "Ethiopia",
];
const DEMONYMS: &[&str] = &[
    "Israeli", "Russian", "Turkish", "Emirati", "Egyptian", "Iranian", "French", "Saudi",
];
const VERBS: &[&str] = &[
    "condemned",
    "supported",
    "attacked",
    "urged",
    "criticized",
    "sanctioned",
    "recognized",
    "funded",
    "armed",
    "opposed",
    "welcomed",
    "struck",
    "blocked",
    "backed",
    "accused",
    "invaded",
    "monitored",
];
const PREP_VERBS: &[&str] = &[
    "withdrew from",
    "cooperated with",
    "negotiated with",
    "appealed to",
    "sided with",
];
const NOMINALS: &[&str] = &[
    "strikes on",
    "support for",
    "sanctions on",
    "talks with",
    "aid to",
    "criticism of",
];
const MONTHS: &[&str] = &["January", "March", "May", "July", "September", "November"];
const PROSE: &[&str] = &[
    "The humanitarian situation deteriorated sharply over the winter months, and aid convoys were delayed at checkpoints for days at a time",
    "Analysts disagree about how long the current arrangement can last, given the fragile economy and the number of armed factions involved",
    "Prices for fuel and bread rose by more than 40 percent in a single quarter, pushing many families below the poverty line",
    "Several ceasefire proposals were tabled during the spring, but none was implemented in full before the rainy season began",
    "The region's economies remain heavily dependent on remittances, commodity exports and international aid programmes",
    "Negotiations continued behind closed doors, with few details made public and little progress reported by the mediators",
    "Displacement camps near the border have doubled in size since last year, straining water and sanitation services",
    "Local councils have struggled to pay salaries, and many teachers and health workers have not been paid for months",
];
const INTROS: &[&str] = &[
    "In a statement on Monday, ",
    "Earlier this year, ",
    "Despite repeated warnings, ",
    "For the first time, ",
    "",
];
const TAILS: &[&str] = &[
    ", a move that analysts described as a turning point for the region",
    ", according to people familiar with the discussions",
    " after weeks of mounting pressure from partners and donors",
    ", raising concerns about the durability of existing arrangements",
    "",
];

fn sentence(r: &mut Rng, out: &mut String) {
    let a = r.pick(ACTORS);
    let b = r.pick(ACTORS);
    let year = 2015 + r.next() % 11;
    let intro = r.pick(INTROS);
    let tail = r.pick(TAILS);
    let core = match r.next() % 14 {
        0 => format!(
            "On {} {}, {year}, {a} {} {b}",
            r.pick(MONTHS),
            1 + r.next() % 28,
            r.pick(VERBS)
        ),
        1 => format!(
            "{intro}{a} and {} {} {b} in {year}",
            r.pick(ACTORS),
            r.pick(VERBS)
        ),
        2 => format!(
            "{b} was {} by {a}, according to local reports",
            r.pick(VERBS)
        ),
        3 => format!(
            "{intro}{a} may {} {b} before the summit",
            r.pick(&[
                "withdraw from",
                "negotiate with",
                "side with",
                "cooperate with"
            ])
        ),
        4 => format!(
            "{intro}{} {} {b} continued despite objections",
            r.pick(DEMONYMS),
            r.pick(NOMINALS)
        ),
        5 => format!(
            "{a} did not {} {b}, officials said",
            r.pick(&["attack", "recognize", "fund", "criticize"])
        ),
        6 => format!("{intro}{a} {} {b} over the dispute", r.pick(PREP_VERBS)),
        _ if intro.is_empty() => r.pick(PROSE).to_string(),
        // After an opening phrase, the sentence goes on in lower case.
        _ => {
            let prose = r.pick(PROSE);
            format!("{intro}{}{}", prose[..1].to_lowercase(), &prose[1..])
        }
    };
    out.push_str(&core);
    out.push_str(tail);
    out.push('.');
}

fn brief(r: &mut Rng, bytes: usize) -> String {
    let mut out = String::with_capacity(bytes + 256);
    out.push_str("title: Generated brief\nsource: benchmark\n---\n");
    let mut in_para = 0;
    while out.len() < bytes {
        if in_para > 0 {
            out.push(' ');
        }
        sentence(r, &mut out);
        in_para += 1;
        if in_para == 6 {
            out.push_str("\n\n");
            in_para = 0;
        }
    }
    out
}

/// CPU time of the calling thread, from Linux's schedstat (nanoseconds on
/// a CPU), so a run on a machine shared with other work still measures
/// what one core does. `None` elsewhere.
fn thread_cpu() -> Option<f64> {
    let text = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    let ns: f64 = text.split_whitespace().next()?.parse().ok()?;
    Some(ns / 1e9)
}

/// CPU time of the whole process (user + system), in seconds.
fn process_cpu() -> Option<f64> {
    let text = std::fs::read_to_string("/proc/self/stat").ok()?;
    let after = &text[text.rfind(')')? + 2..];
    let fields: Vec<&str> = after.split_whitespace().collect();
    let ticks: f64 = fields.get(11)?.parse::<f64>().ok()? + fields.get(12)?.parse::<f64>().ok()?;
    Some(ticks / 100.0)
}

fn arg(name: &str, default: usize) -> usize {
    let args: Vec<String> = std::env::args().collect();
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1))
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn main() {
    let mb = arg("--mb", 32);
    let files = arg("--files", 256).max(1);
    let per_file = mb * 1_000_000 / files;
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let briefs: Vec<String> = (0..files).map(|_| brief(&mut rng, per_file)).collect();
    let total: usize = briefs.iter().map(String::len).sum();
    // `--dump FILE` writes the first brief, to see what is measured.
    let args: Vec<String> = std::env::args().collect();
    if let Some(path) = args
        .iter()
        .position(|a| a == "--dump")
        .and_then(|i| args.get(i + 1))
    {
        std::fs::write(path, &briefs[0]).expect("write the dump");
    }
    let ex = Extractor::builtin();
    // Warm up caches and the allocator.
    let _ = ex.extract("warmup", &briefs[0]);

    let start = Instant::now();
    let cpu0 = thread_cpu();
    let mut relations = 0;
    for (i, b) in briefs.iter().enumerate() {
        relations += ex.extract(&format!("b{i}"), b).relations.len();
    }
    let single = start.elapsed().as_secs_f64();
    let single_cpu = thread_cpu().zip(cpu0).map(|(b, a)| b - a);

    let start = Instant::now();
    let pcpu0 = process_cpu();
    let par_relations: usize = briefs
        .par_iter()
        .enumerate()
        .map(|(i, b)| ex.extract(&format!("b{i}"), b).relations.len())
        .sum();
    let parallel = start.elapsed().as_secs_f64();
    let parallel_cpu = process_cpu().zip(pcpu0).map(|(b, a)| b - a);
    assert_eq!(
        relations, par_relations,
        "parallel and serial runs must agree"
    );
    assert!(relations > 0, "the generated briefs must yield relations");

    let mbs = |secs: f64| total as f64 / 1e6 / secs;
    let threads = rayon::current_num_threads();
    println!(
        "extract_throughput: {files} briefs, {:.1} MB, {relations} relations",
        total as f64 / 1e6
    );
    let per_cpu = |cpu: Option<f64>| {
        cpu.map_or("n/a".to_string(), |c| {
            format!("{:.1} MB/s per CPU-second", mbs(c))
        })
    };
    println!(
        "  single thread : {:>8.1} MB/s wall ({single:.2} s), {}",
        mbs(single),
        per_cpu(single_cpu)
    );
    println!(
        "  rayon x{threads:<2}     : {:>8.1} MB/s wall ({parallel:.2} s), {}",
        mbs(parallel),
        per_cpu(parallel_cpu)
    );
}

use briefgraph::extract::Extractor;
use std::time::Instant;
fn main() {
    let text = std::fs::read_to_string(std::env::args().nth(1).unwrap()).unwrap();
    let ex = Extractor::builtin();
    let _ = ex.extract("x", &text);
    let t = Instant::now();
    let mut n = 0;
    for _ in 0..5 {
        n += ex.extract("x", &text).relations.len();
    }
    let s = t.elapsed().as_secs_f64() / 5.0;
    println!("{:.1} MB/s ({n})", text.len() as f64 / 1e6 / s);
}

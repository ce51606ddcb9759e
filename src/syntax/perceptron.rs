//! Averaged perceptron: sparse rows while training, a frozen open-addressed
//! table of quantized weights for tagging and parsing.

use super::bin::{Reader, Writer};
use super::hash::IdMap;
use crate::hint::prefetch;

#[derive(Clone, Copy)]
struct Cell {
    class: u16,
    w: i32,
    /// Sum of `c * delta` over updates (Daumé's averaging trick).
    u: i64,
}

/// Moves `class`'s weight in `row` by `d` at update `c`.
fn add(row: &mut Vec<Cell>, class: usize, d: i32, c: i64) {
    match row.iter_mut().find(|x| x.class as usize == class) {
        Some(x) => {
            x.w += d;
            x.u += c * d as i64;
        }
        None => row.push(Cell {
            class: class as u16,
            w: d,
            u: c * d as i64,
        }),
    }
}

/// The weights being learned: feature → the classes it has voted for.
pub struct Trainer {
    pub n_classes: usize,
    rows: IdMap<Vec<Cell>>,
    c: i64,
}

impl Trainer {
    pub fn new(n_classes: usize) -> Trainer {
        Trainer {
            n_classes,
            rows: IdMap::default(),
            c: 1,
        }
    }

    /// Adds the current weights of `feats` into `scores` (length `n_classes`).
    pub fn score(&self, feats: &[u64], scores: &mut [i64]) {
        scores.iter_mut().for_each(|s| *s = 0);
        for f in feats {
            if let Some(row) = self.rows.get(f) {
                for c in row {
                    scores[c.class as usize] += c.w as i64;
                }
            }
        }
    }

    /// One training instance has been seen.
    pub fn tick(&mut self) {
        self.c += 1;
    }

    /// Moves the weights of `feats` towards `truth` and away from `guess`.
    pub fn update(&mut self, truth: usize, guess: usize, feats: &[u64]) {
        if truth == guess {
            return;
        }
        let c = self.c;
        for f in feats {
            let row = self.rows.entry(*f).or_default();
            add(row, truth, 1, c);
            add(row, guess, -1, c);
        }
    }

    /// Moves the weights of `feats` for `class` by `d`.
    pub fn nudge(&mut self, class: usize, d: i32, feats: &[u64]) {
        let c = self.c;
        for f in feats {
            add(self.rows.entry(*f).or_default(), class, d, c);
        }
    }

    /// The averaged weights as (feature, class, weight), sorted, zeros left out.
    pub fn averaged(&self) -> Averaged {
        let c = self.c as f64;
        let mut keys: Vec<u64> = self.rows.keys().copied().collect();
        keys.sort_unstable();
        let mut out = Vec::new();
        for k in keys {
            let mut row: Vec<(u16, f32)> = self.rows[&k]
                .iter()
                .map(|x| (x.class, (x.w as f64 - x.u as f64 / c) as f32))
                .filter(|x| x.1 != 0.0)
                .collect();
            row.sort_unstable_by_key(|x| x.0);
            out.extend(row.into_iter().map(|(class, v)| (k, class, v)));
        }
        out
    }

    /// The averaged weights, quantized to i16 with one scale, zeros pruned,
    /// keys folded to 32 bits.
    pub fn freeze(&self) -> Weights {
        Weights::quantize(self.n_classes, &self.averaged())
    }
}

/// The mean of several sorted (feature, class, weight) lists: an ensemble
/// of linear models is the model of their summed weights.
pub fn mean(models: &[Averaged]) -> Averaged {
    let mut all: Vec<(u64, u16, f32)> = models.iter().flatten().copied().collect();
    // A stable sort keeps the members' order within a (key, class), so the
    // float sums are the same from run to run.
    all.sort_by_key(|x| (x.0, x.1));
    let k = models.len().max(1) as f32;
    let mut out: Averaged = Vec::with_capacity(all.len());
    for (key, class, v) in all {
        match out.last_mut() {
            Some(last) if last.0 == key && last.1 == class => last.2 += v,
            _ => out.push((key, class, v)),
        }
    }
    for x in &mut out {
        x.2 /= k;
    }
    out
}

/// Averaged weights before quantization: (feature, class, weight), sorted.
pub type Averaged = Vec<(u64, u16, f32)>;

/// Folds a 64-bit feature key to the 32 bits the shipped table keeps (never 0).
#[inline]
pub fn fold(k: u64) -> u32 {
    (((k >> 32) ^ k) as u32) | 1
}

/// A table slot: a folded key and its row, as start (high 24 bits) and
/// length (low 8 bits) in `cells`, or, with length 0, as the index of a
/// dense row in `dense`; eight bytes, eight slots a cache line.
#[derive(Clone, Copy, Default)]
struct Slot {
    key: u32,
    at: u32,
}

/// Most cells a table holds (the 24 bits of a row's start).
const MAX_CELLS: usize = 1 << 24;

impl Slot {
    #[inline]
    fn start(&self) -> usize {
        (self.at >> 8) as usize
    }
    #[inline]
    fn len(&self) -> usize {
        (self.at & 0xff) as usize
    }
}

/// Frozen weights: an open-addressed table from folded feature key to a
/// run of (class, weight) cells, each packed in one `u32` (class in the high
/// half, the i16 weight in the low half) so that a row is one contiguous read.
pub struct Weights {
    pub n_classes: usize,
    pub scale: f32,
    mask: usize,
    slots: Vec<Slot>,
    cells: Vec<u32>,
    /// Rows with many classes, `width` weights each (zeros included), added
    /// in SIMD-friendly runs instead of class by class.
    dense: Vec<i16>,
    /// `n_classes` rounded up to a multiple of 16.
    width: usize,
    /// Number of features.
    rows: usize,
}

/// Rows with at least this many weights are stored dense.
const DENSE_MIN: usize = 12;

impl Weights {
    /// Quantizes sorted (feature, class, weight) rows to i16 with one scale
    /// and folds the keys to 32 bits (rows of keys that collide are added).
    pub fn quantize(n_classes: usize, avg: &[(u64, u16, f32)]) -> Weights {
        let max = avg.iter().fold(0f64, |m, x| m.max((x.2 as f64).abs()));
        let scale = if max > 0.0 { 32000.0 / max } else { 1.0 };
        let mut folded: Vec<(u32, u16, i32)> = Vec::new();
        for &(k, class, v) in avg {
            let q = (v as f64 * scale).round() as i32;
            if q != 0 {
                folded.push((fold(k), class, q));
            }
        }
        folded.sort_unstable();
        let mut rows: Vec<(u32, Vec<(u8, i16)>)> = Vec::new();
        for (k, class, q) in folded {
            if rows.last().map(|r| r.0) != Some(k) {
                rows.push((k, Vec::new()));
            }
            let row = &mut rows.last_mut().expect("pushed").1;
            match row.last_mut() {
                Some(last) if last.0 as u16 == class => {
                    last.1 = (last.1 as i32 + q).clamp(-32767, 32767) as i16
                }
                _ => row.push((class as u8, q.clamp(-32767, 32767) as i16)),
            }
        }
        Weights::from_rows(n_classes, scale as f32, rows)
    }

    fn from_rows(n_classes: usize, scale: f32, rows: Vec<(u32, Vec<(u8, i16)>)>) -> Weights {
        // At most a third full: most probes, those of the many features
        // absent from the table included, end at the slot the prefetch
        // fetched. At most two thirds full (the shipped parser's table 41 %
        // full, 8 MB instead of 16) scored about 8 % fewer tokens per second:
        // longer probe runs, more mispredicted branches.
        let cap = (rows.len() * 3 + 1).next_power_of_two().max(16);
        let width = n_classes.div_ceil(16) * 16;
        let total: usize = rows
            .iter()
            .filter(|r| r.1.len() < DENSE_MIN)
            .map(|r| r.1.len())
            .sum();
        let n_dense = rows.iter().filter(|r| r.1.len() >= DENSE_MIN).count();
        let mut w = Weights {
            n_classes,
            scale,
            mask: cap - 1,
            slots: vec![Slot::default(); cap],
            cells: Vec::with_capacity(total),
            dense: Vec::with_capacity(n_dense * width),
            width,
            rows: rows.len(),
        };
        huge_pages(&w.slots);
        huge_pages(&w.cells);
        huge_pages(&w.dense);
        for (k, row) in rows {
            if row.is_empty() {
                continue;
            }
            let at = if row.len() >= DENSE_MIN {
                let d = w.dense.len() / width;
                w.dense.resize(w.dense.len() + width, 0);
                for &(c, v) in &row {
                    w.dense[d * width + c as usize] = v;
                }
                (d as u32) << 8
            } else {
                let start = w.cells.len() as u32;
                for (c, v) in &row {
                    w.cells.push(pack(*c, *v));
                }
                start << 8 | row.len() as u32
            };
            let mut i = spread(k) & w.mask;
            while w.slots[i].key != 0 {
                i = (i + 1) & w.mask;
            }
            w.slots[i] = Slot { key: k, at };
        }
        w
    }

    /// The (class, weight) cells of a slot's row, zeros left out.
    fn row(&self, s: &Slot) -> Vec<(u8, i16)> {
        if s.len() == 0 {
            let d = s.start() * self.width;
            (0..self.n_classes)
                .filter(|&c| self.dense[d + c] != 0)
                .map(|c| (c as u8, self.dense[d + c]))
                .collect()
        } else {
            let a = s.start();
            self.cells[a..a + s.len()]
                .iter()
                .map(|&c| (unpack(c).0 as u8, unpack(c).1))
                .collect()
        }
    }

    #[inline]
    fn find_at(&self, k: u32, mut i: usize) -> Option<&Slot> {
        loop {
            let s = &self.slots[i];
            if s.key == k {
                return Some(s);
            }
            if s.key == 0 {
                return None;
            }
            i = (i + 1) & self.mask;
        }
    }

    /// Sets `scores` (length `n_classes`) to the summed weights of `feats`.
    ///
    /// Memory latency dominates (the table is megabytes, every feature a
    /// random probe), so the probes are issued in three passes: prefetch
    /// every feature's slot, then find the slots and prefetch their rows,
    /// then add the rows up; the cache misses overlap instead of queueing.
    /// Dense rows are added sixteen classes at a time.
    #[inline]
    pub fn score(&self, feats: &[u64], scores: &mut [i32]) {
        #[cfg(target_arch = "x86_64")]
        if std::is_x86_feature_detected!("avx2") {
            // SAFETY: the CPU has just been found to support AVX2.
            unsafe { self.score_avx2(feats, scores) };
            return;
        }
        self.score_generic(feats, scores)
    }

    /// [`Weights::score`] compiled for AVX2, whose wider registers add a
    /// dense row in half the instructions (the same code, the same sums).
    ///
    /// # Safety
    /// The CPU must support AVX2.
    #[cfg(target_arch = "x86_64")]
    #[target_feature(enable = "avx2")]
    unsafe fn score_avx2(&self, feats: &[u64], scores: &mut [i32]) {
        self.score_generic(feats, scores)
    }

    #[inline(always)]
    fn score_generic(&self, feats: &[u64], scores: &mut [i32]) {
        const CHUNK: usize = 64;
        let width = self.width;
        // 256 sums: a cell's class (one byte) indexes it without a bounds check.
        let mut acc = [0i32; 256];
        let mut keys = [0u32; CHUNK];
        let mut at = [0usize; CHUNK];
        let mut rows = [(0usize, 0usize); CHUNK];
        let mut dense = [0usize; CHUNK];
        for chunk in feats.chunks(CHUNK) {
            for (j, &f) in chunk.iter().enumerate() {
                let k = fold(f);
                let i = spread(k) & self.mask;
                keys[j] = k;
                at[j] = i;
                prefetch(&self.slots[i]);
            }
            let (mut m, mut nd) = (0, 0);
            for j in 0..chunk.len() {
                if let Some(s) = self.find_at(keys[j], at[j]) {
                    let a = s.start();
                    if s.len() == 0 {
                        let d = a * width;
                        // A dense row spans several cache lines: fetch all.
                        if let Some(row) = self.dense.get(d..d + width) {
                            for line in row.chunks(32) {
                                prefetch(&line[0]);
                            }
                        }
                        dense[nd] = d;
                        nd += 1;
                    } else {
                        if let Some(c) = self.cells.get(a) {
                            prefetch(c);
                        }
                        rows[m] = (a, a + s.len());
                        m += 1;
                    }
                }
            }
            // Sixteen classes at a time, every dense row into them: the
            // sixteen sums stay in registers instead of going back to
            // memory after each row.
            for (c, a) in acc[..width].chunks_exact_mut(16).enumerate() {
                let mut sum = [0i32; 16];
                for &d in &dense[..nd] {
                    let r = &self.dense[d + 16 * c..d + 16 * c + 16];
                    for k in 0..16 {
                        sum[k] += r[k] as i32;
                    }
                }
                for k in 0..16 {
                    a[k] += sum[k];
                }
            }
            for &(a, b) in &rows[..m] {
                for &c in &self.cells[a..b] {
                    let (class, v) = unpack(c);
                    acc[class as u8 as usize] += v as i32;
                }
            }
        }
        scores.copy_from_slice(&acc[..scores.len()]);
    }

    /// A copy without the weights smaller than `min` (in averaged
    /// perceptron units): rare features mostly, which the model barely uses.
    pub fn pruned(&self, min: f32) -> Weights {
        let cut = (min * self.scale).round() as i32;
        let mut rows: Vec<(u32, Vec<(u8, i16)>)> = Vec::new();
        let mut slots: Vec<&Slot> = self.slots.iter().filter(|s| s.key != 0).collect();
        slots.sort_unstable_by_key(|s| s.key);
        for s in slots {
            let mut row = self.row(s);
            row.retain(|(_, v)| (*v as i32).abs() >= cut.max(1));
            if !row.is_empty() {
                rows.push((s.key, row));
            }
        }
        Weights::from_rows(self.n_classes, self.scale, rows)
    }

    /// Number of features and of stored weights.
    pub fn size(&self) -> (usize, usize) {
        (self.rows, self.cells.len())
    }

    pub fn write(&self, w: &mut Writer) {
        let mut slots: Vec<&Slot> = self.slots.iter().filter(|s| s.key != 0).collect();
        slots.sort_unstable_by_key(|s| s.key);
        let rows: Vec<(u32, Vec<(u8, i16)>)> = slots
            .iter()
            .map(|s| (s.key, self.row(s)))
            .filter(|r| !r.1.is_empty())
            .collect();
        w.u32(self.n_classes as u32);
        w.f32(self.scale);
        w.u32(rows.len() as u32);
        let mut prev = 0u32;
        for (k, _) in &rows {
            w.varint((k - prev) as u64);
            prev = *k;
        }
        for (_, row) in &rows {
            w.varint(row.len() as u64);
        }
        for (_, row) in &rows {
            let classes: Vec<u8> = row.iter().map(|x| x.0).collect();
            w.bytes(&classes);
        }
        for (_, row) in &rows {
            for x in row {
                w.u16(x.1 as u16);
            }
        }
    }

    pub fn read(r: &mut Reader) -> Result<Weights, String> {
        let n_classes = r.u32()? as usize;
        if n_classes == 0 || n_classes > 256 {
            return Err(format!("a weight table has {n_classes} classes (1 to 256)"));
        }
        let scale = r.f32()?;
        let n = r.u32()? as usize;
        let mut keys = Vec::with_capacity(n);
        let mut prev = 0u32;
        for _ in 0..n {
            prev = prev
                .checked_add(r.varint()? as u32)
                .ok_or("feature keys out of order")?;
            keys.push(prev);
        }
        let mut lens = Vec::with_capacity(n);
        for _ in 0..n {
            lens.push(r.varint()? as usize);
        }
        if lens.iter().any(|&l| l > 0xff) {
            return Err("a feature has more weights than classes".into());
        }
        let total: usize = lens.iter().sum();
        if total >= MAX_CELLS {
            return Err(format!(
                "the model has {total} weights in one table; at most {} fit",
                MAX_CELLS - 1
            ));
        }
        let classes = r.take(total)?.to_vec();
        if classes.iter().any(|&c| c as usize >= n_classes) {
            return Err("a weight names a class the model does not have".into());
        }
        let mut rows = Vec::with_capacity(n);
        let mut at = 0;
        let mut values = Vec::with_capacity(total);
        for _ in 0..total {
            values.push(r.u16()? as i16);
        }
        for (k, len) in keys.into_iter().zip(lens) {
            let row = (at..at + len).map(|i| (classes[i], values[i])).collect();
            at += len;
            rows.push((k, row));
        }
        Ok(Weights::from_rows(n_classes, scale, rows))
    }
}

#[inline]
fn pack(class: u8, v: i16) -> u32 {
    (class as u32) << 16 | v as u16 as u32
}

#[inline]
fn unpack(c: u32) -> (usize, i16) {
    ((c >> 16) as usize, c as u16 as i16)
}

/// Asks Linux to back the (not yet written) buffer of `v` with 2 MiB pages
/// where it can: every feature is a random probe into tables of megabytes,
/// and with 4 KiB pages most probes also miss the TLB. Only a hint; the
/// contents and results are the same either way.
fn huge_pages<T>(v: &Vec<T>) {
    #[cfg(target_os = "linux")]
    {
        const HUGE: usize = 2 << 20;
        let start = v.as_ptr() as usize;
        let end = start + v.capacity() * std::mem::size_of::<T>();
        let (a, b) = (start.next_multiple_of(HUGE), end / HUGE * HUGE);
        if b > a {
            // SAFETY: the range lies inside `v`'s allocation, and
            // MADV_HUGEPAGE changes no contents, only how they are paged.
            unsafe { libc::madvise(a as *mut libc::c_void, b - a, libc::MADV_HUGEPAGE) };
        }
    }
    #[cfg(not(target_os = "linux"))]
    let _ = v;
}

#[inline]
fn spread(k: u32) -> usize {
    (k.wrapping_mul(0x9e37_79b1) >> 7) as usize ^ k as usize
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::syntax::hash::Rng;

    /// Rows long and short, dense and sparse, score as their plain sums,
    /// survive writing and reading, and pruning drops only small weights.
    #[test]
    fn dense_and_sparse_rows_add_up_the_same() {
        let n_classes = 37;
        let mut rng = Rng::new(7);
        let mut rows: Vec<(u32, Vec<(u8, i16)>)> = Vec::new();
        for k in 0..500u32 {
            let len = 1 + rng.below(n_classes);
            let mut classes: Vec<u8> = (0..n_classes as u8).collect();
            rng.shuffle(&mut classes);
            let mut row: Vec<(u8, i16)> = classes[..len]
                .iter()
                .map(|&c| (c, rng.below(2001) as i16 - 1000))
                .filter(|x| x.1 != 0)
                .collect();
            row.sort_unstable();
            rows.push((k * 2 + 1, row));
        }
        assert!(rows.iter().any(|r| r.1.len() >= DENSE_MIN));
        assert!(rows.iter().any(|r| r.1.len() < DENSE_MIN));
        let w = Weights::from_rows(n_classes, 1.0, rows.clone());
        let mut writer = Writer::new();
        w.write(&mut writer);
        let back = Weights::read(&mut Reader::new(&writer.buf)).unwrap();
        let pruned = w.pruned(500.0);
        for trial in 0..50u64 {
            // Feature ids that fold to chosen keys, and some absent ones.
            let picks: Vec<usize> = (0..90).map(|_| rng.below(rows.len() + 50)).collect();
            let feats: Vec<u64> = picks
                .iter()
                .map(|&i| {
                    let k = if i < rows.len() {
                        rows[i].0
                    } else {
                        2000 + 2 * i as u32 + 1
                    };
                    (k as u64) << 32
                })
                .collect();
            let mut want = vec![0i32; n_classes];
            let mut want_pruned = vec![0i32; n_classes];
            for &i in &picks {
                for &(c, v) in rows.get(i).map_or(&[][..], |r| &r.1[..]) {
                    want[c as usize] += v as i32;
                    if v.abs() >= 500 {
                        want_pruned[c as usize] += v as i32;
                    }
                }
            }
            for (name, table, expect) in [
                ("built", &w, &want),
                ("read back", &back, &want),
                ("pruned", &pruned, &want_pruned),
            ] {
                let mut got = vec![0i32; n_classes];
                table.score(&feats, &mut got);
                assert_eq!(&got, expect, "{name}, trial {trial}");
            }
        }
    }
}

//! Dependency parser: arc-eager transitions with labels, scored by an
//! averaged perceptron over Zhang & Nivre (2011) style features, trained
//! with a dynamic oracle (Goldberg & Nivre 2012, 2013) and exploration.
//!
//! Nodes are numbered 1..=n for the words and 0 for the root, which sits at
//! the bottom of the stack. Classes: 0 = SHIFT, 1 + 2l = LEFT(l) (s0 gets
//! head b0 and is popped), 2 + 2l = RIGHT(l) (b0 gets head s0 and is
//! pushed), and LEFT(root) is REDUCE (pops s0, which has its head). Once the
//! buffer is empty, RIGHT(l) gives a headless s0 the head s1 and pops it;
//! the root takes its one child last, so every tree has one root.
//!
//! Two back-off classes follow the labelled ones: the weights of any LEFT
//! and of any RIGHT, added to the score of every LEFT(l) and RIGHT(l), so
//! the choice between moves learns from every label's examples (the labels
//! split the same evidence a hundred ways otherwise).

use super::hash::{f1, f2, f3, f4, mix, IdSet, Rng};
use super::perceptron::{Averaged, Trainer, Weights};
use super::tagger::WordFeats;

const NONE: u64 = 0x4e4f_4e45;
const ROOT: u64 = 0x524f_4f54;
/// No node.
const NIL: u32 = u32::MAX;

pub const SHIFT: usize = 0;

/// The back-off classes after the labelled ones: any LEFT, any RIGHT.
pub const BACKOFF: usize = 2;

/// The back-off class of `c` among `nc` labelled classes (SHIFT and REDUCE
/// have none).
#[inline]
fn type_of(c: usize, nc: usize, root: usize) -> Option<usize> {
    if c == SHIFT || (c % 2 == 1 && (c - 1) / 2 == root) {
        None
    } else {
        Some(nc + (c % 2 == 0) as usize)
    }
}

/// Adds the back-off classes' scores (after the `nc` labelled ones) to
/// every LEFT(l) and RIGHT(l).
#[inline]
fn add_backoff<T: Copy + std::ops::AddAssign + std::ops::SubAssign>(
    scores: &mut [T],
    nc: usize,
    root: usize,
) {
    if scores.len() < nc + BACKOFF {
        return;
    }
    let (left, right) = (scores[nc], scores[nc + 1]);
    for pair in scores[1..nc].chunks_exact_mut(2) {
        pair[0] += left;
        pair[1] += right;
    }
    // REDUCE is not a LEFT.
    scores[1 + 2 * root] -= left;
}

const UNKNOWN: u64 = 0x554e_4b4e;

/// The word the parser sees: the lower-case form's hash for the words of
/// `vocab`, otherwise one of a few "unknown" words by shape (capital, digit,
/// hyphen…), so rare words share what they have in common. Without a
/// vocabulary (models of the first format), every word is itself.
#[inline]
pub fn word_key(vocab: Option<&IdSet>, wf: &WordFeats) -> u64 {
    match vocab {
        Some(v) if !v.contains(&wf.lower) => mix(UNKNOWN, wf.flags),
        _ => wf.lower,
    }
}

/// A word as the parser sees it: hashed word (see [`word_key`]) and tag class.
#[derive(Clone, Copy)]
pub struct Word {
    pub w: u64,
    pub p: u64,
}

/// The parse state, with buffers reused from sentence to sentence.
#[derive(Clone, Default)]
pub struct State {
    pub n: usize,
    pub stack: Vec<u32>,
    pub b: usize,
    pub heads: Vec<u32>,
    pub labels: Vec<u16>,
    lc1: Vec<u32>,
    lc2: Vec<u32>,
    rc1: Vec<u32>,
    rc2: Vec<u32>,
    nl: Vec<u8>,
    nr: Vec<u8>,
    lset: Vec<u128>,
    rset: Vec<u128>,
    pub words: Vec<Word>,
    /// Sums of [`State::buffer_features`]' weights, and the buffer position
    /// they are for (0: none yet).
    buffer_scores: Vec<i32>,
    buffer_at: usize,
    /// The label id of `root` (arc-eager: LEFT(root) is REDUCE).
    pub root: usize,
}

impl State {
    /// Starts parsing `n` words (whose `Word`s are in `self.words[1..]`).
    pub fn reset(&mut self, n: usize) {
        self.n = n;
        self.stack.clear();
        self.stack.push(0);
        self.b = 1;
        self.buffer_at = 0;
        for v in [
            &mut self.heads,
            &mut self.lc1,
            &mut self.lc2,
            &mut self.rc1,
            &mut self.rc2,
        ] {
            v.clear();
            v.resize(n + 1, NIL);
        }
        self.labels.clear();
        self.labels.resize(n + 1, 0);
        for v in [&mut self.nl, &mut self.nr] {
            v.clear();
            v.resize(n + 1, 0);
        }
        for v in [&mut self.lset, &mut self.rset] {
            v.clear();
            v.resize(n + 1, 0);
        }
    }

    pub fn done(&self) -> bool {
        self.b > self.n && self.stack.len() == 1
    }

    fn s(&self, i: usize) -> u32 {
        let l = self.stack.len();
        if i < l {
            self.stack[l - 1 - i]
        } else {
            NIL
        }
    }

    fn buf(&self, i: usize) -> u32 {
        if self.b + i <= self.n {
            (self.b + i) as u32
        } else {
            NIL
        }
    }

    /// Whether a class may be applied now (`root` is the label id of
    /// `root`): SHIFT while the buffer has words; REDUCE (LEFT(root)) of a
    /// word that has its head; LEFT(l) of a headless word while the buffer
    /// has words; RIGHT(l) onto b0 from a word, or, the buffer empty, of a
    /// headless s0 onto s1 (onto the root only as `root`, and last).
    pub fn valid(&self, class: usize, root: usize) -> bool {
        let buffer = self.b <= self.n;
        if class == SHIFT {
            return buffer;
        }
        if self.stack.len() < 2 {
            return false;
        }
        let l = (class - 1) / 2;
        let headed = self.heads[self.s(0) as usize] != NIL;
        if class % 2 == 1 {
            if l == root {
                headed
            } else {
                buffer && !headed
            }
        } else if buffer {
            l != root
        } else {
            !headed && ((self.s(1) == 0) == (l == root))
        }
    }

    pub fn apply(&mut self, class: usize) {
        if class == SHIFT {
            self.stack.push(self.b as u32);
            self.b += 1;
            return;
        }
        let l = (class - 1) / 2;
        if class % 2 == 1 {
            // LEFT(l), or REDUCE as LEFT(root).
            let d = self.stack.pop().expect("a word on the stack");
            if l != self.root {
                self.arc(self.b as u32, d, l);
            }
        } else if self.b <= self.n {
            let h = *self.stack.last().expect("a head on the stack");
            let d = self.b as u32;
            self.arc(h, d, l);
            self.stack.push(d);
            self.b += 1;
        } else {
            let d = self.stack.pop().expect("a word on the stack");
            let h = *self.stack.last().expect("a head on the stack");
            self.arc(h, d, l);
        }
    }

    /// Costs of every class (u32::MAX: not valid), in gold arcs (and
    /// labels) that it makes unreachable, against the projective gold
    /// heads and labels (index 0 unused). Arcs a headless word could still
    /// get from s1 once the buffer is empty are not counted as reachable
    /// before then (they rarely are in practice), so the oracle is exact on
    /// the gold path and close to it elsewhere.
    fn costs(&self, gold: &[u32], glab: &[u16], cost: &mut [u32]) {
        let root = self.root;
        let n_classes = cost.len();
        let buffer = self.b <= self.n;
        let s0 = self.s(0);
        let s1 = self.s(1);
        let in_stack = |x: u32| self.stack.contains(&x);
        let b0 = self.b as u32;
        // Headless stack words whose gold head is b0.
        let mut deps_b0 = 0;
        if buffer {
            for &k in &self.stack {
                if k != 0 && self.heads[k as usize] == NIL && gold[k as usize] == b0 {
                    deps_b0 += 1;
                }
            }
        }
        let s0_buffer_deps = if s0 != NIL && s0 != 0 && buffer {
            (self.b..=self.n).filter(|&k| gold[k] == s0).count() as u32
        } else {
            0
        };
        for (c, slot) in cost.iter_mut().enumerate().take(n_classes) {
            if !self.valid(c, root) {
                *slot = u32::MAX;
                continue;
            }
            let l = (c.max(1) - 1) / 2;
            *slot = if c == SHIFT {
                let g = gold[self.b];
                deps_b0 + ((g != 0 && in_stack(g)) || (g == 0 && self.stack.len() > 1)) as u32
            } else if c % 2 == 1 && l == root {
                s0_buffer_deps
            } else if c % 2 == 1 {
                let g = gold[s0 as usize];
                s0_buffer_deps
                    + (g != b0 && g > b0 && g as usize <= self.n) as u32
                    + (g == 0 && s1 == 0) as u32
                    + (g == b0 && glab[s0 as usize] as usize != l) as u32
            } else if buffer {
                let g = gold[self.b];
                deps_b0
                    + (g != s0 && (g == 0 || in_stack(g) || g > b0)) as u32
                    + (g == s0 && glab[self.b] as usize != l) as u32
            } else {
                (gold[s0 as usize] == s1 && glab[s0 as usize] as usize != l) as u32
            };
        }
    }

    fn arc(&mut self, h: u32, d: u32, l: usize) {
        let (hi, di) = (h as usize, d as usize);
        self.heads[di] = h;
        self.labels[di] = l as u16;
        if d < h {
            if self.lc1[hi] == NIL || d < self.lc1[hi] {
                self.lc2[hi] = self.lc1[hi];
                self.lc1[hi] = d;
            } else if self.lc2[hi] == NIL || d < self.lc2[hi] {
                self.lc2[hi] = d;
            }
            self.nl[hi] = self.nl[hi].saturating_add(1);
            self.lset[hi] |= 1u128 << (l % 128);
        } else {
            if self.rc1[hi] == NIL || d > self.rc1[hi] {
                self.rc2[hi] = self.rc1[hi];
                self.rc1[hi] = d;
            } else if self.rc2[hi] == NIL || d > self.rc2[hi] {
                self.rc2[hi] = d;
            }
            self.nr[hi] = self.nr[hi].saturating_add(1);
            self.rset[hi] |= 1u128 << (l % 128);
        }
    }

    /// Zhang & Nivre style features of the current state.
    pub fn features(&self, out: &mut Vec<u64>) {
        out.clear();
        self.buffer_features(out);
        self.stack_features(out);
    }

    /// The features that look only at the words of the buffer (not at b0's
    /// children): a LEFT or RIGHT leaves them as they were, so the parser
    /// scores them once per SHIFT.
    pub fn buffer_features(&self, out: &mut Vec<u64>) {
        // Buffer nodes are words (never the root).
        let w = |i: u32| -> u64 {
            match i {
                NIL => NONE,
                _ => self.words[i as usize].w,
            }
        };
        let p = |i: u32| -> u64 {
            match i {
                NIL => NONE,
                _ => self.words[i as usize].p,
            }
        };
        let (b0, b1, b2) = (self.buf(0), self.buf(1), self.buf(2));
        let (b0w, b0p, b1w, b1p, b2w, b2p) = (w(b0), p(b0), w(b1), p(b1), w(b2), p(b2));
        out.extend_from_slice(&[
            f1(100, 0),
            f1(107, b0w),
            f1(108, b0p),
            f2(109, b0w, b0p),
            f1(110, b1w),
            f1(111, b1p),
            f2(112, b1w, b1p),
            f1(113, b2w),
            f1(114, b2p),
            f2(115, b2w, b2p),
            f2(123, b0p, b1p),
            f3(124, b0p, b1p, b2p),
            f3(185, b0w, b1w, b0p),
        ]);
    }

    /// The other features (stack, b0's children, distance, valency), after
    /// what `out` holds.
    pub fn stack_features(&self, out: &mut Vec<u64>) {
        let w = |i: u32| -> u64 {
            match i {
                NIL => NONE,
                0 => ROOT,
                _ => self.words[i as usize].w,
            }
        };
        let p = |i: u32| -> u64 {
            match i {
                NIL => NONE,
                0 => ROOT,
                _ => self.words[i as usize].p,
            }
        };
        let lab = |i: u32| -> u64 {
            if i == NIL || self.heads[i as usize] == NIL {
                NONE
            } else {
                self.labels[i as usize] as u64
            }
        };
        let get = |v: &Vec<u32>, i: u32| if i == NIL { NIL } else { v[i as usize] };
        let (s0, s1, s2) = (self.s(0), self.s(1), self.s(2));
        let (b0, b1) = (self.buf(0), self.buf(1));
        let (s0l, s0l2, s0r, s0r2) = (
            get(&self.lc1, s0),
            get(&self.lc2, s0),
            get(&self.rc1, s0),
            get(&self.rc2, s0),
        );
        let (b0l, b0l2) = (get(&self.lc1, b0), get(&self.lc2, b0));
        let (s1l, s1r) = (get(&self.lc1, s1), get(&self.rc1, s1));
        let (s0w, s0p, s1w, s1p, s2p) = (w(s0), p(s0), w(s1), p(s1), p(s2));
        let head = |i: u32| {
            if i == NIL || i == 0 {
                NIL
            } else {
                self.heads[i as usize]
            }
        };
        let (s0h, s0h2) = (head(s0), head(head(s0)));
        let (b0w, b0p, b1p) = (w(b0), p(b0), p(b1));
        let d = if s0 == NIL || b0 == NIL || s0 == 0 {
            NONE
        } else {
            match b0 - s0 {
                x @ 1..=4 => x as u64,
                5..=7 => 5,
                8..=12 => 6,
                _ => 7,
            }
        };
        let vl = |i: u32| {
            if i == NIL {
                NONE
            } else {
                self.nl[i as usize] as u64
            }
        };
        let vr = |i: u32| {
            if i == NIL {
                NONE
            } else {
                self.nr[i as usize] as u64
            }
        };
        let ls = |i: u32| {
            if i == NIL {
                NONE
            } else {
                self.lset[i as usize] as u64 ^ (self.lset[i as usize] >> 64) as u64
            }
        };
        let rs = |i: u32| {
            if i == NIL {
                NONE
            } else {
                self.rset[i as usize] as u64 ^ (self.rset[i as usize] >> 64) as u64
            }
        };
        out.extend_from_slice(&[
            f1(101, s0w),
            f1(102, s0p),
            f2(103, s0w, s0p),
            f1(104, s1w),
            f1(105, s1p),
            f2(106, s1w, s1p),
            f4(116, s0w, s0p, b0w, b0p),
            f3(117, s0w, s0p, b0w),
            f3(118, s0w, b0w, b0p),
            f3(119, s0w, s0p, b0p),
            f3(120, s0p, b0w, b0p),
            f2(121, s0w, b0w),
            f2(122, s0p, b0p),
            f3(125, s0p, b0p, b1p),
            f3(126, s1p, s0p, b0p),
            f3(127, s0p, p(s0l), b0p),
            f3(128, s0p, p(s0r), b0p),
            f3(129, s0p, b0p, p(b0l)),
            f3(130, s0p, p(s0l), p(s0r)),
            f3(131, s1p, p(s1r), s0p),
            f3(132, s2p, s1p, s0p),
            f2(133, s0w, d),
            f2(134, s0p, d),
            f2(135, b0w, d),
            f2(136, b0p, d),
            f3(137, s0w, b0w, d),
            f3(138, s0p, b0p, d),
            f2(139, s0w, vr(s0)),
            f2(140, s0p, vr(s0)),
            f2(141, s0w, vl(s0)),
            f2(142, s0p, vl(s0)),
            f2(143, b0w, vl(b0)),
            f2(144, b0p, vl(b0)),
            f1(145, w(s0l)),
            f1(146, p(s0l)),
            f1(147, lab(s0l)),
            f1(148, w(s0r)),
            f1(149, p(s0r)),
            f1(150, lab(s0r)),
            f1(151, w(b0l)),
            f1(152, p(b0l)),
            f1(153, lab(b0l)),
            f1(154, w(s0l2)),
            f1(155, p(s0l2)),
            f1(156, lab(s0l2)),
            f1(157, w(s0r2)),
            f1(158, p(s0r2)),
            f1(159, lab(s0r2)),
            f1(160, w(b0l2)),
            f1(161, p(b0l2)),
            f1(162, lab(b0l2)),
            f3(163, s0p, p(s0l), p(s0l2)),
            f3(164, s0p, p(s0r), p(s0r2)),
            f3(165, b0p, p(b0l), p(b0l2)),
            f2(166, s0w, rs(s0)),
            f2(167, s0p, rs(s0)),
            f2(168, s0w, ls(s0)),
            f2(169, s0p, ls(s0)),
            f2(170, b0w, ls(b0)),
            f2(171, b0p, ls(b0)),
            f2(172, s1w, s0w),
            f2(173, s1p, s0w),
            f2(174, s1w, s0p),
            f3(175, s1p, s0p, b1p),
            f2(176, s1p, b0p),
            f2(177, s1w, b0w),
            f2(178, lab(s1r), s0p),
            f3(179, s1p, p(s1l), s0p),
            f4(180, s1p, s0p, b0p, lab(s0l)),
            f3(181, s0p, lab(s0l), lab(s0r)),
            f2(182, s1p, rs(s1)),
            f3(183, s1w, s1p, s0p),
            f3(184, s0w, b0p, b1p),
            // s0's head and its head (arc-eager: a word on the stack may
            // have its head already).
            f1(210, w(s0h)),
            f1(211, p(s0h)),
            f1(212, lab(s0)),
            f3(213, p(s0h), s0p, b0p),
            f1(214, w(s0h2)),
            f1(215, p(s0h2)),
            f1(216, lab(s0h)),
            f3(217, p(s0h2), p(s0h), s0p),
            f2(218, s0p, lab(s0)),
            f3(219, lab(s0), s0p, b0p),
        ]);
    }
}

/// A trained parser.
pub struct Parser {
    pub weights: Weights,
    pub root: usize,
    /// Transition classes (1 + 2 labels); the weights hold the
    /// [`BACKOFF`] classes after them.
    pub classes: usize,
}

impl Parser {
    /// Parses the words in `st.words[1..=n]`; heads and labels end in `st`.
    pub fn parse(&self, st: &mut State, n: usize, feats: &mut Vec<u64>, scores: &mut Vec<i32>) {
        st.reset(n);
        st.root = self.root;
        scores.resize(self.weights.n_classes, 0);
        while !st.done() {
            // Forced moves need no scoring: SHIFT onto the bare root, the
            // root's one arc at the end, and, the buffer empty, REDUCE of
            // a word that has its head.
            if st.stack.len() < 2 {
                st.apply(SHIFT);
                continue;
            }
            if st.b > st.n && st.stack.len() == 2 {
                st.apply(2 + 2 * self.root);
                continue;
            }
            if st.b > st.n && st.heads[st.s(0) as usize] != NIL {
                st.apply(1 + 2 * self.root);
                continue;
            }
            // The buffer's features change only when b0 moves to the stack
            // (SHIFT, RIGHT): their sums are kept until then (integer sums:
            // the same scores).
            if st.buffer_at != st.b {
                feats.clear();
                st.buffer_features(feats);
                st.buffer_scores.resize(scores.len(), 0);
                self.weights.score(feats, &mut st.buffer_scores);
                st.buffer_at = st.b;
            }
            feats.clear();
            st.stack_features(feats);
            self.weights.score(feats, scores);
            for (s, b) in scores.iter_mut().zip(&st.buffer_scores) {
                *s += b;
            }
            add_backoff(scores, self.classes, self.root);
            let mut best = usize::MAX;
            for c in 0..self.classes {
                if (best == usize::MAX || scores[c] > scores[best]) && st.valid(c, self.root) {
                    best = c;
                }
            }
            st.apply(best);
        }
    }
}

/// Sentence for parser training: words and projective gold heads/labels
/// (index 0 is the root, unused).
pub struct Example {
    pub words: Vec<Word>,
    pub heads: Vec<u32>,
    pub labels: Vec<u16>,
}

/// How to train one parser.
#[derive(Clone, Debug)]
pub struct TrainConfig {
    pub epochs: usize,
    /// First epoch (0-based) that follows the model's own mistakes.
    pub explore_from: usize,
    /// Probability of following a wrong prediction when exploring.
    pub explore_p: f64,
    pub seed: u64,
    /// Rate every epoch (with `score`), not only the last.
    pub select: bool,
}

/// Trains a parser with a dynamic oracle and returns its averaged weights
/// (sorted feature, class, weight) after the epoch that `score` rates best
/// (`score` sees each epoch's frozen parser and returns `None` when there
/// is nothing to rate it on: then the last epoch is kept).
pub fn train(
    examples: &[Example],
    n_labels: usize,
    root: usize,
    cfg: &TrainConfig,
    mut score: impl FnMut(usize, &Parser) -> Option<f64>,
) -> Averaged {
    let n_classes = 1 + 2 * n_labels;
    let mut t = Trainer::new(n_classes + BACKOFF);
    let mut rng = Rng::new(cfg.seed);
    let mut order: Vec<usize> = (0..examples.len()).collect();
    let mut st = State::default();
    let mut feats = Vec::new();
    let mut scores = vec![0i64; n_classes + BACKOFF];
    let mut cost = vec![0u32; n_classes];
    let mut best: Option<(f64, Averaged)> = None;
    for epoch in 0..cfg.epochs {
        rng.shuffle(&mut order);
        for &ei in &order {
            let ex = &examples[ei];
            let n = ex.words.len() - 1;
            st.words.clear();
            st.words.extend_from_slice(&ex.words);
            st.reset(n);
            st.root = root;
            while !st.done() {
                st.features(&mut feats);
                t.score(&feats, &mut scores);
                add_backoff(&mut scores, n_classes, root);
                st.costs(&ex.heads, &ex.labels, &mut cost);
                let mut pred = usize::MAX;
                let mut best_gold = usize::MAX;
                let mut min_cost = u32::MAX;
                for c in 0..n_classes {
                    if cost[c] == u32::MAX {
                        continue;
                    }
                    min_cost = min_cost.min(cost[c]);
                    if pred == usize::MAX || scores[c] > scores[pred] {
                        pred = c;
                    }
                }
                for c in 0..n_classes {
                    if cost[c] == min_cost
                        && (best_gold == usize::MAX || scores[c] > scores[best_gold])
                    {
                        best_gold = c;
                    }
                }
                if cost[pred] != min_cost {
                    t.update(best_gold, pred, &feats);
                    // The back-off classes learn from the move's kind.
                    let (tg, tp) = (
                        type_of(best_gold, n_classes, root),
                        type_of(pred, n_classes, root),
                    );
                    if tg != tp {
                        if let Some(g) = tg {
                            t.nudge(g, 1, &feats);
                        }
                        if let Some(p) = tp {
                            t.nudge(p, -1, &feats);
                        }
                    }
                }
                t.tick();
                let next = if epoch >= cfg.explore_from
                    && cost[pred] != min_cost
                    && rng.chance(cfg.explore_p)
                {
                    pred
                } else {
                    best_gold
                };
                st.apply(next);
            }
        }
        let last = epoch + 1 == cfg.epochs;
        if !last && !cfg.select {
            continue;
        }
        let avg = t.averaged();
        let parser = Parser {
            weights: Weights::quantize(n_classes + BACKOFF, &avg),
            root,
            classes: n_classes,
        };
        match score(epoch, &parser) {
            Some(v) if best.as_ref().is_none_or(|b| v > b.0) => best = Some((v, avg)),
            None if last => best = Some((0.0, avg)),
            _ => {}
        }
    }
    best.map(|b| b.1).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Keeping the buffer features' sums from one move of b0 to the next
    /// (and skipping the forced moves) gives the parses of scoring every
    /// feature at every step.
    #[test]
    fn kept_buffer_sums_parse_as_scoring_everything() {
        let model = crate::syntax::Model::builtin();
        let text = "The council, which had rejected the loan in March, said on Tuesday that \
                    it would not back the plan unless the rebels withdrew. Aid agencies \
                    warned of famine; the envoy's office didn't reply. \"We will review it,\" \
                    a spokesman said, adding that talks with Kenya, Uganda and the UN-backed \
                    mission would resume after the vote.";
        let sentences = model.parse(text);
        assert!(sentences.len() >= 3);
        let p = &model.parser;
        for s in &sentences {
            let mut scratch = super::super::tagger::Scratch::default();
            for t in &s.tokens {
                let w = WordFeats::of(&text[t.start..t.end], &mut scratch.lower);
                scratch.words.push(w);
            }
            let mut classes = Vec::new();
            model.tagger.tag(&mut scratch, &mut classes);
            let n = classes.len();
            let mut st = State::default();
            st.words.push(Word { w: 0, p: 0 });
            for (w, &c) in scratch.words.iter().zip(&classes) {
                st.words.push(Word {
                    w: word_key(model.vocab.as_ref(), w),
                    p: c as u64,
                });
            }
            st.reset(n);
            st.root = p.root;
            let (mut feats, mut scores) = (Vec::new(), vec![0; p.weights.n_classes]);
            while !st.done() {
                st.features(&mut feats);
                p.weights.score(&feats, &mut scores);
                add_backoff(&mut scores, p.classes, p.root);
                let best = (0..p.classes)
                    .filter(|&c| st.valid(c, p.root))
                    .max_by_key(|&c| (scores[c], std::cmp::Reverse(c)))
                    .expect("a valid move");
                st.apply(best);
            }
            for (i, t) in s.tokens.iter().enumerate() {
                assert_eq!(t.head, st.heads[i + 1] as usize, "head of token {i}");
                assert_eq!(t.deprel, model.labels[st.labels[i + 1] as usize]);
            }
        }
    }

    /// Follows zero-cost moves (the `pick`th of them) to the end and
    /// returns the gold heads and labels missed.
    fn finish_on_oracle(st: &mut State, gold: &[u32], labels: &[u16], pick: usize) -> usize {
        let mut cost = vec![0u32; 7];
        while !st.done() {
            st.costs(gold, labels, &mut cost);
            let zero: Vec<usize> = (0..7).filter(|&c| cost[c] == 0).collect();
            assert!(!zero.is_empty(), "gold {gold:?}: no zero-cost move");
            st.apply(zero[pick % zero.len()]);
        }
        (1..gold.len())
            .filter(|&i| st.heads[i] != gold[i] || st.labels[i] != labels[i])
            .count()
    }

    /// Following zero-cost moves (any of them) rebuilds the gold tree and
    /// its labels; a wrong move on the way, then the oracle's moves, lose
    /// no more than the move's cost.
    #[test]
    fn the_dynamic_oracle_is_exact_on_projective_trees() {
        // Index 0 unused (the root); heads of words 1..=n.
        for gold in [
            vec![0, 2, 0, 2],
            vec![0, 3, 3, 0, 5, 3, 3],
            vec![0, 0, 1, 1, 3, 3, 5, 1],
            vec![0, 4, 4, 4, 0, 4, 7, 5, 4],
            vec![0, 2, 5, 2, 5, 0, 5, 8, 6, 5],
            vec![0, 3, 3, 0, 3, 4, 4, 3, 9, 7, 3],
        ] {
            let n = gold.len() - 1;
            // Labels: 1 = root, 2 = any other; classes 0..=6 (3 = REDUCE).
            let labels: Vec<u16> = gold.iter().map(|&h| (h != 0) as u16 + 1).collect();
            for pick in 0..3 {
                let mut st = State {
                    words: vec![Word { w: 0, p: 0 }; n + 1],
                    ..State::default()
                };
                st.reset(n);
                st.root = 1;
                let mut cost = vec![0u32; 7];
                let (mut wrong_moves, mut exact) = (0, 0);
                while !st.done() {
                    st.costs(&gold, &labels, &mut cost);
                    for c in (0..7).filter(|&c| cost[c] != u32::MAX && cost[c] > 0) {
                        let mut other = st.clone();
                        other.apply(c);
                        let lost = finish_on_oracle(&mut other, &gold, &labels, pick);
                        // No more: a word left without its head may still get
                        // it from s1 once the buffer is empty.
                        assert!(lost <= cost[c] as usize, "gold {gold:?} move {c}");
                        wrong_moves += 1;
                        exact += (lost == cost[c] as usize) as usize;
                    }
                    let zero: Vec<usize> = (0..7).filter(|&c| cost[c] == 0).collect();
                    st.apply(zero[pick % zero.len()]);
                }
                assert!(exact * 4 >= wrong_moves * 3);
                assert_eq!(&st.heads[1..], &gold[1..], "gold {gold:?} pick {pick}");
                assert_eq!(&st.labels[1..], &labels[1..], "gold {gold:?} pick {pick}");
            }
        }
    }
}

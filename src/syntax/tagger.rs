//! Part-of-speech tagger: a greedy left-to-right averaged perceptron over
//! joint (XPOS, UPOS) classes, with a dictionary of frequent unambiguous words.

use super::hash::{f1, f2, mix, str_hash, IdMap};
use super::perceptron::{Trainer, Weights};

/// What the tagger looks at in one word, hashed once.
#[derive(Clone, Copy, Default)]
pub struct WordFeats {
    pub word: u64,
    pub lower: u64,
    pre1: u64,
    pre2: u64,
    pre3: u64,
    suf1: u64,
    suf2: u64,
    suf3: u64,
    suf4: u64,
    shape: u64,
    pub flags: u64,
}

const START: u64 = 0x0051_5741_5254;
const END: u64 = 0x0045_4e44;

impl WordFeats {
    /// Computes the features of `form`, using `buf` as scratch space.
    pub fn of(form: &str, buf: &mut String) -> WordFeats {
        buf.clear();
        for c in form.chars() {
            if c.is_ascii() {
                buf.push(c.to_ascii_lowercase());
            } else {
                buf.extend(c.to_lowercase());
            }
        }
        let lower = buf.as_str();
        let suffix = |k: usize| {
            let start = lower.char_indices().rev().nth(k - 1).map_or(0, |(i, _)| i);
            mix(k as u64, str_hash(&lower[start..]))
        };
        let prefix = |k: usize| {
            let end = lower.char_indices().nth(k).map_or(lower.len(), |(i, _)| i);
            mix(k as u64 + 10, str_hash(&lower[..end]))
        };
        let mut shape = 0x5348u64;
        let (mut last, mut run) = (0u8, 0);
        let (mut upper, mut lowerc, mut digit, mut hyphen, mut other) = (0, 0, 0, false, false);
        for c in form.chars() {
            let k = if c.is_uppercase() {
                upper += 1;
                b'X'
            } else if c.is_lowercase() {
                lowerc += 1;
                b'x'
            } else if c.is_ascii_digit() {
                digit += 1;
                b'd'
            } else if c.is_ascii() {
                hyphen |= c == '-';
                c as u8
            } else {
                other = true;
                b'U'
            };
            if k == last {
                run += 1;
            } else {
                run = 0;
                last = k;
            }
            if run < 3 {
                shape = mix(shape, k as u64);
            }
        }
        let first_upper = form.chars().next().is_some_and(char::is_uppercase);
        let flags = (first_upper as u64)
            | ((upper > 0 && lowerc == 0) as u64) << 1
            | ((digit > 0) as u64) << 2
            | (hyphen as u64) << 3
            | (other as u64) << 4
            | ((lowerc == 0 && upper == 0 && digit == 0) as u64) << 5
            | ((form.len() > 12) as u64) << 6;
        WordFeats {
            word: str_hash(form),
            lower: str_hash(lower),
            pre1: prefix(1),
            pre2: prefix(2),
            pre3: prefix(3),
            suf1: suffix(1),
            suf2: suffix(2),
            suf3: suffix(3),
            suf4: suffix(4),
            shape,
            flags,
        }
    }

    fn pad(v: u64) -> WordFeats {
        WordFeats {
            word: v,
            lower: v,
            pre1: v,
            pre2: v,
            pre3: v,
            suf1: v,
            suf2: v,
            suf3: v,
            suf4: v,
            shape: v,
            flags: v,
        }
    }
}

/// The features of word `i` given the two previous classes.
pub fn features(words: &[WordFeats], i: usize, p1: u64, p2: u64, out: &mut Vec<u64>) {
    out.clear();
    let at = |j: isize| -> WordFeats {
        if j < 0 {
            WordFeats::pad(START)
        } else if j as usize >= words.len() {
            WordFeats::pad(END)
        } else {
            words[j as usize]
        }
    };
    let i = i as isize;
    let (w, m1, m2, n1, n2) = (at(i), at(i - 1), at(i - 2), at(i + 1), at(i + 2));
    out.extend_from_slice(&[
        f1(0, 0),
        f1(1, w.lower),
        f1(2, w.word),
        f1(3, w.suf1),
        f1(4, w.suf2),
        f1(5, w.suf3),
        f1(6, w.suf4),
        f1(7, w.pre1),
        f1(8, w.pre2),
        f1(9, w.pre3),
        f1(10, w.shape),
        f1(11, w.flags),
        f1(12, p1),
        f2(13, p1, p2),
        f2(14, p1, w.lower),
        f1(15, m1.lower),
        f1(16, m1.suf3),
        f1(17, m2.lower),
        f1(18, n1.lower),
        f1(19, n1.suf3),
        f1(20, n2.lower),
        f2(21, m1.lower, w.lower),
        f2(22, w.lower, n1.lower),
        f2(23, p1, w.suf3),
        f1(24, n1.shape),
        f1(25, m1.shape),
        f2(26, w.flags, (i == 0) as u64),
        f1(27, n1.suf2),
        f1(28, n2.suf3),
        f2(29, p1, n1.lower),
        f2(30, w.shape, n1.lower),
        f1(31, m1.suf2),
    ]);
}

/// A trained tagger.
pub struct Tagger {
    pub weights: Weights,
    /// Words (case-sensitive hash) whose class is taken from the dictionary.
    pub dict: IdMap<u8>,
}

/// Scratch buffers reused from sentence to sentence.
#[derive(Default)]
pub struct Scratch {
    pub lower: String,
    pub words: Vec<WordFeats>,
    feats: Vec<u64>,
    scores: Vec<i32>,
}

impl Tagger {
    /// Tags the words of `scratch.words` into `out` (class indices).
    pub fn tag(&self, scratch: &mut Scratch, out: &mut Vec<u8>) {
        self.tag_hinted(scratch, &[], out);
    }

    /// Tags as [`Tagger::tag`], but where `hints[i]` = (a bit set of
    /// classes, 0 for none; a margin) excludes the best class of a word the
    /// dictionary does not fix, the best hinted class is taken instead when
    /// it scores within the margin of the best: outside knowledge of a word
    /// (`ally` is a noun or a verb) settles the tagger's close calls. A hint
    /// with the margin `i32::MAX` (a word of an actor's name, a verb in a
    /// verb's place) holds even against the dictionary.
    pub fn tag_hinted(&self, scratch: &mut Scratch, hints: &[(u128, i32)], out: &mut Vec<u8>) {
        out.clear();
        scratch.scores.resize(self.weights.n_classes, 0);
        let (mut p1, mut p2) = (START, START);
        for i in 0..scratch.words.len() {
            // A hint without a margin (a word of an actor's name) overrides
            // even the tag dictionary (`I` of `WRSA-I` is no pronoun).
            let overruled = |c: u8| matches!(hints.get(i), Some(&(h, i32::MAX)) if h != 0 && c < 128 && h & (1 << c) == 0);
            let class = match self.dict.get(&scratch.words[i].word) {
                Some(&c) if !overruled(c) => c,
                _ => {
                    features(&scratch.words, i, p1, p2, &mut scratch.feats);
                    self.weights.score(&scratch.feats, &mut scratch.scores);
                    let best = argmax(&scratch.scores);
                    match hints.get(i) {
                        Some(&(h, margin)) if h != 0 && best < 128 && h & (1 << best) == 0 => {
                            match best_in(&scratch.scores, h) {
                                Some(c)
                                    if scratch.scores[best].saturating_sub(scratch.scores[c])
                                        <= margin =>
                                {
                                    c as u8
                                }
                                _ => best as u8,
                            }
                        }
                        _ => best as u8,
                    }
                }
            };
            out.push(class);
            p2 = p1;
            p1 = class as u64;
        }
    }
}

/// The best-scoring class of the bit set `set`.
fn best_in(s: &[i32], set: u128) -> Option<usize> {
    (0..s.len().min(128))
        .filter(|&c| set & (1 << c) != 0)
        .max_by_key(|&c| (s[c], std::cmp::Reverse(c)))
}

fn argmax(s: &[i32]) -> usize {
    let mut best = 0;
    for (i, &v) in s.iter().enumerate() {
        if v > s[best] {
            best = i;
        }
    }
    best
}

/// Builds the dictionary of frequent unambiguous words: seen at least 20
/// times, with one class at least 97 % of the time.
pub fn build_dict(sents: &[(Vec<String>, Vec<u8>)]) -> IdMap<u8> {
    let mut counts: IdMap<Vec<(u8, u32)>> = IdMap::default();
    for (forms, tags) in sents {
        for (f, &t) in forms.iter().zip(tags) {
            let row = counts.entry(str_hash(f)).or_default();
            match row.iter_mut().find(|x| x.0 == t) {
                Some(x) => x.1 += 1,
                None => row.push((t, 1)),
            }
        }
    }
    let mut dict = IdMap::default();
    for (k, row) in counts {
        let total: u32 = row.iter().map(|x| x.1).sum();
        let best = row
            .iter()
            .max_by_key(|x| (x.1, std::cmp::Reverse(x.0)))
            .expect("non-empty");
        if total >= 20 && best.1 as f64 / total as f64 >= 0.97 {
            dict.insert(k, best.0);
        }
    }
    dict
}

/// Trains a tagger on sentences of (forms, gold classes).
pub fn train(
    sents: &[(Vec<String>, Vec<u8>)],
    n_classes: usize,
    epochs: usize,
    seed: u64,
) -> Tagger {
    let dict = build_dict(sents);
    let mut t = Trainer::new(n_classes);
    let mut buf = String::new();
    let words: Vec<Vec<WordFeats>> = sents
        .iter()
        .map(|(forms, _)| forms.iter().map(|f| WordFeats::of(f, &mut buf)).collect())
        .collect();
    let mut order: Vec<usize> = (0..sents.len()).collect();
    let mut rng = super::hash::Rng::new(seed);
    let mut feats = Vec::new();
    let mut scores = vec![0i64; n_classes];
    for _ in 0..epochs {
        rng.shuffle(&mut order);
        for &si in &order {
            let (forms, gold) = &sents[si];
            let ws = &words[si];
            let (mut p1, mut p2) = (START, START);
            for i in 0..forms.len() {
                let guess = match dict.get(&ws[i].word) {
                    Some(&c) => c as usize,
                    None => {
                        features(ws, i, p1, p2, &mut feats);
                        t.score(&feats, &mut scores);
                        let mut best = 0;
                        for (c, &v) in scores.iter().enumerate() {
                            if v > scores[best] {
                                best = c;
                            }
                        }
                        t.update(gold[i] as usize, best, &feats);
                        t.tick();
                        best
                    }
                };
                p2 = p1;
                p1 = guess as u64;
            }
        }
    }
    Tagger {
        weights: t.freeze(),
        dict,
    }
}

//! Training the shipped model from CoNLL-U treebanks, deterministically:
//! the same files and options give the same model bytes.

use super::conllu::{projectivize, GoldSentence};
use super::hash::{finish, mix, str_hash, IdMap, IdSet};
use super::parser::{self, Example, Word};
use super::perceptron::{self, Weights};
use super::tagger::{self, Scratch, WordFeats};
use super::{intern, lemma, Model, Upos};
use std::collections::BTreeMap;

/// How to train.
#[derive(Clone, Debug)]
pub struct Options {
    pub tagger_epochs: usize,
    pub parser_epochs: usize,
    /// Folds for jackknifing the tags the parser is trained on (0 or 1:
    /// train the parser on gold tags).
    pub folds: usize,
    pub seed: u64,
    /// First parser epoch (0-based) that explores the model's own mistakes.
    pub explore_from: usize,
    /// Probability of following a wrong prediction when exploring.
    pub explore_p: f64,
    /// Parsers trained with different seeds whose weights are averaged.
    pub members: usize,
    /// Sentences to rate each parser epoch on (tuning data, never test
    /// data); each member keeps its best epoch. Without them, the last.
    pub dev: Option<Vec<GoldSentence>>,
    /// Words seen fewer times are "unknown" to the parser.
    pub min_count: usize,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            tagger_epochs: 10,
            parser_epochs: 20,
            folds: 5,
            seed: 0x5eed_2026,
            explore_from: 1,
            explore_p: 0.9,
            members: 1,
            dev: None,
            min_count: 3,
        }
    }
}

/// Trains a model on `sents`; `log` receives progress lines.
pub fn train(sents: &[GoldSentence], opts: &Options, mut log: impl FnMut(&str)) -> Model {
    // Classes, most frequent first (ties by name) so the order is fixed.
    let mut tag_count: BTreeMap<(String, String), usize> = BTreeMap::new();
    let mut label_count: BTreeMap<String, usize> = BTreeMap::new();
    for s in sents {
        for i in 0..s.len() {
            let upos = if Upos::parse(&s.upos[i]).is_some() {
                s.upos[i].clone()
            } else {
                "X".to_string()
            };
            *tag_count.entry((s.xpos[i].clone(), upos)).or_default() += 1;
            *label_count.entry(s.deprels[i].clone()).or_default() += 1;
        }
    }
    label_count.entry("root".to_string()).or_default();
    let mut tags: Vec<((String, String), usize)> = tag_count.into_iter().collect();
    tags.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    tags.truncate(255);
    let mut labels: Vec<(String, usize)> = label_count.into_iter().collect();
    labels.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    labels.truncate(127);
    let tag_id: BTreeMap<(String, String), u8> = tags
        .iter()
        .enumerate()
        .map(|(i, (k, _))| (k.clone(), i as u8))
        .collect();
    let label_id: BTreeMap<&str, u16> = labels
        .iter()
        .enumerate()
        .map(|(i, (k, _))| (k.as_str(), i as u16))
        .collect();
    let root = label_id["root"] as usize;
    log(&format!(
        "{} sentences, {} words, {} tags, {} relations",
        sents.len(),
        sents.iter().map(|s| s.len()).sum::<usize>(),
        tags.len(),
        labels.len()
    ));

    let tagged: Vec<(Vec<String>, Vec<u8>)> = sents
        .iter()
        .map(|s| {
            let classes = (0..s.len())
                .map(|i| {
                    let upos = if Upos::parse(&s.upos[i]).is_some() {
                        s.upos[i].as_str()
                    } else {
                        "X"
                    };
                    *tag_id
                        .get(&(s.xpos[i].clone(), upos.to_string()))
                        .unwrap_or(&0)
                })
                .collect();
            (s.forms.clone(), classes)
        })
        .collect();

    // Jackknifed tags for the parser.
    let mut predicted: Vec<Vec<u8>> = tagged.iter().map(|t| t.1.clone()).collect();
    if opts.folds > 1 {
        for k in 0..opts.folds {
            let train: Vec<(Vec<String>, Vec<u8>)> = tagged
                .iter()
                .enumerate()
                .filter(|(i, _)| i % opts.folds != k)
                .map(|(_, t)| t.clone())
                .collect();
            let t = tagger::train(
                &train,
                tags.len(),
                opts.tagger_epochs,
                opts.seed ^ (k as u64 + 1),
            );
            let mut scratch = Scratch::default();
            let mut right = 0;
            let mut total = 0;
            for (i, (forms, gold)) in tagged.iter().enumerate() {
                if i % opts.folds != k {
                    continue;
                }
                scratch.words.clear();
                for f in forms {
                    let w = WordFeats::of(f, &mut scratch.lower);
                    scratch.words.push(w);
                }
                let mut out = Vec::new();
                t.tag(&mut scratch, &mut out);
                right += out.iter().zip(gold).filter(|(a, b)| a == b).count();
                total += gold.len();
                predicted[i] = out;
            }
            log(&format!(
                "jackknife fold {}/{}: tags {:.2}% right",
                k + 1,
                opts.folds,
                100.0 * right as f64 / total as f64
            ));
        }
    }
    let tagger = tagger::train(&tagged, tags.len(), opts.tagger_epochs, opts.seed);
    log(&format!(
        "tagger: {} features, {} weights",
        tagger.weights.size().0,
        tagger.weights.size().1
    ));

    // The parser's vocabulary: words seen at least `min_count` times; the
    // others are "unknown" words by shape, in training as in use.
    let mut buf = String::new();
    let mut freq: IdMap<usize> = IdMap::default();
    for s in sents {
        for f in &s.forms {
            *freq.entry(WordFeats::of(f, &mut buf).lower).or_default() += 1;
        }
    }
    let vocab: IdSet = freq
        .into_iter()
        .filter(|&(_, n)| n >= opts.min_count)
        .map(|(k, _)| k)
        .collect();
    log(&format!("parser vocabulary: {} words", vocab.len()));
    let examples: Vec<Example> = sents
        .iter()
        .zip(&predicted)
        .map(|(s, p)| {
            let mut heads = s.heads.clone();
            projectivize(&mut heads);
            let mut words = vec![Word { w: 0, p: 0 }];
            for (f, &c) in s.forms.iter().zip(p) {
                words.push(Word {
                    w: parser::word_key(Some(&vocab), &WordFeats::of(f, &mut buf)),
                    p: c as u64,
                });
            }
            let mut h = vec![0u32];
            h.extend(heads.iter().map(|&x| x as u32));
            let mut l = vec![0u16];
            l.extend(
                s.deprels
                    .iter()
                    .map(|d| *label_id.get(d.as_str()).unwrap_or(&0)),
            );
            Example {
                words,
                heads: h,
                labels: l,
            }
        })
        .collect();
    // Dev sentences tagged by the final tagger, to rate parser epochs on.
    let universal: Vec<usize> = labels
        .iter()
        .map(|(l, _)| {
            let u = l.split(':').next().unwrap_or("");
            labels
                .iter()
                .position(|(m, _)| m == u)
                .unwrap_or(usize::MAX)
        })
        .collect();
    let dev: Vec<(Vec<Word>, &GoldSentence)> = opts
        .dev
        .iter()
        .flatten()
        .map(|g| {
            let mut scratch = Scratch::default();
            for f in &g.forms {
                let w = WordFeats::of(f, &mut scratch.lower);
                scratch.words.push(w);
            }
            let mut classes = Vec::new();
            tagger.tag(&mut scratch, &mut classes);
            let mut words = vec![Word { w: 0, p: 0 }];
            for (w, &c) in scratch.words.iter().zip(&classes) {
                words.push(Word {
                    w: parser::word_key(Some(&vocab), w),
                    p: c as u64,
                });
            }
            (words, g)
        })
        .collect();
    let mut members = Vec::new();
    for m in 0..opts.members.max(1) {
        let cfg = parser::TrainConfig {
            epochs: opts.parser_epochs,
            explore_from: opts.explore_from,
            explore_p: opts.explore_p,
            seed: opts.seed ^ (0x100 * m as u64),
            select: !dev.is_empty(),
        };
        let mut st = parser::State::default();
        let (mut feats, mut scores) = (Vec::new(), Vec::new());
        let avg = parser::train(&examples, labels.len(), root, &cfg, |epoch, p| {
            if dev.is_empty() {
                return None;
            }
            let (mut uas, mut las, mut total) = (0usize, 0usize, 0usize);
            for (words, g) in &dev {
                st.words.clear();
                st.words.extend_from_slice(words);
                p.parse(&mut st, g.len(), &mut feats, &mut scores);
                for i in 0..g.len() {
                    total += 1;
                    if st.heads[i + 1] as usize == g.heads[i] {
                        uas += 1;
                        let gl = label_id.get(g.deprels[i].as_str()).map(|&l| l as usize);
                        if gl.map(|l| universal[l]) == Some(universal[st.labels[i + 1] as usize]) {
                            las += 1;
                        }
                    }
                }
            }
            let (u, l) = (
                100.0 * uas as f64 / total.max(1) as f64,
                100.0 * las as f64 / total.max(1) as f64,
            );
            log(&format!(
                "parser {}: epoch {}: dev UAS {u:.2} LAS {l:.2}",
                m + 1,
                epoch + 1
            ));
            Some(u + l)
        });
        members.push(avg);
    }
    let parser = parser::Parser {
        weights: Weights::quantize(
            1 + 2 * labels.len() + parser::BACKOFF,
            &perceptron::mean(&members),
        ),
        root,
        classes: 1 + 2 * labels.len(),
    };
    log(&format!(
        "parser: {} features, {} weights",
        parser.weights.size().0,
        parser.weights.size().1
    ));

    // Lemmas the rules get wrong, by (lower-case form, tag).
    let tag_names: Vec<(&'static str, Upos)> = tags
        .iter()
        .map(|((x, u), _)| (intern(x), Upos::parse(u).unwrap_or(Upos::X)))
        .collect();
    let mut lemma_count: BTreeMap<(String, u8, String), usize> = BTreeMap::new();
    for (s, (_, classes)) in sents.iter().zip(&tagged) {
        for ((form, lemma), &class) in s.forms.iter().zip(&s.lemmas).zip(classes) {
            *lemma_count
                .entry((form.to_lowercase(), class, lemma.clone()))
                .or_default() += 1;
        }
    }
    let mut best: BTreeMap<(String, u8), (usize, String, String)> = BTreeMap::new();
    for ((lower, c, lemma), n) in lemma_count {
        let e = best
            .entry((lower.clone(), c))
            .or_insert((0, String::new(), String::new()));
        if n > e.0 {
            *e = (n, lemma, lower);
        }
    }
    let mut lemmas = Vec::new();
    for ((lower, c), (_, lemma, _)) in best {
        if lemma == "_" || lemma.is_empty() || lemma.contains(char::is_whitespace) {
            continue;
        }
        let (xpos, _) = tag_names[c as usize];
        if xpos.starts_with("NNP") {
            continue;
        }
        if lemma::rule(&lower, &lower, xpos) != lemma {
            lemmas.push((c, lower, lemma));
        }
    }
    log(&format!(
        "lemma table: {} exceptions to the rules",
        lemmas.len()
    ));
    Model::assemble(
        tag_names,
        tagger,
        labels.iter().map(|(l, _)| intern(l)).collect(),
        parser,
        lemmas,
        Some(vocab),
    )
}

/// Key of the lemma table.
pub(crate) fn lemma_key(lower: &str, class: u8) -> u64 {
    finish(mix(str_hash(lower), class as u64))
}

pub(crate) type LemmaTable = IdMap<u32>;

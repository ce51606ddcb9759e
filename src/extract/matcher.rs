//! Matching compiled patterns against a tokenised sentence: a small
//! backtracking matcher, as for regular expressions, over tokens.

use super::lexicon::{ClassBits, Lexicon, NONE};
use super::pattern::{Need, Node, Pattern, Role};
use super::tokens::{Kind, Sentence, Tok, LY};
use super::{DocState, Extractor};
use crate::model::RelationClass;

/// A pattern with its words and classes resolved to lexicon ids and bits.
#[derive(Clone, Debug)]
pub struct Compiled {
    pub nodes: Vec<C>,
    /// What a sentence must hold for the pattern to have a chance: word
    /// classes, literal words, a verb form, a nominalisation.
    need_classes: ClassBits,
    need_words: Vec<u32>,
    need_verb: bool,
    need_nom: bool,
}

fn collect_needs(nodes: &[C], p: &mut Compiled) {
    for n in nodes {
        match n {
            C::Verb { .. } => p.need_verb = true,
            C::Nom(_) => p.need_nom = true,
            C::Word(w) => p.need_words.push(*w),
            C::Class(bit, false) => p.need_classes |= bit,
            C::Group { alts, min, .. } if *min >= 1 && alts.len() == 1 => {
                collect_needs(&alts[0], p)
            }
            _ => {}
        }
    }
}

#[derive(Clone, Debug)]
pub enum C {
    Slot {
        role: Role,
        poss: Need,
        allow_mod: bool,
        one: bool,
        kinds: Vec<String>,
    },
    First,
    Verb {
        pp: bool,
        prep: Option<bool>,
        classes: Vec<RelationClass>,
    },
    Nom(Vec<RelationClass>),
    NPrep,
    Class(ClassBits, bool),
    Word(u32),
    Punct(char),
    Np(u8),
    Any(u8),
    End,
    Group {
        alts: Vec<Vec<C>>,
        min: u8,
        max: u8,
    },
    /// A repeated choice of word classes and words (`( @aux | @adv | to )*`),
    /// matched in a tight loop.
    Set {
        bits: ClassBits,
        adv: bool,
        words: Few<u32, 4>,
        min: u8,
        max: u8,
    },
}

pub fn compile(p: &Pattern, lex: &mut Lexicon) -> Compiled {
    let mut c = Compiled {
        nodes: p.nodes.iter().map(|n| node(n, lex)).collect(),
        need_classes: 0,
        need_words: Vec::new(),
        need_verb: false,
        need_nom: false,
    };
    let nodes = c.nodes.clone();
    collect_needs(&nodes, &mut c);
    c
}

fn node(n: &Node, lex: &mut Lexicon) -> C {
    match n {
        Node::Slot(s) => C::Slot {
            role: s.role,
            poss: s.poss,
            allow_mod: s.allow_mod,
            one: s.one,
            kinds: s.kinds.clone(),
        },
        Node::First => C::First,
        Node::Verb(v) => C::Verb {
            pp: v.pp,
            prep: v.prep,
            classes: v.classes.clone(),
        },
        Node::Nom(c) => C::Nom(c.clone()),
        Node::NPrep => C::NPrep,
        Node::Class(c) => C::Class(lex.bit(c), c == "adv"),
        Node::Word(w) => C::Word(lex.intern(&super::lexicon::fold(w))),
        Node::Punct(c) => C::Punct(*c),
        Node::Np(k) => C::Np(*k),
        Node::Any(k) => C::Any(*k),
        Node::End => C::End,
        Node::Group { alts, min, max }
            if alts
                .iter()
                .all(|a| a.len() == 1 && matches!(a[0], Node::Class(_) | Node::Word(_)))
                && alts
                    .iter()
                    .filter(|a| matches!(a[0], Node::Word(_)))
                    .count()
                    <= 4 =>
        {
            let mut bits = 0;
            let mut adv = false;
            let mut words = Few::default();
            for a in alts {
                match &a[0] {
                    Node::Class(c) => {
                        bits |= lex.bit(c);
                        adv |= c == "adv";
                    }
                    Node::Word(w) => words.push(lex.intern(&super::lexicon::fold(w))),
                    _ => unreachable!("checked above"),
                }
            }
            C::Set {
                bits,
                adv,
                words,
                min: *min,
                max: *max,
            }
        }
        Node::Group { alts, min, max } => C::Group {
            alts: alts
                .iter()
                .map(|a| a.iter().map(|n| node(n, lex)).collect())
                .collect(),
            min: *min,
            max: *max,
        },
    }
}

/// A few values kept inline: captures are made and dropped for every start
/// token, and must not allocate.
#[derive(Clone, Copy, Debug)]
pub struct Few<T: Copy + Default, const N: usize> {
    len: u8,
    items: [T; N],
}

impl<T: Copy + Default, const N: usize> Default for Few<T, N> {
    fn default() -> Self {
        Few {
            len: 0,
            items: [T::default(); N],
        }
    }
}

impl<T: Copy + Default, const N: usize> Few<T, N> {
    /// Adds a value; past the capacity, values are dropped.
    pub fn push(&mut self, t: T) {
        if (self.len as usize) < N {
            self.items[self.len as usize] = t;
            self.len += 1;
        }
    }
    pub fn pop(&mut self) {
        self.len = self.len.saturating_sub(1);
    }
    pub fn truncate(&mut self, n: usize) {
        self.len = self.len.min(n as u8);
    }
}

impl<T: Copy + Default, const N: usize> std::ops::Deref for Few<T, N> {
    type Target = [T];
    fn deref(&self) -> &[T] {
        &self.items[..self.len as usize]
    }
}

/// What a match captured: token indices.
#[derive(Clone, Copy, Debug, Default)]
pub struct Caps {
    pub subj: Few<u32, 8>,
    pub obj: Few<u32, 8>,
    pub ctx: Option<u32>,
    /// Verb form id, first token, and how many objects were captured
    /// before it (a verb's own objects are those captured after it).
    pub verbs: Few<(u32, u32, u32), 4>,
    /// Nominal form id and its token.
    pub nom: Option<(u32, u32)>,
    pub start: u32,
    pub end: u32,
}

enum Cont<'a> {
    Seq {
        nodes: &'a [C],
        next: Option<&'a Cont<'a>>,
    },
    Rep {
        alts: &'a [Vec<C>],
        min: u8,
        max: u8,
        count: u8,
        at: usize,
        rest: &'a [C],
        next: Option<&'a Cont<'a>>,
    },
}

pub struct Matcher<'a> {
    pub ex: &'a Extractor,
    pub doc: &'a DocState<'a>,
    pub s: &'a Sentence,
    strong: ClassBits,
    np_stop: ClassBits,
    conj: ClassBits,
    det: ClassBits,
    prep: ClassBits,
    of: u32,
    the: u32,
    verbal: ClassBits,
    /// The actor tokens, where slot-first patterns start.
    actors: &'a [u32],
}

impl<'a> Matcher<'a> {
    pub fn new(ex: &'a Extractor, doc: &'a DocState<'a>, s: &'a Sentence) -> Matcher<'a> {
        Matcher {
            ex,
            doc,
            s,
            strong: ex.k.subord,
            np_stop: ex.k.prep | ex.k.subord | ex.k.aux | ex.k.be | ex.k.modal,
            conj: ex.k.conj,
            det: ex.k.det,
            prep: ex.k.prep,
            of: ex.k.of,
            the: ex.k.the,
            verbal: ex.k.aux | ex.k.modal,
            actors: &s.actor_toks,
        }
    }

    /// Whether the sentence holds everything the pattern needs.
    fn feasible(&self, p: &Compiled) -> bool {
        let s = self.s;
        s.classes & p.need_classes == p.need_classes
            && (!p.need_verb || s.verb_hits > 0)
            && (!p.need_nom || s.nom_hits > 0)
            && p.need_words
                .iter()
                .all(|&w| s.words & (1u64 << (w & 63)) != 0)
    }

    /// Whether the first element could match at token `i`.
    fn first_ok(&self, node: &C, i: usize) -> bool {
        let t = &self.s.toks[i];
        match node {
            C::Slot { .. } => t.is_actor(),
            C::Word(w) => t.word == *w,
            C::Nom(_) => !self.s.noms(i).is_empty(),
            C::Verb { .. } => !self.s.verbs(i).is_empty(),
            C::Punct(c) => t.kind == Kind::Punct(*c),
            C::Class(bit, adv) => {
                t.is_word() && (t.classes & bit != 0 || (*adv && t.flags & LY != 0))
            }
            C::Group { alts, min, .. } => {
                *min == 0
                    || alts
                        .iter()
                        .any(|a| a.first().is_none_or(|n| self.first_ok(n, i)))
            }
            C::Set { min: 0, .. } => true,
            C::Set {
                bits, adv, words, ..
            } => {
                t.is_word()
                    && (t.classes & bits != 0
                        || (*adv && t.flags & LY != 0)
                        || words.contains(&t.word))
            }
            _ => true,
        }
    }

    /// Every match of `p` in the sentence, one per start token.
    pub fn all(&self, p: &Compiled) -> Vec<Caps> {
        let mut out = Vec::new();
        self.each(p, |c| out.push(*c));
        out
    }

    /// Calls `f` with every match of `p`, one per start token.
    pub fn each(&self, p: &Compiled, mut f: impl FnMut(&Caps)) {
        if !self.feasible(p) {
            return;
        }
        let n = self.s.toks.len();
        let slot_first = matches!(p.nodes.first(), Some(C::Slot { .. }));
        // A required verb or nominal comes after the first slot.
        let mut limit = n;
        if slot_first && p.need_verb {
            limit = limit.min(self.s.last_verb as usize);
        }
        if slot_first && p.need_nom {
            limit = limit.min(self.s.last_nom as usize);
        }
        let nom_first = matches!(p.nodes.first(), Some(C::Nom(_)))
            || matches!(p.nodes.first(), Some(C::Group { alts, min: 1.., .. })
                if alts.iter().all(|a| matches!(a.first(), Some(C::Nom(_)))));
        let starts: &mut dyn Iterator<Item = usize> = if slot_first {
            &mut self
                .actors
                .iter()
                .map(|&a| a as usize)
                .filter(|&a| a < limit)
        } else if nom_first {
            &mut (0..self.s.last_nom as usize).filter(|&i| !self.s.noms(i).is_empty())
        } else {
            &mut (0..n)
        };
        for start in starts {
            if slot_first {
            } else if let Some(first) = p.nodes.first() {
                if !self.first_ok(first, start) {
                    continue;
                }
            }
            if let Some(C::Slot {
                poss, allow_mod, ..
            }) = p.nodes.first()
            {
                // Only a plain slot must not follow a preposition: a
                // possessive or a modifier may (`of Israel's`, `to Israeli`).
                let check = *poss != Need::Must && !*allow_mod;
                if !self.s.toks[start].is_actor() || (check && self.after_prep(start)) {
                    continue;
                }
            }
            let mut caps = Caps {
                start: start as u32,
                ..Caps::default()
            };
            if slot_first && !self.prefix_ok(p, start) {
                continue;
            }
            if self.m(&p.nodes, None, start, &mut caps) {
                f(&caps);
            }
        }
    }

    /// A quick look before the full match of `SLOT SET X …` (`SUBJ VG VERB`):
    /// after the actor, its coordination and the words of the set, something
    /// that can start X must follow.
    fn prefix_ok(&self, p: &Compiled, start: usize) -> bool {
        // An optional group right after the slot (an apposition `( , … , )?`)
        // is skipped when the token after the actor cannot start it.
        let mut at = 1;
        if let Some(C::Group { alts, min: 0, .. }) = p.nodes.get(1) {
            let next = start + 1;
            if next < self.s.toks.len()
                && alts
                    .iter()
                    .any(|a| a.first().is_none_or(|n| self.first_ok(n, next)))
            {
                return true;
            }
            at = 2;
        }
        let (
            Some(C::Set {
                bits,
                adv,
                words,
                min: 0,
                max,
            }),
            Some(third),
        ) = (p.nodes.get(at), p.nodes.get(at + 1))
        else {
            return true;
        };
        let toks = &self.s.toks;
        // The furthest a coordination could reach: actors, commas, conjunctions.
        let mut end = start + 1;
        while end < toks.len()
            && (toks[end].is_actor()
                || toks[end].kind == Kind::Punct(',')
                || (toks[end].is_word()
                    && (toks[end].classes & self.conj != 0 || toks[end].word == self.the)))
        {
            end += 1;
        }
        let in_set = |t: &Tok| {
            t.is_word()
                && (t.classes & bits != 0 || (*adv && t.flags & LY != 0) || words.contains(&t.word))
        };
        let mut i = start + 1;
        while i <= end.min(toks.len()) {
            // From each possible end of the slot, skip the set and look.
            let mut k = i;
            let mut n = 0;
            loop {
                if k < toks.len() && self.first_ok(third, k) {
                    return true;
                }
                if k >= toks.len() || n >= *max as usize || !in_set(&toks[k]) {
                    break;
                }
                k += 1;
                n += 1;
            }
            i += 1;
        }
        false
    }

    /// A cheap look before trying the rest of a pattern at token `i`: its
    /// first element must be able to start there (the rest may be empty or
    /// continue elsewhere, then anything goes).
    fn could_follow(&self, rest: &[C], i: usize) -> bool {
        match rest.first() {
            None => true,
            Some(n) if i < self.s.toks.len() => match n {
                C::Slot { .. } => {
                    let t = &self.s.toks[i];
                    t.is_actor() || (t.is_word() && t.word == self.the)
                }
                C::Word(_) | C::Nom(_) | C::Verb { .. } | C::Punct(_) | C::Class(..) => {
                    self.first_ok(n, i)
                }
                C::Set { min: 1.., .. } => self.first_ok(n, i),
                _ => true,
            },
            // Past the last token only elements that take no token can match.
            Some(n) => !matches!(
                n,
                C::Slot { .. }
                    | C::Word(_)
                    | C::Nom(_)
                    | C::Verb { .. }
                    | C::Punct(_)
                    | C::Class(..)
                    | C::NPrep
                    | C::Set { min: 1.., .. }
            ),
        }
    }

    /// Whether the token before `i` (skipping determiners and numbers) is a
    /// preposition: such an actor is no subject (`the route to Washington`).
    fn after_prep(&self, i: usize) -> bool {
        let mut k = i;
        while k > 0 {
            k -= 1;
            let t = &self.s.toks[k];
            if t.kind == Kind::Num
                || (t.is_word() && t.classes & self.det != 0 && t.classes & self.prep == 0)
            {
                continue;
            }
            return t.is_word() && t.classes & self.prep != 0;
        }
        false
    }

    fn m(&self, nodes: &[C], cont: Option<&Cont>, i: usize, caps: &mut Caps) -> bool {
        let Some((first, rest)) = nodes.split_first() else {
            return match cont {
                None => {
                    caps.end = i as u32;
                    true
                }
                Some(Cont::Seq { nodes, next }) => self.m(nodes, *next, i, caps),
                Some(Cont::Rep {
                    alts,
                    min,
                    max,
                    count,
                    at,
                    rest,
                    next,
                }) => {
                    if i == *at && *count > *min {
                        return false;
                    }
                    self.rep(alts, *min, *max, *count, rest, *next, i, caps)
                }
            };
        };
        let toks = &self.s.toks;
        let tok = toks.get(i);
        match first {
            C::Group { alts, min, max } => self.rep(alts, *min, *max, 0, rest, cont, i, caps),
            C::Set {
                bits,
                adv,
                words,
                min,
                max,
            } => {
                let mut n = 0;
                while n < *max as usize
                    && toks.get(i + n).is_some_and(|t| {
                        t.is_word()
                            && (t.classes & bits != 0
                                || (*adv && t.flags & LY != 0)
                                || words.contains(&t.word))
                    })
                {
                    n += 1;
                }
                (*min as usize..=n)
                    .rev()
                    .any(|k| self.m(rest, cont, i + k, caps))
            }
            C::Slot {
                role,
                poss,
                allow_mod,
                one,
                kinds,
            } => {
                // A determiner may open the slot: `by the RSF`.
                if tok.is_some_and(|t| t.is_word() && t.word == self.the)
                    && toks.get(i + 1).is_some_and(|t| t.is_actor())
                {
                    return self.m(nodes, cont, i + 1, caps);
                }
                let Some(t) = tok.filter(|t| t.is_actor()) else {
                    return false;
                };
                // `A withdrew its troops from B`: a possessive pronoun before an
                // agent noun names the subject's own forces, never the object.
                if *role == Role::Obj
                    && {
                        let m = self.s.mention(t);
                        m.pronoun && m.poss
                    }
                    && toks
                        .get(i + 1)
                        .is_some_and(|n| n.is_word() && n.classes & self.ex.k.agent != 0)
                {
                    return false;
                }
                if !self.slot_ok(t, *poss, *allow_mod, kinds, true) {
                    // A coordinated group may end in the possessive: check below.
                    if *one || !self.slot_ok(t, Need::Either, true, kinds, false) {
                        return false;
                    }
                }
                // At most eight coordinated members; no allocation on this hot path.
                let mut members = [0usize; 8];
                members[0] = i;
                let mut count = 1;
                let mut push = |k: usize| {
                    if count < members.len() {
                        members[count] = k;
                        count += 1;
                    }
                };
                let mut j = i + 1;
                if !*one {
                    loop {
                        let at = |k: usize| toks.get(k);
                        let is_conj = |k: usize| {
                            at(k).is_some_and(|t| t.is_word() && t.classes & self.conj != 0)
                        };
                        // A member followed by a verb opens the next clause:
                        // `… on Russia, and NATO has deployed …`.
                        let opens_clause = |k: usize| {
                            at(k + 1).is_some_and(|t| {
                                t.is_word()
                                    && (t.classes & self.verbal != 0
                                        || !self.s.verbs(k + 1).is_empty())
                            })
                        };
                        let is_act = |k: usize| {
                            at(k).is_some_and(|t| {
                                t.is_actor() && self.slot_ok(t, Need::Either, true, kinds, false)
                            }) && (*role != Role::Obj || !opens_clause(k))
                        };
                        if at(j).is_some_and(|t| t.kind == Kind::Punct(',')) && is_act(j + 1) {
                            push(j + 1);
                            j += 2;
                        } else if at(j).is_some_and(|t| t.kind == Kind::Punct(','))
                            && is_conj(j + 1)
                            && is_act(j + 2)
                        {
                            push(j + 2);
                            j += 3;
                            break;
                        } else if is_conj(j) && is_act(j + 1) {
                            push(j + 1);
                            j += 2;
                            break;
                        } else if is_conj(j)
                            && at(j + 1).is_some_and(|t| t.word == self.the)
                            && is_act(j + 2)
                        {
                            push(j + 2);
                            j += 3;
                            break;
                        } else {
                            break;
                        }
                    }
                }
                // Try the whole coordination, then the single actor.
                let tries = [(count, j), (1, i + 1)];
                let tries = &tries[..if count > 1 { 2 } else { 1 }];
                for &(count, next) in tries {
                    let members = &members[..count];
                    let last = &toks[members[count - 1]];
                    if !self.slot_ok(last, *poss, *allow_mod, kinds, true) {
                        continue;
                    }
                    let target = match role {
                        Role::Subj => &mut caps.subj,
                        Role::Obj => &mut caps.obj,
                        Role::Ctx => {
                            let saved = caps.ctx;
                            caps.ctx = Some(i as u32);
                            if self.m(rest, cont, next, caps) {
                                return true;
                            }
                            caps.ctx = saved;
                            continue;
                        }
                    };
                    let len = target.len();
                    for &k in members {
                        target.push(k as u32);
                    }
                    if self.m(rest, cont, next, caps) {
                        return true;
                    }
                    match role {
                        Role::Subj => caps.subj.truncate(len),
                        _ => caps.obj.truncate(len),
                    }
                }
                false
            }
            C::First => {
                let is_subj = |a: u32| {
                    caps.subj
                        .iter()
                        .any(|&k| self.s.mention(&toks[k as usize]).actor == a)
                };
                let found = toks.iter().position(|t| {
                    t.is_actor() && {
                        let m = self.s.mention(t);
                        !m.modifier && !m.pronoun && !is_subj(m.actor)
                    }
                });
                let Some(f) = found else {
                    return false;
                };
                let len = caps.obj.len();
                caps.obj.push(f as u32);
                if self.m(rest, cont, i, caps) {
                    return true;
                }
                caps.obj.truncate(len);
                false
            }
            C::Verb { pp, prep, classes } => {
                let hits = self.s.verbs(i);
                for h in hits {
                    let form = &self.ex.lex.forms[h.id as usize];
                    let class = self.ex.lex.preds[form.pred as usize].class;
                    if (*pp && !form.pp)
                        || prep.is_some_and(|p| p != form.prep)
                        || (!classes.is_empty() && !classes.contains(&class))
                    {
                        continue;
                    }
                    caps.verbs.push((h.id, i as u32, caps.obj.len() as u32));
                    if self.m(rest, cont, h.last as usize + 1, caps) {
                        return true;
                    }
                    caps.verbs.pop();
                }
                false
            }
            C::Nom(classes) => {
                let hits = self.s.noms(i);
                for h in hits {
                    let nominal = self.ex.lex.nom_forms[h.id as usize].nominal;
                    let pred = self.ex.lex.nominals[nominal as usize].pred;
                    let class = self.ex.lex.preds[pred as usize].class;
                    if !classes.is_empty() && !classes.contains(&class) {
                        continue;
                    }
                    let saved = caps.nom;
                    caps.nom = Some((nominal, i as u32));
                    if self.m(rest, cont, h.last as usize + 1, caps) {
                        return true;
                    }
                    caps.nom = saved;
                }
                false
            }
            C::NPrep => {
                let ok = match (tok, caps.nom) {
                    (Some(t), Some((nominal, _))) => {
                        t.is_word()
                            && self.ex.lex.nominals[nominal as usize]
                                .preps
                                .contains(&t.word)
                    }
                    _ => false,
                };
                ok && self.m(rest, cont, i + 1, caps)
            }
            C::Class(bit, adv) => {
                let ok = tok.is_some_and(|t| {
                    t.is_word() && (t.classes & bit != 0 || (*adv && t.flags & LY != 0))
                });
                ok && self.m(rest, cont, i + 1, caps)
            }
            C::Word(w) => {
                let ok = *w != NONE && tok.is_some_and(|t| t.is_word() && t.word == *w);
                ok && self.m(rest, cont, i + 1, caps)
            }
            C::Punct(c) => {
                tok.is_some_and(|t| t.kind == Kind::Punct(*c)) && self.m(rest, cont, i + 1, caps)
            }
            C::Np(max) => {
                for k in 0..=*max as usize {
                    if k > 0 {
                        let Some(t) = toks.get(i + k - 1) else {
                            return false;
                        };
                        if !self.np_filler(t) {
                            return false;
                        }
                    }
                    // The word before what follows may not be a conjunction.
                    if k > 0 && toks[i + k - 1].classes & self.conj != 0 {
                        continue;
                    }
                    if self.could_follow(rest, i + k) && self.m(rest, cont, i + k, caps) {
                        return true;
                    }
                }
                false
            }
            C::Any(max) => {
                for k in 0..=*max as usize {
                    if k > 0 {
                        let Some(t) = toks.get(i + k - 1) else {
                            return false;
                        };
                        let side_actor = t.is_actor() && {
                            let m = self.s.mention(t);
                            m.poss || m.modifier
                        };
                        if (t.is_actor() && !side_actor)
                            || self.strong_break(t)
                            || (t.is_word() && t.classes & self.strong != 0)
                        {
                            return false;
                        }
                    }
                    if self.could_follow(rest, i + k) && self.m(rest, cont, i + k, caps) {
                        return true;
                    }
                }
                false
            }
            C::End => {
                let ok = match tok {
                    None => true,
                    Some(t) => {
                        matches!(t.kind, Kind::Punct(_) | Kind::Date)
                            || (t.is_word() && t.classes & (self.conj | self.strong) != 0)
                    }
                };
                ok && self.m(rest, cont, i, caps)
            }
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn rep(
        &self,
        alts: &[Vec<C>],
        min: u8,
        max: u8,
        count: u8,
        rest: &[C],
        cont: Option<&Cont>,
        i: usize,
        caps: &mut Caps,
    ) -> bool {
        if count < max {
            let again = Cont::Rep {
                alts,
                min,
                max,
                count: count + 1,
                at: i,
                rest,
                next: cont,
            };
            for alt in alts {
                if self.m(alt, Some(&again), i, caps) {
                    return true;
                }
            }
        }
        if count >= min {
            return match cont {
                None if rest.is_empty() => {
                    caps.end = i as u32;
                    true
                }
                _ => {
                    let c = Cont::Seq {
                        nodes: rest,
                        next: cont,
                    };
                    self.m(&[], Some(&c), i, caps)
                }
            };
        }
        false
    }

    fn slot_ok(
        &self,
        t: &Tok,
        poss: Need,
        allow_mod: bool,
        kinds: &[String],
        strict: bool,
    ) -> bool {
        let m = self.s.mention(t);
        if !kinds.is_empty() && !kinds.iter().any(|k| *k == self.doc.actor(m.actor).kind) {
            return false;
        }
        if !strict {
            return true;
        }
        match poss {
            Need::Must if !m.poss => return false,
            Need::Never if m.poss => return false,
            _ => {}
        }
        allow_mod || !m.modifier
    }

    fn np_filler(&self, t: &Tok) -> bool {
        match t.kind {
            Kind::Num | Kind::Date => true,
            Kind::Word => t.word == self.of || t.classes & self.np_stop == 0,
            _ => false,
        }
    }

    fn strong_break(&self, t: &Tok) -> bool {
        matches!(
            t.kind,
            Kind::Punct(';' | ':' | '—' | '(' | ')' | '.' | '?' | '!')
        )
    }
}

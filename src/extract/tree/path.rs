//! Dependency paths: the argument language of the tree rules.
//!
//! A path is a sequence of steps from the trigger word, separated by
//! spaces, in the spirit of Semgrex and Odin:
//!
//! - `>rel` goes down to a dependent attached by `rel`; `<rel` goes up to
//!   the head, when the current word is attached to it by `rel`.
//! - `rel` is a UD relation: `obl` also matches its subtypes (`obl:tmod`)
//!   but those that change the role (`obl:agent`, `nsubj:pass`), which
//!   match only when named; `*` matches any relation.
//! - A step may carry constraints in brackets, separated by commas:
//!   `[case=on|against]` (a `case` or `mark` dependent with one of these
//!   forms), `[case=$prep]` (the prepositions of the trigger's lexicon
//!   entry), `[lemma=@light]` (the lemma or form is in a word class;
//!   `@gained|@solicit`: in any of them),
//!   `[upos=NOUN|PROPN]`, `[xpos=VBN]`, `[nocase]` (no `case` dependent),
//!   `[before]`, `[after]` (the word stands before or after the trigger),
//!   `!` before `case=`, `lemma=`, `upos=` or `xpos=` negates it
//!   (`[case=$prep,!case=of]`),
//!   `[pair]` (the word names two actors at once: `the two countries`),
//!   `[unnamed]` (the word is no part of an actor's name),
//!   `[bare]` (the word has no subject or object of its own: a controlled
//!   verb, as `looking` in `X agreed, while looking to arm Y`), `[nosubj]`
//!   (no subject of its own: `occupied` in `A attacked and occupied B`),
//!   `[noobj]` (no direct object: a verb whose one object the parser
//!   called indirect, as `accuses` in `A accuses B of V-ing`),
//!   `[where]` (an upward step out of a relative clause of place or time,
//!   to the place: `El Fasher` in `El Fasher, where X are stationed`; no
//!   other step leaves such a clause).
//! - `~hyphen` goes to the word joined to the current one by a hyphen or an
//!   en dash just before it, without spaces (`US` of `US–Israeli cooperation`;
//!   the same marks as the token layer, `tokens::is_hyphen`):
//!   the text says they belong together wherever the parser hung them.
//! - `~where` goes from the word `where` back to the word before the comma
//!   that opens its clause (`Rafah` of `Rafah, where X are trapped`), a noun
//!   or a name: the parser often hangs such a clause on the wrong word.
//! - `~subject` goes to the subject of the current verb or, if it has
//!   none, to the one it shares with the verb it depends on (through
//!   `conj`, `xcomp`, `advcl` and the gerund of an option the verb
//!   weighs, three links at most): `A` of `placing` in `A admitted to
//!   sabotaging X by expanding Y and by placing Z`, of `establishing` in
//!   `A is exploring the option of establishing a base`.
//! - `=prefix` alone: the actor named inside the trigger's own token,
//!   before a hyphen (`UAE-backed` kept as one token).
//! - `=self` alone: the trigger word itself (for rules whose trigger is a
//!   name: `Chad's army`, `militias in Darfur`).

use crate::syntax::{Sentence, Upos};

#[derive(Clone, Debug, PartialEq)]
pub enum Dir {
    Down,
    Up,
    /// `~hyphen`: to the word joined to this one by a hyphen or a dash
    /// before it, without spaces (`US` of `US-Israeli cooperation`), which
    /// the parser often hangs elsewhere.
    Hyphen,
    /// `~where`: from the word `where` back to the word before the comma
    /// that opens its clause (`Rafah` of `Rafah, where X are trapped`),
    /// the place the clause speaks of wherever the parser hung it.
    Where,
    /// `~subject`: the subject a verb without one shares with the verb it
    /// depends on, up through coordination, control and adverbial clauses
    /// (`placing` of `X admitted to sabotaging Oslo by expanding … and by
    /// placing conditions on B`: X).
    Subject,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Values {
    /// Literal values, lower case.
    List(Vec<String>),
    /// The prepositions of the trigger's lexicon entry.
    Prep,
    /// Word classes of the rules (`@light`, `@gained|@solicit`).
    Class(Vec<String>),
}

#[derive(Clone, Debug, PartialEq)]
pub enum Constraint {
    Case(Values),
    NoCase,
    Lemma(Values),
    Upos(Vec<Upos>),
    Xpos(Vec<String>),
    Before,
    After,
    /// `[next]`: the word's phrase starts right after the trigger (`war in
    /// Lebanon` with `in Lebanon` hung on the verb: the phrase still
    /// follows the noun).
    Next,
    Bare,
    /// `[nosubj]`: the word has no subject of its own (a verb sharing the
    /// subject of the one it is coordinated with).
    NoSubj,
    /// `[noobj]`: the word has no direct object (`accuses` when the parser
    /// made its one object an `iobj`).
    NoObj,
    /// `[where]` on an upward step: leave a relative clause of place or time
    /// for its head (`El Fasher, where X are stationed`), which no other
    /// step does.
    Where,
    /// `[pair]`: the word names two actors at once (`the two countries`).
    Pair,
    /// `[unnamed]`: the word is no part of an actor's name (`bases` of
    /// `Somali military bases`, not `base` of `the Tartus naval base`).
    Unnamed,
    /// `[!case=of]`, `[!lemma=@recv]`, `[!upos=PROPN]`: the word fails the
    /// constraint after `!`.
    Not(Box<Constraint>),
}

#[derive(Clone, Debug, PartialEq)]
pub struct Step {
    pub dir: Dir,
    /// Relation without subtype (`obl`), or `*`.
    pub rel: String,
    /// Subtype (`agent` of `obl:agent`), when the step names one.
    pub sub: Option<String>,
    pub constraints: Vec<Constraint>,
}

/// A parsed path.
#[derive(Clone, Debug, PartialEq)]
pub enum Path {
    Steps(Vec<Step>),
    Prefix,
}

/// What a path is evaluated against.
pub struct Ctx<'a> {
    pub text: &'a str,
    pub sent: &'a Sentence,
    pub trigger: usize,
    pub preps: &'a [String],
    pub class: &'a dyn Fn(&str, &str) -> bool,
    /// The predicate states an attitude toward its object (accuse, reject,
    /// support…), so an object that is a deed stands for its doer.
    pub attitude: bool,
    /// The predicate is a deed of force (attack, strike, kill), which a
    /// deed as its subject does for its doer (`Israeli strikes killed …`).
    pub force: bool,
    /// The predicate is a meeting (visit, receive, host), whose other party
    /// is someone, never the things an actor has (`received Iranian
    /// drones` meets no Iranian).
    pub meeting: bool,
    /// Per token: it lies in a pair phrase (`the two countries`), which
    /// names two actors at once.
    pub pair: &'a [bool],
    /// Per token: it lies in an actor's name.
    pub named: &'a [bool],
}

fn values(v: &str) -> Result<Values, String> {
    if v == "$prep" {
        return Ok(Values::Prep);
    }
    if !v.starts_with('@') {
        return Ok(Values::List(
            v.split('|').map(|s| s.trim().to_lowercase()).collect(),
        ));
    }
    // `@gained|@solicit`: any of several word classes.
    v.split('|')
        .map(|c| {
            c.trim()
                .strip_prefix('@')
                .map(str::to_string)
                .ok_or_else(|| format!("`{v}`: word classes (`@…`) and words do not mix"))
        })
        .collect::<Result<_, _>>()
        .map(Values::Class)
}

/// Parses a path; the error says what is wrong.
pub fn parse(src: &str) -> Result<Path, String> {
    let src = src.trim();
    if src == "=prefix" {
        return Ok(Path::Prefix);
    }
    if src == "=self" {
        return Ok(Path::Steps(Vec::new()));
    }
    let mut steps = Vec::new();
    for part in src.split_whitespace() {
        if matches!(part, "~hyphen" | "~where" | "~subject") {
            steps.push(Step {
                dir: match part {
                    "~where" => Dir::Where,
                    "~subject" => Dir::Subject,
                    _ => Dir::Hyphen,
                },
                rel: "*".into(),
                sub: None,
                constraints: Vec::new(),
            });
            continue;
        }
        let (dir, rest) = match part.as_bytes().first() {
            Some(b'>') => (Dir::Down, &part[1..]),
            Some(b'<') => (Dir::Up, &part[1..]),
            _ => {
                return Err(format!(
                    "step `{part}` must start with `>` or `<` (or be `~hyphen`, `~where` or `~subject`)"
                ))
            }
        };
        let (rel, cons) = match rest.find('[') {
            Some(i) => {
                let c = rest[i + 1..]
                    .strip_suffix(']')
                    .ok_or_else(|| format!("step `{part}`: `[` without `]`"))?;
                (&rest[..i], Some(c))
            }
            None => (rest, None),
        };
        if rel.is_empty()
            || !rel
                .chars()
                .all(|c| c.is_ascii_lowercase() || c == ':' || c == '*')
        {
            return Err(format!("step `{part}`: `{rel}` is not a UD relation"));
        }
        let (rel, sub) = match rel.split_once(':') {
            Some((r, s)) => (r.to_string(), Some(s.to_string())),
            None => (rel.to_string(), None),
        };
        let mut constraints = Vec::new();
        for c in cons.into_iter().flat_map(|c| c.split(',')) {
            let c = c.trim();
            let (negated, c) = match c.strip_prefix('!') {
                Some(rest) => (true, rest.trim_start()),
                None => (false, c),
            };
            let (k, v) = c.split_once('=').unwrap_or((c, ""));
            if negated && !matches!(k, "case" | "lemma" | "upos" | "xpos") {
                return Err(format!(
                    "step `{part}`: `!` negates only case=, lemma=, upos= and xpos=, not `{c}`"
                ));
            }
            let constraint = match (k, v) {
                ("case", v) if !v.is_empty() => Constraint::Case(values(v)?),
                ("lemma", v) if !v.is_empty() => Constraint::Lemma(values(v)?),
                ("upos", v) if !v.is_empty() => Constraint::Upos(
                    v.split('|')
                        .map(|u| Upos::parse(u).ok_or_else(|| format!("unknown UPOS `{u}`")))
                        .collect::<Result<_, _>>()?,
                ),
                ("xpos", v) if !v.is_empty() => {
                    Constraint::Xpos(v.split('|').map(str::to_string).collect())
                }
                ("nocase", "") => Constraint::NoCase,
                ("before", "") => Constraint::Before,
                ("after", "") => Constraint::After,
                ("next", "") => Constraint::Next,
                ("bare", "") => Constraint::Bare,
                ("nosubj", "") => Constraint::NoSubj,
                ("noobj", "") => Constraint::NoObj,
                ("unnamed", "") => Constraint::Unnamed,
                ("where", "") => Constraint::Where,
                ("pair", "") => Constraint::Pair,
                _ => {
                    return Err(format!(
                        "step `{part}`: unknown constraint `{c}` (case=, lemma=, upos=, xpos=, nocase, before, after, next, bare, nosubj, noobj, where, pair, unnamed; `!` before case=, lemma=, upos= or xpos= negates it)"
                    ))
                }
            };
            constraints.push(if negated {
                Constraint::Not(Box::new(constraint))
            } else {
                constraint
            });
        }
        steps.push(Step {
            dir,
            rel,
            sub,
            constraints,
        });
    }
    if steps.is_empty() {
        return Err("an empty path".into());
    }
    Ok(Path::Steps(steps))
}

impl Step {
    fn rel_ok(&self, deprel: &str) -> bool {
        if self.rel == "*" {
            return true;
        }
        let (r, s) = match deprel.split_once(':') {
            Some((r, s)) => (r, Some(s)),
            None => (deprel, None),
        };
        // A subtype that changes the role (`nsubj:pass`, `obl:agent`) is
        // matched only when named.
        r == self.rel
            && match &self.sub {
                None => !matches!(s, Some("pass" | "agent")),
                Some(sub) => Some(sub.as_str()) == s,
            }
    }
}

fn in_values(ctx: &Ctx, v: &Values, word: &str) -> bool {
    match v {
        Values::List(l) => l.iter().any(|x| x == word),
        Values::Prep => ctx.preps.iter().any(|x| x == word),
        Values::Class(cs) => cs.iter().any(|c| (ctx.class)(c, word)),
    }
}

/// The lower-case form of token `i`.
pub fn lower(ctx_text: &str, sent: &Sentence, i: usize) -> String {
    sent.form(ctx_text, i).to_lowercase()
}

/// The case markers of token `i`: its `case` and `mark` dependents, lower case.
pub fn cases<'a>(text: &'a str, sent: &'a Sentence, i: usize) -> impl Iterator<Item = String> + 'a {
    sent.children(i)
        .filter(|&c| matches!(sent.tokens[c].deprel, "case" | "mark"))
        .map(move |c| lower(text, sent, c))
}

fn node_ok(ctx: &Ctx, step: &Step, i: usize) -> bool {
    step.constraints.iter().all(|c| holds(ctx, c, i))
}

/// Whether token `i` meets constraint `c`.
fn holds(ctx: &Ctx, c: &Constraint, i: usize) -> bool {
    let t = &ctx.sent.tokens[i];
    match c {
        Constraint::Case(v) => cases(ctx.text, ctx.sent, i).any(|w| in_values(ctx, v, &w)),
        Constraint::NoCase => cases(ctx.text, ctx.sent, i).next().is_none(),
        Constraint::Lemma(v) => {
            in_values(ctx, v, &t.lemma.to_lowercase())
                || in_values(ctx, v, &lower(ctx.text, ctx.sent, i))
        }
        Constraint::Upos(u) => u.contains(&t.upos),
        Constraint::Xpos(x) => x.iter().any(|x| x == t.xpos),
        Constraint::Before => i < ctx.trigger,
        Constraint::After => i > ctx.trigger,
        Constraint::Next => first_of_phrase(ctx.sent, i) == ctx.trigger + 1,
        Constraint::Bare => !ctx.sent.children(i).any(|c| {
            let r = ctx.sent.tokens[c].deprel;
            r.starts_with("nsubj") || r == "obj" || r == "expl"
        }),
        Constraint::NoObj => !ctx
            .sent
            .children(i)
            .any(|c| ctx.sent.tokens[c].deprel == "obj"),
        Constraint::NoSubj => !ctx
            .sent
            .children(i)
            .any(|c| ctx.sent.tokens[c].deprel.starts_with("nsubj")),
        Constraint::Where => true,
        Constraint::Pair => ctx.pair.get(i).copied().unwrap_or(false),
        Constraint::Unnamed => !ctx.named.get(i).copied().unwrap_or(false),
        Constraint::Not(c) => !holds(ctx, c, i),
    }
}

/// The first token of the phrase token `i` heads (its leftmost descendant).
fn first_of_phrase(sent: &Sentence, i: usize) -> usize {
    let head = |d: usize| sent.tokens[d - 1].head;
    (0..i)
        .find(|&k| crate::syntax::conllu::dominates(head, sent.tokens.len(), i + 1, k + 1))
        .unwrap_or(i)
}

/// A relative clause opened by `where`, `when` or `why` (`Rwanda, where X
/// bought a bank`): its head is the clause's place or time, neither its
/// subject nor its object.
fn where_relative(ctx: &Ctx, i: usize) -> bool {
    ctx.sent.tokens[i].deprel.starts_with("acl:relcl")
        && ctx.sent.children(i).any(|c| {
            ctx.sent.tokens[c].xpos == "WRB"
                && matches!(
                    lower(ctx.text, ctx.sent, c).as_str(),
                    "where" | "when" | "why" | "whereby"
                )
        })
}

/// A prepositional phrase the parser hung as an apposition (`Velayati,
/// with the backing of Khamenei, …`): no apposition has a preposition.
fn pp_as_appos(ctx: &Ctx, i: usize) -> bool {
    ctx.sent
        .children(i)
        .any(|c| ctx.sent.tokens[c].deprel == "case")
}

/// The word before the comma that opens a clause of `where` (word `i`),
/// past a closing quote or bracket: `Rafah` of `Rafah, where X are
/// trapped`, `Goma` of `the “city of Goma,” where`. A noun or a name only.
fn where_antecedent(ctx: &Ctx, i: usize) -> Option<usize> {
    let toks = &ctx.sent.tokens;
    if lower(ctx.text, ctx.sent, i) != "where" {
        return None;
    }
    let form = |k: usize| ctx.text.get(toks[k].start..toks[k].end).unwrap_or("");
    let mut k = i.checked_sub(1)?;
    let closing = |f: &str| matches!(f, "”" | "’" | "\"" | "'" | ")");
    if closing(form(k)) {
        k = k.checked_sub(1)?;
    }
    if form(k) != "," {
        return None;
    }
    k = k.checked_sub(1)?;
    if closing(form(k)) {
        k = k.checked_sub(1)?;
    }
    matches!(toks[k].upos, Upos::Noun | Upos::Propn).then_some(k)
}

/// The word before a hyphen or en dash ([`is_hyphen`]) that touches both
/// it and word `i`.
///
/// [`is_hyphen`]: crate::extract::tokens::is_hyphen
fn hyphen_before(ctx: &Ctx, i: usize) -> Option<usize> {
    let toks = &ctx.sent.tokens;
    let (dash, word) = (i.checked_sub(1)?, i.checked_sub(2)?);
    let joined = toks[word].end == toks[dash].start && toks[dash].end == toks[i].start;
    let mut dash_chars = ctx
        .text
        .get(toks[dash].start..toks[dash].end)
        .unwrap_or("")
        .chars();
    let is_dash = dash_chars
        .next()
        .is_some_and(crate::extract::tokens::is_hyphen)
        && dash_chars.next().is_none();
    (joined && is_dash).then_some(word)
}

/// The subject of verb `i`, or, if it has none of its own, the one it
/// shares with the verb its clause depends on: up through a conjunct of
/// the same form (`A seized X and attacked B`), a controlled infinitive or
/// gerund (`A agreed to send`), a participle's adverbial clause (`A
/// admitted to sabotaging X by placing …`) and the gerund of an option or
/// plan that is the verb's object (`A weighs the option of opening …`),
/// three links at most. The first
/// verb with a subject ends the climb: an active one gives it, a passive
/// one nothing (`Turkey was barred from joining`).
fn shared_subject(ctx: &Ctx, i: usize) -> Option<usize> {
    let sent = ctx.sent;
    let mut cur = i;
    for _ in 0..4 {
        // (A passive's subject is not the doer of what it is made to do or
        // kept from doing: `Turkey was barred from joining the force`.)
        if let Some(s) = sent
            .children(cur)
            .find(|&c| sent.tokens[c].deprel == "nsubj")
        {
            return Some(s);
        }
        if sent
            .children(cur)
            .any(|c| sent.tokens[c].deprel == "nsubj:pass")
        {
            return None;
        }
        let t = &sent.tokens[cur];
        let base = t.deprel.split(':').next().unwrap_or(t.deprel);
        let h = sent.head(cur)?;
        let shares = match base {
            "xcomp" => true,
            // Coordinated verbs share their form (`seized … and attacked`;
            // not `would withdraw … and warning him`, a misparse), and a
            // conjunct with an auxiliary of its own is a clause of its own
            // (`promised to stop X but did not extend Y`, with `extend`
            // hung on `stop`).
            "conj" => {
                sent.tokens[h].xpos == t.xpos
                    && !sent.children(cur).any(|c| sent.tokens[c].deprel == "aux")
            }
            // A participle's clause (`by placing`, `, sending jets`), not a
            // purpose (`so as to increase`), whose infinitive the parser
            // often hangs on the wrong verb.
            "advcl" => t.xpos == "VBG",
            // The gerund of an option or plan that is a verb's object
            // (`A is exploring the option of establishing a base`): the
            // verb's subject would do it.
            // So does the infinitive of a plan a verb of having or
            // announcing takes (`Russia has no plans to withdraw`,
            // `announced its intention to leave`), unless the plan is
            // someone else's (`backed Israel's plan to occupy B`).
            "acl" => {
                let noun = &sent.tokens[h];
                let marked = |w: &str| cases(ctx.text, sent, cur).any(|c| c == w);
                let owned = sent.children(h).any(|c| {
                    matches!(sent.tokens[c].deprel, "nmod:poss" | "det:poss")
                        && sent.tokens[c].upos != Upos::Pron
                });
                let held = sent.head(h).is_some_and(|v| {
                    (ctx.class)("plan_holder", &sent.tokens[v].lemma.to_lowercase())
                });
                noun.deprel == "obj"
                    && (ctx.class)("intent", &noun.lemma.to_lowercase())
                    && ((t.xpos == "VBG" && marked("of"))
                        || (t.xpos == "VB" && marked("to") && !owned && held))
            }
            _ => false,
        };
        if t.upos != Upos::Verb || !shares {
            return None;
        }
        cur = if base == "acl" { sent.head(h)? } else { h };
    }
    None
}

/// Every token the path reaches from the trigger, in order, without repeats.
pub fn follow(ctx: &Ctx, steps: &[Step]) -> Vec<usize> {
    let mut cur = vec![ctx.trigger];
    for step in steps {
        let mut next = Vec::new();
        for &i in &cur {
            match step.dir {
                Dir::Down => {
                    for c in ctx.sent.children(i) {
                        if step.rel_ok(ctx.sent.tokens[c].deprel) && node_ok(ctx, step, c) {
                            next.push(c);
                        }
                    }
                }
                Dir::Hyphen => next.extend(hyphen_before(ctx, i)),
                Dir::Where => next.extend(where_antecedent(ctx, i)),
                Dir::Subject => next.extend(shared_subject(ctx, i)),
                Dir::Up => {
                    if let Some(h) = ctx.sent.head(i) {
                        if step.rel_ok(ctx.sent.tokens[i].deprel)
                            && node_ok(ctx, step, h)
                            && (where_relative(ctx, i)
                                == step.constraints.contains(&Constraint::Where))
                            && !(step.rel == "appos" && pp_as_appos(ctx, i))
                        {
                            next.push(h);
                        }
                    }
                }
            }
        }
        next.sort_unstable();
        next.dedup();
        cur = next;
        if cur.is_empty() {
            break;
        }
    }
    cur
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::tree::conllu;

    #[test]
    fn parses_steps_and_constraints() {
        let p = parse(">obl[case=on|against,upos=NOUN|PROPN] <conj").unwrap();
        let Path::Steps(s) = p else { panic!() };
        assert_eq!(s.len(), 2);
        assert_eq!(s[0].rel, "obl");
        assert_eq!(
            s[0].constraints[0],
            Constraint::Case(Values::List(vec!["on".into(), "against".into()]))
        );
        assert_eq!(s[1].dir, Dir::Up);
        assert_eq!(parse("=prefix").unwrap(), Path::Prefix);
        let Path::Steps(s) = parse(">amod[before] ~hyphen").unwrap() else {
            panic!()
        };
        assert_eq!(s[1].dir, Dir::Hyphen);
        assert!(parse("~dash").unwrap_err().contains("~hyphen"));
        let Path::Steps(s) = parse(">nmod[case=$prep,!case=of]").unwrap() else {
            panic!()
        };
        assert_eq!(
            s[0].constraints[1],
            Constraint::Not(Box::new(Constraint::Case(Values::List(vec!["of".into()]))))
        );
        let Path::Steps(s) = parse("<obj[lemma=@gained|@solicit]").unwrap() else {
            panic!()
        };
        assert_eq!(
            s[0].constraints[0],
            Constraint::Lemma(Values::Class(vec!["gained".into(), "solicit".into()]))
        );
        assert!(parse("<obj[lemma=@gained|seek]")
            .unwrap_err()
            .contains("do not mix"));
        assert!(parse(">iobj <iobj[noobj] >iobj").is_ok());
        assert!(parse(">nmod[!before]")
            .unwrap_err()
            .contains("negates only"));
    }

    #[test]
    fn refuses_bad_paths() {
        assert!(parse("nsubj").unwrap_err().contains("must start"));
        assert!(parse(">obl[kase=on]")
            .unwrap_err()
            .contains("unknown constraint"));
        assert!(parse(">obl[upos=NOPE]").unwrap_err().contains("UPOS"));
        assert!(parse(">Obl").unwrap_err().contains("not a UD relation"));
    }

    #[test]
    fn follows_relations_with_subtypes_and_case() {
        let bank = conllu::read(
            "1\tJuba\tJuba\tPROPN\tNNP\t_\t2\tnsubj\t_\t_\n\
             2\twithdrew\twithdraw\tVERB\tVBD\t_\t0\troot\t_\t_\n\
             3\tfrom\tfrom\tADP\tIN\t_\t4\tcase\t_\t_\n\
             4\tAbyei\tAbyei\tPROPN\tNNP\t_\t2\tobl\t_\t_\n\
             5\tin\tin\tADP\tIN\t_\t6\tcase\t_\t_\n\
             6\tMay\tMay\tPROPN\tNNP\t_\t2\tobl:tmod\t_\t_\n",
        )
        .unwrap();
        let s = &bank.sentences[0];
        let no = |_: &str, _: &str| false;
        let preps = vec!["from".to_string()];
        let ctx = Ctx {
            text: &bank.text,
            sent: s,
            trigger: 1,
            preps: &preps,
            class: &no,
            attitude: false,
            force: false,
            meeting: false,
            pair: &[],
            named: &[],
        };
        let Path::Steps(p) = parse(">obl[case=$prep]").unwrap() else {
            panic!()
        };
        assert_eq!(follow(&ctx, &p), vec![3]);
        let Path::Steps(p) = parse(">obl").unwrap() else {
            panic!()
        };
        assert_eq!(follow(&ctx, &p), vec![3, 5]);
        let Path::Steps(p) = parse(">obl:agent").unwrap() else {
            panic!()
        };
        assert!(follow(&ctx, &p).is_empty());
        let Path::Steps(p) = parse(">nsubj[before] <nsubj").unwrap() else {
            panic!()
        };
        assert_eq!(follow(&ctx, &p), vec![1]);
    }
}

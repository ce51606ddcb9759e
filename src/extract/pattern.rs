//! The pattern language of the relation rules, and its matcher.
//!
//! A pattern is a sequence of elements matched against the tokens of one
//! sentence, in the manner of a regular expression over words:
//!
//! | element | matches |
//! |---|---|
//! | `SUBJ`, `OBJ` | an actor, or several coordinated (`A, B and C`): one edge per pair |
//! | `.poss`, `.noposs`, `.mod`, `.one`, `.any` | flags: possessive (`Israel's`); not possessive; noun modifier allowed (`Israeli strikes`); one actor, no coordination; possessive or modifier allowed (and may follow a preposition) |
//! | `[state\|military]` | after a slot: the actor kinds allowed |
//! | `CTX` | an actor giving the relation's context (`… in the ISF`) |
//! | `FIRST` | takes no token: the object is the sentence's first other actor |
//! | `VERB` | a verb form of the vocabulary, possibly with its preposition (`withdrew … from`) |
//! | `.pp`, `.prep`, `.noprep`, `[ASSAULT\|AID]` | after VERB: participle forms only; forms with or without a preposition; the classes allowed |
//! | `NOM`, `NOM[AGREE]` | a nominalisation (`airstrikes`, `support`) |
//! | `NPREP` | a preposition the nominal takes its object with (`on`, `for`) |
//! | `@class` | a word of a word class (`@aux`, `@neg`) |
//! | `word` | that word, any case |
//! | `,` `-` | that punctuation (`-` is also an unspaced dash) |
//! | `~N` | up to N words of a noun phrase (no preposition but `of`, no clause break), as few as possible |
//! | `...N` | up to N tokens of any kind within the clause, no actor |
//! | `END` | the end of a clause (punctuation, a conjunction or the end of the sentence) |
//! | `( a \| b )` | a group with alternatives |
//! | `x?` `x*` `x+` | optional, repeated, at least once |
//! | `NAME` | a macro from a `[define]` table |

use super::rules::PatternDef;
use crate::model::{Polarity, RelationClass};
use std::collections::BTreeMap;

pub const SYNTAX_HINT: &str = "elements: SUBJ OBJ CTX FIRST VERB NOM NPREP @class word , - ~N ...N END ( a | b ) with ? * +; see src/extract/pattern.rs";

/// Which actor slot an element fills.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Role {
    Subj,
    Obj,
    Ctx,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Slot {
    pub role: Role,
    pub poss: Need,
    pub allow_mod: bool,
    pub one: bool,
    pub kinds: Vec<String>,
}

/// Whether a property is required, forbidden or either.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Need {
    Must,
    Never,
    Either,
}

#[derive(Clone, Debug, PartialEq)]
pub struct VerbSpec {
    pub pp: bool,
    pub prep: Option<bool>,
    pub classes: Vec<RelationClass>,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Node {
    Slot(Slot),
    First,
    Verb(VerbSpec),
    Nom(Vec<RelationClass>),
    NPrep,
    Class(String),
    Word(String),
    Punct(char),
    Np(u8),
    Any(u8),
    End,
    Group {
        alts: Vec<Vec<Node>>,
        min: u8,
        max: u8,
    },
}

/// A compiled pattern.
#[derive(Clone, Debug, PartialEq)]
pub struct Pattern {
    pub id: String,
    pub description: Option<String>,
    pub source: String,
    pub nodes: Vec<Node>,
    pub predicate: Option<String>,
    pub polarity: Option<Polarity>,
    pub examples: Vec<String>,
}

const RESERVED: &[&str] = &["SUBJ", "OBJ", "CTX", "FIRST", "VERB", "NOM", "NPREP", "END"];

/// Compiles a pattern definition, expanding macros; the error says what is wrong.
pub fn compile(
    def: &PatternDef,
    defines: &BTreeMap<String, String>,
    words: &BTreeMap<String, Vec<String>>,
) -> Result<Pattern, String> {
    let lexed = expand(&lex(&def.pattern), defines, 0)?;
    let mut pos = 0;
    let alts = parse_alts(&lexed, &mut pos, words)?;
    if pos != lexed.len() {
        return Err(format!("unexpected `{}`", lexed[pos]));
    }
    let nodes = match alts.len() {
        1 => alts.into_iter().next().unwrap_or_default(),
        _ => vec![Node::Group {
            alts,
            min: 1,
            max: 1,
        }],
    };
    if nodes.is_empty() {
        return Err("the pattern is empty".into());
    }
    let count = |pred: &dyn Fn(&Node) -> bool| count_nodes(&nodes, pred);
    let subj = count(&|n| matches!(n, Node::Slot(s) if s.role == Role::Subj));
    let obj =
        count(&|n| matches!(n, Node::Slot(s) if s.role == Role::Obj) || matches!(n, Node::First));
    if subj == 0 || obj == 0 {
        return Err("a pattern needs a SUBJ and an OBJ (or FIRST)".into());
    }
    let heads = count(&|n| matches!(n, Node::Verb(_) | Node::Nom(_)));
    if heads == 0 && def.predicate.is_none() {
        return Err("a pattern with no VERB or NOM needs a `predicate`".into());
    }
    let polarity = match &def.polarity {
        None => None,
        Some(p) => Some(p.parse::<Polarity>()?),
    };
    Ok(Pattern {
        id: def.id.clone(),
        description: def.description.clone(),
        source: def.pattern.clone(),
        nodes,
        predicate: def.predicate.clone(),
        polarity,
        examples: def.examples.clone(),
    })
}

fn count_nodes(nodes: &[Node], pred: &dyn Fn(&Node) -> bool) -> usize {
    nodes
        .iter()
        .map(|n| match n {
            Node::Group { alts, .. } => {
                alts.iter().map(|a| count_nodes(a, pred)).max().unwrap_or(0)
            }
            n => usize::from(pred(n)),
        })
        .sum()
}

fn lex(s: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let flush = |cur: &mut String, out: &mut Vec<String>| {
        if !cur.is_empty() {
            out.push(std::mem::take(cur));
        }
    };
    let mut chars = s.chars().peekable();
    let mut bracket = false;
    while let Some(c) = chars.next() {
        match c {
            '[' | ']' => {
                bracket = c == '[';
                cur.push(c);
            }
            c if bracket => cur.push(c),
            c if c.is_whitespace() => flush(&mut cur, &mut out),
            '(' | '|' => {
                flush(&mut cur, &mut out);
                out.push(c.to_string());
            }
            ')' => {
                flush(&mut cur, &mut out);
                let mut t = ")".to_string();
                if let Some(&q) = chars.peek() {
                    if matches!(q, '?' | '*' | '+') {
                        t.push(q);
                        chars.next();
                    }
                }
                out.push(t);
            }
            c => cur.push(c),
        }
    }
    flush(&mut cur, &mut out);
    out
}

fn expand(
    tokens: &[String],
    defines: &BTreeMap<String, String>,
    depth: usize,
) -> Result<Vec<String>, String> {
    if depth > 8 {
        return Err("macros nest too deep (a macro refers to itself?)".into());
    }
    let mut out = Vec::new();
    for t in tokens {
        let (base, quant) = split_quant(t);
        let is_macro = !RESERVED.contains(&base)
            && base.len() > 1
            && base
                .chars()
                .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_');
        if is_macro {
            let body = defines
                .get(base)
                .ok_or_else(|| format!("unknown element or macro `{base}`"))?;
            out.push("(".to_string());
            out.extend(expand(&lex(body), defines, depth + 1)?);
            out.push(format!("){quant}"));
        } else {
            out.push(t.clone());
        }
    }
    Ok(out)
}

fn split_quant(t: &str) -> (&str, &str) {
    if t.len() > 1 && (t.ends_with('?') || t.ends_with('*') || t.ends_with('+')) {
        t.split_at(t.len() - 1)
    } else {
        (t, "")
    }
}

fn quant_range(q: &str) -> (u8, u8) {
    match q {
        "?" => (0, 1),
        "*" => (0, 16),
        "+" => (1, 16),
        _ => (1, 1),
    }
}

fn parse_alts(
    toks: &[String],
    pos: &mut usize,
    words: &BTreeMap<String, Vec<String>>,
) -> Result<Vec<Vec<Node>>, String> {
    let mut alts = vec![Vec::new()];
    while *pos < toks.len() {
        let t = toks[*pos].as_str();
        if t.starts_with(')') {
            break;
        }
        *pos += 1;
        if t == "|" {
            alts.push(Vec::new());
            continue;
        }
        let node = if t == "(" {
            let inner = parse_alts(toks, pos, words)?;
            let close = toks.get(*pos).ok_or("unclosed `(`")?;
            *pos += 1;
            let (min, max) = quant_range(&close[1..]);
            Node::Group {
                alts: inner,
                min,
                max,
            }
        } else {
            let (base, q) = split_quant(t);
            let atom = parse_atom(base, words)?;
            match q {
                "" => atom,
                q => {
                    let (min, max) = quant_range(q);
                    Node::Group {
                        alts: vec![vec![atom]],
                        min,
                        max,
                    }
                }
            }
        };
        alts.last_mut()
            .expect("one alternative at least")
            .push(node);
    }
    if alts.iter().any(Vec::is_empty) && alts.len() > 1 {
        return Err("empty alternative in a group".into());
    }
    Ok(alts)
}

fn parse_atom(t: &str, words: &BTreeMap<String, Vec<String>>) -> Result<Node, String> {
    if let Some(n) = t.strip_prefix("...") {
        return n
            .parse::<u8>()
            .map(Node::Any)
            .map_err(|_| format!("`{t}`: expected ...N with a number N"));
    }
    let (head, bracket) = match t.find('[') {
        Some(i) if t.ends_with(']') => (&t[..i], Some(&t[i + 1..t.len() - 1])),
        Some(_) => return Err(format!("unclosed `[` in `{t}`")),
        None => (t, None),
    };
    let mut parts = head.split('.');
    let name = parts.next().unwrap_or_default();
    let flags: Vec<&str> = parts.collect();
    let list = |b: Option<&str>| -> Vec<String> {
        b.map(|b| b.split('|').map(str::to_string).collect())
            .unwrap_or_default()
    };
    let classes = |b: Option<&str>| -> Result<Vec<RelationClass>, String> {
        list(b).iter().map(|c| c.parse::<RelationClass>()).collect()
    };
    let no_flags = |flags: &[&str]| -> Result<(), String> {
        match flags.first() {
            Some(f) => Err(format!("`{name}` takes no flag `.{f}`")),
            None => Ok(()),
        }
    };
    match name {
        "SUBJ" | "OBJ" | "CTX" => {
            let role = match name {
                "SUBJ" => Role::Subj,
                "OBJ" => Role::Obj,
                _ => Role::Ctx,
            };
            let mut slot = Slot {
                role,
                poss: if role == Role::Subj {
                    Need::Never
                } else {
                    Need::Either
                },
                allow_mod: false,
                one: role == Role::Ctx,
                kinds: list(bracket),
            };
            for f in flags {
                match f {
                    "poss" => slot.poss = Need::Must,
                    "mod" => slot.allow_mod = true,
                    "one" => slot.one = true,
                    "noposs" => slot.poss = Need::Never,
                    "any" => {
                        slot.poss = Need::Either;
                        slot.allow_mod = true;
                    }
                    f => {
                        return Err(format!(
                            "unknown flag `.{f}` on {name} (poss, noposs, mod, one, any)"
                        ))
                    }
                }
            }
            for k in &slot.kinds {
                if !crate::model::ACTOR_KINDS.contains(&k.as_str()) {
                    return Err(format!("unknown actor kind `{k}`"));
                }
            }
            Ok(Node::Slot(slot))
        }
        "FIRST" => no_flags(&flags).map(|()| Node::First),
        "END" => no_flags(&flags).map(|()| Node::End),
        "NPREP" => no_flags(&flags).map(|()| Node::NPrep),
        "NOM" => {
            no_flags(&flags)?;
            Ok(Node::Nom(classes(bracket)?))
        }
        "VERB" => {
            let mut spec = VerbSpec {
                pp: false,
                prep: None,
                classes: classes(bracket)?,
            };
            for f in flags {
                match f {
                    "pp" => spec.pp = true,
                    "prep" => spec.prep = Some(true),
                    "noprep" => spec.prep = Some(false),
                    f => return Err(format!("unknown flag `.{f}` on VERB (pp, prep, noprep)")),
                }
            }
            Ok(Node::Verb(spec))
        }
        "," | "-" | ";" | ":" => Ok(Node::Punct(name.chars().next().unwrap_or(','))),
        _ if bracket.is_some() => Err(format!(
            "`[…]` only follows SUBJ, OBJ, CTX, VERB or NOM, not `{t}`"
        )),
        _ if name.starts_with('@') => {
            let class = &name[1..];
            if !words.contains_key(class)
                && !super::rules::WORD_CLASSES.iter().any(|(c, _)| *c == class)
            {
                return Err(format!("unknown word class `@{class}`"));
            }
            Ok(Node::Class(class.to_string()))
        }
        _ if name.starts_with('~') => name[1..]
            .parse::<u8>()
            .map(Node::Np)
            .map_err(|_| format!("`{name}`: expected ~N with a number N")),
        _ if !name.is_empty()
            && name
                .chars()
                .all(|c| c.is_lowercase() || c == '\'' || c == '’') =>
        {
            Ok(Node::Word(name.to_string()))
        }
        _ => Err(format!("unknown element `{t}`")),
    }
}

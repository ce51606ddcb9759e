//! A hand-written reader for node-link JSON of the shape briefgraph itself
//! writes: one object with `directed`, `multigraph`, `graph`, `nodes` and
//! `edges` (or `links`), nodes and edges as objects of strings, numbers,
//! lists of strings and evidence objects.
//!
//! It reads the text byte by byte into the same [`JsonNode`]s and
//! [`JsonEdge`]s the serde reading ([`super::json`]'s `DocSeed`) makes,
//! which then convert the same way. It does not report anything: whatever
//! it does not read exactly as serde_json would (a deep or unusual value,
//! a number it does not parse itself, an escape it does not know, a
//! repeated key where serde would refuse or replace a list, any syntax
//! error) makes it give `None`, and the document is read by serde, with
//! every message, limit and behaviour as before. So `Some` is only ever
//! what the serde reading would have given.
//!
//! Values it does not read itself (objects and lists of unknown
//! attributes, the `graph` object, numbers of unusual forms) are handed to
//! serde_json at their position, so they are what serde_json makes of them.

use super::attrs::{Attrs, Converted, EvidenceField, Located};
use super::json_edge::{JsonEdge, JsonNode, PlainEdge, Sources, Text};
use crate::model::{Actor, Evidence};
use crate::vocabulary::Vocabulary;
use serde_json::Value;
use std::borrow::Cow;

/// Containers a value handed to serde_json may nest, counting those it is
/// in: well under serde_json's limit (see [`crate::limits::JSON_DEPTH`]),
/// so anything near it is left to the serde reading, which refuses it or
/// not as it always has.
const MAX_DEPTH: usize = 100;

/// A member of the document's top object that the readers act on
/// (`directed` is checked by [`Reader::top_member`] itself).
enum Top {
    Graph,
    Nodes,
    Edges,
}

/// The top object's members met so far: a repeated one is left to the
/// serde reading, which says what it means.
struct TopMembers {
    first: bool,
    directed: bool,
    graph: bool,
    nodes: bool,
    edges: bool,
}

impl Default for TopMembers {
    fn default() -> TopMembers {
        TopMembers {
            first: true,
            directed: false,
            graph: false,
            nodes: false,
            edges: false,
        }
    }
}

/// Reads a document as [`super::json`]'s one-pass reading does, or gives
/// `None` (see the module's notes).
pub(super) fn read(
    text: &str,
    vocab: &Vocabulary,
    stem: &str,
    edges: usize,
    straight: bool,
) -> Option<Converted> {
    let mut out = if straight {
        Converted::straight_to_graph(edges)
    } else {
        Converted::with_edge_capacity(edges)
    };
    let mut r = Reader {
        text,
        bytes: text.as_bytes(),
        pos: 0,
    };
    r.expect(b'{')?;
    let mut top = TopMembers::default();
    while let Some(member) = r.top_member(&mut top)? {
        match member {
            Top::Graph => out.graph = r.graph()?,
            Top::Nodes => {
                let read = r.nodes()?;
                out.set_nodes(read);
            }
            Top::Edges => r.edges(&mut out, vocab, stem)?,
        }
    }
    r.skip_ws();
    (top.nodes && r.pos == r.bytes.len()).then_some(out)
}

/// A document of briefgraph's shape as `merge` reads it (see
/// [`read_plain`]): the `graph` object, the text of each node object, and
/// the edges, each a [`PlainEdge`].
#[derive(Debug)]
pub struct PlainDoc<'a> {
    pub graph: Option<Attrs>,
    pub nodes: Vec<&'a str>,
    pub edges: Vec<PlainEdge<'a>>,
}

/// Reads a document as [`read`] does, for `merge`, or gives `None`, which
/// [`read`] (or the serde reading) then reads, when an edge is not a
/// [`PlainEdge`] or anything else is not as [`read`] reads it. Nodes are
/// not read here: each is given as its object's text, which `merge`
/// converts with [`node_actor`] only when it has not met the same text
/// before (most inputs of a merge repeat the same actors). Their text is
/// found by matching brackets outside strings; [`node_actor`] reads it
/// all, so a node not read whole by [`read`] is refused there. The edges
/// go into `edges` (emptied first: the list of a file read before, so
/// that each file's edges do not ask the system for fresh memory).
pub fn read_plain<'a>(text: &'a str, mut edges: Vec<PlainEdge<'a>>) -> Option<PlainDoc<'a>> {
    let mut r = Reader {
        text,
        bytes: text.as_bytes(),
        pos: 0,
    };
    edges.clear();
    let mut doc = PlainDoc {
        graph: None,
        nodes: Vec::new(),
        edges,
    };
    r.expect(b'{')?;
    let mut top = TopMembers::default();
    while let Some(member) = r.top_member(&mut top)? {
        match member {
            Top::Graph => doc.graph = r.graph()?.map(|g| g.value),
            Top::Nodes => doc.nodes = r.node_texts()?,
            Top::Edges => r.plain_edges(&mut doc.edges)?,
        }
    }
    r.skip_ws();
    (top.nodes && r.pos == r.bytes.len()).then_some(doc)
}

/// The actor of a node object's whole text (see [`read_plain`]), as
/// [`read`] converts it; `None` when [`read`] would not read it.
pub fn node_actor(text: &str) -> Option<Result<Actor, String>> {
    let mut r = Reader {
        text,
        bytes: text.as_bytes(),
        pos: 0,
    };
    let node = r.node()?;
    (r.pos == r.bytes.len()).then(|| node.actor())
}

/// Where the object starting at `start` (an opening brace) ends: after the
/// bracket that closes it, counting brackets outside strings. No syntax
/// is checked ([`node_actor`] does).
fn object_end(bytes: &[u8], start: usize) -> Option<usize> {
    let mut depth = 0usize;
    let mut i = start;
    loop {
        match *bytes.get(i)? {
            b'"' => {
                // To the closing quote, over escaped characters.
                i = special(bytes, i + 1)?;
                while bytes[i] != b'"' {
                    i = special(bytes, i + if bytes[i] == b'\\' { 2 } else { 1 })?;
                }
            }
            b'{' | b'[' => depth += 1,
            b'}' | b']' => {
                depth = depth.checked_sub(1)?;
                if depth == 0 {
                    return Some(i + 1);
                }
            }
            _ => {}
        }
        i += 1;
    }
}

fn nowhere<T>(value: T) -> Located<T> {
    Located {
        value,
        start: 0,
        end: 0,
    }
}

struct Reader<'a> {
    text: &'a str,
    bytes: &'a [u8],
    pos: usize,
}

impl<'a> Reader<'a> {
    #[inline(always)]
    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    /// Skips whitespace. Most calls meet none (the value after a key, the
    /// key after a comma's line break was skipped already): they take one
    /// comparison, inlined, and so does the one space after a colon; a
    /// longer run of whitespace goes to [`Self::skip_run`].
    #[inline(always)]
    fn skip_ws(&mut self) {
        match self.bytes.get(self.pos) {
            Some(&c) if c > b' ' => return,
            // The one space after a colon.
            Some(b' ') if self.bytes.get(self.pos + 1).is_some_and(|&c| c > b' ') => {
                self.pos += 1;
                return;
            }
            _ => {}
        }
        self.skip_run();
    }

    #[inline(never)]
    fn skip_run(&mut self) {
        let b = self.bytes;
        let mut i = self.pos;
        while let Some(&c) = b.get(i) {
            match c {
                b' ' => {
                    // Indentation: runs of spaces, eight at a time.
                    i += 1;
                    while let Some(chunk) = b.get(i..i + 8) {
                        let x = word(chunk) ^ repeat(b' ');
                        if x != 0 {
                            i += (x.trailing_zeros() / 8) as usize;
                            break;
                        }
                        i += 8;
                    }
                }
                b'\n' | b'\r' | b'\t' => i += 1,
                _ => break,
            }
        }
        self.pos = i;
    }

    /// The next byte after whitespace.
    #[inline(always)]
    fn next_byte(&mut self) -> Option<u8> {
        self.skip_ws();
        self.peek()
    }

    fn expect(&mut self, b: u8) -> Option<()> {
        (self.next_byte()? == b).then(|| self.pos += 1)
    }

    /// Whether another member of an object (or element of a list) follows:
    /// after the opening bracket (`first`) an element or the closing
    /// bracket, after an element a comma or the closing bracket. The
    /// closing bracket is consumed; `None` for anything else.
    fn next_in(&mut self, first: &mut bool, close: u8) -> Option<bool> {
        let b = self.next_byte()?;
        if b == close {
            self.pos += 1;
            return Some(false);
        }
        if std::mem::replace(first, false) {
            return Some(true);
        }
        if b != b',' {
            return None;
        }
        self.pos += 1;
        Some(true)
    }

    fn next_member(&mut self, first: &mut bool) -> Option<bool> {
        self.next_in(first, b'}')
    }

    /// The next member of the document's top object that a reader acts
    /// on, skipping unknown keys and checking `directed` (`false` is
    /// refused, by the serde reading); `Some(None)` at the object's end,
    /// `None` for what this reader leaves to serde (a repeated key).
    fn top_member(&mut self, top: &mut TopMembers) -> Option<Option<Top>> {
        while self.next_member(&mut top.first)? {
            let key = self.key()?;
            let (seen, member) = match &*key {
                "directed" => (&mut top.directed, None),
                "graph" => (&mut top.graph, Some(Top::Graph)),
                "nodes" => (&mut top.nodes, Some(Top::Nodes)),
                "edges" | "links" => (&mut top.edges, Some(Top::Edges)),
                _ => {
                    self.value(1)?;
                    continue;
                }
            };
            if std::mem::replace(seen, true) {
                return None;
            }
            match member {
                Some(m) => return Some(Some(m)),
                None => match self.literal()? {
                    Value::Bool(true) | Value::Null => {}
                    _ => return None,
                },
            }
        }
        Some(None)
    }

    fn next_element(&mut self, first: &mut bool) -> Option<bool> {
        self.next_in(first, b']')
    }

    /// An object's key and the colon after it.
    fn key(&mut self) -> Option<Cow<'a, str>> {
        if self.next_byte()? != b'"' {
            return None;
        }
        let key = self.string()?;
        self.expect(b':')?;
        Some(key)
    }

    /// A string, at its opening quote: borrowed from the text when it holds
    /// no escape.
    fn string(&mut self) -> Option<Cow<'a, str>> {
        let start = self.pos + 1;
        let mut i = special(self.bytes, start)?;
        match self.bytes[i] {
            b'"' => {
                self.pos = i + 1;
                // SAFETY: `start` follows a quote and `i` is at one: both
                // are ASCII, so both positions are on character boundaries.
                let s = unsafe { self.text.get_unchecked(start..i) };
                return Some(Cow::Borrowed(s));
            }
            b'\\' => {}
            // Control characters must be escaped.
            _ => return None,
        }
        let mut s = String::with_capacity(i - start + 16);
        s.push_str(&self.text[start..i]);
        loop {
            match *self.bytes.get(i)? {
                b'"' => {
                    self.pos = i + 1;
                    return Some(Cow::Owned(s));
                }
                b'\\' => {
                    let c = match *self.bytes.get(i + 1)? {
                        b'"' => '"',
                        b'\\' => '\\',
                        b'/' => '/',
                        b'b' => '\u{8}',
                        b'f' => '\u{c}',
                        b'n' => '\n',
                        b'r' => '\r',
                        b't' => '\t',
                        b'u' => {
                            let (c, len) = self.unicode_escape(i)?;
                            s.push(c);
                            i += len;
                            continue;
                        }
                        _ => return None,
                    };
                    s.push(c);
                    i += 2;
                }
                0..=0x1f => return None,
                _ => {
                    // Up to the next quote, escape or control character.
                    let end = special(self.bytes, i)?;
                    s.push_str(&self.text[i..end]);
                    i = end;
                }
            }
        }
    }

    /// The character of a `\uXXXX` escape at `i` (a surrogate pair being
    /// two escapes) and the bytes it takes; `None` for a lone surrogate,
    /// which serde_json refuses.
    fn unicode_escape(&self, i: usize) -> Option<(char, usize)> {
        let hex = |at: usize| -> Option<u32> {
            let digits = self.bytes.get(at..at + 4)?;
            let mut n = 0;
            for &d in digits {
                n = n * 16 + (d as char).to_digit(16)?;
            }
            Some(n)
        };
        let first = hex(i + 2)?;
        match first {
            0xD800..=0xDBFF => {
                if self.bytes.get(i + 6..i + 8)? != b"\\u" {
                    return None;
                }
                let second = hex(i + 8)?;
                if !(0xDC00..=0xDFFF).contains(&second) {
                    return None;
                }
                let c = 0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00);
                Some((char::from_u32(c)?, 12))
            }
            0xDC00..=0xDFFF => None,
            c => Some((char::from_u32(c)?, 6)),
        }
    }

    /// `true`, `false` or `null`.
    fn literal(&mut self) -> Option<Value> {
        self.skip_ws();
        let rest = &self.bytes[self.pos..];
        let (value, len) = if rest.starts_with(b"true") {
            (Value::Bool(true), 4)
        } else if rest.starts_with(b"false") {
            (Value::Bool(false), 5)
        } else if rest.starts_with(b"null") {
            (Value::Null, 4)
        } else {
            return None;
        };
        self.pos += len;
        Some(value)
    }

    /// A number's text, checked against JSON's grammar.
    fn number_text(&mut self) -> Option<&'a str> {
        let b = self.bytes;
        let start = self.pos;
        let mut i = start;
        let digits = |i: &mut usize| {
            let from = *i;
            while b.get(*i).is_some_and(u8::is_ascii_digit) {
                *i += 1;
            }
            *i > from
        };
        if b.get(i) == Some(&b'-') {
            i += 1;
        }
        match b.get(i)? {
            b'0' => i += 1,
            b'1'..=b'9' => {
                digits(&mut i);
            }
            _ => return None,
        }
        if b.get(i) == Some(&b'.') {
            i += 1;
            if !digits(&mut i) {
                return None;
            }
        }
        if let Some(b'e' | b'E') = b.get(i) {
            i += 1;
            if let Some(b'+' | b'-') = b.get(i) {
                i += 1;
            }
            if !digits(&mut i) {
                return None;
            }
        }
        self.pos = i;
        Some(&self.text[start..i])
    }

    /// A number as serde_json makes it a [`Value`]: plain digits and plain
    /// decimals (a minus sign, no exponent) here, the rest by serde_json.
    fn number(&mut self) -> Option<Value> {
        let t = self.number_text()?;
        if let Some(n) = unsigned(t) {
            return Some(Value::from(n));
        }
        if let Some(x) = plain_decimal(t) {
            return Some(Value::from(x));
        }
        serde_json::from_str(t).ok()
    }

    /// Any value: strings, numbers and literals here, lists and objects
    /// by serde_json. `depth` counts the containers the value is in.
    fn value(&mut self, depth: usize) -> Option<Value> {
        match self.next_byte()? {
            b'"' => self.string().map(|s| Value::String(s.into_owned())),
            b'-' | b'0'..=b'9' => self.number(),
            b'[' | b'{' => self.by_serde::<Value>(depth, |_| false),
            _ => self.literal(),
        }
    }

    /// A list or object read by serde_json from here: refused (`None`) if it
    /// nests too deep (so the serde reading decides), or if `refuse` says so.
    fn by_serde<T: serde::de::DeserializeOwned + Nesting>(
        &mut self,
        depth: usize,
        refuse: fn(&T) -> bool,
    ) -> Option<T> {
        let mut stream =
            serde_json::Deserializer::from_str(&self.text[self.pos..]).into_iter::<T>();
        let value = stream.next()?.ok()?;
        if refuse(&value) || depth + value.nesting() > MAX_DEPTH {
            return None;
        }
        self.pos += stream.byte_offset();
        Some(value)
    }

    /// A field read as a [`Text`].
    fn text_field(&mut self, depth: usize) -> Option<Text<'a>> {
        if self.next_byte()? == b'"' {
            return self.string().map(Text::Str);
        }
        self.value(depth).map(Text::Other)
    }

    /// A list of strings (see [`Sources`]); lists holding anything else
    /// are left to the serde reading.
    fn strings(&mut self, depth: usize) -> Option<Sources<'a>> {
        if self.next_byte()? != b'[' {
            return self.value(depth).map(Sources::Other);
        }
        self.pos += 1;
        let mut first = true;
        // The usual one string is kept apart: a list only for more.
        let mut one = None;
        let mut list = Vec::new();
        while self.next_element(&mut first)? {
            if self.next_byte()? != b'"' {
                return None;
            }
            let s = self.string()?;
            match one.take() {
                None if list.is_empty() => one = Some(s),
                None => list.push(s),
                Some(before) => list.extend([before, s]),
            }
        }
        Some(match one {
            Some(s) => Sources::One(s),
            None => Sources::List(list),
        })
    }

    /// The `graph` object, by serde_json.
    fn graph(&mut self) -> Option<Option<Located<Attrs>>> {
        match self.next_byte()? {
            b'{' => self
                .by_serde::<Attrs>(1, |_| false)
                .map(|m| Some(nowhere(m))),
            b'n' => match self.literal()? {
                Value::Null => Some(None),
                _ => None,
            },
            _ => None,
        }
    }

    fn nodes(&mut self) -> Option<Vec<Located<Result<Actor, String>>>> {
        if self.next_byte()? != b'[' {
            return None;
        }
        self.pos += 1;
        let mut first = true;
        let mut nodes = Vec::new();
        while self.next_element(&mut first)? {
            nodes.push(nowhere(self.node()?.actor()));
        }
        Some(nodes)
    }

    /// A node, as [`JsonNode`]'s `Deserialize` reads it (a repeated key
    /// keeps its last value).
    fn node(&mut self) -> Option<JsonNode<'a>> {
        // The node's object is in the list, in the document.
        const DEPTH: usize = 3;
        self.expect(b'{')?;
        let mut n = JsonNode::default();
        let mut first = true;
        while self.next_member(&mut first)? {
            let key = self.key()?;
            match &*key {
                "id" => n.id = Some(self.text_field(DEPTH)?),
                "label" => n.label = Some(self.text_field(DEPTH)?),
                "kind" => n.kind = Some(self.text_field(DEPTH)?),
                "aliases" => n.aliases = Some(self.strings(DEPTH)?),
                "wikidata" => n.wikidata = Some(self.text_field(DEPTH)?),
                "candidate" => n.candidate = Some(self.value(DEPTH)?),
                _ => {
                    let v = self.value(DEPTH)?;
                    n.rest.insert(key.into_owned(), v);
                }
            }
        }
        Some(n)
    }

    /// The text of each node object of the list (see [`read_plain`]).
    fn node_texts(&mut self) -> Option<Vec<&'a str>> {
        if self.next_byte()? != b'[' {
            return None;
        }
        self.pos += 1;
        let mut first = true;
        let mut nodes = Vec::new();
        while self.next_element(&mut first)? {
            if self.next_byte()? != b'{' {
                return None;
            }
            let end = object_end(self.bytes, self.pos)?;
            nodes.push(&self.text[self.pos..end]);
            self.pos = end;
        }
        Some(nodes)
    }

    /// A list of edges, each a [`PlainEdge`].
    fn plain_edges(&mut self, out: &mut Vec<PlainEdge<'a>>) -> Option<()> {
        if self.next_byte()? != b'[' {
            return None;
        }
        self.pos += 1;
        let mut first = true;
        while self.next_element(&mut first)? {
            out.push(self.edge()?.plain()?);
        }
        Some(())
    }

    fn edges(&mut self, out: &mut Converted, vocab: &Vocabulary, stem: &str) -> Option<()> {
        if self.next_byte()? != b'[' {
            return None;
        }
        self.pos += 1;
        let mut first = true;
        while self.next_element(&mut first)? {
            let relation = self.edge()?.relation(vocab, stem);
            out.push_edge(0, 0, relation);
        }
        Some(())
    }

    /// An edge, as [`JsonEdge`]'s `Deserialize` reads it (a repeated key
    /// keeps its last value).
    fn edge(&mut self) -> Option<JsonEdge<'a>> {
        const DEPTH: usize = 3;
        self.expect(b'{')?;
        let mut e = JsonEdge::default();
        let mut first = true;
        while self.next_member(&mut first)? {
            let key = self.key()?;
            match &*key {
                "id" => e.id = Some(self.text_field(DEPTH)?),
                "source" => e.source = Some(self.text_field(DEPTH)?),
                "target" => e.target = Some(self.text_field(DEPTH)?),
                "predicate" => e.predicate = Some(self.text_field(DEPTH)?),
                "class" => e.class = Some(self.text_field(DEPTH)?),
                "polarity" => e.polarity = Some(self.text_field(DEPTH)?),
                "origin" => e.origin = Some(self.text_field(DEPTH)?),
                "context" => e.context = Some(self.text_field(DEPTH)?),
                "date" => e.date = Some(self.text_field(DEPTH)?),
                "note" => e.note = Some(self.text_field(DEPTH)?),
                "confidence" => e.confidence = Some(self.value(DEPTH)?),
                "key" => e.key = Some(self.text_field(DEPTH)?),
                "stance" => e.stance = Some(self.text_field(DEPTH)?),
                "weight" => e.weight = Some(self.value(DEPTH)?),
                "support" => e.support = Some(self.value(DEPTH)?),
                "sources" => e.sources = Some(self.strings(DEPTH)?),
                "evidence" => e.evidence = Some(self.evidence_field(DEPTH)?),
                _ => {
                    let v = self.value(DEPTH)?;
                    e.rest.insert(key.into_owned(), v);
                }
            }
        }
        Some(e)
    }

    /// An edge's `evidence` (see [`EvidenceField`]'s `Deserialize`).
    fn evidence_field(&mut self, depth: usize) -> Option<EvidenceField> {
        if self.next_byte()? != b'[' {
            return self.value(depth).map(EvidenceField::Other);
        }
        self.pos += 1;
        let mut first = true;
        let mut list = Vec::with_capacity(1);
        while self.next_element(&mut first)? {
            list.push(self.evidence()?);
        }
        Some(EvidenceField::List(list))
    }

    /// One piece of evidence, as its derived `Deserialize` reads it: a
    /// repeated field, a missing `source` or a value of another type is an
    /// error there (left to the serde reading here); unknown fields are
    /// read and dropped.
    fn evidence(&mut self) -> Option<Evidence> {
        // In the list, in the edge, in the edges, in the document.
        const DEPTH: usize = 5;
        self.expect(b'{')?;
        let mut e = Evidence::default();
        let mut source = None;
        let mut first = true;
        // The fields seen, one bit each (a repeated one is refused).
        let mut seen = 0u16;
        while self.next_member(&mut first)? {
            let key = self.key()?;
            let bit = match &*key {
                "source" => {
                    source = Some(self.string_value()?);
                    1
                }
                "sentence_no" => {
                    e.sentence_no = self.optional(u32_of)?;
                    1 << 1
                }
                "start" => {
                    e.start = self.optional(usize_of)?;
                    1 << 2
                }
                "end" => {
                    e.end = self.optional(usize_of)?;
                    1 << 3
                }
                "line" => {
                    e.line = self.optional(u32_of)?;
                    1 << 4
                }
                "sentence" => {
                    e.sentence = self.optional_string()?;
                    1 << 5
                }
                "quote" => {
                    e.quote = self.optional_string()?;
                    1 << 6
                }
                "rule" => {
                    e.rule = self.optional_string()?;
                    1 << 7
                }
                "attributed_to" => {
                    e.attributed_to = self.optional_string()?;
                    1 << 8
                }
                "page" => {
                    e.page = self.optional(u32_of)?;
                    1 << 9
                }
                "resolved" => {
                    e.resolved = self.optional_string()?;
                    1 << 10
                }
                _ => {
                    self.value(DEPTH)?;
                    0
                }
            };
            if seen & bit != 0 {
                return None;
            }
            seen |= bit;
        }
        e.source = source?;
        Some(e)
    }

    fn string_value(&mut self) -> Option<String> {
        if self.next_byte()? != b'"' {
            return None;
        }
        self.string().map(Cow::into_owned)
    }

    fn optional_string(&mut self) -> Option<Option<String>> {
        if self.next_byte()? == b'n' {
            return match self.literal()? {
                Value::Null => Some(None),
                _ => None,
            };
        }
        self.string_value().map(Some)
    }

    /// An optional unsigned integer: null, or plain digits in range.
    fn optional<T>(&mut self, of: fn(u64) -> Option<T>) -> Option<Option<T>> {
        match self.next_byte()? {
            b'n' => match self.literal()? {
                Value::Null => Some(None),
                _ => None,
            },
            b'0'..=b'9' => {
                let t = self.number_text()?;
                unsigned(t).and_then(of).map(Some)
            }
            _ => None,
        }
    }
}

/// Eight bytes as one word, the first in the lowest byte.
fn word(chunk: &[u8]) -> u64 {
    u64::from_le_bytes(chunk.try_into().expect("eight bytes"))
}

/// A byte in every byte of a word.
const fn repeat(b: u8) -> u64 {
    0x0101_0101_0101_0101 * b as u64
}

/// The position of the first byte from `i` on that ends a run of a
/// string's plain characters: a quote, a backslash or a control character
/// (`None` at the end of the text). Sixteen bytes at a time with SSE2
/// (part of every x86-64 processor), the rest as [`special_in_words`]
/// finds it: reading the strings of a merge's inputs was the largest part
/// of its instructions (14% for 100 graphs of 1,000 edges, per callgrind),
/// with most strings a few words long.
#[cfg(target_arch = "x86_64")]
#[inline]
fn special(bytes: &[u8], mut i: usize) -> Option<usize> {
    use std::arch::x86_64::{
        __m128i, _mm_cmpeq_epi8, _mm_loadu_si128, _mm_min_epu8, _mm_movemask_epi8, _mm_or_si128,
        _mm_set1_epi8,
    };
    while let Some(chunk) = bytes.get(i..i + 16) {
        // SAFETY: SSE2 is enabled on every x86-64 target; the load is of
        // the sixteen bytes of `chunk`, unaligned loads being allowed.
        let found = unsafe {
            let v = _mm_loadu_si128(chunk.as_ptr().cast::<__m128i>());
            let quote = _mm_cmpeq_epi8(v, _mm_set1_epi8(b'"' as i8));
            let backslash = _mm_cmpeq_epi8(v, _mm_set1_epi8(b'\\' as i8));
            // Under 0x20 (unsigned): no larger than 0x1f.
            let control = _mm_cmpeq_epi8(_mm_min_epu8(v, _mm_set1_epi8(0x1f)), v);
            _mm_movemask_epi8(_mm_or_si128(_mm_or_si128(quote, backslash), control)) as u32
        };
        if found != 0 {
            return Some(i + found.trailing_zeros() as usize);
        }
        i += 16;
    }
    special_in_words(bytes, i)
}

#[cfg(not(target_arch = "x86_64"))]
fn special(bytes: &[u8], i: usize) -> Option<usize> {
    special_in_words(bytes, i)
}

/// [`special`] eight bytes at a time: in each word, the bytes that are one
/// of those get their top bit set (the lowest one exactly; a borrow only
/// runs upwards).
fn special_in_words(bytes: &[u8], mut i: usize) -> Option<usize> {
    const HIGH: u64 = repeat(0x80);
    const LOW: u64 = repeat(0x01);
    while let Some(chunk) = bytes.get(i..i + 8) {
        let w = word(chunk);
        let quote = w ^ repeat(b'"');
        let backslash = w ^ repeat(b'\\');
        let found = (quote.wrapping_sub(LOW) & !quote)
            | (backslash.wrapping_sub(LOW) & !backslash)
            | (w.wrapping_sub(repeat(0x20)) & !w);
        let found = found & HIGH;
        if found != 0 {
            return Some(i + (found.trailing_zeros() / 8) as usize);
        }
        i += 8;
    }
    bytes[i.min(bytes.len())..]
        .iter()
        .position(|&b| b == b'"' || b == b'\\' || b < 0x20)
        .map(|p| i + p)
}

fn u32_of(n: u64) -> Option<u32> {
    u32::try_from(n).ok()
}

fn usize_of(n: u64) -> Option<usize> {
    usize::try_from(n).ok()
}

/// Plain digits (JSON's grammar checked: no leading zero) that fit in a
/// `u64`, as serde_json reads them.
fn unsigned(t: &str) -> Option<u64> {
    if t.is_empty() || t.len() > 19 || !t.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    t.parse().ok()
}

/// Digits, a point and digits (JSON's grammar checked), as a float: what
/// serde_json makes of them, as both round correctly (serde_json with its
/// `float_roundtrip` feature, which briefgraph enables).
fn plain_decimal(t: &str) -> Option<f64> {
    // A minus sign negates the value read (as serde_json does: `-0.0` is
    // negative zero), so negative weights are not handed to serde_json.
    let (negative, digits) = match t.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, t),
    };
    let (whole, fraction) = digits.split_once('.')?;
    let plain = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if !(plain(whole) && plain(fraction)) || digits.len() > 24 {
        return None;
    }
    let x: f64 = digits.parse().ok().filter(|x: &f64| x.is_finite())?;
    Some(if negative { -x } else { x })
}

/// How deep a value read by serde_json nests (a list or object is 1).
trait Nesting {
    fn nesting(&self) -> usize;
}

impl Nesting for Value {
    fn nesting(&self) -> usize {
        match self {
            Value::Array(list) => 1 + list.iter().map(Nesting::nesting).max().unwrap_or(0),
            Value::Object(map) => 1 + map.values().map(Nesting::nesting).max().unwrap_or(0),
            _ => 0,
        }
    }
}

impl Nesting for Attrs {
    fn nesting(&self) -> usize {
        1 + self.values().map(Nesting::nesting).max().unwrap_or(0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    /// [`special`] finds what a search byte by byte finds, from any start,
    /// with the byte anywhere (in the sixteen-byte steps or the tail) among
    /// any others (the space, DEL, bytes over 0x7f as in UTF-8), and a
    /// second one after it.
    #[test]
    fn special_finds_the_first_quote_backslash_or_control_byte() {
        let by_byte = |b: &[u8], i: usize| {
            b[i..]
                .iter()
                .position(|&c| c == b'"' || c == b'\\' || c < 0x20)
                .map(|p| i + p)
        };
        let fills = [b'a', b' ', b'!', b'#', b'[', b']', 0x7f, 0x80, 0xe9, 0xff];
        let marks = [b'"', b'\\', 0x00, 0x1f, b'\n'];
        for len in 0..48 {
            for &fill in &fills {
                let mut bytes = vec![fill; len];
                let check = |bytes: &[u8]| {
                    for start in 0..=len.min(20) {
                        assert_eq!(
                            special(bytes, start),
                            by_byte(bytes, start),
                            "{bytes:?} from {start}"
                        );
                    }
                };
                check(&bytes);
                for at in 0..len {
                    for &mark in &marks {
                        bytes[at] = mark;
                        check(&bytes);
                        if at + 1 < len {
                            bytes[len - 1] = b'"';
                            check(&bytes);
                            bytes[len - 1] = fill;
                        }
                        bytes[at] = fill;
                    }
                }
            }
        }
    }

    /// The hand-written reading of a document, checked against serde's:
    /// whenever it gives something, serde gives the same (for both kinds
    /// of [`Converted`]). Gives whether it read the document.
    fn same(text: &str) -> bool {
        let vocab = Vocabulary::builtin();
        let mut read = false;
        for straight in [false, true] {
            let fast = super::read(text, &vocab, "file", 4, straight);
            let slow = super::super::json::serde_one_pass(text, &vocab, "file", 4, straight);
            if let Some(fast) = fast {
                // (A graph built as read has a map of ids: no fixed order.)
                if !straight {
                    assert_eq!(
                        Some(format!("{fast:?}")),
                        slow.as_ref().map(|s| format!("{s:?}")),
                        "{text}"
                    );
                }
                // And the same graph (or the same problems) once checked.
                let path = Path::new("file.json");
                let graph = |c| super::super::attrs::check_graph(path, text, c);
                let slow = slow.expect("checked");
                match (graph(fast), graph(slow)) {
                    (Ok(a), Ok(b)) => assert_eq!(
                        crate::sinks::json::write(&a),
                        crate::sinks::json::write(&b),
                        "{text}"
                    ),
                    (Err(a), Err(b)) => assert_eq!(a.to_string(), b.to_string(), "{text}"),
                    (a, b) => panic!("{text}: {a:?} against {b:?}"),
                }
                read = true;
            }
        }
        read
    }

    /// A document of one node list and one edge list.
    fn doc(nodes: &str, edges: &str) -> String {
        format!(
            r#"{{"directed": true, "multigraph": true, "graph": {{"name": "G", "sources": [{{"id": "b1", "title": "B"}}]}},
            "nodes": [{nodes}], "edges": [{edges}]}}"#
        )
    }

    const NODES: &str = r#"{"id": "a", "label": "A", "kind": "state", "aliases": []},
        {"id": "b", "label": "B", "kind": "person", "aliases": ["Bee"]}"#;

    fn edge(fields: &str) -> String {
        format!(
            r#"{{"source": "a", "target": "b", "predicate": "supports", "class": "SUPPORT",
            "evidence": [{{"source": "b1", "line": 3, "sentence": "S."}}]{fields}}}"#
        )
    }

    #[test]
    fn reads_what_serde_reads() {
        let read = [
            // The usual shape, derived fields and all.
            edge(
                r#", "id": "e1", "key": "e1", "stance": "cooperative", "weight": 3.0,
                "polarity": "asserted", "origin": "extracted", "confidence": 0.5,
                "support": 1, "sources": ["b1"], "context": "talks""#,
            ),
            // Derived fields that say something else, unknown attributes.
            edge(
                r#", "id": "e1", "key": "k", "stance": "hostile", "weight": 2, "support": 7,
                "sources": ["b1", "b2"], "colour": "red", "nested": {"r": [1, {"x": null}], "s": "\u00e9"},
                "list": ["a", 1, true, null, -2.5e-3]"#,
            ),
            edge(r#", "sources": [], "weight": 1e2, "support": 18446744073709551615"#),
            edge(r#", "sources": "b1", "support": "1", "weight": null, "stance": 4"#),
            // Escapes and Unicode, in values and keys.
            edge(
                r#", "note": "a \"b\" \\ \/ \b\f\n\r\t \u0041\u00e9\u4e2d \ud83d\ude00 é中😀",
                "context": "x\u0000y", "n\u006fte": "by an escaped key", "\u00e9": 1"#,
            ),
            // Repeated keys keep the last value, in edges and nodes.
            edge(r#", "note": "a", "note": "c", "colour": 1, "colour": 2"#),
            // Numbers of every form.
            edge(r#", "confidence": 1"#),
            edge(r#", "confidence": -0"#),
            edge(r#", "confidence": -0.0"#),
            edge(r#", "confidence": 1e-3"#),
            edge(r#", "confidence": 0.1000000000000000055511151231257827"#),
            edge(r#", "confidence": 123456789012345678901234567890"#),
            edge(r#", "confidence": 2.2250738585072011e-308"#),
            edge(r#", "confidence": 0.30000000000000004"#),
            edge(r#", "confidence": 9007199254740993.0"#),
            edge(r#", "weight": 5E+0, "support": -1"#),
            // Unusual edges, converted the general way.
            edge(r#", "confidence": "high", "origin": "guessed""#),
            edge(r#", "source": 3, "date": [1], "id": 12"#),
            edge(r#", "class": "support", "polarity": "maybe""#),
            edge(r#", "evidence": []"#),
            edge(r#", "evidence": "[]""#),
            edge(r#", "evidence": {"source": "b1"}"#),
            edge(r#", "evidence": null"#),
            // Evidence with every field, nulls and an unknown one.
            r#"{"source": "a", "target": "b", "class": "SUPPORT", "evidence": [
                {"source": "b1", "sentence_no": 4, "start": 10, "end": 20, "line": null,
                 "sentence": "S.", "quote": "q", "rule": "r", "attributed_to": null,
                 "page": 2, "resolved": "x", "unknown": {"deep": [1, 2]}},
                {"source": "b2"}]}"#
                .to_string(),
            r#"{"source": "a", "target": "b", "predicate": "supports"}"#.to_string(),
            r#"{"source": "a", "class": "SUPPORT"}"#.to_string(),
            r#"{"source": "a", "target": "missing", "class": "SUPPORT"}"#.to_string(),
        ];
        for e in &read {
            let text = doc(NODES, e);
            assert!(same(&text), "not read by hand: {text}");
        }
        let nodes = [
            r#"{"id": "a", "label": "A", "kind": "state", "aliases": ["B", "C"], "wikidata": "Q1"}"#,
            r#"{"id": "a", "aliases": ["B"], "candidate": true, "first_seen": 2001}"#,
            r#"{"id": "a", "name": "Named", "label": null, "kind": null, "wikidata": null}"#,
            r#"{"id": "a", "name": 3, "candidate": false, "colour": {"r": 1}}"#,
            r#"{"id": "a\u0041", "label": "x\"y", "id": "b"}"#,
            r#"{"id": 12, "label": 3, "kind": 4}"#,
            r#"{"id": "a", "aliases": "[\"B\"]"}"#,
            r#"{"id": "a", "aliases": null}"#,
            r#"{"id": "a", "candidate": "yes"}"#,
            r#"{"id": "a", "wikidata": [1]}"#,
            r#"{"id": null}"#,
            r#"{"label": "A"}"#,
            r#"{"id": "a"}, {"id": "a"}"#,
        ];
        for n in nodes {
            let text = doc(n, &edge(""));
            assert!(same(&text), "not read by hand: {text}");
        }
        // Other layouts of the document.
        let others = [
            r#"{"nodes": [], "edges": []}"#.to_string(),
            r#"{"nodes": []}"#.to_string(),
            r#"{"edges": [], "nodes": [], "directed": null, "graph": null}"#.to_string(),
            r#"{"directed":true,"nodes":[{"id":"a"},{"id":"b"}],"links":[{"source":"a","target":"b","class":"AID"}]}"#
                .to_string(),
            "\r\n\t {\"nodes\"\t:\r\n[ ] ,\"links\" : [ ] , \"other\": {\"x\": [[[]]]} }\n\n".to_string(),
            r#"{"nodes": [], "graph": {"name": 3, "sources": [{"id": "s", "title": "T", "x": 1}], "conflicts": []}}"#
                .to_string(),
            r#"{"nodes": [], "graph": {"sources": 3}}"#.to_string(),
        ];
        for text in &others {
            assert!(same(text), "not read by hand: {text}");
        }
    }

    #[test]
    fn leaves_to_serde_what_it_does_not_read_as_serde_would() {
        let deep = format!("{}1{}", "[".repeat(130), "]".repeat(130));
        let rather_deep = format!("{}1{}", "[".repeat(110), "]".repeat(110));
        let refused = [
            // Invalid for serde too.
            doc(NODES, &edge(r#", "note": "a" "b""#)),
            doc(NODES, &edge(r#", "note": "tab	in a string""#)),
            doc(NODES, &edge(r#", "note": "lone \ud800 surrogate""#)),
            doc(NODES, &edge(r#", "note": "lone \udc00 surrogate""#)),
            doc(NODES, &edge(r#", "note": "bad \x escape""#)),
            doc(NODES, &edge(r#", "confidence": 01"#)),
            doc(NODES, &edge(r#", "confidence": 1."#)),
            doc(NODES, &edge(r#", "confidence": .5"#)),
            doc(NODES, &edge(r#", "confidence": 1e999"#)),
            doc(NODES, &edge(r#", "confidence": NaN"#)),
            doc(NODES, &edge(&format!(r#", "deep": {deep}"#))),
            doc(NODES, &edge(",")),
            doc(NODES, &edge(r#", "x": tru"#)),
            format!("{} x", doc(NODES, &edge(""))),
            format!("{},", doc(NODES, &edge(""))),
            r#"{"directed": false, "nodes": []}"#.to_string(),
            r#"{"edges": []}"#.to_string(),
            r#"{"nodes": [], "edges": [], "links": []}"#.to_string(),
            r#"{"nodes": {}}"#.to_string(),
            r#"{"nodes": null}"#.to_string(),
            r#"{"nodes": [], "graph": []}"#.to_string(),
            r#"[]"#.to_string(),
            String::new(),
            // Evidence serde refuses: a repeated field, a missing source,
            // a float, a negative or too large a line, an array for a struct.
            doc(
                NODES,
                &edge("").replace(r#""line": 3"#, r#""line": 3, "line": 4"#),
            ),
            doc(NODES, &edge("").replace(r#""source": "b1", "#, "")),
            doc(NODES, &edge("").replace(r#""line": 3"#, r#""line": 3.0"#)),
            doc(NODES, &edge("").replace(r#""line": 3"#, r#""line": -3"#)),
            doc(
                NODES,
                &edge("").replace(r#""line": 3"#, r#""line": 4294967296"#),
            ),
            doc(NODES, &edge("").replace(r#""line": 3"#, r#""sentence": 3"#)),
            // Valid, but left to serde: deep values, lists of other
            // things than strings, repeated lists, arrays as evidence.
            doc(NODES, &edge(&format!(r#", "deep": {rather_deep}"#))),
            doc(NODES, &edge(r#", "sources": ["b1", 2]"#)),
            doc(r#"{"id": "a", "aliases": [1]}"#, &edge("")),
            r#"{"nodes": [], "nodes": []}"#.to_string(),
            r#"{"nodes": [], "directed": true, "directed": true}"#.to_string(),
            doc(
                NODES,
                &edge("").replace(
                    r#"{"source": "b1", "line": 3, "sentence": "S."}"#,
                    r#"["b1"]"#,
                ),
            ),
        ];
        let vocab = Vocabulary::builtin();
        for text in &refused {
            assert!(
                super::read(text, &vocab, "file", 4, false).is_none(),
                "read by hand: {text}"
            );
            // Nor read for `merge`, nodes and all.
            let plain = read_plain(text, Vec::new()).is_some_and(|doc| {
                doc.nodes
                    .iter()
                    .all(|n| matches!(node_actor(n), Some(Ok(_))))
            });
            assert!(!plain, "read for merge: {text}");
            // Whatever serde makes of it, the same again.
            same(text);
        }
    }

    #[test]
    fn plain_reading_finds_each_node_whole() {
        let nodes = [
            r#"{"id": "a", "label": "a } \" ] {", "x": {"y": [1, "}", {}]}, "z": []}"#,
            r#"{"id": "b\\", "label": "\"}", "aliases": ["\u007d"]}"#,
            r#"{"id":"c"}"#,
        ];
        let edges = r#"{"source": "a", "target": "c", "predicate": "supports", "class": "SUPPORT",
            "evidence": [{"source": "b1", "line": 3, "sentence": "{S.}"}], "stance": "cooperative",
            "weight": 5.0, "support": 1, "sources": ["b1"]}"#;
        let text = doc(&nodes.join(" ,\n "), edges);
        let plain = read_plain(&text, Vec::new()).expect("read for merge");
        assert_eq!(plain.nodes, nodes);
        let ids: Vec<String> = nodes
            .iter()
            .map(|n| node_actor(n).expect("read").expect("converted").id)
            .collect();
        assert_eq!(ids, ["a", "b\\", "c"]);
        assert_eq!(plain.edges.len(), 1);
        // Unbalanced or unterminated: a node text not read whole, or none.
        let text = doc(r#"{"id": "a"]"#, "");
        let unbalanced = read_plain(&text, Vec::new()).expect("a text a node");
        assert_eq!(unbalanced.nodes, [r#"{"id": "a"]"#]);
        assert!(node_actor(unbalanced.nodes[0]).is_none());
        assert!(node_actor(r#"{"id": "a"} "#).is_none());
        assert!(read_plain(&doc(r#"{"id": "a}"#, ""), Vec::new()).is_none());
        // An edge with an attribute of its own, or a derived one that says
        // something else, is not plain: the document is read otherwise.
        for other in [
            r#", "colour": "red""#,
            r#", "support": 2"#,
            r#", "id": "e1""#,
        ] {
            assert!(
                read_plain(&doc(NODES, &edge(other)), Vec::new()).is_none(),
                "{other}"
            );
        }
        assert!(read_plain(&doc(NODES, &edge("")), Vec::new()).is_some());
    }

    #[test]
    fn reads_briefgraph_output_and_hostile_strings() {
        use crate::graph::GraphBuilder;
        use crate::model::{Evidence, Origin, Polarity, Relation, RelationClass, Source};
        let hostile = [
            "plain",
            "quote \" backslash \\ slash /",
            "controls \u{0} \u{1} \u{8} \u{c} \n \r \t \u{1f} \u{7f}",
            "unicode é 中 😀 \u{2028} \u{feff}",
            "<xml> & 'apos' {\"json\": [1]}",
            "",
        ];
        let mut b = GraphBuilder::new("Hostile \"graph\"");
        let mut s = Source::new("s1", "Source \u{1}");
        s.extra
            .insert("date".into(), serde_json::Value::from(hostile[3]));
        b.add_source(s);
        for (i, name) in hostile.iter().enumerate() {
            let mut a = Actor::new(format!("a{i} {name}"), *name, "state");
            a.aliases = vec![name.to_string(), "x".into()];
            a.extra
                .insert(name.to_string(), serde_json::Value::from(i as f64 / 3.0));
            b.add_actor(a);
        }
        for i in 0..hostile.len() {
            let j = (i + 1) % hostile.len();
            let mut e = Evidence::new("s1");
            e.line = Some(i as u32);
            e.sentence = Some(hostile[i].to_string());
            e.quote = Some(hostile[j].to_string());
            b.add_relation(Relation {
                id: String::new(),
                source: format!("a{i} {}", hostile[i]),
                target: format!("a{j} {}", hostile[j]),
                predicate: hostile[i].to_string(),
                class: RelationClass::ALL[i * 3 % RelationClass::ALL.len()],
                polarity: [Polarity::Asserted, Polarity::Negated, Polarity::Hedged][i % 3],
                context: (i % 2 == 0).then(|| hostile[j].to_string()),
                date: Some("2025".into()),
                origin: Origin::Extracted,
                confidence: Some(i as f64 / 7.0),
                note: Some(hostile[j].to_string()),
                evidence: vec![e],
                extra: [(hostile[i].to_string(), serde_json::Value::from(hostile[j]))]
                    .into_iter()
                    .collect(),
            });
        }
        let graph = b.finish();
        let pretty = String::from_utf8(crate::sinks::json::write(&graph)).expect("UTF-8");
        assert!(same(&pretty));
        let compact = serde_json::to_string(&serde_json::from_str::<Value>(&pretty).expect("JSON"))
            .expect("JSON");
        assert!(same(&compact));
        // The bundled export.
        let bundled = include_str!("../../exports/graph.json");
        assert!(same(bundled));
    }
}

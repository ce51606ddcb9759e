//! JSON: a NetworkX node-link document (`networkx.node_link_graph(data, edges="edges")`).
//!
//! Shape: `{directed, multigraph, graph: {name, sources, conflicts?}, nodes, edges}`.
//! Every edge carries `key` equal to its `id`, so NetworkX keys parallel
//! edges by it, plus the derived `stance`, `weight`, `support` and `sources`.

use crate::graph::BriefGraph;
use crate::model::{Actor, Evidence, Extra, GraphMeta, Relation};
use serde::Serialize;
use serde_json::{json, Map, Value};

/// The graph as a JSON document, pretty-printed, ending in a newline.
///
/// Serialised straight from the graph (the same document as
/// [`to_value`], without building it in memory first).
pub fn write(graph: &BriefGraph) -> Vec<u8> {
    let mut out = Vec::new();
    write_to(graph, &mut out).expect("writing into memory does not fail");
    out
}

/// [`write`] into a writer, element by element, so that a large graph is
/// never held as text in memory.
///
/// The edges (most of the text) are rendered in parallel, a batch of
/// chunks at a time on the rayon threads while this thread writes the
/// batch before: the same bytes as serde_json's pretty printer gives for
/// the whole document (the text of an element does not depend on its
/// neighbours, only on its depth, which [`Indented`] starts at).
pub fn write_to(graph: &BriefGraph, mut w: impl std::io::Write) -> std::io::Result<()> {
    w.write_all(b"{\n  \"directed\": true,\n  \"multigraph\": true,\n  \"graph\": ")?;
    meta_value(&graph.meta).serialize(&mut Indented::serializer(&mut w, 1))?;
    w.write_all(b",\n  \"nodes\": ")?;
    write_nodes(graph, &mut w)?;
    w.write_all(b",\n  \"edges\": ")?;
    write_edges(graph, &mut w)?;
    w.write_all(b"\n}\n")?;
    w.flush()
}

/// Edges rendered per chunk: large enough that a chunk is worth a task,
/// small enough that a batch of them stays a few MiB.
const EDGES_PER_CHUNK: usize = 512;

/// The `edges` list at depth 1, rendered in parallel and written in order.
fn write_edges(graph: &BriefGraph, w: &mut impl std::io::Write) -> std::io::Result<()> {
    use rayon::prelude::*;
    let edges: Vec<&Relation> = graph.relations().collect();
    if edges.is_empty() {
        return w.write_all(b"[]");
    }
    let chunks: Vec<&[&Relation]> = edges.chunks(EDGES_PER_CHUNK).collect();
    let batch = rayon::current_num_threads().max(1) * 4;
    // Buffers written out come back here to render later chunks: a chunk
    // of a large merge's edges is over a MiB, and a fresh buffer for each
    // (grown twice or three times on the way) cost a copy of every byte
    // rendered and the kernel's zeroing of its new pages.
    let spare: std::sync::Mutex<Vec<Vec<u8>>> = std::sync::Mutex::new(Vec::new());
    let take_spare = || {
        spare
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .pop()
            .unwrap_or_default()
    };
    // Each chunk's elements, each after its separator (`,\n` and the
    // indentation of depth 2), as the pretty printer writes them.
    let render = |chunk: &&[&Relation]| -> Vec<u8> {
        let mut buf = take_spare();
        buf.clear();
        // About what an edge takes, with a piece of evidence and its source.
        let estimate: usize = chunk.iter().map(|r| 384 + 192 * r.evidence.len()).sum();
        buf.reserve(estimate);
        // The text of an edge is in many places in memory (its evidence
        // list, and each piece's source and sentence), which the processor
        // would fetch one at a time as they are written: they are asked
        // for ahead, the lists two edges ahead and the texts of the next
        // edge's pieces (from its list, asked for before).
        for r in chunk.iter().take(2) {
            prefetch_lists(r);
        }
        if let Some(r) = chunk.first() {
            prefetch_texts(r);
        }
        for (i, r) in chunk.iter().enumerate() {
            if let Some(ahead) = chunk.get(i + 2) {
                prefetch_lists(ahead);
            }
            if let Some(next) = chunk.get(i + 1) {
                prefetch_texts(next);
            }
            buf.extend_from_slice(b",\n    ");
            pretty::edge(&mut buf, r, 2);
        }
        buf
    };
    w.write_all(b"[")?;
    // The writer need not be Send (standard output is locked by this
    // thread): batches are rendered on another thread, two at most ahead.
    std::thread::scope(|scope| {
        let (tx, rx) = std::sync::mpsc::sync_channel::<Vec<Vec<u8>>>(1);
        scope.spawn(move || {
            for group in chunks.chunks(batch) {
                let rendered: Vec<Vec<u8>> = group.par_iter().map(render).collect();
                if tx.send(rendered).is_err() {
                    // The writer failed and stopped reading.
                    break;
                }
            }
        });
        let mut first = true;
        for rendered in rx {
            for text in rendered {
                // The first element follows `[` without a comma.
                let bytes = if first { &text[1..] } else { &text[..] };
                first = false;
                w.write_all(bytes)?;
                spare
                    .lock()
                    .unwrap_or_else(std::sync::PoisonError::into_inner)
                    .push(text);
            }
        }
        Ok::<(), std::io::Error>(())
    })?;
    w.write_all(b"\n  ]")
}

/// Asks for a relation's own texts and its evidence list ahead of writing
/// it (see `write_edges`).
fn prefetch_lists(r: &Relation) {
    use crate::hint::prefetch;
    for text in [&r.id, &r.source, &r.target, &r.predicate] {
        prefetch(text.as_ptr());
    }
    crate::hint::prefetch_slice(&r.evidence);
}

/// Asks for the texts of a relation's evidence ahead of writing it.
fn prefetch_texts(r: &Relation) {
    use crate::hint::prefetch;
    for e in &r.evidence {
        prefetch(e.source.as_ptr());
        if let Some(s) = &e.sentence {
            prefetch(s.as_ptr());
        }
    }
}

/// The `nodes` list at depth 1, each node rendered by [`pretty::node`],
/// written a buffer of about 64 KiB at a time.
fn write_nodes(graph: &BriefGraph, w: &mut impl std::io::Write) -> std::io::Result<()> {
    let mut buf = Vec::with_capacity(1 << 17);
    let mut first = true;
    for a in graph.actors() {
        buf.extend_from_slice(if first { b"[\n    " } else { b",\n    " });
        first = false;
        pretty::node(&mut buf, a, 2);
        if buf.len() >= 1 << 16 {
            w.write_all(&buf)?;
            buf.clear();
        }
    }
    buf.extend_from_slice(if first { b"[]" } else { b"\n  ]" });
    w.write_all(&buf)
}

/// The nodes and edges of the usual shape written by hand, byte for byte
/// as serde_json's pretty printer writes [`NodeOut`] and [`EdgeOut`] (the
/// serializer's per-field calls took about a sixth of converting a large
/// GraphML file to JSON). Strings are escaped and numbers formatted by
/// serde_json's own functions; an element whose extra attributes replace a
/// derived one, and the extra attributes' values, still go through serde.
mod pretty {
    use super::{actor_value, overrides, relation_value, Indented, EDGE_FIELDS, NODE_FIELDS};
    use crate::model::{Actor, Evidence, Extra, Relation};
    use serde::Serialize;
    use serde_json::ser::{CompactFormatter, Formatter};

    /// Writing into a `Vec` does not fail.
    const INFALLIBLE: &str = "writing into memory does not fail";

    fn indent(buf: &mut Vec<u8>, depth: usize) {
        const SPACES: &[u8] = b"                                ";
        let mut n = depth * 2;
        if n <= SPACES.len() {
            buf.extend_from_slice(&SPACES[..n]);
            return;
        }
        while n > 0 {
            let k = n.min(SPACES.len());
            buf.extend_from_slice(&SPACES[..k]);
            n -= k;
        }
    }

    /// Whether a byte of the text is one JSON escapes: a control
    /// character, `"` or `\`. Eight bytes at a time (the classic bit
    /// tricks: a byte below 0x20, a zero byte after an XOR, with the
    /// bytes of 0x80 and above left out), as most strings need none.
    pub(super) fn needs_escape(text: &[u8]) -> bool {
        const ONES: u64 = 0x0101_0101_0101_0101;
        const HIGH: u64 = 0x8080_8080_8080_8080;
        let special = |x: u64| {
            let below = x.wrapping_sub(ONES * 0x20);
            let quote = x ^ (ONES * u64::from(b'"'));
            let backslash = x ^ (ONES * u64::from(b'\\'));
            (below | quote.wrapping_sub(ONES) & !quote | backslash.wrapping_sub(ONES) & !backslash)
                & !x
                & HIGH
                != 0
        };
        let mut chunks = text.chunks_exact(8);
        for c in &mut chunks {
            let x = u64::from_le_bytes(c.try_into().expect("eight bytes"));
            if special(x) {
                return true;
            }
        }
        chunks
            .remainder()
            .iter()
            .any(|&b| b < 0x20 || b == b'"' || b == b'\\')
    }

    /// A JSON string, escaped as serde_json escapes it.
    pub(super) fn string(buf: &mut Vec<u8>, s: &str) {
        if needs_escape(s.as_bytes()) {
            s.serialize(&mut serde_json::Serializer::new(&mut *buf))
                .expect(INFALLIBLE);
        } else {
            buf.reserve(s.len() + 2);
            buf.push(b'"');
            buf.extend_from_slice(s.as_bytes());
            buf.push(b'"');
        }
    }

    /// A float as serde_json writes it (`null` when not finite).
    fn float(buf: &mut Vec<u8>, v: f64) {
        if v.is_finite() {
            CompactFormatter.write_f64(buf, v).expect(INFALLIBLE);
        } else {
            buf.extend_from_slice(b"null");
        }
    }

    fn uint(buf: &mut Vec<u8>, n: u64) {
        CompactFormatter.write_u64(buf, n).expect(INFALLIBLE);
    }

    /// An object's members at one depth: the separator, the indentation
    /// and the key before each value.
    struct Members<'b> {
        buf: &'b mut Vec<u8>,
        depth: usize,
        first: bool,
    }

    impl<'b> Members<'b> {
        /// Opens an object whose members are at `depth`.
        fn open(buf: &'b mut Vec<u8>, depth: usize) -> Members<'b> {
            buf.push(b'{');
            Members {
                buf,
                depth,
                first: true,
            }
        }

        /// The key of the next member (the value follows): one of the
        /// exporter's own names, which need no escape.
        fn key(&mut self, key: &'static str) -> &mut Vec<u8> {
            self.separate();
            self.buf.push(b'"');
            self.buf.extend_from_slice(key.as_bytes());
            self.buf.extend_from_slice(b"\": ");
            self.buf
        }

        /// The separator and indentation before the next member.
        fn separate(&mut self) {
            self.buf
                .extend_from_slice(if self.first { b"\n" } else { b",\n" });
            self.first = false;
            indent(self.buf, self.depth);
        }

        fn str(&mut self, key: &'static str, value: &str) {
            let buf = self.key(key);
            string(buf, value);
        }

        fn opt_str(&mut self, key: &'static str, value: Option<&str>) {
            if let Some(v) = value {
                self.str(key, v);
            }
        }

        fn opt_uint(&mut self, key: &'static str, value: Option<u64>) {
            if let Some(n) = value {
                let buf = self.key(key);
                uint(buf, n);
            }
        }

        /// A list of strings.
        fn strs<'s>(&mut self, key: &'static str, items: impl IntoIterator<Item = &'s str>) {
            let depth = self.depth;
            let buf = self.key(key);
            let mut first = true;
            for s in items {
                buf.extend_from_slice(if first { b"[\n" } else { b",\n" });
                first = false;
                indent(buf, depth + 1);
                string(buf, s);
            }
            close(buf, depth, first, b"[]", b']');
        }

        /// The extra attributes, after the others (serde's `flatten` of a map).
        fn extra(&mut self, extra: &Extra) {
            for (k, v) in extra {
                self.separate();
                string(self.buf, k);
                self.buf.extend_from_slice(b": ");
                v.serialize(&mut Indented::serializer(&mut *self.buf, self.depth))
                    .expect(INFALLIBLE);
            }
        }

        /// Closes the object.
        fn close(self) {
            close(self.buf, self.depth - 1, self.first, b"{}", b'}');
        }
    }

    /// Closes a list or object whose items were at `outer + 1`: `empty`
    /// when it held none (the opening bracket is then not written yet for
    /// lists), else on a line of its own.
    fn close(buf: &mut Vec<u8>, outer: usize, empty: bool, empty_text: &[u8], bracket: u8) {
        if empty {
            if bracket == b'}' {
                buf.push(b'}');
            } else {
                buf.extend_from_slice(empty_text);
            }
        } else {
            buf.push(b'\n');
            indent(buf, outer);
            buf.push(bracket);
        }
    }

    /// One node object, its braces at `depth`.
    pub(super) fn node(buf: &mut Vec<u8>, a: &Actor, depth: usize) {
        if overrides(&a.extra, NODE_FIELDS) {
            actor_value(a)
                .serialize(&mut Indented::serializer(&mut *buf, depth))
                .expect(INFALLIBLE);
            return;
        }
        let mut m = Members::open(buf, depth + 1);
        m.str("id", &a.id);
        m.str("label", &a.label);
        m.str("kind", &a.kind);
        m.strs("aliases", a.aliases.iter().map(String::as_str));
        m.opt_str("wikidata", a.wikidata.as_deref());
        if a.candidate {
            m.key("candidate").extend_from_slice(b"true");
        }
        m.extra(&a.extra);
        m.close();
    }

    /// One edge object, its braces at `depth`.
    pub(super) fn edge(buf: &mut Vec<u8>, r: &Relation, depth: usize) {
        if overrides(&r.extra, EDGE_FIELDS) {
            relation_value(r)
                .serialize(&mut Indented::serializer(&mut *buf, depth))
                .expect(INFALLIBLE);
            return;
        }
        let inner = depth + 1;
        let mut m = Members::open(buf, inner);
        m.str("id", &r.id);
        m.str("key", &r.id);
        m.str("source", &r.source);
        m.str("target", &r.target);
        m.str("predicate", &r.predicate);
        m.str("class", r.class.as_str());
        m.str("stance", r.class.stance().as_str());
        float(m.key("weight"), r.class.score());
        m.str("polarity", r.polarity.as_str());
        m.opt_str("context", r.context.as_deref());
        m.opt_str("date", r.date.as_deref());
        m.str("origin", r.origin.as_str());
        if let Some(c) = r.confidence {
            float(m.key("confidence"), c);
        }
        m.opt_str("note", r.note.as_deref());
        let sources = r.sources();
        uint(m.key("support"), sources.len() as u64);
        m.strs("sources", sources);
        let buf = m.key("evidence");
        let mut first = true;
        for e in &r.evidence {
            buf.extend_from_slice(if first { b"[\n" } else { b",\n" });
            first = false;
            indent(buf, inner + 1);
            evidence(buf, e, inner + 1);
        }
        close(buf, inner, first, b"[]", b']');
        m.extra(&r.extra);
        m.close();
    }

    /// One piece of evidence, its braces at `depth` (the fields of
    /// [`Evidence`] in their order, absent ones left out).
    fn evidence(buf: &mut Vec<u8>, e: &Evidence, depth: usize) {
        let mut m = Members::open(buf, depth + 1);
        m.str("source", &e.source);
        m.opt_uint("sentence_no", e.sentence_no.map(u64::from));
        m.opt_uint("start", e.start.map(|n| n as u64));
        m.opt_uint("end", e.end.map(|n| n as u64));
        m.opt_uint("line", e.line.map(u64::from));
        m.opt_str("sentence", e.sentence.as_deref());
        m.opt_str("quote", e.quote.as_deref());
        m.opt_str("rule", e.rule.as_deref());
        m.opt_str("attributed_to", e.attributed_to.as_deref());
        m.opt_uint("page", e.page.map(u64::from));
        m.opt_str("resolved", e.resolved.as_deref());
        m.close();
    }
}

/// serde_json's pretty printer (two spaces per level) starting at a given
/// depth, to render part of a document as it would be inside the whole.
struct Indented {
    depth: usize,
    has_value: bool,
}

impl Indented {
    fn serializer<W: std::io::Write>(w: W, depth: usize) -> serde_json::Serializer<W, Indented> {
        serde_json::Serializer::with_formatter(
            w,
            Indented {
                depth,
                has_value: false,
            },
        )
    }

    fn indent<W: ?Sized + std::io::Write>(&self, w: &mut W) -> std::io::Result<()> {
        const SPACES: &[u8] = b"                                ";
        let mut n = self.depth * 2;
        while n > 0 {
            let k = n.min(SPACES.len());
            w.write_all(&SPACES[..k])?;
            n -= k;
        }
        Ok(())
    }

    /// Opens an array or object (`[`, `{`) one level deeper.
    fn open<W: ?Sized + std::io::Write>(
        &mut self,
        w: &mut W,
        bracket: &[u8],
    ) -> std::io::Result<()> {
        self.depth += 1;
        self.has_value = false;
        w.write_all(bracket)
    }

    /// Closes it, on a line of its own when it held something.
    fn close<W: ?Sized + std::io::Write>(
        &mut self,
        w: &mut W,
        bracket: &[u8],
    ) -> std::io::Result<()> {
        self.depth -= 1;
        if self.has_value {
            w.write_all(b"\n")?;
            self.indent(w)?;
        }
        w.write_all(bracket)
    }
}

/// The methods of serde_json's `PrettyFormatter`, with the same output.
impl serde_json::ser::Formatter for Indented {
    fn begin_array<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.open(w, b"[")
    }

    fn end_array<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.close(w, b"]")
    }

    fn begin_array_value<W: ?Sized + std::io::Write>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> std::io::Result<()> {
        w.write_all(if first { b"\n" } else { b",\n" })?;
        self.indent(w)
    }

    fn end_array_value<W: ?Sized + std::io::Write>(&mut self, _w: &mut W) -> std::io::Result<()> {
        self.has_value = true;
        Ok(())
    }

    fn begin_object<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.open(w, b"{")
    }

    fn end_object<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.close(w, b"}")
    }

    fn begin_object_key<W: ?Sized + std::io::Write>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> std::io::Result<()> {
        w.write_all(if first { b"\n" } else { b",\n" })?;
        self.indent(w)
    }

    fn begin_object_value<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        w.write_all(b": ")
    }

    fn end_object_value<W: ?Sized + std::io::Write>(&mut self, _w: &mut W) -> std::io::Result<()> {
        self.has_value = true;
        Ok(())
    }
}

/// The graph as one line of JSON Lines: the same document as [`write`],
/// compact, ending in a newline.
pub fn write_line(graph: &BriefGraph, mut w: impl std::io::Write) -> std::io::Result<()> {
    serde_json::to_writer(&mut w, &doc(graph))?;
    w.write_all(b"\n")
}

fn doc(graph: &BriefGraph) -> Doc<'_> {
    Doc {
        directed: true,
        multigraph: true,
        graph: meta_value(&graph.meta),
        nodes: Seq(graph, |g| Box::new(g.actors().map(NodeOut::of))),
        edges: Seq(graph, |g| Box::new(g.relations().map(EdgeOut::of))),
    }
}

#[derive(Serialize)]
struct Doc<'a> {
    directed: bool,
    multigraph: bool,
    graph: Value,
    nodes: Seq<'a, NodeOut<'a>>,
    edges: Seq<'a, EdgeOut<'a>>,
}

type Items<'a, T> = Box<dyn Iterator<Item = T> + 'a>;

/// A sequence serialised from an iterator over the graph.
struct Seq<'a, T>(&'a BriefGraph, fn(&'a BriefGraph) -> Items<'a, T>);

impl<T: Serialize> Serialize for Seq<'_, T> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq((self.1)(self.0))
    }
}

/// Attribute names the exporter writes itself; an extra attribute with one
/// of these names replaces the derived value (see [`extend`]).
pub(crate) const NODE_FIELDS: &[&str] =
    &["id", "label", "kind", "aliases", "wikidata", "candidate"];
pub(crate) const EDGE_FIELDS: &[&str] = &[
    "id",
    "key",
    "source",
    "target",
    "predicate",
    "class",
    "stance",
    "weight",
    "polarity",
    "context",
    "date",
    "origin",
    "confidence",
    "note",
    "support",
    "sources",
    "evidence",
];

pub(crate) fn overrides(extra: &Extra, fields: &[&str]) -> bool {
    extra.keys().any(|k| fields.contains(&k.as_str()))
}

#[derive(Serialize)]
#[serde(untagged)]
enum NodeOut<'a> {
    Typed(TypedNode<'a>),
    Value(Value),
}

impl<'a> NodeOut<'a> {
    fn of(a: &'a Actor) -> NodeOut<'a> {
        if overrides(&a.extra, NODE_FIELDS) {
            return NodeOut::Value(actor_value(a));
        }
        NodeOut::Typed(TypedNode {
            id: &a.id,
            label: &a.label,
            kind: &a.kind,
            aliases: &a.aliases,
            wikidata: a.wikidata.as_deref(),
            candidate: a.candidate,
            extra: &a.extra,
        })
    }
}

#[derive(Serialize)]
struct TypedNode<'a> {
    id: &'a str,
    label: &'a str,
    kind: &'a str,
    aliases: &'a [String],
    #[serde(skip_serializing_if = "Option::is_none")]
    wikidata: Option<&'a str>,
    #[serde(skip_serializing_if = "is_false")]
    candidate: bool,
    #[serde(flatten)]
    extra: &'a Extra,
}

fn is_false(b: &bool) -> bool {
    !*b
}

#[derive(Serialize)]
#[serde(untagged)]
enum EdgeOut<'a> {
    Typed(TypedEdge<'a>),
    Value(Value),
}

impl<'a> EdgeOut<'a> {
    fn of(r: &'a Relation) -> EdgeOut<'a> {
        if overrides(&r.extra, EDGE_FIELDS) {
            return EdgeOut::Value(relation_value(r));
        }
        EdgeOut::Typed(TypedEdge {
            id: &r.id,
            key: &r.id,
            source: &r.source,
            target: &r.target,
            predicate: &r.predicate,
            class: r.class.as_str(),
            stance: r.class.stance().as_str(),
            weight: r.class.score(),
            polarity: r.polarity.as_str(),
            context: r.context.as_deref(),
            date: r.date.as_deref(),
            origin: r.origin.as_str(),
            confidence: r.confidence,
            note: r.note.as_deref(),
            support: r.support(),
            sources: r.sources(),
            evidence: &r.evidence,
            extra: &r.extra,
        })
    }
}

#[derive(Serialize)]
struct TypedEdge<'a> {
    id: &'a str,
    key: &'a str,
    source: &'a str,
    target: &'a str,
    predicate: &'a str,
    class: &'a str,
    stance: &'a str,
    weight: f64,
    polarity: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    context: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    date: Option<&'a str>,
    origin: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    confidence: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    note: Option<&'a str>,
    support: usize,
    sources: Vec<&'a str>,
    evidence: &'a [Evidence],
    #[serde(flatten)]
    extra: &'a Extra,
}

/// The graph as a JSON value.
pub fn to_value(graph: &BriefGraph) -> Value {
    json!({
        "directed": true,
        "multigraph": true,
        "graph": meta_value(&graph.meta),
        "nodes": graph.actors().map(actor_value).collect::<Vec<_>>(),
        "edges": graph.relations().map(relation_value).collect::<Vec<_>>(),
    })
}

/// The `graph` object: name, sources, conflicts, extras.
pub fn meta_value(meta: &GraphMeta) -> Value {
    let mut m = Map::new();
    m.insert("name".into(), meta.name.clone().into());
    m.insert(
        "sources".into(),
        serde_json::to_value(&meta.sources).expect("sources serialize"),
    );
    if !meta.conflicts.is_empty() {
        m.insert(
            "conflicts".into(),
            serde_json::to_value(&meta.conflicts).expect("conflicts serialize"),
        );
    }
    extend(&mut m, &meta.extra);
    Value::Object(m)
}

/// One node object: `id`, `label`, `kind`, `aliases`, `wikidata`?, `candidate`?, extras.
pub fn actor_value(actor: &Actor) -> Value {
    let mut m = Map::new();
    m.insert("id".into(), actor.id.clone().into());
    m.insert("label".into(), actor.label.clone().into());
    m.insert("kind".into(), actor.kind.clone().into());
    m.insert("aliases".into(), actor.aliases.clone().into());
    if let Some(q) = &actor.wikidata {
        m.insert("wikidata".into(), q.clone().into());
    }
    if actor.candidate {
        m.insert("candidate".into(), true.into());
    }
    extend(&mut m, &actor.extra);
    Value::Object(m)
}

/// One edge object, with the derived attributes after the stored ones.
pub fn relation_value(r: &Relation) -> Value {
    let mut m = Map::new();
    m.insert("id".into(), r.id.clone().into());
    m.insert("key".into(), r.id.clone().into());
    m.insert("source".into(), r.source.clone().into());
    m.insert("target".into(), r.target.clone().into());
    m.insert("predicate".into(), r.predicate.clone().into());
    m.insert("class".into(), r.class.as_str().into());
    m.insert("stance".into(), r.class.stance().as_str().into());
    m.insert("weight".into(), r.class.score().into());
    m.insert("polarity".into(), r.polarity.as_str().into());
    if let Some(c) = &r.context {
        m.insert("context".into(), c.clone().into());
    }
    if let Some(d) = &r.date {
        m.insert("date".into(), d.clone().into());
    }
    m.insert("origin".into(), r.origin.as_str().into());
    if let Some(c) = r.confidence {
        m.insert("confidence".into(), c.into());
    }
    if let Some(n) = &r.note {
        m.insert("note".into(), n.clone().into());
    }
    m.insert("support".into(), r.support().into());
    m.insert("sources".into(), r.sources().into());
    m.insert(
        "evidence".into(),
        serde_json::to_value(&r.evidence).expect("evidence serializes"),
    );
    extend(&mut m, &r.extra);
    Value::Object(m)
}

/// Adds extra attributes; one named like a derived attribute replaces it
/// (an imported `weight` stays what its file said).
fn extend(m: &mut Map<String, Value>, extra: &Extra) {
    for (k, v) in extra {
        m.insert(k.clone(), v.clone());
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::GraphBuilder;
    use crate::model::{Origin, Polarity, RelationClass};

    fn graph(extra_key: &str) -> BriefGraph {
        let mut b = GraphBuilder::new("t");
        let mut a = Actor::new("a", "A", "state");
        a.extra.insert("population".into(), Value::from(3));
        b.add_actor(a);
        b.add_actor(Actor::new("b", "B", "person"));
        let mut r = Relation {
            id: String::new(),
            source: "a".into(),
            target: "b".into(),
            predicate: "supports".into(),
            class: RelationClass::SUPPORT,
            polarity: Polarity::Hedged,
            context: Some("x".into()),
            date: None,
            origin: Origin::Extracted,
            confidence: Some(0.5),
            note: None,
            evidence: vec![Evidence::new("s")],
            extra: Extra::new(),
        };
        r.extra.insert(extra_key.into(), Value::from(7.5));
        b.add_relation(r);
        b.finish()
    }

    /// The eight-bytes-at-a-time test agrees with the byte-by-byte one,
    /// wherever the byte is and whatever surrounds it.
    #[test]
    fn escape_test_agrees_with_the_bytes() {
        let fillers = [b'a', b' ', 0x7f, 0x80, 0xc3, 0xff, b'!', b'#', b'[', b']'];
        for special in 0u8..=255 {
            for filler in fillers {
                for len in 1..20 {
                    for at in 0..len {
                        let mut text = vec![filler; len];
                        text[at] = special;
                        let slow = text.iter().any(|&b| b < 0x20 || b == b'"' || b == b'\\');
                        assert_eq!(pretty::needs_escape(&text), slow, "{text:?}");
                    }
                }
            }
        }
    }

    #[test]
    fn streamed_document_equals_the_value_document() {
        for key in ["colour", "weight"] {
            let g = graph(key);
            let streamed: Value = serde_json::from_slice(&write(&g)).unwrap();
            assert_eq!(streamed, to_value(&g), "extra key {key}");
            let text = String::from_utf8(write(&g)).unwrap();
            assert_eq!(text.matches("\"weight\"").count(), 1, "{text}");
        }
    }

    /// The parallel writer gives the bytes of serde_json's pretty printer
    /// on the whole document: no edges, one, and several chunks' worth
    /// (with nested extras, an empty list and a negative number).
    #[test]
    fn chunked_writer_equals_the_pretty_printer() {
        let mut empty = GraphBuilder::new("empty");
        empty.add_actor(Actor::new("a", "A", "state"));
        let mut many = GraphBuilder::new("many");
        many.meta.extra.insert(
            "note".into(),
            serde_json::json!({"a": [], "b": {"c": [1, -2.5]}}),
        );
        for i in 0..EDGES_PER_CHUNK * 2 + 7 {
            let mut a = Actor::new(format!("n{i}"), format!("N \"{i}\""), "state");
            if i % 3 == 0 {
                a.aliases = vec![format!("\u{1}n\\{i}"), "é ü \u{7f}".into()];
                a.wikidata = Some(format!("Q{i}"));
                a.candidate = true;
                a.extra
                    .insert("first_seen".into(), serde_json::json!({"year": i, "n": []}));
            }
            many.add_actor(a);
        }
        for i in 1..EDGES_PER_CHUNK * 2 + 7 {
            let mut e = Evidence::new("s");
            e.sentence = Some(format!("Line {i}\twith a tab."));
            if i % 5 == 0 {
                e.sentence_no = Some(i as u32);
                e.start = Some(i * 10);
                e.end = Some(usize::MAX);
                e.quote = Some("a \"quote\"\r\n".into());
                e.rule = Some("t-rule".into());
                e.attributed_to = Some("CENTCOM".into());
                e.page = Some(0);
                e.resolved = Some("`the group` → X".into());
            }
            let mut r = Relation {
                id: String::new(),
                source: format!("n{}", i - 1),
                target: format!("n{i}"),
                predicate: "supports".into(),
                class: RelationClass::SUPPORT,
                polarity: Polarity::Asserted,
                context: None,
                date: None,
                origin: Origin::Extracted,
                confidence: match i % 7 {
                    0 => None,
                    1 => Some(f64::NAN),
                    2 => Some(1e300 * i as f64),
                    _ => Some(i as f64 / 3.0),
                },
                note: None,
                evidence: vec![e],
                extra: Extra::new(),
            };
            if i % 11 == 0 {
                r.context = Some(format!("context \u{1f} {i}"));
                r.date = Some("2025-11".into());
                r.note = Some("a note".into());
                r.evidence.push(Evidence::new("another"));
            }
            if i % 100 == 0 {
                r.extra
                    .insert("tags".into(), serde_json::json!([[], {}, {"x": null}]));
            }
            many.add_relation(r);
        }
        for g in [empty.finish(), many.finish(), graph("colour")] {
            let mut old = serde_json::to_vec_pretty(&doc(&g)).unwrap();
            old.push(b'\n');
            assert_eq!(
                String::from_utf8(write(&g)).unwrap(),
                String::from_utf8(old).unwrap()
            );
        }
    }
}

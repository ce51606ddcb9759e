//! Import of GraphML: briefgraph's own files, losslessly, and files written
//! by NetworkX, igraph and other tools, with arbitrary attributes.
//!
//! - Every `<key>` is honoured with its `attr.type` (`boolean`, `int`,
//!   `long`, `integer`, `float`, `double`, `string`), its `for` (`graph`,
//!   `node`, `edge` or `all`) and its `<default>`; a key whose `<desc>` is
//!   `json` holds JSON text (briefgraph writes lists and evidence so).
//! - A number under a `float`/`double` key that is written as an integer
//!   (`5`, as igraph and briefgraph write whole numbers) stays an integer,
//!   so JSON → GraphML → JSON gives back the same JSON values.
//! - Node and edge ids are decoded with [`decode_id`] (briefgraph writes ids
//!   that are not NMTOKENs as `_xHHHH_`).
//! - The resulting attribute maps become actors and relations in
//!   [`super::attrs`], exactly as JSON ones do.
//! - A DOCTYPE is refused, and so are entities other than XML's five and
//!   character references: a GraphML file needs neither, and entity
//!   expansion is how a small file blows up a reader. Truncated and
//!   malformed files are reported at their position.
//!
//! Parsing does no I/O: it takes the file's text.

use super::attrs::{self, Attrs, EdgeAttrs, EvidenceField, Located, NodeAttrs, RawGraph};
use crate::error::{keeps_more, push_capped, Diagnostic, Error, Result};
use crate::graph::merge::FxHasher;
use crate::graph::BriefGraph;
use crate::model::Evidence;
use crate::sinks::graphml::{decode_id, JSON_DESC};
use crate::vocabulary::Vocabulary;
use quick_xml::escape::resolve_predefined_entity;
use quick_xml::events::{BytesStart, Event};
use quick_xml::{Reader, XmlVersion};
use serde_json::Value;
use std::borrow::Cow;
use std::collections::HashMap;
use std::hash::BuildHasherDefault;
use std::path::Path;
use std::rc::Rc;
use usual_edge::Slot;

mod usual_edge;

/// Parses a GraphML document. `path` names the file in messages and, for
/// graphs that carry no sources, becomes the source of their edges.
pub fn parse(path: &Path, text: &str, vocab: &Vocabulary) -> Result<BriefGraph> {
    let stem = attrs::file_stem(path);
    let (raw, mut converted) = read_events(path, text, Some((vocab, &stem)), true, true)?;
    converted.graph = raw.graph;
    converted.edge_ids_per_pair = raw.edge_ids_per_pair;
    // The graph built as the file is read, when it comes in order (see
    // `attrs::Converted::straight_to_graph`); assembled afterwards else.
    attrs::check_graph(path, text, converted)
}

/// [`parse`] short of assembling the graph (see [`attrs::parts`]): each
/// node and edge becomes an actor or a relation as soon as its end tag is
/// read, so no attribute map outlives its element.
pub fn parts(path: &Path, text: &str, vocab: &Vocabulary) -> Result<attrs::Parts> {
    let stem = attrs::file_stem(path);
    let (raw, mut converted) = read_with(path, text, Some((vocab, &stem)))?;
    converted.graph = raw.graph;
    converted.edge_ids_per_pair = raw.edge_ids_per_pair;
    attrs::check(path, text, converted)
}

/// What an attribute's values are, from its key's `attr.type`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum ValueType {
    Boolean,
    Integer,
    Float,
    String,
}

/// Which elements a key is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Domain {
    Graph,
    Node,
    Edge,
    All,
    /// `graphml`, `hyperedge`, `port`, `endpoint`: nothing briefgraph reads.
    Other,
}

#[derive(Clone, Debug)]
struct Key {
    name: String,
    /// The edge field the name fills (see [`usual_edge`]).
    slot: Slot,
    ty: ValueType,
    domain: Domain,
    json: bool,
    default: Option<Value>,
}

/// A `<key>` being read: its `<desc>` and `<default>` come as children.
struct PendingKey {
    id: String,
    key: Key,
    start: usize,
    end: usize,
    desc: Option<String>,
    default: Option<(String, usize, usize)>,
}

/// A graph, node or edge being read.
struct Element {
    domain: Domain,
    fields: Fields,
    start: usize,
    end: usize,
}

/// An element's attributes: a node's and an edge's go straight into the
/// fields briefgraph reads (no map to insert into and take out of again).
enum Fields {
    Graph(Attrs),
    Node(Box<NodeAttrs>),
    Edge(Box<EdgeAttrs>),
}

impl Fields {
    fn has(&self, name: &str) -> bool {
        match self {
            Fields::Graph(m) => m.contains_key(name),
            Fields::Node(n) => n.has(name),
            Fields::Edge(e) => e.has(name),
        }
    }

    /// Gives the element attribute `name` unless it has it already.
    fn set(&mut self, name: &str, value: Value) -> Result<(), Value> {
        match self {
            Fields::Graph(m) => match m.entry(name) {
                serde_json::map::Entry::Vacant(v) => {
                    v.insert(value);
                    Ok(())
                }
                serde_json::map::Entry::Occupied(_) => Err(value),
            },
            Fields::Node(n) => n.set(name, value),
            Fields::Edge(e) => e.set(name, value),
        }
    }
}

/// The elements briefgraph reads, by local name (no string kept per open
/// element).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Tag {
    Graphml,
    Key,
    Desc,
    Default,
    Graph,
    Node,
    Edge,
    Data,
    Other,
}

impl Tag {
    fn of(name: &str) -> Tag {
        match name {
            "graphml" => Tag::Graphml,
            "key" => Tag::Key,
            "desc" => Tag::Desc,
            "default" => Tag::Default,
            "graph" => Tag::Graph,
            "node" => Tag::Node,
            "edge" => Tag::Edge,
            "data" => Tag::Data,
            _ => Tag::Other,
        }
    }

    /// The name [`GraphmlReader::end`] handles (an empty one for the rest).
    fn name(self) -> &'static str {
        match self {
            Tag::Graphml => "graphml",
            Tag::Key => "key",
            Tag::Desc => "desc",
            Tag::Default => "default",
            Tag::Graph => "graph",
            Tag::Node => "node",
            Tag::Edge => "edge",
            Tag::Data => "data",
            Tag::Other => "",
        }
    }
}

/// The name of the element whose start tag begins at `start` (for messages).
fn name_at(text: &str, start: usize) -> &str {
    let rest = text.get(start + 1..).unwrap_or("");
    let end = rest
        .find(|c: char| c.is_whitespace() || c == '>' || c == '/')
        .unwrap_or(rest.len());
    let name = &rest[..end];
    name.rsplit_once(':').map_or(name, |(_, local)| local)
}

/// How the text of a `<data>`, `<desc>` or `<default>` is being gathered.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Gathered {
    /// Plain text so far (no reference, CDATA, comment or line break to
    /// normalise): the content is the file's text from this offset, taken
    /// at the end tag without a copy per piece.
    Raw(usize),
    /// In [`GraphmlReader::collected`].
    Copied,
}

/// A `<data>` being read.
struct PendingData<'a> {
    key: Cow<'a, str>,
    start: usize,
    end: usize,
    /// Where the content starts, for data holding XML (yEd's graphics).
    inner: usize,
    children: usize,
    nested: bool,
}

/// What text is being collected for.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Collect {
    Nothing,
    Desc,
    Default,
    Data,
}

struct GraphmlReader<'a> {
    /// Convert elements as they end (see [`parts`]).
    convert: Option<(&'a Vocabulary, &'a str)>,
    converted: attrs::Converted,
    path: &'a Path,
    text: &'a str,
    errors: Vec<Diagnostic>,
    /// Shared with each `<data>` read under them (no copy per value).
    keys: HashMap<String, Rc<Key>, BuildHasherDefault<FxHasher>>,
    /// How many keys have a `<default>`.
    keys_with_defaults: usize,
    /// The key of each `<data>` of the last elements by its place among
    /// the element's `<data>` (elements of one kind have the same keys in
    /// the same order): found by comparing ids, not by hashing them.
    recent_keys: Vec<(String, Rc<Key>)>,
    /// The place of the next `<data>` among its element's.
    data_index: usize,
    key: Option<PendingKey>,
    graph: Option<Element>,
    graphs_seen: usize,
    element: Option<Element>,
    data: Option<PendingData<'a>>,
    collect: Collect,
    gathered: Gathered,
    collected: String,
    out: RawGraph,
    /// Values filled in from `<default>`s so far (see [`crate::limits::DEFAULT_VALUES`]).
    defaults_filled: u64,
    max_defaults: u64,
}

/// A start tag's attributes: name and unescaped value, in the tag's order.
struct TagAttrs<'e>(Vec<(Cow<'e, str>, Cow<'e, str>)>);

impl TagAttrs<'_> {
    /// The value of the first attribute of that name (quick-xml reports a
    /// repeated one as an error).
    fn get(&self, name: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_ref())
    }
}

/// An attribute's name and value borrowed from the text, when the value
/// holds nothing that XML's value normalisation would change (no reference,
/// no tab or line break): what `normalized_value` would give, unallocated.
fn plain_value<'e>(a: &quick_xml::events::attributes::Attribute<'e>) -> Option<(&'e str, &'e str)> {
    let Cow::Borrowed(raw) = a.value else {
        return None;
    };
    if raw.contains(['&', '\t', '\n', '\r']) {
        return None;
    }
    Some((a.key.into_inner(), raw))
}

fn xml_error(e: &quick_xml::Error) -> (String, &'static str) {
    use quick_xml::errors::{IllFormedError, SyntaxError};
    let truncated = "the file looks truncated or is not well-formed XML";
    match e {
        quick_xml::Error::Syntax(
            SyntaxError::UnclosedTag
            | SyntaxError::UnclosedComment
            | SyntaxError::UnclosedCData
            | SyntaxError::UnclosedPI
            | SyntaxError::UnclosedXmlDecl
            | SyntaxError::UnclosedDoctype
            | SyntaxError::UnclosedSingleQuotedAttributeValue
            | SyntaxError::UnclosedDoubleQuotedAttributeValue,
        ) => (format!("unexpected end of file: {e}"), truncated),
        quick_xml::Error::IllFormed(IllFormedError::MismatchedEndTag { .. }) => (
            format!("malformed XML: {e}"),
            "every start tag needs the matching end tag",
        ),
        _ => (format!("malformed XML: {e}"), truncated),
    }
}

/// Reads a GraphML document into attribute maps.
pub fn read(path: &Path, text: &str) -> Result<RawGraph> {
    read_with(path, text, None).map(|(raw, _)| raw)
}

/// Reads a GraphML document: into attribute maps, or, given a vocabulary
/// and the file's stem, straight into actors and relations (then only the
/// graph's own attributes are in the [`RawGraph`]).
fn read_with(
    path: &Path,
    text: &str,
    convert: Option<(&Vocabulary, &str)>,
) -> Result<(RawGraph, attrs::Converted)> {
    read_events(path, text, convert, true, false)
}

/// [`read_with`]; `fast` lets [`GraphmlReader::plain_data`] read the
/// `<data>` of nodes and edges (off only in tests, which check that it
/// changes nothing); `straight` converts into a graph built as it goes
/// (see [`attrs::Converted::straight_to_graph`]).
fn read_events(
    path: &Path,
    text: &str,
    convert: Option<(&Vocabulary, &str)>,
    fast: bool,
    straight: bool,
) -> Result<(RawGraph, attrs::Converted)> {
    // `<edge source="a" target="b"/>`: 30 bytes.
    let edges = || attrs::estimate_edges(text, "<edge", 30);
    let mut r = GraphmlReader {
        convert,
        converted: match convert {
            Some(_) if straight => attrs::Converted::straight_to_graph(edges()),
            Some(_) => attrs::Converted::with_edge_capacity(edges()),
            None => attrs::Converted::default(),
        },
        path,
        text,
        errors: Vec::new(),
        keys: HashMap::default(),
        keys_with_defaults: 0,
        recent_keys: Vec::new(),
        data_index: 0,
        key: None,
        graph: None,
        graphs_seen: 0,
        element: None,
        data: None,
        collect: Collect::Nothing,
        gathered: Gathered::Copied,
        collected: String::new(),
        defaults_filled: 0,
        max_defaults: crate::limits::DEFAULT_VALUES.get(),
        out: RawGraph {
            edge_ids_per_pair: true,
            element_paths: None,
            ..RawGraph::default()
        },
    };
    let mut reader = Reader::from_str(text);
    reader.config_mut().check_comments = true;
    // Open elements: which one and where the start tag begins.
    let mut stack: Vec<(Tag, usize)> = Vec::new();
    // Depth inside elements briefgraph does not read (foreign extensions).
    let mut skip = 0usize;
    let mut seen_root = false;
    // Read once: a limit's value comes from the environment.
    let depth = crate::limits::XML_DEPTH;
    let max_depth = depth.get();
    // How far quick-xml's positions lag behind the text's offsets: the
    // byte-order mark it drops without counting, and the bytes read by the
    // fast path behind its back (see `GraphmlReader::plain_data`).
    let mut shift = if text.starts_with('\u{feff}') {
        '\u{feff}'.len_utf8()
    } else {
        0
    };
    // Set after an event that may be followed by a `<graph>`'s nodes and
    // edges (its start tag, the end of one of them).
    let mut elements_next;
    // The `<data>` of an element read by `GraphmlReader::plain_elements`.
    let mut scratch = Vec::new();
    loop {
        elements_next = false;
        let before = reader.buffer_position() as usize + shift;
        let event = match reader.read_event() {
            Ok(event) => event,
            Err(e) => {
                let at = (reader.error_position() as usize + shift).min(text.len());
                let (message, hint) = xml_error(&e);
                r.push(r.diag(at, at + 1, message).hint(hint));
                return Err(Error::Invalid(r.errors));
            }
        };
        let after = reader.buffer_position() as usize + shift;
        // Text being gathered stays a slice of the file while it is plain;
        // anything else copies it out first (see `Gathered`).
        if r.collect != Collect::Nothing && skip == 0 {
            if let Gathered::Raw(from) = r.gathered {
                let plain = match &event {
                    Event::Text(t) => !t.contains('\r'),
                    Event::End(_) => r.data.as_ref().is_none_or(|d| d.children == 0),
                    _ => false,
                };
                if !plain {
                    r.collected.clear();
                    r.collected.push_str(&text[from..before]);
                    r.gathered = Gathered::Copied;
                }
            }
        }
        match event {
            Event::DocType(_) => {
                r.push(
                    r.diag(before, after, "DOCTYPE declarations are not accepted")
                        .expected("GraphML without a DTD")
                        .hint(
                            "GraphML needs no DTD; entity declarations could expand without \
                             bound, so briefgraph refuses them: remove the <!DOCTYPE …> block",
                        ),
                );
                return Err(Error::Invalid(r.errors));
            }
            // Elements inside a <data>: kept as XML text, see finish_data.
            Event::Start(_) if r.data.is_some() => {
                let data = r.data.as_mut().expect("checked");
                data.nested = true;
                data.children += 1;
            }
            Event::Empty(_) if r.data.is_some() => {
                r.data.as_mut().expect("checked").nested = true;
            }
            Event::End(_) if r.data.as_ref().is_some_and(|d| d.children > 0) => {
                r.data.as_mut().expect("checked").children -= 1;
            }
            Event::Start(e) => {
                let local = e.local_name();
                let name: &str = local.as_ref();
                let tag = Tag::of(name);
                if skip > 0 {
                    skip += 1;
                } else if !seen_root && name != "graphml" {
                    r.push(
                        r.diag(before, after, format!("the root element is `<{name}>`"))
                            .expected("`<graphml>`")
                            .hint("is this a GraphML file? pass --from to name the format"),
                    );
                    return Err(Error::Invalid(r.errors));
                } else if !r.start(&e, name, before, after) {
                    skip = 1;
                }
                seen_root = true;
                stack.push((tag, before));
                elements_next = tag == Tag::Graph && skip == 0;
                if stack.len() as u64 > max_depth {
                    let found = format!("elements nested {} deep", stack.len());
                    let d = depth.diagnostic(path, &found).at(text, before, after);
                    r.push(d);
                    return Err(Error::Invalid(r.errors));
                }
                // A node's or edge's `<data>` children as briefgraph writes
                // them are read straight from the text; quick-xml goes on
                // after them (at the first thing of another shape).
                if fast
                    && skip == 0
                    && matches!(tag, Tag::Node | Tag::Edge)
                    && r.element.is_some()
                    && (stack.len() as u64) < max_depth
                {
                    let rest: &[u8] = reader.get_mut();
                    // Only where quick-xml's position is the text's offset
                    // (not after a byte-order mark it dropped).
                    let at = rest.as_ptr() as usize - text.as_ptr() as usize;
                    if at == after {
                        let read = r.plain_data(after) - after;
                        let rest = reader.get_mut();
                        *rest = &rest[read..];
                        shift += read;
                    }
                }
            }
            Event::Empty(e) => {
                let local = e.local_name();
                let name: &str = local.as_ref();
                if skip == 0 {
                    if !seen_root && name != "graphml" {
                        r.push(
                            r.diag(before, after, format!("the root element is `<{name}>`"))
                                .expected("`<graphml>`"),
                        );
                        return Err(Error::Invalid(r.errors));
                    }
                    seen_root = true;
                    if r.start(&e, name, before, after) {
                        r.end(Tag::of(name).name(), before, after);
                        elements_next = matches!(name, "node" | "edge");
                    }
                }
            }
            Event::End(_) => {
                let (tag, _) = stack.pop().expect("quick-xml checks end tags");
                if skip > 0 {
                    skip -= 1;
                } else {
                    r.end(tag.name(), before, after);
                    elements_next = matches!(tag, Tag::Node | Tag::Edge);
                }
            }
            Event::Text(t) => {
                if r.collect != Collect::Nothing && skip == 0 && r.gathered == Gathered::Copied {
                    r.collected.push_str(&t.xml10_content());
                }
            }
            Event::CData(t) => {
                if r.collect != Collect::Nothing && skip == 0 {
                    r.collected.push_str(&t.xml10_content());
                }
            }
            Event::GeneralRef(g) => {
                let mut buf = [0; 4];
                let resolved = match g.resolve_char_ref() {
                    Ok(Some(c)) => Some(&*c.encode_utf8(&mut buf)),
                    Ok(None) => resolve_predefined_entity(&g),
                    Err(e) => {
                        r.push(
                            r.diag(before, after, format!("invalid character reference: {e}"))
                                .hint("a character reference is `&#NNN;` or `&#xHHHH;`"),
                        );
                        None
                    }
                };
                match resolved {
                    Some(s) => {
                        if r.collect != Collect::Nothing && skip == 0 {
                            r.collected.push_str(s);
                        }
                    }
                    None if g.is_char_ref() => {}
                    None => r.push(
                        r.diag(before, after, format!("undefined entity `&{};`", &*g))
                            .expected("`&lt;`, `&gt;`, `&amp;`, `&apos;`, `&quot;` or a character reference")
                            .hint("GraphML declares no entities; write `&amp;` for a literal `&`"),
                    ),
                }
            }
            Event::Eof => {
                if let Some(&(_, start)) = stack.last() {
                    let name = name_at(text, start);
                    let at = text.len();
                    let opened = crate::error::Position::of_offset(text, start);
                    r.push(
                        r.diag(
                            at.saturating_sub(1),
                            at,
                            format!(
                                "unexpected end of file: `<{name}>` opened at line {}, column {} is not closed",
                                opened.line, opened.column
                            ),
                        )
                        .expected(format!("`</{name}>`"))
                        .hint("the file looks truncated; write it again or check the copy"),
                    );
                } else if !seen_root {
                    r.push(
                        r.diag(0, text.len().min(1), "the file holds no GraphML")
                            .expected("`<graphml>`"),
                    );
                }
                break;
            }
            Event::Decl(_) | Event::PI(_) | Event::Comment(_) => {}
        }
        // A `<graph>`'s nodes and edges as briefgraph writes them are read
        // straight from the text; quick-xml goes on after them (at the
        // first element of another shape, which it reads whole).
        if fast
            && elements_next
            && skip == 0
            && r.graph.is_some()
            && r.element.is_none()
            && r.data.is_none()
            && r.collect == Collect::Nothing
            && matches!(stack.last(), Some((Tag::Graph, _)))
            && (stack.len() as u64) + 2 <= max_depth
        {
            let rest: &[u8] = reader.get_mut();
            // Only where quick-xml's position is the text's offset.
            let at = rest.as_ptr() as usize - text.as_ptr() as usize;
            if at == after {
                let read = r.plain_elements(after, &mut scratch) - after;
                let rest = reader.get_mut();
                *rest = &rest[read..];
                shift += read;
            }
        }
    }
    if r.graphs_seen == 0 && r.errors.is_empty() {
        r.push(
            r.diag(0, text.len().min(1), "the file has no `<graph>` element")
                .hint(
                    "a GraphML file holds its nodes and edges in <graph edgedefault=\"directed\">",
                ),
        );
    }
    if r.errors.is_empty() {
        Ok((r.out, r.converted))
    } else {
        Err(Error::Invalid(r.errors))
    }
}

impl<'a> GraphmlReader<'a> {
    fn push(&mut self, d: Diagnostic) {
        push_capped(&mut self.errors, d);
    }

    fn diag(&self, start: usize, end: usize, message: impl Into<String>) -> Diagnostic {
        let d = Diagnostic::new(self.path, message);
        // Positioning scans the text: only for problems that will be shown.
        if keeps_more(self.errors.len()) {
            d.at(self.text, start, end)
        } else {
            d
        }
    }

    /// The attributes of a start tag, by name, with their values unescaped
    /// (borrowed from the text when there is nothing to unescape).
    fn attributes<'e>(&mut self, e: &'e BytesStart, start: usize, end: usize) -> TagAttrs<'e> {
        let mut out = TagAttrs(Vec::new());
        self.each_attribute(e, start, end, |key, value| out.0.push((key, value)));
        out
    }

    /// Every attribute of a start tag, checked (a bad one is reported and
    /// skipped) and unescaped, with no list built: `found(name, value)`.
    fn each_attribute<'e>(
        &mut self,
        e: &'e BytesStart,
        start: usize,
        end: usize,
        mut found: impl FnMut(Cow<'e, str>, Cow<'e, str>),
    ) {
        for a in e.attributes() {
            match a {
                Ok(a) => match plain_value(&a) {
                    Some((key, value)) => found(Cow::Borrowed(key), Cow::Borrowed(value)),
                    None => match a.normalized_value(XmlVersion::Implicit1_0) {
                        Ok(v) => {
                            let key = a.key.as_ref().to_string();
                            found(Cow::Owned(key), Cow::Owned(v.into_owned()));
                        }
                        Err(err) => {
                            let d = self
                                .diag(start, end, format!("invalid attribute value: {err}"))
                                .hint(
                                    "write `&amp;` for `&` and `&lt;` for `<` in attribute values",
                                );
                            self.push(d);
                        }
                    },
                },
                Err(err) => {
                    let d = self.diag(start, end, format!("malformed attribute: {err}"));
                    self.push(d);
                }
            }
        }
    }

    /// The text gathered since the start tag, up to `before` (the end tag):
    /// a slice of the file while it is plain (see [`Gathered`]).
    fn gathered_text(&mut self, before: usize) -> Cow<'a, str> {
        match std::mem::replace(&mut self.gathered, Gathered::Copied) {
            // An empty tag (`<data key="k"/>`) ends before its content starts.
            Gathered::Raw(from) => Cow::Borrowed(self.text.get(from..before).unwrap_or("")),
            Gathered::Copied => Cow::Owned(std::mem::take(&mut self.collected)),
        }
    }

    /// A string of the tag borrowed from the file's text, with the file's
    /// lifetime (quick-xml's events borrow it for less).
    fn in_text(&self, s: &str) -> Option<&'a str> {
        let text: &'a str = self.text;
        let start = (s.as_ptr() as usize).checked_sub(text.as_ptr() as usize)?;
        text.get(start..start + s.len())
            .filter(|t| t.as_ptr() == s.as_ptr())
    }

    /// The `key` attribute of a `<data>` tag, unescaped; the other
    /// attributes are checked as [`Self::attributes`] checks them.
    fn key_attribute(&mut self, e: &BytesStart, start: usize, end: usize) -> Option<Cow<'a, str>> {
        let mut key = None;
        self.each_attribute(e, start, end, |name, value| {
            if key.is_none() && name == "key" {
                key = Some(value);
            }
        });
        // A plain value is a slice of the tag; borrow it from the file's text.
        key.map(|k| match k {
            Cow::Borrowed(v) => match self.in_text(v) {
                Some(k) => Cow::Borrowed(k),
                None => Cow::Owned(v.to_string()),
            },
            Cow::Owned(v) => Cow::Owned(v),
        })
    }

    /// Handles a start tag; false when the element is to be skipped whole.
    fn start(&mut self, e: &BytesStart, name: &str, start: usize, end: usize) -> bool {
        match name {
            "graphml" => true,
            "key" => {
                let a = self.attributes(e, start, end);
                let Some(id) = a.get("id").map(str::to_string) else {
                    let d = self
                        .diag(start, end, "a <key> needs an `id`")
                        .expected("<key id=\"…\" for=\"node\" attr.name=\"…\" attr.type=\"…\"/>");
                    self.push(d);
                    return false;
                };
                let domain = match a.get("for") {
                    None | Some("all") => Domain::All,
                    Some("graph") => Domain::Graph,
                    Some("node") => Domain::Node,
                    Some("edge") => Domain::Edge,
                    Some(_) => Domain::Other,
                };
                let ty = match a.get("attr.type") {
                    None | Some("string") => ValueType::String,
                    Some("boolean") => ValueType::Boolean,
                    Some("int" | "long" | "integer") => ValueType::Integer,
                    Some("float" | "double") => ValueType::Float,
                    Some(other) => {
                        let d = self
                            .diag(start, end, format!("unknown attr.type `{other}`"))
                            .expected("boolean, int, long, float, double or string");
                        self.push(d);
                        ValueType::String
                    }
                };
                let name = a
                    .get("attr.name")
                    .map_or_else(|| id.clone(), str::to_string);
                self.key = Some(PendingKey {
                    id,
                    key: Key {
                        slot: Slot::of(&name),
                        name,
                        ty,
                        domain,
                        json: false,
                        default: None,
                    },
                    start,
                    end,
                    desc: None,
                    default: None,
                });
                true
            }
            "desc" | "default" if self.key.is_some() => {
                self.collect = if name == "desc" {
                    Collect::Desc
                } else {
                    Collect::Default
                };
                self.gathered = Gathered::Raw(end);
                true
            }
            "graph" => {
                if self.element.is_some() || self.graph.is_some() {
                    let d = self
                        .diag(start, end, "nested graphs are not supported")
                        .hint("flatten the graph: briefgraph reads one graph of nodes and edges");
                    self.push(d);
                    return false;
                }
                self.graphs_seen += 1;
                if self.graphs_seen > 1 {
                    let d = self
                        .diag(start, end, "the file holds more than one <graph>")
                        .hint("split it into one file per graph and merge them with `briefgraph merge`");
                    self.push(d);
                    return false;
                }
                let a = self.attributes(e, start, end);
                if a.get("edgedefault") == Some("undirected") {
                    let d = self
                        .diag(start, end, "the graph is undirected")
                        .expected("edgedefault=\"directed\"")
                        .hint(
                            "briefgraph graphs are directed: relations go from subject to object",
                        );
                    self.push(d);
                }
                self.graph = Some(Element {
                    domain: Domain::Graph,
                    fields: Fields::Graph(Attrs::new()),
                    start,
                    end,
                });
                true
            }
            "node" | "edge" => {
                if self.graph.is_none() || self.element.is_some() {
                    let d = self.diag(start, end, format!("<{name}> outside a <graph>"));
                    self.push(d);
                    return false;
                }
                let a = self.attributes(e, start, end);
                self.start_element(&a, name == "node", start, end);
                true
            }
            "data" => {
                if self.element.is_none() && self.graph.is_none() {
                    // <data> of the <graphml> element itself: nothing of the graph's.
                    return false;
                }
                let Some(key) = self.key_attribute(e, start, end) else {
                    let d = self
                        .diag(start, end, "a <data> needs a `key`")
                        .expected("<data key=\"…\">");
                    self.push(d);
                    return false;
                };
                self.data = Some(PendingData {
                    key,
                    start,
                    end,
                    inner: end,
                    children: 0,
                    nested: false,
                });
                self.collect = Collect::Data;
                self.gathered = Gathered::Raw(end);
                true
            }
            "hyperedge" | "port" | "locator" => {
                let what = match name {
                    "hyperedge" => "hyperedges are",
                    "port" => "ports are",
                    _ => "graphs stored elsewhere (<locator>) are",
                };
                let d = self
                    .diag(start, end, format!("{what} not supported"))
                    .hint("briefgraph reads plain nodes and directed edges");
                self.push(d);
                false
            }
            // <desc> of graphs and nodes, and other tools' extensions.
            _ => false,
        }
    }

    /// Opens a `<node>` (`node`) or an `<edge>` with these attributes, in
    /// a `<graph>`, outside any other node or edge.
    fn start_element(&mut self, a: &TagAttrs, node: bool, start: usize, end: usize) {
        self.data_index = 0;
        let (domain, fields) = if node {
            let mut node = Box::<NodeAttrs>::default();
            match a.get("id") {
                Some(id) => node.id = Some(Value::String(decode_id(id))),
                None => {
                    let d = self
                        .diag(start, end, "a <node> needs an `id`")
                        .expected("<node id=\"…\">");
                    self.push(d);
                }
            }
            (Domain::Node, Fields::Node(node))
        } else {
            let mut edge = Box::<EdgeAttrs>::default();
            for end_name in ["source", "target"] {
                match a.get(end_name) {
                    Some(v) => {
                        let v = Some(Value::String(decode_id(v)));
                        if end_name == "source" {
                            edge.source = v;
                        } else {
                            edge.target = v;
                        }
                    }
                    None => {
                        let d = self
                            .diag(start, end, format!("an <edge> needs a `{end_name}`"))
                            .expected("<edge source=\"…\" target=\"…\">");
                        self.push(d);
                    }
                }
            }
            if let Some(id) = a.get("id") {
                edge.id = Some(Value::String(decode_id(id)));
            }
            if a.get("directed") == Some("false") {
                let d = self
                    .diag(start, end, "the edge is undirected")
                    .hint("briefgraph graphs are directed: relations go from subject to object");
                self.push(d);
            }
            (Domain::Edge, Fields::Edge(edge))
        };
        self.element = Some(Element {
            domain,
            fields,
            start,
            end,
        });
    }

    /// Handles the end of an element opened by [`Self::start`].
    fn end(&mut self, name: &str, before: usize, after: usize) {
        match name {
            "desc" | "default" if self.key.is_some() => {
                let text = self.gathered_text(before).into_owned();
                let key = self.key.as_mut().expect("checked");
                if name == "desc" {
                    key.desc = Some(text);
                } else {
                    key.default = Some((text, before, after));
                }
                self.collect = Collect::Nothing;
            }
            "key" => {
                let Some(mut pending) = self.key.take() else {
                    return;
                };
                pending.key.json = pending.desc.as_deref().map(str::trim) == Some(JSON_DESC);
                if let Some((text, start, end)) = pending.default.take() {
                    match typed(&pending.key, Cow::Owned(text)) {
                        Ok(v) => pending.key.default = Some(v),
                        Err(msg) => {
                            let d = self.diag(start, end, format!("invalid <default>: {msg}"));
                            self.push(d);
                        }
                    }
                }
                let d = self
                    .diag(
                        pending.start,
                        pending.end,
                        format!("duplicate key id `{}`", pending.id),
                    )
                    .hint("every <key> needs its own id");
                match self.keys.entry(pending.id) {
                    std::collections::hash_map::Entry::Occupied(_) => self.push(d),
                    std::collections::hash_map::Entry::Vacant(v) => {
                        self.keys_with_defaults += usize::from(pending.key.default.is_some());
                        self.recent_keys.clear();
                        v.insert(Rc::new(pending.key));
                    }
                }
            }
            "data" => {
                let Some(mut data) = self.data.take() else {
                    return;
                };
                self.collect = Collect::Nothing;
                let text = self.gathered_text(before);
                data.end = data.end.max(data.start);
                self.finish_data(data, text, before);
            }
            "node" | "edge" => {
                if let Some(element) = self.element.take() {
                    let Element {
                        fields, start, end, ..
                    } = self.with_defaults(element);
                    match (fields, self.convert) {
                        (Fields::Node(node), None) => {
                            self.out.nodes.push(Located {
                                value: *node,
                                start,
                                end,
                            });
                        }
                        (Fields::Edge(edge), None) => {
                            self.out.edges.push(Located {
                                value: *edge,
                                start,
                                end,
                            });
                        }
                        (Fields::Node(node), Some(_)) => {
                            let value = attrs::actor(*node);
                            self.converted.nodes.push(Located { value, start, end });
                        }
                        (Fields::Edge(edge), Some((vocab, stem))) => {
                            let value = attrs::relation(*edge, vocab, stem);
                            self.converted.push_edge(start, end, value);
                        }
                        (Fields::Graph(_), _) => {}
                    }
                }
            }
            "graph" => {
                if let Some(graph) = self.graph.take() {
                    let graph = self.with_defaults(graph);
                    if let Fields::Graph(value) = graph.fields {
                        self.out.graph = Some(Located {
                            start: graph.start,
                            end: graph.end,
                            value,
                        });
                    }
                }
            }
            _ => {}
        }
    }

    /// Reads the `<data>` elements from `from` on while they have the shape
    /// briefgraph writes (`<data key="id">text</data>`, whitespace between,
    /// the text without markup, `\r` or references other than XML's five),
    /// exactly as the events of quick-xml would have been handled, without
    /// them. Returns where it stopped: before the first thing of another
    /// shape, which quick-xml then reads (with its checks and messages).
    fn plain_data(&mut self, from: usize) -> usize {
        let mut pos = from;
        while let Some(d) = plain_datum(self.text, pos) {
            pos = d.after;
            self.finish_plain(d);
        }
        pos
    }

    fn finish_plain(&mut self, d: PlainData<'a>) {
        let data = PendingData {
            key: Cow::Borrowed(d.key),
            start: d.start,
            end: d.content,
            inner: d.content,
            children: 0,
            nested: false,
        };
        let value = d.value.unwrap_or_else(|| {
            let raw = &self.text[d.content..d.content_end];
            unescape_plain(raw).expect("checked by `plain_datum`")
        });
        self.finish_data(data, value, d.content_end);
    }

    /// Reads the `<node>` and `<edge>` elements from `from` on while they
    /// have the shape briefgraph writes (see [`plain_start_tag`]; their
    /// children `<data>` as [`Self::plain_data`] reads them, then the end
    /// tag), exactly as the events of quick-xml would have been handled,
    /// without them. Returns where it stopped: before the first element of
    /// another shape (whole: nothing of it is handled), which quick-xml
    /// then reads. Only for a `<graph>`'s children, outside any node or edge.
    fn plain_elements(&mut self, from: usize, data: &mut Vec<PlainData<'a>>) -> usize {
        let text: &'a str = self.text;
        let bytes = text.as_bytes();
        let mut pos = from;
        loop {
            let mut p = pos;
            while bytes
                .get(p)
                .is_some_and(|b| matches!(b, b' ' | b'\n' | b'\t' | b'\r'))
            {
                p += 1;
            }
            let Some((node, attrs, tag_end, empty)) = plain_start_tag(text, p) else {
                return pos;
            };
            let name = if node { "node" } else { "edge" };
            // The whole element is checked before any of it is handled.
            data.clear();
            let (before, after) = if empty {
                (p, tag_end)
            } else {
                let mut q = tag_end;
                while let Some(d) = plain_datum(text, q) {
                    q = d.after;
                    data.push(d);
                }
                while bytes
                    .get(q)
                    .is_some_and(|b| matches!(b, b' ' | b'\n' | b'\t' | b'\r'))
                {
                    q += 1;
                }
                let close: &[u8] = if node { b"</node>" } else { b"</edge>" };
                if !bytes[q..].starts_with(close) {
                    data.clear();
                    return pos;
                }
                (q, q + close.len())
            };
            // An edge of the usual kind straight into its relation.
            if !node && self.convert.is_some() {
                if let Some(relation) = self.usual_edge(&attrs, data) {
                    data.clear();
                    self.converted.push_edge(p, tag_end, Ok(relation));
                    pos = after;
                    continue;
                }
            }
            self.start_element(&attrs, node, p, tag_end);
            for d in data.drain(..) {
                self.finish_plain(d);
            }
            self.end(name, before, after);
            pos = after;
        }
    }

    /// The key of id `id`, for the `<data>` at this place among its
    /// element's (see [`Self::recent_keys`]).
    fn key_at(&mut self, place: usize, id: &str) -> Option<Rc<Key>> {
        match self.recent_keys.get(place) {
            Some((known, key)) if known == id => Some(Rc::clone(key)),
            _ => {
                let key = self.keys.get(id).map(Rc::clone);
                if let Some(key) = &key {
                    let entry = (id.to_string(), Rc::clone(key));
                    let known = self.recent_keys.len();
                    match self.recent_keys.get_mut(place) {
                        Some(slot) => *slot = entry,
                        None if place == known => self.recent_keys.push(entry),
                        None => {}
                    }
                }
                key
            }
        }
    }

    fn finish_data(&mut self, data: PendingData<'a>, text: Cow<'a, str>, content_end: usize) {
        let place = self.data_index;
        self.data_index += 1;
        let Some(key) = self.key_at(place, &data.key) else {
            let known = self.keys.keys().map(String::as_str);
            let hint = crate::error::closest(&data.key, known)
                .map(|k| format!("did you mean `{k}`?"))
                .unwrap_or_else(|| "declare it first with <key id=\"…\" …/>".into());
            let d = self
                .diag(
                    data.start,
                    data.end,
                    format!("undeclared key `{}`", data.key),
                )
                .expected("the id of a <key> declared before the graph")
                .hint(hint);
            self.push(d);
            return;
        };
        let text = if data.nested {
            // Data holding XML (yEd's graphics): kept as the XML text.
            if key.ty != ValueType::String {
                let d = self.diag(
                    data.start,
                    data.end,
                    format!("`{}` holds XML elements, not a value", key.name),
                );
                self.push(d);
                return;
            }
            Cow::Borrowed(&self.text[data.inner..content_end])
        } else {
            text
        };
        // An edge's evidence as briefgraph writes it (JSON text of a list of
        // evidence objects), when converting: read straight into Evidence,
        // not into a generic value converted afterwards. Anything else
        // (another shape, invalid JSON) goes the general way, with its
        // messages.
        let evidence = (key.json
            && key.name == "evidence"
            && self.convert.is_some()
            && self
                .element
                .as_ref()
                .is_some_and(|e| e.domain == Domain::Edge))
        .then(|| serde_json::from_str::<EvidenceList>(&text).ok())
        .flatten()
        .map(|list| list.0);
        let typed = match evidence {
            Some(_) => Ok(Value::Null),
            None => typed(&key, text),
        };
        let value = match typed {
            Ok(v) => v,
            Err(msg) => {
                let d = self
                    .diag(
                        data.start,
                        data.end,
                        format!("invalid `{}`: {msg}", key.name),
                    )
                    .hint(format!("the <key> for `{}` declares its type", key.name));
                self.push(d);
                return;
            }
        };
        let target = match (self.element.as_mut(), self.graph.as_mut()) {
            (Some(e), _) => e,
            (None, Some(g)) => g,
            (None, None) => return,
        };
        if target.fields.has(&key.name) {
            let what = match target.domain {
                Domain::Node => "node",
                Domain::Edge => "edge",
                _ => "graph",
            };
            let d = self
                .diag(
                    data.start,
                    data.end,
                    format!("the {what} has attribute `{}` twice", key.name),
                )
                .hint(format!(
                    "`{}` is also the {what}'s own id or was given by another <data>",
                    key.name
                ));
            self.push(d);
            return;
        }
        match (evidence, &mut target.fields) {
            (Some(list), Fields::Edge(edge)) => edge.evidence = Some(EvidenceField::List(list)),
            _ => {
                let set = target.fields.set(&key.name, value);
                debug_assert!(set.is_ok(), "checked with has");
            }
        }
    }

    /// Fills in the `<default>` of every key for this kind of element that
    /// the element has no `<data>` for.
    fn with_defaults(&mut self, mut element: Element) -> Element {
        if self.keys_with_defaults == 0 {
            return element;
        }
        let mut defaults: Vec<(&String, &Value)> = self
            .keys
            .values()
            .filter(|k| k.domain == element.domain || k.domain == Domain::All)
            .filter_map(|k| k.default.as_ref().map(|d| (&k.name, d)))
            .collect();
        defaults.sort_by(|a, b| a.0.cmp(b.0));
        let limit = crate::limits::DEFAULT_VALUES;
        if self.defaults_filled > self.max_defaults {
            return element;
        }
        for (name, value) in defaults {
            if !element.fields.has(name) {
                let set = element.fields.set(name, value.clone());
                debug_assert!(set.is_ok(), "checked with has");
                self.defaults_filled += 1;
                if self.defaults_filled > self.max_defaults {
                    break;
                }
            }
        }
        if self.defaults_filled > self.max_defaults {
            let found = format!(
                "the <default>s of {} keys fill in over {} values",
                self.keys.values().filter(|k| k.default.is_some()).count(),
                crate::limits::thousands(limit.get())
            );
            let d = limit
                .diagnostic(self.path, &found)
                .at(self.text, element.start, element.end);
            self.push(d);
        }
        element
    }
}

/// A JSON list of evidence objects, read as `Vec<Evidence>` reads it into
/// a list of its exact length (serde's starts at four places, while most
/// edges have one piece of evidence).
struct EvidenceList(Vec<Evidence>);

impl<'de> serde::Deserialize<'de> for EvidenceList {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<EvidenceList, D::Error> {
        struct V;
        impl<'de> serde::de::Visitor<'de> for V {
            type Value = EvidenceList;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a list of evidence objects")
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(
                self,
                mut seq: A,
            ) -> Result<EvidenceList, A::Error> {
                let mut list = Vec::with_capacity(seq.size_hint().unwrap_or(1).min(1024));
                while let Some(e) = seq.next_element::<Evidence>()? {
                    list.push(e);
                }
                list.shrink_to_fit();
                Ok(EvidenceList(list))
            }
        }
        d.deserialize_seq(V)
    }
}

/// A `<data>` of the shape [`GraphmlReader::plain_data`] reads.
struct PlainData<'a> {
    /// Where its start tag begins.
    start: usize,
    /// The key's id.
    key: &'a str,
    /// Where its text begins and ends.
    content: usize,
    content_end: usize,
    /// Where its end tag ends.
    after: usize,
    /// The text, unescaped; `None` for a JSON list of objects (evidence as
    /// briefgraph writes it, mostly read from the text as it is: see
    /// [`usual_edge::escaped_evidence`]), unescaped when it is needed.
    value: Option<Cow<'a, str>>,
}

/// The `<data>` at `pos` (after whitespace), if it has the shape
/// [`GraphmlReader::plain_data`] reads.
fn plain_datum(text: &str, pos: usize) -> Option<PlainData<'_>> {
    const OPEN: &[u8] = b"<data key=\"";
    const CLOSE: &[u8] = b"</data>";
    let bytes = text.as_bytes();
    let mut p = pos;
    while bytes
        .get(p)
        .is_some_and(|b| matches!(b, b' ' | b'\n' | b'\t'))
    {
        p += 1;
    }
    if !bytes[p..].starts_with(OPEN) {
        return None;
    }
    let id_from = p + OPEN.len();
    let id_end = id_from + find_short(&bytes[id_from..], b'"')?;
    let id = &bytes[id_from..id_end];
    if bytes.get(id_end + 1) != Some(&b'>')
        || id
            .iter()
            .any(|b| matches!(b, b'&' | b'<' | b'>' | b'\t' | b'\n' | b'\r'))
    {
        return None;
    }
    let content = id_end + 2;
    let content_end = content + find_short(&bytes[content..], b'<')?;
    if !bytes[content_end..].starts_with(CLOSE) {
        return None;
    }
    let raw = &text[content..content_end];
    let value = if raw.starts_with("[{&quot;") {
        // Checked now as `unescape_plain` checks, unescaped if needed.
        if !escapes_plainly(raw) {
            return None;
        }
        None
    } else {
        Some(unescape_plain(raw)?)
    };
    Some(PlainData {
        start: p,
        key: &text[id_from..id_end],
        content,
        content_end,
        after: content_end + CLOSE.len(),
        value,
    })
}

/// A `<node …>` or `<edge …>` start tag at `at` of the shape briefgraph
/// writes: attributes `name="value"` after single spaces, each name once,
/// made of ASCII letters, digits, `_`, `-` and `.` (no namespace prefix),
/// each value without a reference, markup, tab or line break, so its
/// attributes are what quick-xml's would be, with nothing to report.
/// Gives whether it is a node, the attributes, where the tag ends and
/// whether it is an empty element (`/>`).
fn plain_start_tag(text: &str, at: usize) -> Option<(bool, TagAttrs<'_>, usize, bool)> {
    let b = text.as_bytes();
    let node = match b.get(at..at + 5)? {
        b"<node" => true,
        b"<edge" => false,
        _ => return None,
    };
    let mut attrs = TagAttrs(Vec::with_capacity(3));
    let mut p = at + 5;
    loop {
        match b.get(p)? {
            b'>' => return Some((node, attrs, p + 1, false)),
            b'/' if b.get(p + 1) == Some(&b'>') => return Some((node, attrs, p + 2, true)),
            b' ' => p += 1,
            _ => return None,
        }
        let name_from = p;
        if !b.get(p)?.is_ascii_alphabetic() {
            return None;
        }
        while b
            .get(p)
            .is_some_and(|c| c.is_ascii_alphanumeric() || matches!(c, b'_' | b'-' | b'.'))
        {
            p += 1;
        }
        if b.get(p..p + 2)? != b"=\"" {
            return None;
        }
        let name = &text[name_from..p];
        let value_from = p + 2;
        let value_end = value_from + find_short(&b[value_from..], b'"')?;
        let value = &text[value_from..value_end];
        if value
            .bytes()
            .any(|c| matches!(c, b'<' | b'>' | b'&' | b'\t' | b'\n' | b'\r'))
            || attrs.get(name).is_some()
        {
            return None;
        }
        attrs.0.push((Cow::Borrowed(name), Cow::Borrowed(value)));
        p = value_end + 1;
    }
}

/// Texts up to this long are searched byte by byte: memchr's setup costs
/// more than it saves on them (most ids and values of a graph file).
const SHORT: usize = 32;

/// The first `b` in `bytes` (as `memchr` finds it): the first [`SHORT`]
/// bytes one by one, the rest by memchr.
fn find_short(bytes: &[u8], b: u8) -> Option<usize> {
    let head = &bytes[..bytes.len().min(SHORT)];
    match head.iter().position(|&c| c == b) {
        Some(p) => Some(p),
        None => memchr::memchr(b, &bytes[head.len()..]).map(|p| head.len() + p),
    }
}

/// The text of a `<data>` read by [`GraphmlReader::plain_data`], with XML's
/// five entities replaced; `None` for anything quick-xml's events would
/// treat otherwise (a `\r` to normalise, a character reference, an unknown
/// or unterminated entity, a `]]>`).
fn unescape_plain(raw: &str) -> Option<Cow<'_, str>> {
    let bytes = raw.as_bytes();
    // Most texts are a few bytes, none of them special: said by one loop,
    // without a memchr call's setup for each byte searched.
    if bytes.len() <= SHORT && !bytes.iter().any(|&b| matches!(b, b'&' | b'\r' | b'>')) {
        return Some(Cow::Borrowed(raw));
    }
    // `]]>` ends in `>`, which briefgraph writes escaped.
    if memchr::memchr2(b'\r', b'>', bytes).is_some()
        && (memchr::memchr(b'\r', bytes).is_some() || memchr::memmem::find(bytes, b"]]>").is_some())
    {
        return None;
    }
    let Some(first) = memchr::memchr(b'&', bytes) else {
        return Some(Cow::Borrowed(raw));
    };
    let mut out = String::with_capacity(raw.len());
    let mut done = 0;
    let mut amp = first;
    loop {
        out.push_str(&raw[done..amp]);
        let rest = &bytes[amp..];
        let (with, len) = if rest.starts_with(b"&quot;") {
            ('"', 6)
        } else if rest.starts_with(b"&amp;") {
            ('&', 5)
        } else if rest.starts_with(b"&lt;") {
            ('<', 4)
        } else if rest.starts_with(b"&gt;") {
            ('>', 4)
        } else if rest.starts_with(b"&apos;") {
            ('\'', 6)
        } else {
            return None;
        };
        out.push(with);
        done = amp + len;
        match memchr::memchr(b'&', &bytes[done..]) {
            Some(next) => amp = done + next,
            None => break,
        }
    }
    out.push_str(&raw[done..]);
    Some(Cow::Owned(out))
}

/// Whether [`unescape_plain`] unescapes the text (gives `Some`), without
/// unescaping it.
fn escapes_plainly(raw: &str) -> bool {
    let bytes = raw.as_bytes();
    if memchr::memchr2(b'\r', b'>', bytes).is_some()
        && (memchr::memchr(b'\r', bytes).is_some() || memchr::memmem::find(bytes, b"]]>").is_some())
    {
        return false;
    }
    memchr::memchr_iter(b'&', bytes).all(|amp| {
        let rest = &bytes[amp..];
        ["&quot;", "&amp;", "&lt;", "&gt;", "&apos;"]
            .iter()
            .any(|e| rest.starts_with(e.as_bytes()))
    })
}

/// A `<data>` or `<default>` text as the value its key's type says.
fn typed(key: &Key, text: Cow<str>) -> Result<Value, String> {
    if key.json {
        return serde_json::from_str(&text).map_err(|e| format!("invalid JSON text: {e}"));
    }
    if key.ty == ValueType::String {
        return Ok(Value::String(text.into_owned()));
    }
    let t = text.trim();
    match key.ty {
        ValueType::String => unreachable!("returned above"),
        ValueType::Boolean => match t.to_ascii_lowercase().as_str() {
            "true" | "1" => Ok(Value::Bool(true)),
            "false" | "0" => Ok(Value::Bool(false)),
            _ => Err(format!("`{t}` is not a boolean (expected true or false)")),
        },
        ValueType::Integer => integer(t).ok_or_else(|| format!("`{t}` is not an integer")),
        ValueType::Float => {
            if let Some(v) = integer(t) {
                return Ok(v);
            }
            match t.parse::<f64>() {
                Ok(f) if f.is_finite() => Ok(Value::from(f)),
                // JSON has no NaN or infinity: the text is kept as it is.
                Ok(_) => Ok(Value::String(t.to_string())),
                Err(_) => Err(format!("`{t}` is not a number")),
            }
        }
    }
}

fn integer(t: &str) -> Option<Value> {
    let digits = t.strip_prefix(['-', '+']).unwrap_or(t);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    t.parse::<i64>()
        .map(Value::from)
        .ok()
        .or_else(|| t.parse::<u64>().map(Value::from).ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read_str(text: &str) -> Result<RawGraph> {
        read(Path::new("t.graphml"), text)
    }

    const HEAD: &str =
        "<?xml version=\"1.0\"?>\n<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\">\n";

    #[test]
    fn find_short_finds_what_memchr_finds() {
        for len in 0..80 {
            let mut bytes = vec![b'a'; len];
            assert_eq!(find_short(&bytes, b'<'), None);
            for at in (0..len).rev() {
                bytes[at] = b'<';
                assert_eq!(find_short(&bytes, b'<'), memchr::memchr(b'<', &bytes));
            }
        }
        for raw in [
            "",
            "a",
            "SUPPORT",
            "a&amp;b",
            "x>y",
            "]]>",
            "a\rb",
            "&bad;",
            &"é".repeat(40),
        ] {
            let long = format!("{}{raw}", "z".repeat(40));
            for text in [raw, long.as_str()] {
                let plain = unescape_plain(text);
                // What the memchr searches alone give.
                let bytes = text.as_bytes();
                let refused = memchr::memchr(b'\r', bytes).is_some()
                    || memchr::memmem::find(bytes, b"]]>").is_some();
                assert_eq!(
                    plain.is_none(),
                    refused || text.contains("&bad;"),
                    "{text:?}"
                );
                if memchr::memchr(b'&', bytes).is_none() && !refused {
                    assert!(matches!(plain, Some(Cow::Borrowed(t)) if t == text));
                }
            }
        }
    }

    #[test]
    fn typed_values_defaults_and_all_keys() {
        let text = format!(
            "{HEAD}<key id=\"k0\" for=\"node\" attr.name=\"n\" attr.type=\"int\"><default>7</default></key>\n\
             <key id=\"k1\" for=\"all\" attr.name=\"flag\" attr.type=\"boolean\"/>\n\
             <key id=\"k2\" for=\"edge\" attr.name=\"w\" attr.type=\"double\"/>\n\
             <key id=\"k3\" for=\"edge\" attr.name=\"tags\" attr.type=\"string\"><desc>json</desc></key>\n\
             <graph edgedefault=\"directed\"><data key=\"k1\">True</data>\n\
             <node id=\"a_x0020_b\"><data key=\"k0\">3</data></node><node id=\"c\"/>\n\
             <edge source=\"a_x0020_b\" target=\"c\"><data key=\"k2\">0.5</data><data key=\"k3\">[1,\"x\"]</data></edge>\n\
             <edge source=\"c\" target=\"c\"><data key=\"k2\">2</data><data key=\"k1\">0</data></edge>\n\
             </graph></graphml>\n"
        );
        let raw = read_str(&text).unwrap();
        let g = raw.graph.unwrap().value;
        assert_eq!(g["flag"], Value::Bool(true));
        assert_eq!(raw.nodes[0].value.id, Some(Value::from("a b")));
        assert_eq!(raw.nodes[0].value.rest["n"], 3);
        assert_eq!(raw.nodes[1].value.rest["n"], 7, "default applies");
        assert_eq!(raw.edges[0].value.rest["w"], 0.5);
        assert_eq!(raw.edges[0].value.rest["tags"], serde_json::json!([1, "x"]));
        assert!(
            raw.edges[1].value.rest["w"].is_i64(),
            "whole numbers stay integers"
        );
        assert_eq!(raw.edges[1].value.rest["flag"], false);
    }

    #[test]
    fn doctype_and_entities_are_refused_with_their_position() {
        let text = "<?xml version=\"1.0\"?>\n<!DOCTYPE lol [<!ENTITY a \"aaaa\">]>\n<graphml/>\n";
        let err = read_str(text).unwrap_err().to_string();
        assert!(
            err.starts_with("t.graphml:2:1: DOCTYPE declarations are not accepted"),
            "{err}"
        );
        let text = format!("{HEAD}<key id=\"k\" for=\"node\" attr.name=\"x\"/><graph><node id=\"a\"><data key=\"k\">&a;</data></node></graph></graphml>");
        let err = read_str(&text).unwrap_err().to_string();
        assert!(err.contains("t.graphml:3:"), "{err}");
        assert!(err.contains("undefined entity `&a;`"), "{err}");
    }

    #[test]
    fn truncation_and_bad_values_are_positioned() {
        let text =
            format!("{HEAD}<graph edgedefault=\"directed\">\n<node id=\"a\"/>\n<node id=\"b");
        let err = read_str(&text).unwrap_err().to_string();
        assert!(
            err.contains("t.graphml:5:1: unexpected end of file"),
            "{err}"
        );
        let text = format!("{HEAD}<graph edgedefault=\"directed\">\n<node id=\"a\"/>\n");
        let err = read_str(&text).unwrap_err().to_string();
        assert!(
            err.contains("`<graph>` opened at line 3, column 1 is not closed"),
            "{err}"
        );
        let text = format!("{HEAD}<key id=\"k\" for=\"node\" attr.name=\"n\" attr.type=\"long\"/>\n<graph><node id=\"a\"><data key=\"k\">x1</data></node><node id=\"b\"><data key=\"q\">1</data></node></graph></graphml>");
        let err = read_str(&text).unwrap_err().to_string();
        assert!(err.contains("invalid `n`: `x1` is not an integer"), "{err}");
        assert!(err.contains("undeclared key `q`"), "{err}");
    }

    #[test]
    fn deep_nesting_and_default_blowups_are_refused_with_the_limit() {
        let text = format!("{HEAD}{}", "<x>".repeat(300));
        let err = read_str(&text).unwrap_err().to_string();
        assert!(
            err.contains(
                "elements nested 257 deep: over the limit of 256 levels of nested XML elements"
            ),
            "{err}"
        );
        assert!(err.contains("BRIEFGRAPH_MAX_XML_DEPTH"), "{err}");
        let mut text = String::from(HEAD);
        for k in 0..100 {
            text.push_str(&format!(
                "<key id=\"k{k}\" for=\"node\" attr.name=\"a{k}\"><default>v</default></key>"
            ));
        }
        text.push_str("<graph>");
        // 100 keys x 300,000 nodes = 30 million values, over the 20 million default.
        for n in 0..300_000 {
            text.push_str(&format!("<node id=\"n{n}\"/>"));
        }
        text.push_str("</graph></graphml>");
        let err = read_str(&text).unwrap_err().to_string();
        assert!(
            err.contains("the <default>s of 100 keys fill in over 20,000,000 values"),
            "{err}"
        );
        assert!(err.contains("BRIEFGRAPH_MAX_DEFAULT_VALUES"), "{err}");
        assert!(err.len() < 2000, "{err}");
    }

    #[test]
    fn text_is_unescaped_and_normalised_however_it_is_split() {
        // Plain text is taken as a slice of the file; references, CDATA,
        // comments, line breaks to normalise and child elements are not.
        let text = format!(
            "{HEAD}<key id=\"k\" for=\"node\" attr.name=\"s\"/>\n\
             <key id=\"d\" for=\"node\" attr.name=\"dv\"><default>p<q>skipped</q>r</default></key>\n\
             <key id=\"a&amp;b\" for=\"node\" attr.name=\"amp\"/>\n\
             <graph>\
             <node id=\"a\"><data key=\"k\">a&amp;b<![CDATA[<c>]]><!-- x -->d\r\ne&#x41;</data></node>\
             <node id=\"b\"><data key=\"k\">x\r\ny</data><data key=\"d\"/></node>\
             <node id=\"c\"><data key=\"k\"/></node>\
             <node id=\"d\"><data key=\"k\"> plain &lt;text&gt; </data><data key=\"a&amp;b\">1</data></node>\
             </graph></graphml>"
        );
        let raw = read_str(&text).unwrap();
        let rest = |i: usize| &raw.nodes[i].value.rest;
        assert_eq!(rest(0)["s"], "a&b<c>d\neA");
        assert_eq!(rest(0)["dv"], "pr", "the default's text around a child");
        assert_eq!(rest(1)["s"], "x\ny");
        assert_eq!(rest(1)["dv"], "", "an empty <data/> is an empty string");
        assert_eq!(rest(2)["s"], "");
        assert_eq!(rest(3)["s"], " plain <text> ");
        assert_eq!(rest(3)["amp"], "1", "an escaped key id");
    }

    /// What reading gives, with or without the fast path for `<data>`: the
    /// attribute maps (or the messages), and the converted graph's messages.
    fn both_ways(text: &str) -> [String; 2] {
        let vocab = Vocabulary::builtin();
        [true, false].map(|fast| {
            let path = Path::new("t.graphml");
            let raw = match read_events(path, text, None, fast, false) {
                Ok((raw, _)) => format!("{raw:?}"),
                Err(e) => e.to_string(),
            };
            let converted = match read_events(path, text, Some((&vocab, "t")), fast, false) {
                Ok((raw, c)) => format!("{raw:?} {c:?}"),
                Err(e) => e.to_string(),
            };
            format!("{raw}\n{converted}")
        })
    }

    #[test]
    fn the_fast_path_for_data_reads_as_the_events_do() {
        let keys = "<key id=\"s\" for=\"node\" attr.name=\"label\"/>\n\
             <key id=\"n\" for=\"node\" attr.name=\"n\" attr.type=\"int\"><default>4</default></key>\n\
             <key id=\"c\" for=\"edge\" attr.name=\"class\"/>\n\
             <key id=\"ev\" for=\"edge\" attr.name=\"evidence\"><desc>json</desc></key>\n\
             <key id=\"w\" for=\"edge\" attr.name=\"weight\" attr.type=\"double\"/>\n";
        let bodies = [
            // briefgraph's shape, then the fast path stopping at each unusual thing.
            "<node id=\"a\">\n  <data key=\"s\">A &amp; &lt;b&gt; &quot;c&quot; &apos;d&apos;</data>\n  <data key=\"n\">3</data>\n</node>",
            "<node id=\"a\"><data key=\"s\">x&#65;y</data><data key=\"n\">3</data></node>",
            "<node id=\"a\"><data key=\"s\">x\r\ny</data><data key=\"n\">3</data></node>",
            "<node id=\"a\"><data key=\"s\"/><data key=\"n\">3</data></node>",
            "<node id=\"a\"><data key=\"s\">x</data ><data key=\"n\">3</data></node>",
            "<node id=\"a\"><data key='s'>x</data><data key=\"n\">3</data></node>",
            "<node id=\"a\"><data key=\"s\">x<![CDATA[y]]></data></node>",
            "<node id=\"a\"><data key=\"s\">x<!-- c -->y</data></node>",
            "<node id=\"a\"><data key=\"s\">a]]>b</data></node>",
            "<node id=\"a\"><data key=\"s\">x &bogus; y</data></node>",
            "<node id=\"a\"><data key=\"s\">x &amp y</data></node>",
            "<node id=\"a\"><data key=\"s\"><b>bold</b></data></node>",
            // Problems found on the fast path, with their positions.
            "<node id=\"a\">\n <data key=\"n\">x1</data>\n <data key=\"q\">1</data>\n <data key=\"s\">1</data><data key=\"s\">2</data></node>",
            "<node id=\"a\"><data key=\"s\">x</data><data key=\"n\">3</data></nod>",
            "<node id=\"a\"><data key=\"s\">x</data><data key=\"n\">3</data>",
            "<node id=\"a\"><data key=\"s\">x</data><data key=\"n\">3</data",
            "<node id=\"a\"/><node id=\"b\"/><edge source=\"a\" target=\"b\">\n\t<data key=\"c\">SUPPORT</data>\n\t<data key=\"ev\">[{&quot;source&quot;:&quot;s&quot;,&quot;line&quot;:2,&quot;sentence&quot;:&quot;A backs B.&quot;}]</data><data key=\"w\">0.5</data></edge>",
            "<node id=\"a\"/><node id=\"b\"/><edge source=\"a\" target=\"b\"><data key=\"ev\">[{&quot;line&quot;:&quot;x&quot;}]</data><data key=\"w\">heavy</data></edge>",
            // Lists of objects, unescaped only where needed.
            "<node id=\"a\"><data key=\"s\">[{&quot;a&quot;:1}]</data></node><node id=\"b\"/><edge source=\"a\" target=\"b\"><data key=\"c\">[{&quot;b&quot;:&lt;&gt;}]</data><data key=\"ev\">[{&quot;source&quot;:&quot;a &amp; b&quot;}]</data></edge>",
            "<node id=\"a\"/><node id=\"b\"/><edge source=\"a\" target=\"b\"><data key=\"c\">SUPPORT</data><data key=\"ev\">[{&quot;source&quot;:&quot;s&bogus;&quot;}]</data></edge>",
            "<node id=\"a\"/><node id=\"b\"/><edge source=\"a\" target=\"b\"><data key=\"c\">SUPPORT</data><data key=\"ev\">[{&quot;source&quot;:&quot;s]]>&quot;}]</data></edge>",
            "<node id=\"a\"/><node id=\"b\"/><edge source=\"a\" target=\"b\"><data key=\"c\">SUPPORT</data><data key=\"ev\">[{&quot;source&quot;:&quot;s&quot;,&quot;line&quot;:&quot;x&quot;}]</data></edge>",
            // Whole nodes and edges read from the text, then quick-xml
            // reading on at each element of another shape.
            "<node id=\"a\">\n  <data key=\"s\">A</data>\n</node>\n<node id=\"b\"/>\n<node id=\"c\"></node>\n<edge id=\"e1\" source=\"a\" target=\"b\">\n  <data key=\"c\">SUPPORT</data>\n  <data key=\"w\">0.5</data>\n</edge>\n<edge source=\"b\" target=\"c\"><data key=\"c\">REJECT</data></edge>",
            "<node id='a'/><node id=\"b\" x:y=\"1\"/><node id=\"c\" id=\"d\"/><node  id=\"e\"/><node\tid=\"f\"/><node id=\"g\" 1a=\"2\"/><node id=\"h&amp;\"/><node id=\"i\" >x</node>",
            "<node id=\"a\"/><node id=\"b\"/><edge source=\"a\" target=\"b\"><data key=\"c\">SUPPORT</data><!-- c --></edge><node id=\"c\"/>",
            "<node id=\"a\"/><node id=\"b\"/><edge source=\"a\" target=\"b\"><data key=\"c\">SUPPORT</data></edge ><node id=\"c\"/>",
            "<node id=\"a\"/><node id=\"b\"/><edge source=\"a\" target=\"b\"><data key=\"c\">SUPPORT</data><x/></edge><node id=\"c\"/>",
            "<node id=\"a\"/><nodes id=\"b\"/><edge source=\"a\" target=\"b\" directed=\"false\"/><edge source=\"a\"><data key=\"zz\">1</data></edge>",
            "<node id=\"a\"><data key=\"n\">x</data><data key=\"n\">4</data></node><node><data key=\"q\">1</data></node><edge source=\"a\" target=\"a\"><data key=\"c\">x</data>",
            "<node id=\"a\"><data key=\"s\">1</data><data key=\"n\">2</data></node><node id=\"b\"><data key=\"n\">3</data><data key=\"s\">4</data></node><key id=\"s2\" for=\"node\" attr.name=\"label2\"/><node id=\"c\"><data key=\"s2\">5</data><data key=\"s\">6</data></node>",
            "<node id=\"a\"/><node id=\"b\"/><edge source=\"a\" target=\"b\"><data key=\"c\">SUPPORT</data></edge>\r\n<node id=\"c\"/>\r\n<node id=\"d\"><data key=\"s\">x</data>\r\n</node><node id=\"x\"/></graph><graph><node id=\"y\"/>",
        ];
        for body in bodies {
            let text = format!(
                "{HEAD}{keys}<graph edgedefault=\"directed\">\n{body}\n</graph></graphml>\n"
            );
            let [fast, events] = both_ways(&text);
            assert_eq!(fast, events, "{body}");
        }
        // A byte-order mark: quick-xml drops it without counting it.
        let text = format!("\u{feff}{HEAD}{keys}<graph><node id=\"a\"><data key=\"n\">x</data></node></graph></graphml>");
        let [fast, events] = both_ways(&text);
        assert_eq!(fast, events);
    }

    #[test]
    fn usual_edges_convert_as_the_general_way_converts_them() {
        // Keys as briefgraph writes them, others of other types and names.
        let keys = "<key id=\"e_class\" for=\"edge\" attr.name=\"class\" attr.type=\"string\"/>\n\
             <key id=\"e_confidence\" for=\"edge\" attr.name=\"confidence\" attr.type=\"double\"/>\n\
             <key id=\"e_context\" for=\"edge\" attr.name=\"context\" attr.type=\"string\"/>\n\
             <key id=\"e_evidence\" for=\"edge\" attr.name=\"evidence\" attr.type=\"string\"><desc>json</desc></key>\n\
             <key id=\"e_origin\" for=\"edge\" attr.name=\"origin\" attr.type=\"string\"/>\n\
             <key id=\"e_polarity\" for=\"edge\" attr.name=\"polarity\" attr.type=\"string\"/>\n\
             <key id=\"e_predicate\" for=\"edge\" attr.name=\"predicate\" attr.type=\"string\"/>\n\
             <key id=\"e_sources\" for=\"edge\" attr.name=\"sources\" attr.type=\"string\"><desc>json</desc></key>\n\
             <key id=\"e_stance\" for=\"edge\" attr.name=\"stance\" attr.type=\"string\"/>\n\
             <key id=\"e_support\" for=\"edge\" attr.name=\"support\" attr.type=\"long\"/>\n\
             <key id=\"e_weight\" for=\"edge\" attr.name=\"weight\" attr.type=\"double\"/>\n\
             <key id=\"e_date\" for=\"edge\" attr.name=\"date\" attr.type=\"string\"/>\n\
             <key id=\"e_note\" for=\"edge\" attr.name=\"note\" attr.type=\"string\"/>\n\
             <key id=\"e_key\" for=\"edge\" attr.name=\"key\" attr.type=\"string\"/>\n\
             <key id=\"x_colour\" for=\"edge\" attr.name=\"colour\" attr.type=\"string\"/>\n\
             <key id=\"x_n\" for=\"edge\" attr.name=\"n\" attr.type=\"int\"/>\n\
             <key id=\"x_list\" for=\"edge\" attr.name=\"list\"><desc>json</desc></key>\n\
             <key id=\"x_orig\" for=\"edge\" attr.name=\"original_id\"/>\n\
             <key id=\"x_class2\" for=\"edge\" attr.name=\"class\"/>\n\
             <key id=\"x_stance_json\" for=\"edge\" attr.name=\"stance\"><desc>json</desc></key>\n\
             <key id=\"x_sources_text\" for=\"edge\" attr.name=\"sources\"/>\n\
             <key id=\"x_weight_int\" for=\"edge\" attr.name=\"weight\" attr.type=\"int\"/>\n\
             <key id=\"x_conf_text\" for=\"edge\" attr.name=\"confidence\"/>\n\
             <key id=\"x_conf_json\" for=\"edge\" attr.name=\"confidence\"><desc>json</desc></key>\n\
             <key id=\"x_ev_text\" for=\"edge\" attr.name=\"evidence\"/>\n\
             <key id=\"x_pred_int\" for=\"edge\" attr.name=\"predicate\" attr.type=\"int\"/>\n\
             <key id=\"x_id\" for=\"edge\" attr.name=\"id\"/>\n\
             <key id=\"x_target\" for=\"edge\" attr.name=\"target\"/>\n";
        let ev = "<data key=\"e_evidence\">[{&quot;source&quot;:&quot;b1&quot;,&quot;line&quot;:3,&quot;sentence&quot;:&quot;A &amp; B.&quot;}]</data>";
        let d = |k: &str, v: &str| format!("<data key=\"{k}\">{v}</data>");
        let usual = format!(
            "{}{}{}{ev}{}{}{}",
            d("e_class", "OPERATE"),
            d("e_confidence", "0.5"),
            d("e_context", "talks"),
            d("e_origin", "extracted"),
            d("e_polarity", "asserted"),
            d("e_predicate", "operates"),
        );
        let derived = format!(
            "{}{}{}{}",
            d("e_sources", "[&quot;b1&quot;]"),
            d("e_stance", "structural"),
            d("e_support", "1"),
            d("e_weight", "0.0"),
        );
        let edge = |attrs: &str, body: &str| format!("<edge {attrs}>{body}</edge>\n");
        let st = "source=\"a\" target=\"b\"";
        let bodies = [
            // The usual shape, with derived fields that say what export says.
            edge(st, &format!("{usual}{derived}")),
            edge(&format!("id=\"e1\" {st}"), &format!("{usual}{derived}")),
            edge("id=\"ec2b4fbc10c8ab8d0\" source=\"a\" target=\"b\"", &usual),
            // Derived fields that say something else are kept.
            edge(st, &format!("{usual}{}{}{}{}", d("e_sources", "[&quot;b2&quot;,&quot;b1&quot;]"), d("e_stance", "hostile"), d("e_support", "3"), d("e_weight", "2.5"))),
            edge(st, &format!("{usual}{}{}", d("e_sources", "[&quot;b1&quot;,3]"), d("e_weight", "0"))),
            edge(st, &format!("{usual}{}", d("e_sources", "{&quot;a&quot;:1}"))),
            edge(st, &format!("{usual}{}", d("e_sources", "[&quot;b1&quot;"))),
            edge(st, &format!("{usual}{}", d("x_sources_text", "[&quot;b1&quot;]"))),
            edge(st, &format!("{usual}{}", d("x_stance_json", "&quot;structural&quot;"))),
            edge(st, &format!("{usual}{}", d("x_stance_json", "4"))),
            edge(st, &format!("{usual}{}", d("x_weight_int", "0"))),
            edge(st, &format!("{usual}{}", d("e_support", "x"))),
            edge(st, &format!("{usual}{}", d("e_weight", "x"))),
            edge(&format!("id=\"k\" {st}"), &format!("{usual}{}", d("e_key", "k"))),
            edge(&format!("id=\"k\" {st}"), &format!("{usual}{}", d("e_key", "j"))),
            edge(st, &format!("{usual}{}", d("e_key", "j"))),
            edge(&format!("id=\"e1\" {st}"), &format!("{usual}{}", d("x_orig", "o"))),
            // Other attributes, of every type.
            edge(st, &format!("{usual}{}{}{}", d("x_colour", "red &lt;b&gt;"), d("x_n", "7"), d("x_list", "[1,{&quot;a&quot;:null}]"))),
            edge(st, &format!("{usual}{}", d("x_n", "seven"))),
            edge(st, &format!("{usual}{}", d("x_list", "[1,"))),
            edge(st, &format!("{usual}{}{}", d("x_colour", "red"), d("x_colour", "blue"))),
            // Unusual values and shapes, left to the general way.
            edge(st, &format!("{usual}{}", d("x_class2", "OPERATE"))),
            edge(st, &format!("{usual}{}", d("e_class", "SUPPORT"))),
            edge(st, &format!("{usual}{}", d("x_id", "i"))),
            edge(st, &format!("{usual}{}", d("x_target", "c"))),
            edge(st, &format!("{usual}{}", d("nope", "1"))),
            edge(st, &usual.replace(">OPERATE<", "> operate <")),
            edge(st, &usual.replace(">OPERATE<", ">NOPE<")),
            edge(st, &usual.replace(">asserted<", ">+<")),
            edge(st, &usual.replace(">asserted<", ">maybe<")),
            edge(st, &usual.replace(">extracted<", ">curated<")),
            edge(st, &usual.replace(">extracted<", ">guessed<")),
            edge(st, &usual.replace(">0.5<", ">1<")),
            edge(st, &usual.replace(">0.5<", ">high<")),
            edge(st, &usual.replace(">0.5<", ">inf<")),
            edge(st, &usual.replace("e_confidence", "x_conf_text")),
            edge(st, &usual.replace("e_confidence", "x_conf_json").replace(">0.5<", ">null<")),
            edge(st, &usual.replace("e_predicate", "x_pred_int").replace(">operates<", ">3<")),
            edge(st, &usual.replace(&d("e_predicate", "operates"), "")),
            edge(st, &usual.replace(&d("e_predicate", "operates"), d("e_predicate", "dances with").as_str())),
            edge(st, &usual.replace(&d("e_class", "OPERATE"), "")),
            edge(st, &usual.replace(ev, "")),
            edge(st, &usual.replace(ev, &d("e_evidence", "[]"))),
            edge(st, &usual.replace(ev, &d("e_evidence", "[{&quot;line&quot;:2}]"))),
            edge(st, &usual.replace(ev, &d("e_evidence", "[{&quot;source&quot;:&quot;s&quot;,&quot;source&quot;:&quot;t&quot;}]"))),
            edge(st, &usual.replace(ev, &d("e_evidence", "[{&quot;source&quot;:&quot;s&quot;,&quot;extra&quot;:[1]},{&quot;source&quot;:&quot;a&quot;}]"))),
            edge(st, &usual.replace(ev, &d("e_evidence", "{&quot;source&quot;:&quot;s&quot;}"))),
            edge(st, &usual.replace(ev, &d("x_ev_text", "[{&quot;source&quot;:&quot;s&quot;}]"))),
            edge(st, &usual.replace(ev, &d("x_ev_text", "s"))),
            edge(&format!("{st} directed=\"false\""), &usual),
            edge("source=\"a\"", &usual),
            edge("source=\"a_x0020_b\" target=\"b\"", &usual),
            edge(st, ""),
            format!("<edge {st}/>"),
        ];
        for body in &bodies {
            let text = format!(
                "{HEAD}{keys}<graph edgedefault=\"directed\">\n<node id=\"a\"/><node id=\"b\"/>\n{body}</graph></graphml>\n"
            );
            let [fast, events] = both_ways(&text);
            assert_eq!(fast, events, "{body}");
        }
        // With a key's <default> to fill in.
        let text = format!(
            "{HEAD}{keys}<key id=\"x_d\" for=\"edge\" attr.name=\"d\"><default>z</default></key>\n\
             <graph edgedefault=\"directed\">\n<node id=\"a\"/><node id=\"b\"/>\n{}</graph></graphml>\n",
            bodies[0]
        );
        let [fast, events] = both_ways(&text);
        assert_eq!(fast, events);
    }

    #[test]
    fn the_graph_built_as_read_is_the_assembled_one() {
        let vocab = Vocabulary::builtin();
        let keys = "<key id=\"c\" for=\"edge\" attr.name=\"class\"/>\n\
             <key id=\"x\" for=\"edge\" attr.name=\"context\"/>\n\
             <key id=\"ev\" for=\"edge\" attr.name=\"evidence\"><desc>json</desc></key>\n\
             <key id=\"al\" for=\"node\" attr.name=\"aliases\"><desc>json</desc></key>\n";
        let node = |id: &str| {
            format!(
                "<node id=\"{id}\"><data key=\"al\">[&quot;Z&quot;,&quot;Z&quot;]</data></node>"
            )
        };
        let edge = |s: &str, t: &str, class: &str, context: &str, source: &str| {
            let context = if context.is_empty() {
                String::new()
            } else {
                format!("<data key=\"x\">{context}</data>")
            };
            format!(
                "<edge source=\"{s}\" target=\"{t}\"><data key=\"c\">{class}</data>{context}\
                 <data key=\"ev\">[{{&quot;source&quot;:&quot;{source}&quot;}},{{&quot;source&quot;:&quot;a0&quot;}}]</data></edge>"
            )
        };
        let (a, b, c) = (node("a"), node("b"), node("c"));
        let ab = edge("a", "b", "SUPPORT", "", "s1");
        let ab_talks = edge("a", "b", "SUPPORT", "talks", "s2");
        let ab_again = edge("a", "b", "SUPPORT", "", "s3");
        let ac = edge("a", "c", "REJECT", "", "s1");
        let ba = edge("b", "a", "REJECT", "", "s1");
        let bodies = [
            // In order: built as read.
            format!("{a}{b}{c}{ab}{ab_talks}{ac}{ba}"),
            // Each thing that sends it the general way.
            format!("{a}{b}{c}{ab}{ab_talks}{ab_again}{ac}"),
            format!("{a}{b}{c}{ac}{ab}"),
            format!("{a}{b}{ab}{c}{ac}"),
            format!("{b}{a}{c}{ab}"),
            format!("{a}{b}{ab}{ac}"),
            format!("{a}{b}{c}{ab}{ac}{a}"),
            format!("{a}{a}{b}{ab}"),
            format!("{a}{b}{c}<node id=\"d\"><data key=\"al\">5</data></node>{ab}"),
            format!("{a}{b}{c}{ab}<edge source=\"a\" target=\"c\"/>{ba}"),
            format!("{a}{b}{c}<edge id=\"e\" source=\"a\" target=\"b\"><data key=\"c\">SUPPORT</data></edge><edge id=\"e\" source=\"a\" target=\"b\"><data key=\"c\">REJECT</data></edge>"),
            format!("{ab}{a}{b}"),
            String::new(),
            // Edge ids repeated between the same two nodes (reported) and
            // between others (allowed), in order.
            format!(
                "{a}{b}{c}<edge id=\"e\" source=\"a\" target=\"b\"><data key=\"c\">REJECT</data></edge>\
                 <edge id=\"e\" source=\"a\" target=\"b\"><data key=\"c\">SUPPORT</data></edge>\
                 <edge id=\"e\" source=\"a\" target=\"c\"><data key=\"c\">SUPPORT</data></edge>\
                 <edge id=\"f\" source=\"b\" target=\"a\"><data key=\"c\">REJECT</data></edge>\
                 <edge id=\"f\" source=\"b\" target=\"a\"><data key=\"c\">SUPPORT</data></edge>"
            ),
            format!(
                "{a}{b}{c}<edge id=\"e\" source=\"a\" target=\"b\"><data key=\"c\">REJECT</data></edge>\
                 <edge id=\"e\" source=\"a\" target=\"c\"><data key=\"c\">SUPPORT</data></edge>"
            ),
        ];
        for (i, body) in bodies.iter().enumerate() {
            let text = format!(
                "{HEAD}{keys}<graph edgedefault=\"directed\">\n{body}\n</graph></graphml>\n"
            );
            let path = Path::new("t.graphml");
            let built_as_read = read_events(path, &text, Some((&vocab, "t")), true, true)
                .is_ok_and(|(_, converted)| format!("{converted:?}").contains("On(InOrder"));
            // Still so at the end of the reading: in order, a node after
            // the edges (sent the general way by the check) and an edge
            // that did not convert (the check reports it).
            assert_eq!(built_as_read, [0, 6, 9, 13, 14].contains(&i), "{body}");
            let show = |g: Result<BriefGraph>| match g {
                Ok(g) => String::from_utf8(crate::sinks::json::write(&g)).expect("UTF-8"),
                Err(e) => e.to_string(),
            };
            let straight = show(parse(path, &text, &vocab));
            let general = show(parts(path, &text, &vocab).map(attrs::assemble));
            assert_eq!(straight, general, "{body}");
            if i == 13 {
                assert_eq!(
                    straight.matches("duplicate edge id").count(),
                    2,
                    "{straight}"
                );
            }
        }
    }

    #[test]
    fn a_byte_order_mark_does_not_shift_positions() {
        // Found by the fuzzer: positions 3 bytes short of the text's offsets
        // cut the text inside a character (here a second U+FEFF) and panicked.
        let text = format!(
            "\u{feff}{HEAD}<key id=\"k\" for=\"node\" attr.name=\"s\"/>\n\
             <graph><node id=\"a\"><data key=\"k\">x<!-- c -->\u{feff}y</data>\
             <data key=\"q\">1</data></node></graph></graphml>"
        );
        let err = read_str(&text).unwrap_err().to_string();
        let at = text.find("<data key=\"q\"").unwrap();
        let line_start = text[..at].rfind('\n').unwrap() + 1;
        let column = text[line_start..at].chars().count() + 1;
        assert!(
            err.contains(&format!("t.graphml:4:{column}: undeclared key `q`")),
            "{err}"
        );
        let text = text.replace("<data key=\"q\">1</data>", "");
        let raw = read_str(&text).unwrap();
        assert_eq!(raw.nodes[0].value.rest["s"], "x\u{feff}y");
    }

    #[test]
    fn data_holding_xml_is_kept_as_text() {
        let text = format!("{HEAD}<key id=\"g\" for=\"node\" yfiles.type=\"nodegraphics\"/>\n<graph><node id=\"a\"><data key=\"g\"><y:Shape type=\"box\"/><y:L>x</y:L></data></node></graph></graphml>");
        let raw = read_str(&text).unwrap();
        assert_eq!(
            raw.nodes[0].value.rest["g"],
            "<y:Shape type=\"box\"/><y:L>x</y:L>"
        );
    }
}

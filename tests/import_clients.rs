//! GraphML written by NetworkX and igraph, with attributes of every GraphML
//! type, imported by briefgraph (`convert`, `merge`) and read back by the
//! same library: every attribute arrives with its value and its type.

mod common;

use common::{python, Sandbox};

/// Builds a MultiDiGraph whose graph, node and edge attributes use every
/// GraphML type (boolean, int, long, float, double, string), with hostile
/// strings, parallel edges and a `<default>`, and writes it with NetworkX's
/// own GraphML writer. `int` and `float` are what NetworkX writes for
/// numpy's 32-bit numbers; two int/float subclasses registered with the
/// writer stand in for them, so numpy is not needed.
const WRITE_NX: &str = r#"
import sys, networkx as nx
from networkx.readwrite.graphml import GraphMLWriter

class Int32(int): pass
class Float32(float): pass

g = nx.MultiDiGraph(name='NetworkX <test> & "graph"', year=2025, ratio=Float32(0.5),
                    big=2**40, draft=True, weight_sum=Int32(12))
g.graph['node_default'] = {'rank': Int32(0)}
g.add_node('a & b', label='A & B <Corp>', kind='organization', seats=Int32(7),
           budget=1.5e9, share=Float32(0.25), members=123456789012, listed=False,
           note='line one\nline two \\ "quoted" é 日本', rank=Int32(3))
g.add_node('ü<x>', label='Ü', founded=1999, active=True, score=Float32(-2.0),
           debt=-0.000001, rank=Int32(0))
g.add_node('United States', label='United States', kind='state')
g.add_edge('a & b', 'ü<x>', predicate='supports', confidence=0.75, count=Int32(2),
           weight_kg=Float32(3.5), total=2**33, checked=True, note='first <b>bold</b>')
g.add_edge('a & b', 'ü<x>', predicate='opposes', confidence=0.25, count=Int32(5),
           weight_kg=Float32(0.125), total=-7, checked=False, note='')
g.add_edge('United States', 'a & b', **{'class': 'AID'}, count=Int32(1), note='parallel-free')

w = GraphMLWriter()
w.xml_type[Int32] = 'int'
w.xml_type[Float32] = 'float'
w.add_graph_element(g)
w.dump(sys.argv[1])
"#;

/// Compares, attribute by attribute, the graph NetworkX reads from the
/// original file with what briefgraph wrote: JSON (node-link) and GraphML.
/// Every original attribute must be there with an equal value of the same
/// Python type; briefgraph may add its own (kind, polarity, evidence…).
const COMPARE_NX: &str = r#"
import json, re, sys, networkx as nx
orig = nx.read_graphml(sys.argv[1])
as_json = nx.node_link_graph(json.load(open(sys.argv[2], encoding='utf-8')), edges='edges')
as_graphml = nx.read_graphml(sys.argv[3])
decode = lambda s: re.sub(r'_x([0-9A-F]{4}|[0-9A-F]{6})_', lambda m: chr(int(m.group(1), 16)), s)
as_graphml = nx.relabel_nodes(as_graphml, {n: decode(n) for n in as_graphml.nodes})

def same(where, want, got):
    for k, v in want.items():
        if k not in got:
            sys.exit(f'{where}: attribute {k!r} lost')
        if type(got[k]) is not type(v) or got[k] != v:
            sys.exit(f'{where}: {k!r} is {got[k]!r} ({type(got[k]).__name__}), '
                     f'not {v!r} ({type(v).__name__})')

checked = 0
# NetworkX keeps the <default>s it read as graph attributes; briefgraph
# gives every node without the attribute the default value instead (the
# nodes are compared below).
defaults = {k: v for k, v in orig.graph.items() if k in ('node_default', 'edge_default')}
graph_attrs = {k: v for k, v in orig.graph.items() if k not in defaults}
for name, g in [('json', as_json), ('graphml', as_graphml)]:
    same(f'{name} graph', graph_attrs, g.graph)
    if set(orig.nodes) != set(g.nodes):
        sys.exit(f'{name}: nodes {sorted(g.nodes)} are not {sorted(orig.nodes)}')
    for n, d in orig.nodes(data=True):
        want = dict(defaults.get('node_default', {}), **d)
        same(f'{name} node {n!r}', want, g.nodes[n])
        checked += len(want)
    if orig.number_of_edges() != g.number_of_edges():
        sys.exit(f'{name}: {g.number_of_edges()} edges, not {orig.number_of_edges()}')
    for u, v, d in orig.edges(data=True):
        mine = [e for e in g.get_edge_data(u, v).values()
                if e.get('predicate', e.get('class', '').lower()) == d.get('predicate', d.get('class', '').lower())]
        if len(mine) != 1:
            sys.exit(f'{name}: edge {u!r} -> {v!r} {d} not found once in {g.get_edge_data(u, v)}')
        same(f'{name} edge {u!r} -> {v!r}', d, mine[0])
        checked += len(d)
print(checked)
"#;

#[test]
fn networkx_graphml_with_every_attribute_type_imports_intact() {
    let sb = Sandbox::new();
    let nx = sb.join("nx.graphml");
    python(WRITE_NX, &[&nx]);
    let text = std::fs::read_to_string(&nx).unwrap();
    for t in ["boolean", "int", "long", "float", "double", "string"] {
        assert!(
            text.contains(&format!("attr.type=\"{t}\"")),
            "NetworkX wrote no {t} key:\n{text}"
        );
    }
    assert!(text.contains("<default>"), "{text}");
    sb.run(&["convert", "nx.graphml", "-o", "out.json"])
        .success();
    sb.run(&["convert", "nx.graphml", "-o", "out.graphml"])
        .success();
    let checked = python(
        COMPARE_NX,
        &[&nx, &sb.join("out.json"), &sb.join("out.graphml")],
    );
    let checked: usize = checked.trim().parse().unwrap();
    assert!(checked >= 70, "only {checked} attributes compared");

    // Merging it: `United States` is the registry's actor, the rest new,
    // and the file's own attributes stay on the merged nodes.
    sb.run(&["merge", "nx.graphml", "-o", "merged.json"])
        .success()
        .stderr_has("new actors (not in the registry): 2");
    let m: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(sb.join("merged.json")).unwrap()).unwrap();
    let node = |id: &str| {
        m["nodes"]
            .as_array()
            .unwrap()
            .iter()
            .find(|n| n["id"] == id)
            .unwrap_or_else(|| panic!("no node {id}"))
            .clone()
    };
    assert_eq!(node("united-states")["merged_ids"][0], "United States");
    assert_eq!(node("a & b")["members"], 123456789012u64);
    assert_eq!(node("ü<x>")["score"], -2.0);
    assert!(node("ü<x>")["score"].is_f64(), "a float stays a float");
    assert_eq!(m["graph"]["big"], 1u64 << 40);
}

/// igraph writes numbers as `double` (whole ones without a decimal point)
/// and vertex names as a `name` attribute.
const WRITE_IGRAPH: &str = r#"
import sys, igraph as ig
g = ig.Graph(directed=True)
g.add_vertices(3)
g.vs['name'] = ['Alpha & Co', 'Beta <b>', 'Gamma "G"']
g.vs['weight'] = [1.0, 2.5, -3.0]
g.vs['flag'] = [True, False, True]
g.vs['note'] = ['é', '', 'line\nbreak']
g.add_edges([(0, 1), (0, 1), (2, 0)])
g.es['predicate'] = ['supports', 'opposes', 'attacks']
g.es['strength'] = [0.5, 1.0, 2.0]
g['title'] = 'igraph & co'
g.write_graphml(sys.argv[1])
"#;

const COMPARE_IGRAPH: &str = r#"
import json, sys, igraph as ig
g = ig.Graph.Read_GraphML(sys.argv[1])
doc = json.load(open(sys.argv[2], encoding='utf-8'))
nodes = {n['name']: n for n in doc['nodes']}
for v in g.vs:
    n = nodes[v['name']]
    assert n['label'] == v['name'], n
    for k in ('weight', 'flag', 'note'):
        assert n[k] == v[k], (k, n[k], v[k])
edges = {(e['source'], e['target'], e['predicate']): e for e in doc['edges']}
ids = {v.index: v['id'] for v in g.vs}
for e in g.es:
    mine = edges[(ids[e.source], ids[e.target], e['predicate'])]
    assert mine['strength'] == e['strength'], (mine, e)
assert doc['graph']['title'] == g['title']
print(len(doc['edges']))
"#;

#[test]
fn igraph_graphml_imports_with_names_and_attributes() {
    let sb = Sandbox::new();
    let file = sb.join("ig.graphml");
    python(WRITE_IGRAPH, &[&file]);
    sb.run(&["convert", "ig.graphml", "-o", "out.json"])
        .success();
    let edges = python(COMPARE_IGRAPH, &[&file, &sb.join("out.json")]);
    assert_eq!(edges.trim(), "3", "parallel edges are kept");
}

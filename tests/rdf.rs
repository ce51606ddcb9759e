//! RDF exports (Turtle, N-Triples, N-Quads) loaded into real stores:
//! pyoxigraph answers SPARQL queries about them and rdflib parses them to
//! the same triples. Expected figures come from the graph's own JSON.

mod common;

use common::{python_needs, root, Sandbox};
use serde_json::Value;

const PIP: &str = "pyoxigraph rdflib";

/// Loads the three files into pyoxigraph and rdflib and reports what the
/// stores say beside what the JSON of the same graph says.
const SCRIPT: &str = r#"
import json, re, sys
import pyoxigraph as ox, rdflib
from rdflib.namespace import RDFS

jpath, ttl, nt, nq = sys.argv[1:5]
doc = json.load(open(jpath, encoding='utf-8'))
PREFIX = """PREFIX bg: <https://briefgraph.org/ns#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX owl: <http://www.w3.org/2002/07/owl#>
"""

def load(path, fmt):
    store = ox.Store()
    store.load(path=path, format=fmt)
    return store

def q(store, text):
    return list(store.query(PREFIX + text, use_default_graph_as_union=True))

def count(store, text):
    return int(q(store, text)[0][0].value)

edge = next(e for e in doc['edges'] if any('quote' in ev for ev in e['evidence']))
out = {}
stores = {'ttl': load(ttl, ox.RdfFormat.TURTLE), 'nt': load(nt, ox.RdfFormat.N_TRIPLES),
          'nq': load(nq, ox.RdfFormat.N_QUADS)}
for name, store in stores.items():
    r = {}
    r['actors'] = count(store, 'SELECT (COUNT(DISTINCT ?a) AS ?n) WHERE { ?a a bg:Actor }')
    r['relations'] = count(store, 'SELECT (COUNT(DISTINCT ?r) AS ?n) WHERE { ?r a bg:Relation }')
    r['labels'] = sorted([s['id'].value, s['label'].value] for s in q(store,
        'SELECT DISTINCT ?id ?label WHERE { ?a a bg:Actor ; bg:id ?id ; rdfs:label ?label }'))
    r['wikidata'] = sorted([s['id'].value, s['q'].value] for s in q(store,
        'SELECT DISTINCT ?id ?q WHERE { ?a bg:id ?id ; owl:sameAs ?q }'))
    r['ends'] = sorted([s['id'].value, s['s'].value, s['t'].value, s['c'].value, s['pol'].value] for s in q(store,
        '''SELECT DISTINCT ?id ?s ?t ?c ?pol WHERE { ?r a rdf:Statement ; bg:id ?id ;
             rdf:subject/bg:id ?s ; rdf:object/bg:id ?t ; rdf:predicate/<http://www.w3.org/2004/02/skos/core#prefLabel> ?c ;
             bg:polarity ?pol }'''))
    r['direct'] = sorted([s['s'].value, s['c'].value, s['t'].value] for s in q(store,
        '''SELECT DISTINCT ?s ?c ?t WHERE { ?a ?p ?b . ?p a rdf:Property ;
             <http://www.w3.org/2004/02/skos/core#prefLabel> ?c . ?a bg:id ?s . ?b bg:id ?t }'''))
    r['quotes'] = sorted(s['q'].value for s in q(store,
        'SELECT ?q WHERE { ?r bg:id "%s" ; bg:evidence ?e . ?e bg:quote ?q }' % edge['id']))
    r['contexts'] = sorted(s['c'].value for s in q(store, 'SELECT ?c WHERE { ?r a bg:Relation ; bg:context ?c }'))
    r['sentences'] = sorted(s['x'].value for s in q(store, 'SELECT ?x WHERE { ?e a bg:Evidence ; bg:sentence ?x }'))
    r['triples'] = sorted({(str(x.subject), str(x.predicate), str(x.object)) for x in store}) == \
        sorted({(str(x.subject), str(x.predicate), str(x.object)) for x in stores['nt']})
    r['size'] = len(store)
    out[name] = r

# N-Quads: what each source states is in the source's named graph.
nqs = stores['nq']
out['named_graphs'] = sorted(s['id'].value for s in nqs.query(PREFIX +
    'SELECT DISTINCT ?id WHERE { GRAPH ?g { ?e a bg:Evidence } ?g bg:id ?id }'))
out['misplaced_evidence'] = nqs.query(PREFIX +
    'ASK { GRAPH ?g { ?e a bg:Evidence ; bg:source ?s } FILTER(?g != ?s) }').__bool__()

# rdflib reads the same files to the same number of triples (quads).
g = rdflib.Graph(); g.parse(ttl, format='turtle')
h = rdflib.Graph(); h.parse(nt, format='nt')
d = rdflib.Dataset(); d.parse(nq, format='nquads')
out['rdflib'] = {'ttl': len(g), 'nt': len(h), 'nq': len(list(d.quads((None, None, None, None))))}
out['rdflib_actor_labels'] = sorted(str(l) for a in g.subjects(rdflib.RDF.type,
    rdflib.URIRef('https://briefgraph.org/ns#Actor')) for l in g.objects(a, RDFS.label))

# What the JSON says.
qid = re.compile(r'^Q[0-9]+$')
out['expected'] = {
  'actors': len(doc['nodes']),
  'relations': len(doc['edges']),
  'labels': sorted([n['id'], n['label']] for n in doc['nodes']),
  'wikidata': sorted([n['id'], 'http://www.wikidata.org/entity/' + n['wikidata']]
                     for n in doc['nodes'] if qid.match(n.get('wikidata') or '')),
  'ends': sorted([e['id'], e['source'], e['target'], e['class'], e['polarity']] for e in doc['edges']),
  'direct': sorted({(e['source'], e['class'], e['target']) for e in doc['edges'] if e['polarity'] == 'asserted'}),
  'quotes': sorted(ev['quote'] for ev in edge['evidence'] if 'quote' in ev),
  'contexts': sorted(e['context'] for e in doc['edges'] if 'context' in e),
  'sentences': sorted(ev['sentence'] for e in doc['edges'] for ev in e['evidence'] if 'sentence' in ev),
  'sources': sorted({ev['source'] for e in doc['edges'] for ev in e['evidence']}),
}
print(json.dumps(out, ensure_ascii=False))
"#;

/// Converts `input` to JSON, Turtle, N-Triples and N-Quads and checks what
/// the stores read against the JSON.
fn check(input: &str) -> Value {
    let sb = Sandbox::new();
    for out in ["g.json", "g.ttl", "g.nt", "g.nq"] {
        sb.run(&["convert", input, "-o", out]).success();
    }
    // Same graph, same bytes.
    for out in ["g.ttl", "g.nt", "g.nq"] {
        let again = format!("again-{out}");
        sb.run(&["convert", input, "-o", &again]).success();
        assert_eq!(
            std::fs::read(sb.join(out)).unwrap(),
            std::fs::read(sb.join(&again)).unwrap(),
            "{out} is not deterministic"
        );
    }
    let paths: Vec<String> = ["g.json", "g.ttl", "g.nt", "g.nq"]
        .iter()
        .map(|f| sb.join(f).to_str().unwrap().to_string())
        .collect();
    let args: Vec<&str> = paths.iter().map(String::as_str).collect();
    let got: Value =
        serde_json::from_str(&python_needs("pyoxigraph, rdflib", PIP, SCRIPT, &args)).unwrap();
    let want = &got["expected"];
    assert!(want["relations"].as_u64().unwrap() > 0);
    for syntax in ["ttl", "nt", "nq"] {
        let r = &got[syntax];
        for key in [
            "actors",
            "relations",
            "labels",
            "wikidata",
            "ends",
            "direct",
            "quotes",
            "contexts",
            "sentences",
        ] {
            assert_eq!(r[key], want[key], "{syntax}: {key}");
        }
        assert_eq!(r["triples"], true, "{syntax} holds other triples than nt");
        assert_eq!(
            got["rdflib"][syntax], r["size"],
            "{syntax}: rdflib and pyoxigraph count different triples"
        );
    }
    assert_eq!(got["named_graphs"], want["sources"]);
    assert_eq!(got["misplaced_evidence"], false);
    let mut labels: Vec<Value> = want["labels"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p[1].clone())
        .collect();
    labels.sort_by(|a, b| a.as_str().cmp(&b.as_str()));
    assert_eq!(got["rdflib_actor_labels"], Value::Array(labels));
    got
}

#[test]
fn bundled_graph_loads_into_pyoxigraph_and_rdflib() {
    let data = root().join("graph-data");
    let got = check(data.to_str().unwrap());
    assert!(
        !got["expected"]["wikidata"].as_array().unwrap().is_empty(),
        "the bundled graph links actors to Wikidata"
    );
    assert!(!got["expected"]["quotes"].as_array().unwrap().is_empty());
}

#[test]
fn hostile_ids_and_names_round_trip_through_every_rdf_syntax() {
    let input = root().join("tests/data/stores/hostile.json");
    let got = check(input.to_str().unwrap());
    // The fixture's hostile strings are all there, decoded exactly.
    let labels = got["ttl"]["labels"].to_string();
    for s in [
        "The \\\"Quoted\\\"\\nCouncil, Inc.; \\\\N",
        "Türkiye–Ελλάδα 東京 😀",
        "#frag/path?q=1&r=%41",
        "ends with a backslash\\\\",
    ] {
        assert!(labels.contains(s), "{s} missing from {labels}");
    }
    assert!(got["nq"]["sentences"]
        .as_array()
        .unwrap()
        .contains(&Value::from(
            "A sentence with \"quotes\", commas, and a\nnewline.\r\nCRLF too."
        )));
    assert!(got["nq"]["contexts"]
        .as_array()
        .unwrap()
        .contains(&Value::from("in \"quotes\" and\nnewlines")));
}

#[test]
fn rdf_formats_are_chosen_by_extension_and_name() {
    let sb = Sandbox::new();
    let input = root().join("tests/data/stores/hostile.json");
    let input = input.to_str().unwrap();
    sb.run(&["convert", input, "-o", "a.ttl"]).success();
    sb.run(&["convert", input, "-o", "b", "--format", "turtle"])
        .success();
    assert_eq!(
        std::fs::read(sb.join("a.ttl")).unwrap(),
        std::fs::read(sb.join("b")).unwrap()
    );
    let nt = sb.run(&["convert", input, "-o", "-", "--format", "ntriples"]);
    nt.success();
    assert!(
        nt.stdout.lines().all(|l| l.ends_with(" .")),
        "{}",
        nt.stdout
    );
    let nq = sb.run(&["convert", input, "-o", "-", "--format", "nquads"]);
    nq.success();
    assert!(nq
        .stdout
        .contains("> <https://briefgraph.org/id/source/brief%20%22one%22%20%3Cx%3E> ."));
}

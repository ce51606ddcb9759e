//! Merging the graphs of several briefs into one.
//!
//! [`Merger`] takes graphs one at a time and folds them into one:
//!
//! - **Actors** are resolved through the registry: by id, then Wikidata id,
//!   then label or alias (names, aliases and declared metonyms such as
//!   `Washington`; not demonyms). A node whose names point to different
//!   registry actors, or whose Wikidata id contradicts the actor its name
//!   finds, is *ambiguous*: it is reported and kept apart under its own id,
//!   never joined by a guess. Actors the registry does not know are joined
//!   by id and by Wikidata id.
//! - **Relations** with the same key after resolution are one edge; their
//!   evidence is unioned, so `support` counts the distinct sources that
//!   state it.
//! - **Conflicts** are found on the merged graph: the same pair with an
//!   asserted and a negated relation of one class, or with opposing classes
//!   ([`OPPOSING_CLASSES`]) in the same context.
//!
//! Every rule that combines two values is commutative and associative
//! (unions, minimums, sorted joins), and actor versions are combined in a
//! canonical order, so the result does not depend on the order of the
//! inputs, and merging a graph with itself changes nothing. Inputs are
//! folded as they come and dropped, so memory grows with the merged graph,
//! not with the inputs.

use super::BriefGraph;
use crate::model::{
    Actor, Conflict, ConflictSide, Evidence, Extra, GraphMeta, Polarity, Relation, RelationClass,
    Source,
};
use crate::registry::{Entry, NameKind, Registry};
use crate::sources::PlainEdge;
use serde_json::Value;
use std::cmp::Ordering;
use std::collections::btree_map::Entry as MapEntry;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fmt;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

/// Pairs of classes that contradict each other when one actor does both to
/// the same other actor in the same context.
pub const OPPOSING_CLASSES: &[(RelationClass, RelationClass)] = &[
    (RelationClass::SUPPORT, RelationClass::REJECT),
    (RelationClass::AGREE, RelationClass::REJECT),
    (RelationClass::CONCEDE, RelationClass::REJECT),
    (RelationClass::COOPERATE, RelationClass::ASSAULT),
    (RelationClass::RETREAT, RelationClass::MOBILIZE),
];

/// The name a merged graph gets when its inputs have different names.
pub const DEFAULT_NAME: &str = "merged";

/// A merged graph and what happened on the way.
#[derive(Debug)]
pub struct Merged {
    pub graph: BriefGraph,
    pub report: MergeReport,
}

/// Merges graphs in one call: `inputs` are (label, graph) pairs, the label
/// naming the input in the report (a file name, say).
pub fn merge<'a>(
    registry: &Registry,
    inputs: impl IntoIterator<Item = (&'a str, BriefGraph)>,
    name: Option<&str>,
) -> Merged {
    let mut merger = Merger::new(registry);
    for (label, graph) in inputs {
        merger.add(label, graph);
    }
    merger.finish(name)
}

/// What the merge did: the summary printed after `briefgraph merge`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct MergeReport {
    /// One row per input, in the order they were numbered.
    pub inputs: Vec<InputSummary>,
    pub actors: usize,
    pub relations: usize,
    /// Relations stated by more than one source.
    pub multi_source: usize,
    /// Actors found in more than one input.
    pub shared_actors: usize,
    /// Ids of the actors the registry does not know.
    pub new_actors: Vec<String>,
    /// Actors that nodes with other ids joined, and how.
    pub merged: Vec<MergedActor>,
    /// Nodes kept apart because their identity is unclear.
    pub ambiguous: Vec<Ambiguity>,
    pub conflicts: Vec<Conflict>,
}

/// One input of a merge.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InputSummary {
    pub label: String,
    /// The graph's own name.
    pub name: String,
    pub actors: usize,
    pub relations: usize,
    pub sources: usize,
    /// Its actors that the registry does not know.
    pub new_actors: usize,
}

/// An actor of the merged graph that nodes with other ids joined.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MergedActor {
    pub id: String,
    pub joins: Vec<Join>,
}

/// Nodes of one id that joined an actor of another id.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Join {
    /// The node's id in the inputs.
    pub id: String,
    /// What matched: `alias `U.S.``, `metonym `Washington``, `Wikidata Q30`…
    pub via: String,
    /// The first input (in input order) with such a node; empty for joins
    /// made across inputs (by Wikidata id).
    pub input: String,
    /// How many inputs have it.
    pub inputs: usize,
}

/// Nodes of one id kept apart, and why.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Ambiguity {
    pub id: String,
    pub reason: String,
    /// The first input with such a node; empty for a clash across inputs.
    pub input: String,
    /// How many inputs have it.
    pub inputs: usize,
}

/// One version of a node, as some inputs give it, and what it resolved to.
#[derive(Clone, Debug)]
struct Known {
    actor: Actor,
    /// The actor's fields but `extra`, packed (see [`pack_actor`]).
    packed: Box<[u8]>,
    /// Its id in the merged graph (before joins by Wikidata id).
    id: String,
    /// What matched a registry actor of another id.
    via: Option<String>,
    /// Why it is kept apart.
    ambiguous: Option<String>,
    /// How many inputs give this version, and the first of them.
    inputs: usize,
    first: usize,
    /// Whether the registry knows `id` (looked up once per version, not
    /// once per input that gives it).
    registered: bool,
    /// The place of `id` in the merger's `seen`.
    seen: u32,
}

/// How a node was identified with a registry actor.
enum Resolution<'r> {
    Registry(&'r Entry, String),
    Ambiguous(String),
    Unknown,
}

/// Folds graphs into one; see the module documentation.
pub struct Merger<'r> {
    registry: &'r Registry,
    /// The registry's actors by Wikidata id and by folded name, made once
    /// and shared by the mergers [`Merger::fork`] and [`Merger::new_like`]
    /// make.
    by_wikidata: Arc<HashMap<&'r str, Vec<&'r Entry>>>,
    by_folded: Arc<HashMap<String, Vec<&'r Entry>>>,
    names: BTreeSet<String>,
    meta_extra: Extra,
    sources: BTreeMap<String, Source>,
    /// The distinct versions of the nodes, by their id in the inputs, each
    /// resolved once: their numbers in `versions`.
    known: FxMap<String, Vec<u32>>,
    versions: Vec<Known>,
    /// The version of each node object's text [`Merger::add_plain`] met:
    /// the same text is the same node (inputs written by briefgraph
    /// repeat the same actors in the same words), which is then not read
    /// again.
    node_texts: FxMap<Box<str>, u32>,
    /// In how many inputs each actor of the merged graph was found, and
    /// the last one: in `seen`, at the place `seen_in` gives the actor's id
    /// (and each version of a node: counted without looking its id up).
    seen_in: FxMap<String, u32>,
    seen: Vec<(usize, usize)>,
    /// Relations by the hash of their key, shared with the mergers
    /// [`Merger::fork`] made.
    relations: Arc<Relations>,
    inputs: BTreeMap<usize, InputSummary>,
}

/// Relations by their key, in shards by the top bits of the key's hash,
/// each behind its own lock: mergers folding inputs on several threads put
/// every relation straight in its one place, so no thread's relations are
/// combined with another's afterwards (which copied every piece of
/// evidence once more, on one thread, into memory as large again).
struct Relations {
    shards: Vec<Mutex<Shard>>,
}

/// How many shards: with a few threads, two rarely want the same one.
const SHARD_BITS: u32 = 6;

/// The shard of a key's hash: its top bits.
fn shard_of(hash: u64) -> usize {
    (hash >> (64 - SHARD_BITS)) as usize
}

impl Relations {
    fn new() -> Relations {
        Relations {
            shards: (0..1 << SHARD_BITS)
                .map(|_| Mutex::new(Shard::default()))
                .collect(),
        }
    }

    fn shard(&self, hash: u64) -> MutexGuard<'_, Shard> {
        // A thread that panicked while holding a shard ends the merge anyway.
        self.shards[shard_of(hash)]
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
    }

    /// Folds a relation in: merged into the one of its key, or added.
    fn insert(&self, r: Relation) {
        thread_local! {
            /// The key of the relation being inserted, made before its
            /// shard is locked (the shard is chosen by its hash).
            static KEY: std::cell::RefCell<Vec<u8>> = const { std::cell::RefCell::new(Vec::new()) };
        }
        KEY.with_borrow_mut(|key| {
            key_bytes(&r, key);
            let hash = hash_key(key);
            self.shard(hash).insert_keyed(hash, key, r);
        });
    }

    /// Folds an input's relations in, as [`Relations::insert`] does one by
    /// one, but each shard locked once for all of its relations: the keys
    /// are made and hashed first, then the relations go in shard by shard
    /// (in input order within one), so the threads pass the locks (and
    /// the cache lines of the shards' tables) back and forth once per
    /// shard and input, not once per relation.
    fn insert_all(&self, relations: Vec<Relation>) {
        let n = relations.len();
        // The keys are made before any relation is taken (see `by_shard`).
        let relations: std::cell::RefCell<Vec<Option<Relation>>> =
            std::cell::RefCell::new(relations.into_iter().map(Some).collect());
        self.by_shard(
            n,
            |i, keys| {
                let relations = relations.borrow();
                append_key_bytes(relations[i].as_ref().expect("each relation once"), keys);
            },
            |shard, i, hash, key| {
                let r = relations.borrow_mut()[i]
                    .take()
                    .expect("each relation once");
                shard.insert_keyed(hash, key, r);
            },
        );
    }

    /// Folds an input's [`PlainEdge`]s in, as [`Relations::insert_all`]
    /// folds relations: `ends` gives the places of each edge's source and
    /// target among the input's nodes, `id_of` the id of a place's actor
    /// in the merged graph.
    fn insert_plain<'i>(
        &self,
        edges: &mut [PlainEdge<'_>],
        ends: &[(u32, u32)],
        id_of: impl Fn(u32) -> &'i str,
    ) {
        let n = edges.len().min(ends.len());
        // The keys are made before any edge is folded (see `by_shard`).
        let edges = std::cell::RefCell::new(edges);
        self.by_shard(
            n,
            |i, keys| {
                let (a, b) = ends[i];
                let e = &edges.borrow()[i];
                append_key_parts(
                    [id_of(a), id_of(b), &e.predicate],
                    e.context.as_deref(),
                    e.polarity,
                    keys,
                );
            },
            |shard, i, hash, key| {
                let (a, b) = ends[i];
                shard.insert_plain(hash, key, &mut edges.borrow_mut()[i], id_of(a), id_of(b));
            },
        );
    }

    /// The `n` items of an input, each keyed by `key` (which appends item
    /// `i`'s key to the buffer), handed to `insert` shard by shard (in
    /// input order within one) with their hash and key, each shard locked
    /// once: the keys are made and hashed first, so the threads pass the
    /// locks (and the cache lines of the shards' tables) back and forth
    /// once per shard and input, not once per item.
    fn by_shard(
        &self,
        n: usize,
        mut key: impl FnMut(usize, &mut Vec<u8>),
        mut insert: impl FnMut(&mut Shard, usize, u64, &[u8]),
    ) {
        /// An item's shard, number in the input, hash, and key (where it
        /// starts and ends in the keys' buffer).
        type Entry = (usize, usize, u64, usize, usize);
        thread_local! {
            static KEYS: std::cell::RefCell<(Vec<u8>, Vec<Entry>)> =
                const { std::cell::RefCell::new((Vec::new(), Vec::new())) };
        }
        KEYS.with_borrow_mut(|(keys, entries)| {
            keys.clear();
            entries.clear();
            for i in 0..n {
                let start = keys.len();
                key(i, keys);
                let hash = hash_key(&keys[start..]);
                entries.push((shard_of(hash), i, hash, start, keys.len()));
            }
            entries.sort_unstable_by_key(|&(shard, i, ..)| (shard, i));
            // A shard's table, keys and relations are tens of megabytes
            // all told, mostly not in the processor's caches: the places
            // of the items a few ahead are asked for, and then their keys
            // and relations (found from the places, asked for before).
            const PLACES_AHEAD: usize = 8;
            const RELATIONS_AHEAD: usize = 4;
            for group in entries.chunk_by(|a, b| a.0 == b.0) {
                let mut shard = self.shard(group[0].2);
                for &(.., hash, _, _) in group.iter().take(PLACES_AHEAD) {
                    shard.prefetch_place(hash);
                }
                for (j, &(_, i, hash, start, end)) in group.iter().enumerate() {
                    if let Some(&(.., ahead, _, _)) = group.get(j + PLACES_AHEAD) {
                        shard.prefetch_place(ahead);
                    }
                    if let Some(&(.., ahead, _, _)) = group.get(j + RELATIONS_AHEAD) {
                        shard.prefetch_relation(ahead);
                    }
                    insert(&mut shard, i, hash, &keys[start..end]);
                }
            }
        });
    }

    /// Takes every relation out, one per key, with its evidence (in no
    /// particular order); the shards are drained on the rayon threads,
    /// which gives the memory of the logs' chunks back to the threads
    /// that took it, for the relations' lists.
    fn take(&self) -> Vec<Relation> {
        use rayon::prelude::*;
        let drained: Vec<Vec<Relation>> = self
            .shards
            .par_iter()
            .map(|shard| shard.lock().unwrap_or_else(PoisonError::into_inner).drain())
            .collect();
        // In one list made to size: collected from the flattened lists,
        // it grew by doubling, each step a copy into fresh memory.
        let mut all = Vec::with_capacity(drained.iter().map(Vec::len).sum());
        for mut relations in drained {
            all.append(&mut relations);
        }
        all
    }
}

/// Pieces of evidence per chunk of a shard's log (576 KiB). A chunk is
/// over mimalloc's largest size class (512 KiB), so each has pages of its
/// own, which go back to the allocator's free memory the moment the chunk
/// is freed, for any size: draining a shard frees its log into the lists
/// of evidence of the shards drained next. Chunks of 72 KiB shared their
/// pages with chunks of other shards, still full, so the lists were made
/// of fresh memory, every page of it zeroed by the kernel first: with
/// these, merging 1,000 graphs of 1,000 edges touches about 50 fewer
/// 2 MiB pages (peak 521 → 485–497 MiB) and needs 3–4% less CPU time.
const LOG_CHUNK: usize = 8192;
const _: () = assert!(LOG_CHUNK * std::mem::size_of::<(u32, Logged)>() > 512 << 10);

/// A shard's log is compacted (its duplicate evidence dropped) when it
/// has doubled since the last time and holds at least this many pieces.
const COMPACT_FROM: usize = 1 << 14;

/// One shard of [`Relations`]. The relations' evidence is not kept in a
/// list per relation, grown as inputs come: the blocks such lists leave
/// behind as they grow are kept by the allocator for lists of their size,
/// which took as much memory again as the evidence itself (700 MiB to
/// merge 1,000 graphs of 1,000 edges). Every piece goes into a log of
/// fixed-size chunks, with the number of its relation, and each relation
/// gets a list of the right size when the shard is drained.
#[derive(Default)]
struct Shard {
    /// The relations' keys by their hash: a table of its own rather than
    /// a map, so that the place of a key is known before it is looked up
    /// and can be asked of memory ahead (see [`Relations::by_shard`]).
    table: Vec<Place>,
    /// One relation per key, its evidence in the log.
    relations: Vec<Relation>,
    /// The key of each relation (see [`key_bytes`]), end to end in one
    /// buffer: a relation is found by comparing its key with one slice,
    /// not with four strings of the relation found, each somewhere else
    /// in memory (a cache miss each).
    keys: Vec<u8>,
    /// The key of the relation being inserted.
    scratch: Vec<u8>,
    log: Vec<Vec<(u32, Logged)>>,
    /// Pieces in the log, and after the last compaction.
    logged: usize,
    compacted: usize,
}

/// A place of a [`Shard`]'s table: the low half of a key's hash, the
/// slot of its relation, and where the key starts and ends in the shard's
/// keys (`end` is 0 for a free place: no key is empty). Keys are found by
/// linear probing from the place the hash's high half gives ([`home`]).
#[derive(Clone, Copy, Default)]
struct Place {
    hash: u32,
    slot: u32,
    start: u32,
    end: u32,
}

/// The place of a [`Shard`]'s table a key of hash `hash` is looked for
/// from, in a table of `mask + 1` places: the hash's bits above the half
/// a [`Place`] keeps (and below those that chose the shard, up to 2^26
/// places).
fn home(hash: u64, mask: usize) -> usize {
    (hash >> 32) as usize & mask
}

impl Shard {
    /// Asks memory ahead for the place a key of hash `hash` is looked for
    /// from (see [`Relations::by_shard`]).
    fn prefetch_place(&self, hash: u64) {
        if let Some(mask) = self.table.len().checked_sub(1) {
            crate::hint::prefetch(&self.table[home(hash, mask)]);
        }
    }

    /// Asks memory ahead for the key and relation at the place a key of
    /// hash `hash` is looked for from, when they have that hash: most
    /// keys are found there.
    fn prefetch_relation(&self, hash: u64) {
        if let Some(mask) = self.table.len().checked_sub(1) {
            let place = self.table[home(hash, mask)];
            if place.end != 0 && place.hash == hash as u32 {
                crate::hint::prefetch(&self.keys[place.start as usize]);
                if let Some(r) = self.relations.get(place.slot as usize) {
                    crate::hint::prefetch_slice(std::slice::from_ref(r));
                }
            }
        }
    }

    /// Inserts a relation whose key hashes to `hash` (any hash, for tests
    /// of keys that share one).
    #[cfg(test)]
    fn insert(&mut self, hash: u64, r: Relation) {
        let mut key = std::mem::take(&mut self.scratch);
        key_bytes(&r, &mut key);
        self.insert_keyed(hash, &key, r);
        self.scratch = key;
    }

    /// Inserts a relation whose [`key_bytes`] are `key`, of hash `hash`.
    fn insert_keyed(&mut self, hash: u64, key: &[u8], mut r: Relation) {
        let evidence = std::mem::take(&mut r.evidence);
        let slot = match self.find(hash, key) {
            Some(slot) => {
                merge_relation(&mut self.relations[slot as usize], r);
                slot
            }
            None => {
                // Ids are derived from the key when the graph is built.
                r.id = String::new();
                self.add(hash, key, r)
            }
        };
        self.log(slot, evidence);
    }

    /// Inserts the relation of a [`PlainEdge`] whose key (with the ends
    /// `source` and `target`) is `key`, of hash `hash`, as
    /// [`Shard::insert_keyed`] inserts the relation `JsonEdge::relation`
    /// makes of it: made only if its key is new. Its evidence is taken.
    fn insert_plain(
        &mut self,
        hash: u64,
        key: &[u8],
        e: &mut PlainEdge<'_>,
        source: &str,
        target: &str,
    ) {
        let evidence = std::mem::take(&mut e.evidence);
        let slot = match self.find(hash, key) {
            Some(slot) => {
                merge_plain(&mut self.relations[slot as usize], e);
                slot
            }
            None => {
                let text = |t: &Option<std::borrow::Cow<'_, str>>| t.as_deref().map(String::from);
                let r = Relation {
                    id: String::new(),
                    source: source.to_string(),
                    target: target.to_string(),
                    predicate: e.predicate.to_string(),
                    class: e.class,
                    polarity: e.polarity,
                    context: text(&e.context),
                    date: text(&e.date),
                    origin: e.origin,
                    confidence: e.confidence,
                    note: text(&e.note),
                    evidence: Vec::new(),
                    extra: Extra::new(),
                };
                self.add(hash, key, r)
            }
        };
        self.log(slot, evidence);
    }

    /// The slot of the relation whose key is `key`, of hash `hash`.
    fn find(&self, hash: u64, key: &[u8]) -> Option<u32> {
        let mask = self.table.len().checked_sub(1)?;
        let mut i = home(hash, mask);
        loop {
            let place = self.table[i];
            if place.end == 0 {
                return None;
            }
            if place.hash == hash as u32
                && self.keys[place.start as usize..place.end as usize] == *key
            {
                return Some(place.slot);
            }
            i = (i + 1) & mask;
        }
    }

    /// Adds a relation of a new key (its evidence goes in the log).
    fn add(&mut self, hash: u64, key: &[u8], r: Relation) -> u32 {
        let slot = u32::try_from(self.relations.len()).expect("under 4 billion relations");
        self.relations.push(r);
        let start = u32::try_from(self.keys.len()).expect("keys under 4 GiB per shard");
        self.keys.extend_from_slice(key);
        let end = u32::try_from(self.keys.len()).expect("keys under 4 GiB per shard");
        // At most three places in four taken.
        if self.relations.len() * 4 > self.table.len() * 3 {
            self.grow();
        }
        self.put(Place {
            hash: hash as u32,
            slot,
            start,
            end,
        });
        slot
    }

    /// Puts a key's place in the first free place from its home.
    fn put(&mut self, place: Place) {
        let mask = self.table.len() - 1;
        let mut i = home(self.hash_at(place), mask);
        while self.table[i].end != 0 {
            i = (i + 1) & mask;
        }
        self.table[i] = place;
    }

    /// The hash of the key at `place` (whose low half the place keeps).
    fn hash_at(&self, place: Place) -> u64 {
        hash_key(&self.keys[place.start as usize..place.end as usize])
    }

    /// Doubles the table (256 places at first), every key put back.
    fn grow(&mut self) {
        let size = (self.table.len() * 2).max(256);
        let old = std::mem::replace(&mut self.table, vec![Place::default(); size]);
        for place in old {
            if place.end != 0 {
                self.put(place);
            }
        }
    }

    /// Logs the evidence of the relation in `slot`.
    fn log(&mut self, slot: u32, evidence: Vec<Evidence>) {
        self.logged += evidence.len();
        for e in evidence {
            match self.log.last_mut() {
                Some(chunk) if chunk.len() < LOG_CHUNK => chunk.push((slot, Logged::from(e))),
                _ => {
                    let mut chunk = Vec::with_capacity(LOG_CHUNK);
                    chunk.push((slot, Logged::from(e)));
                    self.log.push(chunk);
                }
            }
        }
        // Duplicates go when the graph is built (evidence is sorted and
        // deduplicated there), and now and then on the way, so merging a
        // graph with itself many times does not pile them up.
        if self.logged >= COMPACT_FROM.max(2 * self.compacted) {
            self.compact();
        }
    }

    /// Drops duplicate evidence from the log. The log then holds at most
    /// twice what it would without duplicates, or [`COMPACT_FROM`] pieces
    /// (per shard), however many times a graph is merged with itself.
    fn compact(&mut self) {
        let relations = self.drain();
        // Not again while the relations go back in.
        self.compacted = usize::MAX / 4;
        for mut r in relations {
            r.evidence.sort_unstable();
            r.evidence.dedup();
            let mut key = std::mem::take(&mut self.scratch);
            key_bytes(&r, &mut key);
            self.insert_keyed(hash_key(&key), &key, r);
            self.scratch = key;
        }
        self.compacted = self.logged;
    }

    /// Takes the relations out, each with its evidence in a list of its
    /// size; the log's chunks are freed as they are emptied.
    fn drain(&mut self) -> Vec<Relation> {
        let mut relations = std::mem::take(&mut self.relations);
        let mut counts = vec![0usize; relations.len()];
        for chunk in &self.log {
            for (slot, _) in chunk {
                counts[*slot as usize] += 1;
            }
        }
        for (r, n) in relations.iter_mut().zip(counts) {
            r.evidence.reserve_exact(n);
        }
        for chunk in std::mem::take(&mut self.log) {
            for (slot, e) in chunk {
                relations[slot as usize].evidence.push(e.into());
            }
        }
        self.table = Vec::new();
        self.keys = Vec::new();
        self.logged = 0;
        self.compacted = 0;
        relations
    }
}

/// A piece of evidence as a shard's log holds it: the fields evidence
/// read from graph files usually has (source, line, sentence) in a third
/// of the room of an [`Evidence`], whose other, rarer fields (offsets,
/// quote, rule...) make it 200 bytes. The log is freed only after the
/// relations' lists of evidence are made from it, so its size adds to the
/// merge's peak memory: with whole [`Evidence`]s, 200 MiB of the 630 MiB
/// of merging 1,000 graphs of 1,000 edges, every page of it zeroed by the
/// kernel first. Strings are moved, not copied, either way.
enum Logged {
    Usual {
        source: String,
        sentence_no: Option<u32>,
        line: Option<u32>,
        sentence: Option<String>,
    },
    Other(Box<Evidence>),
}

impl From<Evidence> for Logged {
    fn from(e: Evidence) -> Logged {
        match e {
            Evidence {
                source,
                sentence_no,
                start: None,
                end: None,
                line,
                sentence,
                quote: None,
                rule: None,
                attributed_to: None,
                page: None,
                resolved: None,
            } => Logged::Usual {
                source,
                sentence_no,
                line,
                sentence,
            },
            other => Logged::Other(Box::new(other)),
        }
    }
}

impl From<Logged> for Evidence {
    fn from(l: Logged) -> Evidence {
        match l {
            Logged::Usual {
                source,
                sentence_no,
                line,
                sentence,
            } => Evidence {
                source,
                sentence_no,
                line,
                sentence,
                ..Evidence::default()
            },
            Logged::Other(e) => *e,
        }
    }
}

/// FxHash, as rustc uses: much faster than SipHash on the short strings
/// of ids and relation keys. It does not resist chosen collisions, which
/// would only slow down a merge of files one wrote to that end.
#[derive(Clone, Copy, Default)]
pub struct FxHasher(u64);

impl std::hash::Hasher for FxHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            self.add(u64::from_le_bytes(c.try_into().expect("8 bytes")));
        }
        // The last 1 to 7 bytes as one word, read without copying them
        // into a buffer first (a call to memcpy per string hashed): two
        // overlapping 4-byte reads, or the first, middle and last byte,
        // with the count, so that `ab` and `abb` differ.
        let rest = chunks.remainder();
        let n = rest.len();
        if n > 0 {
            let word = if n >= 4 {
                let lo = u32::from_le_bytes(rest[..4].try_into().expect("4 bytes"));
                let hi = u32::from_le_bytes(rest[n - 4..].try_into().expect("4 bytes"));
                u64::from(lo) | u64::from(hi) << 32
            } else {
                u64::from(rest[0]) | u64::from(rest[n / 2]) << 8 | u64::from(rest[n - 1]) << 16
            };
            self.add(word ^ (n as u64) << 59);
        }
    }

    fn write_u8(&mut self, i: u8) {
        self.add(u64::from(i));
    }

    fn write_usize(&mut self, i: usize) {
        self.add(i as u64);
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

impl FxHasher {
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
}

type FxMap<K, V> = HashMap<K, V, std::hash::BuildHasherDefault<FxHasher>>;
type FxSet<K> = std::collections::HashSet<K, std::hash::BuildHasherDefault<FxHasher>>;

/// A name with its whitespace collapsed.
fn normalise(name: &str) -> String {
    name.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn fold(name: &str) -> String {
    normalise(name).to_lowercase()
}

fn name_kind(kind: NameKind) -> &'static str {
    match kind {
        NameKind::Id => "id",
        NameKind::Name => "name",
        NameKind::Alias => "alias",
        NameKind::Metonym => "metonym",
        NameKind::Demonym => "demonym",
    }
}

impl<'r> Merger<'r> {
    pub fn new(registry: &'r Registry) -> Merger<'r> {
        let mut by_wikidata: HashMap<&str, Vec<&Entry>> = HashMap::new();
        let mut by_folded: HashMap<String, Vec<&Entry>> = HashMap::new();
        for e in registry.entries() {
            if let Some(q) = &e.wikidata {
                by_wikidata.entry(q.as_str()).or_default().push(e);
            }
            for name in e.names() {
                let list = by_folded.entry(fold(name)).or_default();
                if !list.iter().any(|x| x.id == e.id) {
                    list.push(e);
                }
            }
        }
        Merger {
            registry,
            by_wikidata: Arc::new(by_wikidata),
            by_folded: Arc::new(by_folded),
            names: BTreeSet::new(),
            meta_extra: Extra::new(),
            sources: BTreeMap::new(),
            known: FxMap::default(),
            versions: Vec::new(),
            node_texts: FxMap::default(),
            seen_in: FxMap::default(),
            seen: Vec::new(),
            relations: Arc::new(Relations::new()),
            inputs: BTreeMap::new(),
        }
    }

    /// Which registry actor a node is, if the registry can tell.
    fn resolve(&self, actor: &Actor) -> Resolution<'r> {
        if let Some(e) = self.registry.get(&actor.id) {
            return Resolution::Registry(e, "id".into());
        }
        if let Some(q) = &actor.wikidata {
            match self.by_wikidata.get(q.as_str()).map(Vec::as_slice) {
                Some([e]) => return Resolution::Registry(e, format!("Wikidata {q}")),
                Some(many) => {
                    let ids: Vec<&str> = many.iter().map(|e| e.id.as_str()).collect();
                    return Resolution::Ambiguous(format!(
                        "Wikidata {q} belongs to several registry actors: {}",
                        ids.join(", ")
                    ));
                }
                None => {}
            }
        }
        // Each registry actor the node's names point to, with the first name that did.
        let mut found: BTreeMap<&str, (&'r Entry, String)> = BTreeMap::new();
        for name in std::iter::once(&actor.label).chain(&actor.aliases) {
            let name = normalise(name);
            if name.is_empty() {
                continue;
            }
            match self.registry.resolve(&name) {
                // An adjective ("American") is not a name of the actor.
                Some((_, NameKind::Demonym)) => {}
                Some((e, kind)) => {
                    found
                        .entry(e.id.as_str())
                        .or_insert_with(|| (e, format!("{} `{name}`", name_kind(kind))));
                }
                None => {
                    // A name several actors share once case is ignored.
                    if let Some(list) = self.by_folded.get(&fold(&name)).filter(|l| l.len() > 1) {
                        for e in list {
                            found
                                .entry(e.id.as_str())
                                .or_insert_with(|| (e, format!("name `{name}`")));
                        }
                    }
                }
            }
        }
        match found.len() {
            0 => Resolution::Unknown,
            1 => {
                let (e, via) = found.into_values().next().expect("one");
                match (&actor.wikidata, &e.wikidata) {
                    (Some(mine), Some(theirs)) if mine != theirs => Resolution::Ambiguous(format!(
                        "{via} names `{}`, but its Wikidata id {mine} is not {theirs}",
                        e.id
                    )),
                    _ => Resolution::Registry(e, via),
                }
            }
            _ => {
                let list: Vec<String> = found
                    .values()
                    .map(|(e, via)| format!("{via} names `{}`", e.id))
                    .collect();
                Resolution::Ambiguous(list.join(", "))
            }
        }
    }

    /// Adds the next input; `label` names it in the report.
    pub fn add(&mut self, label: &str, graph: BriefGraph) {
        let index = self.inputs.keys().next_back().map_or(0, |i| i + 1);
        self.add_nth(index, label, graph);
    }

    /// Adds input number `index` (the report lists inputs by number, so
    /// inputs read in parallel may come in any order).
    pub fn add_nth(&mut self, index: usize, label: &str, graph: BriefGraph) {
        self.add_parts(index, label, graph.into_parts());
    }

    /// Adds input number `index` given as its parts: metadata, actors with
    /// distinct ids, and relations (equal keys are merged here).
    pub fn add_parts(
        &mut self,
        index: usize,
        label: &str,
        (meta, actors, relations): (GraphMeta, Vec<Actor>, Vec<Relation>),
    ) {
        let mut summary = self.add_meta(label, meta, actors.len(), relations.len());
        // Node ids of this input that the merged graph knows by another id.
        let mut renamed: FxMap<String, String> = FxMap::default();
        let mut packed = Vec::new();
        for actor in actors {
            let v = self.add_actor(index, actor, &mut packed);
            let k = &self.versions[v as usize];
            if k.id != k.actor.id {
                renamed.insert(k.actor.id.clone(), k.id.clone());
            }
            if !k.registered {
                summary.new_actors += 1;
            }
        }
        let mut relations = relations;
        // Most inputs name their nodes as the merged graph does.
        if !renamed.is_empty() {
            for r in &mut relations {
                if let Some(id) = renamed.get(&r.source) {
                    r.source.clone_from(id);
                }
                if let Some(id) = renamed.get(&r.target) {
                    r.target.clone_from(id);
                }
            }
        }
        self.relations.insert_all(relations);
        self.inputs.insert(index, summary);
    }

    /// The summary of an input, its metadata folded in.
    fn add_meta(
        &mut self,
        label: &str,
        meta: GraphMeta,
        actors: usize,
        relations: usize,
    ) -> InputSummary {
        let summary = InputSummary {
            label: label.to_string(),
            name: meta.name.clone(),
            actors,
            relations,
            sources: meta.sources.len(),
            new_actors: 0,
        };
        self.names.insert(meta.name);
        merge_extra(&mut self.meta_extra, meta.extra);
        for s in meta.sources {
            match self.sources.entry(s.id.clone()) {
                MapEntry::Vacant(v) => {
                    v.insert(s);
                }
                MapEntry::Occupied(mut o) => merge_source(o.get_mut(), s),
            }
        }
        summary
    }

    /// Folds a node of input `index` in: counted with the version equal
    /// to it, or resolved as a new version. Gives the version's number.
    fn add_actor(&mut self, index: usize, actor: Actor, packed: &mut Vec<u8>) -> u32 {
        // `k.actor == actor`, reading one buffer per known version.
        pack_actor(&actor, packed);
        let versions = &self.versions;
        let found = self.known.get(&actor.id).and_then(|list| {
            list.iter().copied().find(|&v| {
                let k = &versions[v as usize];
                *k.packed == **packed && k.actor.extra == actor.extra
            })
        });
        if let Some(v) = found {
            self.see_version(v, index);
            return v;
        }
        let mut k = Known {
            packed: packed.as_slice().into(),
            id: actor.id.clone(),
            via: None,
            ambiguous: None,
            inputs: 1,
            first: index,
            registered: false,
            seen: 0,
            actor,
        };
        match self.resolve(&k.actor) {
            Resolution::Registry(entry, via) => {
                if entry.id != k.actor.id {
                    k.via = Some(via);
                    k.id.clone_from(&entry.id);
                }
            }
            Resolution::Ambiguous(reason) => k.ambiguous = Some(reason),
            Resolution::Unknown => {}
        }
        k.registered = self.registry.get(&k.id).is_some();
        k.seen = seen_place(&mut self.seen_in, &mut self.seen, &k.id);
        self.see(k.seen, index);
        let v = u32::try_from(self.versions.len()).expect("under 4 billion versions");
        self.known.entry(k.actor.id.clone()).or_default().push(v);
        self.versions.push(k);
        v
    }

    /// Counts input `index` for version `v`.
    fn see_version(&mut self, v: u32, index: usize) {
        let k = &mut self.versions[v as usize];
        k.inputs += 1;
        k.first = k.first.min(index);
        let place = k.seen;
        self.see(place, index);
    }

    /// Counts input `index` among those the actor at `place` in `seen` was
    /// found in (once, however many of its nodes resolve to the actor).
    fn see(&mut self, place: u32, index: usize) {
        let seen = &mut self.seen[place as usize];
        if seen.1 != index {
            *seen = (seen.0 + 1, index);
        }
    }

    /// Adds input number `index` as read by `sources::json_fast::read_plain`
    /// from the file `path`, if it is valid as it is: what
    /// [`Merger::add_parts`] does with the parts `sources::json::parts`
    /// reads, but with no actor made of a node whose text this merger has
    /// met, and no relation made of an edge whose key it has (its fields
    /// and evidence folded into the relation there). Gives `false`, having
    /// changed nothing, when a node does not convert, a node id repeats,
    /// an edge id repeats or names a missing node, or the `graph` object is
    /// invalid: the general reading then says what is wrong.
    pub(crate) fn add_plain(
        &mut self,
        index: usize,
        label: &str,
        path: &std::path::Path,
        doc: &mut crate::sources::PlainDoc<'_>,
    ) -> bool {
        /// A node of the input: a version met before, or a new actor.
        enum Node {
            Met(u32),
            New(Actor),
        }
        // First everything checked, as `sources::attrs::check` does.
        let stem = crate::sources::attrs::file_stem(path);
        let meta = match doc.graph.take() {
            Some(g) => match crate::sources::attrs::graph_meta(g, &stem) {
                Ok(meta) => meta,
                Err(_) => return false,
            },
            None => GraphMeta {
                name: stem,
                ..GraphMeta::default()
            },
        };
        let mut nodes = Vec::with_capacity(doc.nodes.len());
        for &text in &doc.nodes {
            nodes.push(match self.node_texts.get(text) {
                Some(&v) => Node::Met(v),
                None => match crate::sources::node_actor(text) {
                    Some(Ok(actor)) => Node::New(actor),
                    _ => return false,
                },
            });
        }
        // Each node id's place in the input.
        let mut places: FxMap<&str, u32> = FxMap::default();
        places.reserve(nodes.len());
        for (i, n) in nodes.iter().enumerate() {
            let id = match n {
                Node::Met(v) => self.versions[*v as usize].actor.id.as_str(),
                Node::New(actor) => actor.id.as_str(),
            };
            if places.insert(id, i as u32).is_some() {
                return false;
            }
        }
        let mut ends = Vec::with_capacity(doc.edges.len());
        let mut ids: FxSet<&str> = FxSet::default();
        ids.reserve(doc.edges.len());
        // briefgraph writes an input's edges in key order: the source is
        // often the one before.
        let mut last: Option<(&str, u32)> = None;
        for e in &doc.edges {
            let source = match last {
                Some((id, place)) if id == e.source => Some(place),
                _ => places.get(&*e.source).copied(),
            };
            match (source, places.get(&*e.target)) {
                (Some(a), Some(&b)) => {
                    last = Some((&*e.source, a));
                    ends.push((a, b));
                }
                _ => return false,
            }
            if let Some(id) = &e.id {
                if !ids.insert(id) {
                    return false;
                }
            }
        }
        drop(ids);
        drop(places);

        // Then folded in, as `add_parts` does.
        let mut summary = self.add_meta(label, meta, nodes.len(), doc.edges.len());
        let mut packed = Vec::new();
        let mut version_of = Vec::with_capacity(nodes.len());
        for (n, &text) in nodes.into_iter().zip(&doc.nodes) {
            let v = match n {
                Node::Met(v) => {
                    self.see_version(v, index);
                    v
                }
                Node::New(actor) => {
                    let v = self.add_actor(index, actor, &mut packed);
                    self.node_texts.insert(text.into(), v);
                    v
                }
            };
            if !self.versions[v as usize].registered {
                summary.new_actors += 1;
            }
            version_of.push(v);
        }
        // Each edge's ends by the ids of the merged graph, the input's
        // places' ids in one short list (not each in its version, large
        // and somewhere among thousands).
        let ids: Vec<&str> = version_of
            .iter()
            .map(|&v| self.versions[v as usize].id.as_str())
            .collect();
        let id_of = |place: u32| ids[place as usize];
        self.relations.insert_plain(&mut doc.edges, &ends, id_of);
        self.inputs.insert(index, summary);
        true
    }

    /// A merger with the same registry, to fold other inputs in parallel
    /// and [`Merger::absorb`] afterwards. Forks share one store of
    /// relations (each folded in its place as it comes, whatever merger
    /// folds it); the rest of what a fork folds is its own until absorbed.
    pub fn fork(&self) -> Merger<'r> {
        self.with_relations(Arc::clone(&self.relations))
    }

    /// What [`Merger::new`] gives for this merger's registry (nothing
    /// folded, relations of its own), without indexing the registry again.
    pub fn new_like(&self) -> Merger<'r> {
        self.with_relations(Arc::new(Relations::new()))
    }

    /// An empty merger with this one's registry and this store of relations.
    fn with_relations(&self, relations: Arc<Relations>) -> Merger<'r> {
        Merger {
            registry: self.registry,
            by_wikidata: Arc::clone(&self.by_wikidata),
            by_folded: Arc::clone(&self.by_folded),
            names: BTreeSet::new(),
            meta_extra: Extra::new(),
            sources: BTreeMap::new(),
            known: FxMap::default(),
            versions: Vec::new(),
            node_texts: FxMap::default(),
            seen_in: FxMap::default(),
            seen: Vec::new(),
            relations,
            inputs: BTreeMap::new(),
        }
    }

    /// Adds everything another merger folded (of other inputs): the result
    /// is what one merger given all the inputs would hold.
    pub fn absorb(&mut self, other: Merger<'r>) {
        self.names.extend(other.names);
        merge_extra(&mut self.meta_extra, other.meta_extra);
        for (id, s) in other.sources {
            match self.sources.entry(id) {
                MapEntry::Vacant(v) => {
                    v.insert(s);
                }
                MapEntry::Occupied(mut o) => merge_source(o.get_mut(), s),
            }
        }
        let mut theirs: Vec<Option<Known>> = other.versions.into_iter().map(Some).collect();
        for (id, list) in other.known {
            let mine = self.known.entry(id).or_default();
            for v in list {
                let k = theirs[v as usize].take().expect("each version once");
                let versions = &mut self.versions;
                match mine
                    .iter()
                    .copied()
                    .find(|&m| versions[m as usize].actor == k.actor)
                {
                    Some(m) => {
                        let m = &mut versions[m as usize];
                        m.inputs += k.inputs;
                        m.first = m.first.min(k.first);
                    }
                    None => {
                        let mut k = k;
                        k.seen = seen_place(&mut self.seen_in, &mut self.seen, &k.id);
                        mine.push(u32::try_from(versions.len()).expect("under 4 billion versions"));
                        versions.push(k);
                    }
                }
            }
        }
        for (id, place) in other.seen_in {
            // Each input is folded by one merger, so the counts add up.
            let n = other.seen[place as usize].0;
            let mine = seen_place(&mut self.seen_in, &mut self.seen, &id);
            self.seen[mine as usize].0 += n;
        }
        // A fork's relations are already in the shared store.
        if !Arc::ptr_eq(&self.relations, &other.relations) {
            for r in other.relations.take() {
                self.relations.insert(r);
            }
        }
        self.inputs.extend(other.inputs);
    }

    /// Builds the merged graph. `name` names it; by default the inputs'
    /// common name, or [`DEFAULT_NAME`] when they differ.
    pub fn finish(mut self, name: Option<&str>) -> Merged {
        let seen = &self.seen;
        let mut seen_in: FxMap<String, (usize, usize)> = std::mem::take(&mut self.seen_in)
            .into_iter()
            .map(|(id, place)| (id, seen[place as usize]))
            .collect();
        // The versions of each actor of the merged graph, and how nodes of
        // other ids joined them or were kept apart, summed over versions.
        let mut versions: FxMap<String, Vec<Actor>> = FxMap::default();
        let mut joins: Tally = BTreeMap::new();
        let mut ambiguous: BTreeMap<(String, String), (usize, usize)> = BTreeMap::new();
        let mut all: Vec<Option<Known>> = std::mem::take(&mut self.versions)
            .into_iter()
            .map(Some)
            .collect();
        for v in std::mem::take(&mut self.known).into_values().flatten() {
            let k = all[v as usize].take().expect("each version once");
            if let Some(via) = k.via {
                count(
                    joins
                        .entry(k.id.clone())
                        .or_default()
                        .entry((k.actor.id.clone(), via)),
                    k.inputs,
                    k.first,
                );
            }
            if let Some(reason) = k.ambiguous {
                count(
                    ambiguous.entry((k.actor.id.clone(), reason)),
                    k.inputs,
                    k.first,
                );
            }
            let list = versions.entry(k.id).or_default();
            if !list.contains(&k.actor) {
                list.push(k.actor);
            }
        }
        let renames = join_by_wikidata(
            self.registry,
            &mut versions,
            &mut joins,
            &mut ambiguous,
            &mut seen_in,
        );
        if !renames.is_empty() {
            for mut r in self.relations.take() {
                if let Some(id) = renames.get(&r.source) {
                    r.source.clone_from(id);
                }
                if let Some(id) = renames.get(&r.target) {
                    r.target.clone_from(id);
                }
                self.relations.insert(r);
            }
        }
        let label = |first: usize| {
            self.inputs
                .get(&first)
                .map(|i| i.label.clone())
                .unwrap_or_default()
        };
        let merged: Vec<MergedActor> = joins
            .into_iter()
            .map(|(id, joins)| MergedActor {
                id,
                joins: joins
                    .into_iter()
                    .map(|((id, via), (inputs, first))| Join {
                        id,
                        via,
                        input: label(first),
                        inputs,
                    })
                    .collect(),
            })
            .collect();
        let ambiguous: Vec<Ambiguity> = ambiguous
            .into_iter()
            .map(|((id, reason), (inputs, first))| Ambiguity {
                id,
                reason,
                input: label(first),
                inputs,
            })
            .collect();

        let name = match name {
            Some(n) => n.to_string(),
            None if self.names.len() == 1 => self.names.iter().next().expect("one").clone(),
            None => DEFAULT_NAME.to_string(),
        };
        // One relation per key: the builder puts them in key order.
        let relations: Vec<Relation> = self.relations.take();
        let conflicts = find_conflicts(&relations);
        // `support() > 1` without a sorted list of sources per relation:
        // some source other than the first (each relation's first two
        // sources, somewhere else in memory: read on every thread).
        use rayon::iter::{IntoParallelRefIterator, ParallelIterator};
        let multi_source = relations
            .par_iter()
            .filter(|r| match r.evidence.split_first() {
                Some((first, rest)) => rest.iter().any(|e| e.source != first.source),
                None => false,
            })
            .count();

        let meta = GraphMeta {
            name,
            sources: self.sources.into_values().collect(),
            conflicts: conflicts.clone(),
            extra: self.meta_extra,
        };
        let mut new_actors = Vec::new();
        let actor_count = versions.len();
        let mut actors = Vec::with_capacity(actor_count);
        for (id, versions) in versions {
            let entry = self.registry.get(&id);
            if entry.is_none() {
                new_actors.push(id.clone());
            }
            actors.push(merge_versions(&id, entry, versions));
        }
        new_actors.sort_unstable();
        let relation_count = relations.len();
        let graph = BriefGraph::from_unique(meta, actors, relations);
        let report = MergeReport {
            inputs: self.inputs.into_values().collect(),
            actors: actor_count,
            relations: relation_count,
            multi_source,
            shared_actors: seen_in.values().filter(|(n, _)| *n > 1).count(),
            new_actors,
            merged,
            ambiguous,
            conflicts,
        };
        Merged { graph, report }
    }
}

/// An actor's fields but `extra` end to end in `out` (cleared first),
/// each string after its length: two actors with equal `extra` are equal
/// exactly when these bytes are. A node is compared with the versions
/// known for its id this way, one buffer per version, instead of field by
/// field: ten strings or more each somewhere else in memory, a cache miss
/// each (`Actor::eq` was 4% of merging 1,000 graphs, per `perf`).
fn pack_actor(a: &Actor, out: &mut Vec<u8>) {
    fn text(out: &mut Vec<u8>, s: &str) {
        out.extend_from_slice(&s.len().to_le_bytes());
        out.extend_from_slice(s.as_bytes());
    }
    out.clear();
    text(out, &a.id);
    text(out, &a.label);
    text(out, &a.kind);
    out.extend_from_slice(&a.aliases.len().to_le_bytes());
    for alias in &a.aliases {
        text(out, alias);
    }
    match &a.wikidata {
        None => out.push(0),
        Some(q) => {
            out.push(1);
            text(out, q);
        }
    }
    out.push(u8::from(a.candidate));
}

/// The place in `seen` of the actor `id` of the merged graph (see
/// `Merger::seen_in`), made (found in no input yet) if need be.
fn seen_place(seen_in: &mut FxMap<String, u32>, seen: &mut Vec<(usize, usize)>, id: &str) -> u32 {
    if let Some(&place) = seen_in.get(id) {
        return place;
    }
    let place = u32::try_from(seen.len()).expect("under 4 billion actors");
    seen_in.insert(id.to_string(), place);
    seen.push((0, usize::MAX));
    place
}

/// Node ids (and what matched) that joined each actor, with how many
/// inputs have them and the first of those.
type Tally = BTreeMap<String, BTreeMap<(String, String), (usize, usize)>>;

/// Adds `inputs` inputs, the first of them `first`, to a tally entry.
fn count<K: Ord>(entry: MapEntry<'_, K, (usize, usize)>, inputs: usize, first: usize) {
    let e = entry.or_insert((0, usize::MAX));
    e.0 += inputs;
    e.1 = e.1.min(first);
}

/// Joins actors the registry does not know that share a Wikidata id:
/// returns old id -> new id (the smallest id of each group), and records
/// the joins; an actor given different Wikidata ids is reported.
fn join_by_wikidata(
    registry: &Registry,
    versions: &mut FxMap<String, Vec<Actor>>,
    joins: &mut Tally,
    ambiguous: &mut BTreeMap<(String, String), (usize, usize)>,
    seen_in: &mut FxMap<String, (usize, usize)>,
) -> BTreeMap<String, String> {
    let mut by_q: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (id, list) in versions.iter() {
        if registry.get(id).is_some() {
            continue;
        }
        let qs: BTreeSet<&str> = list.iter().filter_map(|a| a.wikidata.as_deref()).collect();
        if qs.len() > 1 {
            let reason = format!(
                "the inputs give it different Wikidata ids: {}",
                qs.iter().copied().collect::<Vec<_>>().join(", ")
            );
            count(ambiguous.entry((id.clone(), reason)), 0, usize::MAX);
        }
        for q in qs {
            by_q.entry(q.to_string()).or_default().insert(id.clone());
        }
    }
    // Union-find over ids sharing a Wikidata id; the smallest id leads.
    let mut parent: BTreeMap<String, String> = BTreeMap::new();
    fn root(parent: &BTreeMap<String, String>, x: &str) -> String {
        let mut x = x.to_string();
        while let Some(p) = parent.get(&x) {
            if *p == x {
                break;
            }
            x.clone_from(p);
        }
        x
    }
    let mut via: BTreeMap<String, String> = BTreeMap::new();
    for (q, ids) in &by_q {
        let mut it = ids.iter();
        let Some(first) = it.next() else { continue };
        for other in it {
            let (a, b) = (root(&parent, first), root(&parent, other));
            if a != b {
                let (lo, hi) = if a < b { (a, b) } else { (b, a) };
                parent.insert(hi, lo.clone());
                parent.entry(lo.clone()).or_insert(lo);
            }
            via.entry(other.clone()).or_insert_with(|| q.clone());
            via.entry(first.clone()).or_insert_with(|| q.clone());
        }
    }
    let mut out = BTreeMap::new();
    for id in parent.keys() {
        let new = root(&parent, id);
        if new == *id {
            continue;
        }
        let moved = versions.remove(id).unwrap_or_default();
        let target = versions.entry(new.clone()).or_default();
        for v in moved {
            if !target.contains(&v) {
                target.push(v);
            }
        }
        // Nodes that joined the old id now join the new one.
        if let Some(old) = joins.remove(id) {
            let mine = joins.entry(new.clone()).or_default();
            for (k, (n, first)) in old {
                count(mine.entry(k), n, first);
            }
        }
        count(
            joins
                .entry(new.clone())
                .or_default()
                .entry((id.clone(), format!("Wikidata {}", via[id]))),
            0,
            usize::MAX,
        );
        if let Some((n, _)) = seen_in.remove(id) {
            seen_in.entry(new.clone()).or_insert((0, usize::MAX)).0 += n;
        }
        out.insert(id.clone(), new);
    }
    out
}

/// The hash of a relation's key: of its [`key_bytes`], which the shards
/// keep and compare anyway, so the key is read once, not once to hash its
/// fields and once more to copy them.
#[cfg(test)]
fn key_hash(r: &Relation) -> u64 {
    let mut key = Vec::new();
    key_bytes(r, &mut key);
    hash_key(&key)
}

/// The hash of a key's bytes (see [`key_bytes`]).
fn hash_key(key: &[u8]) -> u64 {
    use std::hash::Hasher;
    let mut h = FxHasher::default();
    h.write(key);
    h.finish()
}

/// A relation's key as bytes, into `out` (cleared first): equal for two
/// relations exactly when their keys are equal. The fields are separated
/// by 0xFF, a byte no UTF-8 text holds, and a context is marked as given
/// (`1` before it) or not (`0`).
fn key_bytes(r: &Relation, out: &mut Vec<u8>) {
    out.clear();
    append_key_bytes(r, out);
}

/// [`key_bytes`] after what `out` holds.
fn append_key_bytes(r: &Relation, out: &mut Vec<u8>) {
    append_key_parts(
        [&r.source, &r.target, &r.predicate],
        r.context.as_deref(),
        r.polarity,
        out,
    );
}

/// [`append_key_bytes`] of a relation's source, target and predicate,
/// context and polarity.
fn append_key_parts(
    fields: [&str; 3],
    context: Option<&str>,
    polarity: Polarity,
    out: &mut Vec<u8>,
) {
    for field in fields {
        out.extend_from_slice(field.as_bytes());
        out.push(0xff);
    }
    match context {
        Some(c) => {
            out.push(1);
            out.extend_from_slice(c.as_bytes());
        }
        None => out.push(0),
    }
    out.push(0xff);
    out.push(polarity as u8);
}

/// The actor `id` made of all its versions. Every rule is commutative and
/// associative (minimums, unions, sorted lists), so neither the order of
/// the inputs nor merging merged graphs changes the result:
///
/// - a registry actor keeps the registry's name, kind and aliases; the
///   other names its versions use follow, sorted;
/// - another actor seen in one version only is kept as it is; of several,
///   the smallest label is the label and the others become aliases
///   (sorted), the smallest known kind and Wikidata id are kept, and it is
///   a candidate only if every version is;
/// - attributes are unioned (where versions disagree, the smallest value
///   by its JSON text stays); ids that joined are listed in `merged_ids`.
fn merge_versions(id: &str, entry: Option<&Entry>, mut versions: Vec<Actor>) -> Actor {
    if entry.is_none() && versions.len() == 1 && versions[0].id == id {
        return versions.pop().expect("one version");
    }
    let mut out = match entry {
        Some(e) => e.to_actor(),
        None => {
            let label = versions.iter().map(|v| v.label.as_str()).min();
            let kind = versions
                .iter()
                .map(|v| v.kind.as_str())
                .filter(|k| *k != "unknown")
                .min();
            let mut a = Actor::new(id, label.unwrap_or(id), kind.unwrap_or("unknown"));
            a.candidate = versions.iter().all(|v| v.candidate);
            a
        }
    };
    let mut names: BTreeSet<String> = BTreeSet::new();
    let mut ids: BTreeSet<String> = BTreeSet::new();
    let mut wikidata: Option<String> = None;
    let mut extra = Extra::new();
    for mut v in versions {
        if v.id != id {
            ids.insert(v.id);
        }
        names.insert(v.label);
        names.extend(v.aliases);
        if let Some(q) = v.wikidata {
            if wikidata.as_ref().is_none_or(|w| q < *w) {
                wikidata = Some(q);
            }
        }
        if let Some(Value::Array(list)) = v.extra.get("merged_ids") {
            ids.extend(list.iter().filter_map(|x| x.as_str().map(String::from)));
            v.extra.remove("merged_ids");
        }
        merge_extra(&mut extra, v.extra);
    }
    for name in names {
        if name != out.label && !out.aliases.contains(&name) {
            out.aliases.push(name);
        }
    }
    if out.wikidata.is_none() {
        out.wikidata = wikidata;
    }
    out.extra = extra;
    if !ids.is_empty() {
        out.extra.insert(
            "merged_ids".into(),
            Value::from(ids.into_iter().collect::<Vec<_>>()),
        );
    }
    out
}

/// A total order on JSON values (by their text), to pick one of two
/// disagreeing values the same way whatever the order they come in.
fn value_order(a: &Value, b: &Value) -> Ordering {
    let text = |v: &Value| serde_json::to_string(v).expect("values serialize");
    text(a).cmp(&text(b))
}

/// Adds attributes; where both have one and they differ, the smaller (by
/// [`value_order`]) stays.
fn merge_extra(into: &mut Extra, from: Extra) {
    for (k, v) in from {
        match into.entry(k) {
            MapEntry::Vacant(e) => {
                e.insert(v);
            }
            MapEntry::Occupied(mut e) => {
                if *e.get() != v && value_order(&v, e.get()) == Ordering::Less {
                    e.insert(v);
                }
            }
        }
    }
}

fn merge_source(into: &mut Source, from: Source) {
    if into.title.is_empty() || (!from.title.is_empty() && from.title < into.title) {
        into.title = from.title;
    }
    merge_extra(&mut into.extra, from.extra);
}

/// Combines two relations of the same key, but for their evidence (which
/// a [`Shard`] keeps in its log); commutative and associative.
fn merge_relation(into: &mut Relation, from: Relation) {
    merge_fields(
        into,
        from.class,
        from.origin,
        from.date.as_deref(),
        from.confidence,
        from.note.as_deref(),
    );
    merge_extra(&mut into.extra, from.extra);
}

/// [`merge_relation`] of the relation a [`PlainEdge`] makes (which has no
/// attributes of its own, and whose evidence the shard's log takes).
fn merge_plain(into: &mut Relation, from: &PlainEdge<'_>) {
    merge_fields(
        into,
        from.class,
        from.origin,
        from.date.as_deref(),
        from.confidence,
        from.note.as_deref(),
    );
}

/// The fields every fold of one relation into another merges alike: the
/// lower class and origin, the earliest date, the higher confidence, the
/// union of the notes.
fn merge_fields(
    into: &mut Relation,
    class: RelationClass,
    origin: crate::model::Origin,
    date: Option<&str>,
    confidence: Option<f64>,
    note: Option<&str>,
) {
    into.class = into.class.min(class);
    into.origin = into.origin.min(origin);
    match (&mut into.date, date) {
        // `min` keeps the first of equal values.
        (Some(a), Some(b)) => {
            if b < a.as_str() {
                *a = b.to_string();
            }
        }
        (None, Some(b)) => into.date = Some(b.to_string()),
        (_, None) => {}
    }
    into.confidence = match (into.confidence, confidence) {
        (Some(a), Some(b)) => Some(if a.total_cmp(&b) == Ordering::Less {
            b
        } else {
            a
        }),
        (a, b) => a.or(b),
    };
    match (&mut into.note, note) {
        (_, None) => {}
        (None, Some(b)) => into.note = Some(b.to_string()),
        (Some(a), Some(b)) if a == b => {}
        (Some(a), Some(b)) => {
            let parts: BTreeSet<&str> = a.split("; ").chain(b.split("; ")).collect();
            *a = parts.into_iter().collect::<Vec<_>>().join("; ");
        }
    }
}

/// Conflicts among relations: for each pair and context, a class stated
/// both asserted and negated, and opposing classes both stated (asserted or
/// hedged). Relations of symmetric classes count in both directions.
pub fn find_conflicts(relations: &[Relation]) -> Vec<Conflict> {
    type Group<'a> = (&'a str, &'a str, Option<&'a str>);
    let mut groups: FxMap<Group, Vec<&Relation>> = FxMap::default();
    for r in relations {
        let (a, b) = if r.source <= r.target {
            (&r.source, &r.target)
        } else {
            (&r.target, &r.source)
        };
        groups
            .entry((a, b, r.context.as_deref()))
            .or_default()
            .push(r);
    }
    let mut out = BTreeSet::new();
    for ((a, b, context), rels) in groups {
        if rels.len() < 2 {
            continue;
        }
        let directions: &[(&str, &str)] = if a == b { &[(a, b)] } else { &[(a, b), (b, a)] };
        for &(s, t) in directions {
            let goes = |r: &Relation| (r.source == s && r.target == t) || r.class.is_symmetric();
            // One conflict for symmetric relations, stated in the pair's order.
            let all_symmetric = |sides: &[&&Relation]| sides.iter().all(|r| r.class.is_symmetric());
            let mut emit = |kind: &str, sides: Vec<&&Relation>| {
                if all_symmetric(&sides) && (s, t) != (a, b) {
                    return;
                }
                let mut sides: Vec<ConflictSide> = sides
                    .into_iter()
                    .map(|r| ConflictSide {
                        edge: r.key().edge_id(),
                        class: r.class,
                        polarity: r.polarity,
                        sources: r.sources().into_iter().map(String::from).collect(),
                    })
                    .collect();
                sides.sort();
                out.insert(Conflict {
                    kind: kind.to_string(),
                    source: s.to_string(),
                    target: t.to_string(),
                    context: context.map(String::from),
                    sides,
                });
            };
            let classes: BTreeSet<RelationClass> = rels.iter().map(|r| r.class).collect();
            for &class in &classes {
                let of = |p: Polarity| -> Vec<&&Relation> {
                    rels.iter()
                        .filter(|r| r.class == class && r.polarity == p && goes(r))
                        .collect()
                };
                let (yes, no) = (of(Polarity::Asserted), of(Polarity::Negated));
                if !yes.is_empty() && !no.is_empty() {
                    emit("polarity", yes.into_iter().chain(no).collect());
                }
            }
            for &(x, y) in OPPOSING_CLASSES {
                if !classes.contains(&x) || !classes.contains(&y) {
                    continue;
                }
                let of = |c: RelationClass| -> Vec<&&Relation> {
                    rels.iter()
                        .filter(|r| r.class == c && r.polarity != Polarity::Negated && goes(r))
                        .collect()
                };
                let (xs, ys) = (of(x), of(y));
                if !xs.is_empty() && !ys.is_empty() {
                    emit("class", xs.into_iter().chain(ys).collect());
                }
            }
        }
    }
    out.into_iter().collect()
}

/// Where a node was found: ` (in a.json)`, ` (in a.json and 3 more)`,
/// or nothing for what was found across inputs.
fn inputs(first: &str, n: usize) -> String {
    match n {
        0 => String::new(),
        1 => format!(" (in {first})"),
        n => format!(" (in {first} and {} more)", n - 1),
    }
}

/// At most this many lines per list in the summary; the JSON has them all.
const SHOWN: usize = 20;

fn more(f: &mut fmt::Formatter<'_>, total: usize) -> fmt::Result {
    if total > SHOWN {
        writeln!(f, "    … and {} more", total - SHOWN)?;
    }
    Ok(())
}

impl fmt::Display for MergeReport {
    /// The summary, one fact a line, for standard error.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "merged {} graph{}: {} actors ({} in more than one input), {} relations ({} stated by more than one source), {} conflict{}",
            self.inputs.len(),
            if self.inputs.len() == 1 { "" } else { "s" },
            self.actors,
            self.shared_actors,
            self.relations,
            self.multi_source,
            self.conflicts.len(),
            if self.conflicts.len() == 1 { "" } else { "s" },
        )?;
        let width = self
            .inputs
            .iter()
            .map(|i| i.label.chars().count())
            .max()
            .unwrap_or(0)
            .max(5);
        writeln!(
            f,
            "  {:width$}  {:>7}  {:>9}  {:>7}  {:>10}",
            "input", "actors", "relations", "sources", "new actors"
        )?;
        for i in self.inputs.iter().take(SHOWN.max(50)) {
            writeln!(
                f,
                "  {:width$}  {:>7}  {:>9}  {:>7}  {:>10}",
                i.label, i.actors, i.relations, i.sources, i.new_actors
            )?;
        }
        if self.inputs.len() > SHOWN.max(50) {
            writeln!(
                f,
                "  … and {} more inputs",
                self.inputs.len() - SHOWN.max(50)
            )?;
        }
        if !self.new_actors.is_empty() {
            writeln!(
                f,
                "new actors (not in the registry): {}",
                self.new_actors.len()
            )?;
            for id in self.new_actors.iter().take(SHOWN) {
                writeln!(f, "    {id}")?;
            }
            more(f, self.new_actors.len())?;
        }
        if !self.merged.is_empty() {
            writeln!(f, "merged actors: {}", self.merged.len())?;
            for m in self.merged.iter().take(SHOWN) {
                let joins: Vec<String> = m
                    .joins
                    .iter()
                    .map(|j| format!("`{}` by {}{}", j.id, j.via, inputs(&j.input, j.inputs)))
                    .collect();
                writeln!(f, "    {} <- {}", m.id, joins.join(", "))?;
            }
            more(f, self.merged.len())?;
        }
        if !self.ambiguous.is_empty() {
            writeln!(f, "ambiguous actors, kept apart: {}", self.ambiguous.len())?;
            for a in self.ambiguous.iter().take(SHOWN) {
                let input = inputs(&a.input, a.inputs);
                writeln!(f, "    `{}`{input}: {}", a.id, a.reason)?;
            }
            more(f, self.ambiguous.len())?;
        }
        if !self.conflicts.is_empty() {
            writeln!(
                f,
                "conflicts: {} (listed under graph.conflicts)",
                self.conflicts.len()
            )?;
            for c in self.conflicts.iter().take(SHOWN) {
                let context = c
                    .context
                    .as_deref()
                    .map(|x| format!(" [{x}]"))
                    .unwrap_or_default();
                let sides: Vec<String> = c
                    .sides
                    .iter()
                    .map(|s| {
                        format!(
                            "{} {} by {}",
                            s.class,
                            s.polarity.as_str(),
                            s.sources.join(", ")
                        )
                    })
                    .collect();
                writeln!(
                    f,
                    "    {}: {} -> {}{context}: {}",
                    c.kind,
                    c.source,
                    c.target,
                    sides.join(" vs ")
                )?;
            }
            more(f, self.conflicts.len())?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::GraphBuilder;
    use crate::model::Origin;

    fn rel(s: &str, t: &str, class: RelationClass, polarity: Polarity, src: &str) -> Relation {
        Relation {
            id: String::new(),
            source: s.into(),
            target: t.into(),
            predicate: class.as_str().to_lowercase(),
            class,
            polarity,
            context: None,
            date: None,
            origin: Origin::Curated,
            confidence: None,
            note: None,
            evidence: vec![Evidence::new(src)],
            extra: Extra::new(),
        }
    }

    fn graph(name: &str, actors: Vec<Actor>, relations: Vec<Relation>) -> BriefGraph {
        let mut b = GraphBuilder::new(name);
        for r in &relations {
            for e in &r.evidence {
                b.add_source(Source::new(&e.source, &e.source));
            }
        }
        for a in actors {
            b.add_actor(a);
        }
        for r in relations {
            b.add_relation(r);
        }
        b.finish()
    }

    /// The evidence log of a shard: each relation gets its own pieces back,
    /// and a relation folded in over and over (a graph merged with itself)
    /// does not pile its evidence up.
    /// The log gives every field of a piece of evidence back, in the
    /// short form or the whole, and its entries stay small.
    #[test]
    fn logged_evidence_is_the_evidence() {
        let mut usual = Evidence::new("b1");
        usual.line = Some(3);
        usual.sentence_no = Some(2);
        usual.sentence = Some("S.".into());
        let mut other = usual.clone();
        other.quote = Some("q".into());
        let mut offsets = Evidence::new("b2");
        offsets.start = Some(4);
        offsets.end = Some(9);
        offsets.page = Some(1);
        for e in [Evidence::new("b0"), usual, other, offsets] {
            let logged = Logged::from(e.clone());
            assert_eq!(Evidence::from(logged), e);
        }
        assert!(std::mem::size_of::<(u32, Logged)>() <= 72);
    }

    #[test]
    fn shard_log_gives_evidence_back_and_drops_duplicates() {
        let mut shard = Shard::default();
        let a = rel("a", "b", RelationClass::SUPPORT, Polarity::Asserted, "s1");
        let b = rel("b", "a", RelationClass::REJECT, Polarity::Asserted, "s2");
        for _ in 0..COMPACT_FROM * 3 {
            shard.insert(key_hash(&a), a.clone());
            shard.insert(key_hash(&b), b.clone());
            assert!(shard.logged < COMPACT_FROM + 2, "{}", shard.logged);
        }
        let mut c = rel("a", "b", RelationClass::SUPPORT, Polarity::Asserted, "s3");
        c.evidence.push(Evidence::new("s4"));
        // A different key under the same hash: kept apart.
        let d = rel("x", "y", RelationClass::SUPPORT, Polarity::Asserted, "s5");
        shard.insert(key_hash(&a), d);
        shard.insert(key_hash(&c), c);
        let mut out = shard.drain();
        out.sort_by(|x, y| x.source.cmp(&y.source));
        for r in &mut out {
            r.evidence.sort();
            r.evidence.dedup();
        }
        let sources =
            |r: &Relation| -> Vec<String> { r.evidence.iter().map(|e| e.source.clone()).collect() };
        assert_eq!(out.len(), 3);
        assert_eq!(sources(&out[0]), ["s1", "s3", "s4"]);
        assert_eq!(sources(&out[1]), ["s2"]);
        assert_eq!(
            (out[2].source.as_str(), sources(&out[2])),
            ("x", vec!["s5".to_string()])
        );
        assert!(shard.log.is_empty() && shard.relations.is_empty());
    }

    #[test]
    fn names_aliases_metonyms_and_wikidata_resolve_through_the_registry() {
        let registry = Registry::builtin();
        let mut usa = Actor::new("usa", "United States of America", "country");
        usa.extra.insert("population".into(), Value::from(335));
        let washington = Actor::new("Washington", "Washington", "city");
        let mut q30 = Actor::new("n7", "Node 7", "unknown");
        q30.wikidata = Some("Q30".into());
        let a = graph(
            "a",
            vec![usa, Actor::new("cmcc", "CMCC", "military")],
            vec![rel(
                "usa",
                "cmcc",
                RelationClass::OPERATE,
                Polarity::Asserted,
                "a",
            )],
        );
        let b = graph(
            "b",
            vec![washington, q30, Actor::new("cmcc", "CMCC", "military")],
            vec![
                rel(
                    "Washington",
                    "cmcc",
                    RelationClass::OPERATE,
                    Polarity::Asserted,
                    "b",
                ),
                rel("n7", "cmcc", RelationClass::OPERATE, Polarity::Negated, "b"),
            ],
        );
        let m = merge(&registry, [("a.json", a), ("b.json", b)], None);
        let g = &m.graph;
        assert_eq!(
            g.node_count(),
            2,
            "{:?}",
            g.actors().map(|a| &a.id).collect::<Vec<_>>()
        );
        let us = g.actor("united-states").unwrap();
        assert_eq!(us.label, "United States");
        assert_eq!(us.kind, "state");
        assert_eq!(us.extra["population"], 335);
        assert_eq!(
            us.extra["merged_ids"],
            serde_json::json!(["Washington", "n7", "usa"])
        );
        let operates: Vec<&Relation> = g.relations().collect();
        assert_eq!(operates.len(), 2);
        assert_eq!(
            operates
                .iter()
                .find(|r| r.polarity == Polarity::Asserted)
                .unwrap()
                .support(),
            2
        );
        assert_eq!(m.report.conflicts.len(), 1);
        let c = &m.report.conflicts[0];
        assert_eq!(
            (c.kind.as_str(), c.source.as_str(), c.target.as_str()),
            ("polarity", "united-states", "cmcc")
        );
        assert_eq!(c.sides.len(), 2);
        assert_eq!(g.meta.conflicts, m.report.conflicts);
        let joins = &m.report.merged[0].joins;
        assert!(
            joins
                .iter()
                .any(|j| j.id == "Washington" && j.via == "metonym `Washington`"),
            "{joins:?}"
        );
        assert!(joins.iter().any(|j| j.via == "Wikidata Q30"), "{joins:?}");
    }

    #[test]
    fn ambiguous_nodes_are_kept_apart_and_reported() {
        let registry = Registry::builtin();
        let mut two = Actor::new("x", "Washington", "unknown");
        two.aliases = vec!["Jordan".into()];
        let mut wrong_q = Actor::new("y", "Jordan", "unknown");
        wrong_q.wikidata = Some("Q1".into());
        let g = graph("a", vec![two, wrong_q], vec![]);
        let m = merge(&registry, [("a.json", g)], None);
        assert!(m.graph.actor("x").is_some() && m.graph.actor("y").is_some());
        assert_eq!(m.report.ambiguous.len(), 2, "{:?}", m.report.ambiguous);
        assert!(
            m.report.ambiguous[0]
                .reason
                .contains("names `united-states`"),
            "{:?}",
            m.report.ambiguous
        );
        assert!(
            m.report.ambiguous[1].reason.contains("Q1 is not"),
            "{:?}",
            m.report.ambiguous
        );
        assert_eq!(m.report.new_actors, ["x", "y"]);
    }

    #[test]
    fn unknown_actors_join_by_wikidata_and_clashes_are_reported() {
        let registry = Registry::default();
        let with_q = |id: &str, q: &str| {
            let mut a = Actor::new(id, id, "armed-group");
            a.wikidata = Some(q.into());
            a
        };
        let a = graph(
            "a",
            vec![with_q("rsf", "Q7"), Actor::new("x", "X", "unknown")],
            vec![rel(
                "rsf",
                "x",
                RelationClass::ASSAULT,
                Polarity::Asserted,
                "a",
            )],
        );
        let b = graph(
            "b",
            vec![
                with_q("rapid-support", "Q7"),
                Actor::new("x", "X", "unknown"),
            ],
            vec![rel(
                "rapid-support",
                "x",
                RelationClass::ASSAULT,
                Polarity::Asserted,
                "b",
            )],
        );
        let c = graph("c", vec![with_q("x", "Q8")], vec![]);
        let d = graph("d", vec![with_q("x", "Q9")], vec![]);
        let m = merge(&registry, [("a", a), ("b", b), ("c", c), ("d", d)], None);
        let ids: Vec<&str> = m.graph.actors().map(|a| a.id.as_str()).collect();
        assert_eq!(ids, ["rapid-support", "x"], "the smaller id leads");
        let r = m.graph.relations().next().unwrap();
        assert_eq!((r.source.as_str(), r.support()), ("rapid-support", 2));
        let joined = &m.report.merged[0];
        assert_eq!(joined.id, "rapid-support");
        assert_eq!(joined.joins[0].via, "Wikidata Q7");
        assert_eq!(
            m.graph.actor("rapid-support").unwrap().extra["merged_ids"],
            serde_json::json!(["rsf"])
        );
        assert!(
            m.report.ambiguous[0]
                .reason
                .contains("different Wikidata ids: Q8, Q9"),
            "{:?}",
            m.report.ambiguous
        );
    }

    #[test]
    fn opposing_classes_conflict_and_order_does_not_matter() {
        let registry = Registry::builtin();
        let a = || {
            graph(
                "a",
                vec![
                    Actor::new("israel", "Israel", "state"),
                    Actor::new("turkey", "Turkey", "state"),
                ],
                vec![rel(
                    "israel",
                    "turkey",
                    RelationClass::SUPPORT,
                    Polarity::Asserted,
                    "a",
                )],
            )
        };
        let b = || {
            graph(
                "b",
                vec![
                    Actor::new("israel", "Israel", "state"),
                    Actor::new("turkey", "Turkey", "state"),
                ],
                vec![
                    rel(
                        "israel",
                        "turkey",
                        RelationClass::REJECT,
                        Polarity::Hedged,
                        "b",
                    ),
                    // The other direction is another question.
                    rel(
                        "turkey",
                        "israel",
                        RelationClass::SUPPORT,
                        Polarity::Asserted,
                        "b",
                    ),
                ],
            )
        };
        let ab = merge(&registry, [("a", a()), ("b", b())], None);
        let ba = merge(&registry, [("b", b()), ("a", a())], None);
        assert_eq!(ab.report.conflicts.len(), 1);
        assert_eq!(ab.report.conflicts[0].kind, "class");
        let json = |g: &BriefGraph| crate::sinks::json::write(g);
        assert_eq!(json(&ab.graph), json(&ba.graph));
        assert_eq!(ab.graph.meta.name, DEFAULT_NAME);
    }
}

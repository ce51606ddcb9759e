//! briefgraph turns policy briefs into knowledge graphs of actors and their
//! relationships.
//!
//! Data flows one way: **sources → triples → graph → views → sinks**.
//!
//! - [`model`]: actors, relations, evidence; pure data.
//! - [`registry`], [`vocabulary`]: who exists and which verbs mean what, kept as data.
//! - [`sources`]: the curated-triples parser and the graph importers.
//! - [`extract`]: rule-based extraction of actors and relations from brief text;
//!   [`eval`] scores it against gold annotations.
//! - [`graph`]: assembly into a petgraph multigraph; [`graph::view`] filters it,
//!   [`graph::analysis`] answers `stats` and `path`, [`graph::layout`] places it.
//! - [`sinks`]: one module per export format; [`format`] maps names and extensions to them.
//! - [`project`]: the `graph-data/` layout and the `build` job over it.
//!
//! ```
//! use briefgraph::{registry::Registry, vocabulary::Vocabulary, sources::curated};
//! use std::path::Path;
//!
//! let registry = Registry::builtin();
//! let vocab = Vocabulary::builtin();
//! let parsed = curated::parse(Path::new("demo.triples"), "US operates CMCC\n", &registry, &vocab)?;
//! let graph = briefgraph::project::assemble("demo", [parsed]);
//! assert_eq!(graph.edge_count(), 1);
//! let json = briefgraph::sinks::json::to_value(&graph);
//! assert_eq!(json["edges"][0]["class"], "OPERATE");
//! # Ok::<(), briefgraph::error::Error>(())
//! ```

pub mod document;
pub mod error;
pub mod eval;
pub mod extract;
pub mod format;
pub mod graph;
mod hint;
pub mod limits;
pub mod model;
pub mod output;
pub mod progress;
pub mod project;
pub mod registry;
pub mod review;
pub mod sinks;
pub mod sources;
pub mod stream;
pub mod syntax;
pub mod vocabulary;

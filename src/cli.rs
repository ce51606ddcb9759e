//! Command-line definitions (clap). Nothing clever: each command maps to
//! one library call in `main.rs`.

use clap::{Args, Parser, Subcommand};
use std::path::PathBuf;

#[derive(Debug, Parser)]
#[command(
    name = "briefgraph",
    version,
    about = "Turn policy briefs into knowledge graphs of actors and their relationships",
    long_about = "Turn policy briefs into knowledge graphs of actors and their relationships.\n\n\
        Hand-curated triples (`US operates CMCC`) and the actors and relations found in brief \
        text are assembled into one directed multigraph and exported as JSON (NetworkX \
        node-link), GraphML and DOT.",
    after_help = "Examples:\n  briefgraph build                       # graph-data/ -> exports/\n  \
        briefgraph convert exports/graph.json -o graph.graphml\n  \
        briefgraph merge exports/graph.json other.graphml -o merged.json\n\n\
        Exit codes: 0 success, 1 bad input or failed command, 2 bad command line."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Build the graph of a data directory and write every export
    #[command(
        after_help = "Examples:\n  briefgraph build\n  briefgraph build my-data -o out/\n\n\
        Reads DATA_DIR/curated/*.triples with the actors of DATA_DIR/registry/*.toml and the \
        predicates of DATA_DIR/vocabulary/*.toml (the built-in ones where those are missing), \
        then writes graph.json, graph.graphml and graph.dot into OUT_DIR. Nothing is written \
        unless every input is valid."
    )]
    Build(BuildArgs),
    /// Convert a graph file to another format
    #[command(
        after_help = "Examples:\n  briefgraph convert exports/graph.json -o graph.graphml\n  \
        briefgraph convert graph.graphml -o - --format json | jq .nodes\n\n\
        Reads JSON (briefgraph's or NetworkX node-link) or GraphML; the output format comes \
        from the output file's extension or --format."
    )]
    Convert(ConvertArgs),
    /// Merge the graphs of several briefs into one, resolving actors through the registry
    #[command(
        after_help = "Examples:\n  briefgraph merge exports/graph.json other.graphml -o merged.json\n  \
        briefgraph merge a.json b.json notes.triples --actors my-registry/ -o merged.graphml\n  \
        briefgraph merge briefs/*.json --name \"Gaza briefs\" | jq .graph.conflicts\n\n\
        Inputs are JSON (briefgraph's or NetworkX node-link), GraphML (briefgraph's, NetworkX's, \
        igraph's) or curated .triples files. Actors are matched by id, Wikidata id, then name, \
        alias or declared metonym in the registry (`US`, `U.S.`, `Washington`); a node whose \
        names point to several actors is reported and kept apart. Equal relations become one \
        edge with their evidence unioned; `support` counts the distinct sources behind it. \
        Conflicts (asserted vs negated, or opposing classes such as SUPPORT vs REJECT, for the \
        same pair and context) are listed under graph.conflicts. A summary goes to standard \
        error. The output does not depend on the order of the inputs."
    )]
    Merge(MergeArgs),
}

#[derive(Debug, Args)]
pub struct MergeArgs {
    /// The graphs to merge: .json, .graphml or .triples files
    #[arg(required = true, value_name = "GRAPH")]
    pub inputs: Vec<PathBuf>,
    /// Output file; `-` (the default) for standard output
    #[arg(short, long, value_name = "FILE", default_value = "-")]
    pub output: PathBuf,
    /// Output format (json, graphml, dot); by default from the output file's extension, JSON on standard output
    #[arg(short, long, value_name = "FORMAT")]
    pub format: Option<String>,
    /// Actor registry (a TOML file or a directory of them) to resolve names with; the built-in one by default
    #[arg(long, value_name = "REGISTRY")]
    pub actors: Option<PathBuf>,
    /// Name of the merged graph; by default the inputs' common name, or "merged"
    #[arg(long, value_name = "NAME")]
    pub name: Option<String>,
    /// Print no summary
    #[arg(short, long)]
    pub quiet: bool,
}

#[derive(Debug, Args)]
pub struct BuildArgs {
    /// The data directory
    #[arg(default_value = "graph-data")]
    pub data_dir: PathBuf,
    /// Where to write the exports
    #[arg(short, long, value_name = "OUT_DIR", default_value = "exports")]
    pub output: PathBuf,
}

#[derive(Debug, Args)]
pub struct ConvertArgs {
    /// The graph file to read (.json or .graphml)
    pub input: PathBuf,
    #[command(flatten)]
    pub out: OutputArgs,
    /// Format of the input, when its extension does not tell
    #[arg(long, value_name = "FORMAT")]
    pub from: Option<String>,
}

/// Where and how a command writes one graph.
#[derive(Debug, Args)]
pub struct OutputArgs {
    /// Output file; `-` for standard output
    #[arg(short, long, value_name = "FILE")]
    pub output: PathBuf,
    /// Output format (json, graphml, dot); by default from the output file's extension
    #[arg(short, long, value_name = "FORMAT")]
    pub format: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn every_command_and_flag_has_help() {
        let cmd = Cli::command();
        cmd.clone().debug_assert();
        for sub in cmd.get_subcommands() {
            assert!(sub.get_about().is_some(), "{} has no about", sub.get_name());
            assert!(
                sub.get_after_help().is_some(),
                "{} has no examples",
                sub.get_name()
            );
            for arg in sub.get_arguments() {
                assert!(
                    arg.get_help().is_some() || arg.get_id() == "help" || arg.get_id() == "version",
                    "{} {} has no help",
                    sub.get_name(),
                    arg.get_id()
                );
            }
        }
    }
}

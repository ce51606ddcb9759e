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
        briefgraph convert exports/graph.json -o graph.graphml\n\n\
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

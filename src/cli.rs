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
        then writes graph.json, graph.graphml and graph.dot into OUT_DIR. Briefs in \
        DATA_DIR/briefs/*.txt|*.md are run through the rule extractor (with DATA_DIR/rules/*.toml \
        or the built-in rules) and their relations merged in, curated ones winning. Nothing is \
        written unless every input is valid."
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
    /// Extract actors and relations from brief text with the rules
    #[command(
        after_help = "Examples:\n  briefgraph extract brief.txt -o brief.json\n  \
        briefgraph extract briefs/*.md -o briefs.graphml\n  \
        briefgraph extract brief.txt --discover > missed.tsv\n  \
        briefgraph extract brief.txt --registry my-actors.toml --rules my-rules/ -o -\n\n\
        Briefs are plain text or Markdown, optionally opened by a header of `title:`/`source:` \
        lines ended by `---`. Every edge is `origin: extracted` and carries its evidence: source, \
        sentence number, character span, quote and rule id. The registry, vocabulary and rules \
        built into the binary are used unless --no-builtin is given; --registry, --vocabulary and \
        --rules add files or directories of *.toml to them. With --discover, a tab-separated \
        report of names and verbs the rules missed goes to standard output (the graph is then \
        written only with -o)."
    )]
    Extract(ExtractArgs),
    /// Score an extracted graph against gold annotations
    #[command(
        after_help = "Examples:\n  briefgraph eval --gold brief.gold.tsv --actors brief.actors.tsv brief.json\n  \
        briefgraph eval --gold g.tsv --actors a.tsv pred.json --baseline eval-best.toml\n\n\
        Prints precision, recall and F1 over distinct (subject, relation class, object) triples, \
        then the same requiring the polarity, then the gold rows missed and the false hits. \
        Gold: TSV with the header subject, relation, object, context, polarity (+ - ?), \
        sentence_no, evidence; actors: TSV canonical, kind, aliases separated by |. \
        With --baseline FILE the command fails when a score falls below the one recorded there; \
        --raise-baseline also writes better scores back into FILE (it only ever goes up)."
    )]
    Eval(EvalArgs),
}

#[derive(Debug, Args)]
pub struct ExtractArgs {
    /// Brief files (plain text or Markdown)
    #[arg(required = true, value_name = "BRIEF")]
    pub briefs: Vec<PathBuf>,
    /// Output file; `-` for standard output (the default without --discover)
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Output format (json, graphml, dot); by default from the output file's extension, else json
    #[arg(short, long, value_name = "FORMAT")]
    pub format: Option<String>,
    /// Report what the registry and rules missed (tab-separated, to standard output)
    #[arg(long)]
    pub discover: bool,
    /// More actors: a registry file or a directory of *.toml
    #[arg(long, value_name = "PATH")]
    pub registry: Vec<PathBuf>,
    /// More predicates: a vocabulary file or a directory of *.toml
    #[arg(long, value_name = "PATH")]
    pub vocabulary: Vec<PathBuf>,
    /// More rules: a rules file or a directory of *.toml
    #[arg(long, value_name = "PATH")]
    pub rules: Vec<PathBuf>,
    /// Use only the files given, not the registry, vocabulary and rules built in
    #[arg(long)]
    pub no_builtin: bool,
    /// The graph's name (by default the first brief's file stem)
    #[arg(long, value_name = "NAME")]
    pub name: Option<String>,
}

#[derive(Debug, Args)]
pub struct EvalArgs {
    /// The extracted graph to score (.json or .graphml)
    #[arg(value_name = "PREDICTED")]
    pub predicted: PathBuf,
    /// Gold relations (TSV)
    #[arg(long, value_name = "GOLD.tsv")]
    pub gold: PathBuf,
    /// Gold actors with their aliases (TSV)
    #[arg(long, value_name = "ACTORS.tsv")]
    pub actors: Option<PathBuf>,
    /// Fail when a score falls below the one recorded in this file
    #[arg(long, value_name = "FILE")]
    pub baseline: Option<PathBuf>,
    /// Write the scores that beat the baseline back into it
    #[arg(long, requires = "baseline")]
    pub raise_baseline: bool,
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

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
        node-link), GraphML, DOT, GEXF and Mermaid, drawn as SVG/PNG/PDF through Graphviz or \
        as an interactive HTML page, and questioned with `stats` and `path`.",
    after_help = "Examples:\n  briefgraph build                       # graph-data/ -> exports/\n  \
        briefgraph convert exports/graph.json -o graph.graphml\n  \
        briefgraph render exports/graph.json --focus cmcc -o cmcc.svg\n  \
        briefgraph html exports/graph.json -o graph.html\n  \
        briefgraph stats exports/graph.json\n  \
        briefgraph path exports/graph.json cmcc hamas\n  \
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
        then writes graph.json, graph.graphml, graph.dot, graph.gexf, graph.md (Mermaid), \
        graph.html and graph.svg into OUT_DIR, plus focus-ACTOR.svg for each actor named by \
        `focus = [...]` in DATA_DIR/project.toml. Drawing the SVGs needs Graphviz; \
        without it they are skipped with a warning, and --no-render skips them quietly. Briefs in DATA_DIR/briefs/*.txt|*.md are run through the rule \
        extractor (with DATA_DIR/rules/*.toml or the built-in rules) and their relations merged \
        in, curated ones winning. Nothing is written unless every input is valid."
    )]
    Build(BuildArgs),
    /// Convert a graph file to another format
    #[command(
        after_help = "Examples:\n  briefgraph convert exports/graph.json -o graph.graphml\n  \
        briefgraph convert graph.graphml -o - --format json | jq .nodes\n\n\
        briefgraph convert graph-data -o conflict.gexf --class conflictual\n  \
        briefgraph convert exports/graph.json -o yed.graphml --graphml-flavour yed\n\n\
        Reads JSON (briefgraph's or NetworkX node-link) or GraphML, or builds a data \
        directory; the output format comes from the output file's extension or --format: \
        json, graphml, dot, gexf, mermaid (.mmd, one diagram), markdown (.md, Mermaid \
        diagrams), html, and the pictures svg, png, pdf; for stores, RDF as turtle (.ttl), \
        ntriples (.nt) and nquads (.nq, one named graph per source); for graph databases, \
        --format neo4j-csv or kuzu-csv writes the directory -o DIR (CSV files and the \
        scripts that load them). The view options filter the graph first."
    )]
    Convert(ConvertArgs),
    /// Draw a graph as SVG, PNG or PDF with Graphviz
    #[command(
        after_help = "Examples:\n  briefgraph render exports/graph.json -o graph.svg\n  \
        briefgraph render exports/graph.json --focus cmcc --depth 1 -o cmcc.png\n  \
        briefgraph render graph-data --class conflictual --since 2025 -o conflict.pdf\n  \
        briefgraph render exports/graph.json --focus cmcc -o cmcc.dot   # the DOT it draws\n\n\
        The picture has a caption with the title, the view, the sources and a legend; nodes \
        are shaped and filled by kind, edges coloured and headed by stance, and drawn solid, \
        dashed (hedged) or dotted (denied). Parallel relations of one stance and polarity \
        between two actors are drawn as one edge labelled `operates; oversees (+2)`; \
        --every-relation draws one edge per relation. Needs Graphviz (`apt-get install \
        graphviz`)."
    )]
    Render(RenderArgs),
    /// Write a self-contained interactive HTML page of a graph
    #[command(
        after_help = "Examples:\n  briefgraph html exports/graph.json -o graph.html\n  \
        briefgraph html graph-data --focus israel --depth 2 -o israel.html\n\n\
        One file, nothing fetched when it is opened: pan (drag) and zoom (wheel), find an \
        actor, filter relation classes, and click an actor or a relation to read its \
        evidence quotes and sources."
    )]
    Html(HtmlArgs),
    /// Count actors and relations, rank actors by centrality, find clusters and brokers
    #[command(after_help = "Examples:\n  briefgraph stats exports/graph.json\n  \
        briefgraph stats graph-data --class conflictual --top 5\n  \
        briefgraph stats exports/graph.json --json | jq '.brokers[0]'\n\n\
        Centrality and clusters are computed on the actor network (one undirected link per \
        linked pair): degree centrality is neighbours/(n-1); betweenness is normalised by \
        (n-1)(n-2), as NetworkX's betweenness_centrality; clusters are greedy-modularity \
        communities; brokers are actors linked to another cluster, by betweenness.")]
    Stats(StatsArgs),
    /// Show the chains of relations that link two actors, with their evidence
    #[command(
        after_help = "Examples:\n  briefgraph path exports/graph.json cmcc hamas\n  \
        briefgraph path graph-data \"Marco Rubio\" Jordan --limit 3\n  \
        briefgraph path exports/graph.json rubio idf --json\n\n\
        Lists every shortest chain (following relations in either direction), each step \
        with all the relations between its two actors and the words that state them. \
        Actors are named by id, name or alias. Exit code 0 also when no chain exists."
    )]
    Path(PathArgs),
    /// Extract actors and relations from brief text with the rules
    #[command(
        after_help = "Examples:\n  briefgraph extract brief.txt -o brief.json\n  \
        briefgraph extract briefs/*.md -o briefs.graphml\n  \
        briefgraph extract brief.txt --discover > missed.tsv\n  \
        briefgraph extract brief.txt --registry my-actors.toml --rules my-rules/ -o -\n\n\
        Briefs are plain text or Markdown (optionally opened by a header of `title:`/`source:` \
        lines ended by `---`), web pages (.html: the article only), Word files (.docx) and PDF \
        (.pdf, read with Poppler's pdftotext: `apt-get install poppler-utils`); directories are \
        searched for them and glob patterns expanded, and files are read in parallel \
        (--keep-going lists unreadable ones at the end instead of stopping). \
        `-o FILE.triples` writes the relations as curated-triple lines to review and move into \
        graph-data/curated/; `--discover -o FILE.toml` writes registry entries for the actors \
        the registry lacks. Every edge is `origin: extracted` and carries its evidence: source, \
        sentence number, character span, quote and rule id. The registry, vocabulary and rules \
        built into the binary are used unless --no-builtin is given; --registry, --vocabulary and \
        --rules add files or directories of *.toml to them. With --discover, a tab-separated \
        report of names and verbs the rules missed goes to standard output (the graph is then \
        written only with -o).\n\n\
        With --jsonl it is a map step for large corpora: `find briefs -name '*.txt' | \
        briefgraph extract --jsonl > shard.jsonl`, one line per document (its graph as compact \
        JSON), in input order; `briefgraph merge shard-*.jsonl` is the reduce."
    )]
    Extract(ExtractArgs),
    /// Score an extracted graph against gold annotations
    #[command(
        after_help = "Examples:\n  briefgraph eval --gold brief.gold.tsv --actors brief.actors.tsv brief.json\n  \
        briefgraph eval --gold g.tsv --actors a.tsv pred.json --baseline eval-best.toml\n  \
        briefgraph eval --corpus ../shared/corpus --show\n\n\
        Prints precision, recall and F1 over distinct (subject, relation class, object) triples, \
        then the same requiring the polarity, then the gold rows missed, the false hits and the \
        matched relations extracted with another polarity. \
        Gold: TSV with the header subject, relation, object, context, polarity (+ - ?), \
        sentence_no, evidence; actors: TSV canonical, kind, aliases separated by |. \
        With --baseline FILE the command fails when a score falls below the one recorded there; \
        --raise-baseline also writes better scores back into FILE (it only ever goes up)."
    )]
    Eval(EvalArgs),
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
    /// Split, tokenize, tag and parse text into Universal Dependencies (CoNLL-U)
    #[command(
        after_help = "Examples:\n  briefgraph parse brief.txt > brief.conllu\n  \
        echo 'The ministry denied the report.' | briefgraph parse -\n  \
        briefgraph parse --eval ../shared/ud/test/gum-test.conllu\n\n\
        Writes one CoNLL-U block per sentence (`# sent_id`, `# text`, 10 columns: UPOS and Penn \
        XPOS tags, lemma, head and UD relation). MISC holds `TokenRange=start:end`: the token's \
        offsets in characters (Unicode scalar values) from the start of the text read, a brief's \
        `title:`/`source:` header included, so the range slices the file's text to the form. \
        The model is built into the binary (trained on UD English GUM and EWT, CC BY-SA 4.0). \
        With --eval, the gold file's own words are tagged and parsed and the last line gives \
        UPOS, XPOS, UAS and LAS in percent (punctuation included; LAS compares relations \
        without subtypes, as the CoNLL 2018 shared task)."
    )]
    Parse(ParseArgs),
}

#[derive(Debug, Args)]
pub struct ParseArgs {
    /// The text to parse: a .txt or .md file, or `-` for standard input
    #[arg(
        value_name = "FILE",
        required_unless_present = "eval",
        conflicts_with = "eval"
    )]
    pub input: Option<PathBuf>,
    /// Where to write the CoNLL-U; `-` for standard output
    #[arg(short, long, value_name = "FILE", default_value = "-")]
    pub output: PathBuf,
    /// Score the parser on the words of a gold CoNLL-U file instead
    #[arg(long, value_name = "GOLD.conllu")]
    pub eval: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct ExtractArgs {
    /// Brief files (text, Markdown, HTML, DOCX, PDF), directories of them, or glob patterns
    #[arg(required_unless_present = "jsonl", value_name = "BRIEF")]
    pub briefs: Vec<PathBuf>,
    /// Stream: read brief paths (or {"id", "text"} documents) one per line on standard input, write one JSON graph per line to standard output
    #[arg(long, conflicts_with_all = ["briefs", "output", "format", "discover", "name"])]
    pub jsonl: bool,
    /// Output file; `-` for standard output (the default without --discover)
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Output format (any `convert` writes: json, graphml, gexf, dot, svg…); by default from the output file's extension, else json
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
    /// Run the tree rules (what extraction is; kept for scripts that pass it)
    #[arg(long, hide = true)]
    pub trees: bool,
    /// Print why each relation is there: its rule, quote, resolved anaphors and the sentence's
    /// dependency tree (on standard output when -o names a file)
    #[arg(long)]
    pub explain: bool,
    /// The graph's name (by default the first brief's file stem)
    #[arg(long, value_name = "NAME")]
    pub name: Option<String>,
    /// Go on past unreadable files and list them at the end, rather than stop at the first
    #[arg(long)]
    pub keep_going: bool,
}

#[derive(Debug, Args)]
pub struct EvalArgs {
    /// The extracted graph to score (.json or .graphml)
    #[arg(value_name = "PREDICTED", required_unless_present = "corpus")]
    pub predicted: Option<PathBuf>,
    /// Gold relations (TSV)
    #[arg(long, value_name = "GOLD.tsv", required_unless_present = "corpus")]
    pub gold: Option<PathBuf>,
    /// Extract and score every brief of a folder (NAME.txt, NAME.gold.tsv, NAME.actors.tsv): per brief and micro-averaged
    #[arg(long, value_name = "DIR", conflicts_with_all = ["predicted", "gold", "actors", "baseline"])]
    pub corpus: Option<PathBuf>,
    /// With --corpus: list each brief's misses, false hits and wrong polarities with their sentences
    #[arg(long, requires = "corpus")]
    pub show: bool,
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
pub struct MergeArgs {
    /// The graphs to merge: .json, .graphml or .triples files, or .jsonl shards (one graph per line)
    #[arg(required = true, value_name = "GRAPH")]
    pub inputs: Vec<PathBuf>,
    /// Output file; `-` (the default) for standard output
    #[arg(short, long, value_name = "FILE", default_value = "-")]
    pub output: PathBuf,
    /// Output format (json, graphml, gexf, dot… as for convert); by default from the output file's extension, JSON on standard output
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
    /// Do not draw the SVG pictures (they need Graphviz)
    #[arg(long)]
    pub no_render: bool,
}

#[derive(Debug, Args)]
pub struct ConvertArgs {
    /// The graph file to read (.json or .graphml), or a data directory to build
    pub input: PathBuf,
    #[command(flatten)]
    pub out: OutputArgs,
    /// Format of the input, when its extension does not tell
    #[arg(long, value_name = "FORMAT")]
    pub from: Option<String>,
    /// GraphML flavour: plain, or yed (adds yEd's node and edge graphics)
    #[arg(long, value_name = "FLAVOUR", default_value = "plain")]
    pub graphml_flavour: String,
    #[command(flatten)]
    pub view: ViewArgs,
}

/// A graph to read: a graph file or a data directory.
#[derive(Debug, Args)]
pub struct InputArgs {
    /// The graph: a .json or .graphml file, or a data directory to build
    #[arg(value_name = "GRAPH")]
    pub input: PathBuf,
    /// Format of the input, when its extension does not tell
    #[arg(long, value_name = "FORMAT")]
    pub from: Option<String>,
}

#[derive(Debug, Args)]
pub struct RenderArgs {
    #[command(flatten)]
    pub input: InputArgs,
    /// The picture to write: .svg, .png or .pdf (or .dot for the DOT it draws); `-` for stdout
    #[arg(short, long, value_name = "FILE")]
    pub output: PathBuf,
    /// Picture format (svg, png, pdf, dot); by default from the output file's extension
    #[arg(short, long, value_name = "FORMAT")]
    pub format: Option<String>,
    /// Draw one edge per relation instead of grouping parallel relations
    #[arg(long)]
    pub every_relation: bool,
    #[command(flatten)]
    pub view: ViewArgs,
}

#[derive(Debug, Args)]
pub struct HtmlArgs {
    #[command(flatten)]
    pub input: InputArgs,
    /// The page to write (.html); `-` for stdout
    #[arg(short, long, value_name = "FILE")]
    pub output: PathBuf,
    #[command(flatten)]
    pub view: ViewArgs,
}

#[derive(Debug, Args)]
pub struct StatsArgs {
    #[command(flatten)]
    pub input: InputArgs,
    /// Print JSON instead of a table
    #[arg(long)]
    pub json: bool,
    /// How many actors the ranked lists show
    #[arg(long, value_name = "N", default_value_t = 10)]
    pub top: usize,
    #[command(flatten)]
    pub view: ViewArgs,
}

#[derive(Debug, Args)]
pub struct PathArgs {
    #[command(flatten)]
    pub input: InputArgs,
    /// The first actor (id, name or alias)
    #[arg(value_name = "FROM")]
    pub from_actor: String,
    /// The second actor (id, name or alias)
    #[arg(value_name = "TO")]
    pub to_actor: String,
    /// Print JSON instead of text
    #[arg(long)]
    pub json: bool,
    /// List at most this many chains
    #[arg(long, value_name = "N", default_value_t = 10)]
    pub limit: usize,
    #[command(flatten)]
    pub view: ViewArgs,
}

/// The view options shared by every command that writes or draws a graph.
#[derive(Debug, Default, Args)]
#[command(next_help_heading = "View (filter the graph first)")]
pub struct ViewArgs {
    /// Keep only this actor's neighbourhood (id, name or alias)
    #[arg(long, value_name = "ACTOR")]
    pub focus: Option<String>,
    /// Steps from the --focus actor (default 1)
    #[arg(long, value_name = "N", requires = "focus")]
    pub depth: Option<usize>,
    /// Keep relations of these classes or stances (ASSAULT, conflictual…); comma-separated
    #[arg(long, value_name = "CLASS", value_delimiter = ',')]
    pub class: Vec<String>,
    /// Keep actors of these kinds (state, military…); comma-separated
    #[arg(long, value_name = "KIND", value_delimiter = ',')]
    pub kind: Vec<String>,
    /// Keep relations of these polarities (asserted, hedged, negated); comma-separated
    #[arg(long, value_name = "POLARITY", value_delimiter = ',')]
    pub polarity: Vec<String>,
    /// Keep relations dated on or after this ISO date (2025, 2025-10, 2025-10-17)
    #[arg(long, value_name = "DATE")]
    pub since: Option<String>,
    /// Keep relations dated on or before this ISO date
    #[arg(long, value_name = "DATE")]
    pub until: Option<String>,
    /// Keep what these sources state (source ids); comma-separated
    #[arg(long, value_name = "SOURCE", value_delimiter = ',')]
    pub source: Vec<String>,
    /// Keep relations stated by at least N sources
    #[arg(long, value_name = "N")]
    pub min_support: Option<usize>,
}

impl ViewArgs {
    /// The library's view for these options.
    pub fn to_view(&self) -> briefgraph::graph::view::View {
        briefgraph::graph::view::View {
            focus: self.focus.clone(),
            depth: self.depth,
            classes: self.class.clone(),
            kinds: self.kind.clone(),
            polarities: self.polarity.clone(),
            since: self.since.clone(),
            until: self.until.clone(),
            sources: self.source.clone(),
            min_support: self.min_support,
        }
    }
}

/// Where and how a command writes one graph.
#[derive(Debug, Args)]
pub struct OutputArgs {
    /// Output file; `-` for standard output
    #[arg(short, long, value_name = "FILE")]
    pub output: PathBuf,
    /// Output format (json, graphml, dot, gexf, mermaid, markdown, html, svg, png, pdf, turtle, ntriples, nquads, neo4j-csv, kuzu-csv); by default from the output file's extension
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

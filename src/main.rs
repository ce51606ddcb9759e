//! The briefgraph binary: parses the command line and calls the library.

mod cli;

use briefgraph::error::Result;
use briefgraph::format::Format;
use briefgraph::registry::Registry;
use briefgraph::{output, project, sinks, sources, vocabulary::Vocabulary};
use clap::Parser;
use cli::{Cli, Command};

// See Cargo.toml: merging large graphs is dominated by small allocations.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let cli = Cli::parse();
    if let Err(e) = run(cli) {
        eprintln!("briefgraph: error: {e}");
        std::process::exit(1);
    }
}

fn run(cli: Cli) -> Result<()> {
    match cli.command {
        Command::Build(args) => {
            let data = project::DataDir::open(&args.data_dir)?;
            let graph = data.build()?;
            let files = project::exports(&graph);
            output::write_files(&args.output, &files)?;
            eprintln!(
                "briefgraph: {} actors, {} relations from {} -> {}",
                graph.node_count(),
                graph.edge_count(),
                args.data_dir.display(),
                args.output.display()
            );
            Ok(())
        }
        Command::Convert(args) => {
            let vocab = Vocabulary::builtin();
            let format = Format::choose(args.out.format.as_deref(), &args.out.output)?;
            let graph = sources::read_graph(&args.input, args.from.as_deref(), &vocab)?;
            output::write_file(&args.out.output, &sinks::write(&graph, format))
        }
        Command::Merge(args) => {
            let format = match (&args.format, args.output.as_os_str() == "-") {
                (None, true) => Format::Json,
                (f, _) => Format::choose(f.as_deref(), &args.output)?,
            };
            let registry = match &args.actors {
                Some(path) => Registry::load(path)?,
                None => Registry::builtin(),
            };
            let vocab = Vocabulary::builtin();
            let merged =
                sources::merge_files(&args.inputs, &registry, &vocab, args.name.as_deref())?;
            output::write_with(&args.output, |w| sinks::write_to(&merged.graph, format, w))?;
            if !args.quiet {
                eprint!("briefgraph: {}", merged.report);
            }
            // A merged graph can hold millions of strings: the process ends
            // here, so let the system reclaim them rather than free each.
            std::mem::forget(merged);
            Ok(())
        }
    }
}

//! The briefgraph binary: parses the command line and calls the library.

mod cli;

use briefgraph::error::{read_text, Error, Result};
use briefgraph::format::Format;
use briefgraph::{eval, extract, output, project, sinks, sources, vocabulary::Vocabulary};
use clap::Parser;
use cli::{Cli, Command};

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
        Command::Extract(args) => {
            let setup = extract::Setup {
                registry: args.registry,
                vocabulary: args.vocabulary,
                rules: args.rules,
                builtin: !args.no_builtin,
            };
            let output = match (&args.output, args.discover) {
                (Some(o), _) => Some(o.clone()),
                (None, false) => Some("-".into()),
                (None, true) => None,
            };
            let format = match &output {
                Some(o) if o.as_os_str() != "-" || args.format.is_some() => {
                    Format::choose(args.format.as_deref(), o)?
                }
                _ => Format::Json,
            };
            let ex = setup.extractor()?;
            let parts = extract::extract_files(&ex, &args.briefs, args.discover)?;
            let findings = extract::discover::merge(parts.iter().map(|p| p.findings.clone()));
            let name = args
                .name
                .unwrap_or_else(|| extract::source_id(&args.briefs[0]));
            let graph = extract::assemble(&name, parts);
            if let Some(o) = &output {
                output::write_file(o, &sinks::write(&graph, format))?;
            }
            if args.discover {
                output::write_file(
                    "-".as_ref(),
                    extract::discover::report(&findings).as_bytes(),
                )?;
            }
            eprintln!(
                "briefgraph: {} actors, {} relations from {} brief(s)",
                graph.node_count(),
                graph.edge_count(),
                args.briefs.len()
            );
            Ok(())
        }
        Command::Eval(args) => {
            let vocab = Vocabulary::builtin();
            let graph = sources::read_graph(&args.predicted, None, &vocab)?;
            let gold = eval::parse_gold(&args.gold, &read_text(&args.gold)?)?;
            let actors = match &args.actors {
                Some(a) => eval::parse_actors(a, &read_text(a)?)?,
                None => Vec::new(),
            };
            let result = eval::evaluate(&graph, &gold, &actors);
            output::write_file("-".as_ref(), result.report().as_bytes())?;
            if let Some(path) = &args.baseline {
                let base = eval::parse_baseline(path, &read_text(path)?)?;
                let figures = result.figures();
                let worse = eval::regressions(&figures, &base);
                if !worse.is_empty() {
                    let list: Vec<String> = worse
                        .iter()
                        .map(|(n, now, best)| format!("{n} {now:.3} < {best:.3}"))
                        .collect();
                    return Err(Error::usage_hint(
                        format!("scores fell below the baseline {}: {}", path.display(), list.join(", ")),
                        "find the change that lowered them with the misses and false hits above; the baseline only goes up",
                    ));
                }
                if args.raise_baseline {
                    let header = "Best extraction scores reached so far; `briefgraph eval --baseline` fails below them.\nRaise with --raise-baseline; never lower by hand.";
                    output::write_file(path, eval::raised(&figures, &base, header).as_bytes())?;
                }
            }
            Ok(())
        }
    }
}

//! The briefgraph binary: parses the command line and calls the library.

mod cli;

use briefgraph::error::{read_text, Error, Result};
use briefgraph::format::Format;
use briefgraph::graph::{analysis, view};
use briefgraph::progress::Progress;
use briefgraph::registry::Registry;
use briefgraph::sinks::{self, dot, graphml};
use briefgraph::{eval, extract, output, project, review, sources, vocabulary::Vocabulary};
use clap::Parser;
use cli::{Cli, Command};
use std::io::IsTerminal;

// See Cargo.toml: merging large graphs is dominated by small allocations.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    keep_freed_memory();
    let cli = Cli::parse();
    if let Err(e) = run(cli) {
        eprintln!("briefgraph: error: {e}");
        std::process::exit(1);
    }
}

/// mimalloc gives freed memory back to the system after a delay (purging),
/// and a block reused after that comes back page fault by page fault, each
/// page zeroed by the kernel. Reading and merging graphs frees and
/// reallocates large blocks all the time: purging cost a quarter of the
/// merge benchmark's CPU time (`perf`: clear_page_erms). Freed memory is
/// kept for reuse instead; the peak stays the same (`cargo bench --bench
/// merge` reports it). Option 15 is `mi_option_purge_delay` in mimalloc's
/// header (v2 and v3); -1 means never.
fn keep_freed_memory() {
    const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;
    // SAFETY: sets a global option of the allocator; any value is valid.
    unsafe { libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, -1) };
}

fn run(cli: Cli) -> Result<()> {
    let bar = Bar::new();
    match cli.command {
        Command::Build(args) => {
            let data = project::DataDir::open(&args.data_dir)?;
            let graph = data.build_with(&bar)?;
            // Without Graphviz the job still runs: every other export is
            // written, and the pictures are skipped with a warning that
            // says how to get them.
            let mut render = !args.no_render;
            if render && !sinks::render::available() {
                eprintln!(
                    "briefgraph: warning: Graphviz's `dot` program is not installed, so the SVG \
                     pictures were not drawn (the other exports were)\n  help: {}; or pass \
                     --no-render to silence this",
                    sinks::render::INSTALL_HINT
                );
                render = false;
            }
            let files = project::exports(&graph, &data.export_plan(render), &bar)?;
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
            let format = Format::choose(args.out.format.as_deref(), &args.out.output)?;
            let flavour = graphml::Flavour::from_name(&args.graphml_flavour).ok_or_else(|| {
                Error::usage_hint(
                    format!("unknown GraphML flavour `{}`", args.graphml_flavour),
                    "use plain or yed",
                )
            })?;
            let graph = project::read_any(&args.input, args.from.as_deref(), &bar)?;
            let view = args.view.to_view();
            // No filter: the graph as read (a view would copy it).
            let graph = if view.is_empty() {
                graph
            } else {
                view.apply(&graph)?
            };
            let options = sinks::Options {
                graphml_flavour: flavour,
                ..sinks::Options::default()
            };
            if format.is_directory() {
                let files = sinks::write_bundle(&graph, format)?;
                return output::write_dir(&args.out.output, &files);
            }
            output::write_graph_with(&args.out.output, &graph, format, &options)
        }
        Command::Render(args) => {
            let format = Format::choose(args.format.as_deref(), &args.output)?;
            if !format.is_render() && format != Format::Dot {
                return Err(Error::usage_hint(
                    format!("render draws pictures, not {format}"),
                    "write .svg, .png, .pdf (or .dot for the DOT it draws); `convert` writes the other formats",
                ));
            }
            let graph = project::read_any(&args.input.input, args.input.from.as_deref(), &bar)?;
            let graph = args.view.to_view().apply(&graph)?;
            let style = dot::Style {
                group_parallel: !args.every_relation,
                ..dot::Style::picture()
            };
            let bytes = if format == Format::Dot {
                dot::write_styled(&graph, &style)
            } else {
                sinks::render::render(&graph, format, &style)?
            };
            output::write_file(&args.output, &bytes)
        }
        Command::Html(args) => {
            let format = Format::choose(None, &args.output).unwrap_or(Format::Html);
            if format != Format::Html && args.output != std::path::Path::new("-") {
                return Err(Error::usage_hint(
                    format!("{}: html writes an .html page", args.output.display()),
                    "name the output FILE.html",
                ));
            }
            let graph = project::read_any(&args.input.input, args.input.from.as_deref(), &bar)?;
            let graph = args.view.to_view().apply(&graph)?;
            output::write_file(&args.output, &sinks::html::write(&graph))
        }
        Command::Stats(args) => {
            let graph = project::read_any(&args.input.input, args.input.from.as_deref(), &bar)?;
            let graph = args.view.to_view().apply(&graph)?;
            let stats = analysis::stats(&graph);
            let text = if args.json {
                to_json(&stats)
            } else {
                stats.table(args.top)
            };
            output::write_file(std::path::Path::new("-"), text.as_bytes())
        }
        Command::Path(args) => {
            let graph = project::read_any(&args.input.input, args.input.from.as_deref(), &bar)?;
            let graph = args.view.to_view().apply(&graph)?;
            let find = |name: &str| {
                view::resolve_actor(&graph, name)
                    .map(|a| a.id.clone())
                    .ok_or_else(|| view::unknown_actor(&graph, name))
            };
            let (a, b) = (find(&args.from_actor)?, find(&args.to_actor)?);
            let paths = analysis::paths(&graph, &a, &b, args.limit);
            let text = if args.json {
                to_json(&paths)
            } else {
                paths.table(&graph)
            };
            output::write_file(std::path::Path::new("-"), text.as_bytes())
        }
        Command::Extract(args) => {
            let setup = extract::Setup {
                registry: args.registry,
                vocabulary: args.vocabulary,
                rules: args.rules,
                builtin: !args.no_builtin,
            };
            if args.jsonl {
                let ex = setup.extractor()?;
                let stdin = std::io::stdin().lock();
                let stdout = std::io::BufWriter::new(std::io::stdout().lock());
                let n = briefgraph::stream::extract_jsonl(&ex, stdin, stdout)?;
                eprintln!("briefgraph: {n} document(s) extracted");
                return Ok(());
            }
            let output = match (&args.output, args.discover) {
                (Some(o), _) => Some(o.clone()),
                (None, false) => Some("-".into()),
                (None, true) => None,
            };
            // `-o FILE.triples`: proposals for review; with --discover,
            // `-o FILE.toml`: registry stubs for the actors it lacks.
            let review = output
                .as_ref()
                .and_then(|o| o.extension())
                .and_then(|e| e.to_str())
                .filter(|e| *e == "triples" || (*e == "toml" && args.discover))
                .map(str::to_string);
            let format = match &output {
                _ if review.is_some() => Format::Json,
                Some(o) if o.as_os_str() != "-" || args.format.is_some() => {
                    Format::choose(args.format.as_deref(), o)?
                }
                _ => Format::Json,
            };
            let vocab = review::vocabulary(&setup)?;
            let ex = setup.extractor()?;
            let briefs = briefgraph::document::batch::expand(&args.briefs)?;
            let progress = if std::io::stderr().is_terminal() && briefs.len() > 1 {
                let bar = indicatif::ProgressBar::new(briefs.len() as u64);
                bar.set_style(
                    indicatif::ProgressStyle::with_template(
                        "{prefix:>8} [{bar:30}] {pos}/{len} {msg}",
                    )
                    .expect("the template is valid")
                    .progress_chars("=> "),
                );
                bar.set_prefix("reading");
                bar
            } else {
                indicatif::ProgressBar::hidden()
            };
            let results = briefgraph::document::batch::extract_each(
                &ex,
                &briefs,
                args.discover,
                &|p: &std::path::Path| {
                    progress.set_message(
                        p.file_name()
                            .unwrap_or_default()
                            .to_string_lossy()
                            .into_owned(),
                    );
                    progress.inc(1);
                },
            );
            progress.finish_and_clear();
            let mut parts = Vec::new();
            let mut unreadable = Vec::new();
            for r in results {
                match r {
                    Ok(p) => parts.push(p),
                    Err(e) if args.keep_going => unreadable.push(e),
                    Err(e) => return Err(e),
                }
            }
            if parts.is_empty() && !unreadable.is_empty() {
                for e in &unreadable {
                    eprintln!("briefgraph: error: {e}");
                }
                return Err(Error::usage_hint(
                    "no brief could be read",
                    "fix or remove the files listed above",
                ));
            }
            let review_text = match review.as_deref() {
                Some("triples") => Some(review::proposals(&parts, ex.registry(), &vocab)),
                Some(_) => Some(review::actor_stubs(&parts, ex.registry())),
                None => None,
            };
            let findings = extract::discover::merge(parts.iter().map(|p| p.findings.clone()));
            let name = args
                .name
                .unwrap_or_else(|| extract::source_id(&args.briefs[0]));
            let explained = args.explain.then(|| {
                let relations: Vec<_> = parts.iter().flat_map(|p| p.relations.clone()).collect();
                extract::explain::explain(&relations, &ex)
            });
            let graph = extract::assemble(&name, parts);
            match (&output, &review_text) {
                (Some(o), Some(text)) => output::write_file(o, text.as_bytes())?,
                (Some(o), None) => output::write_file(o, &sinks::write(&graph, format)?)?,
                _ => {}
            }
            if args.discover {
                output::write_file(
                    "-".as_ref(),
                    extract::discover::report(&findings).as_bytes(),
                )?;
            }
            if let Some(text) = explained {
                // On standard output unless the graph went there.
                if output.as_ref().is_some_and(|o| o.as_os_str() != "-") && !args.discover {
                    output::write_file("-".as_ref(), text.as_bytes())?;
                } else {
                    eprint!("{text}");
                }
            }
            eprintln!(
                "briefgraph: {} actors, {} relations from {} brief(s)",
                graph.node_count(),
                graph.edge_count(),
                briefs.len() - unreadable.len()
            );
            if !unreadable.is_empty() {
                eprintln!(
                    "briefgraph: warning: {} of {} file(s) could not be read and were left out:",
                    unreadable.len(),
                    briefs.len()
                );
                for e in &unreadable {
                    eprintln!("  {}", e.to_string().replace('\n', "\n  "));
                }
            }
            Ok(())
        }
        Command::Eval(args) if args.corpus.is_some() => eval_corpus(&args),
        Command::Eval(args) => {
            let vocab = Vocabulary::builtin();
            let (Some(predicted), Some(gold_path)) = (&args.predicted, &args.gold) else {
                return Err(Error::usage("eval needs PREDICTED and --gold, or --corpus"));
            };
            let graph = sources::read_graph(predicted, None, &vocab)?;
            let gold = eval::parse_gold(gold_path, &read_text(gold_path)?)?;
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
            output::write_graph(&args.output, &merged.graph, format)?;
            if !args.quiet {
                eprint!("briefgraph: {}", merged.report);
            }
            // A merged graph can hold millions of strings: the process ends
            // here, so let the system reclaim them rather than free each.
            std::mem::forget(merged);
            Ok(())
        }
        Command::Parse(args) => match (&args.eval, &args.input) {
            (Some(gold), _) => {
                let scores = briefgraph::syntax::run::eval_file(gold)?;
                output::write_file("-".as_ref(), format!("{scores}\n").as_bytes())
            }
            (None, Some(input)) => briefgraph::syntax::run::parse_file(input, &args.output),
            (None, None) => Err(Error::usage_hint(
                "parse needs a FILE or --eval GOLD.conllu",
                "briefgraph parse brief.txt",
            )),
        },
    }
}

fn to_json(value: &impl serde::Serialize) -> String {
    let mut s = serde_json::to_string_pretty(value).expect("reports serialize");
    s.push('\n');
    s
}

/// A progress bar on standard error, drawn only when it is a terminal.
struct Bar {
    tty: bool,
    current: std::cell::RefCell<Option<indicatif::ProgressBar>>,
}

impl Bar {
    fn new() -> Bar {
        Bar {
            tty: std::io::stderr().is_terminal(),
            current: std::cell::RefCell::new(None),
        }
    }
}

impl Progress for Bar {
    fn start(&self, phase: &str, total: usize) {
        if !self.tty {
            return;
        }
        let bar = indicatif::ProgressBar::new(total as u64);
        bar.set_style(
            indicatif::ProgressStyle::with_template("{prefix:>8} [{bar:30}] {pos}/{len} {msg}")
                .expect("the template is valid")
                .progress_chars("=> "),
        );
        bar.set_prefix(phase.to_string());
        *self.current.borrow_mut() = Some(bar);
    }

    fn advance(&self, item: &str) {
        if let Some(bar) = self.current.borrow().as_ref() {
            bar.set_message(item.to_string());
            bar.inc(1);
        }
    }

    fn finish(&self) {
        if let Some(bar) = self.current.borrow_mut().take() {
            bar.finish_and_clear();
        }
    }
}

/// `eval --corpus DIR`: extracts every brief of the folder and scores it.
fn eval_corpus(args: &cli::EvalArgs) -> Result<()> {
    let dir = args.corpus.as_deref().expect("checked by the caller");
    let names = eval::corpus_briefs(dir)?;
    let ex = extract::Setup {
        builtin: true,
        ..Default::default()
    }
    .extractor()?;
    let paths: Vec<std::path::PathBuf> =
        names.iter().map(|n| dir.join(format!("{n}.txt"))).collect();
    let parts = extract::extract_files(&ex, &paths, false)?;
    let mut rows = Vec::new();
    let mut shown = String::new();
    for (name, part) in names.iter().zip(parts) {
        let gold_path = dir.join(format!("{name}.gold.tsv"));
        let gold = eval::parse_gold(&gold_path, &read_text(&gold_path)?)?;
        let actors_path = dir.join(format!("{name}.actors.tsv"));
        let actors = if actors_path.is_file() {
            eval::parse_actors(&actors_path, &read_text(&actors_path)?)?
        } else {
            Vec::new()
        };
        let graph = extract::assemble(name, [part]);
        let result = eval::evaluate(&graph, &gold, &actors);
        if args.show {
            shown.push_str(&format!("== {name}\n{}\n", result.report()));
        }
        rows.push((name.clone(), result));
    }
    shown.push_str(&eval::corpus_report(&rows));
    output::write_file("-".as_ref(), shown.as_bytes())
}

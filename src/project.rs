//! The data directory (`graph-data/`) and the `build` job over it.
//!
//! Layout, every part optional:
//!
//! ```text
//! graph-data/
//!   project.toml        name = "…"   (the graph's title)
//!                       focus = ["cmcc"]   (actors whose ego view `build` draws)
//!   registry/*.toml     actors; without it, the registry built into the binary
//!   vocabulary/*.toml   predicates; without it, the built-in vocabulary
//!   curated/*.triples   hand-curated triples
//!   briefs/*.txt|*.md   brief texts, run through the rule extractor
//!   rules/*.toml        extraction rules; without it, the built-in rules
//! ```

use crate::error::{read_text, Error, Result};
use crate::format::Format;
use crate::graph::merge::Merger;
use crate::graph::view::View;
use crate::graph::{BriefGraph, GraphBuilder};
use crate::progress::{Progress, Silent};
use crate::registry::{files_with_extension, Registry};
use crate::sinks;
use crate::sources::curated::{self, Curated};
use crate::vocabulary::Vocabulary;
use serde::Deserialize;
use std::path::{Path, PathBuf};

/// The base name of the files `build` writes (`graph.json`, `graph.dot`…).
pub const EXPORT_STEM: &str = "graph";

/// What a data directory holds, resolved to files.
#[derive(Debug)]
pub struct DataDir {
    pub root: PathBuf,
    pub name: String,
    pub registry: Registry,
    pub vocabulary: Vocabulary,
    pub curated: Vec<PathBuf>,
    /// Brief texts to extract relations from.
    pub briefs: Vec<PathBuf>,
    /// Extraction rules (`rules/*.toml`), or the built-in ones.
    pub rules: Option<PathBuf>,
    /// Actors whose ego network (depth 1) `build` also draws.
    pub focus: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ProjectFile {
    name: String,
    #[serde(default)]
    focus: Vec<String>,
}

impl DataDir {
    /// Opens a data directory: reads its registry and vocabulary (or takes
    /// the built-in ones) and lists its curated files.
    pub fn open(root: &Path) -> Result<DataDir> {
        let meta = std::fs::metadata(root).map_err(|e| Error::io(root, e))?;
        if !meta.is_dir() {
            return Err(Error::usage_hint(
                format!("{}: not a directory", root.display()),
                "`build` takes a data directory such as graph-data/",
            ));
        }
        let project = root.join("project.toml");
        let (name, focus) = if project.is_file() {
            let text = read_text(&project)?;
            let p: ProjectFile = crate::error::parse_toml(
                &project,
                &text,
                "project",
                "project.toml holds name = \"…\" and, optionally, focus = [\"actor\", …]",
            )?;
            (p.name, p.focus)
        } else {
            let name = root
                .file_name()
                .map_or_else(|| "briefgraph".into(), |n| n.to_string_lossy().into_owned());
            (name, Vec::new())
        };
        let registry = match root.join("registry") {
            dir if dir.is_dir() => Registry::load(&dir)?,
            _ => Registry::builtin(),
        };
        let vocabulary = match root.join("vocabulary") {
            dir if dir.is_dir() => Vocabulary::load(&dir)?,
            _ => Vocabulary::builtin(),
        };
        let curated = match root.join("curated") {
            dir if dir.is_dir() => files_with_extension(&dir, "triples")?,
            _ => Vec::new(),
        };
        let mut briefs = Vec::new();
        if root.join("briefs").is_dir() {
            for ext in ["txt", "md"] {
                briefs.extend(files_with_extension(&root.join("briefs"), ext)?);
            }
            briefs.sort();
        }
        let rules = Some(root.join("rules")).filter(|d| d.is_dir());
        Ok(DataDir {
            root: root.to_path_buf(),
            name,
            registry,
            vocabulary,
            curated,
            briefs,
            rules,
            focus,
        })
    }

    /// Parses every curated file, reporting the problems of all of them.
    pub fn read_curated(&self) -> Result<Vec<Curated>> {
        self.read_curated_with(&Silent)
    }

    /// [`read_curated`](DataDir::read_curated), reporting each file read to `progress`.
    pub fn read_curated_with(&self, progress: &dyn Progress) -> Result<Vec<Curated>> {
        let mut out = Vec::new();
        let mut errors = Vec::new();
        progress.start("reading", self.curated.len());
        for path in &self.curated {
            progress.advance(&path.file_name().unwrap_or_default().to_string_lossy());
            let text = read_text(path)?;
            match curated::parse(path, &text, &self.registry, &self.vocabulary) {
                Ok(mut c) => {
                    let rel = path.strip_prefix(&self.root).unwrap_or(path);
                    for s in &mut c.sources {
                        s.extra.entry("file".into()).or_insert_with(|| {
                            serde_json::Value::String(rel.to_string_lossy().replace('\\', "/"))
                        });
                    }
                    out.push(c);
                }
                Err(Error::Invalid(mut d)) => errors.append(&mut d),
                Err(e) => return Err(e),
            }
        }
        progress.finish();
        if errors.is_empty() {
            Ok(out)
        } else {
            Err(Error::Invalid(errors))
        }
    }

    /// Extracts relations from every brief with the directory's registry,
    /// vocabulary and rules.
    pub fn read_briefs(&self) -> Result<Vec<crate::extract::Extraction>> {
        if self.briefs.is_empty() {
            return Ok(Vec::new());
        }
        let mut rules = crate::extract::rules::Rules::default();
        match &self.rules {
            Some(dir) => rules.add_path(dir)?,
            None => {
                for (path, text) in crate::extract::rules::BUILTIN_FILES {
                    rules.add_toml(Path::new(path), text)?;
                }
            }
        }
        rules.finish()?;
        let ex = crate::extract::Extractor::new(self.registry.clone(), &self.vocabulary, rules)?;
        let mut parts = crate::extract::extract_files(&ex, &self.briefs, false)?;
        for part in &mut parts {
            if let Some(serde_json::Value::String(file)) = part.source.extra.get_mut("file") {
                let rel = Path::new(file.as_str())
                    .strip_prefix(&self.root)
                    .map(|p| p.to_string_lossy().replace('\\', "/"));
                if let Ok(rel) = rel {
                    *file = rel;
                }
            }
        }
        Ok(parts)
    }

    /// Builds the graph of everything in the directory: curated triples and
    /// the relations extracted from the briefs (curated wins where both agree).
    pub fn build(&self) -> Result<BriefGraph> {
        self.build_with(&Silent)
    }

    /// [`build`](DataDir::build), reporting progress. Each curated file is
    /// a graph of its own, and they are merged as `briefgraph merge` does.
    pub fn build_with(&self, progress: &dyn Progress) -> Result<BriefGraph> {
        let mut merger = Merger::new(&self.registry);
        for (path, part) in self.curated.iter().zip(self.read_curated_with(progress)?) {
            let label = path.strip_prefix(&self.root).unwrap_or(path);
            merger.add(&label.to_string_lossy(), assemble(&self.name, [part]));
        }
        for (path, part) in self.briefs.iter().zip(self.read_briefs()?) {
            let label = path.strip_prefix(&self.root).unwrap_or(path);
            merger.add(
                &label.to_string_lossy(),
                crate::extract::assemble(&self.name, [part]),
            );
        }
        Ok(merger.finish(Some(&self.name)).graph)
    }

    /// What `build` writes for this directory: every format, and an ego
    /// view for each `focus` actor of project.toml.
    pub fn export_plan(&self, render: bool) -> ExportPlan {
        ExportPlan {
            focus: self.focus.clone(),
            render,
        }
    }
}

/// Assembles parsed curated files into one graph.
pub fn assemble(name: &str, parts: impl IntoIterator<Item = Curated>) -> BriefGraph {
    let mut b = GraphBuilder::new(name);
    for part in parts {
        for s in part.sources {
            b.add_source(s);
        }
        for a in part.actors {
            b.add_actor(a);
        }
        for r in part.relations {
            b.add_relation(r);
        }
    }
    b.finish()
}

/// Reads a graph: a data directory is built, a file is read in its format
/// (`format` or its extension).
pub fn read_any(path: &Path, format: Option<&str>, progress: &dyn Progress) -> Result<BriefGraph> {
    if path.is_dir() {
        return DataDir::open(path)?.build_with(progress);
    }
    let vocab = Vocabulary::builtin();
    crate::sources::read_graph(path, format, &vocab)
}

/// What [`exports`] writes besides the plain formats.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ExportPlan {
    /// Actors whose ego network (depth 1) is drawn as `focus-ACTOR.svg`.
    pub focus: Vec<String>,
    /// Whether to draw the SVG pictures (this needs Graphviz).
    pub render: bool,
}

/// The formats `build` writes the whole graph in, as `graph.EXT`: every
/// format but the binary pictures (PNG, PDF), the one-diagram Mermaid
/// (`graph.md` holds Mermaid diagrams that split as the graph grows), and
/// SVG when the plan does not render.
pub fn export_formats(plan: &ExportPlan) -> Vec<Format> {
    Format::ALL
        .iter()
        .copied()
        .filter(|f| !matches!(f, Format::Png | Format::Pdf | Format::Mermaid))
        .filter(|f| plan.render || !f.is_render())
        .filter(|f| !f.is_store())
        .collect()
}

/// The files `build` writes for a graph, rendered in memory: name and bytes.
pub fn exports(
    graph: &BriefGraph,
    plan: &ExportPlan,
    progress: &dyn Progress,
) -> Result<Vec<(String, Vec<u8>)>> {
    let formats = export_formats(plan);
    let views = if plan.render { plan.focus.len() } else { 0 };
    progress.start("writing", formats.len() + views);
    let mut files = Vec::new();
    for f in formats {
        let name = format!("{EXPORT_STEM}.{}", f.extensions()[0]);
        progress.advance(&name);
        files.push((name, sinks::write(graph, f)?));
    }
    if plan.render {
        for actor in &plan.focus {
            let view = View {
                focus: Some(actor.clone()),
                depth: Some(1),
                ..View::default()
            };
            let ego = view.apply(graph)?;
            let id = crate::graph::view::resolve_actor(graph, actor)
                .map_or_else(|| actor.clone(), |a| a.id.clone());
            let name = format!("focus-{id}.svg");
            progress.advance(&name);
            files.push((name, sinks::write(&ego, Format::Svg)?));
        }
    }
    progress.finish();
    Ok(files)
}

//! The actor registry: who exists, what they are called, what they are.
//!
//! Loaded from TOML files (`[[actor]]` tables); the bundled files in
//! `graph-data/registry/` are compiled into the binary as defaults, so the
//! tool works from any directory.

use crate::error::{closest, Diagnostic, Error, Result};
use crate::model::{Actor, ACTOR_KINDS};
use serde::Deserialize;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// The registry files bundled with the binary, in load order.
pub const BUILTIN_FILES: &[(&str, &str)] = &[
    (
        "graph-data/registry/states.toml",
        include_str!("../graph-data/registry/states.toml"),
    ),
    (
        "graph-data/registry/organizations.toml",
        include_str!("../graph-data/registry/organizations.toml"),
    ),
    (
        "graph-data/registry/brief-actors.toml",
        include_str!("../graph-data/registry/brief-actors.toml"),
    ),
    (
        "graph-data/registry/other-conflicts.toml",
        include_str!("../graph-data/registry/other-conflicts.toml"),
    ),
    (
        "graph-data/registry/armed-groups.toml",
        include_str!("../graph-data/registry/armed-groups.toml"),
    ),
    (
        "graph-data/registry/government-bodies.toml",
        include_str!("../graph-data/registry/government-bodies.toml"),
    ),
    (
        "graph-data/registry/leaders.toml",
        include_str!("../graph-data/registry/leaders.toml"),
    ),
    (
        "graph-data/registry/territories.toml",
        include_str!("../graph-data/registry/territories.toml"),
    ),
    (
        "graph-data/registry/conflict-actors.toml",
        include_str!("../graph-data/registry/conflict-actors.toml"),
    ),
    (
        "graph-data/registry/conflict-places.toml",
        include_str!("../graph-data/registry/conflict-places.toml"),
    ),
    (
        "graph-data/registry/agreements.toml",
        include_str!("../graph-data/registry/agreements.toml"),
    ),
];

/// One actor as the registry describes it.
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Entry {
    pub id: String,
    pub name: String,
    pub kind: String,
    #[serde(default)]
    pub aliases: Vec<String>,
    /// Adjectives and demonyms that stand for the actor ("Israeli").
    #[serde(default)]
    pub demonyms: Vec<String>,
    /// Declared metonyms: seats that stand for the actor ("Washington").
    #[serde(default)]
    pub metonyms: Vec<String>,
    #[serde(default)]
    pub wikidata: Option<String>,
    #[serde(default)]
    pub description: Option<String>,
    /// For a head of state or government: the id of the state they lead, which
    /// `the Assad regime`, `the Obama administration` and `Ruto's government` stand for.
    #[serde(default)]
    pub leads: Option<String>,
}

impl Entry {
    /// The graph node for this actor: aliases and metonyms become aliases.
    pub fn to_actor(&self) -> Actor {
        let mut actor = Actor::new(&self.id, &self.name, &self.kind);
        actor.aliases = self.aliases.iter().chain(&self.metonyms).cloned().collect();
        actor.wikidata = self.wikidata.clone();
        actor
    }

    /// Every name that refers to this actor on its own (not demonyms).
    pub fn names(&self) -> impl Iterator<Item = &str> {
        std::iter::once(self.name.as_str())
            .chain(self.aliases.iter().map(String::as_str))
            .chain(self.metonyms.iter().map(String::as_str))
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    #[serde(default)]
    actor: Vec<Entry>,
}

/// How a name was found to refer to an actor.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NameKind {
    Id,
    Name,
    Alias,
    Metonym,
    Demonym,
}

/// A set of actors with an index over all their names.
#[derive(Clone, Debug, Default)]
pub struct Registry {
    entries: Vec<Entry>,
    origin: Vec<PathBuf>,
    by_id: HashMap<String, usize>,
    /// Exact names (name, aliases, metonyms, demonyms) to entry.
    by_name: HashMap<String, (usize, NameKind)>,
    /// Lower-cased names to entries, for a forgiving second look-up.
    by_folded: HashMap<String, Vec<usize>>,
}

impl Registry {
    /// The registry compiled into the binary.
    pub fn builtin() -> Registry {
        let mut registry = Registry::default();
        for (path, text) in BUILTIN_FILES {
            registry
                .add_toml(Path::new(path), text)
                .expect("the bundled registry is valid (checked by tests)");
        }
        registry
    }

    /// Reads a registry file, or every `*.toml` file of a directory in name order.
    pub fn load(path: &Path) -> Result<Registry> {
        let mut registry = Registry::default();
        registry.add_path(path)?;
        Ok(registry)
    }

    /// Adds a file, or every `*.toml` of a directory, to this registry.
    pub fn add_path(&mut self, path: &Path) -> Result<()> {
        let mut errors = Vec::new();
        for file in toml_files(path)? {
            let text = crate::error::read_text(&file)?;
            if let Err(Error::Invalid(mut d)) = self.add_toml(&file, &text) {
                errors.append(&mut d);
            }
        }
        if errors.is_empty() {
            Ok(())
        } else {
            Err(Error::Invalid(errors))
        }
    }

    /// Parses one registry file's text and adds its actors.
    pub fn add_toml(&mut self, path: &Path, text: &str) -> Result<()> {
        let file: File = crate::error::parse_toml(
            path,
            text,
            "registry",
            "each actor is an [[actor]] table with id, name, kind and optional aliases, demonyms, metonyms, wikidata, description, leads",
        )?;
        let mut errors = Vec::new();
        for entry in file.actor {
            let at = |needle: &str, d: Diagnostic| locate(text, needle, d);
            if !ACTOR_KINDS.contains(&entry.kind.as_str()) {
                errors.push(at(
                    &format!("\"{}\"", entry.kind),
                    Diagnostic::new(path, format!("unknown actor kind `{}`", entry.kind))
                        .expected(format!("one of {}", ACTOR_KINDS.join(", ")))
                        .hint_opt(
                            closest(&entry.kind, ACTOR_KINDS.iter().copied())
                                .map(|k| format!("did you mean `{k}`?")),
                        ),
                ));
                continue;
            }
            if let Some(&other) = self.by_id.get(&entry.id) {
                errors.push(at(
                    &format!("\"{}\"", entry.id),
                    Diagnostic::new(path, format!("duplicate actor id `{}`", entry.id)).hint(
                        format!("already defined in {}", self.origin[other].display()),
                    ),
                ));
                continue;
            }
            let index = self.entries.len();
            let mut clash = None;
            let names = entry
                .names()
                .chain(entry.demonyms.iter().map(String::as_str));
            for name in names {
                if let Some(&(other, _)) = self.by_name.get(name) {
                    clash = Some((name.to_string(), other));
                    break;
                }
            }
            if let Some((name, other)) = clash {
                errors.push(at(
                    &format!("\"{name}\""),
                    Diagnostic::new(
                        path,
                        format!(
                            "name `{name}` of `{}` already names `{}`",
                            entry.id, self.entries[other].id
                        ),
                    )
                    .hint(format!(
                        "a name must point to one actor; `{}` is defined in {}",
                        self.entries[other].id,
                        self.origin[other].display()
                    )),
                ));
                continue;
            }
            self.by_id.insert(entry.id.clone(), index);
            let kinds = std::iter::once((entry.name.as_str(), NameKind::Name))
                .chain(entry.aliases.iter().map(|a| (a.as_str(), NameKind::Alias)))
                .chain(
                    entry
                        .metonyms
                        .iter()
                        .map(|m| (m.as_str(), NameKind::Metonym)),
                )
                .chain(
                    entry
                        .demonyms
                        .iter()
                        .map(|d| (d.as_str(), NameKind::Demonym)),
                );
            for (name, kind) in kinds {
                self.by_name
                    .entry(name.to_string())
                    .or_insert((index, kind));
                let folded = self.by_folded.entry(name.to_lowercase()).or_default();
                if !folded.contains(&index) {
                    folded.push(index);
                }
            }
            self.entries.push(entry);
            self.origin.push(path.to_path_buf());
        }
        if errors.is_empty() {
            Ok(())
        } else {
            Err(Error::Invalid(errors))
        }
    }

    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The position of the entry with this id in [`Registry::entries`].
    pub fn index(&self, id: &str) -> Option<usize> {
        self.by_id.get(id).copied()
    }

    pub fn get(&self, id: &str) -> Option<&Entry> {
        self.by_id.get(id).map(|&i| &self.entries[i])
    }

    /// Finds the actor a name refers to: first by id or exact name, alias,
    /// metonym or demonym; then, ignoring case, where only one actor fits.
    /// Acronyms (no lower-case letter) only ever match exactly.
    pub fn resolve(&self, name: &str) -> Option<(&Entry, NameKind)> {
        let name = name.trim();
        if let Some(&i) = self.by_id.get(name) {
            return Some((&self.entries[i], NameKind::Id));
        }
        if let Some(&(i, kind)) = self.by_name.get(name) {
            return Some((&self.entries[i], kind));
        }
        let stripped = name
            .strip_prefix("the ")
            .or_else(|| name.strip_prefix("The "))
            .unwrap_or(name);
        if stripped != name {
            return self.resolve(stripped);
        }
        match self.by_folded.get(&name.to_lowercase()).map(Vec::as_slice) {
            Some(&[i]) => {
                let entry = &self.entries[i];
                let is_acronym = |s: &str| !s.chars().any(char::is_lowercase);
                // "us" must not find "US": only fold names that are words.
                let exact_acronym = entry
                    .names()
                    .chain(entry.demonyms.iter().map(String::as_str))
                    .any(|n| n.eq_ignore_ascii_case(name) && is_acronym(n) && n.len() <= 5);
                (!exact_acronym).then_some((entry, NameKind::Alias))
            }
            _ => None,
        }
    }

    /// A "did you mean" suggestion for a name that resolved to nothing.
    pub fn suggest(&self, name: &str) -> Option<String> {
        let candidates = self
            .entries
            .iter()
            .flat_map(|e| std::iter::once(e.id.as_str()).chain(e.names()));
        closest(name, candidates).map(|c| format!("did you mean `{c}`?"))
    }
}

/// `path` itself if it is a file, or its `*.toml` files in name order.
pub(crate) fn toml_files(path: &Path) -> Result<Vec<PathBuf>> {
    files_with_extension(path, "toml")
}

/// `path` itself if it is a file, or its files ending in `.ext`, sorted.
pub fn files_with_extension(path: &Path, ext: &str) -> Result<Vec<PathBuf>> {
    let meta = std::fs::metadata(path).map_err(|e| Error::io(path, e))?;
    if !meta.is_dir() {
        return Ok(vec![path.to_path_buf()]);
    }
    let mut files = Vec::new();
    for entry in std::fs::read_dir(path).map_err(|e| Error::io(path, e))? {
        let entry = entry.map_err(|e| Error::io(path, e))?;
        let p = entry.path();
        if p.extension().is_some_and(|e| e == ext) && p.is_file() {
            files.push(p);
        }
    }
    files.sort();
    Ok(files)
}

/// Points a diagnostic at the first occurrence of `needle` in `text`.
fn locate(text: &str, needle: &str, d: Diagnostic) -> Diagnostic {
    match text.find(needle) {
        Some(start) => d.at(text, start, start + needle.len()),
        None => d,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SMALL: &str = r#"
[[actor]]
id = "united-states"
name = "United States"
kind = "state"
aliases = ["US", "U.S."]
demonyms = ["American"]
metonyms = ["Washington"]
wikidata = "Q30"

[[actor]]
id = "cmcc"
name = "Civil-Military Coordination Center"
kind = "military"
aliases = ["CMCC"]
"#;

    fn small() -> Registry {
        let mut r = Registry::default();
        r.add_toml(Path::new("small.toml"), SMALL).unwrap();
        r
    }

    #[test]
    fn resolves_names_aliases_metonyms_and_case() {
        let r = small();
        assert_eq!(r.resolve("US").unwrap().0.id, "united-states");
        assert_eq!(r.resolve("Washington").unwrap().1, NameKind::Metonym);
        assert_eq!(
            r.resolve("the United States").unwrap().0.id,
            "united-states"
        );
        assert_eq!(r.resolve("united states").unwrap().0.id, "united-states");
        assert_eq!(r.resolve("Cmcc"), None, "acronyms match exactly");
        assert_eq!(r.resolve("cmcc").unwrap().1, NameKind::Id);
        assert_eq!(r.resolve("us"), None);
        assert_eq!(r.suggest("CMCCC").as_deref(), Some("did you mean `CMCC`?"));
    }

    #[test]
    fn rejects_unknown_kinds_duplicates_and_clashing_names() {
        let mut r = small();
        let err = r
            .add_toml(
                Path::new("b.toml"),
                "[[actor]]\nid = \"x\"\nname = \"X\"\nkind = \"stat\"\n",
            )
            .unwrap_err()
            .to_string();
        assert!(
            err.starts_with("b.toml:4:8: unknown actor kind `stat`"),
            "{err}"
        );
        assert!(err.contains("did you mean `state`?"), "{err}");
        let err = r
            .add_toml(
                Path::new("c.toml"),
                "[[actor]]\nid = \"usa\"\nname = \"USA\"\nkind = \"state\"\naliases = [\"US\"]\n",
            )
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("name `US` of `usa` already names `united-states`"),
            "{err}"
        );
    }

    #[test]
    fn every_registry_file_is_built_in() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("graph-data/registry");
        let on_disk: Vec<String> = toml_files(&dir)
            .unwrap()
            .iter()
            .map(|p| {
                format!(
                    "graph-data/registry/{}",
                    p.file_name().unwrap().to_string_lossy()
                )
            })
            .collect();
        let mut built_in: Vec<String> = BUILTIN_FILES.iter().map(|(p, _)| p.to_string()).collect();
        built_in.sort();
        assert_eq!(built_in, on_disk, "add new registry files to BUILTIN_FILES");
    }

    #[test]
    fn builtin_registry_loads() {
        let r = Registry::builtin();
        assert!(r.len() >= 200, "{} actors", r.len());
        assert!(r.resolve("CMCC").is_some());
    }
}

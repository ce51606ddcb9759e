//! The predicate vocabulary: verbs and their forms, mapped to relation classes.
//!
//! Kept as data (`graph-data/vocabulary/*.toml`, `[[predicate]]` tables) and
//! shared by the curated-triples parser and the rule extractor.

use crate::error::{Diagnostic, Error, Result};
use crate::model::RelationClass;
use crate::registry::toml_files;
use serde::Deserialize;
use std::collections::HashMap;
use std::path::Path;

/// The vocabulary files bundled with the binary, in load order.
pub const BUILTIN_FILES: &[(&str, &str)] = &[(
    "graph-data/vocabulary/core.toml",
    include_str!("../graph-data/vocabulary/core.toml"),
)];

/// One predicate: a canonical name, its class and every form it takes.
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Predicate {
    /// Canonical form, third person singular present (`operates`, `withdraws from`).
    pub name: String,
    pub class: RelationClass,
    /// Every inflection, possibly several words (`withdrew from`).
    pub forms: Vec<String>,
    #[serde(default)]
    pub description: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    #[serde(default)]
    predicate: Vec<Predicate>,
}

/// All predicates, indexed by every form (lower case).
#[derive(Clone, Debug, Default)]
pub struct Vocabulary {
    predicates: Vec<Predicate>,
    by_form: HashMap<String, usize>,
    by_name: HashMap<String, usize>,
    /// The most words any form has, to bound look-ups.
    max_words: usize,
}

impl Vocabulary {
    /// The vocabulary compiled into the binary.
    pub fn builtin() -> Vocabulary {
        let mut v = Vocabulary::default();
        for (path, text) in BUILTIN_FILES {
            v.add_toml(Path::new(path), text)
                .expect("the bundled vocabulary is valid (checked by tests)");
        }
        v
    }

    /// Reads a vocabulary file, or every `*.toml` file of a directory.
    pub fn load(path: &Path) -> Result<Vocabulary> {
        let mut v = Vocabulary::default();
        for file in toml_files(path)? {
            let text = crate::error::read_text(&file)?;
            v.add_toml(&file, &text)?;
        }
        Ok(v)
    }

    /// Parses one vocabulary file's text and adds its predicates.
    pub fn add_toml(&mut self, path: &Path, text: &str) -> Result<()> {
        let file: File = crate::error::parse_toml(
            path,
            text,
            "vocabulary",
            "each predicate is a [[predicate]] table with name, class (e.g. OPERATE) and forms",
        )?;
        let mut errors = Vec::new();
        for p in file.predicate {
            let index = self.predicates.len();
            for form in p.forms.iter().chain(std::iter::once(&p.name)) {
                let key = normalize(form);
                match self.by_form.get(&key) {
                    Some(&other) if other != index && self.predicates[other].name != p.name => {
                        let at = text.find(&format!("\"{form}\"")).unwrap_or(0);
                        errors.push(
                            Diagnostic::new(
                                path,
                                format!(
                                    "form `{form}` of `{}` is already a form of `{}`",
                                    p.name, self.predicates[other].name
                                ),
                            )
                            .at(text, at, at + form.len() + 2)
                            .hint("a form must name one predicate; drop it from one of them"),
                        );
                    }
                    _ => {
                        self.max_words = self.max_words.max(key.split(' ').count());
                        self.by_form.insert(key, index);
                    }
                }
            }
            self.by_name.insert(p.name.clone(), index);
            self.predicates.push(p);
        }
        if errors.is_empty() {
            Ok(())
        } else {
            Err(Error::Invalid(errors))
        }
    }

    pub fn predicates(&self) -> &[Predicate] {
        &self.predicates
    }

    /// The predicate one of whose forms is `words` (case and spacing ignored).
    pub fn by_form(&self, words: &str) -> Option<&Predicate> {
        self.by_form
            .get(&normalize(words))
            .map(|&i| &self.predicates[i])
    }

    /// The predicate with this canonical name.
    pub fn by_name(&self, name: &str) -> Option<&Predicate> {
        self.by_name.get(name).map(|&i| &self.predicates[i])
    }

    /// The longest number of words any form has.
    pub fn max_words(&self) -> usize {
        self.max_words
    }

    /// Every form with its predicate, for building matchers.
    pub fn forms(&self) -> impl Iterator<Item = (&str, &Predicate)> {
        self.by_form
            .iter()
            .map(|(form, &i)| (form.as_str(), &self.predicates[i]))
    }
}

fn normalize(words: &str) -> String {
    words
        .split_whitespace()
        .map(str::to_lowercase)
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_vocabulary_covers_every_class() {
        let v = Vocabulary::builtin();
        for &class in RelationClass::ALL {
            assert!(
                v.predicates().iter().any(|p| p.class == class),
                "no predicate for {class}"
            );
        }
        assert_eq!(v.by_form("operates").unwrap().class, RelationClass::OPERATE);
        assert_eq!(v.by_form("Opposes").unwrap().class, RelationClass::REJECT);
    }

    #[test]
    fn a_form_may_name_only_one_predicate() {
        let mut v = Vocabulary::default();
        let text = "[[predicate]]\nname = \"backs\"\nclass = \"SUPPORT\"\nforms = [\"back\", \"backs\"]\n\n[[predicate]]\nname = \"returns\"\nclass = \"RETREAT\"\nforms = [\"back\"]\n";
        let err = v
            .add_toml(Path::new("v.toml"), text)
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("form `back` of `returns` is already a form of `backs`"),
            "{err}"
        );
    }
}

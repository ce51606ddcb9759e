//! Limits on input that would otherwise exhaust memory or time, each with
//! a default and an environment variable that raises it. A file over a
//! limit is refused with a message naming the limit and how to raise it.

use crate::error::Diagnostic;
use std::path::Path;

/// One limit: what it bounds, its default and the variable that sets it.
#[derive(Clone, Copy, Debug)]
pub struct Limit {
    /// What is counted, for messages (`bytes in an input file`).
    pub what: &'static str,
    /// The environment variable that overrides the default.
    pub var: &'static str,
    pub default: u64,
}

/// Bytes of one input file (read whole into memory).
pub const FILE_BYTES: Limit = Limit {
    what: "bytes in an input file",
    var: "BRIEFGRAPH_MAX_FILE_BYTES",
    default: 4 << 30,
};

/// Bytes of one line of a curated-triples file.
pub const LINE_BYTES: Limit = Limit {
    what: "bytes in a line of a curated file",
    var: "BRIEFGRAPH_MAX_LINE_BYTES",
    default: 1 << 20,
};

/// Values a GraphML file's `<default>`s fill in, over all its elements
/// (a few bytes of `<key>` can otherwise fill every one of a million nodes).
pub const DEFAULT_VALUES: Limit = Limit {
    what: "attribute values filled in from GraphML <default>s",
    var: "BRIEFGRAPH_MAX_DEFAULT_VALUES",
    default: 20_000_000,
};

/// Depth of nested XML elements in a GraphML file.
pub const XML_DEPTH: Limit = Limit {
    what: "levels of nested XML elements",
    var: "BRIEFGRAPH_MAX_XML_DEPTH",
    default: 256,
};

/// serde_json's fixed recursion limit: JSON nested deeper is refused.
pub const JSON_DEPTH: usize = 128;

impl Limit {
    /// The limit in force: the variable's value when it is a number, else the default.
    pub fn get(&self) -> u64 {
        std::env::var(self.var)
            .ok()
            .and_then(|v| v.trim().replace('_', "").parse().ok())
            .unwrap_or(self.default)
    }

    /// Whether `n` is over the limit.
    pub fn exceeded(&self, n: u64) -> bool {
        n > self.get()
    }

    /// A diagnostic for `path` saying that `found` (what was found, e.g.
    /// `the line has 10,485,760 bytes`) is over this limit.
    pub fn diagnostic(&self, path: &Path, found: &str) -> Diagnostic {
        Diagnostic::new(
            path,
            format!(
                "{found}: over the limit of {} {}",
                thousands(self.get()),
                self.what
            ),
        )
        .hint(self.hint())
    }

    /// How to raise the limit.
    pub fn hint(&self) -> String {
        format!(
            "the limit guards memory and time; to raise it, set {}=N in the environment",
            self.var
        )
    }
}

/// `12345678` as `12,345,678`.
pub fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// The hint for serde_json's recursion limit, when `message` is that error.
pub fn json_depth_hint(message: &str) -> Option<String> {
    message.contains("recursion limit exceeded").then(|| {
        format!(
            "JSON is read at most {JSON_DEPTH} levels deep (serde_json's fixed limit, which \
             cannot be raised): keep nested attribute values flatter"
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thousands_groups_digits() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1000), "1,000");
        assert_eq!(thousands(4 << 30), "4,294,967,296");
    }
}

//! Progress of long runs, reported to whoever is watching.
//!
//! The library only calls these hooks; the binary draws them (with
//! indicatif, and only when standard error is a terminal).

/// Receives the progress of a job: a total, then one call per item done.
pub trait Progress {
    /// A new phase of `total` items starts (`"reading"`, `"writing"`).
    fn start(&self, _phase: &str, _total: usize) {}
    /// One item (a file name) is done.
    fn advance(&self, _item: &str) {}
    /// The phase is over.
    fn finish(&self) {}
}

/// Reports nothing.
#[derive(Clone, Copy, Debug, Default)]
pub struct Silent;

impl Progress for Silent {}

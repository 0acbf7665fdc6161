//! Where rendered files go: [`OutputFile`] and the [`Sink`]s that take them
//! (a build's staging folder, memory, nowhere), apart from the render that
//! makes them so every producer and every sink can name them.

use std::sync::Mutex;

use bytes::Bytes;

/// One file of the built site, ready to write.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputFile {
    /// Path relative to the output root, with `/` separators, e.g. `wilayah/kota-bontang/index.html`.
    pub path: String,
    /// The file's bytes.
    pub body: Vec<u8>,
}

/// Where rendered files go, each as soon as it is ready and from any thread:
/// the output's staging folder for a build, memory for `kla serve`, nowhere
/// for `kla check`. Files arrive in no particular order.
pub trait Sink: Sync {
    /// Takes one finished file. A sink that can fail keeps its first error
    /// for its owner to report after rendering.
    fn put(&self, file: OutputFile);

    /// Takes a file kept from the last render ([`Memo`](crate::render::Memo)), whose bytes are
    /// shared with it: a sink that keeps files in memory keeps the same
    /// buffer, which spares copying (and later comparing) an unchanged page.
    fn put_shared(&self, path: &str, body: &Bytes) {
        self.put(OutputFile { path: path.to_string(), body: body.to_vec() });
    }

    /// Whether the sink drops every file (`kla check`): a render into it
    /// skips the search index, which checks nothing of the sources and is
    /// the costliest step of a national build.
    fn discards(&self) -> bool {
        false
    }
}

/// A sink keeping every file in memory, for callers that want them all.
#[derive(Debug, Default)]
pub struct Collect(Mutex<Vec<OutputFile>>);

impl Collect {
    /// The files received, in the order they arrived (tests of what a
    /// producer hands over first).
    #[cfg(test)]
    pub(crate) fn into_arrival_order(self) -> Vec<OutputFile> {
        self.0.into_inner().unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// The files received, sorted by path.
    pub fn into_sorted(self) -> Vec<OutputFile> {
        let mut files = self.0.into_inner().unwrap_or_else(std::sync::PoisonError::into_inner);
        files.sort_by(|a, b| a.path.cmp(&b.path));
        files
    }
}

impl Sink for Collect {
    fn put(&self, file: OutputFile) {
        self.0.lock().unwrap_or_else(std::sync::PoisonError::into_inner).push(file);
    }
}

/// A sink dropping every file: `kla check` renders only to validate.
#[derive(Debug, Default)]
pub struct Discard;

impl Sink for Discard {
    fn put(&self, _file: OutputFile) {}

    fn discards(&self) -> bool {
        true
    }
}

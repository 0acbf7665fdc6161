//! Rendering: from a scored site to the bytes of every output file.
//!
//! `render(&Scored, &Theme) -> Result<Vec<OutputFile>, Diagnostics>` produces
//! every page, the open data, the feed, the sitemap and the theme's static
//! files, in memory. It writes nothing: `output::write` does that. The only
//! files it ever reads are the theme's, through [`Theme::load`].

pub mod data;
pub mod feeds;
pub mod routes;

/// One file of the built site, ready to write.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputFile {
    /// Path relative to the output root, with `/` separators, e.g. `wilayah/kota-bontang/index.html`.
    pub path: String,
    /// The file's bytes.
    pub body: Vec<u8>,
}

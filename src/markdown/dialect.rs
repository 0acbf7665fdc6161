//! The Markdown dialect: the pulldown-cmark extensions kla enables, shared by
//! rendering (`mod.rs`) and summaries (`summary.rs`), which depend on it and
//! not on each other.

use pulldown_cmark::Options;

/// The extensions kla's Markdown dialect enables, shared by rendering and summaries.
pub(crate) fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_HEADING_ATTRIBUTES
}

//! Loading: walk a site folder, parse every file, validate across files.
//!
//! `load_site(root) -> Result<Site, Diagnostics>` is the only way to get a
//! [`Site`]. Every problem is collected (one run reports all of them) with its
//! file, line and column, the offending line and a hint. Paths in diagnostics
//! are relative to `root`.
//!
//! Layout of the module: `walk` is the only part that reads the disk;
//! `classify` maps paths to roles; one module per file format parses a text
//! (`site_config`, `rubric`, `region`, `evaluation`, `front_matter`);
//! `assemble` runs the checks across files and builds the [`Site`]. Scoring,
//! Markdown rendering and link checking are not done here.

mod assemble;
mod classify;
mod common;
mod evaluation;
mod front_matter;
mod region;
mod rubric;
mod site_config;
mod walk;

use std::path::Path;

use crate::diag::Diagnostics;
use crate::model::Site;

/// Top-level output routes a free page may not take, because kla's own pages live there.
pub const RESERVED_PAGE_SLUGS: &[&str] =
    &["wilayah", "peringkat", "provinsi", "metodologi", "data", "en", "static", "404"];

/// Reads and validates the site rooted at `root`.
///
/// On failure, returns every problem found, sorted by file and position.
pub fn load_site(root: &Path) -> Result<Site, Diagnostics> {
    let mut diags = Diagnostics::new();
    let sources = walk::read_sources(root, &mut diags);
    let site = assemble::assemble(sources, &mut diags);
    diags.sort();
    match site {
        Some(site) if diags.is_empty() => Ok(site),
        _ => Err(diags),
    }
}

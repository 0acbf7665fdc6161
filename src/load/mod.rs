//! Loading: walk a site folder, parse every file, validate across files.
//!
//! `load_site(root) -> Result<Site, Diagnostics>` is the only way to get a
//! [`Site`]. Every problem is collected (one run reports all of them) with its
//! file, line and column, the offending line and a hint. Paths in diagnostics
//! are relative to `root`.

use std::path::Path;

use crate::diag::Diagnostics;
use crate::model::Site;

/// Top-level output routes a free page may not take, because kla's own pages live there.
pub const RESERVED_PAGE_SLUGS: &[&str] =
    &["wilayah", "peringkat", "provinsi", "metodologi", "data", "en", "static", "404"];

/// Reads and validates the site rooted at `root`.
pub fn load_site(root: &Path) -> Result<Site, Diagnostics> {
    let _ = root;
    todo!("implemented by the load module")
}

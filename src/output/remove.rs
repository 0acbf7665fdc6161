//! Removing a file or folder that kla wrote, whichever it is: the writer
//! (`mod.rs`) and the spare (`spare.rs`) both replace paths this way.

use std::fs;
use std::path::Path;

use anyhow::{Context, Result};

/// Removes `path`, a folder with everything in it or a file; nothing to do
/// when it does not exist.
pub(super) fn remove_if_exists(path: &Path) -> Result<()> {
    match fs::symlink_metadata(path) {
        Ok(meta) if meta.is_dir() => {
            fs::remove_dir_all(path).with_context(|| format!("cannot remove {}", path.display()))
        }
        Ok(_) => fs::remove_file(path).with_context(|| format!("cannot remove {}", path.display())),
        Err(_) => Ok(()),
    }
}

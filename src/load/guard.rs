//! Reading a site file safely: refuses symlinks that lead out of the site
//! folder, symlinked folders, and files larger than [`MAX_FILE_BYTES`]
//! (checked from the metadata before reading, and enforced while reading).
//!
//! It does not classify or parse; `walk` decides what to read.

use std::fs::File;
use std::io::Read;
use std::path::Path;

use crate::diag::Diagnostic;

/// The largest TOML or Markdown file kla reads (10 MB): far above any real
/// evaluation or narrative, small enough that a stray dump cannot eat memory.
pub const MAX_FILE_BYTES: u64 = 10 * 1024 * 1024;

/// Checks that `path` (a link, file or folder the walker met) may be used:
/// a symlink must resolve inside `root` (already canonical) and not to a folder.
pub(crate) fn check_link(root: &Path, path: &Path, rel: &Path) -> Result<(), Diagnostic> {
    let is_link = path.symlink_metadata().is_ok_and(|m| m.file_type().is_symlink());
    if !is_link {
        return Ok(());
    }
    check_link_target(root, path, rel)
}

/// [`check_link`] for a `path` already known to be a symlink (the walk's
/// directory listing tells, so a plain file costs no `lstat`).
pub(crate) fn check_link_target(root: &Path, path: &Path, rel: &Path) -> Result<(), Diagnostic> {
    let target = path.canonicalize().map_err(|e| {
        Diagnostic::file(rel, format!("broken symlink: {e}"))
            .with_help("remove the link or make it point at a file inside the site folder")
    })?;
    if !target.starts_with(root) {
        return Err(Diagnostic::file(rel, "symlink points outside the site folder")
            .with_help("kla reads nothing outside the site folder: copy the file into the site instead of linking to it"));
    }
    if target.is_dir() {
        return Err(Diagnostic::file(rel, "symlinked folders are not followed")
            .with_help("replace the link with the folder itself"));
    }
    Ok(())
}

/// Reads a file of at most [`MAX_FILE_BYTES`], checking the size first.
pub(crate) fn read_limited(path: &Path, rel: &Path) -> Result<Vec<u8>, Diagnostic> {
    let cannot_read = |e: std::io::Error| Diagnostic::file(rel, format!("cannot read: {e}"));
    let file = File::open(path).map_err(cannot_read)?;
    let declared = file.metadata().map_err(cannot_read)?.len();
    if declared > MAX_FILE_BYTES {
        return Err(too_large(rel, declared));
    }
    let mut bytes = Vec::with_capacity(usize::try_from(declared).unwrap_or(0));
    file.take(MAX_FILE_BYTES + 1).read_to_end(&mut bytes).map_err(cannot_read)?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(too_large(rel, bytes.len() as u64));
    }
    Ok(bytes)
}

fn too_large(rel: &Path, bytes: u64) -> Diagnostic {
    Diagnostic::file(
        rel,
        format!(
            "file is too large ({} MB; the limit is {} MB)",
            bytes / 1_000_000,
            MAX_FILE_BYTES / (1024 * 1024)
        ),
    )
    .with_help("split the text into smaller files or remove data kla does not use")
}

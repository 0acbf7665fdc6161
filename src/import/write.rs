//! Writing planned changes: atomically to disk, or as a unified diff.
//!
//! A file is written to a temporary file in its own folder, flushed to disk
//! and renamed over the old one, then the folder is synced, so a crash leaves
//! either the old or the new text, never half of one. This module does not
//! decide what the text is.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use similar::TextDiff;

use super::Outcome;

/// One evaluation file's old and new text.
#[derive(Debug, Clone)]
pub(crate) struct Change {
    /// Path relative to the site root.
    pub(crate) path: PathBuf,
    /// The sheet row it comes from.
    pub(crate) row: usize,
    /// The current text (`None`: the file does not exist).
    pub(crate) old: Option<String>,
    /// The text after the import.
    pub(crate) new: String,
    /// Created, updated or unchanged.
    pub(crate) outcome: Outcome,
}

impl Change {
    /// A change, its outcome decided by comparing the texts.
    pub(crate) fn new(path: PathBuf, row: usize, old: Option<String>, new: String) -> Self {
        let outcome = match &old {
            None => Outcome::Created,
            Some(text) if *text == new => Outcome::Unchanged,
            Some(_) => Outcome::Updated,
        };
        Change { path, row, old, new, outcome }
    }
}

/// The change as a unified diff with `a/` and `b/` paths; empty when unchanged.
pub(crate) fn unified_diff(change: &Change) -> String {
    if change.outcome == Outcome::Unchanged {
        return String::new();
    }
    let path = change.path.to_string_lossy().replace('\\', "/");
    let old_name = if change.old.is_some() { format!("a/{path}") } else { "/dev/null".into() };
    let old = change.old.as_deref().unwrap_or("");
    TextDiff::from_lines(old, &change.new)
        .unified_diff()
        .header(&old_name, &format!("b/{path}"))
        .to_string()
}

/// Replaces `path` with `text` atomically, creating its folder if needed.
pub(crate) fn write_atomically(path: &Path, text: &str) -> Result<()> {
    let dir = path.parent().context("a file path has a folder")?;
    std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    let mut temp = tempfile::Builder::new()
        .prefix(".kla-import-")
        .tempfile_in(dir)
        .with_context(|| format!("cannot create a temporary file in {}", dir.display()))?;
    temp.write_all(text.as_bytes())
        .and_then(|()| temp.as_file().sync_all())
        .with_context(|| format!("cannot write {}", path.display()))?;
    temp.persist(path).with_context(|| format!("cannot replace {}", path.display()))?;
    sync_folder(dir)
}

#[cfg(unix)]
fn sync_folder(dir: &Path) -> Result<()> {
    std::fs::File::open(dir)
        .and_then(|f| f.sync_all())
        .with_context(|| format!("cannot sync {}", dir.display()))
}

#[cfg(not(unix))]
fn sync_folder(_dir: &Path) -> Result<()> {
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_diff_shows_removed_and_added_lines_and_nothing_when_unchanged() {
        let change = Change::new("x/2025.toml".into(), 2, Some("a = 1\n".into()), "a = 2\n".into());
        let diff = unified_diff(&change);
        assert!(diff.contains("--- a/x/2025.toml\n+++ b/x/2025.toml\n"), "{diff}");
        assert!(diff.contains("-a = 1\n+a = 2\n"), "{diff}");
        let same = Change::new("x".into(), 2, Some("a\n".into()), "a\n".into());
        assert_eq!((same.outcome, unified_diff(&same)), (Outcome::Unchanged, String::new()));
    }

    #[test]
    fn atomic_write_replaces_the_file_and_leaves_no_temporary_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("sub/2025.toml");
        write_atomically(&path, "one\n").unwrap();
        write_atomically(&path, "two\n").unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "two\n");
        assert_eq!(std::fs::read_dir(dir.path().join("sub")).unwrap().count(), 1);
    }
}

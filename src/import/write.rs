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

/// What happened to one evaluation file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Outcome {
    /// The file did not exist.
    Created,
    /// The file's text changed.
    Updated,
    /// The sheet agrees with the file; it was not rewritten.
    Unchanged,
}

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

/// Writes every change or none: each new text is first staged in a
/// temporary file beside its target (folders created as needed), and only when
/// all are staged are they renamed over their targets, the old files kept as
/// hard links until the end. A failure while staging removes what was staged;
/// a failure while renaming puts back every file already replaced. Either way
/// the sources are as they were, and the error says so.
pub(crate) fn write_all(root: &Path, changes: &[&Change]) -> Result<()> {
    let mut created = Vec::new();
    let staged = stage(root, changes, &mut created);
    let staged = match staged {
        Ok(staged) => staged,
        Err(err) => {
            remove_folders(&created);
            return Err(err.context("nothing was written: the sources are as they were"));
        }
    };
    let mut done: Vec<Swapped> = Vec::with_capacity(staged.len());
    for (target, temp) in staged {
        match swap(&target, temp) {
            Ok(swapped) => done.push(swapped),
            Err(err) => {
                let unrestored = roll_back(done);
                remove_folders(&created);
                if unrestored.is_empty() {
                    return Err(err
                        .context("nothing was written: the files already replaced were put back"));
                }
                let list: Vec<String> =
                    unrestored.iter().map(|p| p.display().to_string()).collect();
                return Err(err.context(format!(
                    "the import stopped half-way and these files could not be put back: {}",
                    list.join(", ")
                )));
            }
        }
    }
    for swapped in &done {
        if let Some(backup) = &swapped.backup {
            let _ = std::fs::remove_file(backup);
        }
    }
    let folders: std::collections::BTreeSet<&Path> =
        done.iter().filter_map(|s| s.target.parent()).collect();
    folders.into_iter().try_for_each(sync_folder)
}

/// A file renamed into place, and the hard link that keeps its old text.
struct Swapped {
    target: PathBuf,
    backup: Option<PathBuf>,
}

/// Writes every new text to a synced temporary file beside its target.
fn stage(
    root: &Path,
    changes: &[&Change],
    created: &mut Vec<PathBuf>,
) -> Result<Vec<(PathBuf, tempfile::TempPath)>> {
    let mut staged = Vec::with_capacity(changes.len());
    for change in changes {
        let target = root.join(&change.path);
        let dir = target.parent().context("a file path has a folder")?;
        create_folders(dir, created)?;
        let mut temp = tempfile::Builder::new()
            .prefix(".kla-import-")
            .tempfile_in(dir)
            .with_context(|| format!("cannot create a temporary file in {}", dir.display()))?;
        temp.write_all(change.new.as_bytes())
            .and_then(|()| temp.as_file().sync_all())
            .with_context(|| format!("cannot write {}", target.display()))?;
        staged.push((target, temp.into_temp_path()));
    }
    Ok(staged)
}

/// Creates `dir` and its missing parents, noting each one created (outermost first).
fn create_folders(dir: &Path, created: &mut Vec<PathBuf>) -> Result<()> {
    let missing: Vec<&Path> = dir.ancestors().take_while(|d| !d.exists()).collect();
    for folder in missing.into_iter().rev() {
        std::fs::create_dir(folder)
            .with_context(|| format!("cannot create {}", folder.display()))?;
        created.push(folder.to_path_buf());
    }
    Ok(())
}

/// Removes the folders an import created (innermost first), if empty.
fn remove_folders(created: &[PathBuf]) {
    for folder in created.iter().rev() {
        let _ = std::fs::remove_dir(folder);
    }
}

/// Renames the staged file over `target`, keeping the old file as a hard link.
fn swap(target: &Path, temp: tempfile::TempPath) -> Result<Swapped> {
    let backup = if target.exists() {
        let name = target.file_name().context("a file path has a name")?.to_string_lossy();
        let backup = target.with_file_name(format!(".kla-import-old-{name}"));
        let _ = std::fs::remove_file(&backup);
        std::fs::hard_link(target, &backup)
            .with_context(|| format!("cannot keep the old {}", target.display()))?;
        Some(backup)
    } else {
        None
    };
    match temp.persist(target) {
        Ok(()) => Ok(Swapped { target: target.to_path_buf(), backup }),
        Err(err) => {
            if let Some(backup) = backup {
                let _ = std::fs::remove_file(backup);
            }
            Err(err.error).with_context(|| format!("cannot replace {}", target.display()))
        }
    }
}

/// Puts back every replaced file (and removes every created one); returns
/// those that could not be put back.
fn roll_back(done: Vec<Swapped>) -> Vec<PathBuf> {
    let mut unrestored = Vec::new();
    for swapped in done.into_iter().rev() {
        let restored = match &swapped.backup {
            Some(backup) => std::fs::rename(backup, &swapped.target),
            None => std::fs::remove_file(&swapped.target),
        };
        if restored.is_err() {
            unrestored.push(swapped.target);
        }
    }
    unrestored
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

    fn change(path: &str, old: Option<&str>, new: &str) -> Change {
        Change::new(path.into(), 2, old.map(String::from), new.to_string())
    }

    fn names(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    #[test]
    fn writes_every_file_and_leaves_no_temporary_or_backup_file() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("a")).unwrap();
        std::fs::write(dir.path().join("a/2025.toml"), "one\n").unwrap();
        let changes =
            [change("a/2025.toml", Some("one\n"), "two\n"), change("b/c/2025.toml", None, "new\n")];
        write_all(dir.path(), &changes.iter().collect::<Vec<_>>()).unwrap();
        assert_eq!(std::fs::read_to_string(dir.path().join("a/2025.toml")).unwrap(), "two\n");
        assert_eq!(std::fs::read_to_string(dir.path().join("b/c/2025.toml")).unwrap(), "new\n");
        assert_eq!(names(&dir.path().join("a")), ["2025.toml"]);
        assert_eq!(names(&dir.path().join("b/c")), ["2025.toml"]);
    }

    #[test]
    fn a_write_that_fails_while_staging_changes_nothing() {
        let dir = tempfile::tempdir().unwrap();
        for sub in ["a", "b"] {
            std::fs::create_dir_all(dir.path().join(sub)).unwrap();
            std::fs::write(dir.path().join(sub).join("2025.toml"), "old\n").unwrap();
        }
        // A file where the last change needs a folder: no temporary file can be made there.
        std::fs::write(dir.path().join("z"), "not a folder\n").unwrap();
        let changes = [
            change("a/2025.toml", Some("old\n"), "new\n"),
            change("b/2024.toml", None, "new\n"),
            change("new/deeper/2025.toml", None, "new\n"),
            change("z/2025.toml", None, "new\n"),
        ];
        let err = write_all(dir.path(), &changes.iter().collect::<Vec<_>>()).unwrap_err();
        assert!(format!("{err:#}").contains("nothing was written"), "{err:#}");
        assert_eq!(names(dir.path()), ["a", "b", "z"], "the new folders are gone");
        for sub in ["a", "b"] {
            assert_eq!(names(&dir.path().join(sub)), ["2025.toml"]);
            assert_eq!(
                std::fs::read_to_string(dir.path().join(sub).join("2025.toml")).unwrap(),
                "old\n"
            );
        }
    }

    #[test]
    fn a_rename_that_fails_puts_back_the_files_already_replaced() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("a")).unwrap();
        std::fs::write(dir.path().join("a/2025.toml"), "old\n").unwrap();
        // A folder where the second file should go: staging succeeds, the rename cannot.
        std::fs::create_dir_all(dir.path().join("b/2025.toml/inner")).unwrap();
        let changes = [
            change("a/2025.toml", Some("old\n"), "new\n"),
            change("a/2024.toml", None, "new\n"),
            change("b/2025.toml", Some("old\n"), "new\n"),
        ];
        let err = write_all(dir.path(), &changes.iter().collect::<Vec<_>>()).unwrap_err();
        assert!(format!("{err:#}").contains("put back"), "{err:#}");
        assert_eq!(std::fs::read_to_string(dir.path().join("a/2025.toml")).unwrap(), "old\n");
        assert_eq!(names(&dir.path().join("a")), ["2025.toml"]);
        assert_eq!(names(&dir.path().join("b")), ["2025.toml"]);
    }
}

//! The spare folder: a process that publishes the same output again and
//! again (`kla build --watch`) keeps the output it swapped out, and makes its
//! next staging folder from it instead of from nothing.
//!
//! A fresh staging folder costs a folder per folder and a hard link per file
//! of the site, and removing the swapped-out output an unlink per file, on
//! every publish, though one edit changes a few files. The output swapped out
//! at one publish is the one before the current, so it already holds nearly
//! every file of the next one: [`take`] renames it into place as the staging
//! folder, [`Staging`](super::Staging) rewrites only the files whose bytes
//! differ from its manifest's listing, and [`prune`] removes what the new
//! output no longer has.
//!
//! The spare's files can be the same inodes as the published output's (a
//! file kept from one publish to the next is a hard link), so a file in it is
//! never written in place: it is unlinked, then written or linked anew
//! (`remove_if_exists` before the write).
//!
//! The spare is `.<name>.spare-<pid>` beside the output: a killed process's is
//! removed by the next build like its other leftovers, and [`remove`] removes
//! this process's when it stops.

use std::collections::HashSet;
use std::fs;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};

use super::previous::{MANIFEST, Previous};
use super::remove::remove_if_exists;

/// Where this process keeps the spare of the output `name` in `parent`.
pub(super) fn path(parent: &Path, name: &str) -> PathBuf {
    parent.join(format!(".{name}.spare-{}", std::process::id()))
}

/// Moves this process's spare to `root` (the staging folder) and returns its
/// manifest's listing, or `None` (and no spare left) when there is no spare
/// or its manifest cannot be read: the staging folder then starts empty.
pub(super) fn take(spare: &Path, root: &Path) -> Result<Option<Previous>> {
    if !spare.is_dir() {
        return Ok(None);
    }
    fs::rename(spare, root).with_context(|| format!("cannot reuse {}", spare.display()))?;
    match Previous::of(root, MANIFEST) {
        listed @ Previous::Listed { .. } => Ok(Some(listed)),
        _ => {
            remove_if_exists(root)?;
            Ok(None)
        }
    }
}

/// Removes every file under `root` that is not one of `written` (paths
/// relative to `root`, `/`-separated) or the manifest, and the folders left
/// empty: what the spare held of an output the new one no longer has, and
/// anything put into it that the manifest did not list.
pub(super) fn prune(root: &Path, written: &HashSet<&str>) -> Result<()> {
    // Contents first: a folder is seen after its files are removed.
    for entry in walkdir::WalkDir::new(root).min_depth(1).contents_first(true) {
        let entry = entry.with_context(|| format!("cannot read {}", root.display()))?;
        let rel = entry.path().strip_prefix(root).expect("under the root");
        let rel = rel.to_string_lossy().replace(std::path::MAIN_SEPARATOR, "/");
        if entry.file_type().is_dir() {
            // Fails while the folder holds files, as it should.
            let _ = fs::remove_dir(entry.path());
        } else if rel != MANIFEST && !written.contains(rel.as_str()) {
            fs::remove_file(entry.path())
                .with_context(|| format!("cannot remove {}", entry.path().display()))?;
        }
    }
    Ok(())
}

/// Removes this process's spare of the output `out_dir`, if it keeps one:
/// called when `kla build --watch` stops, so that no folder of it stays behind.
pub fn remove(out_dir: &Path) -> Result<()> {
    let (Some(parent), Some(name)) = (out_dir.parent(), out_dir.file_name()) else {
        return Ok(());
    };
    let parent = if parent.as_os_str().is_empty() { Path::new(".") } else { parent };
    remove_if_exists(&path(parent, &name.to_string_lossy()))
}

#[cfg(test)]
mod tests {
    use std::os::unix::fs::MetadataExt;

    use super::super::{Staging, WriteStats};
    use super::*;
    use crate::render::OutputFile;

    fn publish(out: &Path, files: &[(&str, &str)]) -> WriteStats {
        let staging = Staging::begin_recycling(out).unwrap();
        for (path, body) in files {
            staging.put(OutputFile { path: path.to_string(), body: body.as_bytes().to_vec() });
        }
        staging.commit_keeping_spare().unwrap()
    }

    /// Every file under `dir` but the manifest, with its text, sorted.
    fn tree(dir: &Path) -> Vec<(String, String)> {
        let mut files: Vec<_> = walkdir::WalkDir::new(dir)
            .into_iter()
            .map(Result::unwrap)
            .filter(|e| e.file_type().is_file() && e.file_name() != MANIFEST)
            .map(|e| {
                let rel = e.path().strip_prefix(dir).unwrap().to_string_lossy().into_owned();
                (rel, fs::read_to_string(e.path()).unwrap())
            })
            .collect();
        files.sort();
        files
    }

    /// `files` as [`tree`] lists them.
    fn owned(files: &[(&str, &str)]) -> Vec<(String, String)> {
        let mut files: Vec<_> = files.iter().map(|(p, b)| (p.to_string(), b.to_string())).collect();
        files.sort();
        files
    }

    #[test]
    fn each_publish_from_the_spare_holds_exactly_the_new_files() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("output");
        let rounds: [&[(&str, &str)]; 5] = [
            &[("index.html", "1"), ("a/x.html", "x"), ("a/y.html", "y"), ("b/z.html", "z")],
            &[("index.html", "2"), ("a/x.html", "x"), ("a/y.html", "y"), ("b/z.html", "z")],
            // A folder goes, a file becomes a folder, a folder becomes a file.
            &[("index.html", "3"), ("a/x.html", "x"), ("c", "file"), ("b/z.html/in", "deep")],
            &[("index.html", "3"), ("a", "now a file"), ("c/d.html", "d")],
            &[("index.html", "1"), ("a/x.html", "x"), ("a/y.html", "y"), ("b/z.html", "z")],
        ];
        for (i, files) in rounds.iter().enumerate() {
            publish(&out, files);
            assert_eq!(tree(&out), owned(files), "round {i}");
            let listed: Vec<String> =
                super::super::listed_files(&out).unwrap().into_iter().map(|(p, _)| p).collect();
            let mut expected: Vec<String> = files.iter().map(|(p, _)| p.to_string()).collect();
            expected.sort();
            assert_eq!(listed, expected, "round {i}: the manifest lists what is there");
        }
        assert!(!out.join("b/z.html/in").exists());
    }

    #[test]
    fn a_file_of_the_published_output_is_never_written_through_the_spare() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("output");
        publish(&out, &[("a.html", "one"), ("b.html", "b")]);
        publish(&out, &[("a.html", "one"), ("b.html", "b2")]);
        // a.html is now one inode in the output and in the spare.
        let spare = path(dir.path(), "output");
        let inode = |p: &Path| fs::metadata(p).unwrap().ino();
        assert_eq!(inode(&out.join("a.html")), inode(&spare.join("a.html")));
        let published = fs::File::open(out.join("a.html")).unwrap();
        let stats = publish(&out, &[("a.html", "two"), ("b.html", "b2")]);
        assert_eq!(stats, WriteStats { written: 2, kept: 1 }, "a.html and the manifest");
        let mut old = String::new();
        std::io::Read::read_to_string(&mut &published, &mut old).unwrap();
        assert_eq!(old, "one", "the swapped-out file still holds its bytes");
        assert_eq!(fs::read_to_string(out.join("a.html")).unwrap(), "two");
    }

    /// An output published twice, so that the first is its spare: (the
    /// temporary folder, the output, the spare).
    fn with_a_spare() -> (tempfile::TempDir, PathBuf, PathBuf) {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("output");
        publish(&out, &[("a.html", "a")]);
        publish(&out, &[("a.html", "a2")]);
        let spare = path(dir.path(), "output");
        (dir, out, spare)
    }

    #[test]
    fn what_the_spare_s_manifest_does_not_list_is_not_published() {
        let (_dir, out, spare) = with_a_spare();
        fs::write(spare.join("stray.html"), "not listed").unwrap();
        // A file of the spare changed after its manifest was written is written again.
        fs::write(spare.join("a.html"), "edited").unwrap();
        let later = fs::metadata(spare.join(MANIFEST)).unwrap().modified().unwrap()
            + std::time::Duration::from_secs(10);
        fs::File::options()
            .write(true)
            .open(spare.join("a.html"))
            .unwrap()
            .set_modified(later)
            .unwrap();
        publish(&out, &[("a.html", "a")]);
        assert_eq!(tree(&out), owned(&[("a.html", "a")]));
    }

    #[test]
    fn a_spare_without_a_readable_manifest_is_not_reused() {
        let (_dir, out, spare) = with_a_spare();
        fs::write(spare.join(MANIFEST), "{ not json").unwrap();
        let stats = publish(&out, &[("a.html", "a"), ("b.html", "b")]);
        assert_eq!(stats, WriteStats { written: 3, kept: 0 }, "everything written anew");
        assert_eq!(tree(&out), owned(&[("a.html", "a"), ("b.html", "b")]));
    }

    #[test]
    fn a_plain_build_neither_reuses_nor_removes_another_process_s_spare() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("output");
        let running = dir.path().join(".output.spare-1");
        fs::create_dir(&running).unwrap();
        publish(&out, &[("a.html", "a")]);
        assert!(running.exists(), "pid 1 runs: its spare is its own");
        remove(&out).unwrap();
        assert!(running.exists(), "only this process's spare is removed");
    }
}

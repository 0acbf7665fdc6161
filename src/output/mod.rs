//! Writing the built site: all or nothing, and only what changed.
//!
//! The new site is written into a staging folder beside the output folder
//! (same parent, so the final step is a rename on one file system), and only
//! when every file is written is it swapped in for the old output. A failed
//! or interrupted build therefore never leaves a half-written or emptied
//! `output/`: before the swap the old output is untouched, after it the new
//! one is complete.
//!
//! A file whose bytes equal the previous output's is hard-linked from there
//! into the staging folder instead of written anew, so its modification time
//! survives the rebuild (rsync and CDN uploads skip it) and the old output's
//! removal frees no data; the previous manifest tells which files those are
//! (see `previous`). `manifest.json` lists every file with its SHA-256 and
//! size, so anyone can check a deployed copy against its sources.
//!
//! This module does not decide what to write; it gets the files from `render`.

use std::collections::HashSet;
use std::fmt::Write as _;
use std::fs;
use std::io::Write;
use std::path::{Component, Path, PathBuf};
use std::sync::Mutex;

use anyhow::{Context, Result, bail};
use rayon::prelude::*;
use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::render::OutputFile;

mod flush;
mod guard;
mod previous;
mod remove;
mod spare;

use flush::Flusher;
use flush::lock;
pub use guard::{OutputRefused, check_output_location};
use previous::Previous;
pub use previous::{MANIFEST, listed_files};
use remove::remove_if_exists;
pub use spare::remove as remove_spare;

/// How many files a write created anew and how many it kept from the previous output.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct WriteStats {
    /// Files whose bytes are new or changed (plus the manifest).
    pub written: usize,
    /// Files identical to the previous output's, hard-linked with their old modification time.
    pub kept: usize,
}

/// Writes `files` as the complete new content of `out_dir`, replacing whatever was there.
pub fn write_site(files: &[OutputFile], out_dir: &Path) -> Result<()> {
    write_site_counted(files, out_dir).map(|_| ())
}

/// [`write_site`], also saying how many files were written and how many kept.
pub fn write_site_counted(files: &[OutputFile], out_dir: &Path) -> Result<WriteStats> {
    let staging = Staging::begin(out_dir)?;
    files.par_iter().for_each(|file| staging.put(file.clone()));
    staging.commit()
}

/// A new output being written: files go into the staging folder beside
/// `out_dir` as they are rendered, from any thread ([`Staging::put`]), and
/// [`Staging::commit`] writes the manifest, flushes and swaps the folder in.
/// Dropped without a commit (a failed render), it removes the staging
/// folder and the old output stays as it was.
pub struct Staging {
    root: PathBuf,
    out_dir: PathBuf,
    parent: PathBuf,
    name: String,
    /// The output folder as it was when the build began: files are kept
    /// from it (a cold build has none and skips looking).
    previous: Previous,
    /// Writes staged files to disk in the background.
    flusher: Flusher,
    /// When the staging folder is a recycled spare (`spare`): its manifest's
    /// listing, which says which of its files already hold the new bytes.
    spare: Option<Previous>,
    /// Folders already created under `root`.
    folders: Mutex<HashSet<PathBuf>>,
    entries: Mutex<Vec<Entry>>,
    /// The first failure met by `put`; later files are ignored.
    error: Mutex<Option<anyhow::Error>>,
    committed: bool,
}

/// What the manifest says of one written file, and whether it was kept.
struct Entry {
    path: String,
    sha256: [u8; 32],
    size: usize,
    kept: bool,
}

impl Staging {
    /// Creates an empty staging folder beside `out_dir` (removing those a
    /// killed build left there).
    pub fn begin(out_dir: &Path) -> Result<Self> {
        Self::start(out_dir, false)
    }

    /// [`Staging::begin`] for a process that writes `out_dir` again and
    /// again: the staging folder is the output this process swapped out last
    /// ([`Staging::commit_keeping_spare`]), if it kept one, and only the files
    /// that differ from it are written (see `spare`).
    pub fn begin_recycling(out_dir: &Path) -> Result<Self> {
        Self::start(out_dir, true)
    }

    fn start(out_dir: &Path, recycle: bool) -> Result<Self> {
        let parent = parent_of(out_dir)?;
        fs::create_dir_all(&parent)
            .with_context(|| format!("cannot create the folder {}", parent.display()))?;
        let name = out_dir
            .file_name()
            .with_context(|| format!("{} is not a folder name", out_dir.display()))?
            .to_string_lossy()
            .into_owned();
        remove_leftovers(&parent, &name);
        let root = parent.join(format!(".{name}.new-{}", std::process::id()));
        remove_if_exists(&root)?;
        let spare = if recycle { spare::take(&spare::path(&parent, &name), &root)? } else { None };
        if spare.is_none() {
            fs::create_dir_all(&root)
                .with_context(|| format!("cannot create {}", root.display()))?;
        }
        Ok(Self {
            flusher: Flusher::start(&root, flush::BATCH),
            spare,
            root,
            previous: Previous::of(out_dir, MANIFEST),
            out_dir: out_dir.to_path_buf(),
            parent,
            name,
            folders: Mutex::default(),
            entries: Mutex::default(),
            error: Mutex::default(),
            committed: false,
        })
    }

    /// Writes one file into the staging folder (or hard-links the previous
    /// output's copy when its bytes are the same). A failure is kept for
    /// [`Staging::commit`] to report.
    pub fn put(&self, file: OutputFile) {
        let sha256 = sha256(&file.body);
        self.put_hashed(file.path, &file.body, sha256);
    }

    /// [`Staging::put`] for bytes whose SHA-256 the caller already knows
    /// (`kla build --watch` remembers the hashes of what it published, so an
    /// unchanged file of a large site is not hashed again on every publish).
    pub fn put_hashed(&self, path: String, body: &[u8], sha256: [u8; 32]) {
        if lock(&self.error).is_some() {
            return;
        }
        if let Err(e) = self.place(path, body, sha256) {
            lock(&self.error).get_or_insert(e);
        }
    }

    fn place(&self, file_path: String, body: &[u8], sha256: [u8; 32]) -> Result<()> {
        if file_path == MANIFEST {
            bail!("refusing to write {MANIFEST:?}: kla writes the manifest itself");
        }
        let rel = safe_relative(&file_path)?;
        if let Some(folder) = rel.parent().filter(|f| !f.as_os_str().is_empty()) {
            // Not locked while the folder is made: a new folder can take the
            // file system a millisecond, and every other put would wait for
            // it. Two threads making the same folder is fine for `create_dir_all`.
            if !lock(&self.folders).contains(folder) {
                self.make_folder(folder)?;
                lock(&self.folders).extend(folder.ancestors().map(Path::to_path_buf));
            }
        }
        let path = self.root.join(rel);
        if let Some(spare) = &self.spare {
            if spare.unchanged(&file_path, body, &sha256).is_some() {
                let entry = Entry { path: file_path, sha256, size: body.len(), kept: true };
                lock(&self.entries).push(entry);
                return Ok(());
            }
            // Possibly the published output's inode too: replaced, never written into.
            remove_if_exists(&path)?;
        }
        let unchanged = self.previous.unchanged(&file_path, body, &sha256);
        let kept = place(body, &path, unchanged.as_deref())?;
        if !kept {
            self.flusher.staged(&path, body.len());
        }
        let entry = Entry { path: file_path, sha256, size: body.len(), kept };
        lock(&self.entries).push(entry);
        Ok(())
    }

    /// Creates `folder` (relative) in the staging folder. A recycled spare
    /// may hold a file where the new output has a folder: it is removed.
    fn make_folder(&self, folder: &Path) -> Result<()> {
        let dir = self.root.join(folder);
        if fs::create_dir_all(&dir).is_ok() {
            return Ok(());
        }
        if self.spare.is_some() {
            let mut ancestors: Vec<&Path> = folder.ancestors().collect();
            ancestors.reverse();
            for ancestor in ancestors.into_iter().filter(|a| !a.as_os_str().is_empty()) {
                let at = self.root.join(ancestor);
                if fs::symlink_metadata(&at).is_ok_and(|m| !m.is_dir()) {
                    remove_if_exists(&at)?;
                }
            }
        }
        fs::create_dir_all(&dir).with_context(|| format!("cannot create {}", dir.display()))
    }

    /// Writes the manifest, makes the staged files durable and swaps the
    /// staging folder in for the output, then removes the old output;
    /// reports the first failed write.
    pub fn commit(self) -> Result<WriteStats> {
        self.finish(false)
    }

    /// [`Staging::commit`], keeping the old output as this process's spare
    /// for its next [`Staging::begin_recycling`] instead of removing it.
    pub fn commit_keeping_spare(self) -> Result<WriteStats> {
        self.finish(true)
    }

    fn finish(mut self, keep_spare: bool) -> Result<WriteStats> {
        if let Some(e) = lock(&self.error).take() {
            return Err(e);
        }
        let mut entries = std::mem::take(&mut *lock(&self.entries));
        entries.sort_by(|a, b| a.path.cmp(&b.path));
        if let Some(twice) = entries.windows(2).find(|w| w[0].path == w[1].path) {
            bail!("two files were rendered to the same path {:?}", twice[0].path);
        }
        if self.spare.is_some() {
            let written: HashSet<&str> = entries.iter().map(|e| e.path.as_str()).collect();
            spare::prune(&self.root, &written)?;
            remove_if_exists(&self.root.join(MANIFEST))?;
        }
        let manifest = manifest(&entries);
        let old_manifest = self.previous.dir().map(|dir| dir.join(MANIFEST));
        let unchanged = old_manifest.filter(|old| previous::same_bytes(old, &manifest));
        let kept_manifest = place(&manifest, &self.root.join(MANIFEST), unchanged.as_deref())?;
        let kept = entries.iter().filter(|e| e.kept).count() + usize::from(kept_manifest);
        let stats = WriteStats { written: entries.len() + 1 - kept, kept };
        self.flusher.stop();
        flush::to_disk(&self.root)?;
        let old = self.parent.join(format!(".{}.old-{}", self.name, std::process::id()));
        self.committed = true;
        let Some(previous) = swap_in(&self.root, &self.out_dir, &old)? else {
            return Ok(stats);
        };
        let spare = spare::path(&self.parent, &self.name);
        if !(keep_spare && fs::rename(&previous, &spare).is_ok()) {
            fs::remove_dir_all(&previous)
                .with_context(|| format!("cannot remove the old output {}", previous.display()))?;
        }
        Ok(stats)
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            self.flusher.stop();
            let _ = fs::remove_dir_all(&self.root);
        }
    }
}

impl crate::render::Sink for Staging {
    fn put(&self, file: OutputFile) {
        Staging::put(self, file);
    }
}

/// Removes the staging, set-aside and spare folders that a killed build
/// (`kill -9`, a power cut) left beside the output: `.<name>.new-<pid>`,
/// `.<name>.old-<pid>` and `.<name>.spare-<pid>` of processes that no longer
/// run, and this process's own staging and set-aside folders (a write that
/// failed). A folder of another build that is still running is left alone.
fn remove_leftovers(parent: &Path, name: &str) {
    let Ok(entries) = fs::read_dir(parent) else { return };
    for entry in entries.flatten() {
        let file_name = entry.file_name();
        let Some(file_name) = file_name.to_str() else { continue };
        let found = [".new-", ".old-", ".spare-"].iter().find_map(|kind| {
            let pid = file_name.strip_prefix(&format!(".{name}{kind}"))?.parse::<u32>().ok()?;
            Some((*kind, pid))
        });
        // This process's spare is kept for its next publish (see `spare`).
        let own = |kind, pid| pid == std::process::id() && kind != ".spare-";
        if found.is_some_and(|(kind, pid)| own(kind, pid) || !process_is_running(pid)) {
            let _ = fs::remove_dir_all(entry.path());
        }
    }
}

/// Whether a process with this id runs (Linux: `/proc/<pid>` exists).
#[cfg(target_os = "linux")]
fn process_is_running(pid: u32) -> bool {
    Path::new("/proc").join(pid.to_string()).exists()
}

/// Without `/proc`, assume it runs: leaving a stale folder is safer than
/// deleting a running build's.
#[cfg(not(target_os = "linux"))]
fn process_is_running(_pid: u32) -> bool {
    true
}

/// The SHA-256 of `body`, as the manifest lists it.
pub fn sha256(body: &[u8]) -> [u8; 32] {
    Sha256::digest(body).into()
}

/// Puts `body` at `path`: a hard link to `unchanged`, the previous output's
/// copy of exactly these bytes, if there is one (returns true), else a new file.
fn place(body: &[u8], path: &Path, unchanged: Option<&Path>) -> Result<bool> {
    if let Some(old) = unchanged
        && fs::hard_link(old, path).is_ok()
    {
        return Ok(true);
    }
    let mut f =
        fs::File::create(path).with_context(|| format!("cannot write {}", path.display()))?;
    f.write_all(body).with_context(|| format!("cannot write {}", path.display()))?;
    Ok(false)
}

/// One line of the manifest.
#[derive(Serialize)]
struct ManifestEntry<'a> {
    path: &'a str,
    sha256: String,
    size: usize,
}

/// `manifest.json`: every file with its SHA-256 and size, sorted by path, no timestamps.
fn manifest(entries: &[Entry]) -> Vec<u8> {
    let entries: Vec<ManifestEntry<'_>> = entries
        .iter()
        .map(|e| ManifestEntry {
            path: &e.path,
            sha256: e.sha256.iter().fold(String::with_capacity(64), |mut hex, b| {
                let _ = write!(hex, "{b:02x}");
                hex
            }),
            size: e.size,
        })
        .collect();
    let mut json = serde_json::to_vec_pretty(&serde_json::json!({ "files": entries }))
        .expect("a manifest always serialises");
    json.push(b'\n');
    json
}

/// Replaces `out_dir` by `staging`, keeping the old output until the new one
/// is in place, and returns the folder that holds the old output now, if
/// there was one, for the caller to remove or keep.
///
/// On Linux the two folders are exchanged in one atomic `renameat2(RENAME_EXCHANGE)`,
/// so there is no moment at which `out_dir` is missing or mixed, even under `kill -9`.
/// Elsewhere (or on a file system without exchange) the old output is moved aside
/// first and put back if the second rename fails.
fn swap_in(staging: &Path, out_dir: &Path, old: &Path) -> Result<Option<PathBuf>> {
    if out_dir.exists() && exchange(staging, out_dir).is_ok() {
        // `staging` now holds the previous output.
        return Ok(Some(staging.to_path_buf()));
    }
    remove_if_exists(old)?;
    let had_old = out_dir.exists();
    if had_old {
        fs::rename(out_dir, old)
            .with_context(|| format!("cannot move the old {} aside", out_dir.display()))?;
    }
    if let Err(e) = fs::rename(staging, out_dir) {
        if had_old {
            let _ = fs::rename(old, out_dir);
        }
        let _ = fs::remove_dir_all(staging);
        return Err(e)
            .with_context(|| format!("cannot move the new site into {}", out_dir.display()));
    }
    Ok(had_old.then(|| old.to_path_buf()))
}

/// Atomically exchanges two paths.
#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> std::io::Result<()> {
    use rustix::fs::{CWD, RenameFlags, renameat_with};
    renameat_with(CWD, a, CWD, b, RenameFlags::EXCHANGE).map_err(std::io::Error::from)
}

/// No atomic exchange here: the caller falls back to two renames.
#[cfg(not(target_os = "linux"))]
fn exchange(_a: &Path, _b: &Path) -> std::io::Result<()> {
    Err(std::io::Error::new(std::io::ErrorKind::Unsupported, "no atomic exchange"))
}

/// The folder that holds `out_dir` (the current folder for a bare name).
fn parent_of(out_dir: &Path) -> Result<PathBuf> {
    match out_dir.parent() {
        Some(p) if !p.as_os_str().is_empty() => Ok(p.to_path_buf()),
        Some(_) => Ok(PathBuf::from(".")),
        None => bail!("{} cannot be used as the output folder", out_dir.display()),
    }
}

/// Refuses output paths that would escape the output folder (`..`, absolute paths).
fn safe_relative(path: &str) -> Result<&Path> {
    let p = Path::new(path);
    if path.is_empty() || !p.components().all(|c| matches!(c, Component::Normal(_))) {
        bail!("refusing to write {path:?}: not a plain relative path inside the output folder");
    }
    Ok(p)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(path: &str, body: &str) -> OutputFile {
        OutputFile { path: path.to_string(), body: body.as_bytes().to_vec() }
    }

    #[test]
    fn replaces_the_whole_output_and_leaves_no_staging_behind() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("output");
        write_site(&[file("index.html", "one"), file("old/x.html", "x")], &out).unwrap();
        write_site(&[file("index.html", "two"), file("a/b/c.json", "{}")], &out).unwrap();
        assert_eq!(fs::read_to_string(out.join("index.html")).unwrap(), "two");
        assert_eq!(fs::read_to_string(out.join("a/b/c.json")).unwrap(), "{}");
        assert!(!out.join("old").exists(), "files of the previous build are gone");
        let names: Vec<_> =
            fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
        assert_eq!(names, ["output"], "no staging folder left beside the output");
    }

    #[test]
    fn a_failed_write_keeps_the_old_output_untouched() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("output");
        write_site(&[file("index.html", "old")], &out).unwrap();
        let err = write_site(&[file("index.html", "new"), file("../escape.html", "x")], &out);
        assert!(err.is_err());
        assert_eq!(fs::read_to_string(out.join("index.html")).unwrap(), "old");
        assert!(!dir.path().join("escape.html").exists());
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    fn mtime(path: &Path) -> std::time::SystemTime {
        fs::metadata(path).unwrap().modified().unwrap()
    }

    #[test]
    fn a_rebuild_keeps_unchanged_files_rewrites_changed_ones_and_drops_removed_ones() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("output");
        let first = [file("a.html", "same"), file("b.html", "old"), file("gone.html", "x")];
        assert_eq!(write_site_counted(&first, &out).unwrap(), WriteStats { written: 4, kept: 0 });
        let old = std::time::SystemTime::UNIX_EPOCH + std::time::Duration::from_secs(1_000_000);
        for name in ["a.html", "b.html"] {
            fs::File::options()
                .write(true)
                .open(out.join(name))
                .unwrap()
                .set_modified(old)
                .unwrap();
        }
        let second = [file("a.html", "same"), file("b.html", "new")];
        let stats = write_site_counted(&second, &out).unwrap();
        assert_eq!(stats, WriteStats { written: 2, kept: 1 }, "b.html and the manifest changed");
        assert_eq!(mtime(&out.join("a.html")), old, "an unchanged file keeps its mtime");
        assert_ne!(mtime(&out.join("b.html")), old);
        assert_eq!(fs::read_to_string(out.join("b.html")).unwrap(), "new");
        assert!(!out.join("gone.html").exists(), "a page no longer built is removed");
    }

    #[test]
    fn a_file_edited_in_the_output_after_its_build_is_written_again() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("output");
        let files = [file("a.html", "same"), file("b.html", "same")];
        write_site(&files, &out).unwrap();
        // Same size, so only the time tells the edit apart from the manifest's listing.
        fs::write(out.join("a.html"), "edit").unwrap();
        let later = mtime(&out.join(MANIFEST)) + std::time::Duration::from_secs(10);
        fs::File::options()
            .write(true)
            .open(out.join("a.html"))
            .unwrap()
            .set_modified(later)
            .unwrap();
        let stats = write_site_counted(&files, &out).unwrap();
        assert_eq!(stats, WriteStats { written: 1, kept: 2 }, "a.html is written, b.html kept");
        assert_eq!(fs::read_to_string(out.join("a.html")).unwrap(), "same");
    }

    #[test]
    fn without_a_readable_manifest_the_old_bytes_are_compared() {
        for manifest in [None, Some("{ not json"), Some(r#"{"files": []}"#)] {
            let dir = tempfile::tempdir().unwrap();
            let out = dir.path().join("output");
            write_site(&[file("a.html", "same"), file("b.html", "old")], &out).unwrap();
            match manifest {
                None => fs::remove_file(out.join(MANIFEST)).unwrap(),
                Some(text) => fs::write(out.join(MANIFEST), text).unwrap(),
            }
            let listed = manifest.is_some_and(|text| text.contains("files"));
            let stats =
                write_site_counted(&[file("a.html", "same"), file("b.html", "new")], &out).unwrap();
            // An empty listing is a readable manifest: it lists nothing to keep.
            let kept = if listed { 0 } else { 1 };
            assert_eq!(stats, WriteStats { written: 3 - kept, kept }, "manifest {manifest:?}");
            assert_eq!(fs::read_to_string(out.join("b.html")).unwrap(), "new");
        }
    }

    #[test]
    fn the_manifest_lists_every_file_with_its_hash_and_size_sorted() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("output");
        write_site(&[file("z/b.html", "abc"), file("a.css", "")], &out).unwrap();
        let text = fs::read_to_string(out.join(MANIFEST)).unwrap();
        let json: serde_json::Value = serde_json::from_str(&text).unwrap();
        let files = json["files"].as_array().unwrap();
        let paths: Vec<&str> = files.iter().map(|f| f["path"].as_str().unwrap()).collect();
        assert_eq!(paths, ["a.css", "z/b.html"], "sorted, without the manifest itself");
        assert_eq!(
            files[1]["sha256"], "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
            "SHA-256 of `abc`"
        );
        assert_eq!(files[1]["size"], 3);
        write_site(&[file("a.css", ""), file("z/b.html", "abc")], &out).unwrap();
        assert_eq!(fs::read_to_string(out.join(MANIFEST)).unwrap(), text, "deterministic");
        let listed = listed_files(&out).unwrap();
        assert_eq!(listed, [("a.css".to_string(), 0), ("z/b.html".to_string(), 3)]);
        assert!(listed_files(dir.path()).is_none(), "no manifest, no listing");
    }
}

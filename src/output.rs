//! Writing the built site: all or nothing.
//!
//! The new site is written into a staging folder beside the output folder
//! (same parent, so the final step is a rename on one file system), and only
//! when every file is written is it swapped in for the old output. A failed
//! or interrupted build therefore never leaves a half-written or emptied
//! `output/`: before the swap the old output is untouched, after it the new
//! one is complete.
//!
//! This module does not decide what to write; it gets the files from `render`.

use std::fs;
use std::io::Write;
use std::path::{Component, Path, PathBuf};

use anyhow::{Context, Result, bail};

use crate::render::OutputFile;

/// Writes `files` as the complete new content of `out_dir`, replacing whatever was there.
pub fn write_site(files: &[OutputFile], out_dir: &Path) -> Result<()> {
    let parent = parent_of(out_dir)?;
    fs::create_dir_all(&parent)
        .with_context(|| format!("cannot create the folder {}", parent.display()))?;
    let name = out_dir
        .file_name()
        .with_context(|| format!("{} is not a folder name", out_dir.display()))?
        .to_string_lossy()
        .into_owned();
    let staging = parent.join(format!(".{name}.new-{}", std::process::id()));
    remove_if_exists(&staging)?;
    let written = write_all(files, &staging);
    if let Err(e) = written {
        let _ = fs::remove_dir_all(&staging);
        return Err(e);
    }
    swap_in(&staging, out_dir, &parent.join(format!(".{name}.old-{}", std::process::id())))
}

/// Writes every file under `root`, creating folders as needed.
fn write_all(files: &[OutputFile], root: &Path) -> Result<()> {
    fs::create_dir_all(root).with_context(|| format!("cannot create {}", root.display()))?;
    for file in files {
        let rel = safe_relative(&file.path)?;
        let path = root.join(rel);
        if let Some(dir) = path.parent() {
            fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
        }
        let mut f =
            fs::File::create(&path).with_context(|| format!("cannot write {}", path.display()))?;
        f.write_all(&file.body).with_context(|| format!("cannot write {}", path.display()))?;
    }
    Ok(())
}

/// Replaces `out_dir` by `staging`, keeping the old output until the new one is in place.
///
/// On Linux the two folders are exchanged in one atomic `renameat2(RENAME_EXCHANGE)`,
/// so there is no moment at which `out_dir` is missing or mixed, even under `kill -9`.
/// Elsewhere (or on a file system without exchange) the old output is moved aside
/// first and put back if the second rename fails.
fn swap_in(staging: &Path, out_dir: &Path, old: &Path) -> Result<()> {
    if out_dir.exists() && exchange(staging, out_dir).is_ok() {
        // `staging` now holds the previous output.
        return fs::remove_dir_all(staging)
            .with_context(|| format!("cannot remove the old output {}", staging.display()));
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
    if had_old {
        fs::remove_dir_all(old)
            .with_context(|| format!("cannot remove the old output {}", old.display()))?;
    }
    Ok(())
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

fn remove_if_exists(path: &Path) -> Result<()> {
    match fs::symlink_metadata(path) {
        Ok(meta) if meta.is_dir() => {
            fs::remove_dir_all(path).with_context(|| format!("cannot remove {}", path.display()))
        }
        Ok(_) => fs::remove_file(path).with_context(|| format!("cannot remove {}", path.display())),
        Err(_) => Ok(()),
    }
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

/// Checks that writing to `out_dir` cannot destroy the sources: it may not be
/// the site folder itself nor one of its parents (both would be replaced whole).
pub fn check_output_location(site_root: &Path, out_dir: &Path) -> Result<()> {
    let site = absolute(site_root)?;
    let out = absolute(out_dir)?;
    if site.starts_with(&out) {
        bail!(
            "the output folder {} contains the site's sources; choose a folder inside the site (like `output`) or elsewhere",
            out_dir.display()
        );
    }
    Ok(())
}

fn absolute(path: &Path) -> Result<PathBuf> {
    let abs = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir().context("cannot read the current folder")?.join(path)
    };
    // Resolve `..` and `.` lexically; the folder may not exist yet.
    let mut out = PathBuf::new();
    for c in abs.components() {
        match c {
            Component::ParentDir => {
                out.pop();
            }
            Component::CurDir => {}
            other => out.push(other),
        }
    }
    Ok(out)
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

    #[test]
    fn refuses_output_that_contains_the_sources() {
        let dir = tempfile::tempdir().unwrap();
        let site = dir.path().join("site");
        assert!(check_output_location(&site, &site).is_err());
        assert!(check_output_location(&site, dir.path()).is_err());
        assert!(check_output_location(&site, &site.join("output")).is_ok());
        assert!(check_output_location(&site, &dir.path().join("elsewhere")).is_ok());
    }
}

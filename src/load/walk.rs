//! The only part of loading that touches the disk: walks `site.toml` and
//! `content/` in sorted order and reads every known file's text.
//!
//! It parses nothing; it classifies paths (via `classify`) and reports files
//! kla does not know or cannot read. Symlinks and sizes are checked by `guard`.

use std::path::{Path, PathBuf};

use walkdir::{DirEntry, WalkDir};

use super::assemble::Sources;
use super::classify::{classify, is_ignored};
use super::common::source_file;
use super::guard;
use crate::diag::{Diagnostic, Diagnostics};

/// Reads the site rooted at `root`; problems go to `diags`.
pub(crate) fn read_sources(root: &Path, diags: &mut Diagnostics) -> Sources {
    let mut sources = Sources::default();
    let canonical_root = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    let site = root.join("site.toml");
    if site.is_file() || site.is_symlink() {
        add_file(root, &canonical_root, &site, &mut sources, diags);
    }
    let content = root.join("content");
    // A missing content/ is fine: a new site may have no regions yet.
    if !content.is_dir() {
        return sources;
    }
    if let Err(refused) = guard::check_link(&canonical_root, &content, Path::new("content")) {
        diags.push(refused);
        return sources;
    }
    let walker = WalkDir::new(&content).sort_by_file_name().into_iter();
    for entry in walker.filter_entry(|e| e.depth() == 0 || !is_ignored_entry(e)) {
        match entry {
            Ok(entry) if entry.file_type().is_dir() => note_dir(root, entry.path(), &mut sources),
            Ok(entry) => add_file(root, &canonical_root, entry.path(), &mut sources, diags),
            Err(err) => {
                let at = err.path().map_or_else(|| PathBuf::from("content"), |p| relative(root, p));
                diags.push(Diagnostic::file(at, format!("cannot read: {}", io_reason(&err))));
            }
        }
    }
    sources
}

fn io_reason(err: &walkdir::Error) -> String {
    err.io_error().map_or_else(|| err.to_string(), ToString::to_string)
}

fn is_ignored_entry(entry: &DirEntry) -> bool {
    is_ignored(&entry.file_name().to_string_lossy())
}

/// Path relative to the root, as shown in messages.
fn relative(root: &Path, path: &Path) -> PathBuf {
    path.strip_prefix(root).unwrap_or(path).to_path_buf()
}

/// Remembers region folders, so one without any file is still checked.
fn note_dir(root: &Path, path: &Path, sources: &mut Sources) {
    let rel = relative(root, path);
    let parts: Vec<_> = rel.components().collect();
    if parts.len() == 3 && rel.starts_with("content/regions") {
        sources.region_dirs.push(parts[2].as_os_str().to_string_lossy().into_owned());
    }
}

fn add_file(
    root: &Path,
    canonical_root: &Path,
    path: &Path,
    sources: &mut Sources,
    diags: &mut Diagnostics,
) {
    let rel = relative(root, path);
    if let Err(refused) = guard::check_link(canonical_root, path, &rel) {
        diags.push(refused);
        return;
    }
    let role = match classify(&rel) {
        Ok(role) => role,
        Err(expected) => {
            diags.push(Diagnostic::file(&rel, "unknown file").with_help(format!(
                "{expected}; move or remove this file (hidden files and names ending in `~` are ignored)"
            )));
            return;
        }
    };
    match guard::read_limited(path, &rel).map(String::from_utf8) {
        Ok(Ok(text)) => sources.add(role, source_file(&rel, &text)),
        Ok(Err(_)) => diags.push(
            Diagnostic::file(&rel, "file is not UTF-8 text").with_help("save the file as UTF-8"),
        ),
        Err(refused) => diags.push(refused),
    }
}

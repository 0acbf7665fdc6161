//! The previous output, as far as a rebuild needs it: which of its files hold
//! exactly the bytes about to be written, so that they are kept (hard-linked,
//! with their old modification time) instead of written anew.
//!
//! The previous build's `manifest.json` lists every file with its SHA-256 and
//! size. A file is taken as unchanged when the new bytes have the listed hash
//! and size and the old file is still what the manifest describes: a regular
//! file of that size, last modified no later than the manifest was written (a
//! hand edit in the output is newer, and such a file is written anew). No old
//! file is read, so a rebuild reads no more from the disk than a cold build;
//! the old files are mostly not in the page cache any more, since the writer
//! drops what it wrote (see `flush`), and reading them back one by one made a
//! rebuild slower than a cold build (bench/README.md, "Figures behind the
//! code's comments"). Without a readable
//! manifest the old bytes are read and compared instead.

use std::collections::HashMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

/// The manifest's path in the output folder; it does not list itself. Here,
/// with the reader of the previous output's manifest, which the writer
/// (`mod.rs`) and the guard (`guard.rs`) both use.
pub const MANIFEST: &str = "manifest.json";

use serde::Deserialize;

/// What was in the output folder when the build began.
pub(super) enum Previous {
    /// No previous output: every file is written.
    Nothing,
    /// A previous output whose manifest was written at `written`.
    Listed { dir: PathBuf, files: HashMap<String, Listed>, written: SystemTime },
    /// A previous output without a usable manifest: old bytes are compared.
    Unlisted { dir: PathBuf },
}

/// A file as the previous manifest lists it.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(super) struct Listed {
    sha256: [u8; 32],
    size: u64,
}

/// `manifest.json` as `super::manifest` writes it. The hashes are borrowed
/// from the file's text (hexadecimal needs no unescaping): a village-scale
/// manifest lists 500,000 files, and an owned copy of each hash only to decode
/// it would add to the build's peak memory (bench/README.md, "Figures behind
/// the code's comments").
#[derive(Deserialize)]
struct Manifest<'a> {
    #[serde(borrow)]
    files: Vec<ManifestLine<'a>>,
}

#[derive(Deserialize)]
struct ManifestLine<'a> {
    path: String,
    sha256: &'a str,
    size: u64,
}

impl Previous {
    /// Looks at `out_dir` (and its `manifest`, a path relative to it) before
    /// the build writes anything.
    pub(super) fn of(out_dir: &Path, manifest: &str) -> Self {
        if !out_dir.is_dir() {
            return Previous::Nothing;
        }
        let dir = out_dir.to_path_buf();
        let path = out_dir.join(manifest);
        let listed = fs::symlink_metadata(&path)
            .ok()
            .filter(fs::Metadata::is_file)
            .and_then(|meta| meta.modified().ok())
            .and_then(|written| Some((written, fs::read(&path).ok()?)))
            .and_then(|(written, json)| Some((written, listing(&json)?)));
        match listed {
            Some((written, files)) => Previous::Listed { dir, files, written },
            None => Previous::Unlisted { dir },
        }
    }

    /// The previous output's folder, if there was one.
    pub(super) fn dir(&self) -> Option<&Path> {
        match self {
            Previous::Nothing => None,
            Previous::Listed { dir, .. } | Previous::Unlisted { dir } => Some(dir),
        }
    }

    /// The previous output's copy of `rel` if it holds exactly `body`, whose
    /// SHA-256 is `sha256`.
    pub(super) fn unchanged(&self, rel: &str, body: &[u8], sha256: &[u8; 32]) -> Option<PathBuf> {
        match self {
            Previous::Nothing => None,
            Previous::Unlisted { dir } => {
                let old = dir.join(rel);
                same_bytes(&old, body).then_some(old)
            }
            Previous::Listed { dir, files, written } => {
                let size = body.len() as u64;
                if files.get(rel) != Some(&Listed { sha256: *sha256, size }) {
                    return None;
                }
                let old = dir.join(rel);
                let meta = fs::symlink_metadata(&old).ok()?;
                let as_listed = meta.is_file()
                    && meta.len() == size
                    && meta.modified().is_ok_and(|modified| modified <= *written);
                as_listed.then_some(old)
            }
        }
    }
}

/// Every file the manifest of the output in `out_dir` lists, with its size,
/// in the manifest's order (sorted by path); `None` without a readable
/// manifest. What `examples/write_floor.rs` replays through the writer.
pub fn listed_files(out_dir: &Path) -> Option<Vec<(String, u64)>> {
    let json = fs::read(out_dir.join(MANIFEST)).ok()?;
    let manifest: Manifest<'_> = serde_json::from_slice(&json).ok()?;
    Some(manifest.files.into_iter().map(|line| (line.path, line.size)).collect())
}

/// The files of a manifest by path; `None` if it is not one.
fn listing(json: &[u8]) -> Option<HashMap<String, Listed>> {
    let manifest: Manifest<'_> = serde_json::from_slice(json).ok()?;
    manifest
        .files
        .into_iter()
        .map(|line| Some((line.path, Listed { sha256: hex32(line.sha256)?, size: line.size })))
        .collect()
}

/// 32 bytes from 64 hexadecimal digits.
fn hex32(hex: &str) -> Option<[u8; 32]> {
    let digits = hex.as_bytes();
    if digits.len() != 64 {
        return None;
    }
    let mut bytes = [0u8; 32];
    for (byte, pair) in bytes.iter_mut().zip(digits.chunks_exact(2)) {
        *byte = u8::from_str_radix(std::str::from_utf8(pair).ok()?, 16).ok()?;
    }
    Some(bytes)
}

/// Whether `path` is a regular file holding exactly `body`.
pub(super) fn same_bytes(path: &Path, body: &[u8]) -> bool {
    match fs::symlink_metadata(path) {
        Ok(meta) if meta.is_file() && meta.len() == body.len() as u64 => {
            fs::read(path).is_ok_and(|old| old == body)
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_are_read_back_as_written_and_anything_else_is_refused() {
        let hex = "00ff10a0".repeat(8);
        let bytes = hex32(&hex).unwrap();
        assert_eq!(bytes[..4], [0x00, 0xff, 0x10, 0xa0]);
        assert_eq!(bytes[28..], [0x00, 0xff, 0x10, 0xa0]);
        assert_eq!(hex32(&hex[..62]), None, "too short");
        assert_eq!(hex32(&format!("{}zz", &hex[..62])), None, "not hexadecimal");
        assert_eq!(hex32(&format!("{}é", &hex[..62])), None, "not ASCII");
        let json = format!(r#"{{"files": [{{"path": "a.html", "sha256": "{hex}", "size": 4}}]}}"#);
        let files = listing(json.as_bytes()).unwrap();
        assert_eq!(files["a.html"], Listed { sha256: bytes, size: 4 });
        assert!(listing(b"{\"files\": [{\"path\": \"a.html\"}]}").is_none());
        assert!(listing(json.replace(&hex, "abc").as_bytes()).is_none(), "one bad hash");
    }
}

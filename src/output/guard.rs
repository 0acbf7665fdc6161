//! Where a build may write: the checks made before anything is touched.
//!
//! A build replaces its output folder whole, so a mistyped `-o` must never
//! name something kla would destroy: the site itself or a folder holding it,
//! one of the site's source folders (`content/`, `templates/`, `themes/`,
//! `static/`), a file, or a folder of someone else's files. Only an empty or
//! missing folder, or one that holds nothing but an earlier kla output (every
//! file listed in its `manifest.json`), is replaced without being asked;
//! `--force` consents to replacing any other folder, never the sources.

use std::collections::HashSet;
use std::fmt;
use std::fs;
use std::path::{Component, Path, PathBuf};

use super::previous::{MANIFEST, listed_files};

/// The site's own source trees: an output inside one would replace sources.
const SOURCE_TREES: [&str; 5] = ["content", "templates", "themes", "static", "site.toml"];

/// How many foreign files a refusal names before it says "and N more".
const NAMED: usize = 5;

/// Why a build refused its output folder; nothing was written or moved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OutputRefused {
    /// The output folder is the site folder or one of its parents.
    HoldsTheSite {
        /// The output folder as given.
        out: PathBuf,
    },
    /// The output folder is one of the site's source folders or inside one.
    InsideSources {
        /// The output folder as given.
        out: PathBuf,
        /// The source tree it is in (`content`, `themes`, ...).
        tree: String,
    },
    /// The output path names an existing file, not a folder.
    IsAFile {
        /// The output path as given.
        out: PathBuf,
    },
    /// The folder holds files kla did not write (no manifest lists them).
    ForeignFiles {
        /// The output folder as given.
        out: PathBuf,
        /// The first few of those files, relative to the folder.
        files: Vec<String>,
        /// How many more there are.
        more: usize,
    },
}

impl fmt::Display for OutputRefused {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            OutputRefused::HoldsTheSite { out } => write!(
                f,
                "the output folder {} contains the site's sources and would be replaced whole\n  = help: choose a folder inside the site (like `output`) or elsewhere",
                out.display()
            ),
            OutputRefused::InsideSources { out, tree } => write!(
                f,
                "the output folder {} is inside the site's `{tree}`, which a build would replace with the built pages\n  = help: choose a folder that is not a source folder, like `output` (the default)",
                out.display()
            ),
            OutputRefused::IsAFile { out } => write!(
                f,
                "the output path {} is a file, not a folder; it was left as it is\n  = help: choose a folder name, like `output`",
                out.display()
            ),
            OutputRefused::ForeignFiles { out, files, more } => {
                write!(
                    f,
                    "the output folder {} holds files kla did not write, and a build replaces the folder whole:",
                    out.display()
                )?;
                for file in files {
                    write!(f, "\n    {file}")?;
                }
                if *more > 0 {
                    write!(f, "\n    ... and {more} more")?;
                }
                write!(
                    f,
                    "\n  = help: choose an empty or new folder, move those files away, or pass --force to replace the folder and everything in it"
                )
            }
        }
    }
}

impl std::error::Error for OutputRefused {}

/// Checks that a build may replace `out_dir`: never the site, a folder
/// holding it, one of its source folders or a file; a folder with files kla
/// did not write only with `force`. Reads only; changes nothing.
pub fn check_output_location(
    site_root: &Path,
    out_dir: &Path,
    force: bool,
) -> Result<(), OutputRefused> {
    let site = absolute(site_root);
    let out = absolute(out_dir);
    let shown = out_dir.to_path_buf();
    if site.starts_with(&out) {
        return Err(OutputRefused::HoldsTheSite { out: shown });
    }
    if let Ok(inside) = out.strip_prefix(&site)
        && let Some(Component::Normal(first)) = inside.components().next()
        && let Some(tree) = SOURCE_TREES.iter().find(|t| first == std::ffi::OsStr::new(t))
    {
        return Err(OutputRefused::InsideSources { out: shown, tree: (*tree).to_string() });
    }
    match fs::metadata(&out) {
        Ok(meta) if !meta.is_dir() => return Err(OutputRefused::IsAFile { out: shown }),
        Ok(_) if !force => {
            let foreign = foreign_files(&out);
            if !foreign.is_empty() {
                let more = foreign.len().saturating_sub(NAMED);
                let files = foreign.into_iter().take(NAMED).collect();
                return Err(OutputRefused::ForeignFiles { out: shown, files, more });
            }
        }
        _ => {}
    }
    Ok(())
}

/// The files in `dir` that its `manifest.json` does not list, sorted (all
/// of them when there is no readable manifest). Folders are not files: an
/// empty folder left in an output is no one's work.
fn foreign_files(dir: &Path) -> Vec<String> {
    let listing = listed_files(dir);
    let has_manifest = listing.is_some();
    let listed: HashSet<String> =
        listing.unwrap_or_default().into_iter().map(|(path, _)| path).collect();
    let mut foreign: Vec<String> = walkdir::WalkDir::new(dir)
        .min_depth(1)
        .sort_by_file_name()
        .into_iter()
        .filter_map(|entry| match entry {
            Ok(entry) if entry.file_type().is_dir() => None,
            Ok(entry) => Some(slash_path(entry.path().strip_prefix(dir).unwrap_or(entry.path()))),
            // Unreadable: kla cannot tell whose it is, so it is not kla's to remove.
            Err(err) => Some(err.path().map_or_else(
                || "(an unreadable entry)".to_string(),
                |p| slash_path(p.strip_prefix(dir).unwrap_or(p)),
            )),
        })
        .filter(|path| !(has_manifest && (path == MANIFEST || listed.contains(path))))
        .collect();
    foreign.sort();
    foreign
}

/// A relative path with `/` between its parts, as the manifest writes it.
fn slash_path(path: &Path) -> String {
    path.components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join("/")
}

/// `path` made absolute, `.` and `..` resolved lexically (it may not exist
/// yet), and symbolic links followed in the part that exists, so an output
/// folder that is a link to the site (or to its parent) is recognised.
fn absolute(path: &Path) -> PathBuf {
    let abs = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir().unwrap_or_default().join(path)
    };
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
    resolve_links(&out)
}

fn resolve_links(path: &Path) -> PathBuf {
    let mut existing = path;
    let mut rest = Vec::new();
    while !existing.exists() {
        match (existing.parent(), existing.file_name()) {
            (Some(parent), Some(name)) => {
                rest.push(name.to_os_string());
                existing = parent;
            }
            _ => return path.to_path_buf(),
        }
    }
    let mut resolved = fs::canonicalize(existing).unwrap_or_else(|_| existing.to_path_buf());
    resolved.extend(rest.iter().rev());
    resolved
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::output::write_site;
    use crate::render::OutputFile;

    fn site_in(dir: &Path) -> PathBuf {
        let site = dir.join("site");
        for tree in ["content/regions/kota-a", "templates", "themes/default/static", "static"] {
            fs::create_dir_all(site.join(tree)).unwrap();
        }
        fs::write(site.join("site.toml"), "title = \"T\"\n").unwrap();
        site
    }

    #[test]
    fn refuses_the_site_and_its_parents() {
        let dir = tempfile::tempdir().unwrap();
        let site = site_in(dir.path());
        for out in [site.clone(), dir.path().to_path_buf(), site.join(".")] {
            let err = check_output_location(&site, &out, true).unwrap_err();
            assert!(matches!(err, OutputRefused::HoldsTheSite { .. }), "{out:?}: {err}");
        }
        assert_eq!(check_output_location(&site, &site.join("output"), false), Ok(()));
        assert_eq!(check_output_location(&site, &dir.path().join("elsewhere"), false), Ok(()));
    }

    #[test]
    fn refuses_every_source_folder_even_with_force() {
        let dir = tempfile::tempdir().unwrap();
        let site = site_in(dir.path());
        for (out, tree) in [
            ("content", "content"),
            ("content/regions", "content"),
            ("content/regions/kota-a", "content"),
            ("content/new-folder", "content"),
            ("templates", "templates"),
            ("themes", "themes"),
            ("themes/default", "themes"),
            ("static", "static"),
        ] {
            for force in [false, true] {
                let err = check_output_location(&site, &site.join(out), force).unwrap_err();
                let expected =
                    OutputRefused::InsideSources { out: site.join(out), tree: tree.into() };
                assert_eq!(err, expected, "{out} (force {force})");
            }
        }
        assert!(check_output_location(&site, &site.join("contents"), false).is_ok());
    }

    #[test]
    fn refuses_a_file() {
        let dir = tempfile::tempdir().unwrap();
        let site = site_in(dir.path());
        let file = dir.path().join("laporan.docx");
        fs::write(&file, "x").unwrap();
        for force in [false, true] {
            let err = check_output_location(&site, &file, force).unwrap_err();
            assert_eq!(err, OutputRefused::IsAFile { out: file.clone() });
        }
    }

    #[test]
    fn a_folder_of_other_files_needs_force_and_an_earlier_output_does_not() {
        let dir = tempfile::tempdir().unwrap();
        let site = site_in(dir.path());
        let out = dir.path().join("laporan");
        fs::create_dir_all(out.join("sub")).unwrap();
        assert_eq!(check_output_location(&site, &out, false), Ok(()), "empty folders are fine");
        fs::write(out.join("sub/catatan.docx"), "x").unwrap();
        let err = check_output_location(&site, &out, false).unwrap_err();
        let expected = OutputRefused::ForeignFiles {
            out: out.clone(),
            files: vec!["sub/catatan.docx".into()],
            more: 0,
        };
        assert_eq!(err, expected);
        assert!(err.to_string().contains("--force"), "{err}");
        assert_eq!(check_output_location(&site, &out, true), Ok(()));

        let built = dir.path().join("built");
        let page = OutputFile { path: "a/index.html".into(), body: b"x".to_vec() };
        write_site(&[page], &built).unwrap();
        assert_eq!(check_output_location(&site, &built, false), Ok(()));
        fs::write(built.join("CNAME"), "kla.example").unwrap();
        let err = check_output_location(&site, &built, false).unwrap_err();
        assert!(matches!(&err, OutputRefused::ForeignFiles { files, .. } if files == &["CNAME"]));
    }

    #[test]
    fn names_a_few_foreign_files_and_counts_the_rest() {
        let dir = tempfile::tempdir().unwrap();
        let site = site_in(dir.path());
        let out = dir.path().join("many");
        fs::create_dir_all(&out).unwrap();
        for i in 0..8 {
            fs::write(out.join(format!("f{i}.txt")), "x").unwrap();
        }
        fs::write(out.join(MANIFEST), "not json").unwrap();
        match check_output_location(&site, &out, false).unwrap_err() {
            OutputRefused::ForeignFiles { files, more, .. } => {
                assert_eq!(files, ["f0.txt", "f1.txt", "f2.txt", "f3.txt", "f4.txt"]);
                assert_eq!(more, 4, "three more texts and an unreadable manifest");
            }
            other => panic!("{other}"),
        }
    }

    #[cfg(unix)]
    #[test]
    fn refuses_links_to_the_site_or_its_parent() {
        let dir = tempfile::tempdir().unwrap();
        let site = site_in(dir.path());
        std::os::unix::fs::symlink(&site, dir.path().join("to-site")).unwrap();
        std::os::unix::fs::symlink(dir.path(), site.join("to-parent")).unwrap();
        std::os::unix::fs::symlink(site.join("content"), dir.path().join("to-content")).unwrap();
        assert!(check_output_location(&site, &dir.path().join("to-site"), true).is_err());
        assert!(check_output_location(&site, &site.join("to-parent"), true).is_err());
        assert!(check_output_location(&site, &dir.path().join("to-content"), true).is_err());
        assert!(check_output_location(&site, &site.join("output"), false).is_ok());
    }
}

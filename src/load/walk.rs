//! The only part of loading that touches the disk: walks `site.toml` and
//! `content/` in sorted order and reads every known file's text.
//!
//! It parses nothing; it classifies paths (via `classify`) and reports files
//! kla does not know or cannot read. Symlinks and sizes are checked by
//! `guard`, encodings (and byte-order marks) by `text`.
//! Files are read in parallel; [`Texts`] lets a reload skip unchanged files,
//! and [`reread_sources`] lets a reload that only edited known files skip the walk.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::SystemTime;

use rayon::prelude::*;
use walkdir::{DirEntry, WalkDir};

use super::classify::{Role, classify, is_ignored};
use super::{guard, text};
use crate::diag::{Diagnostic, Diagnostics};
use crate::model::SourceFile;

/// The site's known files grouped by role, as read from disk (or built by a test).
#[derive(Debug, Default)]
pub(crate) struct Sources {
    /// `site.toml`, if present.
    pub(crate) site: Option<SourceFile>,
    /// Rubric files.
    pub(crate) rubrics: Vec<SourceFile>,
    /// Announcement files, one per award year.
    pub(crate) announcements: Vec<SourceFile>,
    /// Region folders by folder name.
    pub(crate) regions: BTreeMap<String, RegionFiles>,
    /// Folders found under `content/regions/`, even empty ones.
    pub(crate) region_dirs: Vec<String>,
    /// Free pages.
    /// The regions' outlines, if the site has them.
    pub(crate) boundaries: Option<SourceFile>,
    pub(crate) pages: Vec<SourceFile>,
    /// Narratives in other languages: language, role of the translated file, file.
    pub(crate) translations: Vec<(String, Role, SourceFile)>,
}

/// The files of one region folder.
#[derive(Debug, Default)]
pub(crate) struct RegionFiles {
    pub(super) info: Option<SourceFile>,
    pub(super) narrative: Option<SourceFile>,
    pub(super) evaluations: BTreeMap<u16, SourceFile>,
    pub(super) year_narratives: BTreeMap<u16, SourceFile>,
}

impl RegionFiles {
    /// Every file of the folder, in one order.
    pub(super) fn listed(&self) -> Vec<SourceFile> {
        let single = self.info.iter().chain(&self.narrative);
        single
            .chain(self.evaluations.values())
            .chain(self.year_narratives.values())
            .cloned()
            .collect()
    }
}

impl Sources {
    /// Files a file under the role `classify` gave it.
    pub(crate) fn add(&mut self, role: Role, file: SourceFile) {
        match role {
            Role::Site => self.site = Some(file),
            Role::Rubric => self.rubrics.push(file),
            Role::Announcement => self.announcements.push(file),
            Role::Page => self.pages.push(file),
            Role::RegionInfo { slug } => self.region(slug).info = Some(file),
            Role::RegionNarrative { slug } => self.region(slug).narrative = Some(file),
            Role::Evaluation { slug, year } => {
                self.region(slug).evaluations.insert(year, file);
            }
            Role::YearNarrative { slug, year } => {
                self.region(slug).year_narratives.insert(year, file);
            }
            Role::Translation { lang, of } => self.translations.push((lang, *of, file)),
            Role::Boundaries => self.boundaries = Some(file),
            Role::Notice => {}
        }
    }

    fn region(&mut self, slug: String) -> &mut RegionFiles {
        self.regions.entry(slug).or_default()
    }
}

/// The texts the last load read, with the length and time of change each file
/// had then, so that loading again reads only files that changed; and, when
/// that load met no problem, the files its walk found, so that loading again
/// after edits of those files only needs no walk.
#[derive(Default)]
pub(crate) struct Texts {
    by_path: HashMap<PathBuf, Stamped>,
    walked: Option<Walked>,
}

/// What a walk without problems found: the known files in walk order and the region folders.
struct Walked {
    found: Vec<Found>,
    region_dirs: Vec<String>,
}

struct Stamped {
    len: u64,
    modified: SystemTime,
    text: Arc<str>,
}

/// A known file the walk met: where it is, as shown, its role, and whether
/// it is a symlink (which the walk's directory listing tells, so reading a
/// plain file costs no extra `lstat`: 250,000 of them at village scale).
#[derive(Clone)]
struct Found {
    path: PathBuf,
    rel: PathBuf,
    role: Role,
    link: bool,
}

/// Reads the site rooted at `root`; problems go to `diags`. With `texts`, a
/// file whose length and time of change are the remembered ones is not read
/// again unless `changed` names it (relative to `root`); files are read in parallel.
pub(crate) fn read_sources(
    root: &Path,
    texts: Option<&mut Texts>,
    changed: &HashSet<PathBuf>,
    diags: &mut Diagnostics,
) -> Sources {
    let mut sources = Sources::default();
    let problems_before = diags.len();
    let canonical_root = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    let remembered = texts.as_deref();
    let mut walk_and_read = || {
        let found = walk(root, &canonical_root, &mut sources, diags);
        let read: Vec<Result<(SourceFile, Option<Stamped>), Diagnostic>> =
            found.par_iter().map(|f| read_one(&canonical_root, f, remembered, changed)).collect();
        (found, read)
    };
    let (found, read) = match reading_pool() {
        Some(pool) => pool.install(walk_and_read),
        None => walk_and_read(),
    };
    let mut kept = HashMap::new();
    for (found, result) in found.iter().zip(read) {
        match result {
            Ok((file, stamp)) => {
                if let Some(stamp) = stamp {
                    kept.insert(found.rel.clone(), stamp);
                }
                sources.add(found.role.clone(), file);
            }
            Err(problem) => diags.push(problem),
        }
    }
    if let Some(texts) = texts {
        texts.by_path = kept;
        texts.walked = (diags.len() == problems_before)
            .then(|| Walked { found, region_dirs: sources.region_dirs.clone() });
    }
    sources
}

/// Threads that list folders and read files while the sources are loaded.
///
/// Loading waits on the disk, not on the processor, whenever the sources are
/// not cached yet (the first build after a checkout or a reboot): with one
/// thread per core, a village-scale site (83,441 folders, 250,000 files) kept
/// only two reads in flight and loaded at half a core (bench/README.md,
/// "Figures behind the code's comments"). More threads keep more reads in
/// flight; made once, they sleep between loads of `kla serve`. Without them,
/// the global pool is used.
fn reading_pool() -> Option<&'static rayon::ThreadPool> {
    static POOL: std::sync::OnceLock<Option<rayon::ThreadPool>> = std::sync::OnceLock::new();
    POOL.get_or_init(|| {
        rayon::ThreadPoolBuilder::new()
            .num_threads(READING_THREADS)
            .thread_name(|i| format!("kla-read-{i}"))
            .build()
            .ok()
    })
    .as_ref()
}

/// How many reads loading keeps in flight (see [`reading_pool`]).
const READING_THREADS: usize = 16;

/// The site read again without walking, when the last load walked without
/// problems and every path of `changed` (relative to `root`) is either a file
/// that walk found and still a file (it is read again; the others keep their
/// text) or a path no walk looks at. `None` when only a walk can tell: nothing
/// named, a path created, removed or renamed, a folder, or a file that cannot
/// be read (the walk then reports it). The caller must name every path that
/// changed since the last load, as `kla serve`'s watcher does.
pub(crate) fn reread_sources(
    root: &Path,
    texts: &mut Texts,
    changed: &HashSet<PathBuf>,
) -> Option<Sources> {
    let walked = texts.walked.as_ref()?;
    let edited: Vec<&PathBuf> = changed.iter().filter(|rel| is_walked(rel)).collect();
    if changed.is_empty() || edited.iter().any(|rel| !texts.by_path.contains_key(*rel)) {
        return None;
    }
    let canonical_root = root.canonicalize().ok()?;
    let mut fresh = Vec::with_capacity(edited.len());
    for rel in edited {
        let path = root.join(rel);
        let meta = std::fs::metadata(&path).ok().filter(std::fs::Metadata::is_file)?;
        let link = path.is_symlink();
        let found = Found { path, rel: rel.clone(), role: classify(rel).ok()?, link };
        let (file, _) = read_one(&canonical_root, &found, None, changed).ok()?;
        let stamp = Stamped { len: meta.len(), modified: meta.modified().ok()?, text: file.src };
        fresh.push((found.rel, stamp));
    }
    let mut sources = Sources { region_dirs: walked.region_dirs.clone(), ..Sources::default() };
    texts.by_path.extend(fresh);
    for found in &walked.found {
        let text = Arc::clone(&texts.by_path.get(&found.rel)?.text);
        sources.add(found.role.clone(), SourceFile { path: found.rel.clone(), src: text });
    }
    Some(sources)
}

/// Whether a walk can meet the path `rel`: `site.toml` and what is under
/// `content/`, except hidden files and backups (or anything inside them).
fn is_walked(rel: &Path) -> bool {
    let ignored = rel.components().any(|c| is_ignored(&c.as_os_str().to_string_lossy()));
    (rel == Path::new("site.toml") || rel.starts_with("content")) && !ignored
}

/// Walks `site.toml` and `content/` in sorted order: the known files, and every
/// problem with a path; region folders are noted in `sources`.
///
/// `content/` is walked two levels deep (`content/regions/<slug>`); each
/// folder there is walked on its own, in parallel ([`walk_folder`]), and its
/// findings put back in its place, so the order is a sorted walk's. Listing
/// 83,441 region folders one after another kept one core waiting on the disk
/// for seconds when they were not cached (a publisher's first build after a
/// checkout); in parallel the listings overlap. (A walk that went deeper would
/// open each region folder itself, on one thread, before it could be skipped.)
fn walk(
    root: &Path,
    canonical_root: &Path,
    sources: &mut Sources,
    diags: &mut Diagnostics,
) -> Vec<Found> {
    let mut found = Vec::new();
    let site = root.join("site.toml");
    if site.is_file() || site.is_symlink() {
        found.extend(known(root, canonical_root, &site, site.is_symlink(), diags));
    }
    let content = root.join("content");
    // A missing content/ is fine: a new site may have no regions yet.
    if !content.is_dir() {
        return found;
    }
    if let Err(refused) = guard::check_link(canonical_root, &content, Path::new("content")) {
        diags.push(refused);
        return found;
    }
    let mut top = Vec::new();
    let mut folders = Vec::new();
    let walker = WalkDir::new(&content).max_depth(FOLDER_DEPTH).sort_by_file_name().into_iter();
    for entry in walker.filter_entry(|e| e.depth() == 0 || !is_ignored_entry(e)) {
        match entry {
            Ok(entry) if entry.file_type().is_dir() => {
                note_dir(root, entry.path(), sources);
                if entry.depth() == FOLDER_DEPTH {
                    top.push(Top::Folder(folders.len()));
                    folders.push(entry.into_path());
                }
            }
            Ok(entry) => top.push(Top::Met(meet(entry))),
            Err(err) => top.push(Top::Met(Met::Unreadable(err))),
        }
    }
    let mut walked: Vec<std::vec::IntoIter<Met>> =
        folders.par_iter().map(|folder| walk_folder(folder).into_iter()).collect();
    let mut take = |met: Met, found: &mut Vec<Found>| match met {
        Met::File { path, link } => found.extend(known(root, canonical_root, &path, link, diags)),
        Met::Unreadable(err) => {
            let at = err.path().map_or_else(|| PathBuf::from("content"), |p| relative(root, p));
            diags.push(Diagnostic::file(at, format!("cannot read: {}", io_reason(&err))));
        }
    };
    for entry in top {
        match entry {
            Top::Met(met) => take(met, &mut found),
            Top::Folder(index) => walked[index].by_ref().for_each(|met| take(met, &mut found)),
        }
    }
    found
}

/// How deep in `content/` the folders walked on their own are: region folders
/// (`content/regions/<slug>`) and their likes under `content/`'s other folders.
const FOLDER_DEPTH: usize = 2;

/// What a walk met: a file (or symlink), or an entry it could not read.
enum Met {
    File { path: PathBuf, link: bool },
    Unreadable(walkdir::Error),
}

/// What the walk of `content/`'s top levels met, in walk order: an entry, or
/// a folder walked on its own (by its position in the list of those).
enum Top {
    Met(Met),
    Folder(usize),
}

/// A walked entry that is not a folder.
fn meet(entry: DirEntry) -> Met {
    let link = entry.path_is_symlink();
    Met::File { path: entry.into_path(), link }
}

/// Everything under one folder, in sorted walk order.
fn walk_folder(folder: &Path) -> Vec<Met> {
    let walker = WalkDir::new(folder).sort_by_file_name().into_iter();
    walker
        .filter_entry(|e| e.depth() == 0 || !is_ignored_entry(e))
        .filter_map(|entry| match entry {
            Ok(entry) if entry.file_type().is_dir() => None,
            Ok(entry) => Some(meet(entry)),
            Err(err) => Some(Met::Unreadable(err)),
        })
        .collect()
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

/// The file at `path` (a symlink when `link`) with its role, or `None` when
/// kla does not know it: then a refused symlink is reported as such, anything
/// else as an unknown file.
fn known(
    root: &Path,
    canonical_root: &Path,
    path: &Path,
    link: bool,
    diags: &mut Diagnostics,
) -> Option<Found> {
    let rel = relative(root, path);
    match classify(&rel) {
        Ok(role) => Some(Found { path: path.to_path_buf(), rel, role, link }),
        Err(expected) => {
            let refused_link =
                link.then(|| guard::check_link_target(canonical_root, path, &rel).err()).flatten();
            diags.push(refused_link.unwrap_or_else(|| {
                Diagnostic::file(&rel, "unknown file").with_help(format!(
                    "{expected}; move or remove this file (hidden files and names ending in `~` are ignored)"
                ))
            }));
            None
        }
    }
}

/// Reads one file (after checking a symlink), or takes its remembered text
/// when its length and time of change say it did not change.
fn read_one(
    canonical_root: &Path,
    found: &Found,
    remembered: Option<&Texts>,
    changed: &HashSet<PathBuf>,
) -> Result<(SourceFile, Option<Stamped>), Diagnostic> {
    let rel = &found.rel;
    if found.link {
        guard::check_link_target(canonical_root, &found.path, rel)?;
    }
    let stamp = remembered.and_then(|_| {
        let meta = std::fs::metadata(&found.path).ok()?;
        Some((meta.len(), meta.modified().ok()?))
    });
    let same = remembered.and_then(|t| t.by_path.get(rel)).filter(|old| {
        !changed.contains(rel)
            && stamp.is_some_and(|(len, at)| old.len == len && old.modified == at)
    });
    let text = match same {
        Some(old) => Arc::clone(&old.text),
        None => Arc::from(text::decode(guard::read_limited(&found.path, rel)?, rel)?),
    };
    let stamped = stamp.map(|(len, modified)| Stamped { len, modified, text: Arc::clone(&text) });
    Ok((SourceFile { path: rel.clone(), src: text }, stamped))
}

/// Builds [`Sources`] from `(path, text)` pairs, for tests that need no disk.
#[cfg(test)]
pub(crate) fn sources_from(files: &[(&str, &str)]) -> Sources {
    let mut sources = Sources::default();
    for (path, text) in files {
        let role = classify(Path::new(path)).expect("a known path");
        sources.add(role, super::common::source_file(path, text));
    }
    sources
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn region_folders_walked_apart_keep_the_sorted_walk_order() {
        let dir = tempfile::tempdir().unwrap();
        let files = [
            "site.toml",
            "content/pages/lama/arsip.md",
            "content/pages/tentang.md",
            "content/regions/kota-a/2024.toml",
            "content/regions/kota-a/index.md",
            "content/regions/kota-a/region.toml",
            "content/regions/kota-a/.hidden.toml",
            "content/regions/kota-a/region.toml~",
            "content/regions/kota-b/foto/peta.png",
            "content/regions/kota-b/region.toml",
            "content/regions/kota-c/2023.toml",
            "content/regions/kota-c/region.toml",
            "content/rubrics/kla-24.toml",
        ];
        for file in files {
            let path = dir.path().join(file);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, "x").unwrap();
        }
        std::fs::create_dir_all(dir.path().join("content/regions/kota-kosong")).unwrap();
        let mut sources = Sources::default();
        let mut diags = Diagnostics::default();
        let found = walk(dir.path(), dir.path(), &mut sources, &mut diags);
        let walked: Vec<String> =
            found.iter().map(|f| f.rel.to_string_lossy().replace('\\', "/")).collect();
        let unknown = ["content/pages/lama/arsip.md", "content/regions/kota-b/foto/peta.png"];
        let expected: Vec<&str> = files
            .iter()
            .copied()
            .filter(|f| !f.contains(".hidden") && !f.ends_with('~') && !unknown.contains(f))
            .collect();
        assert_eq!(walked, expected);
        assert_eq!(sources.region_dirs, ["kota-a", "kota-b", "kota-c", "kota-kosong"]);
        // Files deeper than the folders walked apart are still met (and refused here).
        let refused: Vec<String> =
            diags.iter().map(|d| d.location().to_string().replace('\\', "/")).collect();
        assert_eq!(refused, unknown);
    }
}

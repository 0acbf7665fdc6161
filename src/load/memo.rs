//! Parsed files remembered by path and text, so that loading the site again
//! parses only the files whose text changed (`kla serve` reloads on every
//! save), and a cold load parses every file in parallel.
//!
//! A file's parse (its value and the diagnostics it produced) depends on its
//! path and text only, so it can be kept across loads. A region folder's
//! assembled region depends on its files and the rubrics only, so a kept
//! cache also remembers it (`Parsed`'s `folders`). The checks across folders
//! are not kept: `assemble` runs them every time.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use super::evaluation::{self, ParsedEvaluation};
use super::front_matter;
use super::region::{self, RegionInfo};
use super::rubric::{self, ParsedRubric};
use super::walk::Sources;
use crate::diag::{Diagnostic, Diagnostics};
use crate::model::{Boundaries, Narrative, Page, Region, Rubric, SourceFile};

/// A parser of one file format: the value, or `None` with the problems in the diagnostics.
type Parse<T> = fn(&SourceFile, &mut Diagnostics) -> Option<T>;

/// The per-file parses of the last load, by format.
#[derive(Default)]
pub(crate) struct Parsed {
    /// Whether entries outlive the load that made them (a one-shot load moves them out).
    keep: bool,
    rubrics: Table<ParsedRubric>,
    regions: Table<RegionInfo>,
    evaluations: Table<ParsedEvaluation>,
    narratives: Table<Narrative>,
    pages: Table<Page>,
    folders: Folders,
    /// The boundaries file, its parse and the problems found.
    boundaries: Option<(SourceFile, Option<Arc<Boundaries>>, Vec<Diagnostic>)>,
}

/// Region folders assembled by the last load, by folder name, with the
/// rubrics (and whether all of them parsed) they were checked against.
#[derive(Default)]
struct Folders {
    rubrics: Option<(Vec<Rubric>, bool)>,
    by_slug: HashMap<String, Folder>,
}

/// One assembled folder: its files, the region (with its `region.toml`'s
/// fields) or `None`, and the problems found.
struct Folder {
    files: Vec<SourceFile>,
    value: Assembled,
    diags: Vec<Diagnostic>,
}

/// What a folder's assembly yields: the `region.toml` fields and the region,
/// shared between the cache and the loaded sites (see [`Site::regions`](crate::model::Site)).
pub(crate) type Assembled = Option<(RegionInfo, Arc<Region>)>;

impl Parsed {
    /// A cache kept between loads (for `kla serve`).
    pub(crate) fn kept() -> Self {
        Parsed { keep: true, ..Parsed::default() }
    }

    /// The boundaries of `file`, parsed again only when its text changed: the
    /// file is large and `kla serve` loads on every save, and an unchanged
    /// parse keeps its allocation, so the render tells it unchanged by address.
    pub(crate) fn boundaries(
        &mut self,
        file: &SourceFile,
        diags: &mut Diagnostics,
    ) -> Option<Arc<Boundaries>> {
        if let Some((kept, value, problems)) = &self.boundaries {
            if kept.path == file.path && (Arc::ptr_eq(&kept.src, &file.src) || kept.src == file.src)
            {
                diags.0.extend(problems.iter().cloned());
                return value.clone();
            }
        }
        let mut found = Diagnostics::new();
        let value = super::boundaries::parse(file, &mut found).map(Arc::new);
        if self.keep {
            self.boundaries = Some((file.clone(), value.clone(), found.0.clone()));
        }
        diags.0.extend(found.0);
        value
    }

    /// Parses, in parallel, every file of `sources` whose text is not
    /// remembered, and forgets the files that are gone.
    pub(crate) fn refresh(&mut self, sources: &Sources) {
        let folders = sources.regions.values();
        let infos: Vec<&SourceFile> = folders.clone().filter_map(|f| f.info.as_ref()).collect();
        let evaluations: Vec<&SourceFile> =
            folders.clone().flat_map(|f| f.evaluations.values()).collect();
        let narratives: Vec<&SourceFile> = folders
            .flat_map(|f| f.narrative.iter().chain(f.year_narratives.values()))
            .chain(sources.translations.iter().map(|(_, _, file)| file))
            .collect();
        let pages: Vec<&SourceFile> = sources.pages.iter().collect();
        let rubrics: Vec<&SourceFile> = sources.rubrics.iter().collect();
        self.rubrics.refresh(&rubrics, rubric::parse);
        self.regions.refresh(&infos, region::parse);
        self.evaluations.refresh(&evaluations, evaluation::parse);
        self.narratives.refresh(&narratives, front_matter::parse);
        self.pages.refresh(&pages, front_matter::parse_page);
    }

    /// A rubric file; its problems go to `diags`.
    pub(crate) fn rubric(
        &mut self,
        file: &SourceFile,
        diags: &mut Diagnostics,
    ) -> Option<ParsedRubric> {
        self.rubrics.get(file, self.keep, rubric::parse, diags)
    }

    /// `region.toml`'s fields; its problems go to `diags`.
    pub(crate) fn region(
        &mut self,
        file: &SourceFile,
        diags: &mut Diagnostics,
    ) -> Option<RegionInfo> {
        self.regions.get(file, self.keep, region::parse, diags)
    }

    /// A `<year>.toml` before its rubric is known; its problems go to `diags`.
    pub(crate) fn evaluation(
        &mut self,
        file: &SourceFile,
        diags: &mut Diagnostics,
    ) -> Option<ParsedEvaluation> {
        self.evaluations.get(file, self.keep, evaluation::parse, diags)
    }

    /// A region's or year's narrative, or a translation; its problems go to `diags`.
    pub(crate) fn narrative(
        &mut self,
        file: &SourceFile,
        diags: &mut Diagnostics,
    ) -> Option<Narrative> {
        self.narratives.get(file, self.keep, front_matter::parse, diags)
    }

    /// A free page; its problems go to `diags`.
    pub(crate) fn page(&mut self, file: &SourceFile, diags: &mut Diagnostics) -> Option<Page> {
        self.pages.get(file, self.keep, front_matter::parse_page, diags)
    }

    /// For each region folder (name and files), its region and problems as
    /// assembled by an earlier load against the same `rubrics` (and whether
    /// all of them parsed) from the same files (the region shared, not copied); `None` for
    /// a folder to assemble again (every folder when the cache is not kept).
    pub(crate) fn remembered_folders(
        &mut self,
        rubrics: (&[Rubric], bool),
        folders: &[(&str, Vec<SourceFile>)],
    ) -> Vec<Option<(Assembled, Diagnostics)>> {
        let same_rubrics =
            self.folders.rubrics.as_ref().is_some_and(|(kept, complete)| {
                kept.as_slice() == rubrics.0 && *complete == rubrics.1
            });
        if !same_rubrics {
            let rubrics = Some((rubrics.0.to_vec(), rubrics.1));
            self.folders = Folders { rubrics, by_slug: HashMap::new() };
        }
        let by_slug = &self.folders.by_slug;
        folders
            .par_iter()
            .map(|(slug, files)| {
                let folder = by_slug.get(*slug).filter(|f| f.files == *files)?;
                Some((folder.value.clone(), Diagnostics(folder.diags.clone())))
            })
            .collect()
    }

    /// Remembers a folder's region and problems for [`Parsed::remembered_folders`]
    /// (when the cache is kept).
    pub(crate) fn remember_folder(
        &mut self,
        slug: &str,
        files: Vec<SourceFile>,
        value: &Assembled,
        diags: &Diagnostics,
    ) {
        if self.keep {
            let folder = Folder { files, value: value.clone(), diags: diags.0.clone() };
            self.folders.by_slug.insert(slug.to_string(), folder);
        }
    }

    /// Forgets the assembled folders whose names are not in `present`.
    pub(crate) fn forget_folders_but(&mut self, present: &HashSet<&str>) {
        self.folders.by_slug.retain(|slug, _| present.contains(slug.as_str()));
    }
}

/// One format's parses by path.
struct Table<T> {
    memos: HashMap<PathBuf, Memo<T>>,
}

impl<T> Default for Table<T> {
    fn default() -> Self {
        Table { memos: HashMap::new() }
    }
}

/// One file's parse: the text it was made from, the value and the problems.
struct Memo<T> {
    src: Arc<str>,
    value: Option<T>,
    diags: Vec<Diagnostic>,
}

impl<T: Clone + Send> Table<T> {
    fn is_fresh(&self, file: &SourceFile) -> bool {
        self.memos
            .get(&file.path)
            .is_some_and(|m| Arc::ptr_eq(&m.src, &file.src) || m.src == file.src)
    }

    fn refresh(&mut self, files: &[&SourceFile], parse: Parse<T>) {
        let stale: Vec<&SourceFile> = files.iter().copied().filter(|f| !self.is_fresh(f)).collect();
        // The memos hold every fresh file and the stale ones remembered with
        // an older text; holding no more than that, none is of a gone file,
        // and the memos need no walk (a whole-site walk on every `kla serve` save).
        let remembered_stale = stale.iter().filter(|f| self.memos.contains_key(&f.path)).count();
        if self.memos.len() != files.len() - stale.len() + remembered_stale {
            let present: HashSet<&Path> = files.iter().map(|f| f.path.as_path()).collect();
            self.memos.retain(|path, _| present.contains(path.as_path()));
        }
        let parsed: Vec<(PathBuf, Memo<T>)> = stale
            .par_iter()
            .map(|file| {
                let mut diags = Diagnostics::new();
                let value = parse(file, &mut diags);
                (file.path.clone(), Memo { src: Arc::clone(&file.src), value, diags: diags.0 })
            })
            .collect();
        self.memos.extend(parsed);
    }

    /// The remembered parse of `file` (parsed now if it was not refreshed).
    fn get(
        &mut self,
        file: &SourceFile,
        keep: bool,
        parse: Parse<T>,
        diags: &mut Diagnostics,
    ) -> Option<T> {
        if !self.is_fresh(file) {
            return parse(file, diags);
        }
        if keep {
            let memo = &self.memos[&file.path];
            diags.extend(Diagnostics(memo.diags.clone()));
            memo.value.clone()
        } else {
            let memo = self.memos.remove(&file.path)?;
            diags.extend(Diagnostics(memo.diags));
            memo.value
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::common::source_file;

    fn counting_parse(file: &SourceFile, diags: &mut Diagnostics) -> Option<String> {
        if file.src.is_empty() {
            diags.push(Diagnostic::file(&file.path, "empty"));
            return None;
        }
        Some(format!("parsed {}", file.src))
    }

    #[test]
    fn a_kept_parse_is_reused_until_the_text_changes_with_its_problems() {
        let mut table: Table<String> = Table::default();
        let (a, empty) = (source_file("a.md", "one"), source_file("b.md", ""));
        table.refresh(&[&a, &empty], counting_parse);
        let mut diags = Diagnostics::new();
        assert_eq!(table.get(&a, true, counting_parse, &mut diags), Some("parsed one".into()));
        assert_eq!(table.get(&empty, true, counting_parse, &mut diags), None);
        assert_eq!(table.get(&empty, true, counting_parse, &mut diags), None);
        assert_eq!(diags.len(), 2, "a remembered problem is reported on every load");
        let edited = source_file("a.md", "two");
        assert!(!table.is_fresh(&edited));
        table.refresh(&[&edited], counting_parse);
        assert!(table.is_fresh(&edited));
        assert!(!table.memos.contains_key(Path::new("b.md")), "a gone file is forgotten");
        let same_text = source_file("a.md", "two");
        assert!(table.is_fresh(&same_text), "equal text, not only the same allocation");
    }

    #[test]
    fn a_one_shot_parse_is_moved_out() {
        let mut table: Table<String> = Table::default();
        let a = source_file("a.md", "one");
        table.refresh(&[&a], counting_parse);
        let mut diags = Diagnostics::new();
        assert_eq!(table.get(&a, false, counting_parse, &mut diags), Some("parsed one".into()));
        assert!(table.memos.is_empty());
    }
}

//! Loading: walk a site folder, parse every file, validate across files.
//!
//! `load_site(root) -> Result<Site, Diagnostics>` is the only way to get a
//! [`Site`]. Every problem is collected (one run reports all of them) with its
//! file, line and column, the offending line and a hint; problems that need
//! not stop a build are warnings, carried on the site. Paths in diagnostics
//! are relative to `root`. A failed load also tells what still loaded
//! ([`Partial`]), so a build can run the later stages' checks over it.
//!
//! Layout of the module: `walk` is the only part that reads the disk;
//! `classify` maps paths to roles; `text` turns bytes into text (byte-order
//! marks, other encodings); one module per file format parses a text
//! (`site_config`, `rubric`, `region`, `evaluation`, `front_matter`);
//! `assemble` runs the checks across files and builds the [`Site`]; `memo`
//! remembers each file's parse. Scoring, Markdown rendering and link checking
//! are not done here.
//!
//! [`load_or_partial`] loads once (`kla build`, `kla check`); a [`Loader`] keeps the
//! texts and parses of the last load, so loading again (`kla serve`, on every
//! save) reads and parses only the files that changed and re-runs only the
//! checks across files. Both read and parse files in parallel.

mod announcement;
mod assemble;
mod boundaries;
mod classify;
mod common;
mod evaluation;
mod front_matter;
#[doc(hidden)]
pub mod fuzzing;
mod guard;
mod memo;
mod record;
mod region;
mod rubric;
mod site_config;
pub(crate) mod text;
mod translations;
mod walk;

use std::collections::HashSet;
use std::fmt;
use std::path::{Path, PathBuf};

use crate::diag::Diagnostics;
use crate::model::Site;

pub use assemble::Partial;
pub(crate) use common::did_you_mean;
pub use guard::MAX_FILE_BYTES;

/// The slugs kla's own routes keep for themselves, defined with the routes.
pub use crate::render::routes::{RESERVED_PAGE_SLUGS, RESERVED_REGION_SLUGS};

/// Checks one evaluation file's text as a load would (its own checks and
/// those against the rubric of its year): what `kla import` runs on every
/// file it is about to write, so that an import never leaves a site that
/// does not load.
pub(crate) fn evaluation_problems(
    path: &Path,
    text: &str,
    rubrics: &[crate::model::Rubric],
) -> Diagnostics {
    let mut diags = Diagnostics::new();
    let file = common::source_file(path, text);
    if let Some(parsed) = evaluation::parse(&file, &mut diags) {
        evaluation::resolve(parsed, rubrics, true, &mut diags);
    }
    diags
}

/// Reads and validates the site rooted at `root`.
///
/// On failure, returns every problem found, sorted by file and position.
/// (`kla build` uses [`load_or_partial`], to check what loaded too.)
pub fn load_site(root: &Path) -> Result<Site, Diagnostics> {
    load_or_partial(root).map_err(|failure| failure.problems)
}

/// Reads and validates the site rooted at `root` like [`load_site`]; on
/// failure, also returns what loaded, so that the checks of later stages can
/// run over it and one run lists every problem.
pub fn load_or_partial(root: &Path) -> Result<Site, LoadFailure> {
    let mut diags = Diagnostics::new();
    let sources = walk::read_sources(root, None, &HashSet::new(), &mut diags);
    let assembled = assemble::assemble(sources, &mut memo::Parsed::default(), &mut diags);
    with_warnings(assembled, diags)
}

/// A load that found errors.
#[derive(Debug)]
pub struct LoadFailure {
    /// Every problem found (the warnings too), sorted by file and position.
    pub problems: Diagnostics,
    /// What loaded all the same.
    pub partial: Box<Partial>,
}

impl fmt::Display for LoadFailure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.problems.fmt(f)
    }
}

impl From<LoadFailure> for Diagnostics {
    fn from(failure: LoadFailure) -> Self {
        failure.problems
    }
}

/// Loads the site as `kla import` of `year` sees it: a region's `<year>.md`
/// narrative waiting for the `<year>.toml` the import is about to bring is
/// not yet an error (every other problem is), so the import that completes
/// the site is not refused for the very gap it fills.
pub fn load_site_for_import(root: &Path, year: u16) -> Result<Site, Diagnostics> {
    let mut diags = Diagnostics::new();
    let mut sources = walk::read_sources(root, None, &HashSet::new(), &mut diags);
    for files in sources.regions.values_mut() {
        if !files.evaluations.contains_key(&year) {
            files.year_narratives.remove(&year);
        }
    }
    let site = assemble::assemble(sources, &mut memo::Parsed::default(), &mut diags);
    with_warnings(site, diags).map_err(|failure| failure.problems)
}

/// The site carrying the load's warnings, or every problem (warnings
/// included) with what loaded when there are errors; sorted by file and position.
fn with_warnings(
    assembled: Result<Site, Box<Partial>>,
    mut diags: Diagnostics,
) -> Result<Site, LoadFailure> {
    diags.sort();
    match assembled {
        Ok(mut site) => {
            site.warnings = diags;
            Ok(site)
        }
        Err(partial) => Err(LoadFailure { problems: diags, partial }),
    }
}

/// Loads the same site again and again, cheaply: remembers each file's text
/// (with its length and time of change) and parse, so a load reads only files
/// that changed and parses only files whose text changed; when every changed
/// path is a file the last walk found, still a file, it does not walk the
/// folders at all. The result is what [`load_site`] would return, provided
/// each load is told every path changed since the last (as `kla serve`'s
/// watcher does); an empty list always walks.
pub struct Loader {
    root: PathBuf,
    texts: walk::Texts,
    parsed: memo::Parsed,
}

impl Loader {
    /// A loader for the site rooted at `root`; nothing is read yet.
    pub fn new(root: &Path) -> Self {
        Loader {
            root: root.to_path_buf(),
            texts: walk::Texts::default(),
            parsed: memo::Parsed::kept(),
        }
    }

    /// Reads and validates the site. `changed` (paths relative to the root)
    /// are read again even when their length and time of change look the same,
    /// as an edit within the file system's clock tick can leave them so; when
    /// they are all edits of known files, nothing else is looked at.
    pub fn load(&mut self, changed: &[PathBuf]) -> Result<Site, LoadFailure> {
        let changed: HashSet<PathBuf> = changed.iter().cloned().collect();
        let mut diags = Diagnostics::new();
        let sources = match walk::reread_sources(&self.root, &mut self.texts, &changed) {
            Some(sources) => sources,
            None => walk::read_sources(&self.root, Some(&mut self.texts), &changed, &mut diags),
        };
        let assembled = assemble::assemble(sources, &mut self.parsed, &mut diags);
        with_warnings(assembled, diags)
    }
}

#[cfg(test)]
mod tests {
    use std::fs;

    use super::*;
    use crate::model::IndicatorInput;

    const RUBRIC: &str = "id = \"kla-24\"\ntitle = \"KLA\"\nfrom_year = 2019\nmax_score = 100\n\
        [[tiers]]\nid = \"utama\"\nname = \"Utama\"\nmin_score = 80\n\
        [[clusters]]\nid = \"k\"\nname = \"K\"\n\
        [[clusters.indicators]]\nid = \"akta\"\nname = \"Akta\"\nmax_points = 100\n\
        scale = { unit = \"%\", zero_at = 50, full_at = 100 }\n";

    const REGION: &str = "name = \"Kota A\"\nkind = \"kota\"\nprovince = \"P\"\ncode = \"64.71\"\n";

    fn write_site(files: &[(&str, &str)]) -> tempfile::TempDir {
        let dir = tempfile::tempdir().expect("a temp dir");
        for (path, text) in files {
            let path = dir.path().join(path);
            fs::create_dir_all(path.parent().expect("a parent")).expect("create folders");
            fs::write(path, text).expect("write a fixture file");
        }
        dir
    }

    #[test]
    fn loads_a_site_folder_ignoring_hidden_files_and_backups() {
        let dir = write_site(&[
            ("site.toml", "title = \"KLA\"\nbase_url = \"https://kla.id\"\n"),
            ("content/rubrics/kla-24.toml", RUBRIC),
            ("content/regions/kota-a/region.toml", REGION),
            ("content/regions/kota-a/2025.toml", "year = 2025\n[values]\nakta = 97.2\n"),
            ("content/regions/kota-a/2025.toml~", "garbage ="),
            ("content/regions/kota-a/.2025.toml.swp", "garbage ="),
            ("content/.hidden/notes.txt", "x"),
            ("content/pages/tentang.md", "+++\ntitle = \"Tentang\"\n+++\nIsi\n"),
            ("themes/default/templates/base.html", "not content: not loaded"),
        ]);
        let site = load_site(dir.path()).unwrap_or_else(|d| panic!("{d}"));
        assert_eq!(site.config.base_url, "https://kla.id/");
        let region = site.region("kota-a").expect("the region");
        assert_eq!(region.file.path, Path::new("content/regions/kota-a/region.toml"));
        assert_eq!(region.evaluations.len(), 1);
        assert!(region.evaluations[0].has_data);
        assert_eq!(site.pages[0].narrative.body(), "Isi\n");
    }

    #[test]
    fn reports_all_problems_of_a_site_folder_in_one_run_with_relative_paths() {
        let dir = write_site(&[
            ("content/rubrics/kla-24.toml", &RUBRIC.replace("max_score = 100", "max_score = 90")),
            ("content/regions/kota-a/region.toml", REGION),
            (
                "content/regions/kota-a/2025.toml",
                "year = 2025\nofficial = \"utma\"\nsource = \"https://a.id/x\"\n",
            ),
            ("content/regions/kota-a/notes.txt", "catatan"),
            ("content/regions/kota-b/region.toml", REGION),
            ("content/regions/kota-b/2025.toml", "year = 2025\n[points]\nakta = 101\n"),
            ("content/regions/kota-c/index.md", "+++\ntitle = \"C\"\n"),
            ("content/pages/404.md", "+++\ntitle = \"x\"\n+++\n"),
        ]);
        let problems = load_site(dir.path()).expect_err("a broken site");
        let locations: Vec<String> = problems.iter().map(|d| d.location()).collect();
        assert_eq!(
            locations,
            [
                "content/pages/404.md:1:1",
                "content/regions/kota-a/2025.toml:2:12",
                "content/regions/kota-a/notes.txt",
                "content/regions/kota-b/2025.toml:3:8",
                "content/regions/kota-b/region.toml:4:8",
                "content/regions/kota-c",
                "content/regions/kota-c/index.md:1:1",
                "content/rubrics/kla-24.toml:4:13",
                "site.toml",
            ]
        );
        let text = problems.to_string();
        let root = dir.path().to_string_lossy().into_owned();
        assert!(!text.contains(&root), "messages leak the machine's path:\n{text}");
        assert!(text.contains("9 problems found"), "{text}");
        assert!(text.contains("unknown file"), "{text}");
    }

    #[test]
    fn a_failed_load_tells_what_still_loaded() {
        let dir = write_site(&[
            ("site.toml", "title = \"KLA\"\nbase_url = \"/\"\nlanguages = [\"id\", \"en\"]\n"),
            ("content/rubrics/kla-24.toml", RUBRIC),
            ("content/regions/kota-a/region.toml", REGION),
            ("content/regions/kota-a/2025.toml", "year = 2025\n[points]\nakta = \"90\"\n"),
            (
                "content/regions/kota-a/2025.md",
                "+++\ntitle = \"2025\"\n+++\n[x](@/regions/kota-b)\n",
            ),
            ("content/regions/kota-a/index.en.md", "Story\n"),
            ("content/regions/kota-a/index.md", "Cerita\n"),
            ("content/regions/kota-b/region.toml", "name = 3\n"),
            ("content/pages/tentang.md", "+++\ntitle = 1\n+++\n"),
            ("content/pages/data-lama.md", "+++\ntitle = \"Data\"\n+++\nIsi\n"),
        ]);
        let failure = load_or_partial(dir.path()).expect_err("a broken site");
        assert!(failure.problems.has_errors());
        let partial = failure.partial;
        assert_eq!(partial.config.map(|c| c.languages.len()), Some(2));
        let mut paths: Vec<String> =
            partial.narratives.iter().map(|n| n.file.path.to_string_lossy().into_owned()).collect();
        paths.sort();
        assert_eq!(
            paths,
            [
                "content/pages/data-lama.md",
                "content/regions/kota-a/2025.md",
                "content/regions/kota-a/index.en.md",
                "content/regions/kota-a/index.md",
            ],
            "every narrative whose front matter parsed, even for an evaluation with an error"
        );
        assert_eq!(partial.regions.iter().collect::<Vec<_>>(), ["kota-a", "kota-b"]);
        assert_eq!(partial.pages.iter().collect::<Vec<_>>(), ["data-lama", "tentang"]);
    }

    #[cfg(unix)]
    #[test]
    fn refuses_symlinks_out_of_the_site_folder_and_symlinked_folders() {
        let outside = write_site(&[("secret.toml", "name = \"x\"\n"), ("dir/a.md", "x")]);
        let dir = write_site(&[
            ("site.toml", "title = \"KLA\"\nbase_url = \"https://kla.id\"\n"),
            ("content/rubrics/kla-24.toml", RUBRIC),
            ("content/regions/kota-a/2025.toml", "year = 2025\n"),
        ]);
        let link = |target: &Path, at: &str| {
            std::os::unix::fs::symlink(target, dir.path().join(at)).expect("a symlink")
        };
        link(&outside.path().join("secret.toml"), "content/regions/kota-a/region.toml");
        link(&outside.path().join("dir"), "content/pages");
        let problems = load_site(dir.path()).expect_err("links out are refused");
        let shown: Vec<String> =
            problems.iter().map(|d| format!("{} {}", d.location(), d.message)).collect();
        assert_eq!(
            shown,
            [
                "content/pages symlink points outside the site folder",
                "content/regions/kota-a region folder has no region.toml",
                "content/regions/kota-a/region.toml symlink points outside the site folder",
            ]
        );
        assert!(!problems.to_string().contains(&*outside.path().to_string_lossy()));
    }

    #[cfg(unix)]
    #[test]
    fn follows_a_symlink_to_a_file_inside_the_site_folder() {
        let dir = write_site(&[
            ("site.toml", "title = \"KLA\"\nbase_url = \"https://kla.id\"\n"),
            ("content/rubrics/kla-24.toml", RUBRIC),
            ("shared/region.toml", REGION),
            ("content/regions/kota-a/2025.toml", "year = 2025\n[values]\nakta = 97.2\n"),
        ]);
        let target = dir.path().join("shared/region.toml");
        std::os::unix::fs::symlink(target, dir.path().join("content/regions/kota-a/region.toml"))
            .expect("a symlink");
        let site = load_site(dir.path()).unwrap_or_else(|d| panic!("{d}"));
        assert_eq!(site.regions[0].name, "Kota A");
    }

    #[test]
    fn a_reload_naming_only_edits_of_known_files_reads_just_those() {
        let dir = write_site(&[
            ("site.toml", "title = \"KLA\"\nbase_url = \"https://kla.id\"\n"),
            ("content/rubrics/kla-24.toml", RUBRIC),
            ("content/regions/kota-a/region.toml", REGION),
            ("content/regions/kota-a/2025.toml", "year = 2025\n[values]\nakta = 97.2\n"),
        ]);
        let mut loader = Loader::new(dir.path());
        loader.load(&[]).unwrap_or_else(|d| panic!("{d}"));
        let year = "content/regions/kota-a/2025.toml";
        fs::write(dir.path().join(year), "year = 2025\n[values]\nakta = 88\n").unwrap();
        // Not named, so not seen: no walk is made for an edit of a known file.
        fs::write(dir.path().join("content/regions/kota-a/notes.txt"), "x").unwrap();
        let site = loader.load(&[PathBuf::from(year)]).unwrap_or_else(|d| panic!("{d}"));
        let akta = &site.regions[0].evaluations[0].inputs["akta"];
        assert!(matches!(akta, IndicatorInput::Value(m) if m.value == 88.0), "{akta:?}");
        // A new path walks the folders, and so finds the unknown file.
        let notes = PathBuf::from("content/regions/kota-a/notes.txt");
        let problems = loader.load(std::slice::from_ref(&notes)).expect_err("an unknown file");
        assert!(problems.to_string().contains("unknown file"), "{problems}");
        // Removed and named: walked again, and the site loads.
        fs::remove_file(dir.path().join(&notes)).unwrap();
        loader.load(&[notes]).unwrap_or_else(|d| panic!("{d}"));
        // A named file that became a folder walks too.
        fs::remove_file(dir.path().join(year)).unwrap();
        fs::create_dir(dir.path().join(year)).unwrap();
        let site = loader.load(&[PathBuf::from(year)]).unwrap_or_else(|d| panic!("{d}"));
        assert!(site.regions[0].evaluations.is_empty(), "the evaluation is gone");
    }

    #[test]
    fn refuses_a_file_over_the_size_limit_without_reading_it() {
        let dir = write_site(&[
            ("site.toml", "title = \"KLA\"\nbase_url = \"https://kla.id\"\n"),
            ("content/pages/besar.md", "+++\ntitle = \"B\"\n+++\n"),
        ]);
        let big = fs::File::options()
            .append(true)
            .open(dir.path().join("content/pages/besar.md"))
            .expect("open the page");
        // A sparse file: its length says 10 MB + 1 byte without writing them.
        big.set_len(MAX_FILE_BYTES + 1).expect("grow the file");
        let problems = load_site(dir.path()).expect_err("a too large file");
        let text = problems.to_string();
        assert!(text.contains("content/pages/besar.md"), "{text}");
        assert!(text.contains("file is too large"), "{text}");
        assert!(text.contains("the limit is 10 MB"), "{text}");
    }
}

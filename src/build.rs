//! Composition of the stages: load, score, render, write.
//!
//! This is the only module that knows the order of the pipeline; each stage
//! takes the previous stage's value, so the order cannot be got wrong.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressStyle};

use crate::diag::Diagnostics;
use crate::model::Site;
use crate::render::{self, OutputFile, Theme};
use crate::score::Scored;
use crate::{load, markdown, output, score};

/// What to build and where.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    /// The site folder (holding `site.toml`).
    pub root: PathBuf,
    /// Where the built site goes; replaced whole on success only.
    pub output: PathBuf,
    /// Overrides `base_url` from `site.toml` (for previews and local testing).
    pub base_url: Option<String>,
    /// Replace an output folder that holds files kla did not write (never the sources).
    pub force: bool,
}

/// What a successful build or check produced, for the one-line summary.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BuildReport {
    /// Number of regions in the site.
    pub regions: usize,
    /// Number of evaluations (region-years).
    pub evaluations: usize,
    /// Number of HTML pages rendered.
    pub pages: usize,
    /// Number of files of all kinds.
    pub files: usize,
    /// Total size of all files in bytes.
    pub bytes: u64,
    /// Wall time of the whole run.
    pub elapsed: Duration,
    /// Problems that did not stop the build (the loader's, the theme's
    /// and the menu's), to print before the summary.
    pub warnings: Diagnostics,
}

/// Why a build failed: the sources are wrong, or the machine failed us.
#[derive(Debug)]
pub enum BuildError {
    /// Problems in the author's files, all of them, each with a location.
    Invalid(Diagnostics),
    /// An environment failure (I/O, permissions): the cause chain says what.
    Failed(anyhow::Error),
}

impl From<Diagnostics> for BuildError {
    fn from(d: Diagnostics) -> Self {
        BuildError::Invalid(d)
    }
}

impl From<anyhow::Error> for BuildError {
    fn from(e: anyhow::Error) -> Self {
        BuildError::Failed(e)
    }
}

/// Builds the site into `opts.output`. On any error the previous output is left as it was.
///
/// Files are written into a staging folder as they are rendered (so the site
/// is never held in memory whole); only a render without errors is swapped in.
pub fn build(opts: &BuildOptions) -> Result<BuildReport, BuildError> {
    let started = Instant::now();
    check_before_writing(opts)?;
    let spinner = stage_spinner();
    let (scored, theme) =
        load_and_score(&opts.root, opts.base_url.as_deref(), &|s| spinner.set_message(s))?;
    spinner.set_message("rendering and writing");
    let staging = output::Staging::begin(&opts.output)?;
    let totals = render::render_into(&scored, &theme, None, &staging)
        .map_err(|problems| with_warnings(problems, &scored.site, &theme))?;
    spinner.set_message("publishing");
    staging.commit()?;
    spinner.finish_and_clear();
    let report = report(&scored, &theme, &totals, started);
    drop_in_background((scored, theme, totals));
    Ok(report)
}

/// The checks a build makes before it touches anything: `--base-url` is a
/// base URL, and the output folder is one kla may replace. Shared with
/// `kla build --watch`, which makes them once at start.
pub(crate) fn check_before_writing(opts: &BuildOptions) -> Result<(), BuildError> {
    if let Some(url) = &opts.base_url {
        crate::model::web::base_url(url).map_err(|why| {
            anyhow::anyhow!("--base-url {why}; write e.g. `https://preview.example.id/`")
        })?;
    }
    output::check_output_location(&opts.root, &opts.output, opts.force)
        .map_err(anyhow::Error::from)?;
    Ok(())
}

/// Frees `value` on a thread of its own: the loaded site, its scores and the
/// theme are hundreds of thousands of small allocations, and freeing them one
/// by one delayed the exit after the swap (bench/README.md, "Figures behind
/// the code's comments"), time the published output does not need (the `kla`
/// binary exits without waiting for the thread).
/// Without a thread to spare, the value is freed right here.
fn drop_in_background<T: Send + 'static>(value: T) {
    let _ = std::thread::Builder::new().spawn(move || drop(value));
}

/// Runs every stage except writing: the same validation as a build, no files touched.
pub fn check(root: &Path) -> Result<BuildReport, BuildError> {
    let started = Instant::now();
    let spinner = stage_spinner();
    let (scored, theme) = load_and_score(root, None, &|s| spinner.set_message(s))?;
    spinner.set_message("rendering");
    // A discarding sink: everything but the search index, which writes files
    // from records, checks nothing of the sources, and is the costliest step
    // of a national build.
    let totals = render::render_into(&scored, &theme, None, &render::Discard)
        .map_err(|problems| with_warnings(problems, &scored.site, &theme))?;
    spinner.finish_and_clear();
    Ok(report(&scored, &theme, &totals, started))
}

/// A spinner on stderr naming the stage a build is in: a village-scale site
/// takes minutes, and a silent terminal looks hung. indicatif draws it only
/// when stderr is a terminal, so scripts and CI logs stay clean.
pub(crate) fn stage_spinner() -> ProgressBar {
    let spinner = ProgressBar::new_spinner();
    if let Ok(style) = ProgressStyle::with_template("{spinner} {msg} ({elapsed})") {
        spinner.set_style(style);
    }
    spinner.enable_steady_tick(Duration::from_millis(120));
    spinner
}

/// Load, score and render in memory (for tools and tests that want the files).
pub fn render_site(
    root: &Path,
    base_url: Option<&str>,
) -> Result<(Vec<OutputFile>, BuildReport), BuildError> {
    let started = Instant::now();
    let (scored, theme) = load_and_score(root, base_url, &|_| {})?;
    let files = render::Collect::default();
    let totals = render::render_into(&scored, &theme, None, &files)
        .map_err(|problems| with_warnings(problems, &scored.site, &theme))?;
    Ok((files.into_sorted(), report(&scored, &theme, &totals, started)))
}

/// Loads the site and its theme and scores it, telling `stage` the name of each stage as it starts.
fn load_and_score(
    root: &Path,
    base_url: Option<&str>,
    stage: &dyn Fn(&'static str),
) -> Result<(Scored, Theme), BuildError> {
    stage("loading");
    let mut site = load::load_or_partial(root).map_err(|failure| every_problem(root, failure))?;
    if let Some(url) = base_url {
        site.config.base_url =
            crate::model::web::base_url(url).map_err(|why| anyhow::anyhow!("--base-url {why}"))?;
    }
    let theme = theme_of(root, &site)?;
    stage("scoring");
    Ok((score::score(site), theme))
}

/// Every problem of a site whose load failed: the loader's, then those the
/// later stages still find in what loaded (broken internal links in the
/// narratives that parsed; the theme's templates, when `site.toml` loaded),
/// so that one run lists them all; sorted, each once.
pub(crate) fn every_problem(root: &Path, failure: load::LoadFailure) -> Diagnostics {
    let load::LoadFailure { mut problems, partial } = failure;
    problems.extend(markdown::check_links(&partial.narratives, &partial.regions, &partial.pages));
    if let Some(config) = &partial.config {
        match Theme::for_site(root, config) {
            Ok(theme) => problems.extend(theme.warnings),
            Err(theme_problems) => problems.extend(theme_problems),
        }
    }
    problems.sort_unique();
    problems
}

/// The theme of a loaded site; when the theme has errors, every problem
/// found so far: the theme's, the load's warnings and the broken internal
/// links a render would have found, sorted, each once.
pub(crate) fn theme_of(root: &Path, site: &Site) -> Result<Theme, Diagnostics> {
    Theme::for_site(root, &site.config).map_err(|mut problems| {
        problems.extend(site.warnings.clone());
        problems.extend(markdown::check_site_links(site));
        problems.sort_unique();
        problems
    })
}

/// What did not stop a build of `site` with `theme`: the load's warnings,
/// the theme's and the menu's (a page without a translation), sorted.
pub(crate) fn warnings(site: &Site, theme: &Theme) -> Diagnostics {
    let mut warnings = site.warnings.clone();
    warnings.extend(theme.warnings.clone());
    warnings.extend(crate::render::untranslated_nav(site));
    warnings.sort_unique();
    warnings
}

/// A render's problems with the warnings of the build, so that a failed
/// build lists everything it found.
fn with_warnings(mut problems: Diagnostics, site: &Site, theme: &Theme) -> Diagnostics {
    problems.extend(warnings(site, theme));
    problems.sort_unique();
    problems
}

/// The summary of a render.
fn report(
    scored: &Scored,
    theme: &Theme,
    totals: &render::Totals,
    started: Instant,
) -> BuildReport {
    BuildReport {
        regions: scored.site.regions.len(),
        evaluations: scored.evaluations.len(),
        pages: totals.pages,
        files: totals.files,
        bytes: totals.bytes,
        elapsed: started.elapsed(),
        warnings: warnings(&scored.site, theme),
    }
}

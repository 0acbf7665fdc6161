//! Composition of the stages: load, score, render, write.
//!
//! This is the only module that knows the order of the pipeline; each stage
//! takes the previous stage's value, so the order cannot be got wrong.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressStyle};

use crate::diag::Diagnostics;
use crate::render::{self, OutputFile, Theme};
use crate::{load, output, score};

/// What to build and where.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    /// The site folder (holding `site.toml`).
    pub root: PathBuf,
    /// Where the built site goes; replaced whole on success only.
    pub output: PathBuf,
    /// Overrides `base_url` from `site.toml` (for previews and local testing).
    pub base_url: Option<String>,
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
pub fn build(opts: &BuildOptions) -> Result<BuildReport, BuildError> {
    let started = Instant::now();
    output::check_output_location(&opts.root, &opts.output)?;
    let spinner = stage_spinner();
    let (files, mut report) =
        render_site_staged(&opts.root, opts.base_url.as_deref(), &|s| spinner.set_message(s))?;
    spinner.set_message("writing");
    output::write_site(&files, &opts.output)?;
    spinner.finish_and_clear();
    report.elapsed = started.elapsed();
    Ok(report)
}

/// Runs every stage except writing: the same validation as a build, no files touched.
pub fn check(root: &Path) -> Result<BuildReport, BuildError> {
    let started = Instant::now();
    let spinner = stage_spinner();
    let (_, mut report) = render_site_staged(root, None, &|s| spinner.set_message(s))?;
    spinner.finish_and_clear();
    report.elapsed = started.elapsed();
    Ok(report)
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

/// Load, score and render in memory.
pub fn render_site(
    root: &Path,
    base_url: Option<&str>,
) -> Result<(Vec<OutputFile>, BuildReport), BuildError> {
    render_site_staged(root, base_url, &|_| {})
}

/// [`render_site`], telling `stage` the name of each stage as it starts.
fn render_site_staged(
    root: &Path,
    base_url: Option<&str>,
    stage: &dyn Fn(&'static str),
) -> Result<(Vec<OutputFile>, BuildReport), BuildError> {
    stage("loading");
    let mut site = load::load_site(root)?;
    if let Some(url) = base_url {
        site.config.base_url = normalise_base_url(url);
    }
    let theme = Theme::load(root, &site.config.theme)?;
    stage("scoring");
    let scored = score::score(site);
    stage("rendering");
    let files = render::render(&scored, &theme)?;
    let report = BuildReport {
        regions: scored.site.regions.len(),
        evaluations: scored.evaluations.len(),
        pages: files.iter().filter(|f| f.path.ends_with(".html")).count(),
        files: files.len(),
        bytes: files.iter().map(|f| f.body.len() as u64).sum(),
        elapsed: Duration::ZERO,
    };
    Ok((files, report))
}

/// `base_url` always ends in `/`, so routes can be appended.
fn normalise_base_url(url: &str) -> String {
    format!("{}/", url.trim_end_matches('/'))
}

//! Building the served site in memory, fully or incrementally.
//!
//! [`Rebuilder`] keeps the last good build's theme and a [`Memo`] of it and,
//! for a batch of changes, redoes only what [`plan::scope`] says: a region
//! edit re-loads (reading and parsing only the changed files, through a
//! [`Loader`]), re-scores the site from the last scores and renders it with
//! the memo, which keeps every page the edit cannot have changed; anything
//! else (site config, rubrics, templates, ...) loads the theme again and
//! renders every page. Either way the render is `render::render_into`, the
//! one a build runs. It writes nothing to disk and knows nothing of HTTP.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, PoisonError};

use bytes::Bytes;

use super::plan::{self, Scope};
use super::watch;
use crate::build::{self, BuildError};
use crate::diag::Diagnostics;
use crate::load::Loader;
use crate::model::Site;
use crate::render::{self, Files, Memo, OutputFile, Sink, Theme};
use crate::score::{self, Scored};

/// What one rebuild produced: the new site and how much work it took.
#[derive(Debug)]
pub struct Rebuilt {
    /// The complete new site.
    pub files: Arc<Files>,
    /// How many pages (HTML pages and share images) were drawn; the others
    /// were kept from the last build.
    pub pages_rendered: usize,
    /// How many pages the site has.
    pub pages_total: usize,
    /// Output paths added, removed or with different bytes, sorted.
    pub changed: Vec<String>,
    /// What the load and the theme found worth a look, though not wrong
    /// enough to stop the build (printed, never shown as the error overlay).
    pub warnings: Diagnostics,
}

/// Builds the site in memory and keeps the last good build for the next change.
pub struct Rebuilder {
    root: PathBuf,
    base_url: String,
    loader: Loader,
    /// The last good build's theme and page count; `None` before the first
    /// good build and after a failed one.
    good: Option<(Theme, usize)>,
    memo: Memo,
}

impl Rebuilder {
    /// A rebuilder for the site at `root`, whose pages link to `base_url`
    /// (the server's own address in serve mode).
    pub fn new(root: &Path, base_url: &str) -> Self {
        let base_url = format!("{}/", base_url.trim_end_matches('/'));
        Rebuilder {
            root: root.to_path_buf(),
            base_url,
            loader: Loader::new(root),
            good: None,
            memo: Memo::new(),
        }
    }

    /// Rebuilds after the files at `changed` (relative to the root) changed:
    /// incrementally when only region folders changed, else fully.
    pub fn apply(&mut self, changed: &[PathBuf]) -> Result<Rebuilt, BuildError> {
        let kinds: Vec<watch::ChangeKind> = changed.iter().map(|p| watch::classify(p)).collect();
        self.rebuild(&plan::scope(&kinds), changed)
    }

    /// Builds everything.
    pub fn full(&mut self) -> Result<Rebuilt, BuildError> {
        self.full_after(&[])
    }

    /// Builds everything with a freshly loaded theme; the files at `changed`
    /// are read again whatever their metadata says.
    fn full_after(&mut self, changed: &[PathBuf]) -> Result<Rebuilt, BuildError> {
        let site = self.load(changed)?;
        let theme = build::theme_of(&self.root, &site)?;
        self.memo.theme_changed();
        self.render(score::score(site), theme)
    }

    /// Rebuilds what `scope` invalidates after the files at `changed` changed;
    /// `Scope::Nothing` still rebuilds when there is no good build yet.
    pub(crate) fn rebuild(
        &mut self,
        scope: &Scope,
        changed: &[PathBuf],
    ) -> Result<Rebuilt, BuildError> {
        let result = match (scope, self.good.take()) {
            (Scope::Nothing, Some(good)) => Ok(self.unchanged(good)),
            (Scope::Regions(_), Some((theme, _))) => self.regions(changed, theme),
            _ => self.full_after(changed),
        };
        if result.is_err() {
            // The next change may not name the file that broke this build.
            self.good = None;
            self.memo.forget();
        }
        result
    }

    fn load(&mut self, changed: &[PathBuf]) -> Result<Site, BuildError> {
        let mut site =
            self.loader.load(changed).map_err(|f| build::every_problem(&self.root, f))?;
        site.config.base_url = self.base_url.clone();
        Ok(site)
    }

    fn unchanged(&mut self, (theme, pages_total): (Theme, usize)) -> Rebuilt {
        let files = self.memo.last_files().cloned().unwrap_or_default();
        let warnings = self
            .memo
            .last_scored()
            .map(|scored| build::warnings(&scored.site, &theme))
            .unwrap_or_default();
        self.good = Some((theme, pages_total));
        Rebuilt { files, pages_rendered: 0, pages_total, changed: Vec::new(), warnings }
    }

    /// Re-loads the changed regions and renders with the memo, whose page
    /// filter keeps every page the edit cannot have changed.
    fn regions(&mut self, changed: &[PathBuf], theme: Theme) -> Result<Rebuilt, BuildError> {
        let site = self.load(changed)?;
        let scored = match self.memo.last_scored() {
            Some(last) => score::score_since(site, last),
            None => score::score(site),
        };
        self.render(scored, theme)
    }

    /// Renders `scored` with the memo and keeps the result as the last good build.
    fn render(&mut self, scored: Scored, theme: Theme) -> Result<Rebuilt, BuildError> {
        let sink = InMemory::default();
        let totals = render::render_into(&scored, &theme, Some(&self.memo), &sink)?;
        let files = sink.0.into_inner().unwrap_or_else(PoisonError::into_inner);
        let changed = match self.memo.last_files() {
            Some(old) => changed_paths(old, &files),
            None => files.keys().cloned().collect(),
        };
        let files = Arc::new(files);
        let pages_total = totals.page_paths.len();
        let pages_kept = totals.pages_kept;
        let rebuilt = Rebuilt {
            files: Arc::clone(&files),
            pages_rendered: pages_total - pages_kept,
            pages_total,
            changed,
            warnings: build::warnings(&scored.site, &theme),
        };
        self.memo.remember(scored, files, totals.page_paths);
        self.good = Some((theme, pages_total));
        Ok(rebuilt)
    }
}

/// The sink of a rebuild: every file in memory, a kept one sharing the last
/// build's buffer.
#[derive(Default)]
struct InMemory(Mutex<Files>);

impl Sink for InMemory {
    fn put(&self, file: OutputFile) {
        let mut files = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        files.insert(file.path, Bytes::from(file.body));
    }

    fn put_shared(&self, path: &str, body: &Bytes) {
        let mut files = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        files.insert(path.to_string(), body.clone());
    }
}

/// Paths whose bytes differ between two builds, or that only one has.
fn changed_paths(old: &Files, new: &Files) -> Vec<String> {
    let mut changed: Vec<String> = new
        .iter()
        .filter(|(path, body)| !old.get(*path).is_some_and(|before| same_bytes(before, body)))
        .map(|(path, _)| path.clone())
        .collect();
    changed.extend(old.keys().filter(|p| !new.contains_key(*p)).cloned());
    changed.sort();
    changed
}

/// Whether two files have the same bytes; a file kept from the last build
/// shares its buffer, which spares comparing it byte by byte.
fn same_bytes(a: &Bytes, b: &Bytes) -> bool {
    (a.as_ptr() == b.as_ptr() && a.len() == b.len()) || a == b
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn changed_paths_lists_edits_additions_and_removals() {
        let files = |list: &[(&str, &str)]| -> Files {
            list.iter().map(|(p, b)| (p.to_string(), Bytes::from(b.to_string()))).collect()
        };
        let old = files(&[("a", "1"), ("b", "2"), ("c", "3")]);
        let new = files(&[("a", "1"), ("b", "two"), ("d", "4")]);
        assert_eq!(changed_paths(&old, &new), ["b", "c", "d"]);
    }
}

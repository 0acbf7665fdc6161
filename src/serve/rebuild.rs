//! Building the served site in memory, fully or incrementally.
//!
//! [`Rebuilder`] keeps the last good build (scored site, theme, every output
//! file) and, for a batch of changes, redoes only what [`plan`](super::plan)
//! says: a region edit re-loads (reading and parsing only the changed files,
//! through a [`Loader`]) and re-scores the site, then renders only the
//! pages the [`PageFilter`] accepts and takes every other page from the last
//! build. When the filter cannot vouch for the result (regions or evaluations
//! added or removed, the set of pages changed), or after a failed build, it
//! renders everything. It writes nothing to disk and knows nothing of HTTP.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use bytes::Bytes;

use super::plan::{self, PageFilter, Scope};
use super::watch;
use crate::build::{self, BuildError};
use crate::diag::Diagnostics;
use crate::load::Loader;
use crate::model::Site;
use crate::render::data::OpenData;
use crate::render::{self, Theme};
use crate::score::{self, Scored};

/// Every file of the built site by output path (e.g. `wilayah/kota-a/index.html`).
pub type Files = BTreeMap<String, Bytes>;

/// The last good build.
struct Good {
    theme: Theme,
    page_paths: Vec<String>,
    kept: Kept,
}

/// What the next build takes from the last good one: its scored site and
/// open data (to reuse the pieces whose values did not change) and its files
/// (to keep the pages not rendered again and to tell what changed).
struct Kept {
    scored: Scored,
    data: OpenData,
    files: Arc<Files>,
}

/// What one rebuild produced: the new site and how much work it took.
#[derive(Debug)]
pub struct Rebuilt {
    /// The complete new site.
    pub files: Arc<Files>,
    /// How many HTML pages were rendered (the others were kept from the last build).
    pub pages_rendered: usize,
    /// How many HTML pages the site has.
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
    last: Option<Good>,
}

impl Rebuilder {
    /// A rebuilder for the site at `root`, whose pages link to `base_url`
    /// (the server's own address in serve mode).
    pub fn new(root: &Path, base_url: &str) -> Self {
        let base_url = format!("{}/", base_url.trim_end_matches('/'));
        Rebuilder { root: root.to_path_buf(), base_url, loader: Loader::new(root), last: None }
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

    /// Builds everything; the files at `changed` are read again whatever their metadata says.
    fn full_after(&mut self, changed: &[PathBuf]) -> Result<Rebuilt, BuildError> {
        let site = self.load(changed)?;
        let theme = build::theme_of(&self.root, &site)?.remembering();
        let previous = self.last.take().map(|good| good.kept);
        self.render_all(score::score(site), theme, previous)
    }

    /// Rebuilds what `scope` invalidates after the files at `changed` changed;
    /// `Scope::Nothing` still rebuilds when there is no good build yet.
    pub(crate) fn rebuild(
        &mut self,
        scope: &Scope,
        changed: &[PathBuf],
    ) -> Result<Rebuilt, BuildError> {
        let result = match scope {
            Scope::Regions(_) if self.last.is_some() => self.regions(changed),
            Scope::Nothing if self.last.is_some() => Ok(self.unchanged()),
            _ => self.full_after(changed),
        };
        if result.is_err() {
            // The next change may not name the file that broke this build.
            self.last = None;
        }
        result
    }

    fn load(&mut self, changed: &[PathBuf]) -> Result<Site, BuildError> {
        let mut site =
            self.loader.load(changed).map_err(|f| build::every_problem(&self.root, f))?;
        site.config.base_url = self.base_url.clone();
        Ok(site)
    }

    fn unchanged(&self) -> Rebuilt {
        let good = self.last.as_ref().expect("checked by the caller");
        Rebuilt {
            files: Arc::clone(&good.kept.files),
            pages_rendered: 0,
            pages_total: good.page_paths.len(),
            changed: Vec::new(),
            warnings: build::warnings(&good.kept.scored.site, &good.theme),
        }
    }

    fn regions(&mut self, changed: &[PathBuf]) -> Result<Rebuilt, BuildError> {
        let site = self.load(changed)?;
        let Good { theme, page_paths, kept } = self.last.take().expect("checked by the caller");
        let scored = score::score_since(site, &kept.scored);
        let Some(filter) = PageFilter::between(&kept.scored, &scored) else {
            return self.render_all(scored, theme, Some(kept));
        };
        let (selected, data) =
            render_with_data(&scored, &theme, &|r| filter.accepts(r), Some(&kept))?;
        if selected.page_paths != page_paths {
            return self.render_all(scored, theme, Some(kept));
        }
        let pages_rendered = count_pages(&selected.files, &selected.page_paths);
        let mut files: Files =
            selected.files.into_iter().map(|f| (f.path, Bytes::from(f.body))).collect();
        for path in &selected.page_paths {
            if !files.contains_key(path) {
                files.insert(path.clone(), kept.files[path].clone());
            }
        }
        // The search index is rebuilt only when a region's record changed.
        let bundle_route = render::routes::search_bundle();
        if !filter.accepts(&bundle_route) {
            let bundle = bundle_route.trim_start_matches('/').to_string();
            for (path, body) in kept.files.range(bundle.clone()..) {
                if !path.starts_with(&bundle) {
                    break;
                }
                files.insert(path.clone(), body.clone());
            }
        }
        let built = Built { scored, data, theme, page_paths: selected.page_paths, files };
        let rebuilt = self.keep(built, Some(&kept.files), pages_rendered);
        retire(kept);
        Ok(rebuilt)
    }

    /// Renders every page; `previous` (from the last good build) tells what
    /// changed and lends the open data's unchanged pieces.
    fn render_all(
        &mut self,
        scored: Scored,
        theme: Theme,
        previous: Option<Kept>,
    ) -> Result<Rebuilt, BuildError> {
        let (selected, data) = render_with_data(&scored, &theme, &|_| true, previous.as_ref())?;
        let pages_rendered = selected.page_paths.len();
        let files: Files =
            selected.files.into_iter().map(|f| (f.path, Bytes::from(f.body))).collect();
        let built = Built { scored, data, theme, page_paths: selected.page_paths, files };
        let rebuilt = self.keep(built, previous.as_ref().map(|p| p.files.as_ref()), pages_rendered);
        if let Some(previous) = previous {
            retire(previous);
        }
        Ok(rebuilt)
    }

    /// Keeps `built` as the last good build; `previous` (the last good build's
    /// files) tells what changed.
    fn keep(&mut self, built: Built, previous: Option<&Files>, pages_rendered: usize) -> Rebuilt {
        let Built { scored, data, theme, page_paths, files } = built;
        let changed = previous
            .map_or_else(|| files.keys().cloned().collect(), |old| changed_paths(old, &files));
        let files = Arc::new(files);
        let rebuilt = Rebuilt {
            files: Arc::clone(&files),
            pages_rendered,
            pages_total: page_paths.len(),
            changed,
            warnings: build::warnings(&scored.site, &theme),
        };
        self.last = Some(Good { theme, page_paths, kept: Kept { scored, data, files } });
        rebuilt
    }
}

/// A finished build before it is kept.
struct Built {
    scored: Scored,
    data: OpenData,
    theme: Theme,
    page_paths: Vec<String>,
    files: Files,
}

/// Renders what `wanted` accepts except the open data, and beside it (on a
/// thread of its own, as rendering may block on the search index) assembles
/// the open data from the pieces of `previous` that did not change; the open
/// data's files are added to the rendered ones.
fn render_with_data(
    scored: &Scored,
    theme: &Theme,
    wanted: &(dyn Fn(&str) -> bool + Sync),
    previous: Option<&Kept>,
) -> Result<(render::Selected, OpenData), BuildError> {
    let data_route = render::routes::scores_json();
    let (selected, data) = std::thread::scope(|scope| {
        let data = scope.spawn(|| OpenData::since(scored, previous.map(|p| (&p.scored, &p.data))));
        let selected = render::render_selected(scored, theme, &|r| r != data_route && wanted(r));
        let data = match data.join() {
            Ok(data) => data,
            Err(panic) => std::panic::resume_unwind(panic),
        };
        (selected, data)
    });
    let mut selected = selected?;
    selected.files.extend(data.files());
    selected.files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok((selected, data))
}

/// Frees the last build on a thread of its own: dropping a national site's
/// scored data takes milliseconds the reload need not wait for.
fn retire(kept: Kept) {
    // If no thread can be started, the closure and what it holds drop here.
    let _ = std::thread::Builder::new().name("kla-retire".into()).spawn(move || drop(kept));
}

fn count_pages(files: &[render::OutputFile], page_paths: &[String]) -> usize {
    files.iter().filter(|f| page_paths.binary_search(&f.path).is_ok()).count()
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

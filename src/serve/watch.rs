//! What changed on disk, and watching for it.
//!
//! [`classify`] maps a path relative to the site root to a [`ChangeKind`]; it
//! is pure and table-tested. [`Watcher`] wraps notify's full debouncer, so an
//! editor's save-as-rename or a burst of files from `git pull` arrives as one
//! batch of paths. This module does not decide what to rebuild (`plan` does).

use std::path::{Component, Path, PathBuf};
use std::time::Duration;

use anyhow::{Context, Result};
use notify_debouncer_full::notify::{EventKind, RecommendedWatcher, RecursiveMode};
use notify_debouncer_full::{DebounceEventResult, Debouncer, RecommendedCache, new_debouncer};

/// What kind of source a changed path is; drives the rebuild plan.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum ChangeKind {
    /// `site.toml`.
    SiteConfig,
    /// A rubric under `content/rubrics/`.
    Rubric,
    /// Anything inside one region's folder, or the folder itself (slug given).
    Region(String),
    /// A free page under `content/pages/`.
    Page,
    /// A template, or a theme's strings: what pages look like.
    Template,
    /// A theme's static file (CSS, images).
    Static,
    /// Something else under `content/` (e.g. the whole folder removed).
    Content,
    /// Hidden files, editor backups, anything kla does not read.
    Ignored,
}

/// The debounce window: long enough to merge an editor's write-rename, short
/// enough to keep edit-to-reload latency low.
const DEBOUNCE: Duration = Duration::from_millis(10);

/// The kind of change at `rel`, a path relative to the site root.
pub(crate) fn classify(rel: &Path) -> ChangeKind {
    let parts: Vec<&str> = rel
        .components()
        .filter_map(|c| match c {
            Component::Normal(s) => s.to_str(),
            _ => None,
        })
        .collect();
    if parts.is_empty() || parts.iter().any(|p| is_scratch(p)) {
        return ChangeKind::Ignored;
    }
    match parts.as_slice() {
        ["site.toml"] => ChangeKind::SiteConfig,
        ["content", "rubrics", ..] => ChangeKind::Rubric,
        ["content", "regions", slug, ..] => ChangeKind::Region((*slug).to_string()),
        ["content", "pages", ..] => ChangeKind::Page,
        ["content", ..] => ChangeKind::Content,
        ["templates", ..] => ChangeKind::Template,
        ["themes", _, "static", _, ..] => ChangeKind::Static,
        ["themes", ..] => ChangeKind::Template,
        _ => ChangeKind::Ignored,
    }
}

/// Hidden files and editor scratch files (`.x.swp`, `x~`, `4913`, `x.tmp`) never matter.
fn is_scratch(name: &str) -> bool {
    name.starts_with('.')
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".tmp")
        || name == "4913"
}

/// The folders and files kla watches, relative to the site root.
const WATCHED_TREES: [&str; 3] = ["content", "templates", "themes"];

/// A running debounced watcher over a site's sources; stops when dropped.
pub(crate) struct Watcher {
    debouncer: Debouncer<RecommendedWatcher, RecommendedCache>,
    root: PathBuf,
}

impl Watcher {
    /// Watches `root` (for `site.toml` and the top-level folders appearing or
    /// going) and its source trees; each debounced batch of changed paths,
    /// relative to `root`, is passed to `to`.
    pub(crate) fn start(root: &Path, to: impl Fn(Vec<PathBuf>) + Send + 'static) -> Result<Self> {
        let base = root.to_path_buf();
        let handler = move |result: DebounceEventResult| {
            let paths = match result {
                // Reads (including kla's own) are not changes.
                Ok(events) => events
                    .into_iter()
                    .filter(|e| !matches!(e.event.kind, EventKind::Access(_)))
                    .flat_map(|e| e.event.paths)
                    .collect(),
                // A watcher error (e.g. a queue overflow): rebuild everything.
                Err(_) => vec![base.join("content")],
            };
            let rel: Vec<PathBuf> = paths
                .iter()
                .filter_map(|p| p.strip_prefix(&base).ok())
                .map(Path::to_path_buf)
                .collect();
            if !rel.is_empty() {
                to(rel);
            }
        };
        let debouncer =
            new_debouncer(DEBOUNCE, None, handler).context("cannot start watching files")?;
        let mut watcher = Watcher { debouncer, root: root.to_path_buf() };
        watcher
            .debouncer
            .watch(root, RecursiveMode::NonRecursive)
            .with_context(|| format!("cannot watch {}", root.display()))?;
        watcher.rewatch();
        Ok(watcher)
    }

    /// (Re)watches the source trees that exist now: called after a change, so a
    /// folder deleted and created again (or a theme added) is followed.
    pub(crate) fn rewatch(&mut self) {
        for tree in WATCHED_TREES {
            let path = self.root.join(tree);
            if path.is_dir() {
                let _ = self.debouncer.unwatch(&path);
                let _ = self.debouncer.watch(&path, RecursiveMode::Recursive);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classifies_changed_paths_by_what_they_feed() {
        let region = |s: &str| ChangeKind::Region(s.to_string());
        let cases = [
            ("site.toml", ChangeKind::SiteConfig),
            ("content/rubrics/kla-24.toml", ChangeKind::Rubric),
            ("content/regions/kota-a/2025.toml", region("kota-a")),
            ("content/regions/kota-a/index.md", region("kota-a")),
            ("content/regions/kota-a", region("kota-a")),
            ("content/regions", ChangeKind::Content),
            ("content", ChangeKind::Content),
            ("content/pages/tentang.md", ChangeKind::Page),
            ("templates/region.html", ChangeKind::Template),
            ("themes/default/templates/base.html", ChangeKind::Template),
            ("themes/default/i18n/id.toml", ChangeKind::Template),
            ("themes/default/static/style.css", ChangeKind::Static),
            ("content/regions/kota-a/.2025.toml.swp", ChangeKind::Ignored),
            ("content/regions/kota-a/2025.toml~", ChangeKind::Ignored),
            ("content/regions/kota-a/4913", ChangeKind::Ignored),
            ("content/.git/index", ChangeKind::Ignored),
            ("output/index.html", ChangeKind::Ignored),
            ("README.md", ChangeKind::Ignored),
            ("", ChangeKind::Ignored),
        ];
        for (path, expected) in cases {
            assert_eq!(classify(Path::new(path)), expected, "{path}");
        }
    }
}

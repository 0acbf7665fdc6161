//! What changed on disk, and watching for it.
//!
//! [`classify`] maps a path relative to the site root to a [`ChangeKind`]; it
//! is pure and table-tested. [`Watcher`] gathers notify's events until they
//! pause ([`QUIET`]), so an editor's save-as-rename or a burst of files from
//! `git pull` arrives as one batch of paths. This module does not decide what to rebuild (`plan` does).

use std::path::{Component, Path, PathBuf};
use std::sync::mpsc::{self, Receiver};
use std::time::{Duration, Instant};

use anyhow::{Context, Result};
use notify::{self, Event, EventKind, RecommendedWatcher, RecursiveMode, Watcher as _};

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

/// How long the events must pause before a batch is rebuilt. The events of an
/// editor's save (write a temporary file, rename it over the old one) or of
/// `git pull` writing file after file come from back-to-back system calls,
/// microseconds apart; a longer pause ends the batch early at worst, and then
/// the rest arrives while the rebuild runs and makes one more rebuild (never a
/// wrong result). Every edit waits this long before its rebuild starts.
const QUIET: Duration = Duration::from_millis(4);

/// The longest a batch gathers, so a stream of writes that never pauses (a
/// long checkout) is still shown as it goes.
const LONGEST: Duration = Duration::from_millis(200);

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

/// A running watcher over a site's sources; stops when dropped.
pub(crate) struct Watcher {
    watcher: RecommendedWatcher,
    root: PathBuf,
}

impl Watcher {
    /// Watches `root` (for `site.toml` and the top-level folders appearing or
    /// going) and its source trees; each batch of changed paths (see
    /// [`next_batch`]), relative to `root`, is passed to `to` on a thread of its own.
    pub(crate) fn start(root: &Path, to: impl Fn(Vec<PathBuf>) + Send + 'static) -> Result<Self> {
        let base = root.to_path_buf();
        let (tx, rx) = mpsc::channel::<notify::Result<Event>>();
        let watcher = notify::recommended_watcher(move |event| {
            let _ = tx.send(event);
        })
        .context("cannot start watching files")?;
        // Ends when the watcher, and with it the sender, is dropped.
        std::thread::Builder::new()
            .name("kla-watch".into())
            .spawn(move || {
                while let Some(paths) = next_batch(&rx, &base, QUIET, LONGEST) {
                    let rel: Vec<PathBuf> = paths
                        .iter()
                        .filter_map(|p| p.strip_prefix(&base).ok())
                        .map(Path::to_path_buf)
                        .collect();
                    if !rel.is_empty() {
                        to(rel);
                    }
                }
            })
            .context("cannot start the watch thread")?;
        let mut watcher = Watcher { watcher, root: root.to_path_buf() };
        watcher
            .watcher
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
                let _ = self.watcher.unwatch(&path);
                let _ = self.watcher.watch(&path, RecursiveMode::Recursive);
            }
        }
    }
}

/// Waits for a change, then keeps gathering until the events pause for `quiet`
/// (or `longest` has passed since the first), and returns the changed paths
/// (absolute; reads left out). A watcher error (e.g. a queue overflow) stands
/// for `content` under `base`, which rebuilds everything. `None` once the
/// watcher is gone.
fn next_batch(
    rx: &Receiver<notify::Result<Event>>,
    base: &Path,
    quiet: Duration,
    longest: Duration,
) -> Option<Vec<PathBuf>> {
    let mut paths = Vec::new();
    let mut add = |event: notify::Result<Event>| match event {
        // Reads (including kla's own) are not changes.
        Ok(e) if matches!(e.kind, EventKind::Access(_)) => {}
        Ok(e) => paths.extend(e.paths),
        Err(_) => paths.push(base.join("content")),
    };
    add(rx.recv().ok()?);
    let first = Instant::now();
    loop {
        let left = longest.saturating_sub(first.elapsed());
        if left.is_zero() {
            break;
        }
        match rx.recv_timeout(quiet.min(left)) {
            Ok(event) => add(event),
            Err(_) => break,
        }
    }
    Some(paths)
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

    fn event(kind: EventKind, path: &str) -> notify::Result<Event> {
        Ok(Event::new(kind).add_path(PathBuf::from(path)))
    }

    #[test]
    fn events_that_keep_coming_are_one_batch_without_reads() {
        use notify::event::{AccessKind, CreateKind, ModifyKind, RenameMode};
        let (tx, rx) = mpsc::channel();
        // An editor's save: a temporary file written, then renamed over the old one.
        tx.send(event(EventKind::Create(CreateKind::File), "/s/content/r/a.toml.tmp")).unwrap();
        tx.send(event(EventKind::Access(AccessKind::Any), "/s/content/r/b.toml")).unwrap();
        let rename = EventKind::Modify(ModifyKind::Name(RenameMode::Both));
        let both = Event::new(rename)
            .add_path(PathBuf::from("/s/content/r/a.toml.tmp"))
            .add_path(PathBuf::from("/s/content/r/a.toml"));
        tx.send(Ok(both)).unwrap();
        tx.send(Err(notify::Error::generic("queue overflow"))).unwrap();
        drop(tx);
        // The sender is gone, so the long pause is never waited for.
        let batch = next_batch(&rx, Path::new("/s"), Duration::from_secs(3600), Duration::MAX);
        let expected: Vec<PathBuf> = [
            "/s/content/r/a.toml.tmp",
            "/s/content/r/a.toml.tmp",
            "/s/content/r/a.toml",
            "/s/content",
        ]
        .iter()
        .map(PathBuf::from)
        .collect();
        assert_eq!(batch, Some(expected));
        assert_eq!(next_batch(&rx, Path::new("/s"), Duration::ZERO, Duration::MAX), None);
    }

    #[test]
    fn a_batch_stops_gathering_after_the_longest_wait() {
        let (tx, rx) = mpsc::channel();
        let write = EventKind::Modify(notify::event::ModifyKind::Any);
        for name in ["/s/a", "/s/b", "/s/c"] {
            tx.send(event(write, name)).unwrap();
        }
        let base = Path::new("/s");
        // No time to gather: the first event alone, the rest in the next batch.
        let first = next_batch(&rx, base, Duration::from_secs(3600), Duration::ZERO);
        assert_eq!(first, Some(vec![PathBuf::from("/s/a")]));
        let rest = next_batch(&rx, base, Duration::ZERO, Duration::from_secs(3600));
        assert_eq!(rest, Some(vec![PathBuf::from("/s/b"), PathBuf::from("/s/c")]));
    }
}

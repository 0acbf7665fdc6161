//! What a long-running renderer keeps from one render of a site to the next.
//!
//! `kla build` renders a site once and needs nothing of this. `kla serve`
//! (and `kla build --watch`) render the same site again after every edit, and
//! most of what an edit leaves alone can be taken from the last render: the
//! ranking rows whose inputs did not change ([`RowCache`]), the region
//! narratives of unchanged regions ([`NarrativeCache`]), the open data's
//! pieces ([`OpenData::since`]), and every page, share image and search
//! bundle file [`PageFilter`] vouches for. [`Memo`] holds all of it and is
//! owned by its caller; [`render_into`](super::render_into) takes it as its
//! one optional argument, so a build and a rebuild run the same code.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex, PoisonError};

use bytes::Bytes;

use crate::render::data::OpenData;
use crate::render::narratives::NarrativeCache;
use crate::render::reuse::PageFilter;
use crate::render::rows::RowCache;
use crate::render::{OutputFile, routes};
use crate::score::Scored;

/// Every file of a rendered site by output path (e.g. `wilayah/kota-a/index.html`).
pub type Files = BTreeMap<String, Bytes>;

/// What the next render of the same site may take from the last one.
#[derive(Default)]
pub struct Memo {
    /// Ranking rows drawn with the current theme.
    pub(crate) rows: RowCache,
    /// Region narratives as HTML (they do not depend on the theme).
    pub(crate) narratives: NarrativeCache,
    /// The last good render, when there is one.
    last: Option<Last>,
    /// Whether the last render's pages were drawn with the theme and
    /// configuration the next render uses, so an unchanged page can be kept.
    pages_current: bool,
    /// The open data of the render in progress, kept by [`Memo::remember`].
    data: Mutex<Option<OpenData>>,
}

/// The last good render: its scored site, open data and files.
struct Last {
    scored: Scored,
    data: Option<OpenData>,
    files: Arc<Files>,
    /// The output paths of its pages and share images, sorted.
    page_paths: Vec<String>,
}

/// How a render in progress uses the memo: the pages it must draw again and
/// the files it can keep.
pub(crate) struct Reuse<'m> {
    /// The last render's files.
    pub(crate) files: &'m Files,
    /// The output paths of the last render's pages and share images, sorted.
    pub(crate) page_paths: &'m [String],
    /// Which pages can differ from the last render's.
    pub(crate) filter: PageFilter,
}

impl Memo {
    /// An empty memo: the first render with it draws everything.
    pub fn new() -> Self {
        Self::default()
    }

    /// The scored site of the last good render, for scoring the next one
    /// from it (`score::score_since`).
    pub fn last_scored(&self) -> Option<&Scored> {
        self.last.as_ref().map(|last| &last.scored)
    }

    /// The files of the last good render.
    pub fn last_files(&self) -> Option<&Arc<Files>> {
        self.last.as_ref().map(|last| &last.files)
    }

    /// Keeps `scored`, its `files` and its `page_paths` (`Totals::page_paths`)
    /// as the last good render; the next render may keep its pages (the
    /// caller says otherwise with [`Memo::theme_changed`]).
    pub fn remember(&mut self, scored: Scored, files: Arc<Files>, page_paths: Vec<String>) {
        let data = self.data.get_mut().unwrap_or_else(PoisonError::into_inner).take();
        let retired = self.last.replace(Last { scored, data, files, page_paths });
        self.pages_current = true;
        retire(retired);
    }

    /// Forgets the last render (after a failed one: the next change may not
    /// name the file that broke it), keeping only the narratives.
    pub fn forget(&mut self) {
        retire(self.last.take());
        self.rows = RowCache::default();
        self.pages_current = false;
    }

    /// The next render uses another theme or site configuration: no page or
    /// row of the last render can be kept, though its open data and
    /// narratives still can.
    pub fn theme_changed(&mut self) {
        self.rows = RowCache::default();
        self.pages_current = false;
    }

    /// How a render of `scored` can use the memo: `None` when it must draw
    /// every page.
    pub(crate) fn reuse(&self, scored: &Scored) -> Option<Reuse<'_>> {
        let last = self.last.as_ref().filter(|_| self.pages_current)?;
        let filter = PageFilter::between(&last.scored, scored)?;
        Some(Reuse { files: &last.files, page_paths: &last.page_paths, filter })
    }

    /// The open data of `scored`, made from the last render's pieces that did
    /// not change, and kept for the next render.
    pub(crate) fn open_data(&self, scored: &Scored) -> Vec<OutputFile> {
        let before = self.last.as_ref().and_then(|l| Some((&l.scored, l.data.as_ref()?)));
        let data = OpenData::since(scored, before);
        let files = data.files();
        *self.data.lock().unwrap_or_else(PoisonError::into_inner) = Some(data);
        files
    }
}

impl Reuse<'_> {
    /// Whether the page at language-neutral `route` must be drawn: the filter
    /// says it can differ, or the last render has it in none of `languages`'
    /// paths (`in_lang` gives each).
    pub(crate) fn must_draw(&self, route: &str, paths: impl IntoIterator<Item = String>) -> bool {
        self.filter.accepts(route) || paths.into_iter().any(|p| !self.files.contains_key(&p))
    }

    /// The last render's search bundle files, when the search index needs no
    /// new build.
    pub(crate) fn search_bundle(&self) -> Option<Vec<(&String, &Bytes)>> {
        let route = routes::search_bundle();
        if self.filter.accepts(&route) {
            return None;
        }
        let folder = route.trim_start_matches('/');
        let files: Vec<(&String, &Bytes)> = self
            .files
            .range(folder.to_string()..)
            .take_while(|(path, _)| path.starts_with(folder))
            .collect();
        (!files.is_empty()).then_some(files)
    }
}

/// Frees a last render on a thread of its own: dropping a national site's
/// scored data takes time the next reload need not wait for.
fn retire(last: Option<Last>) {
    if let Some(last) = last {
        // If no thread can be started, the closure and what it holds drop here.
        let _ = std::thread::Builder::new().name("kla-retire".into()).spawn(move || drop(last));
    }
}

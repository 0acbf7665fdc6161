//! Rendering: from a scored site to the bytes of every output file.
//!
//! [`render_into`] produces every page, the open data, the feeds, the sitemap,
//! the share images and the theme's static files, handing each file to a
//! [`Sink`] as soon as it is ready (from any thread), so a village-scale site
//! is never held in memory whole. It writes nothing itself: `output::Staging`
//! is the sink of a build. The only files it ever reads are the theme's,
//! through [`Theme::load`].

mod badge;
mod changes;
mod charts;
pub mod data;
mod datapackage;
pub mod feeds;
#[cfg(test)]
mod fixture;
mod map;
mod narratives;
mod pages;
mod palette;
pub mod routes;
mod rows;
mod search;
mod share;
mod tera_ext;
mod theme;
mod views;

pub(crate) use pages::{map_year, peer_window};
pub use theme::Theme;
pub(crate) use theme::builtin_theme_files;

use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};

use rayon::prelude::*;

use crate::diag::Diagnostics;
use crate::markdown;
use crate::model::Narrative;
use crate::score::Scored;
use pages::{NarrativeHtml, RegionHtml};

/// One file of the built site, ready to write.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputFile {
    /// Path relative to the output root, with `/` separators, e.g. `wilayah/kota-bontang/index.html`.
    pub path: String,
    /// The file's bytes.
    pub body: Vec<u8>,
}

/// Where rendered files go, each as soon as it is ready and from any thread:
/// the output's staging folder for a build, memory for `kla serve`, nowhere
/// for `kla check`. Files arrive in no particular order.
pub trait Sink: Sync {
    /// Takes one finished file. A sink that can fail keeps its first error
    /// for its owner to report after rendering.
    fn put(&self, file: OutputFile);
}

/// A sink keeping every file in memory, for callers that want them all.
#[derive(Debug, Default)]
pub struct Collect(Mutex<Vec<OutputFile>>);

impl Collect {
    /// The files received, sorted by path.
    pub fn into_sorted(self) -> Vec<OutputFile> {
        let mut files = self.0.into_inner().unwrap_or_else(std::sync::PoisonError::into_inner);
        files.sort_by(|a, b| a.path.cmp(&b.path));
        files
    }
}

impl Sink for Collect {
    fn put(&self, file: OutputFile) {
        self.0.lock().unwrap_or_else(std::sync::PoisonError::into_inner).push(file);
    }
}

/// A sink dropping every file: `kla check` renders only to validate.
#[derive(Debug, Default)]
pub struct Discard;

impl Sink for Discard {
    fn put(&self, _file: OutputFile) {}
}

/// What a render produced, for the build summary and for `kla serve`.
#[derive(Debug, Clone, Default)]
pub struct Totals {
    /// HTML files handed to the sink.
    pub pages: usize,
    /// Files of all kinds handed to the sink.
    pub files: usize,
    /// Their total size in bytes.
    pub bytes: u64,
    /// The output path of every page of the full site (HTML pages and each
    /// region's share image and badge, which are drawn only with their page), sorted, so a
    /// caller can tell whether the set of pages changed and keep the ones not redrawn.
    pub page_paths: Vec<String>,
}

/// Counts what passes through to the real sink.
struct Counting<'a> {
    inner: &'a dyn Sink,
    pages: AtomicUsize,
    files: AtomicUsize,
    bytes: AtomicU64,
}

impl Sink for Counting<'_> {
    fn put(&self, file: OutputFile) {
        if file.path.ends_with(".html") {
            self.pages.fetch_add(1, Ordering::Relaxed);
        }
        self.files.fetch_add(1, Ordering::Relaxed);
        self.bytes.fetch_add(file.body.len() as u64, Ordering::Relaxed);
        self.inner.put(file);
    }
}

/// What a site-wide file is made from: the whole scored site, the theme and
/// the route of every HTML page (e.g. `/wilayah/kota-bontang/`).
pub struct SiteWide<'a> {
    /// The scored site.
    pub scored: &'a Scored,
    /// The theme (for its static files and strings).
    pub theme: &'a Theme,
    /// Routes of every HTML page of the full site except the 404 page, sorted.
    pub html_routes: &'a [String],
    /// Whether the open data is made here: `kla serve` refuses its route and
    /// assembles it from the last build's pieces ([`data::OpenData`]).
    pub open_data: bool,
}

/// The producers of the files that are not pages: each receives the whole
/// site once, after the pages, and hands its files to the sink (the open
/// data each as soon as it is serialised). A new kind of site-wide file (a
/// search index, another feed) is one more entry here.
const SITE_WIDE: &[fn(&SiteWide<'_>, &dyn Sink)] = &[
    |w, sink| {
        if w.open_data {
            data::open_data_into(w.scored, sink);
        }
    },
    |w, sink| sink.put(datapackage::datapackage(&w.scored.site)),
    |w, sink| {
        feeds::sitemaps(&w.scored.site.config, w.html_routes).into_iter().for_each(|f| sink.put(f))
    },
    |w, sink| sink.put(feeds::robots(&w.scored.site.config)),
    |w, sink| {
        [feeds::atom(w.scored), feeds::changes_atom(w.scored)].into_iter().for_each(|f| sink.put(f))
    },
    |w, sink| static_files(w.theme).for_each(|f| sink.put(f)),
];

/// Renders the whole site into memory: every HTML page, the open data,
/// sitemap, robots.txt, the Atom feeds, the share images and the theme's
/// static files, sorted by path. Every narrative and template problem is
/// collected before failing. Builds use [`render_into`] instead.
pub fn render(scored: &Scored, theme: &Theme) -> Result<Vec<OutputFile>, Diagnostics> {
    render_selected(scored, theme, &|_| true).map(|selected| selected.files)
}

/// A partial render: the HTML pages a predicate accepted, every other file, and
/// the paths of all HTML pages a full render would write.
#[derive(Debug, Clone)]
pub struct Selected {
    /// The accepted pages plus the open data, feeds and static files, sorted by path.
    pub files: Vec<OutputFile>,
    /// The output path of every page of the full site (HTML pages and each
    /// region's share image, drawn only when `wanted` accepts it), sorted, so a
    /// caller can tell whether the set of pages changed and keep the ones not redrawn.
    pub page_paths: Vec<String>,
}

/// Like [`render`], but renders only the HTML pages whose language-neutral
/// route (e.g. `/wilayah/kota-bontang/`) `wanted` accepts, in every language,
/// and only the share images whose route (`/static/share/kota-bontang.png`) it accepts.
/// Exists for `kla serve`, which re-renders only the pages an edit can change;
/// the non-page files are cheap and always produced, so the sitemap stays
/// complete, except the open data when `wanted` refuses [`routes::scores_json`].
pub fn render_selected(
    scored: &Scored,
    theme: &Theme,
    wanted: &(dyn Fn(&str) -> bool + Sync),
) -> Result<Selected, Diagnostics> {
    let collect = Collect::default();
    let totals = render_into(scored, theme, wanted, &collect)?;
    Ok(Selected { files: collect.into_sorted(), page_paths: totals.page_paths })
}

/// Above this many regions a site is rendered for memory rather than speed
/// (see [`runs_side_by_side`]).
const SIDE_BY_SIDE_MAX_REGIONS: usize = 10_000;

/// Whether `scored` is small enough to run its memory-heavy phases side by
/// side: the languages' search indexes at the same time, and the site-wide
/// files (open data, sitemaps, feeds) while the index is finished. On a larger
/// site each index is built on its own (at 83,441 villages one holds ~1 GB)
/// and the site-wide files wait until the index's files are written, so those
/// peaks never coincide.
pub(crate) fn runs_side_by_side(scored: &Scored) -> bool {
    scored.site.regions.len() <= SIDE_BY_SIDE_MAX_REGIONS
}

/// Renders the files of [`render_selected`] into `sink`, each as soon as it
/// is ready, in no particular order. On `Err` the sink may already hold some
/// files; the caller discards them (a build never swaps in a failed render).
pub fn render_into(
    scored: &Scored,
    theme: &Theme,
    wanted: &(dyn Fn(&str) -> bool + Sync),
    sink: &dyn Sink,
) -> Result<Totals, Diagnostics> {
    let sink = Counting {
        inner: sink,
        pages: AtomicUsize::new(0),
        files: AtomicUsize::new(0),
        bytes: AtomicU64::new(0),
    };
    // The search index is built beside the pages, on a thread outside the rayon
    // pool (Pagefind blocks on its own runtime thread), with a rayon pool of
    // its own (see `search::index`); it hands its files to the sink itself.
    std::thread::scope(|scope| {
        let search = wanted(&routes::search_bundle())
            .then(|| scope.spawn(|| search::search_bundle(scored, theme, &sink)));
        // The pages' problems are reported first, they are the author's (the
        // scope still waits for the index).
        let (page_paths, html_routes) = render_pages_and_images(scored, theme, wanted, &sink)?;
        let open_data = wanted(&routes::scores_json());
        let site_wide = SiteWide { scored, theme, html_routes: &html_routes, open_data };
        let make_site_wide = || SITE_WIDE.par_iter().for_each(|produce| produce(&site_wide, &sink));
        // A small site makes its site-wide files while the index is finished
        // and written. A large one makes them only once the index's files are
        // written: at village scale the open data's buffers and Pagefind's
        // memory would otherwise peak together (the index of the last language
        // can outlast the pages). The index is waited for on this thread, never
        // on a pool worker, which would sit idle meanwhile.
        std::thread::scope(|inner| {
            let beside = runs_side_by_side(scored).then(|| inner.spawn(make_site_wide));
            match search.map(std::thread::ScopedJoinHandle::join) {
                None => {}
                Some(Ok(written)) => written?,
                Some(Err(panic)) => std::panic::resume_unwind(panic),
            }
            match beside.map(std::thread::ScopedJoinHandle::join) {
                None => make_site_wide(),
                Some(Ok(())) => {}
                Some(Err(panic)) => std::panic::resume_unwind(panic),
            }
            Ok::<(), Diagnostics>(())
        })?;
        Ok(Totals {
            pages: sink.pages.load(Ordering::Relaxed),
            files: sink.files.load(Ordering::Relaxed),
            bytes: sink.bytes.load(Ordering::Relaxed),
            page_paths,
        })
    })
}

/// The pages and share images [`render_into`] renders; returns the output
/// paths of every page of the full site, and the routes of its HTML pages
/// for the sitemap.
fn render_pages_and_images(
    scored: &Scored,
    theme: &Theme,
    wanted: &(dyn Fn(&str) -> bool + Sync),
    sink: &dyn Sink,
) -> Result<(Vec<String>, Vec<String>), Diagnostics> {
    if let Some(cache) = &theme.narratives {
        cache.begin(&scored.site);
    }
    // The languages and the share images render side by side, so no core
    // waits for the other's last pages; the first language's problems are
    // reported first, the images' last.
    let (per_lang, images) = rayon::join(
        || -> Vec<Result<Vec<String>, Diagnostics>> {
            scored
                .site
                .config
                .languages
                .par_iter()
                .map(|lang| {
                    let regions = |index: usize| match &theme.narratives {
                        Some(cache) => {
                            cache.get_or_render(lang, &scored.site.regions[index], || {
                                region_narratives(scored, lang, index)
                            })
                        }
                        None => region_narratives(scored, lang, index),
                    };
                    let narratives =
                        NarrativeHtml { pages: page_narratives(scored, lang)?, regions: &regions };
                    pages::render_pages_in(scored, theme, &narratives, lang, wanted, sink)
                })
                .collect()
        },
        || {
            rayon::join(
                || share_images(scored, theme, wanted, sink),
                || badges(scored, theme, wanted, sink),
            )
            .0
        },
    );
    let mut page_paths = Vec::new();
    for paths in per_lang {
        page_paths.extend(paths?);
    }
    images?;
    let html_routes = pages::html_routes(&page_paths);
    // Share images and badges are listed like pages, so a partial render can keep the old ones.
    page_paths.extend(scored.site.regions.iter().flat_map(|r| {
        [routes::share_image(&r.slug), routes::badge(&r.slug)].map(|route| routes::file_for(&route))
    }));
    page_paths.sort();
    Ok((page_paths, html_routes))
}

/// One share image per region, in the default language, drawn in parallel.
fn share_images(
    scored: &Scored,
    theme: &Theme,
    wanted: &(dyn Fn(&str) -> bool + Sync),
    sink: &dyn Sink,
) -> Result<(), Diagnostics> {
    let site = &scored.site;
    let lang = site.config.languages.first().map_or("id", String::as_str);
    let none = theme.strings_for(lang).get("share_no_evaluation").cloned().unwrap_or_default();
    let mut latest: Vec<Option<&crate::score::ScoredEvaluation>> = vec![None; site.regions.len()];
    for ev in &scored.evaluations {
        if latest[ev.region].is_none_or(|l| l.year < ev.year) {
            latest[ev.region] = Some(ev);
        }
    }
    let drawn: Vec<bool> =
        site.regions.iter().map(|r| wanted(&routes::share_image(&r.slug))).collect();
    if !drawn.contains(&true) {
        // Loading the fonts and drawing the title band is work only an image needs
        // (`kla serve` redraws an image only when its text changed).
        return Ok(());
    }
    let names = site.regions.iter().zip(&drawn).filter(|(_, d)| **d).map(|(r, _)| r.name.as_str());
    let images = share::ShareImages::new(&site.config.title, names).map_err(|e| {
        Diagnostics::from(crate::diag::Diagnostic::file(
            "site.toml",
            format!("cannot draw the share images: {e}"),
        ))
    })?;
    let diags = Mutex::new(Diagnostics::new());
    site.regions.par_iter().zip(latest).zip(drawn).for_each(|((region, ev), drawn)| {
        if !drawn {
            return;
        }
        let predikat = ev.map_or_else(|| none.clone(), |ev| share_predikat(site, ev, lang));
        let text = share::ShareText {
            name: &region.name,
            province: &region.province,
            predikat: &predikat,
        };
        match images.png(&text) {
            Ok(body) => sink.put(OutputFile {
                path: routes::file_for(&routes::share_image(&region.slug)),
                body,
            }),
            Err(e) => diags.lock().unwrap_or_else(std::sync::PoisonError::into_inner).push(
                crate::diag::Diagnostic::file(
                    &region.file.path,
                    format!("cannot draw the share image: {e}"),
                ),
            ),
        }
    });
    let mut diags = diags.into_inner().unwrap_or_else(std::sync::PoisonError::into_inner);
    diags.sort();
    diags.into_result(())
}

/// One badge per region, in the default language, each drawn only when
/// `wanted` accepts its route (`kla serve` redraws the badges of the regions
/// whose profile changed).
fn badges(scored: &Scored, theme: &Theme, wanted: &(dyn Fn(&str) -> bool + Sync), sink: &dyn Sink) {
    let site = &scored.site;
    let lang = site.config.languages.first().map_or("id", String::as_str);
    let strings = theme.strings_for(lang);
    let word = |key: &str| strings.get(key).cloned().unwrap_or_default();
    let (label, none, conflict) =
        (word("badge_label"), word("record_not_in_record"), word("record_conflicts"));
    site.regions.par_iter().for_each(|region| {
        let route = routes::badge(&region.slug);
        if !wanted(&route) {
            return;
        }
        let (predikat, year, fill) = badge::describe(site, region, lang, (&none, &conflict));
        let text = badge::BadgeText {
            name: &region.name,
            label: &label,
            predikat: &predikat,
            year,
            site: &site.config.title,
            fill,
        };
        sink.put(OutputFile {
            path: routes::file_for(&route),
            body: badge::svg(&text).into_bytes(),
        });
    });
}

/// "Utama · 2021": the computed predikat, else the official one, and the year.
fn share_predikat(
    site: &crate::model::Site,
    ev: &crate::score::ScoredEvaluation,
    lang: &str,
) -> String {
    let rubric = &site.rubrics[ev.rubric];
    let tier = match &ev.computed {
        Some(c) => c.predikat.as_deref(),
        None => ev.official.as_deref(),
    };
    let name = tier.and_then(|id| rubric.tier(id)).map_or("\u{2013}", |t| t.name.get(lang));
    format!("{name} \u{b7} {}", ev.year)
}

/// The theme's static files under `static/`.
fn static_files(theme: &Theme) -> impl Iterator<Item = OutputFile> + '_ {
    theme
        .static_files
        .iter()
        .map(|(path, body)| OutputFile { path: format!("static/{path}"), body: body.clone() })
}

/// A narrative as HTML for pages in `lang` (the translation when there is
/// one, else the default-language text), its headings moved down by `shift`.
fn narrative_html(
    scored: &Scored,
    lang: &str,
    narrative: &Narrative,
    shift: u8,
) -> Result<String, Diagnostics> {
    let shown = narrative.in_lang(lang).unwrap_or(narrative);
    markdown::render_markdown_under(shown, &scored.site, lang, shift).map(|r| r.html)
}

/// Every free page's narrative as HTML for pages in `lang`, by slug; all
/// broken links reported.
fn page_narratives(
    scored: &Scored,
    lang: &str,
) -> Result<std::collections::BTreeMap<String, String>, Diagnostics> {
    let mut out = std::collections::BTreeMap::new();
    let mut diags = Diagnostics::new();
    for page in &scored.site.pages {
        match narrative_html(scored, lang, &page.narrative, 0) {
            Ok(html) => {
                out.insert(page.slug.clone(), html);
            }
            Err(d) => diags.extend(d),
        }
    }
    diags.sort();
    diags.0.dedup();
    diags.into_result(out)
}

/// One region's narratives as HTML for pages in `lang`, rendered just before
/// its profile; all broken links of all of them reported. Region stories sit
/// under the profile's `h2`, year stories under an `h3`: their headings move
/// down so the page outline stays in order.
fn region_narratives(scored: &Scored, lang: &str, index: usize) -> Result<RegionHtml, Diagnostics> {
    let region = &scored.site.regions[index];
    let mut out = RegionHtml::default();
    let mut diags = Diagnostics::new();
    if let Some(narrative) = &region.narrative {
        match narrative_html(scored, lang, narrative, 1) {
            Ok(html) => out.region = Some(html),
            Err(d) => diags.extend(d),
        }
    }
    for (ei, evaluation) in region.evaluations.iter().enumerate() {
        let Some(narrative) = &evaluation.narrative else { continue };
        match narrative_html(scored, lang, narrative, 2) {
            Ok(html) => {
                out.evaluations.insert(ei, html);
            }
            Err(d) => diags.extend(d),
        }
    }
    diags.into_result(out)
}

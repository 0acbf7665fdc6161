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
mod compare;
pub mod data;
mod datapackage;
pub mod feeds;
mod index;
mod map;
mod memo;
mod narratives;
mod pages;
mod palette;
mod reuse;
pub mod routes;
mod rows;
mod search;
mod share;
mod sink;
mod tera_ext;
mod theme;
mod views;

pub use memo::{Files, Memo};
pub(crate) use pages::map_year;
pub(crate) use pages::untranslated_nav;
pub use sink::{Collect, Discard, OutputFile, Sink};
pub use theme::Theme;
pub(crate) use theme::builtin_theme_files;

use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};

use bytes::Bytes;
use rayon::prelude::*;

use crate::diag::Diagnostics;
use crate::markdown;
use crate::model::Narrative;
use crate::score::Scored;
use narratives::RegionHtml;
use pages::NarrativeHtml;
use share::ShareInputs;

/// What a render produced, for the build summary and for `kla serve`.
#[derive(Debug, Clone, Default)]
pub struct Totals {
    /// HTML files handed to the sink.
    pub pages: usize,
    /// Files of all kinds handed to the sink.
    pub files: usize,
    /// Their total size in bytes.
    pub bytes: u64,
    /// How many of the pages (and share images) were kept from the last
    /// render ([`Memo`]) rather than drawn.
    pub pages_kept: usize,
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
    /// Files taken from the last render.
    kept: AtomicUsize,
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

    fn put_shared(&self, path: &str, body: &Bytes) {
        if path.ends_with(".html") {
            self.pages.fetch_add(1, Ordering::Relaxed);
        }
        self.files.fetch_add(1, Ordering::Relaxed);
        self.bytes.fetch_add(body.len() as u64, Ordering::Relaxed);
        self.kept.fetch_add(1, Ordering::Relaxed);
        self.inner.put_shared(path, body);
    }

    fn discards(&self) -> bool {
        self.inner.discards()
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
    /// What the last render left, when the caller keeps it.
    pub memo: Option<&'a Memo>,
}

/// The producers of the files that are not pages: each receives the whole
/// site once, after the pages, and hands its files to the sink (the open
/// data each as soon as it is serialised). A new kind of site-wide file (a
/// search index, another feed) is one more entry here.
const SITE_WIDE: &[fn(&SiteWide<'_>, &dyn Sink)] = &[
    |w, sink| match w.memo {
        Some(memo) => memo.open_data(w.scored).into_iter().for_each(|f| sink.put(f)),
        None => data::open_data_into(w.scored, sink),
    },
    |w, sink| sink.put(datapackage::datapackage(&w.scored.site)),
    |w, sink| sink.put(compare::compare_file(w.scored)),
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
/// collected before failing. For tools and tests; builds use [`render_into`].
pub fn render(scored: &Scored, theme: &Theme) -> Result<Vec<OutputFile>, Diagnostics> {
    let collect = Collect::default();
    render_into(scored, theme, None, &collect)?;
    Ok(collect.into_sorted())
}

/// Renders every file of the site into `sink`, each as soon as it is ready,
/// in no particular order: the one entry point of `kla build`, `kla check`,
/// `kla serve` and `kla build --watch`. With a `memo` (kept by a caller that
/// renders the same site again after each edit) the pages, share images and
/// search bundle the last render drew and the edit cannot have changed are
/// handed over from it instead of drawn, and the open data is assembled from
/// its unchanged pieces; the files are the same either way. On `Err` the sink
/// may already hold some files; the caller discards them (a build never
/// swaps in a failed render).
pub fn render_into(
    scored: &Scored,
    theme: &Theme,
    memo: Option<&Memo>,
    sink: &dyn Sink,
) -> Result<Totals, Diagnostics> {
    let Some(reuse) = memo.and_then(|m| m.reuse(scored)) else {
        return render_with(scored, theme, memo, None, sink);
    };
    // The filter compares what each page shows; a page added or gone (a
    // year's first result, a listing's new page) can change the pages that
    // list or number them beyond that, so such a render draws everything.
    let buffer = Buffer::default();
    let totals = render_with(scored, theme, memo, Some(&reuse), &buffer)?;
    if totals.page_paths != reuse.page_paths {
        drop(buffer);
        return render_with(scored, theme, memo, None, sink);
    }
    buffer.pass_to(sink);
    Ok(totals)
}

/// Files held back until a render that keeps pages is known to keep the right ones.
#[derive(Default)]
struct Buffer(Mutex<Vec<(String, Held)>>);

/// A held file: drawn now, or shared with the last render.
enum Held {
    Drawn(Vec<u8>),
    Kept(Bytes),
}

impl Buffer {
    fn pass_to(self, sink: &dyn Sink) {
        let files = self.0.into_inner().unwrap_or_else(std::sync::PoisonError::into_inner);
        for (path, body) in files {
            match body {
                Held::Drawn(body) => sink.put(OutputFile { path, body }),
                Held::Kept(body) => sink.put_shared(&path, &body),
            }
        }
    }

    fn hold(&self, path: String, body: Held) {
        self.0.lock().unwrap_or_else(std::sync::PoisonError::into_inner).push((path, body));
    }
}

impl Sink for Buffer {
    fn put(&self, file: OutputFile) {
        self.hold(file.path, Held::Drawn(file.body));
    }

    fn put_shared(&self, path: &str, body: &Bytes) {
        self.hold(path.to_string(), Held::Kept(body.clone()));
    }
}

/// [`render_into`], keeping what `reuse` vouches for.
fn render_with(
    scored: &Scored,
    theme: &Theme,
    memo: Option<&Memo>,
    reuse: Option<&memo::Reuse<'_>>,
    sink: &dyn Sink,
) -> Result<Totals, Diagnostics> {
    let sink = Counting {
        inner: sink,
        pages: AtomicUsize::new(0),
        files: AtomicUsize::new(0),
        bytes: AtomicU64::new(0),
        kept: AtomicUsize::new(0),
    };
    let kept_bundle = reuse.and_then(memo::Reuse::search_bundle);
    // The search index is built beside the pages, on a thread outside the rayon
    // pool (Pagefind blocks on its own runtime thread), with a rayon pool of
    // its own (see `search::index`); it hands its files to the sink itself.
    std::thread::scope(|scope| {
        let search = match &kept_bundle {
            _ if sink.discards() => None,
            Some(files) => {
                files.iter().for_each(|(path, body)| sink.put_shared(path, body));
                None
            }
            None => Some(scope.spawn(|| search::search_bundle(scored, theme, &sink))),
        };
        // The pages' problems are reported first, they are the author's (the
        // scope still waits for the index).
        let pages = Pages { scored, theme, memo, reuse };
        let (page_paths, html_routes) = render_pages_and_images(&pages, &sink)?;
        let site_wide = SiteWide { scored, theme, html_routes: &html_routes, memo };
        let make_site_wide = || SITE_WIDE.par_iter().for_each(|produce| produce(&site_wide, &sink));
        // A small site makes its site-wide files while the index is finished
        // and written. A large one makes them only once the index's files are
        // written: at village scale the open data's buffers and Pagefind's
        // memory would otherwise peak together (the index of the last language
        // can outlast the pages). The index is waited for on this thread, never
        // on a pool worker, which would sit idle meanwhile.
        std::thread::scope(|inner| {
            let beside = search::runs_side_by_side(scored).then(|| inner.spawn(make_site_wide));
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
        let bundle_kept = kept_bundle.as_ref().map_or(0, Vec::len);
        Ok(Totals {
            pages: sink.pages.load(Ordering::Relaxed),
            files: sink.files.load(Ordering::Relaxed),
            bytes: sink.bytes.load(Ordering::Relaxed),
            pages_kept: sink.kept.load(Ordering::Relaxed) - bundle_kept,
            page_paths,
        })
    })
}

/// What the pages and share images of one render are drawn from.
struct Pages<'a> {
    scored: &'a Scored,
    theme: &'a Theme,
    memo: Option<&'a Memo>,
    reuse: Option<&'a memo::Reuse<'a>>,
}

impl Pages<'_> {
    /// Whether the page at the language-neutral `route` must be drawn, or can
    /// be kept from the last render (in every language of the site).
    fn must_draw(&self, route: &str) -> bool {
        let Some(reuse) = self.reuse else { return true };
        let config = &self.scored.site.config;
        let default = config.default_language();
        let paths =
            config.languages.iter().map(|l| routes::file_for(&routes::in_lang(route, l, default)));
        reuse.must_draw(route, paths)
    }
}

/// The pages and share images [`render_into`] renders (or keeps from the
/// last render); returns the output paths of every page of the full site,
/// and the routes of its HTML pages for the sitemap.
fn render_pages_and_images(
    pages: &Pages<'_>,
    sink: &Counting<'_>,
) -> Result<(Vec<String>, Vec<String>), Diagnostics> {
    let Pages { scored, theme, memo, .. } = *pages;
    let narrative_cache = memo.map(|m| &m.narratives);
    if let Some(cache) = narrative_cache {
        cache.begin(&scored.site);
    }
    let wanted = |route: &str| pages.must_draw(route);
    let drawn = DrawnPaths::default();
    let recording = Recording { inner: sink, drawn: pages.reuse.map(|_| &drawn) };
    let rows = memo.map(|m| &m.rows);
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
                    let regions = |index: usize| match narrative_cache {
                        Some(cache) => {
                            cache.get_or_render(lang, &scored.site.regions[index], || {
                                region_narratives(scored, lang, index)
                            })
                        }
                        None => region_narratives(scored, lang, index),
                    };
                    let narratives =
                        NarrativeHtml { pages: page_narratives(scored, lang)?, regions: &regions };
                    let with = pages::With { narratives: &narratives, rows, wanted: &wanted };
                    pages::render_pages_in(scored, theme, &with, lang, &recording)
                })
                .collect()
        },
        || {
            rayon::join(
                || share_images(scored, theme, &wanted, &recording),
                || badges(scored, theme, &wanted, &recording),
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
    if let Some(reuse) = pages.reuse {
        let drawn = drawn.0.into_inner().unwrap_or_else(std::sync::PoisonError::into_inner);
        for path in &page_paths {
            if drawn.contains(path) {
                continue;
            }
            // `must_draw` drew every page the last render lacks.
            debug_assert!(reuse.files.contains_key(path), "{path} neither drawn nor kept");
            if let Some(body) = reuse.files.get(path) {
                sink.put_shared(path, body);
            }
        }
    }
    Ok((page_paths, html_routes))
}

/// The output paths of the pages and images drawn by a render that keeps
/// the others from the last render.
#[derive(Default)]
struct DrawnPaths(Mutex<std::collections::HashSet<String>>);

/// Passes files on, noting their paths when a render keeps the pages it does
/// not draw.
struct Recording<'a> {
    inner: &'a dyn Sink,
    drawn: Option<&'a DrawnPaths>,
}

impl Sink for Recording<'_> {
    fn put(&self, file: OutputFile) {
        if let Some(drawn) = self.drawn {
            drawn
                .0
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner)
                .insert(file.path.clone());
        }
        self.inner.put(file);
    }
}

/// One share image per region, in the default language, drawn in parallel.
fn share_images(
    scored: &Scored,
    theme: &Theme,
    wanted: &(dyn Fn(&str) -> bool + Sync),
    sink: &dyn Sink,
) -> Result<(), Diagnostics> {
    let site = &scored.site;
    let lang = site.config.default_language();
    let none = theme.strings_for(lang).get("share_no_evaluation").cloned().unwrap_or_default();
    let mut latest: Vec<Option<&crate::score::ScoredEvaluation>> = vec![None; site.regions.len()];
    for ev in &scored.evaluations {
        if latest[ev.region].is_none_or(|l| l.year < ev.year) {
            latest[ev.region] = Some(ev);
        }
    }
    let latest = site.regions.iter().zip(latest).map(|(r, ev)| ShareInputs::new(r, ev));
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
    let inputs: Vec<ShareInputs<'_>> = latest.collect();
    site.regions.par_iter().zip(inputs).zip(drawn).for_each(|((region, inputs), drawn)| {
        if !drawn {
            return;
        }
        let predikat =
            inputs.latest.map_or_else(|| none.clone(), |latest| share_predikat(site, latest, lang));
        let text =
            share::ShareText { name: inputs.name, province: inputs.province, predikat: &predikat };
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
    let lang = site.config.default_language();
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
fn share_predikat(site: &crate::model::Site, latest: index::Latest<'_>, lang: &str) -> String {
    let rubric = &site.rubrics[latest.rubric];
    let name = latest.tier.and_then(|id| rubric.tier(id)).map_or("\u{2013}", |t| t.name.get(lang));
    format!("{name} \u{b7} {}", latest.year)
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

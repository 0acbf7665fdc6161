//! Rendering: from a scored site to the bytes of every output file.
//!
//! `render(&Scored, &Theme) -> Result<Vec<OutputFile>, Diagnostics>` produces
//! every page, the open data, the feed, the sitemap and the theme's static
//! files, in memory. It writes nothing: `output::write` does that. The only
//! files it ever reads are the theme's, through [`Theme::load`].

mod changes;
mod charts;
pub mod data;
mod datapackage;
pub mod feeds;
#[cfg(test)]
mod fixture;
mod pages;
pub mod routes;
mod share;
mod tera_ext;
mod theme;
mod views;

pub use theme::Theme;
pub(crate) use theme::builtin_theme_files;

use rayon::prelude::*;

use crate::diag::Diagnostics;
use crate::markdown;
use crate::model::Narrative;
use crate::score::Scored;
use pages::NarrativeHtml;

/// One file of the built site, ready to write.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputFile {
    /// Path relative to the output root, with `/` separators, e.g. `wilayah/kota-bontang/index.html`.
    pub path: String,
    /// The file's bytes.
    pub body: Vec<u8>,
}

/// Renders the whole site: every HTML page, the open data, sitemap, robots.txt,
/// the Atom feed and the theme's static files, sorted by path. Every narrative
/// and template problem is collected before failing.
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
/// the non-page files are cheap and always produced, so the sitemap and open
/// data stay complete.
pub fn render_selected(
    scored: &Scored,
    theme: &Theme,
    wanted: &dyn Fn(&str) -> bool,
) -> Result<Selected, Diagnostics> {
    let mut files = Vec::new();
    let mut page_paths = Vec::new();
    for lang in &scored.site.config.languages {
        let narratives = render_narratives(scored, lang, wanted)?;
        let (pages, paths) = pages::render_pages_in(scored, theme, &narratives, lang, wanted)?;
        files.extend(pages);
        page_paths.extend(paths);
    }
    let html_routes = pages::html_routes(&page_paths);
    // Share images are listed like pages, so a partial render can keep the old ones.
    page_paths.extend(
        scored.site.regions.iter().map(|r| routes::file_for(&routes::share_image(&r.slug))),
    );
    page_paths.sort();
    let config = &scored.site.config;
    files.extend(data::open_data(scored));
    files.push(datapackage::datapackage(&scored.site));
    files.push(feeds::sitemap(config, &html_routes));
    files.push(feeds::robots(config));
    files.push(feeds::atom(scored));
    files.push(feeds::changes_atom(scored));
    files.extend(static_files(theme));
    files.extend(share_images(scored, theme, wanted)?);
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(Selected { files, page_paths })
}

/// One share image per region, in the default language, rendered in parallel.
fn share_images(
    scored: &Scored,
    theme: &Theme,
    wanted: &dyn Fn(&str) -> bool,
) -> Result<Vec<OutputFile>, Diagnostics> {
    use rayon::prelude::*;
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
    let results: Vec<Result<OutputFile, Diagnostics>> = site
        .regions
        .par_iter()
        .zip(latest.par_iter())
        .zip(drawn.par_iter())
        .filter(|(_, drawn)| **drawn)
        .map(|((region, ev), _)| {
            let predikat = ev.map_or_else(|| none.clone(), |ev| share_predikat(site, ev, lang));
            let text = share::ShareText {
                site: &site.config.title,
                name: &region.name,
                province: &region.province,
                predikat: &predikat,
            };
            let route = routes::share_image(&region.slug);
            share::share_png(&text)
                .map(|body| OutputFile { path: routes::file_for(&route), body })
                .map_err(|e| {
                    crate::diag::Diagnostic::file(
                        &region.file.path,
                        format!("cannot draw the share image: {e}"),
                    )
                    .into()
                })
        })
        .collect();
    results.into_iter().collect()
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

/// Every narrative of the site as HTML for pages in `lang`: the translation
/// when there is one, else the default-language text; all broken links reported.
/// A region's narratives are rendered only when `wanted` accepts its profile
/// (a partial render needs them only there).
fn render_narratives(
    scored: &Scored,
    lang: &str,
    wanted: &dyn Fn(&str) -> bool,
) -> Result<NarrativeHtml, Diagnostics> {
    let site = &scored.site;
    let mut out = NarrativeHtml::default();
    let mut diags = Diagnostics::new();
    let render_in_lang = |narrative: &Narrative| {
        let shown = narrative.in_lang(lang).unwrap_or(narrative);
        markdown::render_markdown(shown, site, lang)
    };
    let mut keep = |result: Result<markdown::Rendered, Diagnostics>| match result {
        Ok(rendered) => Some(rendered.html),
        Err(d) => {
            diags.extend(d);
            None
        }
    };
    // Markdown per region in parallel; merged in region order, so output and
    // diagnostics do not depend on thread timing.
    type RegionHtml = Vec<(Option<usize>, Result<markdown::Rendered, Diagnostics>)>;
    let shown: Vec<bool> = site.regions.iter().map(|r| wanted(&routes::region(&r.slug))).collect();
    let rendered: Vec<RegionHtml> = site
        .regions
        .par_iter()
        .zip(shown.par_iter())
        .map(|(region, &shown)| {
            if !shown {
                return Vec::new();
            }
            let index = region.narrative.as_ref().map(|n| (None, n));
            let years = region
                .evaluations
                .iter()
                .enumerate()
                .filter_map(|(ei, e)| Some((Some(ei), e.narrative.as_ref()?)));
            index.into_iter().chain(years).map(|(ei, n)| (ei, render_in_lang(n))).collect()
        })
        .collect();
    for (ri, results) in rendered.into_iter().enumerate() {
        for (ei, result) in results {
            let Some(html) = keep(result) else { continue };
            match ei {
                None => out.regions.insert(ri, html),
                Some(ei) => out.evaluations.insert((ri, ei), html),
            };
        }
    }
    for page in &site.pages {
        if let Some(html) = keep(render_in_lang(&page.narrative)) {
            out.pages.insert(page.slug.clone(), html);
        }
    }
    diags.sort();
    diags.0.dedup();
    diags.into_result(out)
}

//! The HTML pages of a site: which pages exist, what each one's view holds,
//! and rendering them with the theme's templates in parallel.
//!
//! Narratives arrive already rendered ([`NarrativeHtml`]); this module does not
//! call the Markdown renderer, the open-data writer or the feeds, so it can be
//! tested on its own. Formatting helpers and shared row types live in `views`.
//!
//! This module holds the rendering loop: the list of pages, the page meta and
//! site values every page is drawn with, and the drawing of each page with
//! its template. Each page kind's view lives in a submodule of its own:
//! `home`, `rankings`, `regions` (index and profiles), `provinces`, `changes`,
//! `methodology`, `compare` (regions side by side), `record` (the awards
//! pages and the official record the others show), `small` (search, open
//! data index, free pages, 404) and `nav` (the menu every page shows). They
//! draw on `figures` (the SVG charts the pages embed), `maps` (the maps),
//! `paging` (listings cut into numbered pages), `predikat` (the words for a
//! predikat or a standing) and `common` (the [`Job`] a view becomes and the
//! helpers several kinds share).
//!
//! A submodule imports by name what it uses of another, never this module:
//! the submodules depend on each other without a circle (`common` and
//! `predikat` use none of them), and only this module uses them all.

mod changes;
mod common;
mod compare;
mod figures;
mod home;
mod maps;
mod methodology;
mod nav;
mod paging;
mod predikat;
mod provinces;
mod rankings;
mod record;
mod regions;
mod small;
#[cfg(test)]
mod tests;

use std::sync::{Arc, OnceLock};

use rayon::prelude::*;
use serde::Serialize;

use crate::diag::Diagnostics;
use crate::render::routes;
use crate::render::rows::{self, RowCache};
use crate::render::theme::Theme;
use crate::render::views::{Ctx, Ui};
use crate::render::{OutputFile, Sink};
use crate::score::Scored;
use changes::changes_page;
use common::Job;
pub(crate) use common::{NarrativeHtml, page_title};
use compare::compare_page;
use home::{home, ranked_by_total};
pub(crate) use maps::map_year;
use methodology::methodology;
pub(crate) use nav::untranslated_nav;
use nav::{NavLink, nav_links};
use paging::PageAt;
pub(crate) use provinces::ProvinceEntry;
use provinces::{province_page, provinces_index};
use rankings::{
    NationalOrder, cluster_count, cluster_order, cluster_ranking, national_ranking,
    province_groups, province_order, province_ranking, rankings_index, scored_count, year_rubric,
};
use record::{award_year, awards_index, record_years};
pub(crate) use regions::ProfileInputs;
use regions::{region_profile, regions_index};
use small::{data_index, free_page, not_found, search_page};

/// What every page knows about its own address.
#[derive(Serialize)]
struct PageMeta<'a> {
    title: &'a str,
    url: String,
    canonical: String,
    lang: &'a str,
    is_home: bool,
    description: Option<&'a str>,
    /// `id_ID` / `en_US`, for `og:locale`.
    og_locale: String,
    og_type: &'static str,
    /// Absolute URL of the share image, if any.
    image: Option<String>,
    /// The same page in every language of the site, for `hreflang` links and the switch.
    alternates: Vec<Alternate>,
}

/// The same page in one language.
#[derive(Serialize)]
struct Alternate {
    lang: String,
    /// The language's own name ("English"), from its UI strings.
    name: String,
    url: String,
    absolute: String,
    current: bool,
}

/// Site-wide values every page shows (header, footer).
#[derive(Serialize)]
struct SiteView<'a> {
    title: &'a str,
    description: Option<&'a str>,
    footer_author: Option<String>,
    home_url: String,
    style_url: String,
    /// The script that sorts and filters `table[data-sortable]`; pages with one load it.
    tables_url: String,
    feed_url: String,
    data_url: String,
    /// Where the search form of every page submits.
    search_url: String,
    nav: Vec<NavLink>,
    /// "Only in Indonesian", shown beside narratives that are not translated.
    lang_note: Option<String>,
    /// The site's first language, the language of untranslated narratives.
    default_lang: &'a str,
}

/// What the pages of one language are drawn with besides the site and theme.
pub(crate) struct With<'a> {
    /// The narratives, rendered in the pages' language.
    pub(crate) narratives: &'a NarrativeHtml<'a>,
    /// The ranking rows of the last render, when the caller keeps them.
    pub(crate) rows: Option<&'a RowCache>,
    /// Whether the page at a language-neutral route is drawn (the others
    /// are kept from the last render by the caller).
    pub(crate) wanted: &'a (dyn Fn(&str) -> bool + Sync),
}

/// Renders the HTML pages of the site whose route `wanted` accepts, in the
/// default language; returns those files sorted by path with the sorted paths
/// of every page of the site, or every template error met.
#[cfg(test)]
pub(crate) fn render_pages(
    scored: &Scored,
    theme: &Theme,
    narratives: &NarrativeHtml<'_>,
    wanted: &(dyn Fn(&str) -> bool + Sync),
) -> Result<(Vec<OutputFile>, Vec<String>), Diagnostics> {
    let lang = scored.site.config.default_language();
    let collect = crate::render::Collect::default();
    let with = With { narratives, rows: None, wanted };
    let paths = render_pages_in(scored, theme, &with, lang, &collect)?;
    Ok((collect.into_sorted(), paths))
}

/// Renders the HTML pages in `lang` (under `/<lang>/` unless it is the default
/// language) whose language-neutral route `with.wanted` accepts, with
/// narratives already rendered in that language, into `sink` as each is
/// ready. Returns the sorted output paths of every page of that language.
pub(crate) fn render_pages_in(
    scored: &Scored,
    theme: &Theme,
    with: &With<'_>,
    lang: &str,
    sink: &dyn Sink,
) -> Result<Vec<String>, Diagnostics> {
    let With { narratives, rows, wanted } = *with;
    let config = &scored.site.config;
    let default_lang = config.default_language();
    let strings = theme.strings_for(lang);
    let ui = Ui::new(lang, &strings, &config.base_url).with_default_lang(default_lang);
    let ctx = Ctx::new(scored, ui);
    let mut makers = makers(&ctx, narratives);
    if lang != default_lang {
        makers.retain(|(route, _)| *route != routes::not_found());
    }
    let job_routes: Vec<String> = makers.iter().map(|(route, _)| route.clone()).collect();
    makers.retain(|(route, _)| wanted(route));
    let region_routes: Vec<String> =
        scored.site.regions.iter().map(|r| routes::region(&r.slug)).collect();
    let mut page_paths: Vec<String> = job_routes
        .iter()
        .chain(&region_routes)
        .map(|route| routes::file_for(&routes::in_lang(route, lang, default_lang)))
        .collect();
    page_paths.sort();
    let wanted_regions: Vec<usize> =
        (0..region_routes.len()).filter(|&i| wanted(&region_routes[i])).collect();
    drop(region_routes);
    let shared = Shared {
        rows,
        t: tera::Value::from_serializable(&strings),
        site: tera::Value::from_serializable(&site_view(
            &ctx,
            &theme.strings_for(default_lang).get("lang_name").cloned().unwrap_or_default(),
        )),
        language_names: config
            .languages
            .iter()
            .map(|l| {
                (l.clone(), theme.strings_for(l).get("lang_name").cloned().unwrap_or_default())
            })
            .collect(),
    };
    let diags = std::sync::Mutex::new(Diagnostics::new());
    let emit = |result: Result<OutputFile, Diagnostics>| match result {
        Ok(file) => sink.put(file),
        Err(d) => diags.lock().unwrap_or_else(std::sync::PoisonError::into_inner).extend(d),
    };
    // A view is built only for a wanted page, just before it is rendered, and
    // dropped after: a partial render (`kla serve`) pays only for the pages it
    // renders, and the ranking views of a village-scale site (every village in
    // each) never sit in memory together.
    makers.into_par_iter().for_each(|(_, make)| emit(render_job(&make(), theme, &ctx, &shared)));
    wanted_regions.into_par_iter().for_each(|i| {
        emit(
            region_profile(&ctx, i, narratives)
                .and_then(|job| render_job(&job, theme, &ctx, &shared)),
        );
    });
    let mut diags = diags.into_inner().unwrap_or_else(std::sync::PoisonError::into_inner);
    diags.sort();
    diags.0.dedup();
    diags.into_result(page_paths)
}

/// The routes of every HTML page except the 404 page, for the sitemap.
pub(crate) fn html_routes(page_paths: &[String]) -> Vec<String> {
    page_paths
        .iter()
        .filter(|p| p.ends_with(".html") && *p != "404.html")
        .map(|p| format!("/{}", p.trim_end_matches("index.html")))
        .collect()
}

/// Values serialised once and shared by every page.
struct Shared<'r> {
    /// The ranking rows of the last render, when the caller keeps them.
    rows: Option<&'r RowCache>,
    t: tera::Value,
    site: tera::Value,
    /// Each site language with its own name, in `site.toml` order.
    language_names: Vec<(String, String)>,
}

fn render_job<'a>(
    job: &Job<'a>,
    theme: &Theme,
    ctx: &Ctx<'a>,
    shared: &Shared<'_>,
) -> Result<OutputFile, Diagnostics> {
    let config = &ctx.site().config;
    let ui = &ctx.ui;
    let route = routes::in_lang(&job.route, ui.lang, ui.default_lang);
    let meta = PageMeta {
        title: &job.title,
        url: ui.url(&job.route),
        canonical: routes::absolute(&config.base_url, &route),
        lang: ui.lang,
        is_home: job.route == routes::home(),
        description: job
            .description
            .as_deref()
            .or(config.description.as_ref().map(|d| d.get(ui.lang))),
        og_locale: og_locale(ui.lang),
        og_type: if job.template == "region.html" { "article" } else { "website" },
        image: job.image.as_ref().map(|r| routes::absolute(&config.base_url, r)),
        alternates: shared
            .language_names
            .iter()
            .map(|(lang, name)| Alternate {
                lang: lang.clone(),
                name: name.clone(),
                url: ui.url_in(&job.route, lang),
                absolute: routes::absolute(
                    &config.base_url,
                    &routes::in_lang(&job.route, lang, ui.default_lang),
                ),
                current: lang == ui.lang,
            })
            .collect(),
    };
    let path = routes::file_for(&route);
    let render = |view: tera::Value| -> Result<String, Diagnostics> {
        let mut context = tera::Context::new();
        context.insert_value("t", shared.t.clone());
        context.insert_value("site", shared.site.clone());
        context.insert("page", &meta);
        context.insert_value("v", view);
        theme
            .tera
            .render(job.template, &context)
            .map_err(|err| theme.diagnostic(job.template, &err).into())
    };
    let html = match &job.table {
        None => render(job.view.clone())?,
        Some(table) => {
            let rows = rows::draw(theme, shared.rows, ctx, &shared.t, &path, table)?;
            let marker = rows_marker();
            let page = render(with_rows_html(&job.view, marker))?;
            match splice_rows(&page, marker, &rows) {
                Some(html) => html,
                None => render(with_rows_html(&job.view, &rows.concat()))?,
            }
        }
    };
    Ok(OutputFile { path, body: html.into_bytes() })
}

/// `view` with `rows_html` added: the rows' HTML, drawn apart, as one safe
/// string (the template places it once instead of looping over every row).
fn with_rows_html(view: &tera::Value, rows_html: &str) -> tera::Value {
    let mut map = view.clone().into_map().unwrap_or_default();
    map.insert("rows_html".into(), tera::Value::safe_string(rows_html));
    tera::Value::from(map)
}

/// What a ranking page is first rendered with in place of its rows' HTML: a
/// ranking's rows (hundreds of kilobytes nationally) would otherwise be copied
/// into one string, into the template's value, through the `safe` filter and
/// into the page; in place of the marker they are copied once, into the page.
/// Random for each process (and with NUL bytes), so no page text holds it.
fn rows_marker() -> &'static str {
    static MARKER: OnceLock<String> = OnceLock::new();
    MARKER.get_or_init(|| {
        use std::hash::{BuildHasher, Hasher};
        let random = std::collections::hash_map::RandomState::new().build_hasher().finish();
        format!("\u{0}kla-rows-{random:016x}\u{0}")
    })
}

/// `page` with its one `marker` replaced by `rows`, or `None` when the
/// template placed the rows other than once.
fn splice_rows(page: &str, marker: &str, rows: &[Arc<str>]) -> Option<String> {
    let mut found = page.match_indices(marker).map(|(at, _)| at);
    let (Some(at), None) = (found.next(), found.next()) else { return None };
    let length = page.len() - marker.len() + rows.iter().map(|r| r.len()).sum::<usize>();
    let mut html = String::with_capacity(length);
    html.push_str(&page[..at]);
    rows.iter().for_each(|row| html.push_str(row));
    html.push_str(&page[at + marker.len()..]);
    Some(html)
}

/// `og:locale` of a language code: `id_ID`, `en_US`, else the code itself.
fn og_locale(lang: &str) -> String {
    match lang {
        "id" => "id_ID".to_string(),
        "en" => "en_US".to_string(),
        other => other.to_string(),
    }
}

/// `default_lang_name` is the site's first language's own name, for the
/// menu entries that have no translation in the page's language.
fn site_view<'a>(ctx: &Ctx<'a>, default_lang_name: &str) -> SiteView<'a> {
    let config = &ctx.site().config;
    let ui = &ctx.ui;
    let nav = nav_links(ctx, default_lang_name);
    SiteView {
        title: &config.title,
        description: config.description.as_ref().map(|d| d.get(ui.lang)),
        footer_author: config
            .author
            .as_deref()
            .map(|a| ui.fill("footer_published_by", &[("author", a)])),
        home_url: ui.url(&routes::home()),
        style_url: ui.url("/static/style.css"),
        tables_url: ui.url("/static/tables.js"),
        lang_note: (!ui.is_default_lang()).then(|| ui.t("only_in_default_language")),
        default_lang: ui.default_lang,
        feed_url: ui.url(&routes::feed()),
        data_url: ui.url(&routes::data_index()),
        search_url: ui.url(&routes::search()),
        nav,
    }
}

/// A page's view, built on demand.
type Make<'c> = Box<dyn Fn() -> Job<'c> + Send + Sync + 'c>;

/// Every page of the site except the region profiles, by route (in the
/// default language), each with the function that builds its job.
fn makers<'c>(ctx: &'c Ctx<'c>, narratives: &'c NarrativeHtml<'c>) -> Vec<(String, Make<'c>)> {
    let mut makers: Vec<(String, Make<'_>)> = vec![
        (routes::home(), Box::new(|| home(ctx))),
        (routes::rankings(), Box::new(|| rankings_index(ctx))),
        (routes::provinces(), Box::new(|| provinces_index(ctx))),
        (routes::methodology(), Box::new(|| methodology(ctx))),
        (routes::data_index(), Box::new(|| data_index(ctx))),
        (routes::changes(), Box::new(|| changes_page(ctx))),
        (routes::awards(), Box::new(|| awards_index(ctx))),
        (routes::search(), Box::new(|| search_page(ctx))),
        (routes::compare(), Box::new(|| compare_page(ctx))),
        (routes::not_found(), Box::new(|| not_found(ctx))),
    ];
    // Region profiles are not here: `render_pages_in` builds each view just before
    // rendering it, so the views of all regions never sit in memory at once.
    // A listing longer than a page is cut into numbered pages: its rows are
    // ordered once, by the first of its pages rendered, and shared by the
    // makers of its pages. A partial render (`kla serve`) orders only the
    // listings it renders a page of; how many pages each has is a count.
    for &year in ctx.by_year.keys() {
        let groups = province_groups(ctx, year);
        let provinces: Arc<Vec<&str>> = Arc::new(groups.keys().copied().collect());
        let national = Arc::new(OnceLock::new());
        for at in PageAt::all(scored_count(&ctx.by_year[&year])) {
            let (order, provinces) = (Arc::clone(&national), Arc::clone(&provinces));
            let make = move || {
                let ranked = order.get_or_init(|| ranked_by_total(&ctx.by_year[&year]));
                national_ranking(ctx, year, NationalOrder { ranked, provinces: &provinces }, at)
            };
            makers.push((routes::paged(&routes::ranking(year), at.n), Box::new(make)));
        }
        for (province, evs) in groups {
            let ranked = Arc::new(OnceLock::new());
            let pages = PageAt::all(scored_count(&evs));
            let evs = Arc::new(evs);
            for at in pages {
                let (order, evs) = (Arc::clone(&ranked), Arc::clone(&evs));
                let route = routes::paged(&routes::province_ranking(year, province), at.n);
                let make = move || {
                    let ranked = order.get_or_init(|| province_order(&evs));
                    province_ranking(ctx, (year, province), &evs, ranked, at)
                };
                makers.push((route, Box::new(make)));
            }
        }
        if let Some(rubric) = year_rubric(ctx, year) {
            for (ci, cluster) in rubric.clusters.iter().enumerate() {
                let ranked = Arc::new(OnceLock::new());
                for at in PageAt::all(cluster_count(ctx, year, ci)) {
                    let order = Arc::clone(&ranked);
                    let route = routes::paged(&routes::cluster_ranking(year, &cluster.id), at.n);
                    let make = move || {
                        let ranked = order.get_or_init(|| cluster_order(ctx, year, ci));
                        cluster_ranking(ctx, year, cluster, ranked, at)
                    };
                    makers.push((route, Box::new(make)));
                }
            }
        }
    }
    for year in record_years(ctx) {
        makers.push((routes::award_year(year), Box::new(move || award_year(ctx, year))));
    }
    for (province, regions) in &ctx.by_province {
        for at in PageAt::all(regions.len()) {
            let route = routes::paged(&routes::province(province), at.n);
            makers.push((route, Box::new(move || province_page(ctx, province, at))));
        }
    }
    for at in PageAt::all(ctx.site().regions.len()) {
        makers.push((
            routes::paged(&routes::regions(), at.n),
            Box::new(move || regions_index(ctx, at)),
        ));
    }
    for page in &ctx.site().pages {
        if narratives.pages.contains_key(&page.slug) {
            let make = move || free_page(ctx, narratives, page);
            makers.push((routes::page(&page.slug), Box::new(make)));
        }
    }
    makers
}

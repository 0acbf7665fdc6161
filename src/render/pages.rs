//! The HTML pages of a site: which pages exist, what each one's view holds,
//! and rendering them with the theme's templates in parallel.
//!
//! Narratives arrive already rendered ([`NarrativeHtml`]); this module does not
//! call the Markdown renderer, the open-data writer or the feeds, so it can be
//! tested on its own. Formatting helpers and shared row types live in `views`.

use std::collections::BTreeMap;

use pulldown_cmark::{Event, Options, Parser};
use rayon::prelude::*;
use serde::Serialize;

use crate::diag::Diagnostics;
use crate::model::{Points, Rubric};
use crate::render::charts;
use crate::render::routes;
use crate::render::search;
use crate::render::theme::Theme;
use crate::render::views::{Ctx, Link, RankRow, TrendView, Ui, format_decimal, format_percent};
use crate::render::{OutputFile, Sink};
use crate::score::{Scored, ScoredEvaluation};

/// Narratives rendered to HTML before the pages are: keyed by region index,
/// by (region index, evaluation index), and by free page slug.
#[derive(Debug, Clone, Default)]
pub(crate) struct NarrativeHtml {
    pub(crate) regions: BTreeMap<usize, String>,
    pub(crate) evaluations: BTreeMap<(usize, usize), String>,
    pub(crate) pages: BTreeMap<String, String>,
}

/// One page to render: its route (in the default language), template and view.
struct Job {
    route: String,
    template: &'static str,
    title: String,
    view: tera::Value,
    /// Meta and Open Graph description; the site's description when `None`.
    description: Option<String>,
    /// Route of the Open Graph image, when the page has one.
    image: Option<String>,
}

impl Job {
    fn new(route: String, template: &'static str, title: String, view: &impl Serialize) -> Self {
        let view = tera::Value::from_serializable(view);
        Self { route, template, title, view, description: None, image: None }
    }

    /// The same job with its own meta description.
    fn described(mut self, description: String) -> Self {
        self.description = Some(description);
        self
    }
}

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
    nav: Vec<Link>,
    /// "Only in Indonesian", shown beside narratives that are not translated.
    lang_note: Option<String>,
    /// The site's first language, the language of untranslated narratives.
    default_lang: &'a str,
}

/// Renders the HTML pages of the site whose route `wanted` accepts, in the
/// default language; returns those files sorted by path with the sorted paths
/// of every page of the site, or every template error met.
#[cfg(test)]
pub(crate) fn render_pages(
    scored: &Scored,
    theme: &Theme,
    narratives: &NarrativeHtml,
    wanted: &dyn Fn(&str) -> bool,
) -> Result<(Vec<OutputFile>, Vec<String>), Diagnostics> {
    let lang = scored.site.config.languages.first().map_or("id", String::as_str);
    let collect = crate::render::Collect::default();
    let paths = render_pages_in(scored, theme, narratives, lang, wanted, &collect)?;
    Ok((collect.into_sorted(), paths))
}

/// Renders the HTML pages in `lang` (under `/<lang>/` unless it is the default
/// language) whose language-neutral route `wanted` accepts, with narratives
/// already rendered in that language, into `sink` as each is ready. Returns
/// the sorted output paths of every page of that language.
pub(crate) fn render_pages_in(
    scored: &Scored,
    theme: &Theme,
    narratives: &NarrativeHtml,
    lang: &str,
    wanted: &dyn Fn(&str) -> bool,
    sink: &dyn Sink,
) -> Result<Vec<String>, Diagnostics> {
    let config = &scored.site.config;
    let default_lang = config.languages.first().map_or("id", String::as_str);
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
        t: tera::Value::from_serializable(&strings),
        site: tera::Value::from_serializable(&site_view(&ctx)),
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
        let job = region_profile(&ctx, i, narratives);
        emit(render_job(&job, theme, &ctx, &shared));
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
struct Shared {
    t: tera::Value,
    site: tera::Value,
    /// Each site language with its own name, in `site.toml` order.
    language_names: Vec<(String, String)>,
}

fn render_job(
    job: &Job,
    theme: &Theme,
    ctx: &Ctx<'_>,
    shared: &Shared,
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
    let mut context = tera::Context::new();
    context.insert_value("t", shared.t.clone());
    context.insert_value("site", shared.site.clone());
    context.insert("page", &meta);
    context.insert_value("v", job.view.clone());
    match theme.tera.render(job.template, &context) {
        Ok(html) => Ok(OutputFile { path: routes::file_for(&route), body: html.into_bytes() }),
        Err(err) => Err(theme.diagnostic(job.template, &err).into()),
    }
}

/// `og:locale` of a language code: `id_ID`, `en_US`, else the code itself.
fn og_locale(lang: &str) -> String {
    match lang {
        "id" => "id_ID".to_string(),
        "en" => "en_US".to_string(),
        other => other.to_string(),
    }
}

/// A free page's title in the page language, falling back to the default one.
/// A free page's title in the context's language: the translation's, else
/// the default-language one, else its slug.
pub(crate) fn page_title(ctx: &Ctx<'_>, page: &crate::model::Page) -> String {
    let narrative = page.narrative.in_lang(ctx.ui.lang).unwrap_or(&page.narrative);
    narrative
        .title
        .clone()
        .or_else(|| page.narrative.title.clone())
        .unwrap_or_else(|| page.slug.clone())
}

fn site_view<'a>(ctx: &Ctx<'a>) -> SiteView<'a> {
    let config = &ctx.site().config;
    let ui = &ctx.ui;
    let mut nav = vec![
        Link { label: ui.t("nav_home"), url: ui.url(&routes::home()) },
        Link { label: ui.t("nav_rankings"), url: ui.url(&routes::rankings()) },
        Link { label: ui.t("nav_regions"), url: ui.url(&routes::regions()) },
        Link { label: ui.t("nav_provinces"), url: ui.url(&routes::provinces()) },
        Link { label: ui.t("nav_methodology"), url: ui.url(&routes::methodology()) },
        Link { label: ui.t("nav_data"), url: ui.url(&routes::data_index()) },
        Link { label: ui.t("nav_changes"), url: ui.url(&routes::changes()) },
    ];
    for page in &ctx.site().pages {
        nav.push(Link { label: page_title(ctx, page), url: ui.url(&routes::page(&page.slug)) });
    }
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
type Make<'c> = Box<dyn Fn() -> Job + Send + Sync + 'c>;

/// Every page of the site except the region profiles, by route (in the
/// default language), each with the function that builds its job.
fn makers<'c>(ctx: &'c Ctx<'c>, narratives: &'c NarrativeHtml) -> Vec<(String, Make<'c>)> {
    let mut makers: Vec<(String, Make<'_>)> = vec![
        (routes::home(), Box::new(|| home(ctx))),
        (routes::regions(), Box::new(|| regions_index(ctx))),
        (routes::rankings(), Box::new(|| rankings_index(ctx))),
        (routes::provinces(), Box::new(|| provinces_index(ctx))),
        (routes::methodology(), Box::new(|| methodology(ctx))),
        (routes::data_index(), Box::new(|| data_index(ctx))),
        (routes::changes(), Box::new(|| changes_page(ctx))),
        (routes::search(), Box::new(|| search_page(ctx))),
        (routes::not_found(), Box::new(|| not_found(ctx))),
    ];
    // Region profiles are not here: `render_pages_in` builds each view just before
    // rendering it, so the views of all regions never sit in memory at once.
    for &year in ctx.by_year.keys() {
        makers.push((routes::ranking(year), Box::new(move || national_ranking(ctx, year))));
        for (province, evs) in province_groups(ctx, year) {
            let route = routes::province_ranking(year, province);
            makers.push((route, Box::new(move || province_ranking(ctx, year, province, &evs))));
        }
        if let Some(rubric) = year_rubric(ctx, year) {
            for (ci, cluster) in rubric.clusters.iter().enumerate() {
                let route = routes::cluster_ranking(year, &cluster.id);
                makers.push((route, Box::new(move || cluster_ranking(ctx, year, ci, cluster))));
            }
        }
    }
    for province in ctx.by_province.keys() {
        makers.push((routes::province(province), Box::new(move || province_page(ctx, province))));
    }
    for page in &ctx.site().pages {
        if narratives.pages.contains_key(&page.slug) {
            let make = move || free_page(ctx, narratives, page);
            makers.push((routes::page(&page.slug), Box::new(make)));
        }
    }
    makers
}

/// A free page (`pages/*.md`) whose narrative rendered.
fn free_page(ctx: &Ctx<'_>, narratives: &NarrativeHtml, page: &crate::model::Page) -> Job {
    let html = &narratives.pages[&page.slug];
    let title = page_title(ctx, page);
    let narrative = page.narrative.in_lang(ctx.ui.lang).unwrap_or(&page.narrative);
    let view = FreePageView {
        title: title.clone(),
        html,
        untranslated: untranslated(ctx, &page.narrative),
        date: narrative.date.as_deref().map(|d| ctx.ui.date(d)),
    };
    let job = Job::new(routes::page(&page.slug), "page.html", title, &view);
    match &narrative.description {
        Some(d) => job.described(d.clone()),
        None => job,
    }
}

// ---------------------------------------------------------------- search

#[derive(Serialize)]
struct SearchView {
    /// The filters with every value, in the order shown.
    filters: Vec<search::FilterView>,
    /// The language's Pagefind entry script.
    bundle_url: String,
    /// The page's own script, which queries the bundle.
    script_url: String,
}

/// The search page: a form that works as a plain GET without scripts, and
/// results drawn by `static/search.js` from the Pagefind bundle.
fn search_page(ctx: &Ctx<'_>) -> Job {
    let ui = &ctx.ui;
    let view = SearchView {
        filters: search::filter_views(ctx),
        bundle_url: ui.url(&format!("{}pagefind.js", routes::search_bundle())),
        script_url: ui.url("/static/search.js"),
    };
    Job::new(routes::search(), "search.html", ui.t("search_title"), &view)
}

// ---------------------------------------------------------------- home

#[derive(Serialize)]
struct PredikatCount {
    name: String,
    computed: usize,
    official: usize,
}

#[derive(Serialize)]
struct HomeView<'a> {
    any_illustrative: bool,
    heading: Option<String>,
    year: Option<u16>,
    ranking_url: Option<String>,
    ranking_label: Option<String>,
    counts: Vec<PredikatCount>,
    top: Vec<RankRow<'a>>,
    movers_up: Vec<RankRow<'a>>,
    movers_down: Vec<RankRow<'a>>,
    years: Vec<Link>,
    explore: Vec<Link>,
    distribution: Option<Distribution>,
}

fn home(ctx: &Ctx<'_>) -> Job {
    let ui = &ctx.ui;
    let year = ctx.latest_year();
    let evs: &[&ScoredEvaluation] =
        year.and_then(|y| ctx.by_year.get(&y)).map_or(&[], Vec::as_slice);
    let ranked = ranked_by_total(evs);
    let top = ranked.iter().take(10).map(|ev| ctx.row(ev, ev.ranks.national, None)).collect();
    let mut movers: Vec<(&ScoredEvaluation, Points)> =
        evs.iter().filter_map(|ev| Some((*ev, ev.trend.as_ref()?.delta?))).collect();
    movers.sort_by(|a, b| {
        b.1.cmp(&a.1).then_with(|| ctx.region_of(a.0).name.cmp(&ctx.region_of(b.0).name))
    });
    let movers_up = movers.iter().filter(|m| m.1 > Points::ZERO).take(5);
    let movers_down = movers.iter().rev().filter(|m| m.1 < Points::ZERO).take(5);
    let top: Vec<RankRow<'_>> = top;
    let view = HomeView {
        any_illustrative: top.iter().any(|r| r.illustrative),
        heading: year.map(|y| ui.fill("home_latest", &[("year", &y.to_string())])),
        year,
        ranking_url: year.map(|y| ui.url(&routes::ranking(y))),
        ranking_label: year.map(|y| ui.fill("ranking_title", &[("year", &y.to_string())])),
        counts: year.map(|y| predikat_counts(ctx, y, evs)).unwrap_or_default(),
        top,
        movers_up: movers_up.map(|m| ctx.row(m.0, m.0.ranks.national, None)).collect(),
        movers_down: movers_down.map(|m| ctx.row(m.0, m.0.ranks.national, None)).collect(),
        years: ctx.by_year.keys().rev().map(|&y| ctx.ranking_link(y)).collect(),
        distribution: distribution(ctx),
        explore: vec![
            Link { label: ui.t("nav_regions"), url: ui.url(&routes::regions()) },
            Link { label: ui.t("nav_provinces"), url: ui.url(&routes::provinces()) },
            Link { label: ui.t("nav_methodology"), url: ui.url(&routes::methodology()) },
            Link { label: ui.t("nav_data"), url: ui.url(&routes::data_index()) },
        ],
    };
    Job::new(routes::home(), "index.html", ctx.site().config.title.clone(), &view)
}

/// Regions per predikat in `year`, top tier first, computed and official side by side.
fn predikat_counts(ctx: &Ctx<'_>, year: u16, evs: &[&ScoredEvaluation]) -> Vec<PredikatCount> {
    let Some((_, rubric)) = ctx.site().rubric_for(year) else { return Vec::new() };
    let computed_tier = |ev: &&ScoredEvaluation| ev.computed.as_ref().map(|c| c.predikat.clone());
    let mut rows: Vec<PredikatCount> = rubric
        .tiers
        .iter()
        .rev()
        .map(|tier| PredikatCount {
            name: tier.name.get(ctx.ui.lang).to_string(),
            computed: evs
                .iter()
                .filter(|ev| computed_tier(ev) == Some(Some(tier.id.clone())))
                .count(),
            official: evs.iter().filter(|ev| ev.official.as_deref() == Some(&tier.id)).count(),
        })
        .collect();
    rows.push(PredikatCount {
        name: ctx.ui.t("no_predikat"),
        computed: evs.iter().filter(|ev| computed_tier(ev) == Some(None)).count(),
        official: 0,
    });
    rows
}

/// Computed evaluations by national rank, then name; official-only ones left out.
fn ranked_by_total<'a>(evs: &[&'a ScoredEvaluation]) -> Vec<&'a ScoredEvaluation> {
    let mut ranked: Vec<_> = evs.iter().copied().filter(|ev| ev.computed.is_some()).collect();
    ranked.sort_by_key(|ev| (ev.ranks.national.unwrap_or(u32::MAX), ev.region));
    ranked
}

// ---------------------------------------------------------------- rankings

#[derive(Serialize)]
struct RankingView<'a> {
    heading: String,
    caption: String,
    rows: Vec<RankRow<'a>>,
    official_only: Vec<RankRow<'a>>,
    show_province: bool,
    any_illustrative: bool,
    provinces: Vec<Link>,
    clusters: Vec<Link>,
    back: Option<Link>,
}

fn rankings_index(ctx: &Ctx<'_>) -> Job {
    let years: Vec<Link> = ctx.by_year.keys().rev().map(|&y| ctx.ranking_link(y)).collect();
    let view = SimpleListView { intro: ctx.ui.t("rankings_intro"), links: years };
    Job::new(routes::rankings(), "rankings.html", ctx.ui.t("rankings_title"), &view)
}

fn national_ranking(ctx: &Ctx<'_>, year: u16) -> Job {
    let ui = &ctx.ui;
    let y = year.to_string();
    let evs = &ctx.by_year[&year];
    let mut provinces: Vec<&str> =
        evs.iter().map(|ev| ctx.region_of(ev).province.as_str()).collect();
    provinces.sort_unstable();
    provinces.dedup();
    let view = RankingView {
        heading: ui.fill("ranking_title", &[("year", &y)]),
        caption: ui.fill("ranking_caption", &[("year", &y)]),
        rows: ranked_by_total(evs)
            .into_iter()
            .map(|ev| ctx.row(ev, ev.ranks.national, None))
            .collect(),
        official_only: official_only(ctx, evs),
        show_province: true,
        any_illustrative: false,
        provinces: provinces
            .iter()
            .map(|p| Link { label: p.to_string(), url: ui.url(&routes::province_ranking(year, p)) })
            .collect(),
        clusters: year_rubric(ctx, year)
            .map(|r| {
                r.clusters
                    .iter()
                    .map(|c| Link {
                        label: c.name.get(ui.lang).to_string(),
                        url: ui.url(&routes::cluster_ranking(year, &c.id)),
                    })
                    .collect()
            })
            .unwrap_or_default(),
        back: None,
    };
    ranking_job(routes::ranking(year), view)
}

/// A ranking page; the illustrative note shows only when a row is illustrative.
fn ranking_job(route: String, mut view: RankingView<'_>) -> Job {
    view.any_illustrative = view.rows.iter().any(|r| r.illustrative);
    let title = view.heading.clone();
    Job::new(route, "ranking.html", title, &view)
}

fn year_rubric<'a>(ctx: &Ctx<'a>, year: u16) -> Option<&'a Rubric> {
    ctx.by_year.get(&year)?.first().map(|ev| ctx.rubric_of(ev))
}

fn official_only<'a>(ctx: &Ctx<'a>, evs: &[&'a ScoredEvaluation]) -> Vec<RankRow<'a>> {
    let mut rows: Vec<RankRow<'a>> =
        evs.iter().filter(|ev| ev.computed.is_none()).map(|ev| ctx.row(ev, None, None)).collect();
    rows.sort_by(|a, b| a.name.cmp(b.name));
    rows
}

fn back_link(ctx: &Ctx<'_>, year: u16) -> Link {
    Link {
        label: ctx.ui.fill("ranking_back", &[("year", &year.to_string())]),
        url: ctx.ui.url(&routes::ranking(year)),
    }
}

/// A year's evaluations by province, for the province rankings.
fn province_groups<'a>(ctx: &Ctx<'a>, year: u16) -> BTreeMap<&'a str, Vec<&'a ScoredEvaluation>> {
    let mut by_province: BTreeMap<&str, Vec<&ScoredEvaluation>> = BTreeMap::new();
    for ev in &ctx.by_year[&year] {
        by_province.entry(ctx.region_of(ev).province.as_str()).or_default().push(ev);
    }
    by_province
}

fn province_ranking<'a>(
    ctx: &Ctx<'a>,
    year: u16,
    province: &str,
    evs: &[&'a ScoredEvaluation],
) -> Job {
    let ui = &ctx.ui;
    let y = year.to_string();
    let mut ranked: Vec<_> = evs.iter().copied().filter(|ev| ev.computed.is_some()).collect();
    ranked.sort_by_key(|ev| (ev.ranks.province.unwrap_or(u32::MAX), ev.region));
    let args = [("province", province), ("year", y.as_str())];
    let view = RankingView {
        heading: ui.fill("ranking_province_title", &args),
        caption: ui.fill("ranking_province_caption", &args),
        rows: ranked.into_iter().map(|ev| ctx.row(ev, ev.ranks.province, None)).collect(),
        official_only: official_only(ctx, evs),
        show_province: false,
        any_illustrative: false,
        provinces: Vec::new(),
        clusters: Vec::new(),
        back: Some(back_link(ctx, year)),
    };
    ranking_job(routes::province_ranking(year, province), view)
}

/// The ranking of a year's evaluations by the points of the rubric's cluster `ci`.
fn cluster_ranking(ctx: &Ctx<'_>, year: u16, ci: usize, cluster: &crate::model::Cluster) -> Job {
    let ui = &ctx.ui;
    let y = year.to_string();
    let evs = &ctx.by_year[&year];
    let score =
        |ev: &ScoredEvaluation| ev.computed.as_ref().and_then(|c| c.clusters.get(ci)).cloned();
    let mut ranked: Vec<_> = evs.iter().copied().filter_map(|ev| Some((ev, score(ev)?))).collect();
    ranked.sort_by_key(|(ev, s)| (s.rank_national.unwrap_or(u32::MAX), ev.region));
    let name = cluster.name.get(ui.lang);
    let args = [("cluster", name), ("year", y.as_str())];
    let view = RankingView {
        heading: ui.fill("ranking_cluster_title", &args),
        caption: ui.fill("ranking_cluster_caption", &args),
        rows: ranked
            .iter()
            .map(|(ev, s)| ctx.row(ev, s.rank_national, Some((s.points, s.max))))
            .collect(),
        official_only: Vec::new(),
        show_province: true,
        any_illustrative: false,
        provinces: Vec::new(),
        clusters: Vec::new(),
        back: Some(back_link(ctx, year)),
    };
    ranking_job(routes::cluster_ranking(year, &cluster.id), view)
}

// ---------------------------------------------------------------- regions

#[derive(Serialize)]
struct RegionGroup<'a> {
    province: Link,
    regions: Vec<Link>,
    count: usize,
    rows: Vec<RankRow<'a>>,
}

#[derive(Serialize)]
struct RegionsView<'a> {
    intro: String,
    groups: Vec<RegionGroup<'a>>,
}

fn regions_index(ctx: &Ctx<'_>) -> Job {
    let groups = ctx
        .by_province
        .iter()
        .map(|(province, regions)| RegionGroup {
            province: ctx.province_link(province),
            regions: regions
                .iter()
                .map(|&i| {
                    let r = &ctx.site().regions[i];
                    Link { label: r.name.clone(), url: ctx.ui.url(&routes::region(&r.slug)) }
                })
                .collect(),
            count: regions.len(),
            rows: Vec::new(),
        })
        .collect();
    let view = RegionsView { intro: ctx.ui.t("regions_intro"), groups };
    Job::new(routes::regions(), "regions.html", ctx.ui.t("regions_title"), &view)
}

#[derive(Serialize)]
struct ClusterRow {
    name: String,
    points: String,
    max: String,
    percent: String,
    rank_national: Option<String>,
    rank_province: Option<String>,
    ranking_url: String,
}

#[derive(Serialize)]
struct IndicatorRow<'a> {
    name: &'a str,
    cluster: &'a str,
    /// The first row of its cluster: the table opens a cluster group here.
    first_in_cluster: bool,
    points: String,
    max: String,
    missing: bool,
    value: Option<String>,
    data_year: Option<u16>,
    source: Option<&'a str>,
}

#[derive(Serialize)]
struct GapView {
    text: String,
    failing_gates: Vec<String>,
    open: Vec<OpenRow>,
}

#[derive(Serialize)]
struct OpenRow {
    name: String,
    open: String,
}

#[derive(Serialize)]
struct EvaluationView<'a> {
    year: u16,
    heading: String,
    ranking_url: String,
    computed: bool,
    predikat: String,
    total: String,
    max: String,
    percent: String,
    official: Option<String>,
    mismatch: bool,
    incomplete: bool,
    illustrative: bool,
    self_assessment: Option<String>,
    rank_national: Option<String>,
    rank_province: Option<String>,
    province_ranking_url: String,
    clusters: Vec<ClusterRow>,
    indicators: Vec<IndicatorRow<'a>>,
    gap: Option<GapView>,
    top_tier: bool,
    source: Option<&'a str>,
}

#[derive(Serialize)]
struct HistoryRow<'a> {
    year: u16,
    ranking_url: String,
    rubric: &'a str,
    total: String,
    predikat: String,
    official: String,
    trend: TrendView,
    source: Option<&'a str>,
    illustrative: bool,
}

#[derive(Serialize)]
struct YearNarrative<'a> {
    heading: String,
    html: &'a str,
    untranslated: bool,
}

#[derive(Serialize)]
struct PeerRow<'a> {
    name: &'a str,
    url: String,
    predikat: String,
    year: Option<u16>,
}

#[derive(Serialize)]
struct RegionView<'a> {
    name: &'a str,
    kind: String,
    province: Link,
    code: &'a str,
    latest: Option<EvaluationView<'a>>,
    history: Vec<HistoryRow<'a>>,
    narrative: Option<&'a str>,
    narrative_untranslated: bool,
    narrative_date: Option<String>,
    year_narratives: Vec<YearNarrative<'a>>,
    peers: Vec<PeerRow<'a>>,
    /// Set when the province has more peers than shown: a link to its page.
    peers_more: Option<Link>,
    data_json: String,
    /// Inline SVG: the latest evaluation's points per cluster.
    cluster_chart: Option<String>,
    /// Inline SVG: the score over the years, over the predikat bands.
    history_chart: Option<String>,
}

fn region_profile<'a>(ctx: &Ctx<'a>, index: usize, narratives: &'a NarrativeHtml) -> Job {
    let region = &ctx.site().regions[index];
    let evs = &ctx.by_region[index];
    let view = RegionView {
        name: &region.name,
        kind: ctx.ui.kind(region.kind),
        province: ctx.province_link(&region.province),
        code: &region.code,
        latest: evs.last().map(|ev| evaluation_view(ctx, ev)),
        history: evs.iter().rev().map(|ev| history_row(ctx, ev)).collect(),
        narrative: narratives.regions.get(&index).map(String::as_str),
        narrative_untranslated: region.narrative.as_ref().is_some_and(|n| untranslated(ctx, n)),
        narrative_date: region
            .narrative
            .as_ref()
            .and_then(|n| n.in_lang(ctx.ui.lang).unwrap_or(n).date.as_deref())
            .map(|d| ctx.ui.date(d)),
        year_narratives: evs
            .iter()
            .rev()
            .filter_map(|ev| {
                let html = narratives.evaluations.get(&(index, ev.evaluation))?;
                let heading =
                    ctx.ui.fill("region_year_narrative", &[("year", &ev.year.to_string())]);
                let untranslated = region
                    .evaluations
                    .get(ev.evaluation)
                    .and_then(|e| e.narrative.as_ref())
                    .is_some_and(|n| untranslated(ctx, n));
                Some(YearNarrative { heading, html, untranslated })
            })
            .collect(),
        peers: peers(ctx, index),
        peers_more: peers_more(ctx, index),
        data_json: ctx.ui.url(&routes::region_json(&region.slug)),
        cluster_chart: evs.last().and_then(|ev| cluster_chart(ctx, ev)),
        history_chart: history_chart(ctx, evs),
    };
    let description = region_description(ctx, index);
    let mut job = Job::new(routes::region(&region.slug), "region.html", region.name.clone(), &view)
        .described(description);
    job.image = Some(routes::share_image(&region.slug));
    job
}

/// "Kota Alpha (Provinsi Satu): predikat Utama, evaluasi 2021.", for meta tags.
fn region_description(ctx: &Ctx<'_>, index: usize) -> String {
    let region = &ctx.site().regions[index];
    match ctx.latest_of(index) {
        Some(ev) => ctx.ui.fill(
            "region_description",
            &[
                ("name", &region.name),
                ("province", &region.province),
                ("predikat", &latest_predikat(ctx, ev)),
                ("year", &ev.year.to_string()),
            ],
        ),
        None => ctx.ui.fill(
            "region_description_none",
            &[("name", &region.name), ("province", &region.province)],
        ),
    }
}

fn evaluation_view<'a>(ctx: &Ctx<'a>, ev: &'a ScoredEvaluation) -> EvaluationView<'a> {
    let ui = &ctx.ui;
    let region = ctx.region_of(ev);
    let rubric = ctx.rubric_of(ev);
    let evaluation = region.evaluations.get(ev.evaluation);
    let computed = ev.computed.as_ref();
    let dash = ui.t("dash");
    EvaluationView {
        year: ev.year,
        heading: ui.fill("region_latest", &[("year", &ev.year.to_string())]),
        ranking_url: ui.url(&routes::ranking(ev.year)),
        computed: computed.is_some(),
        predikat: computed.map_or(dash.clone(), |c| ui.tier_name(rubric, c.predikat.as_deref())),
        total: computed.map_or(dash.clone(), |c| ui.points(c.total)),
        max: computed.map_or(dash.clone(), |c| ui.points(c.max)),
        percent: computed.map_or(dash, |c| format_percent(c.total.percent_of(c.max), ui.lang)),
        official: ev.official.as_deref().map(|o| ui.tier_name(rubric, Some(o))),
        mismatch: ev.mismatch,
        incomplete: computed.is_some_and(|c| !c.complete),
        illustrative: ctx.illustrative(ev),
        self_assessment: evaluation.and_then(|e| e.self_assessment).map(|p| ui.points(p)),
        rank_national: ui.rank_of(ev.ranks.national, ev.ranks.national_of),
        rank_province: ui.rank_of(ev.ranks.province, ev.ranks.province_of),
        province_ranking_url: ui.url(&routes::province_ranking(ev.year, &region.province)),
        clusters: computed.map(|c| cluster_rows(ctx, ev, rubric, c)).unwrap_or_default(),
        indicators: computed.map(|c| indicator_rows(ctx, ev, rubric, c)).unwrap_or_default(),
        gap: ev.gap.as_ref().map(|g| gap_view(ctx, rubric, g)),
        top_tier: computed.is_some_and(|c| {
            c.predikat.is_some() && c.predikat == rubric.tiers.last().map(|t| t.id.clone())
        }),
        source: ctx.source(ev),
    }
}

fn cluster_rows(
    ctx: &Ctx<'_>,
    ev: &ScoredEvaluation,
    rubric: &Rubric,
    c: &crate::score::Computed,
) -> Vec<ClusterRow> {
    let ui = &ctx.ui;
    c.clusters
        .iter()
        .map(|cs| ClusterRow {
            name: rubric
                .cluster(&cs.id)
                .map_or_else(|| cs.id.clone(), |cl| cl.name.get(ui.lang).to_string()),
            points: ui.points(cs.points),
            max: ui.points(cs.max),
            percent: format_percent(cs.points.percent_of(cs.max), ui.lang),
            rank_national: ui.rank_of(cs.rank_national, ev.ranks.national_of),
            rank_province: ui.rank_of(cs.rank_province, ev.ranks.province_of),
            ranking_url: ui.url(&routes::cluster_ranking(ev.year, &cs.id)),
        })
        .collect()
}

fn indicator_rows<'a>(
    ctx: &Ctx<'a>,
    ev: &'a ScoredEvaluation,
    rubric: &'a Rubric,
    c: &'a crate::score::Computed,
) -> Vec<IndicatorRow<'a>> {
    let ui = &ctx.ui;
    c.indicators
        .iter()
        .enumerate()
        .map(|(n, is)| {
            let found = rubric.indicator(&is.id);
            let unit = found.and_then(|(_, i)| i.scale.as_ref()).map_or("", |s| s.unit.as_str());
            IndicatorRow {
                name: found.map_or(is.id.as_str(), |(_, i)| i.name.get(ui.lang)),
                cluster: found.map_or(is.cluster.as_str(), |(cl, _)| cl.name.get(ui.lang)),
                first_in_cluster: n == 0 || c.indicators[n - 1].cluster != is.cluster,
                points: ui.points(is.points),
                max: ui.points(is.max),
                missing: is.missing,
                value: is
                    .value
                    .as_ref()
                    .map(|m| with_unit(&format_decimal(m.value, 2, ui.lang), unit)),
                data_year: is.value.as_ref().map(|m| m.year.unwrap_or(ev.year)),
                // Only a measured value has a source of its own (or the
                // evaluation's); repeating the evaluation's source on every
                // points row would bury the ones that matter.
                source: is
                    .value
                    .as_ref()
                    .and_then(|m| m.source.as_deref().or_else(|| ctx.source(ev))),
            }
        })
        .collect()
}

/// `97,2%` but `12 hari`: a percent sign sticks to its number, other units do not.
fn with_unit(number: &str, unit: &str) -> String {
    match unit {
        "" => number.to_string(),
        "%" => format!("{number}%"),
        other => format!("{number} {other}"),
    }
}

fn gap_view(ctx: &Ctx<'_>, rubric: &Rubric, gap: &crate::score::Gap) -> GapView {
    let ui = &ctx.ui;
    let tier = ui.tier_name(rubric, Some(&gap.next));
    let gates = rubric.tier(&gap.next).map_or(&[][..], |t| t.gates.as_slice());
    GapView {
        text: ui.fill(
            "region_gap_points",
            &[("tier", &tier), ("points", &ui.points(gap.points_needed))],
        ),
        failing_gates: gap
            .failing_gates
            .iter()
            .map(|id| {
                let gate = gates.iter().find(|g| &g.cluster == id);
                gate_text(ctx, rubric, id, gate.map_or(Points::ZERO, |g| g.min_percent))
            })
            .collect(),
        open: gap
            .open
            .iter()
            .map(|o| OpenRow {
                name: rubric
                    .indicator(&o.id)
                    .map_or_else(|| o.id.clone(), |(_, i)| i.name.get(ui.lang).to_string()),
                open: ui.points(o.open),
            })
            .collect(),
    }
}

/// "Perlindungan Khusus minimal 80%".
fn gate_text(ctx: &Ctx<'_>, rubric: &Rubric, cluster: &str, min_percent: Points) -> String {
    let name = rubric.cluster(cluster).map_or(cluster, |c| c.name.get(ctx.ui.lang));
    let percent = format!("{}%", ctx.ui.points(min_percent));
    ctx.ui.fill("methodology_gate", &[("cluster", name), ("percent", &percent)])
}

fn history_row<'a>(ctx: &Ctx<'a>, ev: &'a ScoredEvaluation) -> HistoryRow<'a> {
    let row = ctx.row(ev, None, None);
    HistoryRow {
        year: ev.year,
        ranking_url: ctx.ui.url(&routes::ranking(ev.year)),
        rubric: ctx.rubric_of(ev).title.get(ctx.ui.lang),
        total: row.total,
        predikat: row.predikat,
        official: row.official,
        trend: row.trend,
        source: ctx.source(ev),
        illustrative: row.illustrative,
    }
}

/// At most this many peers on a region page: a province of villages has thousands,
/// and listing them all on each of its pages makes the site quadratic in size.
const MAX_PEERS: usize = 24;

/// The regions a profile lists as its province's (itself included): `all` of
/// them (in site order) when few, else the `MAX_PEERS + 1` around `position` in
/// `ranked` (the province by latest rank). One rule, shared with `kla serve`'s
/// planner, which must know which profiles an edit reaches.
pub(crate) fn peer_window<'v>(
    all: &'v [usize],
    ranked: &'v [usize],
    position: usize,
) -> &'v [usize] {
    if all.len() <= MAX_PEERS + 1 {
        return all;
    }
    let start = position.saturating_sub(MAX_PEERS / 2).min(ranked.len() - (MAX_PEERS + 1));
    &ranked[start..start + MAX_PEERS + 1]
}

/// The other regions of the province: all of them when few, else the `MAX_PEERS`
/// nearest in the province ranking.
fn peers<'a>(ctx: &Ctx<'a>, index: usize) -> Vec<PeerRow<'a>> {
    let province = ctx.site().regions[index].province.as_str();
    let shown = peer_window(
        &ctx.by_province[province],
        &ctx.province_ranked.0[province],
        ctx.province_ranked.1[index],
    );
    shown
        .iter()
        .filter(|&&i| i != index)
        .map(|&i| {
            let peer = &ctx.site().regions[i];
            let latest = ctx.latest_of(i);
            PeerRow {
                name: &peer.name,
                url: ctx.ui.url(&routes::region(&peer.slug)),
                predikat: latest.map_or_else(|| ctx.ui.t("dash"), |ev| latest_predikat(ctx, ev)),
                year: latest.map(|ev| ev.year),
            }
        })
        .collect()
}

/// A link to the province page when the peer list is cut short.
fn peers_more(ctx: &Ctx<'_>, index: usize) -> Option<Link> {
    let province = ctx.site().regions[index].province.as_str();
    let count = ctx.by_province[province].len() - 1;
    (count > MAX_PEERS).then(|| Link {
        label: ctx.ui.fill("region_peers_all", &[("count", &count.to_string())]),
        url: ctx.ui.url(&routes::province(province)),
    })
}

/// The computed predikat when there is one, else the official one.
fn latest_predikat(ctx: &Ctx<'_>, ev: &ScoredEvaluation) -> String {
    let rubric = ctx.rubric_of(ev);
    match (&ev.computed, &ev.official) {
        (Some(c), _) => ctx.ui.tier_name(rubric, c.predikat.as_deref()),
        (None, Some(o)) => ctx.ui.tier_name(rubric, Some(o)),
        (None, None) => ctx.ui.t("dash"),
    }
}

// ---------------------------------------------------------------- provinces

#[derive(Serialize)]
struct ProvinceView<'a> {
    heading: String,
    rows: Vec<RankRow<'a>>,
    no_evaluation: Vec<Link>,
    rankings: Vec<Link>,
}

fn provinces_index(ctx: &Ctx<'_>) -> Job {
    let groups: Vec<RegionGroup<'_>> = ctx
        .by_province
        .iter()
        .map(|(province, regions)| RegionGroup {
            province: ctx.province_link(province),
            regions: Vec::new(),
            count: regions.len(),
            rows: Vec::new(),
        })
        .collect();
    let view = ProvincesView {
        intro: ctx.ui.t("provinces_intro"),
        groups,
        multiples: province_multiples(ctx),
    };
    Job::new(routes::provinces(), "provinces.html", ctx.ui.t("provinces_title"), &view)
}

fn province_page(ctx: &Ctx<'_>, province: &str) -> Job {
    let regions = &ctx.by_province[province];
    let mut rows = Vec::new();
    let mut no_evaluation = Vec::new();
    let mut years: Vec<u16> = Vec::new();
    for &i in regions {
        for ev in &ctx.by_region[i] {
            years.push(ev.year);
        }
        match ctx.latest_of(i) {
            Some(ev) => rows.push(ctx.row(ev, ev.ranks.province, None)),
            None => {
                let r = &ctx.site().regions[i];
                no_evaluation.push(Link {
                    label: r.name.clone(),
                    url: ctx.ui.url(&routes::region(&r.slug)),
                });
            }
        }
    }
    years.sort_unstable();
    years.dedup();
    let view = ProvinceView {
        heading: ctx.ui.fill("province_title", &[("province", province)]),
        rows,
        no_evaluation,
        rankings: years
            .iter()
            .rev()
            .map(|&y| Link {
                label: y.to_string(),
                url: ctx.ui.url(&routes::province_ranking(y, province)),
            })
            .collect(),
    };
    let title = view.heading.clone();
    Job::new(routes::province(province), "province.html", title, &view)
}

#[derive(Serialize)]
struct ProvincesView<'a> {
    intro: String,
    groups: Vec<RegionGroup<'a>>,
    multiples: Multiples,
}

// ---------------------------------------------------------------- charts

/// A stacked chart with its data table: series names, one row of counts per label.
#[derive(Serialize)]
struct Distribution {
    svg: String,
    caption: String,
    series: Vec<String>,
    rows: Vec<CountsRow>,
}

#[derive(Serialize)]
struct CountsRow {
    label: String,
    counts: Vec<usize>,
    /// A small chart of this row alone, for small multiples.
    svg: Option<String>,
}

/// Per-province small charts of the latest predikat, with their data table.
#[derive(Serialize)]
struct Multiples {
    series: Vec<String>,
    colours: Vec<&'static str>,
    rows: Vec<CountsRow>,
}

fn cluster_chart(ctx: &Ctx<'_>, ev: &ScoredEvaluation) -> Option<String> {
    let computed = ev.computed.as_ref()?;
    let ui = &ctx.ui;
    let rubric = ctx.rubric_of(ev);
    let bars: Vec<charts::Bar> = computed
        .clusters
        .iter()
        .map(|cs| charts::Bar {
            label: rubric
                .cluster(&cs.id)
                .map_or(cs.id.as_str(), |c| c.name.get(ui.lang))
                .to_string(),
            value: cs.points.as_f64(),
            max: cs.max.as_f64(),
            text: format!("{} / {}", ui.points(cs.points), ui.points(cs.max)),
        })
        .collect();
    let name = &ctx.region_of(ev).name;
    let title = ui.fill("chart_clusters_title", &[("name", name), ("year", &ev.year.to_string())]);
    let labels =
        charts::Labels { id: "grafik-klaster", title: &title, desc: &ui.t("chart_clusters_desc") };
    Some(charts::bars(&labels, &bars))
}

fn history_chart(ctx: &Ctx<'_>, evs: &[&ScoredEvaluation]) -> Option<String> {
    let latest = evs.iter().rev().find(|ev| ev.computed.is_some())?;
    let ui = &ctx.ui;
    let rubric = ctx.rubric_of(latest);
    let points: Vec<charts::Point> = evs
        .iter()
        .map(|ev| charts::Point {
            label: ev.year.to_string(),
            value: ev.computed.as_ref().map(|c| c.total.as_f64()),
            text: ev.computed.as_ref().map(|c| ui.points(c.total)).unwrap_or_default(),
        })
        .collect();
    let count = rubric.tiers.len();
    let bands: Vec<charts::Band> = rubric
        .tiers
        .iter()
        .enumerate()
        .map(|(i, t)| charts::Band {
            label: t.name.get(ui.lang).to_string(),
            from: t.min_score.as_f64(),
            colour: charts::tier_colour(i, count),
        })
        .collect();
    let name = &ctx.region_of(latest).name;
    let title = ui.fill("chart_history_title", &[("name", name)]);
    let labels =
        charts::Labels { id: "grafik-riwayat", title: &title, desc: &ui.t("chart_history_desc") };
    Some(charts::score_line(&labels, &points, rubric.max_score.as_f64(), &bands))
}

/// Tier names of every rubric, lowest first, each once.
fn tier_series(ctx: &Ctx<'_>) -> Vec<String> {
    let mut names: Vec<String> = Vec::new();
    for rubric in &ctx.site().rubrics {
        for tier in &rubric.tiers {
            let name = tier.name.get(ctx.ui.lang).to_string();
            if !names.contains(&name) {
                names.push(name);
            }
        }
    }
    names
}

/// The chart series of `labels`: the first `tiers` on the blue scale, the rest grey.
fn chart_series(labels: &[String], tiers: usize) -> Vec<charts::Series> {
    let colour = |i| if i < tiers { charts::tier_colour(i, tiers) } else { charts::NONE_COLOUR };
    labels
        .iter()
        .enumerate()
        .map(|(i, label)| charts::Series { label: label.clone(), colour: colour(i) })
        .collect()
}

/// Regions per official predikat in each year, as a stacked chart and its table.
fn distribution(ctx: &Ctx<'_>) -> Option<Distribution> {
    if ctx.by_year.is_empty() {
        return None;
    }
    let ui = &ctx.ui;
    let mut series = tier_series(ctx);
    let tiers = series.len();
    series.push(ui.t("chart_no_official"));
    let rows: Vec<CountsRow> = ctx
        .by_year
        .iter()
        .map(|(year, evs)| {
            let mut counts = vec![0; series.len()];
            for ev in evs {
                let name = ev.official.as_deref().map(|o| ui.tier_name(ctx.rubric_of(ev), Some(o)));
                let at = name.and_then(|n| series.iter().position(|s| *s == n)).unwrap_or(tiers);
                counts[at] += 1;
            }
            CountsRow { label: year.to_string(), counts, svg: None }
        })
        .collect();
    let chart_series = chart_series(&series, tiers);
    let stacks: Vec<charts::Stack> = rows
        .iter()
        .map(|r| charts::Stack { label: r.label.clone(), counts: r.counts.clone() })
        .collect();
    let caption = ui.t("chart_distribution_title");
    let labels = charts::Labels {
        id: "grafik-sebaran",
        title: &caption,
        desc: &ui.t("chart_distribution_desc"),
    };
    let svg = charts::stacked(&labels, &chart_series, &stacks);
    Some(Distribution { svg, caption, series, rows })
}

/// Per province, its regions by latest predikat (computed, else official; or not evaluated).
fn province_multiples(ctx: &Ctx<'_>) -> Multiples {
    let ui = &ctx.ui;
    let mut series = tier_series(ctx);
    let tiers = series.len();
    series.push(ui.t("no_predikat"));
    series.push(ui.t("chart_not_evaluated"));
    let chart_series = chart_series(&series, tiers);
    let colours: Vec<&'static str> = chart_series.iter().map(|s| s.colour).collect();
    let rows = ctx
        .by_province
        .iter()
        .enumerate()
        .map(|(n, (province, regions))| {
            let mut counts = vec![0; series.len()];
            for &i in regions {
                let at = match ctx.latest_of(i) {
                    Some(ev) => {
                        let name = latest_predikat(ctx, ev);
                        series.iter().position(|s| *s == name).unwrap_or(tiers)
                    }
                    None => tiers + 1,
                };
                counts[at] += 1;
            }
            let desc: Vec<String> = series
                .iter()
                .zip(&counts)
                .filter(|(_, c)| **c > 0)
                .map(|(s, c)| format!("{s}: {c}"))
                .collect();
            let title = ui.fill("chart_province_title", &[("province", province)]);
            let id = format!("grafik-provinsi-{n}");
            let labels = charts::Labels { id: &id, title: &title, desc: &desc.join(", ") };
            CountsRow {
                label: province.to_string(),
                svg: Some(charts::mini_stack(&labels, &chart_series, &counts)),
                counts,
            }
        })
        .collect();
    Multiples { series, colours, rows }
}

// ---------------------------------------------------------------- changes

#[derive(Serialize)]
struct ChangeRow<'a> {
    name: &'a str,
    url: String,
    kind: String,
    class: &'static str,
    from: String,
    to: String,
    delta: String,
}

#[derive(Serialize)]
struct ChangeYear<'a> {
    year: u16,
    caption: String,
    rows: Vec<ChangeRow<'a>>,
}

#[derive(Serialize)]
struct ChangesView<'a> {
    intro: String,
    feed_url: String,
    years: Vec<ChangeYear<'a>>,
}

fn changes_page(ctx: &Ctx<'_>) -> Job {
    use crate::render::changes::{ChangeKind, changes};
    let ui = &ctx.ui;
    let mut years: Vec<ChangeYear<'_>> = Vec::new();
    for change in changes(ctx.scored) {
        let (key, class) = match change.kind {
            ChangeKind::Up => ("changes_up", "up"),
            ChangeKind::Down => ("changes_down", "down"),
            ChangeKind::Moved => ("changes_moved", "same"),
            ChangeKind::New => ("changes_new", ""),
        };
        let (from, to) = change.tiers();
        let tier = |ev: &ScoredEvaluation, id: Option<&str>| match id {
            Some(id) => ui.tier_name(ctx.rubric_of(ev), Some(id)),
            None => ui.t("dash"),
        };
        let region = ctx.region_of(change.ev);
        let row = ChangeRow {
            name: &region.name,
            url: ui.url(&routes::region(&region.slug)),
            kind: ui.t(key),
            class,
            from: change.previous.map_or_else(|| ui.t("dash"), |p| tier(p, from)),
            to: tier(change.ev, to),
            delta: ctx.trend(change.ev).delta,
        };
        let year = change.ev.year;
        if years.last().is_none_or(|y| y.year != year) {
            let caption = ui.fill("changes_year", &[("year", &year.to_string())]);
            years.push(ChangeYear { year, caption, rows: Vec::new() });
        }
        if let Some(last) = years.last_mut() {
            last.rows.push(row);
        }
    }
    let view = ChangesView {
        intro: ui.t("changes_intro"),
        feed_url: ui.url(&routes::changes_feed()),
        years,
    };
    Job::new(routes::changes(), "changes.html", ui.t("changes_title"), &view)
}

// ---------------------------------------------------------------- methodology

#[derive(Serialize)]
struct TierRow {
    name: String,
    min_score: String,
    gates: Vec<String>,
}

#[derive(Serialize)]
struct IndicatorMethod<'a> {
    name: &'a str,
    max: String,
    scale: Option<String>,
    lower_better: bool,
}

#[derive(Serialize)]
struct ClusterMethod<'a> {
    name: &'a str,
    max: String,
    indicators: Vec<IndicatorMethod<'a>>,
}

#[derive(Serialize)]
struct RubricView<'a> {
    id: &'a str,
    title: &'a str,
    years: String,
    max: String,
    note_html: Option<String>,
    tiers: Vec<TierRow>,
    clusters: Vec<ClusterMethod<'a>>,
}

#[derive(Serialize)]
struct MethodologyView<'a> {
    intro: String,
    rubrics: Vec<RubricView<'a>>,
}

fn methodology(ctx: &Ctx<'_>) -> Job {
    let unsafe_html = ctx.site().config.unsafe_html;
    let rubrics = ctx.site().rubrics.iter().map(|r| rubric_view(ctx, r, unsafe_html)).collect();
    let view = MethodologyView { intro: ctx.ui.t("methodology_intro"), rubrics };
    Job::new(routes::methodology(), "methodology.html", ctx.ui.t("methodology_title"), &view)
}

fn rubric_view<'a>(ctx: &Ctx<'a>, rubric: &'a Rubric, unsafe_html: bool) -> RubricView<'a> {
    let ui = &ctx.ui;
    let years = match rubric.until_year {
        Some(until) => format!("{}\u{2013}{until}", rubric.from_year),
        None => ui.fill("methodology_since", &[("year", &rubric.from_year.to_string())]),
    };
    RubricView {
        id: &rubric.id,
        title: rubric.title.get(ui.lang),
        years: ui.fill("methodology_years", &[("years", &years)]),
        max: ui.fill("methodology_max", &[("max", &ui.points(rubric.max_score))]),
        note_html: rubric.note.as_deref().map(|n| markdown_to_html(n, unsafe_html)),
        tiers: rubric
            .tiers
            .iter()
            .map(|t| TierRow {
                name: t.name.get(ui.lang).to_string(),
                min_score: ui.points(t.min_score),
                gates: t
                    .gates
                    .iter()
                    .map(|g| gate_text(ctx, rubric, &g.cluster, g.min_percent))
                    .collect(),
            })
            .collect(),
        clusters: rubric
            .clusters
            .iter()
            .map(|c| ClusterMethod {
                name: c.name.get(ui.lang),
                max: ui.points(c.max_points()),
                indicators: c
                    .indicators
                    .iter()
                    .map(|i| IndicatorMethod {
                        name: i.name.get(ui.lang),
                        max: ui.points(i.max_points),
                        scale: i.scale.as_ref().map(|s| {
                            let zero = with_unit(&format_decimal(s.zero_at, 2, ui.lang), &s.unit);
                            let full = with_unit(&format_decimal(s.full_at, 2, ui.lang), &s.unit);
                            ui.fill("methodology_scale", &[("zero", &zero), ("full", &full)])
                        }),
                        lower_better: i.scale.as_ref().is_some_and(|s| s.zero_at > s.full_at),
                    })
                    .collect(),
            })
            .collect(),
    }
}

/// A rubric note to HTML; raw HTML is shown as text unless the site allows it.
fn markdown_to_html(markdown: &str, unsafe_html: bool) -> String {
    let options = Options::ENABLE_TABLES | Options::ENABLE_FOOTNOTES;
    let events = Parser::new_ext(markdown, options).map(|event| match event {
        Event::Html(html) | Event::InlineHtml(html) if !unsafe_html => Event::Text(html),
        other => other,
    });
    let mut out = String::new();
    pulldown_cmark::html::push_html(&mut out, events);
    crate::markdown::sanitize_html(out, unsafe_html)
}

// ---------------------------------------------------------------- small pages

#[derive(Serialize)]
struct SimpleListView {
    intro: String,
    links: Vec<Link>,
}

#[derive(Serialize)]
struct FreePageView<'a> {
    title: String,
    html: &'a str,
    /// The text is shown in the default language because it has no translation.
    untranslated: bool,
    /// Publication date from the front matter, in the page language.
    date: Option<String>,
}

/// Whether `narrative` is shown in the default language on a page in another one.
fn untranslated(ctx: &Ctx<'_>, narrative: &crate::model::Narrative) -> bool {
    !ctx.ui.is_default_lang() && narrative.in_lang(ctx.ui.lang).is_none()
}

#[derive(Serialize)]
struct DataView {
    intro: String,
    links: Vec<Link>,
    /// The columns of `scores.csv`, as the data package describes them.
    fields: Vec<crate::render::datapackage::Field>,
}

fn data_index(ctx: &Ctx<'_>) -> Job {
    let ui = &ctx.ui;
    let links = vec![
        Link { label: ui.t("data_scores_json"), url: ui.url(&routes::scores_json()) },
        Link { label: ui.t("data_scores_csv"), url: ui.url(&routes::scores_csv()) },
        Link { label: ui.t("data_datapackage"), url: ui.url(&routes::datapackage()) },
        Link { label: ui.t("data_feed"), url: ui.url(&routes::feed()) },
        Link { label: ui.t("data_changes_feed"), url: ui.url(&routes::changes_feed()) },
    ];
    let view = DataView {
        intro: ui.t("data_intro"),
        links,
        fields: crate::render::datapackage::fields(ctx.site()),
    };
    Job::new(routes::data_index(), "data.html", ui.t("data_title"), &view)
}

fn not_found(ctx: &Ctx<'_>) -> Job {
    let view = SimpleListView { intro: ctx.ui.t("not_found_text"), links: Vec::new() };
    Job::new(routes::not_found(), "404.html", ctx.ui.t("not_found_title"), &view)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::fixture;

    /// Accepts every route: a full render.
    fn all(_: &str) -> bool {
        true
    }

    #[test]
    fn renders_only_the_routes_the_predicate_accepts_but_lists_every_page() {
        let theme = Theme::builtin().unwrap();
        let only_home = |route: &str| route == "/";
        let (files, page_paths) =
            render_pages(&fixture::scored(), &theme, &NarrativeHtml::default(), &only_home)
                .unwrap();
        let paths: Vec<&str> = files.iter().map(|f| f.path.as_str()).collect();
        assert_eq!(paths, ["index.html"]);
        assert!(page_paths.len() > 5 && page_paths.contains(&"wilayah/index.html".to_string()));
    }

    fn rendered() -> BTreeMap<String, String> {
        let theme = Theme::builtin().expect("built-in theme compiles");
        let (files, _) = render_pages(&fixture::scored(), &theme, &NarrativeHtml::default(), &all)
            .unwrap_or_else(|d| panic!("{d}"));
        files.into_iter().map(|f| (f.path, String::from_utf8(f.body).unwrap())).collect()
    }

    fn page<'a>(pages: &'a BTreeMap<String, String>, path: &str) -> &'a str {
        pages.get(path).unwrap_or_else(|| panic!("no {path} among {:?}", pages.keys()))
    }

    #[test]
    fn region_profile_shows_predikat_rank_notices_and_indicators() {
        let pages = rendered();
        let html = page(&pages, "wilayah/kota-alfa/index.html");
        assert!(html.contains("Madya"), "computed predikat");
        assert!(html.contains("Utama"), "official predikat");
        assert!(html.contains("82,5 / 100"), "total over max");
        assert!(html.contains("(82,5%)"), "percent");
        assert!(html.contains("1 dari 2"), "national rank");
        assert!(html.contains("bersifat ilustratif"), "illustrative notice");
        assert!(html.contains("berbeda dengan predikat resmi"), "mismatch notice");
        assert!(html.contains("94,6"), "self-assessment");
        assert!(html.contains("85,4%"), "measured value with unit");
        assert!(html.contains("Dinas uji"), "data source");
        assert!(html.contains("Poin yang masih dibutuhkan untuk Utama: 7,5"), "gap");
        assert!(html.contains("Perlindungan Khusus minimal 80%"), "failing gate");
        assert!(html.contains("href=\"/wilayah/kota-beta/\""), "province peer link");
        assert!(html.contains("href=\"/data/wilayah/kota-alfa.json\""), "data link");
        assert!(html.contains("href=\"/provinsi/kalimantan-timur/\""), "province link");
        assert!(
            html.contains(
                "<link rel=\"canonical\" href=\"https://kla.example/wilayah/kota-alfa/\">"
            )
        );
        assert!(html.contains("+32,5"), "trend delta in history");
    }

    #[test]
    fn missing_indicators_and_incomplete_data_are_shown() {
        let pages = rendered();
        let html = page(&pages, "wilayah/kota-beta/index.html");
        assert!(html.contains("tidak ada data"));
        assert!(html.contains("Data tidak lengkap"));
        assert!(html.contains("Belum berpredikat"));
        assert!(html.contains("2 dari 2"));
        assert!(
            !html.contains("bersifat ilustratif"),
            "only illustrative evaluations carry the notice"
        );
    }

    #[test]
    fn region_without_evaluations_says_so() {
        let pages = rendered();
        let html = page(&pages, "wilayah/kota-gamma/index.html");
        assert!(html.contains("Belum ada data evaluasi untuk wilayah ini."));
    }

    #[test]
    fn hostile_region_names_are_escaped_everywhere() {
        let pages = rendered();
        for (path, html) in &pages {
            assert!(!html.contains(fixture::HOSTILE_NAME), "{path} has the raw name");
        }
        let html = page(&pages, "peringkat/2025/index.html");
        assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt; Kota Alfa"));
    }

    #[test]
    fn national_ranking_orders_by_rank_and_lists_official_only_below() {
        let pages = rendered();
        let html = page(&pages, "peringkat/2025/index.html");
        let alfa = html.find("/wilayah/kota-alfa/").expect("alfa ranked");
        let beta = html.find("/wilayah/kota-beta/").expect("beta ranked");
        let official_only = html.find("Hanya predikat resmi").expect("official-only section");
        let delta = html.find("/wilayah/kota-delta/").expect("delta listed");
        assert!(alfa < beta && beta < official_only && official_only < delta);
        assert!(html.contains("href=\"/peringkat/2025/provinsi/kalimantan-timur/\""));
        assert!(html.contains("href=\"/peringkat/2025/klaster/perlindungan-khusus/\""));
        assert!(html.contains("<caption>"));
    }

    #[test]
    fn renders_every_page_kind_sorted_by_path() {
        let theme = Theme::builtin().unwrap();
        let (files, page_paths) =
            render_pages(&fixture::scored(), &theme, &NarrativeHtml::default(), &all).unwrap();
        let paths: Vec<&str> = files.iter().map(|f| f.path.as_str()).collect();
        let mut sorted = paths.clone();
        sorted.sort_unstable();
        assert_eq!(paths, sorted);
        for expected in [
            "index.html",
            "404.html",
            "wilayah/index.html",
            "peringkat/index.html",
            "peringkat/2024/index.html",
            "peringkat/2025/provinsi/kalimantan-timur/index.html",
            "peringkat/2025/klaster/kelembagaan/index.html",
            "provinsi/index.html",
            "provinsi/aceh/index.html",
            "metodologi/index.html",
            "data/index.html",
        ] {
            assert!(paths.contains(&expected), "missing {expected}");
        }
        let rendered: Vec<String> = files.iter().map(|f| f.path.clone()).collect();
        assert_eq!(rendered, page_paths, "a full render writes every page");
        let routes = html_routes(&page_paths);
        assert!(routes.contains(&"/".to_string()) && !routes.contains(&"/404.html".to_string()));
    }

    #[test]
    fn home_counts_predikat_and_lists_movers() {
        let pages = rendered();
        let html = page(&pages, "index.html");
        assert!(html.contains("Sekilas evaluasi 2025"));
        // Madya: 1 computed (Alfa), 1 official (Delta).
        assert!(
            html.contains(
                "<th scope=\"row\">Madya</th><td class=\"num\">1</td><td class=\"num\">1</td>"
            ),
            "{html}"
        );
        assert!(html.contains("+32,5"));
    }

    #[test]
    fn methodology_shows_tiers_gates_scales_and_a_safe_note() {
        let pages = rendered();
        let html = page(&pages, "metodologi/index.html");
        assert!(html.contains("<strong>asumsi</strong>"));
        assert!(html.contains("&lt;b&gt;x&lt;/b&gt;"), "raw HTML in the note is shown as text");
        assert!(html.contains("Perlindungan Khusus minimal 80%"));
        assert!(html.contains("0 poin pada 50%, penuh pada 100%"));
        assert!(html.contains("sejak 2019"));
    }

    #[test]
    fn cluster_ranking_ranks_by_cluster_points() {
        let pages = rendered();
        let html = page(&pages, "peringkat/2025/klaster/perlindungan-khusus/index.html");
        assert!(html.contains("42,5"), "alfa's cluster points, not its total");
        assert!(!html.contains("82,5"));
    }

    #[test]
    fn narratives_and_free_pages_appear_where_they_belong() {
        let mut scored = fixture::scored();
        let narrative = crate::model::Narrative {
            title: Some("Tentang".into()),
            description: None,
            date: None,
            body: "Isi".into(),
            body_offset: 0,
            file: scored.site.regions[0].file.clone(),
            translations: Default::default(),
        };
        scored.site.pages.push(crate::model::Page { slug: "tentang".into(), narrative });
        let narratives = NarrativeHtml {
            regions: BTreeMap::from([(0, "<p>Cerita Alfa</p>".to_string())]),
            evaluations: BTreeMap::from([((0, 0), "<p>Catatan Alfa 2024</p>".to_string())]),
            pages: BTreeMap::from([(
                "tentang".to_string(),
                "<p>Isi <em>halaman</em></p>".to_string(),
            )]),
        };
        let theme = Theme::builtin().unwrap();
        let files = render_pages(&scored, &theme, &narratives, &all).unwrap().0;
        let text = |path: &str| {
            let file = files.iter().find(|f| f.path == path).unwrap_or_else(|| panic!("no {path}"));
            String::from_utf8(file.body.clone()).unwrap()
        };
        let profile = text("wilayah/kota-alfa/index.html");
        assert!(profile.contains("<p>Cerita Alfa</p>"));
        assert!(profile.contains("<h3>Catatan 2024</h3>\n<p>Catatan Alfa 2024</p>"), "{profile}");
        let page = text("tentang/index.html");
        assert!(page.contains("<h1>Tentang</h1>") && page.contains("<p>Isi <em>halaman</em></p>"));
        assert!(
            text("index.html").contains("<a href=\"/tentang/\">Tentang</a>"),
            "free page in the nav"
        );
    }

    #[test]
    fn official_only_latest_evaluation_shows_the_official_predikat_without_a_score() {
        let pages = rendered();
        let html = page(&pages, "wilayah/kota-delta/index.html");
        assert!(html.contains("hanya predikat resmi yang tersedia"));
        assert!(html.contains("<dd>Madya</dd>"));
        assert!(!html.contains("Nilai per indikator"));
    }

    fn rendered_in(lang: &str, scored: &Scored) -> BTreeMap<String, String> {
        let theme = Theme::builtin().unwrap();
        let files = crate::render::Collect::default();
        render_pages_in(scored, &theme, &NarrativeHtml::default(), lang, &|_| true, &files)
            .unwrap_or_else(|d| panic!("{d}"));
        files
            .into_sorted()
            .into_iter()
            .map(|f| (f.path, String::from_utf8(f.body).unwrap()))
            .collect()
    }

    fn bilingual() -> Scored {
        let mut scored = fixture::scored();
        scored.site.config.languages = vec!["id".into(), "en".into()];
        scored
    }

    #[test]
    fn english_pages_live_under_en_with_english_strings_and_numbers() {
        let pages = rendered_in("en", &bilingual());
        let html = page(&pages, "en/wilayah/kota-alfa/index.html");
        assert!(html.starts_with("<!DOCTYPE html>\n<html lang=\"en\">"));
        assert!(html.contains("82.5 / 100"), "English decimal point");
        assert!(html.contains("1 of 2"), "English rank");
        assert!(html.contains(">Regions</a>"), "English nav");
        assert!(html.contains("href=\"/en/provinsi/kalimantan-timur/\""), "links stay in English");
        assert!(html.contains("href=\"/data/wilayah/kota-alfa.json\""), "data is shared");
        assert!(html.contains(
            "<link rel=\"canonical\" href=\"https://kla.example/en/wilayah/kota-alfa/\">"
        ));
        assert!(!pages.contains_key("404.html"), "one 404 page, in the default language");
    }

    #[test]
    fn every_page_links_to_itself_in_the_other_language() {
        let scored = bilingual();
        for (lang, other, path, own, target) in [
            (
                "id",
                "en",
                "wilayah/kota-alfa/index.html",
                "/wilayah/kota-alfa/",
                "/en/wilayah/kota-alfa/",
            ),
            ("en", "id", "en/peringkat/2025/index.html", "/en/peringkat/2025/", "/peringkat/2025/"),
        ] {
            let pages = rendered_in(lang, &scored);
            let html = page(&pages, path);
            let switch = format!("<a href=\"{target}\" hreflang=\"{other}\" lang=\"{other}\"");
            assert!(html.contains(&switch), "{path}: no switch {switch}");
            for (l, route) in [(lang, own), (other, target)] {
                let alt = format!(
                    "<link rel=\"alternate\" hreflang=\"{l}\" href=\"https://kla.example{route}\">"
                );
                assert!(html.contains(&alt), "{path}: no {alt}");
            }
        }
    }

    #[test]
    fn untranslated_narratives_are_shown_in_indonesian_with_a_note() {
        let mut scored = bilingual();
        let narratives = NarrativeHtml {
            regions: BTreeMap::from([(0, "<p>Cerita Alfa</p>".to_string())]),
            ..NarrativeHtml::default()
        };
        scored.site.regions[0].narrative = Some(crate::model::Narrative {
            title: None,
            description: None,
            date: Some("2025-08-08".into()),
            body: "Cerita Alfa".into(),
            body_offset: 0,
            file: scored.site.regions[0].file.clone(),
            translations: Default::default(),
        });
        let theme = Theme::builtin().unwrap();
        let render = |lang| {
            let files = crate::render::Collect::default();
            render_pages_in(&scored, &theme, &narratives, lang, &|_| true, &files).unwrap();
            let files = files.into_sorted();
            let path = if lang == "en" {
                "en/wilayah/kota-alfa/index.html"
            } else {
                "wilayah/kota-alfa/index.html"
            };
            String::from_utf8(files.into_iter().find(|f| f.path == path).unwrap().body).unwrap()
        };
        let en = render("en");
        assert!(en.contains("only available in Indonesian"));
        assert!(en.contains("<div lang=\"id\"><p>Cerita Alfa</p></div>"));
        assert!(en.contains("8 August 2025"));
        let id = render("id");
        assert!(!id.contains("hanya tersedia dalam bahasa Indonesia"));
        assert!(id.contains("8 Agustus 2025"));
    }

    #[test]
    fn every_page_has_a_description_and_open_graph_tags() {
        let pages = rendered();
        for (path, html) in &pages {
            for tag in [
                "<meta name=\"description\"",
                "og:title",
                "og:description",
                "og:url",
                "og:type",
                "og:locale",
            ] {
                assert!(html.contains(tag), "{path} lacks {tag}");
            }
        }
        let html = page(&pages, "wilayah/kota-alfa/index.html");
        assert!(html.contains(
            "<meta property=\"og:url\" content=\"https://kla.example/wilayah/kota-alfa/\">"
        ));
        assert!(html.contains("<meta property=\"og:locale\" content=\"id_ID\">"));
    }

    #[test]
    fn links_follow_the_path_of_base_url() {
        let mut scored = fixture::scored();
        scored.site.config.base_url = "https://example.org/kla/".into();
        let theme = Theme::builtin().unwrap();
        let files = render_pages(&scored, &theme, &NarrativeHtml::default(), &all).unwrap().0;
        let home = files.iter().find(|f| f.path == "index.html").unwrap();
        let html = String::from_utf8_lossy(&home.body);
        assert!(html.contains("href=\"/kla/static/style.css\""));
        assert!(html.contains("href=\"/kla/wilayah/kota-alfa/\""));
        assert!(html.contains("<link rel=\"canonical\" href=\"https://example.org/kla/\">"));
    }
}

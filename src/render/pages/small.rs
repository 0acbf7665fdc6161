//! The small pages: search, open data index, free pages and the 404 page.

use serde::Serialize;

use crate::render::routes;
use crate::render::search;
use crate::render::views::{Ctx, Link};

use super::common::{Job, NarrativeHtml, page_title, untranslated};

#[derive(Serialize)]
pub(super) struct SearchView {
    /// The filters with every value, in the order shown.
    pub(super) filters: Vec<search::FilterView>,
    /// The language's Pagefind entry script.
    pub(super) bundle_url: String,
    /// The page's own script, which queries the bundle.
    pub(super) script_url: String,
}

/// The search page: a form that works as a plain GET without scripts, and
/// results drawn by `static/search.js` from the Pagefind bundle.
pub(super) fn search_page<'a>(ctx: &Ctx<'a>) -> Job<'a> {
    let ui = &ctx.ui;
    let view = SearchView {
        filters: search::filter_views(ctx),
        bundle_url: ui.url(&format!("{}pagefind.js", routes::search_bundle())),
        script_url: ui.url("/static/search.js"),
    };
    Job::new(routes::search(), "search.html", ui.t("search_title"), &view)
}

#[derive(Serialize)]
pub(super) struct SimpleListView {
    pub(super) intro: String,
    pub(super) links: Vec<Link>,
}

#[derive(Serialize)]
pub(super) struct FreePageView<'a> {
    pub(super) title: String,
    pub(super) html: &'a str,
    /// The text is shown in the default language because it has no translation.
    pub(super) untranslated: bool,
    /// Publication date from the front matter, in the page language.
    pub(super) date: Option<String>,
}

/// A free page (`pages/*.md`) whose narrative rendered.
pub(super) fn free_page<'a>(
    ctx: &Ctx<'a>,
    narratives: &NarrativeHtml<'_>,
    page: &crate::model::Page,
) -> Job<'a> {
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

#[derive(Serialize)]
pub(super) struct DataView {
    pub(super) intro: String,
    pub(super) links: Vec<Link>,
    /// The columns of `scores.csv`, as the data package describes them.
    pub(super) fields: Vec<crate::render::datapackage::Field>,
}

pub(super) fn data_index<'a>(ctx: &Ctx<'a>) -> Job<'a> {
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

pub(super) fn not_found<'a>(ctx: &Ctx<'a>) -> Job<'a> {
    let view = SimpleListView { intro: ctx.ui.t("not_found_text"), links: Vec::new() };
    Job::new(routes::not_found(), "404.html", ctx.ui.t("not_found_title"), &view)
}

//! Ranking pages: the national, province and cluster rankings of each year, and their index.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::model::Rubric;
use crate::render::routes;
use crate::render::rows::Table;
use crate::render::views::{Ctx, Link, RankRow, RowFacts};
use crate::score::{ClusterScore, ScoredEvaluation};

use super::common::Job;
use super::paging::{PageAt, Pager, paged_title, pager};
use super::small::SimpleListView;

/// What a ranking page shows besides its rows, which the template gets drawn
/// (`v.rows_html`, each row by `ranking_row.html`).
#[derive(Serialize)]
pub(super) struct RankingView<'a> {
    #[serde(flatten)]
    parts: RankingParts<'a>,
    /// How many rows the page shows.
    row_count: usize,
    any_illustrative: bool,
    /// Links to the listing's other pages when it has more than one.
    pager: Option<Pager>,
}

/// What each kind of ranking (national, province, cluster) sets itself.
#[derive(Serialize)]
pub(super) struct RankingParts<'a> {
    pub(super) heading: String,
    pub(super) caption: String,
    pub(super) official_only: Vec<RankRow<'a>>,
    pub(super) show_province: bool,
    pub(super) provinces: Vec<Link>,
    pub(super) clusters: Vec<Link>,
    pub(super) back: Option<Link>,
}

pub(super) fn rankings_index<'a>(ctx: &Ctx<'a>) -> Job<'a> {
    let years: Vec<Link> = ctx.by_year.keys().rev().map(|&y| ctx.ranking_link(y)).collect();
    let view = SimpleListView { intro: ctx.ui.t("rankings_intro"), links: years };
    Job::new(routes::rankings(), "rankings.html", ctx.ui.t("rankings_title"), &view)
}

/// What every page of a year's national ranking is cut from: all its rows
/// by rank, and the year's provinces (sorted) for the links to their rankings.
pub(super) struct NationalOrder<'o, 'a> {
    pub(super) ranked: &'o [&'a ScoredEvaluation],
    pub(super) provinces: &'o [&'a str],
}

/// How many of `evs` have a computed score: the rows of their ranking.
pub(super) fn scored_count(evs: &[&ScoredEvaluation]) -> usize {
    evs.iter().filter(|ev| ev.computed.is_some()).count()
}

/// Page `at` of a year's national ranking.
pub(super) fn national_ranking<'a>(
    ctx: &Ctx<'a>,
    year: u16,
    order: NationalOrder<'_, 'a>,
    at: PageAt,
) -> Job<'a> {
    let ui = &ctx.ui;
    let y = year.to_string();
    let evs = &ctx.by_year[&year];
    let NationalOrder { ranked, provinces } = order;
    let rows = ranked[at.rows(ranked.len())].iter().map(|ev| RowFacts::national(ctx, ev));
    let parts = RankingParts {
        heading: ui.fill("ranking_title", &[("year", &y)]),
        caption: ui.fill("ranking_caption", &[("year", &y)]),
        official_only: if at.is_last() { official_only(ctx, evs) } else { Vec::new() },
        show_province: true,
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
    ranking_job(ctx, &routes::ranking(year), parts, rows.collect(), at)
}

/// Page `at` of the ranking at `route`; the illustrative note shows only when
/// a row of the page is illustrative. Its rows are drawn apart with the
/// theme's row template (see `render::rows`).
pub(super) fn ranking_job<'a>(
    ctx: &Ctx<'a>,
    route: &str,
    parts: RankingParts<'a>,
    rows: Vec<RowFacts<'a>>,
    at: PageAt,
) -> Job<'a> {
    let title = paged_title(ctx, parts.heading.clone(), at);
    let show_province = parts.show_province;
    let view = RankingView {
        parts,
        row_count: rows.len(),
        any_illustrative: rows.iter().any(|r| r.illustrative),
        pager: pager(ctx, route, at),
    };
    let job = Job::new(routes::paged(route, at.n), "ranking.html", title, &view);
    job.with_table(Table { rows, show_province })
}

pub(super) fn year_rubric<'a>(ctx: &Ctx<'a>, year: u16) -> Option<&'a Rubric> {
    ctx.by_year.get(&year)?.first().map(|ev| ctx.rubric_of(ev))
}

pub(super) fn official_only<'a>(ctx: &Ctx<'a>, evs: &[&'a ScoredEvaluation]) -> Vec<RankRow<'a>> {
    let mut rows: Vec<RankRow<'a>> = evs
        .iter()
        .filter(|ev| ev.computed.is_none())
        .map(|ev| ctx.row(RowFacts::of(ctx, ev)))
        .collect();
    rows.sort_by(|a, b| a.name.cmp(b.name));
    rows
}

pub(super) fn back_link(ctx: &Ctx<'_>, year: u16) -> Link {
    Link {
        label: ctx.ui.fill("ranking_back", &[("year", &year.to_string())]),
        url: ctx.ui.url(&routes::ranking(year)),
    }
}

/// A year's evaluations by province, for the province rankings.
pub(super) fn province_groups<'a>(
    ctx: &Ctx<'a>,
    year: u16,
) -> BTreeMap<&'a str, Vec<&'a ScoredEvaluation>> {
    let mut by_province: BTreeMap<&str, Vec<&ScoredEvaluation>> = BTreeMap::new();
    for ev in &ctx.by_year[&year] {
        by_province.entry(ctx.region_of(ev).province.as_str()).or_default().push(ev);
    }
    by_province
}

/// A province's rows of a year's ranking, by province rank: what its pages are cut from.
pub(super) fn province_order<'a>(evs: &[&'a ScoredEvaluation]) -> Vec<&'a ScoredEvaluation> {
    let mut ranked: Vec<_> = evs.iter().copied().filter(|ev| ev.computed.is_some()).collect();
    ranked.sort_by_key(|ev| (ev.ranks.province.unwrap_or(u32::MAX), ev.region));
    ranked
}

/// Page `at` of a province's ranking of a year: `evs` are the province's
/// evaluations of the year, `ranked` those with a score by rank.
pub(super) fn province_ranking<'a>(
    ctx: &Ctx<'a>,
    (year, province): (u16, &str),
    evs: &[&'a ScoredEvaluation],
    ranked: &[&'a ScoredEvaluation],
    at: PageAt,
) -> Job<'a> {
    let ui = &ctx.ui;
    let y = year.to_string();
    let args = [("province", province), ("year", y.as_str())];
    let rows = ranked[at.rows(ranked.len())].iter().map(|ev| RowFacts::province(ctx, ev));
    let parts = RankingParts {
        heading: ui.fill("ranking_province_title", &args),
        caption: ui.fill("ranking_province_caption", &args),
        official_only: if at.is_last() { official_only(ctx, evs) } else { Vec::new() },
        show_province: false,
        provinces: Vec::new(),
        clusters: Vec::new(),
        back: Some(back_link(ctx, year)),
    };
    ranking_job(ctx, &routes::province_ranking(year, province), parts, rows.collect(), at)
}

/// A year's rows of the ranking by the points of the rubric's cluster `ci`,
/// by rank, each with its cluster score: what the cluster ranking's pages are cut from.
pub(super) fn cluster_order<'a>(
    ctx: &Ctx<'a>,
    year: u16,
    ci: usize,
) -> Vec<(&'a ScoredEvaluation, &'a ClusterScore)> {
    let evs = &ctx.by_year[&year];
    let mut ranked: Vec<_> =
        evs.iter().copied().filter_map(|ev| Some((ev, cluster_score(ev, ci)?))).collect();
    ranked.sort_by_key(|(ev, s)| (s.rank_national.unwrap_or(u32::MAX), ev.region));
    ranked
}

/// How many rows the ranking of `year` by cluster `ci` has.
pub(super) fn cluster_count(ctx: &Ctx<'_>, year: u16, ci: usize) -> usize {
    ctx.by_year[&year].iter().filter(|ev| cluster_score(ev, ci).is_some()).count()
}

/// An evaluation's score on its rubric's cluster `ci`, when it has one.
fn cluster_score(ev: &ScoredEvaluation, ci: usize) -> Option<&ClusterScore> {
    ev.computed.as_ref().and_then(|c| c.clusters.get(ci))
}

/// Page `at` of the ranking of a year by the points of `cluster`, `ranked`
/// being its [`cluster_order`].
pub(super) fn cluster_ranking<'a>(
    ctx: &Ctx<'a>,
    year: u16,
    cluster: &crate::model::Cluster,
    ranked: &[(&'a ScoredEvaluation, &'a ClusterScore)],
    at: PageAt,
) -> Job<'a> {
    let ui = &ctx.ui;
    let y = year.to_string();
    let name = cluster.name.get(ui.lang);
    let args = [("cluster", name), ("year", y.as_str())];
    let rows = ranked[at.rows(ranked.len())].iter().map(|&(ev, s)| RowFacts::cluster(ctx, ev, s));
    let parts = RankingParts {
        heading: ui.fill("ranking_cluster_title", &args),
        caption: ui.fill("ranking_cluster_caption", &args),
        official_only: Vec::new(),
        show_province: true,
        provinces: Vec::new(),
        clusters: Vec::new(),
        back: Some(back_link(ctx, year)),
    };
    ranking_job(ctx, &routes::cluster_ranking(year, &cluster.id), parts, rows.collect(), at)
}

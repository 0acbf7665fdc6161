//! The home page: predikat counts of the latest year, the movers, the distribution chart.

use serde::Serialize;

use crate::model::Points;
use crate::render::routes;
use crate::render::views::{Ctx, Link, RankRow, RowFacts};
use crate::score::ScoredEvaluation;

use super::common::Job;
use super::figures::{Distribution, distribution};
use super::maps::{MapView, map_year, national_map};
use super::record::{Coverage, coverage, record_years};

#[derive(Serialize)]
pub(super) struct PredikatCount {
    pub(super) name: String,
    pub(super) computed: usize,
    pub(super) official: usize,
}

#[derive(Serialize)]
pub(super) struct HomeView<'a> {
    pub(super) any_illustrative: bool,
    pub(super) heading: Option<String>,
    pub(super) year: Option<u16>,
    pub(super) ranking_url: Option<String>,
    pub(super) ranking_label: Option<String>,
    pub(super) counts: Vec<PredikatCount>,
    pub(super) top: Vec<RankRow<'a>>,
    pub(super) movers_up: Vec<RankRow<'a>>,
    pub(super) movers_down: Vec<RankRow<'a>>,
    pub(super) years: Vec<Link>,
    pub(super) explore: Vec<Link>,
    pub(super) distribution: Option<Distribution>,
    /// The official record's years with their coverage, newest first.
    pub(super) record: Vec<Coverage>,
    pub(super) record_total: String,
    pub(super) awards_url: String,
    /// The nation's regions by official predikat of the map year.
    pub(super) map: Option<MapView>,
}

pub(super) fn home<'a>(ctx: &Ctx<'a>) -> Job<'a> {
    let ui = &ctx.ui;
    let year = ctx.latest_year();
    let evs: &[&ScoredEvaluation] =
        year.and_then(|y| ctx.by_year.get(&y)).map_or(&[], Vec::as_slice);
    let ranked = ranked_by_total(evs);
    let top = ranked.iter().take(10).map(|ev| ctx.row(RowFacts::national(ctx, ev))).collect();
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
        movers_up: movers_up.map(|m| ctx.row(RowFacts::national(ctx, m.0))).collect(),
        movers_down: movers_down.map(|m| ctx.row(RowFacts::national(ctx, m.0))).collect(),
        years: ctx.by_year.keys().rev().map(|&y| ctx.ranking_link(y)).collect(),
        distribution: distribution(ctx),
        record: record_years(ctx).into_iter().rev().map(|y| coverage(ctx, y)).collect(),
        record_total: ui.fill("home_record_total", &[("count", &record_count(ctx).to_string())]),
        awards_url: ui.url(&routes::awards()),
        map: map_year(ctx.site()).and_then(|y| national_map(ctx, y, false)),
        explore: vec![
            Link { label: ui.t("nav_regions"), url: ui.url(&routes::regions()) },
            Link { label: ui.t("nav_provinces"), url: ui.url(&routes::provinces()) },
            Link { label: ui.t("compare_title"), url: ui.url(&routes::compare()) },
            Link { label: ui.t("nav_methodology"), url: ui.url(&routes::methodology()) },
            Link { label: ui.t("nav_data"), url: ui.url(&routes::data_index()) },
        ],
    };
    Job::new(routes::home(), "index.html", ctx.site().config.title.clone(), &view)
}

/// How many region-years of the record have an official result.
fn record_count(ctx: &Ctx<'_>) -> usize {
    ctx.site().regions.iter().flat_map(|r| &r.evaluations).filter(|e| !e.claims.is_empty()).count()
}

/// Regions per predikat in `year`, top tier first, computed and official side by side.
pub(super) fn predikat_counts(
    ctx: &Ctx<'_>,
    year: u16,
    evs: &[&ScoredEvaluation],
) -> Vec<PredikatCount> {
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
pub(super) fn ranked_by_total<'a>(evs: &[&'a ScoredEvaluation]) -> Vec<&'a ScoredEvaluation> {
    let mut ranked: Vec<_> = evs.iter().copied().filter(|ev| ev.computed.is_some()).collect();
    ranked.sort_by_key(|ev| (ev.ranks.national.unwrap_or(u32::MAX), ev.region));
    ranked
}

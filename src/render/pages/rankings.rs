//! Ranking pages: the national, province and cluster rankings of each year, and their index.

use super::*;
use crate::score::ClusterScore;

#[derive(Serialize)]
pub(super) struct RankingView<'a> {
    pub(super) heading: String,
    pub(super) caption: String,
    /// The rows; templates see their views (`row_views`) as `v.rows`.
    #[serde(skip)]
    pub(super) rows: Vec<RankRow<'a>>,
    /// Each row's view, made once for the template and for drawing the row
    /// apart (`v.rows_html`); filled by [`ranking_job`].
    #[serde(rename = "rows")]
    pub(super) row_views: Vec<tera::Value>,
    pub(super) official_only: Vec<RankRow<'a>>,
    pub(super) show_province: bool,
    pub(super) any_illustrative: bool,
    pub(super) provinces: Vec<Link>,
    pub(super) clusters: Vec<Link>,
    pub(super) back: Option<Link>,
    /// Links to the listing's other pages when it has more than one.
    pub(super) pager: Option<Pager>,
}

pub(super) fn rankings_index(ctx: &Ctx<'_>) -> Job {
    let years: Vec<Link> = ctx.by_year.keys().rev().map(|&y| ctx.ranking_link(y)).collect();
    let view = SimpleListView { intro: ctx.ui.t("rankings_intro"), links: years };
    Job::new(routes::rankings(), "rankings.html", ctx.ui.t("rankings_title"), &view)
}

/// What every page of a year's national ranking is cut from: all its rows
/// by rank, and the year's provinces (sorted) for the links to their rankings.
pub(super) struct NationalOrder<'a> {
    pub(super) ranked: Vec<&'a ScoredEvaluation>,
    pub(super) provinces: Vec<&'a str>,
}

impl<'a> NationalOrder<'a> {
    /// The order of `year`, whose evaluations by province are `groups`.
    pub(super) fn of(
        ctx: &Ctx<'a>,
        year: u16,
        groups: &BTreeMap<&'a str, Vec<&'a ScoredEvaluation>>,
    ) -> Self {
        Self {
            ranked: ranked_by_total(&ctx.by_year[&year]),
            provinces: groups.keys().copied().collect(),
        }
    }
}

/// Page `at` of a year's national ranking.
pub(super) fn national_ranking<'a>(
    ctx: &Ctx<'a>,
    year: u16,
    order: &NationalOrder<'a>,
    at: PageAt,
) -> Job {
    let ui = &ctx.ui;
    let y = year.to_string();
    let evs = &ctx.by_year[&year];
    let NationalOrder { ranked, provinces } = order;
    let view = RankingView {
        heading: ui.fill("ranking_title", &[("year", &y)]),
        caption: ui.fill("ranking_caption", &[("year", &y)]),
        rows: ranked[at.rows(ranked.len())]
            .iter()
            .map(|ev| ctx.row(ev, ev.ranks.national, None))
            .collect(),
        row_views: Vec::new(),
        official_only: if at.is_last() { official_only(ctx, evs) } else { Vec::new() },
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
        pager: None,
    };
    ranking_job(ctx, &routes::ranking(year), view, at)
}

/// Page `at` of the ranking at `route`; the illustrative note shows only when
/// a row of the page is illustrative. Its rows are drawn apart with the
/// theme's row template (see `render::rows`).
pub(super) fn ranking_job(
    ctx: &Ctx<'_>,
    route: &str,
    mut view: RankingView<'_>,
    at: PageAt,
) -> Job {
    view.any_illustrative = view.rows.iter().any(|r| r.illustrative);
    view.pager = pager(ctx, route, at);
    view.row_views = view.rows.iter().map(tera::Value::from_serializable).collect();
    let title = paged_title(ctx, view.heading.clone(), at);
    let job = Job::new(routes::paged(route, at.n), "ranking.html", title, &view);
    // The page's view holds its own copy of the rows now: the table takes these.
    job.with_table(Table { rows: view.row_views, show_province: view.show_province })
}

pub(super) fn year_rubric<'a>(ctx: &Ctx<'a>, year: u16) -> Option<&'a Rubric> {
    ctx.by_year.get(&year)?.first().map(|ev| ctx.rubric_of(ev))
}

pub(super) fn official_only<'a>(ctx: &Ctx<'a>, evs: &[&'a ScoredEvaluation]) -> Vec<RankRow<'a>> {
    let mut rows: Vec<RankRow<'a>> =
        evs.iter().filter(|ev| ev.computed.is_none()).map(|ev| ctx.row(ev, None, None)).collect();
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
) -> Job {
    let ui = &ctx.ui;
    let y = year.to_string();
    let args = [("province", province), ("year", y.as_str())];
    let view = RankingView {
        heading: ui.fill("ranking_province_title", &args),
        caption: ui.fill("ranking_province_caption", &args),
        rows: ranked[at.rows(ranked.len())]
            .iter()
            .map(|ev| ctx.row(ev, ev.ranks.province, None))
            .collect(),
        row_views: Vec::new(),
        official_only: if at.is_last() { official_only(ctx, evs) } else { Vec::new() },
        show_province: false,
        any_illustrative: false,
        provinces: Vec::new(),
        clusters: Vec::new(),
        back: Some(back_link(ctx, year)),
        pager: None,
    };
    ranking_job(ctx, &routes::province_ranking(year, province), view, at)
}

/// A year's rows of the ranking by the points of the rubric's cluster `ci`,
/// by rank, each with its cluster score: what the cluster ranking's pages are cut from.
pub(super) fn cluster_order<'a>(
    ctx: &Ctx<'a>,
    year: u16,
    ci: usize,
) -> Vec<(&'a ScoredEvaluation, ClusterScore)> {
    let score =
        |ev: &ScoredEvaluation| ev.computed.as_ref().and_then(|c| c.clusters.get(ci)).cloned();
    let evs = &ctx.by_year[&year];
    let mut ranked: Vec<_> = evs.iter().copied().filter_map(|ev| Some((ev, score(ev)?))).collect();
    ranked.sort_by_key(|(ev, s)| (s.rank_national.unwrap_or(u32::MAX), ev.region));
    ranked
}

/// Page `at` of the ranking of a year by the points of `cluster`, `ranked`
/// being its [`cluster_order`].
pub(super) fn cluster_ranking<'a>(
    ctx: &Ctx<'a>,
    year: u16,
    cluster: &crate::model::Cluster,
    ranked: &[(&'a ScoredEvaluation, ClusterScore)],
    at: PageAt,
) -> Job {
    let ui = &ctx.ui;
    let y = year.to_string();
    let name = cluster.name.get(ui.lang);
    let args = [("cluster", name), ("year", y.as_str())];
    let view = RankingView {
        heading: ui.fill("ranking_cluster_title", &args),
        caption: ui.fill("ranking_cluster_caption", &args),
        rows: ranked[at.rows(ranked.len())]
            .iter()
            .map(|(ev, s)| ctx.row(ev, s.rank_national, Some((s.points, s.max))))
            .collect(),
        row_views: Vec::new(),
        official_only: Vec::new(),
        show_province: true,
        any_illustrative: false,
        provinces: Vec::new(),
        clusters: Vec::new(),
        back: Some(back_link(ctx, year)),
        pager: None,
    };
    ranking_job(ctx, &routes::cluster_ranking(year, &cluster.id), view, at)
}

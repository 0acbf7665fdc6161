//! Ranking pages: the national, province and cluster rankings of each year, and their index.

use super::*;

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
}

pub(super) fn rankings_index(ctx: &Ctx<'_>) -> Job {
    let years: Vec<Link> = ctx.by_year.keys().rev().map(|&y| ctx.ranking_link(y)).collect();
    let view = SimpleListView { intro: ctx.ui.t("rankings_intro"), links: years };
    Job::new(routes::rankings(), "rankings.html", ctx.ui.t("rankings_title"), &view)
}

pub(super) fn national_ranking(ctx: &Ctx<'_>, year: u16) -> Job {
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
        row_views: Vec::new(),
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
/// Its rows are drawn apart with the theme's row template (see `render::rows`).
pub(super) fn ranking_job(route: String, mut view: RankingView<'_>) -> Job {
    view.any_illustrative = view.rows.iter().any(|r| r.illustrative);
    view.row_views = view.rows.iter().map(tera::Value::from_serializable).collect();
    let table = Table { rows: view.row_views.clone(), show_province: view.show_province };
    let title = view.heading.clone();
    Job::new(route, "ranking.html", title, &view).with_table(table)
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

pub(super) fn province_ranking<'a>(
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
        row_views: Vec::new(),
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
pub(super) fn cluster_ranking(
    ctx: &Ctx<'_>,
    year: u16,
    ci: usize,
    cluster: &crate::model::Cluster,
) -> Job {
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
        row_views: Vec::new(),
        official_only: Vec::new(),
        show_province: true,
        any_illustrative: false,
        provinces: Vec::new(),
        clusters: Vec::new(),
        back: Some(back_link(ctx, year)),
    };
    ranking_job(routes::cluster_ranking(year, &cluster.id), view)
}

//! The provinces index and each province's overview.

use serde::Serialize;

use crate::render::index::Index;
use crate::render::routes;
use crate::render::views::{Ctx, Link, RankRow, RegionFacts, RowFacts};

use super::common::Job;
use super::figures::{Multiples, province_multiples};
use super::maps::{MapView, province_map};
use super::paging::{PageAt, Pager, paged_title, pager};
use super::record::{ProvinceYear, province_record};
use super::regions::RegionGroup;

#[derive(Serialize)]
pub(super) struct ProvinceView<'a> {
    pub(super) heading: String,
    pub(super) rows: Vec<RankRow<'a>>,
    pub(super) no_evaluation: Vec<Link>,
    pub(super) rankings: Vec<Link>,
    /// The official record of the province, year by year.
    pub(super) record: Vec<ProvinceYear>,
    /// Links to the page's other pages when the province has more regions than one holds.
    pub(super) pager: Option<Pager>,
    /// The province's own map (on its first page).
    pub(super) map: Option<MapView>,
}

pub(super) fn provinces_index<'a>(ctx: &Ctx<'a>) -> Job<'a> {
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

/// What a province's overview lists of one of its regions: the row of its
/// latest evaluation, with its province rank, or a link to a region without
/// evaluations. The page is drawn from it and a rebuild compares it to know
/// whether the page changed (`render::reuse`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ProvinceEntry<'a> {
    /// A ranking row of the region's latest evaluation.
    Row(RowFacts<'a>),
    /// A link to the profile of a region without evaluations.
    Unevaluated(RegionFacts<'a>),
}

impl<'a> ProvinceEntry<'a> {
    /// The entry of the region at `i` (in `site.regions`).
    pub(crate) fn of(index: &Index<'a>, i: usize) -> Self {
        match index.latest_of(i) {
            Some(ev) => ProvinceEntry::Row(RowFacts::province(index, ev)),
            None => ProvinceEntry::Unevaluated(RegionFacts::of(&index.scored.site, i)),
        }
    }
}

/// Page `at` of a province's overview, which lists its regions in site order
/// (each a [`ProvinceEntry`]).
pub(super) fn province_page<'a>(ctx: &Ctx<'a>, province: &str, at: PageAt) -> Job<'a> {
    let regions = &ctx.by_province[province];
    let mut rows = Vec::new();
    let mut no_evaluation = Vec::new();
    let mut years: Vec<u16> =
        regions.iter().flat_map(|&i| ctx.by_region[i].iter().map(|ev| ev.year)).collect();
    for &i in &regions[at.rows(regions.len())] {
        match ProvinceEntry::of(ctx, i) {
            ProvinceEntry::Row(facts) => rows.push(ctx.row(facts)),
            ProvinceEntry::Unevaluated(region) => no_evaluation
                .push(Link { label: region.name.to_string(), url: ctx.region_url(region.index) }),
        }
    }
    years.sort_unstable();
    years.dedup();
    let view = ProvinceView {
        heading: ctx.ui.fill("province_title", &[("province", province)]),
        record: province_record(ctx, province),
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
        pager: pager(ctx, &routes::province(province), at),
        map: if at.n <= 1 { province_map(ctx, province) } else { None },
    };
    let title = paged_title(ctx, view.heading.clone(), at);
    Job::new(routes::paged(&routes::province(province), at.n), "province.html", title, &view)
}

#[derive(Serialize)]
pub(super) struct ProvincesView<'a> {
    pub(super) intro: String,
    pub(super) groups: Vec<RegionGroup<'a>>,
    pub(super) multiples: Multiples,
}

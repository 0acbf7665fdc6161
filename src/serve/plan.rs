//! What a rebuild must redo: all the dependency knowledge of `kla serve` in one place.
//!
//! Two decisions, both pure:
//! - [`scope`]: from the kinds of the changed paths, whether the whole site is
//!   rebuilt (site config, rubrics, pages, templates, static files, anything
//!   structural) or only what depends on some regions;
//! - [`PageFilter::between`]: from the scored site before and after a region
//!   edit, which HTML pages can differ. Ranks are per year, nationally and per
//!   province, so an edit to one region changes the ranks shown on other
//!   regions' profiles and rankings; for each per-region, per-year and
//!   per-province page the filter compares what that page shows in the two
//!   scored sites. Every page not named here is re-rendered each time: home,
//!   indexes, methodology, data, free pages; the open data, feed and sitemap
//!   are not pages and are always recomputed.
//!
//! Anything the filter cannot vouch for (regions or evaluations appearing or
//! disappearing) returns `None`: the caller then renders everything.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use rayon::prelude::*;

use super::watch::ChangeKind;
use crate::model::{Narrative, Region, RegionKind};
use crate::render::{self, routes};
use crate::score::{ClusterScore, Scored, ScoredEvaluation};

/// How much of the site a batch of changes invalidates.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Scope {
    /// Nothing kla reads changed.
    Nothing,
    /// Only files of these regions (by folder name) changed.
    Regions(BTreeSet<String>),
    /// Load, score and render everything again.
    Full,
}

/// The scope of a batch of changes: the widest any change asks for.
pub(crate) fn scope(changes: &[ChangeKind]) -> Scope {
    let mut regions = BTreeSet::new();
    for change in changes {
        match change {
            ChangeKind::Ignored => {}
            ChangeKind::Region(slug) => {
                regions.insert(slug.clone());
            }
            ChangeKind::SiteConfig
            | ChangeKind::Rubric
            | ChangeKind::Page
            | ChangeKind::Template
            | ChangeKind::Static
            | ChangeKind::Content => return Scope::Full,
        }
    }
    if regions.is_empty() { Scope::Nothing } else { Scope::Regions(regions) }
}

/// The HTML pages (and share images) a region edit can change. Each is found
/// by comparing what it shows before and after the edit, so a score edit that
/// shifts one region a few places re-renders the regions it passed, not the
/// whole ranking:
/// - a region's profile shows the region, its scored evaluations (ranks,
///   cluster ranks, trend, gap), its peers (the province's regions, or the
///   ones nearest in the province ranking in a large province, each with name
///   and latest predikat) and the size of its province;
/// - its share image shows its name, province and latest predikat;
/// - a ranking of a year shows that year's rows: national and cluster rankings
///   every region's, a province ranking its province's;
/// - a province page shows its regions;
/// - every page that is not per region, year or province is always rendered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct PageFilter {
    profiles: BTreeSet<String>,
    share_images: BTreeSet<String>,
    rankings: BTreeSet<String>,
    provinces: BTreeSet<String>,
    /// Whether the search index must be built again: a region's record in it
    /// (name, province, kind, latest year and predikat, narratives) changed.
    search: bool,
}

impl PageFilter {
    /// The pages that can differ between `old` and `new`, or `None` when the
    /// set of regions or evaluations changed.
    pub(crate) fn between(old: &Scored, new: &Scored) -> Option<Self> {
        let (old_shown, new_shown) = rayon::join(|| Shown::of(old), || Shown::of(new));
        // The year of the home and province maps moves every province's map.
        if old_shown.layout(old) != new_shown.layout(new)
            || render::map_year(&old.site) != render::map_year(&new.site)
        {
            return None;
        }
        let mut filter = PageFilter {
            profiles: BTreeSet::new(),
            share_images: BTreeSet::new(),
            rankings: BTreeSet::new(),
            provinces: BTreeSet::new(),
            search: false,
        };
        // Regions are compared in parallel, then merged in region order.
        let regions = &new.site.regions;
        let changes: Vec<RegionChanges> = (0..regions.len())
            .into_par_iter()
            .map(|i| RegionChanges::of(i, (old, &old_shown), (new, &new_shown)))
            .collect();
        for (region, changes) in regions.iter().zip(changes) {
            if changes.profile {
                filter.profiles.insert(region.slug.clone());
            }
            if changes.share_image {
                filter.share_images.insert(routes::share_image(&region.slug));
            }
            filter.search |= changes.search;
            filter.rankings.extend(changes.rankings);
            filter.provinces.extend(changes.provinces);
        }
        Some(filter)
    }

    /// Whether the page at `route` (e.g. `/wilayah/kota-a/`) must be rendered
    /// again; every numbered page of a listing is when the listing is (a row
    /// that moves can move to another page).
    pub(crate) fn accepts(&self, route: &str) -> bool {
        let route = routes::unpaged(route);
        if let Some(slug) = route.strip_prefix("/wilayah/").and_then(|r| r.strip_suffix('/')) {
            if !slug.is_empty() && !slug.contains('/') {
                return self.profiles.contains(slug);
            }
        }
        // A badge shows the region's name and record, as its profile does.
        if let Some(slug) =
            route.strip_prefix("/wilayah/").and_then(|r| r.strip_suffix("/lencana.svg"))
        {
            return self.profiles.contains(slug);
        }
        if route == routes::search_bundle() {
            return self.search;
        }
        if route.starts_with("/static/share/") {
            return self.share_images.contains(route);
        }
        if route.starts_with("/peringkat/") && route != routes::rankings() {
            return self.rankings.contains(route);
        }
        if route.starts_with("/provinsi/") && route != routes::provinces() {
            return self.provinces.contains(route);
        }
        true
    }
}

/// What differs for one region (by index) between two scored sites of the same layout.
struct RegionChanges {
    profile: bool,
    share_image: bool,
    search: bool,
    rankings: Vec<String>,
    provinces: Vec<String>,
}

impl RegionChanges {
    fn of(
        i: usize,
        (old, old_shown): (&Scored, &Shown<'_>),
        (new, new_shown): (&Scored, &Shown<'_>),
    ) -> Self {
        let (before, region) = (&old.site.regions[i], &new.site.regions[i]);
        let evaluations = old_shown.by_region[i].iter().zip(&new_shown.by_region[i]);
        let rankings = evaluations.flat_map(|(a, b)| rankings_changed(old, a, new, b)).collect();
        // A province page lists its regions' latest evaluations with their province rank.
        // It also shows the province's official record of every year, and
        // its map the regions' shapes (found by code) coloured by that record.
        let provinces = if old_shown.latest_row(old, i) != new_shown.latest_row(new, i)
            || identity(before) != identity(region)
            || record_of(before) != record_of(region)
            || before.code != region.code
        {
            vec![routes::province(&before.province), routes::province(&region.province)]
        } else {
            Vec::new()
        };
        RegionChanges {
            profile: old_shown.profile(old, i) != new_shown.profile(new, i),
            share_image: old_shown.share_text(old, i) != new_shown.share_text(new, i),
            search: old_shown.search_record(old, i) != new_shown.search_record(new, i),
            rankings,
            provinces,
        }
    }
}

/// Indexes of a scored site that the comparisons need: each region's scored
/// evaluations by year, each province's regions in site order and by latest
/// province rank, and each region's position there.
struct Shown<'a> {
    by_region: Vec<Vec<&'a ScoredEvaluation>>,
    by_province: BTreeMap<&'a str, Vec<usize>>,
    ranked: BTreeMap<&'a str, Vec<usize>>,
    position: Vec<usize>,
}

/// What a profile shows: the region itself, its scored evaluations, its peers
/// (slug, name, latest year and predikat) and how many regions its province has.
type Profile<'a> = (SameRegion<'a>, Vec<&'a ScoredEvaluation>, Vec<PeerShown<'a>>, usize);

/// A region as a page shows it whole, compared by address first: a region
/// the loader kept from the last load is the same allocation, equal without
/// comparing its fields (see `model::Region::same`).
#[derive(Debug, Clone, Copy)]
struct SameRegion<'a>(&'a Arc<Region>);

impl PartialEq for SameRegion<'_> {
    fn eq(&self, other: &Self) -> bool {
        Region::same(self.0, other.0)
    }
}

/// A region's narratives (its own, then each evaluation's), equal without a
/// look at their text when the region is the same allocation.
#[derive(Debug)]
struct Narratives<'a> {
    region: &'a Arc<Region>,
    list: Vec<&'a Narrative>,
}

impl PartialEq for Narratives<'_> {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(self.region, other.region) || self.list == other.list
    }
}

type PeerShown<'a> = (&'a str, &'a str, Option<Latest<'a>>);

impl<'a> Shown<'a> {
    fn of(scored: &'a Scored) -> Self {
        let regions = &scored.site.regions;
        let mut by_region = vec![Vec::new(); regions.len()];
        for ev in &scored.evaluations {
            by_region[ev.region].push(ev);
        }
        for list in &mut by_region {
            list.sort_by_key(|ev| ev.year);
        }
        let mut by_province: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
        for (i, region) in regions.iter().enumerate() {
            by_province.entry(region.province.as_str()).or_default().push(i);
        }
        let latest_rank: Vec<u32> = by_region
            .iter()
            .map(|evs| evs.last().and_then(|e| e.ranks.province).unwrap_or(u32::MAX))
            .collect();
        let mut position = vec![0; regions.len()];
        let mut ranked = BTreeMap::new();
        for (&province, members) in &by_province {
            let mut order = members.clone();
            order.sort_by_key(|&i| (latest_rank[i], i));
            for (pos, &i) in order.iter().enumerate() {
                position[i] = pos;
            }
            ranked.insert(province, order);
        }
        Shown { by_region, by_province, ranked, position }
    }

    /// The shape of the site: its regions and each one's evaluation years.
    fn layout(&self, scored: &'a Scored) -> Vec<(&'a str, Vec<u16>)> {
        let regions = &scored.site.regions;
        (0..regions.len())
            .map(|i| (regions[i].slug.as_str(), self.by_region[i].iter().map(|e| e.year).collect()))
            .collect()
    }

    /// What a region's search record is made of (see `render::search`): its
    /// identity, latest year and predikat, and every narrative.
    fn search_record(&self, scored: &'a Scored, i: usize) -> SearchShown<'a> {
        let region = &scored.site.regions[i];
        let list = region
            .narrative
            .iter()
            .chain(region.evaluations.iter().filter_map(|e| e.narrative.as_ref()))
            .collect();
        (identity(region), self.latest_shown(i), Narratives { region, list })
    }

    /// What a share image shows: the region's name and province and its latest predikat.
    fn share_text(&self, scored: &'a Scored, i: usize) -> (&'a str, &'a str, Option<Latest<'a>>) {
        let region = &scored.site.regions[i];
        (&region.name, &region.province, self.latest_shown(i))
    }

    /// What a province page shows of a region's latest evaluation.
    fn latest_row(
        &self,
        scored: &'a Scored,
        i: usize,
    ) -> Option<(impl PartialEq + 'a, Option<u32>)> {
        self.by_region[i].last().map(|ev| (row(scored, ev), ev.ranks.province))
    }

    /// What peers and share images show of a region's latest evaluation.
    fn latest_shown(&self, i: usize) -> Option<Latest<'a>> {
        self.by_region[i].last().map(|e| (e.year, e.predikat(), e.official.as_deref()))
    }

    fn profile(&self, scored: &'a Scored, i: usize) -> Profile<'a> {
        let region = &scored.site.regions[i];
        let province = region.province.as_str();
        let all = &self.by_province[province];
        let shown = render::peer_window(all, &self.ranked[province], self.position[i]);
        let peers = shown
            .iter()
            .filter(|&&p| p != i)
            .map(|&p| {
                let peer = &scored.site.regions[p];
                (peer.slug.as_str(), peer.name.as_str(), self.latest_shown(p))
            })
            .collect();
        (SameRegion(region), self.by_region[i].clone(), peers, all.len())
    }
}

/// The rankings whose rows show `a` (of `old`) and `b` (its evaluation in
/// `new`) differently: every ranking shows the region, score, predikat and
/// trend; the national one the national rank, a province's the province rank
/// (both provinces when the region moved), a cluster's that cluster's points and rank.
fn rankings_changed(
    old: &Scored,
    a: &ScoredEvaluation,
    new: &Scored,
    b: &ScoredEvaluation,
) -> Vec<String> {
    let (year, base_changed) = (b.year, row(old, a) != row(new, b));
    let mut changed = Vec::new();
    if base_changed || a.ranks.national != b.ranks.national {
        changed.push(routes::ranking(year));
    }
    if base_changed || a.ranks.province != b.ranks.province {
        changed.push(routes::province_ranking(year, &old.site.regions[a.region].province));
        changed.push(routes::province_ranking(year, &new.site.regions[b.region].province));
    }
    let (before, after) = (clusters(a), clusters(b));
    for (i, cluster) in after.iter().enumerate() {
        let shown = |c: &ClusterScore| (c.points, c.max, c.rank_national);
        if base_changed || before.get(i).map(shown) != Some(shown(cluster)) {
            changed.push(routes::cluster_ranking(year, &cluster.id));
        }
    }
    changed
}

/// An evaluation's cluster subtotals (none when not computed).
fn clusters(ev: &ScoredEvaluation) -> &[ClusterScore] {
    ev.computed.as_ref().map_or(&[], |c| c.clusters.as_slice())
}

/// What every ranking row shows of an evaluation: the total, predikat,
/// official predikat, trend and illustrative flag, and who the region is.
fn row<'a>(scored: &'a Scored, ev: &'a ScoredEvaluation) -> impl PartialEq + 'a {
    let region = &scored.site.regions[ev.region];
    let illustrative = region.evaluations.get(ev.evaluation).map(|e| e.illustrative);
    let computed = ev.computed.as_ref().map(|c| (c.total, c.max, c.predikat.as_deref()));
    (
        computed,
        ev.official.as_deref(),
        ev.mismatch,
        ev.trend.as_ref(),
        identity(region),
        illustrative,
    )
}

/// Who a region is, as lists and rows show it.
/// What a region adds to its province's official record: each year's
/// claims and its former identities.
fn record_of(region: &Region) -> (Vec<(u16, &[crate::model::Claim])>, &[crate::model::Former]) {
    let claims = region.evaluations.iter().map(|e| (e.year, &e.claims[..])).collect();
    (claims, &region.former)
}

fn identity(region: &Region) -> (&str, &str, RegionKind, &str) {
    (&region.slug, &region.name, region.kind, &region.province)
}

/// A region's search record's inputs: identity, latest evaluation, narratives.
type SearchShown<'a> =
    ((&'a str, &'a str, RegionKind, &'a str), Option<Latest<'a>>, Narratives<'a>);

/// A region's latest evaluation's year, predikat and official predikat.
type Latest<'a> = (u16, Option<&'a str>, Option<&'a str>);

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(list: &[ChangeKind]) -> Scope {
        scope(list)
    }

    #[test]
    fn the_widest_change_decides_the_scope() {
        let a = ChangeKind::Region("kota-a".to_string());
        let b = ChangeKind::Region("kota-b".to_string());
        let both: BTreeSet<String> = ["kota-a", "kota-b"].map(String::from).into();
        let cases = [
            (vec![], Scope::Nothing),
            (vec![ChangeKind::Ignored], Scope::Nothing),
            (vec![a.clone(), ChangeKind::Ignored, b.clone()], Scope::Regions(both)),
            (vec![a.clone(), ChangeKind::Rubric], Scope::Full),
            (vec![ChangeKind::SiteConfig], Scope::Full),
            (vec![ChangeKind::Template, a.clone()], Scope::Full),
            (vec![ChangeKind::Static], Scope::Full),
            (vec![ChangeKind::Page], Scope::Full),
            (vec![ChangeKind::Content], Scope::Full),
        ];
        for (changes, expected) in cases {
            assert_eq!(kinds(&changes), expected, "{changes:?}");
        }
    }

    #[test]
    fn a_filter_accepts_its_regions_years_and_provinces_and_every_shared_page() {
        let filter = PageFilter {
            profiles: ["kota-a".to_string()].into(),
            share_images: [routes::share_image("kota-b")].into(),
            rankings: [
                routes::ranking(2024),
                routes::province_ranking(2024, "Aceh"),
                routes::cluster_ranking(2024, "kelembagaan"),
            ]
            .into(),
            provinces: [routes::province("Aceh")].into(),
            search: false,
        };
        let cases = [
            ("/", true),
            ("/pagefind/", false),
            ("/wilayah/", true),
            ("/wilayah/kota-a/", true),
            ("/wilayah/kota-b/", false),
            ("/static/share/kota-a.png", false),
            ("/static/share/kota-b.png", true),
            ("/wilayah/kota-a/lencana.svg", true),
            ("/wilayah/kota-b/lencana.svg", false),
            ("/peringkat/", true),
            ("/peringkat/2024/", true),
            ("/peringkat/2024/halaman/3/", true),
            ("/peringkat/2025/halaman/2/", false),
            ("/provinsi/aceh/halaman/2/", true),
            ("/provinsi/bali/halaman/2/", false),
            ("/wilayah/halaman/2/", true),
            ("/peringkat/2024/provinsi/aceh/", true),
            ("/peringkat/2024/provinsi/bali/", false),
            ("/peringkat/2024/klaster/kelembagaan/", true),
            ("/peringkat/2024/klaster/kesehatan/", false),
            ("/peringkat/2025/", false),
            ("/peringkat/2025/provinsi/aceh/", false),
            ("/peringkat/2025/klaster/kelembagaan/", false),
            ("/provinsi/", true),
            ("/provinsi/aceh/", true),
            ("/provinsi/bali/", false),
            ("/metodologi/", true),
            ("/tentang/", true),
        ];
        for (route, expected) in cases {
            assert_eq!(filter.accepts(route), expected, "{route}");
        }
    }
}

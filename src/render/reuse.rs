//! Which pages of the last render are still right after a region edit.
//!
//! [`PageFilter::between`] compares the scored site before and after an
//! edit of some regions and names the HTML pages (and share images, and
//! the search index) that can differ. Ranks are per year, nationally and
//! per province, so an edit to one region changes the ranks shown on other
//! regions' profiles and rankings; for each per-region, per-year and
//! per-province page the filter compares what that page shows in the two
//! scored sites. Where the page's own module defines the value the page is
//! drawn from (a profile's `ProfileInputs`, a ranking row's `RowFacts`, a
//! province page's entries, `ProvinceEntry`, a share image's `ShareInputs`, a
//! search record's `RecordInputs`), the filter compares that value, not a
//! list of its own that could forget a field. Every page not named here is
//! drawn each time: home, indexes, methodology, data, free pages; the open
//! data, feed and sitemap are not pages and are always made again.
//!
//! Anything the filter cannot vouch for (regions or evaluations appearing or
//! disappearing) returns `None`: the render then draws everything.

use std::collections::BTreeSet;

use rayon::prelude::*;

use crate::model::Region;
use crate::render::index::{Index, SameRegion};
use crate::render::map_year;
use crate::render::pages::{ProfileInputs, ProvinceEntry};
use crate::render::routes::{self, Kind, Route};
use crate::render::search::RecordInputs;
use crate::render::share::ShareInputs;
use crate::render::views::RowFacts;
use crate::score::{ClusterScore, Scored, ScoredEvaluation};

/// The HTML pages (and share images) a region edit can change. Each is found
/// by comparing what it shows before and after the edit, so a score edit that
/// shifts one region a few places re-renders the regions it passed, not the
/// whole ranking:
/// - a region's profile shows the region, its scored evaluations (ranks,
///   cluster ranks, trend, gap), its peers (the province's regions, or the
///   ones nearest in the province ranking in a large province, each with name
///   and latest predikat) and the size of its province;
/// - its share image shows its name, province and latest predikat;
/// - a ranking of a year shows that year's rows (each a `RowFacts`): national
///   and cluster rankings every region's, a province ranking its province's;
/// - a province page shows its regions (each a `ProvinceEntry`), its official
///   record and its map;
/// - every page that is not per region, year or province is always rendered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct PageFilter {
    profiles: BTreeSet<String>,
    /// Regions whose badge can differ: it shows the region's name and
    /// official record only (`render::badge`), so only an edit of the region
    /// itself redraws it.
    badges: BTreeSet<String>,
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
        let (old, new) = rayon::join(|| Index::of(old), || Index::of(new));
        // The year of the home and province maps moves every province's map.
        if old.layout() != new.layout() || map_year(&old.scored.site) != map_year(&new.scored.site)
        {
            return None;
        }
        let mut filter = PageFilter {
            profiles: BTreeSet::new(),
            badges: BTreeSet::new(),
            share_images: BTreeSet::new(),
            rankings: BTreeSet::new(),
            provinces: BTreeSet::new(),
            search: false,
        };
        // Regions are compared in parallel, then merged in region order.
        let regions = &new.scored.site.regions;
        let changes: Vec<RegionChanges> =
            (0..regions.len()).into_par_iter().map(|i| RegionChanges::of(i, &old, &new)).collect();
        for (region, changes) in regions.iter().zip(changes) {
            if changes.profile {
                filter.profiles.insert(region.slug.clone());
            }
            if changes.badge {
                filter.badges.insert(region.slug.clone());
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
        let listing = routes::unpaged(route);
        match Route::kind_of(route) {
            Kind::Region => {
                let slug = listing.trim_end_matches('/').rsplit('/').next().unwrap_or_default();
                self.profiles.contains(slug)
            }
            // A badge shows the region's name and record, as its profile does.
            Kind::Badge => {
                let slug = listing.trim_start_matches('/').split('/').nth(1).unwrap_or_default();
                self.badges.contains(slug)
            }
            Kind::SearchBundle => self.search,
            Kind::ShareImage => self.share_images.contains(listing),
            Kind::YearRanking => self.rankings.contains(listing),
            Kind::Province => self.provinces.contains(listing),
            Kind::Other => true,
        }
    }
}

/// What differs for one region (by index) between two scored sites of the same layout.
struct RegionChanges {
    profile: bool,
    badge: bool,
    share_image: bool,
    search: bool,
    rankings: Vec<String>,
    provinces: Vec<String>,
}

impl RegionChanges {
    /// What differs for the region at `i`: each page's inputs compared, as
    /// the page's own module defines them, or (rankings and province pages)
    /// the facts their rows show of the region (`views::RowFacts`).
    fn of(i: usize, old: &Index<'_>, new: &Index<'_>) -> Self {
        let (before, region) = (&old.scored.site.regions[i], &new.scored.site.regions[i]);
        let evaluations = old.by_region[i].iter().zip(&new.by_region[i]);
        let rankings = evaluations.flat_map(|(a, b)| rankings_changed(old, a, new, b)).collect();
        // A province page lists each of its regions as a `ProvinceEntry`.
        // It also shows the province's official record of every year, and
        // its map the regions' shapes (found by code) coloured by that record.
        let provinces = if ProvinceEntry::of(old, i) != ProvinceEntry::of(new, i)
            || before.code != region.code
            || record_of(before) != record_of(region)
        {
            vec![routes::province(&before.province), routes::province(&region.province)]
        } else {
            Vec::new()
        };
        let (share_before, share_after) = (
            ShareInputs::new(before, old.latest_of(i)),
            ShareInputs::new(region, new.latest_of(i)),
        );
        RegionChanges {
            profile: ProfileInputs::of(old, i) != ProfileInputs::of(new, i),
            badge: SameRegion(before) != SameRegion(region),
            share_image: share_before != share_after,
            search: RecordInputs::of(old, i) != RecordInputs::of(new, i),
            rankings,
            provinces,
        }
    }
}

/// The rankings whose rows show `a` (of `old`) and `b` (its evaluation in
/// `new`) differently: a ranking shows the row of each of the year's
/// evaluations with the rank and points it is ranked on there (see
/// [`RowFacts`]'s constructors): the national ranking the national rank, a
/// province's the province rank (both provinces' rankings when the region
/// moved), a cluster's that cluster's points and rank. An evaluation without
/// a score is listed below the national and province rankings without a
/// rank, which shows nothing its ranked facts do not.
fn rankings_changed<'a>(
    old: &Index<'a>,
    a: &'a ScoredEvaluation,
    new: &Index<'a>,
    b: &'a ScoredEvaluation,
) -> Vec<String> {
    let year = b.year;
    let mut changed = Vec::new();
    if RowFacts::national(old, a) != RowFacts::national(new, b) {
        changed.push(routes::ranking(year));
    }
    let (before, after) = (RowFacts::province(old, a), RowFacts::province(new, b));
    if before != after {
        changed.push(routes::province_ranking(year, before.region.province));
        changed.push(routes::province_ranking(year, after.region.province));
    }
    // A cluster ranking lists the evaluations scored on that cluster: one
    // that gains or loses the cluster's score joins or leaves it.
    let (before, after) = (clusters(a), clusters(b));
    for i in 0..before.len().max(after.len()) {
        let (x, y) = (before.get(i), after.get(i));
        if x.map(|c| RowFacts::cluster(old, a, c)) != y.map(|c| RowFacts::cluster(new, b, c)) {
            changed.extend(x.into_iter().chain(y).map(|c| routes::cluster_ranking(year, &c.id)));
        }
    }
    changed
}

/// An evaluation's cluster subtotals (none when not computed).
fn clusters(ev: &ScoredEvaluation) -> &[ClusterScore] {
    ev.computed.as_ref().map_or(&[], |c| c.clusters.as_slice())
}

/// What a region adds to its province's official record: each year's
/// claims and its former identities.
fn record_of(region: &Region) -> (Vec<(u16, &[crate::model::Claim])>, &[crate::model::Former]) {
    let claims = region.evaluations.iter().map(|e| (e.year, &e.claims[..])).collect();
    (claims, &region.former)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testkit::scenes;

    #[test]
    fn an_evaluation_that_loses_its_score_leaves_the_cluster_rankings() {
        let old = scenes::uji_scored();
        let mut new = old.clone();
        // Kota Beta's 2025 evaluation, last on both clusters, is official-only
        // now: no other row of a cluster ranking changes, the ranking does.
        new.evaluations[2].computed = None;
        new.evaluations[2].ranks = Default::default();
        let filter = PageFilter::between(&old, &new).expect("the same layout");
        for cluster in ["kelembagaan", "perlindungan-khusus"] {
            assert!(filter.accepts(&routes::cluster_ranking(2025, cluster)), "{cluster}");
        }
        assert!(filter.accepts(&routes::ranking(2025)));
        assert!(filter.accepts(&routes::province_ranking(2025, "Kalimantan Timur")));
        assert!(!filter.accepts(&routes::ranking(2024)));
        assert!(!filter.accepts(&routes::cluster_ranking(2024, "kelembagaan")));
    }

    #[test]
    fn a_filter_accepts_its_regions_years_and_provinces_and_every_shared_page() {
        let filter = PageFilter {
            profiles: ["kota-a".to_string()].into(),
            badges: ["kota-a".to_string()].into(),
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

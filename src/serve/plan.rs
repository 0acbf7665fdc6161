//! What a rebuild must redo: all the dependency knowledge of `kla serve` in one place.
//!
//! Two decisions, both pure:
//! - [`scope`]: from the kinds of the changed paths, whether the whole site is
//!   rebuilt (site config, rubrics, pages, templates, static files, anything
//!   structural) or only what depends on some regions;
//! - [`PageFilter::between`]: from the scored site before and after a region
//!   edit, which HTML pages can differ. Ranks are per year, nationally and per
//!   province, so an edit to one region changes the rankings (and the ranks
//!   shown on the profiles) of the years it touches; the comparison of the two
//!   scored sites finds every region whose scores, ranks, trend or gap moved.
//!   Every page not named here is re-rendered each time: home, indexes,
//!   methodology, data, free pages; the open data, feed and sitemap are not
//!   pages and are always recomputed.
//!
//! Anything the filter cannot vouch for (regions or evaluations appearing or
//! disappearing) returns `None`: the caller then renders everything.

use std::collections::BTreeSet;

use super::watch::ChangeKind;
use crate::render::routes;
use crate::score::{Scored, ScoredEvaluation};

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

/// The HTML pages a region edit can change: the profiles of the regions whose
/// data or scores changed and, when an edited region's name or any region's
/// latest predikat changed, of its province peers (a profile lists its peers'
/// names and latest predikat), the rankings of the years those regions were evaluated in,
/// the pages of their provinces, and every page that is not per region, year or
/// province.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct PageFilter {
    profiles: BTreeSet<String>,
    years: BTreeSet<u16>,
    provinces: BTreeSet<String>,
}

impl PageFilter {
    /// The pages that can differ between `old` and `new` after the regions in
    /// `edited` changed, or `None` when the set of regions or evaluations changed.
    pub(crate) fn between(old: &Scored, new: &Scored, edited: &BTreeSet<String>) -> Option<Self> {
        if layout(old) != layout(new) {
            return None;
        }
        let regions = &new.site.regions;
        let changed: Vec<usize> = (0..regions.len())
            .filter(|&i| {
                edited.contains(&regions[i].slug)
                    || evaluations_of(old, i).ne(evaluations_of(new, i))
            })
            .collect();
        let mut filter = PageFilter {
            profiles: BTreeSet::new(),
            years: BTreeSet::new(),
            provinces: BTreeSet::new(),
        };
        for &i in &changed {
            // Peers show a region's name and latest predikat, not its ranks.
            let peers_see_it =
                edited.contains(&regions[i].slug) || latest_shown(old, i) != latest_shown(new, i);
            for scored in [old, new] {
                let region = &scored.site.regions[i];
                filter.profiles.insert(region.slug.clone());
                filter.provinces.insert(routes::province(&region.province));
                filter.years.extend(evaluations_of(scored, i).map(|e| e.year));
                if peers_see_it {
                    let peers =
                        scored.site.regions.iter().filter(|r| r.province == region.province);
                    filter.profiles.extend(peers.map(|r| r.slug.clone()));
                }
            }
        }
        Some(filter)
    }

    /// Whether the page at `route` (e.g. `/wilayah/kota-a/`) must be rendered again.
    pub(crate) fn accepts(&self, route: &str) -> bool {
        if let Some(slug) = route.strip_prefix("/wilayah/").and_then(|r| r.strip_suffix('/')) {
            if !slug.is_empty() && !slug.contains('/') {
                return self.profiles.contains(slug);
            }
        }
        if let Some(rest) = route.strip_prefix("/peringkat/") {
            if let Some((year, _)) = rest.split_once('/') {
                if let Ok(year) = year.parse::<u16>() {
                    return self.years.contains(&year);
                }
            }
        }
        if route.starts_with("/provinsi/") && route != routes::provinces() {
            return self.provinces.contains(route);
        }
        true
    }
}

/// The shape of a scored site: its regions and each one's evaluation years.
fn layout(scored: &Scored) -> Vec<(&str, Vec<u16>)> {
    let regions = &scored.site.regions;
    (0..regions.len())
        .map(|i| (regions[i].slug.as_str(), evaluations_of(scored, i).map(|e| e.year).collect()))
        .collect()
}

/// What a region's peers show of it: its latest evaluation's year and predikat.
fn latest_shown(scored: &Scored, region: usize) -> Option<(u16, Option<&str>, Option<&str>)> {
    evaluations_of(scored, region).last().map(|e| (e.year, e.predikat(), e.official.as_deref()))
}

fn evaluations_of(scored: &Scored, region: usize) -> impl Iterator<Item = &ScoredEvaluation> {
    scored.evaluations.iter().filter(move |e| e.region == region)
}

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
            years: [2024].into(),
            provinces: [routes::province("Aceh")].into(),
        };
        let cases = [
            ("/", true),
            ("/wilayah/", true),
            ("/wilayah/kota-a/", true),
            ("/wilayah/kota-b/", false),
            ("/peringkat/", true),
            ("/peringkat/2024/", true),
            ("/peringkat/2024/provinsi/aceh/", true),
            ("/peringkat/2025/", false),
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

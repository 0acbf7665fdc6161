//! The scored site indexed the way pages look it up: each region's scored
//! evaluations by year, each year's, each province's regions, and each
//! province's regions by latest rank.
//!
//! It knows no language, so the views of every language (through `Ctx`) and
//! a rebuild's page filter (`reuse`) read the very same index: what a page
//! shows and what the filter compares to know whether the page changed are
//! computed once, in one way.

use std::collections::BTreeMap;

use crate::score::{Scored, ScoredEvaluation};

/// A scored site indexed for its pages.
pub(crate) struct Index<'a> {
    /// The scored site.
    pub(crate) scored: &'a Scored,
    /// Scored evaluations of each region (same index as `site.regions`), by year.
    pub(crate) by_region: Vec<Vec<&'a ScoredEvaluation>>,
    /// Scored evaluations of each year.
    pub(crate) by_year: BTreeMap<u16, Vec<&'a ScoredEvaluation>>,
    /// Region indices of each province, by province name.
    pub(crate) by_province: BTreeMap<&'a str, Vec<usize>>,
    /// Region indices of each province by their latest province rank (unranked last),
    /// and each region's position there: a peer list shows the regions nearest in rank.
    pub(crate) province_ranked: (BTreeMap<&'a str, Vec<usize>>, Vec<usize>),
}

impl<'a> Index<'a> {
    /// Indexes `scored`.
    pub(crate) fn of(scored: &'a Scored) -> Self {
        let site = &scored.site;
        let mut by_region = vec![Vec::new(); site.regions.len()];
        let mut by_year: BTreeMap<u16, Vec<&ScoredEvaluation>> = BTreeMap::new();
        for ev in &scored.evaluations {
            if let Some(list) = by_region.get_mut(ev.region) {
                list.push(ev);
            }
            by_year.entry(ev.year).or_default().push(ev);
        }
        for list in &mut by_region {
            list.sort_by_key(|ev| ev.year);
        }
        let mut by_province: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
        for (i, region) in site.regions.iter().enumerate() {
            by_province.entry(region.province.as_str()).or_default().push(i);
        }
        let province_ranked = rank_order(&by_province, &by_region, site.regions.len());
        Index { scored, by_region, by_year, by_province, province_ranked }
    }

    /// What lists show of a region's most recent evaluation.
    pub(crate) fn latest_shown(&self, region: usize) -> Option<Latest<'a>> {
        self.latest_of(region).map(Latest::of)
    }

    /// Whether an evaluation's points are the publisher's illustration, as
    /// its region's evaluation says.
    pub(crate) fn illustrative(&self, ev: &ScoredEvaluation) -> bool {
        let region = &self.scored.site.regions[ev.region];
        region.evaluations.get(ev.evaluation).is_some_and(|e| e.illustrative)
    }

    /// A region's most recent evaluation.
    pub(crate) fn latest_of(&self, region: usize) -> Option<&'a ScoredEvaluation> {
        self.by_region.get(region).and_then(|l| l.last().copied())
    }

    /// The regions of each province and each region's year list: the shape
    /// of the site, which a rebuild must keep to keep any page.
    pub(crate) fn layout(&self) -> Vec<(&'a str, Vec<u16>)> {
        let regions = &self.scored.site.regions;
        (0..regions.len())
            .map(|i| (regions[i].slug.as_str(), self.by_region[i].iter().map(|e| e.year).collect()))
            .collect()
    }
}

/// Each province's regions ordered by their latest province rank (unranked
/// last, then in site order), and each region's position in that order.
fn rank_order<'a>(
    by_province: &BTreeMap<&'a str, Vec<usize>>,
    by_region: &[Vec<&ScoredEvaluation>],
    regions: usize,
) -> (BTreeMap<&'a str, Vec<usize>>, Vec<usize>) {
    let mut position = vec![0; regions];
    let mut ranked = BTreeMap::new();
    for (&province, members) in by_province {
        let mut order = members.clone();
        order.sort_by_key(|&i| {
            let rank = by_region[i].last().and_then(|ev| ev.ranks.province);
            (rank.unwrap_or(u32::MAX), i)
        });
        for (pos, &i) in order.iter().enumerate() {
            position[i] = pos;
        }
        ranked.insert(province, order);
    }
    (ranked, position)
}

/// What lists of regions show of a region's latest evaluation: its year and
/// the predikat shown for it (the computed one when computed, else the
/// official one). Peer lists and share images are made from it, and a
/// rebuild compares it to know whether they changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Latest<'a> {
    /// The evaluation's year.
    pub(crate) year: u16,
    /// Whether its points were scored (then `tier` is the computed predikat,
    /// `None` below the lowest tier); else `tier` is the official predikat.
    pub(crate) computed: bool,
    /// The tier id shown.
    pub(crate) tier: Option<&'a str>,
    /// The rubric the tier id belongs to (by index in `site.rubrics`).
    pub(crate) rubric: usize,
}

impl<'a> Latest<'a> {
    /// What is shown of `ev`.
    pub(crate) fn of(ev: &'a ScoredEvaluation) -> Self {
        match &ev.computed {
            Some(c) => Latest {
                year: ev.year,
                computed: true,
                tier: c.predikat.as_deref(),
                rubric: ev.rubric,
            },
            None => Latest {
                year: ev.year,
                computed: false,
                tier: ev.official.as_deref(),
                rubric: ev.rubric,
            },
        }
    }
}

/// A region as a page shows it whole, compared by address first: a region
/// the loader kept from the last load is the same allocation, equal without
/// comparing its fields (see `model::Region::same`).
#[derive(Debug, Clone, Copy)]
pub(crate) struct SameRegion<'a>(pub(crate) &'a std::sync::Arc<crate::model::Region>);

impl PartialEq for SameRegion<'_> {
    fn eq(&self, other: &Self) -> bool {
        crate::model::Region::same(self.0, other.0)
    }
}

//! Ranks per year: national and within the province, by total and per cluster.
//!
//! Competition ranking ("1224"): ties share a rank and the next rank skips.
//! Only evaluations with a computed score are ranked; every evaluation gets the
//! counts of its year and province. Each group is sorted once, so ranking is
//! O(n log n) per year. It does not compute scores or trends.

use std::collections::BTreeMap;

use crate::model::{Points, Site};

use super::ScoredEvaluation;

/// Where a rank applies.
#[derive(Clone, Copy)]
enum Scope {
    National,
    Province,
}

/// Fills `ranks` and every cluster's `rank_national` / `rank_province`.
pub(crate) fn assign_ranks(site: &Site, evaluations: &mut [ScoredEvaluation]) {
    let mut national: BTreeMap<u16, Vec<usize>> = BTreeMap::new();
    let mut province: BTreeMap<(u16, &str), Vec<usize>> = BTreeMap::new();
    for (i, e) in evaluations.iter().enumerate().filter(|(_, e)| e.computed.is_some()) {
        national.entry(e.year).or_default().push(i);
        province.entry((e.year, province_of(site, e))).or_default().push(i);
    }
    for members in national.values() {
        rank_group(evaluations, members, Scope::National);
    }
    for members in province.values() {
        rank_group(evaluations, members, Scope::Province);
    }
    for e in evaluations.iter_mut() {
        e.ranks.national_of = count(national.get(&e.year));
        e.ranks.province_of = count(province.get(&(e.year, province_of(site, e))));
    }
}

fn province_of<'s>(site: &'s Site, evaluation: &ScoredEvaluation) -> &'s str {
    &site.regions[evaluation.region].province
}

fn count(members: Option<&Vec<usize>>) -> u32 {
    members.map_or(0, |m| u32::try_from(m.len()).unwrap_or(u32::MAX))
}

/// Ranks one group (a year, or a province in a year) by total and by each cluster.
fn rank_group(evaluations: &mut [ScoredEvaluation], members: &[usize], scope: Scope) {
    let by_total =
        members.iter().filter_map(|&i| Some((evaluations[i].computed.as_ref()?.total, i)));
    for (i, rank) in competition_ranks(by_total.collect()) {
        let ranks = &mut evaluations[i].ranks;
        match scope {
            Scope::National => ranks.national = Some(rank),
            Scope::Province => ranks.province = Some(rank),
        }
    }
    let cluster_count = members
        .iter()
        .filter_map(|&i| Some(evaluations[i].computed.as_ref()?.clusters.len()))
        .max();
    for c in 0..cluster_count.unwrap_or(0) {
        let by_cluster = members
            .iter()
            .filter_map(|&i| Some((evaluations[i].computed.as_ref()?.clusters.get(c)?.points, i)));
        for (i, rank) in competition_ranks(by_cluster.collect()) {
            if let Some(cluster) =
                evaluations[i].computed.as_mut().and_then(|s| s.clusters.get_mut(c))
            {
                match scope {
                    Scope::National => cluster.rank_national = Some(rank),
                    Scope::Province => cluster.rank_province = Some(rank),
                }
            }
        }
    }
}

/// Competition ranks of `(points, id)` pairs, highest points first: ties share
/// a rank and the next rank skips ("1224"). Returns `(id, rank)` in rank order.
pub(crate) fn competition_ranks(mut entries: Vec<(Points, usize)>) -> Vec<(usize, u32)> {
    entries.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    let mut ranked = Vec::with_capacity(entries.len());
    let mut previous: Option<(Points, u32)> = None;
    for (position, (points, id)) in entries.into_iter().enumerate() {
        let rank = match previous {
            Some((p, r)) if p == points => r,
            _ => u32::try_from(position + 1).unwrap_or(u32::MAX),
        };
        previous = Some((points, rank));
        ranked.push((id, rank));
    }
    ranked
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ranks_of(points: &[i64]) -> Vec<u32> {
        let entries = points.iter().enumerate().map(|(id, &p)| (Points(p), id)).collect();
        let mut by_id = competition_ranks(entries);
        by_id.sort();
        by_id.into_iter().map(|(_, rank)| rank).collect()
    }

    #[test]
    fn competition_ranks_share_ties_and_skip_the_next_rank() {
        let cases: [(&[i64], &[u32]); 5] = [
            (&[], &[]),
            (&[500], &[1]),
            (&[900, 800, 800, 700], &[1, 2, 2, 4]),
            (&[700, 800, 900, 800], &[4, 2, 1, 2]),
            (&[100, 100, 100], &[1, 1, 1]),
        ];
        for (points, expected) in cases {
            assert_eq!(ranks_of(points), expected, "points {points:?}");
        }
    }

    #[test]
    fn one_hundredth_separates_ranks() {
        assert_eq!(ranks_of(&[80000, 80001]), [2, 1]);
    }
}

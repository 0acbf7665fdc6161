//! Scoring: the pure predicate computation over the rubric.
//!
//! `score(Site) -> Scored` computes, for every evaluation, its indicator
//! points, cluster subtotals, total, predikat, ranks, trend, gap to the next
//! predikat and whether the official predikat matches. It takes a validated
//! [`Site`], so it cannot fail: anything that could go wrong is a validation
//! diagnostic. It knows nothing of files, HTML or templates.
//!
//! The public types live in `scored`; the rules in submodules: `points`
//! (indicator points, subtotals), `predikat` (tiers and gates), `rank`,
//! `trend` and `gap`.

mod gap;
mod points;
pub(crate) mod predikat;
mod rank;
mod scored;
mod trend;

#[cfg(test)]
mod proptests;
#[cfg(test)]
mod tests;

use std::sync::Arc;

use rayon::prelude::*;

pub use scored::{
    ClusterScore, Computed, Direction, Gap, IndicatorScore, OpenIndicator, Ranks, Scored,
    ScoredEvaluation, Trend,
};

use crate::model::{Evaluation, Region, Site};

/// Scores a validated site. Pure and infallible: the loader has already
/// checked everything that could make scoring fail.
///
/// The result lists every evaluation sorted by region (in `site.regions`
/// order) then year, with ranks per year and trends against the region's
/// previous evaluation.
pub fn score(site: Site) -> Scored {
    score_regions(site, None)
}

/// The same result as [`score`], taking from `previous` (an earlier scoring)
/// what does not depend on other regions (points, predikat, mismatch, gap)
/// for every region whose data and rubrics are equal to what `previous`
/// scored. Exists for `kla serve`, where an edit changes one region of
/// hundreds: comparing a region is cheaper than scoring it again. Ranks and
/// trends depend on all regions and are always computed again.
pub fn score_since(site: Site, previous: &Scored) -> Scored {
    let reusable = previous.site.rubrics == site.rubrics;
    score_regions(site, reusable.then_some(previous))
}

fn score_regions(site: Site, previous: Option<&Scored>) -> Scored {
    let scored_site = &site;
    let mut evaluations: Vec<ScoredEvaluation> = site
        .regions
        .par_iter()
        .enumerate()
        .flat_map_iter(|(r, region)| {
            let kept = previous.and_then(|earlier| earlier_evaluations(earlier, region));
            region.evaluations.iter().enumerate().map(move |(e, ev)| {
                match kept.and_then(|kept| kept.iter().find(|k| k.evaluation == e)) {
                    Some(earlier) => unranked(earlier, r),
                    None => score_evaluation(scored_site, r, e, ev),
                }
            })
        })
        .collect();
    evaluations.sort_by_key(|e| (e.region, e.year));
    rank::assign_ranks(&site, &mut evaluations);
    trend::attach_trends(&site, &mut evaluations);
    Scored { site, evaluations }
}

/// The evaluations `earlier` scored of the region equal to `region`, when it
/// scored that region (found by slug through its site's
/// [`SlugIndex`](crate::model::SlugIndex)).
fn earlier_evaluations<'p>(
    earlier: &'p Scored,
    region: &Arc<Region>,
) -> Option<&'p [ScoredEvaluation]> {
    let index = earlier.site.region_position(&region.slug)?;
    if !Region::same(&earlier.site.regions[index], region) {
        return None;
    }
    // Sorted by region then year: the region's evaluations are one run.
    let all = &earlier.evaluations;
    let start = all.partition_point(|e| e.region < index);
    let end = all.partition_point(|e| e.region <= index);
    Some(&all[start..end])
}

/// A copy of an earlier scored evaluation of region `region` with everything
/// that depends on other evaluations (ranks, cluster ranks, trend) cleared.
fn unranked(earlier: &ScoredEvaluation, region: usize) -> ScoredEvaluation {
    let mut ev = earlier.clone();
    ev.region = region;
    ev.ranks = Ranks::default();
    ev.trend = None;
    if let Some(computed) = &mut ev.computed {
        for cluster in &mut computed.clusters {
            cluster.rank_national = None;
            cluster.rank_province = None;
        }
    }
    ev
}

/// Everything about one evaluation that does not depend on the others
/// (ranks and trend are filled in afterwards).
fn score_evaluation(
    site: &Site,
    region: usize,
    index: usize,
    evaluation: &Evaluation,
) -> ScoredEvaluation {
    let rubric = &site.rubrics[evaluation.rubric];
    let computed = evaluation.has_data.then(|| points::compute(rubric, evaluation));
    let mismatch = match (&computed, &evaluation.official) {
        (Some(c), Some(official)) => c.predikat.as_deref() != Some(official.as_str()),
        _ => false,
    };
    let gap = computed.as_ref().and_then(|c| gap::gap_to_next(rubric, c));
    ScoredEvaluation {
        region,
        evaluation: index,
        year: evaluation.year,
        rubric: evaluation.rubric,
        computed,
        official: evaluation.official.clone(),
        mismatch,
        ranks: Ranks::default(),
        trend: None,
        gap,
    }
}

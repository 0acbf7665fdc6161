//! Scoring: the pure predicate computation over the rubric.
//!
//! `score(Site) -> Scored` computes, for every evaluation, its indicator
//! points, cluster subtotals, total, predikat, ranks, trend, gap to the next
//! predikat and whether the official predikat matches. It takes a validated
//! [`Site`], so it cannot fail: anything that could go wrong is a validation
//! diagnostic. It knows nothing of files, HTML or templates.
//!
//! The public types live here; the rules live in submodules: `points`
//! (indicator points, subtotals), `predikat` (tiers and gates), `rank`,
//! `trend` and `gap`.

mod gap;
mod points;
pub(crate) mod predikat;
mod rank;
mod trend;

#[cfg(test)]
mod proptests;
#[cfg(test)]
mod tests;

use std::sync::Arc;

use rayon::prelude::*;
use serde::Serialize;

use crate::model::{Evaluation, Id, Measured, Points, Region, Site};

/// The scored site: the validated site plus one [`ScoredEvaluation`] per evaluation.
#[derive(Debug, Clone)]
pub struct Scored {
    /// The site that was scored.
    pub site: Site,
    /// One entry per (region, year), sorted by region slug then year.
    pub evaluations: Vec<ScoredEvaluation>,
}

/// Everything computed about one region's evaluation of one year.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ScoredEvaluation {
    /// Index into `site.regions`.
    pub region: usize,
    /// Index into that region's `evaluations`.
    pub evaluation: usize,
    /// Evaluation year.
    pub year: u16,
    /// Index into `site.rubrics` of the rubric that applied.
    pub rubric: usize,
    /// The computed score, or `None` for an official-only evaluation.
    pub computed: Option<Computed>,
    /// Official predikat (tier id), copied from the evaluation for convenience.
    pub official: Option<String>,
    /// True when both an official and a computed predikat exist and differ
    /// (including a computed "no predikat" against an announced one).
    pub mismatch: bool,
    /// Ranks among that year's computed evaluations.
    pub ranks: Ranks,
    /// Change against the region's previous evaluation, if it has one.
    pub trend: Option<Trend>,
    /// What it takes to reach the next predikat; `None` when not computed or already at the top.
    pub gap: Option<Gap>,
}

impl ScoredEvaluation {
    /// The computed total, `None` for an official-only evaluation (open data writes `null`).
    pub fn total(&self) -> Option<Points> {
        self.computed.as_ref().map(|c| c.total)
    }

    /// The computed predikat (tier id), `None` when not computed or below the lowest tier.
    pub fn predikat(&self) -> Option<&str> {
        self.computed.as_ref().and_then(|c| c.predikat.as_deref())
    }

    /// Whether every indicator was given; an official-only evaluation is not complete.
    pub fn is_complete(&self) -> bool {
        self.computed.as_ref().is_some_and(|c| c.complete)
    }
}

/// A computed score.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Computed {
    /// Sum of all indicator points.
    pub total: Points,
    /// The rubric's `max_score`.
    pub max: Points,
    /// Tier id reached, or `None` below the lowest tier.
    pub predikat: Option<Id>,
    /// False when some indicator was given neither points nor a value (it counts 0).
    pub complete: bool,
    /// Subtotals in the rubric's cluster order.
    pub clusters: Vec<ClusterScore>,
    /// Points per indicator in the rubric's order; shared, so that the
    /// scored evaluation of an unchanged region is taken into the next
    /// scoring (`kla serve`) without copying every indicator.
    pub indicators: Arc<[IndicatorScore]>,
}

/// One cluster's subtotal.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ClusterScore {
    /// Cluster id.
    pub id: Id,
    /// Exact sum of its indicators' points.
    pub points: Points,
    /// Sum of its indicators' maxima.
    pub max: Points,
    /// Rank on this cluster among the year's computed evaluations, nationally.
    pub rank_national: Option<u32>,
    /// Rank on this cluster within the province.
    pub rank_province: Option<u32>,
}

/// One indicator's points.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct IndicatorScore {
    /// Indicator id.
    pub id: Id,
    /// Cluster id it belongs to.
    pub cluster: Id,
    /// Points counted (0 when missing).
    pub points: Points,
    /// The indicator's `max_points`.
    pub max: Points,
    /// The measured value the points came from, if they came from one.
    pub value: Option<Measured>,
    /// Given neither as points nor as a value.
    pub missing: bool,
}

/// Competition ranks ("1224"): ties share a rank, the next rank skips.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Ranks {
    /// Rank by total among all computed evaluations of the year.
    pub national: Option<u32>,
    /// How many computed evaluations that year has.
    pub national_of: u32,
    /// Rank by total within the province that year.
    pub province: Option<u32>,
    /// How many computed evaluations the province has that year.
    pub province_of: u32,
}

/// Direction of a predikat change.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Direction {
    /// A higher tier than before.
    Up,
    /// A lower tier than before.
    Down,
    /// The same tier.
    Same,
}

/// Change against the region's previous evaluation.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Trend {
    /// Year of the previous evaluation.
    pub previous_year: u16,
    /// Total minus the previous total, when both are computed.
    pub delta: Option<Points>,
    /// Predikat movement: computed against computed when both are computed,
    /// otherwise official against official when both were announced.
    pub predikat: Option<Direction>,
}

/// The distance to the next predikat.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Gap {
    /// Tier id of the next predikat.
    pub next: Id,
    /// Points still needed to reach its `min_score` (0 when only a gate blocks it).
    pub points_needed: Points,
    /// Gates of that tier that do not hold yet (cluster ids).
    pub failing_gates: Vec<Id>,
    /// The indicators with the most points still open, largest first (at most five).
    pub open: Vec<OpenIndicator>,
}

/// An indicator with points still to win.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OpenIndicator {
    /// Indicator id.
    pub id: Id,
    /// `max - points`.
    pub open: Points,
}

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

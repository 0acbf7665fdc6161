//! What scoring gives: the scored site and, per evaluation, its points,
//! subtotals, predikat, ranks, trend and gap. Apart from `mod.rs`, which runs
//! the rules, so that the rule modules (`points`, `predikat`, `rank`, `trend`,
//! `gap`) can name these types without depending on the code that calls them.

use std::sync::Arc;

use serde::Serialize;

use crate::model::{Id, Measured, Points, Site};

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

//! Builders for scoring results, for tests of the stages after scoring that
//! want exact figures without running the scorer.

use crate::model::{Measured, Points, Rubric};
use crate::score::{ClusterScore, Computed, Gap, IndicatorScore, Ranks, ScoredEvaluation, Trend};

/// A cluster subtotal of `points` out of `max` (both in hundredths), unranked.
pub(crate) fn cluster_score(id: &str, points: i64, max: i64) -> ClusterScore {
    ClusterScore {
        id: id.into(),
        points: Points(points),
        max: Points(max),
        rank_national: None,
        rank_province: None,
    }
}

/// Builds a [`Computed`]; see [`computed`].
#[derive(Debug, Clone)]
pub(crate) struct ComputedBuilder {
    computed: Computed,
}

/// A complete, unranked score over `rubric` with `points` (hundredths) per
/// indicator in rubric order, no measured values and no predikat.
pub(crate) fn computed(rubric: &Rubric, points: &[i64]) -> ComputedBuilder {
    assert_eq!(points.len(), rubric.indicators().count(), "points for every indicator");
    let indicators: Vec<IndicatorScore> = rubric
        .indicators()
        .zip(points)
        .map(|((c, i), &p)| IndicatorScore {
            id: i.id.clone(),
            cluster: c.id.clone(),
            points: Points(p),
            max: i.max_points,
            value: None,
            missing: false,
        })
        .collect();
    let clusters: Vec<ClusterScore> = rubric
        .clusters
        .iter()
        .map(|c| ClusterScore {
            id: c.id.clone(),
            points: indicators.iter().filter(|i| i.cluster == c.id).map(|i| i.points).sum(),
            max: c.max_points(),
            rank_national: None,
            rank_province: None,
        })
        .collect();
    ComputedBuilder {
        computed: Computed {
            total: clusters.iter().map(|c| c.points).sum(),
            max: rubric.max_score,
            predikat: None,
            complete: true,
            clusters,
            indicators: indicators.into(),
        },
    }
}

impl ComputedBuilder {
    /// The computed predikat.
    pub(crate) fn predikat(mut self, tier: &str) -> Self {
        self.computed.predikat = Some(tier.into());
        self
    }

    /// Ranks every cluster `rank`-th, nationally and in the province.
    pub(crate) fn cluster_ranks(mut self, rank: u32) -> Self {
        for cluster in &mut self.computed.clusters {
            cluster.rank_national = Some(rank);
            cluster.rank_province = Some(rank);
        }
        self
    }

    /// Indicator `id`'s points came from this measured value.
    pub(crate) fn measured(self, id: &str, measured: Measured) -> Self {
        self.indicator(id, |i| i.value = Some(measured))
    }

    /// Indicator `id` was given neither way: the score is incomplete.
    pub(crate) fn missing(mut self, id: &str) -> Self {
        self.computed.complete = false;
        self.indicator(id, |i| i.missing = true)
    }

    fn indicator(mut self, id: &str, change: impl FnOnce(&mut IndicatorScore)) -> Self {
        let mut indicators = self.computed.indicators.to_vec();
        change(indicators.iter_mut().find(|i| &*i.id == id).expect("an indicator of the rubric"));
        self.computed.indicators = indicators.into();
        self
    }

    /// The score.
    pub(crate) fn build(self) -> Computed {
        self.computed
    }
}

/// Builds a [`ScoredEvaluation`]; see [`scored_evaluation`].
#[derive(Debug, Clone)]
pub(crate) struct ScoredBuilder {
    scored: ScoredEvaluation,
}

/// The `evaluation`-th evaluation of the `region`-th region, of `year`, under
/// the first rubric: no score, official predikat, ranks, trend or gap.
pub(crate) fn scored_evaluation(region: usize, evaluation: usize, year: u16) -> ScoredBuilder {
    ScoredBuilder {
        scored: ScoredEvaluation {
            region,
            evaluation,
            year,
            rubric: 0,
            computed: None,
            official: None,
            mismatch: false,
            ranks: Ranks::default(),
            trend: None,
            gap: None,
        },
    }
}

impl ScoredBuilder {
    /// The position of its rubric.
    pub(crate) fn rubric(mut self, rubric: usize) -> Self {
        self.scored.rubric = rubric;
        self
    }

    /// The computed score.
    pub(crate) fn computed(mut self, computed: impl Into<Computed>) -> Self {
        self.scored.computed = Some(computed.into());
        self
    }

    /// The official predikat.
    pub(crate) fn official(mut self, tier: &str) -> Self {
        self.scored.official = Some(tier.into());
        self
    }

    /// Flags official and computed predikat as differing.
    pub(crate) fn mismatch(mut self) -> Self {
        self.scored.mismatch = true;
        self
    }

    /// Ranked `rank`-th of `of`, nationally and in the province alike.
    pub(crate) fn ranked(mut self, rank: u32, of: u32) -> Self {
        self.scored.ranks =
            Ranks { national: Some(rank), national_of: of, province: Some(rank), province_of: of };
        self
    }

    /// Any ranks.
    pub(crate) fn ranks(mut self, ranks: Ranks) -> Self {
        self.scored.ranks = ranks;
        self
    }

    /// The trend against the previous evaluation.
    pub(crate) fn trend(mut self, trend: Trend) -> Self {
        self.scored.trend = Some(trend);
        self
    }

    /// The gap to the next tier.
    pub(crate) fn gap(mut self, gap: Gap) -> Self {
        self.scored.gap = Some(gap);
        self
    }

    /// The scored evaluation.
    pub(crate) fn build(self) -> ScoredEvaluation {
        self.scored
    }
}

impl From<ComputedBuilder> for Computed {
    fn from(builder: ComputedBuilder) -> Computed {
        builder.build()
    }
}

impl From<ScoredBuilder> for ScoredEvaluation {
    fn from(builder: ScoredBuilder) -> ScoredEvaluation {
        builder.build()
    }
}

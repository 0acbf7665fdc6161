//! Indicator points and cluster subtotals of one evaluation.
//!
//! Turns an evaluation's `[points]` and `[values]` into exact points per
//! indicator (through the rubric's scale for measured values), sums them per
//! cluster and in total, and asks [`super::predikat`] which tier that reaches.
//! It does not rank, compare years or look at the official predikat.

use crate::model::{Evaluation, Id, Indicator, IndicatorInput, Points, Rubric, Scale};

use super::predikat::reached_tier;
use super::{ClusterScore, Computed, IndicatorScore};

/// Computes the score of an evaluation that has data, against its rubric.
pub(crate) fn compute(rubric: &Rubric, evaluation: &Evaluation) -> Computed {
    // Indicators in the rubric's order, which is cluster by cluster: each
    // cluster's subtotal is the sum of the run it just added.
    // Sized once: grown by doubling it would hold 32 places for 24 indicators
    // in every evaluation of the site.
    let count = rubric.clusters.iter().map(|c| c.indicators.len()).sum();
    let mut indicators: Vec<IndicatorScore> = Vec::with_capacity(count);
    let clusters: Vec<ClusterScore> = rubric
        .clusters
        .iter()
        .map(|cluster| {
            let start = indicators.len();
            indicators.extend(
                cluster.indicators.iter().map(|i| score_indicator(&cluster.id, i, evaluation)),
            );
            ClusterScore {
                id: cluster.id.clone(),
                points: indicators[start..].iter().map(|i| i.points).sum(),
                max: cluster.max_points(),
                rank_national: None,
                rank_province: None,
            }
        })
        .collect();
    let total: Points = indicators.iter().map(|i| i.points).sum();
    let predikat = reached_tier(rubric, &clusters, total).map(|t| rubric.tiers[t].id.clone());
    Computed {
        total,
        max: rubric.max_score,
        predikat,
        complete: indicators.iter().all(|i| !i.missing),
        clusters,
        indicators: indicators.into(),
    }
}

/// Points of one indicator: given directly, from a measured value, or 0 and missing.
fn score_indicator(cluster: &Id, indicator: &Indicator, evaluation: &Evaluation) -> IndicatorScore {
    let (points, value, missing) = match evaluation.inputs.get(&indicator.id) {
        Some(IndicatorInput::Points(p)) => (*p, None, false),
        Some(IndicatorInput::Value(measured)) => match &indicator.scale {
            Some(scale) => (
                scaled_points(scale, indicator.max_points, measured.value),
                Some(measured.clone()),
                false,
            ),
            // Validation rejects a value without a scale; count it as missing rather than panic.
            None => (Points::ZERO, Some(measured.clone()), true),
        },
        None => (Points::ZERO, None, true),
    };
    IndicatorScore {
        id: indicator.id.clone(),
        cluster: Id::clone(cluster),
        points,
        max: indicator.max_points,
        value,
        missing,
    }
}

/// Points for a measured value: linear from `zero_at` (0 points) to `full_at`
/// (`max` points), clamped to `0..=max`, rounded to hundredths half away from zero.
/// Works for both directions, since the slope's sign follows `full_at - zero_at`.
pub(crate) fn scaled_points(scale: &Scale, max: Points, value: f64) -> Points {
    let span = scale.full_at - scale.zero_at;
    if !value.is_finite() || !span.is_finite() || span == 0.0 {
        // Degenerate scale (validation should prevent it): all or nothing at `full_at`.
        return if span == 0.0 && value >= scale.full_at { max } else { Points::ZERO };
    }
    let raw = max.as_f64() * (value - scale.zero_at) / span;
    if raw <= 0.0 {
        Points::ZERO
    } else if raw >= max.as_f64() {
        max
    } else {
        Points::round_from(raw).clamp(Points::ZERO, max)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scale(zero_at: f64, full_at: f64) -> Scale {
        Scale { unit: "%".into(), zero_at, full_at }
    }

    #[test]
    fn ascending_scale_is_linear_and_clamped_at_both_ends() {
        let up = scale(50.0, 100.0);
        let cases = [
            (0.0, 0),      // far below zero_at: clamped to 0
            (50.0, 0),     // exactly zero_at
            (75.0, 1500),  // half way
            (97.2, 2832),  // 47.2 / 50 * 30 = 28.32
            (100.0, 3000), // exactly full_at
            (120.0, 3000), // beyond full_at: clamped to max
            (-10.0, 0),    // negative measurement
        ];
        for (value, expected) in cases {
            assert_eq!(
                scaled_points(&up, Points::whole(30), value),
                Points(expected),
                "value {value}"
            );
        }
    }

    #[test]
    fn descending_scale_gives_more_points_for_lower_values() {
        let down = scale(20.0, 0.0); // e.g. a stunting rate: 0 % is full, 20 % or more is nothing
        let cases = [(30.0, 0), (20.0, 0), (15.0, 250), (5.0, 750), (0.0, 1000), (-3.0, 1000)];
        for (value, expected) in cases {
            assert_eq!(
                scaled_points(&down, Points::whole(10), value),
                Points(expected),
                "value {value}"
            );
        }
    }

    #[test]
    fn scaled_points_round_half_away_from_zero() {
        // 10 points over 0..1000: value 0.5 gives 0.005 points, which rounds up to 0.01.
        let fine = scale(0.0, 1000.0);
        assert_eq!(scaled_points(&fine, Points::whole(10), 0.5), Points(1));
        assert_eq!(scaled_points(&fine, Points::whole(10), 0.4), Points(0));
        // 12.345 points: 0..100 over a max of 100, value 12.345.
        let pct = scale(0.0, 100.0);
        assert_eq!(scaled_points(&pct, Points::whole(100), 12.345), Points(1235));
        assert_eq!(scaled_points(&pct, Points::whole(100), 12.344), Points(1234));
    }

    #[test]
    fn non_finite_value_gives_no_points() {
        assert_eq!(scaled_points(&scale(0.0, 100.0), Points::whole(10), f64::NAN), Points::ZERO);
    }
}

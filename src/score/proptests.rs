//! Property tests of the scoring predicates over generated inputs: predikat
//! is monotone in the total and cluster points, ranks form a competition
//! ranking, scaled points stay within `0..=max_points`.

use proptest::prelude::*;

use super::points::scaled_points;
use super::predikat::reached_tier;
use super::rank::competition_ranks;
use crate::model::{Points, Scale};
use crate::testkit::scenes::five_tier_rubric as test_rubric;
use crate::testkit::scored::cluster_score;

/// Cluster points in hundredths, up to the test rubric's 50.00 per cluster.
fn cluster_points() -> impl Strategy<Value = i64> {
    0..=5000_i64
}

/// Any value a measured indicator may carry, including the non-finite ones.
fn any_value() -> impl Strategy<Value = f64> {
    prop_oneof![
        -1e6..1e6_f64,
        Just(f64::NAN),
        Just(f64::INFINITY),
        Just(f64::NEG_INFINITY),
        Just(f64::MAX),
        Just(-f64::MAX),
    ]
}

proptest! {
    #[test]
    fn predikat_never_decreases_as_the_total_and_cluster_points_rise(
        total in 0..=10_000_i64, extra in 0..=10_000_i64,
        a in cluster_points(), more_a in cluster_points(),
        b in cluster_points(), more_b in cluster_points(),
    ) {
        let rubric = test_rubric("r", 2019, None);
        let low = [cluster_score("a", a, 5000), cluster_score("b", b, 5000)];
        let high = [
            cluster_score("a", (a + more_a).min(5000), 5000),
            cluster_score("b", (b + more_b).min(5000), 5000),
        ];
        let before = reached_tier(&rubric, &low, Points(total));
        let after = reached_tier(&rubric, &high, Points(total + extra));
        prop_assert!(before <= after, "{before:?} > {after:?}");
    }

    #[test]
    fn ranks_are_a_competition_ranking(points in prop::collection::vec(-50..50_i64, 0..40)) {
        let entries: Vec<(Points, usize)> =
            points.iter().enumerate().map(|(id, p)| (Points(*p), id)).collect();
        let ranked = competition_ranks(entries);
        let mut ids: Vec<usize> = ranked.iter().map(|(id, _)| *id).collect();
        ids.sort_unstable();
        prop_assert_eq!(ids, (0..points.len()).collect::<Vec<_>>());
        for (id, rank) in &ranked {
            let better = points.iter().filter(|p| **p > points[*id]).count();
            prop_assert_eq!(*rank as usize, better + 1, "rank of {}", points[*id]);
        }
        let ranks: Vec<u32> = ranked.iter().map(|(_, rank)| *rank).collect();
        prop_assert!(ranks.windows(2).all(|w| w[0] <= w[1]), "listed in rank order");
    }

    #[test]
    fn scaled_points_stay_within_zero_and_max_points(
        zero_at in any_value(), full_at in any_value(), value in any_value(),
        max in 0..=100_000_i64,
    ) {
        let scale = Scale { unit: "%".into(), zero_at, full_at };
        let points = scaled_points(&scale, Points(max), value);
        prop_assert!((Points::ZERO..=Points(max)).contains(&points), "{points:?} for max {max}");
    }
}

//! Which predikat a total reaches: tier thresholds and cluster gates.
//!
//! All comparisons are in integer hundredths, so a total exactly at a tier's
//! `min_score` reaches it and one hundredth below does not. It does not
//! compute points (see [`super::points`]) nor compare evaluations.

use crate::model::{Gate, Points, Rubric, Tier};

use super::ClusterScore;

/// Index into `rubric.tiers` of the highest tier whose `min_score` is at most
/// `total` and whose gates all hold; `None` below the lowest tier. A tier whose
/// gate fails is skipped, so the evaluation falls to the next lower tier that holds.
pub(crate) fn reached_tier(
    rubric: &Rubric,
    clusters: &[ClusterScore],
    total: Points,
) -> Option<usize> {
    rubric.tiers.iter().rposition(|tier| tier_holds(tier, clusters, total))
}

/// Whether `tier` is reached: the threshold and every gate.
pub(crate) fn tier_holds(tier: &Tier, clusters: &[ClusterScore], total: Points) -> bool {
    tier.min_score <= total && tier.gates.iter().all(|gate| gate_holds(gate, clusters))
}

/// Whether a cluster reaches the gate's share of its maximum:
/// `points * 10000 >= min_percent * max`, all in hundredths, in integers.
/// A gate naming an unknown cluster (validation prevents it) does not hold.
pub(crate) fn gate_holds(gate: &Gate, clusters: &[ClusterScore]) -> bool {
    clusters.iter().find(|c| c.id == gate.cluster).is_some_and(|cluster| {
        i128::from(cluster.points.0) * 10_000
            >= i128::from(gate.min_percent.0) * i128::from(cluster.max.0)
    })
}

/// Position of a tier id in the rubric's ascending tier list.
pub(crate) fn tier_position(rubric: &Rubric, id: &str) -> Option<usize> {
    rubric.tiers.iter().position(|t| *t.id == *id)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testkit::scenes::five_tier_rubric as test_rubric;
    use crate::testkit::scored::cluster_score;

    fn reached(total: i64, a: i64, b: i64) -> Option<&'static str> {
        let rubric = test_rubric("r", 2019, None);
        let clusters = [cluster_score("a", a, 5000), cluster_score("b", b, 5000)];
        reached_tier(&rubric, &clusters, Points(total))
            .map(|t| ["pratama", "madya", "nindya", "utama", "kla"][t])
    }

    #[test]
    fn total_exactly_at_min_score_reaches_the_tier_and_one_hundredth_below_does_not() {
        // Test rubric tiers: pratama 50, madya 60, nindya 70 (gate b >= 80 %),
        // utama 80, kla 90 (gate a >= 90 %). Clusters a and b have 50 points each.
        let cases = [
            (4999, None),
            (5000, Some("pratama")),
            (5999, Some("pratama")),
            (6000, Some("madya")),
            (6999, Some("madya")),
            (7000, Some("nindya")),
            (7999, Some("nindya")),
            (8000, Some("utama")),
            (8999, Some("utama")),
            (9000, Some("kla")),
        ];
        for (total, expected) in cases {
            // Gates comfortably hold: a and b at 100 %.
            assert_eq!(reached(total, 5000, 5000), expected, "total {total}");
        }
    }

    #[test]
    fn failing_gate_falls_to_the_next_lower_tier_that_holds() {
        // 95 points but cluster a at 88 % (< 90 %): not kla, but utama (no gate).
        assert_eq!(reached(9500, 4400, 5100), Some("utama"));
        // 75 points with cluster b at 70 % (< 80 %): nindya fails, madya holds.
        assert_eq!(reached(7500, 4000, 3500), Some("madya"));
    }

    #[test]
    fn gate_holds_exactly_at_its_percent_and_not_one_hundredth_below() {
        let gate = Gate { cluster: "b".into(), min_percent: Points(8000) };
        assert!(gate_holds(&gate, &[cluster_score("b", 4000, 5000)]));
        assert!(!gate_holds(&gate, &[cluster_score("b", 3999, 5000)]));
        // A fractional percent: 33.33 % of 30 points is 9.999, so 10.00 holds and 9.99 does not.
        let third = Gate { cluster: "b".into(), min_percent: Points(3333) };
        assert!(gate_holds(&third, &[cluster_score("b", 1000, 3000)]));
        assert!(!gate_holds(&third, &[cluster_score("b", 999, 3000)]));
    }

    #[test]
    fn gate_on_an_unknown_cluster_does_not_hold() {
        let gate = Gate { cluster: "nowhere".into(), min_percent: Points(0) };
        assert!(!gate_holds(&gate, &[cluster_score("b", 4000, 5000)]));
    }
}

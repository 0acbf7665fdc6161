//! Gap to the next predikat: what an evaluation still needs.
//!
//! The next tier is the lowest one strictly above the computed predikat (the
//! lowest tier when there is none). The gap lists the points still needed for
//! its `min_score`, its gates that do not hold yet, and the indicators with
//! the most points still open. It does not decide the predikat itself.

use crate::model::{Points, Rubric};

use super::predikat::{gate_holds, tier_position};
use super::{Computed, Gap, OpenIndicator};

/// How many open indicators a gap lists.
pub(crate) const OPEN_LIMIT: usize = 5;

/// The gap to the next tier, or `None` when already at the top tier.
pub(crate) fn gap_to_next(rubric: &Rubric, computed: &Computed) -> Option<Gap> {
    let next_index = match computed.predikat.as_deref() {
        None => 0,
        Some(id) => tier_position(rubric, id)? + 1,
    };
    let next = rubric.tiers.get(next_index)?;
    let points_needed = (next.min_score - computed.total).max(Points::ZERO);
    let failing_gates = next
        .gates
        .iter()
        .filter(|gate| !gate_holds(gate, &computed.clusters))
        .map(|gate| gate.cluster.clone())
        .collect();
    Some(Gap { next: next.id.clone(), points_needed, failing_gates, open: most_open(computed) })
}

/// Up to [`OPEN_LIMIT`] indicators with points still open, largest first;
/// ties keep the rubric's order.
fn most_open(computed: &Computed) -> Vec<OpenIndicator> {
    let mut open: Vec<OpenIndicator> = computed
        .indicators
        .iter()
        .map(|i| OpenIndicator { id: i.id.clone(), open: i.max - i.points })
        .filter(|o| o.open > Points::ZERO)
        .collect();
    // A stable sort keeps rubric order among equal open points.
    open.sort_by_key(|o| std::cmp::Reverse(o.open));
    open.truncate(OPEN_LIMIT);
    open
}

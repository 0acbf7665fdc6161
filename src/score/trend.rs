//! Trend: how an evaluation moved against the region's previous one.
//!
//! The score delta when both are computed, and the predikat direction:
//! computed against computed when both are computed, otherwise official
//! against official when both were announced. Tiers are compared by their
//! position in each evaluation's own rubric ("no predikat" is below every
//! tier), so two rubrics with the same tier ids still compare by rank.

use std::cmp::Ordering;

use crate::model::{Rubric, Site};

use super::predikat::tier_position;
use super::{Direction, ScoredEvaluation, Trend};

/// Sets `trend` on every evaluation that has a previous one of the same region.
/// `evaluations` must be sorted by region, then year.
pub(crate) fn attach_trends(site: &Site, evaluations: &mut [ScoredEvaluation]) {
    for k in 1..evaluations.len() {
        let (previous, current) = (&evaluations[k - 1], &evaluations[k]);
        if previous.region == current.region {
            let trend = trend_between(site, previous, current);
            evaluations[k].trend = Some(trend);
        }
    }
}

/// The change from `previous` to `current`.
pub(crate) fn trend_between(
    site: &Site,
    previous: &ScoredEvaluation,
    current: &ScoredEvaluation,
) -> Trend {
    let delta = match (&previous.computed, &current.computed) {
        (Some(p), Some(c)) => Some(c.total - p.total),
        _ => None,
    };
    Trend { previous_year: previous.year, delta, predikat: direction(site, previous, current) }
}

/// A tier's level: `None` is "no predikat", below every tier.
type Level = Option<usize>;

fn direction(
    site: &Site,
    previous: &ScoredEvaluation,
    current: &ScoredEvaluation,
) -> Option<Direction> {
    let (before_rubric, after_rubric) =
        (&site.rubrics[previous.rubric], &site.rubrics[current.rubric]);
    let (before, after) = match (&previous.computed, &current.computed) {
        (Some(p), Some(c)) => (
            level(before_rubric, p.predikat.as_deref())?,
            level(after_rubric, c.predikat.as_deref())?,
        ),
        _ => match (&previous.official, &current.official) {
            (Some(p), Some(c)) => (level(before_rubric, Some(p))?, level(after_rubric, Some(c))?),
            _ => return None,
        },
    };
    Some(match after.cmp(&before) {
        Ordering::Greater => Direction::Up,
        Ordering::Less => Direction::Down,
        Ordering::Equal => Direction::Same,
    })
}

/// The level of a tier id in `rubric`; `None` (no comparison) for an id the rubric lacks.
fn level(rubric: &Rubric, tier: Option<&str>) -> Option<Level> {
    match tier {
        None => Some(None),
        Some(id) => tier_position(rubric, id).map(Some),
    }
}

//! What changed between evaluations, for journalists: predikat up or down,
//! the biggest score moves and regions evaluated for the first time.
//!
//! Pure and language-neutral: it lists changes by region index and tier id;
//! the changes page (`pages`) and the changes feed (`feeds`) word them.

use crate::score::{Direction, Scored, ScoredEvaluation};

/// How many of a year's largest score moves are listed.
const BIGGEST_MOVES: usize = 10;

/// The kind of a change, in the order the page lists them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum ChangeKind {
    /// The predikat rose.
    Up,
    /// The predikat fell.
    Down,
    /// Among the year's largest score changes (predikat unchanged).
    Moved,
    /// The region's first evaluation (not in the site's first year).
    New,
}

/// One change of one region between its previous evaluation and `ev`.
#[derive(Debug, Clone)]
pub(crate) struct Change<'a> {
    pub(crate) kind: ChangeKind,
    pub(crate) ev: &'a ScoredEvaluation,
    /// The previous evaluation (none for a new region).
    pub(crate) previous: Option<&'a ScoredEvaluation>,
}

impl Change<'_> {
    /// The tier ids compared, previous then current: computed when both are
    /// computed, else official (the rule `score::trend` follows).
    pub(crate) fn tiers(&self) -> (Option<&str>, Option<&str>) {
        fn headline(ev: &ScoredEvaluation, computed: bool) -> Option<&str> {
            match (computed, &ev.computed) {
                (true, Some(c)) => c.predikat.as_deref(),
                _ => ev.official.as_deref(),
            }
        }
        let both_computed =
            self.ev.computed.is_some() && self.previous.is_some_and(|p| p.computed.is_some());
        (self.previous.and_then(|p| headline(p, both_computed)), headline(self.ev, both_computed))
    }
}

/// Every change of the site, newest year first, then by kind and region.
pub(crate) fn changes(scored: &Scored) -> Vec<Change<'_>> {
    let mut by_region: Vec<Vec<&ScoredEvaluation>> = vec![Vec::new(); scored.site.regions.len()];
    for ev in &scored.evaluations {
        by_region[ev.region].push(ev);
    }
    let first_year = scored.evaluations.iter().map(|e| e.year).min();
    let mut out = Vec::new();
    let mut moves: Vec<Change<'_>> = Vec::new();
    for evs in &mut by_region {
        evs.sort_by_key(|e| e.year);
        if let Some(first) = evs.first().filter(|e| Some(e.year) != first_year) {
            out.push(Change { kind: ChangeKind::New, ev: first, previous: None });
        }
        for pair in evs.windows(2) {
            let (previous, ev) = (Some(pair[0]), pair[1]);
            match ev.trend.as_ref().and_then(|t| t.predikat) {
                Some(Direction::Up) => out.push(Change { kind: ChangeKind::Up, ev, previous }),
                Some(Direction::Down) => out.push(Change { kind: ChangeKind::Down, ev, previous }),
                _ if ev.trend.as_ref().and_then(|t| t.delta).is_some() => {
                    moves.push(Change { kind: ChangeKind::Moved, ev, previous });
                }
                _ => {}
            }
        }
    }
    let size = |c: &Change<'_>| c.ev.trend.as_ref().and_then(|t| t.delta).map_or(0, |d| d.0.abs());
    moves.sort_by_key(|c| (std::cmp::Reverse(c.ev.year), std::cmp::Reverse(size(c)), c.ev.region));
    let mut per_year: std::collections::BTreeMap<u16, usize> = Default::default();
    for change in moves {
        let count = per_year.entry(change.ev.year).or_default();
        if *count < BIGGEST_MOVES && size(&change) > 0 {
            *count += 1;
            out.push(change);
        }
    }
    out.sort_by_key(|c| (std::cmp::Reverse(c.ev.year), c.kind, c.ev.region));
    out
}
